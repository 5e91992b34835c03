/**
 * Finance and scenarios: unit costs, inflation, child-level costs, saved scenarios. Frozen in time:
 * never edit this migration once released; change the schema with a new one.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = postgres ? 'serial' : 'integer';

  await db.schema
    .createTable('unit_costs')
    .addColumn('id', id, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('place_code', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('weekly_pence', 'integer', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('price_year', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addUniqueConstraint('unit_costs_key', ['la_code', 'category', 'place_code', 'effective_from'])
    .execute();

  await db.schema
    .createTable('inflation_rates')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('financial_year', 'integer', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inflation_rates_pk', ['la_code', 'financial_year'])
    .execute();

  await db.schema
    .createTable('child_costs')
    .addColumn('id', id, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('end', 'text')
    .addColumn('weekly_pence', 'integer', (c) => c.notNull())
    .addColumn('source_file', 'text', (c) => c.notNull())
    .addColumn('source_row', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('child_costs_la_child').on('child_costs').columns(['la_code', 'child_id']).execute();

  await db.schema
    .createTable('scenarios')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scenarios_pk', ['la_code', 'name'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scenarios').execute();
  await db.schema.dropTable('child_costs').execute();
  await db.schema.dropTable('inflation_rates').execute();
  await db.schema.dropTable('unit_costs').execute();
}
