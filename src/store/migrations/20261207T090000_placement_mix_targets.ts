/**
 * Placement mix targets (issue 11): the in-house share of fostering or residential placements a
 * council aims for by a date. Frozen in time: never edit this migration once released; change the
 * schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('placement_mix_targets')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('by_date', 'text', (c) => c.notNull())
    .addColumn('in_house_share', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('placement_mix_targets_pk', ['la_code', 'kind', 'by_date'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('placement_mix_targets').execute();
}
