/**
 * The link from an initiative to the demand and cost model, end to end: a council's case data and a
 * saved scenario in the database, the scenarios service running it, and the programme appraisal using
 * the modelled saving as the initiative's forecast.
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { roundPence } from '../../src/domain/finance/money.ts';
import { parseScenarioText } from '../../src/io/scenarioFile.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import { evaluateProgramme, modelScenarioSource } from '../../src/services/programmes.ts';
import { runScenarioComparison, saveScenario } from '../../src/services/scenarios.ts';
import { aLoadResult, aSmallCouncil } from '../store/caseBuilders.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aProgramme, anInitiative } from './builders.ts';

const LA = '999';
const KEY = new Uint8Array(32).fill(5);

const EDGE_OF_CARE = parseScenarioText(
  'name: Edge of care team\nadjustments:\n  - kind: entryRate\n    start: 2025-04-01\n    percent: -30\n',
  'edge.yaml',
);
const OPTIONS = { start: '2025-03-31', months: 24, runs: 30, seed: 11 } as const;

for (const dialect of await testDialects()) {
  describe(`initiative backed by a saved scenario (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
      await writeLoadResult(t.db, aLoadResult({ year: 2025, ...aSmallCouncil({ idPrefix: 'P', endings: ['E4A'] }) }), {
        laCode: LA,
        importedBy: 'test',
        now: new Date('2025-06-01T00:00:00Z'),
        pseudonymKey: KEY,
        acceptErrors: true,
      });
      await saveScenario(t.db, LA, EDGE_OF_CARE, new Date('2025-06-02T00:00:00Z'));
    });
    afterEach(() => t.close());

    it("forecasts the initiative's saving from the model's median saving per financial year", async () => {
      const programme = aProgramme({
        planYears: 2,
        initiatives: [
          anInitiative({
            scenario: 'Edge of care team',
            lines: [
              { year: 2025, investment: 100_000, ongoingCost: 50_000, grossSaving: 200_000, phasing: 0.5 },
              { year: 2026, ongoingCost: 50_000 },
            ],
          }),
        ],
      });
      const e = await evaluateProgramme(programme, { scenarioSource: modelScenarioSource(t.db, LA, OPTIONS) });
      // The same comparison run directly (same seed, so the same runs): 2025/26 and 2026/27 are its forecast years.
      const direct = await runScenarioComparison(t.db, LA, EDGE_OF_CARE, OPTIONS);
      const p50 = new Map(direct.years.map((y) => [Number(y.year.slice(0, 4)), roundPence(y.saving.p50)]));
      const ia = e.appraisal.initiatives[0];
      assert.equal(ia?.forecastSource, 'scenario');
      assert.deepEqual(e.missingScenarios, []);
      assert.equal(ia?.years[0]?.grossSaving, p50.get(2025));
      assert.equal(ia?.years[1]?.grossSaving, p50.get(2026));
      assert.ok((p50.get(2026) ?? 0) > 0, 'fewer entries save money');
      // Net saving = modelled gross - ongoing cost; the target stays the plan (100k then 200k).
      assert.equal(ia?.years[1]?.netSaving, (p50.get(2026) ?? 0) - 5_000_000);
      assert.deepEqual(ia?.targetGrossSaving.slice(0, 2), [10_000_000, 20_000_000]);
    });
  });
}
