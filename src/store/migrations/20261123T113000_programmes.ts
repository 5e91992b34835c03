/**
 * Savings programmes (issue 6). Frozen in time: never edit this migration once released; change
 * the schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('programmes')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('programme_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('programmes_pk', ['la_code', 'programme_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('programmes').execute();
}
