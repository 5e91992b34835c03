/**
 * The CIN census upload service (src/services/cin.service.ts): the check runs off the request
 * (the page can say "still checking"), the raw files are gone once it ends, one import at a time;
 * the worker thread's loader hands back exactly what loadCin read, in pieces.
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openSqliteTestDatabase, type TestDatabase } from '../support/databases.ts';
import { systemActor } from '../../src/services/access.ts';
import { createCinService } from '../../src/services/cin.service.ts';
import { inlineCinLoader, workerCinLoader, type CinLoader } from '../../src/services/cinLoad.ts';
import { ConflictError, UserInputError } from '../../src/services/errors.ts';
import { countCinData } from '../../src/store/cin.repository.ts';
import { loadCin } from '../../src/io/loadCin.ts';

const XML = path.join(import.meta.dirname, '..', 'cin', 'fixtures', 'xml');
const KEY = new Uint8Array(32).fill(7);
const NOW = new Date('2026-12-07T11:00:00Z');
const admin = systemActor('301');

/** Every file left under `dir`, at any depth. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe('CIN upload service', () => {
  let t: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    t = await openSqliteTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-cin-upload-'));
  });
  afterEach(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The two fixture years as if the upload parser had just saved them in the incoming folder. */
  async function incoming(): Promise<Array<{ tempPath: string; originalName: string }>> {
    const out = [];
    for (const name of ['cin-2024.xml', 'cin-2025.xml']) {
      const tempPath = path.join(dir, `incoming-${name}`);
      await copyFile(path.join(XML, name), tempPath);
      out.push({ tempPath, originalName: name });
    }
    return out;
  }

  it('says "checking" until the check ends, then the files are gone; one import at a time', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const gated: CinLoader = async (paths, la) => {
      await gate;
      return inlineCinLoader(paths, la);
    };
    const uploadDir = path.join(dir, 'uploads');
    const cin = createCinService(t.db, { pseudonymKey: KEY, uploadDir, now: () => NOW, load: gated });
    const id = await cin.check(admin, '301', await incoming());
    assert.equal((await cin.settle(admin, '301', id, 10)).status, 'checking');
    assert.throws(() => cin.discard(admin, '301', id), UserInputError);
    await assert.rejects(cin.importUpload(admin, '301', id, false), ConflictError);
    open();
    const u = await cin.settle(admin, '301', id, 5000);
    assert.equal(u.status, 'checked');
    assert.deepEqual(u.result?.years, [2024, 2025]);
    assert.deepEqual(
      u.result?.files.map((f) => f.path),
      ['cin-2024.xml', 'cin-2025.xml'],
    );
    // The raw files (the parser's and the check's copies) are deleted; only the records wait.
    assert.deepEqual(await filesUnder(uploadDir), []);
    assert.deepEqual(
      (await readdir(dir)).filter((f) => f.startsWith('incoming-')),
      [],
    );
    const [first, second] = await Promise.allSettled([
      cin.importUpload(admin, '301', id, false),
      cin.importUpload(admin, '301', id, false),
    ]);
    assert.equal(first.status, 'fulfilled');
    assert.equal(second.status, 'rejected');
    assert.ok(second.status === 'rejected' && second.reason instanceof ConflictError);
    // Worked by hand from the fixture (test/cin/loadCin.test.ts): 5 children, 5 episodes.
    assert.equal((await countCinData(t.db, '301')).episodes, 5);
    await cin.settled();
  });

  it('the worker thread hands back what loadCin reads, however many pieces it takes', async () => {
    const inline = await loadCin([XML], { laCode: '301' });
    const viaWorker = await workerCinLoader({ chunk: 2 })([XML], '301');
    assert.deepEqual(viaWorker, inline);
    assert.ok(inline.merged.episodes.length > 2, 'more than one piece');
  });
});
