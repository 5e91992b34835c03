/**
 * Streams a CSV file into rows of text fields, without trusting its size: the bytes are hashed
 * as they pass, the first block is sniffed (empty, binary, not UTF-8, wrong delimiter) and every
 * field's length is capped, so a damaged or hostile file gives one clear fatal issue naming it
 * instead of a crash or an exhausted machine.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type CsvError } from 'csv-parse';
import type { IssueSink, RuleId } from '../domain/ssda903/rules.ts';

/** Longer than any 903 field could be (postcodes, ids and codes are under 20 characters). */
export const MAX_FIELD_LENGTH = 1000;
/** Largest record csv-parse will buffer, in characters. */
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
    return new FileProblem(
      'FILE-BINARY',
      `${name} is a zip file (perhaps an Excel workbook), not a CSV text file. Save it as CSV, or name it .xlsx.`,
    );
  }
  if (body.indexOf(0) >= 0)
    return new FileProblem(
      'FILE-BINARY',
      `${name} holds binary data (a zero byte), not CSV text. Expected a CSV table saved as text.`,
    );
  let controls = 0;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls += 1;
  }
  if (controls * 100 > body.length) {
    return new FileProblem(
      'FILE-BINARY',
      `${name} holds binary data (control characters), not CSV text. Expected a CSV table saved as text.`,
    );
  }
  const lf = body.indexOf(0x0a);
  const cr = body.indexOf(0x0d);
  const nl = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
  if (nl < 0 && body.length >= MAX_RECORD_SIZE) {
    return new FileProblem(
      'FILE-FIELD-TOO-LONG',
      `${name} has no line break in its first ${body.length} bytes, so it is not a CSV table. Expected a first line naming the columns.`,
      1,
    );
  }
  const headerLine = body.subarray(0, nl < 0 ? body.length : nl).toString('utf8');
  const commas = headerLine.split(',').length - 1;
  if (commas === 0) {
    const candidates: [string, string][] = [
      [';', 'semicolons'],
      ['\t', 'tabs'],
      ['|', 'vertical bars'],
    ];
    for (const [ch, label] of candidates) {
      if (headerLine.split(ch).length - 1 >= 1) {
        return new FileProblem(
          'FILE-DELIMITER',
          `${name} separates its columns with ${label}, not commas. Save it as comma-separated CSV (Excel: "CSV UTF-8 (Comma delimited)").`,
          1,
        );
      }
    }
  }
  return null;
}

function csvProblem(err: CsvError, name: string, width: number): FileProblem {
  const line = typeof err.lines === 'number' ? err.lines : null;
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const got = Array.isArray(err.record) ? err.record.length : '?';
      return new FileProblem(
        'FILE-MALFORMED',
        `${name}, line ${line ?? '?'}: the row has ${got} fields but the first line names ${width} columns. The file looks cut short or damaged; export it again.`,
        line,
      );
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return new FileProblem(
        'FILE-MALFORMED',
        `${name}: a quoted field opened near line ${line ?? '?'} is never closed. The file looks cut short or damaged; export it again.`,
        line,
      );
    case 'CSV_MAX_RECORD_SIZE':
      return new FileProblem(
        'FILE-FIELD-TOO-LONG',
        `${name}, line ${line ?? '?'}: a row is longer than ${MAX_RECORD_SIZE} characters, far longer than any 903 row. The file is damaged or not a 903 table.`,
        line,
      );
    default:
      return new FileProblem(
        'FILE-MALFORMED',
        `${name}, line ${line ?? '?'}: ${err.message}. The file is damaged or not a CSV table; export it again.`,
        line,
      );
  }
}

/** SHA-256 of a whole file, streamed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The file's bytes as they pass to the parser: hashed, the first chunk sniffed (not a CSV table?),
 * checked to be UTF-8 text; an empty file is refused at the end.
 */
function byteChecks(
  name: string,
  hash: Hash,
  decoder: InstanceType<typeof TextDecoder>,
): { tap: Transform; seen: { sniffed: boolean; bytes: number } } {
  const seen = { sniffed: false, bytes: 0 };
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      if (!seen.sniffed) {
        seen.sniffed = true;
        const problem = sniff(chunk, name);
        if (problem) return done(problem);
      }
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return done(
          new FileProblem(
            'FILE-ENCODING',
            `${name} is not UTF-8 text (an invalid byte near byte ${seen.bytes + 1}). Save it as "CSV UTF-8".`,
          ),
        );
      }
      seen.bytes += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      if (!seen.sniffed)
        return done(
          new FileProblem('FILE-EMPTY', `${name} is empty. Expected a CSV table whose first line names the columns.`),
        );
      done();
    },
  });
  return { tap, seen };
}

/** The problem an error reading the file is (null: reading was stopped on purpose); rethrows any other error. */
function readProblem(err: unknown, name: string, width: number): FileProblem | null {
  if (err instanceof StopReading) return null;
  if (err instanceof FileProblem) return err;
  if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('CSV_'))
    return csvProblem(err as CsvError, name, width);
  if (
    err instanceof Error &&
    'code' in err &&
    (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR')
  )
    return new FileProblem(
      'FILE-NOT-FOUND',
      `${name} cannot be read (${err.code === 'ENOENT' ? 'it does not exist' : err.code === 'EACCES' ? 'permission denied' : 'it is a folder'}).`,
    );
  throw err;
}

/**
 * Reads `path` (named `name` in issues) row by row into `onRow`. A fatal problem with the file is
 * recorded in `sink` as one issue and reading stops.
 */
export async function readCsv(path: string, name: string, sink: IssueSink, onRow: RowHandler): Promise<CsvReadResult> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const { tap, seen } = byteChecks(name, hash, decoder);
  let rows = 0;
  let blankRows = 0;
  let width = 0;
  let stopped = false;

  const parser = parse({
    bom: true,
    max_record_size: MAX_RECORD_SIZE,
    skip_empty_lines: true,
    relax_quotes: false,
    // Field counts are checked below: a short row is damage, extra empty fields (trailing commas) are not.
    relax_column_count: true,
    on_record: (record: string[], context) => {
      if (stopped) return null;
      const row = context.lines;
      let blank = true;
      for (const f of record) {
        if (f.length > MAX_FIELD_LENGTH) {
          throw new FileProblem(
            'FILE-FIELD-TOO-LONG',
            `${name}, line ${row}: a field is ${f.length} characters long; no 903 field is longer than ${MAX_FIELD_LENGTH}. The file is damaged or not a 903 table.`,
            row,
          );
        }
        if (blank && f.trim() !== '') blank = false;
      }
      if (blank) {
        blankRows += 1;
        return null;
      }
      if (!headerSeen) {
        headerSeen = true;
        width = record.length;
      } else {
        if (record.length !== width && (record.length < width || record.slice(width).some((f) => f.trim() !== ''))) {
          throw new FileProblem(
            'FILE-MALFORMED',
            `${name}, line ${row}: the row has ${record.length} fields but the first line names ${width} columns. The file looks cut short or damaged; export it again.`,
            row,
          );
        }
        rows += 1;
      }
      if (!onRow(record, row)) {
        stopped = true;
        throw new StopReading('stopped');
      }
      return null;
    },
  });
  let headerSeen = false;

  const sinkStream = new Writable({
    objectMode: true,
    write(_c, _e, done) {
      done();
    },
  });
  let problem: FileProblem | null = null;
  try {
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), tap, parser, sinkStream);
    if (!stopped) {
      try {
        decoder.decode();
      } catch {
        problem = new FileProblem(
          'FILE-ENCODING',
          `${name} ends in the middle of a character: it is not UTF-8 text or it was cut short.`,
        );
      }
    }
  } catch (err) {
    problem = readProblem(err, name, width);
  }
  if (problem === null && seen.sniffed && rows === 0 && !headerSeen) {
    problem = new FileProblem('FILE-EMPTY', `${name} holds no rows. Expected a first line naming the columns.`);
  }
  if (problem !== null) {
    sink.add(problem.rule, { file: name, row: problem.row, column: null }, problem.message);
    return { sha256: await hashFile(path).catch(() => ''), rows, ok: false, blankRows };
  }
  return { sha256: stopped ? await hashFile(path) : hash.digest('hex'), rows, ok: !stopped, blankRows };
}
