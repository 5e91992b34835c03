/**
 * Budgets: what the council has set aside, per financial year and line. A line is a placement
 * category (`external_residential`), a post-care line (`staying_put`), or free text for anything
 * Forecare does not forecast ("Staying Close", "Agency social workers"). Amounts are whole pence.
 *
 * A budget may say how many child-weeks it assumed (for the variance's volume/price/mix split,
 * docs/budget-monitoring.md); without it the budget is taken to buy child-weeks at the line's unit
 * cost for the year.
 */
import { isPlacementCategory, PLACEMENT_CATEGORIES, PLACEMENT_CATEGORY_LABELS } from '../placementCategories.ts';
import { poundsToPence, type Pence } from './money.ts';
import { isPostCareLine, POST_CARE_LINE_LABELS, POST_CARE_LINES } from './postCare.ts';

export type BudgetLineKind = 'category' | 'post_care' | 'other';

export interface Budget {
  /** Start year of the financial year (2026 = 2026/27). */
  readonly year: number;
  /** A category key, a post-care line key, or free text. */
  readonly line: string;
  readonly amountPence: Pence;
  /** Child-weeks the budget assumed; null when not given. */
  readonly childWeeks: number | null;
}

/** Financial years a budget may be for. */
export const MIN_BUDGET_YEAR = 2000;
export const MAX_BUDGET_YEAR = 2100;
/** Largest amount a budget line may hold, in pounds (far above any council's placements budget). */
export const MAX_BUDGET_POUNDS = 10_000_000_000;
export const MAX_FREE_TEXT_LINE = 80;
/** Most child-weeks a line may assume (200,000 children for a year). */
export const MAX_CHILD_WEEKS = 10_000_000;

/**
 * "2026/27" -> 2026. Only a real financial year: four digits, a slash, the next year's last two
 * digits, between 2000/01 and 2100/01. Null for anything else ("2026/28", "2026", "26/27").
 */
export function parseFinancialYear(text: string): number | null {
  const m = /^(\d{4})\/(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const start = Number(m[1]);
  if ((start + 1) % 100 !== Number(m[2])) return null;
  if (start < MIN_BUDGET_YEAR || start > MAX_BUDGET_YEAR) return null;
  return start;
}

export type LineResolution =
  | { readonly ok: true; readonly line: string; readonly kind: BudgetLineKind }
  | { readonly ok: false; readonly message: string };

/** Every key a budget line may name. */
export const BUDGET_LINE_KEYS: readonly string[] = [...PLACEMENT_CATEGORIES, ...POST_CARE_LINES];

/** What kind of line a stored line is. */
export function budgetLineKind(line: string): BudgetLineKind {
  if (isPlacementCategory(line)) return 'category';
  if (isPostCareLine(line)) return 'post_care';
  return 'other';
}

/** The label a line is shown with. */
export function budgetLineLabel(line: string): string {
  if (isPlacementCategory(line)) return PLACEMENT_CATEGORY_LABELS[line];
  if (isPostCareLine(line)) return POST_CARE_LINE_LABELS[line];
  return line;
}

/**
 * Reads a line as written: a category or post-care key, or its label (any case), is that line;
 * anything written like a key (lower case letters, digits and underscores only) but not one is an
 * unknown line (a typing error such as `external_residental`); anything else is a free-text line,
 * kept as written (trimmed, at most 80 characters).
 */
export function resolveBudgetLine(text: string): LineResolution {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t === '') return { ok: false, message: 'the line is blank' };
  if (BUDGET_LINE_KEYS.includes(t)) return { ok: true, line: t, kind: budgetLineKind(t) };
  const lower = t.toLowerCase();
  for (const key of BUDGET_LINE_KEYS) {
    if (budgetLineLabel(key).toLowerCase() === lower) return { ok: true, line: key, kind: budgetLineKind(key) };
  }
  if (/^[a-z0-9_]+$/.test(t)) {
    return {
      ok: false,
      message: `"${t}" is not a line Forecare knows. Use a placement category (${PLACEMENT_CATEGORIES.join(', ')}) or post-care line (${POST_CARE_LINES.join(', ')}), or write a line of your own as words, e.g. "Staying Close"`,
    };
  }
  if (t.length > MAX_FREE_TEXT_LINE)
    return { ok: false, message: `the line is ${t.length} characters long; at most ${MAX_FREE_TEXT_LINE}` };
  return { ok: true, line: t, kind: 'other' };
}

/** "£1,250,000.50", "1250000.5", "-300" -> pounds; null for anything that is not an amount with at most 2 decimals. */
export function parsePoundsText(text: string): number | null {
  const t = text
    .trim()
    .replace(/^(-?)£/, '$1')
    .replace(/,/g, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) && Math.abs(n) <= MAX_BUDGET_POUNDS ? n : null;
}

export type BudgetRule =
  | 'BUDGET-FILE'
  | 'BUDGET-COLUMN-MISSING'
  | 'BUDGET-YEAR'
  | 'BUDGET-LINE'
  | 'BUDGET-AMOUNT'
  | 'BUDGET-WEEKS'
  | 'BUDGET-DUPLICATE';

export interface BudgetProblem {
  readonly file: string;
  /** 1-based spreadsheet row (header = 1); null for the whole file. */
  readonly row: number | null;
  readonly column: string | null;
  readonly rule: BudgetRule;
  readonly message: string;
}

export interface BudgetRows {
  readonly budgets: readonly (Budget & { readonly row: number })[];
  readonly problems: readonly BudgetProblem[];
}

const COLUMNS = {
  year: ['year', 'financialyear'],
  line: ['line', 'budgetline'],
  amount: ['amount', 'budget', 'amountpounds'],
  child_weeks: ['childweeks', 'weeks'],
} as const;
type Column = keyof typeof COLUMNS;

const normalise = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_()£-]/g, '');

/** Where each column is in the header row (the first of its names found; a column not found is absent). */
function columnIndex(header: readonly string[]): Map<Column, number> {
  const index = new Map<Column, number>();
  header.forEach((h, i) => {
    const n = normalise(h);
    for (const [col, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
      if ((names as readonly string[]).includes(n) && !index.has(col)) index.set(col, i);
    }
  });
  return index;
}

/** The child-weeks of a row: null when blank, undefined when not a number from 0 to MAX_CHILD_WEEKS. */
function childWeeksOf(text: string): number | null | undefined {
  if (text === '') return null;
  const w = /^\d+(\.\d+)?$/.test(text.replace(/,/g, '')) ? Number(text.replace(/,/g, '')) : NaN;
  return !Number.isFinite(w) || w > MAX_CHILD_WEEKS ? undefined : w;
}

/** A row's year, line, amount and child-weeks, each checked: `fail` is told of each problem, by column. */
function budgetRowValues(
  get: (c: Column) => string,
  fail: (column: string, rule: BudgetRule, message: string) => void,
) {
  const yearText = get('year');
  const year = parseFinancialYear(yearText);
  if (year === null)
    fail(
      'year',
      'BUDGET-YEAR',
      `"${yearText}" is not a financial year. Write it like 2026/27 (April 2026 to March 2027), between ${MIN_BUDGET_YEAR}/${String((MIN_BUDGET_YEAR + 1) % 100).padStart(2, '0')} and ${MAX_BUDGET_YEAR}/${String((MAX_BUDGET_YEAR + 1) % 100).padStart(2, '0')}.`,
    );
  const resolved = resolveBudgetLine(get('line'));
  if (!resolved.ok) fail('line', 'BUDGET-LINE', `${resolved.message}.`);
  const amountText = get('amount');
  const pounds = parsePoundsText(amountText);
  if (pounds === null)
    fail(
      'amount',
      'BUDGET-AMOUNT',
      `"${amountText}" is not an amount in pounds. Write it as a number, like 1250000 or £1,250,000.00 (at most 2 decimal places).`,
    );
  const weeksText = get('child_weeks');
  const childWeeks = childWeeksOf(weeksText);
  if (childWeeks === undefined)
    fail(
      'child_weeks',
      'BUDGET-WEEKS',
      `"${weeksText}" is not a number of child-weeks (0 or more), or leave it blank.`,
    );
  if (resolved.ok && resolved.kind === 'other' && weeksText !== '')
    fail(
      'child_weeks',
      'BUDGET-WEEKS',
      `child-weeks apply only to placement categories and post-care lines, not to "${resolved.line}".`,
    );
  if (childWeeks === 0 && pounds !== null && pounds !== 0)
    fail('child_weeks', 'BUDGET-WEEKS', 'a budget with an amount cannot assume 0 child-weeks.');
  return { yearText, year, resolved, pounds, childWeeks };
}

/**
 * Validates a budget table's rows of text (the first is the header: `year,line,amount`, and
 * optionally `child_weeks`). Every problem names the row and column. Pure.
 */
export function parseBudgetRows(
  file: string,
  rows: readonly { readonly row: number; readonly fields: readonly string[] }[],
): BudgetRows {
  const problems: BudgetProblem[] = [];
  const error = (row: number | null, column: string | null, rule: BudgetRule, message: string) =>
    problems.push({
      file,
      row,
      column,
      rule,
      message:
        row === null ? `${file}: ${message}` : `${file}, row ${row}${column ? `, column ${column}` : ''}: ${message}`,
    });
  const header = rows[0];
  if (!header) {
    error(
      null,
      null,
      'BUDGET-FILE',
      'the file holds no rows. Expected a first line naming the columns year,line,amount.',
    );
    return { budgets: [], problems };
  }
  const index = columnIndex(header.fields);
  const missing = (['year', 'line', 'amount'] as const).filter((c) => !index.has(c));
  for (const c of missing) {
    error(
      header.row,
      c,
      'BUDGET-COLUMN-MISSING',
      `there is no ${c} column. Expected the columns year,line,amount (and optionally child_weeks); found ${header.fields.join(', ') || 'nothing'}.`,
    );
  }
  if (missing.length > 0) return { budgets: [], problems };
  const get = (fields: readonly string[], c: Column): string => {
    const i = index.get(c);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const budgets: (Budget & { row: number })[] = [];
  const seen = new Map<string, number>();
  for (const { row, fields } of rows.slice(1)) {
    const before = problems.length;
    const { yearText, year, resolved, pounds, childWeeks } = budgetRowValues(
      (c) => get(fields, c),
      (column, rule, message) => error(row, column, rule, message),
    );
    if (problems.length > before || year === null || !resolved.ok || pounds === null) continue;
    const key = `${year}|${resolved.line.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      error(
        row,
        'line',
        'BUDGET-DUPLICATE',
        `${budgetLineLabel(resolved.line)} for ${yearText} is already in row ${earlier}. Give each line one amount a year.`,
      );
      continue;
    }
    seen.set(key, row);
    budgets.push({
      year,
      line: resolved.line,
      amountPence: poundsToPence(pounds),
      childWeeks: childWeeks ?? null,
      row,
    });
  }
  return { budgets, problems };
}

export function formatBudgetProblem(p: BudgetProblem): string {
  return `${p.rule}: ${p.message}`;
}
