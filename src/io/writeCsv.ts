/**
 * The one CSV writer, csv-stringify (beside csv-parse, which reads): a header line, fields quoted
 * only when they hold a comma, quote or line break (quotes doubled), UTF-8 without BOM. Line endings
 * are LF by default (903 extracts), CRLF where a spreadsheet download asks for it.
 *
 *   csvText(['CHILD', 'DOB'], [{ CHILD: '1', DOB: '01/05/2010' }]);   // 'CHILD,DOB\n1,01/05/2010\n'
 *   await writeCsv('2024/header.csv', HEADER_COLUMNS, rows);            // in chunks, through a temporary name
 */
import { open, rename, rm } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';

export interface CsvOptions {
  /** Line ending (default '\n'). */
  readonly eol?: '\n' | '\r\n';
  /** Put a ' before text starting = + - @ tab or CR, so a spreadsheet does not run it as a formula. */
  readonly escapeFormulas?: boolean;
}

function lines<C extends string>(
  columns: readonly C[],
  rows: readonly Readonly<Record<C, string | number | null>>[],
  header: boolean,
  options: CsvOptions,
): string {
  return stringify(rows as Record<C, unknown>[], {
    columns: columns as C[],
    header,
    record_delimiter: options.eol ?? '\n',
    // A field holding a line break (\r or \n) is quoted whatever the line ending.
    quote_record_delimiter: true,
    escape_formulas: options.escapeFormulas ?? false,
  });
}

/** CSV text of `rows` under `columns` (in that order), a header line first, ending with a line break. */
export function csvText<C extends string>(
  columns: readonly C[],
  rows: readonly Readonly<Record<C, string | number | null>>[],
  options: CsvOptions = {},
): string {
  return rows.length === 0 ? `${columns.join(',')}${options.eol ?? '\n'}` : lines(columns, rows, true, options);
}

const ROWS_PER_CHUNK = 5_000;

/**
 * Writes `rows` as CSV to `path` in chunks (a national-scale year is hundreds of MB of text, never
 * held as one string), through a temporary name, so a reader never sees half a file.
 */
export async function writeCsv<C extends string>(
  path: string,
  columns: readonly C[],
  rows: readonly Readonly<Record<C, string>>[],
): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const file = await open(tmp, 'w');
  try {
    await file.write(`${columns.join(',')}\n`);
    for (let from = 0; from < rows.length; from += ROWS_PER_CHUNK)
      await file.write(lines(columns, rows.slice(from, from + ROWS_PER_CHUNK), false, {}));
  } catch (err) {
    await file.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await file.close();
  await rename(tmp, path);
}
