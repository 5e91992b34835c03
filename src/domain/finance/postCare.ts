/**
 * After care: what a council keeps paying for children once they have left care. Four lines, each
 * with a weekly cost (in the prices of a stated financial year, uplifted by the council's inflation
 * like a unit cost), a take-up share (the share of eligible children the council funds) and an end
 * age:
 *
 * - `sgo_cao_allowance`: special guardianship and child arrangements orders (REC E41, E43-E48),
 *   from the day the child leaves care until the end age (18);
 * - `adoption_allowance`: adoptions (REC E11, E12), until the end age (18);
 * - `staying_put`: young people who leave care on (or after) their 18th birthday from a foster
 *   placement (kinship, in-house or agency fostering), from the 18th birthday to the end age (21);
 * - `care_leavers`: young people who leave care aged 16 or over to independent living or on turning
 *   18 (the 903's route `independence_or_18`), from the day they leave to the end age (21, or 25).
 *
 * Who is counted on a day (the stock, "from the returns"): a child not looked after that day whose
 * latest period of care ended on or before it by a route the line takes, still under the line's end
 * age (and 18 or over for Staying Put). A child who comes back into care stops counting on the day
 * they return; the line then follows their latest exit. Children are counted before the take-up
 * share; spend applies it: funded child-days = child-days × take-up, spend = funded child-days ×
 * weekly cost / 7, rounded to whole pence once per month and line (ADR 0003's rounding point).
 *
 * The forecast carries the children who leave care in each Monte Carlo run into these lines (the
 * engine's LeaverFlows) and adds those who had already left on the start date, whose days are known
 * exactly from their dates of birth (the same in every run): see `forecastLineDays`.
 */
import { addYears, daysInMonth, financialYearStart, fromDayNumber, toDayNumber, type IsoDate } from '../dates.ts';
import type { LeaverFlows, Timeline } from '../engine/projection.ts';
import { periodsOfCare } from '../engine/periods.ts';
import { EXIT_ROUTES, exitRoute, type ExitRoute } from '../exitRoutes.ts';
import type { CaseData } from '../model.ts';
import {
  DEFAULT_CATEGORY_MAPPING,
  PLACEMENT_CATEGORIES,
  type CategoryMapping,
  type PlacementCategory,
} from '../placementCategories.ts';
import { roundPence, type Pence } from './money.ts';
import { upliftFactor, type CostBasis } from './unitCosts.ts';

export const POST_CARE_LINES = ['sgo_cao_allowance', 'adoption_allowance', 'staying_put', 'care_leavers'] as const;
export type PostCareLine = (typeof POST_CARE_LINES)[number];

export const POST_CARE_LINE_LABELS: Readonly<Record<PostCareLine, string>> = {
  sgo_cao_allowance: 'Special guardianship and child arrangements allowances',
  adoption_allowance: 'Adoption allowances',
  staying_put: 'Staying Put',
  care_leavers: 'Care leavers',
};

export function isPostCareLine(value: string): value is PostCareLine {
  return (POST_CARE_LINES as readonly string[]).includes(value);
}

/** The placement categories a young person must leave care from on their 18th birthday to stay put. */
export const STAYING_PUT_CATEGORIES: readonly PlacementCategory[] = [
  'kinship_fostering',
  'inhouse_fostering',
  'ifa_fostering',
];

/** The exit route each line follows (Staying Put: young people ageing out of foster care). */
export const LINE_ROUTE: Readonly<Record<PostCareLine, ExitRoute>> = {
  sgo_cao_allowance: 'sgo_cao',
  adoption_allowance: 'adoption',
  staying_put: 'independence_or_18',
  care_leavers: 'independence_or_18',
};

/** Youngest age at leaving care a line counts (care leavers: 16), and the age it starts paying (Staying Put: 18). */
const MIN_EXIT_AGE: Readonly<Record<PostCareLine, number>> = {
  sgo_cao_allowance: 0,
  adoption_allowance: 0,
  staying_put: 18,
  care_leavers: 16,
};

/** End ages a council may set: 18 to 25 (Staying Put from 19: it starts at 18). */
export const MIN_END_AGE: Readonly<Record<PostCareLine, number>> = {
  sgo_cao_allowance: 18,
  adoption_allowance: 18,
  staying_put: 19,
  care_leavers: 18,
};
export const MAX_END_AGE = 25;

export interface PostCareLineSettings {
  readonly line: PostCareLine;
  /** Weekly cost per funded child, whole pence, in the prices of `priceYear`. */
  readonly weeklyPence: Pence;
  /** Start year of the financial year whose prices `weeklyPence` is in (2025 = 2025/26). */
  readonly priceYear: number;
  /** Where the weekly cost comes from, or that it is an assumption. */
  readonly source: string;
  /** Share of eligible children the council funds, 0 to 1. */
  readonly takeUp: number;
  readonly takeUpSource: string;
  /** Age (birthday) on which the line stops paying. */
  readonly endAge: number;
}

export type PostCareSettings = Readonly<Record<PostCareLine, PostCareLineSettings>>;

/**
 * Forecare's defaults, each with its source and year, or labelled an assumption. Councils should
 * replace them with their own allowance rates and take-up.
 */
export const DEFAULT_POST_CARE: PostCareSettings = {
  sgo_cao_allowance: {
    line: 'sgo_cao_allowance',
    weeklyPence: 16_795,
    priceYear: 2025,
    source:
      'National minimum fostering allowance 2025/26 (GOV.UK, rest of England, age 5-10) £194.00 a week less child benefit £26.05 (2025/26): the basis statutory guidance points councils to (fostering allowance less child benefit); means-tested in practice',
    takeUp: 0.6,
    takeUpSource: 'Assumption: 60% of special guardianship and child arrangements orders draw an allowance',
    endAge: 18,
  },
  adoption_allowance: {
    line: 'adoption_allowance',
    weeklyPence: 16_795,
    priceYear: 2025,
    source:
      'Assumption: set at the special guardianship basis (fostering allowance less child benefit, £167.95 a week in 2025/26); adoption allowances are discretionary and means-tested',
    takeUp: 0.1,
    takeUpSource: 'Assumption: a minority of adoptions (10%) carry an allowance',
    endAge: 18,
  },
  staying_put: {
    line: 'staying_put',
    weeklyPence: 25_800,
    priceYear: 2025,
    source:
      'Assumption: former foster carers paid at the national minimum fostering allowance for ages 16-17, £258 a week (GOV.UK, 2025/26, rest of England); many councils pay more, less the young person’s own contribution',
    takeUp: 0.36,
    takeUpSource:
      'DfE, Children looked after in England 2018: of young people who left foster care on their 18th birthday, 55% at 18, 31% at 19 and 21% at 20 lived with their former foster carers (average 36%)',
    endAge: 21,
  },
  care_leavers: {
    line: 'care_leavers',
    weeklyPence: 20_000,
    priceYear: 2025,
    source:
      'Assumption: £200 a week on average per care leaver (personal adviser, accommodation and living costs), 2025/26 prices',
    takeUp: 1,
    takeUpSource: 'Assumption: every care leaver is supported (the weekly cost is an average over all of them)',
    endAge: 21,
  },
};

/** The council's settings over the defaults (a line the council has not set keeps Forecare's default). */
export function postCareSettings(councilRows: readonly PostCareLineSettings[]): PostCareSettings {
  const out: Record<PostCareLine, PostCareLineSettings> = { ...DEFAULT_POST_CARE };
  for (const row of councilRows) out[row.line] = row;
  return out;
}

/** Zero for every line. */
export function emptyLineCounts(): Record<PostCareLine, number> {
  return { sgo_cao_allowance: 0, adoption_allowance: 0, staying_put: 0, care_leavers: 0 };
}

/** A child's time in a post-care line: days [from, to) as day numbers. */
export interface LineInterval {
  readonly childId: string;
  readonly line: PostCareLine;
  readonly from: number;
  /** First day not counted: the end-age birthday, or the day the child came back into care. */
  readonly to: number;
  /** The end-age birthday (where `to` is when nothing else stops it first). */
  readonly endDay: number;
}

/**
 * Every child's time in each post-care line, from the case data: each period of care that ended
 * (DEC, the first day not looked after) by a route a line takes, until the line's end age or the
 * child's next period of care, whichever comes first. Children without a date of birth (no header)
 * are not in any period (periodsOfCare leaves them out).
 */
export function lineIntervals(
  data: CaseData,
  settings: PostCareSettings,
  mapping: CategoryMapping = DEFAULT_CATEGORY_MAPPING,
): LineInterval[] {
  const { periods } = periodsOfCare(data, mapping);
  const out: LineInterval[] = [];
  for (let i = 0; i < periods.length; i++) {
    const p = periods[i];
    if (!p || p.end === null || p.reasonEnded === null || p.reasonEnded === 'X1') continue;
    const next = periods[i + 1];
    const nextStart = next && next.child.childId === p.child.childId ? next.start : Infinity;
    const dob = p.child.dob;
    const endIso = fromDayNumber(p.end);
    const route = exitRoute(p.reasonEnded, endIso, dob);
    const lastCategory = p.segments[p.segments.length - 1]?.category;
    for (const line of POST_CARE_LINES) {
      if (LINE_ROUTE[line] !== route) continue;
      if (p.end < toDayNumber(addYears(dob, MIN_EXIT_AGE[line]))) continue;
      if (line === 'staying_put' && (lastCategory === undefined || !STAYING_PUT_CATEGORIES.includes(lastCategory)))
        continue;
      const endDay = toDayNumber(addYears(dob, settings[line].endAge));
      const from = p.end;
      const to = Math.min(endDay, nextStart);
      if (to > from) out.push({ childId: p.child.childId, line, from, to, endDay });
    }
  }
  return out;
}

/** Children in each post-care line on `date` (before any take-up share). */
export function postCareStockOn(intervals: readonly LineInterval[], date: IsoDate): Record<PostCareLine, number> {
  const day = toDayNumber(date);
  const out = emptyLineCounts();
  for (const iv of intervals) if (iv.from <= day && day < iv.to) out[iv.line]++;
  return out;
}

/**
 * Child-days in each line by calendar month (`YYYY-MM`) over days [from, until), before take-up.
 * `openEnded`: count each interval to its end-age birthday, ignoring a later return to care (the
 * forecast's view of the children who had left by its start: their return is not known then).
 */
export function lineDaysByMonth(
  intervals: readonly LineInterval[],
  from: IsoDate,
  until: IsoDate,
  openEnded = false,
): Map<string, Record<PostCareLine, number>> {
  const first = toDayNumber(from);
  const stop = toDayNumber(until);
  const out = new Map<string, Record<PostCareLine, number>>();
  if (stop <= first) return out;
  // Month boundaries as day numbers: [start of month k, start of month k + 1).
  const bounds: { key: string; lo: number; hi: number }[] = [];
  let d = first;
  while (d < stop) {
    const iso = fromDayNumber(d);
    const y = Number(iso.slice(0, 4));
    const m = Number(iso.slice(5, 7));
    const next = Math.min(stop, toDayNumber(`${iso.slice(0, 8)}01`) + daysInMonth(y, m));
    bounds.push({ key: iso.slice(0, 7), lo: d, hi: next });
    out.set(iso.slice(0, 7), emptyLineCounts());
    d = next;
  }
  for (const iv of intervals) {
    const to = openEnded ? iv.endDay : iv.to;
    const lo = Math.max(iv.from, first);
    const hi = Math.min(to, stop);
    if (hi <= lo) continue;
    for (const b of bounds) {
      const overlap = Math.min(hi, b.hi) - Math.max(lo, b.lo);
      if (overlap > 0) (out.get(b.key) as Record<PostCareLine, number>)[iv.line] += overlap;
    }
  }
  return out;
}

/**
 * The weekly cost of a line on `date`, whole pence, in the prices the basis asks for (cash: the
 * date's financial year; or a fixed price base), uplifted by the council's inflation from the line's
 * price year and rounded once, as RateBook does for unit costs.
 */
export function lineWeeklyPence(
  line: PostCareLineSettings,
  basis: Pick<CostBasis, 'inflation' | 'priceBase'>,
  date: IsoDate,
): Pence {
  const target = basis.priceBase === 'cash' ? financialYearStart(date) : basis.priceBase;
  return roundPence(line.weeklyPence * upliftFactor(basis.inflation, line.priceYear, target));
}

/** One month's post-care figures: funded child-days (after take-up) and spend. */
export interface MonthLines {
  readonly month: string;
  /** Child-days funded: child-days in the line × take-up share. */
  readonly fundedDays: Readonly<Record<PostCareLine, number>>;
  /** Whole pence: funded days × weekly / 7, rounded once per month and line. */
  readonly spend: Readonly<Record<PostCareLine, Pence>>;
}

/** Costs child-days by month and line (before take-up): applies the take-up share, prices and rounds. */
export function costLineDays(
  daysByMonth: ReadonlyArray<{ readonly month: string; readonly days: Readonly<Record<PostCareLine, number>> }>,
  settings: PostCareSettings,
  basis: Pick<CostBasis, 'inflation' | 'priceBase'>,
): MonthLines[] {
  return daysByMonth.map(({ month, days }) => {
    const fundedDays = emptyLineCounts();
    const spend = emptyLineCounts();
    for (const line of POST_CARE_LINES) {
      const s = settings[line];
      const funded = (days[line] ?? 0) * s.takeUp;
      fundedDays[line] = funded;
      if (funded === 0) continue;
      spend[line] = roundPence((funded * lineWeeklyPence(s, basis, `${month}-01`)) / 7);
    }
    return { month, fundedDays, spend };
  });
}

/**
 * Child-days in each line for every projection month of one run (before take-up): the children who
 * had left care by the start (known: `known`, counted to their end-age birthday), plus those the run
 * has leave care.
 *
 * - SGO/CAO and adoption allowances: the run's days under 18 of children who left by the route; with
 *   an end age over 18, each child turning 18 in a month goes on for (end age − 18) years more.
 * - Care leavers: the run's days under 18 of children who left to independent living, then everyone
 *   who turns 18 having left that way or who ages out (any category) goes on to the end age.
 * - Staying Put: children ageing out of a foster placement, from their 18th birthday to the end age.
 *
 * A cohort turning 18 in a month is taken to have its birthdays spread evenly over the month's
 * covered days: (days + 1) / 2 days in the line that month on average, full months after, and
 * (days − 1) / 2 in the month of the end-age birthday. Care leavers from the projection include any
 * child under 16 leaving by the route (e.g. care taken over by another council, E15): the engine does
 * not record the age at leaving; in the returns such children are not care leavers.
 */
export function forecastLineDays(
  timeline: Pick<Timeline, 'months' | 'monthFirstDay' | 'monthEndDay'>,
  routes: readonly ExitRoute[],
  categories: readonly PlacementCategory[],
  leavers: LeaverFlows | undefined,
  run: number,
  settings: PostCareSettings,
  known: ReadonlyMap<string, Readonly<Record<PostCareLine, number>>>,
): Record<PostCareLine, number>[] {
  const nM = timeline.months.length;
  const nR = routes.length;
  const nC = categories.length;
  const covered = timeline.months.map(
    (_, i) => (timeline.monthEndDay[i] as number) - (timeline.monthFirstDay[i] as number) + 1,
  );
  const out = timeline.months.map((month) => ({ ...emptyLineCounts(), ...(known.get(month) ?? {}) }));
  if (!leavers) return out;
  const q = (route: ExitRoute) => routes.indexOf(route);
  const fostering = STAYING_PUT_CATEGORIES.map((c) => categories.indexOf(c)).filter((k) => k >= 0);
  const addCohort = (line: PostCareLine, month: number, n: number, years: number): void => {
    if (n === 0 || years <= 0) return;
    const last = month + 12 * years;
    const row = out[month] as Record<PostCareLine, number>;
    row[line] += (n * ((covered[month] as number) + 1)) / 2;
    for (let k = month + 1; k < Math.min(last, nM); k++)
      (out[k] as Record<PostCareLine, number>)[line] += n * (covered[k] as number);
    if (last < nM) (out[last] as Record<PostCareLine, number>)[line] += (n * ((covered[last] as number) - 1)) / 2;
  };
  for (let m = 0; m < nM; m++) {
    const base = (run * nM + m) * nR;
    const row = out[m] as Record<PostCareLine, number>;
    for (const line of ['sgo_cao_allowance', 'adoption_allowance', 'care_leavers'] as const) {
      const r = q(LINE_ROUTE[line]);
      if (r < 0) continue;
      row[line] += leavers.daysUnder18ByRoute[base + r] as number;
    }
    for (const line of ['sgo_cao_allowance', 'adoption_allowance'] as const) {
      const r = q(LINE_ROUTE[line]);
      if (r >= 0) addCohort(line, m, leavers.turning18ByRoute[base + r] as number, settings[line].endAge - 18);
    }
    const rIndependence = q('independence_or_18');
    let agedOut = 0;
    let agedOutFostered = 0;
    for (let c = 0; c < nC; c++) {
      const n = leavers.agedOutByCategory[(run * nM + m) * nC + c] as number;
      agedOut += n;
      if (fostering.includes(c)) agedOutFostered += n;
    }
    const turning = rIndependence >= 0 ? (leavers.turning18ByRoute[base + rIndependence] as number) : 0;
    addCohort('care_leavers', m, agedOut + turning, settings.care_leavers.endAge - 18);
    addCohort('staying_put', m, agedOutFostered, settings.staying_put.endAge - 18);
  }
  return out;
}

/** The routes and categories of the engine, in its order (for callers building LeaverFlows by hand). */
export const ENGINE_KEYS = { routes: EXIT_ROUTES, categories: PLACEMENT_CATEGORIES } as const;
