/**
 * The synthetic council: children arrive as a Poisson process whose rate grows mildly each year,
 * each child's time in care is simulated by exact days (./children.ts), and the result is cut into
 * annual SSDA903 returns (./returns.ts), with the care leavers' OC3 tables (./careLeavers.ts).
 * Pure: the seed and the last collection year are passed in (the domain never reads the clock),
 * and the same options give the same returns byte for byte.
 *
 * Size. The arrival rate is set so that about `childrenInCare` children are looked after on the
 * 31 March of the middle returned year (so it is close to that in every year, growing mildly). By Little's law the stock is the arrival rate times the
 * mean time in care per arrival (short breaks excluded); with the rate growing at g a year, each
 * day in care `s` days after arrival is weighted by (1+g)^(-s/365.25). That mean is measured once
 * by simulating a fixed-seed pilot cohort through the same model (module cache, deterministic).
 *
 * Warm-up. Simulation starts `warmUpYears` (default 18: a child can be in care from birth to 18)
 * before the first returned year, so the first return holds a realistic open population.
 *
 * Cost: linear in the number of children and episodes; no step compares children with each other.
 */
import { collectionYearEnd, collectionYearStart, dayOf } from './calendar.ts';
import { ChildSimulator } from './children.ts';
import { PlacementWorld } from './placements.ts';
import { Rng } from './random.ts';
import { ReturnsBuilder, type CollectionYearReturn } from './returns.ts';

export type CouncilSize = 'small' | 'medium' | 'large';

/** Children looked after at any one time, by size (a large English council has about 2,500). */
export const COUNCIL_SIZES: Readonly<Record<CouncilSize, number>> = { small: 250, medium: 800, large: 2500 };

export interface SimulateCouncilOptions {
  readonly seed: number;
  /** Number of collection years returned, ending with `endYear`. */
  readonly years: number;
  /** Last collection year returned, named by the March it ends in (2024 = 2023/24). */
  readonly endYear: number;
  /** One of the standard sizes; ignored when `childrenInCare` is given. */
  readonly size?: CouncilSize;
  /** Children looked after on 31 March of the middle returned year (custom scale, e.g. national). */
  readonly childrenInCare?: number;
  /** Annual growth of entries into care (default 0.01: mild growth). */
  readonly annualGrowth?: number;
  /** Years simulated before the first returned year (default 18). */
  readonly warmUpYears?: number;
  /**
   * A step change in entries (a policy change, a new front door, a surge): from 1 April of
   * `collectionYear` (named by the March it ends in) the arrival rate is multiplied by `factor`.
   * The size calibration ignores it, so the stock drifts towards its new level after the step.
   */
  readonly entryStep?: { readonly collectionYear: number; readonly factor: number };
}

export interface SimulatedCouncil {
  readonly returns: CollectionYearReturn[];
  /** Target of children looked after on 31 March of the middle returned year. */
  readonly childrenInCare: number;
  /** Children simulated, warm-up included (most never appear in a return). */
  readonly simulatedChildren: number;
}

const DAYS_PER_YEAR = 365.25;
const PILOT_SEED = 0x5eed903;
const PILOT_CHILDREN = 20_000;
/** Mixed into the council's seed so the care leavers' OC3 rows have their own stream of draws. */
const CARE_LEAVER_STREAM = 0x0c3_1ea7;
const pilotCache = new Map<number, number>();

/**
 * Mean looked-after days per arriving child (short breaks excluded), each day weighted by
 * (1 + growth)^(-days since arrival / 365.25). Measured on a fixed-seed pilot cohort arriving on
 * one day and followed to the end of care. Memoised per growth rate.
 */
export function meanWeightedDaysInCare(growth: number): number {
  const cached = pilotCache.get(growth);
  if (cached !== undefined) return cached;
  const rng = Rng.seeded(PILOT_SEED);
  const arrival = dayOf(2012, 6, 1);
  const world = new PlacementWorld(rng, 1000);
  const sim = new ChildSimulator(rng, world, Number.POSITIVE_INFINITY);
  const r = Math.log(1 + growth) / DAYS_PER_YEAR;
  let total = 0;
  for (let i = 0; i < PILOT_CHILDREN; i += 1) {
    const child = sim.child('pilot', arrival);
    for (const ep of child.episodes) {
      if (ep.ls === 'V3' || ep.ls === 'V4' || ep.end === null) continue;
      const a = ep.start - arrival;
      const b = ep.end - arrival;
      total += r === 0 ? b - a : (Math.exp(-r * a) - Math.exp(-r * b)) / r;
    }
  }
  const mean = total / PILOT_CHILDREN;
  pilotCache.set(growth, mean);
  return mean;
}

/** Child ids: six or more digits, stable across years (a council's own numbering). */
function childId(index: number): string {
  return String(100_000 + index);
}

/** Simulates the council and cuts it into annual returns. See the module comment. */
export function simulateCouncil(options: SimulateCouncilOptions): SimulatedCouncil {
  const { seed, years, endYear } = options;
  if (!Number.isInteger(years) || years < 1)
    throw new RangeError(`years must be a whole number of at least 1, not ${years}`);
  if (!Number.isInteger(endYear) || endYear < 1950 || endYear > 2090)
    throw new RangeError(`endYear must be a year, not ${endYear}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be a whole number, not ${seed}`);
  const target = options.childrenInCare ?? COUNCIL_SIZES[options.size ?? 'medium'];
  if (!(target > 0)) throw new RangeError(`childrenInCare must be positive, not ${target}`);
  const growth = options.annualGrowth ?? 0.01;
  const warmUpYears = options.warmUpYears ?? 18;
  const step = options.entryStep;
  if (step && !(Number.isInteger(step.collectionYear) && step.factor > 0 && Number.isFinite(step.factor)))
    throw new RangeError(
      `entryStep needs a collection year and a positive factor, not ${step.collectionYear} and ${step.factor}`,
    );
  const stepDay = step ? collectionYearStart(step.collectionYear) : Number.POSITIVE_INFINITY;
  const firstYear = endYear - years + 1;

  const rng = Rng.seeded(seed);
  const world = new PlacementWorld(rng, target);
  const horizon = collectionYearEnd(endYear);
  const sim = new ChildSimulator(rng, world, horizon);
  const anchor = collectionYearEnd(endYear - Math.floor(years / 2));
  const ratePerDay = target / meanWeightedDaysInCare(growth);
  const r = Math.log(1 + growth) / DAYS_PER_YEAR;

  // The OC3 rows draw from their own stream: the episodes and UASC rows are as they were without
  // them, and the header only gains the care leavers' rows.
  const builder = new ReturnsBuilder(firstYear, endYear, Rng.seeded((seed ^ CARE_LEAVER_STREAM) | 0));
  let count = 0;
  let t = collectionYearStart(firstYear) - Math.round(warmUpYears * DAYS_PER_YEAR);
  for (;;) {
    // The rate changes by about 0.004% a day, so using the rate at the last arrival is exact enough.
    const stepFactor = t >= stepDay ? (step?.factor ?? 1) : 1;
    const next = t + rng.exponential(1 / (ratePerDay * stepFactor * Math.exp(r * (t - anchor))));
    // Across the step the waiting time restarts at the step day with the new rate (exact: arrivals
    // are memoryless). Without a step this branch never runs, so the draws are as before.
    if (t < stepDay && next >= stepDay) {
      t = stepDay;
      continue;
    }
    t = next;
    const day = Math.floor(t);
    if (day > horizon) break;
    builder.add(sim.child(childId(count), day));
    count += 1;
  }
  return { returns: builder.finish(), childrenInCare: target, simulatedChildren: count };
}

/**
 * The latest complete collection year on `today` (ISO date): the year ending on the last 31 March
 * strictly before today. On 23 November 2026 that is 2026 (1 April 2025 - 31 March 2026).
 */
export function latestCompleteCollectionYear(today: string): number {
  const y = Number(today.slice(0, 4));
  const md = today.slice(5, 10);
  return md > '03-31' ? y : y - 1;
}
