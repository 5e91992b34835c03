/**
 * Loads children in need census returns from files: DfE's XML (one file per year) or a CSV per
 * table (docs/cin-census.md: children.csv, cin_details.csv, assessments.csv, cin_plans.csv,
 * section47.csv, child_protection_plans.csv), in a folder per collection year (`2024/...`) or named
 * with the year (`2024-cin_details.csv`, `cin-2024.xml`). Each file is streamed into the domain's
 * records as it is read; the years are then checked and merged (src/domain/cin/merge.ts).
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { mergeCinReturns } from '../domain/cin/merge.ts';
import type { CinMerged } from '../domain/cin/model.ts';
import {
  CIN_FIELDS,
  CinRecordReader,
  emptyReturn,
  type CinReturn,
  type CinTable,
  type RawCinRecord,
} from '../domain/cin/records.ts';
import { CinIssueSink } from '../domain/cin/rules.ts';
import { IssueSink } from '../domain/ssda903/rules.ts';
import type { Issue } from '../domain/ssda903/types.ts';
import { readCinXml } from './cinXml.ts';
import { yearFromName } from './discover903.ts';
import { readCsv } from './readCsv.ts';
import { readInParallel } from './cinReadParallel.ts';

/** More files than a council has years of tables. */
const MAX_FILES = 500;

/** CSV tables by their name without the year, lower case, letters and digits only. */
const CSV_TABLES: Readonly<Record<string, CinTable>> = {
  children: 'child',
  child: 'child',
  cindetails: 'cinDetails',
  assessments: 'assessment',
  assessment: 'assessment',
  cinplans: 'cinPlan',
  cinplandates: 'cinPlan',
  section47: 'section47',
  s47: 'section47',
  childprotectionplans: 'protectionPlan',
  cpplans: 'protectionPlan',
};

export interface CinSourceFile {
  readonly path: string;
  readonly format: 'xml' | 'csv';
  /** The CSV table; null for an XML file (every table). */
  readonly table: CinTable | null;
  readonly collectionYear: number;
  readonly sha256: string;
  readonly records: number;
}

export interface CinLoadResult {
  readonly files: readonly CinSourceFile[];
  readonly merged: CinMerged;
  readonly issues: readonly Issue[];
  readonly years: readonly number[];
}

export interface CinLoadOptions {
  /** The council importing (an XML file's Header/Source/LEA is checked against a three-digit code). */
  readonly laCode?: string | undefined;
  readonly onFile?: ((done: number, total: number) => void) | undefined;
  /**
   * Threads to read the files with at most (the calling one and worker threads); 1 (the default):
   * this one only. One more thread is used per `bytesPerThread` of files (default
   * CIN_BYTES_PER_THREAD): a thread's start and the hand-over of what it read cost more than they
   * save on a small census.
   */
  readonly threads?: number | undefined;
  readonly bytesPerThread?: number | undefined;
  /**
   * Called with the returns read and the threads that read them, once every file is read and before
   * the years are merged (not after a fatal problem).
   */
  readonly onRead?: ((returns: readonly CinReturn[], threads: number) => void) | undefined;
}

/**
 * Files of a census per reading thread: a large council's five years of XML (117 MB) and of CSV
 * tables (20 MB) are read on two threads (as many as the machine has); a census under 16 MB on one.
 * Measured on the bench's CSV census once its pseudonyms were worked out on a thread of their own
 * (at 32 MB a thread it was read on one): wall clock 4.0-4.7 s -> 3.4-4.8 s (medians 4.4 and 4.2
 * -> 3.9 and 3.7 s), the importing thread's CPU 3.0-4.0 -> 2.6-3.5 s, every thread's 3.8-5.4 ->
 * 4.5-6.5 s (the second thread's start and the hand-over of its tables), at load 2.5-3.3.
 */
export const CIN_BYTES_PER_THREAD = 8 * 1024 * 1024;

/** A file found to read: its format, its CSV table, the year its name gives, its size in bytes. */
export interface CinFoundFile {
  readonly path: string;
  readonly size: number;
  readonly format: 'xml' | 'csv';
  readonly table: CinTable | null;
  readonly namedYear: number | null;
}

/** The CSV table a file name names (`2024-cin_details.csv`, `cin_details.csv`), or null. */
export function csvTableOf(path: string): CinTable | null {
  const stem = basename(path, extname(path))
    .toLowerCase()
    .replace(/(?:19|20)\d{2}(?:[-_ ]?\d{2})?/g, '')
    .replace(/[^a-z0-9]/g, '');
  return CSV_TABLES[stem] ?? null;
}

function namedYearOf(path: string): number | null {
  const stem = basename(path, extname(path));
  return (yearFromName(stem) ?? yearFromName(basename(dirname(path))))?.year ?? null;
}

function classify(path: string, size: number): CinFoundFile | null {
  const ext = extname(path).toLowerCase();
  if (ext === '.xml') return { path, size, format: 'xml', table: null, namedYear: namedYearOf(path) };
  if (ext === '.csv') {
    const table = csvTableOf(path);
    return table === null ? null : { path, size, format: 'csv', table, namedYear: namedYearOf(path) };
  }
  return null;
}

async function discover(paths: readonly string[], sink: CinIssueSink): Promise<CinFoundFile[]> {
  const out: CinFoundFile[] = [];
  const visit = async (path: string, named: boolean, depth: number): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch {
      sink.add('FILE-NOT-FOUND', { file: path, row: null, column: null }, `${path} does not exist or cannot be read.`);
      return;
    }
    if (info.isDirectory()) {
      if (depth > 2) return;
      const entries = (await readdir(path)).sort();
      for (const e of entries) await visit(join(path, e), false, depth + 1);
      return;
    }
    const f = classify(path, info.size);
    if (f !== null) out.push(f);
    else if (named)
      sink.add(
        'FILE-IGNORED',
        { file: path, row: null, column: null },
        `${path} is not a CIN census XML file (.xml) nor one of the CIN CSV tables (children, cin_details, assessments, cin_plans, section47, child_protection_plans); it is not read.`,
      );
  };
  for (const p of paths) await visit(p, true, 0);
  if (out.length > MAX_FILES) {
    sink.add(
      'FILE-TOO-LARGE',
      { file: paths.join(', '), row: null, column: null },
      `${out.length} files were found; at most ${MAX_FILES} are read at once. Give the years' folders one council at a time.`,
    );
    return [];
  }
  if (out.length === 0 && !sink.hasFatal)
    sink.add(
      'FILE-NO-TABLES',
      { file: paths.join(', '), row: null, column: null },
      'No CIN census XML file or CIN CSV table was found. Expected e.g. 2024/cin.xml, cin-2024.xml or 2024/cin_details.csv with the other tables beside it (see docs/cin-census.md).',
    );
  return out;
}

/** Reads one CSV table into `ret`; returns its hash and rows, or null when it could not be read. */
async function readCsvTable(
  f: CinFoundFile,
  sink: CinIssueSink,
  reader: CinRecordReader,
  ret: CinReturn,
): Promise<{ sha256: string; rows: number } | null> {
  const table = f.table!;
  const fileSink = new IssueSink(sink.limitPerRule);
  let columns: Map<string, number> | null = null;
  const fields = [...CIN_FIELDS[table].required, ...CIN_FIELDS[table].optional];
  let failed = false;
  const res = await readCsv(f.path, f.path, fileSink, (row, line) => {
    if (columns === null) {
      const byName = new Map<string, number>();
      const lower = new Map(fields.map((n) => [n.toLowerCase(), n]));
      row.forEach((h, i) => {
        const name = lower.get(
          h
            .trim()
            .replace(/^\uFEFF/, '')
            .toLowerCase(),
        );
        if (name === undefined) return;
        if (byName.has(name)) {
          sink.add(
            'COL-DUPLICATE',
            { file: f.path, row: 1, column: name },
            `${f.path}: the column ${name} appears twice.`,
          );
          failed = true;
        }
        byName.set(name, i);
      });
      const missing = CIN_FIELDS[table].required.filter((n) => !byName.has(n));
      if (missing.length > 0) {
        sink.add(
          'COL-MISSING',
          { file: f.path, row: 1, column: missing[0]! },
          `${f.path}: the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing. The ${table} table needs ${CIN_FIELDS[table].required.join(', ')} (docs/cin-census.md).`,
        );
        failed = true;
      }
      if (failed) return false;
      columns = byName;
      return true;
    }
    const values: Record<string, string> = {};
    for (const [n, i] of columns) values[n] = row[i] ?? '';
    const raw: RawCinRecord = { table, file: f.path, row: line, values };
    reader.read(raw, ret);
    return true;
  });
  sink.addIssues(fileSink.finish());
  if (!res.ok || failed) return null;
  if (columns === null) {
    sink.add('FILE-EMPTY', { file: f.path, row: null, column: null }, `${f.path} is empty.`);
    return null;
  }
  return { sha256: res.sha256, rows: res.rows };
}

/** One file read on its own: its problems in a sink of its own, and its return when it could be read. */
export interface CinFileRead {
  readonly sink: CinIssueSink;
  readonly read: {
    readonly ret: CinReturn;
    readonly sha256: string;
    readonly collectionYear: number;
    readonly records: number;
  } | null;
}

/**
 * Reads one file found by discover (a CSV table whose year is known) into a return, its problems
 * in a sink of its own: the files are read one by one or several at once (./cinReadWorker.ts), and
 * their sinks taken in the files' order (CinIssueSink.absorb) give the issues reading them one
 * after another into one sink gives.
 */
export async function readCinFile(f: CinFoundFile, laCode: string | undefined): Promise<CinFileRead> {
  const sink = new CinIssueSink();
  if (f.format === 'xml') {
    let ret: CinReturn | null = null;
    const res = await readCinXml(f.path, f.path, sink, { laCode, namedYear: f.namedYear }, (year, fileSink) => {
      const r = emptyReturn(year);
      ret = r;
      const reader = new CinRecordReader(fileSink, year);
      return (record) => reader.read(record, r);
    });
    return {
      sink,
      read:
        res.ok && ret !== null && res.collectionYear !== null
          ? { ret, sha256: res.sha256, collectionYear: res.collectionYear, records: res.records }
          : null,
    };
  }
  const year = f.namedYear;
  if (year === null) throw new Error(`${f.path}: a CSV table is read only once its year is known`);
  const ret = emptyReturn(year);
  const reader = new CinRecordReader(sink, year);
  const res = await readCsvTable(f, sink, reader, ret);
  return { sink, read: res === null ? null : { ret, sha256: res.sha256, collectionYear: year, records: res.rows } };
}

/** The reads of `found`, by index: here one at a time as asked for, or by `threads` threads at once. */
function fileReads(
  found: readonly CinFoundFile[],
  laCode: string | undefined,
  threads: number,
): { readonly read: (i: number) => Promise<CinFileRead>; readonly stop: () => Promise<void> } {
  if (threads <= 1 || found.length <= 1)
    return { read: (i) => readCinFile(found[i]!, laCode), stop: () => Promise.resolve() };
  return readInParallel(found, laCode, threads, readCinFile);
}

/** Loads, checks and merges the CIN returns found in `paths`. */
export async function loadCin(paths: readonly string[], options: CinLoadOptions = {}): Promise<CinLoadResult> {
  const sink = new CinIssueSink();
  const found = await discover(paths, sink);
  const files: CinSourceFile[] = [];
  const returns: CinReturn[] = [];
  const hashes = new Map<string, string>();
  // A CSV table of unknown year stops the reading there: the files after it are not read.
  const unknownYear = found.findIndex((f) => f.format === 'csv' && f.namedYear === null);
  const readable = sink.hasFatal ? [] : unknownYear < 0 ? found : found.slice(0, unknownYear);
  const bytes = readable.reduce((n, f) => n + f.size, 0);
  const perThread = options.bytesPerThread ?? CIN_BYTES_PER_THREAD;
  const bySize = perThread > 0 ? Math.floor(bytes / perThread) : Number.POSITIVE_INFINITY;
  const threads = Math.max(1, Math.min(options.threads ?? 1, bySize));
  const reads = fileReads(readable, options.laCode, threads);
  const readers = Math.min(threads, readable.length);
  try {
    let done = 0;
    for (let i = 0; i < found.length; i++) {
      if (sink.hasFatal) break;
      const f = found[i]!;
      if (i === unknownYear) {
        sink.add(
          'FILE-YEAR-UNKNOWN',
          { file: f.path, row: null, column: null },
          `${f.path}: the collection year is not in the file or folder name. Put the tables in a folder named by the March the year ends in (2024/cin_details.csv for April 2023 - March 2024) or name them 2024-cin_details.csv.`,
        );
        break;
      }
      const { sink: fileSink, read } = await reads.read(i);
      sink.absorb(fileSink);
      if (read !== null) {
        const dup = hashes.get(read.sha256);
        if (dup !== undefined)
          sink.add(
            'FILE-DUPLICATE',
            { file: f.path, row: null, column: null },
            `${f.path} has the same content as ${dup}; it is read once.`,
          );
        else {
          hashes.set(read.sha256, f.path);
          returns.push(read.ret);
          files.push({
            path: f.path,
            format: f.format,
            table: f.table,
            collectionYear: read.collectionYear,
            sha256: read.sha256,
            records: read.records,
          });
        }
      }
      done += 1;
      options.onFile?.(done, found.length);
    }
  } finally {
    await reads.stop();
  }
  if (!sink.hasFatal) options.onRead?.(returns, readers);
  const merged = sink.hasFatal
    ? { children: [], episodes: [], assessments: [], cinPlans: [], section47s: [], protectionPlans: [] }
    : mergeCinReturns(returns, sink);
  return {
    files,
    merged,
    issues: sink.finish(),
    years: [...new Set(files.map((f) => f.collectionYear))].sort((a, b) => a - b),
  };
}
