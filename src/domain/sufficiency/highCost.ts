/**
 * The highest-cost placements (issue 11): the list a high-cost placements panel reviews. Children
 * looked after on a day whose own weekly price (child-level cost) covers that day, dearest first,
 * by pseudonym, with their placement category and how long the price has run. Pure.
 */
import { toDayNumber, type IsoDate } from '../dates.ts';
import type { ChildCost } from '../finance/actuals.ts';
import { isOpenOn, isShortBreak, type CaseData } from '../model.ts';
import { placementCategory, type PlacementCategory } from '../placementCategories.ts';

export interface HighCostPlacement {
  readonly childId: string;
  readonly weeklyPence: number;
  readonly provider: string | null;
  /** The day the price started. */
  readonly since: IsoDate;
  /** Whole weeks from `since` to the day asked about. */
  readonly weeks: number;
  readonly category: PlacementCategory;
}

export function highestCostPlacements(
  data: CaseData,
  childCosts: readonly ChildCost[],
  date: IsoDate,
  limit = 20,
): HighCostPlacement[] {
  const openEpisode = new Map<string, { placement: string; provider: string | null }>();
  for (const e of data.episodes) if (!isShortBreak(e) && isOpenOn(e, date)) openEpisode.set(e.childId, e);
  const out: HighCostPlacement[] = [];
  for (const c of childCosts) {
    if (c.start > date || (c.end !== null && c.end <= date)) continue;
    const episode = openEpisode.get(c.childId);
    if (!episode) continue;
    out.push({
      childId: c.childId,
      weeklyPence: c.weeklyPence,
      provider: c.provider,
      since: c.start,
      weeks: Math.floor((toDayNumber(date) - toDayNumber(c.start)) / 7),
      category: placementCategory(episode.placement, episode.provider),
    });
  }
  out.sort((a, b) => b.weeklyPence - a.weeklyPence || (a.childId < b.childId ? -1 : 1));
  return out.slice(0, limit);
}
