/**
 * First run: `forecare users create-admin` on a fresh database, then that admin signs in to the
 * web app served over the same database.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { Server } from 'node:http';
import { createApp } from '../../src/web/app.ts';
import { dataAccess, services } from '../../src/web/composition.ts';
import { paths } from '../../src/web/paths.ts';
import { Client, TEST_KEY, TEST_TOTP_KEY } from './support.ts';

const MAIN = path.resolve(import.meta.dirname, '../../src/cli/main.ts');

function cli(args: string[], input: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [MAIN, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  });
}

test('users create-admin creates the council and its first admin, who can sign in', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-first-run-'));
  const db = path.join(dir, 'forecare.db');
  const env = { FORECARE_KEY_FILE: path.join(dir, 'key') };
  try {
    const short = cli(
      ['users', 'create-admin', '--la', '301', '--email', 'me@council.test', '--password-stdin', '--db', db],
      'short\n',
      env,
    );
    assert.equal(short.status, 2);
    assert.match(short.stderr, /at least 12 characters/);

    const ok = cli(
      [
        'users',
        'create-admin',
        '--la',
        '301',
        '--name',
        'Council A',
        '--email',
        'Me@Council.test',
        '--password-stdin',
        '--db',
        db,
        '--json',
      ],
      'a-long-first-password\n',
      env,
    );
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { laCode: '301', email: 'me@council.test', created: true, role: 'admin' });
    const again = cli(
      ['users', 'create-admin', '--la', '301', '--email', 'me@council.test', '--db', db, '--json'],
      '',
      { ...env, FORECARE_ADMIN_PASSWORD: 'whatever-it-is-now' },
    );
    assert.equal(again.status, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).created, false, 'an existing account keeps its password');

    const data = await dataAccess({ kind: 'sqlite', file: db });
    const svc = services(data, {
      pseudonymKey: TEST_KEY,
      totpKey: TEST_TOTP_KEY,
      uploadDir: path.join(dir, 'uploads'),
    });
    const app = createApp(svc, { sessionSecret: 's', production: false, logger: pino({ level: 'silent' }) });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const address = server.address();
      const client = new Client(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
      const res = await client.post(paths.signIn.build(), {
        email: 'me@council.test',
        password: 'a-long-first-password',
      });
      assert.equal(res.location, paths.root.build());
      const page = await client.follow(paths.root.build());
      assert.equal(page.url, paths.overview.build({ la: '301' }));
      assert.match(page.text, /class="app-council-header__name">Council A</);
      assert.equal((await client.get(paths.users.index.build({ la: '301' }))).status, 200);
      const audit = await client.get(paths.audit.build({ la: '301' }));
      assert.match(audit.text, /user\.admin_created/);
      assert.match(audit.text, /Someone at the command line made me@council\.test the council’s admin\./);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await data.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
