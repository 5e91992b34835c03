/**
 * Regional page benchmark (issue 11): `node bench/region.bench.ts` (also run by `npm run bench`).
 *
 * On PostgreSQL (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test; a fresh schema, dropped
 * at the end), a region of BENCH_REGION_COUNCILS (10) synthetic councils of BENCH_REGION_SIZE
 * (large: about 2,500 children looked after each; 3 years of returns) is imported, a person is
 * given the region, and the real app (templates, sessions in the database, CSRF, security headers)
 * serves the regional page on loopback. The first request computes every member's forecast on the
 * engine's worker threads and pools their runs (timed, not measured); then BENCH_REGION_USERS (10)
 * signed-in users request the page BENCH_REGION_REQUESTS (500) times in all, concurrently.
 *
 * Target (issue 11): p95 under 300 ms once computed. Importing 10 large councils takes minutes on
 * a busy machine: BENCH_REGION_SIZE=medium (800 each) or small (250) keeps the set-up short, and
 * the bench says which size it measured.
 *
 *   BENCH_REGION_SIZE=large BENCH_REGION_COUNCILS=10 BENCH_REGION_USERS=10 BENCH_REGION_REQUESTS=500
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import http, { type Server } from 'node:http';
import { hash } from '@node-rs/argon2';
import { pino } from 'pino';
import type { CouncilSize } from '../src/domain/demo/simulateCouncil.ts';
import { createAuditService } from '../src/services/audit.ts';
import { createRegion, grantRegionAccess } from '../src/services/regions.service.ts';
import { insertUser } from '../src/store/users.repository.ts';
import { createApp } from '../src/web/app.ts';
import { engineRunner, services } from '../src/web/composition.ts';
import { paths } from '../src/web/paths.ts';
import { openPostgresTestDatabase, testPostgresUrl } from '../test/support/databases.ts';
import { importDemoCouncil, DEMO_TEST_KEY } from '../test/support/demoCouncils.ts';

const SIZE = (process.env.BENCH_REGION_SIZE ?? 'large') as CouncilSize;
const COUNCILS = Number(process.env.BENCH_REGION_COUNCILS ?? 10);
const USERS = Number(process.env.BENCH_REGION_USERS ?? 10);
const REQUESTS = Number(process.env.BENCH_REGION_REQUESTS ?? 500);
const TARGET_P95_MS = 300;
const REGION = 'BENCH-REGION';
const PASSWORD = 'bench-password-long-enough';

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/**
 * GET over node:http with one keep-alive agent: the load generator shares this thread with the
 * server, and fetch (undici) takes several times the CPU a request of node:http does (see
 * web.bench.ts), CPU that would be counted as the server's.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function get(base: string, pathname: string, cookie: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + pathname, { agent, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A signed-in browser: keeps the session cookie. */
async function signIn(base: string, email: string): Promise<string> {
  const first = await fetch(base + paths.signIn.build(), { redirect: 'manual' });
  let cookie = (first.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await first.text())?.[1] ?? '';
  const res = await fetch(base + paths.signIn.build(), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: token, email, password: PASSWORD }),
  });
  for (const c of res.headers.getSetCookie()) if (c.startsWith('forecare.sid=')) cookie = c.split(';')[0] ?? cookie;
  if (res.status !== 302) throw new Error(`sign-in failed: ${res.status}`);
  return cookie;
}

async function main(): Promise<void> {
  const url = testPostgresUrl();
  let t;
  try {
    t = await openPostgresTestDatabase(url);
  } catch (err) {
    process.stdout.write(`region bench: PostgreSQL not reachable at ${url} (${(err as Error).message}): skipped\n`);
    return;
  }
  const uploadDir = await mkdtemp(path.join(os.tmpdir(), 'forecare-region-bench-'));
  const engine = engineRunner(Math.max(1, os.availableParallelism() - 1));
  const svc = services(
    { db: t.db, dialect: 'postgres', close: async () => {} },
    { pseudonymKey: DEMO_TEST_KEY, totpKey: new Uint8Array(32).fill(3), uploadDir, engine },
  );
  let server: Server | undefined;
  try {
    const setUp = performance.now();
    const members: string[] = [];
    for (let i = 0; i < COUNCILS; i++) {
      const la = `B${String(i + 1).padStart(2, '0')}`;
      const started = performance.now();
      await importDemoCouncil(t.db, la, { name: `Bench council ${i + 1}`, seed: 100 + i, size: SIZE, years: 3 });
      process.stdout.write(`  imported ${la} (${SIZE}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      members.push(la);
    }
    const audit = createAuditService(t.db);
    await createRegion(t.db, audit, 'bench', { code: REGION, name: 'Bench region', members });
    await insertUser(t.db, {
      email: 'regional@bench.test',
      passwordHash: await hash(PASSWORD),
      createdAt: new Date().toISOString(),
    });
    await grantRegionAccess(t.db, audit, 'bench', { region: REGION, email: 'regional@bench.test' });
    process.stdout.write(
      `set-up (import of ${COUNCILS} ${SIZE} councils): ${((performance.now() - setUp) / 1000).toFixed(1)} s\n`,
    );

    const app = createApp(svc, { sessionSecret: 'bench', production: false, logger: pino({ level: 'silent' }) });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const base = `http://127.0.0.1:${address.port}`;
    const page = paths.regions.index.build({ region: REGION });
    const cookies = await Promise.all(Array.from({ length: USERS }, () => signIn(base, 'regional@bench.test')));

    const computeStart = performance.now();
    const first = await get(base, page, cookies[0] ?? '');
    const firstBody = first.body.toString('utf8');
    if (first.status !== 200 || !firstBody.includes('chart-forecast'))
      throw new Error(`the regional page answered ${first.status}`);
    process.stdout.write(
      `first request (every member's forecast computed and pooled): ${((performance.now() - computeStart) / 1000).toFixed(1)} s\n`,
    );
    // Warm-up: a few requests per user (JIT, connections).
    await Promise.all(
      cookies.map(async (cookie) => {
        for (let i = 0; i < 3; i++) await get(base, page, cookie);
      }),
    );

    const times: number[] = [];
    let next = 0;
    const wall = performance.now();
    await Promise.all(
      cookies.map(async (cookie) => {
        while (next < REQUESTS) {
          next++;
          const s = performance.now();
          const res = await get(base, page, cookie);
          if (res.status !== 200) throw new Error(`status ${res.status}`);
          times.push(performance.now() - s);
        }
      }),
    );
    const seconds = (performance.now() - wall) / 1000;
    times.sort((a, b) => a - b);
    const p50 = quantile(times, 0.5);
    const p95 = quantile(times, 0.95);
    process.stdout.write(
      `regional page, ${COUNCILS} ${SIZE} councils on PostgreSQL, ${USERS} users: ${times.length} requests in ${seconds.toFixed(1)} s ` +
        `(${(times.length / seconds).toFixed(0)}/s), p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${(times[times.length - 1] ?? 0).toFixed(1)} ms, ` +
        `${(Buffer.byteLength(firstBody) / 1024).toFixed(0)} KB a page\n`,
    );
    process.stdout.write(
      `target (issue 11): p95 under ${TARGET_P95_MS} ms once computed: ${p95 < TARGET_P95_MS ? 'met' : 'NOT met'}${SIZE === 'large' ? '' : ` (measured with ${SIZE} councils, not large)`}\n`,
    );
  } finally {
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    }
    agent.destroy();
    await svc.imports.settled();
    await engine.close();
    await t.close();
    await rm(uploadDir, { recursive: true, force: true });
  }
}

await main();
