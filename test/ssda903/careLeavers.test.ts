/**
 * The 903's OC3 table (care leavers): read, checked (warnings only: it feeds indicators, never the
 * forecast) and merged one collection year at a time, with the age on the birthday in the year.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ageOnBirthdayInYear } from '../../src/domain/ssda903/validateReturn.ts';
import { aCareLeaver, aChild, analyse, anEpisode, countByRule, issuesOf } from '../support/ssda903Builders.ts';

describe('age on the birthday in the collection year', () => {
  test('worked by hand', () => {
    // 2024 collection year = 1 April 2023 - 31 March 2024.
    assert.equal(ageOnBirthdayInYear('2004-05-01', 2024), 19); // birthday 1 May 2023
    assert.equal(ageOnBirthdayInYear('2005-03-15', 2024), 19); // birthday 15 March 2024
    assert.equal(ageOnBirthdayInYear('2005-04-01', 2024), 18); // birthday 1 April 2023
    assert.equal(ageOnBirthdayInYear('2004-03-31', 2024), 20); // birthday 31 March 2024
  });
});

describe('the OC3 table', () => {
  // 1001 is looked after; 2001 is a care leaver in the header (born 1 May 2004: 19 in 2023/24).
  const leaverHeader = aChild({ CHILD: '2001', DOB: '01/05/2004' });

  test('a valid row becomes an outcome, pseudonymised later, with the age and codes', () => {
    const r = analyse([
      { year: 2024, header: [aChild(), leaverHeader], episodes: [anEpisode()], oc3: [aCareLeaver({ CHILD: '2001' })] },
    ]);
    assert.deepEqual(r.careLeavers, [
      { childId: '2001', collectionYear: 2024, age: 19, inTouch: 'YES', activity: 'F2', accommodation: 'U1' },
    ]);
    assert.deepEqual(r.careLeaverYears, [2024]);
    // 2001 has a header row and no episode, as a care leaver does: not reported.
    assert.deepEqual(countByRule(r.issues), {});
  });

  test("a header row without an episode is reported unless the child is in that year's OC3 table", () => {
    // 2001 is a care leaver in 2023/24 (in its OC3 table); 2002 left care and is in no OC3 table;
    // in 2022/23 there is no OC3 table, so 2001's header row without an episode is reported there.
    const r = analyse([
      {
        year: 2023,
        header: [aChild(), leaverHeader],
        episodes: [anEpisode({ DECOM: '01/06/2022' })],
      },
      {
        year: 2024,
        header: [aChild(), leaverHeader, aChild({ CHILD: '2002', DOB: '01/06/2010' })],
        episodes: [anEpisode({ DECOM: '01/06/2022' })],
        oc3: [aCareLeaver({ CHILD: '2001' })],
      },
    ]);
    assert.deepEqual(
      issuesOf(r.issues, 'XTB-HEADER-NO-EPISODE').map((i) => [i.file, i.childId]),
      [
        ['2023/header.csv', '2001'],
        ['2024/header.csv', '2002'],
      ],
    );
  });

  test('codes not in their lists: a warning naming the file, row and column; stored as not known', () => {
    const r = analyse([
      {
        year: 2024,
        header: [aChild(), leaverHeader],
        episodes: [anEpisode()],
        oc3: [aCareLeaver({ CHILD: '2001', IN_TOUCH: 'MAYBE', ACTIV: 'F9', ACCOM: '02' })],
      },
    ]);
    const codes = issuesOf(r.issues, 'OC3-CODE');
    assert.deepEqual(
      codes.map((i) => [i.file, i.row, i.column, i.severity]),
      [
        ['2024/oc3.csv', 2, 'IN_TOUCH', 'warning'],
        ['2024/oc3.csv', 2, 'ACTIV', 'warning'],
        ['2024/oc3.csv', 2, 'ACCOM', 'warning'],
      ],
    );
    assert.match(
      codes[2]!.message,
      /Care leaver 2001: the accommodation \(ACCOM\) is "02", which is not a code\. Expected one of B1, B2, .*; it is counted as not known\./,
    );
    assert.deepEqual(
      r.careLeavers.map((c) => [c.inTouch, c.activity, c.accommodation]),
      [['', '', '']],
    );
  });

  test('no header row, a different date of birth, an age outside 17-21, a child listed twice', () => {
    const r = analyse([
      {
        year: 2024,
        header: [aChild(), leaverHeader, aChild({ CHILD: '2002', DOB: '01/06/2007' })],
        episodes: [anEpisode()],
        oc3: [
          aCareLeaver({ CHILD: '2001', DOB: '02/05/2004' }),
          aCareLeaver({ CHILD: '2002', DOB: '01/06/2007' }),
          aCareLeaver({ CHILD: '2003', DOB: '01/06/2003' }),
          aCareLeaver({ CHILD: '2003', DOB: '01/06/2003', ACTIV: 'G5' }),
        ],
      },
    ]);
    const rules = countByRule(r.issues);
    assert.equal(rules['OC3-DOB-MISMATCH'], 1);
    assert.equal(rules['OC3-AGE'], 1); // 2002: 16 on 1 June 2023
    assert.equal(rules['OC3-NO-HEADER'], 1); // 2003, once: duplicates are set aside first
    assert.equal(rules['OC3-DUPLICATE-CHILD'], 1);
    assert.ok(r.issues.filter((i) => i.rule.startsWith('OC3')).every((i) => i.severity === 'warning' && !i.fatal));
    // The header's date of birth wins; the later of two rows is used; without a header, the OC3's own.
    assert.deepEqual(
      r.careLeavers.map((c) => [c.childId, c.age, c.activity]),
      [
        ['2001', 19, 'F2'],
        ['2002', 16, 'F2'],
        ['2003', 20, 'G5'],
      ],
    );
  });

  test('each year stands on its own; a year without an OC3 table is not among the years read', () => {
    const r = analyse([
      { year: 2023, header: [aChild(), leaverHeader], episodes: [anEpisode({ DECOM: '01/06/2022' })] },
      {
        year: 2024,
        header: [aChild(), leaverHeader],
        episodes: [anEpisode({ DECOM: '01/06/2022' })],
        oc3: [aCareLeaver({ CHILD: '2001' })],
      },
    ]);
    assert.deepEqual(r.careLeaverYears, [2024]);
    assert.equal(r.careLeavers.length, 1);
  });
});
