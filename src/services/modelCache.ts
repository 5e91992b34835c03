/**
 * Fitted demand models cached per council and data version, so a second forecast with the same
 * fit (start, reference window, entry model, cohort) skips loading the case data and the fit. The
 * cache lives in the store (model_cache), so it serves the next CLI process as well as this one.
 *
 * A cached model is used only while
 * - the council's data version (its latest import id) is the one it was fitted on: an import makes
 *   a new version, and the older rows are dropped when the next model is written;
 * - the engine's code is the same: the key carries a fingerprint of the domain core's source
 *   (src/domain), so a change to the fit or the data model never reads a model fitted by older code.
 *
 * The payload is the model as node:v8 serialises it (exact doubles, arrays and plain objects: a
 * model read back projects to the same figures as the one fitted).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import type { CaseData } from '../domain/model.ts';
import { fitModel, type ForecastModel, type ModelOptions } from '../domain/engine/project.ts';
import type { Db } from '../store/database.ts';
import { findCachedModel, latestImportId, saveCachedModel } from '../store/modelCache.repository.ts';

let fingerprint: string | undefined;

/** SHA-256 (first 16 hex digits) of the domain core's source files, read once a process. */
export function engineFingerprint(): string {
  if (fingerprint === undefined) {
    const root = fileURLToPath(new URL('../domain/', import.meta.url));
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();
    const hash = createHash('sha256');
    for (const f of files)
      hash
        .update(f)
        .update('\0')
        .update(fs.readFileSync(path.join(root, f)))
        .update('\0');
    fingerprint = hash.digest('hex').slice(0, 16);
  }
  return fingerprint;
}

/** The fit's options that change the model (mapping and bands: the defaults only are cached). */
export type CachedFitOptions = Pick<ModelOptions, 'start' | 'referenceMonths' | 'entryModel' | 'cohort'>;

/** The cache key: engine fingerprint and the fit's options, with the cohort's fields in a fixed order. */
export function modelCacheKey(options: CachedFitOptions): string {
  const cohort = options.cohort ?? {};
  return JSON.stringify({
    engine: engineFingerprint(),
    start: options.start,
    referenceMonths: options.referenceMonths ?? null,
    entryModel: options.entryModel ?? null,
    cohort: Object.fromEntries(
      Object.entries(cohort)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
  });
}

export interface CachedModel {
  readonly model: ForecastModel;
  /** True when read from the cache (no case data loaded, no fit). */
  readonly cached: boolean;
  readonly dataVersion: number;
}

/**
 * The council's fitted model for these options: from the cache when its data version and engine
 * match, else fitted from the case data `load` gives (and stored for next time).
 */
export async function cachedModel(
  db: Db,
  laCode: string,
  options: CachedFitOptions,
  load: () => Promise<CaseData>,
  now: () => Date = () => new Date(),
): Promise<CachedModel> {
  const dataVersion = await latestImportId(db, laCode);
  const key = modelCacheKey(options);
  const hit = await findCachedModel(db, laCode, key, dataVersion);
  if (hit) return { model: v8.deserialize(hit) as ForecastModel, cached: true, dataVersion };
  const model = fitModel(await load(), options);
  // A model fitted while an import went through belongs to the version it read; the check after
  // the fit keeps it from being stored under the newer version.
  if ((await latestImportId(db, laCode)) === dataVersion)
    await saveCachedModel(db, laCode, key, dataVersion, v8.serialize(model), now().toISOString());
  return { model, cached: false, dataVersion };
}
