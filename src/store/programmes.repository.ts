/** All SQL for savings programmes. Every query filters on the council's `la_code`. */
import type { Db } from './database.ts';
import type { ProgrammesTable } from './tables/programme.ts';

export type ProgrammeRow = ProgrammesTable;

export async function listProgrammeRows(
  db: Db,
  laCode: string,
): Promise<Array<Pick<ProgrammeRow, 'programme_id' | 'name' | 'updated_at' | 'updated_by'>>> {
  return db
    .selectFrom('programmes')
    .select(['programme_id', 'name', 'updated_at', 'updated_by'])
    .where('la_code', '=', laCode)
    .orderBy('name')
    .execute();
}

export async function findProgrammeRow(db: Db, laCode: string, programmeId: string): Promise<ProgrammeRow | undefined> {
  return db
    .selectFrom('programmes')
    .selectAll()
    .where('la_code', '=', laCode)
    .where('programme_id', '=', programmeId)
    .executeTakeFirst();
}

/** Inserts or replaces the programme. */
export async function upsertProgrammeRow(db: Db, row: ProgrammeRow): Promise<void> {
  await db
    .insertInto('programmes')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['la_code', 'programme_id']).doUpdateSet({
        name: row.name,
        document: row.document,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      }),
    )
    .execute();
}

export async function deleteProgrammeRow(db: Db, laCode: string, programmeId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('programmes')
    .where('la_code', '=', laCode)
    .where('programme_id', '=', programmeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
