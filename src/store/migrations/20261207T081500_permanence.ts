/**
 * Permanence trackers (issue 11): a council's projects and each project's cohort of children
 * (pseudonyms only), with their planned exit route and month and whether they are in scope.
 * Outcomes are not stored: they are found in the returns each time. Frozen in time: never edit
 * this migration once released; change the schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('permanence_projects')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tracked_from', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('permanence_projects_pk', ['la_code', 'name'])
    .execute();

  await db.schema
    .createTable('permanence_children')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('project', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('planned_route', 'text', (c) => c.notNull())
    .addColumn('planned_month', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('permanence_children_pk', ['la_code', 'project', 'child_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('permanence_children').execute();
  await db.schema.dropTable('permanence_projects').execute();
}
