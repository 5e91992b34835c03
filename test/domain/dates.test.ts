/**
 * dayNumberYearsLater (src/domain/dates.ts): the day number of a date some whole years later, as
 * toDayNumber(addYears(date, years)) gives it, 29 February included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, addYears, dayNumberYearsLater, toDayNumber } from '../../src/domain/dates.ts';

test('worked by hand: a birthday on 29 February falls on 1 March in a common year', () => {
  // 1 January 2026 = 10,957 (1 January 2000) + 26 × 365 + 7 leap days (2000, 2004, ..., 2024) = 20,454;
  // + 31 (January) + 28 (February) = 20,513 for 1 March 2026.
  assert.equal(dayNumberYearsLater('2008-02-29', 18), 20_513);
  // 1 January 2016 = 10,957 + 16 × 365 + 4 = 16,801; 29 February 2016 = 16,801 + 31 + 28 = 16,860.
  assert.equal(dayNumberYearsLater('2012-02-29', 4), 16_860);
  assert.equal(dayNumberYearsLater('2016-02-29', 0), 16_860);
});

test('the same day number as toDayNumber(addYears(...)) for every day of 2000-2012 and 0-18 years', () => {
  for (let date = '2000-01-01'; date <= '2012-12-31'; date = addDays(date, 1))
    for (let years = 0; years <= 18; years++)
      assert.equal(dayNumberYearsLater(date, years), toDayNumber(addYears(date, years)), `${date} + ${years}`);
});
