import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeLoadResult } from '../../src/services/import.ts';
import {
  comparisonJson,
  deleteScenario,
  getScenario,
  listScenarios,
  runScenarioComparison,
  saveScenario,
} from '../../src/services/scenarios.ts';
import { parseScenarioText } from '../../src/io/scenarioFile.ts';
import { upsertCapacity } from '../../src/store/sufficiency.repository.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aLoadResult, aSmallCouncil } from '../store/caseBuilders.ts';

const KEY = new Uint8Array(32).fill(3);
const LA = '999';

const NO_CHANGE = parseScenarioText('name: No change\nadjustments: []\n', 'no-change.yaml');
const FEWER_ENTRIES = parseScenarioText(
  `name: Fewer entries
description: Half the entries from the start
adjustments:
  - kind: entryRate
    start: 2025-04-01
    percent: -50
  - kind: unitCostChange
    start: 2025-04-01
    category: external_residential
    weeklyChange: -100
`,
  'fewer.yaml',
);
const OPTIONS = { start: '2025-03-31', months: 24, runs: 40, seed: 7 } as const;
const TO_SIXTY = parseScenarioText(
  `name: In-house fostering to 60 percent
adjustments:
  - kind: entryRate
    start: 2025-04-01
    percent: -10
  - kind: moveToShare
    start: 2025-04-01
    from: ifa_fostering
    to: inhouse_fostering
    sharePercent: 60
    by: 2026-03-31
`,
  'sixty.yaml',
);

interface ShareMovesJson {
  adjustment: number;
  from: string;
  to: string;
  childrenPerHousehold: { value: number; source: string; record?: Record<string, unknown> };
  totalMoves: number;
  householdsNeeded: number | null;
  financialYears: {
    year: string;
    moves: number;
    movedSoFar: number;
    householdsNeeded: number;
    newHouseholds: number;
  }[];
  months: { month: string; moves: number; movedSoFar: number; householdsNeeded: number }[];
}

for (const dialect of await testDialects()) {
  describe(`scenario services (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
      await writeLoadResult(
        t.db,
        aLoadResult({ year: 2025, ...aSmallCouncil({ idPrefix: 'K', endings: ['E4A', 'E11', 'E41', 'E13'] }) }),
        {
          laCode: LA,
          importedBy: 'test',
          now: new Date('2025-06-01T00:00:00Z'),
          pseudonymKey: KEY,
          acceptErrors: true,
        },
      );
    });
    afterEach(() => t.close());

    it('saves, lists, shows and deletes scenarios by name, per council', async () => {
      await saveScenario(t.db, LA, FEWER_ENTRIES, new Date('2026-01-02T03:04:05Z'));
      await saveScenario(t.db, LA, NO_CHANGE);
      assert.deepEqual(
        (await listScenarios(t.db, LA)).map((s) => [s.name, s.adjustments]),
        [
          ['Fewer entries', 2],
          ['No change', 0],
        ],
      );
      assert.deepEqual(await getScenario(t.db, LA, 'Fewer entries'), FEWER_ENTRIES);
      assert.equal(await getScenario(t.db, 'OTHER', 'Fewer entries'), undefined);
      assert.deepEqual(await listScenarios(t.db, 'OTHER'), []);
      assert.equal(await deleteScenario(t.db, LA, 'No change'), true);
      assert.equal(await deleteScenario(t.db, LA, 'No change'), false);
    });

    it('a scenario that changes nothing gives exactly zero saving in every year and percentile', async () => {
      const result = await runScenarioComparison(t.db, LA, NO_CHANGE, OPTIONS);
      // 2024/25 (actual: the start is its last day, and the forecast's first month is April), 2025/26, 2026/27.
      assert.deepEqual(
        result.years.map((y) => [y.year, y.basis]),
        [
          ['2024/25', 'actual'],
          ['2025/26', 'forecast'],
          ['2026/27', 'forecast'],
        ],
      );
      const json = comparisonJson(result) as {
        financialYears: { saving: Record<string, number>; childrenDiverted: Record<string, number> }[];
      };
      for (const y of json.financialYears) {
        assert.deepEqual(y.saving, { mean: 0, p2_5: 0, p10: 0, p50: 0, p90: 0, p97_5: 0 });
        assert.deepEqual(y.childrenDiverted, { mean: 0, p2_5: 0, p10: 0, p50: 0, p90: 0, p97_5: 0 });
      }
    });

    it('fewer entries and cheaper residential save money run by run, and divert children', async () => {
      const result = await runScenarioComparison(t.db, LA, FEWER_ENTRIES, OPTIONS);
      const [past, y1, y2] = result.years;
      // The year before the start is actuals only up to the start: nothing changes there.
      assert.deepEqual(past!.saving, { mean: 0, p2_5: 0, p10: 0, p50: 0, p90: 0, p97_5: 0 });
      // Half the entries and £100 a week off a price can only lower spend in every run.
      assert.ok(y1!.saving.p2_5 > 0, `saving ${JSON.stringify(y1!.saving)}`);
      assert.ok(y2!.saving.mean > y1!.saving.mean, 'the effect builds as fewer children enter');
      assert.ok(y1!.childrenDiverted.mean > 0);
      assert.ok(y2!.scenarioChildren.mean < y2!.baselineChildren.mean);
      const json = comparisonJson(result) as {
        financialYears: { year: string; baselineSpend: Record<string, number> }[];
      };
      // Pounds to 2 dp.
      for (const v of Object.values(json.financialYears[1]!.baselineSpend)) assert.equal(Math.round(v * 100) / 100, v);
    });

    it('a share target shows the moves it works out and the households they need, by month and financial year', async () => {
      const noMoves = comparisonJson(await runScenarioComparison(t.db, LA, FEWER_ENTRIES, OPTIONS));
      assert.equal('shareMoves' in noMoves, false, 'no share adjustment: the JSON is as before');

      const result = await runScenarioComparison(t.db, LA, TO_SIXTY, OPTIONS);
      const json = comparisonJson(result) as { shareMoves: ShareMovesJson[]; financialYears: unknown[] };
      assert.equal(json.financialYears.length, 3, 'the years are still there');
      const [plan, ...more] = json.shareMoves;
      assert.equal(more.length, 0);
      assert.ok(plan);
      // Numbered as on the scenario's page: the entry rate change is adjustment 1.
      assert.equal(plan.adjustment, 2);
      assert.deepEqual([plan.from, plan.to], ['ifa_fostering', 'inhouse_fostering']);
      // No capacity recorded: Forecare's default, and it says so.
      assert.deepEqual(plan.childrenPerHousehold, { value: 1.5, source: 'default' });
      assert.equal(plan.months.length, 24);
      // The share rises over 2025/26, so children move in it; the year after they only keep it there.
      const [y1, y2] = plan.financialYears;
      assert.equal(y1?.year, '2025/26');
      assert.ok((y1?.moves ?? 0) > 1, `moves in 2025/26: ${y1?.moves}`);
      assert.equal(plan.totalMoves, y2?.movedSoFar);
      // Households: the children moved so far over 1.5, rounded up, and the years add up.
      assert.equal(plan.householdsNeeded, Math.ceil(plan.totalMoves / 1.5 - 1e-9));
      assert.equal((y1?.newHouseholds ?? 0) + (y2?.newHouseholds ?? 0), plan.householdsNeeded);
      for (const m of plan.months) assert.equal(m.householdsNeeded, Math.ceil(m.movedSoFar / 1.5 - 1e-9));
      const summed = plan.months.reduce((a, m) => a + m.moves, 0);
      assert.ok(Math.abs(summed - plan.totalMoves) <= 0.05 * plan.months.length, `${summed} vs ${plan.totalMoves}`);

      // With the council's capacity recorded (80 places, 40 households: 2 a household from March 2025).
      await upsertCapacity(
        t.db,
        LA,
        { month: '2025-03', fosteringHouseholds: 40, fosteringPlaces: 80, homeBeds: 0 },
        '2025-06-01T00:00:00Z',
      );
      const withCapacity = comparisonJson(await runScenarioComparison(t.db, LA, TO_SIXTY, OPTIONS)) as {
        shareMoves: ShareMovesJson[];
      };
      const p2 = withCapacity.shareMoves[0];
      assert.deepEqual(p2?.childrenPerHousehold, {
        value: 2,
        source: 'capacity',
        record: { month: '2025-03', fosteringHouseholds: 40, fosteringPlaces: 80 },
      });
      // The same moves (same seed and adjustments), at 2 a household.
      assert.equal(p2?.totalMoves, plan.totalMoves);
      assert.equal(p2?.householdsNeeded, Math.ceil(plan.totalMoves / 2 - 1e-9));

      // The scenario's own figure wins.
      const own = parseScenarioText(
        `name: Own figure
adjustments:
  - kind: moveToShare
    start: 2025-04-01
    from: ifa_fostering
    to: inhouse_fostering
    sharePercent: 60
    by: 2026-03-31
    childrenPerHousehold: 1.25
`,
        'own.yaml',
      );
      const ownJson = comparisonJson(await runScenarioComparison(t.db, LA, own, OPTIONS)) as {
        shareMoves: ShareMovesJson[];
      };
      assert.deepEqual(ownJson.shareMoves[0]?.childrenPerHousehold, { value: 1.25, source: 'scenario' });
      assert.equal(ownJson.shareMoves[0]?.adjustment, 1);
    });
  });
}
