/**
 * `forecare import PATHS... --la CODE [--db PATH_OR_URL] [--accept-errors] [--json]`: loads 903
 * returns into the store, all or nothing.
 */
import type { Command } from 'commander';
import type { ImportSummary } from '../../services/import.ts';
import { progressBar } from '../progress.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { laOption } from '../options.ts';
import { osUserName } from '../osUser.ts';

interface ImportCliOptions extends DbOptions {
  readonly la: string;
  readonly acceptErrors?: boolean;
  readonly json?: boolean;
}

function report(s: ImportSummary): string {
  const line = (what: string, c: { children: number; episodes: number }) =>
    `  ${what.padEnd(22)}${String(c.children).padStart(9)}${String(c.episodes).padStart(10)}`;
  return [
    `Imported ${s.files.length} file${s.files.length === 1 ? '' : 's'} for ${s.laCode} (import ${s.importId}): ${s.children} children, ${s.episodes} episodes.`,
    `  ${''.padEnd(22)}${'children'.padStart(9)}${'episodes'.padStart(10)}`,
    line('new', s.inserted),
    line('updated', s.updated),
    line('unchanged', s.unchanged),
    ...(s.olderThanStored.children + s.olderThanStored.episodes > 0
      ? [line('kept (newer stored)', s.olderThanStored)]
      : []),
    ...(s.careLeavers > 0 ? [`  care leavers' outcomes (OC3) stored: ${s.careLeavers}`] : []),
    `${s.errors} error${s.errors === 1 ? '' : 's'}${s.acceptedErrors ? ' (accepted)' : ''}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'} (see forecare validate).`,
  ].join('\n');
}

export function register(program: Command): void {
  addDbOption(
    program
      .command('import')
      .description('Load SSDA903 returns (folders per year or files) into the store, all or nothing')
      .argument('<paths...>', 'folders or files of 903 returns')
      .addOption(laOption('council (local authority) code the data belongs to'))
      .option('--accept-errors', 'import despite validation errors (fatal problems still refuse)')
      .option('--json', 'print a summary object'),
  ).action(async (paths: string[], opts: ImportCliOptions) => {
    const [
      { loadConfig },
      { createAuditService },
      { cliActor },
      { importAuditDetail, importReturns, ImportRefusedError },
      { loadPseudonymKey },
      { logger },
    ] = await Promise.all([
      import('../../config.ts'),
      import('../../services/audit.ts'),
      import('../../services/access.ts'),
      import('../../services/import.ts'),
      import('../../services/pseudonymise.ts'),
      import('../../logger.ts'),
    ]);
    const config = loadConfig();
    let key: Buffer;
    try {
      key = loadPseudonymKey(config);
    } catch (err) {
      throw new CliError(`Cannot get the pseudonymisation key: ${err instanceof Error ? err.message : String(err)}`);
    }
    const started = performance.now();
    const user = osUserName();
    const summary = await withDatabase(opts, async (db) => {
      // In the council's audit log like an import through the web, as done by `cli:<OS user>`.
      const audit = createAuditService(db);
      const actor = cliActor(opts.la, user);
      let done: ImportSummary;
      const progress = progressBar('Import', { json: opts.json });
      try {
        done = await importReturns(db, {
          laCode: opts.la,
          paths,
          importedBy: user,
          acceptErrors: opts.acceptErrors ?? false,
          now: new Date(),
          pseudonymKey: key,
          onProgress: (p) =>
            progress.update(
              p.done,
              p.total,
              p.stage === 'reading' ? `reading files (${p.done} of ${p.total})` : 'writing children and episodes',
            ),
        });
        progress.stop();
      } catch (err) {
        progress.stop();
        const refused = err instanceof ImportRefusedError;
        await audit
          .record(actor, 'import.failed', { source: 'cli', reason: refused ? 'refused' : 'error' })
          .catch(() => undefined);
        if (refused) throw new CliError(err.message);
        throw err;
      }
      await audit.record(actor, 'import.completed', importAuditDetail(done, 'cli'));
      return done;
    });
    logger.debug({ importId: summary.importId, seconds: (performance.now() - started) / 1000 }, 'import finished');
    if (opts.json) {
      printJson({
        importId: summary.importId,
        laCode: summary.laCode,
        children: summary.children,
        episodes: summary.episodes,
        inserted: summary.inserted,
        updated: summary.updated,
        unchanged: summary.unchanged,
        olderThanStored: summary.olderThanStored,
        files: summary.files.map((f) => ({
          path: f.path,
          table: f.table,
          collectionYear: f.collectionYear,
          rows: f.rows,
          sha256: f.sha256,
        })),
        errors: summary.errors,
        warnings: summary.warnings,
        acceptedErrors: summary.acceptedErrors,
        careLeavers: summary.careLeavers,
      });
    } else {
      process.stdout.write(`${report(summary)}\n`);
    }
  });
}
