/**
 * Budget monitoring: for the financial year containing a date, per line and in total, the budget,
 * actual spend to date, the forecast to 31 March, the forecast outturn with its 80% interval, the
 * variance (outturn minus budget: adverse when positive) and its split into volume, price and mix.
 * The formulas and a worked example are in docs/budget-monitoring.md; the tests check that example
 * by hand.
 *
 * Statistic: the forecast is the MEAN over the Monte Carlo runs, so lines add up to the total (a
 * mean of sums is the sum of means); the 80% interval is the 10th to 90th percentile of the runs'
 * outturns, line by line and for the total, and intervals of lines do not add up to the total's.
 *
 * Money is whole pence: the mean forecast to year end is rounded to the penny once per line; the
 * outturn is actual + that; the total is the exact sum of its lines. Volume and mix are rounded to
 * the penny; price is the rest of the variance, so the three add up to the variance exactly.
 */
import { roundPence, type Pence } from './money.ts';
import { summarise } from '../stats/quantiles.ts';

/** What one line needs for monitoring. Days are child-days (post-care lines: funded child-days, after take-up). */
export interface MonitoringInput {
  readonly line: string;
  /** Which lines share a mix: the placement categories are one group; every other line is its own. */
  readonly mixGroup: string;
  /** Whole pence; 0 when no budget is set. */
  readonly budgetPence: Pence;
  /** Child-weeks the budget assumed, or null: then it is taken to buy child-weeks at `unitWeeklyPence`. */
  readonly budgetChildWeeks: number | null;
  /** The line's weekly unit cost for the year (pence a week): the budget's price when it gives no child-weeks. */
  readonly unitWeeklyPence: number;
  readonly actualPence: Pence;
  readonly actualDays: number;
  /** Forecast from the day after the as-at date to 31 March, per Monte Carlo run (same runs for every line). */
  readonly forecastPence: ArrayLike<number>;
  readonly forecastDays: ArrayLike<number>;
}

export interface Drivers {
  readonly volume: Pence;
  readonly price: Pence;
  readonly mix: Pence;
}

export interface MonitoringLine {
  readonly line: string;
  readonly budget: Pence;
  readonly actualToDate: Pence;
  /** Mean over runs, rounded to the penny. */
  readonly forecastRemaining: Pence;
  /** actualToDate + forecastRemaining. */
  readonly forecastOutturn: Pence;
  /** 10th and 90th percentiles over runs of actual + forecast (pence, may be fractional). */
  readonly outturn80: readonly [number, number];
  /** forecastOutturn − budget: adverse (an overspend) when positive. */
  readonly variance: Pence;
  readonly previous?: { readonly asAt: string; readonly forecastOutturn: Pence };
  /** forecastOutturn − previous.forecastOutturn. */
  readonly movement?: Pence;
  readonly drivers: Drivers;
  /** The quantities behind the drivers (child-weeks and weekly costs), for the working. */
  readonly working: {
    readonly budgetChildWeeks: number;
    readonly budgetWeeklyPence: number;
    readonly outturnChildWeeks: number;
    readonly outturnWeeklyPence: number | null;
  };
}

export interface MonitoringResult {
  readonly lines: readonly MonitoringLine[];
  readonly total: MonitoringLine;
}

/** A saved period's forecast outturn per line (and `total`), to measure the movement since. */
export interface PreviousOutturns {
  readonly asAt: string;
  readonly byLine: ReadonlyMap<string, Pence>;
}

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  return xs.length === 0 ? 0 : s / xs.length;
}

/** The budget's child-weeks and weekly price: as given, or bought at the unit cost. */
export function budgetVolume(input: Pick<MonitoringInput, 'budgetPence' | 'budgetChildWeeks' | 'unitWeeklyPence'>): {
  childWeeks: number;
  weeklyPence: number;
} {
  if (input.budgetChildWeeks !== null && input.budgetChildWeeks > 0)
    return { childWeeks: input.budgetChildWeeks, weeklyPence: input.budgetPence / input.budgetChildWeeks };
  if (input.budgetChildWeeks === 0 || input.unitWeeklyPence <= 0)
    return { childWeeks: 0, weeklyPence: input.unitWeeklyPence };
  return { childWeeks: input.budgetPence / input.unitWeeklyPence, weeklyPence: input.unitWeeklyPence };
}

/**
 * Monitoring figures for each line and the total. `previous` (optional): the last saved period's
 * outturns, for the movement. Every input must have the same number of runs.
 */
export function monitorLines(inputs: readonly MonitoringInput[], previous?: PreviousOutturns): MonitoringResult {
  const runs = inputs[0]?.forecastPence.length ?? 0;
  for (const i of inputs) {
    if (i.forecastPence.length !== runs || i.forecastDays.length !== runs)
      throw new Error(`monitoring line ${i.line} has a different number of runs`);
  }
  const figures = inputs.map((i) => {
    const forecastRemaining = roundPence(mean(i.forecastPence));
    const forecastOutturn = i.actualPence + forecastRemaining;
    const outturnWeeks = (i.actualDays + mean(i.forecastDays)) / 7;
    const budget = budgetVolume(i);
    const outturns = Array.from(i.forecastPence, (f) => i.actualPence + f);
    return { input: i, forecastRemaining, forecastOutturn, outturnWeeks, budget, outturns };
  });
  // Mix groups: total child-weeks (outturn and budget) of each group.
  const groups = new Map<string, { q: number; qb: number }>();
  for (const f of figures) {
    const g = groups.get(f.input.mixGroup) ?? { q: 0, qb: 0 };
    g.q += f.outturnWeeks;
    g.qb += f.budget.childWeeks;
    groups.set(f.input.mixGroup, g);
  }
  const lines: MonitoringLine[] = figures.map((f) => {
    const g = groups.get(f.input.mixGroup) as { q: number; qb: number };
    const variance = f.forecastOutturn - f.input.budgetPence;
    const pb = f.budget.weeklyPence;
    // Budget mix share of the line; with no budgeted child-weeks in the group, no mix.
    const share = g.qb > 0 ? f.budget.childWeeks / g.qb : null;
    const volume =
      share === null ? roundPence((f.outturnWeeks - f.budget.childWeeks) * pb) : roundPence((g.q - g.qb) * share * pb);
    const mix = share === null ? 0 : roundPence((f.outturnWeeks - g.q * share) * pb);
    const price = variance - volume - mix;
    const q = summarise(f.outturns);
    const prev = previous?.byLine.get(f.input.line);
    return {
      line: f.input.line,
      budget: f.input.budgetPence,
      actualToDate: f.input.actualPence,
      forecastRemaining: f.forecastRemaining,
      forecastOutturn: f.forecastOutturn,
      outturn80: [q.p10, q.p90] as const,
      variance,
      ...(previous && prev !== undefined
        ? { previous: { asAt: previous.asAt, forecastOutturn: prev }, movement: f.forecastOutturn - prev }
        : {}),
      drivers: { volume, price, mix },
      working: {
        budgetChildWeeks: f.budget.childWeeks,
        budgetWeeklyPence: pb,
        outturnChildWeeks: f.outturnWeeks,
        outturnWeeklyPence: f.outturnWeeks > 0 ? f.forecastOutturn / f.outturnWeeks : null,
      },
    };
  });
  const sum = (pick: (l: MonitoringLine) => number) => lines.reduce((s, l) => s + pick(l), 0);
  const totalRuns = Array.from({ length: runs }, (_, r) => figures.reduce((s, f) => s + (f.outturns[r] as number), 0));
  const tq = summarise(totalRuns);
  const totalOutturn = sum((l) => l.forecastOutturn);
  const prevTotal = previous?.byLine.get('total');
  const budgetWeeks = figures.reduce((s, f) => s + f.budget.childWeeks, 0);
  const outturnWeeks = figures.reduce((s, f) => s + f.outturnWeeks, 0);
  const total: MonitoringLine = {
    line: 'total',
    budget: sum((l) => l.budget),
    actualToDate: sum((l) => l.actualToDate),
    forecastRemaining: sum((l) => l.forecastRemaining),
    forecastOutturn: totalOutturn,
    outturn80: [tq.p10, tq.p90],
    variance: sum((l) => l.variance),
    ...(previous && prevTotal !== undefined
      ? { previous: { asAt: previous.asAt, forecastOutturn: prevTotal }, movement: totalOutturn - prevTotal }
      : {}),
    drivers: {
      volume: sum((l) => l.drivers.volume),
      price: sum((l) => l.drivers.price),
      mix: sum((l) => l.drivers.mix),
    },
    working: {
      budgetChildWeeks: budgetWeeks,
      budgetWeeklyPence: budgetWeeks > 0 ? sum((l) => l.budget) / budgetWeeks : 0,
      outturnChildWeeks: outturnWeeks,
      outturnWeeklyPence: outturnWeeks > 0 ? totalOutturn / outturnWeeks : null,
    },
  };
  return { lines, total };
}

/** The monitoring period of a date: P1 = April ... P12 = March. */
export function monitoringPeriod(date: string): number {
  const m = Number(date.slice(5, 7));
  return m >= 4 ? m - 3 : m + 9;
}
