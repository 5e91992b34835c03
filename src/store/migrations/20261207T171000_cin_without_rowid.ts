/**
 * The CIN census's six record tables as SQLite WITHOUT ROWID tables (issue 12 bench): each row is
 * stored once, in its primary key's B-tree (la_code, child_id, ...), instead of in a rowid table
 * plus a primary key index holding the key a second time. An import writes half the B-tree pages
 * (the large council's 5 years: 29 MB instead of 47 MB) and reads by council and child are one
 * lookup. Same columns, constraints and rows (copied across). PostgreSQL: nothing to do.
 * Frozen in time: never edit this migration once released; change the schema with a new one.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const TABLES = [
  'cin_children',
  'cin_episodes',
  'cin_assessments',
  'cin_plans',
  'cin_section47',
  'cin_protection_plans',
];

/** Rebuilds each table from its own definition, with or without rowid, keeping its rows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
async function rebuild(db: Kysely<any>, withoutRowid: boolean): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  for (const table of TABLES) {
    const { rows } = await sql<{
      sql: string;
    }>`select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
    const ddl = rows[0]?.sql;
    if (ddl === undefined) throw new Error(`${table} is missing`);
    const body = ddl.replace(/\s+WITHOUT\s+ROWID\s*$/i, '');
    const opening = body.indexOf('(');
    const created = `CREATE TABLE "${table}_rebuilt" ${body.slice(opening)}${withoutRowid ? ' WITHOUT ROWID' : ''}`;
    await sql.raw(created).execute(db);
    await sql.raw(`INSERT INTO "${table}_rebuilt" SELECT * FROM "${table}"`).execute(db);
    await sql.raw(`DROP TABLE "${table}"`).execute(db);
    await sql.raw(`ALTER TABLE "${table}_rebuilt" RENAME TO "${table}"`).execute(db);
  }
}

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, true);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(db, false);
}
