/**
 * One worker thread that checks files off the request thread and sends its result back in pieces
 * (./uploadLoad.ts for the 903, ./cinLoad.ts for the CIN census): started with a memory cap, each
 * piece answered with 'next' until the last, and every way a thread can end turned into one settled
 * promise: its result, the failure it reported, running out of memory (with a message saying what
 * to upload instead), an error, or stopping unexpectedly.
 */
import { Worker } from 'node:worker_threads';
import { UploadRejectedError } from '../io/upload.ts';

/** What a message from the worker means: ask for the next piece, or the end (a result or a failure). */
export type PieceOutcome<R> = { readonly next: true } | { readonly result: R } | { readonly failed: string };

export function runPieceWorker<M, R>(options: {
  readonly script: URL;
  readonly workerData: unknown;
  readonly memoryMb: number;
  /** Said when the thread runs out of memory, after "needs more memory than an upload may use (N MB)." */
  readonly outOfMemoryAdvice: string;
  readonly onMessage: (message: M) => PieceOutcome<R>;
}): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(options.script, {
      workerData: options.workerData,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    });
    let settled = false;
    worker.on('message', (m: M) => {
      if (settled) return;
      const outcome = options.onMessage(m);
      if ('next' in outcome) {
        worker.postMessage('next');
        return;
      }
      settled = true;
      void worker.terminate();
      if ('failed' in outcome) reject(new Error(outcome.failed));
      else resolve(outcome.result);
    });
    worker.once('error', (err: Error & { code?: string }) => {
      if (settled) return;
      settled = true;
      reject(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new UploadRejectedError(
              `Checking these files needs more memory than an upload may use (${options.memoryMb.toLocaleString('en-GB')} MB). ${options.outOfMemoryAdvice}`,
            )
          : err,
      );
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`The file checker stopped unexpectedly (exit code ${code})`));
    });
  });
}
