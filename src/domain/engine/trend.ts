/**
 * Entry trend and seasonality: a Poisson regression (log link, fitted by iteratively reweighted
 * least squares) of monthly counts of children entering care on
 * [1, t, sin(2π·month/12), cos(2π·month/12)], t in months. Fitted over a longer window than the
 * rates (default 60 months, clipped to the data). Its uncertainty is the inverse Fisher information
 * scaled by the Pearson dispersion. The seasonal pair is kept only if significant (Wald test at 5%),
 * and the slope is shrunk towards 0 by empirical Bayes (factor 1 − se²/b², 0 when |b| <= se). The projection uses it as a multiplier on the flat entry rates,
 * relative to the reference window, with the trend damped beyond the start (φ = 0.97 a month) so a
 * slope is not extrapolated for ten years.
 */
import { fromDayNumber, toDayNumber, type IsoDate } from '../dates.ts';
import type { UniformSource } from '../stats/random.ts';
import { normal } from '../stats/random.ts';
import type { PeriodOfCare } from './periods.ts';

export const TREND_DAMPING_PER_MONTH = 0.97;
const DAYS_PER_MONTH = 365.2425 / 12;

export interface EntryTrend {
  /** Calendar months fitted (YYYY-MM) and the entries counted in each. */
  readonly monthKeys: readonly string[];
  readonly monthlyEntries: readonly number[];
  /** Coefficients [intercept, slope per month, sine, cosine]; slope and season 0 when not fitted. */
  readonly coef: readonly number[];
  /** Covariance of coef (row-major 4x4), dispersion included; zeros when not fitted. */
  readonly cov: readonly number[];
  /** Months (t) of the forecast start and of the middle of the reference window. */
  readonly tStart: number;
  readonly tReferenceMid: number;
  /** Pearson dispersion of monthly entries in the reference window around their mean (>= 1). */
  readonly dispersionFlat: number;
  /** Pearson dispersion around the fitted trend and season (>= 1). */
  readonly dispersionTrend: number;
  /** Slope (after shrinkage) as a percentage change per year, for the report. */
  readonly percentPerYear: number;
  /** Factor (0-1) the fitted slope was multiplied by (empirical-Bayes shrinkage towards no trend). */
  readonly slopeShrinkage: number;
  /** Whether the seasonal terms were significant and kept. */
  readonly seasonal: boolean;
  readonly warning: string | null;
}

interface TrendWindow {
  readonly endDay: number;
  readonly months: number;
  readonly coverageDay: number | null;
  readonly referenceStartDay: number;
  /**
   * Weight c of the slope's shrinkage: factor 1 − c·se²/b² (0 when that is negative). 1 (the
   * default) is the empirical-Bayes factor; 0 keeps the fitted slope. For the accuracy study.
   */
  readonly shrinkageWeight?: number;
}

function monthIndexOfDay(day: number): number {
  const iso = fromDayNumber(day);
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

function firstDayOfMonthIndex(mi: number): number {
  const y = Math.floor(mi / 12);
  const m = (mi % 12) + 1;
  return toDayNumber(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`);
}

/** t (months, continuous) of a day number. */
export function tOfDay(day: number): number {
  return day / DAYS_PER_MONTH;
}

/** The inverse of a symmetric positive definite n x n matrix (row-major) by Cholesky. Null if singular. */
export function invertSpd(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] as number) * (l[j * n + k] as number);
      if (i === j) {
        if (!(s > 1e-12)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else l[i * n + j] = s / (l[j * n + j] as number);
    }
  }
  const inv = new Float64Array(n * n);
  for (let col = 0; col < n; col++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) s -= (l[i * n + k] as number) * (y[k] as number);
      y[i] = s / (l[i * n + i] as number);
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i] as number;
      for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (inv[k * n + col] as number);
      inv[i * n + col] = s / (l[i * n + i] as number);
    }
  }
  return inv;
}

/** Entries counted by calendar month over the trend window, with each month's key, mid-point and month of the year. */
interface MonthlyEntries {
  readonly firstMonth: number;
  readonly n: number;
  readonly counts: Float64Array;
  readonly monthKeys: string[];
  /** Time (tOfDay) of each month's mid-point. */
  readonly ts: number[];
  /** Month of the year, 0-11. */
  readonly moy: number[];
}

/** Whole calendar months inside [max(coverage, end - months), end], and the entries in each. */
function monthlyEntries(periods: readonly PeriodOfCare[], w: TrendWindow): MonthlyEntries {
  const lastMonth = monthIndexOfDay(w.endDay + 1) - 1; // the last month fully before or ending on endDay
  let firstMonth = lastMonth - w.months + 1;
  if (w.coverageDay !== null) {
    const covMonth = monthIndexOfDay(w.coverageDay);
    const cov = firstDayOfMonthIndex(covMonth) === w.coverageDay ? covMonth : covMonth + 1;
    firstMonth = Math.max(firstMonth, cov);
  }
  const n = Math.max(0, lastMonth - firstMonth + 1);
  const counts = new Float64Array(n);
  if (n > 0) {
    const from = firstDayOfMonthIndex(firstMonth);
    const to = firstDayOfMonthIndex(lastMonth + 1);
    for (const p of periods) {
      if (p.start >= from && p.start < to) counts[monthIndexOfDay(p.start) - firstMonth]! += 1;
    }
  }
  const monthKeys: string[] = [];
  const ts: number[] = [];
  const moy: number[] = [];
  for (let i = 0; i < n; i++) {
    const mi = firstMonth + i;
    monthKeys.push(`${String(Math.floor(mi / 12)).padStart(4, '0')}-${String((mi % 12) + 1).padStart(2, '0')}`);
    const mid = (firstDayOfMonthIndex(mi) + firstDayOfMonthIndex(mi + 1)) / 2;
    ts.push(tOfDay(mid));
    moy.push(mi % 12);
  }
  return { firstMonth, n, counts, monthKeys, ts, moy };
}

/** The design matrix (n × p, row-major): intercept, centred time, and with p = 4 the seasonal sine and cosine. */
function trendDesignMatrix(m: MonthlyEntries, p: number): Float64Array {
  const { n, ts, moy } = m;
  const tMean = ts.reduce((a, b) => a + b, 0) / n;
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    X[i * p] = 1;
    X[i * p + 1] = (ts[i] as number) - tMean;
    if (p === 4) {
      X[i * p + 2] = Math.sin((2 * Math.PI * (moy[i] as number)) / 12);
      X[i * p + 3] = Math.cos((2 * Math.PI * (moy[i] as number)) / 12);
    }
  }
  return X;
}

/** Seasonality is kept only when it is significant (Wald test of the sine and cosine, chi-square 2 df at 5%: 5.99). */
function seasonalitySignificant(fit: PoissonFit): boolean {
  const d = fit.dispersion;
  const a = (fit.inv[10] as number) * d;
  const b = (fit.inv[11] as number) * d;
  const c = (fit.inv[15] as number) * d;
  const det = a * c - b * b;
  const s = fit.beta[2] as number;
  const co = fit.beta[3] as number;
  const wald = det > 0 ? (c * s * s - 2 * b * s * co + a * co * co) / det : 0;
  return wald > 5.99;
}

/** Counts entries by calendar month over the trend window and fits the regression. */
export function fitEntryTrend(periods: readonly PeriodOfCare[], w: TrendWindow): EntryTrend {
  const m = monthlyEntries(periods, w);
  const { firstMonth, n, counts, monthKeys } = m;
  const tStart = tOfDay(w.endDay);
  const tReferenceMid = tOfDay((w.referenceStartDay + w.endDay) / 2);

  // Flat dispersion over the reference-window months.
  const refFirst = monthIndexOfDay(w.referenceStartDay);
  const refCounts: number[] = [];
  for (let i = 0; i < n; i++) if (firstMonth + i > refFirst) refCounts.push(counts[i] as number);
  const dispersionFlat = pearsonDispersion(
    refCounts,
    refCounts.map(() => mean(refCounts)),
    1,
  );

  const empty = {
    monthKeys,
    monthlyEntries: Array.from(counts),
    coef: [Math.log(Math.max(mean(Array.from(counts)), 1e-9)), 0, 0, 0],
    cov: new Array<number>(16).fill(0),
    tStart,
    tReferenceMid,
    dispersionFlat,
    dispersionTrend: dispersionFlat,
    percentPerYear: 0,
    slopeShrinkage: 0,
    seasonal: false,
  };
  const total = counts.reduce((a, b) => a + b, 0);
  if (n < 12 || total < 12) {
    return {
      ...empty,
      warning: `entry trend not fitted: ${n} month(s) and ${total} entries of history (needs 12 and 12)`,
    };
  }
  let p = n >= 24 ? 4 : 2;
  let fit = poissonRegression(counts, trendDesignMatrix(m, p), n, p);
  if (fit && p === 4 && !seasonalitySignificant(fit)) {
    p = 2;
    fit = poissonRegression(counts, trendDesignMatrix(m, 2), n, 2);
  }
  if (!fit) return { ...empty, warning: 'entry trend not fitted: the regression was singular' };
  const { beta, inv, dispersion: dispersionTrend } = fit;
  const cov = new Array<number>(16).fill(0);
  for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) cov[j * 4 + k] = (inv[j * p + k] as number) * dispersionTrend;
  const { slope, shrink } = shrinkSlope(beta[1] as number, cov, w.shrinkageWeight ?? 1);
  const coef = [beta[0] as number, slope, p === 4 ? (beta[2] as number) : 0, p === 4 ? (beta[3] as number) : 0];
  return {
    monthKeys,
    monthlyEntries: Array.from(counts),
    tStart,
    tReferenceMid,
    dispersionFlat,
    coef,
    cov,
    dispersionTrend,
    percentPerYear: (Math.exp(12 * slope) - 1) * 100,
    slopeShrinkage: shrink,
    seasonal: p === 4,
    warning: null,
  };
}

/**
 * Empirical-Bayes shrinkage of the slope (cov[5]) towards 0, in place on cov: with a normal prior
 * whose variance is estimated by moments (τ² = b² − se²), the posterior mean is b·(1 − se²/b²) (0
 * when |b| <= se) and the posterior variance se²·(1 − se²/b²). A slope the data barely support is
 * not extrapolated. Weight c: factor 1 − c·se²/b².
 */
export function shrinkSlope(b1: number, cov: number[], c: number): { slope: number; shrink: number } {
  const v1 = cov[5] as number;
  const shrink = b1 * b1 > c * v1 ? 1 - (c * v1) / (b1 * b1) : 0;
  for (let k = 0; k < 4; k++) {
    cov[4 + k] = (cov[4 + k] as number) * Math.sqrt(shrink);
    cov[k * 4 + 1] = (cov[k * 4 + 1] as number) * Math.sqrt(shrink);
  }
  return { slope: b1 * shrink, shrink };
}

interface PoissonFit {
  readonly beta: Float64Array;
  /** Inverse Fisher information (p x p). */
  readonly inv: Float64Array;
  /** Pearson chi-square / (n - p), at least 1. */
  readonly dispersion: number;
}

/** Poisson regression with log link by iteratively reweighted least squares. Null if singular. */
function poissonRegression(counts: Float64Array, X: Float64Array, n: number, p: number): PoissonFit | null {
  const beta = new Float64Array(p);
  let total = 0;
  for (let i = 0; i < n; i++) total += counts[i] as number;
  beta[0] = Math.log(Math.max(total, 1e-9) / n);
  let inv: Float64Array | null = null;
  for (let iter = 0; iter < 50; iter++) {
    const xtwx = new Float64Array(p * p);
    const xtwz = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      let eta = 0;
      for (let j = 0; j < p; j++) eta += (X[i * p + j] as number) * (beta[j] as number);
      const mu = Math.exp(eta);
      const z = eta + ((counts[i] as number) - mu) / mu;
      for (let j = 0; j < p; j++) {
        const xj = X[i * p + j] as number;
        xtwz[j]! += xj * mu * z;
        for (let k = 0; k < p; k++) xtwx[j * p + k]! += xj * mu * (X[i * p + k] as number);
      }
    }
    inv = invertSpd(xtwx, p);
    if (!inv) return null;
    let change = 0;
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += (inv[j * p + k] as number) * (xtwz[k] as number);
      change = Math.max(change, Math.abs(s - (beta[j] as number)));
      beta[j] = s;
    }
    if (change < 1e-10) break;
  }
  if (!inv) return null;
  const fitted: number[] = [];
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += (X[i * p + j] as number) * (beta[j] as number);
    fitted.push(Math.exp(eta));
  }
  return { beta, inv, dispersion: pearsonDispersion(Array.from(counts), fitted, p) };
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function pearsonDispersion(y: readonly number[], mu: readonly number[], params: number): number {
  const df = y.length - params;
  if (df <= 0) return 1;
  let chi = 0;
  for (let i = 0; i < y.length; i++) {
    const m = mu[i] as number;
    if (m > 0) chi += ((y[i] as number) - m) ** 2 / m;
  }
  return Math.max(1, chi / df);
}

/** Slope and seasonal coefficients used by one projection: the estimate, or a draw from its uncertainty. */
export interface TrendCoefficients {
  readonly slope: number;
  readonly sin: number;
  readonly cos: number;
}

export function trendEstimate(trend: EntryTrend): TrendCoefficients {
  return { slope: trend.coef[1] as number, sin: trend.coef[2] as number, cos: trend.coef[3] as number };
}

/** Draws slope and season from their normal approximation (Cholesky of the covariance). */
export function drawTrend(trend: EntryTrend, rng: UniformSource): TrendCoefficients {
  const idx = [1, 2, 3];
  const c = idx.map((i) => idx.map((j) => trend.cov[i * 4 + j] as number));
  const l = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (c[i] as number[])[j] as number;
      for (let k = 0; k < j; k++) s -= ((l[i] as number[])[k] as number) * ((l[j] as number[])[k] as number);
      if (i === j) (l[i] as number[])[i] = s > 0 ? Math.sqrt(s) : 0;
      else {
        const d = (l[j] as number[])[j] as number;
        (l[i] as number[])[j] = d > 0 ? s / d : 0;
      }
    }
  }
  const z = [normal(rng), normal(rng), normal(rng)];
  const e = [0, 0, 0];
  for (let i = 0; i < 3; i++)
    for (let k = 0; k <= i; k++) e[i]! += ((l[i] as number[])[k] as number) * (z[k] as number);
  return {
    slope: (trend.coef[1] as number) + (e[0] as number),
    sin: (trend.coef[2] as number) + (e[1] as number),
    cos: (trend.coef[3] as number) + (e[2] as number),
  };
}

/**
 * The parts of the entry multiplier that do not depend on the drawn coefficients, for a list of
 * month mid-days: damped time since the reference window's middle, and the seasonal regressors
 * minus their mean over the reference window.
 */
export interface TrendDesign {
  readonly dt: Float64Array;
  readonly sin: Float64Array;
  readonly cos: Float64Array;
}

export function trendDesign(trend: EntryTrend, midDays: readonly number[], referenceStartDay: number): TrendDesign {
  const phi = TREND_DAMPING_PER_MONTH;
  let sRef = 0;
  let cRef = 0;
  let nRef = 0;
  const refEnd = referenceStartDay + (trend.tStart - tOfDay(referenceStartDay)) * DAYS_PER_MONTH;
  for (let d = referenceStartDay + 15; d < refEnd; d += DAYS_PER_MONTH) {
    const a = (2 * Math.PI * (monthIndexOfDay(Math.floor(d)) % 12)) / 12;
    sRef += Math.sin(a);
    cRef += Math.cos(a);
    nRef++;
  }
  if (nRef > 0) {
    sRef /= nRef;
    cRef /= nRef;
  }
  const n = midDays.length;
  const out = { dt: new Float64Array(n), sin: new Float64Array(n), cos: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const midDay = midDays[i] as number;
    const t = tOfDay(midDay);
    const h = Math.max(0, t - trend.tStart);
    const tEff = t <= trend.tStart ? t : trend.tStart + (phi * (1 - Math.pow(phi, h))) / (1 - phi);
    const a = (2 * Math.PI * (monthIndexOfDay(Math.floor(midDay)) % 12)) / 12;
    out.dt[i] = tEff - trend.tReferenceMid;
    out.sin[i] = Math.sin(a) - sRef;
    out.cos[i] = Math.cos(a) - cRef;
  }
  return out;
}

/**
 * Entry multiplier for month i relative to the reference window's average:
 * exp(slope · (damped t − middle of the reference window) + season(month) − mean season over the reference window).
 */
export function trendMultiplierAt(design: TrendDesign, k: TrendCoefficients, i: number): number {
  return Math.exp(
    k.slope * (design.dt[i] as number) + k.sin * (design.sin[i] as number) + k.cos * (design.cos[i] as number),
  );
}

/** ISO date of a t (months) value, for reports. */
export function dateOfT(t: number): IsoDate {
  return fromDayNumber(Math.round(t * DAYS_PER_MONTH));
}
