/**
 * Indicators from the SSDA903 return for one collection year (1 April to 31 March), counted as the
 * DfE's "Children looked after in England including adoptions" and "Stability measures" releases
 * count them, so that a council's figure can sit beside the published ones:
 *
 * - looked after on 31 March: children with an episode open that day (DECOM <= 31 March < DEC);
 * - starting to be looked after: children whose period of care began in the year, counted once (the
 *   first occasion in the year), with their age on that day in the DfE's age groups;
 * - three or more placements: children looked after on 31 March who were in three or more
 *   placements during the year (placementsDuring: the placement they were in on 1 April, or their
 *   first, and each new placement after it: RNE S, P, B, T or U); temporary placements (PLACE
 *   T0-T4: hospital, holiday, respite for the carer, a week or less) are not counted. This is the
 *   one definition: the Sufficiency work's count on any day (../sufficiency/stability.ts) uses it;
 * - long-term stability with the same carer (longTermSameCarer): children under 16 on 31 March
 *   looked after continuously for at least two and a half years, of whom those living with the same
 *   carer for at least two years (the carer is the same across an episode boundary when RNE is L, T
 *   or U);
 * - adoption timeliness: children adopted in the year (REC E11/E12), days from entering care to
 *   moving in with the family that adopted them (the start of the stay with the final carer, so a
 *   child adopted by their foster carers is counted from when they moved in with them), and to the
 *   adoption itself; the mean of each, as the DfE's adoption scorecard (A1) reports it.
 *
 * Short breaks (LS V3/V4) are left out everywhere, as in the national statistics. Pure: no I/O.
 *
 * Long-term stability has two wordings, and Forecare keeps both on purpose: here the DfE's 2025 data
 * set's ("living with the same carer for at least 2 years"), so that the figure compares with the
 * published tables; src/domain/sufficiency/stability.ts (issue 11) the older one on any day
 * (longTermSamePlacement: in the same placement for two years, or placed for adoption with the
 * placement before it lasting two years together). A child who moves with their carer (RNE T or U)
 * keeps the carer but not the placement; a child placed for adoption with new carers keeps neither
 * but can count in the older measure.
 */
import { addMonths, addYears, ageOn, isoFromYmd, toDayNumber, type IsoDate } from '../dates.ts';
import { isShortBreak, type CaseData, type Child, type Episode } from '../model.ts';

/** The DfE's age groups for children starting to be looked after. */
export const ENTRY_AGE_GROUPS = [
  { key: 'under1', label: 'Under 1 year', minAge: 0 },
  { key: 'age1to4', label: '1 to 4 years', minAge: 1 },
  { key: 'age5to9', label: '5 to 9 years', minAge: 5 },
  { key: 'age10to15', label: '10 to 15 years', minAge: 10 },
  { key: 'age16plus', label: '16 years and over', minAge: 16 },
] as const;
export type EntryAgeGroup = (typeof ENTRY_AGE_GROUPS)[number]['key'];

/** RNE codes that start a new placement. */
const NEW_PLACEMENT = new Set(['S', 'P', 'B', 'T', 'U']);
/** RNE codes where the carer did not change. */
const SAME_CARER = new Set(['L', 'T', 'U']);
/** Temporary placements, not counted as placements. */
const TEMPORARY_PLACEMENT = /^T[0-4]$/;
const ADOPTED = new Set(['E11', 'E12']);

export interface CountOf {
  /** Children meeting the measure. */
  readonly children: number;
  /** Children it is measured over. */
  readonly of: number;
}

export interface AdoptionTimeliness {
  /** Children adopted in the year. */
  readonly adopted: number;
  /** Mean days from entering care to moving in with the adoptive family; null with no adoptions. */
  readonly meanDaysToMovingIn: number | null;
  /** Mean days from entering care to the adoption; null with no adoptions. */
  readonly meanDaysToAdoption: number | null;
}

export interface LookedAfterIndicators {
  /** Collection year, named by the 31 March it ends on. */
  readonly year: number;
  readonly yearStart: IsoDate;
  readonly yearEnd: IsoDate;
  readonly lookedAfterOn31March: number;
  /** Children who started to be looked after in the year (first occasion only). */
  readonly started: number;
  readonly startedByAge: Readonly<Record<EntryAgeGroup, number>>;
  readonly threeOrMorePlacements: CountOf;
  /** Under 16s looked after 2.5 years or more, of whom with the same carer 2 years or more. */
  readonly longTermSameCarer: CountOf;
  readonly adoption: AdoptionTimeliness;
}

/** A run of one child's episodes without a gap (each ends the day the next begins). */
export interface Period {
  readonly episodes: readonly Episode[];
  readonly start: IsoDate;
  readonly end: IsoDate | null;
}

/** Each child's episodes (short breaks left out) sorted by start and joined into periods of care. */
export function periodsByChild(data: CaseData): Map<string, Period[]> {
  const byChild = new Map<string, Episode[]>();
  for (const e of data.episodes) {
    if (isShortBreak(e)) continue;
    let list = byChild.get(e.childId);
    if (!list) byChild.set(e.childId, (list = []));
    list.push(e);
  }
  const out = new Map<string, Period[]>();
  for (const [childId, episodes] of byChild) out.set(childId, periodsOf(episodes));
  return out;
}

/** One child's episodes (any order; short breaks left out) sorted by start and joined into periods of care. */
export function periodsOf(episodes: readonly Episode[]): Period[] {
  const sorted = episodes
    .filter((e) => !isShortBreak(e))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const periods: Period[] = [];
  let run: Episode[] = [];
  for (const e of sorted) {
    const last = run[run.length - 1];
    if (last && last.end === e.start) run.push(e);
    else {
      if (run.length > 0) periods.push(toPeriod(run));
      run = [e];
    }
  }
  if (run.length > 0) periods.push(toPeriod(run));
  return periods;
}

function toPeriod(episodes: Episode[]): Period {
  return {
    episodes,
    start: (episodes[0] as Episode).start,
    end: (episodes[episodes.length - 1] as Episode).end,
  };
}

/** The day the child began living with the carer of episode `index` of the period. */
function carerSince(period: Period, index: number): IsoDate {
  let i = index;
  while (i > 0 && SAME_CARER.has((period.episodes[i] as Episode).reasonNew)) i--;
  return (period.episodes[i] as Episode).start;
}

function ageGroupOf(age: number): EntryAgeGroup {
  let group: EntryAgeGroup = 'under1';
  for (const g of ENTRY_AGE_GROUPS) if (age >= g.minAge) group = g.key;
  return group;
}

/**
 * The placements a child was in at any time from `from` to `to` (both inclusive), as the DfE counts
 * them for "three or more placements during the year": in each period of care, the first episode
 * in the span and each later one starting a new placement (RNE S, P, B, T or U); temporary
 * placements (T0-T4) are not counted. The one definition of the count (see the module comment).
 */
export function placementsDuring(periods: readonly Period[], from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (const p of periods) {
    let first = true;
    for (const e of p.episodes) {
      const overlaps = e.start <= to && (e.end === null || e.end > from);
      if (!overlaps || TEMPORARY_PLACEMENT.test(e.placement)) continue;
      if (first || NEW_PLACEMENT.has(e.reasonNew)) count++;
      first = false;
    }
  }
  return count;
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The indicators for collection year `year` (1 April of year - 1 to 31 March of year). Input is not mutated. */
export function lookedAfterIndicators(data: CaseData, year: number): LookedAfterIndicators {
  const yearStart = isoFromYmd(year - 1, 4, 1);
  const yearEnd = isoFromYmd(year, 3, 31);
  const children = new Map<string, Child>();
  for (const c of data.children) children.set(c.childId, c);
  const startedByAge: Record<EntryAgeGroup, number> = {
    under1: 0,
    age1to4: 0,
    age5to9: 0,
    age10to15: 0,
    age16plus: 0,
  };
  let lookedAfter = 0;
  let started = 0;
  let threePlus = 0;
  let longTermOf = 0;
  let longTermStable = 0;
  const daysToMovingIn: number[] = [];
  const daysToAdoption: number[] = [];
  const continuousSince = addMonths(yearEnd, -30);
  const sameCarerSince = addYears(yearEnd, -2);

  for (const [childId, periods] of periodsByChild(data)) {
    const child = children.get(childId);
    if (!child) continue;
    const firstStart = periods.find((p) => p.start >= yearStart && p.start <= yearEnd);
    if (firstStart) {
      started++;
      startedByAge[ageGroupOf(ageOn(child.dob, firstStart.start))]++;
    }
    const open = periods.find((p) => p.start <= yearEnd && (p.end === null || yearEnd < p.end));
    if (open) {
      lookedAfter++;
      if (placementsDuring(periods, yearStart, yearEnd) >= 3) threePlus++;
      if (ageOn(child.dob, yearEnd) < 16 && open.start <= continuousSince) {
        longTermOf++;
        const index = open.episodes.findIndex((e) => e.start <= yearEnd && (e.end === null || yearEnd < e.end));
        if (index >= 0 && carerSince(open, index) <= sameCarerSince) longTermStable++;
      }
    }
    for (const p of periods) {
      const last = p.episodes[p.episodes.length - 1] as Episode;
      if (p.end === null || p.end < yearStart || p.end > yearEnd || !ADOPTED.has(last.reasonEnded ?? '')) continue;
      const entered = toDayNumber(p.start);
      daysToMovingIn.push(toDayNumber(carerSince(p, p.episodes.length - 1)) - entered);
      daysToAdoption.push(toDayNumber(p.end) - entered);
    }
  }
  return {
    year,
    yearStart,
    yearEnd,
    lookedAfterOn31March: lookedAfter,
    started,
    startedByAge,
    threeOrMorePlacements: { children: threePlus, of: lookedAfter },
    longTermSameCarer: { children: longTermStable, of: longTermOf },
    adoption: {
      adopted: daysToAdoption.length,
      meanDaysToMovingIn: mean(daysToMovingIn),
      meanDaysToAdoption: mean(daysToAdoption),
    },
  };
}

/** Children per 10,000 of the population aged 0-17; null without a population. */
export function ratePer10000(count: number, population: number | null): number | null {
  if (population === null || population <= 0) return null;
  return (count * 10_000) / population;
}

/** A share as a percentage; null when measured over nobody. */
export function percentOf(count: CountOf): number | null {
  return count.of === 0 ? null : (count.children * 100) / count.of;
}
