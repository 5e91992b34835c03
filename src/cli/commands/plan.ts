/**
 * `forecare plan`: savings programmes.
 *   plan evaluate FILE [--json] [--discount-rate R]   appraisal and checks of a .yaml/.json/.xlsx programme
 *   plan export FILE --xlsx OUT                       the programme as a council-style Excel workbook
 *   plan import XLSX --out FILE                       a workbook back to a YAML/JSON programme file
 *   plan save FILE --la CODE --id ID [--db]           store a programme for a council
 *   plan list --la CODE [--db]                        the council's stored programmes
 */
import type { Command } from 'commander';
import { financialYearLabel } from '../../domain/dates.ts';
import { formatMoney, UNIT_LABEL } from '../../domain/programme/money.ts';
import {
  evaluateProgramme,
  evaluationJson,
  exportProgrammeWorkbook,
  listProgrammes,
  loadProgramme,
  modelScenarioSource,
  ProgrammeFileError,
  saveProgramme,
  saveProgrammeFile,
  type Evaluation,
} from '../../services/programmes.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';

async function load(file: string) {
  try {
    return await loadProgramme(file);
  } catch (err) {
    if (err instanceof ProgrammeFileError) throw new CliError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`);
    throw err;
  }
}

function parseRate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0)
    throw new CliError(`--discount-rate must be a rate like 0.035 or 3.5%, not "${text}"`);
  return text.endsWith('%') || n >= 1 ? n / 100 : n;
}

const years = (v: number | null): string => (v === null ? 'not within the appraisal period' : `${v.toFixed(2)} years`);

function report(e: Evaluation): string {
  const a = e.appraisal;
  const unit = e.programme.unit;
  const m = (p: number): string => formatMoney(p, unit).padStart(12);
  const plan = a.years.filter((y) => y.inPlan);
  const out: string[] = [`${a.programme}  (${UNIT_LABEL[unit]}; negatives in brackets)`, ''];
  out.push(`${'Line'.padEnd(34)}${plan.map((y) => y.label.padStart(12)).join('')}${'Total'.padStart(12)}`);
  const row = (label: string, pick: (y: (typeof plan)[number]) => number, total: number): void => {
    out.push(`${label.padEnd(34)}${plan.map((y) => m(pick(y))).join('')}${m(total)}`);
  };
  const t = a.totals.plan;
  row('Investment', (y) => y.investment, t.investment);
  row('Ongoing cost', (y) => y.ongoingCost, t.ongoingCost);
  row('Gross saving (incremental)', (y) => y.grossSavingIncremental, t.grossSavingIncremental);
  row('Gross saving (against baseline)', (y) => y.grossSaving, t.grossSaving);
  row('  low', (y) => y.grossLow, t.grossLow);
  row('  high', (y) => y.grossHigh, t.grossHigh);
  row('Net saving (against baseline)', (y) => y.netSaving, t.netSaving);
  row('  cashable', (y) => y.cashable, t.cashable);
  row('  cost avoidance', (y) => y.costAvoidance, t.costAvoidance);
  row('Net cash flow', (y) => y.netCashFlow, t.netCashFlow);
  row('Cumulative net cash flow', (y) => y.cumulativeCashFlow, t.netCashFlow);
  out.push('');
  const last = financialYearLabel(a.years[0] ? a.years[0].year + 4 : 0);
  out.push(
    `Net saving over 5 years (to ${last}): ${formatMoney(a.totals.fiveYear.netSaving, unit)} (range ${formatMoney(a.totals.fiveYear.netLow, unit)} to ${formatMoney(a.totals.fiveYear.netHigh, unit)})`,
  );
  out.push(
    `Net saving over 10 years: ${formatMoney(a.totals.tenYear.netSaving, unit)} (range ${formatMoney(a.totals.tenYear.netLow, unit)} to ${formatMoney(a.totals.tenYear.netHigh, unit)})`,
  );
  out.push(`Simple payback: ${years(a.paybackSimpleYears)} (${a.paybackDefinitions.simple})`);
  out.push(`Cash-flow payback: ${years(a.paybackCashflowYears)} (${a.paybackDefinitions.cashflow})`);
  out.push(
    `NPV over the plan at ${(a.discountRate * 100).toFixed(1)}%: ${formatMoney(a.npv, unit)} (${a.discounting})`,
  );
  out.push('');
  if (e.checks.length === 0) out.push('Checks: every stated total agrees.');
  else {
    out.push(
      `Checks: ${e.checks.filter((c) => c.severity === 'error').length} error(s), ${e.checks.filter((c) => c.severity === 'rounding').length} rounding difference(s)`,
    );
    for (const c of e.checks) out.push(`  [${c.severity}] ${c.message}`);
  }
  for (const s of e.missingScenarios)
    out.push(
      `Note: initiative '${s.initiative}' names scenario '${s.scenario}', which was not found; its forecast is the plan.`,
    );
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  const plan = program.command('plan').description('Savings programmes: appraisal, checks, Excel export and import');

  addDbOption(
    plan
      .command('evaluate')
      .description('Appraise a programme (.yaml, .json or .xlsx) and check its stated totals')
      .argument('<file>', 'programme file')
      .option('--json', 'print {"years","totals","paybackSimpleYears","paybackCashflowYears","npv","checks",...}')
      .option('--discount-rate <rate>', "override the programme's discount rate (0.035 or 3.5%)")
      .option(
        '--la <code>',
        "forecast initiatives that name a scenario from this council's saved scenarios (runs the model)",
      )
      .option('--runs <n>', 'Monte Carlo runs for scenario forecasts (with --la)'),
  ).action(
    async (file: string, opts: DbOptions & { json?: boolean; discountRate?: string; la?: string; runs?: string }) => {
      const programme = await load(file);
      const rate = parseRate(opts.discountRate);
      const base = rate !== undefined ? { discountRate: rate } : {};
      const runs = opts.runs === undefined ? undefined : Number(opts.runs);
      if (runs !== undefined && (!Number.isInteger(runs) || runs < 1))
        throw new CliError(`--runs must be a whole number of runs, not "${opts.runs}"`);
      const linked = programme.initiatives.some((i) => i.scenario);
      const e =
        opts.la && linked
          ? await withDatabase(opts, (db) =>
              evaluateProgramme(programme, {
                ...base,
                scenarioSource: modelScenarioSource(db, opts.la ?? '', runs !== undefined ? { runs } : {}),
              }),
            )
          : await evaluateProgramme(programme, base);
      if (opts.json) printJson(evaluationJson(e));
      else process.stdout.write(report(e));
    },
  );

  plan
    .command('export')
    .description('Write a programme to an Excel workbook (years as columns, negatives in brackets)')
    .argument('<file>', 'programme file (.yaml, .json or .xlsx)')
    .requiredOption('--xlsx <out>', 'the workbook to write')
    .action(async (file: string, opts: { xlsx: string }) => {
      const programme = await load(file);
      await exportProgrammeWorkbook(programme, opts.xlsx);
      process.stderr.write(`Wrote ${opts.xlsx}\n`);
    });

  plan
    .command('import')
    .description('Read a programme workbook and write it as a YAML or JSON programme file')
    .argument('<xlsx>', 'the workbook')
    .requiredOption('--out <file>', 'the programme file to write (.yaml, .yml or .json)')
    .action(async (xlsx: string, opts: { out: string }) => {
      const programme = await load(xlsx);
      try {
        await saveProgrammeFile(programme, opts.out);
      } catch (err) {
        if (err instanceof ProgrammeFileError) throw new CliError(err.message);
        throw err;
      }
      process.stderr.write(`Wrote ${opts.out}\n`);
    });

  addDbOption(
    plan
      .command('save')
      .description("Store a programme for a council (replaces the council's programme with the same id)")
      .argument('<file>', 'programme file (.yaml, .json or .xlsx)')
      .requiredOption('--la <code>', 'council (local authority) code')
      .requiredOption('--id <id>', 'programme key, e.g. savings-2025'),
  ).action(async (file: string, opts: DbOptions & { la: string; id: string }) => {
    const programme = await load(file);
    await withDatabase(opts, async (db) => {
      try {
        await saveProgramme(db, opts.la, opts.id, programme, { now: new Date().toISOString(), user: 'cli' });
      } catch (err) {
        if (err instanceof ProgrammeFileError) throw new CliError(err.message);
        throw err;
      }
    });
    process.stderr.write(`Saved programme ${opts.id} for ${opts.la}\n`);
  });

  addDbOption(
    plan
      .command('list')
      .description("A council's stored programmes")
      .requiredOption('--la <code>', 'council (local authority) code')
      .option('--json', 'print the list as JSON'),
  ).action(async (opts: DbOptions & { la: string; json?: boolean }) => {
    const list = await withDatabase(opts, (db) => listProgrammes(db, opts.la));
    if (opts.json) printJson(list);
    else
      process.stdout.write(
        list.length === 0
          ? `No programmes stored for ${opts.la}\n`
          : `${list.map((p) => `${p.id}\t${p.name}\t${p.updatedAt}`).join('\n')}\n`,
      );
  });
}
