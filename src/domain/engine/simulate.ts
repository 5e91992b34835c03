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
 * changes only what its adjustments touch (common random numbers). A scenario's moves between
 * categories (shifts) run on a clock of their own, from a second stream of the child: a child the
 * scenario could move but does not keeps exactly the events and days it has in the baseline (were
 * the shift one more competing event on the same clock, its presence alone would move every other
 * event of every eligible child, and a pure move to a cheaper placement could show a loss).
 * Two independent exponential clocks are the same competing risks in law as one clock of the summed
 * hazard, so the figures' distribution is the same. A child's clock consumes a
 * unit-exponential amount of cumulative hazard (drawn by the ziggurat method), so time-varying
 * hazards need no extra draws.
 * Cost: O(runs × (children + entrants) × events); no per-child objects are allocated (a run's
 * entrants are queued in typed arrays with their streams' state, then followed like the others).
 */
import { EntityStream, RunStream, gamma, keyedUniform, poissonInverse } from '../stats/random.ts';
import { BirthdayTable } from './birthdays.ts';
import type { StartingPopulation } from './population.ts';
import { emptyLeaverFlows, emptyProjection, type LeaverFlows, type Projection, type Timeline } from './projection.ts';
import type { FittedRates } from './rates.ts';
import type { Schedule } from './schedule.ts';
import {
  drawTrend,
  trendDesign,
  trendEstimate,
  trendMultiplierAt,
  type TrendCoefficients,
  type TrendDesign,
} from './trend.ts';

export interface SimulationOptions {
  readonly runs: number;
  readonly seed: number;
  /**
   * The seed's run the projection's first run is (default 0): the projection holds runs firstRun ..
   * firstRun + runs - 1 of the seed's sequence. Each run has its own streams keyed by (seed, run),
   * so runs 0-499 and 500-999 computed apart (e.g. on two threads) and joined by concatRuns are
   * exactly runs 0-999 computed at once.
   */
  readonly firstRun?: number;
  /** Draw rates from their posteriors in each run (default true). False: process noise only. */
  readonly parameterUncertainty?: boolean;
  /**
   * Per month and shift (flat [month][shift]): hazard a day of a child in the shift's `from`
   * category being moved, = children a day to move / expected children eligible (from the expected path).
   */
  readonly shiftHazard: Float64Array;
}

const NS_START = 1 << 28;
/** Buckets of the event search's guide table (a power of two, so that u01·GUIDE is exact). */
const GUIDE = 8;
const NS_ENTRY_COUNT = 2 << 28;
const NS_ENTRANT = 3 << 28;
/** Salt of a child's second stream (its shift clock), keyed by its first stream's saved words. */
const NS_SHIFT = 0x5bd1e995;

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
export function entryTrendMultipliers(
  design: TrendDesign | null,
  k: TrendCoefficients | null,
  out: Float64Array,
): Float64Array {
  if (design === null || k === null) return out.fill(1);
  for (let m = 0; m < out.length; m++) out[m] = trendMultiplierAt(design, k, m);
  return out;
}

/**
 * Everything a run reads (fixed for one `simulate` call) and the scratch it reuses, built once so
 * that each run is one call of `simulateRun` made of small phases (each optimised like any hot
 * function, rather than one long on-stack-replaced loop), and the children are followed in two
 * batches (starting children, then entrants) by one loop with its tables in locals.
 */
interface Sim {
  readonly seed: number;
  /** The current run's entity-stream keys (RunStream key0, key1). */
  runKey0: number;
  runKey1: number;
  /** Second stream of the child being followed: its shift clock. */
  readonly rng2: EntityStream;
  readonly paramUnc: boolean;
  readonly nB: number;
  readonly nC: number;
  readonly nR: number;
  readonly nS: number;
  readonly nM: number;
  readonly nD: number;
  /** Competing events of a state: transitions to each category, exits by route, shifts. */
  readonly J: number;
  readonly H: number;
  readonly H1: number;
  readonly H2: number;
  readonly startDay: number;
  readonly r18: number;
  readonly phi: number;
  readonly baseDaily: number;
  /** Time-in-care band bounds (days since the period began) and exit factor per [route][duration band]. */
  readonly dBounds: Float64Array;
  readonly durFactor: Float64Array;
  // Rate cells as numbers: events, exposure (exits: time-in-care standardised when fitted), point estimate.
  readonly entEvents: Float64Array;
  readonly entExpo: Float64Array;
  readonly entPoint: Float64Array;
  readonly trEvents: Float64Array;
  readonly trExpo: Float64Array;
  readonly trPoint: Float64Array;
  readonly exEvents: Float64Array;
  readonly exExpo: Float64Array;
  readonly exPoint: Float64Array;
  readonly trend: FittedRates['trend'] | null;
  readonly design: TrendDesign | null;
  // Scenario schedule and timeline.
  readonly entryMultiplier: Float64Array;
  readonly entryExtraPerDay: Float64Array;
  readonly exitMultiplier: Float64Array;
  readonly shiftHazard: Float64Array;
  readonly shiftFrom: Int32Array;
  readonly shiftTo: Int32Array;
  /** [shift][band]: 1 when the shift applies to the band. */
  readonly shiftBands: Uint8Array;
  readonly monthFirstDay: Int32Array;
  readonly monthEndDay: Int32Array;
  readonly monthDays: Float64Array;
  readonly monthOf: Int32Array;
  readonly nEp: number;
  readonly epochStarts: Int32Array;
  readonly epochOfMonth: Int32Array;
  readonly epochEndDay: Float64Array;
  // Entrants' ages and birthdays.
  readonly agePools: readonly Int32Array[];
  readonly bandStartAge: Int32Array;
  readonly bandEndAge: Int32Array;
  readonly nBound: number;
  readonly bDays: Int32Array;
  readonly bFirst: number;
  readonly bEnd: number;
  /** Band boundaries of the starting children: [child][boundary] day numbers. */
  readonly kidBounds: Int32Array;
  // Scratch of a run.
  readonly entryRate: Float64Array;
  readonly trans: Float64Array;
  readonly exitR: Float64Array;
  readonly trendMult: Float64Array;
  readonly monthEffect: Float64Array;
  /** Per epoch, band, duration band, category (the state): hazard of each event (J per state). */
  readonly hz: Float64Array;
  /** Total hazard of the state's transitions and exits (its main clock); hsTot: of its shifts (its shift clock). */
  readonly hzTot: Float64Array;
  readonly hsTot: Float64Array;
  /** The state's non-zero transitions and exits and their cumulative hazards, for a short search. */
  readonly evIdx: Int32Array;
  readonly evCum: Float64Array;
  readonly evCount: Int32Array;
  /**
   * Guide table of the search [state][GUIDE]: where to start looking for the event of a uniform u01
   * in [g/GUIDE, (g+1)/GUIDE) (every earlier event's cumulative hazard is at most (g/GUIDE)·total).
   */
  readonly evGuide: Int32Array;
  /** First later epoch in which the state's hazards differ (nEp if none). */
  readonly nextChange: Int32Array;
  /**
   * Difference arrays of the daily counts by category, then by band, then of children who have left
   * by each route and are under 18: [nC + nB + nR][H + 2].
   */
  readonly diff: Int32Array;
  readonly rng: EntityStream;
  /** The starting children (fixed) and a run's entrants, with each one's random stream. */
  readonly kids: Batch;
  readonly entrants: Batch;
  readonly out: Projection;
  readonly leavers: LeaverFlows;
}

/**
 * Children to follow: where each starts (time, band, category, period start, row of its band
 * boundaries) and the state of its own random stream, saved when it was drawn.
 */
class Batch {
  n = 0;
  t0: Float64Array;
  ps: Float64Array;
  band: Int32Array;
  cat: Int32Array;
  bOff: Int32Array;
  rng: Int32Array;
  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.t0 = new Float64Array(n);
    this.ps = new Float64Array(n);
    this.band = new Int32Array(n);
    this.cat = new Int32Array(n);
    this.bOff = new Int32Array(n);
    this.rng = new Int32Array(4 * n);
  }
  /** Appends a child (doubling the storage when full); returns its index. */
  push(t0: number, band: number, cat: number, ps: number, bOff: number, rng: EntityStream): number {
    if (this.n === this.t0.length) {
      const grow = <A extends Float64Array | Int32Array>(a: A, make: (n: number) => A): A => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.t0 = grow(this.t0, (n) => new Float64Array(n));
      this.ps = grow(this.ps, (n) => new Float64Array(n));
      this.band = grow(this.band, (n) => new Int32Array(n));
      this.cat = grow(this.cat, (n) => new Int32Array(n));
      this.bOff = grow(this.bOff, (n) => new Int32Array(n));
      this.rng = grow(this.rng, (n) => new Int32Array(n));
    }
    const i = this.n++;
    this.t0[i] = t0;
    this.band[i] = band;
    this.cat[i] = cat;
    this.ps[i] = ps;
    this.bOff[i] = bOff;
    rng.save(this.rng, 4 * i);
    return i;
  }
}

export function simulate(
  rates: FittedRates,
  population: StartingPopulation,
  timeline: Timeline,
  schedule: Schedule,
  options: SimulationOptions,
): Projection {
  const runs = Math.max(0, Math.floor(options.runs));
  const leavers = emptyLeaverFlows(runs, timeline.months.length, rates.routes.length, rates.categories.length);
  const out: Projection = {
    ...emptyProjection(
      'simulated',
      runs,
      timeline,
      rates.categories,
      rates.ageBands.map((b) => b.key),
      rates.routes,
      [...rates.warnings, ...schedule.warnings],
    ),
    leavers,
  };
  if (runs === 0) return out;
  const sim = simulationTables(rates, population, timeline, schedule, options, out, leavers);
  const firstRun = Math.max(0, Math.floor(options.firstRun ?? 0));
  for (let i = 0; i < runs; i++) simulateRun(sim, firstRun + i, i);
  return out;
}

/** Everything the runs read and the scratch they reuse (see Sim), built once for a `simulate` call. */
function simulationTables(
  rates: FittedRates,
  population: StartingPopulation,
  timeline: Timeline,
  schedule: Schedule,
  options: SimulationOptions,
  out: Projection,
  leavers: LeaverFlows,
): Sim {
  const nB = rates.ageBands.length;
  const nC = rates.categories.length;
  const nR = rates.routes.length;
  const nS = schedule.shifts.length;
  const nM = timeline.months.length;
  const H = timeline.horizonDays;
  const durations = timeInCareFactors(rates);
  const epochs = runEpochs(schedule, options.shiftHazard, timeline);
  const ages = entrantAges(rates, timeline);
  const shiftBands = new Uint8Array(nS * nB);
  schedule.shifts.forEach((sh, s) => shiftBands.set(sh.bands.subarray(0, nB), s * nB));
  // Baseline monthly entries (for the month effect's shape), independent of adjustments.
  let baseDaily = 0;
  for (const e of rates.entries) baseDaily += e.ratePerDay;
  const monthDays = new Float64Array(nM);
  for (let m = 0; m < nM; m++)
    monthDays[m] = (timeline.monthEndDay[m] as number) - (timeline.monthFirstDay[m] as number) + 1;
  return {
    seed: options.seed,
    runKey0: 0,
    runKey1: 0,
    rng2: new EntityStream(),
    paramUnc: options.parameterUncertainty !== false,
    nB,
    nC,
    nR,
    nS,
    nM,
    J: nC + nR + nS,
    H,
    H1: H + 1,
    H2: H + 2,
    startDay: timeline.startDay,
    r18: rates.routes.indexOf('independence_or_18'),
    phi: Math.max(1, rates.entryDispersion),
    baseDaily,
    ...durations,
    ...rateCells(rates),
    trend: rates.entryModel === 'trend' ? rates.trend : null,
    design: trendDesignFor(rates, timeline),
    entryMultiplier: schedule.entryMultiplier,
    entryExtraPerDay: schedule.entryExtraPerDay,
    exitMultiplier: schedule.exitMultiplier,
    shiftHazard: options.shiftHazard,
    shiftFrom: Int32Array.from(schedule.shifts, (sh) => sh.from),
    shiftTo: Int32Array.from(schedule.shifts, (sh) => sh.to),
    shiftBands,
    monthFirstDay: timeline.monthFirstDay,
    monthEndDay: timeline.monthEndDay,
    monthDays,
    monthOf: monthOfDayTable(timeline),
    ...epochs,
    ...ages,
    ...startingChildren(population, timeline, ages.nBound),
    ...runScratch({ nB, nC, nR, nM, J: nC + nR + nS, H }, epochs.nEp * nB * durations.nD * nC),
    entrants: new Batch(Math.ceil(baseDaily * (H + 1) * 1.5)),
    out,
    leavers,
  };
}

/** Time in care: exit hazards are multiplied by a factor per route and duration band. */
function timeInCareFactors(rates: FittedRates): Pick<Sim, 'nD' | 'dBounds' | 'durFactor'> {
  const nR = rates.routes.length;
  const dBounds = Float64Array.from(rates.exitDuration ? (rates.durationBoundsDays ?? []) : []);
  const nD = dBounds.length + 1;
  const durFactor = new Float64Array(nR * nD).fill(1);
  if (rates.exitDuration)
    for (let i = 0; i < nR * nD; i++) durFactor[i] = (rates.exitDuration[i] as { factor: number }).factor;
  return { nD, dBounds, durFactor };
}

type RateCells = Pick<
  Sim,
  'entEvents' | 'entExpo' | 'entPoint' | 'trEvents' | 'trExpo' | 'trPoint' | 'exEvents' | 'exExpo' | 'exPoint'
>;

/** Rate cells as numbers: events, exposure (exits: time-in-care standardised when fitted), point estimate. */
function rateCells(rates: FittedRates): RateCells {
  const stdExpo = rates.exitDuration ? rates.exitStandardisedExposure : undefined;
  return {
    entEvents: Float64Array.from(rates.entries, (c) => c.events),
    entExpo: Float64Array.from(rates.entries, (c) => c.exposureDays),
    entPoint: Float64Array.from(rates.entries, (c) => c.ratePerDay),
    trEvents: Float64Array.from(rates.transitions, (c) => c.events),
    trExpo: Float64Array.from(rates.transitions, (c) => c.exposureDays),
    trPoint: Float64Array.from(rates.transitions, (c) => c.ratePerDay),
    exEvents: Float64Array.from(rates.exits, (c) => c.events),
    exExpo: Float64Array.from(rates.exits, (c, i) => (stdExpo ? (stdExpo[i] as number) : c.exposureDays)),
    exPoint: Float64Array.from(rates.exits, (c) => c.ratePerDay),
  };
}

/**
 * Epochs: runs of months with the same per-child hazards (the schedule's exit multipliers and the
 * shift hazards). Epoch boundaries are at month ends: a child's clock is re-evaluated at time = last
 * day of the month (events after that time take effect from the next month's days).
 */
function runEpochs(
  schedule: Schedule,
  shiftHazard: Float64Array,
  timeline: Timeline,
): Pick<Sim, 'nEp' | 'epochStarts' | 'epochOfMonth' | 'epochEndDay'> {
  const nM = timeline.months.length;
  const nS = schedule.shifts.length;
  const epochStarts: number[] = [];
  const epochOfMonth = new Int32Array(nM);
  for (let m = 0; m < nM; m++) {
    let same = m > 0 && schedule.epochOfMonth[m] === schedule.epochOfMonth[m - 1];
    for (let s2 = 0; s2 < nS && same; s2++)
      if (shiftHazard[m * nS + s2] !== shiftHazard[(m - 1) * nS + s2]) same = false;
    if (!same) epochStarts.push(m);
    epochOfMonth[m] = epochStarts.length - 1;
  }
  const nEp = epochStarts.length;
  const epochEndDay = new Float64Array(nEp);
  for (let e = 0; e < nEp; e++) {
    const nextStart = epochStarts[e + 1];
    epochEndDay[e] =
      nextStart === undefined ? timeline.horizonDays + 1 : (timeline.monthFirstDay[nextStart] as number) - 1;
  }
  return { nEp, epochStarts: Int32Array.from(epochStarts), epochOfMonth, epochEndDay };
}

/** Entrants' ages (the reference window's, per band, else uniform within the band) and the birthday table. */
function entrantAges(
  rates: FittedRates,
  timeline: Timeline,
): Pick<Sim, 'agePools' | 'bandStartAge' | 'bandEndAge' | 'nBound' | 'bDays' | 'bFirst' | 'bEnd'> {
  const birthdays = birthdayTableFor(rates, timeline);
  return {
    agePools: rates.entryAgesDays.map((a) => Int32Array.from(a)),
    bandStartAge: Int32Array.from(rates.ageBands, (b) => Math.round(b.minAge * 365.25)),
    bandEndAge: Int32Array.from(
      rates.ageBands,
      (_, i) => Math.round((rates.ageBands[i + 1]?.minAge ?? 18) * 365.25) - 1,
    ),
    nBound: birthdays.ages.length,
    bDays: birthdays.days,
    bFirst: birthdays.firstDob,
    bEnd: birthdays.firstDob + birthdays.count,
  };
}

/**
 * Starting children: band boundaries (the day each band is left; the last is the 18th birthday)
 * and period start (days from the forecast start, <= 0); their streams are seeded in each run.
 */
function startingChildren(
  population: StartingPopulation,
  timeline: Timeline,
  nBound: number,
): Pick<Sim, 'kidBounds' | 'kids'> {
  const children = population.children;
  const kidBounds = new Int32Array(children.length * nBound);
  const kids = new Batch(children.length);
  const unseeded = new EntityStream();
  children.forEach((kid, i) => {
    for (let j = 0; j < nBound; j++) kidBounds[i * nBound + j] = kid.boundaries[j] as number;
    kids.push(
      0,
      kid.band,
      kid.category,
      kid.periodStart === undefined ? -1e9 : kid.periodStart - timeline.startDay,
      i * nBound,
      unseeded,
    );
  });
  return { kidBounds, kids };
}

/** The scratch a run reuses: its drawn rates, hazard tables and daily counts. */
function runScratch(
  d: {
    readonly nB: number;
    readonly nC: number;
    readonly nR: number;
    readonly nM: number;
    readonly J: number;
    readonly H: number;
  },
  nStates: number,
): Pick<
  Sim,
  | 'entryRate'
  | 'trans'
  | 'exitR'
  | 'trendMult'
  | 'monthEffect'
  | 'hz'
  | 'hzTot'
  | 'hsTot'
  | 'evIdx'
  | 'evCum'
  | 'evCount'
  | 'evGuide'
  | 'nextChange'
  | 'diff'
  | 'rng'
> {
  const { nB, nC, nR, nM, J, H } = d;
  return {
    entryRate: new Float64Array(nB * nC),
    trans: new Float64Array(nB * nC * nC),
    exitR: new Float64Array(nB * nC * nR),
    trendMult: new Float64Array(nM),
    monthEffect: new Float64Array(nM),
    hz: new Float64Array(nStates * J),
    hzTot: new Float64Array(nStates),
    hsTot: new Float64Array(nStates),
    evIdx: new Int32Array(nStates * J),
    evCum: new Float64Array(nStates * J),
    evCount: new Int32Array(nStates),
    evGuide: new Int32Array(nStates * GUIDE),
    nextChange: new Int32Array(nStates),
    diff: new Int32Array((nC + nB + nR) * (H + 2)),
    rng: new EntityStream(),
  };
}

/**
 * One Monte Carlo run (the seed's run `r`, written to the projection's run `outRun`): draws its
 * parameters, builds its hazard tables, follows every child.
 */
function simulateRun(s: Sim, r: number, outRun: number): void {
  const rs = new RunStream(s.seed, r);
  s.runKey0 = rs.key0;
  s.runKey1 = rs.key1;
  drawParameters(s, rs);
  buildHazards(s);
  s.diff.fill(0);
  const rowBase = outRun * s.nM;
  // Starting children, each with its own stream
  const kids = s.kids;
  for (let i = 0; i < kids.n; i++) {
    s.rng.reseed(rs.key0, rs.key1, NS_START | i, 0);
    s.rng.save(kids.rng, 4 * i);
  }
  followAll(s, kids, s.kidBounds, rowBase);
  drawEntrants(s, rs, r, outRun);
  followAll(s, s.entrants, s.bDays, rowBase);
  countDays(s, rowBase);
}

/** The run's rates from their posteriors (or point estimates), entry trend and month effects. */
function drawParameters(s: Sim, rs: RunStream): void {
  const { nB, nC, nR, nM, paramUnc, phi, entryRate, trans, exitR, monthEffect, monthDays, baseDaily } = s;
  const { entEvents, entExpo, entPoint, trEvents, trExpo, trPoint, exEvents, exExpo, exPoint } = s;
  for (let i = 0; i < nB * nC; i++) {
    const expo = entExpo[i] as number;
    entryRate[i] =
      paramUnc && expo > 0 ? (gamma(rs, (entEvents[i] as number) / phi) * phi) / expo : (entPoint[i] as number);
  }
  for (let i = 0; i < nB * nC * nC; i++) {
    const expo = trExpo[i] as number;
    trans[i] = paramUnc && expo > 0 ? gamma(rs, trEvents[i] as number) / expo : (trPoint[i] as number);
  }
  for (let i = 0; i < nB * nC * nR; i++) {
    const expo = exExpo[i] as number;
    const ev = exEvents[i] as number;
    exitR[i] = expo > 0 ? (paramUnc ? gamma(rs, ev) : ev) / expo : (exPoint[i] as number);
  }
  const k = s.trend !== null ? (paramUnc ? drawTrend(s.trend, rs) : trendEstimate(s.trend)) : null;
  entryTrendMultipliers(s.design, k, s.trendMult);
  for (let m = 0; m < nM; m++) {
    const mu = baseDaily * (monthDays[m] as number);
    if (phi > 1 && mu > 0) {
      const shape = mu / (phi - 1);
      monthEffect[m] = gamma(rs, shape) / shape;
    } else monthEffect[m] = 1;
  }
}

/** Hazard of each event in each state (epoch, band, duration band, category), its non-zero events, and when it next changes. */
function buildHazards(s: Sim): void {
  const {
    nB,
    nC,
    nR,
    nS,
    nD,
    J,
    nEp,
    trans,
    exitR,
    hz,
    hzTot,
    hsTot,
    evIdx,
    evCum,
    evCount,
    evGuide,
    nextChange,
    durFactor,
    exitMultiplier,
    shiftHazard,
    shiftFrom,
    shiftBands,
  } = s;
  for (let e = 0; e < nEp; e++) {
    const m0 = s.epochStarts[e] as number;
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
              (exitR[(b * nC + c) * nR + q] as number) *
              (exitMultiplier[(m0 * nB + b) * nR + q] as number) *
              (durFactor[q * nD + dd] as number);
            hz[base + nC + q] = v;
            tot += v;
          }
          let shifts = 0;
          for (let sh = 0; sh < nS; sh++) {
            const v = shiftFrom[sh] === c && shiftBands[sh * nB + b] ? (shiftHazard[m0 * nS + sh] as number) : 0;
            hz[base + nC + nR + sh] = v;
            shifts += v;
          }
          hzTot[st] = tot;
          hsTot[st] = shifts;
          // The main clock's events (the shifts have their own clock: see followAll).
          let n = 0;
          let cum = 0;
          for (let j = 0; j < nC + nR; j++) {
            const v = hz[base + j] as number;
            if (v > 0) {
              cum += v;
              evIdx[base + n] = j;
              evCum[base + n] = cum;
              n++;
            }
          }
          evCount[st] = n;
          for (let g = 0, k = 0; g < GUIDE; g++) {
            const lower = (g / GUIDE) * tot;
            while (k < n - 1 && (evCum[base + k] as number) <= lower) k++;
            evGuide[st * GUIDE + g] = k;
          }
        }
      }
    }
  }
  const nBDC = nB * nD * nC; // states per epoch
  for (let st = 0; st < nBDC; st++) {
    let next = nEp;
    for (let e = nEp - 1; e >= 0; e--) {
      nextChange[e * nBDC + st] = next;
      if (e > 0) {
        const a0 = ((e - 1) * nBDC + st) * J;
        const a1 = (e * nBDC + st) * J;
        let same = true;
        for (let j = 0; j < J && same; j++) if (hz[a0 + j] !== hz[a1 + j]) same = false;
        if (!same) next = e;
      }
    }
  }
}

/**
 * The run's entrants, month by month, cell by cell: how many (Poisson by inversion of the cell's
 * own uniform), then each one's arrival and age from its own stream; counted as entries and queued
 * (with the stream's state) to be followed.
 */
function drawEntrants(s: Sim, rs: RunStream, r: number, outRun: number): void {
  const {
    nB,
    nC,
    nM,
    nBound,
    rng,
    entryRate,
    entryMultiplier,
    entryExtraPerDay,
    trendMult,
    monthEffect,
    monthOf,
    bDays,
    bFirst,
    bEnd,
    startDay,
  } = s;
  const entrants = s.entrants;
  entrants.n = 0;
  const rowBase = outRun * nM;
  const entB = s.out.entriesByAgeBand;
  const entC = s.out.entriesByCategory;
  for (let m = 0; m < nM; m++) {
    const days = s.monthDays[m] as number;
    const first = s.monthFirstDay[m] as number;
    const me = monthEffect[m] as number;
    for (let b = 0; b < nB; b++) {
      const mult = (entryMultiplier[m * nB + b] as number) * (trendMult[m] as number) * me;
      const pool = s.agePools[b] as Int32Array;
      const a0 = s.bandStartAge[b] as number;
      const aSpan = (s.bandEndAge[b] as number) - a0 + 1;
      for (let c = 0; c < nC; c++) {
        const cellIdx = b * nC + c;
        const extra = entryExtraPerDay[(m * nB + b) * nC + c] as number;
        let rate = (entryRate[cellIdx] as number) * mult + extra * me;
        if (!(rate > 0)) rate = 0;
        if (rate === 0) continue;
        const key = m * nB * nC + cellIdx;
        const n = poissonInverse(keyedUniform(rs.key0, rs.key1, NS_ENTRY_COUNT | key, r), rate * days);
        for (let q = 0; q < n; q++) {
          rng.reseed(rs.key0, rs.key1, NS_ENTRANT | key, q);
          const arrival = first - 1 + rng.uniform() * days; // continuous time in (first - 1, last]
          const arrivalDay = Math.ceil(arrival);
          const age =
            pool.length > 0
              ? (pool[Math.floor(rng.uniform() * pool.length)] as number)
              : a0 + Math.floor(rng.uniform() * aSpan);
          const dob = startDay + arrivalDay - age;
          if (dob < bFirst || dob >= bEnd) continue;
          // the entrant's band boundaries: the day it leaves each band (the last is the 18th birthday)
          const bOff = (dob - bFirst) * nBound;
          const abs = startDay + arrivalDay;
          if (abs >= (bDays[bOff + nBound - 1] as number)) continue;
          let bb = 0;
          while (bb < nB - 1 && abs >= (bDays[bOff + bb] as number)) bb++;
          const row = rowBase + (monthOf[arrivalDay] as number);
          entB[row * nB + bb]! += 1;
          entC[row * nC + c]! += 1;
          entrants.push(arrival, bb, c, arrival, bOff, rng);
        }
      }
    }
  }
}

/**
 * Follows each child of the batch from its start time t0 (continuous days from the forecast start)
 * in its band and category, its stream resumed where it was saved: competing exponential clocks,
 * a unit-exponential amount of cumulative hazard per event. bounds[bOff + b]: the day number the
 * child leaves band b (the last band ends on the 18th birthday). ps: when its period of care began
 * (same time scale), for the time-in-care band. Stays go into the difference arrays; events into
 * the run's rows of the projection.
 *
 * Kept whole, longer than the 100 lines of ESLint's max-lines-per-function: this is the Monte Carlo's
 * inner loop, and V8 compiles it with the random stream's draws inlined. Moving its steps (a stay,
 * a move, the choice of event, leaving care, the 18th birthday) into functions of their own cost 5
 * to 15% more CPU for 1,000 runs of the large demo council (measured against this version in turn,
 * load 6-10): the helpers use up V8's inlining budget or are left as calls once per child.
 */
// eslint-disable-next-line max-lines-per-function -- the hot inner loop kept whole: see above
function followAll(s: Sim, batch: Batch, bounds: Int32Array, rowBase: number): void {
  const {
    nB,
    nC,
    nR,
    nD,
    J,
    H,
    H1,
    H2,
    nEp,
    startDay,
    r18,
    nBound,
    dBounds,
    diff,
    rng,
    monthOf,
    epochOfMonth,
    epochEndDay,
    nextChange,
    hzTot,
    evIdx,
    evCum,
    evCount,
    evGuide,
    shiftTo,
    hsTot,
    hz,
    nS,
    rng2,
    runKey0,
    runKey1,
  } = s;
  const { transitionsOut: tOut, transitionsIn: tIn, exitsByRoute: exits, agedOut } = s.out;
  const { turning18ByRoute: turning18, agedOutByCategory } = s.leavers;
  const leftBase = (nC + nB) * H2;
  const { t0: t0s, ps: pss, band, cat, bOff: bOffs, rng: states } = batch;
  children: for (let i = 0; i < batch.n; i++) {
    rng.restore(states, 4 * i);
    const t0 = t0s[i] as number;
    const ps = pss[i] as number;
    const bOff = bOffs[i] as number;
    let t = t0;
    let b = band[i] as number;
    let c = cat[i] as number;
    let dd = 0;
    while (dd < nD - 1 && t0 - ps >= (dBounds[dd] as number)) dd++;
    let nextDur = dd < nD - 1 ? ps + (dBounds[dd] as number) : Infinity;
    let ep = epochOfMonth[monthOf[Math.min(H1, Math.ceil(t))] as number] as number;
    let E = rng.exponential();
    // The shift clock (a second stream keyed by the first's saved words), drawn when first needed.
    let E2 = -1;
    let segStartDay = Math.ceil(t);
    for (;;) {
      const nextBoundary = (bounds[bOff + b] as number) - startDay;
      // the state's hazards stay the same until epoch nextEp (no artificial split of the clock)
      let sIdx = ((ep * nB + b) * nD + dd) * nC + c;
      let nextEp = nextChange[sIdx] as number;
      let epEnd = epochEndDay[nextEp - 1] as number;
      let h = hzTot[sIdx] as number;
      let hs = hsTot[sIdx] as number;
      if (hs > 0 && E2 < 0) {
        rng2.reseed(runKey0 ^ NS_SHIFT, runKey1, states[4 * i] as number, states[4 * i + 2] as number);
        E2 = rng2.exponential();
      }
      // Time-in-care bands crossed before anything else changes (the band boundary, the epoch's
      // end, the horizon): a short loop that spends the clocks band by band.
      for (;;) {
        let hardEnd = nextBoundary < epEnd ? nextBoundary : epEnd;
        if (hardEnd > H1) hardEnd = H1;
        if (!(nextDur < hardEnd)) break;
        const room = h * (nextDur - t);
        if (room >= E && h > 0) break; // the event comes in this time-in-care band
        if (hs > 0 && hs * (nextDur - t) >= E2) break; // the shift comes in it
        if (h > 0) E -= room;
        if (hs > 0) E2 -= hs * (nextDur - t);
        t = nextDur;
        dd++;
        nextDur = dd < nD - 1 ? ps + (dBounds[dd] as number) : Infinity;
        if (nEp > 1) ep = epochOfMonth[monthOf[Math.min(H1, Math.ceil(t))] as number] as number;
        sIdx = ((ep * nB + b) * nD + dd) * nC + c;
        nextEp = nextChange[sIdx] as number;
        epEnd = epochEndDay[nextEp - 1] as number;
        h = hzTot[sIdx] as number;
        hs = hsTot[sIdx] as number;
        if (hs > 0 && E2 < 0) {
          rng2.reseed(runKey0 ^ NS_SHIFT, runKey1, states[4 * i] as number, states[4 * i + 2] as number);
          E2 = rng2.exponential();
        }
      }
      let segEnd = nextBoundary < epEnd ? nextBoundary : epEnd;
      if (nextDur < segEnd) segEnd = nextDur;
      if (segEnd > H1) segEnd = H1;
      const room = h * (segEnd - t);
      const mainFires = room >= E && h > 0;
      const shiftFires = hs > 0 && hs * (segEnd - t) >= E2;
      if (mainFires || shiftFires) {
        const tauMain = mainFires ? t + E / h : Infinity;
        const tauShift = shiftFires ? t + E2 / hs : Infinity;
        const shifted = tauShift < tauMain;
        const tau = shifted ? tauShift : tauMain;
        const day = Math.ceil(tau);
        if (day > H) {
          // the event falls after the last projected day
          diff[c * H2 + segStartDay]! += 1;
          diff[(nC + b) * H2 + segStartDay]! += 1;
          continue children;
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
        if (shifted) {
          // moved by the scenario: the main clock keeps what is left of its amount
          if (h > 0) E -= h * (tau - t);
          const base = sIdx * J + nC + nR;
          let u = rng2.uniform() * hs;
          let sh = 0;
          while (sh < nS - 1 && (u -= hz[base + sh] as number) >= 0) sh++;
          while ((hz[base + sh] as number) === 0 && sh > 0) sh--; // rounding: the last shift with hazard
          const to = shiftTo[sh] as number;
          tOut[m * nC + c]! += 1;
          tIn[m * nC + to]! += 1;
          c = to;
          E2 = rng2.exponential();
          t = tau;
          ep = epochOfMonth[monthOf[Math.ceil(t)] as number] as number; // the epoch now (ep may lag)
          continue;
        }
        if (hs > 0) E2 -= hs * (tau - t);
        // choose the event: the first whose cumulative hazard exceeds u (the guide table skips
        // events whose cumulative hazard is at most (g/GUIDE)·h <= u: the same event as from 0)
        const base = sIdx * J;
        const u01 = rng.uniform();
        const u = u01 * h;
        const last = (evCount[sIdx] as number) - 1;
        let k = evGuide[sIdx * GUIDE + ((u01 * GUIDE) | 0)] as number;
        while (k < last && (evCum[base + k] as number) <= u) k++;
        const j = evIdx[base + k] as number;
        if (j < nC) {
          tOut[m * nC + c]! += 1;
          tIn[m * nC + j]! += 1;
          c = j;
        } else {
          const q = j - nC;
          exits[m * nR + q]! += 1;
          // after care: from the day they leave up to the day before their 18th birthday
          const b18 = (bounds[bOff + nBound - 1] as number) - startDay;
          diff[leftBase + q * H2 + day]! += 1;
          if (b18 <= H) {
            diff[leftBase + q * H2 + b18]! -= 1;
            turning18[(rowBase + (monthOf[b18] as number)) * nR + q]! += 1;
          }
          continue children;
        }
        t = tau;
        ep = epochOfMonth[monthOf[Math.ceil(t)] as number] as number; // the epoch now (ep may lag)
        E = rng.exponential();
        continue;
      }
      if (h > 0) E -= room;
      if (hs > 0) E2 -= hs * (segEnd - t);
      t = segEnd;
      if (segEnd >= H1) {
        diff[c * H2 + segStartDay]! += 1;
        diff[(nC + b) * H2 + segStartDay]! += 1;
        continue children;
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
          agedOutByCategory[m * nC + c]! += 1;
          continue children;
        }
        b++;
      }
      if (segEnd === epEnd) ep = nextEp;
      else ep = epochOfMonth[monthOf[segEnd] as number] as number; // band changed: the epoch now
    }
  }
}

/** Daily counts from the difference arrays -> the run's month-end stocks and child-days (and leavers' days). */
function countDays(s: Sim, rowBase: number): void {
  const { nB, nC, nR, nM, H2, diff, monthEndDay } = s;
  const popCat = s.out.populationByCategory;
  const popBand = s.out.populationByAgeBand;
  const daysCat = s.out.childDaysByCategory;
  const daysLeft = s.leavers.daysUnder18ByRoute;
  for (let k = nC + nB; k < nC + nB + nR; k++) {
    const off = k * H2;
    let count = 0; // nobody has left on day 0
    let d = 1;
    for (let m = 0; m < nM; m++) {
      const end = off + (monthEndDay[m] as number);
      let days = 0;
      for (let i = off + d; i <= end; i++) {
        count += diff[i] as number;
        days += count;
      }
      daysLeft[(rowBase + m) * nR + (k - nC - nB)] = days;
      d = end - off + 1;
    }
  }
  for (let k = 0; k < nC + nB; k++) {
    const off = k * H2;
    let count = diff[off] as number; // day 0 (the start date: not counted in any month's child-days)
    let d = 1;
    for (let m = 0; m < nM; m++) {
      const end = off + (monthEndDay[m] as number);
      const row = rowBase + m;
      if (k < nC) {
        let days = 0;
        for (let i = off + d; i <= end; i++) {
          count += diff[i] as number;
          days += count;
        }
        popCat[row * nC + k] = count;
        daysCat[row * nC + k] = days;
      } else {
        for (let i = off + d; i <= end; i++) count += diff[i] as number;
        popBand[row * nB + (k - nC)] = count;
      }
      d = end - off + 1;
    }
  }
}
