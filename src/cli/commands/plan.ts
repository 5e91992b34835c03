/**
 * `forecare plan`: savings programmes.
 *   plan evaluate FILE [--json] [--discount-rate R] [--as-of DATE] [--la CODE]
 *                                                     appraisal, checks, monitoring and targets of a .yaml/.json/.xlsx programme
 *   plan export FILE --xlsx OUT                       the programme as a council-style Excel workbook
 *   plan import XLSX --out FILE                       a workbook back to a YAML/JSON programme file
 *   plan save FILE --la CODE --id ID [--db]           store a programme for a council
 *   plan list --la CODE [--db]                        the council's stored programmes
 */
import path from 'node:path';
import type { Command } from 'commander';
import { financialYearLabel, parseDate, type IsoDate, isoDateOf } from '../../domain/dates.ts';
import { formatMoney, UNIT_LABEL } from '../../domain/finance/money.ts';
import type { Evaluation } from '../../services/programmes.ts';
import { parameterOption } from '../options.ts';
import { helpWithDefault, RUNS } from '../../services/forecastParameters.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { laOption } from '../options.ts';

// Loaded when a subcommand runs, not when the program is built (see program.ts).
const programmes = () => import('../../services/programmes.ts');

async function load(file: string) {
  const { loadProgramme, ProgrammeFileError } = await programmes();
  try {
    return await loadProgramme(file);
  } catch (err) {
    if (err instanceof ProgrammeFileError) throw new CliError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`);
    if (code === 'EISDIR') throw new CliError(`${file}: a folder, not a programme file`);
    if (code === 'EACCES') throw new CliError(`${file}: not allowed to read it`);
    throw err;
  }
}

function asOfOption(text: string | undefined): IsoDate {
  if (text === undefined) return isoDateOf(new Date());
  const d = parseDate(text);
  if (d === null || !/^\d{4}-\d{2}-\d{2}$/.test(text))
    throw new CliError(`--as-of must be a date written YYYY-MM-DD, not "${text.slice(0, 40)}"`);
  return d;
}

function parseRate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0)
    throw new CliError(`--discount-rate must be a rate like 0.035 or 3.5%, not "${text}"`);
  return text.endsWith('%') || n >= 1 ? n / 100 : n;
}

const num = (v: number | null): string => (v === null ? '-' : v.toLocaleString('en-GB', { maximumFractionDigits: 1 }));

const years = (v: number | null): string => (v === null ? 'not within the appraisal period' : `${v.toFixed(2)} years`);

function report(e: Evaluation, asOf: IsoDate): string {
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
  const range = (low: number, high: number): string =>
    low === high ? '' : ` (range ${formatMoney(low, unit)} to ${formatMoney(high, unit)})`;
  const last = financialYearLabel(a.years[0] ? a.years[0].year + 4 : 0);
  const five = a.totals.fiveYear;
  const ten = a.totals.tenYear;
  out.push(
    `Net saving over 5 years (to ${last}): ${formatMoney(five.netSaving, unit)}${range(five.netLow, five.netHigh)}`,
  );
  out.push(`Net saving over 10 years: ${formatMoney(ten.netSaving, unit)}${range(ten.netLow, ten.netHigh)}`);
  out.push(`Net saving after investment over the plan: ${formatMoney(t.netCashFlow, unit)}`);
  out.push(`Simple payback: ${years(a.paybackSimpleYears)} (${a.paybackDefinitions.simple})`);
  out.push(`Cash-flow payback: ${years(a.paybackCashflowYears)} (${a.paybackDefinitions.cashflow})`);
  out.push(
    `NPV over the plan at ${(a.discountRate * 100).toFixed(1)}%: ${formatMoney(a.npv, unit)} (${a.discounting})`,
  );
  out.push('');
  out.push(
    `Monitoring on ${asOf} (${UNIT_LABEL[unit]}; variance = forecast minus target; RAG on forecast as a share of target)`,
  );
  out.push(
    `${'Initiative'.padEnd(30)}${'Target'.padStart(12)}${'Forecast'.padStart(12)}${'Actual'.padStart(12)}${'Variance'.padStart(12)}  ${'RAG'.padEnd(6)} from`,
  );
  for (const r of e.monitoring) {
    const actual = r.actual === null ? 'not yet'.padStart(12) : m(r.actual);
    const milestones = r.overdueMilestones > 0 ? `; ${r.overdueMilestones} overdue milestone(s)` : '';
    out.push(
      `${r.initiative.slice(0, 29).padEnd(30)}${m(r.target)}${m(r.forecast)}${actual}${m(r.variance)}  ${r.rag.padEnd(6)} ${r.basis === 'monitoring' ? `monitoring (${r.periods.length} period(s))` : 'plan years'}${milestones}`,
    );
  }
  if (e.targets.length > 0) {
    out.push('');
    out.push('Non-financial targets');
    for (const tv of e.targets) {
      const yearsText = tv.byYear.map((y) => `${y.label} ${y.value}`).join(', ');
      out.push(
        `  ${tv.initiative}: ${tv.measure}${tv.unit ? ` (${tv.unit})` : ''}${yearsText ? `: ${yearsText}` : ''}`,
      );
      if (tv.months.length > 0) {
        const first = tv.months[0];
        const lastMonth = tv.months[tv.months.length - 1];
        out.push(
          `    trajectory ${first?.month} ${num(first?.target ?? null)} to ${lastMonth?.month} ${num(lastMonth?.target ?? null)}${tv.counted ? `; actuals counted from the returns (${tv.counted.measure}${tv.counted.route ? `, ${tv.counted.route}` : ''})` : ''}`,
        );
        const l = tv.latest;
        if (l)
          out.push(
            `    latest ${l.month}: target ${num(l.target)}, actual ${num(l.actual)} (${l.actualSource}), variance ${num(l.variance)}${l.direction ? ` ${l.direction}` : ''}${l.rag ? `, ${l.rag}` : ''}`,
          );
        else out.push('    no actuals yet');
      }
    }
  }
  out.push('');
  if (e.checks.length === 0) out.push('Checks: every stated total agrees.');
  else {
    out.push(
      `Checks: ${e.checks.filter((c) => c.severity === 'error').length} error(s), ${e.checks.filter((c) => c.severity === 'rounding').length} rounding difference(s)`,
    );
    for (const c of e.checks) out.push(`  [${c.severity}] ${c.message}`);
  }
  for (const w of e.warnings) out.push(`Warning: ${w}`);
  for (const s of e.missingScenarios)
    out.push(
      `Note: initiative '${s.initiative}' names scenario '${s.scenario}', which was not found; its forecast is the plan.`,
    );
  return `${out.join('\n')}\n`;
}

/** A file that could not be written, as one line saying why (no stack trace). */
function writeError(file: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'ENOENT'
      ? `the folder ${path.dirname(path.resolve(file))} does not exist`
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'ENOTDIR'
            ? 'a part of its path is a file, not a folder'
            : code !== undefined
              ? code
              : null;
  if (why === null) return err instanceof Error ? err : new Error(String(err));
  return new CliError(`Cannot write ${file}: ${why}`);
}

export function register(program: Command): void {
  const plan = program.command('plan').description('Savings programmes: appraisal, checks, Excel export and import');
  planEvaluate(plan);
  planExport(plan);
  planImport(plan);
  planSave(plan);
  planList(plan);
}

/** `forecare plan evaluate`. */
function planEvaluate(plan: Command): void {
  addDbOption(
    plan
      .command('evaluate')
      .description('Appraise a programme (.yaml, .json or .xlsx), check its stated totals, and report its monitoring')
      .argument('<file>', 'programme file')
      .option(
        '--json',
        'print {"years","totals","paybackSimpleYears","paybackCashflowYears","npv","checks","monitoring","targets","warnings",...}',
      )
      .option('--discount-rate <rate>', "override the programme's discount rate (0.035 or 3.5%)")
      .option(
        '--as-of <date>',
        'the day monitoring is reported for: overdue milestones, counted actuals (default today)',
      )
      .addOption(
        laOption(
          "this council's saved scenarios forecast linked initiatives (runs the model) and its returns count targets' actuals",
          { optional: true },
        ),
      )
      .option(`${RUNS.flag} <n>`, `${helpWithDefault(RUNS, 'spend')}, for scenario forecasts (with --la)`),
  ).action(
    async (
      file: string,
      opts: DbOptions & { json?: boolean; discountRate?: string; la?: string; runs?: string; asOf?: string },
    ) => {
      const programme = await load(file);
      const rate = parseRate(opts.discountRate);
      const asOf = asOfOption(opts.asOf);
      const base = { ...(rate !== undefined ? { discountRate: rate } : {}), asOf };
      const runs = parameterOption(RUNS, opts.runs);
      const { councilCaseData, evaluateProgramme, evaluationJson, modelScenarioSource, permanenceTrackerSource } =
        await programmes();
      const { systemActor } = await import('../../services/access.ts');
      const linked = programme.initiatives.some((i) => i.scenario);
      const tracked = programme.initiatives.some((i) => i.trackerProject !== undefined);
      const counted = programme.initiatives.some((i) => i.targets.some((t) => t.counted));
      const la = opts.la;
      const e =
        la && (linked || counted || tracked)
          ? await withDatabase(opts, async (db) =>
              evaluateProgramme(programme, {
                ...base,
                ...(linked ? { scenarioSource: modelScenarioSource(db, la, runs !== undefined ? { runs } : {}) } : {}),
                ...(tracked ? { trackerSource: permanenceTrackerSource(db, systemActor(la, 'cli'), la) } : {}),
                ...(counted ? { caseData: await councilCaseData(db, la) } : {}),
              }),
            )
          : await evaluateProgramme(programme, base);
      if (opts.json) printJson(evaluationJson(e));
      else process.stdout.write(report(e, asOf));
    },
  );
}

/** `forecare plan export`. */
function planExport(plan: Command): void {
  plan
    .command('export')
    .description('Write a programme to an Excel workbook (years as columns, negatives in brackets)')
    .argument('<file>', 'programme file (.yaml, .json or .xlsx)')
    .requiredOption('--xlsx <out>', 'the workbook to write')
    .action(async (file: string, opts: { xlsx: string }) => {
      const programme = await load(file);
      const { exportProgrammeWorkbook } = await programmes();
      await exportProgrammeWorkbook(programme, opts.xlsx).catch((err: unknown) => {
        throw writeError(opts.xlsx, err);
      });
      process.stderr.write(`Wrote ${opts.xlsx}\n`);
    });
}

/** `forecare plan import`. */
function planImport(plan: Command): void {
  plan
    .command('import')
    .description('Read a programme workbook and write it as a YAML or JSON programme file')
    .argument('<xlsx>', 'the workbook')
    .requiredOption('--out <file>', 'the programme file to write (.yaml, .yml or .json)')
    .action(async (xlsx: string, opts: { out: string }) => {
      const programme = await load(xlsx);
      const { ProgrammeFileError, saveProgrammeFile } = await programmes();
      try {
        await saveProgrammeFile(programme, opts.out);
      } catch (err) {
        if (err instanceof ProgrammeFileError) throw new CliError(err.message);
        throw writeError(opts.out, err);
      }
      process.stderr.write(`Wrote ${opts.out}\n`);
    });
}

/** `forecare plan save`. */
function planSave(plan: Command): void {
  addDbOption(
    plan
      .command('save')
      .description("Store a programme for a council (replaces the council's programme with the same id)")
      .argument('<file>', 'programme file (.yaml, .json or .xlsx)')
      .addOption(laOption('council (local authority) code'))
      .requiredOption('--id <id>', 'programme key, e.g. savings-2025'),
  ).action(async (file: string, opts: DbOptions & { la: string; id: string }) => {
    const programme = await load(file);
    const { ProgrammeFileError, saveProgramme } = await programmes();
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
}

/** `forecare plan list`. */
function planList(plan: Command): void {
  addDbOption(
    plan
      .command('list')
      .description("A council's stored programmes")
      .addOption(laOption('council (local authority) code'))
      .option('--json', 'print the list as JSON'),
  ).action(async (opts: DbOptions & { la: string; json?: boolean }) => {
    const { listProgrammes } = await programmes();
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
