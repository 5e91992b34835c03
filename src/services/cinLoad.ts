/**
 * Checking an upload's CIN census files off the request thread: a large council's five years of
 * XML (117 MB, 536,485 records) take about 10 s of CPU to read, check and merge, which on the web
 * server's event loop would stall every council's pages. As the 903's upload (./uploadLoad.ts):
 * each check runs in a worker thread of its own with a memory cap, one at a time (others wait their
 * turn), and the result comes back in pieces, one per turn of the event loop.
 */
import type { CinMerged } from '../domain/cin/model.ts';
import type { Issue } from '../domain/ssda903/types.ts';
import { loadCin, type CinLoadResult } from '../io/loadCin.ts';
import { runPieceWorker } from './pieceWorker.ts';
import { DEFAULT_UPLOAD_MEMORY_MB } from './uploadLoad.ts';

/** Reads, checks and merges the CIN files found in `paths` for the council `laCode`. */
export type CinLoader = (paths: string[], laCode: string) => Promise<CinLoadResult>;

/** On the calling thread (tests, the command line). */
export const inlineCinLoader: CinLoader = (paths, laCode) => loadCin(paths, { laCode });

type Piece =
  | { readonly kind: 'records'; readonly table: keyof CinMerged | 'issues'; readonly items: unknown[] }
  | { readonly kind: 'done'; readonly files: CinLoadResult['files']; readonly years: CinLoadResult['years'] }
  | { readonly kind: 'failed'; readonly message: string };

/** A loader that runs loadCin in worker threads, one at a time, each within `memoryMb`. */
export function workerCinLoader(
  options: {
    readonly memoryMb?: number;
    /** Records per piece (tests use a small one). */ readonly chunk?: number;
  } = {},
): CinLoader {
  const memoryMb = options.memoryMb ?? DEFAULT_UPLOAD_MEMORY_MB;
  let queue: Promise<unknown> = Promise.resolve();

  function run(paths: string[], laCode: string): Promise<CinLoadResult> {
    const lists: Record<string, unknown[]> = {
      children: [],
      episodes: [],
      assessments: [],
      cinPlans: [],
      section47s: [],
      protectionPlans: [],
      issues: [],
    };
    return runPieceWorker<Piece, CinLoadResult>({
      script: new URL('./cinLoadWorker.ts', import.meta.url),
      workerData: { paths, laCode, ...(options.chunk === undefined ? {} : { chunk: options.chunk }) },
      memoryMb,
      outOfMemoryAdvice: 'Upload fewer years at once.',
      onMessage: (m) => {
        if (m.kind === 'records') {
          const list = lists[m.table];
          if (list) for (const item of m.items) list.push(item);
          return { next: true };
        }
        if (m.kind === 'failed') return { failed: m.message };
        const { issues, ...merged } = lists;
        return {
          result: { files: m.files, years: m.years, issues: issues as Issue[], merged: merged as unknown as CinMerged },
        };
      },
    });
  }

  return (paths, laCode) => {
    const mine = queue.then(() => run(paths, laCode));
    queue = mine.catch(() => undefined);
    return mine;
  };
}
