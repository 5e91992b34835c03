import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/cli/main.ts');
const EXAMPLE = path.join(ROOT, 'examples/programme/example.yaml');

async function forecare(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [MAIN, ...args], { cwd: ROOT });
}

test('plan evaluate --json prints years, totals, both paybacks, npv, checks and monitoring', async () => {
  const { stdout } = await forecare('plan', 'evaluate', EXAMPLE, '--json', '--as-of', '2025-11-01');
  const out = JSON.parse(stdout) as Record<string, unknown>;
  for (const key of ['years', 'totals', 'paybackSimpleYears', 'paybackCashflowYears', 'npv', 'checks', 'monitoring'])
    assert.ok(key in out, key);
  const checks = out.checks as Array<Record<string, unknown>>;
  assert.deepEqual(Object.keys(checks[0] ?? {}), [
    'severity',
    'kind',
    'where',
    'stated',
    'computed',
    'difference',
    'message',
  ]);
  // Worked from the example: 2026/27 new gross saving is 1,050k + 159.8k + 624k + 60k = 1,893.8k,
  // typed as 1,849k: difference -44,800 pounds.
  assert.deepEqual(checks[0], {
    severity: 'error',
    kind: 'column',
    where: 'column 2026/27 / gross saving',
    stated: 1_849_000,
    computed: 1_893_800,
    difference: -44_800,
    message: checks[0]?.message,
  });
  // Plan investment: 450k + 200k + 60k = 710k.
  assert.equal((out.totals as { plan: { investment: number } }).plan.investment, 710_000);
  // Both paybacks: net saving 419k in 2025/26 against 710k invested, then 2,162.8k in 2026/27:
  // simple 1 + 291/2,162.8 years; cash-flow the same here, as savings and investment both start in 2025/26.
  assert.equal(out.paybackSimpleYears, Number((1 + 291_000 / 2_162_800).toFixed(4)));
  assert.equal(out.paybackCashflowYears, Number((1 + 291_000 / 2_162_800).toFixed(4)));
  // Monitoring: edge-of-care's four quarters: target 0 + 3 x 150k = 450k, forecast 0 + 120k + 140k +
  // 150k = 410k, actual so far 0 + 110k; variance (40k); 410/450 = 91.1%: amber (80% to 95%).
  const monitoring = out.monitoring as Array<Record<string, unknown>>;
  const edge = monitoring.find((m) => m.initiative === 'edge-of-care');
  assert.deepEqual(
    [edge?.target, edge?.forecast, edge?.actual, edge?.variance, edge?.rag],
    [450_000, 410_000, 110_000, -40_000, 'amber'],
  );
  // Faster adoption has no monitoring: its forecast is the plan, so green with no variance.
  const adoption = monitoring.find((m) => m.initiative === 'faster-adoption');
  assert.deepEqual([adoption?.basis, adoption?.variance, adoption?.rag], ['plan', 0, 'green']);
});

test('plan evaluate prints monitoring, variance and RAG in the text report', async () => {
  const { stdout } = await forecare('plan', 'evaluate', EXAMPLE, '--as-of', '2025-11-01');
  assert.match(stdout, /Monitoring on 2025-11-01/);
  // Edge of care: 450, 410, 110, (40), amber; one milestone overdue ("First 20 families", 31 October).
  assert.match(
    stdout,
    /edge-of-care\s+450\s+410\s+110\s+\(40\)\s+amber\s+monitoring \(4 period\(s\)\); 1 overdue milestone/,
  );
  await assert.rejects(forecare('plan', 'evaluate', EXAMPLE, '--as-of', '1st November'), (e: { stderr: string }) => {
    assert.match(e.stderr, /--as-of must be a date written YYYY-MM-DD/);
    return true;
  });
});

test('plan export and import round trip through the command line; bad files are one clear line', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'forecare-plan-cli-'));
  try {
    const xlsx = path.join(dir, 'p.xlsx');
    const yaml = path.join(dir, 'p.yaml');
    await forecare('plan', 'export', EXAMPLE, '--xlsx', xlsx);
    await forecare('plan', 'import', xlsx, '--out', yaml);
    const a = await forecare('plan', 'evaluate', EXAMPLE, '--json');
    const b = await forecare('plan', 'evaluate', yaml, '--json');
    assert.equal(b.stdout, a.stdout);
    const human = await forecare('plan', 'evaluate', xlsx);
    assert.match(human.stdout, /Simple payback: 1\.13 years/);
    assert.match(human.stdout, /\(291\)/);
    const bad = path.join(dir, 'bad.yaml');
    await fs.writeFile(
      bad,
      'programme: x\nfirstYear: 2025/26\nplanYears: 2\ninitiatives:\n  - { id: a, name: A, profile: incremental, years: { 2025/26: { grossSaving: lots } } }\n',
    );
    await assert.rejects(forecare('plan', 'evaluate', bad), (e: { stderr: string; code: number }) => {
      assert.equal(e.code, 1);
      assert.match(
        e.stderr,
        /^forecare: .*bad\.yaml: 1 problem:\n {2}initiative 'a', years\.2025\/26\.grossSaving: expected an amount in pounds/,
      );
      return true;
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('plan save and plan list store programmes per council', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'forecare-plan-db-'));
  try {
    const db = path.join(dir, 'forecare.db');
    const saved = await forecare('plan', 'save', EXAMPLE, '--la', 'E10000001', '--id', 'savings-2025', '--db', db);
    assert.match(saved.stderr, /Saved programme savings-2025 for E10000001/);
    const mine = JSON.parse(
      (await forecare('plan', 'list', '--la', 'E10000001', '--db', db, '--json')).stdout,
    ) as Array<{ id: string }>;
    assert.deepEqual(
      mine.map((p) => p.id),
      ['savings-2025'],
    );
    const theirs = JSON.parse(
      (await forecare('plan', 'list', '--la', 'E10000002', '--db', db, '--json')).stdout,
    ) as unknown[];
    assert.deepEqual(theirs, []);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
