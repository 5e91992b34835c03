/**
 * Case data: councils, children, episodes, and the record of imports. Frozen in time: never edit
 * this migration once released; change the schema with a new one.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('councils')
    .addColumn('la_code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('children')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('dob', 'text', (c) => c.notNull())
    .addColumn('ethnicity', 'text', (c) => c.notNull())
    .addColumn('uasc', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('uasc_ceased', 'text')
    .addColumn('source_year', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('children_pk', ['la_code', 'child_id'])
    .execute();

  await db.schema
    .createTable('episodes')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('reason_new', 'text', (c) => c.notNull())
    .addColumn('legal_status', 'text', (c) => c.notNull())
    .addColumn('need_code', 'text', (c) => c.notNull())
    .addColumn('placement', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('end', 'text')
    .addColumn('reason_ended', 'text')
    .addColumn('reason_place_change', 'text')
    .addColumn('source_year', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('episodes_pk', ['la_code', 'child_id', 'start'])
    .execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', postgres ? 'serial' : 'integer', (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('issues_summary', 'text', (c) => c.notNull())
    .addColumn('cleaning_summary', 'text', (c) => c.notNull())
    .addColumn('accepted_errors', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('imports_la_code').on('imports').columns(['la_code', 'id']).execute();

  await db.schema
    .createTable('import_files')
    .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id').onDelete('cascade'))
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('table', 'text', (c) => c.notNull())
    .addColumn('collection_year', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_files_import').on('import_files').columns(['import_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_files').execute();
  await db.schema.dropTable('imports').execute();
  await db.schema.dropTable('episodes').execute();
  await db.schema.dropTable('children').execute();
  await db.schema.dropTable('councils').execute();
}
