/**
 * Reading child-level placement costs from a CSV file or an Excel workbook (first sheet): one row
 * per placement cost with columns
 *
 *   CHILD        the council's CHILD id, as in the 903 return (pseudonymised before storing)
 *   PROVIDER     provider name (optional column; may be blank)
 *   START        first day the cost applies (DD/MM/YYYY or YYYY-MM-DD)
 *   END          the day the placement ended, not itself charged (the 903 DEC convention); blank
 *                while it continues
 *   WEEKLY_COST  pounds a week (e.g. 4250 or £4,250.00)
 *
 * Column names are matched ignoring case, spaces and underscores. Every problem names file, row,
 * column and rule; the caller imports nothing unless there are no errors (all-or-nothing).
 */
import { parseDate, type IsoDate } from '../domain/dates.ts';
import { poundsToPence, type Pence } from '../domain/finance/money.ts';
import { readTableRows } from './tableFile.ts';

export type ChildCostRule =
  | 'COST-FILE'
  | 'COST-COLUMN-MISSING'
  | 'COST-CHILD-BLANK'
  | 'COST-DATE'
  | 'COST-DATE-ORDER'
  | 'COST-AMOUNT'
  | 'COST-OVERLAP'
  | 'COST-CHILD-UNKNOWN';

export interface ChildCostProblem {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  /** 1-based spreadsheet row (header = 1); null for the whole file. */
  readonly row: number | null;
  readonly column: string | null;
  readonly rule: ChildCostRule;
  readonly message: string;
}

/** One row as read: the council's own CHILD id, not yet pseudonymised. */
export interface ChildCostInput {
  readonly childId: string;
  readonly provider: string | null;
  readonly start: IsoDate;
  readonly end: IsoDate | null;
  readonly weeklyPence: Pence;
  readonly row: number;
}

export interface ChildCostFile {
  readonly file: string;
  readonly rows: readonly ChildCostInput[];
  readonly problems: readonly ChildCostProblem[];
}

/** More than this a week is taken to be a typing error (the dearest secure placements are well under it). */
export const MAX_WEEKLY_POUNDS = 100_000;

const COLUMNS = {
  CHILD: ['child', 'childid', 'child_id'],
  PROVIDER: ['provider', 'providername'],
  START: ['start', 'startdate', 'from'],
  END: ['end', 'enddate', 'to'],
  WEEKLY_COST: ['weeklycost', 'weekly', 'costperweek', 'weeklycostpounds'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: readonly Column[] = ['CHILD', 'START', 'END', 'WEEKLY_COST'];

function normalise(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s_()£-]/g, '');
}

/** Records an error of the file (row null) or of a row's cell. */
type CostError = (row: number | null, column: string | null, rule: ChildCostRule, message: string) => void;

/** Validates rows of text fields (first = header) into cost rows and problems. */
export function parseChildCostRows(
  file: string,
  rows: readonly { row: number; fields: readonly string[] }[],
): ChildCostFile {
  const problems: ChildCostProblem[] = [];
  const error: CostError = (row, column, rule, message) =>
    problems.push({ severity: 'error', file, row, column, rule, message });
  const header = rows[0];
  if (!header) {
    error(
      null,
      null,
      'COST-FILE',
      `${file} holds no rows. Expected a first line naming the columns CHILD, PROVIDER, START, END, WEEKLY_COST.`,
    );
    return { file, rows: [], problems };
  }
  const index = costColumns(file, header, error);
  if (index === null) return { file, rows: [], problems };
  const get = (fields: readonly string[], c: Column): string => {
    const i = index.get(c);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const out: ChildCostInput[] = [];
  for (const { row, fields } of rows.slice(1)) {
    const cost = childCost(file, row, (c) => get(fields, c), error);
    if (cost !== null) out.push(cost);
  }
  checkNoOverlaps(file, out, error);
  return { file, rows: out, problems };
}

/** Each column's position, from the header's names; null (with an error for each) when a required column is missing. */
function costColumns(
  file: string,
  header: { row: number; fields: readonly string[] },
  error: CostError,
): Map<Column, number> | null {
  const index = new Map<Column, number>();
  header.fields.forEach((h, i) => {
    const n = normalise(h);
    for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if (names.map((x) => x.replace(/_/g, '')).includes(n) && !index.has(col)) index.set(col, i);
    }
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  for (const c of missing) {
    error(
      header.row,
      c,
      'COST-COLUMN-MISSING',
      `${file} has no ${c} column. Expected columns CHILD, PROVIDER (optional), START, END, WEEKLY_COST; found ${header.fields.join(', ')}.`,
    );
  }
  return missing.length > 0 ? null : index;
}

/**
 * One row's placement cost: the child, provider, start and end dates (end blank while the
 * placement continues) and weekly cost; null when any cell has an error (each recorded).
 */
function childCost(file: string, row: number, get: (c: Column) => string, error: CostError): ChildCostInput | null {
  let ok = true;
  const fail: CostError = (...args) => {
    ok = false;
    error(...args);
  };
  const childId = get('CHILD');
  if (childId === '')
    fail(row, 'CHILD', 'COST-CHILD-BLANK', `${file}, row ${row}: CHILD is blank. Every cost must name the child.`);
  const startText = get('START');
  const start = parseDate(startText);
  if (start === null)
    fail(
      row,
      'START',
      'COST-DATE',
      `${file}, row ${row}: START "${startText}" is not a date. Expected DD/MM/YYYY or YYYY-MM-DD.`,
    );
  const endText = get('END');
  const end = endText === '' ? null : parseDate(endText);
  if (endText !== '' && end === null)
    fail(
      row,
      'END',
      'COST-DATE',
      `${file}, row ${row}: END "${endText}" is not a date. Expected DD/MM/YYYY or YYYY-MM-DD, or blank while the placement continues.`,
    );
  if (start !== null && end !== null && end <= start) {
    fail(
      row,
      'END',
      'COST-DATE-ORDER',
      `${file}, row ${row}: END ${end} is not after START ${start}. END is the day the placement ended, so it must be later than START.`,
    );
  }
  const costText = get('WEEKLY_COST');
  const pounds = Number(costText.replace(/[£,\s]/g, ''));
  if (costText === '' || !Number.isFinite(pounds) || pounds < 0 || pounds > MAX_WEEKLY_POUNDS) {
    fail(
      row,
      'WEEKLY_COST',
      'COST-AMOUNT',
      `${file}, row ${row}: WEEKLY_COST "${costText}" is not a weekly amount in pounds between 0 and ${MAX_WEEKLY_POUNDS.toLocaleString('en-GB')}.`,
    );
  }
  if (!ok || start === null) return null;
  const provider = get('PROVIDER');
  return { childId, provider: provider === '' ? null : provider, start, end, weeklyPence: poundsToPence(pounds), row };
}

/** Two costs for the same child on the same day would leave the day's price ambiguous: COST-OVERLAP. */
function checkNoOverlaps(file: string, costs: readonly ChildCostInput[], error: CostError): void {
  const byChild = new Map<string, ChildCostInput[]>();
  for (const r of costs) byChild.set(r.childId, [...(byChild.get(r.childId) ?? []), r]);
  for (const list of byChild.values()) {
    list.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.row - b.row));
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1] as ChildCostInput;
      const cur = list[i] as ChildCostInput;
      if (prev.end === null || cur.start < prev.end) {
        error(
          cur.row,
          'START',
          'COST-OVERLAP',
          `${file}, row ${cur.row}: this cost (from ${cur.start}) overlaps the one in row ${prev.row} (from ${prev.start}${prev.end ? ` to ${prev.end}` : ', continuing'}) for the same child. End the earlier one on the day the later one starts.`,
        );
      }
    }
  }
}

/** Most rows a child cost file may hold (a national-scale council's costs over several years). */
export const MAX_CHILD_COST_ROWS = 500_000;

/**
 * Reads a child cost file: `.xlsx` as Excel (first sheet, streamed), anything else as CSV, through
 * src/io/tableFile.ts (size, encoding and row checks).
 */
export async function readChildCostFile(path: string, name: string): Promise<ChildCostFile> {
  const table = await readTableRows(path, name, { maxRows: MAX_CHILD_COST_ROWS });
  if (table.problem !== null) {
    return {
      file: name,
      rows: [],
      problems: [
        {
          severity: 'error',
          file: name,
          row: table.problem.row,
          column: table.problem.column,
          rule: 'COST-FILE',
          message: table.problem.message,
        },
      ],
    };
  }
  return parseChildCostRows(name, table.rows);
}

export function formatChildCostProblem(p: ChildCostProblem): string {
  return `${p.severity} ${p.rule} ${p.file}${p.row === null ? '' : ` row ${p.row}`}${p.column ? ` column ${p.column}` : ''}: ${p.message}`;
}
