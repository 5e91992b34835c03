/** Councils: one row per local authority whose data the store holds. */
import type { Db } from './database.ts';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

type DbOrTrx = Kysely<Database> | Transaction<Database>;

export interface Council {
  readonly laCode: string;
  readonly name: string;
}

/** Adds the council when it is not there yet (an existing name is kept). */
export async function ensureCouncil(db: DbOrTrx, laCode: string, name: string = laCode): Promise<void> {
  await db
    .insertInto('councils')
    .values({ la_code: laCode, name })
    .onConflict((oc) => oc.column('la_code').doNothing())
    .execute();
}

export async function findCouncil(db: Db, laCode: string): Promise<Council | undefined> {
  const row = await db
    .selectFrom('councils')
    .select(['la_code', 'name'])
    .where('la_code', '=', laCode)
    .executeTakeFirst();
  return row && { laCode: row.la_code, name: row.name };
}

export async function listCouncils(db: Db): Promise<Council[]> {
  const rows = await db.selectFrom('councils').select(['la_code', 'name']).orderBy('la_code').execute();
  return rows.map((r) => ({ laCode: r.la_code, name: r.name }));
}

/** Changes the name a council is shown under. */
export async function renameCouncil(db: Db, laCode: string, name: string): Promise<void> {
  await db.updateTable('councils').set({ name }).where('la_code', '=', laCode).execute();
}
