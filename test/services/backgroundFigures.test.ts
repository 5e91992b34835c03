/**
 * Background figures (issue 13): one council at a time, one step at a time, in the pages' order;
 * a council scheduled while it runs runs again after; progress says the step; a failed step is
 * reported and the others still run; close stops taking work. The services here record the calls
 * they receive (the real ones are exercised by test/web/features/forecast/progress.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBackgroundFigures, type BackgroundServices } from '../../src/services/backgroundFigures.ts';
import type { Scenario } from '../../src/domain/scenarios/scenario.ts';

/** Services that log each call and finish when the test releases them (`release()` lets every waiting call go). */
function recordingServices(scenarios: Record<string, string[]>, failing: string[] = []) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let waiting: Array<() => void> = [];
  const step = async (name: string): Promise<never> => {
    calls.push(name);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight--;
    if (failing.includes(name)) throw new Error(`${name} failed`);
    return undefined as never;
  };
  const services = {
    overview: { overview: (_a, la) => step(`${la} overview`) },
    forecast: { forecast: (_a, la) => step(`${la} forecast`) },
    costs: { spend: (_a, la) => step(`${la} spend`) },
    scenarios: {
      list: async (_a, la) =>
        (scenarios[la] ?? []).map((name) => ({
          name,
          description: '',
          adjustments: name === 'damaged' ? null : 0,
          updatedAt: '',
          ...(name === 'damaged' ? { problem: 'it is not valid JSON' } : {}),
        })),
      get: async (_a, _la, name) => ({
        scenario: { name, description: '', adjustments: [] } as Scenario,
        plain: {},
        updatedAt: null,
        forecastStart: null,
        warnings: [],
      }),
      compare: (_a, la, s) => step(`${la} compare ${s.name}`),
    },
  } satisfies BackgroundServices;
  return {
    services,
    calls,
    maxInFlight: () => maxInFlight,
    /** Lets the calls waiting now finish, then waits until the next call is waiting (or none comes). */
    async release(): Promise<void> {
      const go = waiting;
      waiting = [];
      for (const f of go) f();
      for (let i = 0; i < 20 && waiting.length === 0; i++) await new Promise((r) => setImmediate(r));
    },
  };
}

test('one council at a time, one step at a time, in order; progress names the step', async () => {
  const r = recordingServices({ A: ['Edge of care', 'damaged'], B: [] });
  const bg = createBackgroundFigures(r.services);
  bg.schedule('A');
  bg.schedule('B');
  bg.schedule('B');
  await r.release();
  assert.deepEqual(r.calls, ['A overview']);
  // A's steps: overview, forecast, spend and one comparison (the damaged scenario is left out).
  assert.deepEqual(bg.progress('A'), { state: 'running', step: 1, of: 4, doing: 'the overview' });
  assert.deepEqual(bg.progress('B'), { state: 'queued', councilsAhead: 1 });
  assert.equal(bg.progress('C'), null);
  for (let i = 0; i < 10 && bg.progress('B') !== null; i++) await r.release();
  await bg.idle();
  assert.deepEqual(r.calls, [
    'A overview',
    'A forecast',
    'A spend',
    'A compare Edge of care',
    'B overview',
    'B forecast',
    'B spend',
  ]);
  assert.equal(r.maxInFlight(), 1, 'never two steps at once');
});

test('scheduled again while running: runs again after; a failed step is reported and the rest still run', async () => {
  const r = recordingServices({}, ['A forecast']);
  const errors: string[] = [];
  const bg = createBackgroundFigures(r.services, {
    onError: (la, step, err) => errors.push(`${la}: ${step}: ${(err as Error).message}`),
  });
  bg.schedule('A');
  await r.release();
  bg.schedule('A');
  for (let i = 0; i < 10 && bg.progress('A') !== null; i++) await r.release();
  await bg.idle();
  assert.deepEqual(r.calls, ['A overview', 'A forecast', 'A spend', 'A overview', 'A forecast', 'A spend']);
  assert.deepEqual(errors, ['A: the forecast: A forecast failed', 'A: the forecast: A forecast failed']);
});

test('close: the step under way ends, nothing more starts', async () => {
  const r = recordingServices({});
  const bg = createBackgroundFigures(r.services);
  bg.schedule('A');
  bg.schedule('B');
  await r.release();
  const closed = bg.close();
  await r.release();
  await closed;
  bg.schedule('C');
  await bg.idle();
  assert.deepEqual(r.calls, ['A overview']);
  assert.equal(bg.progress('B'), null);
});
