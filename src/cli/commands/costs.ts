/**
 * `forecare costs list --la CODE [--at DATE] [--json]`: the price list in force (defaults with their source).
 * `forecare costs set --la CODE --category C [--place CODE] --weekly POUNDS --price-year YEAR [--from DATE] [--source TEXT]`.
 * `forecare costs inflation --la CODE --year YEAR --percent P`: inflation for the financial year starting April YEAR.
 * `forecare costs import FILE --la CODE`: child-level placement costs (CSV or .xlsx), all-or-nothing.
 */
import type { Command } from 'commander';
import { financialYearLabel, type IsoDate, isoDateOf } from '../../domain/dates.ts';
import { formatPounds } from '../../domain/finance/money.ts';
import { PLACEMENT_CATEGORY_LABELS } from '../../domain/placementCategories.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { dateOption, laOption } from '../options.ts';

// Loaded when a subcommand runs, not when the program is built (see program.ts).
const unitCosts = () => import('../../services/unitCosts.ts');

function todayIso(): IsoDate {
  return isoDateOf(new Date());
}

function number(name: string, value: string): number {
  const n = Number(value.replace(/[£,]/g, ''));
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`${name} must be a number, not "${value}"`);
  return n;
}

async function inputError(err: unknown): Promise<never> {
  const { UnitCostInputError } = await unitCosts();
  if (err instanceof UnitCostInputError) throw new CliError(err.message);
  throw err;
}

export function register(program: Command): void {
  const costs = program.command('costs').description('Unit costs, inflation and child-level placement costs');
  costsList(costs);
  costsSet(costs);
  costsInflation(costs);
  costsImport(costs);
}

/** `forecare costs list`. */
function costsList(costs: Command): void {
  addDbOption(
    costs
      .command('list')
      .description('The weekly price of each placement category in force on a day, with its source')
      .addOption(laOption('council (local authority) code'))
      .option('--at <date>', 'the day (default today)')
      .option('--json', 'print JSON (money in pounds)'),
  ).action(async (opts: DbOptions & { la: string; at?: string; json?: boolean }) => {
    const at = dateOption('--at', opts.at) ?? todayIso();
    const { getUnitCostTable } = await unitCosts();
    const table = await withDatabase(opts, (db) => getUnitCostTable(db, opts.la, at));
    if (opts.json) {
      printJson({
        date: table.date,
        financialYear: financialYearLabel(table.financialYear),
        lines: table.lines.map((l) => ({
          category: l.category,
          placeCode: l.placeCode,
          weekly: l.weeklyPence / 100,
          priceYear: financialYearLabel(l.priceYear),
          weeklyOnDate: l.weeklyPenceOnDate / 100,
          effectiveFrom: l.effectiveFrom,
          source: l.source,
          isDefault: l.isDefault,
        })),
        inflation: {
          rates: Object.fromEntries(
            Object.entries(table.inflation.rates).map(([y, r]) => [financialYearLabel(Number(y)), r]),
          ),
          defaultRate: table.inflation.defaultRate,
        },
      });
      return;
    }
    const lines = [
      `Weekly unit costs for ${opts.la} on ${table.date}, in ${financialYearLabel(table.financialYear)} prices`,
      '',
    ];
    for (const l of table.lines) {
      const label = `${PLACEMENT_CATEGORY_LABELS[l.category]}${l.placeCode ? ` (${l.placeCode})` : ''}`;
      lines.push(
        `  ${label.padEnd(36)}${formatPounds(l.weeklyPenceOnDate).padStart(12)}   ${formatPounds(l.weeklyPence)} in ${financialYearLabel(l.priceYear)} prices${l.isDefault ? ' [default]' : ''}`,
        `  ${''.padEnd(36)}  source: ${l.source}`,
      );
    }
    const rates = Object.entries(table.inflation.rates);
    lines.push(
      '',
      `Inflation: ${rates.map(([y, r]) => `${financialYearLabel(Number(y))} ${(r * 100).toFixed(2)}%`).join(', ') || 'none set'}; other years ${(table.inflation.defaultRate * 100).toFixed(1)}% (assumption)`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

/** `forecare costs set`. */
function costsSet(costs: Command): void {
  addDbOption(
    costs
      .command('set')
      .description('Set a weekly price for a category (or a PLACE code within it) from a date')
      .addOption(laOption('council (local authority) code'))
      .requiredOption('--category <category>', 'placement category, e.g. ifa_fostering')
      .option('--place <code>', 'a PLACE code within the category, e.g. K2')
      .requiredOption('--weekly <pounds>', 'weekly cost in pounds')
      .requiredOption('--price-year <year>', 'financial year whose prices the amount is in (2025 for 2025/26)')
      .option('--from <date>', 'effective date (default: applies to all dates until a later price)')
      .option('--source <text>', 'where the figure comes from', 'Entered by the council'),
  ).action(
    async (
      opts: DbOptions & {
        la: string;
        category: string;
        place?: string;
        weekly: string;
        priceYear: string;
        from?: string;
        source: string;
      },
    ) => {
      const { setUnitCost } = await unitCosts();
      const cost = await withDatabase(opts, (db) =>
        setUnitCost(db, opts.la, {
          category: opts.category,
          placeCode: opts.place ?? null,
          weeklyPounds: number('--weekly', opts.weekly),
          ...(opts.from !== undefined ? { effectiveFrom: opts.from } : {}),
          priceYear: number('--price-year', opts.priceYear),
          source: opts.source,
        }),
      ).catch(inputError);
      process.stderr.write(
        `Set ${cost.category}${cost.placeCode ? ` ${cost.placeCode}` : ''} to ${formatPounds(cost.weeklyPence)} a week in ${financialYearLabel(cost.priceYear)} prices from ${cost.effectiveFrom}.\n`,
      );
    },
  );
}

/** `forecare costs inflation`. */
function costsInflation(costs: Command): void {
  addDbOption(
    costs
      .command('inflation')
      .description('Set placement price inflation for a financial year')
      .addOption(laOption('council (local authority) code'))
      .requiredOption('--year <year>', 'start year of the financial year (2025 for 2025/26)')
      .requiredOption('--percent <p>', 'inflation in that year, percent (3.5 = 3.5%)'),
  ).action(async (opts: DbOptions & { la: string; year: string; percent: string }) => {
    const year = number('--year', opts.year);
    const { setInflationRate } = await unitCosts();
    await withDatabase(opts, (db) => setInflationRate(db, opts.la, year, number('--percent', opts.percent))).catch(
      inputError,
    );
    process.stderr.write(`Set inflation for ${financialYearLabel(year)} to ${opts.percent}%.\n`);
  });
}

/** `forecare costs import`. */
function costsImport(costs: Command): void {
  addDbOption(
    costs
      .command('import')
      .description(
        'Import child-level placement costs (CSV or .xlsx: CHILD, PROVIDER, START, END, WEEKLY_COST), replacing earlier ones',
      )
      .argument('<file>', 'the cost file')
      .addOption(laOption('council (local authority) code'))
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, opts: DbOptions & { la: string; json?: boolean }) => {
    const [
      { loadConfig },
      { formatChildCostProblem },
      { loadPseudonymKey },
      { ChildCostImportRefused, importChildCosts },
    ] = await Promise.all([
      import('../../config.ts'),
      import('../../io/childCosts.ts'),
      import('../../services/pseudonymise.ts'),
      unitCosts(),
    ]);
    const config = loadConfig();
    const pseudonymKey = loadPseudonymKey({ keyFile: config.keyFile, pseudonymKey: config.pseudonymKey });
    try {
      const result = await withDatabase(opts, (db) => importChildCosts(db, opts.la, file, { pseudonymKey }));
      if (opts.json) return printJson(result);
      for (const w of result.warnings) process.stderr.write(`${formatChildCostProblem(w)}\n`);
      process.stderr.write(`Imported ${result.imported} child-level costs from ${result.file} for ${opts.la}.\n`);
    } catch (err) {
      if (err instanceof ChildCostImportRefused) {
        if (opts.json) printJson({ imported: 0, errors: err.problems });
        else for (const p of err.problems) process.stderr.write(`${formatChildCostProblem(p)}\n`);
        throw new CliError(err.message);
      }
      throw err;
    }
  });
}
