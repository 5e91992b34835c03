/**
 * The children an analyst may pick for a project: those in care on a day, worked by hand on the
 * council of ./council.ts with F's second period (2026-01-05 to DEC 2026-03-31).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { periodsOfCare } from '../../src/domain/engine/periods.ts';
import { childrenInCareOn, completedMonths, timeInCareLabel } from '../../src/domain/permanence/picker.ts';
import { RETURNS_TO_MARCH_2026, WORKED_CHILDREN, WORKED_EPISODES } from './council.ts';

const periods = periodsOfCare({
  children: WORKED_CHILDREN,
  episodes: [...WORKED_EPISODES, RETURNS_TO_MARCH_2026],
}).periods;

describe('children in care to pick', () => {
  it('counts completed months as the calendar does', () => {
    assert.equal(completedMonths('2025-01-31', '2025-02-28'), 0);
    assert.equal(completedMonths('2025-01-31', '2025-03-01'), 1);
    assert.equal(completedMonths('2024-11-20', '2026-03-30'), 16); // 24 - 8 = 16; the 30th is past the 20th
    assert.equal(completedMonths('2026-01-05', '2026-01-04'), 0);
    assert.deepEqual([0, 1, 11, 12, 13, 36].map(timeInCareLabel), [
      'Under a month',
      '1 month',
      '11 months',
      '1 year',
      '1 year 1 month',
      '3 years',
    ]);
  });

  it('lists every child in care on the day, by category, age band and time in care', () => {
    // On 30 March 2026: C (since 2023-03-01, born 2016-02-02: 10), D (since 2024-11-20, born
    // 2012-07-07: 13), E (U1 kinship since 2025-02-01, born 2009-01-15: 17), F (since 2026-01-05,
    // born 2014-04-04: 11). A, B and G have left. U4 with PR1 is in-house fostering.
    assert.deepEqual(
      childrenInCareOn(periods, '2026-03-30').map((c) => [
        c.childId,
        c.category,
        c.ageBand,
        c.periodStart,
        c.monthsInCare,
      ]),
      [
        ['E', 'kinship_fostering', '16_plus', '2025-02-01', 13],
        ['C', 'inhouse_fostering', '10_to_15', '2023-03-01', 36],
        ['D', 'inhouse_fostering', '10_to_15', '2024-11-20', 16],
        ['F', 'inhouse_fostering', '10_to_15', '2026-01-05', 2],
      ],
    );
    // F's DEC 2026-03-31 is the first day not looked after.
    assert.deepEqual(
      childrenInCareOn(periods, '2026-03-31').map((c) => c.childId),
      ['E', 'C', 'D'],
    );
  });
});
