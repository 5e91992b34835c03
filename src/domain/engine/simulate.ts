/**
 * Monte Carlo projection. Each run:
 * 1. draws its rates from their Gamma posteriors (shape = events, rate = exposure; entries widened
 *    by the over-dispersion φ: shape events/φ, rate exposure/φ), and the entry trend from its normal
 *    approximation when the trend model is used: parameter uncertainty;
 * 2. draws each month's number of entrants per age band and category (Poisson by inversion of the
 *    cell's own uniform, times a Gamma month effect when φ > 1), each entrant's day of arrival and
 *    age (from the ages of the reference window's entrants in that band) and so a date of birth;
 * 3. follows every child (starting children with their real dates of birth, then entrants) through
 *    competing exponential clocks for each transition and exit route, changing band on the exact
 *    birthday and leaving on the 18th birthday: process noise. Exit hazards are multiplied by the
 *    route's factor for the child's time in care (duration band from its period start, changing on
 *    the exact day; the factors are point estimates, not drawn).
 * Each child and each month-cell has its own random stream keyed by (seed, run, id), so a scenario
 * changes only what its adjustments touch (common random numbers). A child's clock consumes a
 * unit-exponential amount of cumulative hazard, so time-varying hazards need no extra draws.
 * Cost: O(runs × (children + entrants) × events); no per-child objects are allocated.
 */
import { EntityStream, RunStream, gamma, keyedUniform, poissonInverse } from '../stats/random.ts';
import { BirthdayTable } from './birthdays.ts';
import type { StartingPopulation } from './population.ts';
import { emptyProjection, type Projection, type Timeline } from './projection.ts';
import type { FittedRates } from './rates.ts';
import type { Schedule } from './schedule.ts';
import { drawTrend, trendDesign, trendEstimate, trendMultiplierAt, type TrendCoefficients, type TrendDesign } from './trend.ts';

export interface SimulationOptions {
  readonly runs: number;
  readonly seed: number;
  /** Draw rates from their posteriors in each run (default true). False: process noise only. */
  readonly parameterUncertainty?: boolean;
  /**
   * Per month and shift (flat [month][shift]): hazard a day of a child in the shift's `from`
   * category being moved, = children a day to move / expected children eligible (from the expected path).
   */
  readonly shiftHazard: Float64Array;
}

const NS_START = 1 << 28;
const NS_ENTRY_COUNT = 2 << 28;
const NS_ENTRANT = 3 << 28;

/** Month index of each day offset 0..horizon (day 0 belongs to the first month). */
export function monthOfDayTable(timeline: Timeline): Int32Array {
  const t = new Int32Array(timeline.horizonDays + 2);
  let m = 0;
  for (let d = 0; d <= timeline.horizonDays + 1; d++) {
    while (m < timeline.months.length - 1 && d > (timeline.monthEndDay[m] as number)) m++;
    t[d] = m;
  }
  return t;
}

/** Birthday table covering everyone who can be under 18 during the projection. */
export function birthdayTableFor(rates: FittedRates, timeline: Timeline): BirthdayTable {
  const ages = [...rates.ageBands.slice(1).map((b) => b.minAge), 18];
  return new BirthdayTable(timeline.startDay - 18 * 366 - 2, timeline.startDay + timeline.horizonDays + 2, ages);
}

/** The month-dependent part of the trend model over a timeline (null for the flat model). */
export function trendDesignFor(rates: FittedRates, timeline: Timeline): TrendDesign | null {
  if (rates.entryModel !== 'trend') return null;
  const mids: number[] = [];
  for (let m = 0; m < timeline.months.length; m++) {
    mids.push(timeline.startDay + ((timeline.monthFirstDay[m] as number) + (timeline.monthEndDay[m] as number)) / 2);
  }
  return trendDesign(rates.trend, mids, timeline.startDay - rates.referenceDays);
}

/** Monthly entry multipliers from the trend model (1 for the flat model), into `out`. */
export function entryTrendMultipliers(design: TrendDesign | null, k: TrendCoefficients | null, out: Float64Array): Float64Array {
  if (design === null || k === null) return out.fill(1);
  for (let m = 0; m < out.length; m++) out[m] = trendMultiplierAt(design, k, m);
  return out;
}

export function simulate(
  rates: FittedRates,
  population: StartingPopulation,
  timeline: Timeline,
  schedule: Schedule,
  options: SimulationOptions,
): Projection {
  const runs = Math.max(0, Math.floor(options.runs));
  const nB = rates.ageBands.length;
  const nC = rates.categories.length;
  const nR = rates.routes.length;
  const nS = schedule.shifts.length;
  const nM = timeline.months.length;
  // Time in care: exit hazards are multiplied by a factor per route and duration band.
  const dBounds = rates.exitDuration ? (rates.durationBoundsDays ?? []) : [];
  const nD = dBounds.length + 1;
  const durFactor = new Float64Array(nR * nD).fill(1);
  if (rates.exitDuration) for (let i = 0; i < nR * nD; i++) durFactor[i] = (rates.exitDuration[i] as { factor: number }).factor;
  const stdExpo = rates.exitDuration ? rates.exitStandardisedExposure : undefined;
  const J = nC + nR + nS; // competing events: transitions to each category, exits by route, shifts
  const H = timeline.horizonDays;
  const H1 = H + 1;
  const H2 = H + 2;
  const out = emptyProjection('simulated', runs, timeline, rates.categories, rates.ageBands.map((b) => b.key), rates.routes, [
    ...rates.warnings,
    ...schedule.warnings,
  ]);
  if (runs === 0) return out;
  const paramUnc = options.parameterUncertainty !== false;
  const phi = Math.max(1, rates.entryDispersion);
  const birthdays = birthdayTableFor(rates, timeline);
  const monthOf = monthOfDayTable(timeline);
  // Epochs: runs of months with the same per-child hazards (exit multipliers and shift hazards).
  const epochStarts: number[] = [];
  const epochOfMonth = new Int32Array(nM);
  for (let m = 0; m < nM; m++) {
    let same = m > 0 && schedule.epochOfMonth[m] === schedule.epochOfMonth[m - 1];
    for (let s2 = 0; s2 < nS && same; s2++) if (options.shiftHazard[m * nS + s2] !== options.shiftHazard[(m - 1) * nS + s2]) same = false;
    if (!same) epochStarts.push(m);
    epochOfMonth[m] = epochStarts.length - 1;
  }
  const nEp = epochStarts.length;
  const epochEndDay = new Float64Array(nEp);
  for (let e = 0; e < nEp; e++) {
    const nextStart = epochStarts[e + 1];
    epochEndDay[e] = nextStart === undefined ? H1 : (timeline.monthFirstDay[nextStart] as number) - 1;
  }
  // Epoch boundaries are at month ends: a child's clock is re-evaluated at time = last day of the month
  // (events after that time take effect from the next month's days).
  const monthDays = new Float64Array(nM);
  for (let m = 0; m < nM; m++) monthDays[m] = (timeline.monthEndDay[m] as number) - (timeline.monthFirstDay[m] as number) + 1;
  // Entry age pools per band.
  const agePools = rates.entryAgesDays.map((a) => Int32Array.from(a));
  const bandStartAge = rates.ageBands.map((b) => Math.round(b.minAge * 365.25));
  const bandEndAge = rates.ageBands.map((_, i) => Math.round((rates.ageBands[i + 1]?.minAge ?? 18) * 365.25) - 1);
  // Baseline monthly entries (for the month effect's shape), independent of adjustments.
  let baseDaily = 0;
  for (const e of rates.entries) baseDaily += e.ratePerDay;

  // Scratch per run
  const entryRate = new Float64Array(nB * nC);
  const trans = new Float64Array(nB * nC * nC);
  const exitR = new Float64Array(nB * nC * nR);
  const nBD = nB * nD; // states: (band, duration band, category)
  const hz = new Float64Array(nEp * nBD * nC * J); // per epoch, band, duration, category: hazard of each event
  const hzTot = new Float64Array(nEp * nBD * nC);
  const evIdx = new Int32Array(nEp * nBD * nC * J);
  const evCum = new Float64Array(nEp * nBD * nC * J);
  const evCount = new Int32Array(nEp * nBD * nC);
  const nextChange = new Int32Array(nEp * nBD * nC);

  const monthEffect = new Float64Array(nM);
  const trendMult = new Float64Array(nM);
  const design = trendDesignFor(rates, timeline);
  const width = nC + nB;
  const diff = new Float64Array(width * H2);
  const rng = new EntityStream();
  const pbd = new Int32Array(nB); // boundaries of the current child (absolute day numbers)
  const startDay = timeline.startDay;
  const nBound = birthdays.ages.length;
  const bDays = birthdays.days;
  const bFirst = birthdays.firstDob;
  const bEnd = birthdays.firstDob + birthdays.count;
  const r18 = rates.routes.indexOf('independence_or_18');
  const kids = population.children;
  const nKids = kids.length;
  const kidBounds = new Int32Array(nKids * nBound);
  const kidBand = new Int32Array(nKids);
  const kidCat = new Int32Array(nKids);
  const kidStart = new Float64Array(nKids); // period start, days from the forecast start (<= 0)
  kids.forEach((kid, i) => {
    for (let j = 0; j < nBound; j++) kidBounds[i * nBound + j] = kid.boundaries[j] as number;
    kidBand[i] = kid.band;
    kidCat[i] = kid.category;
    kidStart[i] = kid.periodStart === undefined ? -1e9 : kid.periodStart - startDay;
  });

  const popCat = out.populationByCategory;
  const popBand = out.populationByAgeBand;
  const daysCat = out.childDaysByCategory;
  const entB = out.entriesByAgeBand;
  const entC = out.entriesByCategory;
  const exits = out.exitsByRoute;
  const agedOut = out.agedOut;
  const tOut = out.transitionsOut;
  const tIn = out.transitionsIn;

  for (let r = 0; r < runs; r++) {
    const rs = new RunStream(options.seed, r);
    // 1. Parameters
    for (let i = 0; i < nB * nC; i++) {
      const cell = rates.entries[i] as { events: number; exposureDays: number; ratePerDay: number };
      entryRate[i] = paramUnc && cell.exposureDays > 0 ? (gamma(rs, cell.events / phi) * phi) / cell.exposureDays : cell.ratePerDay;
    }
    for (let i = 0; i < nB * nC * nC; i++) {
      const cell = rates.transitions[i] as { events: number; exposureDays: number; ratePerDay: number };
      trans[i] = paramUnc && cell.exposureDays > 0 ? gamma(rs, cell.events) / cell.exposureDays : cell.ratePerDay;
    }
    for (let i = 0; i < nB * nC * nR; i++) {
      const cell = rates.exits[i] as { events: number; exposureDays: number; ratePerDay: number };
      const expo = stdExpo ? (stdExpo[i] as number) : cell.exposureDays;
      exitR[i] = expo > 0 ? (paramUnc ? gamma(rs, cell.events) : cell.events) / expo : cell.ratePerDay;
    }
    const k = rates.entryModel === 'trend' ? (paramUnc ? drawTrend(rates.trend, rs) : trendEstimate(rates.trend)) : null;
    entryTrendMultipliers(design, k, trendMult);
    for (let m = 0; m < nM; m++) {
      const mu = baseDaily * (monthDays[m] as number);
      if (phi > 1 && mu > 0) {
        const shape = mu / (phi - 1);
        monthEffect[m] = gamma(rs, shape) / shape;
      } else monthEffect[m] = 1;
    }
    // Hazard tables per epoch
    for (let e = 0; e < nEp; e++) {
      const m0 = epochStarts[e] as number;
      for (let b = 0; b < nB; b++) {
        for (let dd = 0; dd < nD; dd++) {
        for (let c = 0; c < nC; c++) {
          const st = ((e * nB + b) * nD + dd) * nC + c;
          const base = st * J;
          let tot = 0;
          for (let t = 0; t < nC; t++) {
            const v = t === c ? 0 : (trans[(b * nC + c) * nC + t] as number);
            hz[base + t] = v;
            tot += v;
          }
          for (let q = 0; q < nR; q++) {
            const v =
              (exitR[(b * nC + c) * nR + q] as number) * (schedule.exitMultiplier[(m0 * nB + b) * nR + q] as number) * (durFactor[q * nD + dd] as number);
            hz[base + nC + q] = v;
            tot += v;
          }
          for (let s = 0; s < nS; s++) {
            const sh = schedule.shifts[s] as (typeof schedule.shifts)[number];
            const v = sh.from === c && sh.bands[b] ? (options.shiftHazard[m0 * nS + s] as number) : 0;
            hz[base + nC + nR + s] = v;
            tot += v;
          }
          hzTot[st] = tot;
          // the non-zero events of this state, with cumulative hazards, for a short search
          let k = 0;
          let cum = 0;
          for (let j = 0; j < J; j++) {
            const v = hz[base + j] as number;
            if (v > 0) {
              cum += v;
              evIdx[base + k] = j;
              evCum[base + k] = cum;
              k++;
            }
          }
          evCount[st] = k;
        }
        }
      }
    }
    // For each epoch and state, the first later epoch in which the state's hazards differ.
    for (let bd = 0; bd < nBD; bd++) {
      for (let c = 0; c < nC; c++) {
        let next = nEp;
        for (let e = nEp - 1; e >= 0; e--) {
          nextChange[(e * nBD + bd) * nC + c] = next;
          if (e > 0) {
            const a0 = (((e - 1) * nBD + bd) * nC + c) * J;
            const a1 = ((e * nBD + bd) * nC + c) * J;
            let same = true;
            for (let j = 0; j < J && same; j++) if (hz[a0 + j] !== hz[a1 + j]) same = false;
            if (!same) next = e;
          }
        }
      }
    }
    diff.fill(0);
    const rowBase = r * nM;

    // Follows one child from time t0 (continuous days from the start) in band b, category c.
    // ps: when the child's period of care began (same time scale), for the time-in-care band.
    const follow = (t0: number, b0: number, c0: number, ps: number): void => {
      let t = t0;
      let b = b0;
      let c = c0;
      let dd = 0;
      while (dd < nD - 1 && t0 - ps >= (dBounds[dd] as number)) dd++;
      let nextDur = dd < nD - 1 ? ps + (dBounds[dd] as number) : Infinity;
      let ep = epochOfMonth[monthOf[Math.min(H1, Math.ceil(t))] as number] as number;
      let E = -Math.log(rng.uniform());
      let segStartDay = Math.ceil(t);
      for (;;) {
        const nextBoundary = (pbd[b] as number) - startDay;
        // the state's hazards stay the same until epoch nextEp (no artificial split of the clock)
        const sIdx = ((ep * nB + b) * nD + dd) * nC + c;
        const nextEp = nextChange[sIdx] as number;
        const epEnd = epochEndDay[nextEp - 1] as number;
        let segEnd = nextBoundary < epEnd ? nextBoundary : epEnd;
        if (nextDur < segEnd) segEnd = nextDur;
        if (segEnd > H1) segEnd = H1;
        const h = hzTot[sIdx] as number;
        const room = h * (segEnd - t);
        if (room >= E && h > 0) {
          const tau = t + E / h;
          const day = Math.ceil(tau);
          if (day > H) {
            // the event falls after the last projected day
            diff[c * H2 + segStartDay]! += 1;
            diff[(nC + b) * H2 + segStartDay]! += 1;
            return;
          }
          // record the stay [segStartDay, day) in (b, c)
          if (day > segStartDay) {
            diff[c * H2 + segStartDay]! += 1;
            diff[c * H2 + day]! -= 1;
            diff[(nC + b) * H2 + segStartDay]! += 1;
            diff[(nC + b) * H2 + day]! -= 1;
          }
          segStartDay = day;
          const m = rowBase + (monthOf[day] as number);
          // choose the event: the first whose cumulative hazard exceeds u
          const base = sIdx * J;
          const u = rng.uniform() * h;
          const last = (evCount[sIdx] as number) - 1;
          let k = 0;
          while (k < last && (evCum[base + k] as number) <= u) k++;
          const j = evIdx[base + k] as number;
          if (j < nC) {
            tOut[m * nC + c]! += 1;
            tIn[m * nC + j]! += 1;
            c = j;
          } else if (j < nC + nR) {
            exits[m * nR + (j - nC)]! += 1;
            return;
          } else {
            const sh = schedule.shifts[j - nC - nR] as (typeof schedule.shifts)[number];
            tOut[m * nC + c]! += 1;
            tIn[m * nC + sh.to]! += 1;
            c = sh.to;
          }
          t = tau;
          ep = epochOfMonth[monthOf[Math.ceil(t)] as number] as number; // the epoch now (ep may lag)
          E = -Math.log(rng.uniform());
          continue;
        }
        if (h > 0) E -= room;
        t = segEnd;
        if (segEnd >= H1) {
          diff[c * H2 + segStartDay]! += 1;
          diff[(nC + b) * H2 + segStartDay]! += 1;
          return;
        }
        if (segEnd === nextDur) {
          dd++;
          nextDur = dd < nD - 1 ? ps + (dBounds[dd] as number) : Infinity;
          if (segEnd !== nextBoundary) {
            if (nEp > 1) ep = epochOfMonth[monthOf[Math.min(H1, Math.ceil(segEnd))] as number] as number;
            continue;
          }
        }
        if (segEnd === nextBoundary) {
          const day = segEnd;
          if (day > segStartDay) {
            diff[c * H2 + segStartDay]! += 1;
            diff[c * H2 + day]! -= 1;
            diff[(nC + b) * H2 + segStartDay]! += 1;
            diff[(nC + b) * H2 + day]! -= 1;
          }
          segStartDay = day;
          if (b === nB - 1) {
            // 18th birthday: leaves care that day
            const m = rowBase + (monthOf[day] as number);
            exits[m * nR + r18]! += 1;
            agedOut[m]! += 1;
            return;
          }
          b++;
        }
        if (segEnd === epEnd) ep = nextEp;
        else ep = epochOfMonth[monthOf[segEnd] as number] as number; // band changed: the epoch now
      }
    };

    // 2. Starting children
    for (let i = 0; i < nKids; i++) {
      rng.reseed(rs.key0, rs.key1, NS_START | i, 0);
      // pbd[b] is the day the child leaves band b (the last band ends on the 18th birthday)
      for (let j = 0; j < nBound; j++) pbd[j] = kidBounds[i * nBound + j] as number;
      follow(0, kidBand[i] as number, kidCat[i] as number, kidStart[i] as number);
    }
    // 3. Entrants, month by month, cell by cell
    for (let m = 0; m < nM; m++) {
      const days = monthDays[m] as number;
      const first = timeline.monthFirstDay[m] as number;
      for (let b = 0; b < nB; b++) {
        const mult = (schedule.entryMultiplier[m * nB + b] as number) * (trendMult[m] as number) * (monthEffect[m] as number);
        for (let c = 0; c < nC; c++) {
          const cellIdx = b * nC + c;
          const extra = schedule.entryExtraPerDay[(m * nB + b) * nC + c] as number;
          let rate = (entryRate[cellIdx] as number) * mult + extra * (monthEffect[m] as number);
          if (!(rate > 0)) rate = 0;
          if (rate === 0) continue;
          const n = poissonInverse(keyedUniform(rs.key0, rs.key1, NS_ENTRY_COUNT | (m * nB * nC + cellIdx), r), rate * days);
          for (let q = 0; q < n; q++) {
            rng.reseed(rs.key0, rs.key1, NS_ENTRANT | (m * nB * nC + cellIdx), q);
            const arrival = first - 1 + rng.uniform() * days; // continuous time in (first - 1, last]
            const arrivalDay = Math.ceil(arrival);
            const pool = agePools[b] as Int32Array;
            const age =
              pool.length > 0
                ? (pool[Math.floor(rng.uniform() * pool.length)] as number)
                : (bandStartAge[b] as number) + Math.floor(rng.uniform() * ((bandEndAge[b] as number) - (bandStartAge[b] as number) + 1));
            const dob = startDay + arrivalDay - age;
            if (dob < bFirst || dob >= bEnd) continue;
            const bOff = (dob - bFirst) * nBound;
            for (let j = 0; j < nBound; j++) pbd[j] = bDays[bOff + j] as number;
            const abs = startDay + arrivalDay;
            if (abs >= (pbd[nBound - 1] as number)) continue;
            let bb = 0;
            while (bb < nB - 1 && abs >= (pbd[bb] as number)) bb++;
            const row = rowBase + (monthOf[arrivalDay] as number);
            entB[row * nB + bb]! += 1;
            entC[row * nC + c]! += 1;
            follow(arrival, bb, c, arrival);
          }
        }
      }
    }
    // 4. Daily counts from the difference arrays -> month-end stocks and child-days
    for (let k2 = 0; k2 < width; k2++) {
      const off = k2 * H2;
      let run = 0;
      let m = 0;
      let monthSum = 0;
      for (let d = 0; d <= H; d++) {
        run += diff[off + d] as number;
        if (d >= 1) monthSum += run;
        if (d === (timeline.monthEndDay[m] as number)) {
          const row = rowBase + m;
          if (k2 < nC) {
            popCat[row * nC + k2] = run;
            daysCat[row * nC + k2] = monthSum;
          } else popBand[row * nB + (k2 - nC)] = run;
          monthSum = 0;
          m++;
          if (m >= nM) break;
        }
      }
    }
  }
  return out;
}
