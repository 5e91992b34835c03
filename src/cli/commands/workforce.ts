/**
 * `forecare workforce import FILE --la CODE [--json]`: a CSV or .xlsx file of each team's figures
 * by month or quarter (docs/workforce.md lists the columns); every period in it replaces that
 * period's figures for every team, as one change; a file with any problem is refused whole.
 * `forecare workforce report --la CODE [--json]`: rates, caseloads, cost by financial year, FTE
 * needed from the demand forecast and the agency lever's base.
 * Changes are in the council's audit log as `cli:<OS user>`.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { formatPounds } from '../../domain/finance/money.ts';
import type { Actor } from '../../services/access.ts';
import type { WorkforceService } from '../../services/workforce.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { laOption } from '../options.ts';
import { osUserName } from '../osUser.ts';

const workforce = () => import('../../services/workforce.ts');

/** Runs `fn` with the workforce service (its forecast on this thread) and the command line's actor. */
async function withWorkforce<T>(
  opts: DbOptions & { la: string },
  fn: (service: WorkforceService, actor: Actor) => Promise<T>,
): Promise<T> {
  const [
    { createAuditService },
    { cliActor },
    { createWorkforceService },
    { createForecastService },
    { createDataVersions },
  ] = await Promise.all([
    import('../../services/audit.ts'),
    import('../../services/access.ts'),
    workforce(),
    import('../../services/forecast.service.ts'),
    import('../../services/dataVersions.ts'),
  ]);
  return withDatabase(opts, (db) => {
    const forecasts = createForecastService(db, createDataVersions(db));
    const service = createWorkforceService(db, createAuditService(db), {
      forecast: (actor, la) => forecasts.forecast(actor, la),
    });
    return fn(service, cliActor(opts.la, osUserName()));
  });
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, d = 1) => (x === null ? 'n/a' : x.toFixed(d));

export function register(program: Command): void {
  const command = program.command('workforce').description('The social work workforce: teams, rates, caseloads, cost');

  addDbOption(
    command
      .command('import')
      .description(
        "Import each team's figures by month or quarter from a CSV or .xlsx file (columns in docs/workforce.md); each period in the file replaces that period's figures",
      )
      .argument('<file>', 'the workforce file')
      .addOption(laOption('council (local authority) code'))
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, opts: DbOptions & { la: string; json?: boolean }) => {
    const { WorkforceImportRefused } = await workforce();
    try {
      const result = await withWorkforce(opts, (service, actor) =>
        service.importFile(actor, opts.la, file, path.basename(file)),
      );
      if (opts.json) return printJson(result);
      process.stderr.write(
        `Imported ${result.rows} row${result.rows === 1 ? '' : 's'} for ${result.teams} team${result.teams === 1 ? '' : 's'} of ${opts.la}: ${result.periods.length} period${result.periods.length === 1 ? '' : 's'} (${result.periods[0]} to ${result.periods[result.periods.length - 1]}) replaced.\n`,
      );
    } catch (err) {
      if (err instanceof WorkforceImportRefused) {
        if (opts.json) printJson({ imported: 0, errors: err.problems });
        throw new CliError(err.message);
      }
      throw err;
    }
  });

  addDbOption(
    command
      .command('report')
      .description('Turnover, vacancy and agency rates, caseloads against target, cost by financial year, FTE needed')
      .addOption(laOption('council (local authority) code'))
      .option('--json', 'print JSON (rates as fractions, money in pounds)'),
  ).action(async (opts: DbOptions & { la: string; json?: boolean }) => {
    const { workforceReportJson } = await workforce();
    const report = await withWorkforce(opts, (service, actor) => service.report(actor, opts.la));
    if (opts.json) return printJson(workforceReportJson(report));
    const m = report.latest;
    if (!m) {
      process.stdout.write(
        `No workforce figures for ${opts.la}. Import them with forecare workforce import FILE --la ${opts.la}.\n`,
      );
      return;
    }
    const lines = [
      `Social work workforce, ${opts.la}, ${report.asAtLabel}: ${report.teamCount} teams`,
      `  FTE permanent ${num(m.permanentFte)}, agency ${num(m.agencyFte)}, vacancies ${num(m.vacancyFte)}`,
      `  Turnover ${pct(m.turnover)}, vacancy rate ${pct(m.vacancy)}, agency rate ${pct(m.agency)}`,
      `  Caseload ${num(m.caseload)} cases per filled FTE (target ${num(m.targetCaseload)})${m.uncounted.length ? `; not counted: ${m.uncounted.join(', ')}` : ''}`,
      '',
      'Cost by financial year (permanent, agency, total)',
      ...report.cost.years.map(
        (y) =>
          `  ${y.yearLabel}  ${formatPounds(y.permanentPence).padStart(16)}${formatPounds(y.agencyPence).padStart(16)}${formatPounds(y.totalPence).padStart(16)}`,
      ),
    ];
    const need = report.fteNeeded;
    const lastNeed = need?.months[need.months.length - 1];
    if (need && lastNeed)
      lines.push(
        '',
        `FTE needed at target caseload: ${num(lastNeed.central)} (${num(lastNeed.low)} to ${num(lastNeed.high)}) in ${lastNeed.month}, against ${num(need.establishmentFte)} establishment and ${num(need.filledFte)} filled now`,
      );
    if (report.warnings.length) lines.push('', ...report.warnings.map((w) => `Warning: ${w}`));
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
