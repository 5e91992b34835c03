/**
 * A scenario comparison's costing: the baseline's and the scenario's projections costed run by
 * run, with the actual spend of the start's financial year in front, year by year (pure over the
 * inputs read from the store and the two projections).
 *
 * For a large council that is a second or more of CPU (costing 2 x 500 runs, a year of actual
 * spend), so runScenarioComparison (./scenarios.ts) has the engine runner do it: on the server in
 * an engine worker thread, after the two projections (which run there too, in parallel when there
 * are threads for both); inline with no threads (FORECARE_ENGINE_THREADS=0, tests, the CLI).
 */
import type { IsoDate } from '../domain/dates.ts';
import type { Projection } from '../domain/engine/projection.ts';
import type { CostPremium } from '../domain/finance/childCostPremium.ts';
import type { CostAdjustment } from '../domain/finance/costAdjustments.ts';
import { compareScenario, type ComparisonYear } from '../domain/scenarios/compare.ts';
import { costingContextFrom, postCareCoster, type CostingInputs } from './spend.ts';

/** What costing a comparison needs: the store's inputs, the start and both sides' projections and premiums. */
export interface ComparisonCostsRequest {
  readonly laCode: string;
  readonly inputs: CostingInputs;
  readonly start: IsoDate;
  readonly baseline: Projection;
  readonly scenario: Projection;
  readonly costAdjustments: readonly CostAdjustment[];
  readonly baselinePremium: CostPremium;
  readonly scenarioPremium: CostPremium;
}

/** Each year's spend on both sides and the saving, across runs (compareScenario with the actuals to date). */
export function comparisonCostsFrom(request: ComparisonCostsRequest): ComparisonYear[] {
  const context = costingContextFrom(request.inputs, request.start, request.laCode);
  return compareScenario(request.baseline, request.scenario, context.book, {
    costAdjustments: request.costAdjustments,
    actuals: context.actualMonths,
    baselinePremium: request.baselinePremium,
    scenarioPremium: request.scenarioPremium,
    baselineLines: postCareCoster(request.baseline, context),
    scenarioLines: postCareCoster(request.scenario, context),
  });
}
