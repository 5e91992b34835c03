/**
 * The synthetic demo council (src/services/demo.ts: returns, child-level costs, example scenarios,
 * programme and tracker) as a SQLite file, seeded once and kept for the tests that need a whole
 * council: generating and importing its returns costs seconds of CPU in every test process that
 * did it. The file is in node_modules/.cache/forecare-tests/, named by a hash of the seed options
 * and of everything the seed reads or runs (src/, examples/, package-lock.json, the test keys,
 * this file and the testbed's, Node's version), so a change to the generator, the import or the
 * schema seeds it afresh. Each testbed works on its own copy (webTestbed's `database`), never on
 * the kept file.
 *
 *   const bed = await demoTestbed({ size: 'small', years: 3, today: '2026-11-23', now });
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { seedDemo, type DemoOptions } from '../../src/services/demo.ts';
import { dataAccess, services } from '../../src/web/composition.ts';
import { TEST_KEY, TEST_TOTP_KEY, webTestbed, type Testbed, type TestbedOptions } from '../web/support.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CACHE = path.join(ROOT, 'node_modules/.cache/forecare-tests');

/** The demo's seed options, the pseudonym key apart (always TEST_KEY, as webTestbed's services use). */
export type DemoSeed = Omit<DemoOptions, 'pseudonymKey' | 'say'>;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** A hash of the seed options and of every file the seed could depend on. */
async function seedKey(seed: DemoSeed): Promise<string> {
  const h = createHash('sha256');
  h.update(JSON.stringify({ seed, node: process.version }));
  h.update(TEST_KEY).update(TEST_TOTP_KEY);
  const files = [
    ...(await filesUnder(path.join(ROOT, 'src'))),
    ...(await filesUnder(path.join(ROOT, 'examples'))),
    path.join(ROOT, 'package-lock.json'),
    path.join(ROOT, 'test/web/support.ts'),
    import.meta.filename,
  ];
  for (const f of files) h.update(`\0${path.relative(ROOT, f)}\0`).update(await readFile(f));
  return h.digest('hex').slice(0, 24);
}

const built = new Map<string, Promise<string>>();

/** Whether process `pid` is still running. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Holds `lock` (a file naming this process) while `seed` runs, unless another process holds it: then
 * waits until that process has written `kept` and returns false. On a fresh clone npm test starts
 * the three every-page parts at once, and each seeded the same council (seconds of CPU each).
 * A lock left by a process that died is taken over.
 */
async function seedOnce(kept: string, lock: string, seed: () => Promise<void>): Promise<void> {
  for (;;) {
    if (existsSync(kept)) return;
    let handle;
    try {
      handle = await open(lock, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && !running(holder)) await rm(lock, { force: true });
      else await sleep(100);
      continue;
    }
    try {
      await handle.writeFile(String(process.pid));
      await handle.close();
      if (!existsSync(kept)) await seed();
      return;
    } finally {
      await rm(lock, { force: true });
    }
  }
}

/** The kept file of the demo council seeded with `seed`, seeding it when there is none. */
export function demoDatabase(seed: DemoSeed): Promise<string> {
  const id = JSON.stringify(seed);
  let file = built.get(id);
  if (!file) {
    file = (async () => {
      const kept = path.join(CACHE, `demo-${await seedKey(seed)}.sqlite`);
      if (existsSync(kept)) return kept;
      await mkdir(CACHE, { recursive: true });
      await seedOnce(kept, `${kept}.lock`, async () => {
        const work = await mkdtemp(path.join(os.tmpdir(), 'forecare-demo-db-'));
        const data = await dataAccess({ kind: 'sqlite', file: ':memory:' });
        const svc = services(data, { pseudonymKey: TEST_KEY, totpKey: TEST_TOTP_KEY, uploadDir: work });
        try {
          await seedDemo(data, svc, { ...seed, pseudonymKey: TEST_KEY });
          // Written beside the kept file and renamed into place: a test process reading it never
          // sees half a file.
          const partial = `${kept}.${process.pid}.partial`;
          await sql`VACUUM INTO ${partial}`.execute(data.db);
          await rename(partial, kept);
        } finally {
          await svc.engine.close();
          await data.close();
          await rm(work, { recursive: true, force: true });
        }
      });
      return kept;
    })();
    built.set(id, file);
  }
  return file;
}

/** A webTestbed over its own copy of the demo council seeded with `seed`. */
export async function demoTestbed(seed: DemoSeed, options: TestbedOptions = {}): Promise<Testbed> {
  return webTestbed({ ...options, database: await demoDatabase(seed) });
}
