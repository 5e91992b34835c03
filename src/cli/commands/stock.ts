/** `forecare stock --la CODE --at YYYY-MM-DD [--db] [--config FILE] [--json]`: children looked after on a day. */
import fs from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_AGE_BANDS } from '../../domain/ageBands.ts';
import { PLACEMENT_CATEGORY_LABELS, isPlacementCategory } from '../../domain/placementCategories.ts';
import type { StockOptions } from '../../services/stock.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { isoOption, laOption, refuseOutsideData } from '../options.ts';

interface StockCliOptions extends DbOptions {
  readonly la: string;
  readonly at: string;
  readonly config?: string;
  readonly json?: boolean;
  readonly postCare?: boolean;
}

async function readConfig(file: string | undefined): Promise<StockOptions> {
  if (file === undefined) return {};
  const { parseStockConfig } = await import('../../services/stock.ts');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return parseStockConfig(text, file);
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }
}

export function register(program: Command): void {
  addDbOption(
    program
      .command('stock')
      .description('Children looked after on a day, by placement category and age band')
      .addOption(laOption('council (local authority) code'))
      .requiredOption('--at <date>', 'the day, YYYY-MM-DD')
      .option('--config <file>', 'YAML placement category mapping and/or age bands')
      .option(
        '--post-care',
        'children funded after care instead (special guardianship and adoption allowances, Staying Put, care leavers), before take-up shares',
      )
      .option('--json', 'print {"date","total","byCategory","byAgeBand"} (with --post-care: {"date","byLine"})'),
  ).action(async (opts: StockCliOptions) => {
    const date = isoOption('--at', opts.at);
    const { councilHasCaseData, stockAt } = await import('../../services/stock.ts');
    const { councilDataRange } = await import('../../services/dataRange.ts');
    if (opts.postCare) {
      const [{ postCareStockAt }, { POST_CARE_LINE_LABELS }] = await Promise.all([
        import('../../services/postCare.ts'),
        import('../../domain/finance/postCare.ts'),
      ]);
      if (opts.config !== undefined) throw new CliError('--config does not apply with --post-care');
      const { stock, known } = await withDatabase(opts, async (db) => {
        refuseOutsideData(await councilDataRange(db, opts.la), opts.la, [['--at', date]]);
        return { stock: await postCareStockAt(db, opts.la, date), known: await councilHasCaseData(db, opts.la) };
      });
      if (!known)
        process.stderr.write(
          `forecare: warning: this database holds no case data for council ${opts.la}; import its returns first (forecare import)\n`,
        );
      if (opts.json) {
        printJson({ date: stock.date, byLine: stock.byLine });
        return;
      }
      const lines = [
        `Children funded after care in ${opts.la} on ${stock.date} (counted from the returns, before take-up shares)`,
        '',
      ];
      for (const [k, n] of Object.entries(stock.byLine))
        lines.push(
          `  ${(POST_CARE_LINE_LABELS[k as keyof typeof POST_CARE_LINE_LABELS] ?? k).padEnd(50)}${String(n).padStart(6)}`,
        );
      process.stdout.write(`${lines.join('\n')}\n`);
      return;
    }
    const config = await readConfig(opts.config);
    const { stock, known } = await withDatabase(opts, async (db) => {
      refuseOutsideData(await councilDataRange(db, opts.la), opts.la, [['--at', date]]);
      return { stock: await stockAt(db, opts.la, date, config), known: await councilHasCaseData(db, opts.la) };
    });
    if (!known)
      process.stderr.write(
        `forecare: warning: this database holds no case data for council ${opts.la}; import its returns first (forecare import)\n`,
      );
    if (opts.json) {
      printJson({ date: stock.date, total: stock.total, byCategory: stock.byCategory, byAgeBand: stock.byAgeBand });
      return;
    }
    const lines = [`Children looked after in ${opts.la} on ${stock.date}: ${stock.total}`, '', 'By placement category'];
    const width = 34;
    for (const [k, n] of Object.entries(stock.byCategory)) {
      const label = isPlacementCategory(k) ? PLACEMENT_CATEGORY_LABELS[k] : k;
      lines.push(`  ${label.padEnd(width)}${String(n).padStart(6)}`);
    }
    lines.push('', 'By age band');
    const bandLabels = new Map((config.bands ?? DEFAULT_AGE_BANDS).map((b) => [b.key, b.label]));
    for (const [k, n] of Object.entries(stock.byAgeBand))
      lines.push(`  ${(bandLabels.get(k) ?? k.replaceAll('_', ' ')).padEnd(width)}${String(n).padStart(6)}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
