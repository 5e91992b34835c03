/**
 * Loads SSDA903 returns from files: finds the tables, streams them into typed records, works out
 * each file's collection year, then merges and validates the years (src/domain/ssda903/merge.ts).
 * Raw rows are not kept: each is turned into a record as it is read.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { inferCollectionYear } from '../domain/ssda903/collectionYear.ts';
import { CleaningLog } from '../domain/ssda903/cleaning.ts';
import { combineSameYear, plainEpisodes, ReturnMerger } from '../domain/ssda903/merge.ts';
import {
  mapColumns,
  RowParser,
  type CareLeaverRecord,
  type ColumnMap,
  type EpisodeRecord,
  type HeaderRecord,
  type UascRecord,
} from '../domain/ssda903/parseRows.ts';
import { IssueSink } from '../domain/ssda903/rules.ts';
import type { LoadResult, SourceFile, Table903 } from '../domain/ssda903/types.ts';
import type { Return903 } from '../domain/ssda903/validateReturn.ts';
import { discover903, type FoundFile } from './discover903.ts';
import { hashFile, readCsv } from './readCsv.ts';
import { MAX_WORKBOOK_ROWS, readExcel } from './readExcel.ts';

/** One table read from one file (or one sheet of a workbook). */
interface Part {
  readonly found: FoundFile;
  /** Its position among the parts read, and its named year's key (named year and explicitness). */
  readonly order: number;
  readonly key: string;
  readonly name: string;
  readonly table: Table903;
  readonly sha256: string;
  readonly rows: number;
  /** False when the table could not be read (a fatal issue was recorded). */
  readonly ok: boolean;
  readonly header: HeaderRecord[];
  readonly episodes: EpisodeRecord[];
  readonly uasc: UascRecord[];
  readonly oc3: CareLeaverRecord[];
}

/** Collects the records of one table as rows arrive; the first row names the columns. */
class TableCollector {
  readonly table: Table903;
  readonly name: string;
  readonly parser: RowParser;
  readonly header: HeaderRecord[] = [];
  readonly episodes: EpisodeRecord[] = [];
  readonly uasc: UascRecord[] = [];
  readonly oc3: CareLeaverRecord[] = [];
  cols: ColumnMap | null = null;
  failed = false;

  constructor(table: Table903, name: string, parser: RowParser) {
    this.table = table;
    this.name = name;
    this.parser = parser;
  }

  /** Handles one row; false when the table cannot be read further (missing columns). */
  row(fields: string[], row: number): boolean {
    if (this.cols === null) {
      this.cols = mapColumns(this.table, fields, this.name, this.parser.sink);
      if (this.cols === null) this.failed = true;
      return this.cols !== null;
    }
    if (this.table === 'episodes') {
      const r = this.parser.episode(fields, this.cols, this.name, row);
      if (r !== null) this.episodes.push(r);
    } else if (this.table === 'header') {
      const r = this.parser.header(fields, this.cols, this.name, row);
      if (r !== null) this.header.push(r);
    } else if (this.table === 'uasc') {
      const r = this.parser.uasc(fields, this.cols, this.name, row);
      if (r !== null) this.uasc.push(r);
    } else {
      const r = this.parser.careLeaver(fields, this.cols, this.name, row);
      if (r !== null) this.oc3.push(r);
    }
    return true;
  }
}

async function readParts(
  found: FoundFile,
  parser: RowParser,
  sink: IssueSink,
  log: CleaningLog,
  order: number,
  excelMaxRows = MAX_WORKBOOK_ROWS,
): Promise<Part[]> {
  const key = `${found.namedYear}/${found.yearIsExplicit}`;
  if (found.format === 'csv') {
    const table = found.table!;
    const c = new TableCollector(table, found.path, parser);
    const res = await readCsv(found.path, found.path, sink, (fields, row) => c.row(fields, row));
    if (res.blankRows > 0) {
      log.addCount(
        'blank-row-skipped',
        'Blank lines (every field empty) skipped while reading',
        res.blankRows,
        `${found.path}: ${res.blankRows} blank lines.`,
      );
    }
    return [
      {
        found,
        order,
        key,
        name: found.path,
        table,
        sha256: res.sha256,
        rows: res.rows,
        ok: res.ok && !c.failed,
        header: c.header,
        episodes: c.episodes,
        uasc: c.uasc,
        oc3: c.oc3,
      },
    ];
  }
  // Each sheet's rows go to its collector as they are streamed (no sheet is held as rows).
  const collected = new Map<string, { collector: TableCollector; rows: number }>();
  const book = await readExcel(
    found.path,
    found.path,
    found.table,
    sink,
    found.named,
    (table, sheetName) => {
      const name = found.table === null ? `${found.path} [${sheetName}]` : found.path;
      const entry = { collector: new TableCollector(table, name, parser), rows: 0 };
      collected.set(sheetName, entry);
      return (fields, row) => {
        const header = entry.collector.cols === null;
        if (!entry.collector.row(fields, row)) return false;
        if (!header) entry.rows += 1;
        return true;
      };
    },
    { maxRows: excelMaxRows },
  );
  return book.sheets.map((sheet, i) => {
    const { collector: c, rows } = collected.get(sheet.sheetName)!;
    return {
      found,
      order: order + i,
      key,
      name: c.name,
      table: sheet.table,
      sha256: book.sha256,
      rows,
      ok: book.ok && !c.failed,
      header: c.header,
      episodes: c.episodes,
      uasc: c.uasc,
      oc3: c.oc3,
    };
  });
}

/** The episodes of a group of parts, without copying them into one array. */
function* episodesOf(parts: readonly Part[]): Generator<EpisodeRecord> {
  for (const p of parts) yield* p.episodes;
}

/**
 * Reads, merges and validates the 903 returns in `paths` (folders or files). Never throws for bad
 * input: every problem is an Issue in the result.
 */
export async function load903(paths: string[]): Promise<LoadResult> {
  const r = await load903Records(paths);
  return { ...r, episodes: plainEpisodes(r.episodes) };
}

/** Options of load903Records (see there). */
interface Load903Options {
  readonly streaming?: boolean;
  readonly excelMaxRows?: number;
  /** Hears after each file is read (progress). */
  readonly onFile?: (read: number, total: number, path: string) => void;
}

/**
 * As load903, but the episodes are the loader's own records rather than plain copies: each has
 * the Episode fields and also says where it came from (so two loads of the same data in different
 * files do not compare equal). For importing, where a copy at national scale is 1.7 million
 * objects held beside the records. `streaming: false` reads every file before merging any year
 * (as happens anyway when the files are not in order of their years): the same result, with more
 * held in memory at once. `excelMaxRows` caps the rows read from one workbook (MAX_WORKBOOK_ROWS).
 */
export async function load903Records(paths: string[], options: Load903Options = {}): Promise<LoadResult> {
  const sink = new IssueSink();
  const log = new CleaningLog();
  const parser = new RowParser(sink);
  const found = await discover903(paths, sink);
  reportMissingTables(paths, found, sink);

  // Years are merged as soon as they are complete and then let go of, so that only the latest
  // version of each episode is held, not every row of every year. A year is complete once the
  // files of every name that can hold it have been read: files named N hold year N or N + 1
  // (collectionYear.ts), so when files are found in order of their named years, reaching a file
  // named M settles every year before M. Otherwise (files given out of order) every file is read
  // first. Issues come out in the same order either way (see CollectionYears).
  const years = new CollectionYears(sink, log);
  const streaming =
    options.streaming !== false && found.every((f, i) => i === 0 || found[i - 1]!.namedYear <= f.namedYear);
  const copies = await CopyFinder.among(found);
  const files: FileRead[] = [];
  let named = Number.NEGATIVE_INFINITY;
  for (const [index, f] of found.entries()) {
    if (streaming && f.namedYear > named) {
      years.mergeBefore(f.namedYear);
      named = f.namedYear;
    }
    const first = await copies.earlierCopy(f, index);
    if (first !== undefined) {
      sink.add(
        'FILE-DUPLICATE',
        { file: f.path, row: null, column: null },
        `${f.path} has exactly the same content as ${first} (the same table of the same year); it is read once.`,
      );
      options.onFile?.(index + 1, found.length, f.path);
      continue;
    }
    for (const p of await readParts(f, parser, sink, log, files.length, options.excelMaxRows)) {
      files.push({ name: p.name, table: p.table, sha256: p.sha256, rows: p.rows, key: p.key });
      years.add(p);
    }
    options.onFile?.(index + 1, found.length, f.path);
  }
  const merged = years.finish();
  const sourceFiles: SourceFile[] = files.map((p) => ({
    path: p.name,
    table: p.table,
    collectionYear: years.collectionYearOf(p.key),
    sha256: p.sha256,
    rows: p.rows,
  }));
  return {
    files: sourceFiles,
    children: merged.children,
    episodes: merged.episodes,
    issues: sink.finish(),
    cleaning: log.steps(),
    careLeavers: merged.careLeavers,
    careLeaverYears: merged.careLeaverYears,
  };
}

/** A table read (one file, or one sheet of a workbook), as the load's result lists it. */
interface FileRead {
  readonly name: string;
  readonly table: Table903;
  readonly sha256: string;
  readonly rows: number;
  /** Its named year's key (named year and explicitness), which settles its collection year. */
  readonly key: string;
}

/** FILE-NO-TABLES when nothing was given, nothing given is a 903 table, or no header or episodes table is among them. */
function reportMissingTables(paths: string[], found: readonly FoundFile[], sink: IssueSink): void {
  if (found.length === 0 && paths.length === 0) {
    sink.add(
      'FILE-NO-TABLES',
      { file: '(none)', row: null, column: null },
      'No files or folders were given. Expected the paths of 903 returns.',
    );
  } else if (found.length === 0 && !sink.hasFatal) {
    sink.add(
      'FILE-NO-TABLES',
      { file: paths.join(', '), row: null, column: null },
      'None of the files given is a 903 header, episodes or UASC table. Expected files such as 2024/episodes.csv or 2024-header.csv.',
    );
  }
  if (found.length > 0 && !found.some((f) => f.table === 'episodes' || f.table === 'header' || f.table === null)) {
    sink.add(
      'FILE-NO-TABLES',
      { file: paths.join(', '), row: null, column: null },
      'No header or episodes table was found among the files given. Expected at least an episodes table and its header table.',
    );
  }
}

/**
 * Finds a file that is a copy of one read before it: the same table of the same year given twice
 * (a copy, or a folder and a file in it). Identical files in different years are normal (a header
 * that did not change) and are all read. Only files with the same table, named year and size can
 * be copies of each other: only they are hashed before reading (the fingerprint recorded is the
 * one taken while reading).
 */
class CopyFinder {
  readonly #mayBeCopy: readonly boolean[];
  readonly #seen = new Map<string, string>();

  private constructor(mayBeCopy: readonly boolean[]) {
    this.#mayBeCopy = mayBeCopy;
  }

  /** Sizes every file found (in order), to know which could be copies of another. */
  static async among(found: readonly FoundFile[]): Promise<CopyFinder> {
    const sizeKeys: (string | null)[] = [];
    for (const f of found) {
      const info = await stat(f.path).catch(() => null);
      sizeKeys.push(info === null ? null : `${info.size}/${f.table ?? 'workbook'}/${f.namedYear}/${f.yearIsExplicit}`);
    }
    const sameSize = new Map<string, number>();
    for (const k of sizeKeys) if (k !== null) sameSize.set(k, (sameSize.get(k) ?? 0) + 1);
    return new CopyFinder(sizeKeys.map((k) => k !== null && (sameSize.get(k) ?? 0) > 1));
  }

  /** The path of an earlier file this one (the `index`th found) copies, or undefined when it is the first of its content. */
  async earlierCopy(f: FoundFile, index: number): Promise<string | undefined> {
    const sha = this.#mayBeCopy[index] ? await hashFile(f.path).catch(() => null) : null;
    if (sha === null) return undefined;
    const k = `${sha}/${f.table ?? 'workbook'}/${f.namedYear}/${f.yearIsExplicit}`;
    const first = this.#seen.get(k);
    if (first === undefined) this.#seen.set(k, f.path);
    return first;
  }
}

/**
 * The tables read, sorted into collection years and merged a year at a time (oldest first) once
 * each is settled. A named year's collection year is settled from its episodes (files named by the
 * year they start in are read as the next collection year, with a FILE-YEAR-NAMING issue).
 */
class CollectionYears {
  readonly #sink: IssueSink;
  readonly #merger: ReturnMerger;
  /** FILE-YEAR-NAMING issues, reported after the merge's (ReturnMerger keeps the order of issues). */
  readonly #naming: IssueSink;
  readonly #yearOf = new Map<string, number>();
  /** Parts read whose year is not settled yet, by named year (in the order first read). */
  #groups = new Map<string, Part[]>();
  /** Settled returns not yet merged, by collection year, in the order read. */
  readonly #waiting = new Map<number, Return903[]>();

  constructor(sink: IssueSink, log: CleaningLog) {
    this.#sink = sink;
    this.#merger = new ReturnMerger(sink, log);
    this.#naming = new IssueSink(sink.limitPerRule);
  }

  add(p: Part): void {
    const g = this.#groups.get(p.key);
    if (g === undefined) this.#groups.set(p.key, [p]);
    else g.push(p);
  }

  /** The collection year of a named year's key, once settled. */
  collectionYearOf(key: string): number {
    return this.#yearOf.get(key)!;
  }

  /** Settles the years of the parts read so far, then merges the settled years before `year` (all when null) and lets go of them. */
  mergeBefore(year: number | null): void {
    this.#settle();
    for (const y of [...this.#waiting.keys()].sort((a, b) => a - b)) {
      if (year !== null && y >= year) break;
      for (const r of combineSameYear(this.#waiting.get(y)!)) this.#merger.add(r);
      this.#waiting.delete(y);
    }
  }

  /** Merges every year left and reports the naming issues: the merged children, episodes and care leavers. */
  finish(): ReturnType<ReturnMerger['finish']> {
    this.mergeBefore(null);
    this.#sink.absorb(this.#naming);
    return this.#merger.finish();
  }

  /** Works out each waiting named year's collection year, and moves its parts to the returns waiting for that year. */
  #settle(): void {
    for (const [k, g] of this.#groups) this.#yearOf.set(k, this.#collectionYearOfNamedYear(g));
    const settled = [...this.#groups.values()].flat().sort((a, b) => a.order - b.order);
    this.#groups = new Map();
    for (const p of settled) {
      const collectionYear = this.#yearOf.get(p.key)!;
      const list = this.#waiting.get(collectionYear) ?? [];
      // A table that could not be read is not cross-checked against the others (its fatal issue says enough).
      list.push({
        collectionYear,
        header: p.header,
        episodes: p.episodes,
        uasc: p.uasc,
        oc3: p.oc3,
        tables: new Set(p.ok ? [p.table] : []),
      });
      this.#waiting.set(collectionYear, list);
    }
  }

  /** The collection year of the tables of one named year: as named when explicit, otherwise worked out from their episodes. */
  #collectionYearOfNamedYear(g: readonly Part[]): number {
    const named = g[0]!.found.namedYear;
    if (g[0]!.found.yearIsExplicit) return named;
    const reading = inferCollectionYear(named, episodesOf(g));
    if (reading.namedByStartYear) {
      const names = g.map((p) => basename(p.name)).join(', ');
      this.#naming.add(
        'FILE-YEAR-NAMING',
        { file: g.find((p) => p.table === 'episodes')?.name ?? g[0]!.name, row: null, column: null },
        `The files named ${named} (${names}) hold the year 1 April ${named} to 31 March ${named + 1}: ${reading.evidence.after} of ${reading.evidence.dated} episodes start or end in it. They are read as collection year ${named + 1} (${named}/${String((named + 1) % 100).padStart(2, '0')}), named by the March it ends in.`,
      );
    }
    return reading.collectionYear;
  }
}
