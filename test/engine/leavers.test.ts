import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PLACEMENT_CATEGORIES } from '../../src/domain/placementCategories.ts';
import { EXIT_ROUTES } from '../../src/domain/exitRoutes.ts';
import { project, projectExpected } from '../../src/domain/engine/project.ts';
import { sumProjections, type LeaverFlows } from '../../src/domain/engine/projection.ts';
import { populationOf, ratesFrom } from './support/builders.ts';

const START = '2024-03-31';
const nR = EXIT_ROUTES.length;
const nC = PLACEMENT_CATEGORIES.length;
const SGO = EXIT_ROUTES.indexOf('sgo_cao');

// Worked by hand. Start 2024-03-31, 15 months (April 2024 to June 2025). An SGO exit rate of 1,000 a
// day from kinship fostering makes every kinship child leave on day 1 (1 April 2024): the chance of
// still being there after day 1 is e^(-1000). Child A (born 2012-06-15) is 11 and stays under 18
// beyond the horizon: every day from 1 April 2024 counts (30 in April 2024, 30 in June 2025).
// Child B (born 2007-05-10) turns 18 on 10 May 2025: under 18 for 1-9 May 2025 (9 days), none in
// June 2025, and turns 18 in May 2025. Child C (born 2006-04-10, supported accommodation, no
// exits) leaves care on its 18th birthday, 10 April 2024: aged out from supported accommodation in
// April 2024, not an SGO leaver.
const rates = ratesFrom({
  start: START,
  exits: [{ category: 'kinship_fostering', route: 'sgo_cao', perDay: 1000 }],
});
const population = populationOf(START, [
  { dob: '2012-06-15', category: 'kinship_fostering' },
  { dob: '2007-05-10', category: 'kinship_fostering' },
  { dob: '2006-04-10', category: 'supported_accommodation' },
]);

test('leavers: days under 18 after leaving by each route, 18th birthdays, aged out by category (worked by hand)', () => {
  const months = 15;
  const p = project({ rates, population }, { months, runs: 3, seed: 4 }).simulated;
  const leavers = p.leavers as LeaverFlows;
  assert.ok(leavers, 'a Monte Carlo projection records its leavers');
  const days = (run: number, m: number) => leavers.daysUnder18ByRoute[(run * months + m) * nR + SGO];
  const turning = (run: number, m: number) => leavers.turning18ByRoute[(run * months + m) * nR + SGO];
  assert.deepEqual(p.timeline.months.slice(0, 2), ['2024-04', '2024-05']);
  for (let run = 0; run < 3; run++) {
    assert.equal(days(run, 0), 60, 'April 2024: A and B, 30 days each');
    assert.equal(days(run, 12), 60, 'April 2025: A and B, 30 days each');
    assert.equal(days(run, 13), 31 + 9, 'May 2025: A 31 days, B 1-9 May');
    assert.equal(days(run, 14), 30, 'June 2025: A only');
    for (let m = 0; m < months; m++) assert.equal(turning(run, m), m === 13 ? 1 : 0, `turning 18 in month ${m}`);
    // Every other route: nobody left by it.
    for (let m = 0; m < months; m++)
      for (let q = 0; q < nR; q++)
        if (q !== SGO) assert.equal(leavers.daysUnder18ByRoute[(run * months + m) * nR + q], 0);
    const aged = (m: number, c: (typeof PLACEMENT_CATEGORIES)[number]) =>
      leavers.agedOutByCategory[(run * months + m) * nC + PLACEMENT_CATEGORIES.indexOf(c)];
    assert.equal(aged(0, 'supported_accommodation'), 1);
    assert.equal(p.agedOut[run * months + 0], 1);
    let agedTotal = 0;
    for (const x of leavers.agedOutByCategory) agedTotal += x;
    assert.equal(agedTotal, 3, 'C in each of the 3 runs, nobody else');
  }
});

test('leavers: cohorts add up run by run; the expected path records none', () => {
  const months = 15;
  const a = project({ rates, population }, { months, runs: 2, seed: 4 }).simulated;
  const sum = sumProjections([a, a]);
  assert.ok(sum.leavers);
  assert.equal(sum.leavers.daysUnder18ByRoute[SGO], 120);
  assert.equal(
    sum.leavers.agedOutByCategory.reduce((s, x) => s + x, 0),
    4,
  );
  const expected = projectExpected({ rates, population }, { months });
  assert.equal(expected.leavers, undefined);
  const one = project({ rates, population }, { months, runs: 1, seed: 4 }).simulated;
  assert.equal(sumProjections([one, expected]).leavers, undefined, 'not every part has them: none');
});
