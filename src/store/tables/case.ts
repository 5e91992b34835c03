/**
 * Case data tables: councils, the children and episodes loaded from SSDA903 returns (child ids
 * are pseudonyms, never the council's CHILD id), and the record of every import. Dates are ISO
 * text (`YYYY-MM-DD`), so that SQLite and PostgreSQL store and compare them the same way.
 */
import type { Generated } from 'kysely';

export interface CouncilsTable {
  la_code: string;
  name: string;
}

export interface ChildrenTable {
  la_code: string;
  /** Pseudonym of the council's CHILD id (see src/services/pseudonymise.ts). */
  child_id: string;
  sex: string;
  dob: string;
  ethnicity: string;
  /** 1 when the child is or was an unaccompanied asylum-seeking child, else 0. */
  uasc: number;
  uasc_ceased: string | null;
  /** Collection year of the return this row came from (the latest return wins). */
  source_year: number;
}

export interface EpisodesTable {
  la_code: string;
  child_id: string;
  start: string;
  reason_new: string;
  legal_status: string;
  need_code: string;
  placement: string;
  provider: string | null;
  end: string | null;
  reason_ended: string | null;
  reason_place_change: string | null;
  /** PL_DISTANCE: miles from home to the placement; null where blank or not in the return. */
  placement_distance: number | null;
  /** PL_LA: the code of the local authority the placement is in; null where blank or not in the return. */
  placement_la: string | null;
  /** Collection year of the return this version of the episode came from. */
  source_year: number;
}

export interface ImportsTable {
  id: Generated<number>;
  la_code: string;
  imported_by: string;
  /** ISO date-time (UTC) of the import. */
  imported_at: string;
  /** JSON: children/episodes inserted, updated and unchanged. */
  counts: string;
  /** JSON: errors and warnings counted by rule (no messages: they name children). */
  issues_summary: string;
  /** JSON: cleaning steps applied while merging years (kind, description, count). */
  cleaning_summary: string;
  /** 1 when the import went ahead despite non-fatal validation errors. */
  accepted_errors: number;
}

export interface ImportFilesTable {
  import_id: number;
  la_code: string;
  path: string;
  table: string;
  collection_year: number;
  sha256: string;
  rows: number;
}

/** A care leaver's outcome from one year's OC3 table (issue 12). */
export interface CareLeaverOutcomesTable {
  la_code: string;
  collection_year: number;
  /** Pseudonymised, as in children.child_id. */
  child_id: string;
  /** Age on the birthday that falls in the collection year. */
  age: number;
  /** OC3 codes; '' when blank or not a code of the list. */
  in_touch: string;
  activity: string;
  accommodation: string;
}

export interface CaseTables {
  care_leaver_outcomes: CareLeaverOutcomesTable;
  councils: CouncilsTable;
  children: ChildrenTable;
  episodes: EpisodesTable;
  imports: ImportsTable;
  import_files: ImportFilesTable;
}
