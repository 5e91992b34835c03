/**
 * The Costs page's spend by financial year, from what the store holds (pure over the inputs read):
 * whole actual years from the first stored return, this year's outturn (actuals to date + forecast
 * to year end) and the forecast years, each with its 80% and 95% intervals, and how much of each
 * actual year rests on child-level prices.
 *
 * Everything here after the store is read (the fit, the Monte Carlo runs, costing every run, ten
 * years of actual spend) is several seconds of CPU for a large council, so the costs service
 * (./costs.service.ts) has the engine runner do it: on the server in an engine worker thread, off
 * the request thread; inline with no threads (FORECARE_ENGINE_THREADS=0, tests, scripts).
 */
import { addDays, financialYearLabel, financialYearStart, type IsoDate } from '../domain/dates.ts';
import { childLevelBasisByYear, type YearBasis } from '../domain/finance/costBasis.ts';
import { POST_CARE_LINES, type PostCareLine } from '../domain/finance/postCare.ts';
import { totalsByPeriod } from '../domain/finance/spend.ts';
import { PLACEMENT_CATEGORIES, type PlacementCategory } from '../domain/placementCategories.ts';
import type { Quantiles } from '../domain/stats/quantiles.ts';
import {
  actualMonthsWithPostCare,
  costedChildIds,
  costingContextFrom,
  fitForProjection,
  projectFitted,
  spendForecastOf,
  summariseSpend,
  SpendInputError,
  withChildCostPremium,
  type CostingContext,
  type CostingInputs,
  type SpendPeriod,
} from './spend.ts';

export interface SpendYear {
  readonly year: string;
  readonly basis: 'actual' | 'outturn' | 'forecast';
  /** Pence; for an actual year the quantiles are all the actual amount. */
  readonly spend: Quantiles;
  readonly actualToDate: number;
  readonly children: Quantiles;
  readonly byCategory: Readonly<Record<PlacementCategory, Quantiles>>;
  /** Post-care lines (special guardianship and adoption allowances, Staying Put, care leavers). */
  readonly byLine: Readonly<Record<PostCareLine, Quantiles>>;
  /** Running cost of new provision (0 in the baseline). */
  readonly provision: Quantiles;
  /**
   * How much of the year's placement days (in the categories the council has child-level costs for)
   * were costed at the child's own price; null when the council has no child-level costs.
   */
  readonly costBasis: YearBasis | null;
}

export interface CouncilSpend {
  readonly hasData: boolean;
  readonly start: IsoDate | null;
  readonly runs: number;
  readonly years: readonly SpendYear[];
  /** Children looked after on the start date costed at their own placement cost until they leave its placement category. */
  readonly childLevelCostsUsed: number;
  readonly warnings: readonly string[];
}

/** The forecast behind the page and the first collection year of the stored returns. */
export interface CouncilSpendRequest {
  readonly laCode: string;
  /** The earliest collection year of the stored returns (actual years start with its financial year). */
  readonly firstYear: number | undefined;
  readonly months: number;
  readonly runs: number;
  readonly seed: number;
}

const exact = (v: number): Quantiles => ({ mean: v, p2_5: v, p10: v, p50: v, p90: v, p97_5: v });

function fromPeriod(p: SpendPeriod): SpendYear {
  return {
    year: p.period,
    basis: p.basis,
    spend: p.spend,
    actualToDate: p.actualToDate,
    children: p.children,
    byCategory: p.byCategory,
    byLine: p.byLine,
    provision: p.provision,
    costBasis: null,
  };
}

/** Spend by financial year from the inputs read (cash prices): the baseline forecast fitted and projected here. */
export function councilSpendFrom(inputs: CostingInputs, request: CouncilSpendRequest): CouncilSpend {
  const { laCode, firstYear } = request;
  let context: CostingContext;
  try {
    context = costingContextFrom(inputs, undefined, laCode);
  } catch (err) {
    // No episodes to start from: the page says so.
    if (err instanceof SpendInputError)
      return { hasData: false, start: null, runs: 0, years: [], childLevelCostsUsed: 0, warnings: [err.message] };
    throw err;
  }
  // As engine.projector() fits and projects (here, in the thread this runs in).
  const output = projectFitted(fitForProjection(context.data, context.start), {
    months: request.months,
    runs: request.runs,
    seed: request.seed,
    adjustments: [],
    placementDaysFor: costedChildIds(context),
  });
  const forecast = spendForecastOf(
    laCode,
    context,
    { runs: request.runs, seed: request.seed, priceBase: 'cash' },
    withChildCostPremium(output, context),
  );
  const startFy = financialYearStart(forecast.start);
  const actualYears: SpendYear[] = [];
  // Whole financial years before the forecast's, from the first stored return.
  if (firstYear !== undefined && firstYear - 1 < startFy) {
    const months = actualMonthsWithPostCare(
      inputs.data,
      context.book,
      inputs.childCosts,
      inputs.postCare,
      context.lineIntervals,
      `${firstYear - 1}-04-01`,
      `${startFy}-04-01`,
    );
    for (const t of totalsByPeriod(months, 'year')) {
      const children = t.days > 0 ? t.childDays / t.days : 0;
      actualYears.push({
        year: t.period,
        basis: 'actual',
        spend: exact(t.spend),
        actualToDate: t.spend,
        children: exact(children),
        byCategory: Object.fromEntries(PLACEMENT_CATEGORIES.map((c) => [c, exact(t.byCategory[c])])) as Record<
          PlacementCategory,
          Quantiles
        >,
        byLine: Object.fromEntries(POST_CARE_LINES.map((l) => [l, exact(t.byLine[l])])) as Record<
          PostCareLine,
          Quantiles
        >,
        provision: exact(t.provision),
        costBasis: null,
      });
    }
  }
  return {
    hasData: true,
    start: forecast.start,
    runs: forecast.runs,
    years: withCostBasis(inputs, [...actualYears, ...summariseSpend(forecast, 'year').map(fromPeriod)], forecast.start),
    childLevelCostsUsed: forecast.childLevelCostsUsed,
    warnings: forecast.warnings,
  };
}

/** Marks each year with how much of it rests on child-level prices (actual days up to the forecast start). */
function withCostBasis(inputs: CostingInputs, years: SpendYear[], start: IsoDate): SpendYear[] {
  const first = years[0];
  if (!first || inputs.childCosts.length === 0) return years;
  const basis = childLevelBasisByYear(inputs.data, inputs.childCosts, {
    from: `${first.year.slice(0, 4)}-04-01`,
    until: addDays(start, 1),
  });
  const byYear = new Map(basis.map((b) => [financialYearLabel(b.year), b]));
  return years.map((y) => (y.basis === 'forecast' ? y : { ...y, costBasis: byYear.get(y.year) ?? null }));
}
