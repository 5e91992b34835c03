/**
 * What crosses back from an engine worker thread (./engineWorker.ts, ./runsWorker.ts): the value
 * or the error a task threw, and the buffers of its projections that can be moved instead of
 * copied. Light on purpose (no imports beyond the projection's field lists): a worker that loads
 * it loads nothing else of the services.
 */
import { LEAVER_FIELDS, PROJECTION_FIELDS, type Projection } from '../domain/engine/projection.ts';

/** An error as it crosses from a worker thread. */
export interface EngineErrorData {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
}

/** A worker's answer: the value, or the error the task threw. */
export type EngineReplyOf<V> =
  { readonly ok: true; readonly value: V } | { readonly ok: false; readonly error: EngineErrorData };

export function engineErrorData(err: unknown): EngineErrorData {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err), stack: undefined };
}

const ERROR_TYPES: Readonly<Record<string, ErrorConstructor>> = {
  Error,
  RangeError,
  TypeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** The error a task threw in a worker, as the caller sees it: same class (for the standard ones), name and message; the worker's stack. */
export function engineErrorFrom(data: EngineErrorData): Error {
  const Type = ERROR_TYPES[data.name] ?? Error;
  const err = new Type(data.message);
  if (err.name !== data.name) err.name = data.name;
  if (data.stack !== undefined) err.stack = data.stack;
  return err;
}

/** Adds the buffer of a typed array (not a shared one) to `buffers`. */
export function addBuffer(buffers: Set<ArrayBuffer>, a: ArrayLike<number>): void {
  if (ArrayBuffer.isView(a) && a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
}

/** Adds every typed array's buffer of a projection (its runs, leavers and timeline) to `buffers`. */
export function addProjectionBuffers(buffers: Set<ArrayBuffer>, p: Projection): void {
  for (const f of PROJECTION_FIELDS) addBuffer(buffers, p[f]);
  if (p.leavers) for (const f of LEAVER_FIELDS) addBuffer(buffers, p.leavers[f]);
  addBuffer(buffers, p.timeline.monthFirstDay);
  addBuffer(buffers, p.timeline.monthEndDay);
}
