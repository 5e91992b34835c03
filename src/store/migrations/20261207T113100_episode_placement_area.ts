/**
 * Where a child is placed (issue 11): each episode's PL_DISTANCE (miles from home to the placement)
 * and PL_LA (the local authority the placement is in), as the return gives them; null where blank
 * or not in the return (episodes stored before this migration have none until re-imported). Frozen
 * in time: never edit this migration once released; change the schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('episodes').addColumn('placement_distance', 'double precision').execute();
  await db.schema.alterTable('episodes').addColumn('placement_la', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('episodes').dropColumn('placement_la').execute();
  await db.schema.alterTable('episodes').dropColumn('placement_distance').execute();
}
