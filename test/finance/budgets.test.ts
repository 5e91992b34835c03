import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBudgetRows, parseFinancialYear, resolveBudgetLine } from '../../src/domain/finance/budgets.ts';

const rows = (...lines: string[][]) => lines.map((fields, i) => ({ row: i + 1, fields }));

test('financial years: only real ones, written 2026/27', () => {
  assert.equal(parseFinancialYear('2026/27'), 2026);
  assert.equal(parseFinancialYear(' 1999/00 '), null, 'before 2000/01');
  assert.equal(parseFinancialYear('2099/00'), 2099);
  for (const bad of ['2026/28', '2026', '26/27', '2026-27', '2026/2027', 'next year'])
    assert.equal(parseFinancialYear(bad), null, bad);
});

test('lines: keys, labels, free text, and key-like words that are not keys', () => {
  assert.deepEqual(resolveBudgetLine('external_residential'), {
    ok: true,
    line: 'external_residential',
    kind: 'category',
  });
  assert.deepEqual(resolveBudgetLine('staying put'), { ok: true, line: 'staying_put', kind: 'post_care' });
  assert.deepEqual(resolveBudgetLine('  Staying   Close '), { ok: true, line: 'Staying Close', kind: 'other' });
  const typo = resolveBudgetLine('external_residental');
  assert.equal(typo.ok, false);
  assert.match(typo.ok ? '' : typo.message, /not a line Forecare knows/);
});

test('a good file: amounts in pounds to pence, optional child-weeks', () => {
  const parsed = parseBudgetRows(
    'budget.csv',
    rows(
      ['year', 'line', 'amount', 'child_weeks'],
      ['2026/27', 'external_residential', '£1,250,000.50', '208'],
      ['2026/27', 'Staying Close', '700000', ''],
      ['2027/28', 'external_residential', '1300000', ''],
    ),
  );
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(
    parsed.budgets.map((b) => [b.year, b.line, b.amountPence, b.childWeeks, b.row]),
    [
      [2026, 'external_residential', 125_000_050, 208, 2],
      [2026, 'Staying Close', 70_000_000, null, 3],
      [2027, 'external_residential', 130_000_000, null, 4],
    ],
  );
});

test('bad budget files: unknown line, text amount, duplicate line, a year that does not exist: one clear error each, naming row and column', () => {
  const parsed = parseBudgetRows(
    'budget.csv',
    rows(
      ['year', 'line', 'amount'],
      ['2026/27', 'external_residental', '100'],
      ['2026/27', 'ifa_fostering', 'twelve thousand'],
      ['2026/27', 'secure', '500000'],
      ['2026/27', 'Secure', '600000'],
      ['2026/28', 'secure', '100'],
    ),
  );
  assert.equal(parsed.budgets.length, 1, 'only row 4 is good');
  assert.deepEqual(
    parsed.problems.map((p) => [p.rule, p.row, p.column]),
    [
      ['BUDGET-LINE', 2, 'line'],
      ['BUDGET-AMOUNT', 3, 'amount'],
      ['BUDGET-DUPLICATE', 5, 'line'],
      ['BUDGET-YEAR', 6, 'year'],
    ],
  );
  assert.equal(
    parsed.problems[1]!.message,
    'budget.csv, row 3, column amount: "twelve thousand" is not an amount in pounds. Write it as a number, like 1250000 or £1,250,000.00 (at most 2 decimal places).',
  );
  assert.match(parsed.problems[2]!.message, /Secure for 2026\/27 is already in row 4/);
  assert.match(parsed.problems[3]!.message, /"2026\/28" is not a financial year/);
});

test('a file without the columns, or with nothing in it', () => {
  assert.deepEqual(
    parseBudgetRows('b.csv', rows(['year', 'amount'])).problems.map((p) => [p.rule, p.row, p.column]),
    [['BUDGET-COLUMN-MISSING', 1, 'line']],
  );
  assert.equal(parseBudgetRows('b.csv', []).problems[0]!.rule, 'BUDGET-FILE');
});
