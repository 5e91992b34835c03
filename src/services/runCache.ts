/**
 * A small cache for expensive model runs (forecasts, spend, scenario comparisons) shown by the
 * planning pages: values are kept per council and data version (a newer version drops the older
 * values) and per parameter key, at most `maxPerCouncil` keys a council (least recently used
 * dropped first), so a stream of one-off parameter choices cannot fill memory. A failed
 * computation is forgotten, so the next request tries again.
 */
export interface RunCache<T> {
  get(laCode: string, version: number, key: string, compute: () => Promise<T>): Promise<T>;
  /** True when the value for this key is cached (or being computed). */
  has(laCode: string, version: number, key: string): boolean;
  clear(laCode: string): void;
}

export function createRunCache<T>(maxPerCouncil = 12): RunCache<T> {
  const byCouncil = new Map<string, { version: number; values: Map<string, Promise<T>> }>();
  return {
    get(laCode, version, key, compute) {
      let entry = byCouncil.get(laCode);
      if (!entry || entry.version !== version) {
        entry = { version, values: new Map() };
        byCouncil.set(laCode, entry);
      }
      const values = entry.values;
      let value = values.get(key);
      if (value) {
        // Most recently used last.
        values.delete(key);
        values.set(key, value);
        return value;
      }
      value = compute();
      values.set(key, value);
      value.catch(() => {
        if (values.get(key) === value) values.delete(key);
      });
      while (values.size > maxPerCouncil) {
        const oldest = values.keys().next().value;
        if (oldest === undefined) break;
        values.delete(oldest);
      }
      return value;
    },
    has(laCode, version, key) {
      const entry = byCouncil.get(laCode);
      return entry !== undefined && entry.version === version && entry.values.has(key);
    },
    clear(laCode) {
      byCouncil.delete(laCode);
    },
  };
}
