/**
 * The entry model's level-shift (step) search (src/domain/engine/trend.ts): beside the line, a
 * model with a level and a slope before and after a change month (chosen by likelihood) is fitted
 * to the monthly entries, and used when its fall in scaled deviance beats penalty·log(months).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDayNumber } from '../../src/domain/dates.ts';
import type { PeriodOfCare } from '../../src/domain/engine/periods.ts';
import {
  drawTrend,
  fitEntryTrend,
  trendDesign,
  trendEstimate,
  trendMultiplierAt,
  type EntryTrend,
} from '../../src/domain/engine/trend.ts';
import { poisson, RunStream } from '../../src/domain/stats/random.ts';

/** 60 months, April 2019 to March 2024. */
const FIRST = 2019 * 12 + 3;
const MONTHS = 60;
const END_DAY = toDayNumber('2024-03-31');
/** The 24-month reference window starts on 1 April 2022. */
const REFERENCE_START = END_DAY - 730;

function dayOfMonth(monthIndex: number): number {
  const y = Math.floor(monthIndex / 12);
  const m = (monthIndex % 12) + 1;
  return toDayNumber(`${y}-${String(m).padStart(2, '0')}-01`);
}

/** Periods of care starting in each month, as many as counts[i] in month i. */
function periodsOf(counts: readonly number[]): PeriodOfCare[] {
  const periods: PeriodOfCare[] = [];
  counts.forEach((k, i) => {
    for (let j = 0; j < k; j++) periods.push({ start: dayOfMonth(FIRST + i) + (j % 28) } as PeriodOfCare);
  });
  return periods;
}

function fit(counts: readonly number[], stepPenalty: number | null = 3): EntryTrend {
  return fitEntryTrend(periodsOf(counts), {
    endDay: END_DAY,
    months: MONTHS,
    coverageDay: null,
    referenceStartDay: REFERENCE_START,
    stepPenalty,
  });
}

/** Poisson counts with mean mu(i) in month i (fixed seed). */
function poissonCounts(mu: (i: number) => number, seed: number): number[] {
  const rng = new RunStream(seed, 0);
  return Array.from({ length: MONTHS }, (_, i) => poisson(rng, mu(i)));
}

/** The entry multiplier of the estimate in the months after the start (the month mid-days given). */
function multipliers(trend: EntryTrend, months: number): number[] {
  const mids = Array.from({ length: months }, (_, h) => END_DAY + 15 + h * 30.44);
  const design = trendDesign(trend, mids, REFERENCE_START);
  return mids.map((_, i) => trendMultiplierAt(design, trendEstimate(trend), i));
}

test('an exact step from 100 to 150 entries a month is found, and the forecast starts from 150', () => {
  // 36 months at 100 (April 2019 to March 2022), then 24 at 150. The step model fits every month
  // exactly (deviance 0), so it is used; the month after the step is April 2022; before and after
  // it the fitted levels are 100 and 150 (+50%) with no slope on either side.
  const counts = Array.from({ length: MONTHS }, (_, i) => (i < 36 ? 100 : 150));
  const t = fit(counts);
  assert.ok(t.step !== null);
  assert.equal(t.step.used, true);
  assert.equal(t.step.month, '2022-04');
  assert.equal(t.step.monthsAfter, 24);
  assert.ok(Math.abs(t.step.levelBefore - 100) < 1e-6, `${t.step.levelBefore}`);
  assert.ok(Math.abs(t.step.levelAfter - 150) < 1e-6, `${t.step.levelAfter}`);
  assert.ok(Math.abs(t.step.percent - 50) < 1e-6);
  // The reference window's whole months (May 2022 to March 2024) average 150: the post-step level
  // over that average is 1, its log 0, and the slope after the step is 0, so every month of the
  // forecast has multiplier 1 (the reference window's entry rates).
  assert.ok(Math.abs(t.coef[0] as number) < 1e-6, `level ${t.coef[0]}`);
  assert.ok(Math.abs(t.coef[1] as number) < 1e-9, `slope ${t.coef[1]}`);
  assert.ok(Math.abs(t.percentPerYear) < 1e-6);
  for (const m of multipliers(t, 24)) assert.ok(Math.abs(m - 1) < 1e-6, `multiplier ${m}`);
  // The line alone reads the step as a rise (about 9% a year) and carries it on from the
  // reference window's middle: 12 months on at the start and more after it.
  const line = fit(counts, null);
  assert.equal(line.step, null);
  assert.ok(line.percentPerYear > 5, `${line.percentPerYear}% a year`);
  const lineMultipliers = multipliers(line, 24);
  assert.ok((lineMultipliers[0] as number) > 1.05 && (lineMultipliers[23] as number) > (lineMultipliers[0] as number));
});

test('a Poisson step from 40 to 60 entries a month is found near its month', () => {
  // 36 months at 40, then 24 at 60 (+50%), drawn. Standard error of the log-level after the step
  // about 1/√(60·24) ≈ 0.026 and before 1/√(40·36) ≈ 0.026: the step is about 11 of them.
  const t = fit(poissonCounts((i) => (i < 36 ? 40 : 60), 7));
  assert.ok(t.step?.used === true, `evidence ${t.step?.evidence}`);
  const months = (key: string): number => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
  assert.ok(Math.abs(months(t.step.month) - (FIRST + 36)) <= 2, t.step.month);
  assert.ok(Math.abs(t.step.levelAfter / 60 - 1) < 0.1, `${t.step.levelAfter}`);
  assert.ok(Math.abs(t.step.levelBefore / 40 - 1) < 0.1, `${t.step.levelBefore}`);
  // The forecast's level: the post-step level over the reference window's average, near 1.
  assert.ok(Math.abs(Math.exp(t.coef[0] as number) - 1) < 0.1, `level ${t.coef[0]}`);
  // Its uncertainty is drawn with the slope's: four normals, the level's variance about 1/(60·24).
  assert.ok((t.cov[0] as number) > 0.3 / (60 * 24) && (t.cov[0] as number) < 3 / (60 * 24), `${t.cov[0]}`);
  const rng = new RunStream(1, 0);
  const levels = Array.from({ length: 2000 }, () => drawTrend(t, rng).level);
  const meanLevel = levels.reduce((a, b) => a + b, 0) / levels.length;
  const sd = Math.sqrt(levels.reduce((a, b) => a + (b - meanLevel) ** 2, 0) / levels.length);
  assert.ok(Math.abs(sd / Math.sqrt(t.cov[0] as number) - 1) < 0.1, `sd ${sd}`);
  // Forecast flat after the step (stepFlatAfter): the same level, the slope and its variance 0.
  const flat = fitEntryTrend(periodsOf(poissonCounts((i) => (i < 36 ? 40 : 60), 7)), {
    endDay: END_DAY,
    months: MONTHS,
    coverageDay: null,
    referenceStartDay: REFERENCE_START,
    stepPenalty: 3,
    stepFlatAfter: true,
  });
  assert.equal(flat.coef[0], t.coef[0]);
  assert.equal(Math.abs(flat.coef[1] as number), 0);
  assert.equal(flat.cov[5], 0);
});

test('a steady trend and a flat series are not read as steps', () => {
  // Steady +5% and +10% a year and flat, 30 entries a month, five draws each: the best step's
  // fall in deviance stays below the penalty 3·log(60) ≈ 12.3, the line is kept (level 0) and the
  // draws take three normals, as without the search.
  for (const perYear of [0, 0.05, 0.1, -0.1]) {
    const slope = Math.log(1 + perYear) / 12;
    for (let seed = 1; seed <= 5; seed++) {
      const counts = poissonCounts((i) => 30 * Math.exp(slope * (i - 30)), seed);
      const t = fit(counts);
      assert.ok(t.step !== null && !t.step.used, `${perYear} seed ${seed}: evidence ${t.step?.evidence}`);
      assert.equal(trendEstimate(t).level, 0);
      const line = fit(counts, null);
      assert.deepEqual(t.coef, line.coef);
      assert.deepEqual(t.cov, line.cov);
      const a = new RunStream(seed, 1);
      const b = new RunStream(seed, 1);
      assert.deepEqual(drawTrend(t, a), drawTrend(line, b));
    }
  }
});
