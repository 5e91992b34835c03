/**
 * The expected path: the deterministic mean of the stock-and-flow model, stepped a day at a time.
 *
 * State: for each age band, the expected children by category (a 10-vector), advanced each day by
 * the band's daily transition matrix P = I + Q (Q the generator of transitions, exits and scenario
 * shifts; flows are exactly occupancy × rate, so stocks and flows add up). Ageing needs to know
 * who leaves a band on which day. Children in a band are grouped in rows by the month in which they
 * will leave it (their next band birthday, or the 18th birthday), with the day-of-month profile of
 * those birthdays; rows evolve a month at a time by P^days, and in its own month a row hands its
 * children to the next band day by day. Starting children are placed by their exact birthdays;
 * entrants by the days-left-in-band implied by the ages of the reference window's entrants.
 * Approximations (documented in docs/adr/0002): within a row the category mix is taken not to
 * depend on the day of the birthday; entrants are placed as if they arrived mid-month.
 * Cost: O(days × bands × categories + months × rows × categories²); about 30 ms for 5 years of a
 * council with 2,500 children looked after. Exit hazards depend on time in care through a monthly
 * duration mix per band and category taken from a side model of entry cohorts (see below).
 */
import { emptyProjection, type Projection, type Timeline } from './projection.ts';
import type { FittedRates } from './rates.ts';
import type { Schedule } from './schedule.ts';
import type { StartingPopulation } from './population.ts';
import { entryTrendMultipliers, monthOfDayTable, trendDesignFor } from './simulate.ts';
import { trendEstimate } from './trend.ts';

const MS_PER_DAY = 86_400_000;

export interface ExpectedPath {
  readonly projection: Projection;
  /** [month][shift]: daily hazard of being moved for a child eligible for each category shift (for the Monte Carlo). */
  readonly shiftHazard: Float64Array;
}

function matMul(a: Float64Array, b: Float64Array, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (a[i * n + k] as number) * (b[k * n + j] as number);
      out[i * n + j] = s;
    }
  }
}

/** A square matrix's non-zero entries, for cheap row-vector products. */
interface Sparse {
  n: number;
  nnz: number;
  row: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

function toSparse(m: Float64Array, off: number, n: number, into?: Sparse): Sparse {
  const sp = into ?? { n, nnz: 0, row: new Int32Array(n * n), col: new Int32Array(n * n), val: new Float64Array(n * n) };
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = m[off + i * n + j] as number;
      if (v !== 0) {
        sp.row[k] = i;
        sp.col[k] = j;
        sp.val[k] = v;
        k++;
      }
    }
  }
  sp.nnz = k;
  return sp;
}

/** v ← v · M for a sparse M, in place via scratch. */
function vecSparse(v: Float64Array, vOff: number, sp: Sparse, scratch: Float64Array): void {
  const n = sp.n;
  for (let j = 0; j < n; j++) scratch[j] = 0;
  const { row, col, val } = sp;
  for (let k = 0; k < sp.nnz; k++) scratch[col[k] as number]! += (v[vOff + (row[k] as number)] as number) * (val[k] as number);
  for (let j = 0; j < n; j++) v[vOff + j] = scratch[j] as number;
}

export function expectedPath(rates: FittedRates, population: StartingPopulation, timeline: Timeline, schedule: Schedule): ExpectedPath {
  const nB = rates.ageBands.length;
  const nC = rates.categories.length;
  const nR = rates.routes.length;
  const nS = schedule.shifts.length;
  const nM = timeline.months.length;
  const H = timeline.horizonDays;
  const startDay = timeline.startDay;
  const out = emptyProjection('expected', 1, timeline, rates.categories, rates.ageBands.map((b) => b.key), rates.routes, [
    ...rates.warnings,
    ...schedule.warnings,
  ]);
  const shiftHazard = new Float64Array(nM * nS);
  const monthOf = monthOfDayTable(timeline);
  const r18 = rates.routes.indexOf('independence_or_18');
  const trendMult = entryTrendMultipliers(trendDesignFor(rates, timeline), rates.entryModel === 'trend' ? trendEstimate(rates.trend) : null, new Float64Array(nM));
  const NR = nM + 1; // rows: crossing month 0..nM-1, and nM = after the horizon
  const rows = new Float64Array(nB * NR * nC);
  const rowDayMass = new Float64Array(nB * NR * 31);
  const rowIndex = (offset: number): number => (offset > H ? nM : (monthOf[offset] as number));
  const addToRow = (b: number, offset: number, vec: Float64Array, vOff: number, scale: number): void => {
    const row = rowIndex(offset);
    let mass = 0;
    for (let c = 0; c < nC; c++) {
      const x = (vec[vOff + c] as number) * scale;
      rows[(b * NR + row) * nC + c]! += x;
      mass += x;
    }
    if (row < nM) rowDayMass[(b * NR + row) * 31 + (offset - (timeline.monthFirstDay[row] as number))]! += mass;
  };
  const T = new Float64Array(nB * nC);

  // Starting children: exact birthdays.
  const one = new Float64Array(nC);
  for (const kid of population.children) {
    one.fill(0);
    one[kid.category] = 1;
    T[kid.band * nC + kid.category]! += 1;
    addToRow(kid.band, (kid.boundaries[kid.band] as number) - startDay, one, 0, 1);
  }

  // Days-left-in-band distribution of entrants, per band (histogram over days).
  const bandStartAge = rates.ageBands.map((b) => Math.round(b.minAge * 365.25));
  const bandEndAge = rates.ageBands.map((_, i) => Math.round((rates.ageBands[i + 1]?.minAge ?? 18) * 365.25));
  const daysLeft: { k: Int32Array; w: Float64Array }[] = rates.ageBands.map((_, b) => {
    const pool = rates.entryAgesDays[b] ?? [];
    const counts = new Map<number, number>();
    if (pool.length > 0) for (const a of pool) counts.set(Math.max(1, (bandEndAge[b] as number) - a), (counts.get(Math.max(1, (bandEndAge[b] as number) - a)) ?? 0) + 1);
    else for (let a = bandStartAge[b] as number; a < (bandEndAge[b] as number); a += 7) counts.set((bandEndAge[b] as number) - a, 1);
    const ks = [...counts.keys()].sort((x, y) => x - y);
    const total = [...counts.values()].reduce((x, y) => x + y, 0);
    return { k: Int32Array.from(ks), w: Float64Array.from(ks.map((k) => (counts.get(k) as number) / total)) };
  });
  // Width (days) from entering band b+1 on day X to leaving it: birthday arithmetic on the calendar.
  const nextBoundaryFrom = (b: number, absDay: number): number => {
    const years = (rates.ageBands[b + 1]?.minAge ?? 18) - (rates.ageBands[b]?.minAge ?? 0);
    const dt = new Date(absDay * MS_PER_DAY);
    return Math.round(Date.UTC(dt.getUTCFullYear() + years, dt.getUTCMonth(), dt.getUTCDate()) / MS_PER_DAY);
  };

  // Generators per band for the current month; daily matrix P and its month power.
  const P = new Float64Array(nB * nC * nC);
  const prevP = new Float64Array(nB * nC * nC).fill(NaN);
  const powCache: Map<number, Sparse>[] = rates.ageBands.map(() => new Map());
  const spP: Sparse[] = rates.ageBands.map(() => ({ n: nC, nnz: 0, row: new Int32Array(nC * nC), col: new Int32Array(nC * nC), val: new Float64Array(nC * nC) }));
  const spPn: Sparse[] = rates.ageBands.map(() => spP[0] as Sparse);
  const tmpA = new Float64Array(nC * nC);
  const tmpB = new Float64Array(nC * nC);
  const trans = new Float64Array(nB * nC * nC);
  const exitR = new Float64Array(nB * nC * nR);
  const shifted = new Float64Array(nS); // expected children currently in `to` who arrived by each shift
  const scratch = new Float64Array(nC);
  const Rcur = new Float64Array(nB * nC);
  const entAcc = new Float64Array(nB * nC); // this month's entrants, evolved to today
  // aged-in accumulators: per band, keyed by the row (month) in which they will leave the new band
  const agedIn: Map<number, Float64Array>[] = rates.ageBands.map(() => new Map());
  const entryPerDay = new Float64Array(nB * nC);
  const occPrev = new Float64Array(nB * nC); // this month's sum of each day's opening occupancy
  const outV = new Float64Array(nC);

  // Time in care. Exit hazards are base × factor(route, duration band); the compartments do not
  // carry duration, so each month uses the duration mix of each (band, category) from a side model:
  // cohorts by month of entry (starting children by their period start, entrants by month), each a
  // vector by band and category, moved on a month at a time at their duration band's rates
  // (competing risks within the month, no ageing). The Monte Carlo follows each child's own clock.
  const dBounds = rates.exitDuration && rates.exitStandardisedExposure ? (rates.durationBoundsDays ?? []) : [];
  const nD = dBounds.length + 1;
  const nBC = nB * nC;
  const baseExit = new Float64Array(nBC * nR);
  const durF = new Float64Array(nR * nD).fill(1);
  for (let i = 0; i < nBC * nR; i++) {
    const cell = rates.exits[i] as { events: number; ratePerDay: number };
    const w = nD > 1 ? (rates.exitStandardisedExposure?.[i] as number) : 0;
    baseExit[i] = nD > 1 ? (w > 0 ? cell.events / w : cell.ratePerDay) : cell.ratePerDay;
  }
  if (nD > 1) for (let i = 0; i < nR * nD; i++) durF[i] = (rates.exitDuration?.[i] as { factor: number }).factor;
  const durOf = (days: number): number => {
    let k = 0;
    while (k < nD - 1 && days >= (dBounds[k] as number)) k++;
    return k;
  };
  const cohortStart: number[] = [];
  const cohortVec: Float64Array[] = [];
  const durMix = new Float64Array(nBC * nR); // this month's exit multiplier per (band, category, route)
  if (nD > 1) {
    const byBucket = new Map<number, Float64Array>();
    const last = dBounds[nD - 2] as number;
    for (const kid of population.children) {
      const ago = kid.periodStart === undefined ? last + 1 : startDay - kid.periodStart;
      const bucket = Math.min(Math.floor(ago / 15), Math.ceil((last + 1) / 15));
      let v = byBucket.get(bucket);
      if (!v) byBucket.set(bucket, (v = new Float64Array(nBC)));
      v[kid.band * nC + kid.category]! += 1;
    }
    for (const [bucket, v] of byBucket) {
      cohortStart.push(-(bucket * 15 + 7));
      cohortVec.push(v);
    }
  }
  const shareAcc = new Float64Array(nBC * nD);
  const bandMoved = new Float64Array(nB); // this month's children leaving each band on a birthday
  const bandStock = new Float64Array(nB); // each band's children at the start of the month
  const cohortNext = new Float64Array(nBC);

  const popCat = out.populationByCategory;
  const popBand = out.populationByAgeBand;
  const daysCat = out.childDaysByCategory;

  for (let m = 0; m < nM; m++) {
    const first = timeline.monthFirstDay[m] as number;
    const last = timeline.monthEndDay[m] as number;
    const nDays = last - first + 1;
    // Shift hazards for this month, from the state at the start of the month.
    for (let s = 0; s < nS; s++) {
      const sh = schedule.shifts[s] as (typeof schedule.shifts)[number];
      let eligible = 0;
      for (let b = 0; b < nB; b++) if (sh.bands[b]) eligible += T[b * nC + sh.from] as number;
      let perDay = sh.perDay[m] as number;
      if (sh.capacity !== null) {
        // Keep the children placed this way at or below capacity: room left, plus replacing those who leave.
        let outRate = 0;
        let occ = 0;
        for (let b = 0; b < nB; b++) {
          const x = T[b * nC + sh.to] as number;
          let h = 0;
          for (let q = 0; q < nR; q++) h += (rates.exits[(b * nC + sh.to) * nR + q] as { ratePerDay: number }).ratePerDay;
          for (let c = 0; c < nC; c++) if (c !== sh.to) h += (rates.transitions[(b * nC + sh.to) * nC + c] as { ratePerDay: number }).ratePerDay;
          outRate += x * h;
          occ += x;
        }
        const leaveRate = occ > 0 ? outRate / occ : 0;
        const room = Math.max(0, sh.capacity - (shifted[s] as number));
        perDay = Math.min(perDay, room / nDays + (shifted[s] as number) * leaveRate);
      }
      shiftHazard[m * nS + s] = eligible > 0 ? Math.min(perDay / eligible, 0.5) : 0;
    }
    const midDay = (first + last) / 2;
    bandMoved.fill(0);
    bandStock.fill(0);
    for (let bc = 0; bc < nBC; bc++) bandStock[Math.floor(bc / nC)]! += T[bc] as number;
    if (nD > 1) {
      shareAcc.fill(0);
      for (let k = 0; k < cohortVec.length; k++) {
        const d = durOf(midDay - (cohortStart[k] as number));
        const v = cohortVec[k] as Float64Array;
        for (let bc = 0; bc < nBC; bc++) shareAcc[bc * nD + d]! += v[bc] as number;
      }
      for (let bc = 0; bc < nBC; bc++) {
        let tot = 0;
        for (let d = 0; d < nD; d++) tot += shareAcc[bc * nD + d] as number;
        for (let q = 0; q < nR; q++) {
          let g = 0;
          if (tot > 0) for (let d = 0; d < nD; d++) g += (shareAcc[bc * nD + d] as number) * (durF[q * nD + d] as number);
          durMix[bc * nR + q] = tot > 0 ? g / tot : (durF[q * nD] as number);
        }
      }
    } else durMix.fill(1);
    // Daily matrices for this month.
    for (let b = 0; b < nB; b++) {
      for (let c = 0; c < nC; c++) {
        let outSum = 0;
        for (let t = 0; t < nC; t++) {
          const v = t === c ? 0 : (rates.transitions[(b * nC + c) * nC + t] as { ratePerDay: number }).ratePerDay;
          trans[(b * nC + c) * nC + t] = v;
        }
        for (let s = 0; s < nS; s++) {
          const sh = schedule.shifts[s] as (typeof schedule.shifts)[number];
          if (sh.from === c && sh.bands[b]) trans[(b * nC + c) * nC + sh.to]! += shiftHazard[m * nS + s] as number;
        }
        for (let q = 0; q < nR; q++) {
          exitR[(b * nC + c) * nR + q] =
            (baseExit[(b * nC + c) * nR + q] as number) *
            (durMix[(b * nC + c) * nR + q] as number) *
            (schedule.exitMultiplier[(m * nB + b) * nR + q] as number);
          outSum += exitR[(b * nC + c) * nR + q] as number;
        }
        for (let t = 0; t < nC; t++) {
          const v = trans[(b * nC + c) * nC + t] as number;
          P[(b * nC + c) * nC + t] = v;
          outSum += v;
        }
        P[(b * nC + c) * nC + c] = Math.max(0, 1 - outSum);
      }
      // P^nDays for the rows (cached while P is unchanged), by repeated squaring
      const pb = P.subarray(b * nC * nC, (b + 1) * nC * nC);
      const prev = prevP.subarray(b * nC * nC, (b + 1) * nC * nC);
      let same = true;
      for (let i = 0; i < nC * nC && same; i++) if (pb[i] !== prev[i]) same = false;
      const cache = powCache[b] as Map<number, Sparse>;
      if (!same) {
        cache.clear();
        prev.set(pb);
        toSparse(P, b * nC * nC, nC, spP[b]);
      }
      let pow = cache.get(nDays);
      if (!pow) {
        // result = P^nDays
        const result = new Float64Array(nC * nC);
        for (let i = 0; i < nC; i++) result[i * nC + i] = 1;
        tmpA.set(pb);
        for (let e = nDays; e > 0; e >>= 1) {
          if (e & 1) {
            matMul(result, tmpA, nC, tmpB);
            result.set(tmpB);
          }
          if (e > 1) {
            matMul(tmpA, tmpA, nC, tmpB);
            tmpA.set(tmpB);
          }
        }
        pow = toSparse(result, 0, nC);
        cache.set(nDays, pow);
      }
      spPn[b] = pow;
      // entrants a day in this month
      const mult = (schedule.entryMultiplier[m * nB + b] as number) * (trendMult[m] as number);
      for (let c = 0; c < nC; c++) {
        const v = (rates.entries[b * nC + c] as { ratePerDay: number }).ratePerDay * mult + (schedule.entryExtraPerDay[(m * nB + b) * nC + c] as number);
        entryPerDay[b * nC + c] = v > 0 ? v : 0;
      }
      // the row crossing this month
      Rcur.set(rows.subarray((b * NR + m) * nC, (b * NR + m + 1) * nC), b * nC);
    }
    const rowMassLeft = new Float64Array(nB);
    for (let b = 0; b < nB; b++) {
      let s = 0;
      for (let i = 0; i < 31; i++) s += rowDayMass[(b * NR + m) * 31 + i] as number;
      rowMassLeft[b] = s;
    }
    entAcc.fill(0);
    occPrev.fill(0);
    for (const map of agedIn) map.clear();

    for (let d = first; d <= last; d++) {
      const row = m;
      // 1. flows of the day from yesterday's state: rates are constant within the month, so the
      // month's flows are (sum over its days of yesterday's occupancy) × rate, computed at month end.
      for (let b = 0; b < nB; b++) {
        for (let c = 0; c < nC; c++) occPrev[b * nC + c]! += T[b * nC + c] as number;
        if (nS > 0) {
          for (let s = 0; s < nS; s++) {
            const sh = schedule.shifts[s] as (typeof schedule.shifts)[number];
            if (sh.bands[b]) shifted[s]! += (T[b * nC + sh.from] as number) * (shiftHazard[m * nS + s] as number);
          }
        }
        const sp = spP[b] as Sparse;
        vecSparse(T, b * nC, sp, scratch);
        if ((rowMassLeft[b] as number) > 0) vecSparse(Rcur, b * nC, sp, scratch);
        vecSparse(entAcc, b * nC, sp, scratch);
        for (const v of (agedIn[b] as Map<number, Float64Array>).values()) vecSparse(v, 0, sp, scratch);
      }
      // shifted children leave at the `to` category's rates (approximately: band-average)
      for (let s = 0; s < nS; s++) {
        const sh = schedule.shifts[s] as (typeof schedule.shifts)[number];
        let occ = 0;
        let leave = 0;
        for (let b = 0; b < nB; b++) {
          const x = T[b * nC + sh.to] as number;
          occ += x;
          leave += x * (1 - (P[(b * nC + sh.to) * nC + sh.to] as number));
        }
        if (occ > 0) shifted[s] = Math.max(0, (shifted[s] as number) * (1 - leave / occ));
      }
      // 2. birthdays: children leaving each band today (from the top band down, so nobody moves twice)
      for (let b = nB - 1; b >= 0; b--) {
        const w = rowDayMass[(b * NR + m) * 31 + (d - first)] as number;
        const left = rowMassLeft[b] as number;
        if (w <= 0 || left <= 0) continue;
        const frac = Math.min(1, w / left);
        rowMassLeft[b] = left - w;
        let moved = 0;
        for (let c = 0; c < nC; c++) {
          const x = (Rcur[b * nC + c] as number) * frac;
          Rcur[b * nC + c]! -= x;
          T[b * nC + c] = Math.max(0, (T[b * nC + c] as number) - x);
          outV[c] = x;
          moved += x;
        }
        bandMoved[b]! += moved;
        if (b === nB - 1) {
          out.exitsByRoute[m * nR + r18]! += moved;
          out.agedOut[m]! += moved;
        } else {
          for (let c = 0; c < nC; c++) T[(b + 1) * nC + c]! += outV[c] as number;
          // They leave the new band on an exact birthday; group them by the month of it (the row),
          // recording the day now, so that one accumulator per target month evolves, not one per day.
          const target = Math.max(nextBoundaryFrom(b + 1, startDay + d) - startDay, last + 1);
          const row = rowIndex(target);
          if (row < nM) rowDayMass[((b + 1) * NR + row) * 31 + (target - (timeline.monthFirstDay[row] as number))]! += moved;
          const map = agedIn[b + 1] as Map<number, Float64Array>;
          let acc = map.get(row);
          if (!acc) map.set(row, (acc = new Float64Array(nC)));
          for (let c = 0; c < nC; c++) acc[c]! += outV[c] as number;
        }
      }
      // 3. entrants arrive
      for (let b = 0; b < nB; b++) {
        for (let c = 0; c < nC; c++) {
          const e = entryPerDay[b * nC + c] as number;
          if (e === 0) continue;
          T[b * nC + c]! += e;
          entAcc[b * nC + c]! += e;
          out.entriesByAgeBand[m * nB + b]! += e;
          out.entriesByCategory[m * nC + c]! += e;
        }
      }
      // 4. child-days
      for (let b = 0; b < nB; b++) for (let c = 0; c < nC; c++) daysCat[m * nC + c]! += T[b * nC + c] as number;
    }
    // Month end: the month's flows from occupancy, stocks, then roll the rows forward.
    for (let b = 0; b < nB; b++) {
      for (let c = 0; c < nC; c++) {
        const x = occPrev[b * nC + c] as number;
        if (x === 0) continue;
        for (let q = 0; q < nR; q++) out.exitsByRoute[m * nR + q]! += x * (exitR[(b * nC + c) * nR + q] as number);
        for (let t = 0; t < nC; t++) {
          const f = x * (trans[(b * nC + c) * nC + t] as number);
          if (f === 0) continue;
          out.transitionsOut[m * nC + c]! += f;
          out.transitionsIn[m * nC + t]! += f;
        }
      }
    }
    if (nD > 1) {
      // the duration side model: move each cohort on by the month, then add this month's entrants
      for (let k = 0; k < cohortVec.length; k++) {
        const d = durOf(midDay - (cohortStart[k] as number));
        const v = cohortVec[k] as Float64Array;
        cohortNext.fill(0);
        for (let b = 0; b < nB; b++) {
          for (let c = 0; c < nC; c++) {
            const x = v[b * nC + c] as number;
            if (x === 0) continue;
            let ex = 0;
            for (let q = 0; q < nR; q++) {
              ex += (baseExit[(b * nC + c) * nR + q] as number) * (durF[q * nD + d] as number) * (schedule.exitMultiplier[(m * nB + b) * nR + q] as number);
            }
            let tr = 0;
            for (let t = 0; t < nC; t++) tr += trans[(b * nC + c) * nC + t] as number;
            const h = ex + tr;
            const leave = h > 0 ? x * (1 - Math.exp(-h * nDays)) : 0;
            cohortNext[b * nC + c]! += x - leave;
            if (tr > 0) for (let t = 0; t < nC; t++) cohortNext[b * nC + t]! += (leave * (trans[(b * nC + c) * nC + t] as number)) / h;
          }
        }
        // birthdays: the share of each band that left it this month in the compartments (to the next band, or out at 18)
        for (let b = nB - 1; b >= 0; b--) {
          const st = bandStock[b] as number;
          const f = st > 0 ? Math.min(1, (bandMoved[b] as number) / st) : 0;
          if (f === 0) continue;
          for (let c = 0; c < nC; c++) {
            const x = (cohortNext[b * nC + c] as number) * f;
            cohortNext[b * nC + c]! -= x;
            if (b < nB - 1) cohortNext[(b + 1) * nC + c]! += x;
          }
        }
        v.set(cohortNext);
      }
      // cohorts already in the last duration band stay there: merge them into one
      let keep = -1;
      for (let k = 0; k < cohortVec.length; k++) {
        if (durOf(last + 1 - (cohortStart[k] as number)) !== nD - 1) continue;
        if (keep < 0) keep = k;
        else {
          const a = cohortVec[keep] as Float64Array;
          const v = cohortVec[k] as Float64Array;
          for (let bc = 0; bc < nBC; bc++) a[bc]! += v[bc] as number;
          cohortVec.splice(k, 1);
          cohortStart.splice(k, 1);
          k--;
        }
      }
      const v = new Float64Array(nBC);
      for (let bc = 0; bc < nBC; bc++) v[bc] = (entryPerDay[bc] as number) * nDays;
      cohortStart.push(midDay);
      cohortVec.push(v);
    }
    for (let b = 0; b < nB; b++) {
      for (let c = 0; c < nC; c++) {
        const x = T[b * nC + c] as number;
        popCat[m * nC + c]! += x;
        popBand[m * nB + b]! += x;
      }
    }
    for (let b = 0; b < nB; b++) {
      for (let row = m + 1; row < NR; row++) {
        const off = (b * NR + row) * nC;
        let any = false;
        for (let c = 0; c < nC && !any; c++) if (rows[off + c] !== 0) any = true;
        if (any) vecSparse(rows, off, spPn[b] as Sparse, scratch);
      }
      // aged-in children go to the row of the month they will leave this band
      for (const [row, v] of agedIn[b] as Map<number, Float64Array>) {
        for (let c = 0; c < nC; c++) rows[(b * NR + row) * nC + c]! += v[c] as number;
      }
      // entrants: spread over rows by days left in band, as if they arrived mid-month
      const dl = daysLeft[b] as { k: Int32Array; w: Float64Array };
      let any = false;
      for (let c = 0; c < nC; c++) if ((entAcc[b * nC + c] as number) > 0) any = true;
      if (any) {
        const mid = Math.round((first + last) / 2);
        for (let i = 0; i < dl.k.length; i++) addToRow(b, Math.max(mid + (dl.k[i] as number), last + 1), entAcc, b * nC, dl.w[i] as number);
      }
    }
  }
  return { projection: out, shiftHazard };
}
