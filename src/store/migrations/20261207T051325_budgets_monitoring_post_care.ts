/**
 * Money a finance director signs off (issue 10): budgets per council, financial year and line;
 * saved monitoring periods (P1-P12); the council's post-care line settings. Frozen in time: never
 * edit this migration once released; change the schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('budgets')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('financial_year', 'integer', (c) => c.notNull())
    .addColumn('line', 'text', (c) => c.notNull())
    // bigint: a year's budget for a line can pass 2^31 pence (£21m).
    .addColumn('amount_pence', 'bigint', (c) => c.notNull())
    .addColumn('child_weeks', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('budgets_pk', ['la_code', 'financial_year', 'line'])
    .execute();

  await db.schema
    .createTable('monitoring_periods')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('financial_year', 'integer', (c) => c.notNull())
    .addColumn('period', 'integer', (c) => c.notNull())
    .addColumn('as_at', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_periods_pk', ['la_code', 'financial_year', 'period'])
    .execute();

  await db.schema
    .createTable('post_care_lines')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('line', 'text', (c) => c.notNull())
    .addColumn('weekly_pence', 'integer', (c) => c.notNull())
    .addColumn('price_year', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('take_up', 'text', (c) => c.notNull())
    .addColumn('take_up_source', 'text', (c) => c.notNull())
    .addColumn('end_age', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_care_lines_pk', ['la_code', 'line'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('post_care_lines').execute();
  await db.schema.dropTable('monitoring_periods').execute();
  await db.schema.dropTable('budgets').execute();
}
