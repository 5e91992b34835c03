/**
 * Caching expensive figures per council and data version, for pages that must stay fast under
 * load (the overview, the forecast). The data version of a council is its latest import id. It is
 * re-read from the store at most every `ttlMs` (an import from the command line shows within that
 * time) and forgotten at once when an import goes through this process (`invalidate`). A version
 * seen for the first time is announced (`onVersion`): the background figures start from it.
 *
 *   const v = await services.dataVersions.get(laCode);
 *   const forecast = await cache.get(laCode, v.version, `${horizon}|${window}`, () => compute());
 */
import type { Db } from '../store/database.ts';
import { listImports } from '../store/imports.repository.ts';

export interface DataVersion {
  /** The latest import id (0 before any import). */
  readonly version: number;
  /** The earliest collection year among the imported files. */
  readonly firstYear: number | undefined;
}

export function createDataVersions(db: Db, now: () => Date = () => new Date(), ttlMs = 2000) {
  const seen = new Map<string, { at: number; value: Promise<DataVersion> }>();
  const listeners: Array<(laCode: string) => void> = [];
  const versionListeners: Array<(laCode: string, version: number) => void> = [];
  const lastRead = new Map<string, number>();

  async function read(laCode: string): Promise<DataVersion> {
    const imports = await listImports(db, laCode);
    const years = imports.flatMap((i) => i.files.map((f) => f.collectionYear)).filter((y) => y > 0);
    const version = imports[0]?.id ?? 0;
    if (lastRead.get(laCode) !== version) {
      lastRead.set(laCode, version);
      for (const f of versionListeners) f(laCode, version);
    }
    return { version, firstYear: years.length > 0 ? Math.min(...years) : undefined };
  }

  return {
    get(laCode: string): Promise<DataVersion> {
      const t = now().getTime();
      const hit = seen.get(laCode);
      if (hit && t - hit.at < ttlMs) return hit.value;
      const value = read(laCode);
      seen.set(laCode, { at: t, value });
      value.catch(() => seen.delete(laCode));
      return value;
    },
    /** The council's data changed (an import here): re-read next time, and tell the listeners. */
    invalidate(laCode: string): void {
      seen.delete(laCode);
      for (const f of listeners) f(laCode);
    },
    onInvalidate(listener: (laCode: string) => void): void {
      listeners.push(listener);
    },
    /**
     * Called when a read finds a version this process has not seen for the council: its first
     * read, an import here, or an import by another process (the command line) within `ttlMs`.
     */
    onVersion(listener: (laCode: string, version: number) => void): void {
      versionListeners.push(listener);
    },
  };
}

export type DataVersions = ReturnType<typeof createDataVersions>;
