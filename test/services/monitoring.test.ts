/**
 * Budgets and monitoring through the service layer (issue 10): access, audit, one change per year,
 * nothing stored from a bad file, and the monitoring report's identities against the spend
 * forecast and the actuals worked by hand.
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createAuditService } from '../../src/services/audit.ts';
import { systemActor, type Actor } from '../../src/services/access.ts';
import { BudgetFormError, BudgetImportRefused, createBudgetsService } from '../../src/services/budgets.service.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import {
  computeMonitoring,
  monitoringJson,
  monthsToYearEnd,
  saveMonitoringPeriod,
} from '../../src/services/monitoring.ts';
import { getSpendForecast, summariseSpend } from '../../src/services/spend.ts';
import { setUnitCost } from '../../src/services/unitCosts.ts';
import { UserInputError } from '../../src/services/errors.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aChild, anEpisode, aLoadResult } from '../store/caseBuilders.ts';

const KEY = new Uint8Array(32).fill(7);
const LA = '999';
const admin = systemActor(LA);
const viewer: Actor = { userId: 5, name: 'v@example.org', laCode: LA, role: 'viewer', requestId: null };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forecare-budgets-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

// Two children in in-house fostering (U4/PR1): A from 1 January 2025, B from 16 April 2025, both still there.
async function seed(db: TestDatabase['db']): Promise<void> {
  await writeLoadResult(
    db,
    aLoadResult({
      year: 2025,
      children: [aChild({ childId: 'A' }), aChild({ childId: 'B' })],
      episodes: [anEpisode({ childId: 'A', start: '2025-01-01' }), anEpisode({ childId: 'B', start: '2025-04-16' })],
    }),
    { laCode: LA, importedBy: 'test', now: new Date('2025-06-01T00:00:00Z'), pseudonymKey: KEY },
  );
  await setUnitCost(db, LA, { category: 'inhouse_fostering', weeklyPounds: 700, priceYear: 2025, source: 'test' });
}

describe('monthsToYearEnd', () => {
  it('counts the projection months from the day after the as-at date to March', () => {
    assert.equal(monthsToYearEnd('2025-04-30'), 11); // May .. March
    assert.equal(monthsToYearEnd('2025-04-15'), 12); // rest of April .. March
    assert.equal(monthsToYearEnd('2026-02-28'), 1); // March
    assert.equal(monthsToYearEnd('2026-03-31'), 0);
  });
});

for (const dialect of await testDialects()) {
  describe(`budgets and monitoring services (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
      await seed(t.db);
    });
    afterEach(() => t.close());

    it('budget set, list and remove: analysts and admins only, each change audited', async () => {
      const audit = createAuditService(t.db);
      const budgets = createBudgetsService(t.db, audit);
      await assert.rejects(
        budgets.set(viewer, LA, { year: '2025/26', line: 'ifa_fostering', amount: '100' }),
        /may not do this/,
      );
      await budgets.set(admin, LA, { year: '2025/26', line: 'Independent fostering agency', amount: '£1,250,000.50' });
      await budgets.set(admin, LA, { year: '2025/26', line: 'Staying Close', amount: '120000' });
      await budgets.set(admin, LA, { year: '2025/26', line: 'ifa_fostering', amount: '1300000', childWeeks: '1300' });
      const list = await budgets.list(viewer, LA, 2025);
      assert.deepEqual(
        list.map((b) => [b.line, b.amountPence, b.childWeeks, b.kind]),
        [
          ['Staying Close', 12_000_000, null, 'other'],
          ['ifa_fostering', 130_000_000, 1300, 'category'],
        ],
      );
      await assert.rejects(
        budgets.set(admin, LA, { year: '2025/27', line: 'ifa_fostering', amount: '1' }),
        (e: unknown) => e instanceof UserInputError && e.field === 'year',
      );
      await assert.rejects(
        budgets.set(admin, LA, { year: '2025/26', line: 'ifa_fosterin', amount: '1' }),
        (e: unknown) => e instanceof UserInputError && e.field === 'line',
      );
      await assert.rejects(
        budgets.set(admin, LA, { year: '2025/26', line: 'ifa_fostering', amount: 'lots' }),
        (e: unknown) => e instanceof UserInputError && e.field === 'amount',
      );
      assert.equal(await budgets.remove(admin, LA, '2025/26', 'staying close'), true);
      assert.equal(await budgets.remove(admin, LA, '2025/26', 'Staying Close'), false);
      const log = await audit.list(admin, LA);
      assert.deepEqual(
        log.entries.map((e) => e.action),
        ['budget.removed', 'budget.set', 'budget.set', 'budget.set'],
      );
      assert.deepEqual(log.entries[1]?.detail, {
        year: '2025/26',
        line: 'ifa_fostering',
        amountPounds: 1_300_000,
        childWeeks: 1300,
        previousPounds: 1_250_000.5,
      });
    });

    it('a budget file replaces each year it holds as one change; a bad file stores nothing and names row and column', async () => {
      const audit = createAuditService(t.db);
      const budgets = createBudgetsService(t.db, audit);
      await budgets.set(admin, LA, { year: '2025/26', line: 'secure', amount: '5' });
      await budgets.set(admin, LA, { year: '2026/27', line: 'secure', amount: '7' });
      const good = file(
        'budget.csv',
        'year,line,amount,child_weeks\n2025/26,ifa_fostering,"1,000,000",1000\n2025/26,Staying Close,50000.25,\n',
      );
      const result = await budgets.importFile(admin, LA, good, 'budget.csv');
      assert.deepEqual(result.years, [{ year: '2025/26', lines: 2, total: 1_050_000.25 }]);
      // 2025/26 replaced whole (secure gone); 2026/27 untouched.
      assert.deepEqual(
        (await budgets.list(admin, LA)).map((b) => [b.yearLabel, b.line, b.amountPence]),
        [
          ['2025/26', 'Staying Close', 5_000_025],
          ['2025/26', 'ifa_fostering', 100_000_000],
          ['2026/27', 'secure', 700],
        ],
      );
      const bad = file(
        'bad.csv',
        'year,line,amount\n' +
          '2025/26,external_residental,100\n' + // unknown line
          '2025/26,secure,a lot\n' + // text amount
          '2025/26,Staying Close,1\n' +
          '2025/26,staying close,2\n' + // duplicate line
          '2025/27,secure,3\n', // a year that does not exist
      );
      await assert.rejects(budgets.importFile(admin, LA, bad, 'bad.csv'), (e: unknown) => {
        assert.ok(e instanceof BudgetImportRefused);
        assert.deepEqual(
          e.problems.map((p) => [p.row, p.column, p.rule]),
          [
            [2, 'line', 'BUDGET-LINE'],
            [3, 'amount', 'BUDGET-AMOUNT'],
            [5, 'line', 'BUDGET-DUPLICATE'],
            [6, 'year', 'BUDGET-YEAR'],
          ],
        );
        assert.match(e.message, /bad\.csv, row 3, column amount: "a lot" is not an amount in pounds/);
        return true;
      });
      assert.equal((await budgets.list(admin, LA)).length, 3, 'nothing stored from the bad file');
      // An Excel workbook reads the same way (numbers as numbers).
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Budget');
      ws.addRow(['year', 'line', 'amount']);
      ws.addRow(['2026/27', 'External residential', 2_500_000.1]);
      const xlsx = path.join(dir, 'budget.xlsx');
      await wb.xlsx.writeFile(xlsx);
      await budgets.importFile(admin, LA, xlsx, 'budget.xlsx');
      assert.deepEqual(
        (await budgets.list(admin, LA, 2026)).map((b) => [b.line, b.amountPence]),
        [['external_residential', 250_000_010]],
      );
      const actions = (await audit.list(admin, LA)).entries.map((e) => e.action);
      assert.deepEqual(actions.slice(0, 3), ['budget.imported', 'budget.import_refused', 'budget.imported']);
    });

    it('the web form sets a year as one change and reports every wrong field together', async () => {
      const audit = createAuditService(t.db);
      const budgets = createBudgetsService(t.db, audit);
      await assert.rejects(
        budgets.setYear(admin, LA, '2025/26', [
          { field: 'ifa_fostering', line: 'ifa_fostering', amount: 'x' },
          { field: 'other-1', line: 'Staying Close', amount: '10', childWeeks: '5' },
          { field: 'secure', line: 'secure', amount: '' },
        ]),
        (e: unknown) =>
          e instanceof BudgetFormError && e.errors.map((x) => x.field).join() === 'ifa_fostering-amount,other-1-weeks',
      );
      assert.equal((await budgets.list(admin, LA)).length, 0);
      await budgets.setYear(admin, LA, '2025/26', [
        { field: 'ifa_fostering', line: 'ifa_fostering', amount: '100' },
        { field: 'secure', line: 'secure', amount: '' },
      ]);
      assert.deepEqual(
        (await budgets.list(admin, LA)).map((b) => b.line),
        ['ifa_fostering'],
      );
      assert.equal((await audit.list(admin, LA)).entries[0]?.action, 'budget.year_set');
    });

    it('monitoring: actuals worked by hand, outturn = actual + mean forecast, lines add to the total, drivers to the variance; the spend forecast agrees', async () => {
      const budgets = createBudgetsService(t.db, createAuditService(t.db));
      await budgets.set(admin, LA, { year: '2025/26', line: 'inhouse_fostering', amount: '36500' });
      await budgets.set(admin, LA, { year: '2025/26', line: 'Agency social workers', amount: '80000' });
      const report = await computeMonitoring(t.db, LA, { at: '2025-04-30', runs: 40, seed: 3 });
      assert.equal(report.year, 2025);
      assert.equal(report.period, 1);
      const fostering = report.lines.find((l) => l.line === 'inhouse_fostering');
      // Worked by hand: April 2025 at £700/wk = 10,000p a day; A 30 days + B 15 days = 450,000p.
      assert.equal(fostering?.actualToDate, 450_000);
      assert.equal(fostering?.budget, 3_650_000);
      // Budget without child-weeks: bought at the unit cost, £36,500 / £700 = 52.142857 weeks.
      assert.ok(Math.abs((fostering?.working.budgetChildWeeks ?? 0) - 36_500 / 700) < 1e-9);
      for (const l of [...report.lines, report.total]) {
        assert.equal(l.forecastOutturn, l.actualToDate + l.forecastRemaining, l.line);
        assert.equal(l.variance, l.forecastOutturn - l.budget, l.line);
        assert.equal(l.drivers.volume + l.drivers.price + l.drivers.mix, l.variance, l.line);
        assert.ok(l.outturn80[0] <= l.outturn80[1], l.line);
      }
      const sum = (pick: (l: (typeof report.lines)[number]) => number) => report.lines.reduce((s, l) => s + pick(l), 0);
      assert.equal(
        report.total.forecastOutturn,
        sum((l) => l.forecastOutturn),
      );
      assert.equal(report.total.budget, 3_650_000, 'the free-text line is not in the total');
      assert.deepEqual(report.otherBudgets, [{ line: 'Agency social workers', budget: 8_000_000 }]);
      // The same runs through `spend`: the year's mean outturn equals the monitoring total (to the
      // rounding of each line's mean to the penny: at most half a penny a line).
      const forecast = await getSpendForecast(t.db, LA, { start: '2025-04-30', months: 11, runs: 40, seed: 3 });
      const [year] = summariseSpend(forecast, 'year');
      assert.equal(year?.period, '2025/26');
      assert.ok(Math.abs((year?.spend.mean ?? 0) - report.total.forecastOutturn) <= report.lines.length / 2);
      assert.equal(year?.actualToDate, report.total.actualToDate);

      // JSON: pounds to the penny, the shape.
      const json = monitoringJson(report) as {
        year: string;
        asAt: string;
        lines: Record<string, unknown>[];
        total: Record<string, unknown>;
      };
      assert.equal(json.year, '2025/26');
      assert.equal(json.asAt, '2025-04-30');
      const keys = [
        'line',
        'budget',
        'actualToDate',
        'forecastRemaining',
        'forecastOutturn',
        'outturn80',
        'variance',
        'drivers',
      ];
      for (const l of [...json.lines, json.total]) for (const k of keys) assert.ok(k in l, k);
      const jf = json.lines.find((l) => l.line === 'inhouse_fostering');
      assert.equal(jf?.actualToDate, 4500);
      assert.equal(jf?.budget, 36500);
    });

    it('a saved period gives the next one its movement; only analysts and admins save; the year end has nothing left to forecast', async () => {
      const audit = createAuditService(t.db);
      const p1 = await computeMonitoring(t.db, LA, { at: '2025-04-30', runs: 20, seed: 1 });
      await assert.rejects(saveMonitoringPeriod(t.db, audit, viewer, p1), /may not do this/);
      assert.deepEqual(await saveMonitoringPeriod(t.db, audit, admin, p1), { period: 1, replaced: false });
      assert.deepEqual(await saveMonitoringPeriod(t.db, audit, admin, p1), { period: 1, replaced: true });
      const p2 = await computeMonitoring(t.db, LA, { at: '2025-05-31', runs: 20, seed: 1 });
      assert.deepEqual(p2.previousPeriod, { period: 1, asAt: '2025-04-30' });
      assert.equal(p2.total.previous?.forecastOutturn, p1.total.forecastOutturn);
      assert.equal(p2.total.movement, p2.total.forecastOutturn - p1.total.forecastOutturn);
      const f1 = p1.lines.find((l) => l.line === 'inhouse_fostering');
      const f2 = p2.lines.find((l) => l.line === 'inhouse_fostering');
      assert.equal(f2?.movement, (f2?.forecastOutturn ?? 0) - (f1?.forecastOutturn ?? 0));
      // Re-running P1 itself measures no movement (no earlier period).
      assert.equal((await computeMonitoring(t.db, LA, { at: '2025-04-30', runs: 5 })).previousPeriod, null);
      const end = await computeMonitoring(t.db, LA, { at: '2026-03-31', runs: 5 });
      assert.equal(end.period, 12);
      assert.equal(end.total.forecastRemaining, 0);
      // The whole year is actual: A 365 days (1 April to 31 March), B 350 (from 16 April), at 10,000p a day.
      assert.equal(end.lines.find((l) => l.line === 'inhouse_fostering')?.actualToDate, (365 + 350) * 10_000);
      assert.equal((await audit.list(admin, LA)).entries[0]?.action, 'monitoring.period_saved');
    });
  });
}
