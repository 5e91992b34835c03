/**
 * `forecare capacity import|report` (issue 11): all-or-nothing import with problems named by file,
 * row, column and rule; the report's demand against the places recorded, and each month's gap and
 * cost following the rule worked by hand in test/sufficiency/capacity.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeLoadResult } from '../../src/services/import.ts';
import { migrateToLatest, openDatabase } from '../../src/store/database.ts';
import type { Child, Episode } from '../../src/domain/model.ts';
import { aChild, anEpisode, aLoadResult } from '../store/caseBuilders.ts';
import { runForecare } from '../support/cli.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');

function forecare(args: string[]) {
  return runForecare(args, { env: { FORECARE_PSEUDONYM_KEY: KEY.toString('base64') } });
}

interface ReportMonth {
  month: string;
  fosteringPlaces: number | null;
  fosteringDemand: number;
  fosteringGap: number | null;
  fosteringGapPence: number | null;
  homeBeds: number | null;
  residentialDemand: number;
  residentialGap: number | null;
  residentialGapPence: number | null;
}

test('forecare capacity import and report --json', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-capacity-'));
  const db = path.join(dir, 'forecare.db');
  try {
    const opened = openDatabase({ kind: 'sqlite', file: db });
    await migrateToLatest(opened.db);
    const children: Child[] = [];
    const episodes: Episode[] = [];
    const add = (id: string, placement: string, provider: string, start: string) => {
      children.push(aChild({ childId: id, dob: '2014-01-01' }));
      episodes.push(anEpisode({ childId: id, start, placement, provider }));
    };
    for (let i = 0; i < 12; i++) add(`F${i}`, 'U4', i < 6 ? 'PR1' : 'PR4', `2023-0${(i % 9) + 1}-01`);
    for (let i = 0; i < 4; i++) add(`R${i}`, 'K2', i < 1 ? 'PR1' : 'PR4', `2024-0${i + 1}-01`);
    children.push(aChild({ childId: 'L', dob: '2012-01-01' }));
    episodes.push(anEpisode({ childId: 'L', start: '2024-06-01', end: '2026-03-31', reasonEnded: 'E4A' }));
    await writeLoadResult(opened.db, aLoadResult({ year: 2026, children, episodes }), {
      laCode: '301',
      importedBy: 'test',
      now: new Date('2026-05-01T00:00:00Z'),
      pseudonymKey: KEY,
    });
    await opened.close();

    const file = path.join(dir, 'capacity.csv');
    writeFileSync(file, 'month,fostering_households,fostering_places,home_beds\n2026-04,4,six,1\n2026-04,4,6,1\n');
    const refused = forecare(['capacity', 'import', file, '--la', '301', '--db', db]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /Nothing was stored: 2 problems in the capacity file/);
    assert.match(
      refused.stderr,
      /CAPACITY-NUMBER \(fostering_places\): capacity\.csv, row 2: fostering_places \(fostering places\) must be a whole number/,
    );
    assert.match(refused.stderr, /CAPACITY-DUPLICATE \(month\): capacity\.csv, row 3: 2026-04 is already in row 2/);
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');
    const empty = forecare(['capacity', 'report', '--la', '301', '--db', db]);
    assert.match(empty.stdout, /No in-house capacity recorded yet/);

    writeFileSync(file, 'month,fostering_households,fostering_places,home_beds\n2026-04,4,6,1\n2027-04,6,9,2\n');
    const imported = forecare(['capacity', 'import', file, '--la', '301', '--db', db, '--json']);
    assert.equal(imported.status, 0, imported.stderr);
    assert.deepEqual(JSON.parse(imported.stdout), { records: 2 });

    const report = forecare(['capacity', 'report', '--la', '301', '--db', db, '--json']);
    assert.equal(report.status, 0, report.stderr);
    const j = JSON.parse(report.stdout) as {
      forecastStart: string;
      months: ReportMonth[];
      years: { financialYear: number; label: string; months: number; fosteringGapPence: number }[];
    };
    assert.equal(j.forecastStart, '2026-03-31');
    assert.equal(j.months.length, 36);
    assert.deepEqual(
      [j.months[0]?.month, j.months[0]?.fosteringPlaces, j.months[12]?.month, j.months[12]?.fosteringPlaces],
      ['2026-04', 6, '2027-04', 9],
    );
    // At the start 12 children are fostered (6 in-house, 6 agency) and 4 in homes; each month's gap is
    // demand less places (never below 0), and its cost is the gap's child-days at a positive weekly price.
    assert.ok(Math.abs((j.months[0]?.fosteringDemand ?? 0) - 12) < 1.5);
    for (const m of j.months) {
      assert.ok(
        Math.abs((m.fosteringGap ?? -1) - Math.max(0, m.fosteringDemand - (m.fosteringPlaces ?? 0))) <= 0.11,
        m.month,
      );
      assert.ok(
        Math.abs((m.residentialGap ?? -1) - Math.max(0, m.residentialDemand - (m.homeBeds ?? 0))) <= 0.11,
        m.month,
      );
      assert.equal((m.fosteringGapPence ?? 0) > 0, (m.fosteringGap ?? 0) > 0);
    }
    assert.deepEqual(
      j.years.map((y) => [y.label, y.months]),
      [
        ['2026/27', 12],
        ['2027/28', 12],
        ['2028/29', 12],
      ],
    );
    assert.equal(
      j.years[0]?.fosteringGapPence,
      j.months.slice(0, 12).reduce((s, m) => s + (m.fosteringGapPence ?? 0), 0),
    );
    const text = forecare(['capacity', 'report', '--la', '301', '--db', db]);
    assert.match(
      text.stdout,
      /Cost of the gap \(bought externally at the unit costs of each year\):\n {2}2026\/27 \(12 months\): fostering £/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
