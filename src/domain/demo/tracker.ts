/**
 * A permanence project for the synthetic demo council: children in care a year before the end of
 * the returns, placed with relatives or friends, with parents, in in-house fostering or placed for
 * adoption, whom a council would plan to help leave care. Their plans are written the way a
 * project team would have written them a year earlier: most children's planned route is the one
 * they later took, some left another way (for review), some are still in care past their planned
 * month (overdue) or planned for the coming months, and a few were taken out of scope. Pure and
 * deterministic: the same case data give the same project.
 */
import { addMonths, monthKey, toDayNumber, fromDayNumber, type IsoDate } from '../dates.ts';
import type { PeriodOfCare } from '../engine/periods.ts';
import type { PlacementCategory } from '../placementCategories.ts';
import {
  DEFAULT_OUT_OF_SCOPE_REASONS,
  PLANNED_ROUTES,
  plannedRouteOfRec,
  projectPeriods,
  type PlannedRoute,
  type TrackedChild,
} from '../permanence/tracker.ts';

export const DEMO_TRACKER_PROJECT = 'Permanence and reunification';
const CATEGORIES: ReadonlySet<PlacementCategory> = new Set([
  'kinship_fostering',
  'placed_with_parents',
  'inhouse_fostering',
  'placed_for_adoption',
]);
const ROUTE_BY_CATEGORY: Readonly<Partial<Record<PlacementCategory, PlannedRoute>>> = {
  kinship_fostering: 'sgo_cao',
  placed_with_parents: 'return_home',
  placed_for_adoption: 'adoption',
  inhouse_fostering: 'return_home',
};

/** The project starts on the first day of the month a year before `asAt`. */
export function demoTrackerStart(asAt: IsoDate): IsoDate {
  return `${monthKey(addMonths(asAt, -12))}-01`;
}

export function demoTrackerCohort(periods: readonly PeriodOfCare[], asAt: IsoDate, size = 40): TrackedChild[] {
  const trackedFrom = demoTrackerStart(asAt);
  const from = toDayNumber(trackedFrom);
  const own = projectPeriods(periods, trackedFrom);
  const candidates = [...own.values()]
    .filter((p) => {
      const seg = p.segments.find((s) => s.start <= from && (s.end === null || s.end > from));
      const age = (from - p.dobDay) / 365.25;
      return seg !== undefined && CATEGORIES.has(seg.category) && age >= 1 && age < 16;
    })
    .sort((a, b) => (a.child.childId < b.child.childId ? -1 : 1))
    .slice(0, size);
  return candidates.map((p, i) => {
    const seg = p.segments.find((s) => s.start <= from && (s.end === null || s.end > from));
    const usual = ROUTE_BY_CATEGORY[seg?.category ?? 'kinship_fostering'] ?? 'other';
    const left = p.end !== null && p.reasonEnded !== null;
    let plannedRoute: PlannedRoute = usual;
    let plannedMonth: string;
    if (left) {
      const taken = plannedRouteOfRec(p.reasonEnded as string);
      // Four in five were planned the way they went; the fifth another way.
      plannedRoute = i % 5 === 4 ? (PLANNED_ROUTES.find((r) => r !== taken && r !== 'other') ?? usual) : taken;
      plannedMonth = monthKey(fromDayNumber((p.end as number) - (i % 3) * 30));
    } else {
      // Still in care: planned from four months ago to six months ahead.
      plannedMonth = monthKey(addMonths(asAt, (i % 11) - 4));
    }
    if (plannedMonth < monthKey(trackedFrom)) plannedMonth = monthKey(trackedFrom);
    const outOfScope = i % 8 === 7;
    return {
      childId: p.child.childId,
      plannedRoute,
      plannedMonth,
      status: outOfScope ? 'out_of_scope' : 'in_scope',
      reason: outOfScope ? (DEFAULT_OUT_OF_SCOPE_REASONS[i % 4] as string) : null,
    };
  });
}
