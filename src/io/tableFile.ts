/**
 * Reads a small table a council keeps by hand (a tracker's cohort, a list of ids) from a CSV file
 * or the first sheet of an Excel workbook into rows of text, without trusting its size: the CSV
 * goes through readCsv's checks (empty, binary, encoding, field lengths), the workbook is read
 * with ExcelJS's streaming reader (never held whole in memory) after the same size checks as the
 * 903 reader, and reading stops past `maxRows`.
 */
import { stat } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { excelJs, retryWorkbookPartRace } from './excelJs.ts';
import { IssueSink } from '../domain/ssda903/rules.ts';
import { readCsv } from './readCsv.ts';
import { cellText, MAX_WORKBOOK_BYTES } from './readExcel.ts';

export interface TableRows {
  /** Rows with any text, with their 1-based spreadsheet row numbers; the first is the header. */
  readonly rows: readonly { readonly row: number; readonly fields: readonly string[] }[];
  /** Why the file could not be read as a table; null when it was. */
  readonly problem: { readonly row: number | null; readonly column: string | null; readonly message: string } | null;
}

export interface TableReadOptions {
  /** Data rows (after the header) past which reading stops with a problem. */
  readonly maxRows: number;
  /** How an Excel cell becomes text (default: readExcel's cellText). */
  readonly cellText?: (value: ExcelJS.CellValue) => string;
}

/** `.xlsx` as Excel (first sheet), anything else as CSV. */
export async function readTableRows(path: string, name: string, options: TableReadOptions): Promise<TableRows> {
  return name.toLowerCase().endsWith('.xlsx') ? readSheet(path, name, options) : readText(path, name, options);
}

const tooMany = (name: string, max: number) => ({
  row: null,
  column: null,
  message: `${name} has more than ${max.toLocaleString('en-GB')} rows, more than Forecare reads from such a file.`,
});

async function readText(path: string, name: string, options: TableReadOptions): Promise<TableRows> {
  const rows: { row: number; fields: string[] }[] = [];
  const sink = new IssueSink();
  let over = false;
  const result = await readCsv(path, name, sink, (fields, row) => {
    if (rows.length > options.maxRows) {
      over = true;
      return false;
    }
    if (fields.some((f) => f.trim() !== '')) rows.push({ row, fields });
    return true;
  });
  if (over) return { rows: [], problem: tooMany(name, options.maxRows) };
  if (!result.ok) {
    const first = sink.issues[0];
    return {
      rows: [],
      problem: {
        row: first?.row ?? null,
        column: first?.column ?? null,
        message: first?.message ?? `${name} cannot be read.`,
      },
    };
  }
  return { rows, problem: null };
}

async function readSheet(path: string, name: string, options: TableReadOptions): Promise<TableRows> {
  const size = (await stat(path)).size;
  if (size > MAX_WORKBOOK_BYTES)
    return {
      rows: [],
      problem: {
        row: null,
        column: null,
        message: `${name} is ${Math.round(size / 1e6)} MB, more than a workbook Forecare reads (${MAX_WORKBOOK_BYTES / 1024 / 1024} MB).`,
      },
    };
  const text = options.cellText ?? cellText;
  let rows: { row: number; fields: string[] }[];
  try {
    // A fresh reader each time ExcelJS loses the workbook part (no row has been read then).
    const read = await retryWorkbookPartRace(() => firstSheetRows(path, text, options.maxRows));
    if (read === 'too many') return { rows: [], problem: tooMany(name, options.maxRows) };
    rows = read;
  } catch (err) {
    const why = err instanceof Error ? err.message.slice(0, 120) : 'unreadable';
    return {
      rows: [],
      problem: {
        row: null,
        column: null,
        message: `${name} cannot be read as an Excel workbook (${why}). Expected an .xlsx file saved by Excel.`,
      },
    };
  }
  if (rows.length === 0) return { rows: [], problem: { row: null, column: null, message: `${name} is empty.` } };
  return { rows, problem: null };
}

/** The first sheet's rows with any text, or 'too many' past `maxRows` data rows. */
async function firstSheetRows(
  path: string,
  text: (value: ExcelJS.CellValue) => string,
  maxRows: number,
): Promise<{ row: number; fields: string[] }[] | 'too many'> {
  const rows: { row: number; fields: string[] }[] = [];
  const reader = new (excelJs().stream.xlsx.WorkbookReader)(path, {
    sharedStrings: 'cache',
    styles: 'cache', // to know which numbers are dates
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  for await (const sheet of reader) {
    for await (const r of sheet) {
      const values = r.values as ExcelJS.CellValue[];
      const fields = values.slice(1).map((v) => text(v).slice(0, 1000));
      if (fields.some((f) => f.trim() !== '')) rows.push({ row: r.number, fields });
      if (rows.length > maxRows + 1) return 'too many';
    }
    break; // the first sheet only
  }
  return rows;
}
