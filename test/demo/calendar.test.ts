import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addYears, ageOn, collectionYearOf, fromDayNumber, toDayNumber } from '../../src/domain/dates.ts';
import {
  ageInYears,
  birthday,
  birthdays,
  collectionYearEnd,
  collectionYearOfDay,
  collectionYearStart,
  dayOf,
  packedDate,
  UkDateFormatter,
} from '../../src/domain/demo/calendar.ts';
import { Rng } from '../../src/domain/demo/random.ts';

test('integer date arithmetic agrees with the ISO-date helpers of the domain, 1950-2060', () => {
  const fmt = new UkDateFormatter();
  for (let d = toDayNumber('1950-01-01'); d < toDayNumber('2060-01-01'); d += 1) {
    const iso = fromDayNumber(d);
    assert.equal(packedDate(d), Number(iso.replaceAll('-', '')));
    assert.equal(dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))), d);
    assert.equal(collectionYearOfDay(d), collectionYearOf(iso));
    if (d % 11 === 0) {
      assert.equal(birthday(d, 18), toDayNumber(addYears(iso, 18)));
      assert.deepEqual(
        birthdays(d, 18),
        Array.from({ length: 19 }, (_, k) => toDayNumber(addYears(iso, k))),
      );
      assert.equal(ageInYears(d, d + 6_000), ageOn(iso, fromDayNumber(d + 6_000)));
      assert.equal(fmt.format(d), `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`);
    }
  }
});

test('collection years run 1 April to 31 March, named by the March they end in (worked by hand)', () => {
  assert.equal(fromDayNumber(collectionYearStart(2024)), '2023-04-01');
  assert.equal(fromDayNumber(collectionYearEnd(2024)), '2024-03-31');
  // Born 29 February 2008: 18 on 1 March 2026 (not a leap year).
  assert.equal(fromDayNumber(birthday(toDayNumber('2008-02-29'), 18)), '2026-03-01');
});

test('Rng: the same seed gives the same draws; draws have the intended means', () => {
  const a = Rng.seeded(42);
  const b = Rng.seeded(42);
  const xs = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(
    Array.from({ length: 5 }, () => b.uniform()),
    xs,
  );
  const r = Rng.seeded(1);
  const n = 200_000;
  let u = 0;
  let e = 0;
  let p = 0;
  let ln = 0;
  for (let i = 0; i < n; i += 1) {
    const x = r.uniform();
    assert.ok(x > 0 && x < 1);
    u += x;
    e += r.exponential(3);
    p += r.poisson(4);
    ln += Math.log(r.logNormal(100, 0.5));
  }
  // Means 0.5, 3 and 4; the log of a log-normal with median 100 has mean ln(100). Standard errors
  // are about 0.0006, 0.007, 0.0045 and 0.0011, so these bounds are many of them wide.
  assert.ok(Math.abs(u / n - 0.5) < 0.005);
  assert.ok(Math.abs(e / n - 3) < 0.05);
  assert.ok(Math.abs(p / n - 4) < 0.04);
  assert.ok(Math.abs(ln / n - Math.log(100)) < 0.01);
  const counts = { x: 0, y: 0 };
  const table = {
    entries: [
      ['x', 1],
      ['y', 3],
    ] as const,
    total: 4,
  };
  for (let i = 0; i < 40_000; i += 1) counts[r.weighted(table)] += 1;
  assert.ok(Math.abs(counts.y / 40_000 - 0.75) < 0.015);
});
