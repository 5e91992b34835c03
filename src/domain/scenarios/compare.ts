/**
 * Scenario against baseline, by financial year, computed run by run. Both projections come from the
 * engine with the same seed (common random numbers), so run r of each differs only through the
 * scenario: the saving in run r is baseline spend r minus scenario spend r, and its quantiles are
 * tight where the effect is certain. A scenario that changes nothing gives exactly zero in every
 * run, hence in every percentile (the sums are integer pence).
 */
import { financialYearLabel, financialYearStart } from '../dates.ts';
import type { Projection } from '../engine/projection.ts';
import type { CostPremium } from '../finance/childCostPremium.ts';
import type { CostAdjustment } from '../finance/costAdjustments.ts';
import { entriesByMonth, projectionRuns } from '../finance/projectionSpend.ts';
import type { MonthLines } from '../finance/postCare.ts';
import {
  averageChildren,
  combineActualAndForecast,
  costRun,
  totalsByPeriod,
  withPostCare,
  type MonthSpend,
} from '../finance/spend.ts';
import type { RateBook } from '../finance/unitCosts.ts';
import { summarise, type Quantiles } from '../stats/quantiles.ts';

export interface ComparisonYear {
  /** Financial year label, e.g. "2025/26". */
  readonly year: string;
  /**
   * 'actual' for a year wholly before the forecast start, 'outturn' for the year with actual spend
   * to date and forecast to year end, 'forecast' for the years after.
   */
  readonly basis: 'actual' | 'outturn' | 'forecast';
  /** Money in pence. */
  readonly baselineSpend: Quantiles;
  readonly scenarioSpend: Quantiles;
  /** Baseline minus scenario, run by run (positive = the scenario costs less). */
  readonly saving: Quantiles;
  /** Average number of children looked after over the year's covered days. */
  readonly baselineChildren: Quantiles;
  readonly scenarioChildren: Quantiles;
  /** Baseline minus scenario entries into care in the year, run by run. */
  readonly childrenDiverted: Quantiles;
  /** Calendar days of the year covered (actuals and forecast). */
  readonly days: number;
  /**
   * The workforce's saving in the year (the agency premium avoided by the scenario's agency share
   * levers, src/domain/workforce/agencyLever.ts), in pence; already in `saving`. 0 without a lever.
   */
  readonly workforceSaving?: number;
}

export interface CompareOptions {
  readonly costAdjustments: readonly CostAdjustment[];
  /** Actual spend up to the forecast start, added to both sides (the outturn view). */
  readonly actuals?: readonly MonthSpend[];
  /**
   * Starting children costed at their own price (src/domain/finance/childCostPremium.ts), each side
   * with its own: the scenario's expected days in the starting placement reflect its adjustments, so
   * a step-down saves what those children really cost.
   */
  readonly baselinePremium?: CostPremium;
  readonly scenarioPremium?: CostPremium;
  /**
   * Post-care lines of each run (src/domain/finance/postCare.ts), each side from its own leavers:
   * more special guardianship orders save placements but add allowances, and the saving is net.
   */
  readonly baselineLines?: (run: number) => readonly MonthLines[];
  readonly scenarioLines?: (run: number) => readonly MonthLines[];
}

function yearOfMonth(month: string): string {
  return financialYearLabel(financialYearStart(`${month}-01`));
}

export function compareScenario(
  baseline: Projection,
  scenario: Projection,
  book: RateBook,
  options: CompareOptions,
): ComparisonYear[] {
  if (
    baseline.runs !== scenario.runs ||
    baseline.timeline.start !== scenario.timeline.start ||
    baseline.timeline.months.length !== scenario.timeline.months.length
  ) {
    throw new Error('baseline and scenario projections must share start, months and runs');
  }
  const actuals = options.actuals ?? [];
  const actualYears = new Set(actuals.map((m) => yearOfMonth(m.month)));
  const forecastYears = new Set(baseline.timeline.months.map(yearOfMonth));
  const baseRuns = projectionRuns(baseline);
  const scenRuns = projectionRuns(scenario);
  const perYear = new Map<
    string,
    {
      base: number[];
      scen: number[];
      saving: number[];
      baseKids: number[];
      scenKids: number[];
      diverted: number[];
      days: number;
    }
  >();
  for (let r = 0; r < baseline.runs; r++) {
    const baseRun = baseRuns[r] ?? [];
    const scenRun = scenRuns[r] ?? [];
    const basePremium = options.baselinePremium ? { premium: options.baselinePremium } : {};
    const scenPremium = options.scenarioPremium ? { premium: options.scenarioPremium } : {};
    const baseCosted = costRun(baseRun, book, basePremium);
    const scenCosted = costRun(scenRun, book, {
      adjustments: options.costAdjustments,
      baseline: baseRun,
      ...scenPremium,
    });
    const base = totalsByPeriod(
      combineActualAndForecast(
        actuals,
        options.baselineLines ? withPostCare(baseCosted, options.baselineLines(r)) : baseCosted,
      ),
      'year',
    );
    const scen = totalsByPeriod(
      combineActualAndForecast(
        actuals,
        options.scenarioLines ? withPostCare(scenCosted, options.scenarioLines(r)) : scenCosted,
      ),
      'year',
    );
    const baseEntries = entriesByMonth(baseline, r);
    const scenEntries = entriesByMonth(scenario, r);
    const diverted = new Map<string, number>();
    baseline.timeline.months.forEach((month, i) => {
      const y = yearOfMonth(month);
      diverted.set(y, (diverted.get(y) ?? 0) + (baseEntries[i] ?? 0) - (scenEntries[i] ?? 0));
    });
    base.forEach((b, i) => {
      const s = scen[i];
      if (!s || s.period !== b.period) throw new Error(`baseline and scenario cover different years at ${b.period}`);
      let acc = perYear.get(b.period);
      if (!acc) {
        acc = { base: [], scen: [], saving: [], baseKids: [], scenKids: [], diverted: [], days: b.days };
        perYear.set(b.period, acc);
      }
      acc.base.push(b.spend);
      acc.scen.push(s.spend);
      acc.saving.push(b.spend - s.spend);
      acc.baseKids.push(averageChildren(b));
      acc.scenKids.push(averageChildren(s));
      acc.diverted.push(diverted.get(b.period) ?? 0);
    });
  }
  return [...perYear.entries()].map(([year, a]) => ({
    year,
    basis: !actualYears.has(year) ? 'forecast' : forecastYears.has(year) ? 'outturn' : 'actual',
    baselineSpend: summarise(a.base),
    scenarioSpend: summarise(a.scen),
    saving: summarise(a.saving),
    baselineChildren: summarise(a.baseKids),
    scenarioChildren: summarise(a.scenKids),
    childrenDiverted: summarise(a.diverted),
    days: a.days,
  }));
}
