/**
 * Periods of care: the unit the demand model counts. Episodes of one child are joined into a
 * period while each ends the day the next begins (DEC = next DECOM, which is what REC = X1 means);
 * short breaks (LS V3/V4) are left out; consecutive episodes in the same placement category are
 * one segment, because a placement change within a category is not a transition.
 * Dates inside are day numbers (see dates.ts).
 */
import { dayNumberYearsLater, fromDayNumber, toDayNumber, type IsoDate } from '../dates.ts';
import { DEFAULT_AGE_BANDS, type AgeBand } from '../ageBands.ts';
import { isShortBreak, type CaseData, type Child, type Episode, type Sex } from '../model.ts';
import {
  DEFAULT_CATEGORY_MAPPING,
  placementCategory,
  type CategoryMapping,
  type PlacementCategory,
} from '../placementCategories.ts';
import { ethnicityGroup } from '../ssda903/codeLists.ts';

/** A stretch of a period of care in one placement category: days [start, end). */
export interface CareSegment {
  readonly start: number;
  /** First day not in this segment; null while open. */
  readonly end: number | null;
  readonly category: PlacementCategory;
}

export interface PeriodOfCare {
  readonly child: Child;
  readonly dobDay: number;
  /** Day numbers on which the child enters each band after the first (band minAge birthdays), then the 18th birthday. */
  readonly boundaries: readonly number[];
  readonly start: number;
  /** First day not looked after; null while open. */
  readonly end: number | null;
  /** REC of the last episode; null while open. */
  readonly reasonEnded: string | null;
  readonly segments: readonly CareSegment[];
}

/** Birthdays (day numbers) at each band boundary after the first band, then the 18th birthday. */
export function bandBoundaryDays(dob: IsoDate, bands: readonly AgeBand[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < bands.length; i++) out.push(dayNumberYearsLater(dob, (bands[i] as AgeBand).minAge));
  out.push(dayNumberYearsLater(dob, 18));
  return out;
}

/** Index of the band a child with these boundaries is in on `day` (the last index when 18 or over). */
export function bandIndexOn(boundaries: readonly number[], day: number): number {
  const nBands = boundaries.length; // bands - 1 boundaries + the 18th birthday
  let b = 0;
  while (b < nBands - 1 && day >= (boundaries[b] as number)) b++;
  return b;
}

export interface PeriodsResult {
  readonly periods: readonly PeriodOfCare[];
  readonly warnings: readonly string[];
}

/** Joins each child's episodes (short breaks left out) into periods of care. Input is not mutated. */
export function periodsOfCare(
  data: CaseData,
  mapping: CategoryMapping = DEFAULT_CATEGORY_MAPPING,
  bands: readonly AgeBand[] = DEFAULT_AGE_BANDS,
): PeriodsResult {
  const warnings: string[] = [];
  const children = new Map<string, Child>();
  for (const c of data.children) children.set(c.childId, c);
  const byChild = new Map<string, Episode[]>();
  let missingChild = 0;
  for (const e of data.episodes) {
    if (isShortBreak(e)) continue;
    if (!children.has(e.childId)) {
      missingChild++;
      continue;
    }
    let list = byChild.get(e.childId);
    if (!list) byChild.set(e.childId, (list = []));
    list.push(e);
  }
  if (missingChild > 0)
    warnings.push(`${missingChild} episode(s) have no header row for their child and were left out`);
  const periods: PeriodOfCare[] = [];
  const ids = [...byChild.keys()].sort();
  for (const id of ids) {
    const child = children.get(id) as Child;
    const eps = (byChild.get(id) as Episode[])
      .slice()
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const dobDay = toDayNumber(child.dob);
    const boundaries = bandBoundaryDays(child.dob, bands);
    let segs: { start: number; end: number | null; category: PlacementCategory }[] = [];
    let pStart = 0;
    let lastEnd: number | null = null;
    let lastReason: string | null = null;
    const flush = (): void => {
      if (segs.length > 0) {
        const end = lastEnd;
        if (end === null || end > pStart) {
          periods.push({
            child,
            dobDay,
            boundaries,
            start: pStart,
            end,
            reasonEnded: end === null ? null : lastReason,
            segments: segs,
          });
        }
      }
      segs = [];
    };
    for (const e of eps) {
      const s = toDayNumber(e.start);
      let en = e.end === null ? null : toDayNumber(e.end);
      if (en !== null && en < s) en = s;
      const cat = placementCategory(e.placement, e.provider, mapping);
      const joins = segs.length > 0 && lastEnd !== null && s <= lastEnd;
      if (!joins) {
        flush();
        pStart = s;
      } else if (s < (lastEnd as number)) {
        // Overlapping episodes: the earlier one is clipped where the later one starts.
        const prev = segs[segs.length - 1];
        if (prev) prev.end = Math.max(prev.start, s);
      }
      const prev = segs[segs.length - 1];
      if (prev && prev.category === cat && joins) prev.end = en;
      else segs.push({ start: s, end: en, category: cat });
      lastEnd = en;
      lastReason = e.reasonEnded;
      if (en === null) {
        flush();
        lastEnd = null;
      }
    }
    flush();
  }
  return { periods, warnings };
}

/**
 * The case data as an extract taken on `cutoff` would have shown it: episodes starting after the
 * cutoff are dropped and episodes still open on the cutoff lose their end date and reason.
 */
export function truncateAt(data: CaseData, cutoff: IsoDate): CaseData {
  const episodes: Episode[] = [];
  for (const e of data.episodes) {
    if (e.start > cutoff) continue;
    if (e.end !== null && e.end > cutoff) episodes.push({ ...e, end: null, reasonEnded: null });
    else episodes.push(e);
  }
  return { children: data.children, episodes };
}

/** A cohort of periods of care. Every field left out matches anything. */
export interface Cohort {
  readonly sex?: Sex;
  /** ethnicityGroup() of the ETHNIC code: white, mixed, asian, black, other, not_known. */
  readonly ethnicityGroup?: string;
  readonly uasc?: boolean;
  /** Key of the age band the child was in when the period of care began. */
  readonly entryAgeBand?: string;
}

export function cohortLabel(cohort: Cohort): string {
  const parts: string[] = [];
  if (cohort.sex !== undefined) parts.push(`sex=${cohort.sex}`);
  if (cohort.ethnicityGroup !== undefined) parts.push(`ethnicity=${cohort.ethnicityGroup}`);
  if (cohort.uasc !== undefined) parts.push(cohort.uasc ? 'uasc' : 'not-uasc');
  if (cohort.entryAgeBand !== undefined) parts.push(`entry-band=${cohort.entryAgeBand}`);
  return parts.length === 0 ? 'all' : parts.join(',');
}

export function inCohort(period: PeriodOfCare, cohort: Cohort, bands: readonly AgeBand[] = DEFAULT_AGE_BANDS): boolean {
  const c = period.child;
  if (cohort.sex !== undefined && c.sex !== cohort.sex) return false;
  if (cohort.ethnicityGroup !== undefined && ethnicityGroup(c.ethnicity) !== cohort.ethnicityGroup) return false;
  if (cohort.uasc !== undefined && c.uasc !== cohort.uasc) return false;
  if (cohort.entryAgeBand !== undefined) {
    const band = bands[bandIndexOn(period.boundaries, period.start)];
    if (!band || band.key !== cohort.entryAgeBand) return false;
  }
  return true;
}

/**
 * First day the data are taken to be complete (every period of care seen): 1 April of the
 * collection year holding the earliest DEC, since each 903 return covers a whole collection year.
 */
export function coverageStartDay(periods: readonly PeriodOfCare[]): number | null {
  let min: number | null = null;
  for (const p of periods) {
    for (const s of p.segments) {
      if (s.end !== null && (min === null || s.end < min)) min = s.end;
    }
  }
  if (min === null) return null;
  const iso = fromDayNumber(min);
  const y = Number(iso.slice(0, 4));
  const aprilFirst = toDayNumber(`${iso.slice(5, 7) >= '04' ? y : y - 1}-04-01`);
  return aprilFirst;
}
