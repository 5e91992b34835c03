/**
 * Migrating a brand-new SQLite file from several processes at once (issue 17: two imports started
 * together on a new file, one failed with "table councils already exists"): every process
 * succeeds, and the schema is there once. And the check that skips the migrator when a database
 * is up to date (issue 13) skips nothing else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, whileBusy } from '../../src/store/database.ts';
import { migrationProvider } from '../../src/store/migrations/index.ts';

const DATABASE = path.resolve(import.meta.dirname, '../../src/store/database.ts');

/** A process that opens `file` and migrates it, started as close together as spawn allows. */
function migrateInProcess(file: string): Promise<{ code: number | null; stderr: string }> {
  const script = `
    const { migrateToLatest, openDatabase } = await import(${JSON.stringify(DATABASE)});
    const opened = openDatabase({ kind: 'sqlite', file: ${JSON.stringify(file)} });
    try { await migrateToLatest(opened.db); } finally { await opened.close(); }
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('four processes migrating the same new SQLite file at once all succeed', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-migrate-'));
  try {
    for (let round = 0; round < 3; round++) {
      const file = path.join(dir, `new-${round}.db`);
      const runs = await Promise.all([1, 2, 3, 4].map(() => migrateInProcess(file)));
      for (const r of runs) assert.equal(r.code, 0, r.stderr);
      const opened = openDatabase({ kind: 'sqlite', file });
      try {
        await migrateToLatest(opened.db);
        const applied = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(opened.db);
        const names = await sql<{ n: number }>`select count(distinct name) as n from kysely_migration`.execute(
          opened.db,
        );
        assert.equal(applied.rows[0]!.n, names.rows[0]!.n, 'each migration applied once');
        const councils = await sql<{ n: number }>`select count(*) as n from councils`.execute(opened.db);
        assert.equal(councils.rows[0]!.n, 0);
      } finally {
        await opened.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an up-to-date database is left as it is; one missing a migration is migrated; one with an unknown migration is refused', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-migrate-'));
  try {
    const opened = openDatabase({ kind: 'sqlite', file: path.join(dir, 'db.sqlite') });
    try {
      await migrateToLatest(opened.db);
      const rows = async () =>
        (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(opened.db)).rows.map(
          (r) => r.name,
        );
      const all = await rows();
      await migrateToLatest(opened.db);
      assert.deepEqual(await rows(), all, 'up to date: nothing run again');

      // The last migration undone (its down, its record): the next open runs it again.
      const last = all[all.length - 1] as string;
      const migration = (await migrationProvider.getMigrations())[last];
      assert.ok(migration?.down, `${last} has a down`);
      await migration.down(opened.db);
      await sql`delete from kysely_migration where name = ${last}`.execute(opened.db);
      assert.equal((await rows()).length, all.length - 1);
      await migrateToLatest(opened.db);
      assert.deepEqual(await rows(), all);

      // A migration this code does not have (a newer version wrote the file): refused, as Kysely does.
      await sql`insert into kysely_migration (name, timestamp) values ('29991231T000000_future', '2999-12-31')`.execute(
        opened.db,
      );
      await assert.rejects(migrateToLatest(opened.db), /29991231T000000_future is missing/);
    } finally {
      await opened.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** An error as better-sqlite3 throws it: a message and SQLite's code. */
function sqliteError(code: string): Error {
  return Object.assign(new Error(code === 'SQLITE_BUSY' ? 'database is locked' : 'disk I/O error'), { code });
}

test('a step SQLite answers "database is locked" is tried again until it succeeds; other errors at once', () => {
  let tries = 0;
  const mode = whileBusy(() => {
    tries++;
    if (tries < 3) throw sqliteError('SQLITE_BUSY');
    return 'wal';
  });
  assert.equal(mode, 'wal');
  assert.equal(tries, 3);

  let ioTries = 0;
  assert.throws(
    () =>
      whileBusy(() => {
        ioTries++;
        throw sqliteError('SQLITE_IOERR');
      }),
    /disk I\/O error/,
  );
  assert.equal(ioTries, 1, 'not tried again');
});

test("a step still locked when the time is up fails with SQLite's own error", () => {
  let clock = 0;
  let tries = 0;
  assert.throws(
    () =>
      whileBusy(
        () => {
          tries++;
          clock += 400; // each try takes 400 ms of the 1,000 allowed
          throw sqliteError('SQLITE_BUSY');
        },
        1000,
        () => clock,
      ),
    /database is locked/,
  );
  assert.equal(tries, 3, 'tried at 0, 400 and 800 ms; the third ends past the 1,000 ms allowed');
});
