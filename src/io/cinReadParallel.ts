/**
 * Reading a CIN census's files several at once (issue 12 bench: a large council's five years of
 * XML are 117 MB and most of an import's CPU): the calling thread and worker threads
 * (./cinReadWorker.ts) each take the next file not yet taken, until none is left. A worker's return
 * comes back as columns (src/domain/cin/packed.ts), and its problems as its sink's contents; each
 * file's read is given by its index, so the caller takes them in the files' order.
 */
import { Worker } from 'node:worker_threads';
import { unpackCinReturn, type PackedCinReturn } from '../domain/cin/packed.ts';
import { CinIssueSink, type CinIssueSinkState } from '../domain/cin/rules.ts';
import type { CinFileRead, CinFoundFile } from './loadCin.ts';

/** What a worker sends back for a file. */
export type CinReadReply =
  | {
      readonly index: number;
      readonly sink: CinIssueSinkState;
      readonly read: {
        readonly ret: PackedCinReturn;
        readonly sha256: string;
        readonly collectionYear: number;
        readonly records: number;
      } | null;
    }
  | { readonly index: number; readonly error: string };

/** What a worker is asked to read. */
export interface CinReadRequest {
  readonly index: number;
  readonly file: CinFoundFile;
  readonly laCode: string | undefined;
}

/** A file's read, settled when it is in; nobody waiting for it any more (reading stopped) is not an unhandled rejection. */
function pending(): PromiseWithResolvers<CinFileRead> {
  const p = Promise.withResolvers<CinFileRead>();
  p.promise.catch(() => undefined);
  return p;
}

/**
 * Starts reading every file of `found`: this thread and `threads - 1` worker threads (no more than
 * there are files to share) take them in order. `read(i)` gives file i's read; `stop()` ends the
 * workers (call it when done, or to give up: files not yet taken are not read).
 */
export function readInParallel(
  found: readonly CinFoundFile[],
  laCode: string | undefined,
  threads: number,
  readHere: (f: CinFoundFile, laCode: string | undefined) => Promise<CinFileRead>,
): { readonly read: (i: number) => Promise<CinFileRead>; readonly stop: () => Promise<void> } {
  const results = found.map(() => pending());
  let next = 0;
  let stopped = false;
  const take = (): number | null => (stopped || next >= found.length ? null : next++);

  const workers: Worker[] = [];
  const startWorker = (): void => {
    const worker = new Worker(new URL('./cinReadWorker.ts', import.meta.url));
    workers.push(worker);
    let current: number | null = null;
    const give = (): void => {
      current = take();
      if (current === null) {
        void worker.terminate();
        return;
      }
      const request: CinReadRequest = { index: current, file: found[current]!, laCode };
      worker.postMessage(request);
    };
    worker.on('message', (m: CinReadReply) => {
      const r = results[m.index]!;
      if ('error' in m) r.reject(new Error(m.error));
      else
        r.resolve({
          sink: CinIssueSink.restore(m.sink),
          read: m.read === null ? null : { ...m.read, ret: unpackCinReturn(m.read.ret) },
        });
      give();
    });
    const fail = (err: unknown): void => {
      if (current !== null) results[current]!.reject(err);
      current = null;
    };
    worker.once('error', fail);
    worker.once('exit', (code) => {
      if (current !== null) fail(new Error(`A CIN file reader thread stopped unexpectedly (exit code ${code})`));
    });
    give();
  };

  const readOwn = async (): Promise<void> => {
    for (let i = take(); i !== null; i = take()) {
      try {
        results[i]!.resolve(await readHere(found[i]!, laCode));
      } catch (err) {
        results[i]!.reject(err);
      }
    }
  };

  // This thread takes the first file before any worker has started (each read's outcome goes to its result).
  void readOwn();
  const extra = Math.min(threads - 1, found.length - 1);
  for (let w = 0; w < extra; w++) startWorker();

  return {
    read: (i) => results[i]!.promise,
    stop: async () => {
      stopped = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
