/**
 * Reads 903 tables from an Excel workbook: either one sheet per table (sheets named header,
 * episodes, uasc; others ignored) or one table per workbook (the first sheet, the table named by
 * the file). Cells become text fields as in a CSV; date cells become ISO dates.
 *
 * The workbook is streamed (ExcelJS's streaming reader): each row is handed to the caller as it is
 * read and then let go of, so memory follows the records the caller keeps, not the workbook's
 * size. At most MAX_WORKBOOK_ROWS rows are read from one workbook: Excel holds up to 1,048,576 rows
 * a sheet, far more than a council's 903 returns, and CSV is the format for national-scale data.
 */
import { stat } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { excelJs, retryWorkbookPartRace } from './excelJs.ts';
import yauzl from 'yauzl';
import { isoFromYmd } from '../domain/dates.ts';
import { tableFromName } from '../domain/ssda903/columns.ts';
import type { IssueSink } from '../domain/ssda903/rules.ts';
import type { Table903 } from '../domain/ssda903/types.ts';
import { hashFile, MAX_FIELD_LENGTH } from './readCsv.ts';

/** Limits that stop a huge or zip-bomb workbook taking the memory or the time of everyone else. */
export const MAX_WORKBOOK_BYTES = 100 * 1024 * 1024;
export const MAX_WORKBOOK_UNZIPPED_BYTES = 1024 * 1024 * 1024;
/** Rows (not blank) read from the 903 sheets of one workbook, header lines included. */
export const MAX_WORKBOOK_ROWS = 250_000;

export interface ExcelLimits {
  readonly maxRows: number;
}

/** Total declared uncompressed size of a zip's entries, or null when it is not a readable zip. */
function unzippedSize(path: string): Promise<number | null> {
  return new Promise((resolve) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err !== null || zip === undefined) return resolve(null);
      let total = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        total += entry.uncompressedSize;
        zip.readEntry();
      });
      zip.on('end', () => resolve(total));
      zip.on('error', () => resolve(null));
      zip.readEntry();
    });
  });
}

/** Takes one row of a sheet (its text fields and spreadsheet row number); false stops the sheet. */
export type ExcelRowHandler = (fields: string[], row: number) => boolean;

export interface ExcelSheet {
  readonly table: Table903;
  readonly sheetName: string;
  /** The sheet's position in the workbook (sheets are streamed in the order the file stores them). */
  readonly position: number;
}

export interface ExcelReadResult {
  readonly sha256: string;
  /** The 903 sheets read, in workbook order. */
  readonly sheets: readonly ExcelSheet[];
  readonly ok: boolean;
}

/** A cell value as text: dates as ISO, numbers as written, rich text and formulas by their text. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoFromYmd(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

/** What the streaming reader knows of a sheet and the workbook (ExcelJS's types leave these out). */
interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  readonly name?: string;
  readonly id?: number | string;
}
interface StreamedBook extends AsyncIterable<StreamedSheet> {
  readonly model?: { readonly sheets?: readonly { readonly name: string }[] };
  readonly stream?: { destroy(): void };
}

/**
 * Streams the 903 sheets of the workbook at `path`, handing each sheet's rows to the handler that
 * `onSheet` gives for it (blank rows skipped; the first row handed over is the header line).
 * `table` is the table the file name gives (one table per workbook) or null (one sheet per table).
 * `named` is false for a workbook found by scanning a folder, which is skipped quietly when it
 * holds no 903 sheet.
 */
export async function readExcel(
  path: string,
  name: string,
  table: Table903 | null,
  sink: IssueSink,
  named: boolean,
  onSheet: (table: Table903, sheetName: string) => ExcelRowHandler,
  limits: ExcelLimits = { maxRows: MAX_WORKBOOK_ROWS },
): Promise<ExcelReadResult> {
  const sha256 = await hashFile(path);
  if (await refusedAsTooLarge(path, name, sink)) return { sha256, sheets: [], ok: false };
  const sheets: ExcelSheet[] = [];
  let ok = true;
  const rows: RowsRead = { name, sink, maxRows: limits.maxRows, read: 0 };
  /** One pass of the streaming reader over the workbook's sheets. */
  const readSheets = async (): Promise<void> => {
    // Styles are read so that date cells come back as dates.
    const book = new (excelJs().stream.xlsx.WorkbookReader)(path, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as StreamedBook;
    /** Sheet names in workbook order, once the reader has read the workbook's part. */
    let order: readonly string[] | null = null;
    let chosen: ((sheetName: string) => Table903 | null) | null = null;
    try {
      for await (const ws of book) {
        if (order === null) {
          order = (book.model?.sheets ?? []).map((s) => s.name);
          chosen = sheetTables(order, table);
        }
        const sheetName = ws.name ?? `Sheet${String(ws.id ?? sheets.length + 1)}`;
        const t = chosen!(sheetName);
        if (t === null) continue;
        if (table !== null && sheets.length > 0) continue; // the first sheet only
        const position = order.indexOf(sheetName);
        sheets.push({ table: t, sheetName, position: position < 0 ? order.length + sheets.length : position });
        if (!(await streamSheetRows(ws, sheetName, onSheet(t, sheetName), rows))) {
          ok = false;
          break;
        }
      }
    } finally {
      book.stream?.destroy();
    }
  };
  try {
    // ExcelJS's reader sometimes loses the workbook part (exceljs issue 3064); it then fails at the
    // first worksheet, before any sheet or row is handed over here, so reading again is safe.
    await retryWorkbookPartRace(readSheets);
  } catch (err) {
    sink.add(
      'FILE-BINARY',
      { file: name, row: null, column: null },
      `${name} cannot be read as an Excel workbook (${err instanceof Error ? err.message.slice(0, 120) : 'unreadable'}). Expected an .xlsx file saved by Excel.`,
    );
    return { sha256, sheets: [], ok: false };
  }
  if (sheets.length === 0 && ok) {
    // A workbook found in a folder that holds no 903 sheet is some other document: left alone.
    if (!named) return { sha256, sheets: [], ok: true };
    sink.add(
      'FILE-EMPTY',
      { file: name, row: null, column: null },
      `${name} has no sheet named header, episodes or uasc. Expected one sheet per table with those names, or a workbook named after its table.`,
    );
    return { sha256, sheets: [], ok: false };
  }
  return { sha256, sheets: [...sheets].sort((a, b) => a.position - b.position), ok };
}

/** FILE-TOO-LARGE (and true) for a workbook over the size Forecare reads, zipped or unzipped. */
async function refusedAsTooLarge(path: string, name: string, sink: IssueSink): Promise<boolean> {
  const size = (await stat(path)).size;
  const unzipped = size > MAX_WORKBOOK_BYTES ? null : await unzippedSize(path);
  if (size <= MAX_WORKBOOK_BYTES && (unzipped === null || unzipped <= MAX_WORKBOOK_UNZIPPED_BYTES)) return false;
  sink.add(
    'FILE-TOO-LARGE',
    { file: name, row: null, column: null },
    `${name} is ${size > MAX_WORKBOOK_BYTES ? `${Math.round(size / 1e6)} MB` : `${Math.round((unzipped ?? 0) / 1e6)} MB once unzipped`}, more than a workbook Forecare reads (${MAX_WORKBOOK_BYTES / 1024 / 1024} MB, ${MAX_WORKBOOK_UNZIPPED_BYTES / 1024 / 1024} MB unzipped). Save each table as CSV instead.`,
  );
  return true;
}

/**
 * The 903 table each sheet holds, by name. One table per workbook (`table` given by the file's
 * name): the sheet named after it, or else the workbook's first sheet. Otherwise each sheet named
 * after a table.
 */
function sheetTables(order: readonly string[], table: Table903 | null): (sheetName: string) => Table903 | null {
  if (table === null) return (n) => tableFromName(n);
  const named903 = order.find((n) => tableFromName(n) === table);
  const target = named903 ?? order[0] ?? null;
  return (n) => (target === null || n === target ? table : null);
}

/** The workbook's rows read so far, across its sheets, against the most it may have. */
interface RowsRead {
  readonly name: string;
  readonly sink: IssueSink;
  readonly maxRows: number;
  read: number;
}

/**
 * Hands a sheet's rows to its handler as text fields (blank rows skipped), as wide as its first
 * row or wider. False when the workbook is refused (a cell longer than any 903 field, or more rows
 * than a workbook may have): the issue is recorded and nothing more is read.
 */
async function streamSheetRows(
  ws: StreamedSheet,
  sheetName: string,
  handle: ExcelRowHandler,
  rows: RowsRead,
): Promise<boolean> {
  const { name, sink } = rows;
  let width = 0;
  let first = true;
  for await (const row of ws) {
    const values = row.values as ExcelJS.CellValue[];
    const fields: string[] = [];
    if (first) width = values.length - 1;
    for (let c = 1; c <= Math.max(width, values.length - 1); c++) {
      const text = cellText(values[c]);
      if (text.length > MAX_FIELD_LENGTH) {
        sink.add(
          'FILE-FIELD-TOO-LONG',
          { file: `${name} [${sheetName}]`, row: row.number, column: null },
          `${name}, sheet ${sheetName}, row ${row.number}: a cell is ${text.length} characters long; no 903 field is longer than ${MAX_FIELD_LENGTH}.`,
        );
        return false;
      }
      fields.push(text);
    }
    if (fields.every((f) => f.trim() === '')) continue;
    first = false;
    rows.read += 1;
    if (rows.read > rows.maxRows) {
      sink.add(
        'FILE-TOO-LARGE',
        { file: `${name} [${sheetName}]`, row: row.number, column: null },
        `${name}, sheet ${sheetName}, row ${row.number}: the workbook has more than ${rows.maxRows.toLocaleString('en-GB')} rows, more than a workbook Forecare reads (a council's 903 returns have far fewer). Save each table as CSV instead.`,
      );
      return false;
    }
    if (!handle(fields, row.number)) break;
  }
  return true;
}
