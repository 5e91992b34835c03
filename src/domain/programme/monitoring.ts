/**
 * Monitoring an initiative against its targets: variance, RAG, milestones and risks.
 *
 * - Variance = forecast - target (and actual - target once known). A saving above target is
 *   favourable, below it adverse; exactly on target counts as favourable.
 * - RAG on forecast as a percentage of target: green at or above `greenMinPercent`, amber at or
 *   above `amberMinPercent`, red below. A zero target is green unless the forecast is negative.
 * - Risk score = likelihood x impact (1-25): 15 and over high, 8-14 medium, below 8 low.
 * - A milestone not complete after its due date is overdue, and shows as overdue whatever its
 *   recorded status (a single status, never "on track" and "overdue" at once).
 * - Non-financial targets: variance = actual - target; with `better: lower` a fall is favourable and
 *   RAG is on target / actual, with `better: higher` on actual / target (the same thresholds).
 */
import { financialYearLabel, type IsoDate } from '../dates.ts';
import type { Appraisal } from './appraisal.ts';
import type {
  CountedMeasure,
  Initiative,
  Milestone,
  MilestoneStatus,
  MonitoringEntry,
  NonFinancialTarget,
  Programme,
  RagThresholds,
  Risk,
} from './model.ts';
import type { Pence } from '../finance/money.ts';

export type Rag = 'red' | 'amber' | 'green';
export type VarianceDirection = 'favourable' | 'adverse';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_RE = /^(\d{4})\/(\d{2}) Q([1-4])$/;

/** True for a month `YYYY-MM` or a financial quarter `YYYY/YY Qn` (2025/26 Q1 = April-June 2025). */
export function isPeriod(text: string): boolean {
  const q = QUARTER_RE.exec(text);
  if (q) return (Number(q[1]) + 1) % 100 === Number(q[2]);
  return MONTH_RE.test(text);
}

/** Sort key for a period: the first month it covers, `YYYY-MM`. */
export function periodStartMonth(period: string): string {
  const q = QUARTER_RE.exec(period);
  if (!q) return period;
  const month = 4 + (Number(q[3]) - 1) * 3;
  const year = Number(q[1]) + (month > 12 ? 1 : 0);
  return `${year}-${String(((month - 1) % 12) + 1).padStart(2, '0')}`;
}

export function ragOf(forecast: Pence, target: Pence, t: RagThresholds): Rag {
  if (target <= 0) return forecast >= 0 ? 'green' : 'red';
  const pct = (forecast / target) * 100;
  if (pct >= t.greenMinPercent) return 'green';
  if (pct >= t.amberMinPercent) return 'amber';
  return 'red';
}

export function directionOf(variance: Pence): VarianceDirection {
  return variance >= 0 ? 'favourable' : 'adverse';
}

/** Saving against target, as monitoring reports it for one period or summed over periods. */
export interface MonitoringFigures {
  readonly target: Pence;
  readonly forecast: Pence;
  readonly actual: Pence | null;
  /** Forecast minus target. */
  readonly variance: Pence;
  readonly direction: VarianceDirection;
  readonly rag: Rag;
}

export interface PeriodStatus extends MonitoringFigures {
  readonly period: string;
  readonly actualVariance: Pence | null;
  readonly actualDirection: VarianceDirection | null;
}

export interface MilestoneStatusView extends Milestone {
  /** Due before `asOf` and not complete. */
  readonly overdue: boolean;
  /** The one status to show: `overdue` when overdue, else the recorded status. */
  readonly shownStatus: MilestoneStatus | 'overdue';
}

/** A milestone as monitoring shows it on `asOf`. */
export function milestoneView(m: Milestone, asOf: IsoDate): MilestoneStatusView {
  const overdue = m.status !== 'complete' && m.due < asOf;
  return { ...m, overdue, shownStatus: overdue ? 'overdue' : m.status };
}

export interface RiskView extends Risk {
  readonly score: number;
  readonly rating: 'high' | 'medium' | 'low';
}

/** The monitoring figures are sums over all periods entered. */
export interface InitiativeMonitoring extends MonitoringFigures {
  readonly id: string;
  readonly name: string;
  readonly periods: readonly PeriodStatus[];
  readonly milestones: readonly MilestoneStatusView[];
  readonly risks: readonly RiskView[];
}

export function periodStatus(e: MonitoringEntry, t: RagThresholds): PeriodStatus {
  const variance = e.forecast - e.target;
  const actualVariance = e.actual === null ? null : e.actual - e.target;
  return {
    period: e.period,
    target: e.target,
    forecast: e.forecast,
    actual: e.actual,
    variance,
    direction: directionOf(variance),
    actualVariance,
    actualDirection: actualVariance === null ? null : directionOf(actualVariance),
    rag: ragOf(e.forecast, e.target, t),
  };
}

export function riskView(r: Risk): RiskView {
  const score = r.likelihood * r.impact;
  return { ...r, score, rating: score >= 15 ? 'high' : score >= 8 ? 'medium' : 'low' };
}

/** Monitoring view of an initiative; `asOf` (a date passed in, not the clock) marks overdue milestones. */
export function monitorInitiative(
  initiative: Initiative,
  thresholds: RagThresholds,
  asOf: IsoDate,
): InitiativeMonitoring {
  const periods = [...initiative.monitoring]
    .sort((a, b) => periodStartMonth(a.period).localeCompare(periodStartMonth(b.period)))
    .map((e) => periodStatus(e, thresholds));
  const target = periods.reduce((s, p) => s + p.target, 0);
  const forecast = periods.reduce((s, p) => s + p.forecast, 0);
  const withActual = periods.filter((p) => p.actual !== null);
  const actual = withActual.length > 0 ? withActual.reduce((s, p) => s + (p.actual ?? 0), 0) : null;
  const variance = forecast - target;
  return {
    id: initiative.id,
    name: initiative.name,
    periods,
    target,
    forecast,
    actual,
    variance,
    direction: directionOf(variance),
    rag: ragOf(forecast, target, thresholds),
    milestones: initiative.milestones.map((m) => milestoneView(m, asOf)),
    risks: initiative.risks.map(riskView).sort((a, b) => b.score - a.score),
  };
}

/**
 * An initiative's saving against target, as the dashboard and `plan evaluate` report it: the sums
 * over its monitoring periods when any are entered; otherwise its forecast gross saving against the
 * plan's over the plan years (a scenario-linked initiative's forecast is the model's).
 */
export interface MonitoringRow extends MonitoringFigures {
  readonly initiative: string;
  readonly name: string;
  /** `monitoring`: the periods entered; `plan`: forecast against the plan over the plan years. */
  readonly basis: 'monitoring' | 'plan';
  /** Actual minus target, once an actual is known. */
  readonly actualVariance: Pence | null;
  readonly periods: readonly PeriodStatus[];
  readonly overdueMilestones: number;
  readonly highRisks: number;
}

/** The monitoring rows of a programme on `asOf`, from its appraisal (forecast) and the plan (target). */
export function programmeMonitoring(programme: Programme, appraisal: Appraisal, asOf: IsoDate): MonitoringRow[] {
  return programme.initiatives.map((ini, idx) => {
    const ia = appraisal.initiatives[idx];
    const m = monitorInitiative(ini, programme.rag, asOf);
    const hasMonitoring = ini.monitoring.length > 0;
    const planTarget = (ia?.targetGrossSaving ?? []).slice(0, programme.planYears).reduce((s, v) => s + v, 0);
    const target = hasMonitoring ? m.target : planTarget;
    const forecast = hasMonitoring ? m.forecast : (ia?.totals.plan.grossSaving ?? 0);
    const actual = hasMonitoring ? m.actual : null;
    const variance = forecast - target;
    return {
      initiative: ini.id,
      name: ini.name,
      basis: hasMonitoring ? 'monitoring' : 'plan',
      target,
      forecast,
      actual,
      variance,
      direction: directionOf(variance),
      actualVariance: actual === null ? null : actual - target,
      rag: ragOf(forecast, target, programme.rag),
      periods: m.periods,
      overdueMilestones: m.milestones.filter((x) => x.overdue).length,
      highRisks: m.risks.filter((r) => r.rating === 'high').length,
    };
  });
}

/** One month of a non-financial target. */
export interface TargetMonthView {
  readonly month: string;
  readonly target: number | null;
  readonly actual: number | null;
  /** Where the actual came from: typed into the plan, or counted from the returns. */
  readonly actualSource: 'typed' | 'counted' | null;
  /** Actual minus target, when both are known. */
  readonly variance: number | null;
  readonly direction: VarianceDirection | null;
  readonly rag: Rag | null;
}

export interface TargetView {
  readonly initiative: string;
  readonly measure: string;
  readonly unit: string | null;
  readonly better: 'lower' | 'higher' | null;
  readonly counted: { readonly measure: CountedMeasure; readonly route: string | null } | null;
  readonly byYear: ReadonlyArray<{ readonly year: number; readonly label: string; readonly value: number }>;
  readonly months: readonly TargetMonthView[];
  /** The latest month with both a target and an actual. */
  readonly latest: TargetMonthView | null;
  /** Counted actuals that differ from typed ones (the counted figure is used). */
  readonly differences: ReadonlyArray<{ readonly month: string; readonly typed: number; readonly counted: number }>;
}

/** RAG of a non-financial actual against its target, by which way is better; null when that is not said. */
export function targetRag(
  actual: number,
  target: number,
  better: 'lower' | 'higher' | undefined,
  t: RagThresholds,
): Rag | null {
  if (better === undefined) return null;
  if (better === 'higher') return ragOf(actual, target, t);
  if (actual <= 0) return target >= 0 ? 'green' : 'red';
  return ragOf(target, actual, t);
}

/**
 * A target's months with actuals: typed, or counted (`counts`, month to count or null when the
 * returns do not cover it) where the target says Forecare counts it.
 */
export function targetView(
  initiative: string,
  target: NonFinancialTarget,
  thresholds: RagThresholds,
  counts?: ReadonlyMap<string, number | null>,
): TargetView {
  const differences: Array<{ month: string; typed: number; counted: number }> = [];
  const months: TargetMonthView[] = (target.months ?? []).map((m) => {
    const counted = target.counted && counts ? (counts.get(m.month) ?? null) : null;
    if (counted !== null && m.actual !== null && counted !== m.actual)
      differences.push({ month: m.month, typed: m.actual, counted });
    const actual = counted ?? m.actual;
    const actualSource = counted !== null ? 'counted' : m.actual !== null ? 'typed' : null;
    // Targets from a trajectory carry one decimal place: keep the difference free of binary noise.
    const variance = actual !== null && m.target !== null ? Math.round((actual - m.target) * 1e6) / 1e6 : null;
    const favourable =
      variance === null || target.better === undefined
        ? null
        : target.better === 'lower'
          ? variance <= 0
          : variance >= 0;
    return {
      month: m.month,
      target: m.target,
      actual,
      actualSource,
      variance,
      direction: favourable === null ? null : favourable ? 'favourable' : 'adverse',
      rag: actual !== null && m.target !== null ? targetRag(actual, m.target, target.better, thresholds) : null,
    };
  });
  const known = months.filter((m) => m.variance !== null);
  return {
    initiative,
    measure: target.measure,
    unit: target.unit ?? null,
    better: target.better ?? null,
    counted: target.counted ? { measure: target.counted.measure, route: target.counted.route ?? null } : null,
    byYear: target.byYear.map((y) => ({ year: y.year, label: financialYearLabel(y.year), value: y.value })),
    months,
    latest: known[known.length - 1] ?? null,
    differences,
  };
}
