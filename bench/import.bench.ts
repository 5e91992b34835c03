/**
 * Import benchmark: `npm run bench` (or `node bench/import.bench.ts`).
 *
 * Generates returns with the synthetic council generator and writes them as CSV to a temporary
 * folder, then times `importReturns` end to end from those files (read, merge, validate,
 * pseudonymise, write to a fresh SQLite file), first import and an idempotent re-import of the
 * same files. Each import runs in a child process of its own, so that its peak resident memory
 * (process.resourceUsage().maxRSS) is the import's, not the generator's.
 *
 * Targets (issue 2): a large council over 10 years under 2 s; 1.5 million episodes under 60 s
 * and under 2 GB resident memory on a 2-core machine.
 *
 *   BENCH_ONLY=large|national   run one scenario
 *   BENCH_KEEP=1                keep the generated files (and reuse them on the next run)
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateCouncil, type SimulateCouncilOptions } from '../src/domain/demo/simulateCouncil.ts';
import { writeReturns } from '../src/io/write903.ts';
import { importReturns } from '../src/services/import.ts';
import { openDatabase, migrateToLatest } from '../src/store/database.ts';

interface Scenario {
  readonly name: 'large' | 'national';
  readonly label: string;
  readonly options: SimulateCouncilOptions;
  /** Fewest merged episodes the scenario must hold. */
  readonly minEpisodes: number;
  readonly targetSeconds: number;
  readonly targetRssMb?: number;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'large',
    label: 'large council (about 2,500 looked after), 10 years',
    options: { seed: 7, years: 10, endYear: 2026, size: 'large' },
    minEpisodes: 0,
    targetSeconds: 2,
  },
  {
    // England had 81,770 children looked after on 31 March 2025 (DfE); 15 years of returns at
    // that scale hold about 1.6 million distinct episodes.
    name: 'national',
    label: 'national scale (about 82,000 looked after), 15 years',
    options: { seed: 7, years: 15, endYear: 2026, childrenInCare: 82_000 },
    minEpisodes: 1_500_000,
    targetSeconds: 60,
    targetRssMb: 2048,
  },
];

/** What one import process reports. */
interface Measured {
  readonly seconds: number;
  /** CPU seconds (user + system) of the import. */
  readonly cpu: number;
  /** Peak resident memory of the import process. */
  readonly rssMb: number;
  readonly children: number;
  readonly episodes: number;
  readonly files: number;
  readonly inserted: number;
  readonly unchanged: number;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Child mode: import `dir` into the SQLite file `dbFile` once and print the figures as JSON. */
async function measure(dir: string, dbFile: string, keyHex: string): Promise<void> {
  const opened = openDatabase({ kind: 'sqlite', file: dbFile });
  await migrateToLatest(opened.db);
  const t = performance.now();
  const c = cpuSeconds();
  const s = await importReturns(opened.db, {
    laCode: 'BENCH',
    paths: [dir],
    importedBy: 'bench',
    acceptErrors: true,
    pseudonymKey: Buffer.from(keyHex, 'hex'),
    now: new Date(),
  });
  const out: Measured = {
    seconds: (performance.now() - t) / 1000,
    cpu: cpuSeconds() - c,
    rssMb: process.resourceUsage().maxRSS / 1024,
    children: s.children,
    episodes: s.episodes,
    files: s.files.length,
    inserted: s.inserted.episodes,
    unchanged: s.unchanged.episodes,
  };
  await opened.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** Runs one import in a fresh process (so its peak RSS is its own). */
function importInChildProcess(self: string, dir: string, dbFile: string, keyHex: string, name: string): Measured {
  const child = spawnSync(process.execPath, [...process.execArgv, self, '--measure', dir, dbFile, keyHex], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`${name}: the import process failed (status ${child.status})`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as Measured;
}

async function generate(s: Scenario, dir: string): Promise<void> {
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return;
  fs.rmSync(dir, { recursive: true, force: true });
  const t = performance.now();
  const council = simulateCouncil(s.options);
  const distinct = new Set<string>();
  let rows = 0;
  for (const r of council.returns) {
    for (const e of r.episodes) {
      rows += 1;
      distinct.add(`${e.CHILD}|${e.DECOM}`);
    }
  }
  if (distinct.size < s.minEpisodes)
    throw new Error(`${s.name}: only ${distinct.size} distinct episodes generated; need ${s.minEpisodes}`);
  await writeReturns(dir, council.returns);
  fs.writeFileSync(marker, '');
  console.log(
    `  generated ${rows} episode rows (${distinct.size} distinct episodes) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  const keep = process.env.BENCH_KEEP === '1';
  const self = fileURLToPath(import.meta.url);
  console.log(
    `import benchmark: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'})`,
  );
  let missed = 0;
  for (const s of SCENARIOS) {
    if (only && only !== s.name) continue;
    console.log(`\n${s.label}`);
    const dir = path.join(os.tmpdir(), `forecare-bench-${s.name}-${s.options.seed}`);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'forecare-bench-db-'));
    try {
      await generate(s, dir);
      const dbFile = path.join(work, 'bench.db');
      const keyHex = randomBytes(32).toString('hex');
      const load = os.loadavg()[0] ?? 0;
      const m = importInChildProcess(self, dir, dbFile, keyHex, s.name);
      const again = importInChildProcess(self, dir, dbFile, keyHex, s.name);
      const okTime = m.seconds < s.targetSeconds;
      const okRss = s.targetRssMb === undefined || m.rssMb < s.targetRssMb;
      if (!okTime || !okRss) missed += 1;
      console.log(`  ${m.files} files, ${m.children} children, ${m.episodes} episodes after merging years`);
      console.log(
        `  machine load average ${load.toFixed(1)} on ${os.cpus().length} cores${load > os.cpus().length ? ' (busy: wall-clock times are inflated; CPU times are the fairer figure)' : ''}`,
      );
      console.log(
        `  import:    ${m.seconds.toFixed(2)} s (CPU ${m.cpu.toFixed(2)} s), peak RSS ${m.rssMb.toFixed(0)} MB` +
          `  (target < ${s.targetSeconds} s${s.targetRssMb ? `, < ${s.targetRssMb} MB` : ''}: ${okTime && okRss ? 'met' : 'MISSED'})`,
      );
      console.log(
        `  re-import: ${again.seconds.toFixed(2)} s (CPU ${again.cpu.toFixed(2)} s), peak RSS ${again.rssMb.toFixed(0)} MB (${again.unchanged} of ${again.episodes} episodes unchanged)`,
      );
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (missed > 0) console.log(`\n${missed} target(s) missed`);
}

if (process.argv[2] === '--measure') {
  const [dir, dbFile, keyHex] = process.argv.slice(3);
  if (!dir || !dbFile || !keyHex) throw new Error('usage: import.bench.ts --measure DIR DBFILE KEYHEX');
  await measure(dir, dbFile, keyHex);
} else {
  await main();
}
