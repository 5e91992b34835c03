/**
 * The engine runner: the worker pool gives the same numbers as running inline (same seed), moves
 * the projections' typed arrays back instead of copying them, reports a task's errors as inline
 * does, survives a worker that dies, and ends its threads on close.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { transferableSymbol, valueSymbol } from 'piscina';
import type { RateAdjustment } from '../../src/domain/engine/adjustments.ts';
import { LEAVER_FIELDS, PROJECTION_FIELDS, type Projection } from '../../src/domain/engine/projection.ts';
import type { CaseData } from '../../src/domain/model.ts';
import {
  fitModel,
  project,
  projectExpectedForRuns,
  projectRuns,
  runsNeedShiftHazard,
} from '../../src/domain/engine/project.ts';
import { createEnginePool, createRunsPool, defaultEngineThreads } from '../../src/services/enginePool.ts';
import { runChunks } from '../../src/services/engineRuns.ts';
import { concatRuns } from '../../src/domain/engine/projection.ts';

import {
  inlineEngineRunner,
  runEngineTask,
  type EngineReply,
  type EngineRunner,
} from '../../src/services/engineRunner.ts';
import engineWorker from '../../src/services/engineWorker.ts';
import { demoCaseData } from '../engine/support/demoCaseData.ts';
import { forecastHistory } from '../../src/services/forecast.ts';
import { defaultCostBasis } from '../../src/domain/finance/unitCosts.ts';
import { DEFAULT_POST_CARE } from '../../src/domain/finance/postCare.ts';
import { CRASH_SEED, UNCAUGHT_SEED } from './support/crashingEngineWorker.ts';

const START = '2025-03-31';
const data: CaseData = demoCaseData({ seed: 3, years: 5, endYear: 2025, size: 'small' });
const FEWER_ENTRIES: RateAdjustment[] = [
  { kind: 'entryRate', start: '2025-07-01', rampMonths: 3, ageBands: [], percent: -20 },
];

const PROJECTION_ARRAYS = PROJECTION_FIELDS;

/** Every number of two projections equal, and their arrays real typed arrays (not plain objects). */
function assertSameProjection(actual: Projection, expected: Projection): void {
  for (const f of PROJECTION_ARRAYS) {
    assert.ok(actual[f] instanceof Float64Array, `${f} is a Float64Array`);
    assert.equal(actual[f].length, expected[f].length, f);
  }
  for (const f of LEAVER_FIELDS)
    assert.equal(actual.leavers?.[f] instanceof Float64Array, expected.leavers !== undefined);
  assert.ok(actual.timeline.monthEndDay instanceof Int32Array);
  assert.ok(isDeepStrictEqual(actual, expected), 'projections identical');
}

describe('engine worker pool', () => {
  const inline = inlineEngineRunner();
  let pool: EngineRunner;
  before(() => {
    pool = createEnginePool({ threads: 2 });
  });
  after(() => pool.close());

  test('default size: one CPU left for the event loop, at least one thread', () => {
    assert.ok(defaultEngineThreads() >= 1);
  });

  test('a forecast in a worker is identical to inline (same seed)', async () => {
    const request = { start: START, months: 24, runs: 60, seed: 7 } as const;
    const [a, b] = await Promise.all([pool.forecast(data, request), inline.forecast(data, request)]);
    assertSameProjection(a.result.simulated, b.result.simulated);
    assertSameProjection(a.result.expected, b.result.expected);
    assert.deepEqual(a.models, b.models);
    assert.deepEqual(a.warnings, b.warnings);
    // Another seed gives other numbers (the comparison above is not vacuous).
    const c = await pool.forecast(data, { ...request, seed: 8 });
    assert.ok(!isDeepStrictEqual(c.result.simulated.populationByCategory, b.result.simulated.populationByCategory));
  });

  test('a forecast asked with its history brings the stock at the month ends before the start, as inline', async () => {
    const request = { start: START, months: 12, runs: 20, seed: 5 } as const;
    const history = { firstReturnYear: 2023 };
    const [a, b] = await Promise.all([pool.forecast(data, request, history), inline.forecast(data, request, history)]);
    assert.deepEqual(a.history, b.history);
    assert.deepEqual(a.history, forecastHistory(data, START, 2023));
    // Month ends from 30 April 2022 (the first return's year) to the start, 31 March 2025.
    assert.equal(a.history?.length, 36);
    assertSameProjection(a.result.simulated, b.result.simulated);
    // Not asked: none.
    assert.equal((await pool.forecast(data, request)).history, undefined);
  });

  test('a forecast as a sum of cohorts in a worker is identical to inline', async () => {
    const request = { start: START, months: 12, runs: 40, seed: 2, splitCohorts: [{ uasc: true }, { uasc: false }] };
    const [a, b] = await Promise.all([pool.forecast(data, request), inline.forecast(data, request)]);
    assertSameProjection(a.result.simulated, b.result.simulated);
    assertSameProjection(a.result.expected, b.result.expected);
    assert.equal(a.models.length, 2);
    assert.deepEqual(a.models, b.models);
  });

  test('spend and scenario projections (fit once, then project) are identical to inline, child-level placement days included', async () => {
    const kids = fitModel(data, { start: START }).population.children.flatMap((c) =>
      c.childId === undefined ? [] : [c.childId],
    );
    assert.ok(kids.length > 5);
    const placementDaysFor = new Set(kids.slice(0, 5));
    const base = { data, start: START, months: 24, runs: 50, seed: 11, placementDaysFor } as const;
    const poolProjector = pool.projector();
    const inlineProjector = inline.projector();
    // As a scenario comparison asks: baseline and scenario at once from one projector.
    const [pb, ps] = await Promise.all([
      poolProjector({ ...base, adjustments: [] }),
      poolProjector({ ...base, adjustments: FEWER_ENTRIES }),
    ]);
    const ib = await inlineProjector({ ...base, adjustments: [] });
    const is = await inlineProjector({ ...base, adjustments: FEWER_ENTRIES });
    assertSameProjection(pb.projection, ib.projection);
    assertSameProjection(ps.projection, is.projection);
    assert.equal(pb.startingPlacements.length, 5);
    assert.deepEqual(pb.startingPlacements, ib.startingPlacements);
    assert.deepEqual(ps.startingPlacements, is.startingPlacements);
    assert.ok(
      !isDeepStrictEqual(ps.projection.entriesByCategory, pb.projection.entriesByCategory),
      'the scenario changes entries',
    );
  });

  test('a backtest in a worker is identical to inline', async () => {
    const request = { cutoffs: ['2023-03-31', '2024-03-31'], months: 6, runs: 40, seed: 1 };
    const [a, b] = await Promise.all([pool.backtest(data, request), inline.backtest(data, request)]);
    assert.deepEqual(a, b);
  });

  test("the Overview's figures in a worker are identical to inline", async () => {
    const request = { today: '2025-12-01', dataVersion: 4, firstReturnYear: 2022 };
    const [a, b] = await Promise.all([pool.overview(data, request), inline.overview(data, request)]);
    assert.deepEqual(a, b);
    assert.equal(a.hasData, true);
    assert.ok(a.now !== null && a.now.total > 0, 'children looked after now');
    // Month ends from April 2021 (the collection year ending March 2022) to 31 March 2025.
    assert.equal(a.trend.length, 48);
    assert.deepEqual(
      a.flows.map((f) => f.year),
      [2022, 2023, 2024, 2025],
    );
    // Without the first return's year the trend starts with the data's earliest collection year.
    const [c, d] = await Promise.all([
      pool.overview(data, { ...request, firstReturnYear: undefined }),
      inline.overview(data, { ...request, firstReturnYear: undefined }),
    ]);
    assert.deepEqual(c, d);
    assert.ok(c.trend.length > a.trend.length);
  });

  test("the Costs page's spend by financial year in a worker is identical to inline", async () => {
    const inputs = { data, basis: defaultCostBasis(), childCosts: [], postCare: DEFAULT_POST_CARE };
    const request = { laCode: 'T01', firstYear: 2022, months: 24, runs: 40, seed: 3 };
    const [a, b] = await Promise.all([pool.councilSpend(inputs, request), inline.councilSpend(inputs, request)]);
    assert.deepEqual(a, b);
    assert.equal(a.hasData, true);
    assert.equal(a.start, START);
    // Worked out: actual years 2021/22-2023/24 (from the first return's year to the start's), the
    // start's year 2024/25 all actual (it ends on the start day), then 2025/26 and 2026/27 forecast.
    assert.deepEqual(
      a.years.map((y) => `${y.year} ${y.basis}`),
      ['2021/22 actual', '2022/23 actual', '2023/24 actual', '2024/25 actual', '2025/26 forecast', '2026/27 forecast'],
    );
    // No episodes: no spend, and the page's reason (as inline).
    const empty = { ...inputs, data: { children: [], episodes: [] } };
    const [c, d] = await Promise.all([pool.councilSpend(empty, request), inline.councilSpend(empty, request)]);
    assert.deepEqual(c, d);
    assert.equal(c.hasData, false);
    assert.match(c.warnings[0] ?? '', /council T01 has no episodes/);
  });

  test('errors in a worker reach the caller as inline: same class and message', async () => {
    const bad = { start: START, months: 0, runs: 10, seed: 1 };
    const inlineError = await inline.forecast(data, bad).then(
      () => assert.fail('inline accepted months 0'),
      (e: unknown) => e,
    );
    assert.ok(inlineError instanceof RangeError);
    await assert.rejects(pool.forecast(data, bad), (e: unknown) => {
      assert.ok(e instanceof RangeError, 'a RangeError, as inline');
      assert.equal(e.message, inlineError.message);
      assert.match(e.message, /months must be a whole number from 1 to 120, not 0/);
      return true;
    });
    await assert.rejects(
      async () => pool.projector()({ data, start: START, months: 121, runs: 5, seed: 1, adjustments: [] }),
      {
        name: 'RangeError',
        message: 'months must be a whole number from 1 to 120, not 121',
      },
    );
    // The pool goes on working after a task's error.
    const ok = await pool.backtest(data, { cutoffs: ['2024-03-31'], months: 3, runs: 10, seed: 1 });
    assert.equal(ok.horizons.length, 3);
  });
});

const MOVE_TO_IN_HOUSE: RateAdjustment[] = [
  {
    kind: 'categoryShift',
    start: '2025-06-01',
    rampMonths: 0,
    from: 'ifa_fostering',
    to: 'inhouse_fostering',
    childrenPerYear: 12,
    capacity: null,
  },
];

describe('Monte Carlo runs shared out among threads (issue 13)', () => {
  const model = fitModel(data, { start: START });

  test('chunks: consecutive runs covering all of them, two a thread, none under 50 runs', () => {
    assert.deepEqual(runChunks(1000, 2), [
      [0, 250],
      [250, 250],
      [500, 250],
      [750, 250],
    ]);
    assert.deepEqual(runChunks(120, 4), [
      [0, 60],
      [60, 60],
    ]);
    assert.deepEqual(runChunks(30, 2), [[0, 30]]);
    assert.deepEqual(runChunks(0, 2), [[0, 0]]);
    assert.deepEqual(runChunks(1001, 1), [
      [0, 500],
      [500, 501],
    ]);
  });

  test('runs computed in pieces and joined are the runs computed at once, for any pieces', () => {
    for (const adjustments of [[], MOVE_TO_IN_HOUSE]) {
      const options = { months: 18, runs: 37, seed: 5, adjustments };
      const whole = project(model, options);
      const { expected, shiftHazard } = projectExpectedForRuns(model, options);
      assert.equal(runsNeedShiftHazard(model, options), adjustments.length > 0);
      assert.ok(isDeepStrictEqual(expected, whole.expected));
      const piece = (firstRun: number, runs: number) => projectRuns(model, { ...options, firstRun, runs, shiftHazard });
      assertSameProjection(concatRuns([piece(0, 10), piece(10, 1), piece(11, 26)]), whole.simulated);
      assertSameProjection(concatRuns([piece(0, 37)]), whole.simulated);
      // A piece is its runs, not the first ones again.
      assert.ok(!isDeepStrictEqual(piece(10, 10).populationByCategory, piece(0, 10).populationByCategory));
    }
  });

  test('the runs pool and the engine pool project as inline: same seed, same figures, with and without moves between categories', async () => {
    const runsPool = createRunsPool(2);
    const enginePool = createEnginePool({ threads: 2 });
    try {
      for (const adjustments of [[], MOVE_TO_IN_HOUSE]) {
        const options = { months: 24, runs: 130, seed: 9, adjustments };
        const inline = project(model, options);
        for (const runner of [runsPool, enginePool]) {
          const r = await runner.project(model, options);
          assertSameProjection(r.simulated, inline.simulated);
          assertSameProjection(r.expected, inline.expected);
        }
      }
      await assert.rejects(runsPool.project(model, { months: 0, runs: 100, seed: 1 }), {
        name: 'RangeError',
        message: 'months must be a whole number from 1 to 120, not 0',
      });
    } finally {
      await runsPool.close();
      await enginePool.close();
    }
  });
});

describe('the worker moves projections back instead of copying them', () => {
  test('every typed array of the projections is in the transfer list, each buffer once', () => {
    const task = { kind: 'forecast', data, request: { start: START, months: 6, runs: 5, seed: 1 } } as const;
    const moved = engineWorker(task) as Record<symbol, unknown>;
    const transfer = moved[transferableSymbol] as ArrayBuffer[];
    const reply = moved[valueSymbol] as EngineReply;
    assert.ok(reply.ok);
    const outcome = reply.value as Awaited<ReturnType<EngineRunner['forecast']>>;
    const expected = new Set<ArrayBuffer>();
    for (const p of [outcome.result.expected, outcome.result.simulated]) {
      for (const f of PROJECTION_ARRAYS) expected.add(p[f].buffer as ArrayBuffer);
      if (p.leavers) for (const f of LEAVER_FIELDS) expected.add(p.leavers[f].buffer as ArrayBuffer);
      expected.add(p.timeline.monthFirstDay.buffer as ArrayBuffer);
      expected.add(p.timeline.monthEndDay.buffer as ArrayBuffer);
    }
    assert.equal(transfer.length, new Set(transfer).size, 'no buffer twice');
    assert.deepEqual(new Set(transfer), expected);
    // Posting with that list detaches the worker's copies (moved, not cloned).
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(reply, transfer);
    assert.equal(outcome.result.simulated.populationByCategory.length, 0, 'detached after the move');
    port1.close();
    port2.close();
  });

  test('a task that throws answers with its error as data', () => {
    const moved = engineWorker({
      kind: 'project',
      model: fitModel(data, { start: START }),
      request: { months: 0, runs: 1, seed: 1, adjustments: [] },
    }) as Record<symbol, unknown>;
    const reply = moved[valueSymbol] as EngineReply;
    assert.ok(!reply.ok);
    assert.equal(reply.error.name, 'RangeError');
    assert.deepEqual(moved[transferableSymbol], []);
    assert.throws(
      () =>
        runEngineTask({
          kind: 'project',
          model: fitModel(data, { start: START }),
          request: { months: 0, runs: 1, seed: 1, adjustments: [] },
        }),
      RangeError,
    );
  });
});

describe('a worker that dies', () => {
  let pool: EngineRunner;
  before(() => {
    pool = createEnginePool({ threads: 1, workerUrl: new URL('./support/crashingEngineWorker.ts', import.meta.url) });
  });
  after(() => pool.close());

  for (const [what, seed] of [
    ['exits', CRASH_SEED],
    ['throws an uncaught exception', UNCAUGHT_SEED],
  ] as const) {
    test(`fails only its task when it ${what}; the pool starts another`, async () => {
      await assert.rejects(
        pool.backtest(data, { cutoffs: ['2024-03-31'], months: 3, runs: 10, seed }),
        /worker thread stopped before finishing/,
      );
      const request = { start: START, months: 6, runs: 20, seed: 4 } as const;
      const [a, b] = await Promise.all([pool.forecast(data, request), inlineEngineRunner().forecast(data, request)]);
      assertSameProjection(a.result.simulated, b.result.simulated);
    });
  }
});

describe('closing the pool', () => {
  test('ends its threads: later tasks are refused, closing twice is fine', async () => {
    const pool = createEnginePool({ threads: 1 });
    await pool.backtest(data, { cutoffs: ['2024-03-31'], months: 2, runs: 5, seed: 1 });
    await pool.close();
    await pool.close();
    await assert.rejects(pool.forecast(data, { start: START, months: 2, runs: 5, seed: 1 }), /pool is closed/);
  });

  test('a task running when the pool closes is rejected, not left hanging', async () => {
    const pool = createEnginePool({ threads: 1 });
    const running = assert.rejects(
      pool.forecast(data, { start: START, months: 120, runs: 2000, seed: 1 }),
      /worker thread stopped before finishing/,
    );
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    await running;
  });
});
