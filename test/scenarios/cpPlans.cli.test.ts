/**
 * `forecare scenario run|save` with a child protection plans lever (issue 12), on the council of
 * test/scenarios/cpPlansFixture.ts written into a SQLite file: 6 of its 10 entries came after a
 * plan, so plans 10% fewer run exactly as entries 6% fewer; a council without a CIN census is
 * refused with the adjustment and field named, nothing saved.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase } from '../../src/store/database.ts';
import { runForecare } from '../support/cli.ts';
import { storeCpFixture } from './cpPlansFixture.ts';

const KEY = new Uint8Array(32).fill(5);

async function seed(file: string, laCode: string, withCin: boolean): Promise<void> {
  const opened = openDatabase({ kind: 'sqlite', file });
  try {
    await migrateToLatest(opened.db);
    await storeCpFixture(opened.db, laCode, KEY, withCin);
  } finally {
    await opened.close();
  }
}

interface Year {
  year: string;
  saving: { mean: number; p50: number };
  childrenDiverted: { mean: number };
}

test('forecare scenario run: plans 10% fewer save what entries 6% fewer save; refused without a CIN census', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-cp-plans-'));
  try {
    const db = path.join(dir, 'forecare.db');
    await seed(db, '995', true);
    await seed(db, '994', false);
    const lever = path.join(dir, 'cp-plans.yaml');
    writeFileSync(
      lever,
      'name: Fewer child protection plans\nadjustments:\n  - kind: cpPlans\n    start: 2025-04-01\n    percent: -10\n',
    );
    const entries = path.join(dir, 'entries.yaml');
    writeFileSync(
      entries,
      'name: Fewer child protection plans\nadjustments:\n  - kind: entryRate\n    start: 2025-04-01\n    percent: -6\n',
    );
    const args = ['--la', '995', '--db', db, '--start', '2025-03-31', '--months', '24', '--runs', '60', '--seed', '11'];
    const a = runForecare(['scenario', 'run', lever, ...args, '--json']);
    assert.equal(a.status, 0, a.stderr);
    const b = runForecare(['scenario', 'run', entries, ...args, '--json']);
    assert.equal(b.status, 0, b.stderr);
    const leverJson = JSON.parse(a.stdout) as { financialYears: Year[]; cpPlans: { levers: unknown } };
    const entriesJson = JSON.parse(b.stdout) as { financialYears: Year[] };
    assert.deepEqual(leverJson.financialYears, entriesJson.financialYears);
    const forecast = leverJson.financialYears.filter((y) => y.year !== '2024/25');
    assert.ok(forecast.length > 0 && forecast.every((y) => y.saving.mean > 0 && y.childrenDiverted.mean > 0));
    assert.deepEqual(leverJson.cpPlans.levers, [{ adjustment: 1, plansPercent: -10, entriesPercent: -6 }]);
    // The text output says the share used and the change in entries.
    const text = runForecare(['scenario', 'run', lever, ...args]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(
      text.stdout,
      /1\. 10% fewer child protection plans from 1 April 2025: 60% of the entries to care from 1 April 2024 to 31 March 2025 came after a plan \(6 of 10\), so 6% fewer children entering care from 1 April 2025/,
    );

    // No CIN census: refused, the adjustment and field named; nothing saved.
    const noCin = runForecare(['scenario', 'run', lever, ...args.map((x) => (x === '995' ? '994' : x))]);
    assert.equal(noCin.status, 1);
    assert.match(
      noCin.stderr,
      /adjustment 1 \(cpPlans\), field "percent": cannot be used: the council has no children in need census imported \(Data, Children in need census; or forecare cin import\)/,
    );
    const save = runForecare(['scenario', 'save', lever, '--la', '994', '--db', db]);
    assert.equal(save.status, 1);
    assert.match(
      save.stderr,
      /cp-plans\.yaml: a problem in the scenario:\n {2}- adjustment 1 \(cpPlans\), field "percent"/,
    );
    const list = runForecare(['scenario', 'list', '--la', '994', '--db', db, '--json']);
    assert.deepEqual(JSON.parse(list.stdout), []);
    // With the census, it saves.
    const saved = runForecare(['scenario', 'save', lever, '--la', '995', '--db', db]);
    assert.equal(saved.status, 0, saved.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
