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

/** A row of the OC3 table (care leavers). Codes as written (upper case), '' when blank. */
export interface CareLeaverRecord extends Provenance {
  readonly childId: string;
  /** The OC3 table's own date of birth; null when blank or unreadable (the header's is used). */
  readonly dob: IsoDate | null;
  readonly inTouch: string;
  readonly activity: string;
  readonly accommodation: string;
}

/** An episode with where it came from. Code fields hold the code as written (upper case). */
export interface EpisodeRecord extends Episode, Provenance {}

/**
 * What the rows of one file with the same codes share: the file, the load's CHILD ids (a record
 * keeps only its child's index) and the codes. Interned by the RowParser, so a record holds just
 * its own dates, row and child, and national-scale loads (millions of rows) stay small.
 */
interface EpisodeShared {
  readonly file: string;
  readonly ids: readonly string[];
  readonly reasonNew: string;
  readonly legalStatus: string;
  readonly needCode: string;
  readonly placement: string;
  readonly provider: string | null;
  readonly reasonEnded: string | null;
  readonly reasonPlaceChange: string | null;
  readonly placementLa: string | null;
}

interface HeaderShared {
  readonly file: string;
  readonly ids: readonly string[];
  readonly sexCode: string;
  readonly sex: Sex;
  readonly ethnicity: string;
}

/** An EpisodeRecord as the RowParser makes it: six own fields, the rest read from what it shares. */
class EpisodeRow implements EpisodeRecord {
  readonly start: IsoDate;
  readonly end: IsoDate | null;
  readonly row: number;
  readonly cx: number;
  readonly shared: EpisodeShared;
  readonly placementDistance: number | null;

  constructor(
    start: IsoDate,
    end: IsoDate | null,
    row: number,
    cx: number,
    shared: EpisodeShared,
    placementDistance: number | null,
  ) {
    this.start = start;
    this.end = end;
    this.row = row;
    this.cx = cx;
    this.shared = shared;
    this.placementDistance = placementDistance;
  }

  get childId(): string {
    return this.shared.ids[this.cx]!;
  }
  get file(): string {
    return this.shared.file;
  }
  get reasonNew(): string {
    return this.shared.reasonNew;
  }
  get legalStatus(): string {
    return this.shared.legalStatus;
  }
  get needCode(): string {
    return this.shared.needCode;
  }
  get placement(): string {
    return this.shared.placement;
  }
  get provider(): string | null {
    return this.shared.provider;
  }
  get reasonEnded(): string | null {
    return this.shared.reasonEnded;
  }
  get reasonPlaceChange(): string | null {
    return this.shared.reasonPlaceChange;
  }
  get placementLa(): string | null {
    return this.shared.placementLa;
  }
}

/** A HeaderRecord as the RowParser makes it (see EpisodeRow). */
class HeaderRow implements HeaderRecord {
  readonly dob: IsoDate;
  readonly row: number;
  readonly cx: number;
  readonly shared: HeaderShared;

  constructor(dob: IsoDate, row: number, cx: number, shared: HeaderShared) {
    this.dob = dob;
    this.row = row;
    this.cx = cx;
    this.shared = shared;
  }

  get childId(): string {
    return this.shared.ids[this.cx]!;
  }
  get file(): string {
    return this.shared.file;
  }
  get sexCode(): string {
    return this.shared.sexCode;
  }
  get sex(): Sex {
    return this.shared.sex;
  }
  get ethnicity(): string {
    return this.shared.ethnicity;
  }
}

/**
 * An episode record as it arrives from another thread: structured clone keeps a record's own
 * fields (dates, row, child index and the shared codes, still shared) but not its class, whose
 * getters give the rest. Gives the record its class again; other episodes are returned as they are.
 */
export function reviveEpisode(e: Episode): Episode {
  if (e instanceof EpisodeRow) return e;
  const o = e as Partial<EpisodeRow>;
  if (o.shared !== undefined && typeof o.start === 'string' && typeof o.row === 'number' && typeof o.cx === 'number')
    return new EpisodeRow(o.start, o.end ?? null, o.row, o.cx, o.shared, o.placementDistance ?? null);
  return e;
}

/** `e` ending on `end` instead (an overlap clipped), keeping where it came from. */
export function withEnd(e: EpisodeRecord, end: IsoDate | null): EpisodeRecord {
  if (e instanceof EpisodeRow) return new EpisodeRow(e.start, end, e.row, e.cx, e.shared, e.placementDistance);
  return { ...toEpisode(e), end, file: e.file, row: e.row, cx: e.cx };
}

/** Distinct code combinations kept per file; past this (junk codes) rows get their own. */
const MAX_SHARED = 50_000;

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
    const shown = names
      .slice(0, 8)
      .map((x) => x.slice(0, 20))
      .join(', ');
    const what =
      missing.length === REQUIRED_COLUMNS[table].length
        ? `This does not look like a 903 ${table} table: its first line names none of the required columns`
        : `The ${table} table has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}`;
    sink.add(
      'COL-MISSING',
      { file, row: 1, column: missing[0]! },
      `${what}. The first line must name the columns, including ${REQUIRED_COLUMNS[table].join(', ')}; it reads: ${shown}${names.length > 8 ? ', ...' : ''}.`,
    );
    return null;
  }
  if (duplicate !== null) {
    sink.add(
      'COL-DUPLICATE',
      { file, row: 1, column: duplicate.name },
      `The column ${duplicate.name} appears twice in the ${table} table (columns ${duplicate.first + 1} and ${duplicate.second + 1}); each column must appear once.`,
    );
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
  #episodeShared = new Map<string, Map<string, EpisodeShared>>();
  #headerShared = new Map<string, Map<string, HeaderShared>>();

  constructor(sink: IssueSink) {
    this.sink = sink;
  }

  #lastId = '';
  #lastCx = -1;

  /**
   * Index + 1 of the CHILD ids that are plain numbers below MAX_NUMERIC_ID (digits, no leading
   * zero: the id is exactly the number written out), by that number; 0 where not seen. Most
   * councils' ids are such numbers, and an array lookup is much cheaper than hashing a fresh
   * string into a map of half a million. Grows as larger ids come; other ids use the map.
   */
  #numericIndex = new Int32Array(0);

  /** The index of a CHILD id, giving it the next one when new. Rows of one child usually come together. */
  childIndex(id: string): number {
    if (id === this.#lastId) return this.#lastCx;
    const n = numericId(id);
    let cx: number | undefined;
    if (n >= 0) {
      if (n >= this.#numericIndex.length) {
        let size = Math.max(1024, this.#numericIndex.length);
        while (size <= n) size *= 2;
        const grown = new Int32Array(Math.min(size, MAX_NUMERIC_ID));
        grown.set(this.#numericIndex);
        this.#numericIndex = grown;
      }
      const v = this.#numericIndex[n]!;
      if (v > 0) cx = v - 1;
      else {
        cx = this.childIds.length;
        this.childIds.push(id);
        this.#numericIndex[n] = cx + 1;
      }
    } else {
      cx = this.#childIndex.get(id);
      if (cx === undefined) {
        cx = this.childIds.length;
        this.childIds.push(id);
        this.#childIndex.set(id, cx);
      }
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
      this.sink.add(
        'CHILD-MISSING',
        { file, row, column: 'CHILD' },
        `Row ${row} of the ${cols.table} table has no CHILD id, so it cannot be matched to a child.`,
      );
      return null;
    }
    if (id.length > 10) {
      this.sink.add(
        'CHILD-FORMAT',
        { file, row, column: 'CHILD' },
        `Child ${id.slice(0, 20)}: the CHILD id is ${id.length} characters long; it must be at most 10.`,
        id,
      );
    }
    return id;
  }

  /** An optional date: null when blank; an unreadable one is an error and read as blank. */
  #optionalDate(
    fields: readonly string[],
    i: number | undefined,
    column: string,
    childId: string,
    file: string,
    row: number,
    blankMeans: string,
  ): IsoDate | null {
    if (i === undefined || i < 0) return null;
    const text = fields[i] ?? '';
    if (text.trim() === '') return null;
    const d = this.#date(text);
    if (d === null) {
      this.sink.add(
        'DATE-FORMAT',
        { file, row, column },
        `Child ${childId}: ${column} is "${text.trim().slice(0, 40)}", which is not a date. Expected DD/MM/YYYY or YYYY-MM-DD; it was read as blank (${blankMeans}).`,
        childId,
      );
    }
    return d;
  }

  /**
   * PL_DISTANCE: miles from home to the placement, as the DfE works it out (0.0 to 999.9); null when
   * blank. Anything else is an error and read as blank.
   */
  #distance(text: string, childId: string, file: string, row: number): number | null {
    const t = text.trim();
    if (t === '') return null;
    const miles = /^\d{1,3}(\.\d+)?$/.test(t) ? Number(t) : NaN;
    if (Number.isFinite(miles) && miles <= 999.9) return miles;
    this.sink.add(
      'EPI-PL-DISTANCE',
      { file, row, column: 'PL_DISTANCE' },
      `Child ${childId}: PL_DISTANCE is "${t.slice(0, 40)}", which is not a distance in miles. Expected a number from 0.0 to 999.9, such as 12.5; it was read as blank (distance not known).`,
      childId,
    );
    return null;
  }

  /** PL_LA: a local authority code (upper case); null when blank. Anything else is an error and read as blank. */
  #placementLa(text: string, childId: string, file: string, row: number): string | null {
    const code = this.#code(text);
    if (code === '') return null;
    if (/^[A-Z0-9]{1,10}$/.test(code)) return code;
    this.sink.add(
      'EPI-PL-LA',
      { file, row, column: 'PL_LA' },
      `Child ${childId}: PL_LA is "${code.slice(0, 40)}", which is not a local authority code. Expected 1-10 letters or digits, such as 301 or E09000002; it was read as blank (placement area not known).`,
      childId,
    );
    return null;
  }

  header(fields: readonly string[], cols: ColumnMap, file: string, row: number): HeaderRecord | null {
    const cx = this.#child(fields, cols, file, row);
    if (cx < 0) return null;
    const childId = this.childIds[cx]!;
    const dobText = fields[cols.index.DOB!] ?? '';
    const dob = this.#date(dobText);
    if (dob === null) {
      this.sink.add(
        'DOB-INVALID',
        { file, row, column: 'DOB' },
        `Child ${childId}: the date of birth (DOB) is ${dobText.trim() === '' ? 'blank' : `"${dobText.trim().slice(0, 40)}"`}. Expected a date such as 31/03/2010; without it the child's age cannot be worked out.`,
        childId,
      );
      return null;
    }
    const sexText = fields[cols.index.SEX!] ?? '';
    const ethnicText = fields[cols.index.ETHNIC!] ?? '';
    const key = `${sexText}\u0001${ethnicText}`;
    const byKey = sharedOf(this.#headerShared, file);
    let shared = byKey.get(key);
    if (shared === undefined) {
      const sexCode = this.#code(sexText);
      shared = {
        file,
        ids: this.childIds,
        sexCode,
        sex: sexFromCode(sexCode) ?? 'U',
        ethnicity: this.#code(ethnicText),
      };
      if (byKey.size < MAX_SHARED) byKey.set(key, shared);
    }
    return new HeaderRow(dob, row, cx, shared);
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
      duc: this.#optionalDate(
        fields,
        cols.index.DUC,
        'DUC',
        childId,
        file,
        row,
        'UASC status not known to have ceased',
      ),
      file,
      row,
      cx,
    };
  }

  careLeaver(fields: readonly string[], cols: ColumnMap, file: string, row: number): CareLeaverRecord | null {
    const cx = this.#child(fields, cols, file, row);
    if (cx < 0) return null;
    const childId = this.childIds[cx]!;
    const ix = cols.index;
    return {
      childId,
      dob: this.#optionalDate(fields, ix.DOB, 'DOB', childId, file, row, "the header's date of birth is used"),
      inTouch: this.#code(fields[ix.IN_TOUCH!]),
      activity: this.#code(fields[ix.ACTIV!]),
      accommodation: this.#code(fields[ix.ACCOM!]),
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
      this.sink.add(
        'DECOM-INVALID',
        { file, row, column: 'DECOM' },
        `Child ${childId}: the episode start date (DECOM) is ${decomText.trim() === '' ? 'blank' : `"${decomText.trim().slice(0, 40)}"`}. Expected a date such as 01/04/2023; an episode cannot be placed in time without it.`,
        childId,
      );
      return null;
    }
    const end = this.#optionalDate(fields, ix.DEC, 'DEC', childId, file, row, 'the episode is treated as open');
    const rne = fields[ix.RNE!] ?? '';
    const ls = fields[ix.LS!] ?? '';
    const cin = fields[ix.CIN!] ?? '';
    const place = fields[ix.PLACE!] ?? '';
    const prov = fields[ix.PLACE_PROVIDER!] ?? '';
    const recText = fields[ix.REC!] ?? '';
    const rpcText = ix.REASON_PLACE_CHANGE! >= 0 ? (fields[ix.REASON_PLACE_CHANGE!] ?? '') : '';
    const laText = ix.PL_LA! >= 0 ? (fields[ix.PL_LA!] ?? '') : '';
    const distance = ix.PL_DISTANCE! >= 0 ? this.#distance(fields[ix.PL_DISTANCE!] ?? '', childId, file, row) : null;
    const key = `${rne}\u0001${ls}\u0001${cin}\u0001${place}\u0001${prov}\u0001${recText}\u0001${rpcText}\u0001${laText}`;
    const byKey = sharedOf(this.#episodeShared, file);
    let shared = byKey.get(key);
    if (shared === undefined) {
      const provider = this.#code(prov);
      const rec = this.#code(recText);
      const rpc = this.#code(rpcText);
      shared = {
        file,
        ids: this.childIds,
        reasonNew: this.#code(rne),
        legalStatus: this.#code(ls),
        needCode: this.#code(cin),
        placement: this.#code(place),
        provider: provider === '' ? null : provider,
        reasonEnded: rec === '' ? null : rec,
        reasonPlaceChange: rpc === '' ? null : rpc,
        placementLa: this.#placementLa(laText, childId, file, row),
      };
      if (byKey.size < MAX_SHARED) byKey.set(key, shared);
    } else if (shared.placementLa === null && laText.trim() !== '') {
      // The same unreadable PL_LA again: its issue is reported on every row it is on.
      this.#placementLa(laText, childId, file, row);
    }
    return new EpisodeRow(start, end, row, cx, shared, distance);
  }
}

/** Ids below this that are plain numbers are indexed by an array (at most 8 MB). */
const MAX_NUMERIC_ID = 1 << 21;

/** The number an id writes out (digits only, no leading zero, below MAX_NUMERIC_ID), or -1. */
function numericId(id: string): number {
  const len = id.length;
  if (len === 0 || len > 7) return -1;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || (d === 0 && i === 0 && len > 1)) return -1;
    n = n * 10 + d;
  }
  return n < MAX_NUMERIC_ID ? n : -1;
}

/** The map of shared parts for `file` (one per file: a record's file is part of what it shares). */
function sharedOf<T>(byFile: Map<string, Map<string, T>>, file: string): Map<string, T> {
  let m = byFile.get(file);
  if (m === undefined) byFile.set(file, (m = new Map()));
  return m;
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
export function toEpisode(r: Episode): Episode {
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
    placementDistance: r.placementDistance ?? null,
    placementLa: r.placementLa ?? null,
  };
}
