/** The social work workforce (issue 12): each team's figures for a month or financial quarter. */

export interface WorkforceTeamPeriodsTable {
  la_code: string;
  team: string;
  /** The team's name in lower case (the key). */
  team_key: string;
  /** YYYY-MM of the period's first month. */
  period_start: string;
  /** 1 (a month) or 3 (a financial quarter). */
  period_months: number;
  permanent_fte: string;
  agency_fte: string;
  vacancy_fte: string;
  leavers_fte: string;
  salary_pence: number | string;
  on_costs_percent: string;
  agency_rate_pence: number | string | null;
  agency_rate_per: string | null;
  agency_days_a_year: string | null;
  agency_hours_a_day: string | null;
  /** Case kinds held, separated by ';'; '' for none. */
  holds: string;
  target_caseload: string | null;
  updated_at: string;
}

export interface WorkforceTables {
  workforce_team_periods: WorkforceTeamPeriodsTable;
}
