/**
 * Benchmarks from the DfE's published local authority tables: the CSV files offered with each
 * statistical release on Explore Education Statistics (EES). Every such file has the same columns
 * first (time_period, time_identifier, geographic_level, country_code, country_name, region_code,
 * region_name, old_la_code, la_name, new_la_code: the order of the last three varies between files),
 * then its filter columns (e.g. population_type, cla_group, placement_stability) and indicator
 * columns (e.g. rate_per_10000, children_percent). Figures the DfE withholds are written as
 * symbols: c (confidential), k (rounds to zero), x (not available), z (not applicable), u, low.
 *
 * Forecare knows which rows of which files hold the indicators it computes (BENCHMARK_SOURCES,
 * read from the data sets' documented layouts); a file may hold several. A row is used when every
 * filter column has the expected value (case and spaces ignored). Pure: rows of text in, figures out.
 */
import { percentileOfSorted } from '../stats/quantiles.ts';

/** The indicators Forecare shows against benchmarks, in the order the page lists them. */
export const INDICATORS = {
  cla_rate: { label: 'Children looked after on 31 March per 10,000 children', unit: 'rate' },
  started_rate: { label: 'Children starting to be looked after per 10,000 children', unit: 'rate' },
  started_under1_pct: { label: 'Starting to be looked after aged under 1 (%)', unit: 'percent' },
  started_1to4_pct: { label: 'Starting to be looked after aged 1 to 4 (%)', unit: 'percent' },
  started_5to9_pct: { label: 'Starting to be looked after aged 5 to 9 (%)', unit: 'percent' },
  started_10to15_pct: { label: 'Starting to be looked after aged 10 to 15 (%)', unit: 'percent' },
  started_16plus_pct: { label: 'Starting to be looked after aged 16 and over (%)', unit: 'percent' },
  three_placements_pct: {
    label: 'Looked after on 31 March with 3 or more placements in the year (%)',
    unit: 'percent',
  },
  long_term_stability_pct: {
    label: 'Under 16s looked after 2.5 years or more, with the same carer 2 years or more (%)',
    unit: 'percent',
  },
  far_from_home_pct: {
    label: 'Looked after on 31 March, placed more than 20 miles from home (%)',
    unit: 'percent',
  },
  adoption_days_moving_in: {
    label: 'Adopted: mean days from entering care to moving in with the adoptive family',
    unit: 'days',
  },
  adoption_days_adopted: { label: 'Adopted: mean days from entering care to adoption', unit: 'days' },
  referral_rate: { label: 'Referrals per 10,000 children', unit: 'rate' },
  rereferral_pct: { label: 'Referrals within 12 months of a previous referral (%)', unit: 'percent' },
  assessment_45_days_pct: { label: 'Assessments completed within 45 working days (%)', unit: 'percent' },
  cp_plan_rate: { label: 'Children on a child protection plan on 31 March per 10,000 children', unit: 'rate' },
  cp_repeat_pct: { label: 'Child protection plans started that were a second or later plan (%)', unit: 'percent' },
  cp_2years_pct: { label: 'Child protection plans ended that had lasted 2 years or more (%)', unit: 'percent' },
  care_leavers_eet_19to21_pct: {
    label: 'Care leavers aged 19 to 21 in education, employment or training (%)',
    unit: 'percent',
  },
  care_leavers_suitable_19to21_pct: {
    label: 'Care leavers aged 19 to 21 in accommodation considered suitable (%)',
    unit: 'percent',
  },
  care_leavers_eet_17to18_pct: {
    label: 'Care leavers aged 17 to 18 in education, employment or training (%)',
    unit: 'percent',
  },
  care_leavers_suitable_17to18_pct: {
    label: 'Care leavers aged 17 to 18 in accommodation considered suitable (%)',
    unit: 'percent',
  },
} as const;
export type IndicatorId = keyof typeof INDICATORS;
export const INDICATOR_IDS = Object.keys(INDICATORS) as IndicatorId[];
export type IndicatorUnit = (typeof INDICATORS)[IndicatorId]['unit'];

/** Where an indicator is in a published file: filter columns and their values, and the value column. */
export interface BenchmarkSource {
  readonly indicator: IndicatorId;
  /** The data set, as EES names it. */
  readonly dataSet: string;
  /** Filter column (any of the spellings the DfE has used) -> the value the row must have. */
  readonly filters: readonly { readonly columns: readonly string[]; readonly value: string }[];
  /** The value column (any of the spellings the DfE has used). */
  readonly valueColumns: readonly string[];
}

const CLA_RATES = 'CLA numbers and rates per 10,000 children aged under 18 years - by local authority';
const STARTING = 'CLA starting during the year by characteristics - LA';
const STABILITY = 'CLA - placement stability - by local authority';
const REFERRALS = "C1 Referrals and re-referrals to children's social care services by local authority";
const PERCENT = ['children_percent', 'percentage', 'percent'];
const GROUP = ['cla_group', 'population_group', 'characteristic_type'];

function startingAge(indicator: IndicatorId, label: string): BenchmarkSource {
  return {
    indicator,
    dataSet: STARTING,
    filters: [
      { columns: GROUP, value: 'Age group' },
      { columns: ['characteristic'], value: label },
    ],
    valueColumns: PERCENT,
  };
}

export const BENCHMARK_SOURCES: readonly BenchmarkSource[] = [
  {
    indicator: 'cla_rate',
    dataSet: CLA_RATES,
    filters: [{ columns: ['population_type'], value: 'Children looked after on 31 March each year' }],
    valueColumns: ['rate_per_10000'],
  },
  {
    indicator: 'started_rate',
    dataSet: CLA_RATES,
    filters: [{ columns: ['population_type'], value: 'Children starting to be looked after each year' }],
    valueColumns: ['rate_per_10000'],
  },
  startingAge('started_under1_pct', 'Under 1 year'),
  startingAge('started_1to4_pct', '1 to 4 years'),
  startingAge('started_5to9_pct', '5 to 9 years'),
  startingAge('started_10to15_pct', '10 to 15 years'),
  startingAge('started_16plus_pct', '16 years and over'),
  {
    indicator: 'three_placements_pct',
    dataSet: STABILITY,
    filters: [
      { columns: ['cla_group'], value: 'CLA on 31 March' },
      { columns: ['placement_stability'], value: 'With 3 or more placements during the year' },
    ],
    valueColumns: PERCENT,
  },
  {
    indicator: 'long_term_stability_pct',
    dataSet: STABILITY,
    filters: [
      {
        columns: ['cla_group'],
        value: 'Children looked after continuously for at least 2.5 years on 31 March aged under 16 years',
      },
      { columns: ['placement_stability'], value: 'Living with the same carer for at least 2 years' },
    ],
    valueColumns: PERCENT,
  },
  {
    indicator: 'rereferral_pct',
    dataSet: REFERRALS,
    filters: [{ columns: ['category'], value: 'Referrals and Re-referrals' }],
    valueColumns: ['rereferral_percent'],
  },
];

/** The columns every EES file starts with (old_la_code, la_name and new_la_code only on LA rows). */
export const EES_COLUMNS = ['time_period', 'time_identifier', 'geographic_level'] as const;

/** One published figure: England's or a council's, for a collection year. */
export interface BenchmarkFigure {
  readonly indicator: IndicatorId;
  /** Collection year, named by the March it ends in. */
  readonly year: number;
  /** 'england' or the council's old (three-digit) DfE code. */
  readonly area: string;
  readonly areaName: string;
  /** The new (ONS) code, when the file gives it. */
  readonly newCode: string | null;
  readonly value: number;
}

export interface BenchmarkProblem {
  readonly row: number | null;
  readonly column: string | null;
  readonly message: string;
}

export interface ParsedBenchmarks {
  readonly figures: readonly BenchmarkFigure[];
  /** The data sets the file was recognised as (by its columns). */
  readonly dataSets: readonly string[];
  /** Rows left out because the DfE withheld the figure (c, k, x, z, u, low). */
  readonly withheld: number;
  readonly problems: readonly BenchmarkProblem[];
}

const WITHHELD = new Set(['c', 'k', 'x', 'z', 'u', 'low', ':', '.']);
const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** The data sets whose value column and filter columns the header has, with where they are. */
function usableSources(index: ReadonlyMap<string, number>) {
  const pick = (names: readonly string[]) => names.map((n) => index.get(n)).find((i) => i !== undefined);
  return BENCHMARK_SOURCES.flatMap((source) => {
    const value = pick(source.valueColumns);
    const filters = source.filters.map((f) => ({ at: pick(f.columns), value: norm(f.value) }));
    if (value === undefined || filters.some((f) => f.at === undefined)) return [];
    return [{ source, value, filters: filters as { at: number; value: string }[] }];
  });
}

/** The area of a row: England (national rows), or the council by its old code, name and new code. */
function rowArea(level: string, field: (column: string) => string) {
  if (level === 'local authority')
    return { area: field('old_la_code'), areaName: field('la_name'), newCode: field('new_la_code') || null };
  return { area: 'england', areaName: field('country_name') || 'England', newCode: field('country_code') || null };
}

/**
 * Reads a published file's rows (the first is the header; `row` numbers are the file's lines)
 * into figures for England and each council. All-or-nothing: any problem and no figures.
 */
export function parseBenchmarkRows(
  name: string,
  rows: readonly { readonly row: number; readonly fields: readonly string[] }[],
): ParsedBenchmarks {
  const header = rows[0];
  const fail = (problem: BenchmarkProblem): ParsedBenchmarks => ({
    figures: [],
    dataSets: [],
    withheld: 0,
    problems: [problem],
  });
  if (!header) return fail({ row: null, column: null, message: `${name} is empty.` });
  const index = new Map<string, number>();
  header.fields.forEach((f, i) => index.set(norm(f.replace(/^\uFEFF/, '')), i));
  for (const c of EES_COLUMNS)
    if (!index.has(c))
      return fail({
        row: header.row,
        column: c,
        message: `${name}: the header has no ${c} column. Forecare reads the CSV files offered with the DfE's statistical releases (Explore Education Statistics), whose first columns are ${EES_COLUMNS.join(', ')}.`,
      });
  const usable = usableSources(index);
  if (usable.length === 0)
    return fail({
      row: header.row,
      column: null,
      message: `${name}: its columns match none of the DfE data sets Forecare reads (${[...new Set(BENCHMARK_SOURCES.map((s) => s.dataSet))].join('; ')}).`,
    });
  const at = (name: string) => index.get(name);
  const figures: BenchmarkFigure[] = [];
  const problems: BenchmarkProblem[] = [];
  let withheld = 0;
  const seen = new Map<string, number>();
  const field = (fields: readonly string[], i: number | undefined) => (i === undefined ? '' : (fields[i] ?? '').trim());
  for (const r of rows.slice(1)) {
    const level = norm(field(r.fields, at('geographic_level')));
    if (level !== 'national' && level !== 'local authority') continue;
    const matches = usable.filter((u) => u.filters.every((f) => norm(r.fields[f.at] ?? '') === f.value));
    if (matches.length === 0) continue;
    const period = field(r.fields, at('time_period'));
    const year = parseYear(period);
    if (year === null) {
      problems.push({
        row: r.row,
        column: 'time_period',
        message: `${name}, row ${r.row}, time_period: '${period}' is not a year (2025 or 202425).`,
      });
      continue;
    }
    const { area, areaName, newCode } = rowArea(level, (c) => field(r.fields, at(c)));
    if (level === 'local authority' && !/^[A-Za-z0-9]{1,10}$/.test(area)) {
      problems.push({
        row: r.row,
        column: 'old_la_code',
        message: `${name}, row ${r.row}, old_la_code: '${area}' is not a council code (e.g. 301).`,
      });
      continue;
    }
    for (const m of matches) {
      const text = (r.fields[m.value] ?? '').trim().replace(/,/g, '');
      const column = header.fields[m.value] ?? '';
      if (WITHHELD.has(text.toLowerCase()) || text === '') {
        withheld++;
        continue;
      }
      const value = Number(text);
      if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) {
        problems.push({
          row: r.row,
          column,
          message: `${name}, row ${r.row}, ${column}: '${text}' is not a number or one of the DfE's symbols (c, k, x, z, u, low).`,
        });
        continue;
      }
      const key = `${m.source.indicator}|${year}|${area}`;
      const before = seen.get(key);
      if (before !== undefined) {
        problems.push({
          row: r.row,
          column,
          message: `${name}, row ${r.row}: a second figure for ${m.source.indicator}, ${year}, ${areaName} (the first is on row ${before}).`,
        });
        continue;
      }
      seen.set(key, r.row);
      figures.push({ indicator: m.source.indicator, year, area, areaName, newCode, value });
    }
  }
  if (problems.length > 0) return { figures: [], dataSets: [], withheld: 0, problems };
  return { figures, dataSets: [...new Set(usable.map((u) => u.source.dataSet))], withheld, problems };
}

/** EES time periods: 2025 (reporting year) or 202425 (the year ending March 2025). */
function parseYear(text: string): number | null {
  if (/^\d{4}$/.test(text)) return Number(text);
  if (/^\d{6}$/.test(text)) {
    const first = Number(text.slice(0, 4));
    if ((first + 1) % 100 === Number(text.slice(4))) return first + 1;
  }
  return null;
}

/** A council's figure against England, its statistical neighbours and all councils. */
export interface Comparison {
  readonly england: number | null;
  /** Neighbours with a figure for the year. */
  readonly neighbours: number;
  readonly neighbourMin: number | null;
  readonly neighbourMax: number | null;
  /** The neighbours' mean, as the DfE's LAIT shows it. */
  readonly neighbourMean: number | null;
  /** Quartile of the council's value among all councils' published values (1 lowest, 4 highest). */
  readonly quartile: 1 | 2 | 3 | 4 | null;
  /** Councils with a published figure for the year. */
  readonly councils: number;
}

/**
 * Compares `value` with the published figures of one indicator and year. Quartile bounds are the
 * 25th, 50th and 75th percentiles of all councils' figures (PERCENTILE.INC); a value on a bound
 * falls in the lower quartile. Quartile 1 is the lowest values, not the best: whether low is good
 * depends on the indicator.
 */
export function compare(
  value: number | null,
  figures: readonly BenchmarkFigure[],
  neighbourCodes: readonly string[],
): Comparison {
  const england = figures.find((f) => f.area === 'england')?.value ?? null;
  const councils = figures.filter((f) => f.area !== 'england');
  const wanted = new Set(neighbourCodes.map((c) => c.toUpperCase()));
  const neighbourValues = councils.filter((f) => wanted.has(f.area.toUpperCase())).map((f) => f.value);
  let quartile: Comparison['quartile'] = null;
  if (value !== null && councils.length > 0) {
    const sorted = councils.map((f) => f.value).sort((a, b) => a - b);
    const q1 = percentileOfSorted(sorted, 0.25);
    const q2 = percentileOfSorted(sorted, 0.5);
    const q3 = percentileOfSorted(sorted, 0.75);
    quartile = value <= q1 ? 1 : value <= q2 ? 2 : value <= q3 ? 3 : 4;
  }
  const n = neighbourValues.length;
  return {
    england,
    neighbours: n,
    neighbourMin: n === 0 ? null : Math.min(...neighbourValues),
    neighbourMax: n === 0 ? null : Math.max(...neighbourValues),
    neighbourMean: n === 0 ? null : neighbourValues.reduce((a, b) => a + b, 0) / n,
    quartile,
    councils: councils.length,
  };
}
