/**
 * The `--db PATH_OR_URL` option every command that reads or writes the store shares. The choice:
 * `--db` wins, else DATABASE_URL, else FORECARE_DB (default ./data/forecare.db). The database is
 * migrated to the latest schema on opening.
 *
 *   addDbOption(program.command('stock')).action((opts) => withDatabase(opts, async (db) => ...));
 */
import type { Command } from 'commander';
import type { DatabaseConfig } from '../config.ts';
import type { Db } from '../store/database.ts';
import { CliError } from './cliError.ts';

export interface DbOptions {
  readonly db?: string;
}

export function addDbOption(command: Command): Command {
  return command.option(
    '--db <pathOrUrl>',
    'SQLite file or postgres:// URL (default: DATABASE_URL, else ./data/forecare.db)',
  );
}

/**
 * The database the options name (see the module comment for the order). The configuration and
 * store modules are loaded here, when a command runs, not when the program is built (--help).
 */
export async function databaseConfigFor(
  options: DbOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<DatabaseConfig> {
  const { databaseConfigFrom, loadConfig } = await import('../config.ts');
  if (options.db !== undefined && options.db !== '') return databaseConfigFrom(options.db);
  return loadConfig(env).database;
}

function describe(config: DatabaseConfig): string {
  return config.kind === 'sqlite' ? config.file : config.url.replace(/:[^:@/]*@/, ':***@');
}

/** Opens and migrates the database, runs `fn`, and closes the database whatever happens. */
export async function withDatabase<T>(options: DbOptions, fn: (db: Db) => Promise<T>): Promise<T> {
  const config = await databaseConfigFor(options);
  const { migrateToLatest, openDatabase } = await import('../store/database.ts');
  let opened;
  try {
    opened = openDatabase(config);
    await migrateToLatest(opened.db);
  } catch (err) {
    await opened?.close().catch(() => undefined);
    throw new CliError(
      `Cannot open the database ${describe(config)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    return await fn(opened.db);
  } finally {
    await opened.close();
  }
}
