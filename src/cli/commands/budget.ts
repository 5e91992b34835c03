/**
 * `forecare budget set --la CODE --year 2026/27 --line LINE --amount POUNDS [--child-weeks N]`: one line's budget.
 * `forecare budget list --la CODE [--year 2026/27] [--json]`: the council's budgets.
 * `forecare budget remove --la CODE --year 2026/27 --line LINE`: removes one line's budget.
 * `forecare budget import FILE --la CODE [--json]`: a CSV or .xlsx file `year,line,amount[,child_weeks]`;
 * each financial year in it replaces that year's budget as one change; a file with any problem is
 * refused whole. Every change is in the council's audit log as `cli:<OS user>`.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { formatPounds, penceToPounds } from '../../domain/finance/money.ts';
import type { Actor } from '../../services/access.ts';
import type { BudgetsService } from '../../services/budgets.service.ts';
import type { Db } from '../../store/database.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { laOption } from '../options.ts';
import { osUserName } from '../osUser.ts';

const budgets = () => import('../../services/budgets.service.ts');

/** Runs `fn` with the budgets service and the command line's actor (an admin of the council named). */
async function withBudgets<T>(
  opts: DbOptions & { la: string },
  fn: (service: BudgetsService, actor: Actor, db: Db) => Promise<T>,
): Promise<T> {
  // Loaded when a subcommand runs, not when the program is built (see program.ts).
  const [{ createAuditService }, { cliActor }, { createBudgetsService }, { UserInputError }] = await Promise.all([
    import('../../services/audit.ts'),
    import('../../services/access.ts'),
    budgets(),
    import('../../services/errors.ts'),
  ]);
  return withDatabase(opts, (db) =>
    fn(createBudgetsService(db, createAuditService(db)), cliActor(opts.la, osUserName()), db),
  ).catch((err: unknown) => {
    if (err instanceof UserInputError)
      throw new CliError(`--${err.field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${err.message}`);
    throw err;
  });
}

export function register(program: Command): void {
  const budget = program.command('budget').description('Budgets per financial year and line (for budget monitoring)');
  budgetSet(budget);
  budgetList(budget);
  budgetRemove(budget);
  budgetImport(budget);
}

/** `forecare budget set`. */
function budgetSet(budget: Command): void {
  addDbOption(
    budget
      .command('set')
      .description("Set one line's budget for a financial year (replacing it)")
      .addOption(laOption('council (local authority) code'))
      .requiredOption('--year <year>', 'financial year, e.g. 2026/27')
      .requiredOption(
        '--line <line>',
        'a placement category (e.g. external_residential), a post-care line (e.g. staying_put), or words of your own (e.g. "Staying Close")',
      )
      .requiredOption('--amount <pounds>', 'the budget in pounds, e.g. 1250000')
      .option('--child-weeks <n>', 'child-weeks the budget assumed (for the volume/price/mix split)')
      .option('--json', 'print the line set as JSON'),
  ).action(
    async (
      opts: DbOptions & { la: string; year: string; line: string; amount: string; childWeeks?: string; json?: boolean },
    ) => {
      const saved = await withBudgets(opts, (service, actor) =>
        service.set(actor, opts.la, {
          year: opts.year,
          line: opts.line,
          amount: opts.amount,
          ...(opts.childWeeks !== undefined ? { childWeeks: opts.childWeeks } : {}),
        }),
      );
      if (opts.json) {
        printJson({
          year: saved.yearLabel,
          line: saved.line,
          amount: penceToPounds(saved.amountPence),
          childWeeks: saved.childWeeks,
        });
        return;
      }
      process.stderr.write(
        `Set the ${saved.yearLabel} budget for ${saved.label} to ${formatPounds(saved.amountPence)}${saved.childWeeks === null ? '' : ` (${saved.childWeeks} child-weeks)`}.\n`,
      );
    },
  );
}

/** `forecare budget list`. */
function budgetList(budget: Command): void {
  addDbOption(
    budget
      .command('list')
      .description("The council's budgets by financial year and line")
      .addOption(laOption('council (local authority) code'))
      .option('--year <year>', 'one financial year, e.g. 2026/27')
      .option('--json', 'print JSON (amounts in pounds)'),
  ).action(async (opts: DbOptions & { la: string; year?: string; json?: boolean }) => {
    const { financialYearInput } = await budgets();
    const list = await withBudgets(opts, (service, actor) =>
      service.list(actor, opts.la, opts.year === undefined ? undefined : financialYearInput(opts.year)),
    );
    if (opts.json) {
      printJson({
        la: opts.la,
        budgets: list.map((b) => ({
          year: b.yearLabel,
          line: b.line,
          label: b.label,
          kind: b.kind,
          amount: penceToPounds(b.amountPence),
          childWeeks: b.childWeeks,
        })),
      });
      return;
    }
    if (list.length === 0) {
      process.stdout.write(`No budgets set for ${opts.la}${opts.year ? ` in ${opts.year}` : ''}.\n`);
      return;
    }
    const lines: string[] = [];
    for (const yearLabel of [...new Set(list.map((b) => b.yearLabel))]) {
      const ofYear = list.filter((b) => b.yearLabel === yearLabel);
      lines.push(`Budget ${yearLabel}, ${opts.la}`);
      for (const b of ofYear)
        lines.push(
          `  ${b.label.padEnd(56)}${formatPounds(b.amountPence).padStart(18)}${b.childWeeks === null ? '' : `   ${b.childWeeks} child-weeks`}`,
        );
      lines.push(
        `  ${'Total'.padEnd(56)}${formatPounds(ofYear.reduce((s, b) => s + b.amountPence, 0)).padStart(18)}`,
        '',
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

/** `forecare budget remove`. */
function budgetRemove(budget: Command): void {
  addDbOption(
    budget
      .command('remove')
      .description("Remove one line's budget for a financial year")
      .addOption(laOption('council (local authority) code'))
      .requiredOption('--year <year>', 'financial year, e.g. 2026/27')
      .requiredOption('--line <line>', 'the line'),
  ).action(async (opts: DbOptions & { la: string; year: string; line: string }) => {
    const removed = await withBudgets(opts, (service, actor) => service.remove(actor, opts.la, opts.year, opts.line));
    if (!removed) throw new CliError(`There is no ${opts.year} budget for "${opts.line}" in ${opts.la}.`);
    process.stderr.write(`Removed the ${opts.year} budget for ${opts.line}.\n`);
  });
}

/** `forecare budget import`. */
function budgetImport(budget: Command): void {
  addDbOption(
    budget
      .command('import')
      .description(
        "Import budgets from a CSV or .xlsx file with columns year,line,amount (and optionally child_weeks); each year in the file replaces that year's budget",
      )
      .argument('<file>', 'the budget file')
      .addOption(laOption('council (local authority) code'))
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, opts: DbOptions & { la: string; json?: boolean }) => {
    const { BudgetImportRefused } = await budgets();
    try {
      const result = await withBudgets(opts, (service, actor) =>
        service.importFile(actor, opts.la, file, path.basename(file)),
      );
      if (opts.json) return printJson(result);
      for (const y of result.years)
        process.stderr.write(
          `Replaced the ${y.year} budget of ${opts.la}: ${y.lines} line${y.lines === 1 ? '' : 's'}, ${formatPounds(Math.round(y.total * 100))} in all.\n`,
        );
    } catch (err) {
      if (err instanceof BudgetImportRefused) {
        if (opts.json) printJson({ imported: 0, errors: err.problems });
        throw new CliError(err.message);
      }
      throw err;
    }
  });
}
