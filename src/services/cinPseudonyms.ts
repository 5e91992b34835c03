/**
 * Pseudonymising a CIN import's child ids on a thread of their own (issue 12 bench): an HMAC per
 * child is about half a second for a large council's five years, which the importing thread would
 * otherwise spend before it can write a row. Started once the files are read, the thread is handed
 * the ids and works them out while the importing thread merges the years, and the store then finds
 * each child's pseudonym already made (pseudonymiser's `known`), the same as it would have made it.
 */
import { Worker } from 'node:worker_threads';

export interface PseudonymThread {
  /** Hands the thread the ids to pseudonymise (once). */
  send(ids: readonly string[]): void;
  /** The pseudonyms of the ids sent, by id (empty when none were sent). */
  take(): Promise<ReadonlyMap<string, string>>;
  /** Ends the thread. */
  stop(): Promise<void>;
}

export function startPseudonymThread(key: Uint8Array, laCode: string): PseudonymThread {
  const worker = new Worker(new URL('./cinPseudonymWorker.ts', import.meta.url), {
    workerData: { key: Uint8Array.from(key), laCode },
  });
  let sent: readonly string[] | null = null;
  let done: Promise<ReadonlyMap<string, string>> | null = null;
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The pseudonymising thread stopped (exit code ${code})`)));
  });
  failed.catch(() => undefined);
  return {
    send(ids) {
      if (sent !== null) throw new Error('The pseudonymising thread takes one list of ids');
      sent = ids;
      const ready = new Promise<ReadonlyMap<string, string>>((resolve) => {
        worker.once('message', (pseudonyms: string[]) => {
          const byId = new Map<string, string>();
          for (let i = 0; i < ids.length; i++) byId.set(ids[i]!, pseudonyms[i]!);
          resolve(byId);
        });
      });
      done = Promise.race([ready, failed]);
      done.catch(() => undefined);
      worker.postMessage(ids);
    },
    take: () => done ?? Promise.resolve(new Map()),
    stop: async () => {
      await worker.terminate();
    },
  };
}
