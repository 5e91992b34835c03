/**
 * What a permanence project saves: for each in-scope child, the weekly cost of their placement
 * avoided, net of the allowance that follows where the route carries one (special guardianship
 * or child arrangements order, adoption), from the day they leave care.
 *
 * - The placement's weekly cost is the child's own price (child-level cost) on their last day in
 *   care, else the council's unit cost for that placement category on that day (cash prices).
 *   For a child still in care, their price on the as-at date.
 * - The allowance is the post-care line's weekly cost on that day times its take-up share (the
 *   expected cost per child leaving by that route); return home and other routes carry none.
 * - Both stop at the 18th birthday (care ends; the SGO and adoption allowance lines end at 18 by
 *   default; a council's own end age is used when set).
 * - So far: achieved children, from their exit (the 903 DEC) to the as-at date. To come: achieved
 *   children from the day after the as-at date to the horizon; children still in care and in
 *   scope from the later of their planned month's first day and the day after the as-at date
 *   (what the plan would save if met).
 * Each child's amount is rounded to whole pence once (half away from zero); totals add the rounded
 * amounts, so a report's lines add up to its totals.
 * - To come by financial year (1 April to 31 March): each child's saving to come within each year,
 *   rounded once per child and year, added up by year. A year's figures are what a savings
 *   programme takes as its forecast; their sum may differ from the to-come totals by at most a
 *   penny a child a year (each rounded on its own).
 */
import { addYears, financialYearStart, fromDayNumber, toDayNumber, type IsoDate } from '../dates.ts';
import type { PeriodOfCare } from '../engine/periods.ts';
import type { ChildCost } from '../finance/actuals.ts';
import { roundPence, type Pence } from '../finance/money.ts';
import { lineWeeklyPence, type PostCareLine, type PostCareSettings } from '../finance/postCare.ts';
import type { RateBook } from '../finance/unitCosts.ts';
import type { PlacementCategory } from '../placementCategories.ts';
import type { ChildProgress, PlannedRoute } from './tracker.ts';

const ALLOWANCE_LINE: Readonly<Partial<Record<PlannedRoute, PostCareLine>>> = {
  sgo_cao: 'sgo_cao_allowance',
  adoption: 'adoption_allowance',
};

export interface ChildSaving {
  readonly childId: string;
  readonly outcome: ChildProgress['outcome'];
  readonly category: PlacementCategory;
  /** Where the placement's price came from. */
  readonly priceBasis: 'child_level' | 'unit_cost';
  readonly placementWeeklyPence: Pence;
  /** Allowance a week after take-up (exact, before rounding). */
  readonly allowanceWeeklyPence: number;
  readonly soFarPence: Pence;
  readonly toComePence: Pence;
}

/** The saving to come in one financial year. */
export interface YearSaving {
  /** The financial year's start (2026 = 2026/27). */
  readonly year: number;
  /** From children who have left as planned. */
  readonly achievedPence: Pence;
  /** From children in care and in scope, if the plan is met. */
  readonly plannedPence: Pence;
}

export interface ProjectSaving {
  readonly asAt: IsoDate;
  readonly horizon: IsoDate;
  readonly soFarPence: Pence;
  readonly toComeAchievedPence: Pence;
  readonly toComePlannedPence: Pence;
  /** The saving to come, by financial year from the as-at date's day after to the horizon. */
  readonly toComeByYear: readonly YearSaving[];
  readonly children: readonly ChildSaving[];
}

function segmentOn(period: PeriodOfCare, day: number): PlacementCategory {
  let category = period.segments[0]?.category;
  for (const s of period.segments) if (s.start <= day) category = s.category;
  if (category === undefined) throw new Error('a period of care with no placement');
  return category;
}

/** Days from `from` to `to` inclusive (0 when `to` is before `from`). */
function daysInclusive(from: number, to: number): number {
  return Math.max(0, to - from + 1);
}

export interface SavingInputs {
  readonly progress: readonly ChildProgress[];
  /** Each child's project period of care (see tracker.ts projectPeriods). */
  readonly periods: ReadonlyMap<string, PeriodOfCare>;
  readonly childCosts: readonly ChildCost[];
  readonly book: RateBook;
  readonly postCare: PostCareSettings;
  readonly asAt: IsoDate;
  /** Last day counted. */
  readonly horizon: IsoDate;
}

export function projectSaving(inputs: SavingInputs): ProjectSaving {
  const { book, postCare, asAt, horizon } = inputs;
  const costsByChild = new Map<string, ChildCost[]>();
  for (const c of inputs.childCosts) {
    const list = costsByChild.get(c.childId) ?? [];
    list.push(c);
    costsByChild.set(c.childId, list);
  }
  const asAtDay = toDayNumber(asAt);
  const horizonDay = toDayNumber(horizon);
  const children: ChildSaving[] = [];
  let soFar = 0;
  let toComeAchieved = 0;
  let toComePlanned = 0;
  const byYear = new Map<number, { achieved: number; planned: number }>();
  for (let y = financialYearStart(fromDayNumber(asAtDay + 1)); y <= financialYearStart(horizon); y++)
    byYear.set(y, { achieved: 0, planned: 0 });
  for (const child of inputs.progress) {
    if (child.outcome === 'out_of_scope' || child.outcome === 'other_route') continue;
    const period = inputs.periods.get(child.childId);
    if (!period) continue;
    const achieved = child.outcome === 'achieved';
    // The day whose price is avoided: the last day in care, or the as-at date for a child in care.
    const priceDay = achieved ? (period.end as number) - 1 : Math.min(asAtDay, period.end ?? asAtDay);
    const priceDate = fromDayNumber(priceDay);
    const category = segmentOn(period, priceDay);
    const own = (costsByChild.get(child.childId) ?? []).find(
      (c) => c.start <= priceDate && (c.end === null || priceDate < c.end),
    );
    const placementWeeklyPence = own ? own.weeklyPence : book.weekly(category, priceDate).weeklyPence;
    const route = achieved ? (child.exitRoute ?? child.plannedRoute) : child.plannedRoute;
    const lineKey = ALLOWANCE_LINE[route];
    const line = lineKey === undefined ? undefined : postCare[lineKey];
    const allowanceWeeklyPence = line ? lineWeeklyPence(line, book.basis, priceDate) * line.takeUp : 0;
    const netWeekly = placementWeeklyPence - allowanceWeeklyPence;
    // Care ends at 18; the allowance at its line's end age (18 by default). Should a council set a
    // later end age, the allowance's days after 18 are a cost with no placement saved against them.
    const lastCareDay = toDayNumber(addYears(period.child.dob, 18)) - 1;
    const lastAllowanceDay = line ? toDayNumber(addYears(period.child.dob, line.endAge)) - 1 : lastCareDay;
    const savingBetween = (from: number, to: number): number => {
      const careDays = daysInclusive(from, Math.min(to, lastCareDay));
      const allowanceOnlyDays = daysInclusive(Math.max(from, lastCareDay + 1), Math.min(to, lastAllowanceDay));
      return (netWeekly * careDays - allowanceWeeklyPence * allowanceOnlyDays) / 7;
    };
    let soFarPence = 0;
    let toComePence: Pence;
    const toComeFrom = achieved ? asAtDay + 1 : Math.max(toDayNumber(`${child.plannedMonth}-01`), asAtDay + 1);
    if (achieved) {
      soFarPence = roundPence(savingBetween(period.end as number, asAtDay));
      toComePence = roundPence(savingBetween(toComeFrom, horizonDay));
      soFar += soFarPence;
      toComeAchieved += toComePence;
    } else {
      toComePence = roundPence(savingBetween(toComeFrom, horizonDay));
      toComePlanned += toComePence;
    }
    for (const [y, sums] of byYear) {
      const from = Math.max(toComeFrom, toDayNumber(`${y}-04-01`));
      const to = Math.min(horizonDay, toDayNumber(`${y + 1}-03-31`));
      if (from > to) continue;
      const pence = roundPence(savingBetween(from, to));
      if (achieved) sums.achieved += pence;
      else sums.planned += pence;
    }
    children.push({
      childId: child.childId,
      outcome: child.outcome,
      category,
      priceBasis: own ? 'child_level' : 'unit_cost',
      placementWeeklyPence,
      allowanceWeeklyPence,
      soFarPence,
      toComePence,
    });
  }
  return {
    asAt,
    horizon,
    soFarPence: soFar,
    toComeAchievedPence: toComeAchieved,
    toComePlannedPence: toComePlanned,
    toComeByYear: [...byYear].map(([year, sums]) => ({
      year,
      achievedPence: sums.achieved,
      plannedPence: sums.planned,
    })),
    children,
  };
}
