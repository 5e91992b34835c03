/**
 * Turns rows of 903 tables (arrays of text fields, as read from CSV or Excel) into typed records.
 * Parsing here is independent of the collection year: values are trimmed, codes upper-cased,
 * blanks become null, SEX 1/2 becomes M/F and dates DD/MM/YYYY or ISO become ISO dates. Checks that
 * depend on the year (code lists, date windows) run later, in validateReturn.ts.
 *
 * A row whose key fields cannot be read (blank CHILD, unreadable DECOM or DOB) gives a fatal
 * issue and no record; every other problem gives an issue and a record with the field blanked.
 */
import { parseDate, type IsoDate } from '../dates.ts';
import type { Episode, Sex } from '../model.ts';
import { normaliseColumnName, OPTIONAL_COLUMNS, REQUIRED_COLUMNS } from './columns.ts';
import type { IssueSink } from './rules.ts';
import type { Table903 } from './types.ts';

/**
 * Where a record came from: the file and its 1-based spreadsheet row (header line = 1), and the
 * child's index in the load (one small integer per distinct CHILD id, given by the RowParser), so
 * merging and validating a million rows index arrays instead of hashing ids again and again.
 */
export interface Provenance {
  readonly file: string;
  readonly row: number;
  readonly cx: number;
}

export interface HeaderRecord extends Provenance {
  readonly childId: string;
  /** SEX as written (upper case), '' when blank: the code list check needs it. */
  readonly sexCode: string;
  readonly sex: Sex;
  readonly dob: IsoDate;
  readonly ethnicity: string;
}

export interface UascRecord extends Provenance {
  readonly childId: string;
  readonly sexCode: string;
  readonly sex: Sex | null;
  readonly dob: IsoDate | null;
  readonly duc: IsoDate | null;
}

/** An episode with where it came from. Code fields hold the code as written (upper case). */
export interface EpisodeRecord extends Episode, Provenance {}

/** Column positions of one table in one file (-1 where an optional column is absent). */
export interface ColumnMap {
  readonly table: Table903;
  readonly width: number;
  readonly index: Readonly<Record<string, number>>;
}

/**
 * Reads the header line of a table. Returns null (after recording a fatal issue) when a required
 * column is missing or a column appears twice.
 */
export function mapColumns(table: Table903, names: readonly string[], file: string, sink: IssueSink): ColumnMap | null {
  const index: Record<string, number> = {};
  const seen = new Map<string, number>();
  let duplicate: { name: string; first: number; second: number } | null = null;
  for (let i = 0; i < names.length; i++) {
    const name = normaliseColumnName(names[i]!);
    if (name === '') continue;
    const first = seen.get(name);
    if (first !== undefined) duplicate ??= { name, first, second: i };
    else seen.set(name, i);
  }
  const missing = REQUIRED_COLUMNS[table].filter((col) => !seen.has(col));
  // One issue per table: a file with the wrong columns is one problem, however many are wrong.
  if (missing.length > 0) {
    const shown = names.slice(0, 8).map((x) => x.slice(0, 20)).join(', ');
    const what = missing.length === REQUIRED_COLUMNS[table].length
      ? `This does not look like a 903 ${table} table: its first line names none of the required columns`
      : `The ${table} table has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}`;
    sink.add('COL-MISSING', { file, row: 1, column: missing[0]! },
      `${what}. The first line must name the columns, including ${REQUIRED_COLUMNS[table].join(', ')}; it reads: ${shown}${names.length > 8 ? ', ...' : ''}.`);
    return null;
  }
  if (duplicate !== null) {
    sink.add('COL-DUPLICATE', { file, row: 1, column: duplicate.name },
      `The column ${duplicate.name} appears twice in the ${table} table (columns ${duplicate.first + 1} and ${duplicate.second + 1}); each column must appear once.`);
    return null;
  }
  for (const col of REQUIRED_COLUMNS[table]) index[col] = seen.get(col)!;
  for (const col of OPTIONAL_COLUMNS[table]) index[col] = seen.get(col) ?? -1;
  return { table, width: names.length, index };
}

/**
 * Row parsers for one load. Holds caches that intern repeated codes and dates, so a million
 * episodes share a few hundred strings instead of holding millions of copies.
 */
export class RowParser {
  readonly sink: IssueSink;
  #dates = new Map<string, IsoDate | null>();
  #strings = new Map<string, string>();
  #childIndex = new Map<string, number>();
  /** The CHILD ids seen, by index (`cx`). */
  readonly childIds: string[] = [];

  constructor(sink: IssueSink) {
    this.sink = sink;
  }

  #lastId = '';
  #lastCx = -1;

  /** The index of a CHILD id, giving it the next one when new. Rows of one child usually come together. */
  childIndex(id: string): number {
    if (id === this.#lastId) return this.#lastCx;
    let cx = this.#childIndex.get(id);
    if (cx === undefined) {
      cx = this.childIds.length;
      this.childIds.push(id);
      this.#childIndex.set(id, cx);
    }
    this.#lastId = id;
    this.#lastCx = cx;
    return cx;
  }

  #date(text: string): IsoDate | null {
    let d = this.#dates.get(text);
    if (d === undefined) {
      d = parseDate(text);
      if (this.#dates.size < 200_000) this.#dates.set(text, d);
    }
    return d;
  }

  /** Trimmed upper-case code, '' when blank; interned. */
  #code(text: string | undefined): string {
    if (text === undefined) return '';
    let s = this.#strings.get(text);
    if (s === undefined) {
      s = text.trim().toUpperCase();
      if (this.#strings.size < 10_000) this.#strings.set(text, s);
    }
    return s;
  }

  /** The child's index (interning its id), or -1 (after a fatal issue) when CHILD is blank. */
  #child(fields: readonly string[], cols: ColumnMap, file: string, row: number): number {
    const id = this.#childId(fields, cols, file, row);
    return id === null ? -1 : this.childIndex(id);
  }

  #childId(fields: readonly string[], cols: ColumnMap, file: string, row: number): string | null {
    const raw = fields[cols.index.CHILD!] ?? '';
    const id = raw.length > 0 && raw.charCodeAt(0) > 32 && raw.charCodeAt(raw.length - 1) > 32 ? raw : raw.trim();
    if (id === '') {
      this.sink.add('CHILD-MISSING', { file, row, column: 'CHILD' },
        `Row ${row} of the ${cols.table} table has no CHILD id, so it cannot be matched to a child.`);
      return null;
    }
    if (id.length > 10) {
      this.sink.add('CHILD-FORMAT', { file, row, column: 'CHILD' },
        `Child ${id.slice(0, 20)}: the CHILD id is ${id.length} characters long; it must be at most 10.`, id);
    }
    return id;
  }

  /** An optional date: null when blank; an unreadable one is an error and read as blank. */
  #optionalDate(fields: readonly string[], i: number | undefined, column: string, childId: string, file: string, row: number, blankMeans: string): IsoDate | null {
    if (i === undefined || i < 0) return null;
    const text = fields[i] ?? '';
    if (text.trim() === '') return null;
    const d = this.#date(text);
    if (d === null) {
      this.sink.add('DATE-FORMAT', { file, row, column },
        `Child ${childId}: ${column} is "${text.trim().slice(0, 40)}", which is not a date. Expected DD/MM/YYYY or YYYY-MM-DD; it was read as blank (${blankMeans}).`, childId);
    }
    return d;
  }

  header(fields: readonly string[], cols: ColumnMap, file: string, row: number): HeaderRecord | null {
    const cx = this.#child(fields, cols, file, row);
    if (cx < 0) return null;
    const childId = this.childIds[cx]!;
    const dobText = fields[cols.index.DOB!] ?? '';
    const dob = this.#date(dobText);
    if (dob === null) {
      this.sink.add('DOB-INVALID', { file, row, column: 'DOB' },
        `Child ${childId}: the date of birth (DOB) is ${dobText.trim() === '' ? 'blank' : `"${dobText.trim().slice(0, 40)}"`}. Expected a date such as 31/03/2010; without it the child's age cannot be worked out.`, childId);
      return null;
    }
    const sexCode = this.#code(fields[cols.index.SEX!]);
    return { childId, sexCode, sex: sexFromCode(sexCode) ?? 'U', dob, ethnicity: this.#code(fields[cols.index.ETHNIC!]), file, row, cx };
  }

  uasc(fields: readonly string[], cols: ColumnMap, file: string, row: number): UascRecord | null {
    const cx = this.#child(fields, cols, file, row);
    if (cx < 0) return null;
    const childId = this.childIds[cx]!;
    const sexCode = this.#code(cols.index.SEX! >= 0 ? fields[cols.index.SEX!] : '');
    return {
      childId,
      sexCode,
      sex: sexFromCode(sexCode),
      dob: this.#optionalDate(fields, cols.index.DOB, 'DOB', childId, file, row, 'the header date of birth is used'),
      duc: this.#optionalDate(fields, cols.index.DUC, 'DUC', childId, file, row, 'UASC status not known to have ceased'),
      file,
      row,
      cx,
    };
  }

  episode(fields: readonly string[], cols: ColumnMap, file: string, row: number): EpisodeRecord | null {
    const cx = this.#child(fields, cols, file, row);
    if (cx < 0) return null;
    const childId = this.childIds[cx]!;
    const ix = cols.index;
    const decomText = fields[ix.DECOM!] ?? '';
    const start = this.#date(decomText);
    if (start === null) {
      this.sink.add('DECOM-INVALID', { file, row, column: 'DECOM' },
        `Child ${childId}: the episode start date (DECOM) is ${decomText.trim() === '' ? 'blank' : `"${decomText.trim().slice(0, 40)}"`}. Expected a date such as 01/04/2023; an episode cannot be placed in time without it.`, childId);
      return null;
    }
    const provider = this.#code(fields[ix.PLACE_PROVIDER!]);
    const rec = this.#code(fields[ix.REC!]);
    const rpc = ix.REASON_PLACE_CHANGE! >= 0 ? this.#code(fields[ix.REASON_PLACE_CHANGE!]) : '';
    return {
      childId,
      start,
      reasonNew: this.#code(fields[ix.RNE!]),
      legalStatus: this.#code(fields[ix.LS!]),
      needCode: this.#code(fields[ix.CIN!]),
      placement: this.#code(fields[ix.PLACE!]),
      provider: provider === '' ? null : provider,
      end: this.#optionalDate(fields, ix.DEC, 'DEC', childId, file, row, 'the episode is treated as open'),
      reasonEnded: rec === '' ? null : rec,
      reasonPlaceChange: rpc === '' ? null : rpc,
      file,
      row,
      cx,
    };
  }
}

/** SEX code to M/F/U: 1/2 (up to 2023/24) and M/F/U (from 2024/25). Null for anything else. */
export function sexFromCode(code: string): Sex | null {
  switch (code) {
    case '1':
    case 'M':
      return 'M';
    case '2':
    case 'F':
      return 'F';
    case 'U':
      return 'U';
    default:
      return null;
  }
}

/** The plain Episode of a record (without where it came from). */
export function toEpisode(r: EpisodeRecord): Episode {
  return {
    childId: r.childId,
    start: r.start,
    reasonNew: r.reasonNew,
    legalStatus: r.legalStatus,
    needCode: r.needCode,
    placement: r.placement,
    provider: r.provider,
    end: r.end,
    reasonEnded: r.reasonEnded,
    reasonPlaceChange: r.reasonPlaceChange,
  };
}
