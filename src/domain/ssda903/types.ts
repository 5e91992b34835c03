/**
 * What reading and validating SSDA903 returns produces. Shared by the loader (src/io), the
 * validator (here), the import service (src/services) and the CLI.
 */
import type { Child, Episode } from '../model.ts';

export type Table903 = 'header' | 'episodes' | 'uasc' | 'oc3';

/**
 * One care leaver's outcome from a year's OC3 table (care leavers aged 17 to 21, recorded on or
 * around their birthday in the collection year): whether the council is in touch, their activity
 * and their accommodation, as the codes were written (upper case; '' when blank). Only what the
 * indicators need: the age on that birthday, not the date of birth.
 */
export interface CareLeaverOutcome {
  readonly childId: string;
  readonly collectionYear: number;
  /** Age on the birthday that falls in the collection year (17 to 21 expected). */
  readonly age: number;
  readonly inTouch: string;
  readonly activity: string;
  readonly accommodation: string;
}

/** One file that was read, with its fingerprint for the import record. */
export interface SourceFile {
  readonly path: string;
  readonly table: Table903;
  /** Collection year, named by the March it ends in (2024 = 1 April 2023 - 31 March 2024). */
  readonly collectionYear: number;
  readonly sha256: string;
  readonly rows: number;
}

/**
 * A problem found in the input. `row` is the 1-based line number in the file as a person sees it
 * in a spreadsheet (the header line is row 1, the first data row is row 2); null for a problem
 * with the whole file. `fatal` marks a problem that leaves Forecare unable to use the data at all
 * (unreadable file, missing column, unreadable date or id in a key field): an import never goes
 * ahead past a fatal issue.
 */
export interface Issue {
  readonly severity: 'error' | 'warning';
  readonly fatal: boolean;
  readonly file: string;
  readonly row: number | null;
  readonly column: string | null;
  /** Stable rule id, e.g. `EPI-DATE-ORDER`. */
  readonly rule: string;
  /** Plain English: what is wrong, for which child, and what was expected. */
  readonly message: string;
  readonly childId?: string;
}

/** A cleaning step applied while merging returns: nothing is dropped or changed silently. */
export interface CleaningStep {
  readonly kind: string;
  readonly description: string;
  readonly count: number;
  /** Up to a few hundred examples, each naming the child and what was done. */
  readonly examples: readonly string[];
}

export interface LoadResult {
  readonly files: readonly SourceFile[];
  /** Children after merging years (latest return's header wins). */
  readonly children: readonly Child[];
  /** Episodes after merging years (same CHILD + DECOM is one episode; the latest return wins). */
  readonly episodes: readonly Episode[];
  readonly issues: readonly Issue[];
  readonly cleaning: readonly CleaningStep[];
  /**
   * Care leavers' outcomes (the OC3 tables), one per child and collection year, for the years
   * whose OC3 table was read; absent or empty when no OC3 table was given.
   */
  readonly careLeavers?: readonly CareLeaverOutcome[];
  /** The collection years whose OC3 table was read (an import replaces those years' outcomes). */
  readonly careLeaverYears?: readonly number[];
}
