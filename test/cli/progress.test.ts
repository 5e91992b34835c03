/**
 * Progress bars for long CLI work: drawn on a terminal only (never into a pipe, a log or --json
 * output), fed by the import's stages (files read, then children written).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { progressBar, showsProgress } from '../../src/cli/progress.ts';
import { importReturns, type ImportProgress } from '../../src/services/import.ts';
import { openSqliteTestDatabase } from '../support/databases.ts';
import { projectSample } from '../support/projectSample.ts';

/** A stream that says it is a terminal (or not) and keeps what is written to it. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  let text = '';
  const s = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(s, { isTTY, columns: 100, text: () => text }) as unknown as NodeJS.WriteStream & {
    text: () => string;
  };
}

test('a bar only on a terminal, and never with --json', () => {
  assert.equal(showsProgress({ stream: stream(true) }), true);
  assert.equal(showsProgress({ stream: stream(false) }), false);
  assert.equal(showsProgress({ stream: stream(true), json: true }), false);
  for (const [out, json] of [
    [stream(false), false],
    [stream(true), true],
  ] as const) {
    const bar = progressBar('Import', { stream: out, json });
    bar.update(1, 4, 'reading files');
    bar.stop();
    assert.equal(out.text(), '', 'nothing written');
  }
});

test('on a terminal the bar shows the title, the share done and the stage', () => {
  const out = stream(true);
  const bar = progressBar('Backtest', { stream: out });
  bar.update(0, 4, 'cutoff 2024-03-31');
  bar.update(2, 4, 'cutoff 2025-03-31');
  bar.stop();
  const text = out.text();
  assert.match(text, /Backtest \[.*\] 0% \| cutoff 2024-03-31/);
  assert.match(text, /Backtest \[.*\] 50% \| cutoff 2025-03-31/);
});

test('an import reports files read, then children written, each up to its total', async () => {
  const sample = await projectSample();
  const t = await openSqliteTestDatabase();
  try {
    const heard: ImportProgress[] = [];
    await importReturns(t.db, {
      laCode: '301',
      paths: [sample.dir],
      importedBy: 'test',
      acceptErrors: true,
      now: new Date('2024-06-01T00:00:00Z'),
      pseudonymKey: new Uint8Array(32).fill(7),
      onProgress: (p) => heard.push(p),
    });
    const reading = heard.filter((p) => p.stage === 'reading');
    // The 20 tables (header, episodes, uasc, oc3), the README and the reviews table are all looked at.
    assert.deepEqual(
      reading.map((p) => p.done),
      Array.from({ length: reading.length }, (_, i) => i + 1),
    );
    assert.ok(reading.length >= 20 && reading.every((p) => p.total === reading.length));
    const writing = heard.filter((p) => p.stage === 'writing');
    assert.ok(writing.length > 0 && writing.every((p) => p.done < p.total && p.total === sample.children));
    assert.ok(heard.findIndex((p) => p.stage === 'writing') > heard.findLastIndex((p) => p.stage === 'reading'));
  } finally {
    await t.close();
    await sample.remove();
  }
});
