/**
 * Configuration, read once from the environment with zod at start-up; fails fast with a message
 * naming the variable. `DATABASE_URL` picks the database: a postgres:// URL for PostgreSQL,
 * otherwise an embedded SQLite file (FORECARE_DB, default ./data/forecare.db).
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().optional(),
  FORECARE_DB: z.string().default('data/forecare.db'),
  /** File holding the key for pseudonymising child identifiers; kept outside the database. */
  FORECARE_KEY_FILE: z.string().default('data/pseudonym.key'),
  /** The key itself, base64 (overrides the key file; for deployments with a secret store). */
  FORECARE_PSEUDONYM_KEY: z.string().optional(),
  /** File holding the key that encrypts second-factor (TOTP) secrets; kept outside the database. */
  FORECARE_TOTP_KEY_FILE: z.string().default('data/totp.key'),
  /** That key itself, base64 of 32 bytes (overrides the key file). */
  FORECARE_TOTP_KEY: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Web: the address `serve` and `demo` listen on (--host overrides); loopback unless told otherwise. */
  FORECARE_HOST: z.string().min(1).default('127.0.0.1'),
  SESSION_SECRET: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Log lines as JSON or pretty for a person; default: pretty on a terminal, JSON otherwise (src/logger.ts). */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** Web: the private folder (0700) uploads are unpacked in while they are checked; emptied at start-up. */
  FORECARE_UPLOAD_DIR: z.string().default('data/uploads'),
  /** Web: largest upload in megabytes (each file, and a zip's unpacked total). */
  FORECARE_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(4096).default(200),
  /** Web: failed sign-ins allowed per account per 15 minutes (successes never count). */
  FORECARE_SIGN_IN_LIMIT: z.coerce.number().int().min(1).max(10000).default(10),
  /** Web: failed sign-ins allowed per client address per 15 minutes. */
  FORECARE_SIGN_IN_ADDRESS_LIMIT: z.coerce.number().int().min(1).max(100000).default(50),
  /**
   * Web: how many reverse proxies stand in front of the app (hops of X-Forwarded-For believed for
   * client addresses and https); 0 when clients reach it directly.
   */
  TRUST_PROXY: z.coerce
    .number({ error: 'must be the number of proxy hops in front of the app, e.g. 0 or 1' })
    .int('must be the number of proxy hops in front of the app, e.g. 0 or 1')
    .min(0)
    .max(10)
    .default(0),
  /** Web: worker threads for the demand engine (default: CPUs - 1, at least 1; 0 = on the request thread). */
  FORECARE_ENGINE_THREADS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(0).max(256).optional(),
  ),
});

export type DatabaseConfig =
  { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly database: DatabaseConfig;
  readonly keyFile: string;
  readonly pseudonymKey: string | undefined;
  /** Where the key encrypting TOTP secrets is kept (src/services/totpSecrets.ts). */
  readonly totpKeyFile: string;
  readonly totpKey: string | undefined;
  readonly port: number;
  /** Where the web server listens (FORECARE_HOST; default 127.0.0.1). */
  readonly host: string;
  readonly sessionSecret: string | undefined;
  readonly logLevel: string;
  readonly web: {
    /** Private folder for uploads being checked (default data/uploads); one per server process. */
    readonly uploadDir: string;
    readonly maxUploadBytes: number;
    /** Failed sign-ins per account per 15 minutes. */
    readonly signInAttemptsPer15Minutes: number;
    /** Failed sign-ins per client address per 15 minutes. */
    readonly signInFailuresPerAddressPer15Minutes: number;
    /** Proxy hops in front of the app (0: none). */
    readonly trustProxy: number;
    /** Worker threads running forecasts, spend, scenario comparisons and backtests (0: the request thread). */
    readonly engineThreads: number;
  };
}

/** Picks the database from a URL or path: postgres(ql):// is PostgreSQL, anything else a SQLite file. */
export function databaseConfigFrom(urlOrPath: string): DatabaseConfig {
  if (/^postgres(ql)?:\/\//.test(urlOrPath)) return { kind: 'postgres', url: urlOrPath };
  const file = urlOrPath.replace(/^sqlite:(\/\/)?/, '');
  return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuration error: ${problems}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    database: databaseConfigFrom(e.DATABASE_URL ?? e.FORECARE_DB),
    keyFile: path.resolve(e.FORECARE_KEY_FILE),
    pseudonymKey: e.FORECARE_PSEUDONYM_KEY,
    totpKeyFile: path.resolve(e.FORECARE_TOTP_KEY_FILE),
    totpKey: e.FORECARE_TOTP_KEY,
    port: e.PORT,
    host: e.FORECARE_HOST,
    sessionSecret: e.SESSION_SECRET,
    logLevel: e.LOG_LEVEL,
    web: {
      uploadDir: path.resolve(e.FORECARE_UPLOAD_DIR),
      maxUploadBytes: e.FORECARE_MAX_UPLOAD_MB * 1024 * 1024,
      signInAttemptsPer15Minutes: e.FORECARE_SIGN_IN_LIMIT,
      signInFailuresPerAddressPer15Minutes: e.FORECARE_SIGN_IN_ADDRESS_LIMIT,
      trustProxy: e.TRUST_PROXY,
      engineThreads: e.FORECARE_ENGINE_THREADS ?? Math.max(1, os.availableParallelism() - 1),
    },
  };
}
