/**
 * Reads 903 tables from an Excel workbook: either one sheet per table (sheets named header,
 * episodes, uasc; others ignored) or one table per workbook (the first sheet, the table named by
 * the file). Cells become text fields as in a CSV; date cells become ISO dates.
 */
import { stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { isoFromYmd } from '../domain/dates.ts';
import { tableFromName } from '../domain/ssda903/columns.ts';
import type { IssueSink } from '../domain/ssda903/rules.ts';
import type { Table903 } from '../domain/ssda903/types.ts';
import { hashFile, MAX_FIELD_LENGTH } from './readCsv.ts';

/**
 * Workbooks are read whole (Excel holds at most 1,048,576 rows a sheet, so CSV is the format for
 * national-scale data). These limits stop a huge or zip-bomb workbook exhausting memory first.
 */
export const MAX_WORKBOOK_BYTES = 100 * 1024 * 1024;
export const MAX_WORKBOOK_UNZIPPED_BYTES = 1024 * 1024 * 1024;

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

export interface ExcelSheet {
  readonly table: Table903;
  readonly sheetName: string;
  /** Rows of text fields with their spreadsheet row numbers; the first is the header line. */
  readonly rows: { readonly row: number; readonly fields: string[] }[];
}

export interface ExcelReadResult {
  readonly sha256: string;
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

/**
 * Reads the 903 sheets of the workbook at `path`. `table` is the table the file name gives
 * (one table per workbook) or null (one sheet per table). `named` is false for a workbook found
 * by scanning a folder, which is skipped quietly when it holds no 903 sheet.
 */
export async function readExcel(
  path: string,
  name: string,
  table: Table903 | null,
  sink: IssueSink,
  named = true,
): Promise<ExcelReadResult> {
  const sha256 = await hashFile(path);
  const size = (await stat(path)).size;
  const unzipped = size > MAX_WORKBOOK_BYTES ? null : await unzippedSize(path);
  if (size > MAX_WORKBOOK_BYTES || (unzipped !== null && unzipped > MAX_WORKBOOK_UNZIPPED_BYTES)) {
    sink.add(
      'FILE-TOO-LARGE',
      { file: name, row: null, column: null },
      `${name} is ${size > MAX_WORKBOOK_BYTES ? `${Math.round(size / 1e6)} MB` : `${Math.round((unzipped ?? 0) / 1e6)} MB once unzipped`}, more than a workbook Forecare reads (${MAX_WORKBOOK_BYTES / 1024 / 1024} MB, ${MAX_WORKBOOK_UNZIPPED_BYTES / 1024 / 1024} MB unzipped). Save each table as CSV instead.`,
    );
    return { sha256, sheets: [], ok: false };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch (err) {
    sink.add(
      'FILE-BINARY',
      { file: name, row: null, column: null },
      `${name} cannot be read as an Excel workbook (${err instanceof Error ? err.message.slice(0, 120) : 'unreadable'}). Expected an .xlsx file saved by Excel.`,
    );
    return { sha256, sheets: [], ok: false };
  }
  const chosen: { table: Table903; ws: ExcelJS.Worksheet }[] = [];
  if (table !== null) {
    const ws = workbook.worksheets.find((w) => tableFromName(w.name) === table) ?? workbook.worksheets[0];
    if (ws !== undefined) chosen.push({ table, ws });
  } else {
    for (const ws of workbook.worksheets) {
      const t = tableFromName(ws.name);
      if (t !== null) chosen.push({ table: t, ws });
    }
  }
  if (chosen.length === 0) {
    // A workbook found in a folder that holds no 903 sheet is some other document: left alone.
    if (!named) return { sha256, sheets: [], ok: true };
    sink.add(
      'FILE-EMPTY',
      { file: name, row: null, column: null },
      `${name} has no sheet named header, episodes or uasc. Expected one sheet per table with those names, or a workbook named after its table.`,
    );
    return { sha256, sheets: [], ok: false };
  }
  const sheets: ExcelSheet[] = [];
  let ok = true;
  for (const { table: t, ws } of chosen) {
    const rows: { row: number; fields: string[] }[] = [];
    let width = 0;
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (!ok) return;
      const values = row.values as ExcelJS.CellValue[];
      if (rows.length === 0) width = values.length - 1;
      const fields: string[] = [];
      for (let c = 1; c <= Math.max(width, values.length - 1); c++) {
        const text = cellText(values[c]);
        if (text.length > MAX_FIELD_LENGTH) {
          sink.add(
            'FILE-FIELD-TOO-LONG',
            { file: `${name} [${ws.name}]`, row: rowNumber, column: null },
            `${name}, sheet ${ws.name}, row ${rowNumber}: a cell is ${text.length} characters long; no 903 field is longer than ${MAX_FIELD_LENGTH}.`,
          );
          ok = false;
          return;
        }
        fields.push(text);
      }
      if (fields.every((f) => f.trim() === '')) return;
      rows.push({ row: rowNumber, fields });
    });
    sheets.push({ table: t, sheetName: ws.name, rows });
  }
  return { sha256, sheets, ok };
}
