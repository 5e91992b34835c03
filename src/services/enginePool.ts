/**
 * The engine runner over a pool of worker threads (piscina): the web server's, so that a forecast,
 * a spend forecast, a scenario comparison or a backtest computes beside the event loop instead of
 * on it (and the Overview's figures, a second or more of CPU for a large council). Created at
 * server start (src/web/server.ts), destroyed on close. Also the command line's
 * pool for a forecast's Monte Carlo runs (createRunsPool: the runs shared out among its threads).
 *
 * A task is plain data: case data (or a fitted model) and options go by structured clone; the
 * projection comes back with its typed arrays transferred. Spend and scenario projectors fit once
 * (a 'fit' task) and project the fitted model ('project' tasks), so a baseline and a scenario share
 * one fit and run in parallel when there are threads for both. A worker that dies (a crash, an
 * out-of-memory) fails only its task: the pool starts another.
 */
import os from 'node:os';
import { Piscina } from 'piscina';
import type { IsoDate } from '../domain/dates.ts';
import type { ForecastModel } from '../domain/engine/project.ts';
import type { CaseData } from '../domain/model.ts';
import { engineErrorFrom, type EngineReplyOf } from './engineReplies.ts';
import type { EngineResults, EngineRunner, EngineTask } from './engineRunner.ts';
import { projectOnThreads, type RunsResults, type RunsTask } from './engineRuns.ts';
import type { FittedProjectRequest, Projector } from './spend.ts';

/** Worker threads by default: one CPU left for the event loop, at least one. */
export function defaultEngineThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

export interface EnginePoolOptions {
  /** Worker threads (at least 1). */
  readonly threads: number;
  /** The worker entry (default ./engineWorker.ts; tests pass another). */
  readonly workerUrl?: URL;
}

/** A task runner over a pool, and the pool's end. */
type PoolTaskRunner<T extends { readonly kind: string }, R> = (<K extends T['kind']>(
  task: Extract<T, { kind: K }>,
) => Promise<R[K & keyof R]>) & { close(): Promise<void> };

/**
 * `threads` workers of `filename` (they stay up: loading the engine takes a moment; idle ones do
 * not keep the process alive), and a runner of tasks on them: a task's error as the worker threw
 * it, a worker's own failure as an error of its own.
 */
function poolTaskRunner<T extends { readonly kind: string }, R>(filename: URL, threads: number): PoolTaskRunner<T, R> {
  const pool = new Piscina({
    filename: filename.href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  let closed = false;
  async function run<K extends T['kind']>(task: Extract<T, { kind: K }>): Promise<R[K & keyof R]> {
    if (closed) throw new Error('the engine worker pool is closed');
    let reply: EngineReplyOf<unknown>;
    try {
      reply = (await pool.run(task)) as EngineReplyOf<unknown>;
    } catch (err) {
      // The worker itself failed (it exited, ran out of memory, or the pool was closed): not an error of the task.
      throw new Error(
        `The forecast engine's worker thread stopped before finishing (${err instanceof Error ? err.message : String(err)})`,
        { cause: err },
      );
    }
    if (!reply.ok) throw engineErrorFrom(reply.error);
    return reply.value as R[K & keyof R];
  }
  return Object.assign(run, {
    async close() {
      if (closed) return;
      closed = true;
      await pool.destroy();
    },
  });
}

export function createEnginePool(options: EnginePoolOptions): EngineRunner {
  const threads = Math.max(1, Math.floor(options.threads));
  const run = poolTaskRunner<EngineTask, EngineResults>(
    options.workerUrl ?? new URL('./engineWorker.ts', import.meta.url),
    threads,
  );
  return {
    threads,
    projector(): Projector {
      let fitted: { data: CaseData; start: IsoDate; model: Promise<ForecastModel> } | undefined;
      return async (request) => {
        if (!fitted || fitted.data !== request.data || fitted.start !== request.start) {
          fitted = {
            data: request.data,
            start: request.start,
            model: run<'fit'>({ kind: 'fit', data: request.data, start: request.start }),
          };
        }
        const model = await fitted.model;
        const fittedRequest: FittedProjectRequest = {
          months: request.months,
          runs: request.runs,
          seed: request.seed,
          adjustments: request.adjustments,
          ...(request.placementDaysFor ? { placementDaysFor: request.placementDaysFor } : {}),
        };
        return run<'project'>({ kind: 'project', model, request: fittedRequest });
      };
    },
    project: (model, options) => projectOnThreads(run, threads, model, options),
    forecast: (data, request, history) =>
      run<'forecast'>(history ? { kind: 'forecast', data, request, history } : { kind: 'forecast', data, request }),
    backtest: (data, request) => run<'backtest'>({ kind: 'backtest', data, request }),
    overview: (data, request) => run<'overview'>({ kind: 'overview', data, request }),
    councilSpend: (inputs, request) => run<'councilSpend'>({ kind: 'councilSpend', inputs, request }),
    comparisonCosts: (request) => run<'comparisonCosts'>({ kind: 'comparisonCosts', request }),
    close: () => run.close(),
  };
}

/** A pool of worker threads for a forecast's Monte Carlo runs alone. */
export type RunsPool = Pick<EngineRunner, 'threads' | 'project' | 'close'>;

/**
 * `threads` worker threads that share out the Monte Carlo runs of `project` (./engineRuns.ts),
 * each loading only the engine's domain modules (./runsWorker.ts): the command line's, started
 * before it reads the case data so that they are ready for the runs.
 */
export function createRunsPool(threads: number): RunsPool {
  const n = Math.max(1, Math.floor(threads));
  const run = poolTaskRunner<RunsTask, RunsResults>(new URL('./runsWorker.ts', import.meta.url), n);
  return {
    threads: n,
    project: (model, options) => projectOnThreads(run, n, model, options),
    close: () => run.close(),
  };
}
