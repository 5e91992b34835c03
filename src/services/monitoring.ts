/**
 * Budget monitoring (issue 10; docs/budget-monitoring.md): for the financial year containing an
 * as-at date, per placement category and post-care line and in total, the budget, actual spend to
 * date (1 April to the as-at date, inclusive), the mean forecast to 31 March over the Monte Carlo
 * runs, the forecast outturn with its 80% interval, the variance and its volume/price/mix split,
 * and the movement since the last saved period. The use cases behind `forecare monitor` and the
 * Monitoring page; the arithmetic is src/domain/finance/monitoring.ts.
 *
 * Actuals and forecast are costed as `forecare spend` costs them (src/services/spend.ts): the same
 * child-level prices, unit costs, post-care settings and runs, so the outturn here is the spend
 * forecast's outturn for the year with the same runs and seed.
 */
import { z } from 'zod';
import { addDays, financialYearLabel, financialYearStart, parseDate, type IsoDate } from '../domain/dates.ts';
import { budgetLineKind, budgetLineLabel, type BudgetLineKind } from '../domain/finance/budgets.ts';
import { penceToPounds, type Pence } from '../domain/finance/money.ts';
import {
  monitoringPeriod,
  monitorLines,
  type MonitoringInput,
  type MonitoringLine,
  type PreviousOutturns,
} from '../domain/finance/monitoring.ts';
import { lineWeeklyPence, POST_CARE_LINES } from '../domain/finance/postCare.ts';
import type { MonthSpend } from '../domain/finance/spend.ts';
import { PLACEMENT_CATEGORIES } from '../domain/placementCategories.ts';
import { listBudgets, listMonitoringPeriods, upsertMonitoringPeriod } from '../store/budgets.repository.ts';
import type { Db } from '../store/database.ts';
import { type AuditService } from './audit.ts';
import { ANALYST_ROLES, assertAccess, type Actor } from './access.ts';
import {
  costForecastRuns,
  costingContext,
  DEFAULT_RUNS,
  DEFAULT_SEED,
  engineProjector,
  projectWithChildCosts,
  SpendInputError,
  type Projector,
} from './spend.ts';

export interface MonitoringOptions {
  readonly at: IsoDate;
  readonly runs?: number;
  readonly seed?: number;
  /** The engine entry point (default: engineProjector()). */
  readonly project?: Projector;
}

export interface ReportLine extends MonitoringLine {
  readonly label: string;
  readonly kind: BudgetLineKind | 'total';
}

export interface MonitoringReport {
  readonly laCode: string;
  /** Start year of the financial year (2026 = 2026/27). */
  readonly year: number;
  readonly asAt: IsoDate;
  /** 1 (April) to 12 (March). */
  readonly period: number;
  readonly runs: number;
  readonly seed: number;
  /** Placement categories then post-care lines, each with its budget (0 when none is set). */
  readonly lines: readonly ReportLine[];
  readonly total: ReportLine;
  /** Budget lines Forecare does not forecast (free text): listed, not in the total. */
  readonly otherBudgets: readonly { readonly line: string; readonly budget: Pence }[];
  /** The saved period the movement is measured from, or null. */
  readonly previousPeriod: { readonly period: number; readonly asAt: IsoDate } | null;
  readonly childLevelCostsUsed: number;
  readonly warnings: readonly string[];
}

/** Months the projection needs from the day after `at` to 31 March (0 when `at` is 31 March). */
export function monthsToYearEnd(at: IsoDate): number {
  const next = addDays(at, 1);
  const fy = financialYearStart(at);
  const first = Number(next.slice(0, 4)) * 12 + Number(next.slice(5, 7));
  const last = (fy + 1) * 12 + 3;
  return Math.max(0, last - first + 1);
}

/** What a saved period keeps (money in pence), read back with a schema: the store is a boundary. */
const SavedReport = z.object({
  asAt: z.string(),
  lines: z.array(z.object({ line: z.string(), forecastOutturn: z.number() })),
  total: z.object({ forecastOutturn: z.number() }),
});

/** The last saved period before `period` of the year, as the outturns to measure movement from. */
async function previousOutturns(
  db: Db,
  laCode: string,
  year: number,
  period: number,
): Promise<{ previous: PreviousOutturns; period: number } | null> {
  const saved = (await listMonitoringPeriods(db, laCode, year)).filter((p) => p.period < period);
  const last = saved[saved.length - 1];
  if (!last) return null;
  const parsed = SavedReport.safeParse(JSON.parse(last.report));
  if (!parsed.success) throw new Error(`saved monitoring period P${last.period} of ${laCode} is unreadable`);
  const byLine = new Map<string, Pence>(parsed.data.lines.map((l) => [l.line, l.forecastOutturn]));
  byLine.set('total', parsed.data.total.forecastOutturn);
  return { previous: { asAt: last.asAt, byLine }, period: last.period };
}

function sumMonths(months: readonly MonthSpend[], pick: (m: MonthSpend) => number): number {
  let s = 0;
  for (const m of months) s += pick(m);
  return s;
}

/** The monitoring report of a council on a date (the financial year containing it). */
export async function computeMonitoring(db: Db, laCode: string, options: MonitoringOptions): Promise<MonitoringReport> {
  const at = parseDate(options.at);
  if (at === null) throw new SpendInputError(`the as-at date "${options.at}" is not a date (YYYY-MM-DD)`);
  const year = financialYearStart(at);
  const period = monitoringPeriod(at);
  const runs = options.runs ?? DEFAULT_RUNS;
  const seed = options.seed ?? DEFAULT_SEED;
  const context = await costingContext(db, laCode, at, 'cash');
  const months = monthsToYearEnd(at);
  const yearEnd = `${year + 1}-03`;
  let forecastRuns: MonthSpend[][];
  let childLevelCostsUsed = 0;
  let warnings: readonly string[] = [];
  if (months === 0) {
    forecastRuns = Array.from({ length: runs }, () => []);
  } else {
    const projector = options.project ?? engineProjector();
    const costed = await projectWithChildCosts(
      projector,
      { data: context.data, start: at, months, runs, seed, adjustments: [] },
      context,
    );
    childLevelCostsUsed = costed.childLevelCostsUsed;
    warnings = costed.projection.warnings;
    forecastRuns = costForecastRuns(costed.projection, context, { premium: costed.premium }).map((run) =>
      run.filter((m) => m.month <= yearEnd),
    );
  }
  const budgets = await listBudgets(db, laCode, year);
  const budgetOf = new Map(budgets.map((b) => [b.line, b]));
  const yearFrom = `${year}-04-01`;
  const yearTo = `${year + 1}-03-31`;
  const inputs: MonitoringInput[] = [];
  for (const c of PLACEMENT_CATEGORIES) {
    const b = budgetOf.get(c);
    inputs.push({
      line: c,
      mixGroup: 'placements',
      budgetPence: b?.amountPence ?? 0,
      budgetChildWeeks: b?.childWeeks ?? null,
      unitWeeklyPence: context.book.averageWeekly(c, yearFrom, yearTo),
      actualPence: sumMonths(context.actualMonths, (m) => m.byCategory[c]),
      actualDays: sumMonths(context.actualMonths, (m) => m.childDays[c]),
      forecastPence: forecastRuns.map((run) => sumMonths(run, (m) => m.byCategory[c])),
      forecastDays: forecastRuns.map((run) => sumMonths(run, (m) => m.childDays[c])),
    });
  }
  for (const l of POST_CARE_LINES) {
    const b = budgetOf.get(l);
    inputs.push({
      line: l,
      mixGroup: l,
      budgetPence: b?.amountPence ?? 0,
      budgetChildWeeks: b?.childWeeks ?? null,
      unitWeeklyPence: lineWeeklyPence(context.postCare[l], context.book.basis, yearFrom),
      actualPence: sumMonths(context.actualMonths, (m) => m.byLine[l]),
      actualDays: sumMonths(context.actualMonths, (m) => m.lineDays[l]),
      forecastPence: forecastRuns.map((run) => sumMonths(run, (m) => m.byLine[l])),
      forecastDays: forecastRuns.map((run) => sumMonths(run, (m) => m.lineDays[l])),
    });
  }
  const prev = await previousOutturns(db, laCode, year, period);
  const result = monitorLines(inputs, prev?.previous);
  return {
    laCode,
    year,
    asAt: at,
    period,
    runs,
    seed,
    lines: result.lines.map((l) => ({ ...l, label: budgetLineLabel(l.line), kind: budgetLineKind(l.line) })),
    total: { ...result.total, label: 'Total', kind: 'total' },
    otherBudgets: budgets
      .filter((b) => budgetLineKind(b.line) === 'other')
      .map((b) => ({ line: b.line, budget: b.amountPence })),
    previousPeriod: prev ? { period: prev.period, asAt: prev.previous.asAt } : null,
    childLevelCostsUsed,
    warnings,
  };
}

/**
 * Saves a report as the period of its as-at date (P1 = April ... P12 = March), replacing that
 * period if saved before; analysts and admins, audited.
 */
export async function saveMonitoringPeriod(
  db: Db,
  audit: AuditService,
  actor: Actor,
  report: MonitoringReport,
  now: Date = new Date(),
): Promise<{ period: number; replaced: boolean }> {
  assertAccess(actor, report.laCode, ANALYST_ROLES);
  const existing = (await listMonitoringPeriods(db, report.laCode, report.year)).some(
    (p) => p.period === report.period,
  );
  const keep = (l: MonitoringLine) => ({
    line: l.line,
    budget: l.budget,
    actualToDate: l.actualToDate,
    forecastRemaining: l.forecastRemaining,
    forecastOutturn: l.forecastOutturn,
    outturn80: l.outturn80,
    variance: l.variance,
    drivers: l.drivers,
  });
  await upsertMonitoringPeriod(db, report.laCode, {
    year: report.year,
    period: report.period,
    asAt: report.asAt,
    savedAt: now.toISOString(),
    report: JSON.stringify({
      asAt: report.asAt,
      runs: report.runs,
      seed: report.seed,
      lines: report.lines.map(keep),
      total: keep(report.total),
      otherBudgets: report.otherBudgets,
    }),
  });
  await audit.record(actor, 'monitoring.period_saved', {
    year: financialYearLabel(report.year),
    period: `P${report.period}`,
    asAt: report.asAt,
    forecastOutturnPounds: penceToPounds(report.total.forecastOutturn),
    budgetPounds: penceToPounds(report.total.budget),
    replaced: existing,
  });
  return { period: report.period, replaced: existing };
}

/** Saved periods of a financial year (period, as-at date, when saved). */
export async function savedPeriods(
  db: Db,
  laCode: string,
  year: number,
): Promise<{ period: number; asAt: string; savedAt: string }[]> {
  return (await listMonitoringPeriods(db, laCode, year)).map((p) => ({
    period: p.period,
    asAt: p.asAt,
    savedAt: p.savedAt,
  }));
}

function lineJson(l: ReportLine): Record<string, unknown> {
  return {
    line: l.line,
    label: l.label,
    budget: penceToPounds(l.budget),
    actualToDate: penceToPounds(l.actualToDate),
    forecastRemaining: penceToPounds(l.forecastRemaining),
    forecastOutturn: penceToPounds(l.forecastOutturn),
    outturn80: [penceToPounds(l.outturn80[0]), penceToPounds(l.outturn80[1])],
    variance: penceToPounds(l.variance),
    ...(l.previous
      ? {
          previous: { asAt: l.previous.asAt, forecastOutturn: penceToPounds(l.previous.forecastOutturn) },
          movement: penceToPounds(l.movement ?? 0),
        }
      : {}),
    drivers: {
      volume: penceToPounds(l.drivers.volume),
      price: penceToPounds(l.drivers.price),
      mix: penceToPounds(l.drivers.mix),
    },
  };
}

/** The report as JSON (`forecare monitor --json`): amounts in pounds to the penny, as `spend --json`. */
export function monitoringJson(report: MonitoringReport): Record<string, unknown> {
  return {
    la: report.laCode,
    year: financialYearLabel(report.year),
    asAt: report.asAt,
    period: `P${report.period}`,
    runs: report.runs,
    seed: report.seed,
    statistic: 'mean',
    measures: {
      money:
        'pounds to the penny. forecastRemaining is the mean over the runs from the day after asAt to 31 March; forecastOutturn = actualToDate + forecastRemaining; outturn80 the 10th and 90th percentiles of the runs’ outturns (the lines’ intervals do not add up to the total’s); variance = forecastOutturn - budget, adverse (an overspend) when positive; movement = forecastOutturn - previous.forecastOutturn (the last saved period); drivers: volume + price + mix = variance (docs/budget-monitoring.md)',
      otherBudgets: 'budget lines Forecare does not forecast (free text): not in the total',
    },
    lines: report.lines.map(lineJson),
    total: lineJson(report.total),
    otherBudgets: report.otherBudgets.map((b) => ({ line: b.line, budget: penceToPounds(b.budget) })),
    previousPeriod: report.previousPeriod
      ? { period: `P${report.previousPeriod.period}`, asAt: report.previousPeriod.asAt }
      : null,
    childLevelCostsUsed: report.childLevelCostsUsed,
    warnings: report.warnings,
  };
}
