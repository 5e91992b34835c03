/**
 * The CIN upload's worker thread (started by ./cinLoad.ts): reads, checks and merges the census
 * files of one upload off the request thread (a large council's five years of XML take seconds of
 * CPU), then hands the result back in pieces, each when the caller asks for the next: every table's
 * records and the issues in chunks, then the rest. Each piece is copied (structured clone) in a turn
 * of the caller's event loop of its own, as the 903's upload worker does (./uploadLoadWorker.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCin, type CinLoadResult } from '../io/loadCin.ts';

/** Records a piece: tens of milliseconds of copying on the caller's side. */
const CHUNK = 10_000;

const { paths, laCode, chunk } = workerData as { paths: string[]; laCode: string; chunk?: number };
const size = chunk ?? CHUNK;
const port = parentPort!;
let result: CinLoadResult | null = null;
try {
  result = await loadCin(paths, { laCode });
} catch (err) {
  port.postMessage({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
}
if (result !== null) {
  const { merged, issues, files, years } = result;
  const lists: Array<[string, readonly unknown[]]> = [...Object.entries(merged), ['issues', issues]];
  const pieces: Array<{ kind: 'records'; table: string; items: readonly unknown[] }> = [];
  for (const [table, items] of lists)
    for (let i = 0; i < items.length; i += size)
      pieces.push({ kind: 'records', table, items: items.slice(i, i + size) });
  let next = 0;
  port.on('message', (m) => {
    if (m !== 'next') return;
    const piece = pieces[next++];
    port.postMessage(piece ?? { kind: 'done', files, years });
  });
  port.postMessage(pieces[next++] ?? { kind: 'done', files, years });
}
