/**
 * The projection output: what the engine produces for each run and month, and helpers that read
 * and summarise it. Finance multiplies `childDaysByCategory` by weekly cost / 7 to get spend.
 *
 * Days are counted from the forecast start: day 0 is the start date (the children looked after on
 * it are the starting population); month i covers days monthFirstDay[i] .. monthEndDay[i]. A start
 * on the last day of a month makes the next month the first; otherwise the first month is the rest
 * of the start's own month.
 */
import { addDays, addMonths, daysInMonth, endOfMonth, monthKey, toDayNumber, type IsoDate } from '../dates.ts';
import type { ExitRoute } from '../exitRoutes.ts';
import type { PlacementCategory } from '../placementCategories.ts';
import { summarise, type Quantiles } from '../stats/quantiles.ts';

import { MAX_PROJECTION_MONTHS, MAX_RUN_MONTHS } from './defaults.ts';
export { MAX_PROJECTION_MONTHS, MAX_RUN_MONTHS };

export interface Timeline {
  readonly start: IsoDate;
  readonly startDay: number;
  /** YYYY-MM of each month. */
  readonly months: readonly string[];
  readonly monthEnds: readonly IsoDate[];
  /** Day offset (from the start) of each month's first counted day and of its last day. */
  readonly monthFirstDay: Int32Array;
  readonly monthEndDay: Int32Array;
  /** Offset of the last day projected. */
  readonly horizonDays: number;
}

export function buildTimeline(start: IsoDate, months: number): Timeline {
  if (!Number.isInteger(months) || months < 1 || months > MAX_PROJECTION_MONTHS) {
    throw new RangeError(`months must be a whole number from 1 to ${MAX_PROJECTION_MONTHS}, not ${months}`);
  }
  const startDay = toDayNumber(start);
  const firstEnd = endOfMonth(start) === start ? endOfMonth(addDays(start, 1)) : endOfMonth(start);
  const firstOfFirst = `${firstEnd.slice(0, 7)}-01`;
  const keys: string[] = [];
  const ends: IsoDate[] = [];
  const firstDay = new Int32Array(months);
  const endDay = new Int32Array(months);
  for (let i = 0; i < months; i++) {
    const first = addMonths(firstOfFirst, i);
    const y = Number(first.slice(0, 4));
    const m = Number(first.slice(5, 7));
    const end = `${first.slice(0, 7)}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
    keys.push(monthKey(first));
    ends.push(end);
    firstDay[i] = Math.max(1, toDayNumber(first) - startDay);
    endDay[i] = toDayNumber(end) - startDay;
  }
  return {
    start,
    startDay,
    months: keys,
    monthEnds: ends,
    monthFirstDay: firstDay,
    monthEndDay: endDay,
    horizonDays: endDay[months - 1] as number,
  };
}

/**
 * Projected flows and stocks, for `runs` runs (1 for the expected path). Every array is flat,
 * run-major then month then the inner key: index ((run * months) + month) * width + key.
 */
export interface Projection {
  readonly kind: 'expected' | 'simulated';
  readonly runs: number;
  readonly timeline: Timeline;
  readonly categories: readonly PlacementCategory[];
  readonly ageBands: readonly string[];
  readonly routes: readonly ExitRoute[];
  /** Children looked after on the last day of the month, by category. */
  readonly populationByCategory: Float64Array;
  /** Children looked after on the last day of the month, by age band. */
  readonly populationByAgeBand: Float64Array;
  /** Child-days looked after in the month (days counted in the month only), by category. */
  readonly childDaysByCategory: Float64Array;
  /** Periods of care starting in the month, by age band at entry and by first category. */
  readonly entriesByAgeBand: Float64Array;
  readonly entriesByCategory: Float64Array;
  /** Periods of care ending in the month, by route (turning 18 counts as independence_or_18). */
  readonly exitsByRoute: Float64Array;
  /** Of those, children leaving on their 18th birthday. */
  readonly agedOut: Float64Array;
  /** Moves between categories in the month (fitted transitions and scenario shifts), by from and by to category. */
  readonly transitionsOut: Float64Array;
  readonly transitionsIn: Float64Array;
  /** What follows children out of care (Monte Carlo projections only; see LeaverFlows). */
  readonly leavers?: LeaverFlows;
  readonly warnings: readonly string[];
}

/**
 * Children who leave care during a Monte Carlo projection, as finance needs them for the lines it
 * keeps paying after care (special guardianship and adoption allowances to 18, Staying Put and care
 * leavers' support after 18). Flat arrays like the Projection's, run-major then month then key.
 * Only `simulate` records them: the expected path does not follow ages within a band.
 */
export interface LeaverFlows {
  /**
   * Days in the month, by exit route, of children who left care earlier in the projection (the day
   * they leave included, as a 903 DEC is the first day not looked after) and are not yet 18.
   */
  readonly daysUnder18ByRoute: Float64Array;
  /** Of those children, the number whose 18th birthday falls in the month, by the route they left by. */
  readonly turning18ByRoute: Float64Array;
  /** Children leaving care on their 18th birthday in the month (agedOut), by the category they left from. */
  readonly agedOutByCategory: Float64Array;
}

/** Empty leaver arrays for `runs` runs over `months` months. */
export function emptyLeaverFlows(runs: number, months: number, routes: number, categories: number): LeaverFlows {
  return {
    daysUnder18ByRoute: new Float64Array(runs * months * routes),
    turning18ByRoute: new Float64Array(runs * months * routes),
    agedOutByCategory: new Float64Array(runs * months * categories),
  };
}

/** The arrays of a LeaverFlows. */
export const LEAVER_FIELDS: readonly (keyof LeaverFlows)[] = [
  'daysUnder18ByRoute',
  'turning18ByRoute',
  'agedOutByCategory',
];

export function emptyProjection(
  kind: Projection['kind'],
  runs: number,
  timeline: Timeline,
  categories: readonly PlacementCategory[],
  ageBands: readonly string[],
  routes: readonly ExitRoute[],
  warnings: readonly string[] = [],
): Projection {
  const m = timeline.months.length;
  const nC = categories.length;
  const nB = ageBands.length;
  return {
    kind,
    runs,
    timeline,
    categories,
    ageBands,
    routes,
    populationByCategory: new Float64Array(runs * m * nC),
    populationByAgeBand: new Float64Array(runs * m * nB),
    childDaysByCategory: new Float64Array(runs * m * nC),
    entriesByAgeBand: new Float64Array(runs * m * nB),
    entriesByCategory: new Float64Array(runs * m * nC),
    exitsByRoute: new Float64Array(runs * m * routes.length),
    agedOut: new Float64Array(runs * m),
    transitionsOut: new Float64Array(runs * m * nC),
    transitionsIn: new Float64Array(runs * m * nC),
    warnings,
  };
}

/** The stock-and-flow fields of a projection, each with its key list. */
export type ProjectionField =
  | 'populationByCategory'
  | 'populationByAgeBand'
  | 'childDaysByCategory'
  | 'entriesByAgeBand'
  | 'entriesByCategory'
  | 'exitsByRoute'
  | 'agedOut'
  | 'transitionsOut'
  | 'transitionsIn';

export function fieldWidth(p: Projection, field: ProjectionField): number {
  switch (field) {
    case 'populationByCategory':
    case 'childDaysByCategory':
    case 'entriesByCategory':
    case 'transitionsOut':
    case 'transitionsIn':
      return p.categories.length;
    case 'populationByAgeBand':
    case 'entriesByAgeBand':
      return p.ageBands.length;
    case 'exitsByRoute':
      return p.routes.length;
    case 'agedOut':
      return 1;
  }
}

/**
 * Values over runs of one month of a field: key index `key`, or the sum over keys when `key` is
 * omitted (e.g. the total population).
 */
export function runValues(p: Projection, field: ProjectionField, month: number, key?: number): Float64Array {
  return monthOfRuns(p[field], p.runs, p.timeline.months.length, fieldWidth(p, field), month, key);
}

/**
 * One month of a flat run-major array (index ((run · months) + month) · width + key), run by run:
 * one key's value, or (no key) the sum over the keys.
 */
export function monthOfRuns(
  arr: Float64Array,
  runs: number,
  months: number,
  width: number,
  month: number,
  key?: number,
): Float64Array {
  const out = new Float64Array(runs);
  for (let r = 0; r < runs; r++) {
    const base = (r * months + month) * width;
    if (key !== undefined) out[r] = arr[base + key] as number;
    else {
      let s = 0;
      for (let k = 0; k < width; k++) s += arr[base + k] as number;
      out[r] = s;
    }
  }
  return out;
}

/** Total children looked after at the end of `month` in run `run`. */
export function populationTotal(p: Projection, run: number, month: number): number {
  const nC = p.categories.length;
  const base = (run * p.timeline.months.length + month) * nC;
  let s = 0;
  for (let k = 0; k < nC; k++) s += p.populationByCategory[base + k] as number;
  return s;
}

/** Quantiles over runs of a field for every month. */
export function summariseField(p: Projection, field: ProjectionField, key?: number): Quantiles[] {
  const out: Quantiles[] = [];
  for (let m = 0; m < p.timeline.months.length; m++) out.push(summarise(runValues(p, field, m, key)));
  return out;
}

export interface MonthSummary {
  readonly month: string;
  /** Population at the end of the month. */
  readonly total: Quantiles;
  readonly byCategory: Readonly<Record<string, Quantiles>>;
  readonly byAgeBand: Readonly<Record<string, Quantiles>>;
  readonly childDaysByCategory: Readonly<Record<string, Quantiles>>;
  readonly entries: Quantiles;
  readonly exitsByRoute: Readonly<Record<string, Quantiles>>;
  readonly transitions: Quantiles;
}

/** Month-by-month Quantiles of the main quantities (a projection with no runs summarises to zeros). */
export function summariseProjection(p: Projection): MonthSummary[] {
  const out: MonthSummary[] = [];
  for (let m = 0; m < p.timeline.months.length; m++) {
    const byCategory: Record<string, Quantiles> = {};
    const childDays: Record<string, Quantiles> = {};
    p.categories.forEach((c, i) => {
      byCategory[c] = summarise(runValues(p, 'populationByCategory', m, i));
      childDays[c] = summarise(runValues(p, 'childDaysByCategory', m, i));
    });
    const byAgeBand: Record<string, Quantiles> = {};
    p.ageBands.forEach((b, i) => {
      byAgeBand[b] = summarise(runValues(p, 'populationByAgeBand', m, i));
    });
    const exits: Record<string, Quantiles> = {};
    p.routes.forEach((r, i) => {
      exits[r] = summarise(runValues(p, 'exitsByRoute', m, i));
    });
    out.push({
      month: p.timeline.months[m] as string,
      total: summarise(runValues(p, 'populationByCategory', m)),
      byCategory,
      byAgeBand,
      childDaysByCategory: childDays,
      entries: summarise(runValues(p, 'entriesByAgeBand', m)),
      exitsByRoute: exits,
      transitions: summarise(runValues(p, 'transitionsOut', m)),
    });
  }
  return out;
}

/** Every per-run, per-month array of a projection. */
export const PROJECTION_FIELDS: readonly ProjectionField[] = [
  'populationByCategory',
  'populationByAgeBand',
  'childDaysByCategory',
  'entriesByAgeBand',
  'entriesByCategory',
  'exitsByRoute',
  'agedOut',
  'transitionsOut',
  'transitionsIn',
];

/**
 * Run-by-run sum of projections over the same timeline, categories, bands and runs (e.g. separately
 * fitted cohorts: UASC + the rest). Run r of the sum is run r of each part added together.
 */
export function sumProjections(parts: readonly Projection[]): Projection {
  const first = parts[0];
  if (!first) throw new Error('sumProjections needs at least one projection');
  for (const p of parts) {
    if (
      p.runs !== first.runs ||
      p.timeline.months.length !== first.timeline.months.length ||
      p.timeline.start !== first.timeline.start
    ) {
      throw new Error('projections to add must share start, months and number of runs');
    }
  }
  const out = emptyProjection(
    first.kind,
    first.runs,
    first.timeline,
    first.categories,
    first.ageBands,
    first.routes,
    parts.flatMap((p) => p.warnings),
  );
  for (const f of PROJECTION_FIELDS) {
    const target = out[f];
    for (const p of parts) {
      const src = p[f];
      for (let i = 0; i < target.length; i++) target[i]! += src[i] as number;
    }
  }
  // Leavers add up too when every part recorded them (Monte Carlo parts).
  if (!parts.every((p) => p.leavers !== undefined)) return out;
  const leavers = emptyLeaverFlows(
    first.runs,
    first.timeline.months.length,
    first.routes.length,
    first.categories.length,
  );
  for (const f of LEAVER_FIELDS) {
    const target = leavers[f];
    for (const p of parts) {
      const src = (p.leavers as LeaverFlows)[f];
      for (let i = 0; i < target.length; i++) target[i]! += src[i] as number;
    }
  }
  return { ...out, leavers };
}

/**
 * One projection of the runs of `parts` one after another (run-major arrays: each part's arrays
 * in turn): e.g. runs 0-499 and 500-999 of a seed, computed apart, as runs 0-999. The parts share
 * the timeline, categories, bands and routes of the first; warnings are the first part's.
 */
export function concatRuns(parts: readonly Projection[]): Projection {
  const first = parts[0];
  if (!first) throw new Error('concatRuns needs at least one projection');
  for (const p of parts) {
    if (
      p.kind !== first.kind ||
      p.timeline.months.length !== first.timeline.months.length ||
      p.timeline.start !== first.timeline.start ||
      p.categories.length !== first.categories.length ||
      p.ageBands.length !== first.ageBands.length ||
      p.routes.length !== first.routes.length
    ) {
      throw new Error('projections to join must share kind, start, months, categories, age bands and routes');
    }
  }
  const runs = parts.reduce((n, p) => n + p.runs, 0);
  const out = emptyProjection(
    first.kind,
    runs,
    first.timeline,
    first.categories,
    first.ageBands,
    first.routes,
    first.warnings,
  );
  for (const f of PROJECTION_FIELDS) {
    let at = 0;
    for (const p of parts) {
      out[f].set(p[f], at);
      at += p[f].length;
    }
  }
  if (!parts.every((p) => p.leavers !== undefined)) return out;
  const leavers = emptyLeaverFlows(runs, first.timeline.months.length, first.routes.length, first.categories.length);
  for (const f of LEAVER_FIELDS) {
    let at = 0;
    for (const p of parts) {
      const src = (p.leavers as LeaverFlows)[f];
      leavers[f].set(src, at);
      at += src.length;
    }
  }
  return { ...out, leavers };
}
