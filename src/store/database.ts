/**
 * Opening the database: embedded SQLite (better-sqlite3) by default, PostgreSQL (pg) when the
 * configuration names a postgres URL. Both speak through Kysely; repositories never know which.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { DatabaseConfig } from '../config.ts';
import type { Database } from './schema.ts';
import { MIGRATION_NAMES, migrationProvider } from './migrations/index.ts';

export type Db = Kysely<Database>;

// Each driver is loaded when a database of its kind is opened: a command on SQLite does not pay
// for loading pg (nor PostgreSQL for better-sqlite3).
const require = createRequire(import.meta.url);
const loadPg = (): typeof pg => require('pg') as typeof pg;
const loadSqlite = (): typeof SQLite => require('better-sqlite3') as typeof SQLite;

export interface OpenedDatabase {
  readonly db: Db;
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * PostgreSQL only: the schema every connection works in (its `search_path`), for tests that each
   * run in a fresh schema. Pass the same schema to `migrateToLatest`.
   */
  readonly schema?: string;
}

/**
 * True when the database has run exactly the migrations this code has (the usual case when a
 * command opens it): one read, no lock, no migration module loaded, Kysely's migrator not started
 * (about 25 ms of a CLI command's CPU). Anything else (a new file, a migration to run, one this code
 * does not know, a read that fails) goes through the migrator as before. A process migrating at the
 * same moment has not committed its records, so this one waits for its lock in the migrator.
 */
async function migrated(db: Db, schema: string | undefined): Promise<boolean> {
  const table = schema === undefined ? sql.table('kysely_migration') : sql.table(`${schema}.kysely_migration`);
  try {
    const { rows } = await sql<{ name: string }>`select name from ${table} order by name`.execute(db);
    const names = rows.map((r) => r.name).sort();
    return names.length === MIGRATION_NAMES.length && names.every((n, i) => n === MIGRATION_NAMES[i]);
  } catch {
    return false;
  }
}

/** Opens (and, for SQLite, creates) the database. Call `migrateToLatest` before use. */
export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): OpenedDatabase {
  if (config.kind === 'postgres') {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name ${schema}`);
    const pool = new (loadPg().Pool)({
      connectionString: config.url,
      max: 10,
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (config.file !== ':memory:') createPrivately(config.file);
  const sqlite = new (loadSqlite())(config.file);
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  whileBusy(() => sqlite.pragma('journal_mode = WAL'));
  sqlite.pragma('foreign_keys = ON');
  // WAL with synchronous NORMAL is durable across application crashes (the usual WAL setting);
  // a 64 MB page cache keeps bulk imports of national-scale data out of the disk's way.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** How long a SQLite connection waits for another's lock before it gives up. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Runs `step`, again while SQLite answers SQLITE_BUSY, for up to `timeoutMs`. Switching a new file
 * to WAL takes an exclusive lock, and when another process is opening the same new file at that
 * moment SQLite can answer SQLITE_BUSY at once, without waiting (it does not wait where waiting
 * could deadlock): seen in CI as "database is locked" from two imports started together on a new
 * file. Between tries the thread sleeps 5-25 ms (opening is synchronous).
 */
export function whileBusy<T>(step: () => T, timeoutMs = BUSY_TIMEOUT_MS, now: () => number = Date.now): T {
  const deadline = now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return step();
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || now() >= deadline) throw err;
      Atomics.wait(pause, 0, 0, 5 + Math.random() * 20);
    }
  }
}

/**
 * Creates a new SQLite file with mode 0600 (its folder 0700 when new), as the key files are, before
 * SQLite opens it: SQLite would create it 0644, readable by every account on the machine. SQLite
 * gives its -wal and -shm files the database file's mode. An existing file is left as it is.
 */
function createPrivately(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * better-sqlite3 prepares a statement for every query Kysely runs. Bulk writes repeat the same
 * large multi-row INSERT many times, so the most recent statements are kept, keyed by their SQL.
 * (Safe: a Kysely SQLite connection runs one query at a time.)
 */
function withStatementCache(sqlite: SQLite.Database, size = 32): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (stmt) {
        cache.delete(sqlText); // re-inserted below: most recently used last
      } else {
        stmt = sqlite.prepare(sqlText);
        if (cache.size >= size) {
          const oldest = cache.keys().next().value;
          if (oldest !== undefined) cache.delete(oldest);
        }
      }
      cache.set(sqlText, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

/**
 * Applies every migration not yet applied; throws with the failing migration's name. With
 * `schema` (PostgreSQL), Kysely's own bookkeeping tables live in that schema too.
 *
 * Under a lock, so that two processes opening the same new database at once (two imports started
 * together) do not both create its tables ("table councils already exists", issue 17). PostgreSQL:
 * Kysely's migrator holds an advisory lock and runs in a transaction. SQLite: Kysely takes no lock
 * there, so the whole run is one IMMEDIATE transaction (SQLite's write lock, released by the OS
 * if the process dies); a second process waits for it (up to a minute) and then finds nothing to do.
 */
export async function migrateToLatest(db: Db, options: OpenOptions = {}): Promise<void> {
  if (await migrated(db, options.schema)) return;
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  // One better-sqlite3 connection serves every query of `db`, so the transaction begun here holds
  // the migrator's statements too (Kysely runs SQLite migrations outside a transaction of its own).
  if (sqlite) {
    await sql`PRAGMA busy_timeout = 60000`.execute(db);
    await sql`BEGIN IMMEDIATE`.execute(db);
  }
  let outcome: Awaited<ReturnType<Migrator['migrateToLatest']>>;
  try {
    outcome = await migrator.migrateToLatest();
  } catch (err) {
    if (sqlite) await sql`ROLLBACK`.execute(db).catch(() => undefined);
    throw err;
  } finally {
    if (sqlite) await sql`PRAGMA busy_timeout = 5000`.execute(db).catch(() => undefined);
  }
  const { error, results } = outcome;
  if (sqlite) await (error ? sql`ROLLBACK` : sql`COMMIT`).execute(db);
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}
