/** Budgets and saved monitoring periods: all the SQL. Every query filters on `la_code`. */
import type { Budget } from '../domain/finance/budgets.ts';
import type { DbOrTrx } from './caseData.repository.ts';

function budgetFromRow(r: {
  financial_year: number;
  line: string;
  amount_pence: number | string;
  child_weeks: string | null;
}): Budget {
  return {
    year: Number(r.financial_year),
    line: r.line,
    amountPence: Number(r.amount_pence),
    childWeeks: r.child_weeks === null ? null : Number(r.child_weeks),
  };
}

/** The council's budgets, for one financial year or all, by year then line. */
export async function listBudgets(db: DbOrTrx, laCode: string, year?: number): Promise<Budget[]> {
  let q = db
    .selectFrom('budgets')
    .select(['financial_year', 'line', 'amount_pence', 'child_weeks'])
    .where('la_code', '=', laCode);
  if (year !== undefined) q = q.where('financial_year', '=', year);
  const rows = await q.orderBy('financial_year').orderBy('line').execute();
  return rows.map(budgetFromRow);
}

/** Sets one line's budget for a year (replacing it). */
export async function upsertBudget(db: DbOrTrx, laCode: string, budget: Budget, now: string): Promise<void> {
  const row = {
    la_code: laCode,
    financial_year: budget.year,
    line: budget.line,
    amount_pence: budget.amountPence,
    child_weeks: budget.childWeeks === null ? null : String(budget.childWeeks),
    updated_at: now,
  };
  await db
    .insertInto('budgets')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['la_code', 'financial_year', 'line']).doUpdateSet({
        amount_pence: row.amount_pence,
        child_weeks: row.child_weeks,
        updated_at: now,
      }),
    )
    .execute();
}

/** Removes one line's budget for a year; whether there was one. */
export async function deleteBudget(db: DbOrTrx, laCode: string, year: number, line: string): Promise<boolean> {
  const r = await db
    .deleteFrom('budgets')
    .where('la_code', '=', laCode)
    .where('financial_year', '=', year)
    .where('line', '=', line)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Replaces a whole year's budget with `budgets` (call inside a transaction: one change). */
export async function replaceYearBudgets(
  db: DbOrTrx,
  laCode: string,
  year: number,
  budgets: readonly Budget[],
  now: string,
): Promise<void> {
  await db.deleteFrom('budgets').where('la_code', '=', laCode).where('financial_year', '=', year).execute();
  if (budgets.length === 0) return;
  await db
    .insertInto('budgets')
    .values(
      budgets.map((b) => ({
        la_code: laCode,
        financial_year: year,
        line: b.line,
        amount_pence: b.amountPence,
        child_weeks: b.childWeeks === null ? null : String(b.childWeeks),
        updated_at: now,
      })),
    )
    .execute();
}

export interface SavedPeriod {
  readonly year: number;
  readonly period: number;
  readonly asAt: string;
  readonly savedAt: string;
  /** The report as saved (JSON, money in pence). */
  readonly report: string;
}

/** Saves a monitoring period (replacing that period of that year if saved before). */
export async function upsertMonitoringPeriod(db: DbOrTrx, laCode: string, p: SavedPeriod): Promise<void> {
  const row = {
    la_code: laCode,
    financial_year: p.year,
    period: p.period,
    as_at: p.asAt,
    saved_at: p.savedAt,
    report: p.report,
  };
  await db
    .insertInto('monitoring_periods')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['la_code', 'financial_year', 'period'])
        .doUpdateSet({ as_at: row.as_at, saved_at: row.saved_at, report: row.report }),
    )
    .execute();
}

/** Saved periods of a financial year, in period order. */
export async function listMonitoringPeriods(db: DbOrTrx, laCode: string, year: number): Promise<SavedPeriod[]> {
  const rows = await db
    .selectFrom('monitoring_periods')
    .selectAll()
    .where('la_code', '=', laCode)
    .where('financial_year', '=', year)
    .orderBy('period')
    .execute();
  return rows.map((r) => ({
    year: Number(r.financial_year),
    period: Number(r.period),
    asAt: r.as_at,
    savedAt: r.saved_at,
    report: r.report,
  }));
}
