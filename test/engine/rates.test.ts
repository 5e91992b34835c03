import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_AGE_BANDS } from '../../src/domain/ageBands.ts';
import { EXIT_ROUTES } from '../../src/domain/exitRoutes.ts';
import { PLACEMENT_CATEGORIES, type PlacementCategory } from '../../src/domain/placementCategories.ts';
import { CHI_SQUARE_95, fitRates, stableExits, type FittedRates } from '../../src/domain/engine/rates.ts';
import { periodsOfCare, truncateAt } from '../../src/domain/engine/periods.ts';
import { child, episode } from './support/builders.ts';
import { simulateCaseData } from './support/simulateCaseData.ts';

const nC = PLACEMENT_CATEGORIES.length;
const nR = EXIT_ROUTES.length;
const band = (key: string): number => DEFAULT_AGE_BANDS.findIndex((b) => b.key === key);
const cat = (c: PlacementCategory): number => PLACEMENT_CATEGORIES.indexOf(c);
const exitCell = (r: FittedRates, b: string, c: PlacementCategory, route: (typeof EXIT_ROUTES)[number]) =>
  r.exits[(band(b) * nC + cat(c)) * nR + EXIT_ROUTES.indexOf(route)]!;
const transCell = (r: FittedRates, b: string, from: PlacementCategory, to: PlacementCategory) =>
  r.transitions[(band(b) * nC + cat(from)) * nC + cat(to)]!;

// Two children over a 12-month window 2023-01-01 .. 2024-01-01 (exclusive), worked by hand.
// A (born 2010-06-15, aged 12: band 10_to_15) enters in-house fostering on 2023-03-01, moves to an
// IFA on 2023-05-01 (X1), moves to another IFA on 2023-07-01 (X1: same category, not a transition),
// returns home (E4A) on 2023-09-01. A short break (V3) in 2023-10 is ignored.
//   exposure in-house 10_to_15: 1 Mar - 30 Apr = 31 + 30 = 61 days
//   exposure IFA 10_to_15: 1 May - 31 Aug = 31 + 30 + 31 + 31 = 123 days
// B (born 2005-08-10) in external residential since 2020 leaves on the 18th birthday 2023-08-10 (E8):
//   exposure external residential 16_plus: 1 Jan - 9 Aug = 31+28+31+30+31+30+31+9 = 221 days;
//   the exit is ageing out (agedOut = 1), not an exit rate event.
const handData = Object.freeze({
  children: Object.freeze([child('A', '2010-06-15'), child('B', '2005-08-10')]),
  episodes: Object.freeze([
    episode('A', '2023-03-01', '2023-05-01', 'U4', 'PR1', 'X1'),
    episode('A', '2023-05-01', '2023-07-01', 'U4', 'PR4', 'X1', { reasonNew: 'P' }),
    episode('A', '2023-07-01', '2023-09-01', 'U5', 'PR5', 'E4A', { reasonNew: 'P' }),
    episode('A', '2023-10-02', '2023-10-05', 'T2', null, 'E8', { legalStatus: 'V3' }),
    episode('B', '2020-02-01', '2023-08-10', 'K2', 'PR4', 'E8'),
  ]),
});

/** The hand data's fits below: a 12-month reference window (2023) over data from 2020, exits over that window alone. */
const HAND_2023 = { start: '2024-01-01', referenceMonths: 12, dataFrom: '2020-01-01', exitPoolMonths: 0 } as const;

test('rates over a hand-worked window: exposure in child-days and event counts', () => {
  // One window for everything (exitPoolMonths 0: exits and moves not pooled with older months).
  const r = fitRates(handData, HAND_2023);
  assert.equal(r.referenceDays, 365);
  assert.equal(r.referenceStart, '2023-01-01');
  assert.equal(r.exposure[band('10_to_15') * nC + cat('inhouse_fostering')], 61);
  assert.equal(r.exposure[band('10_to_15') * nC + cat('ifa_fostering')], 123);
  assert.equal(r.exposure[band('16_plus') * nC + cat('external_residential')], 221);
  const entry = r.entries[band('10_to_15') * nC + cat('inhouse_fostering')]!;
  assert.deepEqual(entry, { events: 1, exposureDays: 365, ratePerDay: 1 / 365 });
  assert.deepEqual(transCell(r, '10_to_15', 'inhouse_fostering', 'ifa_fostering'), {
    events: 1,
    exposureDays: 61,
    ratePerDay: 1 / 61,
  });
  assert.equal(
    transCell(r, '10_to_15', 'ifa_fostering', 'ifa_fostering').events,
    0,
    'a move within a category is not a transition',
  );
  assert.deepEqual(exitCell(r, '10_to_15', 'ifa_fostering', 'return_home'), {
    events: 1,
    exposureDays: 123,
    ratePerDay: 1 / 123,
  });
  assert.equal(r.agedOut, 1);
  const totalExitEvents = r.exits.reduce((s, c) => s + c.events, 0);
  assert.equal(totalExitEvents, 1, 'turning 18 is not an exit-rate event');
  assert.deepEqual(r.entryAgesDays[band('10_to_15')], [4642]); // 2010-06-15 .. 2023-03-01 = 4642 days
});

test('moves and exits over a longer window than entries when asked (exitReferenceMonths), clipped to the data', () => {
  const same = fitRates(handData, HAND_2023);
  assert.equal(same.exitReferenceStart, '2023-01-01');
  assert.equal(same.exitReferenceDays, 365);
  const r = fitRates(handData, { ...HAND_2023, exitReferenceMonths: 24 });
  assert.equal(r.referenceStart, '2023-01-01');
  assert.equal(r.exitReferenceStart, '2022-01-01');
  assert.equal(r.exitReferenceDays, 730);
  // Entries over the 12 months: A's one entry over 365 days.
  assert.deepEqual(r.entries[band('10_to_15') * nC + cat('inhouse_fostering')], {
    events: 1,
    exposureDays: 365,
    ratePerDay: 1 / 365,
  });
  // B's child-days in external residential aged 16+: 2022-01-01 to the 18th birthday 2023-08-10.
  assert.equal(r.exposure[band('16_plus') * nC + cat('external_residential')], 365 + 221);
  assert.equal(exitCell(r, '10_to_15', 'ifa_fostering', 'return_home').events, 1);
  const clipped = fitRates(handData, { ...HAND_2023, exitReferenceMonths: 24, dataFrom: '2022-06-01' });
  assert.equal(clipped.exitReferenceStart, '2022-06-01');
  assert.equal(clipped.referenceStart, '2023-01-01');
});

test('stableExits, worked by hand: likelihood ratio of one exit rate per time-in-care band against two', () => {
  // Band 1: 10 exits over 100 days against 30 over 100; one rate: 20 and 20 expected.
  //   G = 2 (10 ln(10/20) + 30 ln(30/20)) = 2 (-6.9315 + 12.1640) = 10.465 > 3.841 (1 df): not stable.
  const changed = stableExits({ events: [10], exposure: [100] }, { events: [30], exposure: [100] });
  assert.ok(Math.abs(changed.g - 2 * (10 * Math.log(0.5) + 30 * Math.log(1.5))) < 1e-12);
  assert.ok(Math.abs(changed.g - 10.465) < 1e-3);
  assert.deepEqual([changed.df, changed.stable], [1, false]);
  // Two bands: 20/100 against 22/100 (expected 21 each) and 0/50 against 6/100 (expected 2 and 4):
  //   G = 2 (20 ln(20/21) + 22 ln(22/21)) + 2 (0 + 6 ln(6/4)) = 0.0952 + 4.8656 = 4.961 < 5.991 (2 df).
  const two = stableExits({ events: [20, 0], exposure: [100, 50] }, { events: [22, 6], exposure: [100, 100] });
  assert.ok(Math.abs(two.g - (2 * (20 * Math.log(20 / 21) + 22 * Math.log(22 / 21)) + 12 * Math.log(1.5))) < 1e-12);
  assert.ok(Math.abs(two.g - 4.961) < 1e-3);
  assert.deepEqual([two.df, two.stable], [2, true]);
  // Bands with no exposure in a window, or no exits in either, carry no evidence: no degrees of freedom.
  const none = stableExits({ events: [3, 0], exposure: [0, 10] }, { events: [5, 0], exposure: [10, 10] });
  assert.deepEqual(none, { g: 0, df: 0, stable: true });
  assert.equal(CHI_SQUARE_95[5], 12.592);
});

test('exitPoolMonths: older months pooled for moves and exits only when their exits are stable', () => {
  // The hand data: no exit in 2022 against A's one in 2023, in a band (6-12 months in care) nobody
  // was in during 2022, so there is no evidence of a change: 2022 is pooled.
  const pooling = { ...HAND_2023, exitPoolMonths: 12 } as const;
  const pooled = fitRates(handData, pooling);
  assert.equal(pooled.referenceStart, '2023-01-01');
  assert.equal(pooled.exitReferenceStart, '2022-01-01');
  assert.equal(pooled.exposure[band('16_plus') * nC + cat('external_residential')], 365 + 221);
  // Twenty children home within ten days in 2022, twenty who stay in 2023: exits under a month in
  // care 20 over 200 child-days against 0 over 20 × 30: G = 2 · 20 ln(20 / 5) = 55.5 (1 df), not pooled.
  const ids = Array.from({ length: 20 }, (_, i) => `C${i}`);
  const changed = {
    children: ids.flatMap((id) => [child(`${id}a`, '2012-01-01'), child(`${id}b`, '2012-01-01')]),
    episodes: ids.flatMap((id) => [
      episode(`${id}a`, '2022-02-01', '2022-02-11', 'U4', 'PR1', 'E4A'),
      episode(`${id}b`, '2023-02-01', null, 'U4', 'PR1', null),
    ]),
  };
  const kept = fitRates(changed, pooling);
  assert.equal(kept.exitReferenceStart, '2023-01-01');
  assert.equal(kept.exitReferenceDays, 365);
  // The default pools 12 months (DEFAULT_EXIT_POOL_MONTHS); 0 never pools.
  const { exitPoolMonths: _pool, ...byDefaultOptions } = HAND_2023;
  const byDefault = fitRates(handData, byDefaultOptions);
  assert.equal(byDefault.exitReferenceStart, '2022-01-01');
  const never = fitRates(handData, HAND_2023);
  assert.equal(never.exitReferenceStart, '2023-01-01');
});

test('empty data: every rate is 0 with a warning, never NaN', () => {
  const r = fitRates({ children: [], episodes: [] }, { start: '2024-01-01' });
  for (const c of [...r.entries, ...r.exits, ...r.transitions]) assert.equal(c.ratePerDay, 0);
  assert.ok(r.warnings.some((w) => w.includes('no periods of care')));
});

test('periods of care: X1 joins, a gap starts a new period, short breaks are left out', () => {
  const { periods } = periodsOfCare(handData);
  const a = periods.filter((p) => p.child.childId === 'A');
  assert.equal(a.length, 1);
  assert.deepEqual(
    a[0]!.segments.map((s) => s.category),
    ['inhouse_fostering', 'ifa_fostering'],
  );
  const gap = periodsOfCare({
    children: [child('C', '2015-01-01')],
    episodes: [
      episode('C', '2020-01-01', '2020-02-01', 'U4', 'PR1', 'E4A'),
      episode('C', '2020-03-01', null, 'U4', 'PR1', null),
    ],
  }).periods;
  assert.equal(gap.length, 2);
  assert.equal(gap[1]!.end, null);
});

test('truncateAt: the data as an extract on the cutoff would show it', () => {
  const t = truncateAt(handData, '2023-06-01');
  assert.equal(t.episodes.length, 3); // A's first two (the second now open) and B's (now open)
  const open = t.episodes.filter((e) => e.end === null);
  assert.equal(open.length, 2);
  assert.ok(open.every((e) => e.reasonEnded === null));
});

test('recovers known rates from data simulated with those rates (within 4 standard errors)', () => {
  // Simulated day by day by an independent simulator (test/engine/support/simulateCaseData.ts).
  const known = {
    entriesPerDay: { 3: { inhouse_fostering: 0.6 } },
    exitsPerDay: { return_home: 0.0012, sgo_cao: 0.0004 },
    transitionsPerDay: { inhouse_fostering: { ifa_fostering: 0.001 } },
    sameCategoryMovePerDay: 0.002,
  };
  const data = simulateCaseData(known, '2017-04-01', '2024-03-31', 5);
  const r = fitRates(data, { start: '2024-03-31', referenceMonths: 48 });
  const check = (
    label: string,
    cell: { events: number; exposureDays: number; ratePerDay: number },
    truth: number,
  ): void => {
    const se = Math.sqrt(Math.max(cell.events, 1)) / cell.exposureDays;
    assert.ok(cell.events > 30, `${label}: too few events (${cell.events}) for the check`);
    assert.ok(
      Math.abs(cell.ratePerDay - truth) < 4 * se,
      `${label}: estimated ${cell.ratePerDay}, true ${truth}, se ${se}`,
    );
  };
  check('entries', r.entries[band('10_to_15') * nC + cat('inhouse_fostering')]!, 0.6);
  check('return home (in-house, 10-15)', exitCell(r, '10_to_15', 'inhouse_fostering', 'return_home'), 0.0012);
  check('SGO (in-house, 10-15)', exitCell(r, '10_to_15', 'inhouse_fostering', 'sgo_cao'), 0.0004 * (1 - 0.0012));
  check(
    'in-house -> IFA (10-15)',
    transCell(r, '10_to_15', 'inhouse_fostering', 'ifa_fostering'),
    0.001 * (1 - 0.0016),
  );
  check('return home (IFA, 10-15)', exitCell(r, '10_to_15', 'ifa_fostering', 'return_home'), 0.0012);
  assert.equal(transCell(r, '10_to_15', 'inhouse_fostering', 'inhouse_fostering').events, 0);
  // Entrants aged 10-15 who stay past 16 move band on their birthday and keep their rates.
  check('return home (IFA, 16+)', exitCell(r, '16_plus', 'ifa_fostering', 'return_home'), 0.0012);
});

test('a steep entry trend is used but comes with a warning to check the data', () => {
  // Entries halve each year: 1.2 a day in 2019-20, 0.6 in 2020-21, 0.3 in 2021-22 ... (no exits).
  const children = [];
  const episodes = [];
  let n = 0;
  for (let year = 0; year < 5; year++) {
    const perMonth = Math.round(36 / 2 ** year);
    for (let month = 0; month < 12; month++) {
      for (let k = 0; k < perMonth; k++) {
        const id = `T${n++}`;
        const day = 1 + ((k * 3) % 27);
        const date = `${2019 + Math.floor((month + 3) / 12) + year}-${String(((month + 3) % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        children.push(child(id, '2012-01-01'));
        episodes.push(episode(id, date, null, 'U4', 'PR1', null));
      }
    }
  }
  const r = fitRates({ children, episodes }, { start: '2024-03-31', dataFrom: '2019-04-01' });
  assert.ok(r.trend.percentPerYear < -25, `trend ${r.trend.percentPerYear}% a year`);
  assert.ok(
    r.warnings.some((w) =>
      /entries fell \d+% a year over the 60-month trend window .*check the returns are complete/.test(w),
    ),
    r.warnings.join('\n'),
  );
  const flat = fitRates({ children, episodes }, { start: '2024-03-31', dataFrom: '2019-04-01', entryModel: 'flat' });
  assert.ok(!flat.warnings.some((w) => w.startsWith('entries fell')), 'no warning when the trend is not used');
});
