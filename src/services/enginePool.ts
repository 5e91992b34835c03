/**
 * The engine runner over a pool of worker threads (piscina): the web server's, so that a forecast,
 * a spend forecast, a scenario comparison or a backtest computes beside the event loop instead of
 * on it. Created at server start (src/web/server.ts), destroyed on close.
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
import {
  engineErrorFrom,
  type EngineReply,
  type EngineResults,
  type EngineRunner,
  type EngineTask,
} from './engineRunner.ts';
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

export function createEnginePool(options: EnginePoolOptions): EngineRunner {
  const threads = Math.max(1, Math.floor(options.threads));
  const pool = new Piscina({
    filename: (options.workerUrl ?? new URL('./engineWorker.ts', import.meta.url)).href,
    minThreads: threads,
    maxThreads: threads,
    // Workers stay up (loading the engine takes a moment); idle ones do not keep the process alive.
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  let closed = false;

  async function run<K extends EngineTask['kind']>(task: Extract<EngineTask, { kind: K }>): Promise<EngineResults[K]> {
    if (closed) throw new Error('the engine worker pool is closed');
    let reply: EngineReply;
    try {
      reply = (await pool.run(task)) as EngineReply;
    } catch (err) {
      // The worker itself failed (it exited, ran out of memory, or the pool was closed): not an error of the task.
      throw new Error(
        `The forecast engine's worker thread stopped before finishing (${err instanceof Error ? err.message : String(err)})`,
        { cause: err },
      );
    }
    if (!reply.ok) throw engineErrorFrom(reply.error);
    return reply.value as EngineResults[K];
  }

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
    forecast: (data, request) => run<'forecast'>({ kind: 'forecast', data, request }),
    backtest: (data, request) => run<'backtest'>({ kind: 'backtest', data, request }),
    async close() {
      if (closed) return;
      closed = true;
      await pool.destroy();
    },
  };
}
