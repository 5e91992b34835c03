/**
 * Distance and stability of placements (issue 11), from the returns, for the children looked after
 * on a day (short breaks left out; a child needs a header row, as in the stock count):
 *
 * - **placed more than 20 miles away**: the current episode's PL_DISTANCE (miles from home to the
 *   placement, worked out by the DfE from the postcodes) over 20, of the children whose distance is
 *   recorded;
 * - **placed outside the council's area**: the current episode's PL_LA differs from the council's
 *   own code, of the children whose PL_LA is recorded;
 * - **three or more placements in the year**: placements the child was in at any time in the 12
 *   months up to the day (the year from the day after the same day a year earlier), of all the
 *   children looked after on the day, counted by the indicators' one definition (placementsDuring
 *   in ../indicators/lookedAfter.ts: temporary placements T0-T4 are not counted), so that on 31
 *   March it is the Indicators page's figure;
 * - **long-term stability in the same placement** (longTermSamePlacement, the DfE's older wording):
 *   of the children under 16 on the day who have been looked after continuously for at least two and
 *   a half years, those who have lived in the same placement for at least two years, or who are
 *   placed for adoption (PLACE A3-A6) and whose adoptive placement and the placement before it
 *   together have lasted at least two years. It differs on purpose from the Indicators page's
 *   long-term stability with the same carer (the DfE's 2025 wording; see ../indicators/lookedAfter.ts):
 *   a move with the same carer (RNE T or U) starts a new placement here.
 *
 * A placement starts with an episode whose reason for new episode (RNE) is S (started to be
 * looked after), P, B, T or U (a change of placement); an episode with RNE L (legal status only)
 * continues the placement before it when it starts the day that one ended. A period of care is a
 * run of episodes each starting the day the one before ended. The current episode is the
 * latest-starting open one. Pure.
 */
import { addDays, addMonths, addYears, ageOn, type IsoDate } from '../dates.ts';
import { periodsOf, placementsDuring } from '../indicators/lookedAfter.ts';
import { isOpenOn, isShortBreak, type CaseData, type Episode } from '../model.ts';

/** Distance over which a placement counts as far from home (the DfE's band: "over 20 miles"). */
export const FAR_PLACEMENT_MILES = 20;
/** Placements in a year from which a child counts as unstable (the DfE's "three or more placements"). */
export const MANY_PLACEMENTS = 3;
/** Placement types of a child placed for adoption. */
const PLACED_FOR_ADOPTION: ReadonlySet<string> = new Set(['A3', 'A4', 'A5', 'A6']);
/** Reasons for a new episode that start a new placement (S: a new period of care; the rest: a change of placement). */
const NEW_PLACEMENT_RNE: ReadonlySet<string> = new Set(['S', 'P', 'B', 'T', 'U']);

/** A count of children meeting a condition among those it can be worked out for. */
export interface ShareOf {
  /** Children the condition can be worked out for (the denominator). */
  readonly of: number;
  /** Children meeting it (the numerator). */
  readonly count: number;
  /** count / of; null when `of` is 0. */
  readonly share: number | null;
}

export interface StabilityIndicators {
  readonly date: IsoDate;
  /** Children looked after on the day (short breaks left out, header row needed). */
  readonly lookedAfter: number;
  /** Placed more than 20 miles from home, of those with a distance recorded. */
  readonly farFromHome: ShareOf;
  /** Placed outside the council's area, of those with a placement LA recorded. */
  readonly outOfArea: ShareOf;
  /** Three or more placements in the year up to the day, of every child looked after on the day. */
  readonly manyPlacements: ShareOf;
  /** In the same placement (or placed for adoption) two years or more, of those under 16 looked after 2.5 years or more. */
  readonly longTermSamePlacement: ShareOf;
}

/** One placement: a run of episodes with the same carer, from its first episode's start to its last's end. */
export interface Placement {
  readonly start: IsoDate;
  /** The first day no longer in the placement; null while it goes on. */
  readonly end: IsoDate | null;
  /** PLACE of its latest episode. */
  readonly placement: string;
  /** The start of the period of care it is part of. */
  readonly periodStart: IsoDate;
}

function shareOf(count: number, of: number): ShareOf {
  return { of, count, share: of === 0 ? null : count / of };
}

/**
 * A child's placements from their episodes (any order; short breaks are left out here), in start
 * order. An episode continues the one before it when it starts the day that one ended; it starts a
 * new placement when its RNE is S, P, B, T or U or when it does not continue anything.
 */
export function placementsOf(episodes: readonly Episode[]): Placement[] {
  const sorted = episodes.filter((e) => !isShortBreak(e)).sort((a, b) => (a.start < b.start ? -1 : 1));
  const out: Placement[] = [];
  let current: { start: IsoDate; end: IsoDate | null; placement: string; periodStart: IsoDate } | null = null;
  for (const e of sorted) {
    const continues = current !== null && current.end === e.start;
    if (current !== null && continues && !NEW_PLACEMENT_RNE.has(e.reasonNew)) {
      current.end = e.end;
      current.placement = e.placement;
      continue;
    }
    const periodStart: IsoDate = current !== null && continues && e.reasonNew !== 'S' ? current.periodStart : e.start;
    if (current !== null) out.push({ ...current });
    current = { start: e.start, end: e.end, placement: e.placement, periodStart };
  }
  if (current !== null) out.push({ ...current });
  return out;
}

/** The first day of the year up to `date`: the day after the same day a year earlier. */
export function yearUpTo(date: IsoDate): IsoDate {
  return addDays(addYears(date, -1), 1);
}

/**
 * Whether a child in care on `date` (whose placements are `placements`, the last one open on that
 * day) counts in the long-term stability measure in the same placement, and whether they are
 * stable. Null when not counted (16 or over, or looked after less than two and a half years).
 */
export function longTermSamePlacement(placements: readonly Placement[], dob: IsoDate, date: IsoDate): boolean | null {
  if (ageOn(dob, date) >= 16) return null;
  const i = placements.findIndex((p) => isOpenOn(p, date));
  const now = placements[i];
  if (now === undefined) return null;
  if (now.periodStart > addMonths(date, -30)) return null;
  const twoYearsAgo = addYears(date, -2);
  if (now.start <= twoYearsAgo) return true;
  if (!PLACED_FOR_ADOPTION.has(now.placement)) return false;
  const before = placements[i - 1];
  return before !== undefined && before.end === now.start && before.periodStart === now.periodStart
    ? before.start <= twoYearsAgo
    : false;
}

/**
 * The indicators on `date`. `councilCode` is compared with PL_LA (upper case, trimmed) to tell in
 * area from out of area.
 */
export function stabilityIndicators(data: CaseData, date: IsoDate, councilCode: string): StabilityIndicators {
  const dobOf = new Map(data.children.map((c) => [c.childId, c.dob]));
  const byChild = new Map<string, Episode[]>();
  for (const e of data.episodes) {
    if (isShortBreak(e)) continue;
    let list = byChild.get(e.childId);
    if (list === undefined) byChild.set(e.childId, (list = []));
    list.push(e);
  }
  const own = councilCode.trim().toUpperCase();
  const yearFrom = yearUpTo(date);
  let lookedAfter = 0;
  let distanceKnown = 0;
  let far = 0;
  let laKnown = 0;
  let outside = 0;
  let many = 0;
  let longTermOf = 0;
  let longTermStable = 0;
  for (const [childId, episodes] of byChild) {
    const dob = dobOf.get(childId);
    if (dob === undefined) continue;
    let current: Episode | undefined;
    for (const e of episodes) if (isOpenOn(e, date) && (current === undefined || e.start > current.start)) current = e;
    if (current === undefined) continue;
    lookedAfter += 1;
    const miles = current.placementDistance ?? null;
    if (miles !== null) {
      distanceKnown += 1;
      if (miles > FAR_PLACEMENT_MILES) far += 1;
    }
    const la = current.placementLa ?? null;
    if (la !== null) {
      laKnown += 1;
      if (la !== own) outside += 1;
    }
    if (placementsDuring(periodsOf(episodes), yearFrom, date) >= MANY_PLACEMENTS) many += 1;
    const stable = longTermSamePlacement(placementsOf(episodes), dob, date);
    if (stable !== null) {
      longTermOf += 1;
      if (stable) longTermStable += 1;
    }
  }
  return {
    date,
    lookedAfter,
    farFromHome: shareOf(far, distanceKnown),
    outOfArea: shareOf(outside, laKnown),
    manyPlacements: shareOf(many, lookedAfter),
    longTermSamePlacement: shareOf(longTermStable, longTermOf),
  };
}
