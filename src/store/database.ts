/**
 * Opening the database: embedded SQLite (better-sqlite3) by default, PostgreSQL (pg) when the
 * configuration names a postgres URL. Both speak through Kysely; repositories never know which.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { DatabaseConfig } from '../config.ts';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';

export type Db = Kysely<Database>;

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

/** Opens (and, for SQLite, creates) the database. Call `migrateToLatest` before use. */
export function openDatabase(config: DatabaseConfig, options: OpenOptions = {}): OpenedDatabase {
  if (config.kind === 'postgres') {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString: config.url,
      max: 10,
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (config.file !== ':memory:') fs.mkdirSync(path.dirname(config.file), { recursive: true });
  const sqlite = new SQLite(config.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Applies every migration not yet applied; throws with the failing migration's name. With
 * `schema` (PostgreSQL), Kysely's own bookkeeping tables live in that schema too.
 */
export async function migrateToLatest(db: Db, options: OpenOptions = {}): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}
