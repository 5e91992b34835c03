/**
 * "Reach ratio X:Y in fostering by a date" (issue 11): the moves the engine works out and the
 * in-house fostering households they need, worked by hand on a council where nothing else happens
 * (no entries, exits or fitted moves; children aged 6, who stay in the 5 to 9 band), so every child
 * who changes category was moved by the adjustment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { movesByAdjustment, projectDetailed } from '../../src/domain/engine/project.ts';
import type { RateAdjustment } from '../../src/domain/engine/adjustments.ts';
import {
  childrenPerHouseholdFor,
  DEFAULT_CHILDREN_PER_HOUSEHOLD,
  householdsFor,
  shareMovePlan,
} from '../../src/domain/scenarios/shareMoves.ts';
import { populationOf, ratesFrom } from '../engine/support/builders.ts';

const START = '2024-03-31'; // the forecast's first month is April 2024

function council(ifa: number, inHouse: number) {
  const kids = [
    ...Array.from({ length: ifa }, () => ({ dob: '2018-01-10', category: 'ifa_fostering' as const })),
    ...Array.from({ length: inHouse }, () => ({ dob: '2018-01-10', category: 'inhouse_fostering' as const })),
  ];
  return { rates: ratesFrom({ start: START }), population: populationOf(START, kids) };
}

const to60by31January: RateAdjustment = {
  kind: 'moveToShare',
  start: '2024-04-01',
  rampMonths: 0,
  from: 'ifa_fostering',
  to: 'inhouse_fostering',
  sharePercent: 60,
  by: '2025-01-31',
};

test('100 fostered children 50:50 to 60:40 by a date 10 months ahead: 1 a month, 10 in all, 7 households at 1.5', () => {
  const result = projectDetailed(council(50, 50), { months: 18, runs: 0, adjustments: [to60by31January] });
  const [moves, ...others] = movesByAdjustment(result);
  assert.equal(others.length, 0);
  assert.equal(moves?.adjustment, 0);
  // By hand: April 2024 to January 2025 is 10 months; after month k (0 = April) the target is
  // 50% + 10% x (k + 1) / 10 of the 100, so in-house holds 51, 52, ... 60: one child a month, then
  // none (the target holds and nothing else happens).
  const byMonth = moves?.byMonth ?? [];
  assert.equal(byMonth.length, 18);
  byMonth.forEach((v, m) => assert.ok(Math.abs(v - (m < 10 ? 1 : 0)) < 1e-9, `month ${m}: ${v}`));

  const plan = shareMovePlan(
    to60by31January as { from: 'ifa_fostering'; to: 'inhouse_fostering' },
    result.timeline.months,
    byMonth,
    {
      value: 1.5,
      source: 'scenario',
    },
  );
  assert.equal(plan.totalMoves, 10);
  // 10 children / 1.5 a household = 6.67: 7 households (a part household cannot be recruited).
  assert.equal(plan.householdsNeeded, 7);
  // Month by month: moved so far 1..10; households ceil(n / 1.5) = 1, 2, 2, 3, 4, 4, 5, 6, 6, 7.
  assert.deepEqual(
    plan.months.slice(0, 11).map((m) => [m.month, m.moves, m.movedSoFar, m.householdsNeeded]),
    [
      ['2024-04', 1, 1, 1],
      ['2024-05', 1, 2, 2],
      ['2024-06', 1, 3, 2],
      ['2024-07', 1, 4, 3],
      ['2024-08', 1, 5, 4],
      ['2024-09', 1, 6, 4],
      ['2024-10', 1, 7, 5],
      ['2024-11', 1, 8, 6],
      ['2024-12', 1, 9, 6],
      ['2025-01', 1, 10, 7],
      ['2025-02', 0, 10, 7],
    ],
  );
  // By financial year: 2024/25 (April to March, 12 months) moves all 10 and needs 7 households;
  // 2025/26 (April to September 2025, the forecast's last 6 months) moves none and adds none.
  assert.deepEqual(plan.years, [
    { year: '2024/25', months: 12, moves: 10, movedSoFar: 10, householdsNeeded: 7, newHouseholds: 7 },
    { year: '2025/26', months: 6, moves: 0, movedSoFar: 10, householdsNeeded: 7, newHouseholds: 0 },
  ]);
});

test('a year boundary inside the ramp: households needed by each year end and those added in the year', () => {
  // 100 fostered children 40:60 to 70:30 by 30 June 2025, from 1 January 2025: 6 months, 5 a month.
  const adj: RateAdjustment = { ...to60by31January, start: '2025-01-01', sharePercent: 70, by: '2025-06-30' };
  const START2 = '2024-12-31';
  const kids = [
    ...Array.from({ length: 60 }, () => ({ dob: '2018-01-10', category: 'ifa_fostering' as const })),
    ...Array.from({ length: 40 }, () => ({ dob: '2018-01-10', category: 'inhouse_fostering' as const })),
  ];
  const result = projectDetailed(
    { rates: ratesFrom({ start: START2 }), population: populationOf(START2, kids) },
    { months: 9, runs: 0, adjustments: [adj] },
  );
  const byMonth = movesByAdjustment(result)[0]?.byMonth ?? [];
  // By hand: 30 children over January to June 2025, 5 a month (in-house 45, 50, ... 70).
  byMonth.forEach((v, m) => assert.ok(Math.abs(v - (m < 6 ? 5 : 0)) < 1e-9, `month ${m}: ${v}`));
  const plan = shareMovePlan({ from: 'ifa_fostering', to: 'inhouse_fostering' }, result.timeline.months, byMonth, {
    value: 2,
    source: 'scenario',
  });
  // 2024/25: January to March, 15 moved, 15 / 2 = 7.5: 8 households. 2025/26: 15 more, 30 / 2 = 15
  // households by its end, 15 - 8 = 7 added in the year.
  assert.deepEqual(
    plan.years.map((y) => [y.year, y.months, y.moves, y.movedSoFar, y.householdsNeeded, y.newHouseholds]),
    [
      ['2024/25', 3, 15, 15, 8, 8],
      ['2025/26', 6, 15, 30, 15, 7],
    ],
  );
});

test('moves not into in-house fostering give no households; moves are rounded to 1 dp once', () => {
  const plan = shareMovePlan(
    { from: 'external_residential', to: 'inhouse_residential' },
    ['2025-03', '2025-04'],
    [0.34, 0.33],
    { value: 1.5, source: 'default' },
  );
  // By hand: 0.34 → 0.3, 0.33 → 0.3, but moved so far 0.67 → 0.7 (rounded from the unrounded sum).
  assert.deepEqual(
    plan.months.map((m) => [m.moves, m.movedSoFar, m.householdsNeeded]),
    [
      [0.3, 0.3, null],
      [0.3, 0.7, null],
    ],
  );
  assert.equal(plan.householdsNeeded, null);
  assert.deepEqual(
    plan.years.map((y) => [y.year, y.moves, y.newHouseholds]),
    [
      ['2024/25', 0.3, null],
      ['2025/26', 0.3, null],
    ],
  );
});

test('households round up, but a whole number of households is not pushed up by floating point', () => {
  assert.equal(householdsFor(0, 1.5), 0);
  assert.equal(householdsFor(0.1, 1.5), 1);
  assert.equal(householdsFor(10.5, 1.5), 7); // 10.5 / 1.5 = 7.000000000000001 in floating point
  assert.equal(householdsFor(9, 1.5), 6);
  assert.equal(householdsFor(9.1, 1.5), 7);
  assert.throws(() => householdsFor(1, 0), /more than 0/);
});

test('children per household: the scenario’s figure, else the capacity record holding at the start, else 1.5', () => {
  const records = [
    { month: '2024-01', fosteringHouseholds: 40, fosteringPlaces: 70, homeBeds: 8 },
    { month: '2024-03', fosteringHouseholds: 38, fosteringPlaces: 57, homeBeds: 8 },
    { month: '2024-06', fosteringHouseholds: 50, fosteringPlaces: 60, homeBeds: 8 },
  ];
  assert.deepEqual(childrenPerHouseholdFor(1.8, records, '2024-03-31'), { value: 1.8, source: 'scenario' });
  // The record holding in March 2024 is March's: 57 places / 38 households = 1.5.
  assert.deepEqual(childrenPerHouseholdFor(undefined, records, '2024-03-31'), {
    value: 1.5,
    source: 'capacity',
    record: { month: '2024-03', fosteringHouseholds: 38, fosteringPlaces: 57 },
  });
  // Before any record, or a record with no households: the default.
  assert.deepEqual(childrenPerHouseholdFor(undefined, records, '2023-12-31'), {
    value: DEFAULT_CHILDREN_PER_HOUSEHOLD,
    source: 'default',
  });
  assert.equal(
    childrenPerHouseholdFor(
      undefined,
      [{ month: '2024-01', fosteringHouseholds: 0, fosteringPlaces: 0, homeBeds: 3 }],
      '2024-03-31',
    ).source,
    'default',
  );
});
