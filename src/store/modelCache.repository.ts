/** The fitted-model cache (tables/modelCache.ts): rows keyed by council and cache key, valid for one data version. */
import type { Db } from './database.ts';

/** The cached payload for this council, key and data version, if any. */
export async function findCachedModel(
  db: Db,
  laCode: string,
  key: string,
  dataVersion: number,
): Promise<Uint8Array | undefined> {
  const r = await db
    .selectFrom('model_cache')
    .select('payload')
    .where('la_code', '=', laCode)
    .where('cache_key', '=', key)
    .where('data_version', '=', dataVersion)
    .executeTakeFirst();
  return r && new Uint8Array(r.payload);
}

/**
 * Stores a payload for this council, key and data version (replacing the key's row), drops the
 * council's rows of other data versions, and keeps at most `keep` rows a council (newest first).
 */
export async function saveCachedModel(
  db: Db,
  laCode: string,
  key: string,
  dataVersion: number,
  payload: Uint8Array,
  createdAt: string,
  keep = 24,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('model_cache')
      .where('la_code', '=', laCode)
      .where((eb) => eb.or([eb('data_version', '<>', dataVersion), eb('cache_key', '=', key)]))
      .execute();
    await trx
      .insertInto('model_cache')
      .values({
        la_code: laCode,
        cache_key: key,
        data_version: dataVersion,
        payload: Buffer.from(payload),
        created_at: createdAt,
      })
      .execute();
    const old = await trx
      .selectFrom('model_cache')
      .select('cache_key')
      .where('la_code', '=', laCode)
      .orderBy('created_at', 'desc')
      .orderBy('cache_key')
      .offset(keep)
      .limit(1_000_000)
      .execute();
    if (old.length > 0)
      await trx
        .deleteFrom('model_cache')
        .where('la_code', '=', laCode)
        .where(
          'cache_key',
          'in',
          old.map((r) => r.cache_key),
        )
        .execute();
  });
}

/** The council's latest import id (0 before any import): the version of its case data. */
export async function latestImportId(db: Db, laCode: string): Promise<number> {
  const r = await db
    .selectFrom('imports')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('la_code', '=', laCode)
    .executeTakeFirst();
  return r?.id === null || r?.id === undefined ? 0 : Number(r.id);
}
