/**
 * The one cache of the service layer, for values that are expensive to compute (forecasts, spend,
 * scenario comparisons, monitoring reports, the overview's figures) or worth re-reading only now
 * and then (the overview's child population). Values are kept per council and data version (a
 * newer version drops the older values) and per key, at most `maxPerCouncil` keys a council (least
 * recently used dropped first), so a stream of one-off parameter choices cannot fill memory; with
 * `maxAgeMs`, a value older than that is computed again. A failed computation is forgotten, so the
 * next request tries again. Callers that do not follow a data version pass version 0.
 *
 *   const cache = createRunCache<CouncilForecast>({ maxPerCouncil: 12 });
 *   cache.get(laCode, version, paramsKey(params), () => compute());
 */
export interface RunCache<T> {
  get(laCode: string, version: number, key: string, compute: () => Promise<T>): Promise<T>;
  /** True when the value for this key is cached (or being computed) and not too old. */
  has(laCode: string, version: number, key: string): boolean;
  clear(laCode: string): void;
}

export interface RunCacheOptions {
  /** Keys kept a council (default: no limit). */
  readonly maxPerCouncil?: number;
  /** A value is computed again once it is this old (default: kept until its version changes). */
  readonly maxAgeMs?: number;
  /** The clock for maxAgeMs. */
  readonly now?: () => Date;
}

export function createRunCache<T>(options: RunCacheOptions = {}): RunCache<T> {
  const maxPerCouncil = options.maxPerCouncil ?? Number.POSITIVE_INFINITY;
  const maxAgeMs = options.maxAgeMs ?? Number.POSITIVE_INFINITY;
  const clock = options.now ?? (() => new Date());
  const time = (): number => (maxAgeMs === Number.POSITIVE_INFINITY ? 0 : clock().getTime());
  type Entry = { readonly value: Promise<T>; readonly at: number };
  const byCouncil = new Map<string, { version: number; values: Map<string, Entry> }>();
  const fresh = (e: Entry | undefined, t: number): e is Entry => e !== undefined && t - e.at < maxAgeMs;
  return {
    get(laCode, version, key, compute) {
      let entry = byCouncil.get(laCode);
      if (!entry || entry.version !== version) {
        entry = { version, values: new Map() };
        byCouncil.set(laCode, entry);
      }
      const values = entry.values;
      const t = time();
      const hit = values.get(key);
      if (fresh(hit, t)) {
        // Most recently used last.
        values.delete(key);
        values.set(key, hit);
        return hit.value;
      }
      const made: Entry = { value: compute(), at: t };
      values.delete(key);
      values.set(key, made);
      made.value.catch(() => {
        if (values.get(key) === made) values.delete(key);
      });
      while (values.size > maxPerCouncil) {
        const oldest = values.keys().next().value;
        if (oldest === undefined) break;
        values.delete(oldest);
      }
      return made.value;
    },
    has(laCode, version, key) {
      const entry = byCouncil.get(laCode);
      return entry !== undefined && entry.version === version && fresh(entry.values.get(key), time());
    },
    clear(laCode) {
      byCouncil.delete(laCode);
    },
  };
}
