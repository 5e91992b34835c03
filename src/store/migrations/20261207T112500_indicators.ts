/**
 * Indicators and benchmarks (issue 12): the council's child population (0-17) for each collection
 * year, figures from the DfE's published local authority tables, and the council's statistical
 * neighbours. Frozen in time: never edit this migration once released; change the schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('child_population')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('child_population_pk', ['la_code', 'year'])
    .execute();
  await db.schema
    .createTable('benchmark_figures')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('area', 'text', (c) => c.notNull())
    .addColumn('area_name', 'text', (c) => c.notNull())
    .addColumn('new_code', 'text')
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('benchmark_figures_pk', ['la_code', 'indicator', 'year', 'area'])
    .execute();
  await db.schema
    .createTable('statistical_neighbours')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('neighbour_code', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('statistical_neighbours_pk', ['la_code', 'neighbour_code'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('statistical_neighbours').execute();
  await db.schema.dropTable('benchmark_figures').execute();
  await db.schema.dropTable('child_population').execute();
}
