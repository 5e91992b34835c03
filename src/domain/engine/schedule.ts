/**
 * Turns scenario adjustments into month-by-month multipliers and extra flows over a timeline.
 * Pure and deterministic: the same for every Monte Carlo run, so baseline and scenario runs differ
 * only through these numbers.
 */
import type { FittedRates } from './rates.ts';
import { adjustmentEffectInMonth, monthsBetween, type RateAdjustment } from './adjustments.ts';
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
  const entryMultiplier = new Float64Array(nM * nB).fill(1);
  const entryExtraPerDay = new Float64Array(nM * nB * nC);
  const exitMultiplier = new Float64Array(nM * nB * nR).fill(1);
  const shifts: CategoryShift[] = [];
  // Fitted entry rate per band and category mix (for spreading childrenPerYear).
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
  for (const [index, adj] of adjustments.entries()) {
    const effects = timeline.months.map((m) => adjustmentEffectInMonth(adj, m));
    if (adj.kind === 'entryRate') {
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
    } else if (adj.kind === 'exitRate') {
      const mask = bandMask(rates, adj.ageBands);
      const r = rates.routes.indexOf(adj.route);
      if (r < 0) {
        warnings.push(`exit rate adjustment for unknown route ${adj.route} ignored`);
        continue;
      }
      for (let m = 0; m < nM; m++) {
        const e = effects[m] as number;
        if (e === 0) continue;
        for (let b = 0; b < nB; b++)
          if (mask[b]) exitMultiplier[(m * nB + b) * nR + r]! *= Math.max(0, 1 + (adj.percent / 100) * e);
      }
    } else if (adj.kind === 'moveOnce' || adj.kind === 'movePercent' || adj.kind === 'moveToShare') {
      const from = rates.categories.indexOf(adj.from);
      const to = rates.categories.indexOf(adj.to);
      if (from < 0 || to < 0 || from === to) {
        warnings.push(`move ${adj.from} -> ${adj.to} ignored`);
        continue;
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
      shifts.push({
        from,
        to,
        bands: bandMask(rates, adj.ageBands),
        perDay: new Float64Array(nM),
        capacity: null,
        mode: adj.kind === 'moveOnce' ? 'count' : adj.kind === 'movePercent' ? 'hazard' : 'share',
        amount,
        ...(adj.kind === 'moveToShare' ? { targetShare: adj.sharePercent / 100 } : {}),
        adjustment: index,
      });
    } else {
      const from = rates.categories.indexOf(adj.from);
      const to = rates.categories.indexOf(adj.to);
      if (from < 0 || to < 0 || from === to) {
        warnings.push(`category shift ${adj.from} -> ${adj.to} ignored`);
        continue;
      }
      const perDay = new Float64Array(nM);
      for (let m = 0; m < nM; m++) perDay[m] = Math.max(0, (adj.childrenPerYear * (effects[m] as number)) / 365.25);
      shifts.push({
        from,
        to,
        bands: bandMask(rates, adj.ageBands),
        perDay,
        capacity: adj.capacity,
        adjustment: index,
      });
    }
  }
  // Epochs: months whose per-child hazards (exit multipliers, shifts) equal the previous month's share an epoch.
  const epochOfMonth = new Int32Array(nM);
  const epochStarts: number[] = [0];
  for (let m = 1; m < nM; m++) {
    let same = true;
    for (let i = 0; i < nB * nR && same; i++)
      if (exitMultiplier[m * nB * nR + i] !== exitMultiplier[(m - 1) * nB * nR + i]) same = false;
    for (const s of shifts) if (s.perDay[m] !== s.perDay[m - 1] || s.amount?.[m] !== s.amount?.[m - 1]) same = false;
    if (!same) epochStarts.push(m);
    epochOfMonth[m] = epochStarts.length - 1;
  }
  return { entryMultiplier, entryExtraPerDay, exitMultiplier, shifts, epochOfMonth, epochStarts, warnings };
}
