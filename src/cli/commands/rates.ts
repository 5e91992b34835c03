/**
 * `forecare rates --la CODE [--start YYYY-MM-DD] [--reference-months M] [cohort options] [--json]`:
 * the fitted rates with the exposure (child-days) and event counts behind each.
 */
import type { Command } from 'commander';
import { EXIT_ROUTE_LABELS } from '../../domain/exitRoutes.ts';
import { ENTRY_MODEL, helpWithDefault, REFERENCE_MONTHS } from '../../services/forecastParameters.ts';
import { printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import {
  addCohortOptions,
  cohortFrom,
  entryModelOption,
  isoOption,
  parameterOption,
  type CohortCliOptions,
  laOption,
  refuseOutsideData,
} from '../options.ts';

interface RatesCliOptions extends DbOptions, CohortCliOptions {
  readonly la: string;
  readonly start?: string;
  readonly referenceMonths?: string;
  readonly entryModel?: string;
  readonly json?: boolean;
}

export function register(program: Command): void {
  addCohortOptions(
    addDbOption(
      program
        .command('rates')
        .description('The fitted entry, transition and exit rates, with the exposure and events behind each')
        .addOption(laOption('council (local authority) code'))
        .option(
          '--start <date>',
          'end of the reference window, YYYY-MM-DD (default: 31 March of the latest year in the data)',
        )
        .option(`${REFERENCE_MONTHS.flag} <n>`, helpWithDefault(REFERENCE_MONTHS))
        .option(`${ENTRY_MODEL.flag} <flat|trend>`, 'entry model to report as used')
        .option('--json', 'print the rates as JSON'),
    ),
  ).action(async (opts: RatesCliOptions) => {
    const { ratesForCouncil, ratesJson } = await import('../../services/rates.ts');
    const { councilDataRange } = await import('../../services/dataRange.ts');
    const start = opts.start === undefined ? undefined : isoOption('--start', opts.start);
    const rates = await withDatabase(opts, async (db) => {
      refuseOutsideData(await councilDataRange(db, opts.la), opts.la, [['--start', start]]);
      return ratesForCouncil(db, {
        la: opts.la,
        start,
        referenceMonths: parameterOption(REFERENCE_MONTHS, opts.referenceMonths),
        entryModel: entryModelOption(opts.entryModel),
        cohort: cohortFrom(opts),
      });
    });
    const json = ratesJson(opts.la, rates) as {
      entries: { ageBand: string; category: string; events: number; exposureDays: number; perYear: number }[];
      exits: {
        ageBand: string;
        category: string;
        route: keyof typeof EXIT_ROUTE_LABELS;
        events: number;
        exposureDays: number;
        ratePerDay: number;
      }[];
      transitions: {
        ageBand: string;
        from: string;
        to: string;
        events: number;
        exposureDays: number;
        ratePerDay: number;
      }[];
    };
    if (opts.json) {
      printJson(json);
      return;
    }
    const lines = [
      `Rates for ${opts.la}, cohort ${rates.cohort}: window ${rates.referenceStart} to ${rates.start} (${rates.referenceDays} days); rate = events / exposure`,
      '',
      'Entries (a year)',
    ];
    for (const e of json.entries)
      lines.push(
        `  ${e.ageBand.padEnd(10)}${e.category.padEnd(26)}${String(e.events).padStart(6)} in ${e.exposureDays} days = ${e.perYear.toFixed(1)} a year`,
      );
    lines.push(
      '',
      `Exits (a child-year), over ${rates.exitReferenceStart} to ${rates.start} (${rates.exitReferenceDays} days)${rates.exitReferenceDays > rates.referenceDays ? ': longer than the window, as exits were stable (see docs/forecast-method.md)' : ''}`,
    );
    for (const e of json.exits) {
      lines.push(
        `  ${e.ageBand.padEnd(10)}${e.category.padEnd(26)}${EXIT_ROUTE_LABELS[e.route].padEnd(50)}${String(e.events).padStart(5)} / ${e.exposureDays} days = ${(e.ratePerDay * 365.25).toFixed(3)}`,
      );
    }
    lines.push('', `Transitions (a child-year), over the exits' window`);
    for (const t of json.transitions)
      lines.push(
        `  ${t.ageBand.padEnd(10)}${`${t.from} -> ${t.to}`.padEnd(52)}${String(t.events).padStart(5)} / ${t.exposureDays} days = ${(t.ratePerDay * 365.25).toFixed(3)}`,
      );
    const tic =
      (
        json as {
          exitsByTimeInCare?: {
            route: string;
            durationBand: string;
            events: number;
            exposureDays: number;
            expectedEvents: number;
            factor: number;
          }[];
        }
      ).exitsByTimeInCare ?? [];
    if (tic.length > 0) {
      lines.push('', 'Exits by time in care (factor on the base rate = (events + 2) / (expected + 2))');
      for (const t of tic)
        lines.push(
          `  ${t.route.padEnd(24)}${t.durationBand.padEnd(18)}${String(t.events).padStart(5)} / ${t.exposureDays} days, expected ${t.expectedEvents.toFixed(1)}: factor ${t.factor.toFixed(3)}`,
        );
    }
    lines.push('', `Aged out at 18 in the window: ${rates.agedOut}; entry model: ${rates.entryModel}`);
    for (const w of rates.warnings) lines.push(`warning: ${w}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
