/**
 * Raw uploads (issue 17): 903 files carry CHILD ids, UPNs and postcodes, so they live in a private
 * folder (0700, files 0600) under the data directory, only while they are checked: none survives a
 * check that fails or passes, a discard, an import or a restart; reports and their CSV never show a
 * server path (a zip holding only a nested zip used to show the absolute upload folder). The SQLite
 * database file is created 0600.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Request } from 'express';
import { loadConfig } from '../../../src/config.ts';
import { placeFile, unzipInto } from '../../../src/io/upload.ts';
import { paths } from '../../../src/web/paths.ts';
import { privateDiskStorage } from '../../../src/web/middleware/privateStorage.ts';
import { startServer } from '../../../src/web/server.ts';
import { TEST_KEY, webTestbed, type Client, type Testbed } from '../support.ts';
import { makeZip } from '../zip.ts';
import { writeProjectSample } from '../../support/projectSample.ts';
import { processFolder } from '../../support/processFolder.ts';

// The project's own sample (test/support/projectSample.ts), in the shared sample's layout: in every clone.
const sample = await writeProjectSample(processFolder('forecare-sample-'));
const LA = '301';

/** Every file under `dir` (folders left empty do not count), relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}

const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

async function uploadFiles(bed: Testbed, client: Client, files: Record<string, Buffer>): Promise<string> {
  const form = new FormData();
  for (const [name, data] of Object.entries(files)) form.append('files', new Blob([data]), name);
  const res = await client.postMultipart(paths.data.uploads.build({ la: LA }), form, {
    tokenFrom: paths.data.index.build({ la: LA }),
  });
  assert.equal(res.status, 303, res.text);
  await bed.services.imports.settled();
  return res.location ?? '';
}

const fixture = (name: string): Buffer => fs.readFileSync(path.join(sample.dir, name));
const innerZip = makeZip([{ name: '2024/header.csv', data: fixture('2021-header.csv') }]);

describe('raw uploads', () => {
  test('no upload file survives a check, failed or passed, nor a discard or an import', async () => {
    const bed = await webTestbed();
    try {
      await bed.addUser(LA, 'analyst@a.test', 'analyst');
      const client = await bed.signedIn('analyst@a.test');
      const outcomes: Array<[string, Record<string, Buffer>, RegExp]> = [
        ['not a zip', { 'broken.zip': Buffer.from('this is not a zip file') }, /Upload not imported/],
        [
          'only a nested zip',
          { 'nested.zip': makeZip([{ name: 'inner.zip', data: innerZip }]) },
          /These files cannot be imported/,
        ],
        ['a table with errors', { '2021-header.csv': Buffer.from('CHILD,SEX\n1,1\n') }, /validation report/i],
        [
          'a good year',
          { '2021-header.csv': fixture('2021-header.csv'), '2021-episodes.csv': fixture('2021-episodes.csv') },
          /validation report/i,
        ],
      ];
      const statusPages: string[] = [];
      for (const [what, files, shows] of outcomes) {
        const status = await uploadFiles(bed, client, files);
        assert.match((await client.get(status)).text, shows, what);
        assert.deepEqual(await filesUnder(bed.uploadDir), [], `nothing left after: ${what}`);
        statusPages.push(status);
      }
      const discard = await client.post(`${statusPages[2]}/discard`, {}, { tokenFrom: statusPages[2] });
      assert.equal(discard.status, 303);
      const imported = await client.post(
        `${statusPages[3]}/import`,
        { acceptErrors: 'yes' },
        { tokenFrom: statusPages[3] },
      );
      assert.equal(imported.status, 303);
      await bed.services.imports.settled();
      assert.match((await client.get(statusPages[3] ?? '')).text, /Import complete/);
      assert.deepEqual(await filesUnder(bed.uploadDir), []);
    } finally {
      await bed.close();
    }
  });

  test('the report, its CSV and the status page show paths inside the upload, never the server folder', async () => {
    const bed = await webTestbed();
    try {
      await bed.addUser(LA, 'analyst@a.test', 'analyst');
      const client = await bed.signedIn('analyst@a.test');
      for (const zip of [
        makeZip([{ name: 'inner.zip', data: innerZip }]),
        makeZip([
          { name: 'inner.zip', data: innerZip },
          { name: 'sample/2024/header.csv', data: Buffer.from('CHILD,SEX\n1,1\n') },
        ]),
      ]) {
        const status = await uploadFiles(bed, client, { 'returns.zip': zip });
        const pages = [
          (await client.get(status)).text,
          (await client.get(`${status}/report`)).text,
          (await client.get(`${status}/report?format=csv`)).text,
        ];
        for (const text of pages) {
          assert.ok(!text.includes(bed.uploadDir), 'no server folder');
          assert.doesNotMatch(text, new RegExp(`${os.tmpdir()}/`), 'no temporary folder');
        }
        assert.match(pages[2] ?? '', /(The upload holds no 903 tables|returns\/sample\/2024\/header\.csv)/);
      }
    } finally {
      await bed.close();
    }
  });

  test('files are written 0600 in 0700 folders: as received, placed, and unpacked from a zip', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-upload-modes-'));
    try {
      const storage = privateDiskStorage(dir);
      const received = await new Promise<Partial<Express.Multer.File>>((resolve, reject) =>
        storage._handleFile(
          {} as Request,
          { stream: Readable.from([Buffer.from('CHILD,SEX\n1,1\n')]) } as Express.Multer.File,
          (err, info) => (err ? reject(err as Error) : resolve(info ?? {})),
        ),
      );
      assert.ok(received.path);
      assert.equal(await mode(received.path), 0o600, 'as received');
      const placed = await placeFile(received.path, '2024/header.csv', path.join(dir, 'files'));
      assert.equal(await mode(placed), 0o600, 'placed');
      assert.equal(await mode(path.dirname(placed)), 0o700);
      const zipPath = path.join(dir, 'in.zip');
      fs.writeFileSync(zipPath, makeZip([{ name: 'a/2025/episodes.csv', data: Buffer.from('CHILD\n1\n') }]));
      const [unpacked] = await unzipInto(zipPath, path.join(dir, 'unzipped'), {
        maxBytes: 1e6,
        maxEntries: 10,
        maxRatio: 200,
      });
      assert.ok(unpacked);
      assert.equal(await mode(unpacked), 0o600, 'unpacked');
      assert.equal(await mode(path.dirname(unpacked)), 0o700);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('at start-up the upload folder (under data/ by default) is made private and emptied; the database file is created 0600', async () => {
    assert.equal(loadConfig({}).web.uploadDir, path.resolve('data/uploads'), 'the data directory, not the system temp');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-restart-'));
    try {
      const uploadDir = path.join(dir, 'uploads');
      // What a kill during a check leaves: an incoming file and a half-checked upload, world-readable.
      fs.mkdirSync(path.join(uploadDir, 'incoming'), { recursive: true, mode: 0o755 });
      fs.mkdirSync(path.join(uploadDir, '3f1c0000-0000-4000-8000-000000000000', 'files', '2024'), { recursive: true });
      fs.writeFileSync(path.join(uploadDir, 'incoming', '9a8b7c'), 'CHILD,UPN\n1,A123\n', { mode: 0o644 });
      fs.writeFileSync(
        path.join(uploadDir, '3f1c0000-0000-4000-8000-000000000000', 'files', '2024', 'header.csv'),
        'CHILD,SEX\n1,1\n',
      );
      fs.chmodSync(uploadDir, 0o755);
      const config = loadConfig({
        NODE_ENV: 'test',
        SESSION_SECRET: 'x'.repeat(32),
        FORECARE_PSEUDONYM_KEY: Buffer.from(TEST_KEY).toString('base64'),
        FORECARE_TOTP_KEY: Buffer.from(TEST_KEY).toString('base64'),
        FORECARE_ENGINE_THREADS: '0',
        FORECARE_UPLOAD_DIR: uploadDir,
      });
      const dbFile = path.join(dir, 'db', 'forecare.db');
      const running = await startServer(config, { kind: 'sqlite', file: dbFile }, 0);
      try {
        assert.deepEqual(await readdir(uploadDir), [], 'everything left from before is gone');
        assert.equal(await mode(uploadDir), 0o700);
        assert.equal(await mode(dbFile), 0o600, 'the database file');
        assert.equal(await mode(path.dirname(dbFile)), 0o700, 'its new folder');
        if (fs.existsSync(`${dbFile}-wal`)) assert.equal(await mode(`${dbFile}-wal`), 0o600, 'the write-ahead log');
      } finally {
        await running.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
