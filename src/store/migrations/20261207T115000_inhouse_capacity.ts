/**
 * In-house capacity (issue 11): approved fostering households, their places and the council's own
 * homes' beds, month by month. Frozen in time: never edit this migration once released; change the
 * schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inhouse_capacity')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('fostering_households', 'integer', (c) => c.notNull())
    .addColumn('fostering_places', 'integer', (c) => c.notNull())
    .addColumn('home_beds', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inhouse_capacity_pk', ['la_code', 'month'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('inhouse_capacity').execute();
}
