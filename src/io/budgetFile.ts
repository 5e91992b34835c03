/**
 * Reading a budget file: CSV, or an Excel workbook (`.xlsx`, first sheet), with the columns
 * `year,line,amount` (and optionally `child_weeks`): year as `2026/27`, line a placement category
 * or post-care key (or its label) or free text, amount in pounds. The rows are checked by
 * src/domain/finance/budgets.ts (parseBudgetRows); every problem names the file, row and column.
 */
import type ExcelJS from 'exceljs';
import { parseBudgetRows, type BudgetRows } from '../domain/finance/budgets.ts';
import { cellText } from './readExcel.ts';
import { readTableRows } from './tableFile.ts';

/** A number cell as text, at most 2 decimals when it is a whole number of pence (Excel stores 1250000.1 as 1250000.1000000001). */
function budgetCellText(value: ExcelJS.CellValue): string {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const pence = Math.round(value * 100);
    if (Math.abs(value * 100 - pence) < 1e-6) return String(pence / 100);
  }
  return cellText(value);
}

/** Most rows a budget file may hold (lines x years; far above any council's budget). */
export const MAX_BUDGET_ROWS = 10_000;

/**
 * Reads a budget file: `.xlsx` as Excel (first sheet, streamed), anything else as CSV, through
 * src/io/tableFile.ts (size, encoding and row checks). Never throws for bad content.
 */
export async function readBudgetFile(path: string, name: string): Promise<BudgetRows> {
  const table = await readTableRows(path, name, { maxRows: MAX_BUDGET_ROWS, cellText: budgetCellText });
  if (table.problem !== null) {
    const { row, column, message } = table.problem;
    return {
      budgets: [],
      problems: [
        {
          file: name,
          row,
          column,
          rule: 'BUDGET-FILE',
          message: message.startsWith(name)
            ? message
            : `${name}${row === null ? '' : `, row ${row}`}${column ? `, column ${column}` : ''}: ${message}`,
        },
      ],
    };
  }
  return parseBudgetRows(name, table.rows);
}
