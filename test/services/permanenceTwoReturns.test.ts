/**
 * Issue 11's Done means: a cohort of five children followed across two returns, on SQLite and
 * PostgreSQL. The council is the one worked by hand in test/permanence/council.ts. The 2024/25
 * return (to 31 March 2025) has every cohort child still looked after; the cohort is imported then,
 * tracked from 31 March 2025 (its planned months all after the data). The 2025/26 return then brings the outcomes, found from
 * the returns with no typing:
 *   A planned special guardianship for September 2025, left by special guardianship (E41) on
 *     15 August 2025: achieved by plan;
 *   B planned to return home in June 2025, left by special guardianship on 1 July 2025: another route;
 *   C taken out of scope (Court decision);
 *   D planned to return home in December 2025, still looked after on 31 March 2026: overdue;
 *   E planned special guardianship for June 2026, still looked after: in care, not yet due.
 * And the looked after path from the second return: 5 on 1 April 2025, + F in May, - B in July,
 * - A in August, - F in October: 3 at the end of March 2026 (F's second period, January to March
 * 2026, is an admission and a discharge in those months).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemActor } from '../../src/services/access.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import { importTracker, trackerReportJson, trackerView } from '../../src/services/permanence.ts';
import { pseudonymiser } from '../../src/services/pseudonymise.ts';
import type { Episode } from '../../src/domain/model.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aChild, aLoadResult, anEpisode } from '../store/caseBuilders.ts';
import { RETURNS_TO_MARCH_2026, WORKED_CHILDREN, WORKED_COHORT_CSV, WORKED_EPISODES } from '../permanence/council.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const LA = '301';
const PROJECT = 'Discharge of care orders';

/** The episodes as the 2024/25 return records them on 31 March 2025: nobody in the cohort has left yet. */
const FIRST_RETURN_EPISODES: readonly Episode[] = [
  anEpisode({ childId: 'A', start: '2024-05-01', placement: 'U1' }),
  anEpisode({ childId: 'B', start: '2024-10-01' }),
  anEpisode({ childId: 'C', start: '2023-03-01' }),
  anEpisode({ childId: 'D', start: '2024-11-20' }),
  anEpisode({ childId: 'E', start: '2025-02-01', placement: 'U1' }),
  anEpisode({ childId: 'G', start: '2024-04-01', end: '2025-03-15', reasonEnded: 'E4A' }),
  // H, not in the cohort, went home on the return's last day, so the return runs to 31 March 2025.
  anEpisode({ childId: 'H', start: '2024-09-01', end: '2025-03-31', reasonEnded: 'E4A' }),
];
const first = aLoadResult({
  year: 2025,
  children: [...WORKED_CHILDREN.filter((c) => c.childId !== 'F'), aChild({ childId: 'H', dob: '2010-05-05' })],
  episodes: FIRST_RETURN_EPISODES,
});
/** The 2025/26 return: the periods open in the year, as they ended. */
const second = aLoadResult({
  year: 2026,
  children: WORKED_CHILDREN.filter((c) => c.childId !== 'G'),
  episodes: [...WORKED_EPISODES.filter((e) => e.childId !== 'G'), RETURNS_TO_MARCH_2026],
});

for (const dialect of await testDialects()) {
  describe(`a cohort of five children across two returns (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    let dir: string;
    const actor = systemActor(LA);
    before(async () => {
      t = await dialect.open();
      dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-two-returns-'));
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await t?.close();
    });

    it('after the first return: five children, one out of scope, none achieved or overdue yet', async () => {
      await writeLoadResult(t.db, first, {
        laCode: LA,
        importedBy: 'test',
        now: new Date('2025-05-01T09:00:00Z'),
        pseudonymKey: KEY,
      });
      const file = path.join(dir, 'cohort.csv');
      writeFileSync(file, WORKED_COHORT_CSV);
      const summary = await importTracker(t.db, actor, {
        laCode: LA,
        project: PROJECT,
        path: file,
        name: 'cohort.csv',
        // The latest date in the returns: a project cannot start after the data it is checked against.
        trackedFrom: '2025-03-31',
        pseudonymKey: KEY,
        now: new Date('2025-05-02T09:00:00Z'),
      });
      assert.equal(summary.children, 5);
      const json = trackerReportJson(await trackerView(t.db, actor, LA, PROJECT)) as {
        asAt: string;
        children: Record<string, number>;
      };
      assert.equal(json.asAt, '2025-03-31');
      assert.deepEqual(json.children, { inScope: 4, outOfScope: 1, achieved: 0, otherRoute: 0, overdue: 0 });
      const pseudo = pseudonymiser(KEY, LA);
      const report = (await trackerView(t.db, actor, LA, PROJECT)).report;
      assert.deepEqual(
        ['A', 'B', 'C', 'D', 'E'].map((id) => report.children.find((c) => c.childId === pseudo(id))?.outcome),
        ['in_care', 'in_care', 'out_of_scope', 'in_care', 'in_care'],
      );
    });

    it('after the second return: achieved by plan, another route, out of scope, overdue, still in care', async () => {
      await writeLoadResult(t.db, second, {
        laCode: LA,
        importedBy: 'test',
        now: new Date('2026-05-01T09:00:00Z'),
        pseudonymKey: KEY,
      });
      const view = await trackerView(t.db, actor, LA, PROJECT);
      const json = trackerReportJson(view) as {
        asAt: string;
        months: {
          month: string;
          admissions: number | null;
          discharges: number | null;
          lookedAfterEnd: number | null;
        }[];
        children: Record<string, number>;
      };
      assert.equal(json.asAt, '2026-03-31');
      assert.deepEqual(json.children, { inScope: 4, outOfScope: 1, achieved: 1, otherRoute: 1, overdue: 1 });
      const pseudo = pseudonymiser(KEY, LA);
      const outcome = (id: string) => view.report.children.find((c) => c.childId === pseudo(id));
      assert.deepEqual(
        ['A', 'B', 'C', 'D', 'E'].map((id) => [id, outcome(id)?.outcome]),
        [
          ['A', 'achieved'],
          ['B', 'other_route'],
          ['C', 'out_of_scope'],
          ['D', 'overdue'],
          ['E', 'in_care'],
        ],
      );
      assert.equal(outcome('A')?.exitDate, '2025-08-15');
      assert.equal(outcome('B')?.exitRoute, 'sgo_cao');
      // The looked after path from the project's month (March 2025) to March 2026: March starts with
      // 7 looked after (A-E, G and H), G goes home on 15 March and H on 31 March: 5; then as worked above.
      assert.deepEqual(
        json.months
          .filter((m) => m.month <= '2026-03')
          .map((m) => [m.month, m.admissions, m.discharges, m.lookedAfterEnd]),
        [
          ['2025-03', 0, 2, 5],
          ['2025-04', 0, 0, 5],
          ['2025-05', 1, 0, 6],
          ['2025-06', 0, 0, 6],
          ['2025-07', 0, 1, 5],
          ['2025-08', 0, 1, 4],
          ['2025-09', 0, 0, 4],
          ['2025-10', 0, 1, 3],
          ['2025-11', 0, 0, 3],
          ['2025-12', 0, 0, 3],
          ['2026-01', 1, 0, 4],
          ['2026-02', 0, 0, 4],
          ['2026-03', 0, 1, 3],
        ],
      );
    });
  });
}
