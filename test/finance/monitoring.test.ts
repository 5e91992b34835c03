import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monitorLines, monitoringPeriod, type MonitoringInput } from '../../src/domain/finance/monitoring.ts';

// The worked example of docs/budget-monitoring.md, financial year 2026/27, in pence. Each line has
// an actual part and two Monte Carlo runs whose mean gives the outturn of the example:
// - external residential: actual 130 weeks (910 days) £676,000; runs 903 and 917 days (mean 910),
//   £650,000 and £702,000 (mean £676,000): outturn 260 weeks, £1,352,000 (£5,200 a week).
// - agency fostering: actual 1,729 days £259,350; runs 1,722 and 1,736 days (mean 1,729), £250,000
//   and £268,700 (mean £259,350): outturn 3,458 days = 494 weeks, £518,700 (£1,050 a week).
// - SGO allowances: actual 1,092 funded days £31,200; runs 1,092 days each, £31,200 each: outturn
//   312 weeks, £62,400 (£200 a week).
const placements = 'placements';
const EXAMPLE: MonitoringInput[] = [
  {
    line: 'external_residential',
    mixGroup: placements,
    budgetPence: 104_000_000,
    budgetChildWeeks: 208,
    unitWeeklyPence: 480_000,
    actualPence: 67_600_000,
    actualDays: 910,
    forecastPence: [65_000_000, 70_200_000],
    forecastDays: [903, 917],
  },
  {
    line: 'ifa_fostering',
    mixGroup: placements,
    budgetPence: 52_000_000,
    budgetChildWeeks: 520,
    unitWeeklyPence: 90_000,
    actualPence: 25_935_000,
    actualDays: 1_729,
    forecastPence: [25_000_000, 26_870_000],
    forecastDays: [1_722, 1_736],
  },
  {
    line: 'sgo_cao_allowance',
    mixGroup: 'sgo_cao_allowance',
    budgetPence: 5_200_000,
    budgetChildWeeks: null,
    unitWeeklyPence: 20_000,
    actualPence: 3_120_000,
    actualDays: 1_092,
    forecastPence: [3_120_000, 3_120_000],
    forecastDays: [1_092, 1_092],
  },
];

test('variance and its volume, price and mix split: the worked example of docs/budget-monitoring.md, to the penny', () => {
  const { lines, total } = monitorLines(EXAMPLE);
  const [res, ifa, sgo] = lines;
  // External residential: outturn £1,352,000.00, variance £312,000.00;
  // volume 26 x 2/7 x £5,000 = 3,714,285.71p -> 3,714,286p; mix (260 - 754 x 2/7) x 500,000p =
  // 22,285,714.29p -> 22,285,714p; price 31,200,000 - 3,714,286 - 22,285,714 = 5,200,000p.
  assert.equal(res!.forecastRemaining, 67_600_000);
  assert.equal(res!.forecastOutturn, 135_200_000);
  assert.equal(res!.variance, 31_200_000);
  assert.deepEqual(res!.drivers, { volume: 3_714_286, mix: 22_285_714, price: 5_200_000 });
  // Agency fostering: outturn £518,700.00, variance (£1,300.00);
  // volume 26 x 5/7 x 100,000p = 1,857,142.86p -> 1,857,143p; mix (494 - 754 x 5/7) x 100,000p =
  // -4,457,142.86p -> -4,457,143p; price -130,000 - 1,857,143 + 4,457,143 = 2,470,000p.
  assert.equal(ifa!.forecastOutturn, 51_870_000);
  assert.equal(ifa!.variance, -130_000);
  assert.deepEqual(ifa!.drivers, { volume: 1_857_143, mix: -4_457_143, price: 2_470_000 });
  // SGO: budget 5,200,000p at the 20,000p unit cost = 260 weeks; outturn 312 weeks:
  // volume (312 - 260) x 20,000p = 1,040,000p, no mix, no price.
  assert.equal(sgo!.working.budgetChildWeeks, 260);
  assert.deepEqual(sgo!.drivers, { volume: 1_040_000, mix: 0, price: 0 });
  // Total: budget £1,612,000.00, outturn £1,933,100.00, variance £321,100.00 =
  // volume £66,114.29 + mix £178,285.71 + price £76,700.00.
  assert.equal(total.budget, 161_200_000);
  assert.equal(total.forecastOutturn, 193_310_000);
  assert.equal(total.variance, 32_110_000);
  assert.deepEqual(total.drivers, { volume: 6_611_429, mix: 17_828_571, price: 7_670_000 });
  // The price effect is (P - Pb) x Q: £200 x 260 weeks and £50 x 494 weeks.
  assert.equal(res!.working.outturnWeeklyPence, 520_000);
  assert.equal(ifa!.working.outturnWeeklyPence, 105_000);
  // The 80% interval: 10th and 90th percentiles of the two runs' outturns (R-7: 10% and 90% of the way).
  // External residential outturns 132,600,000 and 137,800,000: 133,120,000 and 137,280,000.
  assert.deepEqual(res!.outturn80, [133_120_000, 137_280_000]);
  // Lines add up to the total.
  for (const key of ['budget', 'actualToDate', 'forecastRemaining', 'forecastOutturn', 'variance'] as const)
    assert.equal(
      lines.reduce((s, l) => s + l[key], 0),
      total[key],
      key,
    );
});

test('a budget equal to the outturn gives a variance of 0 (and no drivers when its child-weeks are the outturn’s)', () => {
  const equal = EXAMPLE.map((i) => ({
    ...i,
    budgetPence: i.actualPence + (i.forecastPence[0]! + i.forecastPence[1]!) / 2,
  }));
  const { lines, total } = monitorLines(equal);
  for (const l of lines) assert.equal(l.variance, 0, l.line);
  assert.equal(total.variance, 0);
  // Drivers still add up to 0 when the budget's child-weeks differ (budget mix of the example).
  for (const l of lines) assert.equal(l.drivers.volume + l.drivers.mix + l.drivers.price, 0);
  const same = equal.map((i) => ({
    ...i,
    budgetChildWeeks: (i.actualDays + (i.forecastDays[0]! + i.forecastDays[1]!) / 2) / 7,
  }));
  for (const l of monitorLines(same).lines) assert.deepEqual(l.drivers, { volume: 0, mix: 0, price: 0 }, l.line);
});

test('no budgets at all: the whole outturn is variance, split into volume at the unit cost and price', () => {
  const none = EXAMPLE.map((i) => ({ ...i, budgetPence: 0, budgetChildWeeks: null }));
  const { lines } = monitorLines(none);
  const res = lines[0]!;
  // External residential: 260 weeks at the 480,000p unit cost = 124,800,000p of volume; the rest is price.
  assert.equal(res.variance, 135_200_000);
  assert.deepEqual(res.drivers, { volume: 124_800_000, mix: 0, price: 10_400_000 });
});

test('movement since the previous saved period', () => {
  const previous = {
    asAt: '2026-08-31',
    byLine: new Map([
      ['external_residential', 130_000_000],
      ['total', 190_000_000],
    ]),
  };
  const { lines, total } = monitorLines(EXAMPLE, previous);
  assert.deepEqual(lines[0]!.previous, { asAt: '2026-08-31', forecastOutturn: 130_000_000 });
  assert.equal(lines[0]!.movement, 5_200_000);
  assert.equal(lines[1]!.previous, undefined, 'not in the saved period');
  assert.equal(total.movement, 3_310_000);
});

test('monitoring periods: April is P1, March is P12', () => {
  assert.equal(monitoringPeriod('2026-04-30'), 1);
  assert.equal(monitoringPeriod('2026-12-31'), 9);
  assert.equal(monitoringPeriod('2027-03-31'), 12);
});
