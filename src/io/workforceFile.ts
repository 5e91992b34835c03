/**
 * Reading a workforce file (issue 12): CSV, or an Excel workbook (`.xlsx`, first sheet), one row
 * per team and period with the columns docs/workforce.md lists. The rows are checked by
 * src/domain/workforce/rows.ts; every problem names the file, row, column and rule.
 */
import type ExcelJS from 'exceljs';
import { parseWorkforceRows, type WorkforceRows } from '../domain/workforce/rows.ts';
import { cellText } from './readExcel.ts';
import { readTableRows } from './tableFile.ts';

/** Most rows a workforce file may hold (200 teams for 10 years of months is 24,000). */
export const MAX_WORKFORCE_ROWS = 50_000;

/**
 * A number cell as people typed it: Excel keeps 42000.1 as 42000.100000000006, so a number is
 * written with at most 6 decimals (FTE, money and percentages need fewer).
 */
function workforceCellText(value: ExcelJS.CellValue): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(Number(value.toFixed(6)));
  return cellText(value);
}

/** Reads a workforce file; never throws for bad content (the problems say what is wrong). */
export async function readWorkforceFile(path: string, name: string): Promise<WorkforceRows> {
  const table = await readTableRows(path, name, { maxRows: MAX_WORKFORCE_ROWS, cellText: workforceCellText });
  if (table.problem !== null) {
    const { row, column, message } = table.problem;
    return {
      periods: [],
      problems: [
        {
          file: name,
          row,
          column,
          rule: 'WORKFORCE-FILE',
          message,
        },
      ],
    };
  }
  return parseWorkforceRows(name, table.rows);
}
