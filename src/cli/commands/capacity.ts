/**
 * In-house capacity (issue 11):
 * `forecare capacity import FILE --la CODE [--json]`: the council's approved fostering households,
 *   their places and its homes' beds by month, from CSV or Excel (month, fostering_households,
 *   fostering_places, home_beds); all or nothing; a file replaces the records held.
 * `forecare capacity report --la CODE [--json]`: the forecast's expected demand against them month
 *   by month, and the gap to buy externally, costed by financial year.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { financialYearLabel } from '../../domain/dates.ts';
import { formatPounds } from '../../domain/finance/money.ts';
import type { CapacityView } from '../../services/capacity.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { laOption } from '../options.ts';
import { osUserName } from '../osUser.ts';

// Loaded when a subcommand runs, not when the program is built (see program.ts).
const capacity = () => import('../../services/capacity.ts');
const access = () => import('../../services/access.ts');

interface CapacityOptions extends DbOptions {
  readonly la: string;
  readonly json?: boolean;
}

const round1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);

/** The report as JSON: demand and gaps to one decimal place (expected children), money in pence. */
export function capacityReportJson(view: CapacityView) {
  return {
    forecastStart: view.forecastStart,
    records: view.records,
    months: view.months.map((m) => ({
      month: m.month,
      fosteringPlaces: m.capacity?.fosteringPlaces ?? null,
      fosteringDemand: round1(m.fosteringDemand),
      fosteringGap: round1(m.fosteringGap),
      fosteringGapPence: m.fosteringGapPence,
      homeBeds: m.capacity?.homeBeds ?? null,
      residentialDemand: round1(m.residentialDemand),
      residentialGap: round1(m.residentialGap),
      residentialGapPence: m.residentialGapPence,
    })),
    years: view.years.map((y) => ({ ...y, label: financialYearLabel(y.financialYear) })),
  };
}

function describe(view: CapacityView): string {
  if (view.forecastStart === null) return 'No returns have been imported yet: demand is forecast from them.\n';
  if (view.records.length === 0)
    return 'No in-house capacity recorded yet (forecare capacity import, or the Sufficiency page).\n';
  const lines = [
    `Expected demand from the forecast starting ${view.forecastStart}, against in-house capacity:`,
    'Month     Places  Fostering demand  Gap    Beds  Residential demand  Gap',
  ];
  for (const m of view.months) {
    const f = (x: number | null) => (x === null ? '-' : x.toFixed(1));
    lines.push(
      `${m.month}  ${String(m.capacity?.fosteringPlaces ?? '-').padStart(6)}  ${f(m.fosteringDemand).padStart(16)}  ${f(m.fosteringGap).padStart(5)}  ${String(m.capacity?.homeBeds ?? '-').padStart(4)}  ${f(m.residentialDemand).padStart(18)}  ${f(m.residentialGap).padStart(5)}`,
    );
  }
  lines.push('', 'Cost of the gap (bought externally at the unit costs of each year):');
  for (const y of view.years)
    lines.push(
      `  ${financialYearLabel(y.financialYear)} (${y.months} months): fostering ${formatPounds(y.fosteringGapPence)}, residential ${formatPounds(y.residentialGapPence)}`,
    );
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const cmd = program
    .command('capacity')
    .description(
      "In-house capacity: fostering households, places and the council's home beds, against forecast demand",
    );

  addDbOption(
    cmd
      .command('import')
      .description(
        'Read capacity by month (CSV or .xlsx: month, fostering_households, fostering_places, home_beds), all or nothing',
      )
      .argument('<file>', 'CSV or Excel file')
      .addOption(laOption('council (local authority) code'))
      .option('--json', 'print {records}'),
  ).action(async (file: string, opts: CapacityOptions) => {
    const [{ importCapacity, CapacityImportRefused }, { cliActor }] = await Promise.all([capacity(), access()]);
    const summary = await withDatabase(opts, (db) =>
      importCapacity(
        db,
        cliActor(opts.la, osUserName()),
        { laCode: opts.la, path: file, name: path.basename(file) },
        new Date(),
      ).catch((err: unknown) => {
        if (err instanceof CapacityImportRefused) throw new CliError(err.message);
        throw err;
      }),
    );
    if (opts.json) return printJson(summary);
    process.stdout.write(
      `Stored ${summary.records} months of in-house capacity for ${opts.la} (replacing any held).\n`,
    );
  });

  addDbOption(
    cmd
      .command('report')
      .description(
        'Forecast demand against in-house capacity month by month, and the cost of the gap by financial year',
      )
      .addOption(laOption('council (local authority) code'))
      .option('--json', 'print {forecastStart, records, months, years}'),
  ).action(async (opts: CapacityOptions) => {
    const [{ capacityView }, { cliActor }] = await Promise.all([capacity(), access()]);
    const view = await withDatabase(opts, (db) => capacityView(db, cliActor(opts.la, osUserName()), opts.la));
    if (opts.json) return printJson(capacityReportJson(view));
    process.stdout.write(describe(view));
  });
}
