/**
 * One cost basis: unit costs calibrated from the council's own child-level costs, a warning where a
 * unit cost is far from what the council actually pays, and which years' actual spend rests on
 * child-level prices for only part of the year.
 *
 * Calibration: for each placement category, the weekly prices of the placements whose cost record
 * starts in a recent window (default the 12 months to the last date in the data), each in the
 * category of the child's placement on the day its cost starts, uplifted from the financial year it
 * started in to the window end's by the council's inflation. The proposed unit cost is their mean,
 * rounded to the penny (a new placement's expected price); the count and spread (10th-90th
 * percentile, lowest and highest) are shown with it.
 */
import {
  addMonths,
  addDays,
  financialYearLabel,
  financialYearStart,
  fromDayNumber,
  toDayNumber,
  type IsoDate,
} from '../dates.ts';
import { isOpenOn, isShortBreak, type CaseData, type Episode } from '../model.ts';
import {
  DEFAULT_CATEGORY_MAPPING,
  PLACEMENT_CATEGORIES,
  PLACEMENT_CATEGORY_LABELS,
  placementCategory,
  type CategoryMapping,
  type PlacementCategory,
} from '../placementCategories.ts';
import { summarise } from '../stats/quantiles.ts';
import type { ChildCost } from './actuals.ts';
import { costOn } from './childCostPremium.ts';
import { formatPounds, roundPence, type Pence } from './money.ts';
import { upliftFactor, type Inflation, type RateBook } from './unitCosts.ts';

/** A unit cost further than this from the observed mean price gets a warning. */
export const PRICE_WARNING_SHARE = 0.15;
/** Fewer placements than this in the window: shown, but no unit cost proposed and no warning. */
export const MIN_PLACEMENTS = 5;
export const DEFAULT_WINDOW_MONTHS = 12;

export interface ObservedPrices {
  readonly category: PlacementCategory;
  /** Placements whose cost started in the window. */
  readonly count: number;
  /** Weekly prices in `priceYear` prices (pence), exact mean and spread. */
  readonly meanWeeklyPence: number;
  readonly p10WeeklyPence: number;
  readonly p90WeeklyPence: number;
  readonly minWeeklyPence: number;
  readonly maxWeeklyPence: number;
  /** The unit cost a council would adopt: the mean, whole pence; null with fewer than MIN_PLACEMENTS. */
  readonly proposedWeeklyPence: Pence | null;
}

export interface Calibration {
  /** First and last day (inclusive) of the window. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly months: number;
  /** Financial year (start) whose prices the figures are in: the window end's. */
  readonly priceYear: number;
  readonly byCategory: readonly ObservedPrices[];
  /** Cost records starting in the window whose child was not in a placement that day (not used). */
  readonly unmatched: number;
}

/** The placement open for `childId` on `date` (the latest-starting one), or undefined. */
function placementOn(episodes: readonly Episode[] | undefined, date: IsoDate): Episode | undefined {
  let best: Episode | undefined;
  for (const e of episodes ?? []) {
    if (isShortBreak(e) || !isOpenOn(e, date)) continue;
    if (!best || e.start > best.start) best = e;
  }
  return best;
}

/**
 * Observed weekly prices by category of the placements whose child-level cost starts in the
 * `months` months up to and including `to`.
 */
export function calibrateFromChildCosts(
  data: CaseData,
  childCosts: readonly ChildCost[],
  inflation: Inflation,
  options: { readonly to: IsoDate; readonly months?: number; readonly mapping?: CategoryMapping },
): Calibration {
  const months = options.months ?? DEFAULT_WINDOW_MONTHS;
  const from = addDays(addMonths(options.to, -months), 1);
  const priceYear = financialYearStart(options.to);
  const mapping = options.mapping ?? DEFAULT_CATEGORY_MAPPING;
  const episodesByChild = new Map<string, Episode[]>();
  for (const e of data.episodes) {
    const list = episodesByChild.get(e.childId) ?? [];
    list.push(e);
    episodesByChild.set(e.childId, list);
  }
  const prices = new Map<PlacementCategory, number[]>();
  let unmatched = 0;
  for (const c of childCosts) {
    if (c.start < from || c.start > options.to) continue;
    const ep = placementOn(episodesByChild.get(c.childId), c.start);
    if (!ep) {
      unmatched++;
      continue;
    }
    const category = placementCategory(ep.placement, ep.provider, mapping);
    const weekly = c.weeklyPence * upliftFactor(inflation, financialYearStart(c.start), priceYear);
    const list = prices.get(category) ?? [];
    list.push(weekly);
    prices.set(category, list);
  }
  const byCategory: ObservedPrices[] = [];
  for (const category of PLACEMENT_CATEGORIES) {
    const list = prices.get(category);
    if (!list || list.length === 0) continue;
    const q = summarise(list);
    byCategory.push({
      category,
      count: list.length,
      meanWeeklyPence: q.mean,
      p10WeeklyPence: q.p10,
      p90WeeklyPence: q.p90,
      minWeeklyPence: Math.min(...list),
      maxWeeklyPence: Math.max(...list),
      proposedWeeklyPence: list.length >= MIN_PLACEMENTS ? roundPence(q.mean) : null,
    });
  }
  return { from, to: options.to, months, priceYear, byCategory, unmatched };
}

export interface PriceWarning {
  readonly category: PlacementCategory;
  /** The unit cost in force at the window end, in that year's prices (pence a week). */
  readonly unitWeeklyPence: Pence;
  readonly observedMeanWeeklyPence: number;
  readonly count: number;
  /** (unit − observed) / observed. */
  readonly difference: number;
  readonly message: string;
}

/** Categories whose unit cost differs from the observed mean price by more than 15% (with at least MIN_PLACEMENTS placements). */
export function priceWarnings(calibration: Calibration, book: RateBook): PriceWarning[] {
  const out: PriceWarning[] = [];
  for (const o of calibration.byCategory) {
    if (o.count < MIN_PLACEMENTS || o.meanWeeklyPence <= 0) continue;
    const unit = book.weekly(o.category, calibration.to).weeklyPence;
    const difference = (unit - o.meanWeeklyPence) / o.meanWeeklyPence;
    if (Math.abs(difference) <= PRICE_WARNING_SHARE) continue;
    const pct = Math.round(Math.abs(difference) * 100);
    out.push({
      category: o.category,
      unitWeeklyPence: unit,
      observedMeanWeeklyPence: o.meanWeeklyPence,
      count: o.count,
      difference,
      message:
        `${PLACEMENT_CATEGORY_LABELS[o.category]}: the unit cost, ${formatPounds(unit)} a week, is ${pct}% ${difference < 0 ? 'below' : 'above'} ` +
        `the ${formatPounds(o.meanWeeklyPence)} a week the council paid on average for the ${o.count} placements whose cost started ` +
        `${calibration.from} to ${calibration.to} (${financialYearLabel(calibration.priceYear)} prices). New entrants are costed at the unit cost.`,
    });
  }
  return out;
}

/** How much of a financial year's placement days were costed at the child's own price. */
export interface YearBasis {
  /** Financial year start. */
  readonly year: number;
  /** Child-days in the year (from `from`, up to `until`) in the categories the council has child-level costs for. */
  readonly costedCategoryDays: number;
  /** Of those, days covered by a child-level cost record. */
  readonly ownPriceDays: number;
  /** ownPriceDays / costedCategoryDays (0 with no days). */
  readonly share: number;
  /**
   * 'child-level': at least 95% of those days at the child's own price; 'partial': some but less;
   * 'unit-costs': none although the council has child-level costs for other years.
   */
  readonly basis: 'child-level' | 'partial' | 'unit-costs';
}

/** Share of a year's days at own price at or above which it counts as on a child-level basis. */
export const FULL_BASIS_SHARE = 0.95;

/**
 * Per financial year from `from` up to `until` (exclusive): the days in the categories the council
 * buys one by one (those with any child-level cost record on any day), and how many of them had a
 * child-level price. Empty when the council has no child-level costs.
 */
export function childLevelBasisByYear(
  data: CaseData,
  childCosts: readonly ChildCost[],
  options: { readonly from: IsoDate; readonly until: IsoDate; readonly mapping?: CategoryMapping },
): YearBasis[] {
  if (childCosts.length === 0) return [];
  const mapping = options.mapping ?? DEFAULT_CATEGORY_MAPPING;
  const first = toDayNumber(options.from);
  const stop = toDayNumber(options.until);
  const costsByChild = new Map<string, ChildCost[]>();
  for (const c of childCosts) costsByChild.set(c.childId, [...(costsByChild.get(c.childId) ?? []), c]);
  // Per year and category: days, and days with an own price.
  const days = new Map<number, Map<PlacementCategory, { all: number; own: number }>>();
  const costed = new Set<PlacementCategory>();
  const yearByDay = new Int32Array(Math.max(0, stop - first));
  for (let d = first; d < stop; d++) yearByDay[d - first] = financialYearStart(fromDayNumber(d));
  for (const ep of data.episodes) {
    if (isShortBreak(ep)) continue;
    const category = placementCategory(ep.placement, ep.provider, mapping);
    const lo = Math.max(first, toDayNumber(ep.start));
    const hi = Math.min(stop, ep.end === null ? stop : toDayNumber(ep.end));
    const records = costsByChild.get(ep.childId);
    for (let day = lo; day < hi; day++) {
      const y = yearByDay[day - first] as number;
      let byCat = days.get(y);
      if (!byCat) days.set(y, (byCat = new Map()));
      const cell = byCat.get(category) ?? { all: 0, own: 0 };
      cell.all++;
      if (records && costOn(records, fromDayNumber(day))) {
        cell.own++;
        costed.add(category);
      }
      byCat.set(category, cell);
    }
  }
  return [...days.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, byCat]) => {
      let all = 0;
      let own = 0;
      for (const [c, cell] of byCat) {
        if (!costed.has(c)) continue;
        all += cell.all;
        own += cell.own;
      }
      const share = all === 0 ? 0 : own / all;
      return {
        year,
        costedCategoryDays: all,
        ownPriceDays: own,
        share,
        basis: share >= FULL_BASIS_SHARE ? 'child-level' : share > 0 ? 'partial' : 'unit-costs',
      };
    });
}
