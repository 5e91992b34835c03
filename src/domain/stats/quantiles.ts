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

/** Mean and percentiles of `values` (not mutated: a copy is sorted). Empty input gives all zeros. */
export function summarise(values: ArrayLike<number>): Quantiles {
  return summariseInPlace(Float64Array.from(values));
}

/**
 * Mean and percentiles of `values`, sorted in place (a caller that fills one scratch array per
 * series saves the copy `summarise` makes). Whole numbers within a range of at most 4 × their count (Monte Carlo
 * counts of children, entries, exits) are sorted by counting them, in one pass; anything else by
 * the typed array's own sort. The sorted values, and so every figure, are the same either way.
 */
export function summariseInPlace(values: Float64Array): Quantiles {
  const n = values.length;
  if (n === 0) return { mean: 0, p2_5: 0, p10: 0, p50: 0, p90: 0, p97_5: 0 };
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    // (A negative zero goes to the sort, which puts it before 0, as summarise does.)
    if (whole && (!Number.isInteger(v) || (v === 0 && 1 / v < 0))) whole = false;
  }
  if (whole && max - min <= 4 * n) countingSort(values, min, max - min + 1);
  else values.sort();
  let sum = 0;
  let carry = 0;
  for (let i = 0; i < n; i++) {
    const y = (values[i] as number) - carry;
    const t = sum + y;
    carry = t - sum - y;
    sum = t;
  }
  return {
    mean: sum / n,
    p2_5: percentileOfSorted(values, 0.025),
    p10: percentileOfSorted(values, 0.1),
    p50: percentileOfSorted(values, 0.5),
    p90: percentileOfSorted(values, 0.9),
    p97_5: percentileOfSorted(values, 0.975),
  };
}

/** Sorts whole numbers min .. min + width - 1 by counting each. */
function countingSort(values: Float64Array, min: number, width: number): void {
  const counts = new Int32Array(width);
  for (let i = 0; i < values.length; i++) counts[(values[i] as number) - min]!++;
  let at = 0;
  for (let k = 0; k < width; k++) {
    const c = counts[k] as number;
    if (c > 0) {
      values.fill(min + k, at, at + c);
      at += c;
    }
  }
}
