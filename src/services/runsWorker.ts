/**
 * The worker thread entry of a forecast's Monte Carlo runs (./engineRuns.ts; loaded by URL by
 * createRunsPool in ./enginePool.ts): it loads the engine's domain modules and nothing else of the
 * services, so that the command line's threads are ready while it reads the case data. Answers as
 * ./engineWorker.ts does: the value with its typed arrays moved, or the error as data.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { engineErrorData, type EngineReplyOf } from './engineReplies.ts';
import { runRunsTask, runsTaskBuffers, type RunsResults, type RunsTask } from './engineRuns.ts';

export default function runsWorker(task: RunsTask): unknown {
  let reply: EngineReplyOf<RunsResults[RunsTask['kind']]>;
  let buffers = new Set<ArrayBuffer>();
  try {
    const value = runRunsTask(task);
    buffers = runsTaskBuffers(task.kind, value);
    reply = { ok: true, value };
  } catch (err) {
    reply = { ok: false, error: engineErrorData(err) };
  }
  return move({ [transferableSymbol]: [...buffers], [valueSymbol]: reply });
}
