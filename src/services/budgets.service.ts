/**
 * Budgets per council, financial year and line (issue 10): read by any member, set, removed and
 * imported by analysts and admins, every change in the audit log. The one way the CLI
 * (`forecare budget set|list|import`, acting as `cli:<OS user>`) and the web's Monitoring page
 * change budgets. Lines and amounts are read by src/domain/finance/budgets.ts; files by
 * src/io/budgetFile.ts.
 *
 * A file import (or the web's form for a year) replaces each financial year it holds as one
 * change, in one transaction: nothing is stored when any row is wrong.
 */
import { financialYearLabel } from '../domain/dates.ts';
import {
  budgetLineKind,
  budgetLineLabel,
  formatBudgetProblem,
  MAX_CHILD_WEEKS,
  parseFinancialYear,
  parsePoundsText,
  resolveBudgetLine,
  type Budget,
  type BudgetLineKind,
  type BudgetProblem,
} from '../domain/finance/budgets.ts';
import { poundsToPence, type Pence } from '../domain/finance/money.ts';
import { readBudgetFile } from '../io/budgetFile.ts';
import { deleteBudget, listBudgets, replaceYearBudgets, upsertBudget } from '../store/budgets.repository.ts';
import type { Db } from '../store/database.ts';
import { type AuditService } from './audit.ts';
import { ANALYST_ROLES, READ_ROLES, assertAccess, type Actor } from './access.ts';
import { UserInputError } from './errors.ts';

/** A stored budget line as shown: its label and kind with it. */
export interface BudgetView extends Budget {
  readonly yearLabel: string;
  readonly label: string;
  readonly kind: BudgetLineKind;
}

/** A budget file with problems: nothing was stored. `problems` name file, row and column. */
export class BudgetImportRefused extends Error {
  readonly problems: readonly BudgetProblem[];
  constructor(file: string, problems: readonly BudgetProblem[]) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing imported.\n${problems.map(formatBudgetProblem).join('\n')}`,
    );
    this.name = 'BudgetImportRefused';
    this.problems = problems;
  }
}

/** Several fields of a form are wrong: each with the field it belongs to (GOV.UK error summary). */
export class BudgetFormError extends Error {
  readonly errors: readonly { readonly field: string; readonly message: string }[];
  constructor(errors: readonly { readonly field: string; readonly message: string }[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'BudgetFormError';
    this.errors = errors;
  }
}

export interface BudgetInput {
  /** "2026/27". */
  readonly year: string;
  /** A category or post-care key or label, or free text. */
  readonly line: string;
  /** Pounds, e.g. "1250000" or "£1,250,000.00". */
  readonly amount: string;
  /** Child-weeks the budget assumed; blank or absent for none. */
  readonly childWeeks?: string;
}

export interface BudgetImportResult {
  readonly file: string;
  /** Each financial year the file held, replaced as one change. */
  readonly years: readonly { readonly year: string; readonly lines: number; readonly total: number }[];
}

function view(b: Budget): BudgetView {
  return {
    ...b,
    yearLabel: financialYearLabel(b.year),
    label: budgetLineLabel(b.line),
    kind: budgetLineKind(b.line),
  };
}

/** Reads a financial year as written ("2026/27"), or throws naming `field`. */
export function financialYearInput(text: string, field = 'year'): number {
  const year = parseFinancialYear(text);
  if (year === null)
    throw new UserInputError(
      field,
      `"${text}" is not a financial year. Write it like 2026/27 (April 2026 to March 2027)`,
    );
  return year;
}

function childWeeksInput(text: string | undefined, field: string): number | null {
  const t = (text ?? '').trim().replace(/,/g, '');
  if (t === '') return null;
  const w = /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(w) || w > MAX_CHILD_WEEKS)
    throw new UserInputError(field, `"${text}" is not a number of child-weeks (0 or more); leave it blank for none`);
  return w;
}

/** One line's budget from a form or the command line; throws UserInputError naming the field. */
export function budgetFromInput(
  input: BudgetInput,
  fields = { year: 'year', line: 'line', amount: 'amount', childWeeks: 'childWeeks' },
): Budget {
  const year = financialYearInput(input.year, fields.year);
  const resolved = resolveBudgetLine(input.line);
  if (!resolved.ok)
    throw new UserInputError(fields.line, resolved.message.charAt(0).toUpperCase() + resolved.message.slice(1));
  const pounds = parsePoundsText(input.amount);
  if (pounds === null)
    throw new UserInputError(
      fields.amount,
      `"${input.amount}" is not an amount in pounds. Write it as a number, like 1250000 or £1,250,000.00`,
    );
  const childWeeks = childWeeksInput(input.childWeeks, fields.childWeeks);
  if (childWeeks !== null && resolved.kind === 'other')
    throw new UserInputError(
      fields.childWeeks,
      `Child-weeks apply only to placement categories and post-care lines, not to "${resolved.line}"`,
    );
  if (childWeeks === 0 && pounds !== 0)
    throw new UserInputError(fields.childWeeks, 'A budget with an amount cannot assume 0 child-weeks');
  return { year, line: resolved.line, amountPence: poundsToPence(pounds), childWeeks };
}

const pounds = (p: Pence): number => p / 100;

export function createBudgetsService(db: Db, audit: AuditService, now: () => Date = () => new Date()) {
  const stamp = () => now().toISOString();

  return {
    /** The council's budgets, one financial year or all; any member. */
    async list(actor: Actor, laCode: string, year?: number): Promise<BudgetView[]> {
      assertAccess(actor, laCode, READ_ROLES);
      return (await listBudgets(db, laCode, year)).map(view);
    },

    /** Sets (or replaces) one line's budget for a year; analysts and admins. */
    async set(actor: Actor, laCode: string, input: BudgetInput): Promise<BudgetView> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const budget = budgetFromInput(input);
      const before = (await listBudgets(db, laCode, budget.year)).find(
        (b) => b.line.toLowerCase() === budget.line.toLowerCase(),
      );
      await db.transaction().execute(async (trx) => {
        // A free-text line written in another case replaces the stored one.
        if (before && before.line !== budget.line) await deleteBudget(trx, laCode, budget.year, before.line);
        await upsertBudget(trx, laCode, budget, stamp());
      });
      await audit.record(actor, 'budget.set', {
        year: financialYearLabel(budget.year),
        line: budget.line,
        amountPounds: pounds(budget.amountPence),
        childWeeks: budget.childWeeks,
        previousPounds: before ? pounds(before.amountPence) : null,
      });
      return view(budget);
    },

    /** Removes one line's budget for a year; whether there was one. Analysts and admins. */
    async remove(actor: Actor, laCode: string, yearText: string, lineText: string): Promise<boolean> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const year = financialYearInput(yearText);
      const resolved = resolveBudgetLine(lineText);
      const stored = (await listBudgets(db, laCode, year)).find(
        (b) => resolved.ok && b.line.toLowerCase() === resolved.line.toLowerCase(),
      );
      if (!stored) return false;
      await deleteBudget(db, laCode, year, stored.line);
      await audit.record(actor, 'budget.removed', {
        year: financialYearLabel(year),
        line: stored.line,
        amountPounds: pounds(stored.amountPence),
      });
      return true;
    },

    /**
     * Replaces a whole year's budget with the lines given (the web form): every line is checked
     * first, and all the errors are thrown together (BudgetFormError, one per field); then the year
     * is replaced as one change. Lines with a blank amount have no budget.
     */
    async setYear(
      actor: Actor,
      laCode: string,
      yearText: string,
      entries: readonly {
        readonly field: string;
        readonly line: string;
        readonly amount: string;
        readonly childWeeks?: string;
      }[],
    ): Promise<BudgetView[]> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const year = financialYearInput(yearText);
      const errors: { field: string; message: string }[] = [];
      const budgets: Budget[] = [];
      const seen = new Map<string, string>();
      for (const e of entries) {
        if (e.amount.trim() === '' && (e.childWeeks ?? '').trim() === '') continue;
        try {
          const b = budgetFromInput(
            {
              year: yearText,
              line: e.line,
              amount: e.amount,
              ...(e.childWeeks !== undefined ? { childWeeks: e.childWeeks } : {}),
            },
            { year: 'year', line: `${e.field}-line`, amount: `${e.field}-amount`, childWeeks: `${e.field}-weeks` },
          );
          const key = b.line.toLowerCase();
          const first = seen.get(key);
          if (first !== undefined) {
            errors.push({
              field: `${e.field}-line`,
              message: `${budgetLineLabel(b.line)} is entered twice; give each line one amount`,
            });
            continue;
          }
          seen.set(key, e.field);
          budgets.push(b);
        } catch (err) {
          if (err instanceof UserInputError) errors.push({ field: err.field, message: err.message });
          else throw err;
        }
      }
      if (errors.length > 0) throw new BudgetFormError(errors);
      const before = await listBudgets(db, laCode, year);
      await db.transaction().execute((trx) => replaceYearBudgets(trx, laCode, year, budgets, stamp()));
      await audit.record(actor, 'budget.year_set', {
        year: financialYearLabel(year),
        lines: budgets.map((b) => ({ line: b.line, amountPounds: pounds(b.amountPence), childWeeks: b.childWeeks })),
        totalPounds: pounds(budgets.reduce((s, b) => s + b.amountPence, 0)),
        previousTotalPounds: pounds(before.reduce((s, b) => s + b.amountPence, 0)),
      });
      return budgets.map(view);
    },

    /**
     * Imports a budget file (CSV or .xlsx: year,line,amount[,child_weeks]); each financial year in
     * it replaces that year's stored budget, all in one transaction. A file with any problem is
     * refused whole (BudgetImportRefused) and nothing is stored. Analysts and admins.
     */
    async importFile(actor: Actor, laCode: string, path: string, name: string): Promise<BudgetImportResult> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const parsed = await readBudgetFile(path, name);
      if (parsed.problems.length === 0 && parsed.budgets.length === 0)
        throw new BudgetImportRefused(name, [
          {
            file: name,
            row: null,
            column: null,
            rule: 'BUDGET-FILE',
            message: `${name}: the file holds no budget rows.`,
          },
        ]);
      if (parsed.problems.length > 0) {
        await audit.record(actor, 'budget.import_refused', { file: name, problems: parsed.problems.length });
        throw new BudgetImportRefused(name, parsed.problems);
      }
      const byYear = new Map<number, Budget[]>();
      for (const { year, line, amountPence, childWeeks } of parsed.budgets)
        byYear.set(year, [...(byYear.get(year) ?? []), { year, line, amountPence, childWeeks }]);
      const at = stamp();
      await db.transaction().execute(async (trx) => {
        for (const [year, list] of byYear) await replaceYearBudgets(trx, laCode, year, list, at);
      });
      const years = [...byYear.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([year, list]) => ({
          year: financialYearLabel(year),
          lines: list.length,
          total: pounds(list.reduce((s, b) => s + b.amountPence, 0)),
        }));
      await audit.record(actor, 'budget.imported', { file: name, years });
      return { file: name, years };
    },
  };
}

export type BudgetsService = ReturnType<typeof createBudgetsService>;
