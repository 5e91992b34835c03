/**
 * Spend: child-days by placement category turned into money, month by month, then added up into
 * financial-year quarters and financial years (1 April - 31 March).
 *
 * The one rounding point: each month's spend in each category (and each month's running cost of
 * new provision) is rounded to whole pence, half away from zero. Everything larger (a month's
 * total, a quarter, a year, an outturn) is an exact integer sum of those cells, so the figures a
 * council reads always add up. Weekly prices are rounded to whole pence where they are looked up
 * (see RateBook); a scenario's unit cost change and a week's 7 days stay exact until the cell.
 */
import {
  addDays,
  daysInMonth,
  financialQuarter,
  financialYearLabel,
  financialYearStart,
  isLeapYear,
  toDayNumber,
  type IsoDate,
} from '../dates.ts';
import { emptyCategoryCounts, PLACEMENT_CATEGORIES, type PlacementCategory } from '../placementCategories.ts';
import { summarise, type Quantiles } from '../stats/quantiles.ts';
import { activeShareOfMonth, effectInMonth } from '../scenarios/timing.ts';
import type { CostPremium } from './childCostPremium.ts';
import type { CostAdjustment } from './costAdjustments.ts';
import { roundPence, type Pence } from './money.ts';
import { emptyLineCounts, POST_CARE_LINES, type MonthLines, type PostCareLine } from './postCare.ts';
import type { RateBook } from './unitCosts.ts';

/** Child-days in one calendar month by category: a month of one projection run (or of actuals). */
export interface MonthChildDays {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly childDays: Readonly<Partial<Record<PlacementCategory, number>>>;
  /** First and last day (inclusive) the figures cover; default the whole month. */
  readonly coveredFrom?: IsoDate;
  readonly coveredTo?: IsoDate;
}

/** One month's spend. */
export interface MonthSpend {
  readonly month: string;
  /** Spend on placements in each category, whole pence (the rounding point). */
  readonly byCategory: Readonly<Record<PlacementCategory, Pence>>;
  /** Running cost of new provision in the month, whole pence. */
  readonly provision: Pence;
  /** Spend on each post-care line (postCare.ts), whole pence (rounded once per month and line). */
  readonly byLine: Readonly<Record<PostCareLine, Pence>>;
  /** byCategory summed, plus provision, plus byLine summed. */
  readonly total: Pence;
  readonly childDays: Readonly<Record<PlacementCategory, number>>;
  /** Funded child-days of each post-care line (child-days × take-up share). */
  readonly lineDays: Readonly<Record<PostCareLine, number>>;
  /** Calendar days of the month the figures cover. */
  readonly days: number;
}

export function monthStart(month: string): IsoDate {
  return `${month}-01`;
}

export function monthEnd(month: string): IsoDate {
  return `${month}-${String(daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)))).padStart(2, '0')}`;
}

/** Days in the financial year starting in April of `startYear` (366 when it contains 29 February). */
export function daysInFinancialYear(startYear: number): number {
  return isLeapYear(startYear + 1) ? 366 : 365;
}

function coveredRange(m: MonthChildDays): [IsoDate, IsoDate] {
  const from = m.coveredFrom && m.coveredFrom > monthStart(m.month) ? m.coveredFrom : monthStart(m.month);
  const to = m.coveredTo && m.coveredTo < monthEnd(m.month) ? m.coveredTo : monthEnd(m.month);
  return [from, to];
}

export interface CostRunOptions {
  /** A scenario's cost adjustments (unit cost changes, new provision). */
  readonly adjustments?: readonly CostAdjustment[];
  /**
   * The baseline run with the same random numbers, needed to cost new provision: the extra
   * child-days in the provision's category over the baseline (up to its capacity) are taken to be
   * the children it houses. With common random numbers these differ only through the scenario.
   * Approximation: when other adjustments in the same scenario also change the number in that
   * category (e.g. fewer entries), the difference mixes both effects; the engine reporting the
   * child-days of children placed through each shift would make this exact.
   */
  readonly baseline?: readonly MonthChildDays[];
  /**
   * Starting children costed at their own weekly price (childCostPremium.ts): exact pence by month
   * and category added to the cell before it is rounded. It is an expectation, the same in every
   * run. A scenario's percentage unit cost change scales it too (a 5% cheaper category makes every
   * placement in it 5% cheaper, the dearest included); a change by an amount a week does not (every
   * placement changes by the same amount). A cell with a premium never goes below zero.
   */
  readonly premium?: CostPremium;
}

/**
 * Costs one run of a projection (or any month-by-month child-days). For category c in month M:
 * childDays × (average weekly price over the covered days, after any unit cost change) / 7, plus
 * the premium of children costed at their own price (options.premium) when there is one, rounded
 * to pence.
 */
export function costRun(run: readonly MonthChildDays[], book: RateBook, options: CostRunOptions = {}): MonthSpend[] {
  const adjustments = options.adjustments ?? [];
  const baselineByMonth = new Map((options.baseline ?? []).map((m) => [m.month, m]));
  return run.map((m) => {
    const [from, to] = coveredRange(m);
    const days = toDayNumber(to) - toDayNumber(from) + 1;
    const byCategory = emptyCategoryCounts();
    const childDays = emptyCategoryCounts();
    const creditedDays = emptyCategoryCounts();
    let provisionExact = 0;
    for (const adj of adjustments) {
      if (adj.kind !== 'provisionCost') continue;
      const share = activeShareOfMonth(adj.start, m.month);
      if (share === 0) continue;
      const fy = financialYearStart(monthStart(m.month));
      const monthDays = daysInMonth(Number(m.month.slice(0, 4)), Number(m.month.slice(5, 7)));
      // Days of the month it runs, of the part the figures cover.
      const activeDays = Math.min(days, share * monthDays);
      provisionExact += (adj.runningCostPerYearPence * activeDays) / daysInFinancialYear(fy);
      const base = baselineByMonth.get(m.month)?.childDays[adj.category] ?? 0;
      const extra = (m.childDays[adj.category] ?? 0) - base - creditedDays[adj.category];
      creditedDays[adj.category] += Math.max(0, Math.min(extra, adj.capacity * activeDays));
    }
    let total = 0;
    const premium = options.premium?.get(m.month);
    for (const category of PLACEMENT_CATEGORIES) {
      const cd = m.childDays[category] ?? 0;
      childDays[category] = cd;
      const extra = premium?.[category] ?? 0;
      if (cd === 0 && extra === 0) continue;
      let avgWeekly = book.averageWeekly(category, from, to);
      let premiumScale = 1;
      for (const adj of adjustments) {
        if (adj.kind !== 'unitCostChange' || adj.category !== category) continue;
        const effect = effectInMonth(adj, m.month);
        if (effect === 0) continue;
        avgWeekly = avgWeekly * (1 + ((adj.percent ?? 0) / 100) * effect) + (adj.weeklyChangePence ?? 0) * effect;
        premiumScale *= 1 + ((adj.percent ?? 0) / 100) * effect;
      }
      const paidDays = cd - creditedDays[category];
      const exact = (Math.max(0, avgWeekly) * paidDays) / 7;
      const cell = extra === 0 ? roundPence(exact) : roundPence(Math.max(0, exact + extra * premiumScale));
      byCategory[category] = cell;
      total += cell;
    }
    const provision = roundPence(provisionExact);
    return {
      month: m.month,
      byCategory,
      provision,
      byLine: emptyLineCounts(),
      total: total + provision,
      childDays,
      lineDays: emptyLineCounts(),
      days,
    };
  });
}

/**
 * Adds post-care lines to months of placement spend (matched by month; a month without lines keeps
 * zeros). The lines' whole pence join the total, so categories, provision and lines always add up
 * to it, run by run. Months are not mutated.
 */
export function withPostCare(months: readonly MonthSpend[], lines: readonly MonthLines[]): MonthSpend[] {
  const byMonth = new Map(lines.map((l) => [l.month, l]));
  return months.map((m) => {
    const l = byMonth.get(m.month);
    if (!l) return m;
    const byLine = emptyLineCounts();
    const lineDays = emptyLineCounts();
    let added = 0;
    for (const line of POST_CARE_LINES) {
      byLine[line] = m.byLine[line] + l.spend[line];
      lineDays[line] = m.lineDays[line] + l.fundedDays[line];
      added += l.spend[line];
    }
    return { ...m, byLine, lineDays, total: m.total + added };
  });
}

export type Grouping = 'month' | 'quarter' | 'year';

/** The period a month belongs to: `2025-04`, `2025/26 Q1` or `2025/26`. */
export function periodOf(month: string, grouping: Grouping): string {
  if (grouping === 'month') return month;
  const date = monthStart(month);
  const fy = financialYearLabel(financialYearStart(date));
  return grouping === 'year' ? fy : `${fy} Q${financialQuarter(date)}`;
}

/** A period's exact totals for one run. */
export interface PeriodTotal {
  readonly period: string;
  readonly spend: Pence;
  readonly byCategory: Readonly<Record<PlacementCategory, Pence>>;
  readonly provision: Pence;
  readonly byLine: Readonly<Record<PostCareLine, Pence>>;
  /** Child-days looked after (all categories). */
  readonly childDays: number;
  readonly categoryDays: Readonly<Record<PlacementCategory, number>>;
  /** Funded child-days of each post-care line. */
  readonly lineDays: Readonly<Record<PostCareLine, number>>;
  /** Calendar days of the period covered. */
  readonly days: number;
}

/** Adds months up into periods (exact integer sums), in time order. */
export function totalsByPeriod(months: readonly MonthSpend[], grouping: Grouping): PeriodTotal[] {
  const out = new Map<
    string,
    {
      spend: number;
      byCategory: Record<PlacementCategory, number>;
      provision: number;
      byLine: Record<PostCareLine, number>;
      childDays: number;
      categoryDays: Record<PlacementCategory, number>;
      lineDays: Record<PostCareLine, number>;
      days: number;
    }
  >();
  for (const m of months) {
    const key = periodOf(m.month, grouping);
    let acc = out.get(key);
    if (!acc) {
      acc = {
        spend: 0,
        byCategory: emptyCategoryCounts(),
        provision: 0,
        byLine: emptyLineCounts(),
        childDays: 0,
        categoryDays: emptyCategoryCounts(),
        lineDays: emptyLineCounts(),
        days: 0,
      };
      out.set(key, acc);
    }
    acc.spend += m.total;
    acc.provision += m.provision;
    acc.days += m.days;
    for (const c of PLACEMENT_CATEGORIES) {
      acc.byCategory[c] += m.byCategory[c];
      acc.childDays += m.childDays[c];
      acc.categoryDays[c] += m.childDays[c];
    }
    for (const l of POST_CARE_LINES) {
      acc.byLine[l] += m.byLine[l];
      acc.lineDays[l] += m.lineDays[l];
    }
  }
  return [...out.entries()].map(([period, a]) => ({ period, ...a }));
}

/** Average number of children looked after over a period: child-days / days covered (0 for no days). */
export function averageChildren(total: Pick<PeriodTotal, 'childDays' | 'days'>): number {
  return total.days === 0 ? 0 : total.childDays / total.days;
}

/** A period summarised over Monte Carlo runs. Money in pence (quantiles may be fractional pence). */
export interface PeriodSummary {
  readonly period: string;
  readonly spend: Quantiles;
  readonly byCategory: Readonly<Record<PlacementCategory, Quantiles>>;
  readonly provision: Quantiles;
  readonly byLine: Readonly<Record<PostCareLine, Quantiles>>;
  /** Average number looked after over the covered days of the period. */
  readonly children: Quantiles;
  readonly days: number;
}

/**
 * Per-period totals for every run, then summarised across runs. Every run must cover the same
 * months (a projection's runs do).
 */
export function summariseRuns(runs: readonly (readonly MonthSpend[])[], grouping: Grouping): PeriodSummary[] {
  const perRun = runs.map((r) => totalsByPeriod(r, grouping));
  const first = perRun[0] ?? [];
  return first.map((p, i) => {
    const at = (run: readonly PeriodTotal[]): PeriodTotal => {
      const t = run[i];
      if (!t || t.period !== p.period) throw new Error(`runs cover different periods at ${p.period}`);
      return t;
    };
    const byCategory = Object.fromEntries(
      PLACEMENT_CATEGORIES.map((c) => [c, summarise(perRun.map((r) => at(r).byCategory[c]))]),
    ) as Record<PlacementCategory, Quantiles>;
    const byLine = Object.fromEntries(
      POST_CARE_LINES.map((l) => [l, summarise(perRun.map((r) => at(r).byLine[l]))]),
    ) as Record<PostCareLine, Quantiles>;
    return {
      period: p.period,
      spend: summarise(perRun.map((r) => at(r).spend)),
      byCategory,
      provision: summarise(perRun.map((r) => at(r).provision)),
      byLine,
      children: summarise(perRun.map((r) => averageChildren(at(r)))),
      days: p.days,
    };
  });
}

/**
 * The outturn view of one run: actual months, then forecast months. A month in both (a forecast
 * starting mid-month) is added together; everything stays whole pence.
 */
export function combineActualAndForecast(actual: readonly MonthSpend[], forecast: readonly MonthSpend[]): MonthSpend[] {
  const byMonth = new Map<string, MonthSpend>();
  for (const m of [...actual, ...forecast]) {
    const prev = byMonth.get(m.month);
    if (!prev) {
      byMonth.set(m.month, m);
      continue;
    }
    const byCategory = emptyCategoryCounts();
    const childDays = emptyCategoryCounts();
    for (const c of PLACEMENT_CATEGORIES) {
      byCategory[c] = prev.byCategory[c] + m.byCategory[c];
      childDays[c] = prev.childDays[c] + m.childDays[c];
    }
    const byLine = emptyLineCounts();
    const lineDays = emptyLineCounts();
    for (const l of POST_CARE_LINES) {
      byLine[l] = prev.byLine[l] + m.byLine[l];
      lineDays[l] = prev.lineDays[l] + m.lineDays[l];
    }
    byMonth.set(m.month, {
      month: m.month,
      byCategory,
      childDays,
      byLine,
      lineDays,
      provision: prev.provision + m.provision,
      total: prev.total + m.total,
      days: prev.days + m.days,
    });
  }
  return [...byMonth.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}

/** Months (`YYYY-MM`) from the month of `from` to the month of `to`, inclusive. */
export function monthsFromTo(from: IsoDate, to: IsoDate): string[] {
  const out: string[] = [];
  let d = monthStart(from.slice(0, 7));
  while (d <= to) {
    out.push(d.slice(0, 7));
    d = addDays(monthEnd(d.slice(0, 7)), 1);
  }
  return out;
}
