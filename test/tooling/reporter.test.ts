/**
 * The end-of-run summary of skipped tests (test/support/reporter.ts): grouped by reason, a
 * skipped suite counted once, files listed; nothing printed when nothing was skipped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { TestEvent } from 'node:test/reporters';
import { SkipCollector } from '../support/reporter.ts';

function passed(name: string, file: string, skip?: string | boolean): TestEvent {
  return {
    type: 'test:pass',
    data: {
      name,
      nesting: 0,
      file: path.resolve(file),
      line: 1,
      column: 1,
      testNumber: 1,
      details: { duration_ms: 1, type: 'test' },
      ...(skip === undefined ? {} : { skip }),
    },
  } as TestEvent;
}

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
