/**
 * Children to pick for a permanence project (issue 11): every child looked after on a day, by
 * pseudonym, with their age band, placement category and time in the current period of care. No
 * names or dates of birth: what an analyst needs to choose a cohort. Pure: periods and day passed in.
 */
import { DEFAULT_AGE_BANDS, type AgeBand } from '../ageBands.ts';
import { fromDayNumber, toDayNumber, type IsoDate } from '../dates.ts';
import { bandIndexOn, type PeriodOfCare } from '../engine/periods.ts';
import { PLACEMENT_CATEGORIES, type PlacementCategory } from '../placementCategories.ts';

export interface ChildInCare {
  /** The pseudonym. */
  readonly childId: string;
  readonly ageBand: string;
  readonly category: PlacementCategory;
  /** The day the current period of care began. */
  readonly periodStart: IsoDate;
  /** Whole months from the period's start to the day (a month is completed on the same day of the month). */
  readonly monthsInCare: number;
}

/** Completed calendar months from `from` to `to` (2025-01-31 to 2025-02-28: 0; to 2025-03-01: 1). */
export function completedMonths(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const months = (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
  return Math.max(0, months);
}

/** "Under a month", "1 month", "11 months", "1 year", "2 years 3 months". */
export function timeInCareLabel(months: number): string {
  if (months < 1) return 'Under a month';
  const y = Math.floor(months / 12);
  const m = months % 12;
  const part = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (y === 0) return part(m, 'month', 'months');
  return m === 0 ? part(y, 'year', 'years') : `${part(y, 'year', 'years')} ${part(m, 'month', 'months')}`;
}

/**
 * The children looked after on `day` (a period open on it: start <= day < end), with the category
 * of the segment open that day and the age band on it; ordered by category (as PLACEMENT_CATEGORIES lists them), age band, then the
 * longest in care first, then pseudonym.
 */
export function childrenInCareOn(
  periods: readonly PeriodOfCare[],
  day: IsoDate,
  bands: readonly AgeBand[] = DEFAULT_AGE_BANDS,
): ChildInCare[] {
  const d = toDayNumber(day);
  const out: ChildInCare[] = [];
  for (const p of periods) {
    if (p.start > d || (p.end !== null && p.end <= d)) continue;
    const segment = p.segments.find((s) => s.start <= d && (s.end === null || s.end > d)) ?? p.segments.at(-1);
    if (!segment) continue;
    const band = bands[Math.min(bandIndexOn(p.boundaries, d), bands.length - 1)] as AgeBand;
    const periodStart = fromDayNumber(p.start);
    out.push({
      childId: p.child.childId,
      ageBand: band.key,
      category: segment.category,
      periodStart,
      monthsInCare: completedMonths(periodStart, day),
    });
  }
  const bandOrder = new Map(bands.map((b, i) => [b.key, i]));
  const categoryOrder = new Map(PLACEMENT_CATEGORIES.map((c, i) => [c, i]));
  return out.sort(
    (a, b) =>
      (categoryOrder.get(a.category) ?? 0) - (categoryOrder.get(b.category) ?? 0) ||
      (bandOrder.get(a.ageBand) ?? 0) - (bandOrder.get(b.ageBand) ?? 0) ||
      a.periodStart.localeCompare(b.periodStart) ||
      a.childId.localeCompare(b.childId),
  );
}
