import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeLoadResult } from '../../src/services/import.ts';
import { setUnitCost } from '../../src/services/unitCosts.ts';
import {
  getSpendByFinancialYear,
  getSpendForecast,
  summariseSpend,
  type ProjectRequest,
  type ProjectorOutput,
} from '../../src/services/spend.ts';
import { buildTimeline, emptyProjection } from '../../src/domain/engine/projection.ts';
import { EXIT_ROUTES } from '../../src/domain/exitRoutes.ts';
import { PLACEMENT_CATEGORIES } from '../../src/domain/placementCategories.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aChild, anEpisode, aLoadResult } from '../store/caseBuilders.ts';

const LA = '999';
const KEY = new Uint8Array(32).fill(9);

/**
 * A stand-in for the engine with numbers worked by hand: in run r, 1 + r children in in-house
 * fostering every day of the projection.
 */
function fixedProjector(requests: ProjectRequest[]) {
  return (request: ProjectRequest): ProjectorOutput => {
    requests.push(request);
    const timeline = buildTimeline(request.start, request.months);
    const p = emptyProjection('simulated', request.runs, timeline, PLACEMENT_CATEGORIES, ['all'], EXIT_ROUTES);
    const nC = PLACEMENT_CATEGORIES.length;
    const k = PLACEMENT_CATEGORIES.indexOf('inhouse_fostering');
    for (let r = 0; r < request.runs; r++) {
      for (let m = 0; m < request.months; m++) {
        const days = (timeline.monthEndDay[m] as number) - (timeline.monthFirstDay[m] as number) + 1;
        p.childDaysByCategory[(r * request.months + m) * nC + k] = days * (1 + r);
      }
    }
    return { projection: p, startingPlacements: [] };
  };
}

for (const dialect of await testDialects()) {
  describe(`outturn (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
      // Child A in in-house fostering (U4/PR1) since 1 January 2025, still looked after.
      await writeLoadResult(
        t.db,
        aLoadResult({
          year: 2025,
          children: [aChild({ childId: 'A' })],
          episodes: [anEpisode({ childId: 'A', start: '2025-01-01' })],
        }),
        {
          laCode: LA,
          importedBy: 'test',
          now: new Date('2025-07-01T00:00:00Z'),
          pseudonymKey: KEY,
        },
      );
      // £700 a week in 2025/26 prices: 10,000p a day all through 2025/26.
      await setUnitCost(t.db, LA, {
        category: 'inhouse_fostering',
        weeklyPounds: 700,
        priceYear: 2025,
        source: 'test',
      });
    });
    afterEach(() => t.close());

    it('this year is actuals to date plus forecast to year end, run by run', async () => {
      const requests: ProjectRequest[] = [];
      const options = { start: '2025-06-15', months: 10, runs: 2, seed: 5, project: fixedProjector(requests) };
      const [year] = await getSpendByFinancialYear(t.db, LA, options);
      assert.equal(requests[0]!.start, '2025-06-15');
      assert.deepEqual(requests[0]!.adjustments, []);
      // Worked by hand. Actuals, 1 April to 15 June 2025 inclusive (the start day is the last actual
      // day): A for 30 + 31 + 15 = 76 days x 10,000p = 760,000p.
      // Forecast, 16 June 2025 to 31 March 2026: 15 + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 31 = 289
      // days; run 0 has 1 child: 2,890,000p; run 1 has 2: 5,780,000p.
      // Outturn: run 0 3,650,000p, run 1 6,540,000p; mean 5,095,000p.
      assert.equal(year!.period, '2025/26');
      assert.equal(year!.basis, 'outturn');
      assert.equal(year!.actualToDate, 760_000);
      assert.equal(year!.spend.mean, 5_095_000);
      assert.equal(year!.spend.p2_5, 3_650_000 + 0.025 * (6_540_000 - 3_650_000));
      assert.equal(year!.days, 365);
      // Average looked after: run 0 (76 + 289) / 365 = 1; run 1 (76 + 578) / 365 = 654 / 365.
      assert.ok(Math.abs(year!.children.mean - (1 + 654 / 365) / 2) < 1e-12);

      const forecast = await getSpendForecast(t.db, LA, { ...options, project: fixedProjector([]) });
      const quarters = summariseSpend(forecast, 'quarter');
      // Q1 (April-June): 760,000p actual + 15 June days x 10,000p x (1 + r) = 910,000p / 1,060,000p.
      assert.deepEqual(
        [quarters[0]!.period, quarters[0]!.basis, quarters[0]!.spend.mean],
        ['2025/26 Q1', 'outturn', 985_000],
      );
      // Q2 (July-September) is forecast only: 92 days x 10,000p x (1 + r) = 920,000p / 1,840,000p.
      assert.deepEqual(
        [quarters[1]!.period, quarters[1]!.basis, quarters[1]!.spend.mean],
        ['2025/26 Q2', 'forecast', 1_380_000],
      );
      const months = summariseSpend(forecast, 'month');
      assert.deepEqual(
        months.slice(0, 3).map((m) => [m.period, m.basis]),
        [
          ['2025-04', 'actual'],
          ['2025-05', 'actual'],
          ['2025-06', 'outturn'],
        ],
      );
    });
  });
}
