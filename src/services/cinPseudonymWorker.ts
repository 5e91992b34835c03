/** The thread of ./cinPseudonyms.ts: the pseudonym of each child id it is sent, in the same order. */
import { parentPort, workerData } from 'node:worker_threads';
import { pseudonymiser } from './pseudonymise.ts';

const { key, laCode } = workerData as { key: Uint8Array; laCode: string };
const hash = pseudonymiser(key, laCode, { remember: false });
parentPort!.on('message', (ids: string[]) => {
  const out = new Array<string>(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = hash(ids[i]!);
  parentPort!.postMessage(out);
});
