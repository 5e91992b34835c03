/**
 * Savings programmes: the use cases the CLI and the web pages call. Reading and writing programme
 * files and workbooks, evaluating (appraisal + checks), linking initiatives to the demand and cost
 * model, and storing programmes per council.
 *
 * For the web pages:
 *   listProgrammes(db, la)                         -> summaries for a list page
 *   programmeDashboard(db, la, id, { asOf })       -> every initiative's RAG, variance, cumulative savings series
 *   initiativeDetail(db, la, id, initiativeId, …)  -> one initiative's years, appraisal, monitoring
 *   programmeChecks(db, la, id)                    -> the checks report
 *   saveProgramme / updateInitiative               -> save edits (validated as a file is)
 * Every amount returned is pence (format with `formatMoney(pence, unit)`), every year a start year
 * with its label.
 */
import path from 'node:path';
import { appraiseProgramme, type Appraisal, type YearFigures } from '../domain/programme/appraisal.ts';
import { checkStatedTotals, tbcWarnings, type CheckFinding } from '../domain/programme/checks.ts';
import { countByMonth } from '../domain/programme/counts.ts';
import { resolveInitiative } from '../domain/programme/workings.ts';
import type { Initiative, Programme } from '../domain/programme/model.ts';
import {
  monitorInitiative,
  programmeMonitoring,
  targetView,
  type InitiativeMonitoring,
  type MonitoringFigures,
  type MonitoringRow,
  type Rag,
  type TargetView,
} from '../domain/programme/monitoring.ts';
import { exactPounds, type DisplayUnit, type Pence } from '../domain/finance/money.ts';
import {
  resolveScenarioSavings,
  resolveTrackerSavings,
  type ScenarioSavingSource,
  type ScenarioYearSaving,
  type TrackerSavingSource,
} from '../domain/programme/scenarioLink.ts';
import { financialYearLabel, type IsoDate } from '../domain/dates.ts';
import type { CaseData } from '../domain/model.ts';
import {
  formatFromName,
  parseProgrammeText,
  programmeFromDocument,
  programmeTextFromBytes,
  programmeToDocument,
  ProgrammeFileError,
  readProgrammeFile,
  writeProgrammeFile,
  PROGRAMME_LIMITS,
  type ProgrammeDocument,
} from '../io/programmeFile.ts';
import {
  programmeFromWorkbookBytes,
  programmeWorkbookBytes,
  readProgrammeWorkbook,
  writeProgrammeWorkbook,
} from '../io/programmeWorkbook.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import { findProject } from '../store/permanence.repository.ts';
import type { Db } from '../store/database.ts';
import { roundPence } from '../domain/finance/money.ts';
import { getScenario, runScenarioComparison } from './scenarios.ts';
import { trackerView } from './permanence.ts';
import type { Actor } from './access.ts';
import type { ProjectSaving } from '../domain/permanence/saving.ts';
import type { ForecastOptions } from './spend.ts';
import {
  deleteProgrammeRow,
  findProgrammeRow,
  listProgrammeRows,
  upsertProgrammeRow,
} from '../store/programmes.repository.ts';

export { ProgrammeFileError, PROGRAMME_LIMITS };
export type { ScenarioSavingSource, TrackerSavingSource, ProgrammeDocument };

// ---------------------------------------------------------------------------------------------
// Files

/** Reads a programme from .yaml/.yml/.json or an .xlsx workbook, by extension. */
export async function loadProgramme(file: string): Promise<Programme> {
  if (path.extname(file).toLowerCase() === '.xlsx') return readProgrammeWorkbook(file);
  return readProgrammeFile(file);
}

/**
 * Reads an uploaded programme (e.g. from a web form): an .xlsx workbook, or YAML/JSON text, by the
 * file name's extension, within the same size limit as files. Throws ProgrammeFileError naming the problems.
 */
export async function programmeFromUpload(bytes: Uint8Array, fileName: string): Promise<Programme> {
  if (path.extname(fileName).toLowerCase() === '.xlsx') return programmeFromWorkbookBytes(bytes, fileName);
  return parseProgrammeText(programmeTextFromBytes(bytes, fileName), fileName);
}

/** The programme as workbook bytes (the plan as entered with its appraisal; it uploads back unchanged). */
export function programmeWorkbookFile(programme: Programme): Promise<Buffer> {
  return programmeWorkbookBytes(programme);
}

/** Writes a programme as YAML or JSON (by the extension of `file`). */
export async function saveProgrammeFile(programme: Programme, file: string): Promise<void> {
  if (formatFromName(file) === null)
    throw new ProgrammeFileError(file, ['write the programme to a .yaml, .yml or .json file']);
  await writeProgrammeFile(programme, file);
}

// ---------------------------------------------------------------------------------------------
// The link to the demand and cost model

/**
 * A scenario comparison's saving by financial year start: the median (p50) as the forecast, and
 * the 10th and 90th percentiles as its low and high ends (the range the scenario pages show).
 */
export function savingsFromComparison(
  years: ReadonlyArray<{
    readonly year: string;
    readonly saving: { readonly p10: number; readonly p50: number; readonly p90: number };
  }>,
): Map<number, ScenarioYearSaving> {
  const out = new Map<number, ScenarioYearSaving>();
  for (const y of years) {
    const start = Number(y.year.slice(0, 4));
    if (Number.isInteger(start))
      out.set(start, {
        saving: roundPence(y.saving.p50),
        low: roundPence(y.saving.p10),
        high: roundPence(y.saving.p90),
      });
  }
  return out;
}

/**
 * A `ScenarioSavingSource` backed by the council's saved scenarios: for a scenario name it runs
 * the scenario against the baseline (src/services/scenarios.ts) and answers the median (p50)
 * saving, baseline minus scenario spend, for each financial year the comparison covers (a first
 * year that starts mid-year covers only its forecast months plus actuals to date, which save
 * nothing). Unknown names answer null. Each scenario is run once per source.
 */
export function modelScenarioSource(db: Db, laCode: string, options: ForecastOptions = {}): ScenarioSavingSource {
  return savingsOncePerName(async (name) => {
    const scenario = await getScenario(db, laCode, name);
    if (!scenario) return null;
    const comparison = await runScenarioComparison(db, laCode, scenario, options);
    return savingsFromComparison(comparison.years);
  });
}

/** A saving source that works out each name's savings once (the first call's promise is kept). */
function savingsOncePerName<T>(run: (name: string) => Promise<T>): { savingsByYear(name: string): Promise<T> } {
  const cache = new Map<string, Promise<T>>();
  return {
    savingsByYear(name: string) {
      let pending = cache.get(name);
      if (!pending) {
        pending = run(name);
        cache.set(name, pending);
      }
      return pending;
    },
  };
}

/**
 * A tracker project's saving to come by financial year start, in pence, as the tracker computes it
 * (`projectSaving`'s `toComeByYear`): children who have left as planned plus those still in care
 * and in scope if the plan is met. Not recomputed: the two figures are added, nothing else.
 */
export function trackerSavingsByYear(saving: Pick<ProjectSaving, 'toComeByYear'>): Map<number, Pence> {
  return new Map(saving.toComeByYear.map((y) => [y.year, y.achievedPence + y.plannedPence]));
}

/**
 * A `TrackerSavingSource` backed by the council's permanence tracker projects: for a project name
 * the saving to come by financial year as at the latest date in the returns, to the tracker's
 * default horizon (src/services/permanence.ts); null for a name the council has no project of.
 * Each project is computed once per source.
 */
export function permanenceTrackerSource(db: Db, actor: Actor, laCode: string): TrackerSavingSource {
  return savingsOncePerName(async (name): Promise<ReadonlyMap<number, Pence> | null> => {
    if (!(await findProject(db, laCode, name))) return null;
    return trackerSavingsByYear((await trackerView(db, actor, laCode, name)).saving);
  });
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface Evaluation {
  readonly programme: Programme;
  readonly appraisal: Appraisal;
  readonly checks: readonly CheckFinding[];
  /** Target, forecast, actual, variance and RAG of each initiative. */
  readonly monitoring: readonly MonitoringRow[];
  /** Non-financial targets with their months, actuals (typed or counted) and variance. */
  readonly targets: readonly TargetView[];
  /** TBC figures, counted actuals that differ from typed ones, and the like. */
  readonly warnings: readonly string[];
  /** Initiatives naming a scenario the source did not know (their forecast stays the plan). */
  readonly missingScenarios: ReadonlyArray<{ readonly initiative: string; readonly scenario: string }>;
  /** Initiatives naming a tracker project the source did not know or with no saving to come (their forecast stays the plan). */
  readonly missingTrackerProjects: ReadonlyArray<{ readonly initiative: string; readonly trackerProject: string }>;
}

export interface EvaluateOptions {
  readonly discountRate?: number;
  /** Fills the forecast of initiatives that name a scenario; without it they use the plan. */
  readonly scenarioSource?: ScenarioSavingSource;
  /** Fills the forecast of initiatives that name a permanence tracker project; without it they use the plan. */
  readonly trackerSource?: TrackerSavingSource;
  /**
   * The council's case data, to count the actuals of targets that say `counted` (looked after
   * children, entries, exits by route), up to `asOf`.
   */
  readonly caseData?: CaseData;
  /** The day the evaluation is for (marks overdue milestones; limits counted actuals). Without it, none are overdue. */
  readonly asOf?: IsoDate;
}

/** Counts for every counted target of the programme (keyed by initiative id and target index). */
function countedActuals(programme: Programme, data: CaseData, asOf: IsoDate): Map<string, Map<string, number | null>> {
  const out = new Map<string, Map<string, number | null>>();
  for (const ini of programme.initiatives)
    ini.targets.forEach((t, k) => {
      if (!t.counted || !t.months || t.months.length === 0) return;
      out.set(
        `${ini.id}|${k}`,
        countByMonth(
          data,
          t.counted,
          t.months.map((m) => m.month),
          asOf,
        ),
      );
    });
  return out;
}

/** Appraises a programme, checks its stated totals, and reports its monitoring and targets. */
export async function evaluateProgramme(programme: Programme, options: EvaluateOptions = {}): Promise<Evaluation> {
  const resolved = options.scenarioSource ? await resolveScenarioSavings(programme, options.scenarioSource) : null;
  const fromTracker = options.trackerSource ? await resolveTrackerSavings(programme, options.trackerSource) : null;
  // An initiative names a scenario or a tracker project, never both: the two maps share no initiative.
  const savings = new Map([...(resolved?.savings ?? []), ...(fromTracker?.savings ?? [])]);
  const rate = options.discountRate !== undefined ? { discountRate: options.discountRate } : {};
  const appraisal = appraiseProgramme(programme, {
    ...rate,
    ...(resolved || fromTracker ? { scenarioSavings: savings } : {}),
  });
  // Checks compare the stated totals with the plan as entered, not with a scenario's or project's forecast.
  const planAppraisal = savings.size > 0 ? appraiseProgramme(programme, rate) : appraisal;
  const asOf = options.asOf ?? '0000-01-01';
  const counts =
    options.caseData && options.asOf ? countedActuals(programme, options.caseData, options.asOf) : new Map();
  const targets = programme.initiatives.flatMap((ini) =>
    ini.targets.map((t, k) => targetView(ini.id, t, programme.rag, counts.get(`${ini.id}|${k}`))),
  );
  const warnings = [
    ...tbcWarnings(programme).map((w) => w.message),
    ...targets.flatMap((t) =>
      t.differences.map(
        (d) =>
          `initiative '${t.initiative}', target '${t.measure}', ${d.month}: typed actual ${d.typed} but the returns count ${d.counted} (the count is used)`,
      ),
    ),
  ];
  return {
    programme,
    appraisal,
    checks: checkStatedTotals(programme, planAppraisal),
    monitoring: programmeMonitoring(programme, appraisal, asOf),
    targets,
    warnings,
    missingScenarios: resolved?.missing ?? [],
    missingTrackerProjects: fromTracker?.missing ?? [],
  };
}

const YEAR_FIELDS = [
  'investment',
  'ongoingCost',
  'grossSaving',
  'grossSavingIncremental',
  'grossLow',
  'grossHigh',
  'netSaving',
  'netSavingIncremental',
  'netLow',
  'netHigh',
  'cashable',
  'costAvoidance',
  'netCashFlow',
  'cumulativeNetSaving',
  'cumulativeCashFlow',
  'presentValue',
] as const;

function yearJson(y: YearFigures): Record<string, unknown> {
  const out: Record<string, unknown> = {
    year: y.label,
    startYear: y.year,
    inPlan: y.inPlan,
    discountFactor: Number(y.discountFactor.toFixed(6)),
  };
  for (const f of YEAR_FIELDS) out[f] = exactPounds(y[f]);
  return out;
}

function totalsJson(t: Appraisal['totals']['plan']): Record<string, number> {
  const out: Record<string, number> = { years: t.years };
  for (const [k, v] of Object.entries(t)) if (k !== 'years') out[k] = exactPounds(v);
  return out;
}

const roundYears = (v: number | null): number | null => (v === null ? null : Number(v.toFixed(4)));

const pounds = (v: number | null): number | null => (v === null ? null : exactPounds(v));

/** A check as JSON: amounts in pounds (paybacks in years). */
function checkJson(c: CheckFinding): Record<string, unknown> {
  const money = c.kind !== 'payback';
  const value = (v: number): number | null => (Number.isNaN(v) ? null : money ? exactPounds(v) : Number(v.toFixed(4)));
  return {
    severity: c.severity,
    kind: c.kind,
    where: c.where,
    stated: value(c.stated),
    computed: value(c.computed),
    difference: value(c.difference),
    message: c.message,
  };
}

/**
 * The machine-readable evaluation printed by `forecare plan evaluate --json`. Amounts in pounds;
 * payback in years (simple: from the start of the first savings year; cash-flow: from the start of
 * the first plan year; both repay every investment and net cost before payback); NPV over the plan
 * years; `monitoring` has each initiative's target, forecast, actual, variance (forecast minus
 * target) and RAG; `targets` the non-financial targets month by month.
 */
export function evaluationJson(e: Evaluation): Record<string, unknown> {
  const a = e.appraisal;
  return {
    programme: a.programme,
    unit: e.programme.unit,
    years: a.years.map(yearJson),
    totals: {
      plan: totalsJson(a.totals.plan),
      fiveYear: totalsJson(a.totals.fiveYear),
      tenYear: totalsJson(a.totals.tenYear),
    },
    paybackSimpleYears: roundYears(a.paybackSimpleYears),
    paybackCashflowYears: roundYears(a.paybackCashflowYears),
    paybackDefinitions: a.paybackDefinitions,
    npv: exactPounds(a.npv),
    discountRate: a.discountRate,
    discounting: a.discounting,
    checks: e.checks.map(checkJson),
    monitoring: e.monitoring.map((m) => ({
      initiative: m.initiative,
      basis: m.basis,
      target: exactPounds(m.target),
      forecast: exactPounds(m.forecast),
      actual: pounds(m.actual),
      variance: exactPounds(m.variance),
      direction: m.direction,
      actualVariance: pounds(m.actualVariance),
      rag: m.rag,
      periods: m.periods.map((p) => ({
        period: p.period,
        target: exactPounds(p.target),
        forecast: exactPounds(p.forecast),
        actual: pounds(p.actual),
        variance: exactPounds(p.variance),
        rag: p.rag,
      })),
    })),
    targets: e.targets.map((t) => ({
      initiative: t.initiative,
      measure: t.measure,
      unit: t.unit,
      better: t.better,
      counted: t.counted,
      years: Object.fromEntries(t.byYear.map((y) => [y.label, y.value])),
      months: t.months.map((m) => ({
        month: m.month,
        target: m.target,
        actual: m.actual,
        actualSource: m.actualSource,
        variance: m.variance === null ? null : Number(m.variance.toFixed(4)),
        rag: m.rag,
      })),
    })),
    warnings: e.warnings,
    initiatives: a.initiatives.map((i) => ({
      id: i.id,
      name: i.name,
      savingType: i.savingType,
      forecastSource: i.forecastSource,
      scenario: i.scenario,
      ...(i.trackerProject !== null ? { trackerProject: i.trackerProject } : {}),
      totals: {
        plan: totalsJson(i.totals.plan),
        fiveYear: totalsJson(i.totals.fiveYear),
        tenYear: totalsJson(i.totals.tenYear),
      },
      paybackSimpleYears: roundYears(i.paybackSimpleYears),
      paybackCashflowYears: roundYears(i.paybackCashflowYears),
      npv: exactPounds(i.npv),
    })),
    missingScenarios: e.missingScenarios,
    ...(e.missingTrackerProjects.length > 0 ? { missingTrackerProjects: e.missingTrackerProjects } : {}),
  };
}

/** Loads the council's case data (for counted targets). */
export function councilCaseData(db: Db, laCode: string): Promise<CaseData> {
  return loadCaseData(db, laCode);
}

/** Writes the programme (the plan as entered, with its appraisal and calculated totals) to an Excel workbook. */
export async function exportProgrammeWorkbook(programme: Programme, out: string): Promise<void> {
  await writeProgrammeWorkbook(programme, out);
}

// ---------------------------------------------------------------------------------------------
// Stored programmes (per council)

export interface ProgrammeSummary {
  readonly id: string;
  readonly name: string;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

export async function listProgrammes(db: Db, laCode: string): Promise<ProgrammeSummary[]> {
  const rows = await listProgrammeRows(db, laCode);
  return rows.map((r) => ({ id: r.programme_id, name: r.name, updatedAt: r.updated_at, updatedBy: r.updated_by }));
}

/** The stored programme, or null when the council has none with that id. */
export async function getProgramme(db: Db, laCode: string, programmeId: string): Promise<Programme | null> {
  const row = await findProgrammeRow(db, laCode, programmeId);
  if (!row) return null;
  return programmeFromDocument(JSON.parse(row.document) as unknown, `programme ${programmeId}`);
}

const ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface SaveContext {
  /** When the save happens (passed in; the service reads no clock). */
  readonly now: string;
  readonly user?: string | null;
}

/** Stores a programme (replacing any with the same id for the council). */
export async function saveProgramme(
  db: Db,
  laCode: string,
  programmeId: string,
  programme: Programme,
  ctx: SaveContext,
): Promise<void> {
  if (!ID_RE.test(programmeId))
    throw new ProgrammeFileError(`programme ${programmeId}`, [
      'id: expected a short key of lower-case letters, digits and hyphens',
    ]);
  const doc = programmeToDocument(programme);
  // Round-trip through validation so that only what a file could say is stored.
  programmeFromDocument(doc, `programme ${programmeId}`);
  await checkTrackerProjects(db, laCode, programmeId, programme);
  await upsertProgrammeRow(db, {
    la_code: laCode,
    programme_id: programmeId,
    name: programme.name,
    document: JSON.stringify(doc),
    updated_at: ctx.now,
    updated_by: ctx.user ?? null,
  });
}

/**
 * Every initiative naming a permanence tracker project (`trackerProject`) must name one of the
 * council's projects. Throws ProgrammeFileError naming the initiative and the field.
 */
export async function checkTrackerProjects(
  db: Db,
  laCode: string,
  programmeId: string,
  programme: Programme,
): Promise<void> {
  const problems: string[] = [];
  for (const ini of programme.initiatives) {
    if (ini.trackerProject === undefined) continue;
    if (!(await findProject(db, laCode, ini.trackerProject)))
      problems.push(
        `initiative '${ini.id}', trackerProject: there is no permanence tracker project called '${ini.trackerProject}' in ${laCode}`,
      );
  }
  if (problems.length > 0) throw new ProgrammeFileError(`programme ${programmeId}`, problems);
}

/** Validates a document (e.g. from an edit form, amounts in pounds) and stores it. Throws ProgrammeFileError naming the field. */
export async function saveProgrammeDocument(
  db: Db,
  laCode: string,
  programmeId: string,
  doc: unknown,
  ctx: SaveContext,
): Promise<Programme> {
  const programme = programmeFromDocument(doc, `programme ${programmeId}`);
  await saveProgramme(db, laCode, programmeId, programme, ctx);
  return programme;
}

/**
 * Replaces one initiative with an edited document form of it (the shape of one entry of
 * `initiatives` in a programme file, amounts in pounds), validating the whole programme.
 * Returns the saved programme, or null when the programme or initiative is not there.
 */
export async function updateInitiative(
  db: Db,
  laCode: string,
  programmeId: string,
  initiativeId: string,
  edited: unknown,
  ctx: SaveContext,
): Promise<Programme | null> {
  const current = await getProgramme(db, laCode, programmeId);
  if (!current || !current.initiatives.some((i) => i.id === initiativeId)) return null;
  const doc = programmeToDocument(current);
  const initiatives = doc.initiatives.map((i) =>
    i.id === initiativeId ? edited : i,
  ) as ProgrammeDocument['initiatives'];
  return saveProgrammeDocument(db, laCode, programmeId, { ...doc, initiatives }, ctx);
}

/** The document form of a programme (as a file writes it, amounts in pounds), to fill edit forms. */
export function programmeDocument(programme: Programme): ProgrammeDocument {
  return programmeToDocument(programme);
}

/** Validates a document as a programme file is validated. Throws ProgrammeFileError naming each field. */
export function programmeFromEditedDocument(doc: unknown, source: string): Programme {
  return programmeFromDocument(doc, source);
}

/** The document form of one initiative (amounts in pounds), to fill an edit form. */
export function initiativeDocument(
  programme: Programme,
  initiativeId: string,
): ProgrammeDocument['initiatives'][number] | null {
  return programmeToDocument(programme).initiatives.find((i) => i.id === initiativeId) ?? null;
}

export async function deleteProgramme(db: Db, laCode: string, programmeId: string): Promise<boolean> {
  return deleteProgrammeRow(db, laCode, programmeId);
}

// ---------------------------------------------------------------------------------------------
// Views for the web pages

/** The monitoring figures are totals over the periods entered. */
export interface InitiativeDashboardRow extends MonitoringFigures {
  readonly id: string;
  readonly name: string;
  readonly owner: string | null;
  readonly savingType: Initiative['savingType'];
  readonly forecastSource: 'plan' | 'scenario' | 'tracker';
  readonly scenario: string | null;
  readonly trackerProject: string | null;
  /** RAG on monitoring; with no monitoring entered, on the forecast vs plan over the plan years. */
  readonly rag: Rag;
  readonly planNetSaving: Pence;
  readonly planInvestment: Pence;
  readonly paybackSimpleYears: number | null;
  readonly paybackCashflowYears: number | null;
  readonly overdueMilestones: number;
  readonly highRisks: number;
}

export interface CumulativeSeriesPoint {
  readonly year: number;
  readonly label: string;
  readonly inPlan: boolean;
  /** Cumulative net saving (forecast) and cumulative net cash flow, by year end. */
  readonly cumulativeNetSaving: Pence;
  readonly cumulativeCashFlow: Pence;
  /** Cumulative gross saving of the plan as entered (the target). */
  readonly cumulativeTargetGross: Pence;
  readonly cumulativeForecastGross: Pence;
}

export interface ProgrammeDashboard {
  readonly id: string;
  readonly name: string;
  readonly unit: DisplayUnit;
  readonly initiatives: readonly InitiativeDashboardRow[];
  readonly totals: Appraisal['totals'];
  readonly paybackSimpleYears: number | null;
  readonly paybackCashflowYears: number | null;
  readonly paybackDefinitions: Appraisal['paybackDefinitions'];
  readonly npv: Pence;
  readonly discountRate: number;
  /** Programme-wide cumulative savings for a chart. */
  readonly cumulativeSeries: readonly CumulativeSeriesPoint[];
  /** Per initiative, the same series (keyed by initiative id). */
  readonly initiativeSeries: Readonly<Record<string, readonly CumulativeSeriesPoint[]>>;
  readonly checks: { readonly errors: number; readonly rounding: number };
  readonly missingScenarios: Evaluation['missingScenarios'];
  readonly missingTrackerProjects: Evaluation['missingTrackerProjects'];
}

export interface ViewOptions extends EvaluateOptions {
  /** The day the view is for (marks overdue milestones). */
  readonly asOf: IsoDate;
}

function seriesOf(years: readonly YearFigures[], target: readonly Pence[]): CumulativeSeriesPoint[] {
  let t = 0;
  let f = 0;
  return years.map((y, i) => {
    t += target[i] ?? 0;
    f += y.grossSaving;
    return {
      year: y.year,
      label: financialYearLabel(y.year),
      inPlan: y.inPlan,
      cumulativeNetSaving: y.cumulativeNetSaving,
      cumulativeCashFlow: y.cumulativeCashFlow,
      cumulativeTargetGross: t,
      cumulativeForecastGross: f,
    };
  });
}

/** Builds the dashboard from a programme (no database): also for files. */
export async function dashboardOf(id: string, programme: Programme, options: ViewOptions): Promise<ProgrammeDashboard> {
  const e = await evaluateProgramme(programme, options);
  const a = e.appraisal;
  const rows: InitiativeDashboardRow[] = programme.initiatives.map((ini, idx) => {
    const ia = a.initiatives[idx];
    const m = e.monitoring[idx];
    const plan = ia?.totals.plan;
    return {
      id: ini.id,
      name: ini.name,
      owner: ini.owner ?? null,
      savingType: ini.savingType,
      forecastSource: ia?.forecastSource ?? 'plan',
      scenario: ini.scenario ?? null,
      trackerProject: ini.trackerProject ?? null,
      target: m?.target ?? 0,
      forecast: m?.forecast ?? 0,
      actual: m?.actual ?? null,
      variance: m?.variance ?? 0,
      direction: m?.direction ?? 'favourable',
      rag: m?.rag ?? 'green',
      planNetSaving: plan?.netSaving ?? 0,
      planInvestment: plan?.investment ?? 0,
      paybackSimpleYears: ia?.paybackSimpleYears ?? null,
      paybackCashflowYears: ia?.paybackCashflowYears ?? null,
      overdueMilestones: m?.overdueMilestones ?? 0,
      highRisks: m?.highRisks ?? 0,
    };
  });
  const programmeTarget = a.years.map((_, i) => a.initiatives.reduce((s, ia) => s + (ia.targetGrossSaving[i] ?? 0), 0));
  return {
    id,
    name: programme.name,
    unit: programme.unit,
    initiatives: rows,
    totals: a.totals,
    paybackSimpleYears: a.paybackSimpleYears,
    paybackCashflowYears: a.paybackCashflowYears,
    paybackDefinitions: a.paybackDefinitions,
    npv: a.npv,
    discountRate: a.discountRate,
    cumulativeSeries: seriesOf(a.years, programmeTarget),
    initiativeSeries: Object.fromEntries(a.initiatives.map((ia) => [ia.id, seriesOf(ia.years, ia.targetGrossSaving)])),
    checks: {
      errors: e.checks.filter((c) => c.severity === 'error').length,
      rounding: e.checks.filter((c) => c.severity === 'rounding').length,
    },
    missingScenarios: e.missingScenarios,
    missingTrackerProjects: e.missingTrackerProjects,
  };
}

/** The dashboard of a stored programme; null when the council has no such programme. */
export async function programmeDashboard(
  db: Db,
  laCode: string,
  programmeId: string,
  options: ViewOptions,
): Promise<ProgrammeDashboard | null> {
  const programme = await getProgramme(db, laCode, programmeId);
  return programme ? dashboardOf(programmeId, programme, options) : null;
}

export interface InitiativeDetail {
  readonly programmeId: string;
  readonly programmeName: string;
  readonly unit: DisplayUnit;
  readonly initiative: Initiative;
  readonly appraisal: Appraisal['initiatives'][number];
  readonly monitoring: InitiativeMonitoring;
  /** The entered figures in both profiles (full-year effect, before phasing), per entered year. */
  readonly entered: ReadonlyArray<{
    readonly year: number;
    readonly label: string;
    readonly incremental: Pence;
    readonly cumulative: Pence;
    readonly phasing: number;
  }>;
  readonly cumulativeSeries: readonly CumulativeSeriesPoint[];
}

/** One initiative of a programme, for its detail page (no database). */
export async function initiativeDetailOf(
  programmeId: string,
  programme: Programme,
  initiativeId: string,
  options: ViewOptions,
): Promise<InitiativeDetail | null> {
  const idx = programme.initiatives.findIndex((i) => i.id === initiativeId);
  const initiative = programme.initiatives[idx];
  if (!initiative) return null;
  const e = await evaluateProgramme(programme, options);
  const ia = e.appraisal.initiatives[idx];
  if (!ia) return null;
  let prev = 0;
  const entered = resolveInitiative(initiative).initiative.years.map((l) => {
    const typed = (l.tbc ?? []).includes('grossSaving') ? null : (l.grossSaving ?? 0);
    const cumulative = typed === null ? prev : initiative.profile === 'cumulative' ? typed : prev + typed;
    const incremental = cumulative - prev;
    prev = cumulative;
    return { year: l.year, label: financialYearLabel(l.year), incremental, cumulative, phasing: l.phasing };
  });
  return {
    programmeId,
    programmeName: programme.name,
    unit: programme.unit,
    initiative,
    appraisal: ia,
    monitoring: monitorInitiative(initiative, programme.rag, options.asOf),
    entered,
    cumulativeSeries: seriesOf(ia.years, ia.targetGrossSaving),
  };
}

export async function initiativeDetail(
  db: Db,
  laCode: string,
  programmeId: string,
  initiativeId: string,
  options: ViewOptions,
): Promise<InitiativeDetail | null> {
  const programme = await getProgramme(db, laCode, programmeId);
  return programme ? initiativeDetailOf(programmeId, programme, initiativeId, options) : null;
}

export interface ChecksReport {
  readonly programmeId: string;
  readonly programmeName: string;
  readonly unit: DisplayUnit;
  readonly statedProfile: Programme['statedProfile'];
  readonly findings: readonly CheckFinding[];
}

export async function programmeChecks(db: Db, laCode: string, programmeId: string): Promise<ChecksReport | null> {
  const programme = await getProgramme(db, laCode, programmeId);
  if (!programme) return null;
  const e = await evaluateProgramme(programme);
  return {
    programmeId,
    programmeName: programme.name,
    unit: programme.unit,
    statedProfile: programme.statedProfile,
    findings: e.checks,
  };
}
