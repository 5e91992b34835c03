/**
 * A clone with nothing beside it must pass `npm test` (issue 15): every test reaches the shared
 * SSDA903 sample (../shared/fixtures) through test/support/sharedSample.ts, which gives its path and
 * the skip reason when it is absent. A test that builds the path itself fails on such a clone (three
 * did, found by a clean-clone CI run); this test names any that does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const TEST_DIR = path.resolve(import.meta.dirname, '..');
const ALLOWED = new Set(['support/sharedSample.ts', 'support/projectSample.ts', 'tooling/sharedSampleUse.test.ts']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

test('only test/support/sharedSample.ts builds the path to ../shared', () => {
  const offenders: string[] = [];
  for (const file of tsFiles(TEST_DIR)) {
    const rel = path.relative(TEST_DIR, file).split(path.sep).join('/');
    if (ALLOWED.has(rel)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const code = line.trim();
        if (code.startsWith('*') || code.startsWith('//') || code.startsWith('/*')) return;
        if (/shared\/fixtures|'shared',\s*'fixtures'|ssda903-sample/.test(code)) offenders.push(`${rel}:${i + 1}`);
      });
  }
  assert.deepEqual(offenders, [], 'use SHARED_SAMPLE and sharedSampleSkip from test/support/sharedSample.ts');
});
