/**
 * Permanence trackers (issue 11): importing a project's cohort from a council's list of CHILD ids
 * and reporting its progress from the returns. Children are pseudonymised with the returns' key
 * before anything is compared or stored; an import is all or nothing.
 */
import { endOfMonth, financialYearStart, monthKey, parseDate, type IsoDate } from '../domain/dates.ts';
import { periodsOfCare } from '../domain/engine/periods.ts';
import { penceToPounds } from '../domain/finance/money.ts';
import { DEMO_TRACKER_PROJECT, demoTrackerCohort, demoTrackerStart } from '../domain/demo/tracker.ts';
import { projectSaving, type ProjectSaving } from '../domain/permanence/saving.ts';
import { checkTargets, type CheckedTarget } from '../domain/permanence/targets.ts';
import {
  DEFAULT_NOTE_CODES,
  DEFAULT_OUT_OF_SCOPE_REASONS,
  projectPeriods,
  trackerReport,
  type TrackedChild,
  type TrackerReport,
} from '../domain/permanence/tracker.ts';
import {
  groupTrackerProblems,
  MAX_TRACKER_ROWS,
  parseTrackerRows,
  type TrackerProblem,
  type TrackerRow,
} from '../domain/permanence/trackerFile.ts';
import { readTableRows } from '../io/tableFile.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import { listChildCosts } from '../store/childCosts.repository.ts';
import type { Db } from '../store/database.ts';
import {
  findProject,
  listProjects,
  listItems,
  listTargets,
  listTrackedChildren,
  replaceProject,
  type ListItemRow,
  type ListKind,
  type ProjectRow,
} from '../store/permanence.repository.ts';
import type { DbOrTrx } from '../store/caseData.repository.ts';
import { createAuditService } from './audit.ts';
import { ANALYST_ROLES, assertAccess, READ_ROLES, type Actor } from './access.ts';
import { NotFoundError, UserInputError } from './errors.ts';
import { getPostCareSettings } from './postCare.ts';
import { pseudonymiser } from './pseudonymise.ts';
import { lastDataDate } from './forecastParameters.ts';
import { getRateBook } from './unitCosts.ts';

export const MAX_PROJECT_NAME = 80;

/** The lists a council starts with (permanenceChildren.ts changes them). */
export const DEFAULT_LISTS: Readonly<Record<ListKind, readonly string[]>> = {
  reason: DEFAULT_OUT_OF_SCOPE_REASONS,
  note: DEFAULT_NOTE_CODES,
};

/** The council's list, or the default list while it has never changed it. */
export async function councilList(db: DbOrTrx, laCode: string, kind: ListKind): Promise<ListItemRow[]> {
  const rows = await listItems(db, laCode, kind);
  return rows.length > 0 ? rows : DEFAULT_LISTS[kind].map((label) => ({ label, retired: false }));
}

/** The labels still offered (not retired). */
export async function activeLabels(db: DbOrTrx, laCode: string, kind: ListKind): Promise<string[]> {
  return (await councilList(db, laCode, kind)).filter((i) => !i.retired).map((i) => i.label);
}

/** A tracker file Forecare will not store, with every problem found. */
export class TrackerImportRefused extends Error {
  readonly problems: readonly TrackerProblem[];
  /** The project's start the rows were checked against, when they got that far. */
  readonly trackedFrom: IsoDate | null;
  constructor(problems: readonly TrackerProblem[], trackedFrom: IsoDate | null = null) {
    super(
      `Nothing was stored: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the tracker file.\n${problems
        .map((p) => `  ${p.rule}${p.column ? ` (${p.column})` : ''}: ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'TrackerImportRefused';
    this.problems = problems;
    this.trackedFrom = trackedFrom;
  }

  /** One message per rule broken (trackerFile.ts's groupTrackerProblems), for the web's form. */
  grouped(laCode: string): string[] {
    return groupTrackerProblems(this.problems, {
      laCode,
      ...(this.trackedFrom === null ? {} : { trackedFrom: this.trackedFrom }),
    });
  }
}

/** A project name, date or file the person gave that cannot be used (field: the form's field). */
export class TrackerInputError extends UserInputError {
  constructor(field: 'project' | 'from' | 'horizon' | 'file', message: string) {
    super(field, message);
    this.name = 'TrackerInputError';
  }
}

export function checkProjectName(name: string): string {
  const t = name.trim().replace(/\s+/g, ' ');
  if (t === '') throw new TrackerInputError('project', 'Enter a project name');
  if (t.length > MAX_PROJECT_NAME)
    throw new TrackerInputError('project', `Project name must be ${MAX_PROJECT_NAME} characters or fewer`);
  if ([...t].some((ch) => ch < ' ' || ch === '\u007f'))
    throw new TrackerInputError('project', 'Project name must be plain text');
  return t;
}

export interface TrackerImportRequest {
  readonly laCode: string;
  readonly project: string;
  /** The file on disk and the name it is reported under. */
  readonly path: string;
  readonly name: string;
  /** The project's start; default: the project's stored start, else the latest date in the returns. */
  readonly trackedFrom?: IsoDate;
  readonly pseudonymKey: Uint8Array;
  readonly now: Date;
}

export interface TrackerImportSummary {
  readonly project: string;
  readonly trackedFrom: IsoDate;
  readonly children: number;
  readonly inScope: number;
  readonly outOfScope: number;
  /** True when the project existed and its cohort was replaced. */
  readonly replaced: boolean;
}

/**
 * Reads a tracker file and stores the project's cohort, replacing any earlier one as one change.
 * Refused, storing nothing, when any row has a problem: unknown CHILD ids (not in the imported
 * returns), children not looked after on the project's start, planned months before it, and every
 * problem of the file itself (trackerFile.ts).
 */
export async function importTracker(db: Db, actor: Actor, req: TrackerImportRequest): Promise<TrackerImportSummary> {
  assertAccess(actor, req.laCode, ANALYST_ROLES);
  const project = checkProjectName(req.project);
  const table = await readTableRows(req.path, req.name, { maxRows: MAX_TRACKER_ROWS });
  if (table.problem !== null)
    throw new TrackerImportRefused([
      { file: req.name, row: table.problem.row, column: null, rule: 'TRACKER-FILE', message: table.problem.message },
    ]);
  const parsed = parseTrackerRows(req.name, table.rows, await activeLabels(db, req.laCode, 'reason'));
  if (parsed.wellFormed.length === 0 && parsed.problems.length > 0) throw new TrackerImportRefused(parsed.problems);

  const data = await loadCaseData(db, req.laCode);
  const asAt = lastDataDate(data);
  if (asAt === null)
    throw new NotFoundError(`No returns have been imported for ${req.laCode}`, 'Import the 903 returns first.');
  const existing = await findProject(db, req.laCode, project);
  const trackedFrom = req.trackedFrom ?? existing?.trackedFrom ?? asAt;
  if (trackedFrom > asAt)
    throw new TrackerInputError(
      'from',
      `The project's start (${trackedFrom}) is after the latest date in the returns (${asAt}); children in care on it cannot be checked yet`,
    );

  const problems: TrackerProblem[] = [...parsed.problems];
  // The rows well formed are checked against the returns even when others are not, so that one
  // upload reports every problem in the file.
  const cohort = trackedCohort(parsed.wellFormed, problems, {
    file: req.name,
    laCode: req.laCode,
    trackedFrom,
    pseudo: pseudonymiser(req.pseudonymKey, req.laCode),
    known: new Set(data.children.map((c) => c.childId)),
    inCare: projectPeriods(periodsOfCare(data).periods, trackedFrom),
  });
  if (problems.length > 0)
    throw new TrackerImportRefused(
      problems.toSorted((a, b) => (a.row ?? 0) - (b.row ?? 0)),
      trackedFrom,
    );

  await db
    .transaction()
    .execute((trx) => replaceProject(trx, req.laCode, { name: project, trackedFrom }, cohort, req.now.toISOString()));
  const summary: TrackerImportSummary = {
    project,
    trackedFrom,
    children: cohort.length,
    inScope: cohort.filter((c) => c.status === 'in_scope').length,
    outOfScope: cohort.filter((c) => c.status === 'out_of_scope').length,
    replaced: existing !== null,
  };
  await createAuditService(db, () => req.now).record(actor, 'tracker.imported', {
    project,
    trackedFrom,
    children: summary.children,
    inScope: summary.inScope,
    outOfScope: summary.outOfScope,
    replaced: summary.replaced,
  });
  return summary;
}

/** What a tracker's rows are checked against: the council's returns as on the project's start. */
interface CohortCheck {
  readonly file: string;
  readonly laCode: string;
  readonly trackedFrom: IsoDate;
  /** The council's CHILD ids as stored (pseudonymised). */
  readonly pseudo: (childId: string) => string;
  /** Stored ids of the children in the returns, and of those in care on the project's start. */
  readonly known: ReadonlySet<string>;
  readonly inCare: { has(childId: string): boolean };
}

/**
 * The project's cohort from the tracker's well-formed rows: each child must be in the returns
 * (TRACKER-CHILD-UNKNOWN), looked after on the project's start (TRACKER-NOT-IN-CARE), with a
 * planned month from the start's month (TRACKER-MONTH-BEFORE-START); problems are added to `problems`.
 */
function trackedCohort(rows: readonly TrackerRow[], problems: TrackerProblem[], check: CohortCheck): TrackedChild[] {
  const { file, trackedFrom } = check;
  const startMonth = monthKey(trackedFrom);
  const problem = (row: number, column: string, rule: TrackerProblem['rule'], message: string, value: string): void => {
    problems.push({ file, row, column, rule, message: `${file}, row ${row}: ${message}`, value });
  };
  const cohort: TrackedChild[] = [];
  for (const r of rows) {
    const childId = check.pseudo(r.childId);
    if (!check.known.has(childId)) {
      problem(
        r.row,
        'CHILD',
        'TRACKER-CHILD-UNKNOWN',
        `no child with this CHILD id is in ${check.laCode}'s imported returns`,
        r.childId,
      );
      continue;
    }
    if (!check.inCare.has(childId)) {
      problem(
        r.row,
        'CHILD',
        'TRACKER-NOT-IN-CARE',
        `this child was not looked after on ${trackedFrom}, the project's start; a project follows children in care on its start`,
        r.childId,
      );
      continue;
    }
    if (r.plannedMonth < startMonth) {
      problem(
        r.row,
        'planned_month',
        'TRACKER-MONTH-BEFORE-START',
        `the planned month ${r.plannedMonth} is before the project's start (${trackedFrom}); plan a month from ${startMonth}`,
        r.plannedMonth,
      );
      continue;
    }
    cohort.push({
      childId,
      plannedRoute: r.plannedRoute,
      plannedMonth: r.plannedMonth,
      status: r.status,
      reason: r.reason,
    });
  }
  return cohort;
}

export async function listTrackers(db: Db, actor: Actor, laCode: string): Promise<ProjectRow[]> {
  assertAccess(actor, laCode, READ_ROLES);
  return listProjects(db, laCode);
}

export interface TrackerView {
  readonly project: string;
  readonly report: TrackerReport;
  readonly saving: ProjectSaving;
  /** The project's stated targets against the path computed from the returns. */
  readonly targets: readonly CheckedTarget[];
}

/**
 * The project's progress as at the latest date in the returns, and its saving up to `horizon`
 * (default: 31 March ending the financial year of its last planned month, or of the as-at date
 * when later).
 */
export async function trackerView(
  db: Db,
  actor: Actor,
  laCode: string,
  projectName: string,
  options: { readonly horizon?: IsoDate } = {},
): Promise<TrackerView> {
  assertAccess(actor, laCode, READ_ROLES);
  const project = await findProject(db, laCode, projectName.trim());
  if (!project)
    throw new NotFoundError(`There is no tracker project called "${projectName.trim().slice(0, 80)}" in ${laCode}`);
  const [cohort, data, childCosts, book, postCare, targets] = await Promise.all([
    listTrackedChildren(db, laCode, project.name),
    loadCaseData(db, laCode),
    listChildCosts(db, laCode),
    getRateBook(db, laCode),
    getPostCareSettings(db, laCode),
    listTargets(db, laCode, project.name),
  ]);
  const asAt = lastDataDate(data) ?? project.trackedFrom;
  const periods = periodsOfCare(data).periods;
  const report = trackerReport(cohort, periods, project.trackedFrom, asAt);
  const lastMonth = report.months[report.months.length - 1]?.month ?? monthKey(asAt);
  const horizon = options.horizon ?? `${financialYearStart(endOfMonth(`${lastMonth}-01`)) + 1}-03-31`;
  if (parseDate(horizon) === null) throw new TrackerInputError('horizon', 'Enter the horizon as a date, YYYY-MM-DD');
  if (horizon < asAt)
    throw new TrackerInputError('horizon', `The horizon (${horizon}) must be on or after the as-at date (${asAt})`);
  const saving = projectSaving({
    progress: report.children,
    periods: projectPeriods(periods, project.trackedFrom),
    childCosts,
    book,
    postCare,
    asAt,
    horizon,
  });
  return { project: project.name, report, saving, targets: checkTargets(targets, report.months) };
}

/** The report as `forecare tracker report --json` prints it (issue 11's shape; money in pounds). */
export function trackerReportJson(view: TrackerView): Record<string, unknown> {
  const { report, saving } = view;
  return {
    project: view.project,
    asAt: report.asAt,
    trackedFrom: report.trackedFrom,
    months: report.months,
    children: report.counts,
    targets: view.targets,
    review: report.children
      .filter((c) => c.outcome === 'other_route')
      .map((c) => ({ child: c.childId, plannedRoute: c.plannedRoute, exitRoute: c.exitRoute, exitDate: c.exitDate })),
    saving: {
      horizon: saving.horizon,
      soFar: penceToPounds(saving.soFarPence),
      toComeAchieved: penceToPounds(saving.toComeAchievedPence),
      toComePlanned: penceToPounds(saving.toComePlannedPence),
      total: penceToPounds(saving.soFarPence + saving.toComeAchievedPence + saving.toComePlannedPence),
      toComeByYear: saving.toComeByYear.map((y) => ({
        year: `${y.year}/${String((y.year + 1) % 100).padStart(2, '0')}`,
        achieved: penceToPounds(y.achievedPence),
        planned: penceToPounds(y.plannedPence),
      })),
    },
  };
}

/**
 * The demo council's permanence project (src/domain/demo/tracker.ts), stored unless the council
 * has one of that name; audited like an import, with `source: 'demo'`. Whether it was stored.
 */
export async function seedDemoTracker(db: Db, actor: Actor, now: Date): Promise<boolean> {
  assertAccess(actor, actor.laCode, ANALYST_ROLES);
  if (await findProject(db, actor.laCode, DEMO_TRACKER_PROJECT)) return false;
  const data = await loadCaseData(db, actor.laCode);
  const asAt = lastDataDate(data);
  if (asAt === null) return false;
  const cohort = demoTrackerCohort(periodsOfCare(data).periods, asAt);
  if (cohort.length === 0) return false;
  const trackedFrom = demoTrackerStart(asAt);
  await db
    .transaction()
    .execute((trx) =>
      replaceProject(trx, actor.laCode, { name: DEMO_TRACKER_PROJECT, trackedFrom }, cohort, now.toISOString()),
    );
  await createAuditService(db, () => now).record(actor, 'tracker.imported', {
    project: DEMO_TRACKER_PROJECT,
    trackedFrom,
    children: cohort.length,
    source: 'demo',
  });
  return true;
}

/** Largest tracker file the web takes (10,000 rows of a few columns is well under 1 MB as CSV). */
export const MAX_TRACKER_UPLOAD_BYTES = 5 * 1024 * 1024;

export interface TrackerUpload {
  readonly project: string;
  /** The project's start as typed (YYYY-MM-DD), or blank for the default. */
  readonly from: string;
  readonly file: { readonly bytes: Uint8Array; readonly name: string } | null;
}

/**
 * A tracker file uploaded in the web: checked as the form gives it, written to a private
 * temporary folder (removed afterwards) and imported by importTracker, as the CLI does.
 */
export async function uploadTracker(
  db: Db,
  actor: Actor,
  laCode: string,
  upload: TrackerUpload,
  options: { readonly pseudonymKey: Uint8Array; readonly now: Date },
): Promise<TrackerImportSummary> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  checkProjectName(upload.project);
  const from = upload.from.trim();
  if (from !== '' && parseDate(from) === null)
    throw new TrackerInputError('from', 'Enter the project’s start as a date, YYYY-MM-DD, or leave it blank');
  const file = upload.file;
  if (!file || file.bytes.length === 0)
    throw new TrackerInputError('file', 'Select a file of children (.csv or .xlsx)');
  if (!/\.(csv|xlsx)$/i.test(file.name))
    throw new TrackerInputError('file', 'The file of children must be a .csv file or an .xlsx workbook');
  const [{ mkdtemp, rm, writeFile }, os, path] = await Promise.all([
    import('node:fs/promises'),
    import('node:os'),
    import('node:path'),
  ]);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-tracker-upload-'));
  try {
    const name = path.basename(file.name);
    const filePath = path.join(dir, /\.xlsx$/i.test(name) ? 'upload.xlsx' : 'upload.csv');
    await writeFile(filePath, file.bytes, { mode: 0o600 });
    return await importTracker(db, actor, {
      laCode,
      project: upload.project,
      path: filePath,
      name,
      ...(from === '' ? {} : { trackedFrom: from }),
      pseudonymKey: options.pseudonymKey,
      now: options.now,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The permanence trackers as the web holds them: actor-aware, over one database. */
export function createPermanenceService(
  db: Db,
  options: { readonly pseudonymKey: Uint8Array; readonly now: () => Date },
) {
  return {
    upload: (actor: Actor, laCode: string, upload: TrackerUpload) =>
      uploadTracker(db, actor, laCode, upload, { pseudonymKey: options.pseudonymKey, now: options.now() }),
    list: (actor: Actor, laCode: string) => listTrackers(db, actor, laCode),
    view: (actor: Actor, laCode: string, project: string, options: { readonly horizon?: IsoDate } = {}) =>
      trackerView(db, actor, laCode, project, options),
  };
}

export type PermanenceService = ReturnType<typeof createPermanenceService>;
