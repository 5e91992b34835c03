/**
 * `forecare tracker import|report|list` (issue 11): the command line's shapes and messages, on the
 * council worked by hand in test/permanence/tracker.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeLoadResult } from '../../src/services/import.ts';
import { migrateToLatest, openDatabase } from '../../src/store/database.ts';
import { aChild, anEpisode, aLoadResult } from '../store/caseBuilders.ts';
import { runForecare } from '../support/cli.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');

function forecare(args: string[]) {
  return runForecare(args, { env: { FORECARE_PSEUDONYM_KEY: KEY.toString('base64') } });
}

test('forecare tracker import, report --json and list', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-tracker-'));
  const db = path.join(dir, 'forecare.db');
  try {
    const opened = openDatabase({ kind: 'sqlite', file: db });
    await migrateToLatest(opened.db);
    await writeLoadResult(
      opened.db,
      aLoadResult({
        year: 2026,
        children: [aChild({ childId: '1001', dob: '2015-01-01' }), aChild({ childId: '1002', dob: '2012-07-07' })],
        episodes: [
          anEpisode({ childId: '1001', start: '2024-05-01', placement: 'U1', end: '2025-08-15', reasonEnded: 'E41' }),
          anEpisode({ childId: '1002', start: '2024-11-20', end: '2026-03-31', reasonEnded: 'E4A' }),
        ],
      }),
      { laCode: '301', importedBy: 'test', now: new Date('2026-05-01T00:00:00Z'), pseudonymKey: KEY },
    );
    await opened.close();
    const cohort = path.join(dir, 'cohort.csv');
    writeFileSync(cohort, 'CHILD,planned_route,planned_month\n1001,sgo_cao,2025-09\n1002,return_home,2025-12\n');

    const imported = forecare([
      'tracker',
      'import',
      cohort,
      '--la',
      '301',
      '--project',
      'Reunification',
      '--from',
      '2025-04-01',
      '--db',
      db,
      '--json',
    ]);
    assert.equal(imported.status, 0, imported.stderr);
    assert.deepEqual(JSON.parse(imported.stdout), {
      project: 'Reunification',
      trackedFrom: '2025-04-01',
      children: 2,
      inScope: 2,
      outOfScope: 0,
      replaced: false,
    });

    const report = forecare(['tracker', 'report', '--la', '301', '--project', 'Reunification', '--db', db, '--json']);
    assert.equal(report.status, 0, report.stderr);
    const j = JSON.parse(report.stdout) as {
      project: string;
      asAt: string;
      months: Record<string, unknown>[];
      children: Record<string, number>;
      saving: Record<string, number | string>;
    };
    assert.equal(j.project, 'Reunification');
    assert.equal(j.asAt, '2026-03-31');
    assert.deepEqual(j.children, { inScope: 2, outOfScope: 0, achieved: 2, otherRoute: 0, overdue: 0 });
    assert.deepEqual(Object.keys(j.months[0] ?? {}).slice(0, 2), ['month', 'planned']);
    for (const k of ['month', 'planned', 'achieved', 'admissions', 'discharges', 'lookedAfterEnd'])
      assert.ok(k in (j.months[0] ?? {}), k);
    assert.equal(j.months.length, 12, 'April 2025 to March 2026');
    // 1002 left on 31 March 2026 (the last day of the returns): saved 1 day at in-house fostering's
    // default (£650 a week in 2017/18 prices, uplifted) so far; 1001 since 15 August 2025.
    assert.equal(typeof j.saving.soFar, 'number');
    assert.ok((j.saving.soFar as number) > 0);

    const text = forecare(['tracker', 'report', '--la', '301', '--project', 'Reunification', '--db', db]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Reunification: 2 children in scope/);

    const list = forecare(['tracker', 'list', '--la', '301', '--db', db, '--json']);
    assert.equal((JSON.parse(list.stdout) as unknown[]).length, 1);

    const unknown = forecare(['tracker', 'report', '--la', '301', '--project', 'Nope', '--db', db]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /^forecare: There is no tracker project called "Nope" in 301\n$/);

    writeFileSync(cohort, 'CHILD,planned_route,planned_month\n1001,sgo_cao,2025-09\n9999,return_home,2025-12\n');
    const refused = forecare(['tracker', 'import', cohort, '--la', '301', '--project', 'Reunification', '--db', db]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /Nothing was stored: 1 problem/);
    assert.match(refused.stderr, /TRACKER-CHILD-UNKNOWN \(CHILD\): cohort\.csv, row 3: no child with this CHILD id/);
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
