/**
 * The upload loader's worker thread (started by ./uploadLoad.ts): reads, merges and validates the
 * 903 files of one upload off the request thread, then hands the LoadResult back in pieces, each
 * when the caller asks for the next: episodes and children in chunks, then the rest. Each piece
 * is copied (structured clone) in a turn of the caller's event loop of its own, so a result of
 * hundreds of thousands of records never holds up the caller's other requests for long.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { load903Records } from '../io/load903.ts';
import type { LoadResult } from '../domain/ssda903/types.ts';

/** Records a piece: about 10-30 ms of copying on the caller's side. */
const CHUNK = 10_000;

const { paths, excelMaxRows } = workerData as { paths: string[]; excelMaxRows?: number };
const port = parentPort!;
let result: LoadResult | null = null;
try {
  result = await load903Records(paths, excelMaxRows === undefined ? {} : { excelMaxRows });
} catch (err) {
  port.postMessage({ kind: 'failed', message: err instanceof Error ? err.message : String(err) });
}
if (result !== null) {
  const { episodes, children, ...rest } = result;
  let e = 0;
  let c = 0;
  const next = (): void => {
    if (e < episodes.length) {
      port.postMessage({ kind: 'episodes', items: episodes.slice(e, e + CHUNK) });
      e += CHUNK;
    } else if (c < children.length) {
      port.postMessage({ kind: 'children', items: children.slice(c, c + CHUNK) });
      c += CHUNK;
    } else {
      port.postMessage({ kind: 'done', rest });
    }
  };
  port.on('message', (m) => {
    if (m === 'next') next();
  });
  next();
}
