/**
 * `forecare cin ...`: the children in need census (issue 12).
 *   forecare cin validate PATHS... [--la CODE] [--json]   check CIN XML / CSV files, store nothing
 *   forecare cin import PATHS... --la CODE [--accept-errors] [--json]   load them, all or nothing
 *   forecare cin counts FILE --la CODE [--json]   load the council's monthly counts (contacts, early help)
 */
import type { Command } from 'commander';
import type { Issue } from '../../domain/ssda903/types.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { laOption } from '../options.ts';
import { osUserName } from '../osUser.ts';

const EXAMPLES_PER_RULE = 3;

function where(i: Issue): string {
  return [i.file, i.row !== null ? `row ${i.row}` : null, i.column].filter((x) => x !== null).join(', ');
}

/** The human report: what was read, then each rule with its count and first examples. */
export function cinReport(
  issues: readonly Issue[],
  summary: { files: number; years: readonly number[]; counts: Record<string, number> },
): string {
  const lines: string[] = [];
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  lines.push(
    `Read ${summary.files} file${summary.files === 1 ? '' : 's'} for collection years ${summary.years.join(', ') || 'none'}.`,
  );
  lines.push(
    `After merging the years: ${Object.entries(summary.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}.`,
  );
  lines.push(
    `${errors.length} errors${errors.some((i) => i.fatal) ? ` (${errors.filter((i) => i.fatal).length} fatal: the data cannot be imported)` : ''}, ${warnings.length} warnings.`,
  );
  const groups = new Map<string, Issue[]>();
  for (const i of issues) groups.set(i.rule, [...(groups.get(i.rule) ?? []), i]);
  for (const [rule, list] of groups) {
    const first = list[0]!;
    lines.push(
      '',
      `${first.fatal ? 'FATAL' : first.severity === 'error' ? 'ERROR' : 'WARNING'} ${rule} (${list.length})`,
    );
    for (const i of list.slice(0, EXAMPLES_PER_RULE)) lines.push(`  - ${where(i)}: ${i.message}`);
    if (list.length > EXAMPLES_PER_RULE) lines.push(`  ... and ${list.length - EXAMPLES_PER_RULE} more`);
  }
  if (issues.length === 0) lines.push('', 'No problems found.');
  return lines.join('\n');
}

async function pseudonymKey(): Promise<Buffer> {
  const [{ loadConfig }, { loadPseudonymKey }] = await Promise.all([
    import('../../config.ts'),
    import('../../services/pseudonymise.ts'),
  ]);
  try {
    return loadPseudonymKey(loadConfig());
  } catch (err) {
    throw new CliError(`Cannot get the pseudonymisation key: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function register(program: Command): void {
  const cin = program
    .command('cin')
    .description('The children in need census: validate and import it, and monthly counts');
  cinValidate(cin);
  cinImport(cin);
  cinCounts(cin);
}

/** `forecare cin validate`. */
function cinValidate(cin: Command): void {
  cin
    .command('validate')
    .description('Check CIN census files (DfE XML or a CSV per table) and explain every problem; stores nothing')
    .argument('<paths...>', 'folders (2024/cin.xml, 2024/cin_details.csv, ...) or files')
    .addOption(laOption('council code, to check the XML header names the same local authority', { optional: true }))
    .option('--json', 'print {"errors","warnings","children","episodes",...} as JSON')
    .action(async (paths: string[], opts: { la?: string; json?: boolean }) => {
      const { validateCin, cinValidationJson } = await import('../../services/cin.ts');
      const result = await validateCin(paths, opts.la);
      const json = cinValidationJson(result);
      if (opts.json) printJson(json);
      else
        process.stdout.write(
          `${cinReport(result.issues, {
            files: result.files.length,
            years: result.years,
            counts: {
              children: json.children,
              'CIN episodes': json.episodes,
              assessments: json.assessments,
              'CIN plans': json.cinPlans,
              'section 47 enquiries': json.section47s,
              'child protection plans': json.protectionPlans,
            },
          })}\n`,
        );
      if (result.issues.some((i) => i.severity === 'error')) process.exitCode = 1;
    });
}

/** `forecare cin import`. */
function cinImport(cin: Command): void {
  addDbOption(
    cin
      .command('import')
      .description('Load CIN census files into the store for a council, all or nothing')
      .argument('<paths...>', 'folders or files of CIN census returns (XML or CSV tables)')
      .addOption(laOption('council (local authority) code the data belongs to'))
      .option('--accept-errors', 'import despite validation errors (fatal problems still refuse)')
      .option('--json', 'print a summary object'),
  ).action(async (paths: string[], opts: DbOptions & { la: string; acceptErrors?: boolean; json?: boolean }) => {
    const key = await pseudonymKey();
    const [{ importCin, CinImportRefusedError }, { cliActor }] = await Promise.all([
      import('../../services/cin.ts'),
      import('../../services/access.ts'),
    ]);
    const actor = cliActor(opts.la, osUserName());
    const summary = await withDatabase(opts, async (db) => {
      try {
        return await importCin(db, actor, {
          laCode: opts.la,
          paths,
          pseudonymKey: key,
          acceptErrors: opts.acceptErrors ?? false,
          now: new Date(),
          source: 'cli',
        });
      } catch (err) {
        if (err instanceof CinImportRefusedError) throw new CliError(err.message);
        throw err;
      }
    });
    if (opts.json)
      printJson({
        importId: summary.importId,
        laCode: summary.laCode,
        years: summary.years,
        read: summary.read,
        stored: summary.stored,
        files: summary.files.map((f) => ({
          path: f.path,
          format: f.format,
          table: f.table,
          collectionYear: f.collectionYear,
          records: f.records,
          sha256: f.sha256,
        })),
        errors: summary.errors,
        warnings: summary.warnings,
        acceptedErrors: summary.acceptedErrors,
      });
    else
      process.stdout.write(
        [
          `Imported ${summary.files.length} CIN census file${summary.files.length === 1 ? '' : 's'} for ${summary.laCode} (import ${summary.importId}), collection years ${summary.years.join(', ')}.`,
          `  read:   ${summary.read.children} children, ${summary.read.episodes} CIN episodes, ${summary.read.assessments} assessments, ${summary.read.cinPlans} CIN plans, ${summary.read.section47s} section 47 enquiries, ${summary.read.protectionPlans} child protection plans`,
          `  stored: ${summary.stored.children} children, ${summary.stored.episodes} CIN episodes, ${summary.stored.assessments} assessments, ${summary.stored.cinPlans} CIN plans, ${summary.stored.section47s} section 47 enquiries, ${summary.stored.protectionPlans} child protection plans`,
          `${summary.errors} error${summary.errors === 1 ? '' : 's'}${summary.acceptedErrors ? ' (accepted)' : ''}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'} (see forecare cin validate).`,
        ].join('\n') + '\n',
      );
  });
}

/** `forecare cin counts`. */
function cinCounts(cin: Command): void {
  addDbOption(
    cin
      .command('counts')
      .description(
        'Load monthly counts no return holds (CSV: month,contacts,early_help_assessments,early_help_starts), all or nothing',
      )
      .argument('<file>', 'CSV file, one row per month (YYYY-MM); a blank cell for a count not known')
      .addOption(laOption('council (local authority) code the counts belong to'))
      .option('--json', 'print a summary object'),
  ).action(async (file: string, opts: DbOptions & { la: string; json?: boolean }) => {
    const [{ importCinCounts, CinImportRefusedError }, { cliActor }] = await Promise.all([
      import('../../services/cin.ts'),
      import('../../services/access.ts'),
    ]);
    const actor = cliActor(opts.la, osUserName());
    const summary = await withDatabase(opts, async (db) => {
      try {
        return await importCinCounts(db, actor, { laCode: opts.la, path: file, now: new Date() });
      } catch (err) {
        if (err instanceof CinImportRefusedError) throw new CliError(err.message);
        throw err;
      }
    });
    if (opts.json) printJson(summary);
    else
      process.stdout.write(
        `Stored monthly counts for ${summary.laCode}: ${summary.months} month${summary.months === 1 ? '' : 's'}${summary.first ? ` (${summary.first} to ${summary.last})` : ''}.\n`,
      );
  });
}
