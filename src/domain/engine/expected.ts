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
import { addTo, f64, i32, item, num, u8 } from './arrays.ts';

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
  /**
   * [month][shift]: expected children moved by each scenario shift in the month (the sum over the
   * month's days of the children in its `from` category times its daily hazard): the moves a
   * scenario works out, e.g. to reach a share by a date.
   */
  readonly shiftMoves: Float64Array;
}

function matMul(a: Float64Array, b: Float64Array, n: number, out: Float64Array): void {
  // out[i][j] = Σ_k a[i][k]·b[k][j], summed in k order as written; zero terms of a skipped (they add nothing).
  out.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const x = f64(a, i * n + k);
      if (x === 0) continue;
      for (let j = 0; j < n; j++) addTo(out, i * n + j, x * f64(b, k * n + j));
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
      const v = f64(m, off + i * n + j);
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
    for (let k = i32(colStart, j), end = i32(colStart, j + 1); k < end; k++)
      s += f64(v, vOff + i32(row, k)) * f64(val, k);
    scratch[j] = s;
  }
  for (let j = 0; j < n; j++) v[vOff + j] = f64(scratch, j);
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
    const end = i32(colStart, j + 1);
    if (withC) {
      for (let k = i32(colStart, j); k < end; k++) {
        const i = off + i32(row, k);
        const x = f64(val, k);
        sa += f64(a, i) * x;
        sb += f64(b, i) * x;
        sc += f64(c, i) * x;
      }
    } else {
      for (let k = i32(colStart, j); k < end; k++) {
        const i = off + i32(row, k);
        const x = f64(val, k);
        sa += f64(a, i) * x;
        sb += f64(b, i) * x;
      }
    }
    scratch[j] = sa;
    scratch[n + j] = sb;
    scratch[2 * n + j] = sc;
  }
  for (let j = 0; j < n; j++) {
    a[off + j] = f64(scratch, j);
    b[off + j] = f64(scratch, n + j);
    if (withC) c[off + j] = f64(scratch, 2 * n + j);
  }
}

/** v ← v · M for a dense n×n M (row-major), in place via scratch. */
function vecDense(v: Float64Array, vOff: number, M: Float64Array, n: number, scratch: Float64Array): void {
  for (let j = 0; j < n; j++) scratch[j] = 0;
  for (let i = 0; i < n; i++) {
    const x = f64(v, vOff + i);
    if (x === 0) continue;
    for (let j = 0; j < n; j++) addTo(scratch, j, x * f64(M, i * n + j));
  }
  for (let j = 0; j < n; j++) v[vOff + j] = f64(scratch, j);
}

/** Entrant cohorts a month in the time-in-care side model (by half-month of arrival). */
const ENTRANT_GROUPS = 2;

/** The days of one projection month (offsets from the forecast start). */
interface MonthSpan {
  readonly m: number;
  readonly first: number;
  readonly last: number;
  readonly nDays: number;
}

/** Entrants' days left in their band on arrival: sorted values `k` with weights `w` summing to 1. */
interface DaysLeft {
  readonly k: Int32Array;
  readonly w: Float64Array;
}

/**
 * The compartments and what moves them: everything the month's steps read and write. Sizes: nB age
 * bands, nC categories, nR routes, nS scenario shifts, nM months, NR = nM + 1 rows per band.
 */
interface Compartments {
  readonly rates: FittedRates;
  readonly timeline: Timeline;
  readonly schedule: Schedule;
  readonly nB: number;
  readonly nC: number;
  readonly nR: number;
  readonly nS: number;
  readonly nM: number;
  readonly NR: number;
  readonly out: Projection;
  /** [month][shift]: daily hazard of being moved for an eligible child (for the Monte Carlo too). */
  readonly shiftHazard: Float64Array;
  /** [month][shift]: expected children moved by the shift in the month. */
  readonly shiftMoves: Float64Array;
  readonly monthOf: Int32Array;
  readonly r18: number;
  /** Entry trend multiplier per month (1 for the flat model). */
  readonly trendMult: Float64Array;
  /** [band][row][category]: children in the band who will leave it in the row's month (row nM: after the horizon). */
  readonly rows: Float64Array;
  /** [band][row][day of month]: how many of the row's children leave the band on each day. */
  readonly rowDayMass: Float64Array;
  /** [band][category]: expected children looked after today. */
  readonly T: Float64Array;
  readonly daysLeft: readonly DaysLeft[];
  /** [band][from][to]: this month's daily transition matrix P = I + Q. */
  readonly P: Float64Array;
  /** P of the month it was last powered for (NaN at first), per band. */
  readonly prevP: Float64Array;
  /** Per band: P^days by number of days, while P is unchanged. */
  readonly powCache: readonly Map<number, Float64Array>[];
  readonly spP: readonly Sparse[];
  /** Per band: P^days of this month (dense). */
  readonly powN: Float64Array[];
  readonly tmpA: Float64Array;
  readonly tmpB: Float64Array;
  /** [band][from][to]: this month's transition hazards a day (fitted + scenario shifts). */
  readonly trans: Float64Array;
  /** [band][category][route]: this month's exit hazards a day (time in care and scenario included). */
  readonly exitR: Float64Array;
  /** Expected children currently in each shift's `to` category who arrived by the shift. */
  readonly shifted: Float64Array;
  /** Per shift with a target share: `to`'s share of `from` + `to` when it began (NaN before). */
  readonly shareStart: Float64Array;
  readonly scratch: Float64Array;
  readonly scratch3: Float64Array;
  /** [band][category]: the row crossing this month, evolved to today. */
  readonly Rcur: Float64Array;
  /** Per band: mass of the crossing row's birthdays still to come this month. */
  readonly rowMassLeft: Float64Array;
  /** [band][category]: this month's entrants, evolved to today. */
  readonly entAcc: Float64Array;
  /** Aged-in accumulators per band, keyed by the row in which they will leave the new band: slots used, their rows, [band][slot][category]. */
  readonly agedN: Int32Array;
  readonly agedRow: Int32Array;
  readonly agedVec: Float64Array;
  /** [band][category]: entrants a day this month. */
  readonly entryPerDay: Float64Array;
  /** [band][category]: this month's sum of each day's opening occupancy. */
  readonly occPrev: Float64Array;
  readonly outV: Float64Array;
  /** Per band: children leaving it on a birthday this month, and its stock at the start of the month. */
  readonly bandMoved: Float64Array;
  readonly bandStock: Float64Array;
}

/**
 * The time-in-care side model. Exit hazards are base × factor(route, duration band); the
 * compartments do not carry duration, so each month uses the duration mix of each (band, category)
 * from cohorts by time of entry (starting children by their period start, entrants by half-month),
 * each a vector by band and category, moved on a month at a time at their duration band's rates
 * (competing risks within the month, no ageing). The Monte Carlo follows each child's own clock.
 * The cohorts are kept oldest first (so those in the same duration band are neighbours): nCoh of
 * them, cohortStart[k] the day each began (days from the forecast start), cohort k's children in
 * (band, category) bc at coh[bc * cap + k] (by cell, then cohort: the monthly update runs along cohorts).
 */
interface TimeInCare {
  readonly dBounds: readonly number[];
  /** Duration bands (bounds + 1); 1 = exits do not depend on time in care. */
  readonly nD: number;
  /** Per exit cell [band][category][route]: the base hazard. */
  readonly baseExit: Float64Array;
  /** [route][duration band]: the factor. */
  readonly durF: Float64Array;
  /** [band][category][route]: this month's exit multiplier from the duration mix. */
  readonly durMix: Float64Array;
  nCoh: number;
  readonly cap: number;
  readonly cohortStart: Float64Array;
  coh: Float64Array;
  cohNext: Float64Array;
  /** Each cohort's duration band at the end of this month. */
  readonly cohD: Int32Array;
  /** [band, category][duration band]: this month's child-days by duration band. */
  readonly shareAcc: Float64Array;
  /** [duration band][band, category]: hazard a day of leaving the cell this month. */
  readonly mixHazard: Float64Array;
  /** [duration band][band, category]: child-days in the month of a child there at its start. */
  readonly mixDays: Float64Array;
  /** [days since arrival][band, category]: survival in the first cell this month. */
  readonly entrantSurv: Float64Array;
  /** [cohort][duration band]: days of this month the cohort spends in the band. */
  readonly segDays: Float64Array;
  /** 1 when the cohort stays in one duration band all month. */
  readonly cohSingle: Uint8Array;
  /** [duration band][band, category]: share leaving in the month. */
  readonly sideLeave: Float64Array;
  /** Per (band, category): number of non-zero transitions out, and their target categories. */
  readonly sideMoves: Int32Array;
  readonly sideTo: Int32Array;
  /** [duration band][band, category][move]: the move's share of those leaving. */
  readonly sideShare: Float64Array;
}

export function expectedPath(
  rates: FittedRates,
  population: StartingPopulation,
  timeline: Timeline,
  schedule: Schedule,
): ExpectedPath {
  const x = newCompartments(rates, timeline, schedule);
  placeStartingChildren(x, population);
  const tic = newTimeInCare(rates, population, timeline);
  for (let m = 0; m < x.nM; m++) {
    const first = i32(timeline.monthFirstDay, m);
    const last = i32(timeline.monthEndDay, m);
    const span: MonthSpan = { m, first, last, nDays: last - first + 1 };
    setShiftHazards(x, span);
    setEntriesPerDay(x, m);
    if (tic.nD > 1) setDurationMix(x, tic, span);
    else tic.durMix.fill(1);
    setDailyMatrices(x, tic, span);
    stepDays(x, span);
    addMonthFlows(x, m);
    if (tic.nD > 1) advanceTimeInCare(x, tic, span);
    addMonthEndStocks(x, m);
    rollRows(x, span);
  }
  return { projection: x.out, shiftHazard: x.shiftHazard, shiftMoves: x.shiftMoves };
}

function newCompartments(rates: FittedRates, timeline: Timeline, schedule: Schedule): Compartments {
  const nB = rates.ageBands.length;
  const nC = rates.categories.length;
  const nR = rates.routes.length;
  const nS = schedule.shifts.length;
  const nM = timeline.months.length;
  const NR = nM + 1; // rows: crossing month 0..nM-1, and nM = after the horizon
  const out = emptyProjection(
    'expected',
    1,
    timeline,
    rates.categories,
    rates.ageBands.map((b) => b.key),
    rates.routes,
    [...rates.warnings, ...schedule.warnings],
  );
  return {
    rates,
    timeline,
    schedule,
    nB,
    nC,
    nR,
    nS,
    nM,
    NR,
    out,
    shiftHazard: new Float64Array(nM * nS),
    shiftMoves: new Float64Array(nM * nS),
    monthOf: monthOfDayTable(timeline),
    r18: rates.routes.indexOf('independence_or_18'),
    trendMult: entryTrendMultipliers(
      trendDesignFor(rates, timeline),
      rates.entryModel === 'trend' ? trendEstimate(rates.trend) : null,
      new Float64Array(nM),
    ),
    rows: new Float64Array(nB * NR * nC),
    rowDayMass: new Float64Array(nB * NR * 31),
    T: new Float64Array(nB * nC),
    daysLeft: entrantDaysLeft(rates),
    P: new Float64Array(nB * nC * nC),
    prevP: new Float64Array(nB * nC * nC).fill(NaN),
    powCache: rates.ageBands.map(() => new Map<number, Float64Array>()),
    spP: rates.ageBands.map(() => newSparse(nC)),
    powN: rates.ageBands.map(() => new Float64Array(0)),
    tmpA: new Float64Array(nC * nC),
    tmpB: new Float64Array(nC * nC),
    trans: new Float64Array(nB * nC * nC),
    exitR: new Float64Array(nB * nC * nR),
    shifted: new Float64Array(nS),
    shareStart: new Float64Array(nS).fill(NaN),
    scratch: new Float64Array(nC),
    scratch3: new Float64Array(3 * nC),
    Rcur: new Float64Array(nB * nC),
    rowMassLeft: new Float64Array(nB),
    entAcc: new Float64Array(nB * nC),
    agedN: new Int32Array(nB),
    agedRow: new Int32Array(nB * NR),
    agedVec: new Float64Array(nB * NR * nC),
    entryPerDay: new Float64Array(nB * nC),
    occPrev: new Float64Array(nB * nC),
    outV: new Float64Array(nC),
    bandMoved: new Float64Array(nB),
    bandStock: new Float64Array(nB),
  };
}

/** The row (month index, or nM after the horizon) in which a child leaving its band on day offset `offset` leaves it. */
function rowIndex(x: Compartments, offset: number): number {
  return offset > x.timeline.horizonDays ? x.nM : i32(x.monthOf, offset);
}

/** Starting children go into their band and category, in the row of the month of their next band birthday (exact). */
function placeStartingChildren(x: Compartments, population: StartingPopulation): void {
  const { nC, NR, nM, T, rows, rowDayMass, timeline } = x;
  for (const kid of population.children) {
    addTo(T, kid.band * nC + kid.category, 1);
    const offset = num(kid.boundaries, kid.band) - timeline.startDay;
    const row = rowIndex(x, offset);
    addTo(rows, (kid.band * NR + row) * nC + kid.category, 1);
    if (row < nM) addTo(rowDayMass, (kid.band * NR + row) * 31 + (offset - i32(timeline.monthFirstDay, row)), 1);
  }
}

/** Days-left-in-band distribution of entrants, per band (histogram over days), from the reference window's entrants' ages. */
function entrantDaysLeft(rates: FittedRates): DaysLeft[] {
  const bandStartAge = rates.ageBands.map((b) => Math.round(b.minAge * 365.25));
  const bandEndAge = rates.ageBands.map((_, i) => Math.round((rates.ageBands[i + 1]?.minAge ?? 18) * 365.25));
  return rates.ageBands.map((_, b) => {
    const pool = rates.entryAgesDays[b] ?? [];
    const end = num(bandEndAge, b);
    const counts = new Map<number, number>();
    if (pool.length > 0)
      for (const a of pool) counts.set(Math.max(1, end - a), (counts.get(Math.max(1, end - a)) ?? 0) + 1);
    else for (let a = num(bandStartAge, b); a < end; a += 7) counts.set(end - a, 1);
    const ks = [...counts.keys()].sort((p, q) => p - q);
    const total = [...counts.values()].reduce((p, q) => p + q, 0);
    return { k: Int32Array.from(ks), w: Float64Array.from(ks.map((k) => (counts.get(k) ?? 0) / total)) };
  });
}

/** Day number on which a child entering band b + 1 on day `absDay` leaves it: birthday arithmetic on the calendar. */
function nextBoundaryFrom(rates: FittedRates, b: number, absDay: number): number {
  const years = (rates.ageBands[b + 1]?.minAge ?? 18) - (rates.ageBands[b]?.minAge ?? 0);
  return sameDateYearsLater(absDay, years);
}

/** Time-in-care band of a child `days` days into its period of care. */
function durationBandOf(tic: TimeInCare, days: number): number {
  let k = 0;
  while (k < tic.nD - 1 && days >= num(tic.dBounds, k)) k++;
  return k;
}

/**
 * The side model, with its first cohorts: the starting children by time in care, in 10-day buckets
 * in the first year (where the bands are short and exits change fast), 30-day buckets after, one
 * bucket past the last bound; each bucket's cohort starts on its children's mean period start.
 */
function newTimeInCare(rates: FittedRates, population: StartingPopulation, timeline: Timeline): TimeInCare {
  const { durationBoundsDays: dBounds, nD, baseExit, durationFactor: durF } = exitHazardParts(rates);
  const nB = rates.ageBands.length;
  const nC = rates.categories.length;
  const nR = rates.routes.length;
  const nBC = nB * nC;
  const nM = timeline.months.length;
  const byBucket = new Map<number, Float64Array>();
  const agoSum = new Map<number, number>();
  if (nD > 1) {
    const lastBound = num(dBounds, nD - 2);
    const lastBucket = 37 + Math.ceil((lastBound + 1 - 365) / 30);
    for (const kid of population.children) {
      const ago = kid.periodStart === undefined ? lastBound + 1 : Math.max(0, timeline.startDay - kid.periodStart);
      const bucket = Math.min(ago < 365 ? Math.floor(ago / 10) : 37 + Math.floor((ago - 365) / 30), lastBucket);
      let v = byBucket.get(bucket);
      if (!v) byBucket.set(bucket, (v = new Float64Array(nBC)));
      addTo(v, kid.band * nC + kid.category, 1);
      agoSum.set(bucket, (agoSum.get(bucket) ?? 0) + Math.min(ago, lastBound + 1));
    }
  }
  // starting buckets, then ENTRANT_GROUPS entrant cohorts a month
  const cap = nD > 1 ? byBucket.size + ENTRANT_GROUPS * nM + 1 : 0;
  const tic: TimeInCare = {
    dBounds,
    nD,
    baseExit,
    durF,
    durMix: new Float64Array(nBC * nR),
    nCoh: 0,
    cap,
    cohortStart: new Float64Array(cap),
    coh: new Float64Array(nBC * cap),
    cohNext: new Float64Array(nBC * cap),
    cohD: new Int32Array(cap),
    shareAcc: new Float64Array(nBC * nD),
    mixHazard: new Float64Array(nD * nBC),
    mixDays: new Float64Array(nD * nBC),
    entrantSurv: new Float64Array(32 * nBC),
    segDays: new Float64Array(Math.max(1, cap) * nD),
    cohSingle: new Uint8Array(Math.max(1, cap)),
    sideLeave: new Float64Array(nD * nBC),
    sideMoves: new Int32Array(nBC),
    sideTo: new Int32Array(nBC * nC),
    sideShare: new Float64Array(nD * nBC * nC),
  };
  for (const bucket of [...byBucket.keys()].sort((p, q) => q - p)) {
    const v = byBucket.get(bucket);
    if (!v) continue;
    let count = 0;
    for (let bc = 0; bc < nBC; bc++) count += f64(v, bc);
    tic.cohortStart[tic.nCoh] = -((agoSum.get(bucket) ?? 0) / count);
    for (let bc = 0; bc < nBC; bc++) tic.coh[bc * cap + tic.nCoh] = f64(v, bc);
    tic.nCoh++;
  }
  return tic;
}

/** Each shift's daily hazard for an eligible child this month, from the state at the start of the month (capacity kept). */
function setShiftHazards(x: Compartments, span: MonthSpan): void {
  const { rates, schedule, nB, nC, nR, nS, T, shifted, shiftHazard } = x;
  const { m, nDays } = span;
  for (let s = 0; s < nS; s++) {
    const sh = item(schedule.shifts, s);
    let eligible = 0;
    for (let b = 0; b < nB; b++) if (u8(sh.bands, b)) eligible += f64(T, b * nC + sh.from);
    if (sh.mode === 'hazard') {
      shiftHazard[m * nS + s] = eligible > 0 ? Math.min(f64(sh.amount ?? sh.perDay, m), 0.5) : 0;
      continue;
    }
    if (sh.mode === 'count' || sh.mode === 'share') {
      let movers = 0;
      const amount = f64(sh.amount ?? sh.perDay, m);
      if (sh.mode === 'count') movers = amount;
      else if (amount > 0) {
        let inTo = 0;
        for (let b = 0; b < nB; b++) if (u8(sh.bands, b)) inTo += f64(T, b * nC + sh.to);
        const total = eligible + inTo;
        if (Number.isNaN(f64(x.shareStart, s))) x.shareStart[s] = total > 0 ? inTo / total : 0;
        const s0 = f64(x.shareStart, s);
        const target = s0 + ((sh.targetShare ?? s0) - s0) * amount;
        movers = Math.max(0, target * total - inTo);
      }
      // The daily hazard that moves `movers` of the `eligible` children over the month's days (nothing else happening).
      shiftHazard[m * nS + s] =
        eligible > 0 && movers > 0 ? Math.min(1 - Math.pow(1 - Math.min(movers / eligible, 0.999), 1 / nDays), 0.5) : 0;
      continue;
    }
    let perDay = f64(sh.perDay, m);
    if (sh.capacity !== null) {
      // Keep the children placed this way at or below capacity: room left, plus replacing those who leave.
      let outRate = 0;
      let occ = 0;
      for (let b = 0; b < nB; b++) {
        const v = f64(T, b * nC + sh.to);
        let h = 0;
        for (let q = 0; q < nR; q++) h += item(rates.exits, (b * nC + sh.to) * nR + q).ratePerDay;
        for (let c = 0; c < nC; c++)
          if (c !== sh.to) h += item(rates.transitions, (b * nC + sh.to) * nC + c).ratePerDay;
        outRate += v * h;
        occ += v;
      }
      const leaveRate = occ > 0 ? outRate / occ : 0;
      const room = Math.max(0, sh.capacity - f64(shifted, s));
      perDay = Math.min(perDay, room / nDays + f64(shifted, s) * leaveRate);
    }
    shiftHazard[m * nS + s] = eligible > 0 ? Math.min(perDay / eligible, 0.5) : 0;
  }
}

/** Entrants a day this month by band and category: fitted rate × scenario multiplier × trend, plus scenario extras (never negative). */
function setEntriesPerDay(x: Compartments, m: number): void {
  const { rates, schedule, nB, nC, trendMult, entryPerDay, bandMoved, bandStock, T } = x;
  bandMoved.fill(0);
  bandStock.fill(0);
  for (let bc = 0; bc < nB * nC; bc++) addTo(bandStock, Math.floor(bc / nC), f64(T, bc));
  for (let b = 0; b < nB; b++) {
    const mult = f64(schedule.entryMultiplier, m * nB + b) * f64(trendMult, m);
    for (let c = 0; c < nC; c++) {
      const v =
        item(rates.entries, b * nC + c).ratePerDay * mult + f64(schedule.entryExtraPerDay, (m * nB + b) * nC + c);
      entryPerDay[b * nC + c] = v > 0 ? v : 0;
    }
  }
}

/**
 * The month's duration mix of each (band, category): child-days in the month by time-in-care band,
 * of the cohorts already there (their days thinned by leaving at their band's hazard, split between
 * bands when the cohort crosses a bound in the month) and of this month's entrants, who are all new:
 * most exits in the first weeks of care are theirs, so leaving them out would give the month's
 * entrants the older cohorts' low rates. Sets tic.durMix, the exit multiplier per (band, category, route).
 */
function setDurationMix(x: Compartments, tic: TimeInCare, span: MonthSpan): void {
  const { rates, schedule, nB, nC, nR, nS, shiftHazard, entryPerDay } = x;
  const { nD, baseExit, durF, durMix, shareAcc, mixHazard, mixDays, entrantSurv, segDays, cohSingle, cohD } = tic;
  const { m, first, last, nDays } = span;
  const nBC = nB * nC;
  for (let bc = 0; bc < nBC; bc++) {
    const b = Math.floor(bc / nC);
    const c = bc % nC;
    let tr = 0;
    for (let t = 0; t < nC; t++) if (t !== c) tr += item(rates.transitions, bc * nC + t).ratePerDay;
    for (let s = 0; s < nS; s++) {
      const sh = item(schedule.shifts, s);
      if (sh.from === c && u8(sh.bands, b)) tr += f64(shiftHazard, m * nS + s);
    }
    for (let d = 0; d < nD; d++) {
      let ex = 0;
      for (let q = 0; q < nR; q++)
        ex += f64(baseExit, bc * nR + q) * f64(durF, q * nD + d) * f64(schedule.exitMultiplier, (m * nB + b) * nR + q);
      const h = ex + tr;
      mixHazard[d * nBC + bc] = h;
      // child-days in the month of a child there at its start: Σ_{i=1..n} e^(−h·i)
      mixDays[d * nBC + bc] = h > 0 ? (Math.exp(-h) * -Math.expm1(-h * nDays)) / -Math.expm1(-h) : nDays;
    }
  }
  shareAcc.fill(0);
  for (let k = 0; k < tic.nCoh; k++) {
    const cs = f64(tic.cohortStart, k);
    const d0 = durationBandOf(tic, first - cs);
    const d1 = durationBandOf(tic, last - cs);
    cohD[k] = d1;
    segDays.fill(0, k * nD, (k + 1) * nD);
    if (d0 === d1) {
      cohSingle[k] = 1;
      segDays[k * nD + d0] = nDays;
    } else {
      cohSingle[k] = 0;
      for (let day = first; day <= last; day++) addTo(segDays, k * nD + durationBandOf(tic, day - cs), 1);
    }
  }
  const { coh, cap, nCoh } = tic;
  for (let bc = 0; bc < nBC; bc++) {
    for (let k = 0; k < nCoh; k++) {
      const v = f64(coh, bc * cap + k);
      if (v === 0) continue;
      if (u8(cohSingle, k) === 1) {
        const d = i32(cohD, k);
        addTo(shareAcc, bc * nD + d, v * f64(mixDays, d * nBC + bc));
        continue;
      }
      for (let d = 0; d < nD; d++) {
        const f = f64(segDays, k * nD + d) / nDays;
        if (f > 0) addTo(shareAcc, bc * nD + d, v * f * f64(mixDays, d * nBC + bc));
      }
    }
    // entrants: e a day; those who came i days before a day of the month are still there with
    // survival S_i, on (nDays − i) days of it: Σ_i (nDays − i)·S_i·e child-days at duration i
    const e = f64(entryPerDay, bc);
    let surv = 1;
    for (let i = 0; i <= nDays; i++) {
      entrantSurv[i * nBC + bc] = surv;
      const d = durationBandOf(tic, i);
      if (i < nDays && e > 0) addTo(shareAcc, bc * nD + d, e * (nDays - i) * surv);
      surv *= Math.exp(-f64(mixHazard, d * nBC + bc));
    }
  }
  for (let bc = 0; bc < nBC; bc++) {
    let tot = 0;
    for (let d = 0; d < nD; d++) tot += f64(shareAcc, bc * nD + d);
    for (let q = 0; q < nR; q++) {
      let g = 0;
      if (tot > 0) for (let d = 0; d < nD; d++) g += f64(shareAcc, bc * nD + d) * f64(durF, q * nD + d);
      durMix[bc * nR + q] = tot > 0 ? g / tot : f64(durF, q * nD);
    }
  }
}

/**
 * This month's hazards (transitions with scenario shifts; exits × duration mix × scenario) and,
 * per band, the daily matrix P, its sparse form and P^days for the rows (cached while P is
 * unchanged, by repeated squaring); loads the row crossing this month into Rcur.
 */
function setDailyMatrices(x: Compartments, tic: TimeInCare, span: MonthSpan): void {
  const { rates, schedule, nB, nC, nR, nS, NR, shiftHazard, trans, exitR, P, prevP, tmpA, tmpB, rows, Rcur } = x;
  const { baseExit, durMix } = tic;
  const { m, nDays } = span;
  for (let b = 0; b < nB; b++) {
    for (let c = 0; c < nC; c++) {
      let outSum = 0;
      for (let t = 0; t < nC; t++) {
        const v = t === c ? 0 : item(rates.transitions, (b * nC + c) * nC + t).ratePerDay;
        trans[(b * nC + c) * nC + t] = v;
      }
      for (let s = 0; s < nS; s++) {
        const sh = item(schedule.shifts, s);
        if (sh.from === c && u8(sh.bands, b)) addTo(trans, (b * nC + c) * nC + sh.to, f64(shiftHazard, m * nS + s));
      }
      for (let q = 0; q < nR; q++) {
        const i = (b * nC + c) * nR + q;
        exitR[i] = f64(baseExit, i) * f64(durMix, i) * f64(schedule.exitMultiplier, (m * nB + b) * nR + q);
        outSum += f64(exitR, i);
      }
      for (let t = 0; t < nC; t++) {
        const v = f64(trans, (b * nC + c) * nC + t);
        P[(b * nC + c) * nC + t] = v;
        outSum += v;
      }
      P[(b * nC + c) * nC + c] = Math.max(0, 1 - outSum);
    }
    const pb = P.subarray(b * nC * nC, (b + 1) * nC * nC);
    const prev = prevP.subarray(b * nC * nC, (b + 1) * nC * nC);
    let same = true;
    for (let i = 0; i < nC * nC && same; i++) if (pb[i] !== prev[i]) same = false;
    const cache = item(x.powCache, b);
    if (!same) {
      cache.clear();
      prev.set(pb);
      toSparse(P, b * nC * nC, nC, item(x.spP, b));
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
    x.powN[b] = pow;
    // the row crossing this month
    Rcur.set(rows.subarray((b * NR + m) * nC, (b * NR + m + 1) * nC), b * nC);
  }
}

/**
 * The month's days, one at a time: (1) yesterday's occupancy moves on by P (the flows themselves
 * are added up at month end: rates are constant within the month); (2) birthdays: children leave
 * their band (from the top band down, so nobody moves twice), out of care on the 18th; (3) entrants
 * arrive; (4) child-days are counted.
 */
function stepDays(x: Compartments, span: MonthSpan): void {
  const { rates, schedule, timeline, nB, nC, nR, nS, NR, nM, r18, out } = x;
  const {
    T,
    occPrev,
    shifted,
    shiftHazard,
    shiftMoves,
    entAcc,
    Rcur,
    rowMassLeft,
    rowDayMass,
    agedN,
    agedRow,
    agedVec,
  } = x;
  const { P, scratch, scratch3, outV, entryPerDay, bandMoved } = x;
  const { m, first, last } = span;
  const daysCat = out.childDaysByCategory;
  for (let b = 0; b < nB; b++) {
    let s = 0;
    for (let i = 0; i < 31; i++) s += f64(rowDayMass, (b * NR + m) * 31 + i);
    rowMassLeft[b] = s;
  }
  entAcc.fill(0);
  occPrev.fill(0);
  agedN.fill(0);
  for (let d = first; d <= last; d++) {
    // 1. yesterday's occupancy moves on
    for (let b = 0; b < nB; b++) {
      for (let c = 0; c < nC; c++) addTo(occPrev, b * nC + c, f64(T, b * nC + c));
      for (let s = 0; s < nS; s++) {
        const sh = item(schedule.shifts, s);
        if (!u8(sh.bands, b)) continue;
        const moved = f64(T, b * nC + sh.from) * f64(shiftHazard, m * nS + s);
        addTo(shifted, s, moved);
        addTo(shiftMoves, m * nS + s, moved);
      }
      const sp = item(x.spP, b);
      vecSparse3(T, entAcc, Rcur, f64(rowMassLeft, b) > 0, b * nC, sp, scratch3);
      for (let slot = 0; slot < i32(agedN, b); slot++) vecSparse(agedVec, (b * NR + slot) * nC, sp, scratch);
    }
    // shifted children leave at the `to` category's rates (approximately: band-average)
    for (let s = 0; s < nS; s++) {
      const sh = item(schedule.shifts, s);
      let occ = 0;
      let leave = 0;
      for (let b = 0; b < nB; b++) {
        const v = f64(T, b * nC + sh.to);
        occ += v;
        leave += v * (1 - f64(P, (b * nC + sh.to) * nC + sh.to));
      }
      if (occ > 0) shifted[s] = Math.max(0, f64(shifted, s) * (1 - leave / occ));
    }
    // 2. birthdays
    for (let b = nB - 1; b >= 0; b--) {
      const w = f64(rowDayMass, (b * NR + m) * 31 + (d - first));
      const left = f64(rowMassLeft, b);
      if (w <= 0 || left <= 0) continue;
      const frac = Math.min(1, w / left);
      rowMassLeft[b] = left - w;
      let moved = 0;
      for (let c = 0; c < nC; c++) {
        const v = f64(Rcur, b * nC + c) * frac;
        addTo(Rcur, b * nC + c, -v);
        T[b * nC + c] = Math.max(0, f64(T, b * nC + c) - v);
        outV[c] = v;
        moved += v;
      }
      addTo(bandMoved, b, moved);
      if (b === nB - 1) {
        addTo(out.exitsByRoute, m * nR + r18, moved);
        addTo(out.agedOut, m, moved);
        continue;
      }
      for (let c = 0; c < nC; c++) addTo(T, (b + 1) * nC + c, f64(outV, c));
      // They leave the new band on an exact birthday; group them by the month of it (the row),
      // recording the day now, so that one accumulator per target month evolves, not one per day.
      const target = Math.max(nextBoundaryFrom(rates, b + 1, timeline.startDay + d) - timeline.startDay, last + 1);
      const row = rowIndex(x, target);
      if (row < nM) addTo(rowDayMass, ((b + 1) * NR + row) * 31 + (target - i32(timeline.monthFirstDay, row)), moved);
      const n = i32(agedN, b + 1);
      let slot = 0;
      while (slot < n && agedRow[(b + 1) * NR + slot] !== row) slot++;
      if (slot === n) {
        agedN[b + 1] = n + 1;
        agedRow[(b + 1) * NR + slot] = row;
        agedVec.fill(0, ((b + 1) * NR + slot) * nC, ((b + 1) * NR + slot + 1) * nC);
      }
      const acc = ((b + 1) * NR + slot) * nC;
      for (let c = 0; c < nC; c++) addTo(agedVec, acc + c, f64(outV, c));
    }
    // 3. entrants arrive
    for (let b = 0; b < nB; b++) {
      for (let c = 0; c < nC; c++) {
        const e = f64(entryPerDay, b * nC + c);
        if (e === 0) continue;
        addTo(T, b * nC + c, e);
        addTo(entAcc, b * nC + c, e);
        addTo(out.entriesByAgeBand, m * nB + b, e);
        addTo(out.entriesByCategory, m * nC + c, e);
      }
    }
    // 4. child-days
    for (let b = 0; b < nB; b++) for (let c = 0; c < nC; c++) addTo(daysCat, m * nC + c, f64(T, b * nC + c));
  }
}

/** The month's exits and transitions: (sum over its days of the opening occupancy) × rate. */
function addMonthFlows(x: Compartments, m: number): void {
  const { nB, nC, nR, occPrev, exitR, trans, out } = x;
  for (let b = 0; b < nB; b++) {
    for (let c = 0; c < nC; c++) {
      const occ = f64(occPrev, b * nC + c);
      if (occ === 0) continue;
      for (let q = 0; q < nR; q++) addTo(out.exitsByRoute, m * nR + q, occ * f64(exitR, (b * nC + c) * nR + q));
      for (let t = 0; t < nC; t++) {
        const f = occ * f64(trans, (b * nC + c) * nC + t);
        if (f === 0) continue;
        addTo(out.transitionsOut, m * nC + c, f);
        addTo(out.transitionsIn, m * nC + t, f);
      }
    }
  }
}

/**
 * The side model at month end: each cohort moved on by the month, birthdays applied as in the
 * compartments, cohorts long in care merged, and this month's entrants added as new cohorts.
 */
function advanceTimeInCare(x: Compartments, tic: TimeInCare, span: MonthSpan): void {
  setSideLeaving(x, tic, span);
  moveCohortsOn(x, tic);
  applyBirthdaysToCohorts(x, tic);
  const swap = tic.coh;
  tic.coh = tic.cohNext;
  tic.cohNext = swap;
  mergeLongInCare(x, tic, span);
  addEntrantCohorts(x, tic, span);
}

/**
 * Per duration band and (band, category): the share leaving in the month (competing risks at the
 * month's rates) and where the movers go (each transition's share of the hazard).
 */
function setSideLeaving(x: Compartments, tic: TimeInCare, span: MonthSpan): void {
  const { schedule, nB, nC, nR, trans } = x;
  const { nD, baseExit, durF, sideLeave, sideMoves, sideTo, sideShare } = tic;
  const { m, nDays } = span;
  const nBC = nB * nC;
  for (let d = 0; d < nD; d++) {
    for (let bc = 0; bc < nBC; bc++) {
      const b = Math.floor(bc / nC);
      let ex = 0;
      for (let q = 0; q < nR; q++) {
        ex += f64(baseExit, bc * nR + q) * f64(durF, q * nD + d) * f64(schedule.exitMultiplier, (m * nB + b) * nR + q);
      }
      let tr = 0;
      for (let t = 0; t < nC; t++) tr += f64(trans, bc * nC + t);
      const h = ex + tr;
      sideLeave[d * nBC + bc] = h > 0 ? 1 - Math.exp(-h * nDays) : 0;
      let n = 0;
      if (tr > 0) {
        for (let t = 0; t < nC; t++) {
          const v = f64(trans, bc * nC + t);
          if (v === 0) continue;
          sideTo[bc * nC + n] = t;
          sideShare[(d * nBC + bc) * nC + n] = v / h;
          n++;
        }
      }
      sideMoves[bc] = n;
    }
  }
}

/**
 * Moves the cohorts on into cohNext: a cohort in one duration band all month leaves at that band's
 * share (a run of such cohorts in the same band at a time: oldest first, so the bands do not
 * increase along k); one crossing a bound leaves at each band's hazard for its days in it. Movers
 * go by the shares of the band the cohort ends the month in.
 */
function moveCohortsOn(x: Compartments, tic: TimeInCare): void {
  const nC = x.nC;
  const nBC = x.nB * nC;
  const { nD, cap, nCoh, coh, cohNext, cohD, cohSingle, sideLeave, mixHazard, segDays, sideMoves, sideTo, sideShare } =
    tic;
  cohNext.fill(0);
  for (let k0 = 0; k0 < nCoh;) {
    const d = i32(cohD, k0);
    const single = cohSingle[k0] === 1;
    let k1 = k0 + 1;
    if (single) while (k1 < nCoh && cohSingle[k1] === 1 && cohD[k1] === d) k1++;
    for (let bc = 0; bc < nBC; bc++) {
      let L: number;
      if (single) L = f64(sideLeave, d * nBC + bc);
      else {
        let hd = 0;
        for (let dd = 0; dd < nD; dd++) hd += f64(mixHazard, dd * nBC + bc) * f64(segDays, k0 * nD + dd);
        L = -Math.expm1(-hd);
      }
      const from = bc * cap;
      for (let k = k0; k < k1; k++) {
        const v = f64(coh, from + k);
        addTo(cohNext, from + k, v - v * L);
      }
      const n = i32(sideMoves, bc);
      const bBase = bc - (bc % nC);
      const shareOff = (d * nBC + bc) * nC;
      for (let i = 0; i < n; i++) {
        const to = (bBase + i32(sideTo, bc * nC + i)) * cap;
        const share = L * f64(sideShare, shareOff + i);
        for (let k = k0; k < k1; k++) addTo(cohNext, to + k, f64(coh, from + k) * share);
      }
    }
    k0 = k1;
  }
}

/** Birthdays: the share of each band that left it this month in the compartments moves the same way in every cohort (to the next band, or out at 18). */
function applyBirthdaysToCohorts(x: Compartments, tic: TimeInCare): void {
  const { nB, nC, bandMoved, bandStock } = x;
  const { cap, nCoh, cohNext } = tic;
  for (let b = nB - 1; b >= 0; b--) {
    const st = f64(bandStock, b);
    const f = st > 0 ? Math.min(1, f64(bandMoved, b) / st) : 0;
    if (f === 0) continue;
    for (let c = 0; c < nC; c++) {
      const from = (b * nC + c) * cap;
      const to = ((b + 1) * nC + c) * cap;
      for (let k = 0; k < nCoh; k++) {
        const v = f64(cohNext, from + k) * f;
        addTo(cohNext, from + k, -v);
        if (b < nB - 1) addTo(cohNext, to + k, v);
      }
    }
  }
}

/** Cohorts already in the last duration band stay there: merged into the oldest. */
function mergeLongInCare(x: Compartments, tic: TimeInCare, span: MonthSpan): void {
  const { cap, coh, cohortStart, nD } = tic;
  const nCoh = tic.nCoh;
  const nBC = x.nB * x.nC;
  let merged = 0;
  while (merged < nCoh && durationBandOf(tic, span.last + 1 - f64(cohortStart, merged)) === nD - 1) merged++;
  if (merged <= 1) return;
  for (let bc = 0; bc < nBC; bc++) {
    const from = bc * cap;
    let sum = f64(coh, from);
    for (let k = 1; k < merged; k++) sum += f64(coh, from + k);
    coh[from] = sum;
    coh.copyWithin(from + 1, from + merged, from + nCoh);
  }
  cohortStart.copyWithin(1, merged, nCoh);
  tic.nCoh = nCoh - (merged - 1);
}

/**
 * This month's entrants as ENTRANT_GROUPS new cohorts by day of arrival (so a cohort's time in care
 * is known to a fortnight, not a month: the first band is only a month long): those still in their
 * first cell at the month's end, and those who moved category (by each transition's share).
 */
function addEntrantCohorts(x: Compartments, tic: TimeInCare, span: MonthSpan): void {
  const { nC, entryPerDay } = x;
  const nBC = x.nB * nC;
  const { cap, coh, cohortStart, entrantSurv, sideMoves, sideTo, sideShare } = tic;
  const { first, last, nDays } = span;
  for (let g = 0; g < ENTRANT_GROUPS; g++) {
    const a0 = first + Math.floor((g * nDays) / ENTRANT_GROUPS);
    const a1 = first + Math.floor(((g + 1) * nDays) / ENTRANT_GROUPS) - 1;
    if (a1 < a0) continue;
    const k = tic.nCoh;
    cohortStart[k] = (a0 + a1) / 2;
    for (let bc = 0; bc < nBC; bc++) coh[bc * cap + k] = 0;
    for (let bc = 0; bc < nBC; bc++) {
      const e = f64(entryPerDay, bc);
      if (e === 0) continue;
      let stay = 0;
      for (let day = a0; day <= a1; day++) stay += f64(entrantSurv, (last - day + 1) * nBC + bc);
      stay *= e;
      addTo(coh, bc * cap + k, stay);
      const left = Math.max(0, e * (a1 - a0 + 1) - stay);
      const n = i32(sideMoves, bc);
      const bBase = bc - (bc % nC);
      for (let i = 0; i < n; i++)
        addTo(coh, (bBase + i32(sideTo, bc * nC + i)) * cap + k, left * f64(sideShare, bc * nC + i));
    }
    tic.nCoh = k + 1;
  }
}

/** Stocks at the month's end, by category and by band. */
function addMonthEndStocks(x: Compartments, m: number): void {
  const { nB, nC, T, out } = x;
  for (let b = 0; b < nB; b++) {
    for (let c = 0; c < nC; c++) {
      const v = f64(T, b * nC + c);
      addTo(out.populationByCategory, m * nC + c, v);
      addTo(out.populationByAgeBand, m * nB + b, v);
    }
  }
}

/**
 * Rolls the later rows forward by the month (P^days), and files this month's aged-in children and
 * entrants in the rows of the months they will leave their band: entrants spread over rows by days
 * left in band, as if they arrived mid-month (the days left are sorted, so the rows come in order:
 * each row gets the month's mix times its weight).
 */
function rollRows(x: Compartments, span: MonthSpan): void {
  const { timeline, nB, nC, NR, nM, rows, rowDayMass, agedN, agedRow, agedVec, entAcc, scratch } = x;
  const { m, first, last } = span;
  for (let b = 0; b < nB; b++) {
    const pow = item(x.powN, b);
    for (let row = m + 1; row < NR; row++) {
      const off = (b * NR + row) * nC;
      let any = false;
      for (let c = 0; c < nC && !any; c++) if (rows[off + c] !== 0) any = true;
      if (any) vecDense(rows, off, pow, nC, scratch);
    }
    for (let slot = 0; slot < i32(agedN, b); slot++) {
      const row = i32(agedRow, b * NR + slot);
      for (let c = 0; c < nC; c++) addTo(rows, (b * NR + row) * nC + c, f64(agedVec, (b * NR + slot) * nC + c));
    }
    const dl = item(x.daysLeft, b);
    let any = false;
    let mass = 0;
    for (let c = 0; c < nC; c++) {
      const v = f64(entAcc, b * nC + c);
      if (v > 0) any = true;
      mass += v;
    }
    if (!any) continue;
    const mid = Math.round((first + last) / 2);
    let row = -1;
    let weight = 0;
    for (let i = 0; i <= dl.k.length; i++) {
      const offset = i < dl.k.length ? Math.max(mid + i32(dl.k, i), last + 1) : timeline.horizonDays + 1;
      const r = i < dl.k.length ? rowIndex(x, offset) : -1;
      if (r !== row) {
        if (row >= 0)
          for (let c = 0; c < nC; c++) addTo(rows, (b * NR + row) * nC + c, f64(entAcc, b * nC + c) * weight);
        row = r;
        weight = 0;
      }
      if (i === dl.k.length) break;
      const w = f64(dl.w, i);
      weight += w;
      if (r < nM) addTo(rowDayMass, (b * NR + r) * 31 + (offset - i32(timeline.monthFirstDay, r)), mass * w);
    }
  }
}
