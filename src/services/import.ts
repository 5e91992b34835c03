/**
 * Importing SSDA903 returns into the store: read and validate the files (load903), then write the
 * result for one council in ONE transaction.
 *
 * - All or nothing: a fatal issue, or a non-fatal error without `acceptErrors`, refuses the import
 *   before anything is written; a failure while writing rolls the whole transaction back.
 * - Pseudonymised: CHILD ids are replaced by keyed hashes (./pseudonymise.ts) before any row is
 *   built; the import record keeps counts by rule, never messages (they name children).
 * - Idempotent: rows already stored with the same content are left alone and counted unchanged;
 *   importing the same files twice changes no case data (the second import is still recorded).
 * - Latest return wins: an episode (same child + start) from an equal or later collection year
 *   replaces the stored one; one from an earlier year than the stored version is kept out.
 */
import { COUNCIL_CODE_RULE, parseCouncilCode } from '../domain/councilCode.ts';
import type { Child, Episode } from '../domain/model.ts';
import type { Issue, LoadResult, SourceFile } from '../domain/ssda903/types.ts';
import { collectionYearOf } from '../domain/dates.ts';
import type { Db } from '../store/database.ts';
import {
  CHILD_WIDTH,
  EPISODE_WIDTH,
  childToRow,
  childValues,
  episodeValues,
  upsertChildValues,
  upsertEpisodeValues,
  episodeToRow,
  findChildrenBetween,
  findEpisodesBetween,
  WRITE_CHUNK,
  hasCaseData,
  upsertChildren,
  upsertEpisodes,
  type ChildRow,
  type DbOrTrx,
  type EpisodeRow,
} from '../store/caseData.repository.ts';
import { replaceCareLeaverOutcomes } from '../store/careLeavers.repository.ts';
import { ensureCouncil } from '../store/councils.repository.ts';
import { insertImport, lockCouncilImports } from '../store/imports.repository.ts';
import { load903Records } from '../io/load903.ts';
import { pseudonymiser, type Pseudonymiser } from './pseudonymise.ts';

/** The import cannot go ahead; nothing was written. The message is for the person importing. */
export class ImportRefusedError extends Error {
  readonly issues: readonly Issue[];
  constructor(message: string, issues: readonly Issue[] = []) {
    super(message);
    this.name = 'ImportRefusedError';
    this.issues = issues;
  }
}

export interface TableCounts {
  readonly children: number;
  readonly episodes: number;
}

export interface ImportSummary {
  readonly importId: number;
  readonly laCode: string;
  /** Children and episodes in the files after merging years. */
  readonly children: number;
  readonly episodes: number;
  readonly inserted: TableCounts;
  readonly updated: TableCounts;
  readonly unchanged: TableCounts;
  /** Rows kept out because the store already holds a version from a later collection year. */
  readonly olderThanStored: TableCounts;
  readonly files: readonly SourceFile[];
  readonly errors: number;
  readonly warnings: number;
  readonly acceptedErrors: boolean;
  /** Care leavers' outcomes stored from the OC3 tables (each year read replaces that year's). */
  readonly careLeavers: number;
}

export interface WriteOptions {
  readonly laCode: string;
  readonly importedBy: string;
  readonly acceptErrors?: boolean;
  /** When the import happens (passed in, so tests control the clock). */
  readonly now: Date;
  /** Key for pseudonymising CHILD ids (see loadPseudonymKey). */
  readonly pseudonymKey: Uint8Array;
  /** Hears how far the import is (the CLI's progress bar). */
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** Files read of those found, then children written of those loaded. */
export interface ImportProgress {
  readonly stage: 'reading' | 'writing';
  readonly done: number;
  readonly total: number;
}

export interface ImportOptions extends WriteOptions {
  readonly paths: readonly string[];
}

/**
 * Children handled per step: their stored rows are looked up and compared together. Small steps
 * keep little alive at any moment (so little garbage survives into the old generation and the
 * heap stays near the LoadResult's size); writes are gathered across steps into full statements.
 */
const CHILDREN_PER_STEP = 250;

function describeIssue(i: Issue): string {
  const where = [i.file, i.row === null ? null : `row ${i.row}`, i.column]
    .filter((x) => x !== null && x !== '')
    .join(', ');
  return `${where}: ${i.message} [${i.rule}]`;
}

/** Refuses the import (throws) when the issues forbid it. */
export function checkImportable(issues: readonly Issue[], acceptErrors: boolean): void {
  const fatal = issues.filter((i) => i.fatal);
  if (fatal.length > 0) {
    const first = fatal[0] as Issue;
    const more = fatal.length > 1 ? ` (and ${fatal.length - 1} more fatal problem${fatal.length > 2 ? 's' : ''})` : '';
    throw new ImportRefusedError(`Nothing imported: ${describeIssue(first)}${more}`, fatal);
  }
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0 && !acceptErrors) {
    const first = errors[0] as Issue;
    throw new ImportRefusedError(
      `Nothing imported: ${errors.length} validation error${errors.length > 1 ? 's' : ''}, first ${describeIssue(first)}. ` +
        'Fix them (see forecare validate) or import anyway with --accept-errors.',
      errors,
    );
  }
}

/**
 * The collection year each version comes from. The merged LoadResult keeps the latest return's
 * version of each episode; that is the return of the year the episode ended in (an episode
 * ending in 2023/24 last appears in the 2024 return), or, for one still open, the latest return
 * loaded. Children's headers come from the latest header file.
 */
export function sourceYears(load: LoadResult): {
  latestEpisodes: number;
  latestHeader: number;
  episodeYear: (e: Episode) => number;
} {
  const years = (table: string) => load.files.filter((f) => f.table === table).map((f) => f.collectionYear);
  const anyYears = load.files.map((f) => f.collectionYear);
  let fallback = Math.max(...anyYears);
  if (!Number.isFinite(fallback)) {
    fallback = 0;
    for (const e of load.episodes) fallback = Math.max(fallback, collectionYearOf(e.end ?? e.start));
  }
  const epiYears = years('episodes');
  const hdrYears = years('header');
  const latestEpisodes = epiYears.length > 0 ? Math.max(...epiYears) : fallback;
  const latestHeader = hdrYears.length > 0 ? Math.max(...hdrYears) : fallback;
  return {
    latestEpisodes,
    latestHeader,
    episodeYear: (e) => (e.end === null ? latestEpisodes : Math.min(collectionYearOf(e.end), latestEpisodes)),
  };
}

function sameChild(a: ChildRow, b: ChildRow): boolean {
  return (
    a.sex === b.sex &&
    a.dob === b.dob &&
    a.ethnicity === b.ethnicity &&
    Number(a.uasc) === Number(b.uasc) &&
    a.uasc_ceased === b.uasc_ceased
  );
}

function sameEpisode(a: EpisodeRow, b: EpisodeRow): boolean {
  return (
    a.reason_new === b.reason_new &&
    a.legal_status === b.legal_status &&
    a.need_code === b.need_code &&
    a.placement === b.placement &&
    a.provider === b.provider &&
    a.end === b.end &&
    a.reason_ended === b.reason_ended &&
    a.reason_place_change === b.reason_place_change &&
    (a.placement_distance === null ? null : Number(a.placement_distance)) ===
      (b.placement_distance === null ? null : Number(b.placement_distance)) &&
    a.placement_la === b.placement_la
  );
}

interface Tally {
  inserted: number;
  updated: number;
  unchanged: number;
  older: number;
}

const tally = (): Tally => ({ inserted: 0, updated: 0, unchanged: 0, older: 0 });

const byString = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const childOrder = (a: ChildRow, b: ChildRow) => byString(a.child_id, b.child_id);
const episodeOrder = (a: EpisodeRow, b: EpisodeRow) => byString(a.child_id, b.child_id) || byString(a.start, b.start);

/**
 * Decides, for incoming rows against the stored ones with the same key, what to write, and counts.
 * A row whose content is unchanged but which comes from a later year is rewritten (to record the
 * year) yet counted unchanged. Both lists are sorted by key and merged (no per-row key strings or
 * maps: a national re-import compares 1.6 million episodes).
 */
function diff<R extends { source_year: number }>(
  incoming: R[],
  stored: R[],
  order: (a: R, b: R) => number,
  same: (a: R, b: R) => boolean,
  t: Tally,
): R[] {
  incoming.sort(order);
  stored.sort(order);
  const writes: R[] = [];
  let j = 0;
  for (const row of incoming) {
    while (j < stored.length && order(stored[j] as R, row) < 0) j++;
    const old = j < stored.length && order(stored[j] as R, row) === 0 ? (stored[j] as R) : undefined;
    if (!old) {
      t.inserted++;
      writes.push(row);
    } else if (row.source_year < Number(old.source_year)) {
      t.older++;
    } else if (same(row, old)) {
      t.unchanged++;
      if (row.source_year !== Number(old.source_year)) writes.push(row);
    } else {
      t.updated++;
      writes.push(row);
    }
  }
  return writes;
}

function issuesSummary(issues: readonly Issue[]) {
  const byRule: Record<string, { severity: string; count: number }> = {};
  for (const i of issues) {
    const k = i.rule;
    const entry = (byRule[k] ??= { severity: i.severity, count: 0 });
    entry.count++;
  }
  return {
    errors: issues.filter((i) => i.severity === 'error').length,
    warnings: issues.filter((i) => i.severity === 'warning').length,
    byRule,
  };
}

/**
 * Cleaning steps as recorded: kind, count and description, the description dropped when it
 * contains a raw CHILD id (examples are never kept: they name children).
 */
function cleaningSummary(load: LoadResult, rawIds: ReadonlySet<string>) {
  return load.cleaning.map((c) => {
    const namesChild = (c.description.match(/[A-Za-z0-9_-]+/g) ?? []).some((tok) => rawIds.has(tok));
    return { kind: c.kind, count: c.count, ...(namesChild ? {} : { description: c.description }) };
  });
}

/**
 * The incoming rows indexed by child: a slot per distinct CHILD id, its pseudonym, its child row
 * and its episodes (grouped by a counting sort, in load order), the slots in pseudonym order, and
 * the raw ids that cleaning descriptions mention. Refuses (ImportRefusedError) a child twice in the
 * header and two ids with one pseudonym. Typed arrays and one map, so a national-scale import holds
 * the LoadResult plus little more.
 */
export function indexByChild(load: LoadResult, pseudo: Pseudonymiser): ChildIndex {
  const slotOf = new Map<string, number>();
  const pseudonyms: string[] = [];
  let lastId: string | undefined;
  let lastSlot = -1;
  const slotFor = (childId: string): number => {
    if (childId === lastId) return lastSlot; // a child's episodes usually come together
    let slot = slotOf.get(childId);
    if (slot === undefined) {
      slot = pseudonyms.length;
      slotOf.set(childId, slot);
      pseudonyms.push(pseudo(childId));
    }
    lastId = childId;
    lastSlot = slot;
    return slot;
  };
  const childSlots = new Int32Array(load.children.length);
  for (let i = 0; i < load.children.length; i++) childSlots[i] = slotFor((load.children[i] as Child).childId);
  const episodeSlots = new Int32Array(load.episodes.length);
  for (let i = 0; i < load.episodes.length; i++) episodeSlots[i] = slotFor((load.episodes[i] as Episode).childId);
  const slots = pseudonyms.length;
  const childAt = new Int32Array(slots).fill(-1);
  for (let i = 0; i < childSlots.length; i++) {
    const slot = childSlots[i] as number;
    if (childAt[slot] !== -1)
      throw new ImportRefusedError(
        `Nothing imported: child ${(load.children[i] as Child).childId} appears twice in the merged header.`,
      );
    childAt[slot] = i;
  }
  // Episodes of slot s are episodeOrder[firstEpisode[s] .. firstEpisode[s + 1]).
  const firstEpisode = new Int32Array(slots + 1);
  for (let i = 0; i < episodeSlots.length; i++) firstEpisode[(episodeSlots[i] as number) + 1]! += 1;
  for (let s = 0; s < slots; s++) firstEpisode[s + 1]! += firstEpisode[s] as number;
  const episodeOrder = new Int32Array(episodeSlots.length);
  const fill = firstEpisode.slice(0, slots);
  for (let i = 0; i < episodeSlots.length; i++) episodeOrder[fill[episodeSlots[i] as number]!++] = i;
  // In pseudonym order: the primary-key indexes then grow at their end, the cheapest way to write them.
  const slotOrder = new Int32Array(slots);
  for (let s = 0; s < slots; s++) slotOrder[s] = s;
  slotOrder.sort((a, b) => byString(pseudonyms[a] as string, pseudonyms[b] as string));
  for (let k = 1; k < slots; k++) {
    const a = slotOrder[k - 1] as number;
    const b = slotOrder[k] as number;
    if (pseudonyms[a] === pseudonyms[b])
      throw new ImportRefusedError(
        'Nothing imported: two CHILD ids have the same pseudonym (a key collision); import again with another pseudonymisation key.',
      );
  }
  const rawIds = new Set<string>();
  for (const c of load.cleaning) for (const tok of c.description.match(/[A-Za-z0-9_-]+/g) ?? []) rawIds.add(tok);
  for (const tok of [...rawIds]) if (!slotOf.has(tok)) rawIds.delete(tok);
  slotOf.clear();
  return { slots, pseudonyms, childAt, firstEpisode, episodeOrder, slotOrder, rawIds };
}

export interface ChildIndex {
  /** Distinct CHILD ids. */
  readonly slots: number;
  /** Pseudonym of each slot. */
  readonly pseudonyms: readonly string[];
  /** Index in load.children of each slot's child row, -1 when it has none. */
  readonly childAt: Int32Array;
  /** Episodes of slot s are episodeOrder[firstEpisode[s] .. firstEpisode[s + 1]) (indexes in load.episodes). */
  readonly firstEpisode: Int32Array;
  readonly episodeOrder: Int32Array;
  /** The slots in pseudonym order (the primary-key indexes then grow at their end). */
  readonly slotOrder: Int32Array;
  /** Raw CHILD ids that cleaning descriptions mention (those descriptions are not recorded). */
  readonly rawIds: ReadonlySet<string>;
}

/**
 * Writes a LoadResult (already read and validated) for one council, in one transaction: the pure
 * 'store this' step of an import, testable without files.
 */
export async function writeLoadResult(db: Db, load: LoadResult, options: WriteOptions): Promise<ImportSummary> {
  const { laCode } = options;
  if (parseCouncilCode(laCode) !== laCode)
    throw new ImportRefusedError(`Invalid council code "${laCode}": ${COUNCIL_CODE_RULE}, in capitals.`);
  const acceptErrors = options.acceptErrors ?? false;
  checkImportable(load.issues, acceptErrors);

  const pseudo: Pseudonymiser = pseudonymiser(options.pseudonymKey, laCode, { remember: false });
  const years = sourceYears(load);
  const careLeavers = load.careLeavers ?? [];

  const index = indexByChild(load, pseudo);
  const w: Writing = { load, laCode, years, index, onProgress: options.onProgress, cT: tally(), eT: tally() };
  const { cT, eT } = w;
  const importId = await db.transaction().execute(async (trx) => {
    await ensureCouncil(trx, laCode);
    await lockCouncilImports(trx, laCode);
    if (!(await hasCaseData(trx, laCode))) await writeFirstImport(trx, w);
    else await writeComparing(trx, w);
    // Care leavers' outcomes: each year's OC3 table replaces that year's, pseudonymised with the same key.
    await replaceCareLeaverOutcomes(
      trx,
      laCode,
      load.careLeaverYears ?? [],
      careLeavers.map((o) => ({ ...o, childId: pseudo(o.childId) })),
    );
    const counts = {
      inserted: { children: cT.inserted, episodes: eT.inserted },
      updated: { children: cT.updated, episodes: eT.updated },
      unchanged: { children: cT.unchanged, episodes: eT.unchanged },
      olderThanStored: { children: cT.older, episodes: eT.older },
    };
    return insertImport(trx, {
      laCode,
      importedBy: options.importedBy,
      importedAt: options.now.toISOString(),
      counts,
      issuesSummary: issuesSummary(load.issues),
      cleaningSummary: cleaningSummary(load, index.rawIds),
      acceptedErrors: acceptErrors && load.issues.some((i) => i.severity === 'error'),
      files: load.files,
    });
  });

  const summary = issuesSummary(load.issues);
  return {
    importId,
    laCode,
    children: load.children.length,
    episodes: load.episodes.length,
    inserted: { children: cT.inserted, episodes: eT.inserted },
    updated: { children: cT.updated, episodes: eT.updated },
    unchanged: { children: cT.unchanged, episodes: eT.unchanged },
    olderThanStored: { children: cT.older, episodes: eT.older },
    files: load.files,
    errors: summary.errors,
    warnings: summary.warnings,
    acceptedErrors: acceptErrors && summary.errors > 0,
    careLeavers: careLeavers.length,
  };
}

/** What writing one council's LoadResult needs, and its tallies of children's and episodes' rows. */
interface Writing {
  readonly load: LoadResult;
  readonly laCode: string;
  readonly years: ReturnType<typeof sourceYears>;
  readonly index: ChildIndex;
  readonly onProgress: WriteOptions['onProgress'];
  readonly cT: Tally;
  readonly eT: Tally;
}

/**
 * Nothing stored for this council yet: every row is new. Values go straight into full statements
 * in key order (child, then start), as the comparing path (writeComparing) would write them.
 */
async function writeFirstImport(trx: DbOrTrx, w: Writing): Promise<void> {
  const { load, laCode, years, cT, eT } = w;
  const { slots, pseudonyms, childAt, firstEpisode, episodeOrder, slotOrder } = w.index;
  const childVals: (string | number | null)[] = [];
  const episodeVals: (string | number | null)[] = [];
  const childFull = WRITE_CHUNK * CHILD_WIDTH;
  const episodeFull = WRITE_CHUNK * EPISODE_WIDTH;
  const startOf = (i: number) => (load.episodes[i] as Episode).start;
  for (let k = 0; k < slots; k++) {
    if (k % CHILDREN_PER_STEP === 0) w.onProgress?.({ stage: 'writing', done: k, total: slots });
    const slot = slotOrder[k] as number;
    const id = pseudonyms[slot] as string;
    const ci = childAt[slot] as number;
    if (ci >= 0) {
      childValues(childVals, laCode, load.children[ci] as Child, years.latestHeader, id);
      cT.inserted++;
    }
    const from = firstEpisode[slot] as number;
    const to = firstEpisode[slot + 1] as number;
    const mine = episodeOrder.subarray(from, to);
    let sorted = true; // as load903 gives them; other LoadResults may not be
    for (let j = 1; j < mine.length && sorted; j++)
      sorted = startOf(mine[j - 1] as number) <= startOf(mine[j] as number);
    if (!sorted) mine.sort((a, b) => byString(startOf(a), startOf(b)) || a - b);
    for (let j = 0; j < mine.length; j++) {
      const ep = load.episodes[mine[j] as number] as Episode;
      if (j > 0 && startOf(mine[j - 1] as number) === ep.start) {
        throw new ImportRefusedError(
          `Nothing imported: child ${ep.childId} has two episodes starting ${ep.start} after merging.`,
        );
      }
      episodeValues(episodeVals, laCode, ep, years.episodeYear(ep), id);
      eT.inserted++;
    }
    if (childVals.length >= childFull) await upsertChildValues(trx, childVals.splice(0, childFull));
    if (episodeVals.length >= episodeFull)
      await upsertEpisodeValues(trx, episodeVals.splice(0, episodeVals.length - (episodeVals.length % episodeFull)));
  }
  await upsertChildValues(trx, childVals);
  await upsertEpisodeValues(trx, episodeVals);
}

/** A council with stored case data: each step of children compared with what is stored, and what changed written. */
async function writeComparing(trx: DbOrTrx, w: Writing): Promise<void> {
  const { slots } = w.index;
  const pending = { children: [] as ChildRow[], episodes: [] as EpisodeRow[] };
  for (let i = 0; i < slots; i += CHILDREN_PER_STEP) {
    w.onProgress?.({ stage: 'writing', done: i, total: slots });
    const rows = rowsOfSlots(w, i, Math.min(slots, i + CHILDREN_PER_STEP));
    await compareStep(trx, w.laCode, rows.ids, rows.children, rows.episodes, false, w.cT, w.eT, pending);
    await flush(trx, pending, false);
  }
  await flush(trx, pending, true);
}

/** The rows of the slots slotOrder[from .. to), and their pseudonyms in order. */
function rowsOfSlots(w: Writing, from: number, to: number) {
  const { load, laCode, years } = w;
  const { pseudonyms, childAt, firstEpisode, episodeOrder, slotOrder } = w.index;
  const ids: string[] = [];
  const children: ChildRow[] = [];
  const episodes: EpisodeRow[] = [];
  for (let k = from; k < to; k++) {
    const slot = slotOrder[k] as number;
    const id = pseudonyms[slot] as string;
    ids.push(id);
    const ci = childAt[slot] as number;
    if (ci >= 0) children.push(childToRow(laCode, load.children[ci] as Child, years.latestHeader, id));
    const first = episodes.length;
    for (let j = firstEpisode[slot] as number; j < (firstEpisode[slot + 1] as number); j++) {
      const ep = load.episodes[episodeOrder[j] as number] as Episode;
      for (let x = first; x < episodes.length; x++) {
        if ((episodes[x] as EpisodeRow).start === ep.start) {
          throw new ImportRefusedError(
            `Nothing imported: child ${ep.childId} has two episodes starting ${ep.start} after merging.`,
          );
        }
      }
      episodes.push(episodeToRow(laCode, ep, years.episodeYear(ep), id));
    }
  }
  return { ids, children, episodes };
}

interface Pending {
  children: ChildRow[];
  episodes: EpisodeRow[];
}

/** Writes the pending rows in full statements (all of them when `all`). Keeps them in key order. */
async function flush(trx: DbOrTrx, pending: Pending, all: boolean): Promise<void> {
  const ready = (n: number) => (all ? n : n - (n % WRITE_CHUNK));
  const c = ready(pending.children.length);
  if (c > 0) await upsertChildren(trx, pending.children.splice(0, c));
  const e = ready(pending.episodes.length);
  if (e > 0) await upsertEpisodes(trx, pending.episodes.splice(0, e));
}

/** Compares one step's incoming rows with the stored ones and queues what must be written. */
async function compareStep(
  trx: DbOrTrx,
  laCode: string,
  ids: readonly string[],
  incomingChildren: ChildRow[],
  incomingEpisodes: EpisodeRow[],
  firstImport: boolean,
  cT: Tally,
  eT: Tally,
  pending: Pending,
): Promise<void> {
  let storedChildren: ChildRow[] = [];
  let storedEpisodes: EpisodeRow[] = [];
  const from = ids[0];
  const to = ids[ids.length - 1];
  if (!firstImport && from !== undefined && to !== undefined) {
    // `ids` is a sorted run of pseudonyms: read the stored rows in that key range in one scan each
    // (rows of children not in this import are read and ignored).
    storedChildren = await findChildrenBetween(trx, laCode, from, to);
    storedEpisodes = await findEpisodesBetween(trx, laCode, from, to);
  }
  for (const r of diff(incomingChildren, storedChildren, childOrder, sameChild, cT)) pending.children.push(r);
  for (const r of diff(incomingEpisodes, storedEpisodes, episodeOrder, sameEpisode, eT)) pending.episodes.push(r);
}

/**
 * What the audit log keeps of an import: file names and counts, never child-level data, and never
 * a path on the server (a web upload's files sit in a temporary folder). `source` says how it came
 * in (e.g. 'cli').
 */
export function importAuditDetail(summary: ImportSummary, source: string): Record<string, unknown> {
  return {
    importId: summary.importId,
    source,
    files: summary.files.map((f) => ({
      file: f.path.split(/[\\/]/).pop() ?? f.path,
      table: f.table,
      year: f.collectionYear,
      rows: f.rows,
    })),
    children: summary.children,
    episodes: summary.episodes,
    inserted: summary.inserted,
    updated: summary.updated,
    unchanged: summary.unchanged,
    errors: summary.errors,
    warnings: summary.warnings,
    acceptedErrors: summary.acceptedErrors,
  };
}

/**
 * Imports SSDA903 returns from files for one council: reads, merges and validates them (load903),
 * then writes them all or nothing (writeLoadResult). `load` is there for tests.
 */
export async function importReturns(
  db: Db,
  options: ImportOptions,
  load: (paths: string[]) => Promise<LoadResult> = (paths) =>
    load903Records(paths, {
      onFile: (done, total) => options.onProgress?.({ stage: 'reading', done, total }),
    }),
): Promise<ImportSummary> {
  const result = await load([...options.paths]);
  return writeLoadResult(db, result, options);
}
