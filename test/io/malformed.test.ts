/**
 * Damaged and hostile files: each gives exactly one clear fatal issue naming the file, and the
 * loader neither crashes nor reads the whole of a junk file into memory.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Issue } from '../../src/domain/ssda903/types.ts';
import { load903 } from '../../src/io/load903.ts';
import { aChild, anEpisode, EPISODE_COLUMNS, HEADER_COLUMNS, toCsv } from '../support/ssda903Builders.ts';
import { processFolder } from '../support/processFolder.ts';

const FIFTY_MB = 50 * 1024 * 1024;
const dir = processFolder('forecare-903-malformed-');
let n = 0;

/** Writes a 2024 return whose episodes file is `episodes` (a valid header file beside it) and loads it. */
async function loadWithEpisodes(
  episodes: string | Buffer | ((path: string) => Promise<void>),
): Promise<{ issues: readonly Issue[]; path: string }> {
  n += 1;
  const d = join(dir, `case${n}`, '2024');
  await mkdir(d, { recursive: true });
  await writeFile(join(d, 'header.csv'), toCsv(HEADER_COLUMNS, [aChild()]));
  const path = join(d, 'episodes.csv');
  if (typeof episodes === 'function') await episodes(path);
  else await writeFile(path, episodes);
  return { issues: (await load903([join(dir, `case${n}`)])).issues, path };
}

/** Streams `total` bytes made by `chunk()` to `path` without holding them in memory. */
async function writeJunk(path: string, total: number, chunk: () => Buffer): Promise<void> {
  const out = createWriteStream(path);
  let written = 0;
  while (written < total) {
    const c = chunk();
    written += c.length;
    if (!out.write(c)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

function assertOneFatal(issues: readonly Issue[], rule: string, path: string): Issue {
  const fatal = issues.filter((i) => i.fatal);
  assert.equal(fatal.length, 1, JSON.stringify(fatal, null, 1));
  const issue = fatal[0]!;
  assert.equal(issue.rule, rule);
  assert.equal(issue.severity, 'error');
  assert.equal(issue.file, path);
  return issue;
}

const valid = toCsv(EPISODE_COLUMNS, [anEpisode(), anEpisode({ CHILD: '1001', DECOM: '01/09/2023', RNE: 'P' })]);

describe('malformed 903 files', () => {
  test('a truncated file (last row cut short)', async () => {
    const cut = valid.slice(0, valid.length - 30);
    const { issues, path } = await loadWithEpisodes(cut);
    const issue = assertOneFatal(issues, 'FILE-MALFORMED', path);
    assert.match(issue.message, /cut short or damaged/);
    assert.equal(issue.row, 3);
  });

  test('a file cut inside a quoted field', async () => {
    const { issues, path } = await loadWithEpisodes(`${valid}1002,"01/06/2023,S`);
    assertOneFatal(issues, 'FILE-MALFORMED', path);
  });

  test('a file with the wrong delimiter', async () => {
    const { issues, path } = await loadWithEpisodes(valid.replaceAll(',', '\t'));
    const issue = assertOneFatal(issues, 'FILE-DELIMITER', path);
    assert.match(issue.message, /tabs, not commas/);
  });

  test('a binary file', async () => {
    const { issues, path } = await loadWithEpisodes(randomBytes(4096));
    assertOneFatal(issues, 'FILE-BINARY', path);
  });

  test('an Excel workbook saved with a .csv name', async () => {
    const { issues, path } = await loadWithEpisodes(Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(200)]));
    const issue = assertOneFatal(issues, 'FILE-BINARY', path);
    assert.match(issue.message, /zip file/);
  });

  test('an empty file, and one holding only blank lines', async () => {
    for (const content of ['', '\r\n\r\n  \n']) {
      const { issues, path } = await loadWithEpisodes(content);
      assertOneFatal(issues, 'FILE-EMPTY', path);
    }
  });

  test('50 MB of random bytes', async () => {
    const { issues, path } = await loadWithEpisodes((p) => writeJunk(p, FIFTY_MB, () => randomBytes(1 << 20)));
    assertOneFatal(issues, 'FILE-BINARY', path);
  });

  test('50 MB of printable junk lines: one missing-columns issue, not a million row issues', async () => {
    const line = () =>
      Buffer.from(`${randomBytes(3000).toString('base64').replace(/\//g, ',').slice(0, 4000)}\n`.repeat(64));
    const { issues, path } = await loadWithEpisodes((p) => writeJunk(p, FIFTY_MB, line));
    const issue = assertOneFatal(issues, 'COL-MISSING', path);
    assert.match(issue.message, /does not look like a 903 episodes table/);
    assert.deepEqual(
      issues.map((i) => i.rule),
      ['COL-MISSING'],
      'the unreadable table is not cross-checked either',
    );
  });

  test('50 MB on one line (no line breaks)', async () => {
    const { issues, path } = await loadWithEpisodes((p) => writeJunk(p, FIFTY_MB, () => Buffer.alloc(1 << 20, 'A')));
    assertOneFatal(issues, 'FILE-FIELD-TOO-LONG', path);
  });

  test('a good header line followed by 50 MB of junk rows', async () => {
    const junk = Buffer.from('a,b,c,d\n'.repeat(1 << 16));
    const { issues, path } = await loadWithEpisodes(async (p) => {
      await writeFile(p, valid);
      const out = createWriteStream(p, { flags: 'a' });
      for (let w = 0; w < FIFTY_MB; w += junk.length)
        if (!out.write(junk)) await new Promise<void>((r) => out.once('drain', () => r()));
      await new Promise<void>((r) => out.end(() => r()));
    });
    const issue = assertOneFatal(issues, 'FILE-MALFORMED', path);
    assert.equal(issue.row, 4);
  });

  test('a text file in another encoding (Windows-1252 pound sign)', async () => {
    const { issues, path } = await loadWithEpisodes(
      Buffer.concat([Buffer.from(valid), Buffer.from('1002,01/06/2023,S,C2,N1,U4,PR1,,,,\xa3,,\n', 'latin1')]),
    );
    assertOneFatal(issues, 'FILE-ENCODING', path);
  });
});
