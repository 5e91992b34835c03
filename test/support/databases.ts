/**
 * One test suite, every dialect. `testDialects()` gives SQLite (`:memory:`, always) and PostgreSQL
 * (DATABASE_URL when it is a postgres URL, else postgres://postgres@127.0.0.1:5432/test with trust
 * auth). Each `open()` gives an empty, migrated database: for PostgreSQL a schema of its own. When
 * no PostgreSQL server answers, its suite is skipped with the reason shown.
 *
 * PostgreSQL: creating and migrating a schema, and dropping it again, took about a second a test
 * (load 8; most of a PostgreSQL suite's time), so `close()` empties the schema instead (every
 * table's rows deleted, its sequences back to 1: what a new one holds) and the process's next
 * `open()` takes it; the schemas left are dropped when the process ends. A schema that cannot be
 * emptied that way (a role that may not set session_replication_role) is dropped as before.
 *
 *   for (const dialect of await testDialects()) {
 *     describe(`thing (${dialect.name})`, { skip: dialect.skip }, () => {
 *       let t: TestDatabase;
 *       beforeEach(async () => { t = await dialect.open(); });
 *       afterEach(() => t.close());
 *       it('works', async () => { ... t.db ... });
 *     });
 *   }
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, migrateToLatest, type Db } from '../../src/store/database.ts';

export interface TestDatabase {
  readonly dialect: 'sqlite' | 'postgres';
  readonly db: Db;
  /** Runs the migrations again (PostgreSQL: under the shared schema lock, like the first time). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export interface TestDialect {
  readonly name: 'sqlite' | 'postgres';
  /** false when the dialect can run; otherwise the reason its tests are skipped. */
  readonly skip: string | false;
  open(): Promise<TestDatabase>;
}

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function testPostgresUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : DEFAULT_TEST_POSTGRES_URL;
}

let probe: Promise<string | false> | undefined;

/** Whether PostgreSQL answers at `url`: false when it does, else the reason it does not. */
function postgresUnavailable(url: string): Promise<string | false> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return false;
    } catch (err) {
      return `PostgreSQL not reachable at ${url.replace(/:[^:@/]*@/, ':***@')}: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return probe;
}

export async function openSqliteTestDatabase(): Promise<TestDatabase> {
  const opened = openDatabase({ kind: 'sqlite', file: ':memory:' });
  await migrateToLatest(opened.db);
  return { dialect: 'sqlite', db: opened.db, migrate: () => migrateToLatest(opened.db), close: () => opened.close() };
}

/** Migrated schemas this process has emptied, by server URL, for its next `open()`. */
const spare = new Map<string, string[]>();
let dropSpareAtExit = false;

/**
 * Deletes every row of every table of `schema` (Kysely's own tables apart) and sets its sequences
 * back to their start: the schema then holds what a new, migrated one holds. False when it could
 * not be done (the schema is then left as it was).
 */
async function emptySchema(url: string, schema: string): Promise<boolean> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const tables = await admin.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = $1 and tablename not like 'kysely\\_%'",
      [schema],
    );
    const sequences = await admin.query<{ name: string }>(
      'select sequencename as name from pg_sequences where schemaname = $1',
      [schema],
    );
    const id = (name: string): string => `${schema}."${name.replaceAll('"', '""')}"`;
    // Replica mode: the foreign keys' triggers do not fire, so the tables can be emptied in any order.
    await admin.query(
      [
        'begin',
        'set local session_replication_role = replica',
        ...tables.rows.map((t) => `delete from ${id(t.name)}`),
        ...sequences.rows.map((q) => `alter sequence ${id(q.name)} restart`),
        'commit',
      ].join(';\n'),
    );
    return true;
  } catch {
    await admin.query('rollback').catch(() => undefined);
    return false;
  } finally {
    await admin.end();
  }
}

/** Drops this process's spare schemas when it is about to end (beforeExit lets that wait). */
function dropSpareSchemasAtExit(): void {
  if (dropSpareAtExit) return;
  dropSpareAtExit = true;
  process.once('beforeExit', () => {
    void (async () => {
      for (const [url, schemas] of spare)
        for (const schema of schemas.splice(0)) await dropSchema(url, schema).catch(() => undefined);
    })();
  });
}

export async function openPostgresTestDatabase(url = testPostgresUrl()): Promise<TestDatabase> {
  const reused = spare.get(url)?.pop();
  if (reused !== undefined) return postgresTestDatabase(url, reused);
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  return postgresTestDatabase(url, schema, true);
}

/** The test database over `schema`, migrating it first when it is new. */
async function postgresTestDatabase(url: string, schema: string, fresh = false): Promise<TestDatabase> {
  const opened = openDatabase({ kind: 'postgres', url }, { schema });
  if (!fresh)
    return {
      dialect: 'postgres',
      db: opened.db,
      migrate: () => withSchemaLock(url, 'shared', () => migrateToLatest(opened.db, { schema })),
      close: () => closePostgres(opened, url, schema),
    };
  try {
    // Kysely's migrator lists the tables of every schema; a schema another test file drops at
    // that moment makes the listing fail ("schema test_... does not exist"). Migrations hold a
    // shared lock and drops an exclusive one, across every test process on the server.
    await withSchemaLock(url, 'shared', () => migrateToLatest(opened.db, { schema }));
  } catch (err) {
    await opened.close();
    await dropSchema(url, schema);
    throw err;
  }
  return {
    dialect: 'postgres',
    db: opened.db,
    migrate: () => withSchemaLock(url, 'shared', () => migrateToLatest(opened.db, { schema })),
    close: () => closePostgres(opened, url, schema),
  };
}

/** Closes the connections and empties the schema for the process's next test (or drops it). */
async function closePostgres(opened: { close(): Promise<void> }, url: string, schema: string): Promise<void> {
  await opened.close();
  if (await emptySchema(url, schema)) {
    spare.set(url, [...(spare.get(url) ?? []), schema]);
    dropSpareSchemasAtExit();
  } else await dropSchema(url, schema);
}

/** Advisory lock key shared by every test process: migrations (shared) against schema drops (exclusive). */
const SCHEMA_LOCK_KEY = 903_2026;

async function withSchemaLock<T>(url: string, mode: 'shared' | 'exclusive', f: () => Promise<T>): Promise<T> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query(mode === 'shared' ? 'select pg_advisory_lock_shared($1)' : 'select pg_advisory_lock($1)', [
      SCHEMA_LOCK_KEY,
    ]);
    return await f();
  } finally {
    // Ending the session releases its advisory locks.
    await lock.end();
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  await withSchemaLock(url, 'exclusive', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`drop schema if exists ${schema} cascade`);
    } finally {
      await admin.end();
    }
  });
}

/** The dialects to loop a suite over; PostgreSQL carries a skip reason when it is not reachable. */
export async function testDialects(): Promise<TestDialect[]> {
  const url = testPostgresUrl();
  return [
    { name: 'sqlite', skip: false, open: openSqliteTestDatabase },
    { name: 'postgres', skip: await postgresUnavailable(url), open: () => openPostgresTestDatabase(url) },
  ];
}
