/**
 * Turns scenario adjustments into month-by-month multipliers and extra flows over a timeline.
 * Pure and deterministic: the same for every Monte Carlo run, so baseline and scenario runs differ
 * only through these numbers.
 */
import type { FittedRates } from './rates.ts';
import {
  adjustmentEffectInMonth,
  monthsBetween,
  type CategoryShiftAdjustment,
  type EntryRateAdjustment,
  type ExitRateAdjustment,
  type MoveAdjustment,
  type RateAdjustment,
} from './adjustments.ts';
import type { Timeline } from './projection.ts';

export interface CategoryShift {
  readonly from: number;
  readonly to: number;
  /** 1 for each band the shift applies to. */
  readonly bands: Uint8Array;
  /** Children a day to move, per month (ramp included); zeros for the other modes. */
  readonly perDay: Float64Array;
  readonly capacity: number | null;
  /**
   * How the month's hazard is found (absent: `rate`, children a day from `perDay`): `count`
   * moves `amount[m]` children in month m; `hazard` uses `amount[m]` as the daily hazard itself;
   * `share` moves the children needed to reach the target share, `amount[m]` being the fraction
   * of the way from the starting share to `targetShare` by the end of month m.
   */
  readonly mode?: 'rate' | 'count' | 'hazard' | 'share';
  readonly amount?: Float64Array;
  /** For `share`: the share of `from` + `to` (0 to 1) that `to` should reach. */
  readonly targetShare?: number;
  /** The position (from 0) in the adjustments given to buildSchedule of the adjustment this shift comes from. */
  readonly adjustment?: number;
}

export interface Schedule {
  /** [month][band] multiplier of the fitted entry rates (percent adjustments). */
  readonly entryMultiplier: Float64Array;
  /** [month][band][category] extra children a day entering (childrenPerYear adjustments; may be negative). */
  readonly entryExtraPerDay: Float64Array;
  /** [month][band][route] multiplier of the fitted exit rates. */
  readonly exitMultiplier: Float64Array;
  readonly shifts: readonly CategoryShift[];
  /** For each month, the first month of the run of months sharing its exit multipliers and shifts. */
  readonly epochOfMonth: Int32Array;
  /** Month index where each epoch starts (epochs are runs of months with identical per-child hazards). */
  readonly epochStarts: readonly number[];
  readonly warnings: readonly string[];
}

function bandMask(rates: FittedRates, keys: readonly string[] | undefined): Uint8Array {
  const nB = rates.ageBands.length;
  const mask = new Uint8Array(nB);
  if (!keys || keys.length === 0) mask.fill(1);
  else rates.ageBands.forEach((b, i) => (mask[i] = keys.includes(b.key) ? 1 : 0));
  return mask;
}

/** The fitted entry rate of each band and each band's mix of categories (for spreading childrenPerYear). */
interface EntryMix {
  readonly bandRate: Float64Array;
  /** [band][category]: the band's own mix, or the overall mix for a band with no entries. */
  readonly catMix: Float64Array;
}

function entryMix(rates: FittedRates): EntryMix {
  const nB = rates.ageBands.length;
  const nC = rates.categories.length;
  const bandRate = new Float64Array(nB);
  const catMix = new Float64Array(nB * nC);
  const overall = new Float64Array(nC);
  for (let b = 0; b < nB; b++) {
    for (let c = 0; c < nC; c++) {
      const r = (rates.entries[b * nC + c] as { ratePerDay: number }).ratePerDay;
      bandRate[b]! += r;
      overall[c]! += r;
    }
  }
  const overallSum = overall.reduce((a, x) => a + x, 0);
  for (let b = 0; b < nB; b++) {
    for (let c = 0; c < nC; c++) {
      const r = (rates.entries[b * nC + c] as { ratePerDay: number }).ratePerDay;
      catMix[b * nC + c] =
        (bandRate[b] as number) > 0
          ? r / (bandRate[b] as number)
          : overallSum > 0
            ? (overall[c] as number) / overallSum
            : c === nC - 1
              ? 1
              : 0;
    }
  }
  return { bandRate, catMix };
}

/** An entry rate adjustment: a percentage of the fitted rates and/or extra children a year, spread over its bands by their rates. */
function adjustEntries(
  schedule: { readonly entryMultiplier: Float64Array; readonly entryExtraPerDay: Float64Array },
  rates: FittedRates,
  mix: EntryMix,
  adj: EntryRateAdjustment,
  effects: readonly number[],
): void {
  const { entryMultiplier, entryExtraPerDay } = schedule;
  const { bandRate, catMix } = mix;
  const nM = effects.length;
  const nB = rates.ageBands.length;
  const nC = rates.categories.length;
  const mask = bandMask(rates, adj.ageBands);
  let share = 0;
  let nMasked = 0;
  for (let b = 0; b < nB; b++)
    if (mask[b]) {
      share += bandRate[b] as number;
      nMasked++;
    }
  for (let m = 0; m < nM; m++) {
    const e = effects[m] as number;
    if (e === 0) continue;
    for (let b = 0; b < nB; b++) {
      if (!mask[b]) continue;
      if (adj.percent !== undefined) entryMultiplier[m * nB + b]! *= Math.max(0, 1 + (adj.percent / 100) * e);
      if (adj.childrenPerYear !== undefined) {
        const bandShare = share > 0 ? (bandRate[b] as number) / share : 1 / nMasked;
        const perDay = ((adj.childrenPerYear * e) / 365.25) * bandShare;
        for (let c = 0; c < nC; c++)
          entryExtraPerDay[(m * nB + b) * nC + c]! += perDay * (catMix[b * nC + c] as number);
      }
    }
  }
}

/** An exit rate adjustment: the route's rates in its bands times (1 + percent), as it takes effect. */
function adjustExits(
  exitMultiplier: Float64Array,
  rates: FittedRates,
  adj: ExitRateAdjustment,
  effects: readonly number[],
  warnings: string[],
): void {
  const nB = rates.ageBands.length;
  const nR = rates.routes.length;
  const mask = bandMask(rates, adj.ageBands);
  const r = rates.routes.indexOf(adj.route);
  if (r < 0) {
    warnings.push(`exit rate adjustment for unknown route ${adj.route} ignored`);
    return;
  }
  for (let m = 0; m < effects.length; m++) {
    const e = effects[m] as number;
    if (e === 0) continue;
    for (let b = 0; b < nB; b++)
      if (mask[b]) exitMultiplier[(m * nB + b) * nR + r]! *= Math.max(0, 1 + (adj.percent / 100) * e);
  }
}

/** A move of children between categories (a number once, a percentage a year, or to a share): its month-by-month amount. */
function moveShift(
  rates: FittedRates,
  timeline: Timeline,
  adj: MoveAdjustment,
  index: number,
  effects: readonly number[],
  warnings: string[],
): CategoryShift | null {
  const nM = timeline.months.length;
  const from = rates.categories.indexOf(adj.from);
  const to = rates.categories.indexOf(adj.to);
  if (from < 0 || to < 0 || from === to) {
    warnings.push(`move ${adj.from} -> ${adj.to} ignored`);
    return null;
  }
  const amount = new Float64Array(nM);
  const spread = Math.max(1, adj.rampMonths);
  const toBy = adj.kind === 'moveToShare' ? monthsBetween(adj.start, adj.by) + 1 : 1;
  for (let m = 0; m < nM; m++) {
    const k = monthsBetween(adj.start, timeline.months[m] as string);
    if (k < 0) continue;
    if (adj.kind === 'moveOnce') amount[m] = k < spread ? adj.children / spread : 0;
    else if (adj.kind === 'movePercent')
      amount[m] = (1 - Math.pow(1 - Math.min(adj.percentPerYear, 99.9) / 100, 1 / 365.25)) * (effects[m] as number);
    else amount[m] = Math.min(1, (k + 1) / Math.max(1, toBy));
  }
  return {
    from,
    to,
    bands: bandMask(rates, adj.ageBands),
    perDay: new Float64Array(nM),
    capacity: null,
    mode: adj.kind === 'moveOnce' ? 'count' : adj.kind === 'movePercent' ? 'hazard' : 'share',
    amount,
    ...(adj.kind === 'moveToShare' ? { targetShare: adj.sharePercent / 100 } : {}),
    adjustment: index,
  };
}

/** A category shift: children a year moved from one category to another (up to a capacity). */
function categoryShift(
  rates: FittedRates,
  adj: CategoryShiftAdjustment,
  index: number,
  effects: readonly number[],
  warnings: string[],
): CategoryShift | null {
  const from = rates.categories.indexOf(adj.from);
  const to = rates.categories.indexOf(adj.to);
  if (from < 0 || to < 0 || from === to) {
    warnings.push(`category shift ${adj.from} -> ${adj.to} ignored`);
    return null;
  }
  const perDay = new Float64Array(effects.length);
  for (let m = 0; m < effects.length; m++)
    perDay[m] = Math.max(0, (adj.childrenPerYear * (effects[m] as number)) / 365.25);
  return {
    from,
    to,
    bands: bandMask(rates, adj.ageBands),
    perDay,
    capacity: adj.capacity,
    adjustment: index,
  };
}

/** Epochs: months whose per-child hazards (exit multipliers, shifts) equal the previous month's share an epoch. */
function epochs(
  exitMultiplier: Float64Array,
  shifts: readonly CategoryShift[],
  nM: number,
  nBR: number,
): Pick<Schedule, 'epochOfMonth' | 'epochStarts'> {
  const epochOfMonth = new Int32Array(nM);
  const epochStarts: number[] = [0];
  for (let m = 1; m < nM; m++) {
    let same = true;
    for (let i = 0; i < nBR && same; i++)
      if (exitMultiplier[m * nBR + i] !== exitMultiplier[(m - 1) * nBR + i]) same = false;
    for (const s of shifts) if (s.perDay[m] !== s.perDay[m - 1] || s.amount?.[m] !== s.amount?.[m - 1]) same = false;
    if (!same) epochStarts.push(m);
    epochOfMonth[m] = epochStarts.length - 1;
  }
  return { epochOfMonth, epochStarts };
}

export function buildSchedule(
  rates: FittedRates,
  adjustments: readonly RateAdjustment[],
  timeline: Timeline,
): Schedule {
  const nM = timeline.months.length;
  const nB = rates.ageBands.length;
  const nC = rates.categories.length;
  const nR = rates.routes.length;
  const warnings: string[] = [];
  const entries = {
    entryMultiplier: new Float64Array(nM * nB).fill(1),
    entryExtraPerDay: new Float64Array(nM * nB * nC),
  };
  const exitMultiplier = new Float64Array(nM * nB * nR).fill(1);
  const shifts: CategoryShift[] = [];
  const mix = entryMix(rates);
  for (const [index, adj] of adjustments.entries()) {
    const effects = timeline.months.map((m) => adjustmentEffectInMonth(adj, m));
    if (adj.kind === 'entryRate') adjustEntries(entries, rates, mix, adj, effects);
    else if (adj.kind === 'exitRate') adjustExits(exitMultiplier, rates, adj, effects, warnings);
    else {
      const shift =
        adj.kind === 'moveOnce' || adj.kind === 'movePercent' || adj.kind === 'moveToShare'
          ? moveShift(rates, timeline, adj, index, effects, warnings)
          : categoryShift(rates, adj, index, effects, warnings);
      if (shift !== null) shifts.push(shift);
    }
  }
  return { ...entries, exitMultiplier, shifts, ...epochs(exitMultiplier, shifts, nM, nB * nR), warnings };
}
