import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monthRunValues, poolRuns, summariseRuns, type PopulationRuns } from '../../src/domain/engine/pooling.ts';
import { summarise } from '../../src/domain/stats/quantiles.ts';

/** A council's runs with one category and one age band: `values[r][m]` children in run r at month m. */
function runsOf(months: readonly string[], values: readonly (readonly number[])[]): PopulationRuns {
  const flat = Float64Array.from(values.flat());
  return {
    runs: values.length,
    months,
    monthEnds: months.map((m) => `${m}-28`),
    categories: ['inhouse_fostering'],
    ageBands: ['10to15'],
    byCategory: flat,
    byAgeBand: Float64Array.from(flat),
  };
}

test('3 runs x 2 councils, worked by hand: the region adds run r to run r; its median and interval are not the sums', () => {
  // Council A's runs: 10, 20, 30 (sorted 10, 20, 30). Council B's runs: 5, 30, 10 (sorted 5, 10, 30).
  const a = runsOf(['2026-04'], [[10], [20], [30]]);
  const b = runsOf(['2026-04'], [[5], [30], [10]]);
  const region = poolRuns([a, b]);
  // Run by run: 10 + 5 = 15, 20 + 30 = 50, 30 + 10 = 40.
  assert.deepEqual([...monthRunValues(region, 0)], [15, 50, 40]);
  const [q] = summariseRuns(region);
  assert.ok(q);
  // Percentiles by R-7 over 3 values: rank h = (3 - 1) p, interpolated. Region sorted 15, 40, 50.
  // p50: h = 1 -> 40. p10: h = 0.2 -> 15 + 0.2 x 25 = 20. p90: h = 1.8 -> 40 + 0.8 x 10 = 48.
  // Mean: (15 + 50 + 40) / 3 = 35.
  assert.equal(q.total.p50, 40);
  assert.equal(q.total.p10, 20);
  assert.equal(q.total.p90, 48);
  assert.equal(q.total.mean, 35);
  const qa = summarise(monthRunValues(a, 0));
  const qb = summarise(monthRunValues(b, 0));
  // A: p50 20, p10 10 + 0.2 x 10 = 12, p90 20 + 0.8 x 10 = 28, mean 20.
  // B: p50 10, p10 5 + 0.2 x 5 = 6, p90 10 + 0.8 x 20 = 26, mean 15.
  assert.deepEqual([qa.p50, qa.p10, qa.p90, qa.mean], [20, 12, 28, 20]);
  assert.deepEqual([qb.p50, qb.p10, qb.p90, qb.mean], [10, 6, 26, 15]);
  // Summing the members' figures would say median 30 and 80% interval 18 to 54: wrong and too wide.
  assert.notEqual(q.total.p50, qa.p50 + qb.p50);
  assert.ok(q.total.p10 > qa.p10 + qb.p10 && q.total.p90 < qa.p90 + qb.p90);
  // The mean is the sum of the means.
  assert.equal(q.total.mean, qa.mean + qb.mean);
  // Categories and age bands pool the same way.
  assert.deepEqual(q.byCategory.inhouse_fostering, q.total);
  assert.deepEqual(q.byAgeBand['10to15'], q.total);
});

test('pooling keeps the months every member forecasts, in order, and sums within each', () => {
  // A forecasts Apr-Jun, B (returns a month later) May-Jul: the region has May and June.
  const a = runsOf(
    ['2026-04', '2026-05', '2026-06'],
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
  );
  const b = runsOf(
    ['2026-05', '2026-06', '2026-07'],
    [
      [10, 20, 30],
      [40, 50, 60],
    ],
  );
  const region = poolRuns([a, b]);
  assert.deepEqual(region.months, ['2026-05', '2026-06']);
  // Run 0: May 2 + 10 = 12, June 3 + 20 = 23; run 1: May 5 + 40 = 45, June 6 + 50 = 56.
  assert.deepEqual([...region.byCategory], [12, 23, 45, 56]);
  assert.deepEqual(region.monthEnds, ['2026-05-28', '2026-06-28']);
});

test('members with different numbers of runs cannot be pooled; no members pool to no runs', () => {
  assert.throws(
    () => poolRuns([runsOf(['2026-04'], [[1], [2]]), runsOf(['2026-04'], [[1]])]),
    /different numbers of runs/,
  );
  const none = poolRuns([]);
  assert.equal(none.runs, 0);
  assert.deepEqual(summariseRuns(none), []);
});

test('a single member pools to itself', () => {
  const a = runsOf(
    ['2026-04', '2026-05'],
    [
      [3, 4],
      [5, 9],
      [1, 2],
    ],
  );
  assert.deepEqual(summariseRuns(poolRuns([a])), summariseRuns(a));
});
