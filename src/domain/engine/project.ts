/**
 * fit → project: the engine's two entry points for callers (services, finance, scenarios).
 *
 *     const model = fitModel(caseData, { start: '2025-03-31' });
 *     const result = project(model, { months: 60, runs: 1000, seed: 42, adjustments });
 *     result.expected            // Projection with one run: the expected path
 *     result.simulated           // Projection with `runs` Monte Carlo runs
 *     summariseProjection(result.simulated)  // Quantiles per month
 *
 * The same seed gives identical numbers; an empty adjustment list gives the baseline exactly; a
 * scenario run with the same seed differs from the baseline only through its adjustments.
 */
import { DEFAULT_AGE_BANDS } from '../ageBands.ts';
import type { CaseData } from '../model.ts';
import { DEFAULT_CATEGORY_MAPPING } from '../placementCategories.ts';
import type { RateAdjustment } from './adjustments.ts';
import { DEFAULT_RUNS, DEFAULT_SEED } from './defaults.ts';
import { expectedPath } from './expected.ts';
import { periodsOfCare, type Cohort, type PeriodOfCare } from './periods.ts';
import { startingPopulation, type StartingPopulation } from './population.ts';
import { buildTimeline, sumProjections, type Projection } from './projection.ts';
import { fitRatesFromPeriods, type FitOptions, type FittedRates } from './rates.ts';
import { buildSchedule, type Schedule } from './schedule.ts';
import { simulate } from './simulate.ts';
import { startingPlacementDays, type StartingPlacementDays } from './startingPlacementDays.ts';
import type { StartingChild } from './population.ts';
import type { Timeline } from './projection.ts';

/** Fitted rates plus the children looked after on the start date: everything a projection needs. */
export interface ForecastModel {
  readonly rates: FittedRates;
  readonly population: StartingPopulation;
}

/** Options of the fit: the forecast start, reference window, mapping, bands, cohort, entry model. */
export type ModelOptions = FitOptions;

/** Fits the model from case data. */
export function fitModel(data: CaseData, options: ModelOptions): ForecastModel {
  const bands = options.ageBands ?? DEFAULT_AGE_BANDS;
  const { periods, warnings } = periodsOfCare(data, options.mapping ?? DEFAULT_CATEGORY_MAPPING, bands);
  return fitModelFromPeriods(periods, options, warnings);
}

export function fitModelFromPeriods(
  periods: readonly PeriodOfCare[],
  options: ModelOptions,
  warnings: readonly string[] = [],
): ForecastModel {
  const bands = options.ageBands ?? DEFAULT_AGE_BANDS;
  const rates = fitRatesFromPeriods(periods, options, warnings);
  const population = startingPopulation(periods, options.start, options.cohort ?? {}, bands);
  return { rates, population };
}

export interface ProjectOptions {
  /** Months to project (1-120). */
  readonly months: number;
  /** Monte Carlo runs (default 1000; 0 = expected path only). */
  readonly runs?: number;
  /** Seed (default 1). */
  readonly seed?: number;
  readonly adjustments?: readonly RateAdjustment[];
  /** Draw rates from their posteriors in each run (default true). */
  readonly parameterUncertainty?: boolean;
}

export { DEFAULT_RUNS, DEFAULT_SEED };

export interface ProjectionResult {
  readonly expected: Projection;
  readonly simulated: Projection;
}

/** A projection with what produced its per-child hazards: the timeline, the scenario's schedule and the shift hazards. */
export interface DetailedProjectionResult extends ProjectionResult {
  readonly timeline: Timeline;
  readonly schedule: Schedule;
  /** [month][shift]: daily hazard of being moved for a child eligible for each category shift (as the Monte Carlo used it). */
  readonly shiftHazard: Float64Array;
  /** [month][shift]: expected children moved by each shift in the month, on the expected path. */
  readonly shiftMoves: Float64Array;
}

/** The children a scenario adjustment moves between categories, month by month, on the expected path. */
export interface AdjustmentMoves {
  /** The adjustment's position (from 0) in the adjustments projected. */
  readonly adjustment: number;
  /** Expected children moved in each month of the timeline (not rounded). */
  readonly byMonth: readonly number[];
}

/** Each moving adjustment's expected moves by month (adjustments that move nobody, or were ignored, are absent). */
export function movesByAdjustment(
  result: Pick<DetailedProjectionResult, 'schedule' | 'shiftMoves' | 'timeline'>,
): AdjustmentMoves[] {
  const nS = result.schedule.shifts.length;
  const nM = result.timeline.months.length;
  const out: AdjustmentMoves[] = [];
  result.schedule.shifts.forEach((sh, s) => {
    if (sh.adjustment === undefined) return;
    const byMonth = Array.from({ length: nM }, (_, m) => result.shiftMoves[m * nS + s] as number);
    out.push({ adjustment: sh.adjustment, byMonth });
  });
  return out;
}

/** Expected path and Monte Carlo runs from a fitted model. */
export function project(model: ForecastModel, options: ProjectOptions): ProjectionResult {
  const { expected, simulated } = projectDetailed(model, options);
  return { expected, simulated };
}

/** `project`, also returning the timeline, schedule and shift hazards (for startingPlacementDaysOf). */
export function projectDetailed(model: ForecastModel, options: ProjectOptions): DetailedProjectionResult {
  const timeline = buildTimeline(model.rates.start, options.months);
  const schedule = buildSchedule(model.rates, options.adjustments ?? [], timeline);
  const exp = expectedPath(model.rates, model.population, timeline, schedule);
  const simulated = simulate(model.rates, model.population, timeline, schedule, {
    runs: options.runs ?? DEFAULT_RUNS,
    seed: options.seed ?? DEFAULT_SEED,
    parameterUncertainty: options.parameterUncertainty,
    shiftHazard: exp.shiftHazard,
  });
  return {
    expected: exp.projection,
    simulated,
    timeline,
    schedule,
    shiftHazard: exp.shiftHazard,
    shiftMoves: exp.shiftMoves,
  };
}

/** The expected path and the per-month shift hazards the Monte Carlo runs of the same options use. */
export function projectExpectedForRuns(
  model: ForecastModel,
  options: Pick<ProjectOptions, 'months' | 'adjustments'>,
): { readonly expected: Projection; readonly shiftHazard: Float64Array } {
  const timeline = buildTimeline(model.rates.start, options.months);
  const schedule = buildSchedule(model.rates, options.adjustments ?? [], timeline);
  const exp = expectedPath(model.rates, model.population, timeline, schedule);
  return { expected: exp.projection, shiftHazard: exp.shiftHazard };
}

/**
 * Whether the Monte Carlo runs of these options need the expected path's shift hazards (a scenario
 * that moves children between categories); if not, `projectRuns` takes an empty array and the runs
 * can start before the expected path is known.
 */
export function runsNeedShiftHazard(
  model: ForecastModel,
  options: Pick<ProjectOptions, 'months' | 'adjustments'>,
): boolean {
  const timeline = buildTimeline(model.rates.start, options.months);
  return buildSchedule(model.rates, options.adjustments ?? [], timeline).shifts.length > 0;
}

export interface RunsOptions extends Omit<ProjectOptions, 'runs'> {
  /** The seed's first run computed, and how many (the projection holds runs firstRun .. firstRun + runs - 1). */
  readonly firstRun: number;
  readonly runs: number;
  /** The expected path's shift hazards (projectExpectedForRuns; empty when runsNeedShiftHazard is false). */
  readonly shiftHazard: Float64Array;
}

/**
 * A share of `project`'s Monte Carlo runs (for one thread of several): concatRuns of the shares
 * firstRun 0 .. n-1, n .. is exactly `project(...).simulated` with the same seed.
 */
export function projectRuns(model: ForecastModel, options: RunsOptions): Projection {
  const timeline = buildTimeline(model.rates.start, options.months);
  const schedule = buildSchedule(model.rates, options.adjustments ?? [], timeline);
  return simulate(model.rates, model.population, timeline, schedule, {
    runs: options.runs,
    firstRun: options.firstRun,
    seed: options.seed ?? DEFAULT_SEED,
    parameterUncertainty: options.parameterUncertainty,
    shiftHazard: options.shiftHazard,
  });
}

/**
 * Expected days each starting child `include` picks stays in its starting placement, month by month,
 * under the same rates and scenario adjustments as `result` (see startingPlacementDays.ts).
 */
export function startingPlacementDaysOf(
  model: ForecastModel,
  result: DetailedProjectionResult,
  include?: (child: StartingChild) => boolean,
): StartingPlacementDays[] {
  return startingPlacementDays(
    model.rates,
    model.population,
    result.timeline,
    result.schedule,
    result.shiftHazard,
    include,
  );
}

/** The expected path alone (fast: no Monte Carlo). */
export function projectExpected(
  model: ForecastModel,
  options: Omit<ProjectOptions, 'runs' | 'seed' | 'parameterUncertainty'>,
): Projection {
  const timeline = buildTimeline(model.rates.start, options.months);
  const schedule = buildSchedule(model.rates, options.adjustments ?? [], timeline);
  return expectedPath(model.rates, model.population, timeline, schedule).projection;
}

/**
 * A whole-council forecast as the sum of separately fitted cohorts (e.g. UASC and the rest), run
 * by run: each cohort is fitted and projected on its own with the same seed, and run r of the
 * result is the sum of run r of every cohort. The cohorts should partition the children.
 */
export function projectCohorts(
  data: CaseData,
  cohorts: readonly Cohort[],
  modelOptions: Omit<ModelOptions, 'cohort'>,
  options: ProjectOptions,
): ProjectionResult & { readonly parts: readonly ProjectionResult[]; readonly models: readonly ForecastModel[] } {
  const bands = modelOptions.ageBands ?? DEFAULT_AGE_BANDS;
  const { periods, warnings } = periodsOfCare(data, modelOptions.mapping ?? DEFAULT_CATEGORY_MAPPING, bands);
  const models = cohorts.map((cohort) => fitModelFromPeriods(periods, { ...modelOptions, cohort }, warnings));
  // Different cohorts must not share random streams: offset the seed by the cohort's position.
  const parts = models.map((m, i) =>
    project(m, { ...options, seed: ((options.seed ?? DEFAULT_SEED) + i * 0x9e3779b1) >>> 0 }),
  );
  return {
    expected: sumProjections(parts.map((p) => p.expected)),
    simulated: sumProjections(parts.map((p) => p.simulated)),
    parts,
    models,
  };
}
