/**
 * The children in need census use cases (issue 12): validate files, import them for a council all
 * or nothing (child ids pseudonymised with the 903's key, so a child links across both returns),
 * read a council's CIN data, and import the monthly counts a council enters. Each use case checks
 * the actor's access; imports are audited (counts only: no child-level data in the log).
 */
import os from 'node:os';
import type { CinData, CinMonthlyCounts, CinMerged } from '../domain/cin/model.ts';
import type { Issue } from '../domain/ssda903/types.ts';
import { parseCount, parseMonth, readCinCounts } from '../io/cinCounts.ts';
import { loadCin, type CinLoadResult, type CinSourceFile } from '../io/loadCin.ts';
import type { Db } from '../store/database.ts';
import {
  cinYearsLoaded,
  countCinData,
  deleteCinMonthlyCounts,
  loadCinData,
  loadCinMonthlyCounts,
  recordCinImport,
  upsertCinMonthlyCounts,
  upsertCinRecords,
  type CinCounts,
  type CinYearLoaded,
} from '../store/cin.repository.ts';
import { ensureCouncil } from '../store/councils.repository.ts';
import { lockCouncilImports } from '../store/imports.repository.ts';
import { ANALYST_ROLES, READ_ROLES, assertAccess, type Actor } from './access.ts';
import { createAuditService } from './audit.ts';
import { pseudonymiser } from './pseudonymise.ts';
import { startPseudonymThread, type PseudonymThread } from './cinPseudonyms.ts';
import type { CinReturn } from '../domain/cin/records.ts';
import { issuesJson, type IssueJson } from '../domain/ssda903/issueJson.ts';
import { UserInputError } from './errors.ts';

export type { CinYearLoaded };

/** The import did not go ahead; nothing was stored. `issues` are the problems that refused it. */
export class CinImportRefusedError extends Error {
  readonly issues: readonly Issue[];
  constructor(message: string, issues: readonly Issue[]) {
    super(message);
    this.name = 'CinImportRefusedError';
    this.issues = issues;
  }
}

function describe(i: Issue): string {
  const where = [i.file, i.row === null ? null : `row ${i.row}`, i.column]
    .filter((x) => x !== null && x !== '')
    .join(', ');
  return `${where}: ${i.message} [${i.rule}]`;
}

/** Refuses (throws) when the issues forbid storing: any fatal problem; any error unless accepted. */
export function checkCinImportable(issues: readonly Issue[], acceptErrors: boolean, validateCommand: string): void {
  const fatal = issues.filter((i) => i.fatal);
  if (fatal.length > 0)
    throw new CinImportRefusedError(
      `Nothing imported: ${describe(fatal[0]!)}${fatal.length > 1 ? ` (and ${fatal.length - 1} more fatal)` : ''}`,
      fatal,
    );
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 && !acceptErrors)
    throw new CinImportRefusedError(
      `Nothing imported: ${errors.length} validation error${errors.length > 1 ? 's' : ''}, first ${describe(errors[0]!)}. ` +
        `Fix them (see ${validateCommand}) or import anyway with --accept-errors.`,
      errors,
    );
}

/** The shape `forecare cin validate --json` prints (the 903 validate's, with CIN counts). */
export interface CinValidation {
  readonly errors: readonly IssueJson[];
  readonly warnings: readonly IssueJson[];
  readonly children: number;
  readonly episodes: number;
  readonly assessments: number;
  readonly cinPlans: number;
  readonly section47s: number;
  readonly protectionPlans: number;
  readonly years: readonly number[];
}

function countsOf(m: CinMerged): CinCounts {
  return {
    children: m.children.length,
    episodes: m.episodes.length,
    assessments: m.assessments.length,
    cinPlans: m.cinPlans.length,
    section47s: m.section47s.length,
    protectionPlans: m.protectionPlans.length,
  };
}

export function cinValidationJson(result: CinLoadResult): CinValidation {
  return {
    ...issuesJson(result.issues),
    ...countsOf(result.merged),
    years: result.years,
  };
}

/** Threads to read a census's files with, by default: one per CPU the process may use (each file is read by one thread). */
export function defaultCinReadThreads(): number {
  return Math.max(1, os.availableParallelism());
}

/**
 * Reads, checks and merges CIN files without storing anything (files only: no council data is
 * read), with `threads` threads (default: defaultCinReadThreads).
 */
export async function validateCin(
  paths: readonly string[],
  laCode?: string,
  threads: number = defaultCinReadThreads(),
  bytesPerThread?: number,
): Promise<CinLoadResult> {
  return loadCin(paths, { laCode, threads, bytesPerThread });
}

export interface CinImportOptions {
  readonly laCode: string;
  readonly paths: readonly string[];
  readonly pseudonymKey: Uint8Array;
  readonly acceptErrors?: boolean;
  readonly now: Date;
  readonly onFile?: (done: number, total: number) => void;
  /** Threads to read the files with at most (default: defaultCinReadThreads; see loadCin's options). */
  readonly threads?: number;
  /** Files per reading thread, in bytes (default: loadCin's CIN_BYTES_PER_THREAD). */
  readonly bytesPerThread?: number;
  /** Where the files came from, for the audit log ('cli', 'demo generator'). */
  readonly source?: string;
}

export interface CinImportSummary {
  readonly importId: number;
  readonly laCode: string;
  readonly files: readonly CinSourceFile[];
  readonly years: readonly number[];
  /** Records read from the files after merging the years. */
  readonly read: CinCounts;
  /** Records stored for the council after the import (all years imported so far). */
  readonly stored: CinCounts;
  readonly errors: number;
  readonly warnings: number;
  readonly acceptedErrors: boolean;
}

function rulesCount(issues: readonly Issue[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of issues) out[i.rule] = (out[i.rule] ?? 0) + 1;
  return out;
}

/**
 * Imports CIN census files for `options.laCode`, all or nothing: refused (CinImportRefusedError,
 * nothing stored) on any fatal problem, or any error unless `acceptErrors`. Analysts and admins.
 */
export async function importCin(db: Db, actor: Actor, options: CinImportOptions): Promise<CinImportSummary> {
  assertAccess(actor, options.laCode, ANALYST_ROLES);
  // When the files were read on several threads, or hold many children, and more than one thread
  // may be used, the child ids are pseudonymised on a thread of their own while this one merges
  // the years (once every file is read: while they are read, every thread is busy reading).
  let pseudonyms: PseudonymThread | null = null;
  const threads = options.threads ?? defaultCinReadThreads();
  try {
    const load = await loadCin(options.paths, {
      laCode: options.laCode,
      onFile: options.onFile,
      threads,
      bytesPerThread: options.bytesPerThread,
      onRead: (returns, readers) => {
        if (threads <= 1 || (readers <= 1 && childRecords(returns) < PSEUDONYM_THREAD_CHILDREN)) return;
        pseudonyms = startPseudonymThread(options.pseudonymKey, options.laCode);
        pseudonyms.send(childIdsOf(returns));
      },
    });
    const made = pseudonyms as PseudonymThread | null;
    return await storeCinLoad(db, actor, load, {
      ...options,
      validateCommand: 'forecare cin validate',
      pseudonyms: made === null ? undefined : await made.take(),
    });
  } finally {
    await (pseudonyms as PseudonymThread | null)?.stop();
  }
}

/**
 * Child records read (every year's) from which the pseudonyms are worked out on a thread of their
 * own even when the files were read on one: about 50 ms of hashing here, more than a thread's start.
 */
const PSEUDONYM_THREAD_CHILDREN = 20_000;

function childRecords(returns: readonly CinReturn[]): number {
  let n = 0;
  for (const r of returns) n += r.children.length;
  return n;
}

/** The child ids of the returns' children, each once. */
function childIdsOf(returns: readonly CinReturn[]): string[] {
  const ids = new Set<string>();
  for (const r of returns) for (const c of r.children) ids.add(c.childId);
  return [...ids];
}

export interface CinStoreOptions {
  readonly laCode: string;
  readonly pseudonymKey: Uint8Array;
  readonly acceptErrors?: boolean;
  readonly now: Date;
  /** Where the files came from, for the audit log ('cli', 'web upload'). */
  readonly source?: string;
  /** Where the person reads the problems, for the refusal's message. */
  readonly validateCommand?: string;
  /** Child ids already pseudonymised with `pseudonymKey` for the council (importCin's thread). */
  readonly pseudonyms?: ReadonlyMap<string, string> | undefined;
}

/**
 * Stores files already read and checked (`loadCin`'s result) for `options.laCode`, all or nothing:
 * refused (CinImportRefusedError, audited, nothing stored) on any fatal problem, or any error unless
 * `acceptErrors`. The one way CIN records reach the store: `importCin` (the command line) and the
 * web's upload both come here. Analysts and admins.
 */
export async function storeCinLoad(
  db: Db,
  actor: Actor,
  load: CinLoadResult,
  options: CinStoreOptions,
): Promise<CinImportSummary> {
  assertAccess(actor, options.laCode, ANALYST_ROLES);
  const audit = createAuditService(db, () => options.now);
  const source = options.source === undefined ? {} : { source: options.source };
  try {
    checkCinImportable(load.issues, options.acceptErrors ?? false, options.validateCommand ?? 'the validation report');
  } catch (err) {
    await audit
      .record(actor, 'cin.import.failed', { ...source, files: load.files.length, rules: rulesCount(load.issues) })
      .catch(() => undefined);
    throw err;
  }
  const pseudo = pseudonymiser(options.pseudonymKey, options.laCode, { known: options.pseudonyms });
  const errors = load.issues.filter((i) => i.severity === 'error').length;
  const warnings = load.issues.filter((i) => i.severity === 'warning').length;
  const read = countsOf(load.merged);
  const { importId, stored } = await db.transaction().execute(async (trx) => {
    await ensureCouncil(trx, options.laCode);
    await lockCouncilImports(trx, options.laCode);
    await upsertCinRecords(trx, options.laCode, load.merged, pseudo);
    const stored = await countCinData(trx, options.laCode);
    const importId = await recordCinImport(trx, {
      laCode: options.laCode,
      importedBy: actor.name,
      importedAt: options.now.toISOString(),
      counts: { read, stored },
      issuesSummary: rulesCount(load.issues),
      files: load.files.map((f) => ({
        name: f.path.split(/[\\/]/).pop(),
        format: f.format,
        table: f.table,
        collectionYear: f.collectionYear,
        sha256: f.sha256,
        records: f.records,
      })),
    });
    return { importId, stored };
  });
  await audit.record(actor, 'cin.import.completed', {
    ...source,
    importId,
    files: load.files.length,
    years: load.years,
    read,
    errors,
    warnings,
    acceptedErrors: errors > 0,
  });
  return {
    importId,
    laCode: options.laCode,
    files: load.files,
    years: load.years,
    read,
    stored,
    errors,
    warnings,
    acceptedErrors: errors > 0,
  };
}

/** The collection years of the council's CIN census imported so far, latest first. Anyone in the council. */
export async function readCinYears(db: Db, actor: Actor, laCode: string): Promise<CinYearLoaded[]> {
  assertAccess(actor, laCode, READ_ROLES);
  return cinYearsLoaded(db, laCode);
}

/** The council's CIN census data (children, episodes and the records under them). Anyone in the council. */
export async function readCin(db: Db, actor: Actor, laCode: string): Promise<CinData> {
  assertAccess(actor, laCode, READ_ROLES);
  return loadCinData(db, laCode);
}

/** The council's monthly counts (contacts, early help), by month. Anyone in the council. */
export async function readCinMonthlyCounts(db: Db, actor: Actor, laCode: string): Promise<CinMonthlyCounts[]> {
  assertAccess(actor, laCode, READ_ROLES);
  return loadCinMonthlyCounts(db, laCode);
}

export interface CinCountsImportSummary {
  readonly laCode: string;
  readonly months: number;
  readonly first: string | null;
  readonly last: string | null;
  readonly warnings: number;
}

/**
 * Imports a CSV of monthly counts for the council, all or nothing: any error refuses it. Months in
 * the file replace the stored ones whole; other months stay. Analysts and admins.
 */
export async function importCinCounts(
  db: Db,
  actor: Actor,
  options: { readonly laCode: string; readonly path: string; readonly name?: string; readonly now: Date },
): Promise<CinCountsImportSummary> {
  assertAccess(actor, options.laCode, ANALYST_ROLES);
  const file = await readCinCounts(options.path, options.name ?? options.path);
  const problems = file.issues.filter((i) => i.severity === 'error');
  if (problems.length > 0)
    throw new CinImportRefusedError(
      `Nothing imported: ${problems.length} problem${problems.length > 1 ? 's' : ''} in the counts file, first ${describe(problems[0]!)}`,
      problems,
    );
  const audit = createAuditService(db, () => options.now);
  await db.transaction().execute(async (trx) => {
    await ensureCouncil(trx, options.laCode);
    await upsertCinMonthlyCounts(trx, options.laCode, file.counts, {
      updatedBy: actor.name,
      updatedAt: options.now.toISOString(),
    });
  });
  const summary = {
    laCode: options.laCode,
    months: file.counts.length,
    first: file.counts[0]?.month ?? null,
    last: file.counts[file.counts.length - 1]?.month ?? null,
    warnings: file.issues.filter((i) => i.severity === 'warning').length,
  };
  await audit.record(actor, 'cin.counts.imported', {
    months: summary.months,
    first: summary.first,
    last: summary.last,
  });
  return summary;
}

/** The monthly counts form's fields, as the person typed them. */
export interface CinMonthFields {
  readonly month: string;
  readonly contacts: string;
  readonly earlyHelpAssessments: string;
  readonly earlyHelpStarts: string;
}

/** What each count is called on the form and in messages. */
export const CIN_COUNT_LABELS: Readonly<Record<Exclude<keyof CinMonthFields, 'month'>, string>> = {
  contacts: 'Contacts',
  earlyHelpAssessments: 'Early help assessments',
  earlyHelpStarts: 'Early help episodes started',
};

/** Several fields of the monthly counts form are wrong: each with its field (GOV.UK error summary). */
export class CinCountsFormError extends Error {
  readonly errors: readonly { readonly field: string; readonly message: string }[];
  constructor(errors: readonly { readonly field: string; readonly message: string }[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'CinCountsFormError';
    this.errors = errors;
  }
}

/**
 * The month's counts from the form, checked by the counts file's rules (month as YYYY-MM, also
 * 04/2024; a count a whole number of 0 or more, blank when not known) and at least one count given.
 */
export function cinMonthFromFields(fields: CinMonthFields): CinMonthlyCounts {
  const errors: { field: string; message: string }[] = [];
  const month = parseMonth(fields.month);
  if (fields.month.trim() === '') errors.push({ field: 'month', message: 'Enter the month, for example 2024-04' });
  else if (month === null)
    errors.push({
      field: 'month',
      message: `Enter the month as YYYY-MM, for example 2024-04, not "${fields.month.trim().slice(0, 40)}"`,
    });
  const counts: Record<string, number | null> = {};
  for (const [field, label] of Object.entries(CIN_COUNT_LABELS)) {
    const v = parseCount(fields[field as keyof CinMonthFields]);
    if (v === undefined)
      errors.push({
        field,
        message: `${label} must be a whole number of 0 or more (leave it blank when not known)`,
      });
    counts[field] = v ?? null;
  }
  if (errors.length === 0 && Object.values(counts).every((v) => v === null))
    errors.push({ field: 'contacts', message: 'Enter at least one count for the month' });
  if (errors.length > 0) throw new CinCountsFormError(errors);
  return {
    month: month!,
    contacts: counts.contacts ?? null,
    earlyHelpAssessments: counts.earlyHelpAssessments ?? null,
    earlyHelpStarts: counts.earlyHelpStarts ?? null,
  };
}

/**
 * Enters or corrects one month's counts (the whole month is replaced: a count left blank becomes
 * not known). Throws CinCountsFormError with each field's problem. Analysts and admins; audited.
 */
export async function setCinMonthlyCounts(
  db: Db,
  actor: Actor,
  options: { readonly laCode: string; readonly fields: CinMonthFields; readonly now: Date },
): Promise<{ readonly counts: CinMonthlyCounts; readonly replaced: boolean }> {
  assertAccess(actor, options.laCode, ANALYST_ROLES);
  const counts = cinMonthFromFields(options.fields);
  const audit = createAuditService(db, () => options.now);
  const replaced = await db.transaction().execute(async (trx) => {
    await ensureCouncil(trx, options.laCode);
    const before = await loadCinMonthlyCounts(trx, options.laCode);
    await upsertCinMonthlyCounts(trx, options.laCode, [counts], {
      updatedBy: actor.name,
      updatedAt: options.now.toISOString(),
    });
    return before.some((c) => c.month === counts.month);
  });
  await audit.record(actor, 'cin.counts.set', { ...counts, replaced });
  return { counts, replaced };
}

/**
 * Removes one month's counts (a month entered by mistake); returns whether there were any.
 * Analysts and admins; audited.
 */
export async function removeCinMonthlyCounts(
  db: Db,
  actor: Actor,
  options: { readonly laCode: string; readonly month: string; readonly now: Date },
): Promise<boolean> {
  assertAccess(actor, options.laCode, ANALYST_ROLES);
  const month = parseMonth(options.month);
  if (month === null) throw new UserInputError('month', 'Choose a month to remove, as YYYY-MM');
  const removed = await deleteCinMonthlyCounts(db, options.laCode, month);
  if (removed) await createAuditService(db, () => options.now).record(actor, 'cin.counts.removed', { month });
  return removed;
}
