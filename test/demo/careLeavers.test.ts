/**
 * The synthetic council's OC3 tables (care leavers aged 17 to 21), checked from the returns
 * themselves, independently of the generator's code: who is listed follows from the episodes and
 * dates of birth, the codes are in their lists, the shares are near the DfE's national figures, and
 * the care leavers' draws leave every other table as it was.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, addYears, type IsoDate } from '../../src/domain/dates.ts';
import { CARE_LEAVER_CODES } from '../../src/domain/ssda903/codeLists.ts';
import { ageOnBirthdayInYear } from '../../src/domain/ssda903/validateReturn.ts';
import { careLeaverIndicators, type CareLeaverGroup } from '../../src/domain/indicators/careLeavers.ts';
import type { CareLeaverOutcome } from '../../src/domain/ssda903/types.ts';
import { simulateCouncil } from '../../src/domain/demo/simulateCouncil.ts';
import { ChildSimulator } from '../../src/domain/demo/children.ts';
import { PlacementWorld } from '../../src/domain/demo/placements.ts';
import { Rng } from '../../src/domain/demo/random.ts';
import { dayOf } from '../../src/domain/demo/calendar.ts';
import { ReturnsBuilder, type CollectionYearReturn } from '../../src/domain/demo/returns.ts';
import { iso, lookedAfterOn, mergedEpisodes } from './support.ts';

const large = simulateCouncil({ seed: 7, years: 10, endYear: 2026, size: 'large' });
const small = simulateCouncil({ seed: 3, years: 6, endYear: 2026, size: 'small' });

/** Routes out of care after which a young person is not a care leaver (adoption, SGO, CAO, died, transferred, found to be 18). */
const NOT_CARE_LEAVER = new Set(['E11', 'E12', 'E41', 'E43', 'E44', 'E45', 'E46', 'E47', 'E48', 'E2', 'E3', 'E15']);

function collectionYearOf(day: IsoDate): number {
  return day.slice(5) >= '04-01' ? Number(day.slice(0, 4)) + 1 : Number(day.slice(0, 4));
}

function outcomes(returns: readonly CollectionYearReturn[]): CareLeaverOutcome[] {
  return returns.flatMap((r) =>
    r.oc3.map((o) => ({
      childId: o.CHILD,
      collectionYear: r.collectionYear,
      age: ageOnBirthdayInYear(iso(o.DOB), r.collectionYear),
      inTouch: o.IN_TOUCH,
      activity: o.ACTIV,
      accommodation: o.ACCOM,
    })),
  );
}

describe('the demo council: care leavers (OC3)', () => {
  test('each row: a header row with the same date of birth, once a year, aged 17 to 21 on the birthday in the year, codes in their lists', () => {
    for (const r of [...large.returns, ...small.returns]) {
      const header = new Map(r.header.map((h) => [h.CHILD, h.DOB]));
      const seen = new Set<string>();
      assert.ok(r.oc3.length > 0, `no care leavers in ${r.collectionYear}`);
      for (const o of r.oc3) {
        const where = `${o.CHILD} in ${r.collectionYear}`;
        assert.equal(header.get(o.CHILD), o.DOB, `header date of birth of ${where}`);
        assert.ok(!seen.has(o.CHILD), `${where} twice`);
        seen.add(o.CHILD);
        const age = ageOnBirthdayInYear(iso(o.DOB), r.collectionYear);
        assert.ok(age >= 17 && age <= 21, `${where} aged ${age}`);
        assert.ok(CARE_LEAVER_CODES.IN_TOUCH.has(o.IN_TOUCH), `IN_TOUCH ${o.IN_TOUCH} ${where}`);
        assert.ok(CARE_LEAVER_CODES.ACTIV.has(o.ACTIV), `ACTIV ${o.ACTIV} ${where}`);
        assert.ok(CARE_LEAVER_CODES.ACCOM.has(o.ACCOM), `ACCOM ${o.ACCOM} ${where}`);
      }
    }
  });

  test('who is listed follows from the episodes: left care at 16 or over, not by adoption, an order, death or transfer, on or before the birthday', () => {
    const merged = mergedEpisodes(large.returns);
    const dobs = new Map<string, IsoDate>();
    for (const r of large.returns) for (const h of r.header) dobs.set(h.CHILD, iso(h.DOB));
    const listed = new Set(large.returns.flatMap((r) => r.oc3.map((o) => `${o.CHILD}|${r.collectionYear}`)));
    const first = large.returns[0]!.collectionYear;
    const last = large.returns[large.returns.length - 1]!.collectionYear;
    let expected = 0;
    for (const [child, all] of merged) {
      const eps = all.filter((e) => e.LS !== 'V3' && e.LS !== 'V4');
      const final = eps[eps.length - 1];
      const dob = dobs.get(child);
      if (final === undefined || dob === undefined) continue;
      const left = final.DEC === '' ? null : iso(final.DEC);
      const qualifies = left !== null && final.REC !== 'X1' && !NOT_CARE_LEAVER.has(final.REC);
      // Days looked after from the 14th birthday that the returns show (earlier returns can only add to them).
      const b14 = addYears(dob, 14);
      let days = 0;
      for (const e of eps) {
        const end = e.DEC === '' ? addDays(`${last}-03-31` as IsoDate, 1) : iso(e.DEC);
        const start = iso(e.DECOM) > b14 ? iso(e.DECOM) : b14;
        if (end > start) days += (Date.parse(end) - Date.parse(start)) / 86_400_000;
      }
      for (let age = 17; age <= 21; age += 1) {
        const birthday = addYears(dob, age);
        const year = collectionYearOf(birthday);
        if (year < first || year > last) continue;
        const key = `${child}|${year}`;
        if (listed.has(key)) {
          // A row needs care to have ended, at 16 or over, by a route that leaves a care leaver, on or before the birthday.
          assert.ok(qualifies, `${key}: listed but left care by ${final.REC || 'not at all'}`);
          assert.ok(left! > addYears(dob, 16), `${key}: left care on ${left} before 16`);
          assert.ok(left! <= birthday, `${key}: listed at ${age} but left care on ${left}, after the birthday`);
        } else if (qualifies && left! > addYears(dob, 16) && left! <= birthday && days >= 91) {
          assert.fail(
            `${key}: a care leaver (left ${left} by ${final.REC}, ${days} days from 14) not listed at ${age}`,
          );
        }
        if (qualifies && left! > addYears(dob, 16) && left! <= birthday && days >= 91) expected += 1;
      }
    }
    assert.ok(expected > 5_000, `only ${expected} rows worked out from the episodes`);
  });

  test('numbers and shares near the national figures (large council, ten years)', () => {
    let young = 0;
    let older = 0;
    let stock = 0;
    const sum = (a: CareLeaverGroup, b: CareLeaverGroup): CareLeaverGroup => ({
      counted: a.counted + b.counted,
      excluded: a.excluded + b.excluded,
      inTouch: a.inTouch + b.inTouch,
      inEducationEmploymentOrTraining: a.inEducationEmploymentOrTraining + b.inEducationEmploymentOrTraining,
      notInEducationEmploymentOrTraining: a.notInEducationEmploymentOrTraining + b.notInEducationEmploymentOrTraining,
      activityNotKnown: a.activityNotKnown + b.activityNotKnown,
      suitableAccommodation: a.suitableAccommodation + b.suitableAccommodation,
      unsuitableAccommodation: a.unsuitableAccommodation + b.unsuitableAccommodation,
      accommodationNotKnown: a.accommodationNotKnown + b.accommodationNotKnown,
    });
    const all = outcomes(large.returns);
    let g17: CareLeaverGroup | null = null;
    let g19: CareLeaverGroup | null = null;
    for (const r of large.returns) {
      const ind = careLeaverIndicators(all, r.collectionYear);
      g17 = g17 === null ? ind.aged17to18 : sum(g17, ind.aged17to18);
      g19 = g19 === null ? ind.aged19to21 : sum(g19, ind.aged19to21);
      young += ind.aged17to18.counted + ind.aged17to18.excluded;
      older += ind.aged19to21.counted + ind.aged19to21.excluded;
      stock += lookedAfterOn(r, `${r.collectionYear}-03-31`);
    }
    const pct = (n: number, of: number) => (100 * n) / of;
    // England 2024: about 83,600 looked after, 28,000 care leavers aged 19-21 and 11,000 aged 17-18.
    assert.ok(older / stock > 0.28 && older / stock < 0.45, `19-21 per child looked after: ${older / stock}`);
    assert.ok(young / stock > 0.1 && young / stock < 0.18, `17-18 per child looked after: ${young / stock}`);
    const a = g19!;
    const b = g17!;
    // 19-21: about 90% in touch, a little over half EET, about 85% suitably housed.
    assert.ok(
      pct(a.inTouch, a.counted) > 84 && pct(a.inTouch, a.counted) < 94,
      `19-21 in touch ${pct(a.inTouch, a.counted)}`,
    );
    const eet19 = pct(a.inEducationEmploymentOrTraining, a.counted);
    assert.ok(eet19 > 50 && eet19 < 62, `19-21 EET ${eet19}`);
    const suitable19 = pct(a.suitableAccommodation, a.counted);
    assert.ok(suitable19 > 78 && suitable19 < 90, `19-21 suitable ${suitable19}`);
    // 17-18: about two thirds EET, about 90% suitably housed.
    const eet17 = pct(b.inEducationEmploymentOrTraining, b.counted);
    assert.ok(eet17 > 56 && eet17 < 72, `17-18 EET ${eet17}`);
    const suitable17 = pct(b.suitableAccommodation, b.counted);
    assert.ok(suitable17 > 80 && suitable17 < 94, `17-18 suitable ${suitable17}`);
    // Some died or returned home for six months: left out of the shares.
    assert.ok(a.excluded > 0 && b.excluded > 0);
  });

  test('the care leavers draw from their own generator: episodes and UASC rows as without them, the header only gains care leavers', () => {
    const children = (() => {
      const rng = Rng.seeded(11);
      const world = new PlacementWorld(rng, 300);
      const horizon = dayOf(2026, 3, 31);
      const sim = new ChildSimulator(rng, world, horizon);
      const out = [];
      for (let i = 0, day = dayOf(2005, 4, 1); day < horizon; i += 1, day += 8)
        out.push(sim.child(String(200_000 + i), day));
      return out;
    })();
    const without = new ReturnsBuilder(2022, 2026);
    const withOc3 = new ReturnsBuilder(2022, 2026, Rng.seeded(5));
    for (const c of children) {
      without.add(c);
      withOc3.add(c);
    }
    const a = without.finish();
    const b = withOc3.finish();
    let leaversOnly = 0;
    for (let i = 0; i < a.length; i += 1) {
      const x = a[i]!;
      const y = b[i]!;
      assert.deepEqual(y.episodes, x.episodes);
      assert.deepEqual(y.uasc, x.uasc);
      assert.equal(x.oc3.length, 0);
      assert.ok(y.oc3.length > 0);
      const careLeavers = new Set(y.oc3.map((o) => o.CHILD));
      const before = new Set(x.header.map((h) => h.CHILD));
      assert.deepEqual(
        y.header.filter((h) => before.has(h.CHILD)),
        x.header,
      );
      for (const h of y.header)
        if (!before.has(h.CHILD)) {
          assert.ok(careLeavers.has(h.CHILD), `${h.CHILD} gained a header row without being a care leaver`);
          leaversOnly += 1;
        }
    }
    assert.ok(leaversOnly > 0, 'some care leavers have a header row only because of the OC3 table');
  });
});
