/**
 * Pseudonymising a CIN import's child ids on a thread of their own (issue 12 bench): an HMAC per
 * child is about half a second for a large council's five years, which the importing thread would
 * otherwise spend before it can write a row. Started once the files are read, the thread is handed
 * the ids and works them out while the importing thread merges the years, and the store then finds
 * each child's pseudonym already made (pseudonymiser's `known`), the same as it would have made it.
 */
import { Worker } from 'node:worker_threads';

export interface PseudonymThread {
  /** Hands the thread ids to pseudonymise (any number of times). */
  send(ids: readonly string[]): void;
  /** The pseudonyms of every id sent, by id (empty when none were sent). */
  take(): Promise<ReadonlyMap<string, string>>;
  /** Ends the thread. */
  stop(): Promise<void>;
}

export function startPseudonymThread(key: Uint8Array, laCode: string): PseudonymThread {
  const worker = new Worker(new URL('./cinPseudonymWorker.ts', import.meta.url), {
    workerData: { key: Uint8Array.from(key), laCode },
  });
  const byId = new Map<string, string>();
  // The lists sent and not answered yet, in the order sent (the thread answers each in turn).
  const waiting: (readonly string[])[] = [];
  let answered: (() => void) | null = null;
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The pseudonymising thread stopped (exit code ${code})`)));
  });
  failed.catch(() => undefined);
  worker.on('message', (pseudonyms: string[]) => {
    const ids = waiting.shift()!;
    for (let i = 0; i < ids.length; i++) byId.set(ids[i]!, pseudonyms[i]!);
    if (waiting.length === 0) answered?.();
  });
  return {
    send(ids) {
      waiting.push(ids);
      worker.postMessage(ids);
    },
    take: () => {
      if (waiting.length === 0) return Promise.resolve(byId);
      const all = new Promise<ReadonlyMap<string, string>>((resolve) => {
        answered = () => resolve(byId);
      });
      return Promise.race([all, failed]);
    },
    stop: async () => {
      await worker.terminate();
    },
  };
}
