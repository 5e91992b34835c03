/**
 * The engine's worker thread entry (loaded by URL by ./enginePool.ts; Node strips the types in
 * worker threads as in the main one). Each task arrives as plain data by structured clone; the
 * answer goes back with the projections' typed arrays moved, not copied. An error the task throws
 * goes back as data (name, message, stack) so the caller sees the same error as inline.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import {
  engineErrorData,
  runEngineTask,
  transferableBuffers,
  type EngineReply,
  type EngineTask,
} from './engineRunner.ts';

export default function engineWorker(task: EngineTask): unknown {
  let reply: EngineReply;
  let buffers: ArrayBuffer[] = [];
  try {
    const value = runEngineTask(task);
    buffers = transferableBuffers(task.kind, value);
    reply = { ok: true, value };
  } catch (err) {
    reply = { ok: false, error: engineErrorData(err) };
  }
  return move({ [transferableSymbol]: buffers, [valueSymbol]: reply });
}
