/**
 * A worker entry for tests: the real engine worker, except that a forecast or backtest with seed
 * 666 ends the worker thread (as a crash or an out-of-memory would) and one with seed 667 throws
 * from a timer (an uncaught exception in the worker).
 */
import engineWorker from '../../../src/services/engineWorker.ts';
import type { EngineTask } from '../../../src/services/engineRunner.ts';

export const CRASH_SEED = 666;
export const UNCAUGHT_SEED = 667;

export default function crashingEngineWorker(task: EngineTask): unknown {
  const seed = task.kind === 'backtest' || task.kind === 'forecast' ? task.request.seed : undefined;
  if (seed === CRASH_SEED) process.exit(3);
  if (seed === UNCAUGHT_SEED) {
    return new Promise(() => {
      setTimeout(() => {
        throw new Error('boom in the worker');
      }, 1);
    });
  }
  return engineWorker(task);
}
