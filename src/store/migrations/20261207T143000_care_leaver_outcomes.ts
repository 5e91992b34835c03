/**
 * Care leavers' outcomes from the 903's OC3 table (issue 12): one row per council, collection year
 * and care leaver (pseudonymised, like every child id), with the age on their birthday in the year
 * (not the date of birth) and the three codes. Frozen in time: never edit this migration once
 * released; change the schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('care_leaver_outcomes')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('collection_year', 'integer', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('age', 'integer', (c) => c.notNull())
    .addColumn('in_touch', 'text', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    .addColumn('accommodation', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('care_leaver_outcomes_pk', ['la_code', 'collection_year', 'child_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('care_leaver_outcomes').execute();
}
