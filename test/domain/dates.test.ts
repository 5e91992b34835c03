/**
 * dayNumberYearsLater (src/domain/dates.ts): the day number of a date some whole years later, as
 * toDayNumber(addYears(date, years)) gives it, 29 February included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, addYears, dayNumberYearsLater, parseDate, toDayNumber } from '../../src/domain/dates.ts';

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

/** parseDate by its regular expressions alone, as it was before the YYYY-MM-DD fast path. */
function parseDateByRules(text: string): string | null {
  const s = text.trim();
  const ymd = (y: number, m: number, d: number): string | null =>
    y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()
      ? null
      : `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return ymd(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s) ?? /^(\d{4})-(\d{2})-(\d{2})[T ]00:00(:00(\.0+)?)?Z?$/.exec(s);
  return m ? ymd(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

test('parseDate: YYYY-MM-DD read directly gives what the rules give, valid or not', () => {
  for (const y of ['1899', '1900', '1999', '2000', '2023', '2024', '2100', '2101', '0000', '9999'])
    for (let mo = 0; mo <= 13; mo++)
      for (let d = 0; d <= 32; d++) {
        const text = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        assert.equal(parseDate(text), parseDateByRules(text), text);
      }
  for (const text of [
    ' 2024-02-29 ',
    '2023-02-29',
    '2024-2-029',
    '2024/02/29',
    '2024-02-2x',
    '+024-02-29',
    '2024-02-29T00:00',
    '29/02/2024',
    '1/3/2024',
    '２０２４-02-29',
    '2024-0 -01',
    '2024--2-01',
    '',
  ])
    assert.equal(parseDate(text), parseDateByRules(text), text);
});
