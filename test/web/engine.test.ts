/**
 * The web app's engine work in worker threads (FORECARE_ENGINE_THREADS): pages give the same
 * figures as on the request thread, the server answers other requests while a forecast computes,
 * a worker that dies costs one page (500) and not the server, and closing the server (directly, or
 * `forecare serve` on SIGINT) ends the worker threads.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { systemActor } from '../../src/services/access.ts';
import { createEnginePool } from '../../src/services/enginePool.ts';
import { DEMO_LA, DEMO_PASSWORD } from '../../src/services/demo.ts';
import { paths } from '../../src/web/paths.ts';
import { startServer } from '../../src/web/server.ts';
import { CRASH_SEED } from '../services/support/crashingEngineWorker.ts';
import { TEST_KEY, type Testbed } from './support.ts';
import { demoTestbed } from '../support/demoDatabase.ts';

/** The demo council the pages are computed for (seeded once: test/support/demoDatabase.ts). */
const DEMO = {
  size: 'small',
  years: 2,
  seed: 5,
  today: '2026-11-23',
  now: new Date('2026-11-23T10:00:00Z'),
} as const;
const ROOT = path.resolve(import.meta.dirname, '../..');

describe('FORECARE_ENGINE_THREADS', () => {
  test('threads for the engine: a whole number, 0 for the request thread; by default one CPU left, at least one', () => {
    assert.equal(loadConfig({ FORECARE_ENGINE_THREADS: '0' }).web.engineThreads, 0);
    assert.equal(loadConfig({ FORECARE_ENGINE_THREADS: '3' }).web.engineThreads, 3);
    assert.equal(loadConfig({}).web.engineThreads, Math.max(1, os.availableParallelism() - 1));
    assert.equal(
      loadConfig({ FORECARE_ENGINE_THREADS: '' }).web.engineThreads,
      Math.max(1, os.availableParallelism() - 1),
      'set but empty: the default, not 0',
    );
    assert.throws(() => loadConfig({ FORECARE_ENGINE_THREADS: '-1' }), /Configuration error: FORECARE_ENGINE_THREADS/);
    assert.throws(() => loadConfig({ FORECARE_ENGINE_THREADS: 'many' }), /FORECARE_ENGINE_THREADS/);
  });
});

describe('pages computed in worker threads', () => {
  let inline: Testbed;
  let pooled: Testbed;
  before(async () => {
    [inline, pooled] = await Promise.all([
      demoTestbed(DEMO),
      demoTestbed(DEMO, { engine: createEnginePool({ threads: 2 }) }),
    ]);
  });
  after(async () => {
    await inline.close();
    await pooled.close();
  });

  test('the same figures as on the request thread: forecast, backtest, spend, scenario comparisons', async () => {
    const actor = systemActor(DEMO_LA);
    assert.equal(pooled.services.engine.threads, 2);
    assert.equal(inline.services.engine.threads, 0);
    const withoutTiming = <T extends { computeMs: number }>(f: T): Omit<T, 'computeMs'> => {
      const { computeMs: _ms, ...rest } = f;
      return rest;
    };
    const params = { months: 24, referenceMonths: 24, runs: 100, seed: 3, entryModel: 'trend' } as const;
    const [pf, inf] = await Promise.all([
      pooled.services.forecast.forecast(actor, DEMO_LA, params),
      inline.services.forecast.forecast(actor, DEMO_LA, params),
    ]);
    assert.equal(pf.hasData, true);
    assert.deepEqual(withoutTiming(pf), withoutTiming(inf));
    assert.deepEqual(
      await pooled.services.forecast.backtest(actor, DEMO_LA),
      await inline.services.forecast.backtest(actor, DEMO_LA),
    );
    const spend = await pooled.services.costs.spend(actor, DEMO_LA);
    assert.ok(
      spend.hasData && spend.childLevelCostsUsed > 0,
      'the demo council has children costed at their own price',
    );
    assert.deepEqual(spend, await inline.services.costs.spend(actor, DEMO_LA));
    const scenario = (await pooled.services.scenarios.get(actor, DEMO_LA, 'Fostering and commissioning'))?.scenario;
    assert.ok(scenario);
    const compared = await pooled.services.scenarios.compare(actor, DEMO_LA, scenario);
    assert.ok(compared && compared.years.length > 0);
    assert.deepEqual(compared, await inline.services.scenarios.compare(actor, DEMO_LA, scenario));
  });

  test('other requests are answered while a forecast computes', async () => {
    const analyst = await pooled.signedIn('analyst@demo.test', DEMO_PASSWORD);
    const viewer = await pooled.signedIn('viewer@demo.test', DEMO_PASSWORD);
    await viewer.get(paths.overview.build({ la: DEMO_LA }));
    let forecastDone = false;
    const forecast = analyst
      .get(paths.forecast.index.build({ la: DEMO_LA }, { months: 120, runs: 2000, seed: 4242 }))
      .then((page) => {
        forecastDone = true;
        return page;
      });
    await new Promise((r) => setTimeout(r, 150));
    const answered: number[] = [];
    for (let i = 0; i < 5 && !forecastDone; i++) {
      const t0 = performance.now();
      const [health, overview] = await Promise.all([
        viewer.get(paths.health.build()),
        viewer.get(paths.overview.build({ la: DEMO_LA })),
      ]);
      assert.equal(health.status, 200);
      assert.equal(overview.status, 200);
      if (!forecastDone) answered.push(performance.now() - t0);
    }
    const page = await forecast;
    assert.equal(page.status, 200);
    assert.match(page.text, /starting from [\d,]+ children looked after/);
    assert.ok(
      answered.length >= 1,
      `the health check and overview were answered while the forecast computed (${answered.map((ms) => ms.toFixed(0)).join(', ')} ms)`,
    );
  });
});

describe('a worker that dies', () => {
  let bed: Testbed;
  before(async () => {
    bed = await demoTestbed(DEMO, {
      engine: createEnginePool({
        threads: 1,
        workerUrl: new URL('../services/support/crashingEngineWorker.ts', import.meta.url),
      }),
    });
  });
  after(() => bed.close());

  test('costs that page a 500; the server and the next forecast are fine', async () => {
    const analyst = await bed.signedIn('analyst@demo.test', DEMO_PASSWORD);
    const crashed = await analyst.get(paths.forecast.index.build({ la: DEMO_LA }, { seed: CRASH_SEED, runs: 50 }));
    assert.equal(crashed.status, 500);
    assert.equal((await analyst.get(paths.health.build())).status, 200);
    const next = await analyst.get(paths.forecast.index.build({ la: DEMO_LA }, { seed: 1, runs: 50 }));
    assert.equal(next.status, 200);
    assert.match(next.text, /starting from [\d,]+ children looked after/);
  });
});

describe('closing the server ends the worker threads', () => {
  test('startServer → close', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      SESSION_SECRET: 'x'.repeat(32),
      FORECARE_PSEUDONYM_KEY: Buffer.from(TEST_KEY).toString('base64'),
      FORECARE_TOTP_KEY: Buffer.from(TEST_KEY).toString('base64'),
      FORECARE_ENGINE_THREADS: '1',
    });
    const running = await startServer(config, { kind: 'sqlite', file: ':memory:' }, 0, '127.0.0.1');
    assert.equal(running.services.engine.threads, 1);
    assert.equal((await fetch(running.url + paths.health.build())).status, 200);
    await running.close();
    await assert.rejects(
      running.services.engine.backtest({ children: [], episodes: [] }, { cutoffs: [], months: 1 }),
      /pool is closed/,
    );
  });

  test('`forecare serve` with worker threads stops on SIGINT', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-engine-serve-'));
    try {
      const child = spawn(
        process.execPath,
        [
          '--disable-warning=ExperimentalWarning',
          path.join(ROOT, 'src/cli/main.ts'),
          'serve',
          '--port',
          '0',
          '--host',
          '127.0.0.1',
          '--db',
          path.join(dir, 'f.db'),
        ],
        {
          cwd: dir,
          env: {
            ...process.env,
            LOG_LEVEL: 'silent',
            NODE_ENV: 'test',
            SESSION_SECRET: 'y'.repeat(32),
            FORECARE_PSEUDONYM_KEY: Buffer.from(TEST_KEY).toString('base64'),
            FORECARE_ENGINE_THREADS: '2',
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (c: Buffer) => {
          err += c.toString('utf8');
          const m = /running at (http:\/\/\S+)/.exec(err);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', () => reject(new Error(`serve exited early: ${err}`)));
      });
      assert.equal((await fetch(url + paths.health.build())).status, 200);
      child.kill('SIGINT');
      const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 15_000).unref());
      const code = await Promise.race([exited, timeout]);
      if (code === 'hung') child.kill('SIGKILL');
      assert.equal(code, 0, 'exits at once with 0');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
