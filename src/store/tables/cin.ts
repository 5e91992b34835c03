/**
 * Children in need census tables (issue 12). Child ids are pseudonyms made with the 903's key, so a
 * child links to their `children` / `episodes` rows. Dates are ISO text; `source_year` is the
 * collection year (named by the March it ends in) of the return the row came from: a later
 * return's version of a record replaces an earlier one.
 */
import type { Generated } from 'kysely';

export interface CinChildrenTable {
  la_code: string;
  child_id: string;
  /** M, F or U (GenderCurrent 1, 2, 0/9). */
  sex: string;
  /** Null for an unborn child. */
  dob: string | null;
  expected_dob: string | null;
  ethnicity: string;
  source_year: number;
}

export interface CinEpisodesTable {
  la_code: string;
  child_id: string;
  referral_date: string;
  referral_source: string;
  primary_need: string | null;
  closure_date: string | null;
  closure_reason: string | null;
  /** 1 when the referral led to no further action. */
  referral_nfa: number;
  /** DateOfInitialCPC given on the episode (no section 47 enquiry in the return). */
  initial_cpc_date: string | null;
  source_year: number;
}

export interface CinAssessmentsTable {
  la_code: string;
  child_id: string;
  referral_date: string;
  start: string;
  authorised: string | null;
  /** Assessment factor codes joined by commas ('' when none). */
  factors: string;
  source_year: number;
}

export interface CinPlansTable {
  la_code: string;
  child_id: string;
  referral_date: string;
  start: string;
  end: string | null;
  source_year: number;
}

export interface CinSection47Table {
  la_code: string;
  child_id: string;
  referral_date: string;
  start: string;
  icpc_target: string | null;
  icpc_date: string | null;
  icpc_not_required: number;
  source_year: number;
}

export interface CinProtectionPlansTable {
  la_code: string;
  child_id: string;
  referral_date: string;
  start: string;
  end: string | null;
  initial_category: string;
  latest_category: string;
  previous_plans: number;
  source_year: number;
}

export interface CinImportsTable {
  id: Generated<number>;
  la_code: string;
  imported_by: string;
  imported_at: string;
  /** JSON: rows stored per table. */
  counts: string;
  /** JSON: warnings counted by rule (no messages: they name children). */
  issues_summary: string;
  /** JSON: the files read (name, format, collection year, sha256, records). */
  files: string;
}

export interface CinMonthlyCountsTable {
  la_code: string;
  /** YYYY-MM. */
  month: string;
  contacts: number | null;
  early_help_assessments: number | null;
  early_help_starts: number | null;
  updated_by: string;
  updated_at: string;
}

export interface CinTables {
  cin_children: CinChildrenTable;
  cin_episodes: CinEpisodesTable;
  cin_assessments: CinAssessmentsTable;
  cin_plans: CinPlansTable;
  cin_section47: CinSection47Table;
  cin_protection_plans: CinProtectionPlansTable;
  cin_imports: CinImportsTable;
  cin_monthly_counts: CinMonthlyCountsTable;
}
