/**
 * Web benchmark: `npm run bench` (or `node bench/web.bench.ts`).
 *
 * A large synthetic council (about 2,500 children looked after, 10 years of returns) is imported
 * into a fresh SQLite file; the real app (createApp with real templates, sessions in the
 * database, CSRF, security headers) listens on loopback in a worker thread of its own, so that
 * the load generator (this thread) does not take the server's CPU. 50 signed-in users then request each
 * page concurrently: a bounded number of requests (BENCH_REQUESTS, default 3,000 per page) or a
 * bounded time (BENCH_SECONDS, default 30 per page), whichever comes first, over node:http keep-alive
 * connections (at most one per user). Each page is warmed
 * up first, unmeasured: one request (which computes and caches the page's figures for the council
 * and data version), then four per user (JIT, connections).
 *
 * First views (issue 13): the council is imported by the server itself (seedDemo through its
 * services, the engine in worker threads, background figures on, pages waiting FIGURES_WAIT_MS as
 * `forecare serve` does). The bench times pages asked during the background work (an analyst's
 * forecast of a new seed, a scenario comparison: they answer within the wait with their progress),
 * the time from the import's end to every background figure ready, then each figures page's first view (one person, nothing rendered before: the
 * forecast, costs, every example scenario's comparison, the programme and its initiatives):
 * median, p95 and the slowest against the target of 2 s each.
 *
 * Target (issue 5): p95 under 150 ms for the overview and forecast pages. The forecast page is
 * measured when its feature is registered (it answers 200); otherwise the bench says so.
 *
 * Then the point of the engine's worker threads: the cached overview (and /health) for the other
 * users while BENCH_FORECASTERS analysts keep opening forecasts nobody has computed yet (a new seed
 * each time: a Monte Carlo run of the whole council), for BENCH_CONTENTION_SECONDS. With the engine
 * on the request thread every forecast stops every other request for its duration; compare
 *
 *   FORECARE_ENGINE_THREADS=0 node bench/web.bench.ts    (before: on the request thread)
 *   node bench/web.bench.ts                              (after: CPUs - 1 worker threads)
 *
 *   BENCH_USERS=50 BENCH_REQUESTS=3000 BENCH_SECONDS=30 BENCH_FORECASTERS=2 BENCH_CONTENTION_SECONDS=20
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http, { type Server } from 'node:http';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/web/app.ts';
import { dataAccess, engineRunner, services } from '../src/web/composition.ts';
import { seedDemo, DEMO_PASSWORD, DEMO_PROGRAMME_ID } from '../src/services/demo.ts';
import { systemActor } from '../src/services/access.ts';
import { FIGURES_WAIT_MS } from '../src/web/components/figures.ts';
import { KEEP_ALIVE_TIMEOUT_MS } from '../src/web/server.ts';
import { paths } from '../src/web/paths.ts';

const USERS = Number(process.env.BENCH_USERS ?? 50);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const FORECASTERS = Number(process.env.BENCH_FORECASTERS ?? 2);
const CONTENTION_SECONDS = Number(process.env.BENCH_CONTENTION_SECONDS ?? 20);
const TARGET_P95_MS = 150;
/** Issue 13: no first view over 2 s for a large council once the background work is done. */
const FIRST_VIEW_TARGET_MS = 2000;
const LA = 'BENCH';

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

/** A response read whole: status, headers and body bytes. */
interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * The load generator is plain node:http over one keep-alive agent (a socket per user, reused):
 * it shares the machine with the server, and fetch (undici, web streams) took several times the
 * CPU per request that this does, CPU the server then did not get.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: USERS, maxFreeSockets: USERS });

class Session {
  cookie = '';
  readonly base: URL;
  constructor(base: string) {
    this.base = new URL(base);
  }
  request(
    pathname: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    return new Promise<Reply>((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: this.base.hostname,
          port: this.base.port,
          path: pathname,
          method: init.method ?? 'GET',
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            for (const c of res.headers['set-cookie'] ?? []) {
              const pair = c.split(';')[0] ?? '';
              if (pair.startsWith('forecare.sid=')) this.cookie = pair;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
  }
  async signIn(email: string): Promise<void> {
    const page = (await this.request(paths.signIn.build())).body.toString('utf8');
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const body = new URLSearchParams({ _csrf: token, email, password: DEMO_PASSWORD }).toString();
    const res = await this.request(paths.signIn.build(), {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (res.status !== 302 || res.headers.location === paths.signIn.build())
      throw new Error(`sign-in failed: ${res.status}`);
  }
}

async function measure(
  sessions: readonly Session[],
  pathname: string,
): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    sessions.map(async (s) => {
      while (issued < REQUESTS && performance.now() < deadline) {
        issued++;
        const t0 = performance.now();
        const res = await s.request(pathname);
        const ms = performance.now() - t0;
        if (res.status === 200) latencies.push(ms);
        else errors++;
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), errors, seconds: (performance.now() - started) / 1000 };
}

/**
 * The cached overview (and /health) for the other users while `FORECASTERS` analysts keep opening
 * forecasts nobody has computed yet (a new seed each time), for CONTENTION_SECONDS.
 */
async function measureContention(sessions: readonly Session[]): Promise<void> {
  const analysts = sessions.filter((_, i) => i % 2 === 1).slice(0, FORECASTERS);
  const others = sessions.filter((s) => !analysts.includes(s));
  const overviewPath = paths.overview.build({ la: LA });
  const healthPath = paths.health.build();
  if ((await others[0]?.request(overviewPath))?.status !== 200) return;
  const overview: number[] = [];
  const health: number[] = [];
  const forecasts: number[] = [];
  let errors = 0;
  /** Answers other than 200, by who asked and the status (e.g. "forecast 429"). */
  const refused = new Map<string, number>();
  const refuse = (who: string, status: number): void => {
    errors++;
    refused.set(`${who} ${status}`, (refused.get(`${who} ${status}`) ?? 0) + 1);
  };
  let waits = 0;
  let seed = 1000;
  const started = performance.now();
  const deadline = started + CONTENTION_SECONDS * 1000;
  await Promise.all([
    ...analysts.map(async (s) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const url = paths.forecast.index.build({ la: LA }, { seed: seed++ });
        // A forecast not ready within the page's wait shows its progress: the analyst checks again
        // until it shows the figures (timed to then).
        let res = await s.request(url);
        while (
          res.status === 200 &&
          res.body.includes('id="figures-progress"') &&
          performance.now() < deadline + 60_000
        )
          res = await s.request(url);
        if (res.status === 200) forecasts.push(performance.now() - t0);
        else if (res.status === 429) {
          // Both analysts are the same account (analyst@demo.test), and a person has one forecast
          // with new settings calculated at a time (PENDING_FORECASTS_PER_PERSON): the page says to
          // wait for it, so the analyst waits a second before the next seed instead of asking again at once.
          waits++;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        } else refuse('forecast', res.status);
      }
    }),
    ...others.map(async (s, i) => {
      // One user in ten asks for /health (what a load balancer asks), the others for the overview.
      const [pathname, into] = i % 10 === 0 ? [healthPath, health] : [overviewPath, overview];
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const res = await s.request(pathname);
        if (res.status === 200) into.push(performance.now() - t0);
        else refuse(pathname === healthPath ? 'health' : 'overview', res.status);
      }
    }),
  ]);
  const seconds = (performance.now() - started) / 1000;
  const line = (name: string, xs: number[]): string => {
    xs.sort((a, b) => a - b);
    return (
      `${name.padEnd(9)} ${String(xs.length).padStart(5)} requests (${(xs.length / seconds).toFixed(0)}/s): median ${quantile(xs, 0.5).toFixed(1)} ms, ` +
      `p95 ${quantile(xs, 0.95).toFixed(1)} ms, max ${(xs.at(-1) ?? 0).toFixed(1)} ms`
    );
  };
  console.log(
    `while ${analysts.length} analysts open uncached forecasts for ${seconds.toFixed(1)} s (${others.length} other users):`,
  );
  console.log(`  ${line('overview', overview)}`);
  console.log(`  ${line('health', health)}`);
  const byStatus = [...refused].map(([k, n]) => `${n} ${k}`).join(', ');
  console.log(
    `  ${line('forecasts', forecasts)} (each computed afresh) — ${errors} errors${byStatus === '' ? '' : ` (${byStatus})`}, ` +
      `${waits} times told to wait for the same person's forecast (429)`,
  );
}

/** What the server thread tells the bench. */
type ServerMessage =
  | { readonly kind: 'listening'; readonly port: number; readonly engineThreads: number }
  | {
      readonly kind: 'imported';
      readonly importSeconds: number;
      readonly scenarios: readonly string[];
      readonly initiatives: readonly string[];
    }
  | { readonly kind: 'figuresReady'; readonly seconds: number };

/**
 * The server thread: serves the app as `forecare serve` does (engine worker threads, background
 * figures, pages waiting FIGURES_WAIT_MS), imports the large council through its own services,
 * then says when the background figures are ready; serves until told to stop.
 */
async function serve(dbFile: string): Promise<void> {
  const data = await dataAccess({ kind: 'sqlite', file: dbFile });
  // As `forecare serve` does: FORECARE_ENGINE_THREADS worker threads (0: the request thread).
  const engine = engineRunner(loadConfig().web.engineThreads);
  const svc = services(data, {
    pseudonymKey: KEY,
    totpKey: KEY,
    uploadDir: path.join(path.dirname(dbFile), 'uploads'),
    engine,
    backgroundFigures:
      engine.threads > 0
        ? { onError: (la, step, err) => console.error(`background figures for ${la}: ${step} failed`, err) }
        : false,
  });
  const app = createApp(svc, {
    sessionSecret: 'bench',
    production: false,
    signInAttemptsPer15Minutes: 100_000,
    logger: pino({ level: 'silent' }),
    figuresWaitMs: FIGURES_WAIT_MS,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    // As `forecare serve`: idle connections outlive the client's, so the client closes them.
    s.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  });
  const address = server.address();
  const post = (m: ServerMessage): void => parentPort?.postMessage(m);
  post({
    kind: 'listening',
    port: typeof address === 'object' && address ? address.port : 0,
    engineThreads: engine.threads,
  });
  parentPort?.on('message', () => {
    server.closeAllConnections();
    server.close(() => {
      void (svc.background?.close() ?? Promise.resolve())
        .then(() => engine.close())
        .then(() => data.close())
        .then(() => process.exit(0));
    });
  });

  // The import: the council's returns and child costs, its users, example scenarios and programme.
  const t0 = performance.now();
  await seedDemo(data, svc, {
    laCode: LA,
    councilName: 'Bench (large synthetic council)',
    size: 'large',
    years: 10,
    seed: 11,
    pseudonymKey: KEY,
  });
  const imported = performance.now();
  const actor = systemActor(LA, 'system');
  const scenarios = (await svc.scenarios.list(actor, LA)).map((x) => x.name);
  const programme = await svc.programmes.document(actor, LA, DEMO_PROGRAMME_ID);
  // The examples were saved after the returns: their comparisons join the council's background work.
  svc.background?.schedule(LA);
  post({
    kind: 'imported',
    importSeconds: (imported - t0) / 1000,
    scenarios,
    initiatives: programme?.programme.initiatives.map((i) => i.id) ?? [],
  });
  await svc.background?.idle();
  post({ kind: 'figuresReady', seconds: (performance.now() - imported) / 1000 });
}

/**
 * Each figures page's first view by one person once the background work is done: nothing of the
 * page rendered yet (charts and tables are rendered on a page's first view), its figures computed.
 */
async function measureFirstViews(
  session: Session,
  pages: ReadonlyArray<{ readonly name: string; readonly path: string }>,
): Promise<void> {
  const times: number[] = [];
  let failed = false;
  console.log(
    `first views once the background work is done (one person, target ${FIRST_VIEW_TARGET_MS / 1000} s each):`,
  );
  for (const p of pages) {
    const t0 = performance.now();
    const res = await session.request(p.path);
    const ms = performance.now() - t0;
    const body = res.body.toString('utf8');
    const progress = body.includes('id="figures-progress"');
    const ok = res.status === 200 && !progress && ms < FIRST_VIEW_TARGET_MS;
    if (!ok) failed = true;
    times.push(ms);
    console.log(
      `  ${p.name.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms ${res.status}${progress ? ' (still being calculated)' : ''}`,
    );
  }
  times.sort((a, b) => a - b);
  console.log(
    `  ${times.length} first views: median ${quantile(times, 0.5).toFixed(0)} ms, p95 ${quantile(times, 0.95).toFixed(0)} ms, ` +
      `slowest ${(times.at(-1) ?? 0).toFixed(0)} ms — target every first view < ${FIRST_VIEW_TARGET_MS / 1000} s ${failed ? 'NOT met' : 'met'}`,
  );
  if (failed) process.exitCode = 1;
}

const KEY = new Uint8Array(32).fill(3);

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forecare-web-bench-'));
  const dbFile = path.join(dir, 'bench.db');
  let worker: Worker | undefined;
  try {
    worker = new Worker(new URL(import.meta.url), { workerData: { dbFile } });
    const messages: ServerMessage[] = [];
    const waiting: Array<() => void> = [];
    worker.on('message', (m: ServerMessage) => {
      messages.push(m);
      for (const w of waiting.splice(0)) w();
    });
    const failedWorker = new Promise<never>((_, reject) => worker?.once('error', reject));
    const next = async <K extends ServerMessage['kind']>(kind: K): Promise<Extract<ServerMessage, { kind: K }>> => {
      for (;;) {
        const m = messages.find((x) => x.kind === kind);
        if (m) return m as Extract<ServerMessage, { kind: K }>;
        await Promise.race([new Promise<void>((resolve) => waiting.push(resolve)), failedWorker]);
      }
    };
    const { port, engineThreads } = await next('listening');
    console.log(
      engineThreads > 0
        ? `engine: ${engineThreads} worker thread(s); background figures on`
        : 'engine: on the request thread (FORECARE_ENGINE_THREADS=0); background figures off',
    );
    const imported = await next('imported');
    console.log(
      `imported a large council (10 years, generated and imported by the server) in ${imported.importSeconds.toFixed(1)} s`,
    );
    const base = `http://127.0.0.1:${port}`;
    // While the background works: pages answer within the page's wait (FIGURES_WAIT_MS) with
    // their progress. An analyst's forecast with a seed of its own (never computed by the
    // background) and a scenario comparison (the background's last steps); the default forecast
    // and costs are left for their first views below (asking them here would render them).
    const early = new Session(base);
    await early.signIn('analyst@demo.test');
    const lastScenario = imported.scenarios.at(-1);
    for (const [name, url] of [
      ['forecast, a new seed', paths.forecast.index.build({ la: LA }, { seed: 424242 })],
      ...(lastScenario
        ? ([['a scenario comparison', paths.scenarios.compare.build({ la: LA, name: lastScenario })]] as const)
        : []),
    ]) {
      const t = performance.now();
      const res = await early.request(url);
      const ms = performance.now() - t;
      const inProgress = res.body.toString('utf8').includes('id="figures-progress"');
      console.log(
        `while the background works: ${name.padEnd(20)} ${ms.toFixed(0).padStart(6)} ms, ${res.status}, ` +
          `${inProgress ? 'progress shown' : 'figures shown'} — target < ${FIRST_VIEW_TARGET_MS / 1000} s ${ms < FIRST_VIEW_TARGET_MS ? 'met' : 'NOT met'}`,
      );
    }
    const ready = await next('figuresReady');
    console.log(
      `figures ready ${ready.seconds.toFixed(1)} s after the import ended (overview, forecast, spend and ${imported.scenarios.length} scenario comparisons; one council, one step at a time)`,
    );
    const firstViewSession = new Session(base);
    await firstViewSession.signIn('analyst@demo.test');
    await measureFirstViews(firstViewSession, [
      { name: 'forecast', path: paths.forecast.index.build({ la: LA }) },
      { name: 'costs', path: paths.costs.index.build({ la: LA }) },
      ...imported.scenarios.map((name) => ({
        name: `scenario comparison: ${name}`,
        path: paths.scenarios.compare.build({ la: LA, name }),
      })),
      { name: 'programme', path: paths.programmes.show.build({ la: LA, programmeId: DEMO_PROGRAMME_ID }) },
      ...imported.initiatives.map((initiativeId) => ({
        name: `initiative: ${initiativeId}`,
        path: paths.programmes.initiative.build({ la: LA, programmeId: DEMO_PROGRAMME_ID, initiativeId }),
      })),
    ]);

    const sessions: Session[] = [];
    for (let i = 0; i < USERS; i++) {
      const s = new Session(base);
      await s.signIn(i % 2 === 0 ? 'viewer@demo.test' : 'analyst@demo.test');
      sessions.push(s);
    }
    console.log(
      `${USERS} users signed in; up to ${REQUESTS} requests or ${SECONDS} s per page, ${USERS} at a time, on loopback`,
    );

    const pages = [
      { name: 'overview', path: paths.overview.build({ la: LA }) },
      { name: 'forecast', path: paths.forecast.index.build({ la: LA }) },
    ];
    let failed = false;
    for (const p of pages) {
      const warm = await sessions[0]?.request(p.path);
      const warmStatus = warm?.status;
      const warmBytes = warm?.body.byteLength ?? 0;
      if (warmStatus !== 200) {
        console.log(`${p.name.padEnd(9)} not measured: ${p.path} answers ${warmStatus} (the page is not built yet)`);
        continue;
      }
      // Warm-up (not measured): the JIT and the connection pool settle before timing starts.
      await Promise.all(
        sessions.map(async (sess) => {
          for (let k = 0; k < 4; k++) await sess.request(p.path);
        }),
      );
      const r = await measure(sessions, p.path);
      const median = quantile(r.latencies, 0.5);
      const p95 = quantile(r.latencies, 0.95);
      const ok = p95 < TARGET_P95_MS && r.errors === 0;
      if (!ok) failed = true;
      console.log(
        `${p.name.padEnd(9)} ${String(r.latencies.length).padStart(5)} requests in ${r.seconds.toFixed(1)} s ` +
          `(${(r.latencies.length / r.seconds).toFixed(0)}/s): median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${(r.latencies.at(-1) ?? 0).toFixed(1)} ms, ` +
          `${r.errors} errors, ${(warmBytes / 1024).toFixed(0)} KB a page — target p95 < ${TARGET_P95_MS} ms ${ok ? 'MET' : 'MISSED'}`,
      );
    }
    await measureContention(sessions);
    if (failed) process.exitCode = 1;
    console.log(
      `(load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${os.availableParallelism()} CPUs: figures from a busy machine are pessimistic)`,
    );
  } finally {
    agent.destroy();
    if (worker) {
      const exited = new Promise<void>((resolve) => worker?.once('exit', () => resolve()));
      worker.postMessage('stop');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (isMainThread) await main();
else await serve((workerData as { dbFile: string }).dbFile);
