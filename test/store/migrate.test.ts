/**
 * Migrating a brand-new SQLite file from several processes at once (issue 17: two imports started
 * together on a new file, one failed with "table councils already exists"): every process
 * succeeds, and the schema is there once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../../src/store/database.ts';

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
