/**
 * Expected days a starting child stays in its starting placement: for one child looked after on the
 * forecast start, the expected child-days in each projection month on which it is still looked after
 * and still in the category it was in on the start date. Finance uses them to cost children whose
 * own weekly price is known at that price for as long as they stay (src/domain/finance/childCostPremium.ts).
 *
 * The child leaves its starting category at the total hazard of every way out, the same hazards the
 * Monte Carlo (simulate.ts) follows each child with:
 * - exits by every route: the fitted rate of the child's age band and category × the time-in-care
 *   factor of its duration band (rates.exitDuration, on the standardised exposure, as expected.ts)
 *   × the scenario's exit multiplier for the month;
 * - fitted transitions to every other category;
 * - scenario shifts out of the category (the month's shift hazard, for the bands a shift applies to);
 * - the 18th birthday: the child is not looked after on it or after.
 * Hazards change on the change points only: month ends (the scenario's multipliers and shift hazards
 * are per month), birthdays that start a new age band, and the days the child enters a new
 * time-in-care band. Every change point is a whole day, so the hazard is constant on each day's
 * interval (d - 1, d] and the child counts on day d with probability S(d) = exp(-∫0^d h), as the Monte
 * Carlo counts a child on day d when its next event falls after d. Between change points the days
 * are a geometric series: with S the survival at day a - 1 and h the hazard, days a..z add
 * S·e^(-h)·(1 - e^(-h·k)) / (1 - e^(-h)), k = z - a + 1. Point estimates of the rates are used (the
 * Monte Carlo also draws them from their posteriors): the result is an expectation.
 * Cost: a hazard table of months × bands × duration bands × categories built once, then
 * O(months + change points) per child.
 */
import type { StartingChild, StartingPopulation } from './population.ts';
import type { Timeline } from './projection.ts';
import { exitHazardParts, type FittedRates } from './rates.ts';
import type { Schedule } from './schedule.ts';

/** Total daily hazard of leaving each category, by month, age band and time-in-care band. */
export interface LeavingHazards {
  readonly months: number;
  readonly bands: number;
  readonly categories: number;
  /** Days since the period of care began at which each time-in-care band after the first starts ([] = none). */
  readonly durationBoundsDays: readonly number[];
  /** [month][band][duration band][category], flat: ((m * bands + b) * durationBands + d) * categories + c. */
  readonly hazard: Float64Array;
  /** Day offsets (from the forecast start) of each month's first and last counted day. */
  readonly monthFirstDay: Int32Array;
  readonly monthEndDay: Int32Array;
  /** Day number of the forecast start (day 0). */
  readonly startDay: number;
}

/**
 * The total hazard of leaving each category, from fitted rates and a scenario's schedule.
 * `shiftHazard` is [month][shift], the daily hazard of being moved by each category shift for an
 * eligible child, as the expected path computes it (ExpectedPath.shiftHazard) and passes to the
 * Monte Carlo.
 */
export function leavingHazards(
  rates: FittedRates,
  timeline: Timeline,
  schedule: Schedule,
  shiftHazard: Float64Array,
): LeavingHazards {
  const nM = timeline.months.length;
  const nB = rates.ageBands.length;
  const nC = rates.categories.length;
  const nR = rates.routes.length;
  const nS = schedule.shifts.length;
  // Time in care as expected.ts reads it: factors only when the fit has them and their exposure.
  const { durationBoundsDays: dBounds, nD, baseExit, durationFactor: durF } = exitHazardParts(rates);
  const hazard = new Float64Array(nM * nB * nD * nC);
  for (let m = 0; m < nM; m++) {
    for (let b = 0; b < nB; b++) {
      for (let c = 0; c < nC; c++) {
        let moves = 0;
        for (let t = 0; t < nC; t++)
          if (t !== c) moves += (rates.transitions[(b * nC + c) * nC + t] as { ratePerDay: number }).ratePerDay;
        for (let s = 0; s < nS; s++) {
          const sh = schedule.shifts[s] as Schedule['shifts'][number];
          if (sh.from === c && sh.bands[b]) moves += shiftHazard[m * nS + s] as number;
        }
        for (let d = 0; d < nD; d++) {
          let h = moves;
          for (let q = 0; q < nR; q++) {
            h +=
              (baseExit[(b * nC + c) * nR + q] as number) *
              (durF[q * nD + d] as number) *
              (schedule.exitMultiplier[(m * nB + b) * nR + q] as number);
          }
          hazard[((m * nB + b) * nD + d) * nC + c] = h;
        }
      }
    }
  }
  return {
    months: nM,
    bands: nB,
    categories: nC,
    durationBoundsDays: dBounds,
    hazard,
    monthFirstDay: timeline.monthFirstDay,
    monthEndDay: timeline.monthEndDay,
    startDay: timeline.startDay,
  };
}

/** Σ over k days of S·e^(-h·j), j = 1..k: the expected days of a stretch at constant hazard h. */
function stretchDays(survival: number, h: number, k: number): number {
  if (h <= 0) return survival * k;
  // e^(-h)(1 - e^(-hk)) / (1 - e^(-h)), written with expm1 so small hazards keep their precision.
  return (survival * Math.exp(-h) * -Math.expm1(-h * k)) / -Math.expm1(-h);
}

/**
 * Expected child-days in each projection month that `child` is still looked after and still in its
 * starting category (`child.category` on the start date). Month m covers days monthFirstDay[m] ..
 * monthEndDay[m] from the start; day 0 (the start date) is in no month.
 */
export function expectedDaysInStartingPlacement(h: LeavingHazards, child: StartingChild): Float64Array {
  const { months: nM, bands: nB, categories: nC, durationBoundsDays: dBounds, hazard, startDay } = h;
  const nD = dBounds.length + 1;
  const out = new Float64Array(nM);
  const c = child.category;
  let b = child.band;
  // Time in care: days since the period began, on the forecast's clock (period start <= 0).
  const ps = child.periodStart === undefined ? -Infinity : child.periodStart - startDay;
  let dd = 0;
  while (dd < nD - 1 && -ps >= (dBounds[dd] as number)) dd++;
  let nextDur = dd < nD - 1 ? ps + (dBounds[dd] as number) : Infinity;
  let survival = 1;
  for (let m = 0; m < nM; m++) {
    const last = h.monthEndDay[m] as number;
    let a = h.monthFirstDay[m] as number;
    while (a <= last) {
      // The day the child leaves its band (the last band: the 18th birthday, not a day looked after).
      const boundary = (child.boundaries[b] as number) - startDay;
      const eighteen = b === nB - 1;
      if (eighteen && a >= boundary) return out;
      let z = last;
      if (eighteen) z = Math.min(z, boundary - 1);
      else z = Math.min(z, boundary);
      if (nextDur < z) z = nextDur;
      const k = z - a + 1;
      const rate = hazard[((m * nB + b) * nD + dd) * nC + c] as number;
      out[m]! += stretchDays(survival, rate, k);
      survival *= Math.exp(-rate * k);
      if (eighteen && z === boundary - 1) return out;
      if (!eighteen && z === boundary) b++;
      if (z === nextDur) {
        dd++;
        nextDur = dd < nD - 1 ? ps + (dBounds[dd] as number) : Infinity;
      }
      a = z + 1;
    }
  }
  return out;
}

/** A starting child with its expected days in its starting placement, month by month. */
export interface StartingPlacementDays {
  readonly child: StartingChild;
  readonly days: Float64Array;
}

/**
 * Expected days in the starting placement for the starting children `include` picks (default: every
 * child), in the population's order.
 */
export function startingPlacementDays(
  rates: FittedRates,
  population: StartingPopulation,
  timeline: Timeline,
  schedule: Schedule,
  shiftHazard: Float64Array,
  include: (child: StartingChild) => boolean = () => true,
): StartingPlacementDays[] {
  const chosen = population.children.filter(include);
  if (chosen.length === 0) return [];
  const table = leavingHazards(rates, timeline, schedule, shiftHazard);
  return chosen.map((child) => ({ child, days: expectedDaysInStartingPlacement(table, child) }));
}
