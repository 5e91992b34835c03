/** Saved scenarios: all the SQL. A scenario is stored as validated JSON, named per council. */
import type { DbOrTrx } from './caseData.repository.ts';

export interface ScenarioRecord {
  readonly name: string;
  readonly description: string;
  /** The scenario as JSON (money in pence). */
  readonly definition: string;
  readonly updatedAt: string;
}

export async function upsertScenario(db: DbOrTrx, laCode: string, record: ScenarioRecord): Promise<void> {
  const values = {
    la_code: laCode,
    name: record.name,
    description: record.description,
    definition: record.definition,
    updated_at: record.updatedAt,
  };
  await db
    .insertInto('scenarios')
    .values(values)
    .onConflict((oc) =>
      oc
        .columns(['la_code', 'name'])
        .doUpdateSet({ description: values.description, definition: values.definition, updated_at: values.updated_at }),
    )
    .execute();
}

export async function findScenario(db: DbOrTrx, laCode: string, name: string): Promise<ScenarioRecord | undefined> {
  const row = await db
    .selectFrom('scenarios')
    .selectAll()
    .where('la_code', '=', laCode)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && { name: row.name, description: row.description, definition: row.definition, updatedAt: row.updated_at };
}

export async function listScenarioRecords(db: DbOrTrx, laCode: string): Promise<ScenarioRecord[]> {
  const rows = await db.selectFrom('scenarios').selectAll().where('la_code', '=', laCode).orderBy('name').execute();
  return rows.map((row) => ({
    name: row.name,
    description: row.description,
    definition: row.definition,
    updatedAt: row.updated_at,
  }));
}

export async function deleteScenarioRecord(db: DbOrTrx, laCode: string, name: string): Promise<boolean> {
  const result = await db
    .deleteFrom('scenarios')
    .where('la_code', '=', laCode)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
