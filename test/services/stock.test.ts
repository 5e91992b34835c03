import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { stockOn, stockSeries, monthEnds } from '../../src/domain/stock.ts';
import { parseStockConfig, stockAt, monthlyStock } from '../../src/services/stock.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import type { CaseData } from '../../src/domain/model.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aChild, anEpisode, aLoadResult } from '../store/caseBuilders.ts';

/*
 * Worked by hand for 31 March 2024 (d):
 *   A  born 2023-06-01, age 0        U4/PR4 from 2024-01-10, open          -> counted: ifa_fostering, under_1
 *   B  born 2020-03-31, age 4 on d   K2/PR1 2023-01-01..2023-06-01 (X1),
 *                                    then U1 from 2023-06-01, open          -> counted once: kinship_fostering, 1_to_4
 *   C  born 2014-04-01, age 9        U4/PR1 2022-02-02..2024-03-31          -> not counted: DEC = d, and d < DEC fails
 *   D  born 2008-03-31, age 16 on d  K3 from 2024-03-31 (starts on d)       -> counted: supported_accommodation, 16_plus
 *   E  born 2012-01-01, age 12       V3 short breaks, open                  -> not counted: short break
 *   F  born 2010-05-05, age 13       U4 from 2024-04-01                     -> not counted: starts after d
 *   G  born 2011-07-07, age 12       K2/PR4 from 2020-01-01, open           -> counted: external_residential, 10_to_15
 *   H  no header row                 U4 from 2023-01-01, open               -> not counted: no date of birth
 * Total 4; categories ifa 1, kinship 1, supported 1, external residential 1; bands under_1 1,
 * 1_to_4 1, 5_to_9 0, 10_to_15 1, 16_plus 1.
 */
const worked: CaseData = Object.freeze({
  children: [
    aChild({ childId: 'A', dob: '2023-06-01' }),
    aChild({ childId: 'B', dob: '2020-03-31' }),
    aChild({ childId: 'C', dob: '2014-04-01' }),
    aChild({ childId: 'D', dob: '2008-03-31' }),
    aChild({ childId: 'E', dob: '2012-01-01' }),
    aChild({ childId: 'F', dob: '2010-05-05' }),
    aChild({ childId: 'G', dob: '2011-07-07' }),
  ],
  episodes: [
    anEpisode({ childId: 'A', start: '2024-01-10', placement: 'U4', provider: 'PR4' }),
    anEpisode({
      childId: 'B',
      start: '2023-01-01',
      placement: 'K2',
      provider: 'PR1',
      end: '2023-06-01',
      reasonEnded: 'X1',
    }),
    anEpisode({ childId: 'B', start: '2023-06-01', reasonNew: 'P', placement: 'U1', provider: 'PR1' }),
    anEpisode({
      childId: 'C',
      start: '2022-02-02',
      placement: 'U4',
      provider: 'PR1',
      end: '2024-03-31',
      reasonEnded: 'E4A',
    }),
    anEpisode({ childId: 'D', start: '2024-03-31', legalStatus: 'V2', placement: 'K3', provider: 'PR4' }),
    anEpisode({ childId: 'E', start: '2023-05-01', legalStatus: 'V3', placement: 'T2', provider: null }),
    anEpisode({ childId: 'F', start: '2024-04-01' }),
    anEpisode({ childId: 'G', start: '2020-01-01', placement: 'K2', provider: 'PR4' }),
    anEpisode({ childId: 'H', start: '2023-01-01' }),
  ],
});

const expectedWorked = {
  date: '2024-03-31',
  total: 4,
  byCategory: {
    kinship_fostering: 1,
    inhouse_fostering: 0,
    ifa_fostering: 1,
    inhouse_residential: 0,
    external_residential: 1,
    supported_accommodation: 1,
    secure: 0,
    placed_with_parents: 0,
    placed_for_adoption: 0,
    other: 0,
  },
  byAgeBand: { under_1: 1, '1_to_4': 1, '5_to_9': 0, '10_to_15': 1, '16_plus': 1 },
};

describe('stockOn', () => {
  it('counts the hand-worked example', () => {
    const s = stockOn(worked, '2024-03-31');
    assert.deepEqual(s, expectedWorked);
    assert.deepEqual(Object.keys(s.byAgeBand), ['under_1', '1_to_4', '5_to_9', '10_to_15', '16_plus']);
  });

  it('moves with the day: on 1 April 2024 C has left, F has arrived and C would have turned 10', () => {
    // Worked by hand: A, B, D, F (U4/PR1 in-house, age 13), G -> 5; B is 4, D 16.
    const s = stockOn(worked, '2024-04-01');
    assert.equal(s.total, 5);
    assert.equal(s.byCategory.inhouse_fostering, 1);
    assert.deepEqual(s.byAgeBand, { under_1: 1, '1_to_4': 1, '5_to_9': 0, '10_to_15': 2, '16_plus': 1 });
  });

  it('gives zeros for every key when nobody is looked after', () => {
    const s = stockOn({ children: [], episodes: [] }, '2024-03-31');
    assert.equal(s.total, 0);
    assert.ok(Object.values(s.byCategory).every((n) => n === 0));
    assert.equal(Object.keys(s.byCategory).length, 10);
    assert.deepEqual(s.byAgeBand, { under_1: 0, '1_to_4': 0, '5_to_9': 0, '10_to_15': 0, '16_plus': 0 });
  });

  it('counts a child once when overlapping episodes are open, using the one that started last', () => {
    const data: CaseData = {
      children: [aChild({ childId: 'X', dob: '2015-01-01' })],
      episodes: [
        anEpisode({ childId: 'X', start: '2023-01-01', placement: 'K2', provider: 'PR4' }),
        anEpisode({ childId: 'X', start: '2023-06-01', placement: 'P1', provider: 'PR0' }),
      ],
    };
    const s = stockOn(data, '2024-01-01');
    assert.equal(s.total, 1);
    assert.equal(s.byCategory.placed_with_parents, 1);
  });

  it('honours a configured mapping and bands', () => {
    const config = parseStockConfig(`
placementCategories:
  rules:
    - { placements: [U1, U2, U3, U4, U5, U6], category: inhouse_fostering }
  fallback: other
ageBands:
  - { key: under_10, label: Under 10, minAge: 0 }
  - { key: ten_plus, label: 10 and over, minAge: 10 }
`);
    const s = stockOn(worked, '2024-03-31', config);
    // A (U4) and B (U1) are fostering now; D (K3) and G (K2) fall to other. A, B under 10; D, G 10+.
    assert.equal(s.byCategory.inhouse_fostering, 2);
    assert.equal(s.byCategory.other, 2);
    assert.deepEqual(s.byAgeBand, { under_10: 2, ten_plus: 2 });
  });

  it('rejects a configuration naming an unknown category', () => {
    assert.throws(
      () => parseStockConfig('placementCategories:\n  rules:\n    - { placements: [U4], category: fostering }\n'),
      /placementCategories\.rules\.0\.category/,
    );
  });

  it('stockSeries agrees with stockOn at every month end', () => {
    const ends = monthEnds('2023-01-15', '2024-06-30');
    assert.equal(ends.length, 18);
    assert.equal(ends[1], '2023-02-28');
    assert.equal(ends[13], '2024-02-29');
    const series = stockSeries(worked, '2023-01-15', '2024-06-30');
    assert.deepEqual(
      series,
      ends.map((d) => stockOn(worked, d)),
    );
  });
});

for (const dialect of await testDialects()) {
  describe(`stock from the store (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
    });
    afterEach(() => t.close());

    it('gives the hand-worked figures after an import, for that council only', async () => {
      const load = aLoadResult({ year: 2024, children: worked.children, episodes: worked.episodes, issues: [] });
      const opts = { importedBy: 't', now: new Date('2026-01-01T00:00:00Z'), pseudonymKey: Buffer.alloc(32, 7) };
      await writeLoadResult(t.db, load, { ...opts, laCode: 'LA1' });
      assert.deepEqual(await stockAt(t.db, 'LA1', '2024-03-31'), expectedWorked);
      assert.equal((await stockAt(t.db, 'LA2', '2024-03-31')).total, 0);
      const series = await monthlyStock(t.db, 'LA1', '2024-03-01', '2024-04-30');
      assert.deepEqual(
        series.map((s) => s.total),
        [4, 5],
      );
    });
  });
}
