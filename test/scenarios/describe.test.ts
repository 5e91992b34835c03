/**
 * Adjustments described in plain English (issue 15): category, route and age band names, dates as
 * "1 April 2027", never codes or ISO dates; and the warning for an adjustment that starts before
 * the forecast. Expected sentences written by hand from the adjustments below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeAdjustment, startWarnings, type ScenarioAdjustment } from '../../src/domain/scenarios/scenario.ts';
import { formatLongDate, formatLongMonth } from '../../src/domain/dates.ts';

const START = { start: '2027-04-01', rampMonths: 0 } as const;

test('dates as people write them', () => {
  assert.equal(formatLongDate('2027-04-01'), '1 April 2027');
  assert.equal(formatLongDate('2026-11-23T10:05:00Z'), '23 November 2026');
  assert.equal(formatLongMonth('2024-04'), 'April 2024');
  assert.equal(formatLongDate('not a date'), 'not a date');
});

test('each kind of adjustment in words, with no internal codes or ISO dates', () => {
  const cases: Array<[ScenarioAdjustment, string]> = [
    [
      { kind: 'entryRate', start: '2027-04-01', rampMonths: 3, ageBands: ['10_to_15', '16_plus'], percent: -10 },
      '10% fewer children aged 10 to 15 or 16 and over entering care from 1 April 2027, reaching full effect over 3 months',
    ],
    [
      { kind: 'entryRate', ...START, ageBands: [], childrenPerYear: -20 },
      '20 fewer children a year entering care from 1 April 2027',
    ],
    [
      { kind: 'entryRate', ...START, ageBands: ['under_1'], childrenPerYear: 1 },
      '1 more child aged under 1 a year entering care from 1 April 2027',
    ],
    [
      { kind: 'exitRate', start: '2027-04-01', rampMonths: 1, route: 'sgo_cao', percent: 25 },
      '25% more children leaving care by special guardianship or child arrangements order from 1 April 2027, reaching full effect over 1 month',
    ],
    [
      {
        kind: 'categoryShift',
        ...START,
        from: 'external_residential',
        to: 'ifa_fostering',
        childrenPerYear: 6,
        capacity: 4,
      },
      '6 children a year move from external residential to independent fostering agency, at most 4 at a time, from 1 April 2027',
    ],
    [
      { kind: 'unitCostChange', ...START, category: 'external_residential', percent: -5, weeklyChangePence: -15000 },
      'Unit cost of external residential 5% lower and £150 a week less from 1 April 2027',
    ],
    [
      {
        kind: 'newProvision',
        ...START,
        name: 'Two homes',
        from: 'external_residential',
        to: 'inhouse_residential',
        capacity: 4,
        childrenPerYear: 4,
        runningCostPerYearPence: 120_000_000,
      },
      'Two homes: 4 places in in-house residential for children from external residential, 4 children placed a year, running cost £1,200,000 a year, from 1 April 2027',
    ],
  ];
  for (const [a, expected] of cases) {
    const text = describeAdjustment(a);
    assert.equal(text, expected);
    assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}|_/, 'no ISO dates or codes');
  }
});

test('an adjustment starting before the forecast is warned about, one starting on or after it is not', () => {
  const adjustments: ScenarioAdjustment[] = [
    {
      kind: 'categoryShift',
      ...START,
      from: 'ifa_fostering',
      to: 'inhouse_fostering',
      childrenPerYear: 5,
      capacity: null,
    },
    {
      kind: 'categoryShift',
      start: '2025-04-01',
      rampMonths: 0,
      from: 'ifa_fostering',
      to: 'inhouse_fostering',
      childrenPerYear: 5,
      capacity: null,
    },
  ];
  assert.deepEqual(startWarnings({ adjustments }, '2026-03-31'), [
    'Adjustment 2 starts on 1 April 2025, before the forecast starts on 31 March 2026: only its effect from 31 March 2026 is in the forecast. Change its start date to 31 March 2026 or later if it has not happened yet.',
  ]);
  assert.deepEqual(startWarnings({ adjustments }, '2025-04-01'), []);
});
