/**
 * `forecare backtest --la CODE (--cutoff YYYY-MM-DD | --cutoffs D1,D2,...) --months N [--json]`:
 * fits on the data up to each cutoff (as an extract taken that day), forecasts, and compares each
 * month-end total with what happened.
 */
import type { Command } from 'commander';
import { progressBar } from '../progress.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import {
  entryModelOption,
  isoOption,
  parameterOption,
  laOption,
  refuseOutsideData,
  refuseRunMonths,
} from '../options.ts';
import {
  ENTRY_MODEL,
  helpWithDefault,
  MONTHS,
  REFERENCE_MONTHS,
  RUNS,
  SEED,
} from '../../services/forecastParameters.ts';

interface BacktestCliOptions extends DbOptions {
  readonly la: string;
  readonly cutoff?: string;
  readonly cutoffs?: string;
  readonly months: string;
  readonly referenceMonths?: string;
  readonly runs?: string;
  readonly seed?: string;
  readonly entryModel?: string;
  readonly json?: boolean;
}

export function register(program: Command): void {
  addDbOption(
    program
      .command('backtest')
      .description('Forecast from past cutoffs and compare with what happened (MAPE and interval coverage)')
      .addOption(laOption('council (local authority) code'))
      .option('--cutoff <date>', 'one cutoff, YYYY-MM-DD')
      .option('--cutoffs <dates>', 'several cutoffs, comma-separated, for a rolling-origin evaluation')
      .requiredOption(
        `${MONTHS.flag} <n>`,
        `months forecast from each cutoff (${MONTHS.bounds.min}-${MONTHS.bounds.max})`,
      )
      .option(`${REFERENCE_MONTHS.flag} <n>`, helpWithDefault(REFERENCE_MONTHS))
      .option(`${RUNS.flag} <n>`, helpWithDefault(RUNS, 'backtest'))
      .option(`${SEED.flag} <n>`, helpWithDefault(SEED))
      .option(`${ENTRY_MODEL.flag} <flat|trend>`, ENTRY_MODEL.help)
      .option('--json', 'print {"horizons":[...],"mape","coverage80","coverage95","cutoffs":[...]}'),
  ).action(async (opts: BacktestCliOptions) => {
    if ((opts.cutoff === undefined) === (opts.cutoffs === undefined))
      throw new CliError('give either --cutoff or --cutoffs');
    const cutoffs =
      opts.cutoff !== undefined
        ? [isoOption('--cutoff', opts.cutoff)]
        : (opts.cutoffs as string).split(',').map((s) => isoOption('--cutoffs', s.trim()));
    const months = parameterOption(MONTHS, opts.months) as number;
    const { backtestCouncil, backtestJson } = await import('../../services/backtest.ts');
    const { councilDataRange } = await import('../../services/dataRange.ts');
    const runs = parameterOption(RUNS, opts.runs);
    refuseRunMonths(runs, months);
    const progress = progressBar('Backtest', { json: opts.json });
    const result = await withDatabase(opts, async (db) => {
      refuseOutsideData(
        await councilDataRange(db, opts.la),
        opts.la,
        cutoffs.map((c) => [opts.cutoff !== undefined ? '--cutoff' : '--cutoffs', c] as const),
      );
      progress.update(0, cutoffs.length, `cutoff ${cutoffs[0]}`);
      return backtestCouncil(
        db,
        {
          la: opts.la,
          cutoffs,
          months,
          referenceMonths: parameterOption(REFERENCE_MONTHS, opts.referenceMonths),
          runs,
          seed: parameterOption(SEED, opts.seed),
          entryModel: entryModelOption(opts.entryModel),
        },
        undefined,
        (done, total) => progress.update(done, total, done < total ? `cutoff ${cutoffs[done]}` : 'done'),
      );
    }).finally(() => progress.stop());
    if (opts.json) {
      printJson(backtestJson(result));
      return;
    }
    const lines: string[] = [];
    for (const c of result.cutoffs) {
      lines.push(
        `Cutoff ${c.cutoff} (entries: ${c.entryModel})`,
        `${'Month'.padEnd(9)}${'Actual'.padStart(8)}${'Forecast'.padStart(10)}   80% interval   Error`,
      );
      for (const h of c.horizons) {
        lines.push(
          `${h.month.padEnd(9)}${String(h.actual).padStart(8)}${h.forecast.mean.toFixed(0).padStart(10)}   ${`${h.forecast.p10.toFixed(0)}-${h.forecast.p90.toFixed(0)}${h.inside80 ? '' : ' *'}`.padEnd(15)}${h.absPctError.toFixed(1)}%`,
        );
      }
      lines.push(
        `MAPE ${c.mape.toFixed(1)}%; inside 80% interval ${(c.coverage80 * 100).toFixed(0)}%, inside 95% ${(c.coverage95 * 100).toFixed(0)}%`,
        '',
      );
    }
    if (result.cutoffs.length > 1) {
      lines.push(
        `All cutoffs: MAPE ${result.mape.toFixed(1)}%; coverage 80% ${(result.coverage80 * 100).toFixed(0)}%, 95% ${(result.coverage95 * 100).toFixed(0)}%`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
