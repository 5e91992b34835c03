/**
 * A bound on forecasts calculated on request (issue 13): a page waits a short time for its
 * figures and the calculation carries on, so one person changing the settings again and again
 * could otherwise queue any number of runs. Each person may have PENDING_FORECASTS_PER_PERSON
 * forecast with new settings being calculated; more are refused with a GOV.UK error page until it
 * finishes. Settings already being calculated (by anyone) are shared, not counted; the figures
 * are those computed directly.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { paths } from '../../../../src/web/paths.ts';
import { inlineEngineRunner, type EngineRunner } from '../../../../src/services/engineRunner.ts';
import {
  FORECAST_DEFAULTS,
  PENDING_FORECASTS_PER_PERSON,
  councilForecast,
} from '../../../../src/services/forecast.service.ts';
import { TooBusyError } from '../../../../src/services/errors.ts';
import { webTestbed, type Testbed } from '../../support.ts';
import { PLANNING_CASE, planningCouncils } from './planningCase.ts';

const LA = '301';
const page = paths.forecast.index.build({ la: LA });
const CASE = { children: PLANNING_CASE.children, episodes: PLANNING_CASE.episodes };
const withSeed = (seed: number): string => `${page}?seed=${seed}`;

/** The inline engine whose forecasts wait until `open()` and are counted (seed by seed). */
function gatedEngine(): { engine: EngineRunner; open: () => void; seeds: number[] } {
  const inline = inlineEngineRunner();
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  const seeds: number[] = [];
  return {
    engine: {
      ...inline,
      forecast: async (data, request) => {
        seeds.push(request.seed ?? Number.NaN);
        await gate;
        return inline.forecast(data, request);
      },
    },
    open,
    seeds,
  };
}

describe('forecasts with new settings: at most one being calculated per person', () => {
  let bed: Testbed;
  let gated: ReturnType<typeof gatedEngine>;
  before(async () => {
    gated = gatedEngine();
    // No background work: every forecast here is one a person asked for.
    bed = await webTestbed({ engine: gated.engine, figuresWaitMs: 200 });
    await planningCouncils(bed);
  });
  after(() => bed.close());

  test('N different settings from one analyst start one run; the rest are refused until it finishes', async () => {
    assert.equal(PENDING_FORECASTS_PER_PERSON, 1);
    const analyst = await bed.signedIn('analyst@a.test');
    const first = await analyst.get(withSeed(101));
    assert.equal(first.status, 200);
    assert.match(first.text, /id="figures-progress"/);

    // Four more settings while the first is being calculated: each refused, none started.
    for (const seed of [102, 103, 104, 105]) {
      const res = await analyst.get(withSeed(seed));
      assert.equal(res.status, 429, `seed ${seed}`);
      assert.match(res.text, /<h1 class="govuk-heading-l">Too many forecasts being calculated<\/h1>/);
      assert.match(res.text, /Wait for it to finish, then try these settings again\./);
    }
    // The same settings again share the one run (progress, not refused).
    const again = await analyst.get(withSeed(101));
    assert.equal(again.status, 200);
    assert.match(again.text, /id="figures-progress"/);
    assert.deepEqual(gated.seeds, [101]);

    // Another person is not held back by this one, and may share this one's settings.
    const admin = await bed.signedIn('admin@a.test');
    assert.equal((await admin.get(withSeed(101))).status, 200);
    assert.equal((await admin.get(withSeed(201))).status, 200);
    assert.equal((await admin.get(withSeed(202))).status, 429);
    assert.deepEqual(gated.seeds, [101, 201]);

    // The default forecast is everyone's, never counted against a person.
    assert.equal((await analyst.get(page)).status, 200);
    assert.deepEqual(gated.seeds, [101, 201, FORECAST_DEFAULTS.seed]);

    gated.open();
    // Once its run has finished, the analyst's figures show and new settings may start.
    const shown = await bed.services.forecast.forecast(
      { userId: null, name: 'test', laCode: LA, role: 'analyst', requestId: null },
      LA,
      { ...FORECAST_DEFAULTS, seed: 101 },
    );
    const ready = await analyst.get(withSeed(101));
    assert.equal(ready.status, 200);
    assert.match(ready.text, /id="chart-forecast"/);
    const next = await analyst.get(withSeed(102));
    assert.equal(next.status, 200);
    assert.deepEqual(gated.seeds, [101, 201, FORECAST_DEFAULTS.seed, 102]);

    // The figures are those computed directly with the same settings.
    const direct = await councilForecast(LA, CASE, { ...FORECAST_DEFAULTS, seed: 101 }, shown.dataVersion);
    assert.deepEqual(
      shown.months.map((m) => m.total),
      direct.months.map((m) => m.total),
    );
  });

  test('the service refuses a second new setting from the same person (CLI and web alike)', async () => {
    const other = gatedEngine();
    const local = await webTestbed({ engine: other.engine });
    try {
      await planningCouncils(local);
      const analyst = { userId: 7, name: 'analyst@a.test', laCode: LA, role: 'analyst' as const, requestId: null };
      const running = local.services.forecast.forecast(analyst, LA, { ...FORECAST_DEFAULTS, seed: 11 });
      await assert.rejects(
        local.services.forecast.forecast(analyst, LA, { ...FORECAST_DEFAULTS, seed: 12 }),
        (err: unknown) => err instanceof TooBusyError && err.message === 'Too many forecasts being calculated',
      );
      other.open();
      await running;
      // Finished: the next new setting starts.
      await local.services.forecast.forecast(analyst, LA, { ...FORECAST_DEFAULTS, seed: 12 });
      assert.deepEqual(other.seeds, [11, 12]);
    } finally {
      await local.close();
    }
  });
});
