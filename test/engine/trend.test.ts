/**
 * The entry trend (src/domain/engine/trend.ts), the default entry model: a Poisson regression of
 * monthly entries on [1, t, sin, cos] by IRLS, the seasonal pair kept only when significant, the
 * slope shrunk by empirical Bayes, and drawn from its covariance by Cholesky.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDayNumber } from '../../src/domain/dates.ts';
import type { PeriodOfCare } from '../../src/domain/engine/periods.ts';
import {
  drawTrend,
  fitEntryTrend,
  invertSpd,
  shrinkSlope,
  tOfDay,
  type EntryTrend,
} from '../../src/domain/engine/trend.ts';
import { poisson, RunStream, type UniformSource } from '../../src/domain/stats/random.ts';

const FIRST_YEAR = 2014;
const MONTHS = 120; // April 2014 to March 2024

function dayOfMonth(monthIndex: number): number {
  const y = Math.floor(monthIndex / 12);
  const m = (monthIndex % 12) + 1;
  return toDayNumber(`${y}-${String(m).padStart(2, '0')}-01`);
}

/**
 * Entries drawn month by month from Poisson(exp(a + slope·(t − t̄) + s·sin(2π·m/12) + c·cos(2π·m/12))),
 * t in months at each month's middle (as the fit counts them), m the month of the year (January 0).
 */
function generated(
  a: number,
  slope: number,
  s: number,
  c: number,
  seed: number,
): { periods: PeriodOfCare[]; endDay: number } {
  const first = FIRST_YEAR * 12 + 3;
  const ts = Array.from({ length: MONTHS }, (_, i) => tOfDay((dayOfMonth(first + i) + dayOfMonth(first + i + 1)) / 2));
  const tMean = ts.reduce((x, y) => x + y, 0) / MONTHS;
  const rng = new RunStream(seed, 0);
  const periods: PeriodOfCare[] = [];
  for (let i = 0; i < MONTHS; i++) {
    const mi = first + i;
    const angle = (2 * Math.PI * (mi % 12)) / 12;
    const mu = Math.exp(a + slope * ((ts[i] as number) - tMean) + s * Math.sin(angle) + c * Math.cos(angle));
    const k = poisson(rng, mu);
    for (let j = 0; j < k; j++) periods.push({ start: dayOfMonth(mi) + (j % 28) } as PeriodOfCare);
  }
  return { periods, endDay: dayOfMonth(first + MONTHS) - 1 };
}

function fit(periods: readonly PeriodOfCare[], endDay: number): EntryTrend {
  return fitEntryTrend(periods, { endDay, months: MONTHS, coverageDay: null, referenceStartDay: endDay - 730 });
}

test('recovers a known slope and seasonality from generated Poisson entries', () => {
  // 200 entries a month, +0.5% a month (6.2% a year), a season of amplitude about 0.22.
  const slope = 0.005;
  const s = 0.2;
  const c = -0.1;
  const { periods, endDay } = generated(Math.log(200), slope, s, c, 11);
  const t = fit(periods, endDay);
  assert.equal(t.monthKeys.length, 120);
  assert.equal(t.monthKeys[0], '2014-04');
  assert.equal(t.monthKeys[119], '2024-03');
  assert.equal(
    t.monthlyEntries.reduce((x, y) => x + y, 0),
    periods.length,
  );
  assert.equal(t.seasonal, true);
  // Standard errors from the Fisher information at 200 a month over 120 months: slope
  // 1/√(200·Σ(t − t̄)²) = 1/√(200·120·(120² − 1)/12) ≈ 1.9e-4; each seasonal term 1/√(200·60) ≈ 0.009.
  // Each estimate must be within about 4 of them.
  const seSlope = Math.sqrt(t.cov[5] as number);
  assert.ok(seSlope > 1e-4 && seSlope < 3e-4, `se of slope ${seSlope}`);
  assert.ok(Math.abs((t.coef[1] as number) - slope) < 4 * 1.9e-4, `slope ${t.coef[1]}`);
  assert.ok(Math.abs((t.coef[2] as number) - s) < 0.04, `sine ${t.coef[2]}`);
  assert.ok(Math.abs((t.coef[3] as number) - c) < 0.04, `cosine ${t.coef[3]}`);
  assert.ok(Math.abs((t.coef[0] as number) - Math.log(200)) < 0.03, `intercept ${t.coef[0]}`);
  // A slope 30 standard errors from 0 is hardly shrunk: factor 1 − se²/b² ≈ 0.999.
  assert.ok(t.slopeShrinkage > 0.99 && t.slopeShrinkage <= 1);
  assert.ok(Math.abs(t.percentPerYear - (Math.exp(12 * slope) - 1) * 100) < 0.6, `${t.percentPerYear}%/year`);
  // Poisson data: Pearson dispersion near 1 (and never below it).
  assert.ok(t.dispersionTrend >= 1 && t.dispersionTrend < 1.4);
  assert.equal(t.warning, null);
});

test('no season and no slope: seasonal terms dropped, slope shrunk to 0', () => {
  // 50 entries every month: the fitted slope is 0 (to rounding), no larger than its standard error,
  // so the empirical-Bayes factor is 0; the seasonal pair's Wald statistic is 0 < 5.99.
  const first = FIRST_YEAR * 12 + 3;
  const periods: PeriodOfCare[] = [];
  for (let i = 0; i < MONTHS; i++)
    for (let j = 0; j < 50; j++) periods.push({ start: dayOfMonth(first + i) + (j % 28) } as PeriodOfCare);
  const t = fit(periods, dayOfMonth(first + MONTHS) - 1);
  assert.equal(t.seasonal, false);
  assert.deepEqual([t.coef[2], t.coef[3]], [0, 0]);
  assert.equal(t.slopeShrinkage, 0);
  assert.equal(t.coef[1], 0);
  assert.equal(t.percentPerYear, 0);
  assert.ok(Math.abs((t.coef[0] as number) - Math.log(50)) < 1e-9);
  assert.equal(t.dispersionTrend, 1); // Pearson chi-square 0, floored at 1
});

test('shrinkage: a slope the data barely support is multiplied by 1 − se²/b², its variance likewise', () => {
  // A weak slope (0.05% a month at 30 a month): the estimate b is a few standard errors from 0.
  const { periods, endDay } = generated(Math.log(30), 0.0015, 0, 0, 5);
  const t = fit(periods, endDay);
  const k = t.slopeShrinkage;
  assert.ok(k > 0 && k < 1, `factor ${k}`);
  // The fit reports b·k and se²·k. Undoing them: b = coef/k and se² = var/k, so
  // k = 1 − se²/b² = 1 − (var/k)/(coef/k)² means coef²·(1 − k) = var·k.
  const shrunk = t.coef[1] as number;
  const variance = t.cov[5] as number;
  assert.ok(Math.abs(shrunk * shrunk * (1 - k) - variance * k) < 1e-15, `${shrunk} ${variance} ${k}`);
  assert.ok(Math.abs(t.percentPerYear - (Math.exp(12 * shrunk) - 1) * 100) < 1e-9);
});

test('shrinkage weight c: factor 1 − c·se²/b²; weight 0 keeps the fitted slope, weight 1 is the default', () => {
  const { periods, endDay } = generated(Math.log(30), 0.0015, 0, 0, 5);
  const window = { endDay, months: MONTHS, coverageDay: null, referenceStartDay: endDay - 730 };
  const raw = fitEntryTrend(periods, { ...window, shrinkageWeight: 0 });
  assert.equal(raw.slopeShrinkage, 1);
  const b = raw.coef[1] as number;
  const se2 = raw.cov[5] as number;
  const half = fitEntryTrend(periods, { ...window, shrinkageWeight: 0.5 });
  const k = 1 - (0.5 * se2) / (b * b);
  assert.ok(Math.abs(half.slopeShrinkage - k) < 1e-12, `${half.slopeShrinkage} against ${k}`);
  assert.ok(Math.abs((half.coef[1] as number) - b * k) < 1e-15);
  assert.deepEqual(fitEntryTrend(periods, { ...window, shrinkageWeight: 1 }), fit(periods, endDay));
});

test('shrinkSlope by hand: b = 0.02 a month, se = 0.01: factor 0.75 at weight 1, the slope whole at weight 0', () => {
  // cov[5] = se² = 1e-4; weight 1: factor 1 − 1e-4 / 4e-4 = 0.75, the slope's variance times 0.75 too.
  const cov = (): number[] => Array.from({ length: 16 }, (_, k) => (k === 5 ? 1e-4 : 0));
  const shrunk = cov();
  assert.deepEqual(shrinkSlope(0.02, shrunk, 1), { slope: 0.015, shrink: 0.75 });
  assert.ok(Math.abs((shrunk[5] as number) - 0.75e-4) < 1e-18);
  assert.deepEqual(shrinkSlope(0.02, cov(), 0), { slope: 0.02, shrink: 1 });
  // |b| <= se: the slope is dropped.
  assert.deepEqual(shrinkSlope(0.01, cov(), 1), { slope: 0, shrink: 0 });
});

test('too little history: no trend fitted, with a warning', () => {
  const { periods, endDay } = generated(Math.log(200), 0.005, 0, 0, 3);
  const t = fitEntryTrend(periods, { endDay, months: 11, coverageDay: null, referenceStartDay: endDay - 300 });
  assert.equal(t.monthKeys.length, 11);
  assert.deepEqual(t.coef.slice(1), [0, 0, 0]);
  assert.match(t.warning ?? '', /11 month\(s\).*needs 12/);
});

test('Cholesky inverse of a 3x3 matrix, by hand', () => {
  // A = [[4,2,2],[2,5,3],[2,3,6]] = L·Lᵀ with L = [[2,0,0],[1,2,0],[1,1,2]].
  // det A = 4(30 − 9) − 2(12 − 6) + 2(6 − 10) = 64; the adjugate gives
  // A⁻¹ = (1/64)·[[21,−6,−4],[−6,20,−8],[−4,−8,16]].
  const inv = invertSpd(Float64Array.from([4, 2, 2, 2, 5, 3, 2, 3, 6]), 3);
  assert.ok(inv);
  const expected = [21, -6, -4, -6, 20, -8, -4, -8, 16].map((x) => x / 64);
  for (let i = 0; i < 9; i++) assert.ok(Math.abs((inv[i] as number) - (expected[i] as number)) < 1e-15, `entry ${i}`);
  // Not positive definite: null.
  assert.equal(invertSpd(Float64Array.from([1, 2, 2, 1]), 2), null);
});

test('drawTrend draws coefficients as the estimate plus L·z, L the Cholesky factor of the covariance', () => {
  // Covariance of (slope, sin, cos) = 1e-6·[[4,2,2],[2,5,3],[2,3,6]], so L = 1e-3·[[2,0,0],[1,2,0],[1,1,2]].
  const cov = new Array<number>(16).fill(0);
  const block = [4, 2, 2, 2, 5, 3, 2, 3, 6];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) cov[(i + 1) * 4 + j + 1] = (block[i * 3 + j] as number) * 1e-6;
  const trend = { coef: [1, 0.01, 0.2, -0.1], cov } as unknown as EntryTrend;
  // Box-Muller z = √(−2 ln u)·cos(2πv): u = e^(−1/2) and v = 1/2 give z = −1; v = 1/4 gives z = 0 (to 1e-16).
  const source = (vs: number[]): UniformSource => {
    const us = vs.flatMap((v) => [Math.exp(-0.5), v]);
    let i = 0;
    return { uniform: () => us[i++] as number };
  };
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-15, `${a} vs ${b}`);
  // z = (−1, 0, 0): minus L's first column.
  let d = drawTrend(trend, source([0.5, 0.25, 0.25]));
  close(d.slope, 0.01 - 0.002);
  close(d.sin, 0.2 - 0.001);
  close(d.cos, -0.1 - 0.001);
  // z = (0, −1, 0): minus the second column (0, 2, 1)·1e-3.
  d = drawTrend(trend, source([0.25, 0.5, 0.25]));
  close(d.slope, 0.01);
  close(d.sin, 0.2 - 0.002);
  close(d.cos, -0.1 - 0.001);
  // z = (0, 0, −1): minus the third column (0, 0, 2)·1e-3.
  d = drawTrend(trend, source([0.25, 0.25, 0.5]));
  close(d.slope, 0.01);
  close(d.sin, 0.2);
  close(d.cos, -0.1 - 0.002);
});
