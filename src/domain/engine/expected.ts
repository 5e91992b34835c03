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
 * Cost: O(days × bands × categories + months × rows × categories² + months × cohorts × bands ×
 * categories); about 15 ms for 5 years of a council with 2,600 children looked after (bench/engine).
 * Exit hazards depend on time in care through a monthly duration mix per band and category taken
 * from a side model of entry cohorts (see below).
 */
import { emptyProjection, type Projection, type Timeline } from './projection.ts';
import { exitHazardParts, type FittedRates } from './rates.ts';
import type { Schedule } from './schedule.ts';
import type { StartingPopulation } from './population.ts';
import { entryTrendMultipliers, monthOfDayTable, trendDesignFor } from './simulate.ts';
import { trendEstimate } from './trend.ts';

/**
 * The day number (days since 1970-01-01) of the same calendar date `years` later, as
 * Date.UTC(y + years, m, d) gives it: 29 February rolls over to 1 March in a common year.
 * Civil-calendar arithmetic (H. Hinnant's days_from_civil / civil_from_days), no Date objects.
 */
export function sameDateYearsLater(day: number, years: number): number {
  // civil_from_days
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153); // month from March = 0
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0) + years;
  // days_from_civil (linear in d within the year from March, so day 29 of a 28-day February is 1 March)
  const y2 = m <= 2 ? y - 1 : y;
  const era2 = Math.floor(y2 / 400);
  const yoe2 = y2 - era2 * 400;
  const doy2 = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe2 = yoe2 * 365 + Math.floor(yoe2 / 4) - Math.floor(yoe2 / 100) + doy2;
  return era2 * 146097 + doe2 - 719468;
}

export interface ExpectedPath {
  readonly projection: Projection;
  /** [month][shift]: daily hazard of being moved for a child eligible for each category shift (for the Monte Carlo). */
  readonly shiftHazard: Float64Array;
}

function matMul(a: Float64Array, b: Float64Array, n: number, out: Float64Array): void {
  // out[i][j] = Σ_k a[i][k]·b[k][j], summed in k order as written; zero terms of a skipped (they add nothing).
  out.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const x = a[i * n + k] as number;
      if (x === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j]! += x * (b[k * n + j] as number);
    }
  }
}

/** A square matrix's non-zero entries by column (rows ascending within a column), for cheap row-vector products. */
interface Sparse {
  n: number;
  /** Column j's entries are colStart[j] .. colStart[j + 1] - 1. */
  colStart: Int32Array;
  row: Int32Array;
  val: Float64Array;
}

function newSparse(n: number): Sparse {
  return { n, colStart: new Int32Array(n + 1), row: new Int32Array(n * n), val: new Float64Array(n * n) };
}

function toSparse(m: Float64Array, off: number, n: number, sp: Sparse): Sparse {
  let k = 0;
  for (let j = 0; j < n; j++) {
    sp.colStart[j] = k;
    for (let i = 0; i < n; i++) {
      const v = m[off + i * n + j] as number;
      if (v !== 0) {
        sp.row[k] = i;
        sp.val[k] = v;
        k++;
      }
    }
  }
  sp.colStart[n] = k;
  return sp;
}

// Row-vector products v ← v · M. Each (v · M)[j] is Σ_i v[i]·M[i][j] summed from 0 in ascending i
// (zero terms of M skipped: they add nothing), whichever of the forms below computes it.

/** v ← v · M for a sparse M, in place via scratch. */
function vecSparse(v: Float64Array, vOff: number, sp: Sparse, scratch: Float64Array): void {
  const { n, colStart, row, val } = sp;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = colStart[j] as number, end = colStart[j + 1] as number; k < end; k++)
      s += (v[vOff + (row[k] as number)] as number) * (val[k] as number);
    scratch[j] = s;
  }
  for (let j = 0; j < n; j++) v[vOff + j] = scratch[j] as number;
}

/** a ← a · M, b ← b · M and, if withC, c ← c · M (all at offset off), in one pass over M; scratch holds 3n. */
function vecSparse3(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  withC: boolean,
  off: number,
  sp: Sparse,
  scratch: Float64Array,
): void {
  const { n, colStart, row, val } = sp;
  for (let j = 0; j < n; j++) {
    let sa = 0;
    let sb = 0;
    let sc = 0;
    const end = colStart[j + 1] as number;
    if (withC) {
      for (let k = colStart[j] as number; k < end; k++) {
        const i = off + (row[k] as number);
        const x = val[k] as number;
        sa += (a[i] as number) * x;
        sb += (b[i] as number) * x;
        sc += (c[i] as number) * x;
      }
    } else {
      for (let k = colStart[j] as number; k < end; k++) {
        const i = off + (row[k] as number);
        const x = val[k] as number;
        sa += (a[i] as number) * x;
        sb += (b[i] as number) * x;
      }
    }
    scratch[j] = sa;
    scratch[n + j] = sb;
    scratch[2 * n + j] = sc;
  }
  for (let j = 0; j < n; j++) {
    a[off + j] = scratch[j] as number;
    b[off + j] = scratch[n + j] as number;
    if (withC) c[off + j] = scratch[2 * n + j] as number;
  }
}

/** v ← v · M for a dense n×n M (row-major), in place via scratch. */
function vecDense(v: Float64Array, vOff: number, M: Float64Array, n: number, scratch: Float64Array): void {
  for (let j = 0; j < n; j++) scratch[j] = 0;
  for (let i = 0; i < n; i++) {
    const x = v[vOff + i] as number;
    if (x === 0) continue;
    for (let j = 0; j < n; j++) scratch[j]! += x * (M[i * n + j] as number);
  }
  for (let j = 0; j < n; j++) v[vOff + j] = scratch[j] as number;
}

/** Entrant cohorts a month in the time-in-care side model (by half-month of arrival). */
const ENTRANT_GROUPS = 2;

export function expectedPath(
  rates: FittedRates,
  population: StartingPopulation,
  timeline: Timeline,
  schedule: Schedule,
): ExpectedPath {
  const nB = rates.ageBands.length;
  const nC = rates.categories.length;
  const nR = rates.routes.length;
  const nS = schedule.shifts.length;
  const nM = timeline.months.length;
  const H = timeline.horizonDays;
  const startDay = timeline.startDay;
  const out = emptyProjection(
    'expected',
    1,
    timeline,
    rates.categories,
    rates.ageBands.map((b) => b.key),
    rates.routes,
    [...rates.warnings, ...schedule.warnings],
  );
  const shiftHazard = new Float64Array(nM * nS);
  const monthOf = monthOfDayTable(timeline);
  const r18 = rates.routes.indexOf('independence_or_18');
  const trendMult = entryTrendMultipliers(
    trendDesignFor(rates, timeline),
    rates.entryModel === 'trend' ? trendEstimate(rates.trend) : null,
    new Float64Array(nM),
  );
  const NR = nM + 1; // rows: crossing month 0..nM-1, and nM = after the horizon
  const rows = new Float64Array(nB * NR * nC);
  const rowDayMass = new Float64Array(nB * NR * 31);
  const rowIndex = (offset: number): number => (offset > H ? nM : (monthOf[offset] as number));
  const T = new Float64Array(nB * nC);

  // Starting children: exact birthdays.
  for (const kid of population.children) {
    T[kid.band * nC + kid.category]! += 1;
    const offset = (kid.boundaries[kid.band] as number) - startDay;
    const row = rowIndex(offset);
    rows[(kid.band * NR + row) * nC + kid.category]! += 1;
    if (row < nM) rowDayMass[(kid.band * NR + row) * 31 + (offset - (timeline.monthFirstDay[row] as number))]! += 1;
  }

  // Days-left-in-band distribution of entrants, per band (histogram over days).
  const bandStartAge = rates.ageBands.map((b) => Math.round(b.minAge * 365.25));
  const bandEndAge = rates.ageBands.map((_, i) => Math.round((rates.ageBands[i + 1]?.minAge ?? 18) * 365.25));
  const daysLeft: { k: Int32Array; w: Float64Array }[] = rates.ageBands.map((_, b) => {
    const pool = rates.entryAgesDays[b] ?? [];
    const counts = new Map<number, number>();
    if (pool.length > 0)
      for (const a of pool)
        counts.set(
          Math.max(1, (bandEndAge[b] as number) - a),
          (counts.get(Math.max(1, (bandEndAge[b] as number) - a)) ?? 0) + 1,
        );
    else
      for (let a = bandStartAge[b] as number; a < (bandEndAge[b] as number); a += 7)
        counts.set((bandEndAge[b] as number) - a, 1);
    const ks = [...counts.keys()].sort((x, y) => x - y);
    const total = [...counts.values()].reduce((x, y) => x + y, 0);
    return { k: Int32Array.from(ks), w: Float64Array.from(ks.map((k) => (counts.get(k) as number) / total)) };
  });
  // Width (days) from entering band b+1 on day X to leaving it: birthday arithmetic on the calendar.
  const nextBoundaryFrom = (b: number, absDay: number): number => {
    const years = (rates.ageBands[b + 1]?.minAge ?? 18) - (rates.ageBands[b]?.minAge ?? 0);
    return sameDateYearsLater(absDay, years);
  };

  // Generators per band for the current month; daily matrix P and its month power.
  const P = new Float64Array(nB * nC * nC);
  const prevP = new Float64Array(nB * nC * nC).fill(NaN);
  const powCache: Map<number, Float64Array>[] = rates.ageBands.map(() => new Map());
  const spP: Sparse[] = rates.ageBands.map(() => newSparse(nC));
  const powN: Float64Array[] = rates.ageBands.map(() => new Float64Array(0)); // P^days of the month, dense
  const tmpA = new Float64Array(nC * nC);
  const tmpB = new Float64Array(nC * nC);
  const trans = new Float64Array(nB * nC * nC);
  const exitR = new Float64Array(nB * nC * nR);
  const shifted = new Float64Array(nS); // expected children currently in `to` who arrived by each shift
  const scratch = new Float64Array(nC);
  const Rcur = new Float64Array(nB * nC);
  const entAcc = new Float64Array(nB * nC); // this month's entrants, evolved to today
  // aged-in accumulators: per band, keyed by the row (month) in which they will leave the new band
  // aged-in accumulators: per band, keyed by the row (month) in which they will leave the new band
  // (slots in order of creation: agedRow[b][slot], agedVec[b][slot][category], agedN[b] slots used)
  const agedN = new Int32Array(nB);
  const agedRow = new Int32Array(nB * NR);
  const agedVec = new Float64Array(nB * NR * nC);
  const scratch3 = new Float64Array(3 * nC);
  const entryPerDay = new Float64Array(nB * nC);
  const occPrev = new Float64Array(nB * nC); // this month's sum of each day's opening occupancy
  const outV = new Float64Array(nC);

  // Time in care. Exit hazards are base × factor(route, duration band); the compartments do not
  // carry duration, so each month uses the duration mix of each (band, category) from a side model:
  // cohorts by month of entry (starting children by their period start, entrants by month), each a
  // vector by band and category, moved on a month at a time at their duration band's rates
  // (competing risks within the month, no ageing). The Monte Carlo follows each child's own clock.
  const { durationBoundsDays: dBounds, nD, baseExit, durationFactor: durF } = exitHazardParts(rates);
  const nBC = nB * nC;
  const durOf = (days: number): number => {
    let k = 0;
    while (k < nD - 1 && days >= (dBounds[k] as number)) k++;
    return k;
  };
  const durMix = new Float64Array(nBC * nR); // this month's exit multiplier per (band, category, route)
  // The cohorts, oldest first (so those in the same duration band are neighbours): nCoh of them,
  // cohortStart[k] the day each began (days from the forecast start), cohort k's children in
  // (band, category) bc at coh[bc * cap + k] (by cell, then cohort: the monthly update runs along cohorts).
  let nCoh = 0;
  let cap = 0;
  let cohortStart = new Float64Array(0);
  let coh = new Float64Array(0);
  let cohNext = new Float64Array(0);
  let cohD = new Int32Array(0); // each cohort's duration band this month
  if (nD > 1) {
    // Starting children by time in care: 10-day buckets in the first year (where the bands are
    // short and exits change fast), 30-day buckets after, one bucket past the last bound; each
    // bucket's cohort starts on its children's mean period start.
    const byBucket = new Map<number, Float64Array>();
    const agoSum = new Map<number, number>();
    const lastBound = dBounds[nD - 2] as number;
    const lastBucket = 37 + Math.ceil((lastBound + 1 - 365) / 30);
    for (const kid of population.children) {
      const ago = kid.periodStart === undefined ? lastBound + 1 : Math.max(0, startDay - kid.periodStart);
      const bucket = Math.min(ago < 365 ? Math.floor(ago / 10) : 37 + Math.floor((ago - 365) / 30), lastBucket);
      let v = byBucket.get(bucket);
      if (!v) byBucket.set(bucket, (v = new Float64Array(nBC)));
      v[kid.band * nC + kid.category]! += 1;
      agoSum.set(bucket, (agoSum.get(bucket) ?? 0) + Math.min(ago, lastBound + 1));
    }
    cap = byBucket.size + ENTRANT_GROUPS * nM + 1; // starting buckets, then ENTRANT_GROUPS entrant cohorts a month
    cohortStart = new Float64Array(cap);
    coh = new Float64Array(nBC * cap);
    cohNext = new Float64Array(nBC * cap);
    cohD = new Int32Array(cap);
    for (const bucket of [...byBucket.keys()].sort((x, y) => y - x)) {
      const v = byBucket.get(bucket) as Float64Array;
      let count = 0;
      for (let bc = 0; bc < nBC; bc++) count += v[bc] as number;
      cohortStart[nCoh] = -((agoSum.get(bucket) as number) / count);
      for (let bc = 0; bc < nBC; bc++) coh[bc * cap + nCoh] = v[bc] as number;
      nCoh++;
    }
  }
  const shareAcc = new Float64Array(nBC * nD);
  const mixHazard = new Float64Array(nD * nBC); // [duration band][band, category]: hazard a day of leaving the cell this month
  const mixDays = new Float64Array(nD * nBC); // child-days in the month of a child there at its start
  const entrantSurv = new Float64Array(32 * nBC); // [days since arrival][band, category]: survival in the first cell this month
  const segDays = new Float64Array(Math.max(1, cap) * nD); // [cohort][duration band]: days of this month the cohort spends in the band
  const cohSingle = new Uint8Array(Math.max(1, cap)); // 1 when the cohort stays in one duration band all month
  const bandMoved = new Float64Array(nB); // this month's children leaving each band on a birthday
  const bandStock = new Float64Array(nB); // each band's children at the start of the month
  const sideLeave = new Float64Array(nD * nBC); // [duration band][band, category]: share leaving in the month
  const sideMoves = new Int32Array(nBC); // number of non-zero transitions out of (band, category)
  const sideTo = new Int32Array(nBC * nC); // their target categories
  const sideShare = new Float64Array(nD * nBC * nC); // [duration band][band, category][move]: the move's share of those leaving

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
          for (let q = 0; q < nR; q++)
            h += (rates.exits[(b * nC + sh.to) * nR + q] as { ratePerDay: number }).ratePerDay;
          for (let c = 0; c < nC; c++)
            if (c !== sh.to) h += (rates.transitions[(b * nC + sh.to) * nC + c] as { ratePerDay: number }).ratePerDay;
          outRate += x * h;
          occ += x;
        }
        const leaveRate = occ > 0 ? outRate / occ : 0;
        const room = Math.max(0, sh.capacity - (shifted[s] as number));
        perDay = Math.min(perDay, room / nDays + (shifted[s] as number) * leaveRate);
      }
      shiftHazard[m * nS + s] = eligible > 0 ? Math.min(perDay / eligible, 0.5) : 0;
    }
    bandMoved.fill(0);
    bandStock.fill(0);
    for (let bc = 0; bc < nBC; bc++) bandStock[Math.floor(bc / nC)]! += T[bc] as number;
    // entrants a day in this month
    for (let b = 0; b < nB; b++) {
      const mult = (schedule.entryMultiplier[m * nB + b] as number) * (trendMult[m] as number);
      for (let c = 0; c < nC; c++) {
        const v =
          (rates.entries[b * nC + c] as { ratePerDay: number }).ratePerDay * mult +
          (schedule.entryExtraPerDay[(m * nB + b) * nC + c] as number);
        entryPerDay[b * nC + c] = v > 0 ? v : 0;
      }
    }
    if (nD > 1) {
      // The month's duration mix of each (band, category): child-days in the month by time-in-care
      // band, of the cohorts already there (their days thinned by leaving at their band's hazard,
      // split between bands when the cohort crosses a bound in the month) and of this month's
      // entrants, who are all new: most exits in the first weeks of care are theirs, so leaving
      // them out would give the month's entrants the older cohorts' low rates.
      for (let bc = 0; bc < nBC; bc++) {
        const b = Math.floor(bc / nC);
        const c = bc % nC;
        let tr = 0;
        for (let t = 0; t < nC; t++)
          if (t !== c) tr += (rates.transitions[bc * nC + t] as { ratePerDay: number }).ratePerDay;
        for (let s = 0; s < nS; s++) {
          const sh = schedule.shifts[s] as (typeof schedule.shifts)[number];
          if (sh.from === c && sh.bands[b]) tr += shiftHazard[m * nS + s] as number;
        }
        for (let d = 0; d < nD; d++) {
          let ex = 0;
          for (let q = 0; q < nR; q++)
            ex +=
              (baseExit[bc * nR + q] as number) *
              (durF[q * nD + d] as number) *
              (schedule.exitMultiplier[(m * nB + b) * nR + q] as number);
          const h = ex + tr;
          mixHazard[d * nBC + bc] = h;
          // child-days in the month of a child there at its start: Σ_{i=1..n} e^(−h·i)
          mixDays[d * nBC + bc] = h > 0 ? (Math.exp(-h) * -Math.expm1(-h * nDays)) / -Math.expm1(-h) : nDays;
        }
      }
      shareAcc.fill(0);
      for (let k = 0; k < nCoh; k++) {
        const cs = cohortStart[k] as number;
        const d0 = durOf(first - cs);
        const d1 = durOf(last - cs);
        cohD[k] = d1;
        segDays.fill(0, k * nD, (k + 1) * nD);
        if (d0 === d1) {
          cohSingle[k] = 1;
          segDays[k * nD + d0] = nDays;
        } else {
          cohSingle[k] = 0;
          for (let day = first; day <= last; day++) segDays[k * nD + durOf(day - cs)]! += 1;
        }
      }
      for (let bc = 0; bc < nBC; bc++) {
        for (let k = 0; k < nCoh; k++) {
          const x = coh[bc * cap + k] as number;
          if (x === 0) continue;
          if (cohSingle[k] === 1) {
            const d = cohD[k] as number;
            shareAcc[bc * nD + d]! += x * (mixDays[d * nBC + bc] as number);
            continue;
          }
          for (let d = 0; d < nD; d++) {
            const f = (segDays[k * nD + d] as number) / nDays;
            if (f > 0) shareAcc[bc * nD + d]! += x * f * (mixDays[d * nBC + bc] as number);
          }
        }
        // entrants: e a day; those who came i days before a day of the month are still there with
        // survival S_i, on (nDays − i) days of it: Σ_i (nDays − i)·S_i·e child-days at duration i
        const e = entryPerDay[bc] as number;
        let surv = 1;
        for (let i = 0; i <= nDays; i++) {
          entrantSurv[i * nBC + bc] = surv;
          const d = durOf(i);
          if (i < nDays && e > 0) shareAcc[bc * nD + d]! += e * (nDays - i) * surv;
          surv *= Math.exp(-(mixHazard[d * nBC + bc] as number));
        }
      }
      for (let bc = 0; bc < nBC; bc++) {
        let tot = 0;
        for (let d = 0; d < nD; d++) tot += shareAcc[bc * nD + d] as number;
        for (let q = 0; q < nR; q++) {
          let g = 0;
          if (tot > 0)
            for (let d = 0; d < nD; d++) g += (shareAcc[bc * nD + d] as number) * (durF[q * nD + d] as number);
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
      const cache = powCache[b] as Map<number, Float64Array>;
      if (!same) {
        cache.clear();
        prev.set(pb);
        toSparse(P, b * nC * nC, nC, spP[b] as Sparse);
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
        pow = result;
        cache.set(nDays, pow);
      }
      powN[b] = pow;
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
    agedN.fill(0);

    for (let d = first; d <= last; d++) {
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
        vecSparse3(T, entAcc, Rcur, (rowMassLeft[b] as number) > 0, b * nC, sp, scratch3);
        for (let slot = 0; slot < (agedN[b] as number); slot++) vecSparse(agedVec, (b * NR + slot) * nC, sp, scratch);
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
          if (row < nM)
            rowDayMass[((b + 1) * NR + row) * 31 + (target - (timeline.monthFirstDay[row] as number))]! += moved;
          const n = agedN[b + 1] as number;
          let slot = 0;
          while (slot < n && agedRow[(b + 1) * NR + slot] !== row) slot++;
          if (slot === n) {
            agedN[b + 1] = n + 1;
            agedRow[(b + 1) * NR + slot] = row;
            agedVec.fill(0, ((b + 1) * NR + slot) * nC, ((b + 1) * NR + slot + 1) * nC);
          }
          const acc = ((b + 1) * NR + slot) * nC;
          for (let c = 0; c < nC; c++) agedVec[acc + c]! += outV[c] as number;
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
      // the duration side model: move each cohort on by the month, then add this month's entrants.
      // Per duration band and (band, category): the share leaving in the month (competing risks at
      // the month's rates) and where the movers go (each transition's share of the hazard).
      for (let d = 0; d < nD; d++) {
        for (let bc = 0; bc < nBC; bc++) {
          const b = Math.floor(bc / nC);
          let ex = 0;
          for (let q = 0; q < nR; q++) {
            ex +=
              (baseExit[bc * nR + q] as number) *
              (durF[q * nD + d] as number) *
              (schedule.exitMultiplier[(m * nB + b) * nR + q] as number);
          }
          let tr = 0;
          for (let t = 0; t < nC; t++) tr += trans[bc * nC + t] as number;
          const h = ex + tr;
          sideLeave[d * nBC + bc] = h > 0 ? 1 - Math.exp(-h * nDays) : 0;
          let n = 0;
          if (tr > 0) {
            for (let t = 0; t < nC; t++) {
              const v = trans[bc * nC + t] as number;
              if (v === 0) continue;
              sideTo[bc * nC + n] = t;
              sideShare[(d * nBC + bc) * nC + n] = v / h;
              n++;
            }
          }
          sideMoves[bc] = n;
        }
      }
      // Move the cohorts on: a cohort in one duration band all month leaves at that band's share
      // (a run of such cohorts in the same band at a time: oldest first, so the bands do not
      // increase along k); one crossing a bound leaves at each band's hazard for its days in it.
      // Movers go by the shares of the band the cohort ends the month in.
      cohNext.fill(0);
      for (let k0 = 0; k0 < nCoh;) {
        const d = cohD[k0] as number;
        const single = cohSingle[k0] === 1;
        let k1 = k0 + 1;
        if (single) while (k1 < nCoh && cohSingle[k1] === 1 && cohD[k1] === d) k1++;
        for (let bc = 0; bc < nBC; bc++) {
          let L: number;
          if (single) L = sideLeave[d * nBC + bc] as number;
          else {
            let hd = 0;
            for (let dd = 0; dd < nD; dd++)
              hd += (mixHazard[dd * nBC + bc] as number) * (segDays[k0 * nD + dd] as number);
            L = -Math.expm1(-hd);
          }
          const from = bc * cap;
          for (let k = k0; k < k1; k++) {
            const x = coh[from + k] as number;
            cohNext[from + k]! += x - x * L;
          }
          const n = sideMoves[bc] as number;
          const bBase = bc - (bc % nC);
          const shareOff = (d * nBC + bc) * nC;
          for (let i = 0; i < n; i++) {
            const to = (bBase + (sideTo[bc * nC + i] as number)) * cap;
            const share = L * (sideShare[shareOff + i] as number);
            for (let k = k0; k < k1; k++) cohNext[to + k]! += (coh[from + k] as number) * share;
          }
        }
        k0 = k1;
      }
      // birthdays: the share of each band that left it this month in the compartments (to the next band, or out at 18)
      for (let b = nB - 1; b >= 0; b--) {
        const st = bandStock[b] as number;
        const f = st > 0 ? Math.min(1, (bandMoved[b] as number) / st) : 0;
        if (f === 0) continue;
        for (let c = 0; c < nC; c++) {
          const from = (b * nC + c) * cap;
          const to = ((b + 1) * nC + c) * cap;
          for (let k = 0; k < nCoh; k++) {
            const x = (cohNext[from + k] as number) * f;
            cohNext[from + k]! -= x;
            if (b < nB - 1) cohNext[to + k]! += x;
          }
        }
      }
      const swap = coh;
      coh = cohNext;
      cohNext = swap;
      // cohorts already in the last duration band stay there: merge them into the oldest
      let merged = 0;
      while (merged < nCoh && durOf(last + 1 - (cohortStart[merged] as number)) === nD - 1) merged++;
      if (merged > 1) {
        for (let bc = 0; bc < nBC; bc++) {
          const from = bc * cap;
          let sum = coh[from] as number;
          for (let k = 1; k < merged; k++) sum += coh[from + k] as number;
          coh[from] = sum;
          coh.copyWithin(from + 1, from + merged, from + nCoh);
        }
        cohortStart.copyWithin(1, merged, nCoh);
        nCoh -= merged - 1;
      }
      // this month's entrants: ENTRANT_GROUPS new cohorts by day of arrival (so a cohort's time in
      // care is known to a fortnight, not a month: the first band is only a month long) — those still in
      // their first cell at the month's end, and those who moved category (by each transition's share)
      for (let g = 0; g < ENTRANT_GROUPS; g++) {
        const a0 = first + Math.floor((g * nDays) / ENTRANT_GROUPS);
        const a1 = first + Math.floor(((g + 1) * nDays) / ENTRANT_GROUPS) - 1;
        if (a1 < a0) continue;
        cohortStart[nCoh] = (a0 + a1) / 2;
        for (let bc = 0; bc < nBC; bc++) coh[bc * cap + nCoh] = 0;
        for (let bc = 0; bc < nBC; bc++) {
          const e = entryPerDay[bc] as number;
          if (e === 0) continue;
          let stay = 0;
          for (let day = a0; day <= a1; day++) stay += entrantSurv[(last - day + 1) * nBC + bc] as number;
          stay *= e;
          coh[bc * cap + nCoh]! += stay;
          const left = Math.max(0, e * (a1 - a0 + 1) - stay);
          const n = sideMoves[bc] as number;
          const bBase = bc - (bc % nC);
          for (let i = 0; i < n; i++)
            coh[(bBase + (sideTo[bc * nC + i] as number)) * cap + nCoh]! += left * (sideShare[bc * nC + i] as number);
        }
        nCoh++;
      }
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
        if (any) vecDense(rows, off, powN[b] as Float64Array, nC, scratch);
      }
      // aged-in children go to the row of the month they will leave this band
      for (let slot = 0; slot < (agedN[b] as number); slot++) {
        const row = agedRow[b * NR + slot] as number;
        for (let c = 0; c < nC; c++) rows[(b * NR + row) * nC + c]! += agedVec[(b * NR + slot) * nC + c] as number;
      }
      // entrants: spread over rows by days left in band, as if they arrived mid-month (the days
      // left are sorted, so the rows come in order: each row gets the month's mix times its weight)
      const dl = daysLeft[b] as { k: Int32Array; w: Float64Array };
      let any = false;
      let mass = 0;
      for (let c = 0; c < nC; c++) {
        const x = entAcc[b * nC + c] as number;
        if (x > 0) any = true;
        mass += x;
      }
      if (any) {
        const mid = Math.round((first + last) / 2);
        let row = -1;
        let weight = 0;
        for (let i = 0; i <= dl.k.length; i++) {
          const offset = i < dl.k.length ? Math.max(mid + (dl.k[i] as number), last + 1) : H + 1;
          const r = i < dl.k.length ? rowIndex(offset) : -1;
          if (r !== row) {
            if (row >= 0)
              for (let c = 0; c < nC; c++) rows[(b * NR + row) * nC + c]! += (entAcc[b * nC + c] as number) * weight;
            row = r;
            weight = 0;
          }
          if (i === dl.k.length) break;
          const w = dl.w[i] as number;
          weight += w;
          if (r < nM) rowDayMass[(b * NR + r) * 31 + (offset - (timeline.monthFirstDay[r] as number))]! += mass * w;
        }
      }
    }
  }
  return { projection: out, shiftHazard };
}
