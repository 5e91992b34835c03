/**
 * Moves between placement categories stated the ways people think (issue 15): N children once,
 * X% of a category a year, and a category reaching a share by a date. Worked by hand on councils
 * where nothing else happens (no entries, exits or fitted moves; children aged 6, who stay in the
 * 5 to 9 band for the horizon), so every child who changes category was moved by the adjustment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PLACEMENT_CATEGORIES, type PlacementCategory } from '../../src/domain/placementCategories.ts';
import { project, projectExpected } from '../../src/domain/engine/project.ts';
import { runValues } from '../../src/domain/engine/projection.ts';
import type { RateAdjustment } from '../../src/domain/engine/adjustments.ts';
import { summarise } from '../../src/domain/stats/quantiles.ts';
import { populationOf, ratesFrom } from './support/builders.ts';

const START = '2024-03-31'; // the first month is April 2024
const nC = PLACEMENT_CATEGORIES.length;
const cat = (c: PlacementCategory): number => PLACEMENT_CATEGORIES.indexOf(c);
const still = ratesFrom({ start: START });

function council(groups: ReadonlyArray<[PlacementCategory, number]>) {
  const kids = groups.flatMap(([category, n]) => Array.from({ length: n }, () => ({ dob: '2018-01-10', category })));
  return { rates: still, population: populationOf(START, kids) };
}

/** Children in `c` at the end of month m (0 = April 2024) on the expected path. */
const at = (p: ReturnType<typeof projectExpected>, m: number, c: PlacementCategory): number =>
  p.populationByCategory[m * nC + cat(c)] as number;

test('N children once: 12 moved over a 3-month ramp are 4 a month, then no more', () => {
  const adj: RateAdjustment[] = [
    {
      kind: 'moveOnce',
      start: '2024-04-01',
      rampMonths: 3,
      from: 'external_residential',
      to: 'inhouse_residential',
      children: 12,
    },
  ];
  const p = projectExpected(council([['external_residential', 100]]), { months: 12, adjustments: adj });
  // By hand: 100 - 4 = 96 after April, 92 after May, 88 after June, then 88 for the rest of the year.
  const expected = [96, 92, 88, 88, 88, 88, 88, 88, 88, 88, 88, 88];
  expected.forEach((v, m) => {
    assert.ok(Math.abs(at(p, m, 'external_residential') - v) < 1e-9, `month ${m}: ${at(p, m, 'external_residential')}`);
    assert.ok(Math.abs(at(p, m, 'inhouse_residential') - (100 - v)) < 1e-9);
  });
  // The Monte Carlo moves the same children on average (binomial noise: 12 ± about 0.3 over 400 runs).
  const r = project(council([['external_residential', 100]]), {
    months: 6,
    runs: 400,
    seed: 3,
    adjustments: adj,
    parameterUncertainty: false,
  });
  const q = summarise(runValues(r.simulated, 'populationByCategory', 5, cat('inhouse_residential')));
  assert.ok(Math.abs(q.mean - 12) < 0.6, `Monte Carlo mean ${q.mean}`);
});

test('X% of a category a year: 20% a year leaves 80 of 100 after a year', () => {
  const adj: RateAdjustment[] = [
    {
      kind: 'movePercent',
      start: '2024-04-01',
      rampMonths: 0,
      from: 'external_residential',
      to: 'inhouse_residential',
      percentPerYear: 20,
    },
  ];
  const p = projectExpected(council([['external_residential', 100]]), { months: 24, adjustments: adj });
  // By hand: a daily hazard h = 1 - 0.8^(1/365.25), so after the 365 days from 1 April 2024 to
  // 31 March 2025: 100 x 0.8^(365/365.25) = 80.01; after 730 days 100 x 0.8^(730/365.25) = 64.02.
  assert.ok(Math.abs(at(p, 11, 'external_residential') - 100 * Math.pow(0.8, 365 / 365.25)) < 1e-9);
  assert.equal(at(p, 11, 'external_residential').toFixed(2), '80.01');
  assert.equal(at(p, 23, 'external_residential').toFixed(2), '64.02');
  assert.ok(Math.abs(at(p, 23, 'inhouse_residential') + at(p, 23, 'external_residential') - 100) < 1e-9);
});

test('reach a share by a date: in-house fostering from 40% to 70% of fostering by 31 March 2025', () => {
  const adj: RateAdjustment[] = [
    {
      kind: 'moveToShare',
      start: '2024-04-01',
      rampMonths: 0,
      from: 'ifa_fostering',
      to: 'inhouse_fostering',
      sharePercent: 70,
      by: '2025-03-31',
    },
  ];
  const p = projectExpected(
    council([
      ['ifa_fostering', 60],
      ['inhouse_fostering', 40],
      ['external_residential', 10],
    ]),
    { months: 18, adjustments: adj },
  );
  // By hand: 12 months from April 2024 to March 2025; the target share after month k is
  // 0.4 + 0.3 x (k + 1) / 12 of the 100 foster children: 42.5 in-house after April, 45 after May,
  // ... 70 after March 2025, and 70 from then on (the target holds). Residential is untouched.
  for (let m = 0; m < 18; m++) {
    const share = Math.min(0.7, 0.4 + (0.3 * (m + 1)) / 12);
    assert.ok(
      Math.abs(at(p, m, 'inhouse_fostering') - 100 * share) < 1e-9,
      `month ${m}: ${at(p, m, 'inhouse_fostering')}`,
    );
    assert.ok(Math.abs(at(p, m, 'ifa_fostering') - 100 * (1 - share)) < 1e-9);
    assert.ok(Math.abs(at(p, m, 'external_residential') - 10) < 1e-9);
  }
  assert.equal(at(p, 0, 'inhouse_fostering').toFixed(1), '42.5');
  assert.equal(at(p, 11, 'inhouse_fostering').toFixed(1), '70.0');
});
