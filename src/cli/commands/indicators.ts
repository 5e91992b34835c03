/**
 * Indicators and benchmarks (issue 12):
 * `forecare indicators --la CODE [--year YYYY] [--json]`: the council's indicators for a collection
 *   year (named by the 31 March it ends on), each beside England, its statistical neighbours and its
 *   quartile among all councils.
 * `forecare benchmarks import FILE --la CODE [--json]`: imports a DfE published local authority
 *   table (the CSV offered with a statistical release on Explore Education Statistics); all or nothing.
 * `forecare benchmarks neighbours --la CODE CODES...`: the council's statistical neighbours, closest first.
 * `forecare benchmarks population --la CODE --year YYYY --children N`: the child population (0-17)
 *   the year's rates use (blank N removes it).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { intOption, laOption } from '../options.ts';
import { osUserName } from '../osUser.ts';

// Loaded when a subcommand runs, not when the program is built (see program.ts).
const indicators = () => import('../../services/indicators.ts');
const access = () => import('../../services/access.ts');

interface Options extends DbOptions {
  readonly la: string;
  readonly year?: string;
  readonly children?: string;
  readonly json?: boolean;
}

/** Errors for the person at the terminal as one clear message. */
async function asCliError(err: unknown): Promise<never> {
  const [{ BenchmarkImportRefused }, { UserInputError, NotFoundError }] = await Promise.all([
    indicators(),
    import('../../services/errors.ts'),
  ]);
  if (err instanceof BenchmarkImportRefused) throw new CliError(err.message);
  if (err instanceof UserInputError) throw new CliError(`${err.field}: ${err.message}`);
  if (err instanceof NotFoundError) throw new CliError(err.detail ? `${err.message}. ${err.detail}` : err.message);
  throw err;
}

const fmt = (v: number | null, digits = 0) =>
  v === null ? '-' : v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function register(program: Command): void {
  indicatorsCommand(program);
  const benchmarks = program
    .command('benchmarks')
    .description('Benchmarks for the indicators: DfE published tables, statistical neighbours, child population');
  benchmarksImport(benchmarks);
  benchmarksNeighbours(benchmarks);
  benchmarksPopulation(benchmarks);
}

/** `forecare indicators`. */
function indicatorsCommand(program: Command): void {
  addDbOption(
    program
      .command('indicators')
      .description('Indicators from the returns against England, statistical neighbours and quartile')
      .addOption(laOption('council (local authority) code'))
      .option('--year <yyyy>', 'collection year, named by the 31 March it ends on (default: the latest in the returns)')
      .option('--json', 'print the indicators, their counts and benchmarks as JSON'),
  ).action(async (opts: Options) => {
    const year = intOption('--year', opts.year, 2000, 2100);
    const [{ indicatorsView, indicatorsJson, publishedRounding }, { cliActor }] = await Promise.all([
      indicators(),
      access(),
    ]);
    const view = await withDatabase(opts, (db) =>
      indicatorsView(db, cliActor(opts.la, osUserName()), opts.la, year).catch(asCliError),
    );
    if (opts.json) {
      printJson(indicatorsJson(view));
      return;
    }
    if (view.year === null)
      throw new CliError(`No returns have been imported for ${opts.la}; import them first (forecare import)`);
    const pop =
      view.population.value === null
        ? 'no child population entered: no rates'
        : `child population ${view.population.value.toLocaleString('en-GB')}${view.population.source === 'council' ? " (the council's single figure; none entered for this year)" : ''}`;
    const lines = [
      `Indicators for ${opts.la}, year ending 31 March ${view.year} (${pop})`,
      `Neighbours: ${view.neighbours.length === 0 ? 'none listed' : view.neighbours.join(', ')}`,
      '',
      `${'Indicator'.padEnd(84)}${'Council'.padStart(9)}${'England'.padStart(9)}${'Neighbours'.padStart(13)}${'Quartile'.padStart(10)}`,
    ];
    for (const r of view.rows) {
      const c = r.comparison;
      const range = c.neighbourMin === null ? '-' : `${fmt(c.neighbourMin)}-${fmt(c.neighbourMax)}`;
      lines.push(
        `${r.label.padEnd(84)}${fmt(publishedRounding(r.value)).padStart(9)}${fmt(c.england).padStart(9)}${range.padStart(13)}${(c.quartile === null ? '-' : `Q${c.quartile}`).padStart(10)}`,
        `  ${r.basis}`,
      );
    }
    lines.push('', 'Not available from the returns Forecare holds:');
    for (const n of view.notAvailable) lines.push(`  ${n.indicator}: ${n.why}`);
    if (view.benchmarkSources.length > 0) lines.push('', `Benchmarks from: ${view.benchmarkSources.join(', ')}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

/** `forecare benchmarks import`. */
function benchmarksImport(benchmarks: Command): void {
  addDbOption(
    benchmarks
      .command('import <file>')
      .description(
        'Import a DfE published local authority table (Explore Education Statistics CSV, or its first sheet in Excel)',
      )
      .addOption(laOption('council (local authority) code'))
      .option('--json', 'print what was imported as JSON'),
  ).action(async (file: string, opts: Options) => {
    const [{ importBenchmarks }, { cliActor }] = await Promise.all([indicators(), access()]);
    const summary = await withDatabase(opts, (db) =>
      importBenchmarks(
        db,
        cliActor(opts.la, osUserName()),
        { laCode: opts.la, path: file, name: path.basename(file) },
        new Date(),
      ).catch(asCliError),
    );
    if (opts.json) {
      printJson(summary);
      return;
    }
    process.stdout.write(
      `Imported ${summary.figures} figures from ${summary.file} (${summary.dataSets.join('; ')}): years ${summary.years.join(', ')}; ${summary.withheld} withheld by the DfE (c, k, x, z) left out.\n`,
    );
  });
}

/** `forecare benchmarks neighbours`. */
function benchmarksNeighbours(benchmarks: Command): void {
  addDbOption(
    benchmarks
      .command('neighbours <codes...>')
      .description("Set the council's statistical neighbours (DfE three-digit codes), closest first")
      .addOption(laOption('council (local authority) code')),
  ).action(async (codes: string[], opts: Options) => {
    const [{ setNeighbours }, { cliActor }] = await Promise.all([indicators(), access()]);
    const saved = await withDatabase(opts, (db) =>
      setNeighbours(db, cliActor(opts.la, osUserName()), opts.la, codes.join(' '), new Date()).catch(asCliError),
    );
    process.stdout.write(`Statistical neighbours of ${opts.la}: ${saved.join(', ') || 'none'}\n`);
  });
}

/** `forecare benchmarks population`. */
function benchmarksPopulation(benchmarks: Command): void {
  addDbOption(
    benchmarks
      .command('population')
      .description('Set the child population (0-17) a collection year’s rates per 10,000 use')
      .addOption(laOption('council (local authority) code'))
      .requiredOption('--year <yyyy>', 'collection year, named by the 31 March it ends on')
      .requiredOption('--children <n>', 'children aged 0-17 (an empty value removes the year’s figure)'),
  ).action(async (opts: Options) => {
    const [{ setChildPopulation }, { cliActor }] = await Promise.all([indicators(), access()]);
    await withDatabase(opts, (db) =>
      setChildPopulation(
        db,
        cliActor(opts.la, osUserName()),
        opts.la,
        { year: opts.year ?? '', population: opts.children ?? '' },
        new Date(),
      ).catch(asCliError),
    );
    process.stdout.write(
      `Child population for ${opts.la}, year ending 31 March ${opts.year}: ${opts.children || 'removed'}\n`,
    );
  });
}
