/**
 * Reading a CIN census's files with several threads (src/io/cinReadParallel.ts) gives exactly what
 * reading them one after another gives: the same records, the same issues in the same order, the
 * same files; a fatal problem in one file stops the reading there as it does on one thread. And a
 * return handed between threads as columns (src/domain/cin/packed.ts) comes back the same, its
 * fields in the same order (the merge compares records by their JSON).
 * Fixtures: test/cin/fixtures, some copied with damage made here.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCin, readCinFile } from '../../src/io/loadCin.ts';
import { packCinReturn, unpackCinReturn } from '../../src/domain/cin/packed.ts';
import { processFolder } from '../support/processFolder.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const XML_2024 = path.join(FIXTURES, 'xml', 'cin-2024.xml');
const XML_2025 = path.join(FIXTURES, 'xml', 'cin-2025.xml');
const dir = processFolder('forecare-cin-threads-');

/** A fresh folder under the test's folder. */
async function folder(): Promise<string> {
  const p = path.join(dir, Math.random().toString(36).slice(2));
  await mkdir(p, { recursive: true });
  return p;
}

/** The whole result of reading `paths` with one thread and with `threads`, which must be equal. */
async function sameWithThreads(paths: string[], threads = 3) {
  const one = await loadCin(paths, { laCode: '301' });
  let used = 0;
  const many = await loadCin(paths, {
    laCode: '301',
    threads,
    bytesPerThread: 0, // every thread, however small the files
    onRead: (_returns, n) => (used = n),
  });
  if (used > 0) assert.ok(used > 1, 'read by several threads');
  assert.deepEqual(many, one);
  assert.equal(JSON.stringify(many), JSON.stringify(one));
  return one;
}

describe('CIN census read by several threads', () => {
  it('good and damaged files, XML (fast scanner and saxes) and CSV: the same records and issues as one thread', async () => {
    const at = await folder();
    const text = await readFile(XML_2024, 'utf8');
    // 2023: bad codes and a date out of order, read by the fast scanner.
    await writeFile(
      path.join(at, 'cin-2023.xml'),
      text
        .replaceAll('2024-03-31', '2023-03-31')
        .replace('<ReferralSource>6</ReferralSource>', '<ReferralSource>ZZ</ReferralSource>')
        .replace(/<GenderCurrent>\d<\/GenderCurrent>/, '<GenderCurrent>7</GenderCurrent>'),
    );
    // 2022: an attribute on the root (read by saxes) and an unknown element.
    await writeFile(
      path.join(at, 'cin-2022.xml'),
      text
        .replaceAll('2024-03-31', '2022-03-31')
        .replace('<Message>', '<Message version="1">')
        .replace('<ChildCharacteristics>', '<ChildCharacteristics><Foo>1</Foo>'),
    );
    await copyFile(XML_2025, path.join(at, 'cin-2025.xml'));
    const r = await sameWithThreads([at, path.join(FIXTURES, 'csv'), XML_2024]);
    assert.deepEqual(r.years, [2022, 2023, 2024, 2025]);
    assert.ok(r.issues.some((i) => i.rule === 'CIN-CODE-UNKNOWN'));
    assert.ok(r.issues.some((i) => i.rule === 'XML-UNKNOWN-ELEMENT'));
    assert.ok(r.merged.children.length > 0);
  });

  it('a file cut short among others: fatal, and nothing read after it is used, as with one thread', async () => {
    const at = await folder();
    const text = await readFile(XML_2024, 'utf8');
    await writeFile(path.join(at, 'cin-2023.xml'), text.replaceAll('2024-03-31', '2023-03-31'));
    await writeFile(path.join(at, 'cin-2024.xml'), text.slice(0, text.indexOf('<LAchildID>C3')));
    await copyFile(XML_2025, path.join(at, 'cin-2025.xml'));
    const r = await sameWithThreads([at]);
    assert.deepEqual(
      r.issues.filter((i) => i.fatal).map((i) => [i.rule, path.basename(i.file)]),
      [['XML-MALFORMED', 'cin-2024.xml']],
    );
    assert.deepEqual(
      r.files.map((f) => path.basename(f.path)),
      ['cin-2023.xml'],
    );
    assert.equal(r.merged.children.length, 0);
  });

  it('a CSV table with no year, the same file twice, a path that does not exist: the same issues', async () => {
    const at = await folder();
    await copyFile(path.join(FIXTURES, 'csv', '2024', 'section47.csv'), path.join(at, 'section47.csv'));
    await sameWithThreads([XML_2024, XML_2024, XML_2025, at]);
    const missing = await sameWithThreads([XML_2024, path.join(at, 'nothere'), XML_2025]);
    assert.deepEqual(
      missing.issues.map((i) => i.rule),
      ['FILE-NOT-FOUND'],
    );
  });

  it("threads by the files' size: a small census is read on one, one more per bytesPerThread", async () => {
    const paths = [path.join(FIXTURES, 'xml'), path.join(FIXTURES, 'csv')];
    const used = async (bytesPerThread?: number): Promise<number> => {
      let n = 0;
      await loadCin(paths, { laCode: '301', threads: 4, bytesPerThread, onRead: (_r, threads) => (n = threads) });
      return n;
    };
    assert.equal(await used(), 1);
    assert.equal(await used(1), 4);
  });

  it('a return as columns comes back the same, field for field and in the same order', async () => {
    for (const f of [
      { path: XML_2024, size: 0, format: 'xml' as const, table: null, namedYear: 2024 },
      {
        path: path.join(FIXTURES, 'csv', '2024', 'assessments.csv'),
        size: 0,
        format: 'csv' as const,
        table: 'assessment' as const,
        namedYear: 2024,
      },
    ]) {
      const { read } = await readCinFile(f, '301');
      assert.ok(read !== null);
      const back = unpackCinReturn(structuredClone(packCinReturn(read.ret)));
      assert.equal(JSON.stringify(back), JSON.stringify(read.ret));
      assert.deepEqual(back, read.ret);
    }
  });
});
