/**
 * The permanence tracker (issue 11): a project's cohort of children in care, each with a planned
 * exit route and month, checked against the returns. Nobody types an outcome: a child whose period
 * of care ended by the planned route group is achieved on that day; by another route, flagged for
 * review; still in care after the planned month, overdue. Pure: the case data and dates are passed in.
 *
 * Which period of care is the project's: the child's first period of care open on or after the
 * project's start (`trackedFrom`). Every child in the cohort must be looked after on that day; a
 * later re-entry does not undo an exit already achieved.
 */
import { addDays, addYears, endOfMonth, fromDayNumber, monthKey, toDayNumber, type IsoDate } from '../dates.ts';
import type { PeriodOfCare } from '../engine/periods.ts';

export const PLANNED_ROUTES = ['return_home', 'sgo_cao', 'adoption', 'other'] as const;
export type PlannedRoute = (typeof PLANNED_ROUTES)[number];

export const PLANNED_ROUTE_LABELS: Readonly<Record<PlannedRoute, string>> = {
  return_home: 'Return home',
  sgo_cao: 'Special guardianship or child arrangements order',
  adoption: 'Adoption',
  other: 'Other',
};

/** The 903 REC codes of each route group (issue 11); every other exit code is `other`. */
export const PLANNED_ROUTE_RECS: Readonly<Record<Exclude<PlannedRoute, 'other'>, readonly string[]>> = {
  return_home: ['E4A', 'E4B'],
  sgo_cao: ['E41', 'E43', 'E44', 'E45', 'E46', 'E47', 'E48'],
  adoption: ['E11', 'E12'],
};

export function isPlannedRoute(value: string): value is PlannedRoute {
  return (PLANNED_ROUTES as readonly string[]).includes(value);
}

/** The route group of a period of care that ended with REC `rec`. */
export function plannedRouteOfRec(rec: string): PlannedRoute {
  for (const route of ['return_home', 'sgo_cao', 'adoption'] as const) {
    if (PLANNED_ROUTE_RECS[route].includes(rec)) return route;
  }
  return 'other';
}

export type TrackerStatus = 'in_scope' | 'out_of_scope';

/** Reasons a child may be taken out of scope, unless the council keeps its own list. */
export const DEFAULT_OUT_OF_SCOPE_REASONS: readonly string[] = [
  'Care plan changed',
  'Court decision',
  'Assessment not supportive',
  'Family circumstances changed',
  'Child moved to another council',
  'Other',
];

/** Codes for notes on a child (a code and a date, never free text), unless the council keeps its own list. */
export const DEFAULT_NOTE_CODES: readonly string[] = [
  'Care plan reviewed',
  'Assessment started',
  'Assessment completed',
  'Family meeting held',
  'Application made to court',
  'Court hearing',
  'Support plan agreed',
];

/** One child of a project's cohort, as stored (the id is the child's pseudonym). */
export interface TrackedChild {
  readonly childId: string;
  readonly plannedRoute: PlannedRoute;
  /** YYYY-MM. */
  readonly plannedMonth: string;
  readonly status: TrackerStatus;
  /** Why the child is out of scope; null when in scope. */
  readonly reason: string | null;
}

export type ChildOutcome =
  /** Left care by the planned route group. */
  | 'achieved'
  /** Left care by another route: for review. */
  | 'other_route'
  /** Still in care after the planned month. */
  | 'overdue'
  /** Still in care, planned month not yet passed. */
  | 'in_care'
  /** Taken out of scope (whatever happened since). */
  | 'out_of_scope';

export interface ChildProgress extends TrackedChild {
  readonly outcome: ChildOutcome;
  /** The day the project's period of care ended (the 903 DEC), when it has. */
  readonly exitDate: IsoDate | null;
  /** Its REC code. */
  readonly exitReason: string | null;
  readonly exitRoute: PlannedRoute | null;
}

export interface TrackerMonth {
  /** YYYY-MM. */
  readonly month: string;
  /** In-scope children planned to leave this month. */
  readonly planned: number;
  /** In-scope children who left this month by their planned route (project exits). */
  readonly achieved: number;
  /** In-scope children who left this month by another route. */
  readonly otherRoute: number;
  readonly cumulativePlanned: number;
  readonly cumulativeAchieved: number;
  /** Council-wide, from the returns; null for months after the data. */
  readonly lookedAfterStart: number | null;
  readonly admissions: number | null;
  readonly discharges: number | null;
  readonly lookedAfterEnd: number | null;
}

export interface TrackerCounts {
  readonly inScope: number;
  readonly outOfScope: number;
  readonly achieved: number;
  readonly otherRoute: number;
  readonly overdue: number;
}

export interface TrackerReport {
  readonly trackedFrom: IsoDate;
  readonly asAt: IsoDate;
  readonly children: readonly ChildProgress[];
  readonly counts: TrackerCounts;
  readonly months: readonly TrackerMonth[];
}

/** "2026-04" -> true; months 01-12 only. */
export function isMonthKey(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/** Months from `first` to `last` inclusive, as YYYY-MM. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The project's period of care for each child: the first open on or after `trackedFrom`. */
export function projectPeriods(
  periods: readonly PeriodOfCare[],
  trackedFrom: IsoDate,
): ReadonlyMap<string, PeriodOfCare> {
  const from = toDayNumber(trackedFrom);
  const out = new Map<string, PeriodOfCare>();
  for (const p of periods) {
    if (p.start > from) continue;
    if (p.end !== null && p.end <= from) continue;
    out.set(p.child.childId, p);
  }
  return out;
}

/** Where each child stands on `asAt` (the latest day the returns cover). */
export function childProgress(child: TrackedChild, period: PeriodOfCare | undefined, asAt: IsoDate): ChildProgress {
  const ended = period !== undefined && period.end !== null && period.end <= toDayNumber(asAt);
  const exitDate = ended ? fromDayNumber(period.end as number) : null;
  const exitReason = ended ? period.reasonEnded : null;
  const exitRoute = exitReason === null ? null : plannedRouteOfRec(exitReason);
  let outcome: ChildOutcome;
  if (child.status === 'out_of_scope') outcome = 'out_of_scope';
  else if (exitRoute !== null) outcome = exitRoute === child.plannedRoute ? 'achieved' : 'other_route';
  else outcome = asAt > endOfMonth(`${child.plannedMonth}-01`) ? 'overdue' : 'in_care';
  return { ...child, outcome, exitDate, exitReason, exitRoute };
}

/**
 * The tracker as at `asAt`: each child's progress, the counts, and month by month from the
 * project's start to the later of its last planned month and `asAt`, the planned and achieved
 * exits beside the council's looked after path (start + admissions - discharges = end), counted
 * from every period of care in the returns.
 */
export function trackerReport(
  cohort: readonly TrackedChild[],
  periods: readonly PeriodOfCare[],
  trackedFrom: IsoDate,
  asAt: IsoDate,
): TrackerReport {
  const own = projectPeriods(periods, trackedFrom);
  const children = cohort.map((c) => childProgress(c, own.get(c.childId), asAt));
  const counts = {
    inScope: children.filter((c) => c.status === 'in_scope').length,
    outOfScope: children.filter((c) => c.status === 'out_of_scope').length,
    achieved: children.filter((c) => c.outcome === 'achieved').length,
    otherRoute: children.filter((c) => c.outcome === 'other_route').length,
    overdue: children.filter((c) => c.outcome === 'overdue').length,
  };
  const lastPlanned = cohort.reduce((m, c) => (c.plannedMonth > m ? c.plannedMonth : m), monthKey(trackedFrom));
  const asAtMonth = monthKey(asAt);
  const months = monthsBetween(monthKey(trackedFrom), lastPlanned > asAtMonth ? lastPlanned : asAtMonth);

  const planned = new Map<string, number>();
  const achieved = new Map<string, number>();
  const otherRoute = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  for (const c of children) {
    if (c.status !== 'in_scope') continue;
    bump(planned, c.plannedMonth);
    if (c.exitDate !== null) bump(c.outcome === 'achieved' ? achieved : otherRoute, monthKey(c.exitDate));
  }

  // The council's path: a period starting in a month is an admission, one whose DEC (first day not
  // looked after) falls in it a discharge; looked after at a month's end = open on its last day
  // (start <= day < end), so that start + admissions - discharges = end exactly.
  const asAtDay = toDayNumber(asAt);
  const out: TrackerMonth[] = [];
  let cumulativePlanned = 0;
  let cumulativeAchieved = 0;
  for (const month of months) {
    const first = toDayNumber(`${month}-01`);
    const last = toDayNumber(endOfMonth(`${month}-01`));
    cumulativePlanned += planned.get(month) ?? 0;
    cumulativeAchieved += achieved.get(month) ?? 0;
    const known = last <= asAtDay;
    let start = 0;
    let end = 0;
    let admissions = 0;
    let discharges = 0;
    if (known) {
      for (const p of periods) {
        if (p.start < first && (p.end === null || p.end >= first)) start++;
        if (p.start <= last && (p.end === null || p.end > last)) end++;
        if (p.start >= first && p.start <= last) admissions++;
        if (p.end !== null && p.end >= first && p.end <= last) discharges++;
      }
    }
    out.push({
      month,
      planned: planned.get(month) ?? 0,
      achieved: achieved.get(month) ?? 0,
      otherRoute: otherRoute.get(month) ?? 0,
      cumulativePlanned,
      cumulativeAchieved,
      lookedAfterStart: known ? start : null,
      admissions: known ? admissions : null,
      discharges: known ? discharges : null,
      lookedAfterEnd: known ? end : null,
    });
  }
  return { trackedFrom, asAt, children, counts, months: out };
}

/** The last day a child can be in care or draw an allowance that stops at `age`. */
export function dayBeforeBirthday(dob: IsoDate, age: number): IsoDate {
  return addDays(addYears(dob, age), -1);
}
