/**
 * The social work workforce (issue 12): each team's figures for a period (a month or a financial
 * quarter). FTE and percentages are kept as text, exactly as entered; money is integer pence.
 * Frozen in time: never edit this migration once released; change the schema with a new one.
 */
import type { Kysely } from 'kysely';

// Kysely<any>: a migration must not depend on today's schema types, which will change after it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workforce_team_periods')
    .addColumn('la_code', 'text', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull())
    // The team's name in lower case: one row per team and period whatever the case it is typed in.
    .addColumn('team_key', 'text', (c) => c.notNull())
    // YYYY-MM of the period's first month, and its length in months (1 or 3).
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_months', 'integer', (c) => c.notNull())
    .addColumn('permanent_fte', 'text', (c) => c.notNull())
    .addColumn('agency_fte', 'text', (c) => c.notNull())
    .addColumn('vacancy_fte', 'text', (c) => c.notNull())
    .addColumn('leavers_fte', 'text', (c) => c.notNull())
    .addColumn('salary_pence', 'bigint', (c) => c.notNull())
    .addColumn('on_costs_percent', 'text', (c) => c.notNull())
    .addColumn('agency_rate_pence', 'bigint')
    // day or hour; null with no agency rate.
    .addColumn('agency_rate_per', 'text')
    .addColumn('agency_days_a_year', 'text')
    .addColumn('agency_hours_a_day', 'text')
    // Case kinds held, separated by ';' (looked_after;child_in_need;child_protection); '' for none.
    .addColumn('holds', 'text', (c) => c.notNull())
    .addColumn('target_caseload', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('workforce_team_periods_pk', ['la_code', 'team_key', 'period_start'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('workforce_team_periods').execute();
}
