/**
 * The money commands of issue 10 through the command line: `forecare budget set|list|remove|import`
 * (audited as cli:<OS user>; a bad file refused whole, naming row and column), `forecare monitor
 * --json` (the shape, pounds to the penny, `--save` and the movement after it) and
 * `forecare stock --post-care --json`. A small council written into a SQLite file first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAuditService } from '../../src/services/audit.ts';
import { systemActor } from '../../src/services/access.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import { setUnitCost } from '../../src/services/unitCosts.ts';
import { migrateToLatest, openDatabase } from '../../src/store/database.ts';
import { aChild, anEpisode, aLoadResult } from '../store/caseBuilders.ts';
import { runForecare } from '../support/cli.ts';

const LA = '998';

const forecare = (args: string[]) => runForecare(args);

/**
 * Collection year 2026 (returns for 1 April 2025 to 31 March 2026). A and B in in-house fostering (£700 a week in 2025/26 prices) from 1 January and 16 April 2025;
 * C (born 1 July 2013) in in-house fostering from 1 January 2025 until leaving on a special
 * guardianship order (E43) on 30 June 2025, aged 11: in the SGO line from that day.
 */
async function seed(file: string): Promise<void> {
  const opened = openDatabase({ kind: 'sqlite', file });
  try {
    await migrateToLatest(opened.db);
    await writeLoadResult(
      opened.db,
      aLoadResult({
        year: 2026,
        children: [aChild({ childId: 'A' }), aChild({ childId: 'B' }), aChild({ childId: 'C', dob: '2013-07-01' })],
        episodes: [
          anEpisode({ childId: 'A', start: '2025-01-01' }),
          anEpisode({ childId: 'B', start: '2025-04-16' }),
          anEpisode({ childId: 'C', start: '2025-01-01', end: '2025-06-30', reasonEnded: 'E43' }),
        ],
      }),
      { laCode: LA, importedBy: 'test', now: new Date('2025-07-01T00:00:00Z'), pseudonymKey: new Uint8Array(32) },
    );
    await setUnitCost(opened.db, LA, {
      category: 'inhouse_fostering',
      weeklyPounds: 700,
      priceYear: 2025,
      source: 'test',
    });
  } finally {
    await opened.close();
  }
}

test('forecare budget, monitor and stock --post-care: commands, JSON shapes, audit and refusals', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-money-'));
  const db = path.join(dir, 'forecare.db');
  try {
    await seed(db);
    const user = os.userInfo().username;

    // budget set / list.
    const set = forecare([
      'budget',
      'set',
      '--la',
      LA,
      '--db',
      db,
      '--year',
      '2025/26',
      '--line',
      'inhouse_fostering',
      '--amount',
      '£100,000',
      '--json',
    ]);
    assert.equal(set.status, 0, set.stderr);
    assert.deepEqual(JSON.parse(set.stdout), {
      year: '2025/26',
      line: 'inhouse_fostering',
      amount: 100000,
      childWeeks: null,
    });
    const badYear = forecare([
      'budget',
      'set',
      '--la',
      LA,
      '--db',
      db,
      '--year',
      '2025',
      '--line',
      'secure',
      '--amount',
      '1',
    ]);
    assert.equal(badYear.status, 1);
    assert.match(badYear.stderr, /--year: "2025" is not a financial year/);

    // budget import: a bad file is refused whole, naming row and column; then a good one replaces the year.
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'year,line,amount\n2025/26,secure,ten pounds\n2025/26,Staying Close,5\n');
    const refused = forecare(['budget', 'import', bad, '--la', LA, '--db', db]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /bad\.csv, row 2, column amount: "ten pounds" is not an amount in pounds/);
    assert.match(refused.stderr, /nothing imported/);
    const good = path.join(dir, 'budget.csv');
    writeFileSync(
      good,
      'year,line,amount,child_weeks\n2025/26,In-house fostering,70000,100\n2025/26,sgo_cao_allowance,2000,\n2025/26,Staying Close,5000,\n',
    );
    const imported = forecare(['budget', 'import', good, '--la', LA, '--db', db, '--json']);
    assert.equal(imported.status, 0, imported.stderr);
    assert.deepEqual(JSON.parse(imported.stdout), {
      file: 'budget.csv',
      years: [{ year: '2025/26', lines: 3, total: 77000 }],
    });
    const list = forecare(['budget', 'list', '--la', LA, '--db', db, '--year', '2025/26', '--json']);
    assert.deepEqual(
      (
        JSON.parse(list.stdout) as { budgets: { line: string; amount: number; childWeeks: number | null }[] }
      ).budgets.map((b) => [b.line, b.amount, b.childWeeks]),
      [
        ['Staying Close', 5000, null],
        ['inhouse_fostering', 70000, 100],
        ['sgo_cao_allowance', 2000, null],
      ],
    );

    // stock --post-care: C is in the SGO line from leaving care on 30 June 2025 (before take-up).
    const stock = forecare(['stock', '--la', LA, '--db', db, '--at', '2025-07-01', '--post-care', '--json']);
    assert.equal(stock.status, 0, stock.stderr);
    assert.deepEqual(JSON.parse(stock.stdout), {
      date: '2025-07-01',
      byLine: { sgo_cao_allowance: 1, adoption_allowance: 0, staying_put: 0, care_leavers: 0 },
    });

    // monitor --json --save at P3, then P4 shows the movement.
    const p3 = forecare(['monitor', '--la', LA, '--db', db, '--at', '2025-06-30', '--runs', '30', '--json', '--save']);
    assert.equal(p3.status, 0, p3.stderr);
    assert.match(p3.stderr, /Saved period P3 of 2025\/26/);
    type Line = {
      line: string;
      budget: number;
      actualToDate: number;
      forecastRemaining: number;
      forecastOutturn: number;
      outturn80: [number, number];
      variance: number;
      previous?: { asAt: string; forecastOutturn: number };
      movement?: number;
      drivers: { volume: number; price: number; mix: number };
    };
    const j3 = JSON.parse(p3.stdout) as {
      year: string;
      asAt: string;
      statistic: string;
      lines: Line[];
      total: Line;
      otherBudgets: unknown;
    };
    assert.equal(j3.year, '2025/26');
    assert.equal(j3.asAt, '2025-06-30');
    assert.equal(j3.statistic, 'mean');
    assert.deepEqual(j3.otherBudgets, [{ line: 'Staying Close', budget: 5000 }]);
    const cents = (x: number) => Math.round(x * 100);
    for (const l of [...j3.lines, j3.total]) {
      for (const k of ['budget', 'actualToDate', 'forecastRemaining', 'forecastOutturn', 'variance'] as const)
        assert.ok(Math.abs(l[k] * 100 - cents(l[k])) < 1e-6, `${l.line} ${k} is pounds to the penny`);
      assert.equal(cents(l.forecastOutturn), cents(l.actualToDate) + cents(l.forecastRemaining));
      assert.equal(cents(l.variance), cents(l.forecastOutturn) - cents(l.budget));
      assert.equal(cents(l.drivers.volume) + cents(l.drivers.price) + cents(l.drivers.mix), cents(l.variance));
      assert.equal(l.outturn80.length, 2);
      assert.equal(l.previous, undefined);
    }
    const fostering = j3.lines.find((l) => l.line === 'inhouse_fostering');
    // Worked by hand: 1 April - 30 June 2025 (91 days) at £100 a day: A 91, B 76 (from 16 April), C 90
    // (leaves on 30 June, not itself a day in care) = 257 days = £25,700.00.
    assert.equal(fostering?.actualToDate, 25700);
    assert.equal(fostering?.budget, 70000);
    assert.equal(j3.total.budget, 72000, 'the free-text line is not in the total');

    const p4 = forecare(['monitor', '--la', LA, '--db', db, '--at', '2025-07-31', '--runs', '30', '--json']);
    assert.equal(p4.status, 0, p4.stderr);
    const j4 = JSON.parse(p4.stdout) as { total: Line; previousPeriod: unknown };
    assert.deepEqual(j4.previousPeriod, { period: 'P3', asAt: '2025-06-30' });
    assert.deepEqual(j4.total.previous, { asAt: '2025-06-30', forecastOutturn: j3.total.forecastOutturn });
    assert.equal(cents(j4.total.movement ?? NaN), cents(j4.total.forecastOutturn) - cents(j3.total.forecastOutturn));

    const badAt = forecare(['monitor', '--la', LA, '--db', db, '--at', 'end of July']);
    assert.equal(badAt.status, 1);
    assert.match(badAt.stderr, /--at must be a date written YYYY-MM-DD/);

    // Every change in the council's audit log as cli:<OS user>.
    const opened = openDatabase({ kind: 'sqlite', file: db });
    try {
      const log = await createAuditService(opened.db).list(systemActor(LA), LA);
      assert.deepEqual(
        log.entries.map((e) => [e.actor, e.action]),
        [
          [`cli:${user}`, 'monitoring.period_saved'],
          [`cli:${user}`, 'budget.imported'],
          [`cli:${user}`, 'budget.import_refused'],
          [`cli:${user}`, 'budget.set'],
        ],
      );
    } finally {
      await opened.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
