/**
 * Excel downloads: every table on a page downloads as a real .xlsx (`?format=xlsx`), built with
 * exceljs from the same `DataTable`s the page shows. Numbers are numbers; money (integer pence in
 * the table) becomes pounds with the GBP format finance uses, negatives in brackets; rates and
 * percentages keep their precision with a number format.
 */
import type { Request, Response } from 'express';
import ExcelJS from 'exceljs';
import type { ColumnFormat, DataTable } from './tables.ts';

/** Finance's format: whole pounds, thousands separators, negatives in brackets. */
export const GBP_FORMAT = '£#,##0;(£#,##0)';

const NUMBER_FORMATS: Partial<Record<ColumnFormat, string>> = {
  integer: '#,##0',
  decimal1: '#,##0.0',
  decimal2: '#,##0.00',
  pence: GBP_FORMAT,
  percent: '0.0%',
};

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
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Forecare';
  wb.created = meta.generatedAt;
  wb.title = meta.title;
  const used = new Set<string>();
  for (const table of tables) {
    const ws = wb.addWorksheet(sheetName(table, used));
    ws.addRow([table.caption]).font = { bold: true, size: 14 };
    ws.addRow([
      `${meta.council ? `${meta.council}. ` : ''}Downloaded from Forecare on ${meta.generatedAt.toISOString().slice(0, 10)}.`,
    ]);
    ws.addRow([]);
    const header = ws.addRow(table.columns.map((c) => c.header));
    header.font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: header.number }];
    for (const row of table.rows) {
      const values = table.columns.map((c, i) => {
        const v = row[i] ?? null;
        if (typeof v === 'number' && c.format === 'pence') return v / 100;
        return v;
      });
      ws.addRow(values);
    }
    table.columns.forEach((c, i) => {
      const col = ws.getColumn(i + 1);
      const fmt = c.format ? NUMBER_FORMATS[c.format] : undefined;
      if (fmt) {
        for (let r = header.number + 1; r <= ws.rowCount; r++) {
          const cell = ws.getRow(r).getCell(i + 1);
          if (typeof cell.value === 'number') cell.numFmt = fmt;
        }
      }
      const widest = Math.max(c.header.length, ...table.rows.map((row) => String(row[i] ?? '').length));
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
