/**
 * percentileOfSorted against R's type-7 quantiles (R's default, quantile(x, p, type = 7)), written
 * here from the definition: with h = (n − 1)·p + 1 (1-based), Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { percentileOfSorted, summarise, summariseInPlace } from '../../src/domain/stats/quantiles.ts';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} vs ${expected}`);

test('five values: R type 7 by hand', () => {
  // x = 1, 2, 4, 7, 11 (n = 5, so h − 1 = 4p):
  //   p 0.025: 0.1 -> 1 + 0.1·(2 − 1) = 1.1      p 0.1: 0.4 -> 1.4      p 0.25: 1 -> 2
  //   p 0.5:   2   -> 4                          p 0.75: 3  -> 7
  //   p 0.9:   3.6 -> 7 + 0.6·(11 − 7) = 9.4     p 0.975: 3.9 -> 7 + 0.9·4 = 10.6
  //   p 0 -> 1 and p 1 -> 11.
  // (R: quantile(c(1, 2, 4, 7, 11), c(0, .025, .1, .25, .5, .75, .9, .975, 1)) gives the same.)
  const x = [1, 2, 4, 7, 11];
  const expected: [number, number][] = [
    [0, 1],
    [0.025, 1.1],
    [0.1, 1.4],
    [0.25, 2],
    [0.5, 4],
    [0.75, 7],
    [0.9, 9.4],
    [0.975, 10.6],
    [1, 11],
  ];
  for (const [p, q] of expected) close(percentileOfSorted(x, p), q);
});

test('ten values: R type 7 by hand', () => {
  // x = 2, 3, 5, 8, 13, 21, 34, 55, 89, 144 (n = 10, h − 1 = 9p):
  //   p 0.025: 0.225 -> 2 + 0.225·1 = 2.225       p 0.1: 0.9 -> 2 + 0.9·1 = 2.9
  //   p 0.5:   4.5   -> 13 + 0.5·8 = 17           p 0.9: 8.1 -> 89 + 0.1·55 = 94.5
  //   p 0.975: 8.775 -> 89 + 0.775·55 = 131.625
  const x = [2, 3, 5, 8, 13, 21, 34, 55, 89, 144];
  close(percentileOfSorted(x, 0.025), 2.225);
  close(percentileOfSorted(x, 0.1), 2.9);
  close(percentileOfSorted(x, 0.5), 17);
  close(percentileOfSorted(x, 0.9), 94.5);
  close(percentileOfSorted(x, 0.975), 131.625);
  // summarise sorts a copy and reports these five with the mean (374 / 10 = 37.4).
  const q = summarise([144, 2, 89, 3, 55, 5, 34, 8, 21, 13]);
  close(q.mean, 37.4);
  close(q.p2_5, 2.225);
  close(q.p10, 2.9);
  close(q.p50, 17);
  close(q.p90, 94.5);
  close(q.p97_5, 131.625);
});

test('one value is every percentile; no values is an error (summarise gives zeros)', () => {
  for (const p of [0, 0.025, 0.5, 0.975, 1]) assert.equal(percentileOfSorted([7], p), 7);
  assert.throws(() => percentileOfSorted([], 0.5), /no values/);
  assert.deepEqual(summarise([]), { mean: 0, p2_5: 0, p10: 0, p50: 0, p90: 0, p97_5: 0 });
});

describe('summariseInPlace', () => {
  const cases: Record<string, number[]> = {
    'counts of children (whole numbers, a narrow range)': Array.from(
      { length: 1000 },
      (_, i) => 300 + ((i * 7919) % 61),
    ),
    'whole numbers over a wide range (sorted, not counted)': Array.from(
      { length: 200 },
      (_, i) => (i * 104729) % 100000,
    ),
    'fractions (pounds)': Array.from({ length: 300 }, (_, i) => ((i * 37) % 101) / 7 - 3),
    'negative whole numbers and zeros': [-3, 0, -0, 2, -3, 5, 0, -1],
    'one value': [42],
    'with a NaN': [1, Number.NaN, 3],
  };
  for (const [what, values] of Object.entries(cases)) {
    test(`the same figures as summarise, sorting the array given: ${what}`, () => {
      const scratch = Float64Array.from(values);
      const q = summariseInPlace(scratch);
      assert.deepEqual(q, summarise(values));
      const sorted = Float64Array.from(values).sort();
      assert.ok(
        scratch.every((v, i) => Object.is(v, sorted[i])),
        'sorted in place as the typed array sort does',
      );
    });
  }
  test('no values: zeros', () => {
    assert.deepEqual(summariseInPlace(new Float64Array(0)), summarise([]));
  });
});
