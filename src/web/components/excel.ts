/**
 * Excel downloads: every table on a page downloads as a real .xlsx (`?format=xlsx`), built with
 * exceljs from the same `DataTable`s the page shows. Numbers are numbers; money (integer pence in
 * the table) becomes pounds with the GBP format finance uses, negatives in brackets; other numbers
 * are stored rounded as the page shows them (a median of 224.10000000000002 children is 224.1),
 * with a number format; dates are Excel dates with a date format, not text.
 */
import type { Request, Response } from 'express';
import { excelJs } from '../../io/excelJs.ts';
import { formatDate } from './format.ts';
import { DATE_FORMATS, type Cell, type ColumnFormat, type DataTable } from './tables.ts';

/** Finance's format: whole pounds, thousands separators, negatives in brackets. */
export const GBP_FORMAT = '£#,##0;(£#,##0)';
/** Pounds shown in thousands (£000s) and millions (£m), negatives in brackets. */
export const GBP_THOUSANDS_FORMAT = '#,##0,;(#,##0,)';
export const GBP_MILLIONS_FORMAT = '#,##0.00,,;(#,##0.00,,)';

const NUMBER_FORMATS: Partial<Record<ColumnFormat, string>> = {
  integer: '#,##0',
  decimal1: '#,##0.0',
  decimal2: '#,##0.00',
  pence: GBP_FORMAT,
  // Pounds kept to the penny, shown in £000s / £m (each trailing comma divides the display by 1,000).
  thousands: GBP_THOUSANDS_FORMAT,
  millions: GBP_MILLIONS_FORMAT,
  percent: '0.0%',
  date: 'd mmmm yyyy',
  month: 'mmmm yyyy',
  datetime: 'd mmmm yyyy hh:mm',
};

/** Decimal places a number is stored with in Excel, as the page shows it (percent: of the fraction). */
const DECIMALS: Partial<Record<ColumnFormat, number>> = { integer: 0, decimal1: 1, decimal2: 2, percent: 3 };

function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  // Half away from zero, and no -0.
  const r = (Math.sign(n) * Math.round(Math.abs(n) * f)) / f;
  return r === 0 ? 0 : r;
}

/** An ISO date (2024-03-31), month (2024-04) or date-time as a UTC Date, or null when it is not one. */
function excelDate(value: string, format: ColumnFormat): Date | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, sec] = m;
  const day = format === 'month' ? 1 : Number(d ?? 1);
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, day, Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0)));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A table cell as Excel stores it: pounds from pence, numbers rounded as shown, dates as dates. */
export function excelValue(v: Cell, format: ColumnFormat | undefined): string | number | Date | null {
  if (v === null || format === undefined) return v;
  if (typeof v === 'number') {
    if (format === 'pence') return v / 100;
    // To the penny (a mean over runs holds fractions of a penny).
    if (format === 'thousands' || format === 'millions') return Math.round(v) / 100;
    const decimals = DECIMALS[format];
    return decimals === undefined ? v : round(v, decimals);
  }
  if (format === 'date' || format === 'month' || format === 'datetime') return excelDate(v, format) ?? v;
  return v;
}

function sheetName(table: DataTable, used: Set<string>): string {
  const base =
    (table.sheetName ?? table.caption)
      .replace(/[\\/?*[\]:]/g, ' ')
      .slice(0, 31)
      .trim() || 'Sheet';
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 28)} ${i}`;
  used.add(name.toLowerCase());
  return name;
}

/** A workbook with one sheet per table: caption, header row (bold, frozen), then the rows. */
export async function workbookBuffer(
  tables: readonly DataTable[],
  meta: { title: string; council?: string; generatedAt: Date },
): Promise<Buffer> {
  const wb = new (excelJs().Workbook)();
  wb.creator = 'Forecare';
  wb.created = meta.generatedAt;
  wb.title = meta.title;
  const used = new Set<string>();
  for (const table of tables) {
    const ws = wb.addWorksheet(sheetName(table, used));
    ws.addRow([table.caption]).font = { bold: true, size: 14 };
    ws.addRow([
      `${meta.council ? `${meta.council}. ` : ''}Downloaded from Forecare on ${formatDate(meta.generatedAt.toISOString())}.`,
    ]);
    ws.addRow([]);
    const header = ws.addRow(table.columns.map((c) => c.header));
    header.font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: header.number }];
    for (const row of table.rows) {
      ws.addRow(table.columns.map((c, i) => excelValue(row[i] ?? null, c.format)));
    }
    table.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      const fmt = c.format ? NUMBER_FORMATS[c.format] : undefined;
      if (fmt) {
        for (let r = header.number + 1; r <= ws.rowCount; r++) {
          const cell = ws.getRow(r).getCell(i + 1);
          if (typeof cell.value === 'number' || cell.value instanceof Date) cell.numFmt = fmt;
        }
      }
      const shown = (v: Cell) => (c.format && DATE_FORMATS.has(c.format) ? 18 : String(v ?? '').length);
      const widest = Math.max(c.header.length, ...table.rows.map((row) => shown(row[i] ?? null)));
      col.width = Math.min(Math.max(widest + 4, 10), 60);
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** True when the request asks for the Excel version (`?format=xlsx`). */
export function wantsXlsx(req: Request): boolean {
  return req.query.format === 'xlsx';
}

/** Sends the tables as an .xlsx download named `<filename>.xlsx`. */
export async function sendXlsx(
  res: Response,
  filename: string,
  tables: readonly DataTable[],
  meta: { title: string; council?: string; generatedAt?: Date },
): Promise<void> {
  const buffer = await workbookBuffer(tables, { ...meta, generatedAt: meta.generatedAt ?? new Date() });
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '-');
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', `attachment; filename="${safe}.xlsx"`);
  res.send(buffer);
}
