/**
 * Checking the totals typed into a plan against the figures recomputed from its lines.
 *
 * A stated total agrees when it equals the computed total rounded to the display increment
 * (£1, £1,000, or £0.001m = £1,000). Otherwise it is a mismatch, classified:
 * - `rounding` when |stated - computed| <= half a display increment x the number of lines summed
 *   (each line shown rounded can be out by up to half an increment, so a total typed as the sum of
 *   the rounded lines can be out by that much);
 * - `error` otherwise.
 * Savings lines are compared in the programme's `statedProfile` (incremental: new saving each year;
 * cumulative: annual against the baseline). Figures are the delivered ones (after phasing).
 */
import { financialYearLabel } from '../dates.ts';
import type { Appraisal, YearFigures } from './appraisal.ts';
import type { Programme, StatedLineTotals, TotalLine } from './model.ts';
import { TOTAL_LINES } from './model.ts';
import { displayIncrementPence, formatMoney, roundToDisplay, UNIT_LABEL, type Pence } from './money.ts';

export type CheckSeverity = 'rounding' | 'error';

export interface CheckFinding {
  readonly severity: CheckSeverity;
  /** Human-readable place: `row edge-of-care / grossSaving`, `column 2025/26 / investment`, `grand total / netSaving`. */
  readonly where: string;
  readonly kind: 'row' | 'column' | 'grand';
  readonly line: TotalLine;
  readonly initiative: string | null;
  readonly year: number | null;
  readonly stated: Pence;
  readonly computed: Pence;
  /** stated - computed. */
  readonly difference: Pence;
  /** Lines summed to make the total (for the rounding tolerance). */
  readonly linesSummed: number;
  readonly message: string;
}

const LINE_NAMES: Record<TotalLine, string> = {
  investment: 'investment',
  ongoingCost: 'ongoing cost',
  grossSaving: 'gross saving',
  netSaving: 'net saving',
};

/** The figure a stated total of `line` is compared with, for one year's figures. */
function lineValue(y: YearFigures, line: TotalLine, profile: Programme['statedProfile']): Pence {
  switch (line) {
    case 'investment':
      return y.investment;
    case 'ongoingCost':
      return y.ongoingCost;
    case 'grossSaving':
      return profile === 'incremental' ? y.grossSavingIncremental : y.grossSaving;
    case 'netSaving':
      return profile === 'incremental' ? y.netSavingIncremental : y.netSaving;
  }
}

/**
 * Classifies one stated total. Returns null when it agrees.
 * Worked: lines £10,400 + £20,400 + £30,400 shown in £000s as 10, 20, 30; computed 61,200.
 * Stated 60 (£60,000): differs from the rounded 61 by 1; |60,000 - 61,200| = 1,200 <= 3 x 500, so rounding.
 * Stated 101 (£101,000): differs by 39,800 > 1,500, so error.
 */
export function classifyTotal(
  stated: Pence,
  computed: Pence,
  linesSummed: number,
  unit: Programme['unit'],
): CheckSeverity | null {
  if (stated === roundToDisplay(computed, unit)) return null;
  const tolerance = (displayIncrementPence(unit) / 2) * Math.max(1, linesSummed);
  return Math.abs(stated - computed) <= tolerance ? 'rounding' : 'error';
}

/** Recomputes every stated total in the programme and reports each mismatch. */
export function checkStatedTotals(programme: Programme, appraisal: Appraisal): CheckFinding[] {
  const unit = programme.unit;
  const profile = programme.statedProfile;
  const plan = programme.planYears;
  const findings: CheckFinding[] = [];
  const report = (
    kind: CheckFinding['kind'],
    where: string,
    line: TotalLine,
    initiative: string | null,
    year: number | null,
    stated: Pence,
    computed: Pence,
    linesSummed: number,
  ): void => {
    const severity = classifyTotal(stated, computed, linesSummed, unit);
    if (!severity) return;
    const difference = stated - computed;
    const u = UNIT_LABEL[unit];
    const why =
      severity === 'rounding'
        ? `within rounding (half a display unit on each of ${linesSummed} line${linesSummed === 1 ? '' : 's'})`
        : `more than rounding can explain (${linesSummed} line${linesSummed === 1 ? '' : 's'})`;
    findings.push({
      severity,
      where,
      kind,
      line,
      initiative,
      year,
      stated,
      computed,
      difference,
      linesSummed,
      message: `${where}: stated ${formatMoney(stated, unit)} but the lines add to ${formatMoney(computed, unit)} (${u}); difference ${formatMoney(difference, unit)}, ${why}`,
    });
  };
  const planYearsOf = (ys: readonly YearFigures[]): readonly YearFigures[] => ys.slice(0, plan);

  for (const ia of appraisal.initiatives) {
    const stated: StatedLineTotals = programme.initiatives.find((i) => i.id === ia.id)?.statedTotals ?? {};
    for (const line of TOTAL_LINES) {
      const s = stated[line];
      if (s === undefined) continue;
      const computed = planYearsOf(ia.years).reduce((acc, y) => acc + lineValue(y, line, profile), 0);
      report('row', `row ${ia.id} / ${LINE_NAMES[line]}`, line, ia.id, null, s, computed, plan);
    }
  }
  const n = Math.max(1, appraisal.initiatives.length);
  for (const { year, totals } of programme.statedTotals.byYear) {
    const idx = year - programme.firstYear;
    for (const line of TOTAL_LINES) {
      const s = totals[line];
      if (s === undefined) continue;
      const computed = appraisal.initiatives.reduce((acc, ia) => {
        const y = ia.years[idx];
        return acc + (y ? lineValue(y, line, profile) : 0);
      }, 0);
      report('column', `column ${financialYearLabel(year)} / ${LINE_NAMES[line]}`, line, null, year, s, computed, n);
    }
  }
  for (const line of TOTAL_LINES) {
    const s = programme.statedTotals.total[line];
    if (s === undefined) continue;
    const computed = planYearsOf(appraisal.years).reduce((acc, y) => acc + lineValue(y, line, profile), 0);
    report('grand', `grand total / ${LINE_NAMES[line]}`, line, null, null, s, computed, n * plan);
  }
  return findings;
}
