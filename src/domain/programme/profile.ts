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
 *
 * Amounts left out are nil. A saving typed as "TBC" adds nothing new that year: incremental entry
 * adds 0, cumulative entry stays at the previous year's level (rather than falling to 0).
 * Amounts come from `resolveInitiative` (workings.ts) when the initiative has workings.
 */
import { roundPence } from '../finance/money.ts';
import type { AmountField, Initiative, YearLine } from './model.ts';
import type { Pence } from '../finance/money.ts';

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
  /** Full-year effect of the low and high ends. */
  readonly fullYearLow: readonly Pence[];
  readonly fullYearHigh: readonly Pence[];
}

/** The entered figure of a line, or null when the line is TBC (no new saving that year). */
type Pick = (line: YearLine) => Pence | null;

const isTbc = (line: YearLine, field: AmountField): boolean => (line.tbc ?? []).includes(field);

/** Gross saving as entered, null for TBC. */
const grossOf: Pick = (l) => (isTbc(l, 'grossSaving') ? null : (l.grossSaving ?? 0));
/** A range end as entered; the gross saving where the end is not given. */
const endOf =
  (field: 'grossLow' | 'grossHigh'): Pick =>
  (l) => {
    if (isTbc(l, field)) return null;
    const v = l[field];
    return v !== undefined ? v : grossOf(l);
  };

/** Annual full-year effect against the baseline, F[y], for one quantity. */
function fullYearEffect(initiative: Initiative, pick: Pick, years: readonly number[]): Pence[] {
  const byYear = new Map(initiative.years.map((l) => [l.year, l]));
  const firstEntered = initiative.years.length > 0 ? Math.min(...initiative.years.map((l) => l.year)) : Infinity;
  const out: Pence[] = [];
  let prev = 0;
  for (const y of years) {
    const line = byYear.get(y);
    let cur: Pence;
    const entered = line ? pick(line) : null;
    if (line && entered !== null) cur = initiative.profile === 'cumulative' ? entered : prev + entered;
    else cur = !line && y < firstEntered ? 0 : prev;
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
    if (line) lastOngoing = line.ongoingCost ?? 0;
    ongoingCost.push(line ? (line.ongoingCost ?? 0) : y < firstEntered ? 0 : lastOngoing);
  }
  const fye = fullYearEffect(initiative, grossOf, years);
  const grossAnnual = phased(initiative, fye, years);
  const fullYearLow = fullYearEffect(initiative, endOf('grossLow'), years);
  const fullYearHigh = fullYearEffect(initiative, endOf('grossHigh'), years);
  const low = phased(initiative, fullYearLow, years);
  const high = phased(initiative, fullYearHigh, years);
  return {
    years,
    investment,
    ongoingCost,
    fullYearEffect: fye,
    grossAnnual,
    grossIncremental: incrementsOf(grossAnnual),
    grossLowAnnual: low,
    grossHighAnnual: high,
    fullYearLow,
    fullYearHigh,
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
