/**
 * The children in need census (issue 12): children, CIN episodes, assessments, CIN plans, section 47
 * enquiries and child protection plans (child ids are pseudonyms made with the 903's key), the
 * record of CIN imports, and the monthly counts a council enters for what no return holds.
 * Frozen in time: never edit this migration once released; change the schema with a new one.
 */
import { PostgresAdapter, type Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('cin_children')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('dob', 'text')
    .addColumn('expected_dob', 'text')
    .addColumn('ethnicity', 'text', (c) => c.notNull())
    .addColumn('source_year', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cin_children_pk', ['la_code', 'child_id'])
    .execute();

  await db.schema
    .createTable('cin_episodes')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('referral_date', 'text', (c) => c.notNull())
    .addColumn('referral_source', 'text', (c) => c.notNull())
    .addColumn('primary_need', 'text')
    .addColumn('closure_date', 'text')
    .addColumn('closure_reason', 'text')
    .addColumn('referral_nfa', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('initial_cpc_date', 'text')
    .addColumn('source_year', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cin_episodes_pk', ['la_code', 'child_id', 'referral_date'])
    .execute();

  await db.schema
    .createTable('cin_assessments')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('referral_date', 'text', (c) => c.notNull())
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('authorised', 'text')
    .addColumn('factors', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source_year', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cin_assessments_pk', ['la_code', 'child_id', 'referral_date', 'start'])
    .execute();

  await db.schema
    .createTable('cin_plans')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('referral_date', 'text', (c) => c.notNull())
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('end', 'text')
    .addColumn('source_year', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cin_plans_pk', ['la_code', 'child_id', 'referral_date', 'start'])
    .execute();

  await db.schema
    .createTable('cin_section47')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('referral_date', 'text', (c) => c.notNull())
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('icpc_target', 'text')
    .addColumn('icpc_date', 'text')
    .addColumn('icpc_not_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_year', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cin_section47_pk', ['la_code', 'child_id', 'referral_date', 'start'])
    .execute();

  await db.schema
    .createTable('cin_protection_plans')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('child_id', 'text', (c) => c.notNull())
    .addColumn('referral_date', 'text', (c) => c.notNull())
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('end', 'text')
    .addColumn('initial_category', 'text', (c) => c.notNull())
    .addColumn('latest_category', 'text', (c) => c.notNull())
    .addColumn('previous_plans', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_year', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cin_protection_plans_pk', ['la_code', 'child_id', 'referral_date', 'start'])
    .execute();

  await db.schema
    .createTable('cin_imports')
    .addColumn('id', postgres ? 'serial' : 'integer', (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('issues_summary', 'text', (c) => c.notNull())
    .addColumn('files', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cin_imports_la_code').on('cin_imports').columns(['la_code', 'id']).execute();

  await db.schema
    .createTable('cin_monthly_counts')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('contacts', 'integer')
    .addColumn('early_help_assessments', 'integer')
    .addColumn('early_help_starts', 'integer')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cin_monthly_counts_pk', ['la_code', 'month'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'cin_monthly_counts',
    'cin_imports',
    'cin_protection_plans',
    'cin_section47',
    'cin_plans',
    'cin_assessments',
    'cin_episodes',
    'cin_children',
  ])
    await db.schema.dropTable(table).execute();
}
