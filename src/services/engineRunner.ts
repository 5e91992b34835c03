/**
 * The engine runner: the one seam through which the web (and any other caller that must stay
 * responsive) runs the demand engine's heavy work — fits, Monte Carlo projections, cohort
 * projections, backtests, the Costs page's spend by financial year, a scenario comparison's
 * costing — and the Overview's figures (stock at every month end over the stored years). Two
 * implementations:
 *
 * - `inlineEngineRunner()` runs on the calling thread (the CLI, tests, FORECARE_ENGINE_THREADS=0);
 * - `createEnginePool()` (./enginePool.ts) runs each task in a worker thread, so a forecast of a
 *   large council (1-2 s of CPU) does not hold up every other request of the server.
 *
 * Both give the same numbers for the same seed: a task is plain data (case data or a fitted model,
 * options) and `runEngineTask` below is what either runs. This module holds the task definitions,
 * the task runner used in the worker, and the helpers that carry results and errors across threads.
 */
import type { IsoDate } from '../domain/dates.ts';
import type { RollingBacktestResult } from '../domain/engine/backtest.ts';
import { project, type ForecastModel, type ProjectOptions, type ProjectionResult } from '../domain/engine/project.ts';
import type { CaseData } from '../domain/model.ts';
import { overviewFigures, type OverviewFigures } from '../domain/overview.ts';
import { backtestFromData, type BacktestRequest } from './backtest.ts';
import { comparisonCostsFrom, type ComparisonCostsRequest } from './comparisonCosts.ts';
import { councilSpendFrom, type CouncilSpend, type CouncilSpendRequest } from './councilSpend.ts';
import type { ComparisonYear } from '../domain/scenarios/compare.ts';
import { addBuffer, addProjectionBuffers, type EngineReplyOf } from './engineReplies.ts';
import { runRunsTask, runsTaskBuffers, type RunsResults, type RunsTask } from './engineRuns.ts';
import { forecastFromData, forecastHistory, type ForecastOutcome, type ForecastRequest } from './forecast.ts';
import type { Stock } from '../domain/stock.ts';
import {
  engineProjector,
  fitForProjection,
  projectFitted,
  type FittedProjectRequest,
  type Projector,
  type CostingInputs,
  type ProjectorOutput,
} from './spend.ts';

/** A forecast of case data already loaded (forecastFromData's request). */
export type ForecastDataRequest = Omit<ForecastRequest, 'la'>;
/** Asks a forecast for the stock at the month ends before its start too (forecastHistory, ./forecast.ts). */
export interface HistoryRequest {
  /** The earliest collection year of the stored returns (the history starts no earlier). */
  readonly firstReturnYear: number | undefined;
}

/** A forecast's outcome, with the history when it was asked for. */
export interface ForecastWithHistory extends ForecastOutcome {
  readonly history?: readonly Stock[];
}

/** A rolling backtest of case data already loaded (backtestFromData's request). */
export type BacktestDataRequest = Omit<BacktestRequest, 'la'>;

/** The Overview's figures of case data already loaded (overviewFigures's arguments beside the data). */
export interface OverviewRequest {
  readonly today: IsoDate;
  readonly dataVersion: number;
  /** The earliest collection year of the stored returns (the trend and flows start there). */
  readonly firstReturnYear: number | undefined;
}

function withHistory(
  outcome: ForecastOutcome,
  data: CaseData,
  request: ForecastDataRequest,
  history: HistoryRequest | undefined,
): ForecastWithHistory {
  return history ? { ...outcome, history: forecastHistory(data, request.start, history.firstReturnYear) } : outcome;
}

function overviewOf(data: CaseData, request: OverviewRequest): OverviewFigures {
  return overviewFigures(data, request.today, request.dataVersion, request.firstReturnYear);
}

export interface EngineRunner {
  /** Worker threads doing the work (0: the calling thread). */
  readonly threads: number;
  /**
   * A projector for spend and scenarios (src/services/spend.ts): fits once per (case data, start),
   * so a baseline and a scenario asked of the same projector share one fitted model. Take a new
   * one per use (it keeps the latest model).
   */
  projector(): Projector;
  /**
   * A fitted model's expected path and Monte Carlo runs (`project`): the same figures on any
   * runner for the same seed. The pool shares the runs out among its threads.
   */
  project(model: ForecastModel, options: ProjectOptions): Promise<ProjectionResult>;
  /**
   * forecastFromData: one model or a sum of cohorts, projected; with `history`, also the stock at
   * the month ends before the start (0.1-0.2 s of CPU for a large council, kept off the request thread).
   */
  forecast(data: CaseData, request: ForecastDataRequest, history?: HistoryRequest): Promise<ForecastWithHistory>;
  /** backtestFromData: fitted as of each cutoff and compared with what happened. */
  backtest(data: CaseData, request: BacktestDataRequest): Promise<RollingBacktestResult>;
  /**
   * The Overview's figures (src/domain/overview.ts): no engine, but a second or more of CPU for a
   * large council, which the server keeps off the request thread like a forecast.
   */
  overview(data: CaseData, request: OverviewRequest): Promise<OverviewFigures>;
  /**
   * The Costs page's spend by financial year (./councilSpend.ts) from what the store holds: the
   * fit, the runs, costing each run and the actual years, in one piece of work.
   */
  councilSpend(inputs: CostingInputs, request: CouncilSpendRequest): Promise<CouncilSpend>;
  /** A scenario comparison's years (./comparisonCosts.ts): both projections costed run by run. */
  comparisonCosts(request: ComparisonCostsRequest): Promise<ComparisonYear[]>;
  /** Ends the worker threads (tasks still running are rejected); the inline runner has none. */
  close(): Promise<void>;
}

/** Runs everything on the calling thread. */
export function inlineEngineRunner(): EngineRunner {
  return {
    threads: 0,
    projector: () => engineProjector(),
    project: async (model, options) => project(model, options),
    forecast: async (data, request, history) => withHistory(forecastFromData(data, request), data, request, history),
    backtest: async (data, request) => backtestFromData(data, request),
    overview: async (data, request) => overviewOf(data, request),
    councilSpend: async (inputs, request) => councilSpendFrom(inputs, request),
    comparisonCosts: async (request) => comparisonCostsFrom(request),
    close: async () => {},
  };
}

/** One piece of engine work, as plain data (it crosses to a worker thread by structured clone). */
export type EngineTask =
  | { readonly kind: 'fit'; readonly data: CaseData; readonly start: IsoDate }
  | { readonly kind: 'project'; readonly model: ForecastModel; readonly request: FittedProjectRequest }
  | RunsTask
  | {
      readonly kind: 'forecast';
      readonly data: CaseData;
      readonly request: ForecastDataRequest;
      readonly history?: HistoryRequest;
    }
  | { readonly kind: 'backtest'; readonly data: CaseData; readonly request: BacktestDataRequest }
  | { readonly kind: 'overview'; readonly data: CaseData; readonly request: OverviewRequest }
  | { readonly kind: 'councilSpend'; readonly inputs: CostingInputs; readonly request: CouncilSpendRequest }
  | { readonly kind: 'comparisonCosts'; readonly request: ComparisonCostsRequest };

export interface EngineResults extends RunsResults {
  readonly fit: ForecastModel;
  readonly project: ProjectorOutput;
  readonly forecast: ForecastWithHistory;
  readonly backtest: RollingBacktestResult;
  readonly overview: OverviewFigures;
  readonly councilSpend: CouncilSpend;
  readonly comparisonCosts: ComparisonYear[];
}

export type EngineResult = EngineResults[keyof EngineResults];

/** What a task computes (the worker's work; also usable inline). */
export function runEngineTask(task: EngineTask): EngineResult {
  switch (task.kind) {
    case 'fit':
      return fitForProjection(task.data, task.start);
    case 'project':
      return projectFitted(task.model, task.request);
    case 'expectedForRuns':
    case 'runs':
      return runRunsTask(task);
    case 'forecast': {
      const outcome = forecastFromData(task.data, task.request);
      // Only what ForecastOutcome promises crosses back (a cohort sum also carries each part's runs).
      return withHistory(
        {
          result: { expected: outcome.result.expected, simulated: outcome.result.simulated },
          models: outcome.models,
          warnings: outcome.warnings,
        },
        task.data,
        task.request,
        task.history,
      );
    }
    case 'backtest':
      return backtestFromData(task.data, task.request);
    case 'overview':
      return overviewOf(task.data, task.request);
    case 'councilSpend':
      return councilSpendFrom(task.inputs, task.request);
    case 'comparisonCosts':
      return comparisonCostsFrom(task.request);
  }
}

/**
 * The buffers of a task's result that can be moved to the calling thread instead of copied: every
 * typed array of its projections (made afresh for each projection, so the worker keeps none).
 */
export function transferableBuffers(task: EngineTask['kind'], result: EngineResult): ArrayBuffer[] {
  if (task === 'expectedForRuns' || task === 'runs')
    return [...runsTaskBuffers(task, result as EngineResults[typeof task])];
  const buffers = new Set<ArrayBuffer>();
  if (task === 'project') {
    const out = result as ProjectorOutput;
    addProjectionBuffers(buffers, out.projection);
    for (const s of out.startingPlacements) addBuffer(buffers, s.days);
  } else if (task === 'forecast') {
    const out = result as ForecastOutcome;
    addProjectionBuffers(buffers, out.result.expected);
    addProjectionBuffers(buffers, out.result.simulated);
  }
  return [...buffers];
}

/** A worker's answer: the value, or the error the task threw (./engineReplies.ts). */
export type EngineReply = EngineReplyOf<EngineResult>;

export { engineErrorData, engineErrorFrom, type EngineErrorData } from './engineReplies.ts';
