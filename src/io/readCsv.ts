/**
 * Streams a CSV file into rows of text fields, without trusting its size: the bytes are hashed
 * as they pass, the first block is sniffed (empty, binary, not UTF-8, wrong delimiter) and every
 * field's length is capped, so a damaged or hostile file gives one clear fatal issue naming it
 * instead of a crash or an exhausted machine.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IssueSink, RuleId } from '../domain/ssda903/rules.ts';

/** Longer than any 903 field could be (postcodes, ids and codes are under 20 characters). */
export const MAX_FIELD_LENGTH = 1000;
/** Largest record (row) read, in characters: far more than any 903 row. */
const MAX_RECORD_SIZE = 64 * 1024;

/** Receives each row: `row` is the 1-based spreadsheet row (header line = 1). Return false to stop. */
export type RowHandler = (fields: string[], row: number) => boolean;

export interface CsvReadResult {
  readonly sha256: string;
  /** Data rows read (the header line is not counted). */
  readonly rows: number;
  /** False when a fatal issue was recorded and reading stopped. */
  readonly ok: boolean;
  /** Lines holding only empty fields, skipped. */
  readonly blankRows: number;
}

class FileProblem extends Error {
  readonly rule: RuleId;
  readonly row: number | null;
  constructor(rule: RuleId, message: string, row: number | null = null) {
    super(message);
    this.rule = rule;
    this.row = row;
  }
}

/** Thrown from the row callback to stop reading early (not a problem with the file). */
class StopReading extends Error {}

/** What is wrong with the first block of a file, or null when it looks like a CSV table. */
function sniff(first: Buffer, name: string): FileProblem | null {
  let start = 0;
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) start = 3;
  const body = first.subarray(start);
  if (body.length === 0 || body.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    return new FileProblem('FILE-EMPTY', `${name} is empty. Expected a CSV table whose first line names the columns.`);
  }
  if (body[0] === 0x50 && body[1] === 0x4b && body[2] === 0x03 && body[3] === 0x04) {
    return new FileProblem('FILE-BINARY', `${name} is a zip file (perhaps an Excel workbook), not a CSV text file. Save it as CSV, or name it .xlsx.`);
  }
  if (body.indexOf(0) >= 0) return new FileProblem('FILE-BINARY', `${name} holds binary data (a zero byte), not CSV text. Expected a CSV table saved as text.`);
  let controls = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls += 1;
  }
  if (controls * 100 > body.length) {
    return new FileProblem('FILE-BINARY', `${name} holds binary data (control characters), not CSV text. Expected a CSV table saved as text.`);
  }
  const lf = body.indexOf(0x0a);
  const cr = body.indexOf(0x0d);
  const nl = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
  if (nl < 0 && body.length >= MAX_RECORD_SIZE) {
    return new FileProblem('FILE-FIELD-TOO-LONG', `${name} has no line break in its first ${body.length} bytes, so it is not a CSV table. Expected a first line naming the columns.`, 1);
  }
  const headerLine = body.subarray(0, nl < 0 ? body.length : nl).toString('utf8');
  const commas = headerLine.split(',').length - 1;
  if (commas === 0) {
    const candidates: [string, string][] = [[';', 'semicolons'], ['\t', 'tabs'], ['|', 'vertical bars']];
    for (const [ch, label] of candidates) {
      if (headerLine.split(ch).length - 1 >= 1) {
        return new FileProblem('FILE-DELIMITER', `${name} separates its columns with ${label}, not commas. Save it as comma-separated CSV (Excel: "CSV UTF-8 (Comma delimited)").`, 1);
      }
    }
  }
  return null;
}

/** SHA-256 of a whole file, streamed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Thrown by CsvSplitter for text that is not well-formed CSV. */
export class CsvSyntaxError extends Error {
  readonly kind: 'quote-not-closed' | 'bad-quote' | 'record-too-long';
  /** 1-based line the problem is on. */
  readonly line: number;
  constructor(kind: CsvSyntaxError['kind'], line: number, message: string) {
    super(message);
    this.kind = kind;
    this.line = line;
  }
}

/** Receives each record of a CsvSplitter: its fields and the 1-based line it ends on. */
export type RecordHandler = (fields: string[], line: number) => void;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Splits CSV text, fed in pieces of any size, into records (RFC 4180: fields separated by commas,
 * a field in double quotes may hold commas, line breaks and doubled quotes). Line breaks are LF,
 * CRLF or CR, told from the first one in the text. Empty lines are skipped (but counted). Strict:
 * a quote inside an unquoted field, text after a closing quote, a quote never closed and a record
 * longer than `maxRecord` characters throw a CsvSyntaxError; so at most one record plus one piece
 * is held, whatever the input. Rows without quotes (nearly all) are cut with indexOf and split.
 */
export class CsvSplitter {
  readonly #onRecord: RecordHandler;
  readonly #maxRecord: number;
  #buf = '';
  /** Line number of the start of #buf. */
  #line = 1;
  /** Record delimiter: LF (also CRLF) or CR; null until the first line break is seen. */
  #cr: boolean | null = null;

  constructor(onRecord: RecordHandler, maxRecord = MAX_RECORD_SIZE) {
    this.#onRecord = onRecord;
    this.#maxRecord = maxRecord;
  }

  push(text: string): void {
    this.#buf = this.#buf.length === 0 ? text : this.#buf + text;
    this.#drain(false);
  }

  end(): void {
    this.#drain(true);
    this.#buf = '';
  }

  #drain(final: boolean): void {
    const s = this.#buf;
    const n = s.length;
    if (this.#cr === null) {
      const lf = s.indexOf('\n');
      const cr = s.indexOf('\r');
      if (cr >= 0 && (lf < 0 || cr < lf) && cr + 1 < n) this.#cr = s.charCodeAt(cr + 1) !== LF;
      else if (lf >= 0) this.#cr = false;
      else if (cr >= 0 && final) this.#cr = true;
      else if (!final) {
        if (n > this.#maxRecord) throw this.#tooLong(this.#line);
        return;
      } else this.#cr = false;
    }
    const delim = this.#cr ? '\r' : '\n';
    let p = 0;
    let line = this.#line;
    let quote = s.indexOf('"');
    while (p < n) {
      const e = s.indexOf(delim, p);
      if (e < 0 && !final) break;
      const end = e < 0 ? n : e;
      if (quote >= 0 && quote < p) quote = s.indexOf('"', p);
      if (quote < 0 || quote >= end) {
        if (end - p > this.#maxRecord) throw this.#tooLong(line);
        let stop = end;
        if (!this.#cr && stop > p && s.charCodeAt(stop - 1) === CR) stop -= 1;
        if (stop > p) this.#onRecord(s.slice(p, stop).split(','), line);
        if (e < 0) {
          p = n;
          break;
        }
        line += 1;
        p = e + 1;
        continue;
      }
      const r = this.#quoted(s, p, line, final);
      if (r === null) break;
      this.#onRecord(r.fields, r.line);
      line = r.endedByBreak ? r.line + 1 : r.line;
      p = r.next;
    }
    this.#line = line;
    this.#buf = p >= n ? '' : s.slice(p);
    if (!final && this.#buf.length > this.#maxRecord) throw this.#tooLong(line);
  }

  /**
   * A record holding quotes, from `p`: its fields, the line it ends on and where the next begins;
   * null when the text ends first (more may come).
   */
  #quoted(s: string, p: number, line: number, final: boolean): { fields: string[]; line: number; next: number; endedByBreak: boolean } | null {
    const n = s.length;
    const fields: string[] = [];
    const startLine = line;
    let i = p;
    for (;;) {
      if (i - p > this.#maxRecord) throw this.#tooLong(startLine);
      if (i < n && s.charCodeAt(i) === QUOTE) {
        let value = '';
        let j = i + 1;
        for (;;) {
          const k = s.indexOf('"', j);
          if (k < 0 || k - p > this.#maxRecord) {
            if (k - p > this.#maxRecord || n - p > this.#maxRecord) throw this.#tooLong(startLine);
            if (!final) return null;
            throw new CsvSyntaxError('quote-not-closed', startLine, 'quote not closed');
          }
          const part = s.slice(j, k);
          line += countBreaks(part, this.#cr === true);
          value += part;
          if (k + 1 >= n && !final) return null;
          if (s.charCodeAt(k + 1) === QUOTE) {
            value += '"';
            j = k + 2;
            continue;
          }
          i = k + 1;
          break;
        }
        fields.push(value);
        if (i >= n) {
          if (!final) return null;
          return { fields, line, next: n, endedByBreak: false };
        }
        const c = s.charCodeAt(i);
        if (c === COMMA) {
          i += 1;
          continue;
        }
        const brk = this.#breakAt(s, i, final);
        if (brk === null) return null;
        if (brk === 0) throw new CsvSyntaxError('bad-quote', line, 'text after a closing quote');
        return { fields, line, next: i + brk, endedByBreak: true };
      }
      // An unquoted field: up to the next comma or line break; a quote in it is an error.
      let k = i;
      for (;;) {
        if (k >= n) {
          if (!final) return null;
          fields.push(s.slice(i, k));
          return { fields, line, next: n, endedByBreak: false };
        }
        const c = s.charCodeAt(k);
        if (c === COMMA) {
          fields.push(s.slice(i, k));
          i = k + 1;
          break;
        }
        if (c === QUOTE) throw new CsvSyntaxError('bad-quote', line, 'a quote inside an unquoted field');
        if (c === LF || c === CR) {
          const brk = this.#breakAt(s, k, final);
          if (brk === null) return null;
          if (brk > 0) {
            fields.push(s.slice(i, k));
            return { fields, line, next: k + brk, endedByBreak: true };
          }
        }
        k += 1;
      }
    }
  }

  /** Length of the record delimiter at `i` (0 when there is none; null when the text ends first). */
  #breakAt(s: string, i: number, final: boolean): number | null {
    const c = s.charCodeAt(i);
    if (this.#cr) return c === CR ? 1 : 0;
    if (c === LF) return 1;
    if (c !== CR) return 0;
    if (i + 1 >= s.length) return final ? 0 : null;
    return s.charCodeAt(i + 1) === LF ? 2 : 0;
  }

  #tooLong(line: number): CsvSyntaxError {
    return new CsvSyntaxError('record-too-long', line, 'record too long');
  }
}

function countBreaks(text: string, cr: boolean): number {
  const ch = cr ? '\r' : '\n';
  let count = 0;
  for (let at = text.indexOf(ch); at !== -1; at = text.indexOf(ch, at + 1)) count += 1;
  return count;
}

function syntaxProblem(err: CsvSyntaxError, name: string): FileProblem {
  switch (err.kind) {
    case 'quote-not-closed':
      return new FileProblem('FILE-MALFORMED', `${name}: a quoted field opened near line ${err.line} is never closed. The file looks cut short or damaged; export it again.`, err.line);
    case 'record-too-long':
      return new FileProblem('FILE-FIELD-TOO-LONG', `${name}, line ${err.line}: a row is longer than ${MAX_RECORD_SIZE} characters, far longer than any 903 row. The file is damaged or not a 903 table.`, err.line);
    default:
      return new FileProblem('FILE-MALFORMED', `${name}, line ${err.line}: ${err.message === 'text after a closing quote' ? 'a quoted field is followed by more text before the next comma' : 'a double quote appears inside a field that does not start with one'}. The file is damaged or not a CSV table; export it again.`, err.line);
  }
}

/**
 * Reads `path` (named `name` in issues) row by row into `onRow`. A fatal problem with the file is
 * recorded in `sink` as one issue and reading stops.
 */
export async function readCsv(path: string, name: string, sink: IssueSink, onRow: RowHandler): Promise<CsvReadResult> {
  const hash = createHash('sha256');
  // Fatal: bytes that are not UTF-8 are a problem with the file, never replaced. A BOM is dropped.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let sniffed = false;
  let bytes = 0;
  let rows = 0;
  let blankRows = 0;
  let width = 0;
  let headerSeen = false;
  let stopped = false;

  const onRecord = (record: string[], row: number): void => {
    let blank = true;
    for (const f of record) {
      if (f.length > MAX_FIELD_LENGTH) {
        throw new FileProblem('FILE-FIELD-TOO-LONG', `${name}, line ${row}: a field is ${f.length} characters long; no 903 field is longer than ${MAX_FIELD_LENGTH}. The file is damaged or not a 903 table.`, row);
      }
      if (blank && f.trim() !== '') blank = false;
    }
    if (blank) {
      blankRows += 1;
      return;
    }
    if (!headerSeen) {
      headerSeen = true;
      width = record.length;
    } else {
      if (record.length !== width && (record.length < width || record.slice(width).some((f) => f.trim() !== ''))) {
        throw new FileProblem('FILE-MALFORMED', `${name}, line ${row}: the row has ${record.length} fields but the first line names ${width} columns. The file looks cut short or damaged; export it again.`, row);
      }
      rows += 1;
    }
    if (!onRow(record, row)) {
      stopped = true;
      throw new StopReading('stopped');
    }
  };
  const splitter = new CsvSplitter(onRecord);

  let problem: FileProblem | null = null;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const buf = chunk as Buffer;
      hash.update(buf);
      if (!sniffed) {
        sniffed = true;
        const p = sniff(buf, name);
        if (p) throw p;
      }
      let text: string;
      try {
        text = decoder.decode(buf, { stream: true });
      } catch {
        throw new FileProblem('FILE-ENCODING', `${name} is not UTF-8 text (an invalid byte near byte ${bytes + 1}). Save it as "CSV UTF-8".`);
      }
      bytes += buf.length;
      splitter.push(text);
    }
    if (!sniffed) throw new FileProblem('FILE-EMPTY', `${name} is empty. Expected a CSV table whose first line names the columns.`);
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw new FileProblem('FILE-ENCODING', `${name} ends in the middle of a character: it is not UTF-8 text or it was cut short.`);
    }
    splitter.push(rest);
    splitter.end();
  } catch (err) {
    if (err instanceof StopReading) problem = null;
    else if (err instanceof FileProblem) problem = err;
    else if (err instanceof CsvSyntaxError) problem = syntaxProblem(err, name);
    else if (err instanceof Error && 'code' in err && (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR')) {
      problem = new FileProblem('FILE-NOT-FOUND', `${name} cannot be read (${err.code === 'ENOENT' ? 'it does not exist' : err.code === 'EACCES' ? 'permission denied' : 'it is a folder'}).`);
    } else throw err;
  }
  if (problem === null && sniffed && rows === 0 && !headerSeen) {
    problem = new FileProblem('FILE-EMPTY', `${name} holds no rows. Expected a first line naming the columns.`);
  }
  if (problem !== null) {
    sink.add(problem.rule, { file: name, row: problem.row, column: null }, problem.message);
    return { sha256: await hashFile(path).catch(() => ''), rows, ok: false, blankRows };
  }
  return { sha256: stopped ? await hashFile(path) : hash.digest('hex'), rows, ok: !stopped, blankRows };
}
