/**
 * Scenario form errors in the GOV.UK style (issue 15): each problem the scenario rules find is
 * worded for its field from the problem's field and code, never from the schema's own message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario, ScenarioValidationError } from '../../src/domain/scenarios/validate.ts';
import { adjustmentProblemMessage } from '../../src/services/scenarios.service.ts';

function messages(adjustment: Record<string, unknown>): Record<string, string> {
  try {
    parseScenario({ name: 'x', adjustments: [adjustment] }, 'the form');
  } catch (err) {
    assert.ok(err instanceof ScenarioValidationError);
    return Object.fromEntries(err.problems.map((p) => [p.field, adjustmentProblemMessage(p)]));
  }
  assert.fail('expected problems');
}

test('each kind of adjustment: its problems in words for its fields', () => {
  const start = '2026-04-01';
  assert.deepEqual(
    messages({ kind: 'categoryShift', start, from: 'ifa_fostering', to: 'ifa_fostering', childrenPerYear: 0 }),
    {
      childrenPerYear: 'Enter the number of children a year, more than 0',
      to: 'Choose a different placement category to move children to',
    },
  );
  assert.deepEqual(messages({ kind: 'categoryShift', start: '2026-02-31', from: '', to: 'x', childrenPerYear: 1 }), {
    start: 'Enter a real start date, for example 1 4 2026',
    from: 'Select the placement category to move children from',
    to: 'Select the placement category to move children to',
  });
  assert.deepEqual(messages({ kind: 'entryRate', start, percent: -150 }), {
    percent: 'Enter a percentage change between -100% and 1,000% in entries',
  });
  assert.deepEqual(messages({ kind: 'entryRate', start }), {
    percent: 'Enter the percentage change in entries, or a change in children a year, not both',
  });
  assert.deepEqual(messages({ kind: 'exitRate', start, route: '', percent: 10, rampMonths: 2.5 }), {
    route: 'Select the route out of care',
    rampMonths: 'Enter the ramp-up as a whole number of months from 0 to 120',
  });
  assert.deepEqual(messages({ kind: 'unitCostChange', start, category: 'secure' }), {
    percent: 'Enter a percentage change, a weekly change, or both',
  });
  assert.deepEqual(
    messages({
      kind: 'newProvision',
      start,
      name: '',
      from: 'secure',
      to: 'secure',
      capacity: 0,
      runningCostPerYear: -1,
      ageBands: ['teens'],
    }),
    {
      name: 'Enter the name of the provision',
      capacity: 'Enter the number of places, a whole number more than 0',
      runningCostPerYear: 'Enter the running cost a year in pounds, £0 or more',
      'ageBands.0': 'Select age bands from the list',
      to: 'Choose a placement category for the new places different from the one children come from',
    },
  );
});
