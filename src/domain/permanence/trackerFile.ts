/**
 * A permanence tracker file (issue 11), one row per child:
 *
 *   CHILD          the council's CHILD id, as in the 903 return (pseudonymised before storing)
 *   planned_route  return_home (REC E4A, E4B), sgo_cao (E41, E43-E48), adoption (E11, E12), other
 *   planned_month  YYYY-MM
 *   status         optional: in_scope (the default) or out_of_scope
 *   reason         optional: why a child is out of scope, one of the council's reasons
 *
 * Column names are matched ignoring case, spaces and underscores. Pure: rows of text in, children
 * and problems out; every problem names file, row, column and rule. The caller stores nothing
 * unless there are no problems.
 */
import { isMonthKey, isPlannedRoute, PLANNED_ROUTES, type PlannedRoute, type TrackerStatus } from './tracker.ts';

export type TrackerRule =
  | 'TRACKER-FILE'
  | 'TRACKER-COLUMN-MISSING'
  | 'TRACKER-CHILD'
  | 'TRACKER-ROUTE'
  | 'TRACKER-MONTH'
  | 'TRACKER-STATUS'
  | 'TRACKER-REASON'
  | 'TRACKER-DUPLICATE'
  | 'TRACKER-CHILD-UNKNOWN'
  | 'TRACKER-NOT-IN-CARE'
  | 'TRACKER-MONTH-BEFORE-START';

export interface TrackerProblem {
  readonly file: string;
  /** 1-based spreadsheet row (header = 1); null for the whole file. */
  readonly row: number | null;
  readonly column: string | null;
  readonly rule: TrackerRule;
  readonly message: string;
  /** The cell's text the rule is about (a CHILD id, a route, a month), for the grouped message. */
  readonly value?: string;
  /** A duplicate's first row. */
  readonly firstRow?: number;
}

/** A row as read: the council's own CHILD id, not yet pseudonymised. */
export interface TrackerRow {
  readonly row: number;
  readonly childId: string;
  readonly plannedRoute: PlannedRoute;
  readonly plannedMonth: string;
  readonly status: TrackerStatus;
  readonly reason: string | null;
}

/** Most children one project may hold (the largest seed project tracked 170). */
export const MAX_TRACKER_ROWS = 10_000;
export const MAX_CHILD_ID_LENGTH = 10;

const COLUMNS = {
  CHILD: ['child', 'childid'],
  planned_route: ['plannedroute', 'route'],
  planned_month: ['plannedmonth', 'month'],
  status: ['status'],
  reason: ['reason', 'outofscopereason'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: readonly Column[] = ['CHILD', 'planned_route', 'planned_month'];

const normalise = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');

/** Reads `in_scope`, `In scope`, `out-of-scope`...; null for anything else. Blank is in scope. */
function readStatus(text: string): TrackerStatus | null {
  const t = normalise(text);
  if (t === '' || t === 'inscope') return 'in_scope';
  if (t === 'outofscope') return 'out_of_scope';
  return null;
}

export interface TrackerFile {
  /** Every row, when no row has a problem; else none. */
  readonly rows: readonly TrackerRow[];
  /** The rows without a problem of their own, even when others have one (checked further against the returns). */
  readonly wellFormed: readonly TrackerRow[];
  readonly problems: readonly TrackerProblem[];
}

/** Records a problem of the file (row null) or of a row's cell, its message naming the file and row. */
type AddProblem = (
  row: number | null,
  column: string | null,
  rule: TrackerRule,
  message: string,
  extra?: { value?: string; firstRow?: number },
) => void;

/**
 * Validates a tracker table's rows of text (the first is the header). `reasons` is the council's
 * list of out-of-scope reasons; a reason is matched ignoring case and kept as the list writes it.
 */
export function parseTrackerRows(
  file: string,
  rows: readonly { readonly row: number; readonly fields: readonly string[] }[],
  reasons: readonly string[],
): TrackerFile {
  const problems: TrackerProblem[] = [];
  const problem: AddProblem = (row, column, rule, message, extra = {}) => {
    problems.push({
      file,
      row,
      column,
      rule,
      message: `${file}${row === null ? '' : `, row ${row}`}: ${message}`,
      ...extra,
    });
  };
  const header = rows[0];
  if (!header) {
    problem(
      null,
      null,
      'TRACKER-FILE',
      'the file holds no rows; expected a header naming CHILD, planned_route, planned_month',
    );
    return { rows: [], wellFormed: [], problems };
  }
  if (rows.length - 1 > MAX_TRACKER_ROWS) {
    problem(
      null,
      null,
      'TRACKER-FILE',
      `${rows.length - 1} children is more than a project may hold (${MAX_TRACKER_ROWS})`,
    );
    return { rows: [], wellFormed: [], problems };
  }
  const columns = trackerColumns(header, problem);
  if (columns === null) return { rows: [], wellFormed: [], problems };

  const reader = new TrackerRowReader(columns, reasons, problem);
  const out: TrackerRow[] = [];
  for (const { row, fields } of rows.slice(1)) {
    const child = reader.read(row, fields);
    if (child !== null) out.push(child);
  }
  if (rows.length === 1) problem(null, null, 'TRACKER-FILE', 'the file names its columns but lists no children');
  return { rows: problems.length > 0 ? [] : out, wellFormed: out, problems };
}

/** Each column's position, from the header's names; null (with a problem for each) when a required column is missing. */
function trackerColumns(
  header: { readonly row: number; readonly fields: readonly string[] },
  problem: AddProblem,
): Map<Column, number> | null {
  const index = new Map<Column, number>();
  header.fields.forEach((h, i) => {
    const n = normalise(h);
    for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if ((names as readonly string[]).includes(n) && !index.has(col)) index.set(col, i);
    }
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  for (const c of missing)
    problem(
      header.row,
      c,
      'TRACKER-COLUMN-MISSING',
      `there is no ${c} column; expected CHILD, planned_route, planned_month and optionally status, reason; found ${header.fields.join(', ') || 'nothing'}`,
    );
  return missing.length > 0 ? null : index;
}

/**
 * Reads the tracker's rows one child at a time: each cell is checked, every problem recorded, and a
 * child read only when its row has none. A CHILD id already read is a duplicate.
 */
class TrackerRowReader {
  readonly #index: Map<Column, number>;
  readonly #reasons: readonly string[];
  readonly #reasonByLower: Map<string, string>;
  readonly #problem: AddProblem;
  readonly #firstRowOf = new Map<string, number>();

  constructor(index: Map<Column, number>, reasons: readonly string[], problem: AddProblem) {
    this.#index = index;
    this.#reasons = reasons;
    this.#reasonByLower = new Map(reasons.map((r) => [r.toLowerCase(), r]));
    this.#problem = problem;
  }

  /** The child in this row, or null when a cell has a problem (each recorded, in the columns' order). */
  read(row: number, fields: readonly string[]): TrackerRow | null {
    const childId = this.#childId(row, fields);
    const plannedRoute = this.#plannedRoute(row, fields);
    const plannedMonth = this.#plannedMonth(row, fields);
    const status = this.#status(row, fields);
    const reason = this.#reason(row, fields, status);
    if (childId === null || plannedRoute === null || plannedMonth === null || status === null || reason === undefined)
      return null;
    return { row, childId, plannedRoute, plannedMonth, status, reason };
  }

  #cell(fields: readonly string[], c: Column): string {
    const i = this.#index.get(c);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  }

  /** The council's CHILD id: letters and digits, as in the 903 return, once in a project. */
  #childId(row: number, fields: readonly string[]): string | null {
    const childId = this.#cell(fields, 'CHILD');
    if (childId === '') {
      this.#problem(row, 'CHILD', 'TRACKER-CHILD', 'CHILD is blank; give the child’s CHILD id as in the 903 return');
      return null;
    }
    if (childId.length > MAX_CHILD_ID_LENGTH || !/^[A-Za-z0-9]+$/.test(childId)) {
      this.#problem(
        row,
        'CHILD',
        'TRACKER-CHILD',
        `CHILD must be letters and digits, at most ${MAX_CHILD_ID_LENGTH} characters, as in the 903 return`,
      );
      return null;
    }
    const firstRow = this.#firstRowOf.get(childId);
    if (firstRow !== undefined) {
      this.#problem(
        row,
        'CHILD',
        'TRACKER-DUPLICATE',
        `this child is already in row ${firstRow}; a child appears once in a project`,
        { value: childId, firstRow },
      );
      return null;
    }
    this.#firstRowOf.set(childId, row);
    return childId;
  }

  /** The planned exit route (any case). */
  #plannedRoute(row: number, fields: readonly string[]): PlannedRoute | null {
    const routeText = this.#cell(fields, 'planned_route').toLowerCase();
    if (isPlannedRoute(routeText)) return routeText;
    this.#problem(
      row,
      'planned_route',
      'TRACKER-ROUTE',
      routeText === ''
        ? `planned_route is blank; use one of ${PLANNED_ROUTES.join(', ')}`
        : `"${routeText.slice(0, 40)}" is not a planned route; use one of ${PLANNED_ROUTES.join(', ')}`,
      { value: this.#cell(fields, 'planned_route').slice(0, 40) },
    );
    return null;
  }

  /** The month the exit is planned for, YYYY-MM. */
  #plannedMonth(row: number, fields: readonly string[]): string | null {
    const month = this.#cell(fields, 'planned_month');
    if (isMonthKey(month)) return month;
    this.#problem(
      row,
      'planned_month',
      'TRACKER-MONTH',
      `planned_month must be a month written YYYY-MM, e.g. 2027-03, not "${month.slice(0, 20)}"`,
    );
    return null;
  }

  /** In scope (blank) or out of scope; achieved is found in the returns, never written. */
  #status(row: number, fields: readonly string[]): TrackerStatus | null {
    const statusText = this.#cell(fields, 'status');
    const status = readStatus(statusText);
    if (status !== null) return status;
    this.#problem(
      row,
      'status',
      'TRACKER-STATUS',
      normalise(statusText) === 'achieved'
        ? 'status cannot be "achieved": Forecare finds achieved exits in the returns; leave it blank or write in_scope'
        : `status must be in_scope or out_of_scope (or blank for in scope), not "${statusText.slice(0, 20)}"`,
    );
    return null;
  }

  /**
   * The reason a child is out of scope, as the council's list writes it (null for a child in
   * scope); undefined when the reason is missing, unknown, or given for a child in scope.
   */
  #reason(row: number, fields: readonly string[], status: TrackerStatus | null): string | null | undefined {
    const reasonText = this.#cell(fields, 'reason');
    if (status === 'out_of_scope') {
      const known = this.#reasonByLower.get(reasonText.toLowerCase());
      if (known !== undefined) return known;
      this.#problem(
        row,
        'reason',
        'TRACKER-REASON',
        reasonText === ''
          ? `a child out of scope needs a reason: one of ${this.#reasons.join('; ')}`
          : `"${reasonText.slice(0, 60)}" is not one of the council’s reasons: ${this.#reasons.join('; ')}`,
      );
      return undefined;
    }
    if (status === 'in_scope' && reasonText !== '') {
      this.#problem(
        row,
        'reason',
        'TRACKER-REASON',
        'a reason is given only for a child out of scope; clear it or set status to out_of_scope',
      );
      return undefined;
    }
    return null;
  }
}

export function formatTrackerProblem(p: TrackerProblem): string {
  return `error ${p.rule}${p.column ? ` column ${p.column}` : ''}: ${p.message}`;
}

/** Most rows named in one grouped message before "and N more". */
const LISTED = 20;

function listed(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED ? `${shown} and ${items.length - LISTED} more` : shown;
}

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * One message per rule broken, for a person reading a refused upload: the unknown CHILD ids
 * listed with their rows, the duplicates with both rows, the unknown routes with what was
 * written, the planned months before the project's start; any other rule as its first message
 * with the rows it also applies to. In the order the rules were first met.
 */
export function groupTrackerProblems(
  problems: readonly TrackerProblem[],
  context: { readonly laCode: string; readonly trackedFrom?: string },
): string[] {
  const byRule = new Map<TrackerRule, TrackerProblem[]>();
  for (const p of problems) byRule.set(p.rule, [...(byRule.get(p.rule) ?? []), p]);
  const at = (p: TrackerProblem): string => (p.row === null ? '' : `row ${p.row}`);
  const out: string[] = [];
  for (const [rule, list] of byRule) {
    const first = list[0] as TrackerProblem;
    const n = list.length;
    switch (rule) {
      case 'TRACKER-CHILD-UNKNOWN':
        out.push(
          `${plural(n, 'CHILD id is', 'CHILD ids are')} not in ${context.laCode}’s imported returns: ${listed(
            list.map((p) => `${p.value ?? '?'} (${at(p)})`),
          )}. Check them against the 903 return; they were not stored.`,
        );
        break;
      case 'TRACKER-DUPLICATE':
        out.push(
          `${plural(n, 'child appears', 'children appear')} more than once; a child appears once in a project: ${listed(
            list.map((p) => `${p.value ?? '?'} (rows ${p.firstRow ?? '?'} and ${p.row ?? '?'})`),
          )}.`,
        );
        break;
      case 'TRACKER-ROUTE':
        out.push(
          `${plural(n, 'planned route is', 'planned routes are')} not one of ${PLANNED_ROUTES.join(', ')}: ${listed(
            list.map((p) => `${at(p)} (${p.value ? `“${p.value}”` : 'blank'})`),
          )}.`,
        );
        break;
      case 'TRACKER-MONTH-BEFORE-START':
        out.push(
          `${plural(n, 'planned month is', 'planned months are')} before the project’s start${
            context.trackedFrom ? ` (${context.trackedFrom})` : ''
          }, in the past of the data: ${listed(list.map((p) => `${at(p)} (${p.value ?? '?'})`))}.`,
        );
        break;
      default:
        out.push(
          n === 1 || list.every((p) => p.row === null)
            ? first.message
            : `${first.message} (the same in ${listed(list.slice(1).map(at))})`,
        );
    }
  }
  return out;
}
