/**
 * The social work workforce (issue 12): each team's figures by month or quarter, entered on the web
 * or imported from a file, and the report built on them: turnover, vacancy and agency rates,
 * caseloads from the case data against each team's target, the cost by financial year, the FTE the
 * demand forecast needs at the target caseload, and the base of the agency share lever. The one
 * way the CLI (`forecare workforce import|report`) and the web's Workforce page reach it: any
 * member reads; analysts and admins change the figures; every change is in the audit log.
 *
 * Cases: looked after children at each month end come from the stored 903 episodes; children in
 * need and child protection cases from the stored CIN census (src/domain/workforce/cinCases.ts), for
 * the month ends it covers; without one, caseloads count looked after children alone and say so.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { endOfMonth, type IsoDate } from '../domain/dates.ts';
import type { CaseData } from '../domain/model.ts';
import { stockSeries } from '../domain/stock.ts';
import {
  agencyLeverSavings,
  leverBase,
  type AgencyShareLever,
  type LeverBase,
  type LeverSavings,
} from '../domain/workforce/agencyLever.ts';
import { workforceCost, type WorkforceCost } from '../domain/workforce/cost.ts';
import { fteNeeded, type CaseForecastMonth, type FteNeeded } from '../domain/workforce/fteNeeded.ts';
import {
  measuresAt,
  periodEnds,
  periodsEndingIn,
  type CaseCounts,
  type CouncilMeasures,
} from '../domain/workforce/measures.ts';
import { addMonthsToKey, periodLabel, teamKey, type TeamPeriod } from '../domain/workforce/model.ts';
import { demoWorkforce } from '../domain/demo/workforce.ts';
import {
  formatWorkforceProblem,
  parsePeriod,
  teamPeriodFromFields,
  WORKFORCE_COLUMNS,
  type WorkforceColumn,
  type WorkforceProblem,
} from '../domain/workforce/rows.ts';
import { cinCasesOn, type CinCases } from '../domain/workforce/cinCases.ts';
import { readWorkforceFile } from '../io/workforceFile.ts';
import { cinCollectionYears, loadCinData } from '../store/cin.repository.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import type { Db } from '../store/database.ts';
import { deleteTeamPeriod, listTeamPeriods, replacePeriods, upsertTeamPeriod } from '../store/workforce.repository.ts';
import { createAuditService, type AuditService } from './audit.ts';
import { ANALYST_ROLES, assertAccess, READ_ROLES, type Actor } from './access.ts';
import type { CouncilForecast } from './forecast.service.ts';
import { lastDataDate } from './forecastParameters.ts';
import { UserInputError } from './errors.ts';

/**
 * Children in need (not on a plan, not looked after) and children on a child protection plan at
 * each month end (`YYYY-MM-DD`), from the council's CIN census; null when the council has none.
 */
export type CinCaseCounter = (
  db: Db,
  laCode: string,
  monthEnds: readonly IsoDate[],
  data: CaseData,
) => Promise<ReadonlyMap<IsoDate, CinCases> | null>;

/** The council's stored CIN census: cases on each month end it covers; null when it has none. */
export const cinCensusCases: CinCaseCounter = async (db, laCode, monthEnds, data) => {
  const years = await cinCollectionYears(db, laCode);
  if (years === null) return null;
  return cinCasesOn(await loadCinData(db, laCode), data, monthEnds, years);
};

/** A workforce file with problems: nothing was stored. `problems` name file, row, column and rule. */
export class WorkforceImportRefused extends Error {
  readonly problems: readonly WorkforceProblem[];
  constructor(file: string, problems: readonly WorkforceProblem[]) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing imported.\n${problems.map(formatWorkforceProblem).join('\n')}`,
    );
    this.name = 'WorkforceImportRefused';
    this.problems = problems;
  }
}

/** Several fields of the form are wrong: each with its field (GOV.UK error summary). */
export class WorkforceFormError extends Error {
  readonly errors: readonly { readonly field: string; readonly message: string }[];
  constructor(errors: readonly { readonly field: string; readonly message: string }[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'WorkforceFormError';
    this.errors = errors;
  }
}

export interface WorkforceImportResult {
  readonly file: string;
  readonly rows: number;
  readonly teams: number;
  /** Each period the file held (its label), replaced as one change. */
  readonly periods: readonly string[];
}

/** Cases at each month end: looked after from the 903 (null past the data's last date), CIN and CP from `counter`. */
export async function caseCountsAt(
  db: Db,
  laCode: string,
  months: readonly string[],
  data: CaseData,
  counter: CinCaseCounter,
): Promise<Map<string, CaseCounts>> {
  const out = new Map<string, CaseCounts>();
  if (months.length === 0) return out;
  const ends = months.map((m) => endOfMonth(`${m}-01`));
  const last = lastDataDate(data);
  const sorted = [...ends].sort();
  const stocks = last === null ? [] : stockSeries(data, sorted[0] as IsoDate, sorted[sorted.length - 1] as IsoDate);
  const lookedAfter = new Map(stocks.map((s) => [s.date, s.total]));
  const cin = await counter(db, laCode, ends, data);
  months.forEach((m, i) => {
    const end = ends[i] as IsoDate;
    const known = last !== null && end <= last;
    const c = cin?.get(end) ?? null;
    out.set(m, {
      looked_after: known ? (lookedAfter.get(end) ?? 0) : null,
      child_in_need: c ? c.childInNeed : null,
      child_protection: c ? c.childProtection : null,
    });
  });
  return out;
}

export interface WorkforceSeriesPoint {
  readonly month: string;
  readonly periodLabel: string;
  readonly permanentFte: number;
  readonly agencyFte: number;
  readonly vacancyFte: number;
  readonly turnover: number | null;
  readonly vacancy: number;
  readonly agency: number;
  readonly cases: number;
  readonly caseload: number | null;
  readonly targetCaseload: number | null;
}

export interface WorkforceReport {
  readonly laCode: string;
  readonly hasData: boolean;
  /** `YYYY-MM` of the latest period end; null with no figures. */
  readonly asAt: string | null;
  readonly asAtLabel: string | null;
  readonly periodMonths: 1 | 3 | null;
  readonly teamCount: number;
  /** Measures at the latest period end, by team and for the council. */
  readonly latest: CouncilMeasures | null;
  /** The council's measures at every period end. */
  readonly series: readonly WorkforceSeriesPoint[];
  readonly cost: WorkforceCost;
  /** FTE needed from the demand forecast; null without a forecast or a case-holding team. */
  readonly fteNeeded: FteNeeded | null;
  /** Where the forecast's looked after children start (the forecast's start date). */
  readonly forecastStart: IsoDate | null;
  /** The agency lever's base: filled FTE and premium at the latest month. */
  readonly lever: LeverBase | null;
  /** Whether children in need and child protection cases were counted (a CIN census is loaded). */
  readonly cinCounted: boolean;
  readonly warnings: readonly string[];
}

/** The forecast the workforce reads: the council's default looked after children forecast. */
export type LookedAfterForecast = (actor: Actor, laCode: string) => Promise<CouncilForecast>;

/** The report from figures, case counts and forecast already in hand (pure apart from shaping). */
export function buildReport(
  laCode: string,
  periods: readonly TeamPeriod[],
  counts: ReadonlyMap<string, CaseCounts>,
  forecast: CouncilForecast | null,
): WorkforceReport {
  const ends = periodEnds(periods);
  const asAt = ends[ends.length - 1] ?? null;
  const none: CaseCounts = { looked_after: null, child_in_need: null, child_protection: null };
  const cost = workforceCost(periods);
  if (asAt === null)
    return {
      laCode,
      hasData: false,
      asAt: null,
      asAtLabel: null,
      periodMonths: null,
      teamCount: 0,
      latest: null,
      series: [],
      cost,
      fteNeeded: null,
      forecastStart: null,
      lever: null,
      cinCounted: false,
      warnings: [],
    };
  const all = ends.map((m) => measuresAt(periods, m, counts.get(m) ?? none));
  const latest = all[all.length - 1] as CouncilMeasures;
  const current = periodsEndingIn(periods, asAt);
  const first = current[0] as TeamPeriod;
  const lever = leverBase(asAt, current);
  let need: FteNeeded | null = null;
  const warnings: string[] = [...latest.warnings, ...cost.warnings, ...lever.warnings];
  if (forecast && forecast.hasData && current.some((p) => p.holds.length > 0)) {
    const held = latest.caseCounts;
    const flat = (n: number | null) => (n === null ? null : { low: n, central: n, high: n });
    const months: CaseForecastMonth[] = forecast.months.map((m) => ({
      month: m.month,
      cases: {
        looked_after: { low: m.total.p10, central: m.total.p50, high: m.total.p90 },
        child_in_need: flat(held.child_in_need),
        child_protection: flat(held.child_protection),
      },
    }));
    need = fteNeeded(current, months);
    warnings.push(...need.warnings);
  } else if (!forecast || !forecast.hasData)
    warnings.push('No looked after children forecast (no case data): FTE needed is not worked out.');
  if (latest.caseCounts.looked_after === null)
    warnings.push(
      `The case data do not reach the end of ${periodLabel({ periodStart: asAt, periodMonths: 1 })}: the latest caseloads count no looked after children.`,
    );
  return {
    laCode,
    hasData: true,
    asAt,
    asAtLabel: periodLabel(first),
    periodMonths: first.periodMonths,
    teamCount: new Set(periods.map((p) => teamKey(p.team))).size,
    latest,
    series: all.map((m, i) => {
      const at = periodsEndingIn(periods, ends[i] as string)[0] as TeamPeriod;
      return {
        month: m.month,
        periodLabel: periodLabel(at),
        permanentFte: m.permanentFte,
        agencyFte: m.agencyFte,
        vacancyFte: m.vacancyFte,
        turnover: m.turnover,
        vacancy: m.vacancy,
        agency: m.agency,
        cases: m.cases,
        caseload: m.caseload,
        targetCaseload: m.targetCaseload,
      };
    }),
    cost,
    fteNeeded: need,
    forecastStart: forecast?.start ?? null,
    lever,
    cinCounted: !latest.uncounted.includes('child_in_need') || !latest.uncounted.includes('child_protection'),
    warnings: [...new Set(warnings)],
  };
}

/**
 * The agency lever's saving by financial year for the council, from its latest workforce month;
 * null when it has no workforce figures. For the scenario comparison, whose caller checked access.
 */
export async function agencyLeverSavingsFor(
  db: Db,
  laCode: string,
  lever: AgencyShareLever,
  months: readonly string[],
  from?: IsoDate,
): Promise<{ readonly base: LeverBase; readonly savings: LeverSavings } | null> {
  const periods = await listTeamPeriods(db, laCode);
  const ends = periodEnds(periods);
  const asAt = ends[ends.length - 1];
  if (asAt === undefined) return null;
  const base = leverBase(asAt, periodsEndingIn(periods, asAt));
  return { base, savings: agencyLeverSavings(lever, base, months, from) };
}

/** A stamp of the council's workforce figures (for caches of figures built on them). */
export async function workforceVersion(db: Db, laCode: string): Promise<string> {
  const periods = await listTeamPeriods(db, laCode);
  let h = 0;
  for (const ch of JSON.stringify(periods)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return `${periods.length}:${h >>> 0}`;
}

export interface WorkforceServiceOptions {
  readonly now?: () => Date;
  /** The looked after children forecast (the web passes its forecast service's cached one). */
  readonly forecast?: LookedAfterForecast;
  /** Children in need and child protection counts (default: the stored CIN census). */
  readonly cin?: CinCaseCounter;
  /** Told after the council's figures change (caches built on them). */
  readonly onChanged?: (laCode: string) => void;
}

const FORM_FIELDS: Readonly<Record<WorkforceColumn, string>> = Object.fromEntries(
  WORKFORCE_COLUMNS.map((c) => [c, c.replace(/_([a-z])/g, (_, x: string) => x.toUpperCase())]),
) as Record<WorkforceColumn, string>;

/** The web form's field id for a column (`permanent_fte` -> `permanentFte`). */
export function formField(column: WorkforceColumn): string {
  return FORM_FIELDS[column];
}

// eslint-disable-next-line max-lines-per-function -- a service factory of short use cases, as the *.service.ts files (eslint.config.js)
export function createWorkforceService(db: Db, audit: AuditService, options: WorkforceServiceOptions = {}) {
  const now = options.now ?? (() => new Date());
  const counter = options.cin ?? cinCensusCases;
  const changed = (la: string) => options.onChanged?.(la);

  return {
    /** Every team's figures, by period then team; any member. */
    async list(actor: Actor, laCode: string): Promise<TeamPeriod[]> {
      assertAccess(actor, laCode, READ_ROLES);
      return listTeamPeriods(db, laCode);
    },

    /** The workforce report; any member. */
    async report(actor: Actor, laCode: string): Promise<WorkforceReport> {
      assertAccess(actor, laCode, READ_ROLES);
      const [periods, data] = await Promise.all([listTeamPeriods(db, laCode), loadCaseData(db, laCode)]);
      const counts = await caseCountsAt(db, laCode, periodEnds(periods), data, counter);
      const forecast =
        periods.length > 0 && options.forecast && data.episodes.length > 0
          ? await options.forecast(actor, laCode)
          : null;
      return buildReport(laCode, periods, counts, forecast);
    },

    /**
     * Sets one team's figures for one period from the form (text by column); all the problems are
     * thrown together (WorkforceFormError, each with its form field). Analysts and admins.
     */
    async setTeamPeriod(
      actor: Actor,
      laCode: string,
      fields: Readonly<Partial<Record<WorkforceColumn, string>>>,
    ): Promise<TeamPeriod> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const result = teamPeriodFromFields(fields);
      if (!result.ok) {
        const seen = new Set<string>();
        throw new WorkforceFormError(
          result.problems
            .filter((p) => !seen.has(p.column) && seen.add(p.column))
            .map((p) => ({
              field: formField(p.column),
              message: p.message.charAt(0).toUpperCase() + p.message.slice(1),
            })),
        );
      }
      const period = result.value;
      const stored = await listTeamPeriods(db, laCode);
      const other = stored.find((p) => p.periodMonths !== period.periodMonths);
      if (other)
        throw new WorkforceFormError([
          {
            field: formField('period'),
            message: `The council’s figures are by ${other.periodMonths === 1 ? 'month (like 2026-04)' : 'quarter (like 2026/27 Q1)'}; give this period the same way`,
          },
        ]);
      const before = stored.find(
        (p) => teamKey(p.team) === teamKey(period.team) && p.periodStart === period.periodStart,
      );
      await db.transaction().execute(async (trx) => {
        // A team typed in another case replaces the stored one.
        if (before && before.team !== period.team) await deleteTeamPeriod(trx, laCode, before.team, before.periodStart);
        await upsertTeamPeriod(trx, laCode, period, now().toISOString());
      });
      await audit.record(actor, 'workforce.team_period_set', {
        team: period.team,
        period: periodLabel(period),
        replaced: before !== undefined,
      });
      changed(laCode);
      return period;
    },

    /** Removes one team's figures for a period ("2026-04" or "2026/27 Q1"); whether there were any. */
    async removeTeamPeriod(actor: Actor, laCode: string, team: string, periodText: string): Promise<boolean> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const period = parsePeriod(periodText);
      if (!period)
        throw new UserInputError('period', `"${periodText}" is not a period. Write it as 2026-04 or 2026/27 Q1`);
      const removed = await deleteTeamPeriod(db, laCode, team.trim(), period.start);
      if (removed) {
        await audit.record(actor, 'workforce.team_period_removed', { team: team.trim(), period: periodText.trim() });
        changed(laCode);
      }
      return removed;
    },

    /**
     * Imports an uploaded workforce file (the web's form): written to a private temporary folder,
     * imported as a file is, and removed. Analysts and admins.
     */
    async importUpload(
      actor: Actor,
      laCode: string,
      file: { readonly bytes: Uint8Array; readonly name: string } | null,
    ): Promise<WorkforceImportResult> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      if (!file || file.bytes.length === 0) throw new UserInputError('file', 'Choose a workforce file (.csv or .xlsx)');
      const name = path.basename(file.name).replace(/[^\w .()-]/g, '_') || 'workforce.csv';
      if (!/\.(csv|xlsx)$/i.test(name))
        throw new UserInputError('file', 'The workforce file must be a .csv or .xlsx file');
      const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-workforce-'));
      try {
        const where = path.join(dir, name);
        await writeFile(where, file.bytes, { mode: 0o600 });
        return await this.importFile(actor, laCode, where, name);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    /**
     * Imports a workforce file (CSV or .xlsx): every period in it replaces that period's figures
     * for every team, all in one transaction. A file with any problem is refused whole
     * (WorkforceImportRefused) and nothing is stored. Analysts and admins.
     */
    async importFile(actor: Actor, laCode: string, path: string, name: string): Promise<WorkforceImportResult> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const parsed = await readWorkforceFile(path, name);
      let problems = parsed.problems;
      if (problems.length === 0) {
        const stored = await listTeamPeriods(db, laCode);
        const first = parsed.periods[0];
        const other = first ? stored.find((p) => p.periodMonths !== first.periodMonths) : undefined;
        if (first && other)
          problems = [
            {
              file: name,
              row: first.row,
              column: 'period',
              rule: 'WORKFORCE-PERIODS-MIXED',
              message: `the file’s periods are ${first.periodMonths === 1 ? 'months' : 'quarters'} but the council’s stored figures are by ${other.periodMonths === 1 ? 'month' : 'quarter'} (e.g. ${periodLabel(other)}). Give them the same way, or remove the stored figures first.`,
            },
          ];
      }
      if (problems.length > 0) {
        await audit.record(actor, 'workforce.import_refused', { file: name, problems: problems.length });
        throw new WorkforceImportRefused(name, problems);
      }
      const periods = parsed.periods.map(({ row: _row, ...p }) => p);
      await db.transaction().execute((trx) => replacePeriods(trx, laCode, periods, now().toISOString()));
      const labels = [...new Set(periods.map((p) => `${p.periodStart}|${periodLabel(p)}`))]
        .sort()
        .map((k) => k.split('|')[1] as string);
      const result = {
        file: name,
        rows: periods.length,
        teams: new Set(periods.map((p) => teamKey(p.team))).size,
        periods: labels,
      };
      await audit.record(actor, 'workforce.imported', { ...result, periods: labels.length });
      changed(laCode);
      return result;
    },
  };
}

export type WorkforceService = ReturnType<typeof createWorkforceService>;

const r2 = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100 + 0);
const r4 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10_000) / 10_000 + 0);
const pounds = (pence: number): number => Number((pence / 100).toFixed(2));

/** The report as `forecare workforce report --json` prints it: rates as fractions (0.158 = 15.8%), money in pounds. */
/** What each figure of the workforce report measures, as `forecare workforce --json` states it. */
const WORKFORCE_MEASURES = {
  turnover: 'FTE permanent leavers in the 12 months to the period end / FTE permanent in post at the period end (DfE)',
  vacancy: 'FTE vacancies / (FTE vacancies + FTE permanent in post) (DfE)',
  agency: 'FTE agency / (FTE agency + FTE permanent in post) (DfE)',
  caseload:
    'cases / filled FTE (permanent + agency) of the teams holding them; each kind of case shared by the filled FTE of the teams holding it',
  cost: 'permanent FTE x salary x (1 + on-costs) + agency FTE x rate x stated working time, a period being months/12 of a year; rounded once per team, financial year and kind',
  fteNeeded:
    'forecast cases shared by establishment over the case-holding teams / each team’s target caseload; looked after children from the demand forecast (median, 10th and 90th percentiles), other cases held at the latest count',
};

/** The latest period's figures, in total and by team. */
function latestJson(m: NonNullable<WorkforceReport['latest']>) {
  return {
    permanentFte: r2(m.permanentFte),
    agencyFte: r2(m.agencyFte),
    vacancyFte: r2(m.vacancyFte),
    leaversFte12Months: r2(m.leaversFte12m),
    turnover: r4(m.turnover),
    vacancy: r4(m.vacancy),
    agency: r4(m.agency),
    cases: {
      lookedAfter: m.caseCounts.looked_after,
      childInNeed: m.caseCounts.child_in_need,
      childProtection: m.caseCounts.child_protection,
      held: r2(m.cases),
    },
    caseHoldingFte: r2(m.caseHoldingFte),
    caseload: r2(m.caseload),
    targetCaseload: r2(m.targetCaseload),
    teams: m.teams.map((t) => ({
      team: t.team,
      permanentFte: t.permanentFte,
      agencyFte: t.agencyFte,
      vacancyFte: t.vacancyFte,
      leaversFte12Months: r2(t.leaversFte12m),
      turnover: r4(t.turnover),
      vacancy: r4(t.vacancy),
      agency: r4(t.agency),
      holds: t.holds,
      cases: r2(t.cases),
      caseload: r2(t.caseload),
      targetCaseload: t.targetCaseload,
    })),
  };
}

export function workforceReportJson(r: WorkforceReport): Record<string, unknown> {
  const m = r.latest;
  return {
    la: r.laCode,
    asAt: r.asAt,
    period: r.asAtLabel,
    teams: r.teamCount,
    measures: WORKFORCE_MEASURES,
    latest: m && latestJson(m),
    series: r.series.map((s) => ({
      month: s.month,
      period: s.periodLabel,
      permanentFte: r2(s.permanentFte),
      agencyFte: r2(s.agencyFte),
      vacancyFte: r2(s.vacancyFte),
      turnover: r4(s.turnover),
      vacancy: r4(s.vacancy),
      agency: r4(s.agency),
      caseload: r2(s.caseload),
      targetCaseload: r2(s.targetCaseload),
    })),
    cost: {
      byYear: r.cost.years.map((y) => ({
        year: y.yearLabel,
        permanent: pounds(y.permanentPence),
        agency: pounds(y.agencyPence),
        total: pounds(y.totalPence),
      })),
      byTeam: r.cost.teams.map((t) => ({
        team: t.team,
        year: t.yearLabel,
        months: t.months,
        permanent: pounds(t.permanentPence),
        agency: pounds(t.agencyPence),
        total: pounds(t.totalPence),
      })),
    },
    fteNeeded: r.fteNeeded && {
      forecastStart: r.forecastStart,
      establishmentFte: r2(r.fteNeeded.establishmentFte),
      filledFte: r2(r.fteNeeded.filledFte),
      months: r.fteNeeded.months.map((n) => ({
        month: n.month,
        cases: r2(n.cases),
        low: r2(n.low),
        central: r2(n.central),
        high: r2(n.high),
      })),
    },
    agencyLever: r.lever && {
      month: r.lever.month,
      filledFte: r2(r.lever.filledFte),
      agencyFte: r2(r.lever.agencyFte),
      permanentCostPerFte: pounds(Math.round(r.lever.permanentCostPerFte)),
      agencyCostPerFte: pounds(Math.round(r.lever.agencyCostPerFte)),
      premiumPerFte: pounds(Math.round(r.lever.premiumPerFte)),
    },
    cinCounted: r.cinCounted,
    warnings: r.warnings,
  };
}

/**
 * SYNTHETIC workforce figures for the demo council (src/domain/demo/workforce.ts), unless it has
 * figures already: two years of months to the last month its returns cover, sized from the
 * children looked after then. Audited as an import with `source: 'demo'`. Whether it saved any.
 */
export async function seedDemoWorkforce(
  db: Db,
  actor: Actor,
  options: { readonly seed: number; readonly now: Date },
): Promise<boolean> {
  assertAccess(actor, actor.laCode, ANALYST_ROLES);
  if ((await listTeamPeriods(db, actor.laCode)).length > 0) return false;
  const data = await loadCaseData(db, actor.laCode);
  const last = lastDataDate(data);
  if (last === null) return false;
  // The last whole month the returns cover.
  const lastMonth = endOfMonth(last) === last ? last.slice(0, 7) : addMonthsToKey(last.slice(0, 7), -1);
  const stock = stockSeries(data, endOfMonth(`${lastMonth}-01`), endOfMonth(`${lastMonth}-01`));
  const periods = demoWorkforce(stock[0]?.total ?? 0, lastMonth, options.seed);
  await db.transaction().execute((trx) => replacePeriods(trx, actor.laCode, periods, options.now.toISOString()));
  await createAuditService(db, () => options.now).record(actor, 'workforce.imported', {
    file: 'demo generator (synthetic)',
    rows: periods.length,
    source: 'demo',
  });
  return true;
}
