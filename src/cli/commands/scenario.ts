/**
 * `forecare scenario run FILE --la CODE [--start] [--months] [--runs] [--seed] [--price-base] [--db] [--json]`
 * (or `--saved NAME` instead of FILE), and `scenario save FILE`, `list`, `show NAME`, `delete NAME`.
 */
import type { Command } from 'commander';
import { formatPounds } from '../../domain/finance/money.ts';
import { formatLongDate } from '../../domain/dates.ts';
import { categoryName, type Scenario } from '../../domain/scenarios/scenario.ts';
import { childrenPerHouseholdText } from '../../domain/scenarios/shareMoves.ts';
import type { Db } from '../../store/database.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { dateOption, forecastParameters, laOption, priceBaseOption } from '../options.ts';
import { rethrow } from './spend.ts';
import { helpWithDefault, MONTHS, RUNS, SEED } from '../../services/forecastParameters.ts';

// Loaded when a subcommand runs, not when the program is built (see program.ts).
const scenarios = () => import('../../services/scenarios.ts');
const scenarioFile = () => import('../../io/scenarioFile.ts');

interface RunOptions extends DbOptions {
  readonly la: string;
  readonly saved?: string;
  readonly start?: string;
  readonly months?: string;
  readonly runs?: string;
  readonly seed?: string;
  readonly priceBase?: string;
  readonly json?: boolean;
}

async function readFile(file: string): Promise<Scenario> {
  const [{ readScenarioFile }, { ScenarioValidationError }] = await Promise.all([
    scenarioFile(),
    import('../../domain/scenarios/validate.ts'),
  ]);
  try {
    return await readScenarioFile(file);
  } catch (err) {
    if (err instanceof ScenarioValidationError) throw new CliError(err.message);
    throw err;
  }
}

/** A scenario the council's data cannot run (a child protection plans lever without the CIN census) as the CLI's error. */
async function refused(err: unknown): Promise<never> {
  const { ScenarioValidationError } = await import('../../domain/scenarios/validate.ts');
  if (err instanceof ScenarioValidationError) throw new CliError(err.message);
  return rethrow(err);
}

async function savedOrFail(db: Db, la: string, name: string): Promise<Scenario> {
  const { getScenario } = await scenarios();
  const s = await getScenario(db, la, name);
  if (!s)
    throw new CliError(`council ${la} has no saved scenario named "${name}" (see: forecare scenario list --la ${la})`);
  return s;
}

const q = (x: { mean: number; p2_5: number; p97_5: number }, money: boolean) =>
  money
    ? `${formatPounds(x.mean).padStart(16)} (${formatPounds(x.p2_5)} to ${formatPounds(x.p97_5)})`
    : `${x.mean.toFixed(1).padStart(8)} (${x.p2_5.toFixed(1)} to ${x.p97_5.toFixed(1)})`;

export function register(program: Command): void {
  const scenario = program
    .command('scenario')
    .description('What-if scenarios: run against the baseline, save, list, show');
  scenarioRun(scenario);
  scenarioSave(scenario);
  scenarioList(scenario);
  scenarioShow(scenario);
  scenarioDelete(scenario);
}

/** `forecare scenario run`. */
function scenarioRun(scenario: Command): void {
  addDbOption(
    scenario
      .command('run')
      .description('Run a scenario (YAML or JSON file, or a saved one) against the baseline, by financial year')
      .argument('[file]', 'scenario file (.yaml, .yml or .json)')
      .addOption(laOption('council (local authority) code'))
      .option('--saved <name>', 'run a saved scenario instead of a file')
      .option('--start <date>', 'forecast start, YYYY-MM-DD (default: the last date in the data)')
      .option(`${MONTHS.flag} <n>`, helpWithDefault(MONTHS, 'spend'))
      .option(`${RUNS.flag} <n>`, helpWithDefault(RUNS, 'spend'))
      .option(`${SEED.flag} <n>`, `${helpWithDefault(SEED)}; baseline and scenario share it`)
      .option('--price-base <year>', "express money in this financial year's prices (default cash)")
      .option(
        '--json',
        'print {"financialYears":[{"year","baselineSpend","scenarioSpend","saving","baselineChildren","scenarioChildren",...}]}',
      ),
  ).action(async (file: string | undefined, opts: RunOptions) => {
    if ((file === undefined) === (opts.saved === undefined))
      throw new CliError('give a scenario FILE or --saved NAME (one of them)');
    const fromFile = file === undefined ? undefined : await readFile(file);
    const { comparisonJson, runScenarioComparison } = await scenarios();
    const result = await withDatabase(opts, async (db) => {
      const s = fromFile ?? (await savedOrFail(db, opts.la, opts.saved as string));
      return runScenarioComparison(db, opts.la, s, {
        ...(opts.start !== undefined ? { start: dateOption('--start', opts.start) as string } : {}),
        ...forecastParameters(opts),
        priceBase: priceBaseOption(opts.priceBase),
      });
    }).catch(refused);
    if (opts.json) {
      printJson(comparisonJson(result));
      return;
    }
    const lines = [
      `Scenario "${result.scenario.name}" against the baseline, ${result.laCode}: from ${formatLongDate(result.start)}, ${result.runs} runs (seed ${result.seed}), ${result.priceBase === 'cash' ? 'cash terms' : `${result.priceBase} prices`}`,
      ...result.adjustments.map((a, i) => `  ${i + 1}. ${a}`),
      '',
      'Mean (95% interval). Saving = baseline minus scenario, run by run. Looked after = average over the year.',
    ];
    for (const y of result.years) {
      lines.push(
        '',
        `${y.year}${y.basis === 'outturn' ? ' (outturn: actuals to date + forecast)' : y.basis === 'actual' ? ' (actual)' : ''}`,
        `  baseline spend     ${q(y.baselineSpend, true)}`,
        `  scenario spend     ${q(y.scenarioSpend, true)}`,
        `  saving             ${q(y.saving, true)}`,
        `  looked after       ${q(y.baselineChildren, false)} baseline, ${q(y.scenarioChildren, false).trim()} scenario`,
        `  entries avoided    ${q(y.childrenDiverted, false)}`,
      );
    }
    for (const plan of result.shareMoves) {
      lines.push(
        '',
        `Adjustment ${plan.adjustment}: children moving from ${categoryName(plan.from)} to ${categoryName(plan.to)} (expected path, 1 dp)${
          plan.householdsNeeded === null
            ? ''
            : `; households at ${childrenPerHouseholdText(plan.childrenPerHousehold)}, rounded up`
        }`,
      );
      for (const y of plan.years) {
        lines.push(
          `  ${y.year}  moved ${y.moves.toFixed(1)}, ${y.movedSoFar.toFixed(1)} so far${
            y.householdsNeeded === null
              ? ''
              : `; households needed ${y.householdsNeeded} (${y.newHouseholds} new in the year)`
          }`,
        );
      }
    }
    for (const w of result.warnings) lines.push(`warning: ${w}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

/** `forecare scenario save`. */
function scenarioSave(scenario: Command): void {
  addDbOption(
    scenario
      .command('save')
      .description(
        'Validate a scenario file and save it under its name for the council (replacing one of the same name)',
      )
      .argument('<file>', 'scenario file (.yaml, .yml or .json)')
      .addOption(laOption('council (local authority) code')),
  ).action(async (file: string, opts: DbOptions & { la: string }) => {
    const s = await readFile(file);
    const { checkCpPlansLevers, saveScenario } = await scenarios();
    await withDatabase(opts, async (db) => {
      await checkCpPlansLevers(db, opts.la, s, file);
      await saveScenario(db, opts.la, s);
    }).catch(refused);
    process.stderr.write(
      `Saved scenario "${s.name}" for ${opts.la} (${s.adjustments.length} adjustment${s.adjustments.length === 1 ? '' : 's'}).\n`,
    );
  });
}

/** `forecare scenario list`. */
function scenarioList(scenario: Command): void {
  addDbOption(
    scenario
      .command('list')
      .description("List the council's saved scenarios")
      .addOption(laOption('council (local authority) code'))
      .option('--json', 'print JSON'),
  ).action(async (opts: DbOptions & { la: string; json?: boolean }) => {
    const { listScenarios } = await scenarios();
    const list = await withDatabase(opts, (db) => listScenarios(db, opts.la));
    if (opts.json) return printJson(list);
    if (list.length === 0) process.stdout.write(`No saved scenarios for ${opts.la}.\n`);
    for (const s of list)
      process.stdout.write(
        `${s.name}  (${s.problem !== undefined ? `CANNOT BE READ: ${s.problem}` : `${s.adjustments} adjustment${s.adjustments === 1 ? '' : 's'}`}, saved ${formatLongDate(s.updatedAt)} at ${s.updatedAt.slice(11, 16)} UTC)${s.description ? `: ${s.description}` : ''}\n`,
      );
  });
}

/** `forecare scenario show`. */
function scenarioShow(scenario: Command): void {
  addDbOption(
    scenario
      .command('show')
      .description('Print a saved scenario as YAML (money in pounds)')
      .argument('<name>', 'scenario name')
      .addOption(laOption('council (local authority) code')),
  ).action(async (name: string, opts: DbOptions & { la: string }) => {
    const s = await withDatabase(opts, (db) => savedOrFail(db, opts.la, name));
    const { scenarioToYaml } = await scenarioFile();
    process.stdout.write(scenarioToYaml(s));
  });
}

/** `forecare scenario delete`. */
function scenarioDelete(scenario: Command): void {
  addDbOption(
    scenario
      .command('delete')
      .description('Delete a saved scenario')
      .argument('<name>', 'scenario name')
      .addOption(laOption('council (local authority) code')),
  ).action(async (name: string, opts: DbOptions & { la: string }) => {
    const { deleteScenario } = await scenarios();
    const gone = await withDatabase(opts, (db) => deleteScenario(db, opts.la, name));
    if (!gone) throw new CliError(`council ${opts.la} has no saved scenario named "${name}"`);
    process.stderr.write(`Deleted scenario "${name}" for ${opts.la}.\n`);
  });
}
