/**
 * The commands that print figures, run as a council's analyst runs them: `forecare stock`,
 * `forecast`, `rates`, `backtest`, `spend` and `costs`, on a small generated council (`forecare
 * demo-data --seed 3 --years 4 --size small --end-year 2024`, imported once). Each test checks its
 * JSON's shape and a figure or two worked out from the returns' files or by hand; each sets up any
 * prices it needs itself, so the tests run alone or in any order.
 */
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { PLACEMENT_CATEGORIES } from '../../src/domain/placementCategories.ts';
import { setUnitCost } from '../../src/services/unitCosts.ts';
import { openDatabase } from '../../src/store/database.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/cli/main.ts');
const QUANTILE_KEYS = ['mean', 'p2_5', 'p10', 'p50', 'p90', 'p97_5'];

interface Quantiles {
  mean: number;
  p2_5: number;
  p10: number;
  p50: number;
  p90: number;
  p97_5: number;
}

function assertQuantiles(q: Quantiles, what: string): void {
  assert.deepEqual(Object.keys(q), QUANTILE_KEYS, what);
  assert.ok(q.p2_5 <= q.p10 && q.p10 <= q.p50 && q.p50 <= q.p90 && q.p90 <= q.p97_5, `${what} ordered`);
  assert.ok(q.p2_5 >= 0, `${what} not negative`);
}

describe('forecare commands that print figures', () => {
  let dir = '';
  let db = '';
  let env: Record<string, string> = {};

  function forecare(args: string[]): { status: number | null; stdout: string; stderr: string } {
    return spawnSync(process.execPath, [MAIN, ...args], {
      encoding: 'utf8',
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
  }

  function json<T>(args: string[]): T {
    const r = forecare([...args, '--db', db, '--json']);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as T;
  }

  /** Children with an open episode (no DEC) in the 2024 return: those looked after on 31 March 2024. */
  function openAtYearEnd(): number {
    const rows = parse(readFileSync(path.join(dir, 'demo', '2024', 'episodes.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    return new Set(rows.filter((r) => r.DEC === '').map((r) => r.CHILD)).size;
  }

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-commands-'));
    db = path.join(dir, 'forecare.db');
    env = { FORECARE_KEY_FILE: path.join(dir, 'key') };
    const made = forecare([
      'demo-data',
      path.join(dir, 'demo'),
      '--seed',
      '3',
      '--years',
      '4',
      '--size',
      'small',
      '--end-year',
      '2024',
    ]);
    assert.equal(made.status, 0, made.stderr);
    const imported = forecare(['import', path.join(dir, 'demo'), '--la', 'DEMO', '--db', db]);
    assert.equal(imported.status, 0, imported.stderr);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('stock: the children with an open episode at the end of the last return, by category and age band', () => {
    const j = json<{
      date: string;
      total: number;
      byCategory: Record<string, number>;
      byAgeBand: Record<string, number>;
    }>(['stock', '--la', 'DEMO', '--at', '2024-03-31']);
    assert.equal(j.date, '2024-03-31');
    assert.equal(j.total, openAtYearEnd());
    assert.deepEqual(Object.keys(j.byCategory), [...PLACEMENT_CATEGORIES]);
    assert.deepEqual(Object.keys(j.byAgeBand), ['under_1', '1_to_4', '5_to_9', '10_to_15', '16_plus']);
    assert.equal(
      Object.values(j.byCategory).reduce((a, b) => a + b, 0),
      j.total,
    );
    assert.equal(
      Object.values(j.byAgeBand).reduce((a, b) => a + b, 0),
      j.total,
    );
  });

  test('forecast: month ends after the start, starting from the children looked after that day; a seed repeats', () => {
    const args = ['forecast', '--la', 'DEMO', '--start', '2024-03-31', '--months', '6', '--runs', '40', '--seed', '7'];
    type Forecast = {
      months: {
        month: string;
        total: Quantiles;
        byCategory: Record<string, Quantiles>;
        byAgeBand: Record<string, Quantiles>;
      }[];
      model: {
        cohort: string;
        referenceStart: string;
        referenceDays: number;
        entryModel: string;
        childrenAtStart: number;
      }[];
    };
    const j = json<Forecast>(args);
    assert.deepEqual(
      j.months.map((m) => m.month),
      ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09'],
    );
    for (const m of j.months) {
      assertQuantiles(m.total, m.month);
      assert.deepEqual(Object.keys(m.byCategory), [...PLACEMENT_CATEGORIES]);
      // Means add up (each run's categories add up to its total); 2 dp rounding on 10 parts.
      const sum = Object.values(m.byCategory).reduce((a, q) => a + q.mean, 0);
      assert.ok(Math.abs(sum - m.total.mean) < 0.06, `${m.month}: ${sum} vs ${m.total.mean}`);
    }
    assert.equal(j.model.length, 1);
    assert.equal(j.model[0]?.childrenAtStart, openAtYearEnd());
    // Default reference window: 24 months before the start (2022-03-31 to 2024-03-31 is 365 + 366 days).
    assert.equal(j.model[0]?.referenceStart, '2022-03-31');
    assert.equal(j.model[0]?.referenceDays, 731);
    assert.equal(j.model[0]?.entryModel, 'trend');
    assert.deepEqual(json<Forecast>(args), j);
  });

  test('rates: each rate is its events over its exposure, over the reference window asked for', () => {
    type Rates = {
      start: string;
      referenceStart: string;
      referenceDays: number;
      entries: { events: number; exposureDays: number; ratePerDay: number; perYear: number }[];
      exits: { events: number; exposureDays: number; ratePerDay: number }[];
      transitions: { events: number; exposureDays: number; ratePerDay: number }[];
      entryModel: string;
    };
    const j = json<Rates>(['rates', '--la', 'DEMO', '--start', '2024-03-31', '--reference-months', '12']);
    // 12 months: 2023-03-31 to 2024-03-31, 366 days (29 February 2024 included).
    assert.equal(j.start, '2024-03-31');
    assert.equal(j.referenceStart, '2023-03-31');
    assert.equal(j.referenceDays, 366);
    assert.ok(j.entries.length > 0 && j.exits.length > 0);
    const sig = (x: number) => Number(x.toPrecision(6));
    for (const r of [...j.entries, ...j.exits, ...j.transitions]) {
      assert.ok(r.events > 0 && r.exposureDays > 0);
      assert.equal(r.ratePerDay, sig(r.events / r.exposureDays));
    }
    for (const e of j.entries) assert.equal(e.perYear, sig((e.events / e.exposureDays) * 365.25));
    // The window's bound is the parameter's (6-120 months), on the CLI as on the web.
    const refused = forecare(['rates', '--la', 'DEMO', '--reference-months', '3', '--db', db]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /--reference-months must be a whole number from 6 to 120, not "3"/);
  });

  test('backtest: a year from a cutoff, compared with the children looked after at each month end', () => {
    type Backtest = {
      horizons: {
        months: number;
        month: string;
        actual: number;
        forecast: Quantiles;
        absPctError: number;
        inside80: boolean;
        inside95: boolean;
      }[];
      mape: number;
      coverage80: number;
      coverage95: number;
    };
    const j = json<Backtest>(['backtest', '--la', 'DEMO', '--cutoff', '2023-03-31', '--months', '12', '--runs', '40']);
    assert.equal(j.horizons.length, 12);
    assert.deepEqual(
      j.horizons.map((h) => h.months),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    );
    const last = j.horizons[11];
    assert.ok(last);
    assert.equal(last.month, '2024-03');
    // What happened at the last month end: the children open at the end of the 2024 return.
    assert.equal(last.actual, openAtYearEnd());
    for (const h of j.horizons) {
      assertQuantiles(h.forecast, h.month);
      // |forecast mean − actual| / actual, in per cent (the JSON rounds both to 2 and 3 dp).
      assert.ok(Math.abs(h.absPctError - (Math.abs(h.forecast.mean - h.actual) / h.actual) * 100) < 0.01);
      assert.equal(h.inside80, h.actual >= h.forecast.p10 && h.actual <= h.forecast.p90);
    }
    const mape = j.horizons.reduce((s, h) => s + h.absPctError, 0) / 12;
    assert.ok(Math.abs(j.mape - mape) < 0.001);
    assert.ok(Math.abs(j.coverage80 - j.horizons.filter((h) => h.inside80).length / 12) < 0.001);
  });

  test('spend: actual spend is child-days at the unit cost; the forecast has intervals by year', async () => {
    // Every category at £700 a week (£100 a day exactly) in 2023/24 prices: 2023/24's placement
    // spend (the categories) is then £100 for each child-day of its 366 days, i.e. £100 × 366 × the
    // average looked after. The total adds the post-care lines (allowances, Staying Put, care leavers).
    const opened = openDatabase({ kind: 'sqlite', file: db });
    try {
      for (const category of PLACEMENT_CATEGORIES)
        await setUnitCost(opened.db, 'DEMO', { category, weeklyPounds: 700, priceYear: 2023, source: 'CLI test' });
    } finally {
      await opened.close();
    }
    type Actual = {
      periods: { period: string; spend: number; byCategory: Record<string, number>; averageChildren: number }[];
    };
    const actual = json<Actual>(['spend', '--la', 'DEMO', '--actual', '--from', '2023-04-01', '--until', '2024-04-01']);
    assert.equal(actual.periods.length, 1);
    const year = actual.periods[0];
    assert.ok(year);
    assert.equal(year.period, '2023/24');
    const placements = Object.values(year.byCategory).reduce((a, b) => a + b, 0);
    assert.equal(Math.round(placements) % 100, 0); // whole child-days at £100
    assert.ok(
      Math.abs(placements / 100 / 366 - year.averageChildren) <= 0.005,
      `${placements} ${year.averageChildren}`,
    );
    assert.ok(year.spend >= placements);

    type Forecast = {
      start: string;
      runs: number;
      seed: number;
      periods: {
        period: string;
        basis: string;
        spend: Quantiles;
        byCategory: Record<string, Quantiles>;
        children: Quantiles;
      }[];
    };
    const f = json<Forecast>(['spend', '--la', 'DEMO', '--start', '2024-03-31', '--months', '12', '--runs', '40']);
    assert.equal(f.start, '2024-03-31');
    assert.equal(f.runs, 40);
    assert.equal(f.seed, 1);
    const y2024 = f.periods.find((p) => p.period === '2024/25');
    assert.ok(y2024, JSON.stringify(f.periods.map((p) => p.period)));
    assert.equal(y2024.basis, 'forecast');
    assertQuantiles(y2024.spend, '2024/25 spend');
    assert.deepEqual(Object.keys(y2024.byCategory), [...PLACEMENT_CATEGORIES]);
  });

  test('costs: a price set and an inflation rate, listed as in force on a day', () => {
    // Its own council code: no other test's prices.
    const set = forecare([
      'costs',
      'set',
      '--la',
      'COSTS',
      '--category',
      'ifa_fostering',
      '--weekly',
      '1,000',
      '--price-year',
      '2023',
      '--db',
      db,
    ]);
    assert.equal(set.status, 0, set.stderr);
    const inflation = forecare([
      'costs',
      'inflation',
      '--la',
      'COSTS',
      '--year',
      '2024',
      '--percent',
      '3.5',
      '--db',
      db,
    ]);
    assert.equal(inflation.status, 0, inflation.stderr);
    type List = {
      date: string;
      financialYear: string;
      lines: { category: string; weekly: number; priceYear: string; weeklyOnDate: number; isDefault: boolean }[];
      inflation: { rates: Record<string, number> };
    };
    const j = json<List>(['costs', 'list', '--la', 'COSTS', '--at', '2024-06-01']);
    assert.equal(j.financialYear, '2024/25');
    assert.deepEqual(j.inflation.rates, { '2024/25': 0.035 });
    const ifa = j.lines.find((l) => l.category === 'ifa_fostering');
    // £1,000 a week in 2023/24 prices, uplifted by 2024/25's 3.5%: £1,035.00 on 1 June 2024.
    assert.deepEqual(
      ifa && { weekly: ifa.weekly, priceYear: ifa.priceYear, weeklyOnDate: ifa.weeklyOnDate, isDefault: ifa.isDefault },
      { weekly: 1000, priceYear: '2023/24', weeklyOnDate: 1035, isDefault: false },
    );
    assert.ok(j.lines.filter((l) => l.category !== 'ifa_fostering').every((l) => l.isDefault));
    // Out of bounds: refused with the service's rule.
    const bad = forecare([
      'costs',
      'set',
      '--la',
      'COSTS',
      '--category',
      'secure',
      '--weekly',
      '200000',
      '--price-year',
      '2023',
      '--db',
      db,
    ]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /weekly cost must be an amount in pounds between £0 and £100,000/);
  });
});
