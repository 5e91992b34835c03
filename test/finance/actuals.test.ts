import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actualSpend } from '../../src/domain/finance/actuals.ts';
import { RateBook } from '../../src/domain/finance/unitCosts.ts';
import { totalsByPeriod } from '../../src/domain/finance/spend.ts';
import { basis, child, episode, price } from './builders.ts';

// In-house fostering at £700 a week (10,000p a day) in 2024/25 prices, £735 (10,500p) in 2025/26.
const BOOK = new RateBook(basis([price('inhouse_fostering', 70000, 2024)], { 2025: 0.05 }));
const DATA = Object.freeze({
  children: [child('A'), child('B')],
  episodes: [episode('A', '2024-03-20', null), episode('B', '2025-03-30', '2025-04-03')],
});

test('actual spend from episodes across a year boundary', () => {
  const months = actualSpend(DATA, BOOK, { from: '2025-03-01', until: '2025-05-01' });
  // Worked by hand:
  // March 2025: A all 31 days + B 30 and 31 March (2 days) = 33 child-days x 10,000p = 330,000p.
  // April 2025: A 30 days + B 1 and 2 April (ceased on the 3rd, not a day in care) = 32 child-days
  //   at the 2025/26 price 10,500p = 336,000p.
  assert.deepEqual(
    months.map((m) => [m.month, m.total, m.childDays.inhouse_fostering, m.days]),
    [
      ['2025-03', 330_000, 33, 31],
      ['2025-04', 336_000, 32, 30],
    ],
  );
  assert.deepEqual(
    totalsByPeriod(months, 'year').map((y) => [y.period, y.spend]),
    [
      ['2024/25', 330_000],
      ['2025/26', 336_000],
    ],
  );
});

test('child-level costs override the average for the child-days they cover only', () => {
  const childCosts = [
    // A at £1,400 a week (20,000p a day) from 11 April to 21 April (10 days: 11th-20th).
    { childId: 'A', provider: 'Acme Care', start: '2025-04-11', end: '2025-04-21', weeklyPence: 140000 },
    // A cost for B after B left care: no child-days to cover, so it adds nothing.
    { childId: 'B', provider: 'Acme Care', start: '2025-04-10', end: null, weeklyPence: 999900 },
    // A cost for a child with no episodes: ignored.
    { childId: 'Z', provider: 'Acme Care', start: '2025-04-01', end: null, weeklyPence: 999900 },
  ];
  const [april] = actualSpend(DATA, BOOK, { from: '2025-04-01', until: '2025-05-01', childCosts });
  // Worked by hand: A 20 days at 10,500p + 10 days at 20,000p = 210,000 + 200,000 = 410,000p;
  // B 2 days at 10,500p = 21,000p. Total 431,000p. Child-level costs are cash: not uplifted.
  assert.equal(april!.total, 431_000);
  assert.equal(april!.childDays.inhouse_fostering, 32);
});

test('short breaks cost nothing and an empty range gives no months', () => {
  const data = { children: [child('C')], episodes: [episode('C', '2025-01-01', null, { legalStatus: 'V3' })] };
  const [jan] = actualSpend(data, BOOK, { from: '2025-01-01', until: '2025-02-01' });
  assert.equal(jan!.total, 0);
  assert.deepEqual(actualSpend(data, BOOK, { from: '2025-02-01', until: '2025-02-01' }), []);
});
