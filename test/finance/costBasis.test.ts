import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateFromChildCosts, childLevelBasisByYear, priceWarnings } from '../../src/domain/finance/costBasis.ts';
import { RateBook } from '../../src/domain/finance/unitCosts.ts';
import { basis, child, episode, price } from './builders.ts';

// Six children placed in external children's homes (K2, PR4) from 1 January 2025 (F from 1 January
// 2024), and G with an agency foster carer (U4, PR4) from 1 June 2025. Inflation 5% in 2026/27. The
// window is the 12 months to 30 June 2026 (1 July 2025 - 30 June 2026), in 2026/27 prices.
const KIDS = ['A', 'B', 'C', 'D', 'E', 'F'];
const DATA = {
  children: [...KIDS, 'G'].map((id) => child(id, '2010-01-01')),
  episodes: [
    ...KIDS.map((id) =>
      episode(id, id === 'F' ? '2024-01-01' : '2025-01-01', null, { placement: 'K2', provider: 'PR4' }),
    ),
    episode('G', '2025-06-01', null, { placement: 'U4', provider: 'PR4' }),
  ],
};
const COSTS = [
  // Started in 2025/26: uplifted by 5% to 2026/27 prices.
  { childId: 'A', provider: 'p', start: '2025-07-01', end: null, weeklyPence: 500_000 },
  { childId: 'B', provider: 'p', start: '2025-09-01', end: null, weeklyPence: 600_000 },
  { childId: 'C', provider: 'p', start: '2025-12-01', end: null, weeklyPence: 700_000 },
  // Started in 2026/27: as they are.
  { childId: 'D', provider: 'p', start: '2026-04-01', end: null, weeklyPence: 420_000 },
  { childId: 'E', provider: 'p', start: '2026-06-30', end: null, weeklyPence: 800_000 },
  // Before the window: not used.
  { childId: 'F', provider: 'p', start: '2024-01-01', end: null, weeklyPence: 900_000 },
  // G is with an agency foster carer: a category of its own, one placement only.
  { childId: 'G', provider: 'p', start: '2025-08-01', end: null, weeklyPence: 100_000 },
  // A cost before the window for a time A was not in care, and one for a child with no placement.
  { childId: 'A', provider: 'p', start: '2024-06-01', end: '2024-07-01', weeklyPence: 1 },
  { childId: 'Z', provider: 'p', start: '2025-08-01', end: null, weeklyPence: 1 },
];
const INFLATION = { rates: { 2026: 0.05 }, defaultRate: 0 };
const TO = '2026-06-30';

test('calibration: mean, count and spread of the weekly prices of placements started in the window (worked by hand)', () => {
  const cal = calibrateFromChildCosts(DATA, COSTS, INFLATION, { to: TO });
  assert.equal(cal.from, '2025-07-01');
  assert.equal(cal.priceYear, 2026);
  assert.equal(cal.unmatched, 1, 'Z has no placement (A in 2024 is outside the window)');
  const res = cal.byCategory.find((o) => o.category === 'external_residential')!;
  // 525,000 + 630,000 + 735,000 (uplifted 5%) + 420,000 + 800,000 = 3,110,000 / 5 = 622,000p (£6,220.00 a week).
  assert.equal(res.count, 5);
  assert.ok(Math.abs(res.meanWeeklyPence - 622_000) < 1e-6);
  assert.equal(res.proposedWeeklyPence, 622_000);
  assert.equal(res.minWeeklyPence, 420_000);
  assert.equal(res.maxWeeklyPence, 800_000);
  // R-7 percentiles of 420,000 525,000 630,000 735,000 800,000: 10% at rank 0.4 = 462,000; 90% at 3.6 = 774,000.
  assert.ok(Math.abs(res.p10WeeklyPence - 462_000) < 1e-6);
  assert.ok(Math.abs(res.p90WeeklyPence - 774_000) < 1e-6);
  const ifa = cal.byCategory.find((o) => o.category === 'ifa_fostering')!;
  assert.equal(ifa.count, 1);
  assert.equal(ifa.proposedWeeklyPence, null, 'fewer than 5 placements: nothing proposed');
});

test('a unit cost more than 15% from the observed mean is warned about; within 15% it is not', () => {
  const cal = calibrateFromChildCosts(DATA, COSTS, INFLATION, { to: TO });
  // £5,000 a week in 2026/27 prices: (500,000 - 622,000) / 622,000 = -19.6%: warned.
  const low = priceWarnings(cal, new RateBook(basis([price('external_residential', 500_000, 2026)])));
  assert.equal(low.length, 1);
  assert.equal(low[0]!.category, 'external_residential');
  assert.equal(
    low[0]!.message,
    'External residential: the unit cost, £5,000.00 a week, is 20% below the £6,220.00 a week the council paid on average for the 5 placements whose cost started 2025-07-01 to 2026-06-30 (2026/27 prices). New entrants are costed at the unit cost.',
  );
  // £5,400: -13.2%, within 15%.
  assert.deepEqual(priceWarnings(cal, new RateBook(basis([price('external_residential', 540_000, 2026)]))), []);
});

test('years whose actual spend rests on child-level prices for only part of the year (worked by hand)', () => {
  const years = childLevelBasisByYear(DATA, COSTS, { from: '2023-04-01', until: '2026-04-01' });
  // Costed categories: external residential and agency fostering (G).
  // 2023/24: F 1 January - 31 March 2024 (31 + 29 + 31 = 91 days), all at its own price: child-level.
  // 2024/25: F 365 own; A-E 1 January - 31 March 2025, 5 x 90 = 450 days, none own: 365 / 815, partial.
  // 2025/26: F 365 own; A-E 365 days each, own from their costs' starts: A 274 (from 1 July), B 212
  //   (1 September), C 121 (1 December), D and E none; G 304 days from 1 June, own 243 (from 1 August):
  //   own 365 + 274 + 212 + 121 + 243 = 1,215 of 6 x 365 + 304 = 2,494: partial.
  assert.deepEqual(
    years.map((y) => [y.year, y.basis, y.ownPriceDays, y.costedCategoryDays]),
    [
      [2023, 'child-level', 91, 91],
      [2024, 'partial', 365, 815],
      [2025, 'partial', 1_215, 2_494],
    ],
  );
  assert.deepEqual(childLevelBasisByYear(DATA, [], { from: '2023-04-01', until: '2026-04-01' }), []);
});
