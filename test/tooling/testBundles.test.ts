/**
 * scripts/test-bundles.ts: npm test runs most test files several to a process. Every test file is
 * run exactly once, and a file whose meaning could change in a shared process keeps its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  COMMITTED_DURATIONS,
  durationsToPlan,
  ownProcessReason,
  plan,
  writeUnits,
} from '../../scripts/test-bundles.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('a file keeps its own process for a browser, a top-level hook or the marker', () => {
  const plain = "import { test } from 'node:test';\ntest('x', () => {});\n";
  assert.equal(ownProcessReason('test/web/a.test.ts', plain), undefined);
  assert.equal(ownProcessReason('test/browser/a.test.ts', plain), 'browser test');
  for (const hook of ['before', 'after', 'beforeEach', 'afterEach'])
    assert.equal(ownProcessReason('test/io/a.test.ts', `${plain}${hook}(async () => {});\n`), 'top-level hook', hook);
  assert.equal(ownProcessReason('test/io/a.test.ts', `// test-bundles: own process\n${plain}`), 'marked');
  // A top-level await, and hooks inside a describe, can share a process.
  assert.equal(ownProcessReason('test/io/a.test.ts', `const [sqlite] = await testDialects();\n${plain}`), undefined);
  assert.equal(
    ownProcessReason(
      'test/io/a.test.ts',
      "describe('s', () => {\n  before(async () => {});\n  after(() => {});\n  test('t', () => {});\n});\n",
    ),
    undefined,
  );
});

test('every test file of the repository runs once: alone or in one bundle of at most 8', () => {
  const files = (readdirSync(path.join(ROOT, 'test'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join('test', f).split(path.sep).join('/'));
  const { first, units } = plan(files.map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') })));
  const run = [...first];
  for (const u of units) {
    if ('file' in u) run.push(u.file);
    else {
      assert.ok(u.files.length >= 1 && u.files.length <= 8, `${u.name}: ${u.files.length} files`);
      run.push(...u.files);
    }
  }
  assert.deepEqual([...run].sort(), [...files].sort());
  assert.ok(
    first.every((f) => f.startsWith('test/browser/')),
    'the browser tests start first',
  );
  assert.ok(units.some((u) => 'files' in u && u.files.includes('test/tooling/testBundles.test.ts')));
});

test('bundles are even cuts in path order, the most test code first', () => {
  const file = (name: string, size: number): { file: string; text: string } => ({
    file: `test/${name}.test.ts`,
    text: 'x'.repeat(size),
  });
  const seventeen = Array.from({ length: 17 }, (_, i) => file(`a/f${String(i).padStart(2, '0')}`, 10));
  const { first, units } = plan([
    ...seventeen,
    file('browser/b', 5),
    { file: 'test/z/alone.test.ts', text: 'after(() => {});' },
  ]);
  assert.deepEqual(first, ['test/browser/b.test.ts']);
  const sizes = units.map((u) => ('files' in u ? u.files.length : 0));
  assert.deepEqual(sizes, [6, 6, 5, 0], 'bundles of 6, 5 and 6 files, the largest first; the lone file last');
  const bundled = units.flatMap((u) => ('files' in u ? u.files : []));
  assert.deepEqual([...bundled].sort(), seventeen.map((f) => f.file).sort());
  assert.deepEqual(units.at(-1), { file: 'test/z/alone.test.ts' });
});

test('with the durations of earlier runs, the longest start first: browser tests, then bundles and lone files', () => {
  const file = (name: string, size: number): { file: string; text: string } => ({
    file: `test/${name}.test.ts`,
    text: 'x'.repeat(size),
  });
  const files = [
    file('browser/a', 10),
    file('browser/b', 10),
    file('browser/c', 10),
    ...Array.from({ length: 9 }, (_, i) => file(`a/f${i}`, 10)),
    { file: 'test/z/alone.test.ts', text: 'after(() => {});' },
  ];
  const durations: Record<string, number> = {
    'test/browser/a.test.ts': 20_000,
    'test/browser/b.test.ts': 48_000,
    'test/z/alone.test.ts': 13_000,
  };
  for (let i = 0; i < 9; i++) durations[`test/a/f${i}.test.ts`] = 1_000;
  const { first, units } = plan(files, durations);
  assert.deepEqual(
    first,
    ['test/browser/b.test.ts', 'test/browser/a.test.ts', 'test/browser/c.test.ts'],
    'the longest browser test first; one with no duration yet after those with one',
  );
  assert.deepEqual(
    units[0],
    { file: 'test/z/alone.test.ts' },
    'the lone file of 13 s before the bundles of 5 s and 4 s',
  );
  assert.deepEqual(
    units.slice(1).map((u) => ('files' in u ? u.files.length : 0)),
    [5, 4],
  );
  // A file with no duration yet counts as long as its test code is, at the median rate of the
  // timed files of its kind: f0 as long as its neighbours, a new lone file as long as its text.
  delete durations['test/a/f0.test.ts'];
  assert.deepEqual(plan(files, durations).units, units, 'f0 estimated at 1 s, as the others of its size');
  const lone = 'after(() => {});\n'; // the timed lone file's 13 s for its 16 characters: 812 ms a character
  const withNew = [...files, { file: 'test/z/new.test.ts', text: lone.repeat(2) }];
  assert.deepEqual(
    plan(withNew, durations).units.slice(0, 2),
    [{ file: 'test/z/new.test.ts' }, { file: 'test/z/alone.test.ts' }],
    'a new lone file twice as long as the timed one starts before it',
  );
  // With no durations at all, the most test code first.
  assert.deepEqual(plan(files, {}).units.at(-1), { file: 'test/z/alone.test.ts' });
});

test("the durations to plan with: this clone's kept ones, the committed ones for files it has not timed", () => {
  assert.deepEqual(
    durationsToPlan({ 'test/a.test.ts': 5, 'test/new.test.ts': 7 }, { 'test/a.test.ts': 9, 'test/b.test.ts': 3 }),
    { 'test/a.test.ts': 5, 'test/b.test.ts': 3, 'test/new.test.ts': 7 },
  );
  // The committed file names test files that exist, with whole durations.
  const committed = JSON.parse(readFileSync(COMMITTED_DURATIONS, 'utf8')) as Record<string, number>;
  const files = (readdirSync(path.join(ROOT, 'test'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join('test', f).split(path.sep).join('/'));
  for (const [file, ms] of Object.entries(committed)) {
    assert.ok(files.includes(file), `${file} in test/durations.json is a test file`);
    assert.ok(Number.isInteger(ms) && ms >= 0, `${file}: ${ms}`);
  }
  assert.ok(Object.keys(committed).length >= files.length * 0.9, 'most test files have a committed duration');
});

test('each unit is written as a module named by its place, so node --test (which sorts its files) starts them in the plan order', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-test-bundles-'));
  try {
    const order = [
      { file: 'test/browser/b.test.ts' },
      { name: '02-web', files: ['test/web/x.test.ts', 'test/web/y.test.ts'] },
      { file: 'test/a/alone.test.ts' },
    ];
    const paths = writeUnits(order, new Map([['test/web/y.test.ts', 'await testDialects();']]), dir);
    assert.equal(paths.length, 3);
    assert.deepEqual([...paths].sort(), paths, 'sorted by path = the plan order');
    const imported = paths.map((p) =>
      [...readFileSync(path.join(ROOT, p), 'utf8').matchAll(/await import\("file:\/\/[^"]*?\/(test\/[^"]+)"\)/g)].map(
        (m) => m[1],
      ),
    );
    assert.deepEqual(imported, [
      ['test/browser/b.test.ts'],
      ['test/support/postgresProbe.ts', 'test/web/x.test.ts', 'test/web/y.test.ts'],
      ['test/a/alone.test.ts'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
