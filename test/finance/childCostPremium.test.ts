import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline } from '../../src/domain/engine/projection.ts';
import type { ChildCost } from '../../src/domain/finance/actuals.ts';
import { childCostPremium, costsOnStart } from '../../src/domain/finance/childCostPremium.ts';
import { costRun, type MonthChildDays } from '../../src/domain/finance/spend.ts';
import { RateBook } from '../../src/domain/finance/unitCosts.ts';
import { basis, price } from './builders.ts';

const START = '2025-03-31'; // in 2024/25; the forecast's months are April (days 1-30) and May 2025
const TIMELINE = buildTimeline(START, 2);
// External residential £5,500 a week in 2024/25 prices, 4% inflation in 2025/26: 572,000p a week in
// 2025/26. IFA £900 a week in 2025/26 prices: 90,000p.
const PRICES = [price('external_residential', 550_000, 2024), price('ifa_fostering', 90_000, 2025)];
const BOOK = new RateBook(basis(PRICES, { 2025: 0.04 }));

function cost(childId: string, weeklyPence: number, start: string, end: string | null = null): ChildCost {
  return { childId, provider: 'Acme', start, end, weeklyPence };
}

const COSTS: ChildCost[] = [
  cost('X', 900_000, '2024-06-01'), // £9,000 a week, covers the start
  cost('W', 76_000, '2025-01-01'), // £760 a week in IFA, cheaper than the unit cost
  cost('Z', 800_000, '2024-01-01', '2025-03-31'), // ended the day of the start: does not cover it
  cost('V', 800_000, '2025-04-01'), // starts after the start: does not cover it
];
const STARTING = [
  { childId: 'X', category: 'external_residential' as const, days: [29.5, 10.25] },
  { childId: 'W', category: 'ifa_fostering' as const, days: [30, 31] },
  { childId: 'Y', category: 'external_residential' as const, days: [30, 31] }, // no cost record
  { childId: 'Z', category: 'external_residential' as const, days: [30, 31] },
  { childId: 'V', category: 'external_residential' as const, days: [30, 31] },
];

test('the records that cover the start date', () => {
  assert.deepEqual([...costsOnStart(COSTS, START).keys()].sort(), ['W', 'X']);
  // Where records overlap the latest start wins (as in actuals).
  const later = costsOnStart([cost('X', 1, '2024-01-01'), cost('X', 2, '2025-01-01')], START);
  assert.equal(later.get('X')?.weeklyPence, 2);
});

test('premium of the starting children with a known cost, worked by hand', () => {
  const { premium, childrenCosted } = childCostPremium(STARTING, COSTS, BOOK, TIMELINE);
  assert.equal(childrenCosted, 2);
  // X: £9,000 a week paid at the start (2024/25), uplifted 4% to 2025/26: 936,000p a week; unit
  // 572,000p; 364,000p a week = 52,000p a day more. April 29.5 expected days: 1,534,000p; May
  // 10.25 days: 533,000p.
  assert.equal(premium.get('2025-04')?.external_residential, 1_534_000);
  assert.equal(premium.get('2025-05')?.external_residential, 533_000);
  // W: £760 a week x 1.04 = 79,040p against 90,000p: 10,960p a week cheaper; April 30 days:
  // -10,960 x 30 / 7 = -46,971.43p (exact until costRun rounds the cell).
  assert.ok(Math.abs((premium.get('2025-04')?.ifa_fostering ?? 0) - (-10_960 * 30) / 7) < 1e-6);
  // In 2024/25 prices (real terms): X 900,000p vs 550,000p: 50,000p a day.
  const real = childCostPremium(
    STARTING,
    COSTS,
    new RateBook({ ...basis(PRICES, { 2025: 0.04 }), priceBase: 2024 }),
    TIMELINE,
  );
  assert.equal(real.premium.get('2025-04')?.external_residential, 50_000 * 29.5);
  // No records: nothing.
  assert.equal(childCostPremium(STARTING, [], BOOK, TIMELINE).premium.size, 0);
});

test('costRun adds the premium to the month and category before the one rounding', () => {
  const { premium } = childCostPremium(STARTING, COSTS, BOOK, TIMELINE);
  const run: MonthChildDays[] = [
    {
      month: '2025-04',
      childDays: { external_residential: 60, ifa_fostering: 30 },
      coveredFrom: '2025-04-01',
      coveredTo: '2025-04-30',
    },
    { month: '2025-05', childDays: { external_residential: 31 }, coveredFrom: '2025-05-01', coveredTo: '2025-05-31' },
  ];
  const [april, may] = costRun(run, BOOK, { premium });
  // Worked by hand. April residential: 572,000 x 60 / 7 = 4,902,857.14p + 1,534,000p = 6,436,857p.
  // April IFA: 90,000 x 30 / 7 = 385,714.29p - 46,971.43p = 338,742.86p -> 338,743p.
  assert.equal(april!.byCategory.external_residential, 6_436_857);
  assert.equal(april!.byCategory.ifa_fostering, 338_743);
  assert.equal(april!.total, 6_436_857 + 338_743);
  // May residential: 572,000 x 31 / 7 = 2,533,142.86p + 533,000p = 3,066,142.86p -> 3,066,143p. May
  // IFA has no child-days in this run but W's expected (negative) premium: the cell stops at 0.
  assert.equal(may!.byCategory.external_residential, 3_066_143);
  assert.equal(may!.byCategory.ifa_fostering, 0);
  // No premium: exactly as before.
  assert.deepEqual(costRun(run, BOOK, { premium: new Map() }), costRun(run, BOOK));
});

test("a scenario's percentage unit cost change scales the premium; a weekly amount does not", () => {
  const { premium } = childCostPremium(STARTING, COSTS, BOOK, TIMELINE);
  const run: MonthChildDays[] = [
    { month: '2025-04', childDays: { external_residential: 60 }, coveredFrom: '2025-04-01', coveredTo: '2025-04-30' },
  ];
  const tenPercent = costRun(run, BOOK, {
    premium,
    adjustments: [
      { kind: 'unitCostChange', start: '2025-04-01', rampMonths: 0, category: 'external_residential', percent: -10 },
    ],
  });
  // Both prices 10% lower: 514,800 x 60 / 7 = 4,412,571.43p + 1,534,000 x 0.9 = 1,380,600p -> 5,793,171p.
  assert.equal(tenPercent[0]!.byCategory.external_residential, 5_793_171);
  const hundredPounds = costRun(run, BOOK, {
    premium,
    adjustments: [
      {
        kind: 'unitCostChange',
        start: '2025-04-01',
        rampMonths: 0,
        category: 'external_residential',
        weeklyChangePence: -10_000,
      },
    ],
  });
  // Every placement £100 a week cheaper: 562,000 x 60 / 7 = 4,817,142.86p + 1,534,000p -> 6,351,143p.
  assert.equal(hundredPounds[0]!.byCategory.external_residential, 6_351_143);
});
