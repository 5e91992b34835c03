/**
 * Budgets, saved monitoring periods and post-care line settings (issue 10). Money is integer
 * pence; rates and child-weeks are text so that they are stored exactly as entered.
 */

export interface BudgetsTable {
  la_code: string;
  /** Start year of the financial year (2026 = 2026/27). */
  financial_year: number;
  /** A placement category key, a post-care line key, or free text. */
  line: string;
  /** Whole pence (bigint: PostgreSQL returns it as text). */
  amount_pence: number | string;
  /** Child-weeks the budget assumed, as entered; null when not given. */
  child_weeks: string | null;
  /** ISO date-time of the last change. */
  updated_at: string;
}

export interface MonitoringPeriodsTable {
  la_code: string;
  financial_year: number;
  /** 1 (April) to 12 (March). */
  period: number;
  /** The date the figures are as at (YYYY-MM-DD). */
  as_at: string;
  saved_at: string;
  /** The monitoring report as JSON (money in pence). */
  report: string;
}

export interface PostCareLinesTable {
  la_code: string;
  /** A post-care line key (src/domain/finance/postCare.ts). */
  line: string;
  weekly_pence: number;
  price_year: number;
  source: string;
  /** Take-up share as a fraction (0.6 = 60%), as text. */
  take_up: string;
  take_up_source: string;
  end_age: number;
}

export interface MoneyTables {
  budgets: BudgetsTable;
  monitoring_periods: MonitoringPeriodsTable;
  post_care_lines: PostCareLinesTable;
}
