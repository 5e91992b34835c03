/**
 * Reading a budget file: CSV, or an Excel workbook (`.xlsx`, first sheet), with the columns
 * `year,line,amount` (and optionally `child_weeks`): year as `2026/27`, line a placement category
 * or post-care key (or its label) or free text, amount in pounds. The rows are checked by
 * src/domain/finance/budgets.ts (parseBudgetRows); every problem names the file, row and column.
 */
import ExcelJS from 'exceljs';
import { parseBudgetRows, type BudgetRows } from '../domain/finance/budgets.ts';
import { IssueSink } from '../domain/ssda903/rules.ts';
import { readCsv } from './readCsv.ts';
import { cellText } from './readExcel.ts';

/** A number cell as text, at most 2 decimals when it is a whole number of pence (Excel stores 1250000.1 as 1250000.1000000001). */
function budgetCellText(value: ExcelJS.CellValue): string {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const pence = Math.round(value * 100);
    if (Math.abs(value * 100 - pence) < 1e-6) return String(pence / 100);
  }
  return cellText(value);
}

/** Reads a budget file: `.xlsx` as Excel (first sheet), anything else as CSV. Never throws for bad content. */
export async function readBudgetFile(path: string, name: string): Promise<BudgetRows> {
  const rows: { row: number; fields: string[] }[] = [];
  if (name.toLowerCase().endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.readFile(path);
    } catch (err) {
      const why = err instanceof Error ? err.message.slice(0, 120) : 'unreadable';
      return {
        budgets: [],
        problems: [
          {
            file: name,
            row: null,
            column: null,
            rule: 'BUDGET-FILE',
            message: `${name}: cannot be read as an Excel workbook (${why}).`,
          },
        ],
      };
    }
    const ws = workbook.worksheets[0];
    ws?.eachRow({ includeEmpty: false }, (r, rowNumber) => {
      const values = r.values as ExcelJS.CellValue[];
      const fields = values.slice(1).map((v) => budgetCellText(v));
      if (fields.some((f) => f.trim() !== '')) rows.push({ row: rowNumber, fields });
    });
    return parseBudgetRows(name, rows);
  }
  const sink = new IssueSink();
  const result = await readCsv(path, name, sink, (fields, row) => {
    if (fields.some((f) => f.trim() !== '')) rows.push({ row, fields });
    return true;
  });
  if (!result.ok) {
    return {
      budgets: [],
      problems: sink.issues.map((i) => ({
        file: name,
        row: i.row,
        column: i.column,
        rule: 'BUDGET-FILE' as const,
        message: i.message.startsWith(name)
          ? i.message
          : `${name}${i.row === null ? '' : `, row ${i.row}`}${i.column ? `, column ${i.column}` : ''}: ${i.message}`,
      })),
    };
  }
  return parseBudgetRows(name, rows);
}
