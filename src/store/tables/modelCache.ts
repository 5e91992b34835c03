/**
 * Fitted demand models cached per council and data version: derived from the council's case data
 * (its latest import), never a source of truth. A row is used only while `data_version` is the
 * council's latest import id; rows of older versions are deleted when a newer one is written.
 */
export interface ModelCacheTable {
  la_code: string;
  /** What was fitted: the engine's code fingerprint and the fit's options (see services/modelCache.ts). */
  cache_key: string;
  /** The council's latest import id when the model was fitted. */
  data_version: number;
  /** The fitted model (rates and starting children, pseudonymised ids), serialised by node:v8. */
  payload: Uint8Array;
  /** ISO date-time (UTC). */
  created_at: string;
}

export interface ModelCacheTables {
  model_cache: ModelCacheTable;
}
