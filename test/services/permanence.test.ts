/**
 * Permanence trackers through the service layer: a cohort read from a council's file of CHILD ids,
 * pseudonymised with the returns' key, refused whole on any bad row, and reported from the returns.
 * The council is the one worked by hand in test/permanence/tracker.test.ts.
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { systemActor, type Actor } from '../../src/services/access.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import {
  importTracker,
  listTrackers,
  TrackerImportRefused,
  TrackerInputError,
  trackerReportJson,
  trackerView,
} from '../../src/services/permanence.ts';
import { pseudonymiser } from '../../src/services/pseudonymise.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aLoadResult } from '../store/caseBuilders.ts';
import { RETURNS_TO_MARCH_2026, WORKED_CHILDREN, WORKED_COHORT_CSV, WORKED_EPISODES } from '../permanence/council.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const LA = '301';
const NOW = new Date('2026-05-01T09:00:00Z');

const returns = aLoadResult({
  year: 2026,
  children: WORKED_CHILDREN,
  episodes: [...WORKED_EPISODES, RETURNS_TO_MARCH_2026],
});
const GOOD = WORKED_COHORT_CSV;

for (const dialect of await testDialects()) {
  describe(`permanence tracker service (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    let dir: string;
    const actor: Actor = systemActor(LA);
    const file = (name: string, text: string): string => {
      const p = path.join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    const request = (p: string, over: Record<string, unknown> = {}) => ({
      laCode: LA,
      project: 'Discharge of care orders',
      path: p,
      name: path.basename(p),
      trackedFrom: '2025-04-01',
      pseudonymKey: KEY,
      now: NOW,
      ...over,
    });

    beforeEach(async () => {
      t = await dialect.open();
      dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-tracker-'));
      await writeLoadResult(t.db, returns, { laCode: LA, importedBy: 'test', now: NOW, pseudonymKey: KEY });
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await t.close();
    });

    it('imports a cohort under pseudonyms and reports it from the returns', async () => {
      const summary = await importTracker(t.db, actor, request(file('cohort.csv', GOOD)));
      assert.deepEqual(summary, {
        project: 'Discharge of care orders',
        trackedFrom: '2025-04-01',
        children: 5,
        inScope: 4,
        outOfScope: 1,
        replaced: false,
      });
      const view = await trackerView(t.db, actor, LA, 'Discharge of care orders');
      const pseudo = pseudonymiser(KEY, LA);
      const ids = view.report.children.map((c) => c.childId).sort();
      assert.deepEqual(ids, ['A', 'B', 'C', 'D', 'E'].map((c) => pseudo(c)).sort());
      const json = trackerReportJson(view) as {
        asAt: string;
        months: {
          month: string;
          planned: number;
          achieved: number;
          admissions: number | null;
          lookedAfterEnd: number | null;
        }[];
        children: Record<string, number>;
        saving: Record<string, unknown>;
      };
      assert.equal(json.asAt, '2026-03-31');
      assert.deepEqual(json.children, { inScope: 4, outOfScope: 1, achieved: 1, otherRoute: 1, overdue: 1 });
      for (const m of json.months)
        for (const k of ['month', 'planned', 'achieved', 'admissions', 'discharges', 'lookedAfterEnd'])
          assert.ok(k in m, `${m.month} has ${k}`);
      // F's second period (Jan-Mar 2026) is an admission in January and a discharge in March.
      const jan = json.months.find((m) => m.month === '2026-01');
      assert.equal(jan?.admissions, 1);
      assert.equal(json.months.find((m) => m.month === '2026-03')?.lookedAfterEnd, 3);
      assert.equal(json.saving.horizon, '2027-03-31');
      assert.deepEqual(await listTrackers(t.db, actor, LA), [
        { name: 'Discharge of care orders', trackedFrom: '2025-04-01', updatedAt: NOW.toISOString(), children: 5 },
      ]);
    });

    it('reads the same cohort from an Excel workbook', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Cohort');
      for (const line of GOOD.split('\n')) ws.addRow(line.split(','));
      const p = path.join(dir, 'cohort.xlsx');
      await wb.xlsx.writeFile(p);
      const summary = await importTracker(t.db, actor, request(p));
      assert.equal(summary.children, 5);
      assert.equal(summary.outOfScope, 1);
    });

    it('refuses the whole file, storing nothing, naming row and column for each problem', async () => {
      const bad = [
        'CHILD,planned_route,planned_month,status,reason',
        'A,sgo_cao,2025-09,,',
        'ZZZ9,return_home,2025-10,,', // not in the returns
        'G,return_home,2025-10,,', // left care before the project
        'D,return_home,2025-02,,', // planned before the project's start
        'A,adoption,2025-11,,', // duplicate
        'E,sgo,2026-06,,', // unknown route
      ].join('\n');
      await assert.rejects(importTracker(t.db, actor, request(file('bad.csv', bad))), (err: unknown) => {
        assert.ok(err instanceof TrackerImportRefused);
        // Every problem at once, by row: the rows well formed are checked against the returns too.
        assert.deepEqual(
          err.problems.map((p) => [p.row, p.column, p.rule]),
          [
            [3, 'CHILD', 'TRACKER-CHILD-UNKNOWN'],
            [4, 'CHILD', 'TRACKER-NOT-IN-CARE'],
            [5, 'planned_month', 'TRACKER-MONTH-BEFORE-START'],
            [6, 'CHILD', 'TRACKER-DUPLICATE'],
            [7, 'planned_route', 'TRACKER-ROUTE'],
          ],
        );
        assert.match(err.message, /bad\.csv, row 6: this child is already in row 2/);
        return true;
      });
      const fixed = bad
        .split('\n')
        .filter((_, i) => i !== 5 && i !== 6)
        .join('\n');
      await assert.rejects(importTracker(t.db, actor, request(file('bad2.csv', fixed))), (err: unknown) => {
        assert.ok(err instanceof TrackerImportRefused);
        assert.deepEqual(
          err.problems.map((p) => [p.row, p.column, p.rule]),
          [
            [3, 'CHILD', 'TRACKER-CHILD-UNKNOWN'],
            [4, 'CHILD', 'TRACKER-NOT-IN-CARE'],
            [5, 'planned_month', 'TRACKER-MONTH-BEFORE-START'],
          ],
        );
        assert.doesNotMatch(err.message, /ZZZ9/, 'the message names the row, not the id');
        return true;
      });
      assert.deepEqual(await listTrackers(t.db, actor, LA), []);
    });

    it('one upload names every problem, one message per rule, and stores nothing', async () => {
      const text = [
        'CHILD,planned_route,planned_month',
        'A,sgo_cao,2025-09',
        'ZZ9,return_home,2025-10',
        'A,adoption,2025-10',
        'D,home,2025-12',
        'E,sgo_cao,2025-01',
        'ZZ8,adoption,2025-11',
      ].join('\n');
      await assert.rejects(importTracker(t.db, actor, request(file('bad.csv', text))), (err: unknown) => {
        assert.ok(err instanceof TrackerImportRefused);
        assert.deepEqual(
          err.problems.map((p) => [p.row, p.rule]),
          [
            [3, 'TRACKER-CHILD-UNKNOWN'],
            [4, 'TRACKER-DUPLICATE'],
            [5, 'TRACKER-ROUTE'],
            [6, 'TRACKER-MONTH-BEFORE-START'],
            [7, 'TRACKER-CHILD-UNKNOWN'],
          ],
        );
        // Worked by hand: ZZ9 and ZZ8 are in no return; A is rows 2 and 4; "home" is no route;
        // 2025-01 is before the start, 1 April 2025.
        assert.deepEqual(err.grouped(LA), [
          '2 CHILD ids are not in 301’s imported returns: ZZ9 (row 3), ZZ8 (row 7). Check them against the 903 return; they were not stored.',
          '1 child appears more than once; a child appears once in a project: A (rows 2 and 4).',
          '1 planned route is not one of return_home, sgo_cao, adoption, other: row 5 (“home”).',
          '1 planned month is before the project’s start (2025-04-01), in the past of the data: row 6 (2025-01).',
        ]);
        return true;
      });
      assert.deepEqual(await listTrackers(t.db, actor, LA), [], 'nothing half-stored');
    });

    it('a re-import replaces the cohort as one change; a bad one leaves the old cohort', async () => {
      await importTracker(t.db, actor, request(file('cohort.csv', GOOD)));
      const smaller = GOOD.split('\n').slice(0, 3).join('\n');
      const again = await importTracker(t.db, actor, request(file('smaller.csv', smaller), { trackedFrom: undefined }));
      assert.equal(again.replaced, true);
      assert.equal(again.children, 2);
      assert.equal(again.trackedFrom, '2025-04-01', 'keeps the stored start');
      await assert.rejects(
        importTracker(t.db, actor, request(file('broken.csv', `${smaller}\nB,nowhere,2025-06,,`))),
        TrackerImportRefused,
      );
      assert.equal((await listTrackers(t.db, actor, LA))[0]?.children, 2);
    });

    it('bad reasons, statuses, months and headers are named', async () => {
      const cases: [string, string, string][] = [
        ['CHILD,planned_route\nA,sgo_cao', 'planned_month', 'TRACKER-COLUMN-MISSING'],
        ['CHILD,planned_route,planned_month,status\nA,sgo_cao,2025-13,', 'planned_month', 'TRACKER-MONTH'],
        ['CHILD,planned_route,planned_month,status\nA,sgo_cao,2025-09,achieved', 'status', 'TRACKER-STATUS'],
        [
          'CHILD,planned_route,planned_month,status,reason\nA,sgo_cao,2025-09,out_of_scope,',
          'reason',
          'TRACKER-REASON',
        ],
        [
          'CHILD,planned_route,planned_month,status,reason\nA,sgo_cao,2025-09,out_of_scope,Bored',
          'reason',
          'TRACKER-REASON',
        ],
      ];
      for (const [text, column, rule] of cases) {
        await assert.rejects(importTracker(t.db, actor, request(file('x.csv', text))), (err: unknown) => {
          assert.ok(err instanceof TrackerImportRefused, text);
          assert.deepEqual(
            err.problems.map((p) => [p.column, p.rule]),
            [[column, rule]],
            text,
          );
          return true;
        });
      }
      await assert.rejects(
        importTracker(t.db, actor, request(file('x.csv', GOOD), { trackedFrom: '2026-06-01' })),
        TrackerInputError,
      );
      const binary = path.join(dir, 'x.csv');
      writeFileSync(binary, Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]));
      await assert.rejects(importTracker(t.db, actor, request(binary)), (err: unknown) => {
        assert.ok(err instanceof TrackerImportRefused);
        assert.equal(err.problems[0]?.rule, 'TRACKER-FILE');
        return true;
      });
    });

    it('a viewer may read a tracker but not import one; another council sees nothing', async () => {
      await importTracker(t.db, actor, request(file('cohort.csv', GOOD)));
      const viewer: Actor = { ...actor, name: 'viewer@x', role: 'viewer' };
      await assert.rejects(importTracker(t.db, viewer, request(file('c2.csv', GOOD))), /may not do this/);
      assert.equal((await trackerView(t.db, viewer, LA, 'Discharge of care orders')).report.counts.inScope, 4);
      const other: Actor = systemActor('302');
      assert.deepEqual(await listTrackers(t.db, other, '302'), []);
      await assert.rejects(trackerView(t.db, other, '302', 'Discharge of care orders'), /no tracker project/);
      await assert.rejects(trackerView(t.db, other, LA, 'Discharge of care orders'), /may not act in council 301/);
    });
  });
}
