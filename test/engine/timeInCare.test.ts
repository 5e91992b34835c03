/**
 * Exits by time in care: the fit (events and child-days per time-in-care band, the multiplicative
 * factors), their recovery from data simulated with known factors, and the projection's use of them
 * against survival worked by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, toDayNumber } from '../../src/domain/dates.ts';
import { DEFAULT_AGE_BANDS } from '../../src/domain/ageBands.ts';
import { EXIT_ROUTES, type ExitRoute } from '../../src/domain/exitRoutes.ts';
import { PLACEMENT_CATEGORIES } from '../../src/domain/placementCategories.ts';
import {
  DEFAULT_DURATION_BOUNDS_DAYS,
  durationBandKey,
  fitRates,
  type DurationCell,
  type FittedRates,
} from '../../src/domain/engine/rates.ts';
import { project } from '../../src/domain/engine/project.ts';
import { populationTotal } from '../../src/domain/engine/projection.ts';
import { child, episode, populationOf, ratesFrom } from './support/builders.ts';
import { simulateCaseData } from './support/simulateCaseData.ts';

const nC = PLACEMENT_CATEGORIES.length;
const nR = EXIT_ROUTES.length;
const route = (r: ExitRoute): number => EXIT_ROUTES.indexOf(r);
const durationCell = (r: FittedRates, q: ExitRoute, k: number): DurationCell => {
  const nD = (r.durationBoundsDays ?? []).length + 1;
  return r.exitDuration?.[route(q) * nD + k] as DurationCell;
};

test('time-in-care band keys: readable names for the default bands, day ranges for custom bounds', () => {
  assert.deepEqual(
    Array.from({ length: DEFAULT_DURATION_BOUNDS_DAYS.length + 1 }, (_, d) =>
      durationBandKey(DEFAULT_DURATION_BOUNDS_DAYS, d),
    ),
    ['under_1_month', '1_to_6_months', '6_to_12_months', '1_to_2_years', '2_to_4_years', '4_years_plus'],
  );
  assert.deepEqual(
    [0, 1, 2].map((d) => durationBandKey([100, 365], d)),
    ['days_0_to_99', 'days_100_to_364', 'days_365_plus'],
  );
  assert.equal(durationBandKey([], 0), 'days_0_plus');
});

// A (born 2010-06-15, band 10_to_15) is looked after from 2023-03-01: in-house fostering to 30 April,
// an IFA from 1 May, home (E4A) on 2023-09-01. B (born 2005-08-10) has been in care since 2020 and
// ages out on 2023-08-10. Window 2023-01-01 .. 2024-01-01, one bound at 100 days in care.
//   A's first 100 days are 1 March .. 8 June (31 + 30 + 31 + 8): in-house 61 days (all under 100),
//   IFA 39 days under 100 (1 May .. 8 June) and 84 days from 100 (9 June .. 31 August: 22 + 31 + 31).
//   The exit on 1 September is carried by 31 August, day 183 of care: band 1 (100 days and over).
//   B: 221 child-days, all 100 days and over; turning 18 is not an exit-rate event.
// Band 0: 61 + 39 = 100 child-days, no return home; band 1: 84 + 221 = 305 child-days, one.
const handData = {
  children: [child('A', '2010-06-15'), child('B', '2005-08-10')],
  episodes: [
    episode('A', '2023-03-01', '2023-05-01', 'U4', 'PR1', 'X1'),
    episode('A', '2023-05-01', '2023-09-01', 'U4', 'PR4', 'E4A', { reasonNew: 'P' }),
    episode('B', '2020-02-01', '2023-08-10', 'K2', 'PR4', 'E8'),
  ],
};

test('time in care, worked by hand: child-days and exits per band, and factors that solve the model', () => {
  const r = fitRates(handData, {
    start: '2024-01-01',
    referenceMonths: 12,
    dataFrom: '2020-01-01',
    durationBoundsDays: [100],
    exitPoolMonths: 0,
  });
  const home0 = durationCell(r, 'return_home', 0);
  const home1 = durationCell(r, 'return_home', 1);
  assert.equal(home0.exposureDays, 100);
  assert.equal(home1.exposureDays, 305);
  assert.equal(home0.events, 0);
  assert.equal(home1.events, 1);
  // The only return home is in (10_to_15, IFA): 39 child-days in band 0 and 84 in band 1. With
  // S = 39·f0 + 84·f1 the model's equations are E0 = 39/S, E1 = 84/S (the events the band's
  // child-days give at the base rate 1/S) and f = (events + 2) / (E + 2), the prior of 2 events.
  const ifa = PLACEMENT_CATEGORIES.indexOf('ifa_fostering');
  const b = DEFAULT_AGE_BANDS.findIndex((x) => x.key === '10_to_15');
  const S = 39 * home0.factor + 84 * home1.factor;
  assert.ok(
    Math.abs((r.exitStandardisedExposure?.[(b * nC + ifa) * nR + route('return_home')] as number) - S) < 1e-9 * S,
  );
  assert.ok(Math.abs(home0.expectedEvents - 39 / S) < 1e-6);
  assert.ok(Math.abs(home1.expectedEvents - 84 / S) < 1e-6);
  assert.ok(Math.abs(home0.factor - 2 / (39 / S + 2)) < 1e-4, `f0 ${home0.factor}`);
  assert.ok(Math.abs(home1.factor - 3 / (84 / S + 2)) < 1e-4, `f1 ${home1.factor}`);
  // The cell's one event is reproduced: base rate × Σ child-days × factor = 1.
  assert.ok(Math.abs((1 / S) * (39 * home0.factor + 84 * home1.factor) - 1) < 1e-12);
  // Routes with no exits keep a factor of 1 (the prior alone).
  assert.equal(durationCell(r, 'adoption', 0).factor, 1);
});

test('recovers known time-in-care factors from data simulated with them', () => {
  // Return home three times as likely in the first 6 months as in months 6-24, and 0.4 times as
  // likely after 24 months; other exits do not depend on time in care.
  const known = {
    entriesPerDay: { 3: { inhouse_fostering: 0.5 } },
    exitsPerDay: { return_home: 0.001, sgo_cao: 0.0003 },
    transitionsPerDay: {},
    exitFactorsByTimeInCare: { boundsDays: [183, 730], factors: { return_home: [3, 1, 0.4] } },
  };
  const data = simulateCaseData(known, '2014-04-01', '2024-03-31', 11);
  const r = fitRates(data, { start: '2024-03-31', referenceMonths: 60, durationBoundsDays: [183, 730] });
  const f = [0, 1, 2].map((k) => durationCell(r, 'return_home', k));
  for (const c of f) assert.ok(c.events > 40, `too few events (${c.events}) for the check`);
  // Ratios of factors are the identifiable quantity; on the log scale their standard error is
  // about sqrt(1/events_a + 1/events_b).
  const check = (a: DurationCell, b: DurationCell, truth: number, label: string): void => {
    const se = Math.sqrt(1 / a.events + 1 / b.events);
    const got = Math.log(a.factor / b.factor);
    assert.ok(
      Math.abs(got - Math.log(truth)) < 4 * se,
      `${label}: ratio ${Math.exp(got).toFixed(3)}, true ${truth}, log se ${se.toFixed(3)}`,
    );
  };
  check(f[0] as DurationCell, f[1] as DurationCell, 3, 'under 6 months / 6-24 months');
  check(f[2] as DurationCell, f[1] as DurationCell, 0.4, '24 months+ / 6-24 months');
  const sgo = [0, 1, 2].map((k) => durationCell(r, 'sgo_cao', k));
  check(sgo[0] as DurationCell, sgo[1] as DurationCell, 1, 'SGO: no dependence');
});

/** Hand-built rates with one exit route whose hazard is λ × factor of the time-in-care band. */
function ratesWithFactors(
  start: string,
  lambda: number,
  bounds: readonly number[],
  factors: readonly number[],
): FittedRates {
  const base = ratesFrom({ start, exits: [{ category: 'inhouse_fostering', route: 'return_home', perDay: lambda }] });
  const nD = bounds.length + 1;
  const exitDuration: DurationCell[] = [];
  for (let q = 0; q < nR; q++) {
    for (let k = 0; k < nD; k++) {
      exitDuration.push({
        events: 0,
        exposureDays: 0,
        expectedEvents: 0,
        factor: q === route('return_home') ? (factors[k] as number) : 1,
      });
    }
  }
  // Base rate = events / standardised exposure = λ: the standardised exposure is the cell's exposure.
  return {
    ...base,
    durationBoundsDays: bounds,
    exitDuration,
    exitStandardisedExposure: base.exits.map((c) => c.exposureDays),
  };
}

test('projection with time in care, worked by hand: children long in care leave at λ × their band factor', () => {
  // 200 children aged 10, in care since 2015 (band "24 months and over"), λ = 0.002 a day, factor 0.5:
  // survivors after the 30 days of April = 200·e^(−0.001·30) = 194.09; after 91 days (to 30 June)
  // 200·e^(−0.091) = 182.60.
  const start = '2025-03-31';
  const rates = ratesWithFactors(start, 0.002, [183, 730], [2, 1, 0.5]);
  const pop = populationOf(
    start,
    Array.from({ length: 200 }, () => ({ dob: '2015-01-01', category: 'inhouse_fostering' as const })),
  );
  const withStart = { ...pop, children: pop.children.map((c) => ({ ...c, periodStart: toDayNumber('2015-06-01') })) };
  const res = project(
    { rates, population: withStart },
    { months: 3, runs: 2000, seed: 3, parameterUncertainty: false },
  );
  assert.ok(Math.abs(populationTotal(res.expected, 0, 0) - 200 * Math.exp(-0.03)) < 0.01);
  assert.ok(Math.abs(populationTotal(res.expected, 0, 2) - 200 * Math.exp(-0.091)) < 0.01);
  let mc = 0;
  for (let run = 0; run < 2000; run++) mc += populationTotal(res.simulated, run, 2);
  // Monte Carlo mean of 2,000 runs: binomial sd of one run sqrt(200·p·(1−p)) ≈ 3.8, of the mean ≈ 0.09.
  assert.ok(Math.abs(mc / 2000 - 200 * Math.exp(-0.091)) < 0.4, `Monte Carlo mean ${mc / 2000}`);
});

test('projection with time in care, worked by hand: children who have just come in change band on the day', () => {
  // 200 children who came into care on the start date; one bound at 30 days; λ = 0.004 a day with
  // factor 2 for the first 30 days in care, 0.5 after. The first month (April) is days 1-30 of
  // care: survivors 200·e^(−0.008·30) = 157.32. By 31 May (61 days) 157.32·e^(−0.002·31) = 147.86.
  const start = '2025-03-31';
  const rates = ratesWithFactors(start, 0.004, [30], [2, 0.5]);
  const pop = populationOf(
    start,
    Array.from({ length: 200 }, () => ({ dob: '2015-01-01', category: 'inhouse_fostering' as const })),
  );
  const withStart = { ...pop, children: pop.children.map((c) => ({ ...c, periodStart: toDayNumber(start) })) };
  const runs = 2000;
  const res = project({ rates, population: withStart }, { months: 2, runs, seed: 5, parameterUncertainty: false });
  const april = 200 * Math.exp(-0.24);
  const may = april * Math.exp(-0.062);
  let mcApril = 0;
  let mcMay = 0;
  for (let run = 0; run < runs; run++) {
    mcApril += populationTotal(res.simulated, run, 0);
    mcMay += populationTotal(res.simulated, run, 1);
  }
  // The Monte Carlo follows each child's own clock: exact up to Monte Carlo error (sd of the mean ≈ 0.13).
  assert.ok(Math.abs(mcApril / runs - april) < 0.5, `April: Monte Carlo ${mcApril / runs}, by hand ${april}`);
  assert.ok(Math.abs(mcMay / runs - may) < 0.5, `May: Monte Carlo ${mcMay / runs}, by hand ${may}`);
  // The expected path takes each month's duration mix from its side model of cohorts: close, not exact.
  assert.ok(
    Math.abs(populationTotal(res.expected, 0, 0) - april) < 0.02 * april,
    `April: expected ${populationTotal(res.expected, 0, 0)}`,
  );
  assert.ok(
    Math.abs(populationTotal(res.expected, 0, 1) - may) < 0.02 * may,
    `May: expected ${populationTotal(res.expected, 0, 1)}`,
  );
  assert.equal(addDays(start, 30), '2025-04-30');
});

test('expected path follows entrants through their time-in-care bands (agrees with the Monte Carlo)', () => {
  // No one at the start; 2 entrants a day; return home at 0.004 a day × 4 in the first month in
  // care, 2.5 to 6 months, 0.8 to 2 years, 0.2 after (factors of the size real councils show). The
  // expected path's compartments do not carry time in care: its side model of cohorts must give the
  // month's entrants their high early rates and older cohorts their low ones. Before it counted the
  // month's own entrants it was 11-16% above the Monte Carlo from the third month.
  const start = '2025-03-31';
  const base = ratesWithFactors(start, 0.004, [30, 183, 730], [4, 2.5, 0.8, 0.2]);
  const rates = {
    ...ratesFrom({ start, entries: [{ band: '10_to_15', category: 'inhouse_fostering', perDay: 2 }] }),
    exits: base.exits,
    durationBoundsDays: base.durationBoundsDays,
    exitDuration: base.exitDuration,
    exitStandardisedExposure: base.exitStandardisedExposure,
  };
  const runs = 1000;
  const res = project(
    { rates, population: { start, children: [] } },
    { months: 24, runs, seed: 9, parameterUncertainty: false },
  );
  for (const month of [2, 5, 11, 23]) {
    let mc = 0;
    for (let run = 0; run < runs; run++) mc += populationTotal(res.simulated, run, month);
    mc /= runs;
    const expected = populationTotal(res.expected, 0, month);
    assert.ok(
      Math.abs(expected - mc) < 0.03 * mc,
      `month ${month + 1}: expected path ${expected.toFixed(1)}, Monte Carlo mean ${mc.toFixed(1)}`,
    );
  }
});
