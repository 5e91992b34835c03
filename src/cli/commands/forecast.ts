/**
 * `forecare forecast --la CODE --start YYYY-MM-DD --months N [--method monte-carlo|expected]
 * [--reference-months M] [--runs R] [--seed S] [--by category|ageband] [--entry-model flat|trend]
 * [cohort options] [--split-uasc] [--json]`: children looked after at each month end, with 80% and
 * 95% intervals (Monte Carlo), or the expected path alone (`--method expected`: fast, no intervals).
 */
import os from 'node:os';
import type { Command } from 'commander';
import { DEFAULT_AGE_BANDS } from '../../domain/ageBands.ts';
import { PLACEMENT_CATEGORY_LABELS, isPlacementCategory } from '../../domain/placementCategories.ts';
import type { RunsPool } from '../../services/enginePool.ts';
import type { ForecastMethod, ForecastMonthJson } from '../../services/forecast.ts';
import type { Quantiles } from '../../domain/stats/quantiles.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import {
  addCohortOptions,
  addEntryModelOption,
  addParameterOption,
  cohortFrom,
  entryModelOption,
  isoOption,
  parameterOption,
  type CohortCliOptions,
  laOption,
  refuseOutsideData,
  refuseRunMonths,
} from '../options.ts';
import { MONTHS, REFERENCE_MONTHS, RUNS, SEED } from '../../services/forecastParameters.ts';

/** --months (required), --reference-months, --runs, --seed and --entry-model, from their definitions. */
function forecastParameterOptions(command: Command): Command {
  addParameterOption(command, MONTHS, undefined, true);
  addParameterOption(command, REFERENCE_MONTHS, 'all');
  addParameterOption(command, RUNS, 'forecast');
  addParameterOption(command, SEED, 'all');
  return addEntryModelOption(command);
}

export function methodOption(value: string | undefined): ForecastMethod | undefined {
  if (value === undefined) return undefined;
  if (value !== 'monte-carlo' && value !== 'expected')
    throw new CliError(`--method must be monte-carlo or expected, not "${value}"`);
  return value;
}

/** Load average (1 minute) a CPU above which the runs stay on this thread: the machine has none to spare. */
const BUSY_LOAD_PER_CPU = 2;

/**
 * Worker threads for a forecast's Monte Carlo runs, or undefined when this thread does them (the
 * figures are the same either way): one a CPU, unless the machine is busy (1-minute load average
 * at least BUSY_LOAD_PER_CPU a CPU: measured at a load of 9-13 on 2 CPUs, the threads' extra CPU,
 * their start-up and each one's own JIT warm-up, made a cached forecast 9-10 s instead of 6-7 s);
 * FORECARE_ENGINE_THREADS sets the number whatever the load. None for the expected path alone,
 * split cohorts, fewer than 100 runs, or fewer than 2 threads.
 */
async function runsPoolFor(
  method: ForecastMethod | undefined,
  runs: number | undefined,
  splitCohorts: readonly unknown[] | undefined,
): Promise<RunsPool | undefined> {
  if (method === 'expected' || splitCohorts !== undefined || (runs ?? RUNS.defaults.forecast) < 100) return undefined;
  const setting = process.env.FORECARE_ENGINE_THREADS;
  const cpus = os.availableParallelism();
  const threads =
    setting !== undefined && /^\d+$/.test(setting)
      ? Number(setting)
      : (os.loadavg()[0] ?? 0) < BUSY_LOAD_PER_CPU * cpus
        ? cpus
        : 1;
  if (threads < 2) return undefined;
  const { createRunsPool } = await import('../../services/enginePool.ts');
  return createRunsPool(threads);
}

interface ForecastCliOptions extends DbOptions, CohortCliOptions {
  readonly la: string;
  readonly method?: string;
  readonly start: string;
  readonly months: string;
  readonly referenceMonths?: string;
  readonly runs?: string;
  readonly seed?: string;
  readonly by?: string;
  readonly entryModel?: string;
  readonly splitUasc?: boolean;
  readonly json?: boolean;
}

export function register(program: Command): void {
  addCohortOptions(
    addDbOption(
      forecastParameterOptions(
        program
          .command('forecast')
          .description('Forecast children looked after month by month, with 80% and 95% intervals')
          .addOption(laOption('council (local authority) code'))
          .requiredOption(
            '--start <date>',
            'forecast start, YYYY-MM-DD (children looked after that day are the starting population)',
          )
          .option(
            '--method <monte-carlo|expected>',
            'monte-carlo (default): runs with 80% and 95% intervals; expected: the expected path alone, in milliseconds, without intervals (its quantiles all equal the expected value)',
          ),
      )
        .option('--by <what>', 'breakdown to print: category or ageband (default category)')
        .option('--split-uasc', 'forecast UASC and other children as separately fitted cohorts and add them')
        .option('--json', 'print {"months":[{"month","total","byCategory","byAgeBand"}],"model":[...]}'),
    ),
  ).action(forecastCommand);
}

/** The forecast asked for, each option checked (a CliError names the option). */
function forecastInputs(opts: ForecastCliOptions) {
  const start = isoOption('--start', opts.start);
  const months = parameterOption(MONTHS, opts.months) as number;
  const method = methodOption(opts.method);
  if (method === 'expected' && (opts.runs !== undefined || opts.seed !== undefined))
    throw new CliError('--runs and --seed belong to --method monte-carlo; the expected path has no runs');
  const referenceMonths = parameterOption(REFERENCE_MONTHS, opts.referenceMonths);
  const runs = parameterOption(RUNS, opts.runs);
  refuseRunMonths(runs, months);
  const seed = parameterOption(SEED, opts.seed);
  const by = opts.by ?? 'category';
  if (by !== 'category' && by !== 'ageband') throw new CliError(`--by must be category or ageband, not "${by}"`);
  const cohort = cohortFrom(opts);
  if (opts.splitUasc && cohort.uasc !== undefined) throw new CliError('--split-uasc cannot be combined with --uasc');
  const splitCohorts = opts.splitUasc
    ? [
        { ...cohort, uasc: true },
        { ...cohort, uasc: false },
      ]
    : undefined;
  return { start, months, method, referenceMonths, runs, seed, by, cohort, splitCohorts } as const;
}

/** `forecare forecast`: fits and projects, then prints JSON or the model, the movement and the months. */
async function forecastCommand(opts: ForecastCliOptions): Promise<void> {
  const { start, months, method, referenceMonths, runs, seed, by, cohort, splitCohorts } = forecastInputs(opts);
  const { forecastCouncil, forecastMonthsJson, forecastMovement, modelDescription, movementLines } =
    await import('../../services/forecast.ts');
  const { councilDataRange } = await import('../../services/dataRange.ts');
  // The Monte Carlo runs on worker threads, started now so that they load the engine while
  // this thread reads the case data and fits the model.
  const runsPool = await runsPoolFor(method, runs, splitCohorts);
  let outcome;
  try {
    outcome = await withDatabase(opts, async (db) => {
      refuseOutsideData(await councilDataRange(db, opts.la), opts.la, [['--start', start]]);
      return forecastCouncil(
        db,
        {
          la: opts.la,
          start,
          months,
          referenceMonths,
          runs,
          seed,
          cohort,
          splitCohorts,
          entryModel: entryModelOption(opts.entryModel),
          method,
        },
        undefined,
        runsPool,
      );
    });
  } finally {
    await runsPool?.close();
  }
  for (const w of outcome.warnings) process.stderr.write(`warning: ${w}\n`);
  const json = forecastMonthsJson(outcome.result.simulated);
  if (opts.json) {
    // `model` says what was used (entry model, windows, starting children), per cohort when split.
    printJson({
      months: json.months,
      model: modelDescription(outcome.models),
      // Why it moves: entries, leavers before 18 and at 18 by forecast year, beside the reference window's.
      movement: forecastMovement(outcome.result.expected, outcome.models),
      ...(method === 'expected' ? { method: 'expected' } : {}),
    });
    return;
  }
  const lines: string[] = [];
  for (const d of modelDescription(outcome.models)) {
    lines.push(
      `Model (${d.cohort}): ${d.childrenAtStart} children looked after on ${start}; rates from ${d.referenceStart} (${d.referenceDays} days)${d.exitReferenceDays > d.referenceDays ? `, moves and exits from ${d.exitReferenceStart} (${d.exitReferenceDays} days: exits were stable)` : ''}; entries ${d.entryModel === 'trend' ? `trend ${d.entryTrendPercentPerYear}%/year${d.entrySeasonality ? ' with seasonality' : ', no significant seasonality'}` : 'flat (reference-window average)'}`,
    );
  }
  lines.push('', ...movementLines(forecastMovement(outcome.result.expected, outcome.models)));
  lines.push(...(method === 'expected' ? expectedLines(json.months, by) : monteCarloLines(json.months, by)));
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The expected path month by month, and the last month by category or age band. */
function expectedLines(months: readonly ForecastMonthJson[], by: 'category' | 'ageband'): string[] {
  const lines = ['', 'Expected path (no intervals: run without --method expected for them)', ''];
  lines.push(`${'Month'.padEnd(9)}${'Expected'.padStart(10)}`);
  for (const m of months) lines.push(`${m.month.padEnd(9)}${m.total.mean.toFixed(1).padStart(10)}`);
  const last = months[months.length - 1];
  if (last) {
    lines.push(
      '',
      `By ${by === 'category' ? 'placement category' : 'age band'} at the end of ${last.month} (expected)`,
    );
    for (const [label, q] of breakdown(last, by)) lines.push(`  ${label.padEnd(34)}${q.mean.toFixed(1).padStart(8)}`);
  }
  return lines;
}

/** The runs' mean, median and intervals month by month, and the last month by category or age band. */
function monteCarloLines(months: readonly ForecastMonthJson[], by: 'category' | 'ageband'): string[] {
  const lines = ['', `${'Month'.padEnd(9)}${'Mean'.padStart(8)}${'Median'.padStart(8)}   80% interval   95% interval`];
  for (const m of months) {
    const q = m.total;
    lines.push(
      `${m.month.padEnd(9)}${q.mean.toFixed(0).padStart(8)}${q.p50.toFixed(0).padStart(8)}   ${`${q.p10.toFixed(0)}-${q.p90.toFixed(0)}`.padEnd(15)}${q.p2_5.toFixed(0)}-${q.p97_5.toFixed(0)}`,
    );
  }
  const last = months[months.length - 1];
  if (last) {
    lines.push(
      '',
      `By ${by === 'category' ? 'placement category' : 'age band'} at the end of ${last.month} (mean, 80% interval)`,
    );
    for (const [label, q] of breakdown(last, by))
      lines.push(`  ${label.padEnd(34)}${q.mean.toFixed(1).padStart(8)}   ${q.p10.toFixed(0)}-${q.p90.toFixed(0)}`);
  }
  return lines;
}

/** A month's figures by placement category or age band, each with the label people read. */
function breakdown(month: ForecastMonthJson, by: 'category' | 'ageband'): [string, Quantiles][] {
  const labels = new Map(DEFAULT_AGE_BANDS.map((b) => [b.key, b.label]));
  return Object.entries(by === 'category' ? month.byCategory : month.byAgeBand).map(([k, q]) => [
    by === 'category' ? (isPlacementCategory(k) ? PLACEMENT_CATEGORY_LABELS[k] : k) : (labels.get(k) ?? k),
    q,
  ]);
}
