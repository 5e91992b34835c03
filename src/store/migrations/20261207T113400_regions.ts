/**
 * Regions (issue 11): a named set of councils planning placements together (a regional care
 * co-operative), its member councils, and the people who see the region. Frozen in time: never
 * edit this migration once released; change the schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('region_code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('region_councils')
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.region_code').onDelete('cascade'))
    .addColumn('la_code', 'text', (c) => c.notNull().references('councils.la_code'))
    .addPrimaryKeyConstraint('region_councils_pk', ['region_code', 'la_code'])
    .execute();
  await db.schema.createIndex('region_councils_la_code').on('region_councils').column('la_code').execute();
  await db.schema
    .createTable('user_regions')
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.region_code').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_regions_pk', ['region_code', 'user_id'])
    .execute();
  await db.schema.createIndex('user_regions_user_id').on('user_regions').column('user_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_regions').execute();
  await db.schema.dropTable('region_councils').execute();
  await db.schema.dropTable('regions').execute();
}
