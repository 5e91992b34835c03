/**
 * Monitoring an initiative against its targets: variance, RAG, milestones and risks.
 *
 * - Variance = forecast - target (and actual - target once known). A saving above target is
 *   favourable, below it adverse; exactly on target counts as favourable.
 * - RAG on forecast as a percentage of target: green at or above `greenMinPercent`, amber at or
 *   above `amberMinPercent`, red below. A zero target is green unless the forecast is negative.
 * - Risk score = likelihood x impact (1-25): 15 and over high, 8-14 medium, below 8 low.
 */
import type { IsoDate } from '../dates.ts';
import type { Initiative, Milestone, MonitoringEntry, RagThresholds, Risk } from './model.ts';
import type { Pence } from './money.ts';

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
    milestones: initiative.milestones.map((m) => ({ ...m, overdue: m.status !== 'complete' && m.due < asOf })),
    risks: initiative.risks.map(riskView).sort((a, b) => b.score - a.score),
  };
}
