/**
 * Loading an upload's 903 files off the request thread. A workbook or CSV of a million rows takes
 * seconds of CPU and a lot of memory to read; on the web server's event loop that stalled every
 * council's pages (issue 17: a 32 MB workbook took /health past 85 s). Here each load runs in a
 * worker thread of its own:
 * - with a memory cap (V8's old-generation limit for the thread): an upload that needs more fails
 *   with a message saying so, and the server's own heap is untouched;
 * - at most `concurrency` at once (others wait their turn), so two large uploads do not take both
 *   CPUs and twice the memory;
 * - the result comes back by structured clone in chunks, one per turn of the event loop (a
 *   quarter of a million records copied at once held the loop for over a second), and its
 *   episode records get their class again.
 */
import { reviveEpisode } from '../domain/ssda903/parseRows.ts';
import type { Child, Episode } from '../domain/model.ts';
import type { LoadResult } from '../domain/ssda903/types.ts';
import { runPieceWorker } from './pieceWorker.ts';

/** Memory a load may use by default: the national CSV bench peaks near 0.9 GB for a whole import. */
export const DEFAULT_UPLOAD_MEMORY_MB = 2048;

export interface UploadLoadOptions {
  /** V8 old-generation limit of the loading thread, in MB. */
  readonly memoryMb?: number;
  /** Loads running at once (others queue). */
  readonly concurrency?: number;
  /** Rows read from one workbook (default: the reader's MAX_WORKBOOK_ROWS). */
  readonly excelMaxRows?: number;
}

/** A piece of a result as the worker posts it. */
type Piece =
  | { readonly kind: 'episodes'; readonly items: Episode[] }
  | { readonly kind: 'children'; readonly items: Child[] }
  | { readonly kind: 'done'; readonly rest: Omit<LoadResult, 'episodes' | 'children'> }
  | { readonly kind: 'failed'; readonly message: string };

export type UploadLoader = (paths: string[]) => Promise<LoadResult>;

/** A loader that runs load903Records in worker threads, within the given limits. */
export function workerUploadLoader(options: UploadLoadOptions = {}): UploadLoader {
  const memoryMb = options.memoryMb ?? DEFAULT_UPLOAD_MEMORY_MB;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  let active = 0;
  const waiting: (() => void)[] = [];

  async function turn(): Promise<void> {
    if (active < concurrency) {
      active += 1;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  function done(): void {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  }

  function run(paths: string[]): Promise<LoadResult> {
    // The result arrives in pieces, one per turn of this thread's event loop (see the worker).
    const episodes: Episode[] = [];
    const children: Child[] = [];
    return runPieceWorker<Piece, LoadResult>({
      script: new URL('./uploadLoadWorker.ts', import.meta.url),
      workerData: { paths, ...(options.excelMaxRows === undefined ? {} : { excelMaxRows: options.excelMaxRows }) },
      memoryMb,
      outOfMemoryAdvice: 'Upload fewer years at once, or save large returns as CSV.',
      onMessage: (m) => {
        if (m.kind === 'episodes') {
          for (const e of m.items) episodes.push(reviveEpisode(e));
          return { next: true };
        }
        if (m.kind === 'children') {
          for (const c of m.items) children.push(c);
          return { next: true };
        }
        if (m.kind === 'failed') return { failed: m.message };
        return { result: { ...m.rest, episodes, children } };
      },
    });
  }

  return async (paths) => {
    await turn();
    try {
      return await run(paths);
    } finally {
      done();
    }
  };
}
