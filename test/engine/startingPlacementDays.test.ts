import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EXIT_ROUTES } from '../../src/domain/exitRoutes.ts';
import { toDayNumber } from '../../src/domain/dates.ts';
import { PLACEMENT_CATEGORIES } from '../../src/domain/placementCategories.ts';
import { projectDetailed, startingPlacementDaysOf } from '../../src/domain/engine/project.ts';
import type { FittedRates } from '../../src/domain/engine/rates.ts';
import type { StartingPopulation } from '../../src/domain/engine/population.ts';
import { populationOf, ratesFrom } from './support/builders.ts';

const START = '2025-03-31'; // April 2025 is month 0 (days 1-30), May month 1 (days 31-61), June month 2 (62-91)
const RES = PLACEMENT_CATEGORIES.indexOf('external_residential');

/** Σ_{d=from}^{to} e^(-λd), written out term by term (the hand-worked reference). */
function sumExp(lambda: number, from: number, to: number): number {
  let s = 0;
  for (let d = from; d <= to; d++) s += Math.exp(-lambda * d);
  return s;
}

function daysFor(
  rates: FittedRates,
  population: StartingPopulation,
  months: number,
  adjustments = [] as Parameters<typeof projectDetailed>[1]['adjustments'],
) {
  const model = { rates, population };
  const result = projectDetailed(model, { months, runs: 0, adjustments });
  return { days: startingPlacementDaysOf(model, result).map((s) => Array.from(s.days)), result };
}

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);
}

describe('expected days in the starting placement', () => {
  it('constant hazard out of the category (an exit route plus a transition): a geometric series a day at a time', () => {
    // λ = 0.001 (return home) + 0.0005 (move to IFA) = 0.0015 a day; a 12-year-old: no birthday that changes band.
    const rates = ratesFrom({
      start: START,
      exits: [{ category: 'external_residential', route: 'return_home', perDay: 0.001 }],
      transitions: [{ from: 'external_residential', to: 'ifa_fostering', perDay: 0.0005 }],
    });
    const { days } = daysFor(rates, populationOf(START, [{ dob: '2012-09-01', category: 'external_residential' }]), 3);
    const l = 0.0015;
    // Worked by hand: the child counts on day d with probability e^(-λd) (the Monte Carlo counts a day
    // when the next event falls after it). April, days 1-30: e^(-λ)(1 - e^(-30λ)) / (1 - e^(-λ)) = 29.31302 (the continuous 29.33501)
    const april = (Math.exp(-l) * (1 - Math.exp(-30 * l))) / (1 - Math.exp(-l));
    close(days[0]![0]!, april, 1e-9, 'April');
    close(april, 29.31302, 1e-5, 'April by hand');
    // May, days 31-61: e^(-30λ) times the same series over 31 days.
    close(
      days[0]![1]!,
      Math.exp(-30 * l) * ((Math.exp(-l) * (1 - Math.exp(-31 * l))) / (1 - Math.exp(-l))),
      1e-9,
      'May',
    );
    close(days[0]![2]!, sumExp(l, 62, 91), 1e-9, 'June');
    // Against the continuous approximation (1 - e^(-30λ))/λ: the day count sits half a day's hazard below it.
    const continuous = (1 - Math.exp(-30 * l)) / l;
    assert.ok(days[0]![0]! < continuous && continuous - days[0]![0]! < continuous * l);
  });

  it('no hazard: every day of every month until the 18th birthday, which is not a day looked after', () => {
    const rates = ratesFrom({ start: START });
    // 18th birthday 16 April 2025 (day 16): looked after on days 1-15 only.
    const { days } = daysFor(
      rates,
      populationOf(START, [
        { dob: '2007-04-16', category: 'external_residential' },
        { dob: '2012-01-01', category: 'secure' },
      ]),
      3,
    );
    assert.deepEqual(days[0], [15, 0, 0]);
    assert.deepEqual(days[1], [30, 31, 30]);
  });

  it('a child turning 18 mid-month at a constant hazard: days stop on the birthday', () => {
    const l = 0.002;
    const rates = ratesFrom({ start: START, exits: [{ category: 'external_residential', route: 'other', perDay: l }] });
    // 18th birthday 10 May 2025 = day 40: May counts days 31-39.
    const { days } = daysFor(rates, populationOf(START, [{ dob: '2007-05-10', category: 'external_residential' }]), 3);
    close(days[0]![0]!, sumExp(l, 1, 30), 1e-9, 'April');
    close(days[0]![1]!, sumExp(l, 31, 39), 1e-9, 'May');
    assert.equal(days[0]![2], 0);
  });

  it('a birthday into the next age band changes the hazard from the day after it', () => {
    const l1 = 0.001; // 5 to 9
    const l2 = 0.004; // 10 to 15
    const rates = ratesFrom({
      start: START,
      exits: [
        { band: '5_to_9', category: 'external_residential', route: 'return_home', perDay: l1 },
        { band: '10_to_15', category: 'external_residential', route: 'return_home', perDay: l2 },
      ],
    });
    // 10th birthday 11 April 2025 = day 11: the hazard of 5 to 9 applies up to day 11 (the interval
    // (10, 11]), that of 10 to 15 from day 12. Worked by hand:
    // April = Σ_{d=1}^{11} e^(-λ1 d) + e^(-11 λ1) Σ_{j=1}^{19} e^(-λ2 j).
    const { days } = daysFor(rates, populationOf(START, [{ dob: '2015-04-11', category: 'external_residential' }]), 2);
    const april = sumExp(l1, 1, 11) + Math.exp(-11 * l1) * sumExp(l2, 1, 19);
    close(days[0]![0]!, april, 1e-9, 'April');
    close(days[0]![1]!, Math.exp(-11 * l1 - 19 * l2) * sumExp(l2, 1, 31), 1e-9, 'May');
  });

  it('time in care: the exit hazard carries the factor of the duration band, which changes on its day', () => {
    const l = 0.003;
    const base = ratesFrom({
      start: START,
      exits: [{ category: 'external_residential', route: 'return_home', perDay: l }],
    });
    // Two time-in-care bands (under 30 days, 30 and over); return home 2.5x as likely in the first.
    const nR = EXIT_ROUTES.length;
    const exitDuration = EXIT_ROUTES.flatMap((r) => [
      { events: 0, exposureDays: 1, expectedEvents: 0, factor: r === 'return_home' ? 2.5 : 1 },
      { events: 0, exposureDays: 1, expectedEvents: 0, factor: 1 },
    ]);
    assert.equal(exitDuration.length, nR * 2);
    // The standardised exposure equals the plain one here, so the base rate is the cell's rate.
    const rates: FittedRates = {
      ...base,
      durationBoundsDays: [30],
      exitDuration,
      exitStandardisedExposure: base.exits.map((c) => c.exposureDays),
    };
    // Period of care began 10 days before the start: under 30 days in care up to day 20.
    const pop = populationOf(START, [{ dob: '2012-09-01', category: 'external_residential' }]);
    const kid = { ...pop.children[0]!, periodStart: toDayNumber(START) - 10 };
    const { days } = daysFor(rates, { start: START, children: [kid] }, 2);
    // Worked by hand: April = Σ_{d=1}^{20} e^(-2.5λd) + e^(-50λ) Σ_{j=1}^{10} e^(-λj).
    const april = sumExp(2.5 * l, 1, 20) + Math.exp(-50 * l) * sumExp(l, 1, 10);
    close(days[0]![0]!, april, 1e-9, 'April');
    close(days[0]![1]!, Math.exp(-50 * l - 10 * l) * sumExp(l, 1, 31), 1e-9, 'May');
    // A child in care for years: the second band's factor throughout.
    const { days: old } = daysFor(
      rates,
      { start: START, children: [{ ...kid, periodStart: toDayNumber('2019-01-01') }] },
      1,
    );
    close(old[0]![0]!, sumExp(l, 1, 30), 1e-9, 'long in care');
  });

  it('a scenario shift out of the category adds its hazard month by month; exit multipliers scale the exits', () => {
    const l = 0.001;
    const rates = ratesFrom({
      start: START,
      exits: [{ category: 'external_residential', route: 'sgo_cao', perDay: l }],
    });
    const pop = populationOf(START, [
      { dob: '2012-09-01', category: 'external_residential' },
      { dob: '2012-09-01', category: 'external_residential' },
    ]);
    const { days, result } = daysFor(rates, pop, 2, [
      {
        kind: 'categoryShift',
        start: '2025-04-01',
        rampMonths: 0,
        from: 'external_residential',
        to: 'ifa_fostering',
        childrenPerYear: 6,
        capacity: null,
      },
      { kind: 'exitRate', start: '2025-05-01', rampMonths: 0, route: 'sgo_cao', percent: 100 },
    ]);
    const s0 = result.shiftHazard[0]!;
    const s1 = result.shiftHazard[1]!;
    // 6 a year over 2 eligible children in April: 6 / 365.25 / 2 a day each.
    close(s0, 6 / 365.25 / 2, 1e-12, 'April shift hazard');
    assert.ok(s1 > s0); // fewer eligible children left in May
    close(days[0]![0]!, sumExp(l + s0, 1, 30), 1e-9, 'April');
    close(days[0]![1]!, Math.exp(-30 * (l + s0)) * sumExp(2 * l + s1, 1, 31), 1e-9, 'May (SGO exits doubled)');
    // A shift from another category does not touch them.
    const other = daysFor(rates, pop, 1, [
      {
        kind: 'categoryShift',
        start: '2025-04-01',
        rampMonths: 0,
        from: 'ifa_fostering',
        to: 'inhouse_fostering',
        childrenPerYear: 6,
        capacity: null,
      },
    ]);
    close(other.days[0]![0]!, sumExp(l, 1, 30), 1e-12, 'unrelated shift');
  });

  it('agrees with the Monte Carlo: mean child-days in the category of children who cannot come back', () => {
    // A hazard large enough for the day-counting convention to matter (continuous would give 15.54 in April).
    const rates = ratesFrom({
      start: START,
      exits: [{ category: 'external_residential', route: 'return_home', perDay: 0.03 }],
      transitions: [{ from: 'external_residential', to: 'ifa_fostering', perDay: 0.02 }],
    });
    const kids = Array.from({ length: 100 }, () => ({ dob: '2012-09-01', category: 'external_residential' as const }));
    const population = populationOf(START, kids);
    const model = { rates, population };
    const result = projectDetailed(model, { months: 2, runs: 400, seed: 11, parameterUncertainty: false });
    const expected = startingPlacementDaysOf(model, result)[0]!.days;
    const nC = PLACEMENT_CATEGORIES.length;
    for (let m = 0; m < 2; m++) {
      let sum = 0;
      for (let r = 0; r < 400; r++) sum += result.simulated.childDaysByCategory[(r * 2 + m) * nC + RES]!;
      const perChild = sum / 400 / 100;
      // 40,000 children's months: standard error about 0.05 days in April.
      close(perChild, expected[m]!, 0.2, `month ${m}`);
    }
    close(expected[0]!, sumExp(0.05, 1, 30), 1e-9, 'April by hand');
  });
});
