/**
 * One table definition, two outputs: the HTML table a page shows (GOV.UK table markup with MoJ
 * sortable headers, via the `sortableTable` macro) and the same table as an Excel sheet
 * (./excel.ts). Cells hold raw values (numbers stay numbers; money is integer pence); the column
 * format says how to show them.
 */
import { formatDate, formatDateTime, formatMonth, formatNumber, formatPence } from './format.ts';

/**
 * How a column's values are shown. Dates are ISO strings in the table: `date` (2024-03-31, shown
 * "31 March 2024"), `month` (2024-04 or a date in it, shown "April 2024") and `datetime` (an ISO
 * date-time in UTC, shown "23 November 2026 at 10:00"); in Excel they are real dates.
 */
export type ColumnFormat =
  | 'text'
  | 'integer'
  | 'decimal1'
  | 'decimal2'
  | 'pence'
  | 'thousands'
  | 'millions'
  | 'percent'
  | 'date'
  | 'month'
  | 'datetime';

/**
 * Money a page shows in £000s or £m (values are pence, as for `pence`): the page writes 1,235 or
 * 12.35 (negatives in brackets) under a header naming the unit; Excel keeps pounds to the penny
 * with a display format in the same unit.
 */
export type MoneyUnit = 'thousands' | 'millions';

export const MONEY_UNIT_LABELS: Readonly<Record<MoneyUnit, string>> = { thousands: '£000s', millions: '£m' };

/** Pence in £000s (whole) or £m (2 dp), negatives in brackets, as finance writes them. */
export function formatMoneyUnit(pence: number, unit: MoneyUnit): string {
  const value = unit === 'thousands' ? pence / 100_000 : pence / 100_000_000;
  const text = formatNumber(Math.abs(value), unit === 'thousands' ? 0 : 2);
  const zero = /^[0.,]*$/.test(text);
  return value < 0 && !zero ? `(${text})` : text;
}

/** The date formats (text in the table, dates in Excel). */
export const DATE_FORMATS: ReadonlySet<ColumnFormat> = new Set(['date', 'month', 'datetime']);

export interface Column {
  readonly header: string;
  readonly format?: ColumnFormat;
}

export type Cell = string | number | null;

export interface DataTable {
  readonly caption: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  /** Name for the Excel sheet (max 31 characters); defaults to the caption. */
  readonly sheetName?: string;
}

export interface CellView {
  readonly text: string;
  /** A link the cell's text goes to (the first cell only, from tableView's firstCellHref). */
  readonly href?: string;
  readonly sort: string | number;
  readonly numeric: boolean;
}

export interface TableView {
  readonly caption: string;
  readonly head: ReadonlyArray<{ readonly text: string; readonly numeric: boolean }>;
  readonly rows: readonly (readonly CellView[])[];
  readonly sortable: boolean;
  readonly firstCellIsHeader: boolean;
}

export function isNumericFormat(format: ColumnFormat | undefined): boolean {
  return format !== undefined && format !== 'text' && !DATE_FORMATS.has(format);
}

export function formatCell(value: Cell, format: ColumnFormat = 'text'): string {
  if (value === null) return '';
  if (typeof value === 'string') {
    if (format === 'date') return formatDate(value);
    if (format === 'month') return formatMonth(value);
    if (format === 'datetime') return formatDateTime(value);
    return value;
  }
  switch (format) {
    case 'integer':
      return formatNumber(value, 0);
    case 'decimal1':
      return formatNumber(value, 1);
    case 'decimal2':
      return formatNumber(value, 2);
    case 'pence':
      return formatPence(value);
    case 'thousands':
    case 'millions':
      return formatMoneyUnit(value, format);
    case 'percent':
      return `${formatNumber(value * 100, 1)}%`;
    default:
      return String(value);
  }
}

/** The HTML view model of a table (for the `sortableTable` macro). */
export function tableView(
  table: DataTable,
  options: {
    sortable?: boolean;
    firstCellIsHeader?: boolean;
    /** Where each row's first cell links to (none when it gives null). */
    firstCellHref?: (row: readonly Cell[]) => string | null;
  } = {},
): TableView {
  return {
    caption: table.caption,
    head: table.columns.map((c) => ({ text: c.header, numeric: isNumericFormat(c.format) })),
    rows: table.rows.map((row) =>
      table.columns.map((c, i) => {
        const v = row[i] ?? null;
        const cell = { text: formatCell(v, c.format), sort: v ?? '', numeric: isNumericFormat(c.format) };
        const href = i === 0 && options.firstCellHref ? options.firstCellHref(row) : null;
        return href ? { ...cell, href } : cell;
      }),
    ),
    sortable: options.sortable ?? true,
    firstCellIsHeader: options.firstCellIsHeader ?? true,
  };
}
