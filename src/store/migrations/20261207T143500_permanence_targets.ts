/**
 * Permanence trackers (issue 11): a project's stated targets, one value per measure and month,
 * checked against the looked after path computed from the returns. Frozen in time: never edit this
 * migration once released; change the schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('permanence_targets')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('project', 'text', (c) => c.notNull())
    // looked_after_end, project_exits or cumulative_exits
    .addColumn('measure', 'text', (c) => c.notNull())
    // YYYY-MM
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('permanence_targets_pk', ['la_code', 'project', 'measure', 'month'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('permanence_targets').execute();
}
