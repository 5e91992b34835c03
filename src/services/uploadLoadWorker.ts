/**
 * The upload loader's worker thread (started by ./uploadLoad.ts): reads, merges and validates the
 * 903 files of one upload off the request thread and posts the LoadResult back (structured clone).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { load903Records } from '../io/load903.ts';

const { paths, excelMaxRows } = workerData as { paths: string[]; excelMaxRows?: number };
try {
  const result = await load903Records(paths, excelMaxRows === undefined ? {} : { excelMaxRows });
  parentPort!.postMessage({ ok: true, result });
} catch (err) {
  parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
