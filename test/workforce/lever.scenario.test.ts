/**
 * The agency share lever in a scenario (issue 12): validated as a scenario file's adjustment, its
 * saving added to the comparison as a workforce line (the same in every run), and from there the
 * forecast of a programme initiative linked to the scenario. Figures worked by hand in
 * test/workforce/measures.test.ts ("the agency share lever").
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeAdjustment } from '../../src/domain/scenarios/scenario.ts';
import { ScenarioValidationError } from '../../src/domain/scenarios/validate.ts';
import { parseScenarioText } from '../../src/io/scenarioFile.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import { savingsFromComparison } from '../../src/services/programmes.ts';
import { comparisonJson, runScenarioComparison } from '../../src/services/scenarios.ts';
import { replacePeriods } from '../../src/store/workforce.repository.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aLoadResult, aSmallCouncil } from '../store/caseBuilders.ts';
import { aTeamPeriod } from './builders.ts';

const LA = '996';
const LEVER = parseScenarioText(
  `name: Fewer agency social workers
adjustments:
  - kind: agencyShare
    start: 2025-04-01
    fromPercent: 25
    toPercent: 10
    by: 2025-09-30
`,
  'agency.yaml',
);
const OPTIONS = { start: '2025-03-31', months: 24, runs: 20, seed: 7 } as const;

describe('the agency share lever as a scenario adjustment', () => {
  it('reads as a scenario file writes it, and says what it does', () => {
    assert.deepEqual(LEVER.adjustments, [
      { kind: 'agencyShare', start: '2025-04-01', rampMonths: 0, fromPercent: 25, toPercent: 10, by: '2025-09-30' },
    ]);
    assert.equal(
      describeAdjustment(LEVER.adjustments[0]!),
      'Agency share of social work posts from 25% to 10% by 30 September 2025, from 1 April 2025: the agency premium avoided (workforce)',
    );
    assert.throws(
      () =>
        parseScenarioText(
          'name: x\nadjustments:\n  - kind: agencyShare\n    start: 2025-04-01\n    fromPercent: 125\n    toPercent: 10\n    by: 2025-01-01\n',
          'bad.yaml',
        ),
      (err: unknown) =>
        err instanceof ScenarioValidationError &&
        err.problems.some((p) => p.field === 'fromPercent') &&
        err.problems.some((p) => p.field === 'by'),
    );
  });
});

const [sqlite] = await testDialects();
describe('the agency share lever in a scenario comparison', { skip: sqlite?.skip ?? 'no SQLite' }, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await sqlite!.open();
    await writeLoadResult(
      t.db,
      aLoadResult({ year: 2025, ...aSmallCouncil({ idPrefix: 'K', endings: ['E4A', 'E11', 'E41', 'E13'] }) }),
      {
        laCode: LA,
        importedBy: 'test',
        now: new Date('2025-06-01T00:00:00Z'),
        pseudonymKey: new Uint8Array(32),
        acceptErrors: true,
      },
    );
  });
  afterEach(() => t.close());

  it('adds the agency premium avoided to the saving, the same in every run, and a linked initiative’s forecast', async () => {
    // 30 permanent FTE at £40,000 + 30%, 10 agency at £400 a day for 225 days: premium £38,000;
    // 25% to 10% of 40 filled FTE is 6 posts. April to September 2025 ramp (3.5 months' worth), then
    // 6 full months: 9.5 x 1,900,000p = 18,050,000p in 2025/26; 22,800,000p in 2026/27.
    await replacePeriods(
      t.db,
      LA,
      [
        aTeamPeriod({
          periodStart: '2025-03',
          permanentFte: 30,
          agencyFte: 10,
          salaryPence: 4_000_000,
          onCostsPercent: 30,
          agencyRatePence: 40_000,
          agencyRatePer: 'day',
          agencyDaysPerYear: 225,
        }),
      ],
      '2025-06-01T00:00:00Z',
    );
    const result = await runScenarioComparison(t.db, LA, LEVER, OPTIONS);
    const flat = (n: number) => ({ mean: n, p2_5: n, p10: n, p50: n, p90: n, p97_5: n });
    assert.deepEqual(
      result.years.map((y) => [y.year, y.workforceSaving, y.saving]),
      [
        ['2024/25', 0, flat(0)],
        ['2025/26', 18_050_000, flat(18_050_000)],
        ['2026/27', 22_800_000, flat(22_800_000)],
      ],
    );
    const json = comparisonJson(result) as { financialYears: { year: string; workforceSaving: number }[] };
    assert.deepEqual(
      json.financialYears.map((y) => [y.year, y.workforceSaving]),
      [
        ['2024/25', 0],
        ['2025/26', 180_500],
        ['2026/27', 228_000],
      ],
    );
    // A programme initiative naming the scenario takes this as its forecast.
    const savings = savingsFromComparison(result.years);
    assert.deepEqual(savings.get(2025), { saving: 18_050_000, low: 18_050_000, high: 18_050_000 });
  });

  it('saves nothing, and says why, without workforce figures', async () => {
    const result = await runScenarioComparison(t.db, LA, LEVER, OPTIONS);
    assert.ok(result.years.every((y) => y.workforceSaving === 0 && y.saving.p50 === 0));
    assert.match(result.warnings.join('\n'), /the council has no workforce figures/);
  });
});
