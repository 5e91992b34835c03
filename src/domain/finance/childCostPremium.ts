/**
 * Child-level costs in the forecast: children looked after on the forecast start whose own weekly
 * cost is known (a child-cost record covering the start date) are costed at that price for as long
 * as they stay in their starting placement category, and at the category's unit cost after they
 * move, leave, or for anyone who enters later.
 *
 * The projection prices every child-day at the unit cost; this adds, per month and category, the
 * premium of those children:
 *
 *     premium(month, category) = Σ over costed children starting in the category of
 *                                (own weekly − unit weekly) / 7 × expected days still in it that month
 *
 * with both weekly prices in the month's prices: the unit cost as the projection costs it (the
 * average of the days' prices over the days covered, RateBook.averageWeekly), the child's own cost,
 * which is cash at the start date (what was being paid then), uplifted from the start's financial year
 * by the same inflation to the month's financial year (cash) or to the price base, rounded to whole
 * pence like any looked-up price. The premium may be negative (a placement cheaper than average).
 *
 * The expected days come from the engine (src/domain/engine/startingPlacementDays.ts): the premium
 * is an expectation, the same amount in every Monte Carlo run, so the runs' spread stays that of
 * the population; it is not redrawn with each run's children.
 */
import { addDays, financialYearStart, type IsoDate } from '../dates.ts';
import type { Timeline } from '../engine/projection.ts';
import type { PlacementCategory } from '../placementCategories.ts';
import type { ChildCost } from './actuals.ts';
import { roundPence } from './money.ts';
import { upliftFactor, type RateBook } from './unitCosts.ts';

/** A starting child's expected days in its starting category, by projection month. */
export interface StartingPlacement {
  /** The stored pseudonym, as in ChildCost.childId. */
  readonly childId: string;
  readonly category: PlacementCategory;
  /** Expected days per projection month (timeline order). */
  readonly days: ArrayLike<number>;
}

/** The premium by month (`YYYY-MM`) and category, exact pence (unrounded: costRun rounds each cell once). */
export type CostPremium = ReadonlyMap<string, Readonly<Partial<Record<PlacementCategory, number>>>>;

export interface ChildCostPremium {
  readonly premium: CostPremium;
  /** Starting children costed at their own price (a cost record covers the start date). */
  readonly childrenCosted: number;
}

/** The cost record covering `date` (the latest start where records overlap), as actuals choose it. */
export function costOn(records: readonly ChildCost[], date: IsoDate): ChildCost | undefined {
  let best: ChildCost | undefined;
  for (const r of records) {
    if (r.start <= date && (r.end === null || date < r.end) && (!best || r.start >= best.start)) best = r;
  }
  return best;
}

/** Child ids with a cost record covering `start`, each with that record's weekly cost. */
export function costsOnStart(childCosts: readonly ChildCost[], start: IsoDate): Map<string, ChildCost> {
  const byChild = new Map<string, ChildCost[]>();
  for (const c of childCosts) {
    const list = byChild.get(c.childId) ?? [];
    list.push(c);
    byChild.set(c.childId, list);
  }
  const out = new Map<string, ChildCost>();
  for (const [id, list] of byChild) {
    const own = costOn(list, start);
    if (own) out.set(id, own);
  }
  return out;
}

/**
 * The premium of the starting children with a known cost (`starting` may hold children without
 * one: they are skipped). `timeline` is the projection's: month i covers its days from
 * monthFirstDay[i] to monthEndDay[i] after the start.
 */
export function childCostPremium(
  starting: readonly StartingPlacement[],
  childCosts: readonly ChildCost[],
  book: RateBook,
  timeline: Pick<Timeline, 'start' | 'months' | 'monthFirstDay' | 'monthEndDay'>,
): ChildCostPremium {
  const own = costsOnStart(childCosts, timeline.start);
  const fromYear = financialYearStart(timeline.start);
  const { inflation, priceBase } = book.basis;
  const premium = new Map<string, Partial<Record<PlacementCategory, number>>>();
  const ranges = timeline.months.map((month, i) => ({
    month,
    from: addDays(timeline.start, timeline.monthFirstDay[i] as number),
    to: addDays(timeline.start, timeline.monthEndDay[i] as number),
  }));
  let childrenCosted = 0;
  for (const kid of starting) {
    const record = own.get(kid.childId);
    if (!record) continue;
    childrenCosted++;
    ranges.forEach((r, i) => {
      const days = kid.days[i] ?? 0;
      if (days === 0) return;
      const target = priceBase === 'cash' ? financialYearStart(r.from) : priceBase;
      const ownWeekly = roundPence(record.weeklyPence * upliftFactor(inflation, fromYear, target));
      const unitWeekly = book.averageWeekly(kid.category, r.from, r.to);
      let cells = premium.get(r.month);
      if (!cells) premium.set(r.month, (cells = {}));
      cells[kid.category] = (cells[kid.category] ?? 0) + ((ownWeekly - unitWeekly) * days) / 7;
    });
  }
  return { premium, childrenCosted };
}
