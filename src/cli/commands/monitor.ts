/**
 * `forecare monitor --la CODE --at YYYY-MM-DD [--runs N] [--seed N] [--save] [--json] [--db]`: budget
 * monitoring for the financial year containing the date, per line and in total (budget, actual to
 * date, forecast to 31 March, forecast outturn and its 80% interval, variance, movement since the
 * last saved period, volume/price/mix). `--save` keeps the figures as the date's period (P1 = April
 * ... P12 = March), in the council's audit log as `cli:<OS user>`. docs/budget-monitoring.md.
 */
import type { Command } from 'commander';
import { financialYearLabel } from '../../domain/dates.ts';
import { formatPounds } from '../../domain/finance/money.ts';
import type { ReportLine } from '../../services/monitoring.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { isoOption, laOption, parameterOption } from '../options.ts';
import { osUserName } from '../osUser.ts';
import { helpWithDefault, RUNS, SEED } from '../../services/forecastParameters.ts';

interface MonitorCliOptions extends DbOptions {
  readonly la: string;
  readonly at: string;
  readonly runs?: string;
  readonly seed?: string;
  readonly save?: boolean;
  readonly json?: boolean;
}

function row(l: ReportLine): string {
  const variance = `${formatPounds(l.variance)}${l.variance > 0 ? ' adverse' : l.variance < 0 ? ' favourable' : ''}`;
  return [
    `  ${l.label.padEnd(56)}`,
    formatPounds(l.budget).padStart(16),
    formatPounds(l.actualToDate).padStart(16),
    formatPounds(l.forecastRemaining).padStart(16),
    formatPounds(l.forecastOutturn).padStart(16),
    `${formatPounds(l.outturn80[0])} - ${formatPounds(l.outturn80[1])}`.padStart(34),
    variance.padStart(28),
    (l.movement === undefined ? '' : formatPounds(l.movement)).padStart(16),
  ].join('');
}

export function register(program: Command): void {
  addDbOption(
    program
      .command('monitor')
      .description(
        'Budget monitoring: forecast outturn against budget for the financial year containing a date, per line and in total',
      )
      .addOption(laOption('council (local authority) code'))
      .requiredOption('--at <date>', 'the as-at date, YYYY-MM-DD (actuals up to and including it)')
      .option(`${RUNS.flag} <n>`, helpWithDefault(RUNS, 'spend'))
      .option(`${SEED.flag} <n>`, helpWithDefault(SEED))
      .option('--save', "save the figures as the date's monitoring period (P1 = April ... P12 = March)")
      .option('--json', 'print JSON (money in pounds, 2 dp)'),
  ).action(async (opts: MonitorCliOptions) => {
    const at = isoOption('--at', opts.at);
    const runs = parameterOption(RUNS, opts.runs);
    const seed = parameterOption(SEED, opts.seed);
    // Loaded when the command runs, not when the program is built (see program.ts).
    const [
      { createAuditService },
      { AccessDeniedError, cliActor },
      { computeMonitoring, monitoringJson, saveMonitoringPeriod },
      { SpendInputError },
    ] = await Promise.all([
      import('../../services/audit.ts'),
      import('../../services/access.ts'),
      import('../../services/monitoring.ts'),
      import('../../services/spend.ts'),
    ]);
    const { report, saved } = await withDatabase(opts, async (db) => {
      const report = await computeMonitoring(db, opts.la, {
        at,
        ...(runs !== undefined ? { runs } : {}),
        ...(seed !== undefined ? { seed } : {}),
      });
      const saved = opts.save
        ? await saveMonitoringPeriod(db, createAuditService(db), cliActor(opts.la, osUserName()), report)
        : null;
      return { report, saved };
    }).catch((err: unknown) => {
      if (err instanceof SpendInputError || err instanceof AccessDeniedError) throw new CliError(err.message);
      throw err;
    });
    if (saved)
      process.stderr.write(
        `${saved.replaced ? 'Replaced' : 'Saved'} period P${saved.period} of ${financialYearLabel(report.year)} (as at ${report.asAt}).\n`,
      );
    if (opts.json) {
      printJson(monitoringJson(report));
      return;
    }
    const out = [
      `Budget monitoring, ${report.laCode}, ${financialYearLabel(report.year)} P${report.period}, as at ${report.asAt}: mean of ${report.runs} runs (seed ${report.seed})`,
      report.previousPeriod
        ? `Movement since P${report.previousPeriod.period} (as at ${report.previousPeriod.asAt}).`
        : 'No earlier period saved this year: no movement.',
      '',
      [
        `  ${'line'.padEnd(56)}`,
        'budget'.padStart(16),
        'actual to date'.padStart(16),
        'forecast rest'.padStart(16),
        'outturn'.padStart(16),
        '80% interval'.padStart(34),
        'variance'.padStart(28),
        'movement'.padStart(16),
      ].join(''),
      ...report.lines.filter((l) => l.budget !== 0 || l.forecastOutturn !== 0).map(row),
      row(report.total),
    ];
    if (report.otherBudgets.length > 0) {
      out.push('', 'Budgets of lines Forecare does not forecast (not in the total):');
      for (const b of report.otherBudgets) out.push(`  ${b.line.padEnd(56)}${formatPounds(b.budget).padStart(16)}`);
    }
    out.push(
      '',
      'Variance = outturn - budget (adverse when positive). Drivers (volume, price, mix): forecare monitor --json, docs/budget-monitoring.md.',
    );
    for (const w of report.warnings) out.push(`warning: ${w}`);
    process.stdout.write(`${out.join('\n')}\n`);
  });
}
