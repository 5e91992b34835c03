/**
 * Turning an initiative's entered years into delivered savings year by year.
 *
 * Method. Entered gross savings (incremental or cumulative) are first put on one footing: the
 * annual saving against the baseline at full-year effect, F[y]. Incremental entry accumulates
 * (F[y] = F[y-1] + entered[y]); cumulative entry is F[y] itself. Years before the first entered year
 * are zero; years after the last entered year continue its run rate (F stays at the last value,
 * ongoing cost at the last year's level, no further investment). Phasing then gives the saving
 * delivered in each year: the part of the saving that is new this year, F[y] - F[y-1], counts at
 * the year's phasing factor and in full from the next year:
 *
 *     delivered[y] = F[y-1] + round(phasing[y] x (F[y] - F[y-1]))
 *
 * Because both entries reach the same F, incremental and cumulative entry of the same plan give
 * identical results. The same steps apply to the low and high ends of a range.
 */
import { roundPence } from '../finance/money.ts';
import type { Initiative, YearLine } from './model.ts';
import type { Pence } from './money.ts';

/** Delivered figures for one initiative over a run of years, index 0 = `firstYear`. */
export interface DeliveredSeries {
  readonly years: readonly number[];
  readonly investment: readonly Pence[];
  readonly ongoingCost: readonly Pence[];
  /** Full-year effect against the baseline. */
  readonly fullYearEffect: readonly Pence[];
  /** Gross saving delivered in the year against the baseline (cumulative view). */
  readonly grossAnnual: readonly Pence[];
  /** New gross saving in the year (incremental view): grossAnnual[y] - grossAnnual[y-1]. */
  readonly grossIncremental: readonly Pence[];
  readonly grossLowAnnual: readonly Pence[];
  readonly grossHighAnnual: readonly Pence[];
}

type Pick = (line: YearLine) => Pence;

/** Annual full-year effect against the baseline, F[y], for one quantity. */
function fullYearEffect(initiative: Initiative, pick: Pick, years: readonly number[]): Pence[] {
  const byYear = new Map(initiative.years.map((l) => [l.year, l]));
  const firstEntered = initiative.years.length > 0 ? Math.min(...initiative.years.map((l) => l.year)) : Infinity;
  const out: Pence[] = [];
  let prev = 0;
  for (const y of years) {
    const line = byYear.get(y);
    let cur: Pence;
    if (line) cur = initiative.profile === 'cumulative' ? pick(line) : prev + pick(line);
    else cur = y < firstEntered ? 0 : prev;
    out.push(cur);
    prev = cur;
  }
  return out;
}

function phased(initiative: Initiative, fye: readonly Pence[], years: readonly number[]): Pence[] {
  const byYear = new Map(initiative.years.map((l) => [l.year, l]));
  return fye.map((f, i) => {
    const before = i > 0 ? (fye[i - 1] ?? 0) : 0;
    const phasing = byYear.get(years[i] ?? NaN)?.phasing ?? 1;
    return before + roundPence(phasing * (f - before));
  });
}

/** Differences year on year (the first year against zero). */
export function incrementsOf(annual: readonly Pence[]): Pence[] {
  return annual.map((a, i) => a - (i > 0 ? (annual[i - 1] ?? 0) : 0));
}

/** Running totals. */
export function cumulativeOf(values: readonly Pence[]): Pence[] {
  let sum = 0;
  return values.map((v) => (sum += v));
}

/** The delivered series of an initiative over `count` years from `firstYear`. */
export function deliveredSeries(initiative: Initiative, firstYear: number, count: number): DeliveredSeries {
  const years = Array.from({ length: count }, (_, i) => firstYear + i);
  const byYear = new Map(initiative.years.map((l) => [l.year, l]));
  const entered = initiative.years.map((l) => l.year);
  const firstEntered = entered.length > 0 ? Math.min(...entered) : Infinity;
  const investment = years.map((y) => byYear.get(y)?.investment ?? 0);
  const ongoingCost: Pence[] = [];
  let lastOngoing = 0;
  for (const y of years) {
    const line = byYear.get(y);
    if (line) lastOngoing = line.ongoingCost;
    ongoingCost.push(line ? line.ongoingCost : y < firstEntered ? 0 : lastOngoing);
  }
  const fye = fullYearEffect(initiative, (l) => l.grossSaving, years);
  const grossAnnual = phased(initiative, fye, years);
  const low = phased(
    initiative,
    fullYearEffect(initiative, (l) => l.grossLow ?? l.grossSaving, years),
    years,
  );
  const high = phased(
    initiative,
    fullYearEffect(initiative, (l) => l.grossHigh ?? l.grossSaving, years),
    years,
  );
  return {
    years,
    investment,
    ongoingCost,
    fullYearEffect: fye,
    grossAnnual,
    grossIncremental: incrementsOf(grossAnnual),
    grossLowAnnual: low,
    grossHighAnnual: high,
  };
}

/**
 * Re-expresses entered gross savings in the other profile (for showing both): cumulative entry
 * [100, 250, 300] is incremental [100, 150, 50] and back. Pure arithmetic on the entered figures
 * (full-year effect, before phasing).
 */
export function convertProfile(values: readonly Pence[], from: 'incremental' | 'cumulative'): Pence[] {
  return from === 'incremental' ? cumulativeOf(values) : incrementsOf(values);
}
