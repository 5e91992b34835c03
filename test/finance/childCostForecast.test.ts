import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { writeLoadResult } from '../../src/services/import.ts';
import { importChildCosts, setInflationRate, setUnitCost } from '../../src/services/unitCosts.ts';
import { getSpendForecast, spendForecastJson, summariseSpend, type SpendForecast } from '../../src/services/spend.ts';
import { runScenarioComparison } from '../../src/services/scenarios.ts';
import type { Scenario } from '../../src/domain/scenarios/scenario.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aChild, anEpisode, aLoadResult } from '../store/caseBuilders.ts';
import { processFolder } from '../support/processFolder.ts';

const KEY = new Uint8Array(32).fill(5);
const LA = '999';
const START = '2025-03-31';
const dir = processFolder('forecare-child-cost-forecast-');

/**
 * A tiny council with no movement at all in the reference window (no entries, moves or exits, so
 * every hazard is 0 and every run keeps its children): A in external residential (K2 from a private
 * provider) since 2019, 18 on 16 May 2025; B in in-house fostering since 2019.
 */
async function seed(db: TestDatabase['db']): Promise<void> {
  await writeLoadResult(
    db,
    aLoadResult({
      year: 2025,
      children: [aChild({ childId: 'A', dob: '2007-05-16' }), aChild({ childId: 'B', dob: '2012-01-01' })],
      episodes: [
        anEpisode({ childId: 'A', start: '2019-01-01', placement: 'K2', provider: 'PR4' }),
        anEpisode({ childId: 'B', start: '2019-01-01' }),
      ],
    }),
    { laCode: LA, importedBy: 'test', now: new Date('2025-06-01T00:00:00Z'), pseudonymKey: KEY, acceptErrors: true },
  );
  // £5,500 a week in 2025/26 prices; 4% inflation into 2025/26 (moves A's own cost, stated in 2024/25 cash).
  await setUnitCost(db, LA, { category: 'external_residential', weeklyPounds: 5500, priceYear: 2025, source: 'test' });
  await setInflationRate(db, LA, 2025, 4);
}

async function importCosts(db: TestDatabase['db'], text: string): Promise<void> {
  const file = path.join(dir, `costs-${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, text);
  await importChildCosts(db, LA, file, { pseudonymKey: KEY });
}

function forecastMonth(f: SpendForecast, run: number, month: string) {
  const m = f.runMonths[run]!.find((x) => x.month === month);
  assert.ok(m, `no month ${month}`);
  return m;
}

const OPTIONS = { start: START, months: 3, runs: 3, seed: 2 } as const;

const STEP_DOWN: Scenario = {
  name: 'Step down',
  description: 'Twelve children a year from external residential to IFA fostering',
  adjustments: [
    {
      kind: 'categoryShift',
      start: '2025-04-01',
      rampMonths: 0,
      from: 'external_residential',
      to: 'ifa_fostering',
      childrenPerYear: 12,
      capacity: null,
    },
  ],
};

for (const dialect of await testDialects()) {
  describe(`child-level costs in the forecast (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
      await seed(t.db);
    });
    afterEach(() => t.close());

    it('without child costs every child is at the unit cost (as before)', async () => {
      const f = await getSpendForecast(t.db, LA, OPTIONS);
      assert.equal(f.childLevelCostsUsed, 0);
      for (let r = 0; r < 3; r++) {
        // Worked by hand: A 30 days in April at 550,000p a week = 2,357,142.86p -> 2,357,143p; May, days
        // 1-15 (the 18th birthday is not a day looked after): 1,178,571.43p -> 1,178,571p; June nothing.
        assert.equal(forecastMonth(f, r, '2025-04').byCategory.external_residential, 2_357_143);
        assert.equal(forecastMonth(f, r, '2025-05').byCategory.external_residential, 1_178_571);
        assert.equal(forecastMonth(f, r, '2025-06').byCategory.external_residential, 0);
      }
      assert.equal(
        (spendForecastJson(f, summariseSpend(f, 'year')) as { childLevelCostsUsed: number }).childLevelCostsUsed,
        0,
      );
    });

    it('a starting child with a cost record is costed at its own price while it stays, to the penny', async () => {
      // A costs £9,000 a week from 1 June 2024 (paid in 2024/25): 936,000p a week in 2025/26 after 4%.
      await importCosts(t.db, 'CHILD,PROVIDER,START,END,WEEKLY_COST\nA,Acme Homes,2024-06-01,,9000\n');
      const f = await getSpendForecast(t.db, LA, OPTIONS);
      assert.equal(f.childLevelCostsUsed, 1);
      for (let r = 0; r < 3; r++) {
        // Worked by hand: unit cost part 550,000 x 30 / 7 plus premium (936,000 - 550,000) x 30 / 7
        // (30 expected days: no hazard) = 936,000 x 30 / 7 = 4,011,428.57p -> 4,011,429p.
        assert.equal(forecastMonth(f, r, '2025-04').byCategory.external_residential, 4_011_429);
        // May, 15 days: 936,000 x 15 / 7 = 2,005,714.29p -> 2,005,714p; then nothing (A is 18).
        assert.equal(forecastMonth(f, r, '2025-05').byCategory.external_residential, 2_005_714);
        assert.equal(forecastMonth(f, r, '2025-06').byCategory.external_residential, 0);
        // B has no record: in-house fostering at the unit cost, the same as without child costs.
      }
      const json = spendForecastJson(f, summariseSpend(f, 'month')) as {
        childLevelCostsUsed: number;
        measures: Record<string, string>;
      };
      assert.equal(json.childLevelCostsUsed, 1);
      assert.match(json.measures.childLevelCostsUsed ?? '', /own placement cost/);
      // A record that ended before the start costs nothing extra.
      await importCosts(t.db, 'CHILD,PROVIDER,START,END,WEEKLY_COST\nA,Acme Homes,2024-06-01,2025-03-31,9000\n');
      const ended = await getSpendForecast(t.db, LA, OPTIONS);
      assert.equal(ended.childLevelCostsUsed, 0);
      assert.equal(forecastMonth(ended, 0, '2025-04').byCategory.external_residential, 2_357_143);
    });

    it('a step-down from external residential saves what the child really costs', async () => {
      const without = await runScenarioComparison(t.db, LA, STEP_DOWN, OPTIONS);
      await importCosts(t.db, 'CHILD,PROVIDER,START,END,WEEKLY_COST\nA,Acme Homes,2024-06-01,,9000\n');
      const withCosts = await runScenarioComparison(t.db, LA, STEP_DOWN, OPTIONS);
      assert.equal(withCosts.childLevelCostsUsed, 1);
      const year = (c: typeof without) => c.years.find((y) => y.year === '2025/26')!;
      const extra = year(withCosts).saving.mean - year(without).saving.mean;
      // The saving grows by the premium A no longer costs: 386,000p / 7 a day x (baseline days in
      // residential - scenario days). Baseline: 45 (30 in April, 15 in May). Scenario: A is moved
      // at the shift hazard, 12 / 365.25 a day in April (A is the one eligible child) and more in
      // May (fewer expected eligible children, capped at 0.5): bounds from May's hazard between
      // April's and the cap.
      const s0 = 12 / 365.25;
      const series = (h: number, n: number) => (Math.exp(-h) * -Math.expm1(-h * n)) / -Math.expm1(-h);
      const april = series(s0, 30);
      const mostDays = april + Math.exp(-30 * s0) * series(s0, 15);
      const fewestDays = april + Math.exp(-30 * s0) * series(0.5, 15);
      const perDay = 386_000 / 7;
      assert.ok(extra > 0, `saving should grow, not ${extra}`);
      // 3 months x 1p of rounding per cell and side.
      assert.ok(
        extra >= perDay * (45 - mostDays) - 6 && extra <= perDay * (45 - fewestDays) + 6,
        `extra saving ${extra}`,
      );
      // Rough size: about £12,000-£14,000 more saved (the £3,860 a week premium over the 22-26 days
      // A is expected to spend in IFA fostering instead before turning 18).
      assert.ok(extra > 1_190_000 && extra < 1_420_000, `extra saving ${extra}`);
    });

    it('a scenario that changes nothing still saves exactly nothing with child costs', async () => {
      await importCosts(t.db, 'CHILD,PROVIDER,START,END,WEEKLY_COST\nA,Acme Homes,2024-06-01,,9000\n');
      const none = await runScenarioComparison(
        t.db,
        LA,
        { name: 'No change', description: '', adjustments: [] },
        OPTIONS,
      );
      assert.equal(none.childLevelCostsUsed, 1);
      for (const y of none.years) assert.deepEqual(Object.values(y.saving), [0, 0, 0, 0, 0, 0]);
      // Both sides carry A's own price: April's 4,011,429p and May's 2,005,714p are in the baseline.
      const y2025 = none.years.find((y) => y.year === '2025/26')!;
      assert.ok(y2025.baselineSpend.mean >= 4_011_429 + 2_005_714);
    });
  });
}
