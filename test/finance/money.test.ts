import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPounds, penceToPounds, poundsToPence, roundPence } from '../../src/domain/finance/money.ts';

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
