/**
 * The demand engine's public surface. Fit: `fitModel` / `fitRates`; project: `project`
 * (expected path + Monte Carlo), `projectExpected`, `projectCohorts`; read: `summariseProjection`,
 * `runValues`, `populationTotal`; the output type is `Projection`.
 */
export type {
  RateAdjustment,
  EntryRateAdjustment,
  ExitRateAdjustment,
  CategoryShiftAdjustment,
} from './adjustments.ts';
export { adjustmentEffectInMonth } from './adjustments.ts';
export type { Cohort, PeriodOfCare, CareSegment } from './periods.ts';
export { periodsOfCare, truncateAt, inCohort, cohortLabel } from './periods.ts';
export type { FittedRates, FitOptions, RateCell, EntryModelChoice } from './rates.ts';
export { fitRates, fitRatesFromPeriods, DEFAULT_ENTRY_MODEL, DEFAULT_REFERENCE_MONTHS } from './rates.ts';
export type { StartingPopulation, StartingChild } from './population.ts';
export { startingPopulation } from './population.ts';
export type { Projection, ProjectionField, Timeline, MonthSummary } from './projection.ts';
export {
  buildTimeline,
  summariseProjection,
  summariseField,
  runValues,
  populationTotal,
  sumProjections,
  fieldWidth,
  MAX_PROJECTION_MONTHS,
} from './projection.ts';
export type { ForecastModel, ModelOptions, ProjectOptions, ProjectionResult } from './project.ts';
export {
  fitModel,
  fitModelFromPeriods,
  project,
  projectExpected,
  projectCohorts,
  DEFAULT_RUNS,
  DEFAULT_SEED,
} from './project.ts';
