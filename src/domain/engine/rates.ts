/**
 * Estimation of the demand model's rates from periods of care over a reference window.
 *
 * Every rate is events / exposure, exposure in child-days at risk, so an analyst can check it by
 * hand from the two numbers kept beside it:
 * - entries by age band (on the day of entry) and first placement category: periods of care
 *   starting in the window / days in the window;
 * - transitions within an age band from one category to another: category changes / child-days in
 *   the `from` category and band;
 * - exits by age band, category and route: periods ending (before the 18th birthday) by that route /
 *   child-days in that band and category. Leaving on or after the 18th birthday is ageing out: the
 *   projection does it on the birthday itself, so it is counted (agedOut) but is not a rate.
 * - time in care: exit hazards also carry a factor per route and duration band of the period of
 *   care (exitDuration), fitted jointly with the exit rates (exitStandardisedExposure).
 *
 * The window is the days [referenceStart, start): exposure on day d carries the risk of an event on
 * day d + 1, so events are counted on days (referenceStart, start].
 * Cost: O(episodes + periods × bands).
 */
import { addMonths, fromDayNumber, toDayNumber, type IsoDate } from '../dates.ts';
import { DEFAULT_AGE_BANDS, type AgeBand } from '../ageBands.ts';
import { EXIT_ROUTES, exitRoute, type ExitRoute } from '../exitRoutes.ts';
import type { CaseData } from '../model.ts';
import {
  DEFAULT_CATEGORY_MAPPING,
  PLACEMENT_CATEGORIES,
  type CategoryMapping,
  type PlacementCategory,
} from '../placementCategories.ts';
import {
  bandIndexOn,
  cohortLabel,
  coverageStartDay,
  inCohort,
  periodsOfCare,
  type Cohort,
  type PeriodOfCare,
} from './periods.ts';
import { fitEntryTrend, type EntryTrend } from './trend.ts';
import { addTo, f64, item, num } from './arrays.ts';

/** One estimated rate and the numbers behind it. */
export interface RateCell {
  readonly events: number;
  /** Child-days at risk (for entries: days in the window). */
  readonly exposureDays: number;
  /** events / exposureDays; 0 when there is no exposure (with a warning). */
  readonly ratePerDay: number;
}

import {
  DEFAULT_ENTRY_MODEL,
  DEFAULT_EXIT_POOL_MONTHS,
  DEFAULT_REFERENCE_MONTHS,
  type EntryModelChoice,
} from './defaults.ts';
export type { EntryModelChoice } from './defaults.ts';
export { DEFAULT_ENTRY_MODEL, DEFAULT_EXIT_POOL_MONTHS, DEFAULT_REFERENCE_MONTHS } from './defaults.ts';

/**
 * Time-in-care bands for exits: the days since the period of care began at which each band after
 * the first starts. Default: under 1 month, 1-6 months, 6-12 months, 1-2 years, 2-4 years, 4 years
 * and over. Exits are far likelier in the first weeks (short stays, returns home) and rarer the
 * longer a child has been looked after; the accuracy study (docs/accuracy.md) chose these six bands
 * over three (under 6 months, 6-24 months, 24 and over), which over-predicted exits of children
 * long in care (survivors of the starting population 0.7-1.1% too few at 24 months).
 */
export const DEFAULT_DURATION_BOUNDS_DAYS: readonly number[] = [30, 183, 365, 730, 1461];
const DEFAULT_DURATION_BAND_KEYS: readonly string[] = [
  'under_1_month',
  '1_to_6_months',
  '6_to_12_months',
  '1_to_2_years',
  '2_to_4_years',
  '4_years_plus',
];

/** Key of time-in-care band `d` for these bounds: a readable name for the default bands, else `days_<from>_to_<to>` (`days_<from>_plus` for the last). */
export function durationBandKey(bounds: readonly number[], d: number): string {
  const isDefault =
    bounds.length === DEFAULT_DURATION_BOUNDS_DAYS.length &&
    bounds.every((x, i) => x === DEFAULT_DURATION_BOUNDS_DAYS[i]);
  if (isDefault) return item(DEFAULT_DURATION_BAND_KEYS, d);
  const from = d === 0 ? 0 : num(bounds, d - 1);
  return d < bounds.length ? `days_${from}_to_${num(bounds, d) - 1}` : `days_${from}_plus`;
}

/**
 * Relative exit hazard of one route in one time-in-care band (indirect standardisation): events are
 * the exits by the route in the band, expectedEvents what the band's child-days (by age band and
 * category) would give at the route's rates, factor = (events + k) / (expectedEvents + k), k a
 * weak prior of DURATION_PRIOR_EVENTS towards 1. A child's exit hazard is the rate × the factor.
 */
export interface DurationCell {
  readonly events: number;
  readonly exposureDays: number;
  readonly expectedEvents: number;
  readonly factor: number;
}
export const DURATION_PRIOR_EVENTS = 2;

export interface FitOptions {
  /** Forecast start: the rates describe the window before it. */
  readonly start: IsoDate;
  /** Length of the reference window in months (default 24). */
  readonly referenceMonths?: number;
  readonly mapping?: CategoryMapping;
  readonly ageBands?: readonly AgeBand[];
  /** Restrict the fit to a cohort (default: everyone). */
  readonly cohort?: Cohort;
  /** Months of history the entry trend is fitted over (default 60, clipped to the data). */
  readonly trendMonths?: number;
  /**
   * First day the data are complete (every period of care seen). Default: 1 April of the collection
   * year of the earliest DEC in the data (returns cover whole collection years). The reference
   * window and the trend window are clipped to start there.
   */
  readonly dataFrom?: IsoDate;
  /** Entry model to use in projection (default: DEFAULT_ENTRY_MODEL, chosen by the accuracy study). */
  readonly entryModel?: EntryModelChoice;
  /** Time-in-care band boundaries for exits in days (default DEFAULT_DURATION_BOUNDS_DAYS; [] for none). */
  readonly durationBoundsDays?: readonly number[];
  /** Weight of the entry trend's slope shrinkage (default 1: empirical Bayes; 0: none). See trend.ts. */
  readonly trendShrinkage?: number;
  /**
   * Months the transition and exit rates (and the time-in-care factors) are fitted over, ending on
   * the start like the reference window and clipped to the data the same way (default: the
   * reference window's months). Entries keep the reference window. For the accuracy study
   * (ACCURACY_VARIANTS): a longer window was measured and not made the default (docs/accuracy.md).
   */
  readonly exitReferenceMonths?: number;
  /**
   * Months before the (exit) reference window pooled with it for moves, exits and the time-in-care
   * factors when the council's exits look stable: when their rates by time-in-care band over those
   * months and over the window do not differ significantly (stableExits, a likelihood-ratio test at
   * 5%). Default DEFAULT_EXIT_POOL_MONTHS (12, chosen by the accuracy study); 0: never.
   */
  readonly exitPoolMonths?: number;
}

/** An entry trend steeper than this (per cent a year, up or down) is fitted and used, with a warning to check the data. */
export const STEEP_ENTRY_TREND_PERCENT = 25;

export interface FittedRates {
  readonly start: IsoDate;
  readonly referenceStart: IsoDate;
  readonly referenceDays: number;
  /** The window moves, exits and the time-in-care factors are fitted over (longer: see FitOptions.exitReferenceMonths). */
  readonly exitReferenceStart: IsoDate;
  readonly exitReferenceDays: number;
  readonly cohort: string;
  readonly categories: readonly PlacementCategory[];
  readonly ageBands: readonly AgeBand[];
  readonly routes: readonly ExitRoute[];
  /** [band][category], flat: band * nCat + category. Exposure = referenceDays. */
  readonly entries: readonly RateCell[];
  /** [band][from][to], flat: (band * nCat + from) * nCat + to. Diagonal cells are zero. */
  readonly transitions: readonly RateCell[];
  /** [band][category][route], flat: (band * nCat + category) * nRoutes + route. */
  readonly exits: readonly RateCell[];
  /** Time-in-care band boundaries (days since the period began); absent or [] = exits do not depend on time in care. */
  readonly durationBoundsDays?: readonly number[];
  /** [route][duration band], flat: route * nDurationBands + band: exit hazard multipliers by time in care. */
  readonly exitDuration?: readonly DurationCell[];
  /**
   * Per exit cell (same layout as `exits`): the child-days weighted by the route's time-in-care
   * factor, Σ over duration bands of child-days × factor. With time in care, a child's exit hazard
   * is events / this × the factor of its duration band (a multiplicative Poisson model fitted by
   * alternating the two margins), so the cell's events are reproduced over the window.
   */
  readonly exitStandardisedExposure?: readonly number[];
  /** Child-days by [band][category] in the window (the exposure of transitions and exits). */
  readonly exposure: readonly number[];
  /** Per band: ages in days of the children who entered in the window (sorted), for drawing entrants' ages. */
  readonly entryAgesDays: readonly (readonly number[])[];
  /** Periods of care that ended on or after the 18th birthday in the window (ageing out; not a rate). */
  readonly agedOut: number;
  /** Entry trend and seasonality, fitted over a longer window. */
  readonly trend: EntryTrend;
  /** The entry model the projection will use. */
  readonly entryModel: EntryModelChoice;
  /**
   * Over-dispersion of monthly entry counts (Pearson chi-square / df, at least 1). The projection
   * widens the entry-rate uncertainty and the month-to-month noise of entries by it.
   */
  readonly entryDispersion: number;
  readonly warnings: readonly string[];
}

/** Exit hazards as the projections read them: base rate × time-in-care factor. */
export interface ExitHazardParts {
  /** Time-in-care bounds in use ([] when the fit has no factors or no standardised exposure). */
  readonly durationBoundsDays: readonly number[];
  /** Number of time-in-care bands (bounds + 1). */
  readonly nD: number;
  /** Per exit cell [band][category][route]: events / standardised exposure with time in care, else the cell's rate. */
  readonly baseExit: Float64Array;
  /** [route][time-in-care band]: the factor (1 without time in care). */
  readonly durationFactor: Float64Array;
}

/** The exit hazard's parts for the expected path and the starting children's placement days. */
export function exitHazardParts(rates: FittedRates): ExitHazardParts {
  const factors = rates.exitDuration;
  const standardised = rates.exitStandardisedExposure;
  const withTimeInCare = factors !== undefined && standardised !== undefined;
  const bounds = withTimeInCare ? (rates.durationBoundsDays ?? []) : [];
  const nD = bounds.length + 1;
  const nR = rates.routes.length;
  const baseExit = new Float64Array(rates.exits.length);
  for (let i = 0; i < baseExit.length; i++) {
    const cell = item(rates.exits, i);
    const w = nD > 1 && standardised ? num(standardised, i) : 0;
    baseExit[i] = nD > 1 ? (w > 0 ? cell.events / w : cell.ratePerDay) : cell.ratePerDay;
  }
  const durationFactor = new Float64Array(nR * nD).fill(1);
  if (nD > 1 && factors) for (let i = 0; i < nR * nD; i++) durationFactor[i] = item(factors, i).factor;
  return { durationBoundsDays: bounds, nD, baseExit, durationFactor };
}

/** Fits the rates from case data (periods of care are built with `options.mapping` and `ageBands`). */
export function fitRates(data: CaseData, options: FitOptions): FittedRates {
  const bands = options.ageBands ?? DEFAULT_AGE_BANDS;
  const { periods, warnings } = periodsOfCare(data, options.mapping ?? DEFAULT_CATEGORY_MAPPING, bands);
  return fitRatesFromPeriods(periods, options, warnings);
}

function cell(events: number, exposureDays: number): RateCell {
  return { events, exposureDays, ratePerDay: exposureDays > 0 ? events / exposureDays : 0 };
}

/** The reference window: days [startDay, endDay), clipped to start where the data are complete. */
interface ReferenceWindow {
  readonly startDay: number;
  readonly endDay: number;
  readonly days: number;
  /** First day the data are complete (null when unknown). */
  readonly coverage: number | null;
}

function referenceWindow(
  allPeriods: readonly PeriodOfCare[],
  options: FitOptions,
  warnings: string[],
): ReferenceWindow {
  const months = options.referenceMonths ?? DEFAULT_REFERENCE_MONTHS;
  const endDay = toDayNumber(options.start);
  let startDay = toDayNumber(addMonths(options.start, -months));
  const coverage = options.dataFrom !== undefined ? toDayNumber(options.dataFrom) : coverageStartDay(allPeriods);
  if (coverage !== null && coverage > startDay && coverage < endDay) {
    warnings.push(
      `the data start around ${fromDayNumber(coverage)}: the reference window was shortened to begin there`,
    );
    startDay = coverage;
  }
  return { startDay, endDay, days: Math.max(0, endDay - startDay), coverage };
}

/** Sizes of the rate tables: age bands, categories, routes, time-in-care bands (bounds + 1). */
interface Dimensions {
  readonly nB: number;
  readonly nC: number;
  readonly nR: number;
  readonly nD: number;
  readonly dBounds: readonly number[];
}

/** Events and child-days counted over the reference window. */
interface WindowCounts {
  /** [band][category]: periods of care starting in the window. */
  readonly entryCount: Float64Array;
  /** [band][from][to]: category changes. */
  readonly transCount: Float64Array;
  /** [band][category][route]: periods ending before the 18th birthday. */
  readonly exitCount: Float64Array;
  /** [band][category]: child-days. */
  readonly exposure: Float64Array;
  /** [band][category][time-in-care band]: child-days. */
  readonly durExposure: Float64Array;
  /** [route][time-in-care band]: exits. */
  readonly durExitCount: Float64Array;
  /** Per band: ages in days of the window's entrants (sorted). */
  readonly entryAges: number[][];
  /** Periods ending on or after the 18th birthday in the window. */
  agedOut: number;
}

/** Time-in-care band of day `day` of a period of care that began on `start`. */
function durationBandOf(dim: Dimensions, start: number, day: number): number {
  let d = 0;
  while (d < dim.nD - 1 && day - start >= num(dim.dBounds, d)) d++;
  return d;
}

const CATEGORY_INDEX: ReadonlyMap<PlacementCategory, number> = new Map(PLACEMENT_CATEGORIES.map((c, i) => [c, i]));

function categoryIndex(c: PlacementCategory): number {
  const i = CATEGORY_INDEX.get(c);
  if (i === undefined) throw new RangeError(`unknown placement category ${c}`);
  return i;
}

/**
 * Counts every period's entry, stays, moves and exit in the window: events on days
 * (startDay, endDay], exposure on days [startDay, endDay) split at band birthdays and time-in-care bounds.
 */
function countWindow(periods: readonly PeriodOfCare[], w: ReferenceWindow, dim: Dimensions): WindowCounts {
  const { nB, nC, nR, nD } = dim;
  const counts: WindowCounts = {
    entryCount: new Float64Array(nB * nC),
    transCount: new Float64Array(nB * nC * nC),
    exitCount: new Float64Array(nB * nC * nR),
    exposure: new Float64Array(nB * nC),
    durExposure: new Float64Array(nB * nC * nD),
    durExitCount: new Float64Array(nR * nD),
    entryAges: Array.from({ length: nB }, () => []),
    agedOut: 0,
  };
  for (const p of periods) {
    countEntry(p, w, dim, counts);
    countStaysAndMoves(p, w, dim, counts);
    countExit(p, w, dim, counts);
  }
  for (const list of counts.entryAges) list.sort((a, b) => a - b);
  return counts;
}

function eighteenthBirthday(p: PeriodOfCare): number {
  return num(p.boundaries, p.boundaries.length - 1);
}

function countEntry(p: PeriodOfCare, w: ReferenceWindow, dim: Dimensions, counts: WindowCounts): void {
  if (!(p.start > w.startDay && p.start <= w.endDay && p.start < eighteenthBirthday(p))) return;
  const first = p.segments[0];
  if (!first) return;
  const b = bandIndexOn(p.boundaries, p.start);
  addTo(counts.entryCount, b * dim.nC + categoryIndex(first.category), 1);
  item(counts.entryAges, b).push(p.start - p.dobDay);
}

function countStaysAndMoves(p: PeriodOfCare, w: ReferenceWindow, dim: Dimensions, counts: WindowCounts): void {
  const { nB, nC, nD, dBounds } = dim;
  const b18 = eighteenthBirthday(p);
  for (let i = 0; i < p.segments.length; i++) {
    const s = item(p.segments, i);
    const c = categoryIndex(s.category);
    const from = Math.max(s.start, w.startDay);
    const to = Math.min(s.end ?? w.endDay, w.endDay, b18);
    // [from, to) split at band boundaries, then at time-in-care boundaries
    let d = from;
    while (d < to) {
      const b = bandIndexOn(p.boundaries, d);
      const next = b < nB - 1 ? Math.min(to, num(p.boundaries, b)) : to;
      addTo(counts.exposure, b * nC + c, next - d);
      let x = d;
      while (x < next) {
        const k = durationBandOf(dim, p.start, x);
        const y = k < nD - 1 ? Math.min(next, p.start + num(dBounds, k)) : next;
        addTo(counts.durExposure, (b * nC + c) * nD + k, y - x);
        x = y;
      }
      d = next;
    }
    const nextSeg = p.segments[i + 1];
    if (nextSeg && nextSeg.start > w.startDay && nextSeg.start <= w.endDay && nextSeg.start < b18) {
      const b = bandIndexOn(p.boundaries, nextSeg.start - 1);
      addTo(counts.transCount, (b * nC + c) * nC + categoryIndex(nextSeg.category), 1);
    }
  }
}

function countExit(p: PeriodOfCare, w: ReferenceWindow, dim: Dimensions, counts: WindowCounts): void {
  if (p.end === null || !(p.end > w.startDay && p.end <= w.endDay)) return;
  if (p.end >= eighteenthBirthday(p)) {
    counts.agedOut++;
    return;
  }
  const last = p.segments[p.segments.length - 1];
  if (!last) return;
  const { nC, nR, nD } = dim;
  const b = bandIndexOn(p.boundaries, p.end - 1);
  const c = categoryIndex(last.category);
  const r = EXIT_ROUTES.indexOf(exitRoute(p.reasonEnded ?? '', fromDayNumber(p.end), p.child.dob));
  addTo(counts.exitCount, (b * nC + c) * nR + r, 1);
  addTo(counts.durExitCount, r * nD + durationBandOf(dim, p.start, p.end - 1), 1);
}

/** Rate cells from the counts; `noExposureWithEvents` counts cells with events but no child-days (set to 0). */
function rateCells(
  counts: WindowCounts,
  w: ReferenceWindow,
  dim: Dimensions,
): { entries: RateCell[]; transitions: RateCell[]; exits: RateCell[]; noExposureWithEvents: number } {
  const { nB, nC, nR } = dim;
  const entries: RateCell[] = [];
  for (let i = 0; i < nB * nC; i++) entries.push(cell(f64(counts.entryCount, i), w.days));
  const transitions: RateCell[] = [];
  const exits: RateCell[] = [];
  let noExposureWithEvents = 0;
  for (let bc = 0; bc < nB * nC; bc++) {
    const e = f64(counts.exposure, bc);
    for (let t = 0; t < nC; t++) {
      const n = f64(counts.transCount, bc * nC + t);
      if (e === 0 && n > 0) noExposureWithEvents++;
      transitions.push(cell(n, e));
    }
    for (let r = 0; r < nR; r++) {
      const n = f64(counts.exitCount, bc * nR + r);
      if (e === 0 && n > 0) noExposureWithEvents++;
      exits.push(cell(n, e));
    }
  }
  return { entries, transitions, exits, noExposureWithEvents };
}

/**
 * Time-in-care factors: the multiplicative model rate(band, category, route) × factor(route,
 * duration band), fitted by alternating the margins (iterative proportional fitting of the Poisson
 * likelihood), each factor shrunk towards 1 by DURATION_PRIOR_EVENTS.
 */
function fitTimeInCare(
  counts: WindowCounts,
  dim: Dimensions,
): { exitDuration: DurationCell[]; stdExposure: Float64Array } {
  const { nB, nC, nR, nD } = dim;
  const { durExposure, exitCount, durExitCount } = counts;
  const factor = new Float64Array(nR * nD).fill(1);
  const stdExposure = new Float64Array(nB * nC * nR);
  const expectedRD = new Float64Array(nR * nD);
  for (let iter = 0; iter < 20; iter++) {
    expectedRD.fill(0);
    for (let bc = 0; bc < nB * nC; bc++) {
      for (let r = 0; r < nR; r++) {
        let w = 0;
        for (let k = 0; k < nD; k++) w += f64(durExposure, bc * nD + k) * f64(factor, r * nD + k);
        stdExposure[bc * nR + r] = w;
        const base = w > 0 ? f64(exitCount, bc * nR + r) / w : 0;
        for (let k = 0; k < nD; k++) addTo(expectedRD, r * nD + k, f64(durExposure, bc * nD + k) * base);
      }
    }
    if (iter === 19) break;
    for (let i = 0; i < nR * nD; i++)
      factor[i] = (f64(durExitCount, i) + DURATION_PRIOR_EVENTS) / (f64(expectedRD, i) + DURATION_PRIOR_EVENTS);
  }
  const exitDuration: DurationCell[] = [];
  for (let r = 0; r < nR; r++) {
    for (let k = 0; k < nD; k++) {
      let expo = 0;
      for (let bc = 0; bc < nB * nC; bc++) expo += f64(durExposure, bc * nD + k);
      exitDuration.push({
        events: f64(durExitCount, r * nD + k),
        exposureDays: expo,
        expectedEvents: f64(expectedRD, r * nD + k),
        factor: f64(factor, r * nD + k),
      });
    }
  }
  return { exitDuration, stdExposure };
}

/**
 * Upper 5% points of the chi-square distribution with 1-10 degrees of freedom (standard tables:
 * e.g. 3.841 for 1, 12.592 for 6).
 */
export const CHI_SQUARE_95: readonly number[] = [
  3.841, 5.991, 7.815, 9.488, 11.07, 12.592, 14.067, 15.507, 16.919, 18.307,
];

/** x ln(x / m), 0 when x is 0. */
const xlogx = (x: number, m: number): number => (x > 0 ? x * Math.log(x / m) : 0);

/**
 * Likelihood-ratio test that two windows share their exit rates by time-in-care band: per band k,
 * events a_k over exposure A_k and b_k over B_k; under one rate the expected events are
 * (a_k + b_k)·A_k / (A_k + B_k) and (a_k + b_k)·B_k / (A_k + B_k), and
 * G = 2 Σ_k [a_k ln(a_k / â_k) + b_k ln(b_k / b̂_k)] is compared with the chi-square's upper 5% point
 * on as many degrees of freedom as bands with exposure in both windows and an event in either.
 * Stable (true) when G is below it, or when no band counts.
 */
export function stableExits(
  a: { readonly events: ArrayLike<number>; readonly exposure: ArrayLike<number> },
  b: { readonly events: ArrayLike<number>; readonly exposure: ArrayLike<number> },
): { readonly g: number; readonly df: number; readonly stable: boolean } {
  let g = 0;
  let df = 0;
  for (let k = 0; k < a.events.length; k++) {
    const ea = a.exposure[k] as number;
    const eb = b.exposure[k] as number;
    const na = a.events[k] as number;
    const nb = b.events[k] as number;
    if (!(ea > 0 && eb > 0) || na + nb === 0) continue;
    const ma = ((na + nb) * ea) / (ea + eb);
    g += 2 * (xlogx(na, ma) + xlogx(nb, na + nb - ma));
    df++;
  }
  const critical = CHI_SQUARE_95[Math.min(df, CHI_SQUARE_95.length) - 1];
  return { g, df, stable: critical === undefined || g < critical };
}

/** Exits (all routes) and child-days by time-in-care band, from a window's counts. */
function exitsByTimeInCare(counts: WindowCounts, dim: Dimensions): { events: Float64Array; exposure: Float64Array } {
  const { nB, nC, nR, nD } = dim;
  const events = new Float64Array(nD);
  const exposure = new Float64Array(nD);
  for (let r = 0; r < nR; r++) for (let k = 0; k < nD; k++) addTo(events, k, f64(counts.durExitCount, r * nD + k));
  for (let bc = 0; bc < nB * nC; bc++)
    for (let k = 0; k < nD; k++) addTo(exposure, k, f64(counts.durExposure, bc * nD + k));
  return { events, exposure };
}

/**
 * The window moves, exits and the time-in-care factors are fitted over, and its counts: the
 * reference window, or exitReferenceMonths, then lengthened by exitPoolMonths when the exits over
 * those older months and over the window are stable (stableExits).
 */
function exitWindowAndCounts(
  allPeriods: readonly PeriodOfCare[],
  periods: readonly PeriodOfCare[],
  options: FitOptions,
  dim: Dimensions,
  window: ReferenceWindow,
  counts: WindowCounts,
): { exitWindow: ReferenceWindow; exitCounts: WindowCounts } {
  const exitWindow =
    options.exitReferenceMonths === undefined
      ? window
      : referenceWindow(allPeriods, { ...options, referenceMonths: options.exitReferenceMonths }, []);
  const exitCounts = exitWindow.days === window.days ? counts : countWindow(periods, exitWindow, dim);
  const pool = options.exitPoolMonths ?? DEFAULT_EXIT_POOL_MONTHS;
  if (!(pool > 0)) return { exitWindow, exitCounts };
  const months = (options.exitReferenceMonths ?? options.referenceMonths ?? DEFAULT_REFERENCE_MONTHS) + pool;
  const longer = referenceWindow(allPeriods, { ...options, referenceMonths: months }, []);
  if (longer.startDay >= exitWindow.startDay) return { exitWindow, exitCounts };
  const older: ReferenceWindow = {
    startDay: longer.startDay,
    endDay: exitWindow.startDay,
    days: exitWindow.startDay - longer.startDay,
    coverage: longer.coverage,
  };
  const test = stableExits(
    exitsByTimeInCare(countWindow(periods, older, dim), dim),
    exitsByTimeInCare(exitCounts, dim),
  );
  return test.stable
    ? { exitWindow: longer, exitCounts: countWindow(periods, longer, dim) }
    : { exitWindow, exitCounts };
}

/** The entry trend (fitted over a longer window), with a warning when it is steep. */
function fitTrend(
  periods: readonly PeriodOfCare[],
  w: ReferenceWindow,
  options: FitOptions,
  entryModel: EntryModelChoice,
  warnings: string[],
): EntryTrend {
  const trend = fitEntryTrend(periods, {
    endDay: w.endDay,
    months: options.trendMonths ?? 60,
    coverageDay: w.coverage,
    referenceStartDay: w.startDay,
    ...(options.trendShrinkage !== undefined ? { shrinkageWeight: options.trendShrinkage } : {}),
  });
  if (trend.warning) warnings.push(trend.warning);
  if (entryModel === 'trend' && Math.abs(trend.percentPerYear) > STEEP_ENTRY_TREND_PERCENT) {
    warnings.push(
      `entries ${trend.percentPerYear > 0 ? 'rose' : 'fell'} ${Math.abs(trend.percentPerYear).toFixed(0)}% a year over the ${trend.monthKeys.length}-month trend window ` +
        `(${trend.monthKeys[0] ?? '?'} to ${trend.monthKeys[trend.monthKeys.length - 1] ?? '?'}), and the forecast carries that on (damped): ` +
        'check the returns are complete (a missing year or a partial extract looks like a fall) and compare with the flat entry model',
    );
  }
  return trend;
}

/** Fits the rates from periods of care already built (so a backtest or cohort split builds them once). */
export function fitRatesFromPeriods(
  allPeriods: readonly PeriodOfCare[],
  options: FitOptions,
  inheritedWarnings: readonly string[] = [],
): FittedRates {
  const bands = options.ageBands ?? DEFAULT_AGE_BANDS;
  const cohort = options.cohort ?? {};
  const periods = allPeriods.filter((p) => inCohort(p, cohort, bands));
  const warnings = [...inheritedWarnings];
  const dBounds = options.durationBoundsDays ?? DEFAULT_DURATION_BOUNDS_DAYS;
  const dim: Dimensions = {
    nB: bands.length,
    nC: PLACEMENT_CATEGORIES.length,
    nR: EXIT_ROUTES.length,
    nD: dBounds.length + 1,
    dBounds,
  };
  const window = referenceWindow(allPeriods, options, warnings);
  const counts = countWindow(periods, window, dim);
  const { exitWindow, exitCounts } = exitWindowAndCounts(allPeriods, periods, options, dim, window, counts);
  const { entries } = rateCells(counts, window, dim);
  const { transitions, exits, noExposureWithEvents } = rateCells(exitCounts, exitWindow, dim);
  const { exitDuration, stdExposure } = fitTimeInCare(exitCounts, dim);
  if (window.days === 0) warnings.push('the reference window is empty: every rate is 0');
  else if (periods.length === 0) warnings.push(`no periods of care in cohort ${cohortLabel(cohort)}: every rate is 0`);
  if (noExposureWithEvents > 0)
    warnings.push(`${noExposureWithEvents} rate(s) had events but no exposure and were set to 0`);
  const entryModel = options.entryModel ?? DEFAULT_ENTRY_MODEL;
  const trend = fitTrend(periods, window, options, entryModel, warnings);
  return {
    start: options.start,
    referenceStart: fromDayNumber(window.startDay),
    referenceDays: window.days,
    exitReferenceStart: fromDayNumber(exitWindow.startDay),
    exitReferenceDays: exitWindow.days,
    cohort: cohortLabel(cohort),
    categories: PLACEMENT_CATEGORIES,
    ageBands: bands,
    routes: EXIT_ROUTES,
    entries,
    transitions,
    exits,
    durationBoundsDays: dBounds,
    exitDuration,
    exitStandardisedExposure: Array.from(stdExposure),
    exposure: Array.from(exitCounts.exposure),
    entryAgesDays: counts.entryAges,
    agedOut: counts.agedOut,
    trend,
    entryModel,
    entryDispersion: entryModel === 'trend' ? trend.dispersionTrend : trend.dispersionFlat,
    warnings,
  };
}
