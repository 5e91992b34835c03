/**
 * Loading uploads off the request thread (issue 17, "one workbook stalls everyone"): the worker
 * loader gives the same result as loading inline, keeps the event loop answering while a large
 * workbook is read, refuses what needs more memory than its cap, and the Excel reader stops at
 * its row cap with an error naming the file, sheet and row.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { plainEpisodes } from '../../src/domain/ssda903/merge.ts';
import { load903Records } from '../../src/io/load903.ts';
import { UploadRejectedError } from '../../src/io/upload.ts';
import { workerUploadLoader } from '../../src/services/uploadLoad.ts';
import { writeBigWorkbook } from '../support/bigWorkbook.ts';
import { projectSample, type ProjectSample } from '../support/projectSample.ts';

describe('loading uploads in a worker thread', () => {
  let dir: string;
  // The project's own sample (test/support/projectSample.ts): present in every clone.
  let sample: ProjectSample;
  before(async () => {
    sample = await projectSample();
    dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-upload-load-'));
    await mkdir(path.join(dir, '2024'));
    // 10,000 children with 2 episodes each: 30,002 rows over two sheets.
    await writeBigWorkbook(path.join(dir, '2024', 'ssda903 return.xlsx'), 10_000, 2);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
    await sample.remove();
  });

  test('the same result as loading on the calling thread (the project sample), records with their fields', async () => {
    const inline = await load903Records([sample.dir]);
    const inWorker = await workerUploadLoader()([sample.dir]);
    assert.ok(inline.episodes.length > 500, `${inline.episodes.length} episodes`);
    assert.deepEqual(plainEpisodes(inWorker.episodes), plainEpisodes(inline.episodes));
    assert.deepEqual(inWorker.children, inline.children);
    assert.deepEqual(inWorker.issues, inline.issues);
    assert.deepEqual(inWorker.files, inline.files);
    assert.deepEqual(inWorker.cleaning, inline.cleaning);
    // The records say where they came from, as the loader's own do (the import reads childId through them).
    const first = inWorker.episodes[0] as unknown as { childId: string; file: string; row: number };
    const inlineFirst = inline.episodes[0] as unknown as { childId: string; file: string; row: number };
    assert.equal(first.childId, inlineFirst.childId);
    assert.equal(first.file, inlineFirst.file);
    assert.equal(first.row, inlineFirst.row);
  });

  test('while a 30,000-row workbook is read, the event loop is never held for a second', async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const result = await workerUploadLoader()([dir]);
    delay.disable();
    assert.equal(result.episodes.length, 20_000);
    assert.equal(result.children.length, 10_000);
    assert.deepEqual(
      result.issues.filter((i) => i.severity === 'error'),
      [],
    );
    const worstMs = delay.max / 1e6;
    assert.ok(worstMs < 1000, `the event loop was held for ${Math.round(worstMs)} ms`);
  });

  test('a workbook past the row cap is refused naming the file, sheet and row', async () => {
    const result = await workerUploadLoader({ excelMaxRows: 15_000 })([dir]);
    const fatal = result.issues.filter((i) => i.fatal);
    assert.equal(fatal.length, 1);
    assert.equal(fatal[0]!.rule, 'FILE-TOO-LARGE');
    assert.match(fatal[0]!.file, /ssda903 return\.xlsx \[episodes\]$/);
    // 10,001 header rows, then the episodes sheet's header line and rows 2..: the 15,001st row read.
    assert.equal(fatal[0]!.row, 5000);
    assert.match(fatal[0]!.message, /sheet episodes, row 5000: the workbook has more than 15,000 rows/);
    assert.match(fatal[0]!.message, /Save each table as CSV/);
  });

  test('a load needing more memory than its cap is refused with a message, and the server carries on', async () => {
    await assert.rejects(
      workerUploadLoader({ memoryMb: 8 })([dir]),
      (err: unknown) =>
        err instanceof UploadRejectedError && /needs more memory than an upload may use \(8 MB\)/.test(err.message),
    );
    // The next load (default cap) works.
    const ok = await workerUploadLoader()([sample.dir]);
    assert.ok(ok.episodes.length > 0);
  });
});
