/**
 * The starting population: every child looked after on the forecast start date, with their exact
 * date of birth (so ageing in the projection is exact) and current placement category.
 */
import { toDayNumber, type IsoDate } from '../dates.ts';
import { DEFAULT_AGE_BANDS, type AgeBand } from '../ageBands.ts';
import { PLACEMENT_CATEGORIES } from '../placementCategories.ts';
import { bandIndexOn, inCohort, type Cohort, type PeriodOfCare } from './periods.ts';

export interface StartingChild {
  /** The child's id as stored (the pseudonym), so child-level costs can be joined; absent in hand-built populations. */
  readonly childId?: string;
  readonly dobDay: number;
  /** Band boundary birthdays then the 18th birthday (day numbers). */
  readonly boundaries: readonly number[];
  readonly band: number;
  readonly category: number;
  /** Day number the child's period of care began (for time in care); absent = long ago. */
  readonly periodStart?: number;
}

export interface StartingPopulation {
  readonly start: IsoDate;
  readonly children: readonly StartingChild[];
}

/** Children looked after on `start` (under 18), in a stable order (by child id). */
export function startingPopulation(
  periods: readonly PeriodOfCare[],
  start: IsoDate,
  cohort: Cohort = {},
  bands: readonly AgeBand[] = DEFAULT_AGE_BANDS,
): StartingPopulation {
  const day = toDayNumber(start);
  const children: StartingChild[] = [];
  for (const p of periods) {
    if (p.start > day || (p.end !== null && p.end <= day)) continue;
    if (day >= (p.boundaries[p.boundaries.length - 1] as number)) continue;
    if (!inCohort(p, cohort, bands)) continue;
    const seg = p.segments.find((s) => s.start <= day && (s.end === null || day < s.end));
    if (!seg) continue;
    children.push({
      childId: p.child.childId,
      dobDay: p.dobDay,
      boundaries: p.boundaries,
      band: bandIndexOn(p.boundaries, day),
      category: PLACEMENT_CATEGORIES.indexOf(seg.category),
      periodStart: p.start,
    });
  }
  return { start, children };
}
