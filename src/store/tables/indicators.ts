/** Indicators and benchmarks (issue 12). */

/** The council's children aged 0-17, for the rates per 10,000 of one collection year. */
export interface ChildPopulationTable {
  la_code: string;
  /** Collection year, named by the 31 March it ends on. */
  year: number;
  population: number;
  updated_at: string;
  updated_by: string;
}

/** A figure from the DfE's published tables, imported by the council (la_code) that reads it. */
export interface BenchmarkFiguresTable {
  la_code: string;
  /** An IndicatorId (src/domain/indicators/benchmarks.ts). */
  indicator: string;
  year: number;
  /** 'england' or a council's old (three-digit) DfE code. */
  area: string;
  area_name: string;
  new_code: string | null;
  /** The figure as published (text, so nothing is lost to floating point). */
  value: string;
  /** The file it came from. */
  source: string;
  imported_at: string;
}

export interface StatisticalNeighboursTable {
  la_code: string;
  /** The neighbour's old (three-digit) DfE code. */
  neighbour_code: string;
  /** 1 = closest. */
  rank: number;
}

export interface IndicatorTables {
  child_population: ChildPopulationTable;
  benchmark_figures: BenchmarkFiguresTable;
  statistical_neighbours: StatisticalNeighboursTable;
}
