import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import {
  countCinData,
  loadCinData,
  loadCinMonthlyCounts,
  upsertCinMonthlyCounts,
  upsertCinRecords,
  type CinRecordsToStore,
} from '../../src/store/cin.repository.ts';

/** One child with one episode holding one of each record, from the `year` return. */
function records(year: number, overrides: { closure?: string | null; factors?: string[] } = {}): CinRecordsToStore {
  const key = { childId: 'p1', referralDate: '2023-05-02' };
  return {
    children: [{ childId: 'p1', sex: 'F', dob: '2015-03-04', expectedDob: null, ethnicity: 'WBRI', sourceYear: year }],
    episodes: [
      {
        ...key,
        referralSource: '6',
        primaryNeed: 'N1',
        closureDate: overrides.closure ?? null,
        closureReason: overrides.closure ? 'RC7' : null,
        referralNfa: false,
        initialCpcDate: null,
        sourceYear: year,
      },
    ],
    assessments: [
      {
        ...key,
        start: '2023-05-03',
        authorised: '2023-06-01',
        factors: overrides.factors ?? ['3A', '4B'],
        sourceYear: year,
      },
    ],
    cinPlans: [{ ...key, start: '2023-06-02', end: '2023-07-01', sourceYear: year }],
    section47s: [
      {
        ...key,
        start: '2023-07-01',
        icpcTarget: '2023-07-20',
        icpcDate: '2023-07-18',
        icpcNotRequired: false,
        sourceYear: year,
      },
    ],
    protectionPlans: [
      {
        ...key,
        start: '2023-07-18',
        end: null,
        initialCategory: 'NEG',
        latestCategory: 'EMO',
        previousPlans: 1,
        sourceYear: year,
      },
    ],
  };
}

for (const dialect of await testDialects()) {
  describe(`CIN repository (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
    });
    afterEach(() => t.close());

    it('round-trips every record, booleans and factor lists included, for its council only', async () => {
      await upsertCinRecords(t.db, 'LA1', records(2024));
      const data = await loadCinData(t.db, 'LA1');
      assert.deepEqual(data.children, [
        { childId: 'p1', sex: 'F', dob: '2015-03-04', expectedDob: null, ethnicity: 'WBRI' },
      ]);
      assert.equal(data.episodes[0]!.referralNfa, false);
      assert.deepEqual(data.assessments[0]!.factors, ['3A', '4B']);
      assert.equal(data.section47s[0]!.icpcDate, '2023-07-18');
      assert.equal(data.protectionPlans[0]!.previousPlans, 1);
      assert.equal(data.protectionPlans[0]!.latestCategory, 'EMO');
      assert.deepEqual(await countCinData(t.db, 'LA2'), {
        children: 0,
        episodes: 0,
        assessments: 0,
        cinPlans: 0,
        section47s: 0,
        protectionPlans: 0,
      });
    });

    it('a later return replaces a record; an earlier one imported afterwards does not', async () => {
      await upsertCinRecords(t.db, 'LA1', records(2024));
      await upsertCinRecords(t.db, 'LA1', records(2025, { closure: '2024-05-01', factors: [] }));
      let data = await loadCinData(t.db, 'LA1');
      assert.equal(data.episodes[0]!.closureDate, '2024-05-01');
      assert.deepEqual(data.assessments[0]!.factors, []);
      await upsertCinRecords(t.db, 'LA1', records(2024));
      data = await loadCinData(t.db, 'LA1');
      assert.equal(data.episodes[0]!.closureDate, '2024-05-01', 'the 2025 version stays');
      assert.equal(data.episodes.length, 1);
    });

    it('monthly counts: replaced whole by month, unknown kept apart from zero', async () => {
      const by = { updatedBy: 'a@x', updatedAt: '2026-12-07T11:00:00Z' };
      await upsertCinMonthlyCounts(
        t.db,
        'LA1',
        [
          { month: '2024-05', contacts: 300, earlyHelpAssessments: 0, earlyHelpStarts: null },
          { month: '2024-04', contacts: 280, earlyHelpAssessments: 40, earlyHelpStarts: 35 },
        ],
        by,
      );
      await upsertCinMonthlyCounts(
        t.db,
        'LA1',
        [{ month: '2024-05', contacts: 310, earlyHelpAssessments: null, earlyHelpStarts: 20 }],
        by,
      );
      assert.deepEqual(await loadCinMonthlyCounts(t.db, 'LA1'), [
        { month: '2024-04', contacts: 280, earlyHelpAssessments: 40, earlyHelpStarts: 35 },
        { month: '2024-05', contacts: 310, earlyHelpAssessments: null, earlyHelpStarts: 20 },
      ]);
      assert.deepEqual(await loadCinMonthlyCounts(t.db, 'LA2'), []);
    });
  });
}
