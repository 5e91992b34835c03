import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  exactPounds,
  formatMoney,
  formatPounds,
  formatWholePounds,
  penceToPounds,
  poundsText,
  poundsToPence,
  roundPence,
  UNIT_LABEL,
} from '../../src/domain/finance/money.ts';
import { formatPence } from '../../src/web/components/format.ts';

test('roundPence rounds half away from zero', () => {
  assert.equal(roundPence(2.5), 3);
  assert.equal(roundPence(-2.5), -3); // Math.round would give -2
  assert.equal(roundPence(0.5), 1);
  assert.equal(roundPence(-0.5), -1);
  assert.equal(roundPence(2.4999), 2);
  assert.equal(roundPence(-2.4999), -2);
  assert.equal(roundPence(2.5001), 3);
  assert.equal(roundPence(7), 7);
  assert.equal(roundPence(-0.2), 0);
  assert.ok(Object.is(roundPence(-0.2), 0), 'no negative zero');
});

test('roundPence treats decimal halves computed in binary as halves', () => {
  // 10010 * 1.05 is 10510.5 in decimal; in binary it comes out a hair either side.
  assert.equal(roundPence(10010 * 1.05), 10511);
  // £1.005 typed by a person is 100.5p: 1.005 * 100 = 100.49999999999999 in binary.
  assert.equal(poundsToPence(1.005), 101);
  assert.equal(poundsToPence(-1.005), -101);
  assert.equal(poundsToPence(819.99), 81999);
});

test('roundPence refuses non-finite amounts', () => {
  assert.throws(() => roundPence(Number.NaN), RangeError);
  assert.throws(() => roundPence(Number.POSITIVE_INFINITY), RangeError);
});

test('penceToPounds gives 2 decimal places, rounding fractional pence first', () => {
  assert.equal(penceToPounds(123456), 1234.56);
  assert.equal(penceToPounds(1234.5), 12.35); // 1234.5p -> 1235p
  assert.equal(penceToPounds(-1234.5), -12.35);
  assert.equal(penceToPounds(0), 0);
});

test('formatPounds writes negatives in brackets', () => {
  assert.equal(formatPounds(123456789), '£1,234,567.89');
  assert.equal(formatPounds(-46200), '(£462.00)');
  assert.equal(formatPounds(5), '£0.05');
});

// The one money module (src/domain/finance/money.ts) holds every way an amount is written for
// people; these are the figures pages, JSON and workbooks show, worked by hand.

test('two conversions to pounds: rounded to the penny (JSON) and exact (programme files); equal on whole pence', () => {
  for (const pence of [0, 1, 29, 12_345, -46_200_000, 123_456_789])
    assert.equal(exactPounds(pence), penceToPounds(pence), String(pence));
  // A mean over runs is fractional: JSON rounds it to the penny; exactPounds keeps the fraction.
  assert.equal(penceToPounds(12_345.6), 123.46);
  assert.equal(exactPounds(12_345.6), 123.456);
  assert.equal(penceToPounds(-0.4), 0);
});

test('whole pounds as pages show them: rounded half away from zero, negatives in brackets', () => {
  assert.equal(formatWholePounds(123_456), '£1,235'); // £1,234.56 -> £1,235
  assert.equal(formatWholePounds(123_449), '£1,234'); // £1,234.49 -> £1,234
  assert.equal(formatWholePounds(50), '£1'); // £0.50 -> £1
  assert.equal(formatWholePounds(-50), '(£1)'); // -£0.50 -> -£1 (Math.round would give £0)
  assert.equal(formatWholePounds(49), '£0');
  assert.equal(formatWholePounds(-123_456_789), '(£1,234,568)');
  // The pages' filter is this function, with blanks for no amount.
  assert.equal(formatPence(123_456), '£1,235');
  assert.equal(formatPence(null), '');
  assert.equal(formatPence(Number.NaN), '');
});

test('pounds and pence (spend and budgets) and the workings text', () => {
  assert.equal(formatPounds(123_456), '£1,234.56');
  assert.equal(formatPounds(-123_456), '(£1,234.56)');
  assert.equal(formatPounds(0.5), '£0.01');
  assert.equal(poundsText(187_824_000), '£1,878,240');
  assert.equal(poundsText(12_670_550), '£126,705.50');
  assert.equal(poundsText(-500), '-£5');
});

test('programme amounts in their display unit: no symbol, negatives in brackets', () => {
  assert.equal(formatMoney(-46_200_000, 'millions'), '(0.462)'); // -£462,000 in £m
  assert.equal(formatMoney(123_456_789, 'thousands'), '1,235'); // £1,234,567.89 in £000s
  assert.equal(formatMoney(123_456_789, 'GBP'), '1,234,568');
  assert.equal(formatMoney(-50, 'GBP'), '(1)');
  assert.equal(UNIT_LABEL.millions, '£m');
});
