/**
 * Actual spend from the episodes: for every day a child was looked after, the weekly price of
 * their placement over 7, added up by month and category and rounded once per month and category
 * (the same rounding point as the forecast).
 *
 * Where the council has imported child-level costs, a cost record covering that child on that day
 * replaces the average price for that child-day only; days it does not cover keep the average.
 */
import { financialYearStart, fromDayNumber, toDayNumber, type IsoDate } from '../dates.ts';
import { isShortBreak, type CaseData } from '../model.ts';
import {
  DEFAULT_CATEGORY_MAPPING,
  emptyCategoryCounts,
  PLACEMENT_CATEGORIES,
  placementCategory,
  type CategoryMapping,
  type PlacementCategory,
} from '../placementCategories.ts';
import { costOn } from './childCostPremium.ts';
import { roundPence, type Pence } from './money.ts';
import { emptyLineCounts } from './postCare.ts';
import type { MonthSpend } from './spend.ts';
import { upliftFactor, type RateBook } from './unitCosts.ts';

/**
 * What one child's placement actually cost: `weeklyPence` a week from `start` up to but not
 * including `end` (the 903 convention: the day a placement ends is not a day in it); `end` null
 * while it continues. Amounts are cash: what was paid at the time.
 */
export interface ChildCost {
  /** The child's pseudonym, as in the stored episodes. */
  readonly childId: string;
  readonly provider: string | null;
  readonly start: IsoDate;
  readonly end: IsoDate | null;
  readonly weeklyPence: Pence;
}

export interface ActualsOptions {
  /** First day to cost. */
  readonly from: IsoDate;
  /** Day after the last day to cost (e.g. the forecast start). */
  readonly until: IsoDate;
  readonly childCosts?: readonly ChildCost[];
  readonly mapping?: CategoryMapping;
}

/**
 * Month-by-month actual spend and child-days from `from` up to (not including) `until`. Short
 * breaks (V3/V4) are not placements and cost nothing here. Each month reports the days of it in
 * the range.
 */
export function actualSpend(data: CaseData, book: RateBook, options: ActualsOptions): MonthSpend[] {
  const first = toDayNumber(options.from);
  const stop = toDayNumber(options.until);
  if (stop <= first) return [];
  const mapping = options.mapping ?? DEFAULT_CATEGORY_MAPPING;
  const costsByChild = new Map<string, ChildCost[]>();
  for (const c of options.childCosts ?? []) {
    const list = costsByChild.get(c.childId) ?? [];
    list.push(c);
    costsByChild.set(c.childId, list);
  }
  const priceBase = book.basis.priceBase;

  // Per month and category: sum over child-days of the weekly price (exact), and the child-days.
  const dates: IsoDate[] = [];
  for (let day = first; day < stop; day++) dates.push(fromDayNumber(day));
  const monthIndex = new Map<string, number>();
  const months: string[] = [];
  const dayMonth = dates.map((d) => {
    const key = d.slice(0, 7);
    let i = monthIndex.get(key);
    if (i === undefined) {
      i = months.length;
      months.push(key);
      monthIndex.set(key, i);
    }
    return i;
  });
  const weeklyTotals = months.map(() => emptyCategoryCounts());
  const childDays = months.map(() => emptyCategoryCounts());
  const monthDays = months.map(() => 0);
  for (const i of dayMonth) monthDays[i] = (monthDays[i] ?? 0) + 1;

  // Weekly price by day for each (category, PLACE code) met, built once: the day loop below then
  // only indexes arrays.
  const priceByDay = new Map<string, Float64Array>();
  const pricesFor = (category: PlacementCategory, placement: string): Float64Array => {
    const key = `${category}|${placement}`;
    let arr = priceByDay.get(key);
    if (!arr) {
      arr = new Float64Array(stop - first);
      for (let i = 0; i < arr.length; i++) arr[i] = book.weekly(category, dates[i] as IsoDate, placement).weeklyPence;
      priceByDay.set(key, arr);
    }
    return arr;
  };

  for (const ep of data.episodes) {
    if (isShortBreak(ep)) continue;
    const category = placementCategory(ep.placement, ep.provider, mapping);
    const lo = Math.max(first, toDayNumber(ep.start));
    const hi = Math.min(stop, ep.end === null ? stop : toDayNumber(ep.end));
    if (hi <= lo) continue;
    const prices = pricesFor(category, ep.placement);
    const records = costsByChild.get(ep.childId);
    for (let day = lo; day < hi; day++) {
      const i = day - first;
      const m = dayMonth[i] as number;
      let weekly = prices[i] as number;
      if (records) {
        const date = dates[i] as IsoDate;
        const own = costOn(records, date);
        if (own) {
          weekly =
            priceBase === 'cash'
              ? own.weeklyPence
              : own.weeklyPence * upliftFactor(book.basis.inflation, financialYearStart(date), priceBase);
        }
      }
      (weeklyTotals[m] as Record<PlacementCategory, number>)[category] += weekly;
      (childDays[m] as Record<PlacementCategory, number>)[category] += 1;
    }
  }

  return months.map((month, i) => {
    const byCategory = emptyCategoryCounts();
    let total = 0;
    for (const c of PLACEMENT_CATEGORIES) {
      // The rounding point: Σ weekly / 7 for the month and category, rounded once.
      const cell = roundPence((weeklyTotals[i] as Record<PlacementCategory, number>)[c] / 7);
      byCategory[c] = cell;
      total += cell;
    }
    return {
      month,
      byCategory,
      provision: 0,
      byLine: emptyLineCounts(),
      lineDays: emptyLineCounts(),
      total,
      childDays: childDays[i] as Record<PlacementCategory, number>,
      days: monthDays[i] ?? 0,
    };
  });
}
