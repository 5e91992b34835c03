/**
 * Pooling Monte Carlo runs (issue 11, regional forecasts): the children looked after at each month
 * end, run by run, and the sum of several councils' runs, run by run. Run r of a region is run r of
 * each member added together, so the region's quantiles are quantiles of the regional total: its
 * mean is the sum of the members' means, but its median and intervals are not the sums of the
 * members' (adding the 10th percentiles of two councils would claim both have a low month together
 * one time in ten, when that happens far more rarely). Members' runs are independent simulations
 * (each council's own seed), as the councils' demand is modelled independently. Pure.
 */
import type { IsoDate } from '../dates.ts';
import { summarise, type Quantiles } from '../stats/quantiles.ts';
import { monthOfRuns, type Projection } from './projection.ts';

/**
 * Children looked after at each month end in each run, by placement category and by age band.
 * Flat arrays, run-major then month then key: index ((run * months) + month) * width + key.
 */
export interface PopulationRuns {
  readonly runs: number;
  /** YYYY-MM of each month. */
  readonly months: readonly string[];
  readonly monthEnds: readonly IsoDate[];
  readonly categories: readonly string[];
  readonly ageBands: readonly string[];
  readonly byCategory: Float64Array;
  readonly byAgeBand: Float64Array;
}

/** The population arrays of a projection (shared, not copied). */
export function populationRuns(p: Projection): PopulationRuns {
  return {
    runs: p.runs,
    months: p.timeline.months,
    monthEnds: p.timeline.monthEnds,
    categories: p.categories,
    ageBands: p.ageBands,
    byCategory: p.populationByCategory,
    byAgeBand: p.populationByAgeBand,
  };
}

/** One month end, summarised over the runs. */
export interface PopulationMonth {
  readonly month: string;
  readonly monthEnd: IsoDate;
  readonly total: Quantiles;
  readonly byCategory: Readonly<Record<string, Quantiles>>;
  readonly byAgeBand: Readonly<Record<string, Quantiles>>;
}

/** The run values at one month: the total (all categories), or one category or age band. */
export function monthRunValues(
  p: PopulationRuns,
  month: number,
  of: { readonly category?: number; readonly ageBand?: number } = {},
): Float64Array {
  const byBand = of.ageBand !== undefined;
  const w = byBand ? p.ageBands.length : p.categories.length;
  const arr = byBand ? p.byAgeBand : p.byCategory;
  return monthOfRuns(arr, p.runs, p.months.length, w, month, byBand ? of.ageBand : of.category);
}

/** Every month's total, categories and age bands summarised over the runs. */
export function summariseRuns(p: PopulationRuns): PopulationMonth[] {
  return p.months.map((month, m) => {
    const byCategory: Record<string, Quantiles> = {};
    p.categories.forEach((c, i) => (byCategory[c] = summarise(monthRunValues(p, m, { category: i }))));
    const byAgeBand: Record<string, Quantiles> = {};
    p.ageBands.forEach((b, i) => (byAgeBand[b] = summarise(monthRunValues(p, m, { ageBand: i }))));
    return {
      month,
      monthEnd: p.monthEnds[m] as IsoDate,
      total: summarise(monthRunValues(p, m)),
      byCategory,
      byAgeBand,
    };
  });
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The members' runs added run by run: run r of the result is the sum of every member's run r, at
 * each month all members forecast (members whose returns end on different dates forecast from
 * different months; the months they share are kept, in order). The members must have the same
 * number of runs, categories and age bands. No members: no runs.
 */
export function poolRuns(members: readonly PopulationRuns[]): PopulationRuns {
  const first = members[0];
  if (!first)
    return {
      runs: 0,
      months: [],
      monthEnds: [],
      categories: [],
      ageBands: [],
      byCategory: new Float64Array(0),
      byAgeBand: new Float64Array(0),
    };
  for (const p of members) {
    if (p.runs !== first.runs)
      throw new RangeError(`members have different numbers of runs: ${first.runs} and ${p.runs}`);
    if (!sameList(p.categories, first.categories) || !sameList(p.ageBands, first.ageBands))
      throw new RangeError('members have different placement categories or age bands');
  }
  const shared = first.months.filter((month) => members.every((p) => p.months.includes(month)));
  const nM = shared.length;
  const nC = first.categories.length;
  const nB = first.ageBands.length;
  const byCategory = new Float64Array(first.runs * nM * nC);
  const byAgeBand = new Float64Array(first.runs * nM * nB);
  for (const p of members) {
    const pm = p.months.length;
    const index = shared.map((month) => p.months.indexOf(month));
    for (let r = 0; r < first.runs; r++) {
      for (let m = 0; m < nM; m++) {
        const from = r * pm + (index[m] as number);
        const to = r * nM + m;
        for (let k = 0; k < nC; k++)
          byCategory[to * nC + k] = (byCategory[to * nC + k] as number) + (p.byCategory[from * nC + k] as number);
        for (let k = 0; k < nB; k++)
          byAgeBand[to * nB + k] = (byAgeBand[to * nB + k] as number) + (p.byAgeBand[from * nB + k] as number);
      }
    }
  }
  return {
    runs: first.runs,
    months: shared,
    monthEnds: shared.map((month) => first.monthEnds[first.months.indexOf(month)] as IsoDate),
    categories: first.categories,
    ageBands: first.ageBands,
    byCategory,
    byAgeBand,
  };
}
