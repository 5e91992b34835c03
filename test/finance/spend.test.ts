import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateBook, upliftFactor } from '../../src/domain/finance/unitCosts.ts';
import {
  averageChildren,
  combineActualAndForecast,
  costRun,
  summariseRuns,
  totalsByPeriod,
  type MonthChildDays,
} from '../../src/domain/finance/spend.ts';
import { basis, price } from './builders.ts';

// Ten children in in-house fostering all month, every month from January to April 2025.
const TEN_CHILDREN: MonthChildDays[] = [
  { month: '2025-01', childDays: { inhouse_fostering: 310 } },
  { month: '2025-02', childDays: { inhouse_fostering: 280 } },
  { month: '2025-03', childDays: { inhouse_fostering: 310 } },
  { month: '2025-04', childDays: { inhouse_fostering: 300 } },
];

// £700 a week in 2024/25 prices (£100 a day), 5% inflation in 2025/26.
const BOOK = new RateBook(basis([price('inhouse_fostering', 70000, 2024)], { 2025: 0.05 }));

test('spend per financial year across a year boundary, with inflation', () => {
  const months = costRun(TEN_CHILDREN, BOOK);
  // Worked by hand: 2024/25 price £700/wk = 10,000p a day.
  //   Jan 310 child-days x 10,000 = 3,100,000p; Feb 280 x 10,000 = 2,800,000p; Mar 3,100,000p.
  // 2025/26 price = £700 x 1.05 = £735/wk = 10,500p a day; Apr 300 x 10,500 = 3,150,000p.
  assert.deepEqual(
    months.map((m) => m.total),
    [3_100_000, 2_800_000, 3_100_000, 3_150_000],
  );
  const years = totalsByPeriod(months, 'year');
  assert.deepEqual(
    years.map((y) => [y.period, y.spend]),
    [
      ['2024/25', 9_000_000], // £90,000.00
      ['2025/26', 3_150_000], // £31,500.00
    ],
  );
  const quarters = totalsByPeriod(months, 'quarter');
  assert.deepEqual(
    quarters.map((q) => [q.period, q.spend]),
    [
      ['2024/25 Q4', 9_000_000],
      ['2025/26 Q1', 3_150_000],
    ],
  );
  // Average number looked after: 900 child-days over 90 days = 10.
  assert.equal(averageChildren(years[0]!), 10);
});

test('a part-year start costs only the days covered', () => {
  const partYear: MonthChildDays[] = [
    { month: '2025-01', childDays: { inhouse_fostering: 170 }, coveredFrom: '2025-01-15' },
    ...TEN_CHILDREN.slice(1),
  ];
  const years = totalsByPeriod(costRun(partYear, BOOK), 'year');
  // Worked by hand: 15-31 January is 17 days; 10 children = 170 child-days x 10,000p = 1,700,000p;
  // the year is 1,700,000 + 2,800,000 + 3,100,000 = 7,600,000p (£76,000.00) over 17 + 28 + 31 = 76 days.
  assert.equal(years[0]!.spend, 7_600_000);
  assert.equal(years[0]!.days, 76);
  assert.equal(averageChildren(years[0]!), 10);
});

test('inflation compounds over the years from the price year', () => {
  const inflation = { rates: { 2018: 0.02, 2019: 0.1 }, defaultRate: 0.03 };
  // 2017/18 prices to 2020/21: x 1.02 (2018/19) x 1.10 (2019/20) x 1.03 (2020/21, the default).
  assert.ok(Math.abs(upliftFactor(inflation, 2017, 2020) - 1.02 * 1.1 * 1.03) < 1e-12);
  assert.ok(Math.abs(upliftFactor(inflation, 2020, 2017) - 1 / (1.02 * 1.1 * 1.03)) < 1e-12);
  assert.equal(upliftFactor(inflation, 2019, 2019), 1);
});

test('uplifted weekly prices round half away from zero to whole pence', () => {
  const book = new RateBook(basis([price('ifa_fostering', 10010, 2024)], { 2025: 0.05 }));
  // 10,010p x 1.05 = 10,510.5p -> 10,511p.
  assert.equal(book.weekly('ifa_fostering', '2025-06-01').weeklyPence, 10511);
  assert.equal(book.weekly('ifa_fostering', '2025-03-31').weeklyPence, 10010);
});

test('each month and category is rounded once; totals are exact sums of the cells', () => {
  // £820.03 a week = 82,003p; one child all of January: 82,003 x 31 / 7 = 363,156.142857p -> 363,156p.
  // February: 82,003 x 28 / 7 = 328,012p exactly.
  const book = new RateBook(basis([price('ifa_fostering', 82003, 2024)]));
  const months = costRun(
    [
      { month: '2025-01', childDays: { ifa_fostering: 31 } },
      { month: '2025-02', childDays: { ifa_fostering: 28 } },
    ],
    book,
  );
  assert.deepEqual(
    months.map((m) => m.byCategory.ifa_fostering),
    [363_156, 328_012],
  );
  assert.equal(totalsByPeriod(months, 'year')[0]!.spend, 363_156 + 328_012);
});

test('a price taking effect mid-month is costed for its own days', () => {
  // £700/wk until 14 April 2025, then £1,400/wk from the 15th. Worked by hand, one child all April:
  // 14 days at 10,000p + 16 days at 20,000p = 140,000 + 320,000 = 460,000p.
  const book = new RateBook(
    basis([
      price('inhouse_fostering', 70000, 2025),
      price('inhouse_fostering', 140000, 2025, { effectiveFrom: '2025-04-15' }),
    ]),
  );
  const [april] = costRun([{ month: '2025-04', childDays: { inhouse_fostering: 30 } }], book);
  assert.equal(april!.total, 460_000);
});

test('PLACE-code prices override the category price where given', () => {
  const book = new RateBook(
    basis([
      price('external_residential', 400000, 2025),
      price('external_residential', 500000, 2025, { placeCode: 'K2' }),
    ]),
  );
  assert.equal(book.weekly('external_residential', '2025-05-01', 'K2').weeklyPence, 500000);
  assert.equal(book.weekly('external_residential', '2025-05-01', 'R1').weeklyPence, 400000);
  assert.equal(book.weekly('external_residential', '2025-05-01').weeklyPence, 400000);
});

test('unit cost change and new provision are applied by finance', () => {
  const book = new RateBook(
    basis([price('inhouse_fostering', 70000, 2024), price('inhouse_residential', 350000, 2025)], { 2025: 0.05 }),
  );
  const scenarioRun: MonthChildDays[] = [
    { month: '2025-04', childDays: { inhouse_fostering: 300, inhouse_residential: 90 } },
  ];
  const baselineRun: MonthChildDays[] = [
    { month: '2025-04', childDays: { inhouse_fostering: 300, inhouse_residential: 0 } },
  ];
  const [april] = costRun(scenarioRun, book, {
    baseline: baselineRun,
    adjustments: [
      { kind: 'unitCostChange', category: 'inhouse_fostering', percent: -10, start: '2025-04-01', rampMonths: 3 },
      {
        kind: 'provisionCost',
        name: 'Two-bed homes',
        category: 'inhouse_residential',
        capacity: 2,
        runningCostPerYearPence: 36_500_000,
        start: '2025-04-01',
        rampMonths: 0,
      },
    ],
  });
  // Fostering: £735/wk less a third of 10% in the first month of a 3-month ramp:
  //   73,500 x (1 - 0.1/3) = 71,050p/wk; x 300 child-days / 7 = 3,045,000p.
  assert.equal(april!.byCategory.inhouse_fostering, 3_045_000);
  // Provision: £365,000 a year over 365 days of 2025/26 = 100,000p a day; April 30 days = 3,000,000p.
  assert.equal(april!.provision, 3_000_000);
  // 90 extra child-days over the baseline, of which capacity 2 x 30 days = 60 are in the homes;
  // the other 30 pay the unit price £3,500/wk = 50,000p a day: 1,500,000p.
  assert.equal(april!.byCategory.inhouse_residential, 1_500_000);
  assert.equal(april!.total, 3_045_000 + 3_000_000 + 1_500_000);
});

test('summariseRuns gives quantiles across runs; outturn combines actual and forecast months', () => {
  const book = new RateBook(basis([price('inhouse_fostering', 70000, 2024)]));
  const runs = [10, 20, 30].map((n) => costRun([{ month: '2025-03', childDays: { inhouse_fostering: n * 31 } }], book));
  const [year] = summariseRuns(runs, 'year');
  // 310, 620, 930 child-days at 10,000p = 3.1m, 6.2m, 9.3m pence; mean and median 6.2m.
  assert.equal(year!.spend.mean, 6_200_000);
  assert.equal(year!.spend.p50, 6_200_000);
  assert.equal(year!.children.p50, 20);
  const actual = costRun([{ month: '2025-02', childDays: { inhouse_fostering: 280 } }], book);
  const outturn = combineActualAndForecast(actual, runs[0]!);
  assert.equal(totalsByPeriod(outturn, 'year')[0]!.spend, 2_800_000 + 3_100_000);
});

test('no runs summarise to zeros', () => {
  assert.deepEqual(summariseRuns([], 'year'), []);
});

test("a fixed price base costs every year in that year's prices", () => {
  // £700/wk in 2024/25 prices, 5% inflation in 2025/26, everything in 2025/26 prices:
  // every day costs £735/wk = 10,500p a day, January 2025 included.
  const real = new RateBook({ ...basis([price('inhouse_fostering', 70000, 2024)], { 2025: 0.05 }), priceBase: 2025 });
  const months = costRun(TEN_CHILDREN, real);
  // Worked by hand: (310 + 280 + 310 + 300) child-days x 10,500p = 12,600,000p.
  assert.deepEqual(
    months.map((m) => m.total),
    [3_255_000, 2_940_000, 3_255_000, 3_150_000],
  );
  assert.equal(
    months.reduce((s, m) => s + m.total, 0),
    12_600_000,
  );
});
