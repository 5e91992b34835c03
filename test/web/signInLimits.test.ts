/**
 * Sign-in limits (issues 15 and 17): only FAILED sign-ins count, per account and per client
 * address; the address comes from X-Forwarded-For only as far as the configured proxy hops
 * (TRUST_PROXY); `serve` listens on 127.0.0.1 unless told otherwise (FORECARE_HOST, --host).
 * Limits in these tests are small (3 per account, 5 per address unless said) so they are reached quickly.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { loadConfig } from '../../src/config.ts';
import { paths } from '../../src/web/paths.ts';
import { startServer } from '../../src/web/server.ts';
import { TEST_KEY, TEST_PASSWORD, webTestbed, type Client, type Testbed } from './support.ts';

const WRONG = 'not-the-password-1';

async function attempt(client: Client, email: string, password: string): Promise<'signed-in' | 'refused' | 429> {
  const res = await client.post(paths.signIn.build(), { email, password });
  if (res.status === 429) return 429;
  assert.equal(res.status, 302);
  return res.location === paths.signIn.build() ? 'refused' : 'signed-in';
}

async function bedWithUsers(options: Parameters<typeof webTestbed>[0], emails: readonly string[]): Promise<Testbed> {
  const bed = await webTestbed({ signInAttemptsPer15Minutes: 3, signInFailuresPerAddressPer15Minutes: 5, ...options });
  for (const email of emails) await bed.addUser('301', email, 'viewer');
  return bed;
}

describe('sign-in limits', () => {
  test('successes never count: an office behind one address signs in all day; failures per account and per address do', async () => {
    const people = ['a@office.test', 'b@office.test', 'c@office.test', 'd@office.test', 'e@office.test'];
    const bed = await bedWithUsers({ signInFailuresPerAddressPer15Minutes: 6 }, people);
    try {
      const office = () => bed.client();
      for (let round = 0; round < 3; round++)
        for (const email of people) assert.equal(await attempt(office(), email, TEST_PASSWORD), 'signed-in', email);

      // a@ mistypes twice, then gets it right: the account's count starts again.
      assert.equal(await attempt(office(), 'a@office.test', WRONG), 'refused');
      assert.equal(await attempt(office(), 'a@office.test', WRONG), 'refused');
      assert.equal(await attempt(office(), 'a@office.test', TEST_PASSWORD), 'signed-in');
      assert.equal(await attempt(office(), 'a@office.test', WRONG), 'refused', 'the address has 3 failures now');
      assert.equal(await attempt(office(), 'a@office.test', WRONG), 'refused');
      assert.equal(await attempt(office(), 'a@office.test', WRONG), 'refused', "a@'s third failure since signing in");
      assert.equal(
        await attempt(office(), 'a@office.test', TEST_PASSWORD),
        429,
        'the account waits, right password or not',
      );
      assert.equal(
        await attempt(office(), 'b@office.test', TEST_PASSWORD),
        'signed-in',
        'others at the address do not',
      );

      // The address's sixth failure: everyone there waits now (a guesser trying many accounts).
      assert.equal(await attempt(office(), 'zz@unknown.test', WRONG), 'refused');
      assert.equal(await attempt(office(), 'c@office.test', TEST_PASSWORD), 429);
    } finally {
      await bed.close();
    }
  });

  test('straight to the app port, a new X-Forwarded-For on every guess does not reset the limit on an account', async () => {
    const bed = await bedWithUsers({ trustProxy: 1 }, ['target@a.test']);
    try {
      const results = [];
      for (let i = 1; i <= 6; i++) {
        const client = bed.client({ 'x-forwarded-for': `198.51.100.${i}` });
        results.push(await attempt(client, 'target@a.test', i === 6 ? TEST_PASSWORD : WRONG));
      }
      assert.deepEqual(results, ['refused', 'refused', 'refused', 429, 429, 429]);
      const unknown = [];
      for (let i = 1; i <= 4; i++)
        unknown.push(await attempt(bed.client({ 'x-forwarded-for': `203.0.113.${i}` }), 'nobody@a.test', WRONG));
      assert.deepEqual(unknown, ['refused', 'refused', 'refused', 429], 'an unknown account is limited the same way');
    } finally {
      await bed.close();
    }
  });

  test('TRUST_PROXY is a hop count: addresses a client writes beyond the configured proxies are not believed', async () => {
    // Two proxies (an edge proxy at 10.0.0.2, then one on this host): the client's address is the
    // entry the edge proxy appended; anything before it is the client's own writing.
    const emails = ['p1@a.test', 'p2@a.test', 'p3@a.test', 'p4@a.test', 'p5@a.test', 'p6@a.test', 'q@a.test'];
    const bed = await bedWithUsers({ trustProxy: 2 }, emails);
    try {
      const via = (client: string, spoofed: string) =>
        bed.client({ 'x-forwarded-for': `${spoofed}, ${client}, 10.0.0.2` });
      const guesses = [];
      for (let i = 1; i <= 6; i++)
        guesses.push(await attempt(via('192.0.2.66', `172.16.0.${i}`), `p${i}@a.test`, WRONG));
      assert.deepEqual(
        guesses,
        ['refused', 'refused', 'refused', 'refused', 'refused', 429],
        'one address, however it is dressed',
      );
      assert.equal(
        await attempt(via('192.0.2.77', '172.16.0.1'), 'q@a.test', TEST_PASSWORD),
        'signed-in',
        'another client behind the same proxy is not held up',
      );
    } finally {
      await bed.close();
    }
  });

  test('wrong second-factor codes count against the account whatever the address', async () => {
    const bed = await bedWithUsers({ trustProxy: 1 }, ['code@a.test']);
    try {
      const client = await bed.signedIn('code@a.test');
      const page = paths.account.twoFactor.build();
      const secret = /id="totp-secret">([A-Z2-7]+)</.exec((await client.get(page)).text)?.[1] ?? '';
      assert.equal((await client.post(page, { code: await generate({ secret }) }, { tokenFrom: page })).location, page);
      const statuses = [];
      for (let i = 1; i <= 4; i++) {
        const guesser = bed.client({ 'x-forwarded-for': `198.51.100.${i}` });
        assert.equal(await attempt(guesser, 'code@a.test', TEST_PASSWORD), 'signed-in', 'the password is known');
        const res = await guesser.post(
          paths.signInCode.build(),
          { code: '000000' },
          { tokenFrom: paths.signInCode.build() },
        );
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [302, 302, 302, 429]);
    } finally {
      await bed.close();
    }
  });
});

describe('where the server listens', () => {
  const keys = {
    NODE_ENV: 'test',
    SESSION_SECRET: 'x'.repeat(32),
    FORECARE_PSEUDONYM_KEY: Buffer.from(TEST_KEY).toString('base64'),
    FORECARE_TOTP_KEY: Buffer.from(TEST_KEY).toString('base64'),
    FORECARE_ENGINE_THREADS: '0',
  };

  test('127.0.0.1 unless FORECARE_HOST (or --host) says otherwise; TRUST_PROXY is a number of hops', async () => {
    const config = loadConfig(keys);
    assert.equal(config.host, '127.0.0.1');
    const running = await startServer(config, { kind: 'sqlite', file: ':memory:' }, 0);
    try {
      const address = running.server.address();
      assert.ok(address && typeof address === 'object');
      assert.equal(address.address, '127.0.0.1');
    } finally {
      await running.close();
    }
    assert.equal(loadConfig({ ...keys, FORECARE_HOST: '0.0.0.0' }).host, '0.0.0.0');
    assert.equal(loadConfig({ ...keys, TRUST_PROXY: '2' }).web.trustProxy, 2);
    assert.equal(loadConfig(keys).web.trustProxy, 0);
    assert.throws(() => loadConfig({ ...keys, TRUST_PROXY: 'true' }), /TRUST_PROXY: must be the number of proxy hops/);
  });
});
