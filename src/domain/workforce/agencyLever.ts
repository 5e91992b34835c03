/**
 * The agency lever (issue 12): "agency share from X% to Y% by date D". The share of the filled
 * social work posts held by agency workers moves in a straight line from X% to Y%, starting on
 * `start` and reaching Y% in the month containing `by` (then holding there); each post moved from
 * agency to permanent saves the agency premium (agency cost less permanent cost per FTE a year).
 *
 * Worked out on the latest month with workforce figures (`LeverBase`): the filled FTE
 * (permanent + agency) are held flat, and the premium is the average agency cost per agency FTE
 * less the average permanent cost per permanent FTE (each weighted by its FTE over the teams; when
 * the council has no agency FTE, the stated agency rates are weighted by filled FTE).
 *
 * Month m saves (X - Y) / 100 x f(m) x filled FTE x premium / 12, where f(m) is the scenarios'
 * ramp rule (engine/adjustments.ts: month k from the start month runs at (k + 1) / n of the full
 * effect, n = the months from the start month to the month of `by` inclusive; the start month is
 * further scaled by the share of its days on or after `start`). Exact amounts are added up per
 * financial year and rounded once to whole pence there.
 */
import { financialYearLabel, financialYearStart, type IsoDate } from '../dates.ts';
import { adjustmentEffectInMonth, monthsBetween } from '../engine/adjustments.ts';
import { roundPence, type Pence } from '../finance/money.ts';
import { agencyCostPerFte, permanentCostPerFte } from './cost.ts';
import type { TeamPeriod } from './model.ts';

export interface AgencyShareLever {
  readonly start: IsoDate;
  /** Agency share of filled FTE the council starts from, in percent (25 = 25%). */
  readonly fromPercent: number;
  /** The share it aims for by `by`, in percent. */
  readonly toPercent: number;
  readonly by: IsoDate;
}

export interface LeverBase {
  /** `YYYY-MM` of the month the base is taken from. */
  readonly month: string;
  readonly filledFte: number;
  readonly agencyFte: number;
  /** Exact annual cost per FTE in pence. */
  readonly permanentCostPerFte: number;
  readonly agencyCostPerFte: number;
  /** agencyCostPerFte - permanentCostPerFte (exact pence a year). */
  readonly premiumPerFte: number;
  readonly warnings: readonly string[];
}

/** The lever's base from one month's periods (one per team). */
export function leverBase(month: string, periods: readonly TeamPeriod[]): LeverBase {
  const warnings: string[] = [];
  const filledFte = periods.reduce((s, p) => s + p.permanentFte + p.agencyFte, 0);
  const agencyFte = periods.reduce((s, p) => s + p.agencyFte, 0);
  const weightedAverage = (items: readonly { weight: number; value: number }[]): number | null => {
    const w = items.reduce((s, i) => s + i.weight, 0);
    return w > 0 ? items.reduce((s, i) => s + i.weight * i.value, 0) / w : null;
  };
  const permanentFte = periods.reduce((s, p) => s + p.permanentFte, 0);
  const permanent =
    weightedAverage(
      periods.map((p) => ({
        weight: permanentFte > 0 ? p.permanentFte : p.permanentFte + p.agencyFte,
        value: permanentCostPerFte(p),
      })),
    ) ?? 0;
  const rated = periods.flatMap((p) => {
    const cost = agencyCostPerFte(p);
    return cost === null ? [] : [{ p, cost }];
  });
  const agency =
    weightedAverage(
      rated.map(({ p, cost }) => ({ weight: agencyFte > 0 ? p.agencyFte : p.permanentFte + p.agencyFte, value: cost })),
    ) ?? null;
  if (agency === null)
    warnings.push(
      `${month}: no team states an agency rate, so moving posts from agency to permanent saves nothing here.`,
    );
  const agencyCost = agency ?? permanent;
  if (agencyCost < permanent)
    warnings.push(`${month}: agency workers cost less than permanent ones on these figures; the lever costs money.`);
  return {
    month,
    filledFte,
    agencyFte,
    permanentCostPerFte: permanent,
    agencyCostPerFte: agencyCost,
    premiumPerFte: agencyCost - permanent,
    warnings,
  };
}

export interface LeverMonth {
  readonly month: string;
  /** Agency share of filled FTE in the month, percent. */
  readonly sharePercent: number;
  /** Posts moved from agency to permanent (FTE), on average over the month. */
  readonly fteMoved: number;
  /** Exact saving in pence (unrounded). */
  readonly exactSaving: number;
}

export interface LeverYear {
  readonly year: number;
  readonly yearLabel: string;
  readonly savingPence: Pence;
}

export interface LeverSavings {
  readonly months: readonly LeverMonth[];
  readonly years: readonly LeverYear[];
}

/** The lever's effect in `month` (0-1): 0 before the start, 1 from the month containing `by`. */
export function leverEffect(lever: Pick<AgencyShareLever, 'start' | 'by'>, month: string): number {
  return adjustmentEffectInMonth({ start: lever.start, rampMonths: monthsBetween(lever.start, lever.by) + 1 }, month);
}

/**
 * The lever's saving in each of `months` (`YYYY-MM`, ascending) and by financial year. With
 * `from` (a forecast's start), nothing before it counts and its month counts for its days from it.
 */
export function agencyLeverSavings(
  lever: AgencyShareLever,
  base: LeverBase,
  months: readonly string[],
  from?: IsoDate,
): LeverSavings {
  const perMonth = months.map((month) => {
    const counted = from === undefined ? 1 : adjustmentEffectInMonth({ start: from, rampMonths: 0 }, month);
    const f = leverEffect(lever, month) * counted;
    const fteMoved = ((lever.fromPercent - lever.toPercent) / 100) * f * base.filledFte;
    return {
      month,
      sharePercent: lever.fromPercent + (lever.toPercent - lever.fromPercent) * f,
      fteMoved,
      exactSaving: (fteMoved * base.premiumPerFte) / 12,
    };
  });
  const byYear = new Map<number, number>();
  for (const m of perMonth) {
    const y = financialYearStart(`${m.month}-01`);
    byYear.set(y, (byYear.get(y) ?? 0) + m.exactSaving);
  }
  return {
    months: perMonth,
    years: [...byYear.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([year, exact]) => ({ year, yearLabel: financialYearLabel(year), savingPence: roundPence(exact) })),
  };
}
