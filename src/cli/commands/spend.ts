/**
 * `forecare spend --la CODE [--start] [--months] [--runs] [--seed] [--by year|quarter|month] [--price-base YEAR] [--db] [--json]`:
 * forecast spend with its interval (this year as outturn: actuals to date + forecast to year end).
 * `forecare spend --la CODE --actual --from DATE --until DATE [--by ...]`: actual spend from the episodes.
 */
import type { Command } from 'commander';
import type { IsoDate } from '../../domain/dates.ts';
import { formatPounds, penceToPounds } from '../../domain/finance/money.ts';
import type { Grouping } from '../../domain/finance/spend.ts';
import { PLACEMENT_CATEGORIES } from '../../domain/placementCategories.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { dateOption, forecastParameters, laOption, priceBaseOption } from '../options.ts';
import { helpWithDefault, MONTHS, RUNS, SEED } from '../../services/forecastParameters.ts';

interface SpendCliOptions extends DbOptions {
  readonly la: string;
  readonly start?: string;
  readonly months?: string;
  readonly runs?: string;
  readonly seed?: string;
  readonly by: string;
  readonly priceBase?: string;
  readonly actual?: boolean;
  readonly from?: string;
  readonly until?: string;
  readonly json?: boolean;
}

function grouping(by: string): Grouping {
  if (by === 'year' || by === 'quarter' || by === 'month') return by;
  throw new CliError(`--by must be year, quarter or month, not "${by}"`);
}

/** A spend input error as the user's error (the services are loaded only when a command runs). */
export async function rethrow(err: unknown): Promise<never> {
  const { SpendInputError } = await import('../../services/spend.ts');
  if (err instanceof SpendInputError) throw new CliError(err.message);
  throw err;
}

/** Which children the forecast costs at their own price, and that the premium is an expectation. */
export function childLevelCostsNote(n: number, start: IsoDate): string {
  if (n === 0)
    return `Every child is costed at the unit cost of their placement category (no child-level costs cover ${start}).`;
  return (
    `${n} ${n === 1 ? 'child' : 'children'} looked after on ${start} ${n === 1 ? 'is' : 'are'} costed at their own placement cost until they leave its placement category ` +
    '(an expected amount added to every run); everyone else at the unit cost.'
  );
}

export function register(program: Command): void {
  addDbOption(
    program
      .command('spend')
      .description('Placement spend: forecast with intervals (this year as outturn), or actuals from the episodes')
      .addOption(laOption('council (local authority) code'))
      .option('--start <date>', 'forecast start, YYYY-MM-DD (default: the last date in the data)')
      .option(`${MONTHS.flag} <n>`, helpWithDefault(MONTHS, 'spend'))
      .option(`${RUNS.flag} <n>`, helpWithDefault(RUNS, 'spend'))
      .option(`${SEED.flag} <n>`, helpWithDefault(SEED))
      .option('--by <period>', 'year (financial, April-March), quarter or month', 'year')
      .option(
        '--price-base <year>',
        'express all money in the prices of this financial year (e.g. 2025 for 2025/26); default cash',
      )
      .option('--actual', 'actual spend only, from --from up to --until')
      .option('--from <date>', 'with --actual: first day')
      .option('--until <date>', 'with --actual: the day after the last day')
      .option('--json', 'print JSON (money in pounds, 2 dp)'),
  ).action(async (opts: SpendCliOptions) => {
    const by = grouping(opts.by);
    const priceBase = priceBaseOption(opts.priceBase);
    const { getActualSpend, getSpendForecast, spendForecastJson, summariseSpend } =
      await import('../../services/spend.ts');
    if (opts.actual) {
      const from = dateOption('--from', opts.from);
      const until = dateOption('--until', opts.until);
      if (!from || !until) throw new CliError('--actual needs --from and --until');
      const totals = await withDatabase(opts, (db) =>
        getActualSpend(db, opts.la, { from, until, grouping: by, priceBase }),
      ).catch(rethrow);
      if (opts.json) {
        printJson({
          la: opts.la,
          from,
          until,
          periods: totals.map((t) => ({
            period: t.period,
            spend: penceToPounds(t.spend),
            byCategory: Object.fromEntries(PLACEMENT_CATEGORIES.map((c) => [c, penceToPounds(t.byCategory[c])])),
            averageChildren: t.days === 0 ? 0 : Math.round((t.childDays / t.days) * 100) / 100,
          })),
        });
        return;
      }
      const lines = [`Actual placement spend, ${opts.la}, ${from} to ${until} (exclusive)`, ''];
      for (const t of totals)
        lines.push(
          `  ${t.period.padEnd(12)}${formatPounds(t.spend).padStart(18)}   average looked after ${(t.days === 0 ? 0 : t.childDays / t.days).toFixed(1)}`,
        );
      process.stdout.write(`${lines.join('\n')}\n`);
      return;
    }
    const forecast = await withDatabase(opts, (db) =>
      getSpendForecast(db, opts.la, {
        ...(opts.start !== undefined ? { start: dateOption('--start', opts.start) as string } : {}),
        ...forecastParameters(opts),
        priceBase,
      }),
    ).catch(rethrow);
    const periods = summariseSpend(forecast, by);
    if (opts.json) {
      printJson(spendForecastJson(forecast, periods));
      return;
    }
    const lines = [
      `Placement spend, ${forecast.laCode}: forecast from ${forecast.start}, ${forecast.runs} runs (seed ${forecast.seed}), ${forecast.priceBase === 'cash' ? 'cash terms' : `${forecast.priceBase} prices`}`,
      childLevelCostsNote(forecast.childLevelCostsUsed, forecast.start),
      'Money is the mean of the runs (the statistic the Costs page shows; --json: "statistic": "mean"); intervals are percentiles of the runs.',
      '',
      `  ${'period'.padEnd(12)}${'basis'.padEnd(10)}${'mean'.padStart(16)}${'95% interval'.padStart(36)}${'looked after'.padStart(14)}`,
    ];
    for (const p of periods) {
      lines.push(
        `  ${p.period.padEnd(12)}${p.basis.padEnd(10)}${formatPounds(p.spend.mean).padStart(16)}${`${formatPounds(p.spend.p2_5)} - ${formatPounds(p.spend.p97_5)}`.padStart(36)}${p.children.mean.toFixed(1).padStart(14)}`,
      );
    }
    for (const w of forecast.warnings) lines.push(`warning: ${w}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
