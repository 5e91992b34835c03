/**
 * Summaries of Monte Carlo output: the mean and the percentiles Forecare reports for every
 * uncertain quantity.
 */

/** A summarised uncertain quantity: mean and the 2.5th, 10th, 50th, 90th and 97.5th percentiles. */
export interface Quantiles {
  readonly mean: number;
  readonly p2_5: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly p97_5: number;
}

/**
 * Percentile of sorted values by linear interpolation between closest ranks (the R-7 / Excel
 * PERCENTILE.INC definition). `sorted` must be ascending and non-empty.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('percentile of no values');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/** Mean and percentiles of `values` (not mutated). Empty input gives all zeros. */
export function summarise(values: ArrayLike<number>): Quantiles {
  const n = values.length;
  if (n === 0) return { mean: 0, p2_5: 0, p10: 0, p50: 0, p90: 0, p97_5: 0 };
  const sorted = Float64Array.from(values).sort();
  // Kahan-compensated sum: long Monte Carlo sums stay exact to the last penny.
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const y = (sorted[i] as number) - carry;
    const t = sum + y;
    carry = t - sum - y;
    sum = t;
  }
  return {
    mean: sum / n,
    p2_5: percentileOfSorted(sorted, 0.025),
    p10: percentileOfSorted(sorted, 0.1),
    p50: percentileOfSorted(sorted, 0.5),
    p90: percentileOfSorted(sorted, 0.9),
    p97_5: percentileOfSorted(sorted, 0.975),
  };
}
