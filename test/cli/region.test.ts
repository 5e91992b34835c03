/**
 * `forecare region create|add-user|forecast|capacity` (issue 11): the command line's shapes and messages on
 * two small councils (the arithmetic is worked by hand in test/engine/pooling.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeLoadResult } from '../../src/services/import.ts';
import { ensureCouncil } from '../../src/store/councils.repository.ts';
import { migrateToLatest, openDatabase } from '../../src/store/database.ts';
import { aChild, anEpisode, aLoadResult } from '../store/caseBuilders.ts';
import { runForecare } from '../support/cli.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');

function forecare(args: string[]) {
  return runForecare(args, { env: { FORECARE_PSEUDONYM_KEY: KEY.toString('base64') } });
}

/** A council of `n` children in care from 2024, the returns to 31 March 2026. */
function council(n: number, prefix: string) {
  const children = [];
  const episodes = [];
  for (let i = 0; i < n; i++) {
    children.push(aChild({ childId: `${prefix}${i}`, dob: `201${i % 8}-03-01` }));
    episodes.push(
      i % 3 === 0
        ? anEpisode({ childId: `${prefix}${i}`, start: '2024-06-01', end: '2025-10-01', reasonEnded: 'E4A' })
        : anEpisode({ childId: `${prefix}${i}`, start: `2024-0${1 + (i % 9)}-15`, placement: 'U4', provider: 'PR1' }),
    );
  }
  return aLoadResult({ year: 2026, children, episodes });
}

test('forecare region create, add-user and forecast --json', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-region-'));
  const db = path.join(dir, 'forecare.db');
  try {
    const opened = openDatabase({ kind: 'sqlite', file: db });
    await migrateToLatest(opened.db);
    for (const [la, n] of [
      ['301', 12],
      ['302', 9],
    ] as const) {
      await ensureCouncil(opened.db, la, `Council ${la}`);
      await writeLoadResult(opened.db, council(n, la), {
        laCode: la,
        importedBy: 'test',
        now: new Date('2026-05-01T00:00:00Z'),
        pseudonymKey: KEY,
      });
    }
    await opened.close();

    const unknown = forecare(['region', 'create', 'NW', '--name', 'North West', '--members', '301,999', '--db', db]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /No council with code 999: import its returns first/);

    const made = forecare([
      'region',
      'create',
      'nw',
      '--name',
      'North West',
      '--members',
      '301, 302',
      '--db',
      db,
      '--json',
    ]);
    assert.equal(made.status, 0, made.stderr);
    assert.deepEqual(JSON.parse(made.stdout), { code: 'NW', name: 'North West', members: ['301', '302'] });

    const again = forecare(['region', 'create', 'NW', '--name', 'North West', '--members', '301,302', '--db', db]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /Region NW exists already/);

    const noAccount = forecare(['region', 'add-user', 'NW', '--email', 'someone@x.test', '--db', db]);
    assert.equal(noAccount.status, 2);
    assert.match(noAccount.stderr, /No account for someone@x.test/);

    const missing = forecare(['region', 'forecast', 'SE', '--db', db, '--json']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /No region SE/);

    const forecast = forecare(['region', 'forecast', 'nw', '--db', db, '--json']);
    assert.equal(forecast.status, 0, forecast.stderr);
    const json = JSON.parse(forecast.stdout) as {
      region: { code: string; name: string };
      start: string;
      childrenAtStart: number;
      runs: number;
      members: { laCode: string; childrenAtStart: number }[];
      months: { month: string; total: { mean: number; p50: number }; members: Record<string, { mean: number }> }[];
    };
    assert.deepEqual(json.region, { code: 'NW', name: 'North West' });
    assert.equal(json.start, '2026-03-31');
    assert.equal(json.runs, 500);
    // 301: 12 children, of whom 0, 3, 6, 9 went home in 2025: 8 at the start; 302: 9 less 0, 3, 6: 6.
    assert.deepEqual(
      json.members.map((m) => [m.laCode, m.childrenAtStart]),
      [
        ['301', 8],
        ['302', 6],
      ],
    );
    assert.equal(json.childrenAtStart, 14);
    assert.equal(json.months.length, 36);
    assert.equal(json.months[0]?.month, '2026-04');
    for (const m of json.months) {
      const a = m.members['301'];
      const b = m.members['302'];
      assert.ok(a && b);
      // Means add up (each rounded to 2 places).
      assert.ok(Math.abs(m.total.mean - (a.mean + b.mean)) <= 0.011, m.month);
    }

    const text = forecare(['region', 'forecast', 'NW', '--db', db]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /North West \(NW\): 2 members with data, 14 children looked after at the start/);
    assert.match(text.stdout, /region .* \(runs added run by run\)/);

    // Capacity: 301 fosters 8 with 4 places, 302 fosters 6 with 10 (all in-house, U4/PR1).
    const before = forecare(['region', 'capacity', 'NW', '--db', db, '--json']);
    assert.equal(before.status, 0, before.stderr);
    assert.deepEqual(JSON.parse(before.stdout).withoutCapacity, ['301', '302']);
    for (const [la, places] of [
      ['301', '4'],
      ['302', '10'],
    ] as const) {
      const dir2 = path.join(dir, `capacity-${la}.csv`);
      writeFileSync(dir2, `month,fostering_households,fostering_places,home_beds\n2026-04,${places},${places},0\n`);
      const imported = forecare(['capacity', 'import', dir2, '--la', la, '--db', db]);
      assert.equal(imported.status, 0, imported.stderr);
    }
    const capacity = forecare(['region', 'capacity', 'NW', '--db', db, '--json']);
    assert.equal(capacity.status, 0, capacity.stderr);
    const cj = JSON.parse(capacity.stdout) as {
      region: { code: string };
      included: string[];
      withoutData: string[];
      withoutCapacity: string[];
      members: { laCode: string; capacityRecords: number; years: { fosteringGapPence: number }[] }[];
      months: {
        month: string;
        fostering: { demand: number; capacity: number; regionalGap: number; membersGap: number; sharingSaves: number };
      }[];
      years: {
        label: string;
        fostering: { regionalGapPence: number; membersGapPence: number; sharingSavesPence: number };
      }[];
    };
    assert.deepEqual([cj.included, cj.withoutData, cj.withoutCapacity], [['301', '302'], [], []]);
    assert.deepEqual(
      cj.members.map((m) => [m.laCode, m.capacityRecords]),
      [
        ['301', 1],
        ['302', 1],
      ],
    );
    assert.equal(cj.months.length, 36);
    assert.equal(cj.months[0]?.month, '2026-04');
    for (const m of cj.months) {
      assert.equal(m.fostering.capacity, 14);
      // Capacity shared: the region's gap is its demand beyond the 14 places (1 dp); 302's spare
      // places take 301's children, so the members' own gaps are at least as large.
      assert.ok(Math.abs(m.fostering.regionalGap - Math.max(0, m.fostering.demand - 14)) <= 0.1, m.month);
      assert.ok(m.fostering.membersGap >= m.fostering.regionalGap, m.month);
    }
    // At the start 301 has 4 children beyond its places and 302 4 places spare: sharing saves them.
    assert.ok((cj.months[0]?.fostering.sharingSaves ?? 0) > 3, JSON.stringify(cj.months[0]));
    for (const y of cj.years)
      assert.equal(y.fostering.regionalGapPence + y.fostering.sharingSavesPence, y.fostering.membersGapPence, y.label);
    const capacityText = forecare(['region', 'capacity', 'NW', '--db', db]);
    assert.equal(capacityText.status, 0, capacityText.stderr);
    assert.match(capacityText.stdout, /North West \(NW\): in-house capacity against demand, 2 members in the figures/);
    assert.match(capacityText.stdout, /2026\/27 \(12 months\) {2}fostering £/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
