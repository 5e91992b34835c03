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

/**
 * As load903, but the episodes are the loader's own records rather than plain copies: each has
 * the Episode fields and also says where it came from (so two loads of the same data in different
 * files do not compare equal). For importing, where a copy at national scale is 1.7 million
 * objects held beside the records. `streaming: false` reads every file before merging any year
 * (as happens anyway when the files are not in order of their years): the same result, with more
 * held in memory at once. `excelMaxRows` caps the rows read from one workbook (MAX_WORKBOOK_ROWS).
 */
export async function load903Records(
  paths: string[],
  options: {
    readonly streaming?: boolean;
    readonly excelMaxRows?: number;
    /** Hears after each file is read (progress). */
    readonly onFile?: (read: number, total: number, path: string) => void;
  } = {},
): Promise<LoadResult> {
  const sink = new IssueSink();
  const log = new CleaningLog();
  const parser = new RowParser(sink);
  const found = await discover903(paths, sink);
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

  // Years are merged as soon as they are complete and then let go of, so that only the latest
  // version of each episode is held, not every row of every year. A year is complete once the
  // files of every name that can hold it have been read: files named N hold year N or N + 1
  // (collectionYear.ts), so when files are found in order of their named years, reaching a file
  // named M settles every year before M. Otherwise (files given out of order) every file is read
  // first. Issues come out in the same order either way (see ReturnMerger).
  const merger = new ReturnMerger(sink, log);
  const naming = new IssueSink(sink.limitPerRule);
  const streaming =
    options.streaming !== false && found.every((f, i) => i === 0 || found[i - 1]!.namedYear <= f.namedYear);
  const files: {
    readonly name: string;
    readonly table: Table903;
    readonly sha256: string;
    readonly rows: number;
    readonly key: string;
  }[] = [];
  const yearOf = new Map<string, number>();
  /** Parts read whose year is not settled yet, by named year (in the order first read). */
  let groups = new Map<string, Part[]>();
  /** Settled returns not yet merged, by collection year, in the order read. */
  const waiting = new Map<number, Return903[]>();

  // Work out each named year's collection year from its episodes.
  const settle = (): void => {
    for (const [k, g] of groups) {
      const named = g[0]!.found.namedYear;
      let collectionYear = named;
      if (!g[0]!.found.yearIsExplicit) {
        const reading = inferCollectionYear(named, episodesOf(g));
        collectionYear = reading.collectionYear;
        if (reading.namedByStartYear) {
          const names = g.map((p) => basename(p.name)).join(', ');
          naming.add(
            'FILE-YEAR-NAMING',
            { file: g.find((p) => p.table === 'episodes')?.name ?? g[0]!.name, row: null, column: null },
            `The files named ${named} (${names}) hold the year 1 April ${named} to 31 March ${named + 1}: ${reading.evidence.after} of ${reading.evidence.dated} episodes start or end in it. They are read as collection year ${named + 1} (${named}/${String((named + 1) % 100).padStart(2, '0')}), named by the March it ends in.`,
          );
        }
      }
      yearOf.set(k, collectionYear);
    }
    const settled = [...groups.values()].flat().sort((a, b) => a.order - b.order);
    groups = new Map();
    for (const p of settled) {
      const collectionYear = yearOf.get(p.key)!;
      const list = waiting.get(collectionYear) ?? [];
      // A table that could not be read is not cross-checked against the others (its fatal issue says enough).
      list.push({
        collectionYear,
        header: p.header,
        episodes: p.episodes,
        uasc: p.uasc,
        oc3: p.oc3,
        tables: new Set(p.ok ? [p.table] : []),
      });
      waiting.set(collectionYear, list);
    }
  };
  /** Merges the settled years before `year` (all of them when null), in order, and lets go of them. */
  const mergeBefore = (year: number | null): void => {
    for (const y of [...waiting.keys()].sort((a, b) => a - b)) {
      if (year !== null && y >= year) break;
      for (const r of combineSameYear(waiting.get(y)!)) merger.add(r);
      waiting.delete(y);
    }
  };

  // Only files with the same table, named year and size can be copies of each other: only they
  // are hashed before reading (the fingerprint recorded is the one taken while reading).
  const sameSizeKey = async (f: FoundFile): Promise<string | null> => {
    const info = await stat(f.path).catch(() => null);
    return info === null ? null : `${info.size}/${f.table ?? 'workbook'}/${f.namedYear}/${f.yearIsExplicit}`;
  };
  const sizeKeys: (string | null)[] = [];
  for (const f of found) sizeKeys.push(await sameSizeKey(f));
  const sameSize = new Map<string, number>();
  for (const k of sizeKeys) if (k !== null) sameSize.set(k, (sameSize.get(k) ?? 0) + 1);

  const seenHash = new Map<string, string>();
  let named = Number.NEGATIVE_INFINITY;
  for (const [index, f] of found.entries()) {
    if (streaming && f.namedYear > named) {
      settle();
      mergeBefore(f.namedYear);
      named = f.namedYear;
    }
    // The same table of the same year given twice (a copy, or a folder and a file in it). Identical
    // files in different years are normal (a header that did not change) and are all read.
    const sizeKey = sizeKeys[index];
    const sha = sizeKey != null && (sameSize.get(sizeKey) ?? 0) > 1 ? await hashFile(f.path).catch(() => null) : null;
    if (sha !== null) {
      const k = `${sha}/${f.table ?? 'workbook'}/${f.namedYear}/${f.yearIsExplicit}`;
      const first = seenHash.get(k);
      if (first !== undefined) {
        sink.add(
          'FILE-DUPLICATE',
          { file: f.path, row: null, column: null },
          `${f.path} has exactly the same content as ${first} (the same table of the same year); it is read once.`,
        );
        options.onFile?.(index + 1, found.length, f.path);
        continue;
      }
      seenHash.set(k, f.path);
    }
    for (const p of await readParts(f, parser, sink, log, files.length, options.excelMaxRows)) {
      files.push({ name: p.name, table: p.table, sha256: p.sha256, rows: p.rows, key: p.key });
      const g = groups.get(p.key);
      if (g === undefined) groups.set(p.key, [p]);
      else g.push(p);
    }
    options.onFile?.(index + 1, found.length, f.path);
  }
  settle();
  mergeBefore(null);
  sink.absorb(naming);

  const merged = merger.finish();
  const sourceFiles: SourceFile[] = files.map((p) => ({
    path: p.name,
    table: p.table,
    collectionYear: yearOf.get(p.key)!,
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
