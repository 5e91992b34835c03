/**
 * The end-of-run summary of skipped tests (test/support/reporter.ts): grouped by reason, a
 * skipped suite counted once, files listed; nothing printed when nothing was skipped. And the
 * durations it keeps for scripts/test-bundles.ts: each file's top-level tests added up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestEvent } from 'node:test/reporters';
import { DurationCollector, readDurations, SkipCollector } from '../support/reporter.ts';

function passed(name: string, file: string, skip?: string | boolean, durationMs = 1, nesting = 0): TestEvent {
  return {
    type: 'test:pass',
    data: {
      name,
      nesting,
      file: path.resolve(file),
      line: 1,
      column: 1,
      testNumber: 1,
      details: { duration_ms: durationMs, type: 'test' },
      ...(skip === undefined ? {} : { skip }),
    },
  } as TestEvent;
}

test('durations: each file’s top-level tests and suites added up, kept with the files of earlier runs', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-durations-'));
  try {
    const file = path.join(dir, 'cache', 'durations.json');
    assert.deepEqual(readDurations(file), {}, 'none kept yet');
    const c = new DurationCollector();
    c.save(file);
    assert.deepEqual(readDurations(file), {}, 'a run with no tests writes nothing');
    c.add(passed('suite', 'test/io/a.test.ts', undefined, 1200.4));
    c.add(passed('in the suite', 'test/io/a.test.ts', undefined, 1100, 1));
    c.add(passed('second', 'test/io/a.test.ts', undefined, 300));
    c.add({ ...passed('failed', 'test/web/b.test.ts', undefined, 50), type: 'test:fail' } as TestEvent);
    c.add({ type: 'test:diagnostic', data: { message: 'duration_ms 9999', nesting: 0 } } as TestEvent);
    c.save(file);
    assert.deepEqual(readDurations(file), { 'test/io/a.test.ts': 1500, 'test/web/b.test.ts': 50 });
    // A later run of one file replaces that file's figure and keeps the other's.
    const later = new DurationCollector();
    later.add(passed('only', 'test/web/b.test.ts', undefined, 70));
    later.save(file);
    assert.deepEqual(readDurations(file), { 'test/io/a.test.ts': 1500, 'test/web/b.test.ts': 70 });
    // A file that is not what the reporter writes is as if none were kept.
    writeFileSync(file, '[1, 2]');
    assert.deepEqual(readDurations(file), {});
    writeFileSync(file, '{"test/io/a.test.ts": "long", "test/web/b.test.ts": 9}');
    assert.deepEqual(readDurations(file), { 'test/web/b.test.ts': 9 });
    writeFileSync(file, 'not json');
    assert.deepEqual(readDurations(file), {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('skips are grouped by reason with counts and files; passes and other events are not counted', () => {
  const c = new SkipCollector();
  const pg = 'PostgreSQL not reachable at postgres://postgres@127.0.0.1:5432/test: connect ECONNREFUSED';
  c.add(passed('a', 'test/store/a.test.ts', pg));
  c.add(passed('b', 'test/store/b.test.ts', pg));
  c.add(passed('c', 'test/store/b.test.ts', pg));
  c.add(passed('journey', 'test/browser/journey.test.ts', 'Chromium not found at /usr/bin/chromium'));
  c.add(passed('ok', 'test/io/x.test.ts'));
  c.add(passed('t.skip()', 'test/io/x.test.ts', true));
  c.add({ type: 'test:diagnostic', data: { message: 'tests 5', nesting: 0 } } as TestEvent);
  assert.equal(c.total, 5);
  assert.equal(
    c.summary(),
    [
      '',
      'Skipped: 5 tests or suites',
      `  - 3 x ${pg}`,
      '      in test/store/a.test.ts, test/store/b.test.ts',
      '  - 1 x (no reason given)',
      '      in test/io/x.test.ts',
      '  - 1 x Chromium not found at /usr/bin/chromium',
      '      in test/browser/journey.test.ts',
      '',
    ].join('\n'),
  );
});

test('nothing skipped: no summary', () => {
  const c = new SkipCollector();
  c.add(passed('ok', 'test/io/x.test.ts'));
  assert.equal(c.summary(), '');
});
