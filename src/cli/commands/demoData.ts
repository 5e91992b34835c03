/**
 * `forecare demo-data OUTDIR --seed N --years Y --size small|medium|large [--end-year YYYY]`:
 * writes a synthetic council's SSDA903 returns and its children in need census (CSV tables in the
 * layout of docs/cin-census.md), one folder per collection year.
 */
import { isoDateOf } from '../../domain/dates.ts';
import type { Command } from 'commander';
import type { CouncilSize } from '../../domain/demo/simulateCouncil.ts';
import { CliError, printJson } from '../cliError.ts';

interface DemoDataOptions {
  readonly seed: string;
  readonly years: string;
  readonly size: string;
  readonly endYear?: string;
  readonly childrenInCare?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

function wholeNumber(text: string, option: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliError(`${option} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return n;
}

function isSize(sizes: Readonly<Record<CouncilSize, unknown>>, text: string): text is CouncilSize {
  return Object.hasOwn(sizes, text);
}

export function register(program: Command): void {
  program
    .command('demo-data')
    .description(
      "Write a synthetic council's SSDA903 returns and CIN census (one folder per collection year) for demos and tests",
    )
    .argument('<outdir>', 'folder to write into (year folders such as 2024/ are created in it)')
    .option('--seed <n>', 'random seed: the same seed gives the same files', '1')
    .option('--years <n>', 'number of collection years to write', '5')
    .option('--size <size>', 'small (about 250 children looked after), medium (800) or large (2,500)', 'medium')
    .option(
      '--end-year <yyyy>',
      'last collection year, named by the March it ends in (default: the latest complete one)',
    )
    .option('--children-in-care <n>', 'custom size: children looked after at any time (overrides --size)')
    .option('--force', 'write even if OUTDIR already holds year folders')
    .option('--json', 'print a summary as JSON')
    .action(async (outDir: string, opts: DemoDataOptions) => {
      const seed = wholeNumber(opts.seed, '--seed', -2_147_483_648, 4_294_967_295);
      const years = wholeNumber(opts.years, '--years', 1, 60);
      const [
        { COUNCIL_SIZES, latestCompleteCollectionYear, simulateCouncil },
        { existingYearFolders, writeReturns },
        { demoCinCensus },
        { writeCinTables },
      ] = await Promise.all([
        import('../../domain/demo/simulateCouncil.ts'),
        import('../../io/write903.ts'),
        import('../../domain/demo/cin.ts'),
        import('../../io/writeCin.ts'),
      ]);
      if (!isSize(COUNCIL_SIZES, opts.size))
        throw new CliError(`--size must be small, medium or large, not "${opts.size}"`);
      const today = isoDateOf(new Date());
      const endYear =
        opts.endYear === undefined
          ? latestCompleteCollectionYear(today)
          : wholeNumber(opts.endYear, '--end-year', 1980, 2090);
      const childrenInCare =
        opts.childrenInCare === undefined
          ? undefined
          : wholeNumber(opts.childrenInCare, '--children-in-care', 1, 1_000_000);
      const existing = await existingYearFolders(outDir);
      if (existing.length > 0 && opts.force !== true) {
        throw new CliError(
          `${outDir} already holds year folders (${existing.join(', ')}); choose an empty folder or add --force to overwrite`,
        );
      }
      const started = performance.now();
      const council = simulateCouncil({
        seed,
        years,
        endYear,
        size: opts.size,
        ...(childrenInCare === undefined ? {} : { childrenInCare }),
      });
      const written = await writeReturns(outDir, council.returns);
      // The CIN census draws from its own seeded stream: the 903 files are the same with or without it.
      const cin = await writeCinTables(outDir, demoCinCensus(council.returns, { seed }));
      const cinByYear = new Map(cin.map((c) => [c.collectionYear, c]));
      const seconds = (performance.now() - started) / 1000;
      if (opts.json) {
        printJson({
          outDir,
          seed,
          endYear,
          childrenInCare: council.childrenInCare,
          years: written.map(({ folder: _f, ...rest }) => ({
            ...rest,
            cinChildren: cinByYear.get(rest.collectionYear)?.children ?? 0,
            cinEpisodes: cinByYear.get(rest.collectionYear)?.episodes ?? 0,
          })),
        });
        return;
      }
      const lines = [
        `Synthetic council (seed ${seed}, about ${council.childrenInCare} children looked after) written to ${outDir}:`,
      ];
      for (const w of written)
        lines.push(
          `  ${w.collectionYear}: ${w.children} children, ${w.episodes} episodes, ${w.uasc} UASC, ${w.careLeavers} care leavers; CIN census ${cinByYear.get(w.collectionYear)?.children ?? 0} children, ${cinByYear.get(w.collectionYear)?.episodes ?? 0} CIN episodes`,
        );
      lines.push(`Done in ${seconds.toFixed(1)} s.`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
