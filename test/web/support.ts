/**
 * Route-test harness: the real app (real templates, real CSRF, real sessions) over an in-memory
 * SQLite database, listening on an ephemeral loopback port, driven with Node's fetch. Shared by
 * every web feature's tests:
 *
 *   const bed = await webTestbed();
 *   await bed.addUser('301', 'viewer@a.test', 'viewer');
 *   const client = await bed.signedIn('viewer@a.test');
 *   const page = await client.get(paths.overview.build({ la: '301' }));
 *   assert.equal(page.status, 200);
 *   after(() => bed.close());
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { LoadResult } from '../../src/domain/ssda903/types.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import { hash } from '@node-rs/argon2';
import { ensureCouncil } from '../../src/store/councils.repository.ts';
import { findUserByEmail, insertUser, upsertMembership } from '../../src/store/users.repository.ts';
import type { Role } from '../../src/services/users.ts';
import type { Express } from 'express';
import { createApp, type AppOptions } from '../../src/web/app.ts';
import { dataAccess, services, type DataAccess, type Services } from '../../src/web/composition.ts';
import type { EngineRunner } from '../../src/services/engineRunner.ts';
import type { BackgroundOptions } from '../../src/services/backgroundFigures.ts';
import { paths } from '../../src/web/paths.ts';

export const TEST_PASSWORD = 'test-password-123';
export const TEST_KEY = new Uint8Array(32).fill(7);
/** The key encrypting TOTP secrets in test databases. */
export const TEST_TOTP_KEY = new Uint8Array(32).fill(11);

export interface Page {
  readonly status: number;
  readonly text: string;
  readonly location: string | null;
  readonly headers: Headers;
}

/** A browser-like client: keeps the session cookie, follows no redirects unless asked. */
export class Client {
  readonly #base: string;
  readonly #extraHeaders: Record<string, string>;
  #cookie: string | undefined;

  /** `headers` go with every request (e.g. X-Forwarded-Proto for a production-mode app behind a proxy). */
  constructor(base: string, headers: Record<string, string> = {}) {
    this.#base = base;
    this.#extraHeaders = headers;
  }

  async #send(pathname: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(this.#extraHeaders)) headers.set(k, v);
    if (this.#cookie) headers.set('cookie', this.#cookie);
    const res = await fetch(this.#base + pathname, { ...init, headers, redirect: 'manual' });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(';');
      if (pair?.startsWith('forecare.sid=')) this.#cookie = /Expires=Thu, 01 Jan 1970/i.test(c) ? undefined : pair;
    }
    return res;
  }

  async #page(res: Response): Promise<Page> {
    return { status: res.status, text: await res.text(), location: res.headers.get('location'), headers: res.headers };
  }

  async get(pathname: string): Promise<Page> {
    return this.#page(await this.#send(pathname, { method: 'GET' }));
  }

  /** GET following redirects (up to 10), like a browser. */
  async follow(pathname: string): Promise<Page & { readonly url: string }> {
    let url = pathname;
    for (let i = 0; i < 10; i++) {
      const page = await this.get(url);
      if (page.status < 300 || page.status >= 400 || !page.location) return { ...page, url };
      url = page.location.startsWith('http')
        ? new URL(page.location).pathname + new URL(page.location).search
        : page.location;
    }
    throw new Error(`too many redirects from ${pathname}`);
  }

  async getBytes(pathname: string): Promise<{ status: number; body: Buffer; headers: Headers }> {
    const res = await this.#send(pathname, { method: 'GET' });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }

  /** The CSRF token from a page's forms (fetches the page). */
  async csrfToken(fromPath: string = paths.signIn.build()): Promise<string> {
    const page = await this.get(fromPath);
    const m = /name="_csrf" value="([^"]+)"/.exec(page.text);
    if (!m?.[1]) throw new Error(`no CSRF token on ${fromPath} (status ${page.status})`);
    return m[1];
  }

  /** POSTs a urlencoded form. `csrf: true` (default) first fetches a token from `tokenFrom`. */
  async post(
    pathname: string,
    fields: Record<string, string>,
    options: { csrf?: boolean | string; tokenFrom?: string } = {},
  ): Promise<Page> {
    const body = new URLSearchParams(fields);
    if (options.csrf !== false)
      body.set(
        '_csrf',
        typeof options.csrf === 'string'
          ? options.csrf
          : await this.csrfToken(options.tokenFrom ?? paths.signIn.build()),
      );
    return this.#page(
      await this.#send(pathname, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  }

  /**
   * POSTs multipart form data. The CSRF field goes first, as a browser sends the form's first
   * field first (token from `tokenFrom`; `csrf: false` sends none; a string sends that token;
   * `tokenLast` sends it after the files).
   */
  async postMultipart(
    pathname: string,
    form: FormData,
    options: {
      csrf?: boolean | string;
      tokenFrom?: string;
      tokenLast?: boolean;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Page> {
    const body = new FormData();
    const token =
      options.csrf === false
        ? undefined
        : typeof options.csrf === 'string'
          ? options.csrf
          : await this.csrfToken(options.tokenFrom ?? paths.signIn.build());
    if (token !== undefined && !options.tokenLast) body.set('_csrf', token);
    for (const [k, v] of form.entries()) if (k !== '_csrf') body.append(k, v);
    if (token !== undefined && options.tokenLast) body.set('_csrf', token);
    return this.#page(await this.#send(pathname, { method: 'POST', body, headers: options.headers ?? {} }));
  }

  /** POSTs a body of any content type as it is (no CSRF field added). */
  async postRaw(
    pathname: string,
    body: string,
    contentType: string,
    headers: Record<string, string> = {},
  ): Promise<Page> {
    return this.#page(
      await this.#send(pathname, { method: 'POST', body, headers: { 'content-type': contentType, ...headers } }),
    );
  }
}

export interface Testbed {
  readonly url: string;
  /** The Express app under test (its routers, for tests that enumerate routes). */
  readonly app: Express;
  readonly services: Services;
  readonly data: DataAccess;
  readonly uploadDir: string;
  /** Creates (or reuses) an account with TEST_PASSWORD and gives it `role` in council `la`. */
  addUser(la: string, email: string, role: Role, councilName?: string): Promise<void>;
  /** Stores case data for a council, as an import would. */
  importCase(la: string, load: LoadResult): Promise<void>;
  client(headers?: Record<string, string>): Client;
  /** A client signed in as `email` (password TEST_PASSWORD). */
  signedIn(email: string, password?: string, headers?: Record<string, string>): Promise<Client>;
  close(): Promise<void>;
}

export type TestbedOptions = Partial<AppOptions> & {
  now?: () => Date;
  maxUploadBytes?: number;
  /** The engine runner the services use (default: inline); the testbed closes it. */
  engine?: EngineRunner;
  /** Figures computed after imports (default off; the testbed closes it). */
  backgroundFigures?: BackgroundOptions;
  /** A SQLite file to start from (the testbed works on a copy of it); default an empty database in memory. */
  database?: string;
};

export async function webTestbed(testbedOptions: TestbedOptions = {}): Promise<Testbed> {
  const { engine, backgroundFigures, database, ...options } = testbedOptions;
  const uploadDir = await mkdtemp(path.join(os.tmpdir(), 'forecare-web-test-'));
  // The copy is in a folder of its own: the upload folder is the upload service's to empty.
  const databaseDir = database ? await mkdtemp(path.join(os.tmpdir(), 'forecare-web-test-db-')) : undefined;
  const file = databaseDir ? path.join(databaseDir, 'database.sqlite') : ':memory:';
  if (database) await copyFile(database, file);
  const data = await dataAccess({ kind: 'sqlite', file });
  const svc = services(data, {
    pseudonymKey: TEST_KEY,
    totpKey: TEST_TOTP_KEY,
    uploadDir,
    ...(options.now ? { now: options.now } : {}),
    ...(options.maxUploadBytes ? { maxUploadBytes: options.maxUploadBytes } : {}),
    ...(engine ? { engine } : {}),
    ...(backgroundFigures ? { backgroundFigures } : {}),
  });
  const app = createApp(svc, {
    sessionSecret: 'test-secret',
    production: false,
    signInAttemptsPer15Minutes: 1000,
    logger: pino({ level: 'silent' }),
    ...options,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    // The server never closes an idle keep-alive connection; the client (fetch) does. Client and
    // server share this process's event loop, which the inline engine blocks for seconds at a time:
    // both idle timers then fire late, and fetch could send its next request on a connection
    // the server drops the moment the loop turns (fetch failed: ECONNRESET, seen under load).
    // A connection the client itself closes is never reused. test/web/keepAlive.test.ts
    s.keepAliveTimeout = 0;
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    app,
    services: svc,
    data,
    uploadDir,
    async addUser(la, email, role, councilName) {
      await ensureCouncil(data.db, la, councilName ?? `Council ${la}`);
      const existing = await findUserByEmail(data.db, email);
      const userId =
        existing?.id ??
        (await insertUser(data.db, { email, passwordHash: await passwordHash(), createdAt: new Date().toISOString() }));
      await upsertMembership(data.db, la, userId, role);
    },
    async importCase(la, load) {
      await writeLoadResult(data.db, load, {
        laCode: la,
        importedBy: 'test',
        acceptErrors: true,
        now: new Date('2024-06-01T00:00:00Z'),
        pseudonymKey: TEST_KEY,
      });
    },
    client: (headers) => new Client(url, headers),
    async signedIn(email, password = TEST_PASSWORD, headers = {}) {
      const client = new Client(url, headers);
      const res = await client.post(paths.signIn.build(), { email, password });
      if (res.status !== 302 || res.location === paths.signIn.build())
        throw new Error(`sign-in as ${email} failed (${res.status} → ${res.location})`);
      return client;
    },
    async close() {
      await svc.imports.settled();
      await svc.cin.settled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await svc.background?.close();
      await svc.engine.close();
      await data.close();
      await rm(uploadDir, { recursive: true, force: true });
      if (databaseDir) await rm(databaseDir, { recursive: true, force: true });
    },
  };
}

/** A route of the app: an HTTP method (upper case) and the pattern it was declared with. */
export interface RouteEntry {
  readonly method: string;
  readonly path: string;
}

interface LayerLike {
  readonly name?: string;
  readonly rawPath?: unknown;
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: readonly LayerLike[] };
}

/**
 * Every route the app's routers declare (walking Express 5's router stack, sub-routers included),
 * so a test can cover each route, including ones added later.
 */
export function appRoutes(app: Express): RouteEntry[] {
  // Express does not type its router stack; `router` is public in Express 5 (`app.router`).
  const root = (app as unknown as { router: { stack: readonly LayerLike[] } }).router;
  const out: RouteEntry[] = [];
  const walk = (stack: readonly LayerLike[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [m, on] of Object.entries(layer.route.methods))
          if (on) out.push({ method: m.toUpperCase(), path: prefix + layer.route.path });
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk(root.stack, '');
  return out;
}

let cachedHash: Promise<string> | undefined;
/** One argon2 hash of TEST_PASSWORD for every test user (hashing is deliberately slow). */
function passwordHash(): Promise<string> {
  return (cachedHash ??= hash(TEST_PASSWORD));
}
