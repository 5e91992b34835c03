import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDayNumber } from '../../src/domain/dates.ts';
import { buildTimeline, emptyLeaverFlows, emptyProjection } from '../../src/domain/engine/projection.ts';
import { EXIT_ROUTES } from '../../src/domain/exitRoutes.ts';
import { PLACEMENT_CATEGORIES } from '../../src/domain/placementCategories.ts';
import {
  DEFAULT_POST_CARE,
  forecastLineDays,
  lineDaysByMonth,
  lineIntervals,
  postCareSettings,
  postCareStockOn,
  type PostCareSettings,
} from '../../src/domain/finance/postCare.ts';
import { totalsByPeriod } from '../../src/domain/finance/spend.ts';
import { RateBook } from '../../src/domain/finance/unitCosts.ts';
import { actualMonthsWithPostCare, postCareCoster } from '../../src/services/spend.ts';
import { basis, child, episode, price } from './builders.ts';

// The three-children council of issue 10, over the financial years 2024/25 and 2025/26, no inflation:
// - A (born 1 October 2012) in kinship fostering (U1) from 1 January 2023 at the unit cost of £700 a
//   week (£100 a day), leaves care to special guardianship (E45) on 1 October 2024, their 12th
//   birthday, and is then funded at £200 a week with a take-up share of 60% until they turn 18 on
//   1 October 2030.
// - B (born 5 May 2010) in an external children's home (K2, PR4) from 1 January 2024 at their own
//   price of £6,300 a week (£900 a day).
// - C (born 3 March 2015) with an independent fostering agency (U4, PR4) from 15 June 2024 at the
//   unit cost of £840 a week (£120 a day).
const DATA = Object.freeze({
  children: [child('A', '2012-10-01'), child('B', '2010-05-05'), child('C', '2015-03-03')],
  episodes: [
    episode('A', '2023-01-01', '2024-10-01', { placement: 'U1', provider: 'PR1', reasonEnded: 'E45' }),
    episode('B', '2024-01-01', null, { placement: 'K2', provider: 'PR4' }),
    episode('C', '2024-06-15', null, { placement: 'U4', provider: 'PR4' }),
  ],
});
const CHILD_COSTS = [{ childId: 'B', provider: 'Home', start: '2024-01-01', end: null, weeklyPence: 630_000 }];
const BOOK = new RateBook(basis([price('kinship_fostering', 70_000, 2024), price('ifa_fostering', 84_000, 2024)]));
const SETTINGS: PostCareSettings = postCareSettings([
  { ...DEFAULT_POST_CARE.sgo_cao_allowance, weeklyPence: 20_000, priceYear: 2024, takeUp: 0.6 },
]);

test('post-care stock: A counts in the SGO line from leaving care until the day before turning 18', () => {
  const intervals = lineIntervals(DATA, SETTINGS);
  assert.deepEqual(
    intervals.map((i) => [i.childId, i.line]),
    [['A', 'sgo_cao_allowance']],
  );
  const stock = (date: string) => postCareStockOn(intervals, date);
  assert.equal(stock('2024-09-30').sgo_cao_allowance, 0, 'still looked after');
  assert.equal(stock('2024-10-01').sgo_cao_allowance, 1, 'left care that day (DEC)');
  assert.equal(stock('2030-09-30').sgo_cao_allowance, 1, 'the day before the 18th birthday');
  assert.equal(stock('2030-10-01').sgo_cao_allowance, 0, '18 today: the allowance has ended');
  assert.deepEqual(stock('2025-01-01'), {
    sgo_cao_allowance: 1,
    adoption_allowance: 0,
    staying_put: 0,
    care_leavers: 0,
  });
});

test('three children over two financial years: placements and the SGO allowance, to the penny (worked by hand)', () => {
  const months = actualMonthsWithPostCare(
    DATA,
    BOOK,
    CHILD_COSTS,
    SETTINGS,
    lineIntervals(DATA, SETTINGS),
    '2024-04-01',
    '2026-04-01',
  );
  const years = totalsByPeriod(months, 'year');
  // 2024/25:
  //   A kinship 1 April - 30 September 2024: 183 days x £100 = £18,300.00
  //   B own price 365 days x £900 = £328,500.00
  //   C unit cost 15 June 2024 - 31 March 2025: 16+31+31+30+31+30+31+31+28+31 = 290 days x £120 = £34,800.00
  //   A's allowance, 1 October 2024 - 31 March 2025, funded days x 60% x £200 / 7 rounded per month:
  //     31-day months 31 x 0.6 x 20,000 / 7 = 53,142.857p -> 53,143p (October, December, January, March)
  //     November 30 x 0.6 x 20,000 / 7 = 51,428.571p -> 51,429p; February 28 x 0.6 x 20,000 / 7 = 48,000p
  //     4 x 53,143 + 51,429 + 48,000 = 312,001p = £3,120.01 (the exact £3,120 plus a penny of monthly rounding)
  //   total £384,720.01
  // 2025/26:
  //   B £328,500.00; C 365 days x £120 = £43,800.00
  //   A's allowance, 7 months of 31 days x 53,143p + 4 of 30 days x 51,429p + February 48,000p = 625,717p
  //   total £378,557.17
  const y1 = years[0]!;
  const y2 = years[1]!;
  assert.equal(y1.period, '2024/25');
  assert.equal(y1.byCategory.kinship_fostering, 1_830_000);
  assert.equal(y1.byCategory.external_residential, 32_850_000);
  assert.equal(y1.byCategory.ifa_fostering, 3_480_000);
  assert.equal(y1.byLine.sgo_cao_allowance, 312_001);
  assert.equal(y1.spend, 38_472_001);
  assert.equal(y2.period, '2025/26');
  assert.equal(y2.byCategory.kinship_fostering, 0);
  assert.equal(y2.byCategory.external_residential, 32_850_000);
  assert.equal(y2.byCategory.ifa_fostering, 4_380_000);
  assert.equal(y2.byLine.sgo_cao_allowance, 625_717);
  assert.equal(y2.spend, 37_855_717);
  // Funded child-days: 182 x 0.6 = 109.2 in 2024/25, 365 x 0.6 = 219 in 2025/26.
  assert.ok(Math.abs(y1.lineDays.sgo_cao_allowance - 109.2) < 1e-9);
  assert.ok(Math.abs(y2.lineDays.sgo_cao_allowance - 219) < 1e-9);
  // Every month: categories, provision and lines add up to the total.
  for (const m of months) {
    const parts =
      Object.values(m.byCategory).reduce((s, x) => s + x, 0) +
      m.provision +
      Object.values(m.byLine).reduce((s, x) => s + x, 0);
    assert.equal(parts, m.total, m.month);
  }
});

test('the forecast carries A in the SGO line to their 18th birthday and no further (known children)', () => {
  // A forecast from 31 March 2026 for 60 months (to March 2031) of a projection with nobody leaving.
  const timeline = buildTimeline('2026-03-31', 60);
  const projection = {
    ...emptyProjection('simulated', 1, timeline, PLACEMENT_CATEGORIES, ['a'], EXIT_ROUTES),
    leavers: emptyLeaverFlows(1, 60, EXIT_ROUTES.length, PLACEMENT_CATEGORIES.length),
  };
  const lines = postCareCoster(projection, {
    book: BOOK,
    postCare: SETTINGS,
    lineIntervals: lineIntervals(DATA, SETTINGS),
  })(0);
  const sgo = (month: string) => lines.find((l) => l.month === month)?.spend.sgo_cao_allowance;
  assert.equal(sgo('2026-04'), 51_429, 'April 2026: 30 days x 0.6 x £200 / 7');
  // September 2030: the last month, all 30 days (the 18th birthday is 1 October).
  assert.equal(sgo('2030-09'), 51_429);
  assert.equal(sgo('2030-10'), 0);
  assert.equal(sgo('2031-03'), 0);
});

test('the forecast carries each run’s leavers: days under 18, then cohorts turning 18 to the end age (worked by hand)', () => {
  // Two months, April and May 2026 (30 and 31 days). In run 0: 40 child-days in April of children
  // who left by special guardianship; in May 3 children age out of in-house fostering and 1 who left
  // to independent living at 17 turns 18. Staying Put (end age 21) and care leavers (end age 21)
  // take the May cohorts from their birthdays: on average (31 + 1) / 2 = 16 days each in May.
  const timeline = buildTimeline('2026-03-31', 2);
  const leavers = emptyLeaverFlows(1, 2, EXIT_ROUTES.length, PLACEMENT_CATEGORIES.length);
  const nR = EXIT_ROUTES.length;
  const nC = PLACEMENT_CATEGORIES.length;
  leavers.daysUnder18ByRoute[0 * nR + EXIT_ROUTES.indexOf('sgo_cao')] = 40;
  leavers.agedOutByCategory[1 * nC + PLACEMENT_CATEGORIES.indexOf('inhouse_fostering')] = 3;
  leavers.turning18ByRoute[1 * nR + EXIT_ROUTES.indexOf('independence_or_18')] = 1;
  const days = forecastLineDays(timeline, EXIT_ROUTES, PLACEMENT_CATEGORIES, leavers, 0, DEFAULT_POST_CARE, new Map());
  assert.equal(days[0]!.sgo_cao_allowance, 40);
  assert.equal(days[1]!.staying_put, 3 * 16, 'the 3 fostered young people, 16 days each');
  assert.equal(days[1]!.care_leavers, 4 * 16, 'all 4 who turned 18 having left to independence or aged out');
  assert.equal(days[0]!.care_leavers, 0);
});

test('line days by month: an interval split across months, cut at the range', () => {
  const intervals = [
    {
      childId: 'X',
      line: 'care_leavers' as const,
      from: toDayNumber('2025-01-30'),
      to: toDayNumber('2025-02-03'),
      endDay: toDayNumber('2028-01-01'),
    },
  ];
  const byMonth = lineDaysByMonth(intervals, '2025-01-01', '2025-03-01');
  assert.equal(byMonth.get('2025-01')!.care_leavers, 2, '30 and 31 January');
  assert.equal(byMonth.get('2025-02')!.care_leavers, 2, '1 and 2 February');
  const open = lineDaysByMonth(intervals, '2025-01-01', '2025-03-01', true);
  assert.equal(open.get('2025-02')!.care_leavers, 28, 'open-ended: to the end age');
});

test('who counts in which line: care leavers at 16+, Staying Put from foster care at 18, re-entry stops the line', () => {
  const data = {
    children: [child('P', '2006-05-01'), child('Q', '2007-02-01'), child('R', '2012-01-01'), child('S', '2006-07-01')],
    episodes: [
      // P ages out of in-house fostering on 1 May 2024: Staying Put and a care leaver.
      episode('P', '2020-01-01', '2024-05-01', { reasonEnded: 'E17' }),
      // Q leaves to independent living at 16 (1 March 2023): a care leaver, not Staying Put.
      episode('Q', '2021-01-01', '2023-03-01', { placement: 'H5', reasonEnded: 'E5' }),
      // R leaves to special guardianship at 8, comes back into care on 1 June 2024.
      episode('R', '2019-01-01', '2020-01-01', { reasonEnded: 'E45' }),
      episode('R', '2024-06-01', null),
      // S ages out of a children's home: a care leaver, not Staying Put.
      episode('S', '2022-01-01', '2024-07-01', { placement: 'K2', provider: 'PR4', reasonEnded: 'E17' }),
    ],
  };
  const intervals = lineIntervals(data, DEFAULT_POST_CARE);
  const on = (date: string) => postCareStockOn(intervals, date);
  assert.deepEqual(on('2024-05-31'), { sgo_cao_allowance: 1, adoption_allowance: 0, staying_put: 1, care_leavers: 2 });
  assert.deepEqual(on('2024-07-01'), { sgo_cao_allowance: 0, adoption_allowance: 0, staying_put: 1, care_leavers: 3 });
  // P turns 21 on 1 May 2027, S on 1 July 2027, Q on 1 February 2028.
  assert.equal(on('2027-04-30').staying_put, 1);
  assert.equal(on('2027-05-01').staying_put, 0);
  assert.equal(on('2027-06-30').care_leavers, 2, 'Q and S (P has turned 21)');
  assert.equal(on('2028-01-31').care_leavers, 1, 'Q only');
  assert.equal(on('2028-02-01').care_leavers, 0);
});
