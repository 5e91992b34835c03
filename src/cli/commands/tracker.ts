/**
 * Permanence trackers (issue 11):
 * `forecare tracker import FILE --la CODE --project NAME [--from YYYY-MM-DD] [--json]`: a project's
 *   cohort from CSV or Excel (CHILD, planned_route, planned_month, optional status, reason), all or
 *   nothing; CHILD ids pseudonymised with the returns' key.
 * `forecare tracker report --la CODE --project NAME [--horizon YYYY-MM-DD] [--json]`: progress as at
 *   the latest date in the returns, month by month, and the saving.
 * `forecare tracker list --la CODE [--json]`.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { formatPounds } from '../../domain/finance/money.ts';
import { PLANNED_ROUTE_LABELS } from '../../domain/permanence/tracker.ts';
import type { TrackerView } from '../../services/permanence.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { dateOption, laOption } from '../options.ts';
import { osUserName } from '../osUser.ts';

// Loaded when a subcommand runs, not when the program is built (see program.ts).
const permanence = () => import('../../services/permanence.ts');
const access = () => import('../../services/access.ts');

interface TrackerOptions extends DbOptions {
  readonly la: string;
  readonly project: string;
  readonly from?: string;
  readonly horizon?: string;
  readonly json?: boolean;
}

/** Errors for the person at the terminal as one clear message. */
async function asCliError(err: unknown): Promise<never> {
  const [{ TrackerImportRefused, TrackerInputError }, { NotFoundError }] = await Promise.all([
    permanence(),
    import('../../services/errors.ts'),
  ]);
  if (err instanceof TrackerImportRefused || err instanceof TrackerInputError) throw new CliError(err.message);
  if (err instanceof NotFoundError) throw new CliError(err.detail ? `${err.message}. ${err.detail}` : err.message);
  throw err;
}

function describe(view: TrackerView): string {
  const { report, saving } = view;
  const c = report.counts;
  const lines = [
    `${view.project}: ${c.inScope} children in scope, ${c.outOfScope} out of scope (project start ${report.trackedFrom}, returns to ${report.asAt})`,
    `  achieved by the planned route: ${c.achieved}; left by another route (for review): ${c.otherRoute}; overdue: ${c.overdue}`,
    '',
    'Month     Planned  Achieved  Looked after: start  + admissions  - discharges  = end',
  ];
  for (const m of report.months) {
    const known = m.lookedAfterEnd !== null;
    lines.push(
      `${m.month}  ${String(m.planned).padStart(7)}  ${String(m.achieved).padStart(8)}  ${
        known
          ? `${String(m.lookedAfterStart).padStart(19)}  ${String(m.admissions).padStart(12)}  ${String(m.discharges).padStart(12)}  ${String(m.lookedAfterEnd).padStart(5)}`
          : '(after the returns)'.padStart(19)
      }`,
    );
  }
  lines.push(
    '',
    `Saving net of allowances: ${formatPounds(saving.soFarPence)} so far; to ${saving.horizon}: ${formatPounds(saving.toComeAchievedPence)} more from exits achieved, ${formatPounds(saving.toComePlannedPence)} if the remaining plan is met`,
  );
  const review = report.children.filter((x) => x.outcome === 'other_route');
  if (review.length > 0) {
    lines.push('', 'For review (left care by another route than planned):');
    for (const r of review)
      lines.push(
        `  ${r.childId}: planned ${PLANNED_ROUTE_LABELS[r.plannedRoute].toLowerCase()}, left on ${r.exitDate} (${r.exitReason})`,
      );
  }
  return `${lines.join('\n')}\n`;
}

export function register(program: Command): void {
  const tracker = program
    .command('tracker')
    .description('Permanence trackers: planned exits from care, checked against the returns');

  addDbOption(
    tracker
      .command('import')
      .description(
        "Read a project's children (CSV or .xlsx: CHILD, planned_route, planned_month, status, reason), all or nothing",
      )
      .argument('<file>', 'CSV or Excel file')
      .addOption(laOption('council (local authority) code'))
      .requiredOption('--project <name>', 'project name (a re-import replaces its children)')
      .option(
        '--from <date>',
        "the project's start, YYYY-MM-DD: its children are in care on it (default: the latest date in the returns)",
      )
      .option('--json', 'print {project, trackedFrom, children, inScope, outOfScope, replaced}'),
  ).action(async (file: string, opts: TrackerOptions) => {
    const from = dateOption('--from', opts.from);
    const [{ loadConfig }, { loadPseudonymKey }, { importTracker }, { cliActor }] = await Promise.all([
      import('../../config.ts'),
      import('../../services/pseudonymise.ts'),
      permanence(),
      access(),
    ]);
    let key: Buffer;
    try {
      key = loadPseudonymKey(loadConfig());
    } catch (err) {
      throw new CliError(`Cannot get the pseudonymisation key: ${err instanceof Error ? err.message : String(err)}`);
    }
    const summary = await withDatabase(opts, (db) =>
      importTracker(db, cliActor(opts.la, osUserName()), {
        laCode: opts.la,
        project: opts.project,
        path: file,
        name: path.basename(file),
        ...(from ? { trackedFrom: from } : {}),
        pseudonymKey: key,
        now: new Date(),
      }).catch(asCliError),
    );
    if (opts.json) return printJson(summary);
    process.stdout.write(
      `${summary.replaced ? 'Replaced' : 'Created'} ${summary.project}: ${summary.children} children (${summary.inScope} in scope, ${summary.outOfScope} out of scope), in care on ${summary.trackedFrom}.\n`,
    );
  });

  addDbOption(
    tracker
      .command('report')
      .description("A project's planned and achieved exits by month, the council's looked after path and the saving")
      .addOption(laOption('council (local authority) code'))
      .requiredOption('--project <name>', 'project name')
      .option(
        '--horizon <date>',
        'last day the saving counts, YYYY-MM-DD (default: 31 March after the last planned month)',
      )
      .option('--json', 'print {project, asAt, months, children, saving}'),
  ).action(async (opts: TrackerOptions) => {
    const horizon = dateOption('--horizon', opts.horizon);
    const [{ trackerReportJson, trackerView }, { cliActor }] = await Promise.all([permanence(), access()]);
    const view = await withDatabase(opts, (db) =>
      trackerView(db, cliActor(opts.la, osUserName()), opts.la, opts.project, horizon ? { horizon } : {}).catch(
        asCliError,
      ),
    );
    if (opts.json) return printJson(trackerReportJson(view));
    process.stdout.write(describe(view));
  });

  addDbOption(
    tracker
      .command('list')
      .description("The council's tracker projects")
      .addOption(laOption('council (local authority) code'))
      .option('--json', 'print [{name, trackedFrom, updatedAt, children}]'),
  ).action(async (opts: Omit<TrackerOptions, 'project'>) => {
    const [{ listTrackers }, { cliActor }] = await Promise.all([permanence(), access()]);
    const projects = await withDatabase(opts, (db) => listTrackers(db, cliActor(opts.la, osUserName()), opts.la));
    if (opts.json) return printJson(projects);
    if (projects.length === 0)
      process.stdout.write(`No tracker projects in ${opts.la} yet (forecare tracker import).\n`);
    for (const p of projects) process.stdout.write(`${p.name}: ${p.children} children, from ${p.trackedFrom}\n`);
  });
}
