/**
 * The second factor (issue 17): a TOTP code works once (the last accepted time step is remembered
 * per user; that step and earlier ones are refused), turning the factor off needs a current code,
 * and secrets are stored encrypted with a key kept outside the database (plain-text secrets from
 * before are sealed at start-up, or when first read). The clock is the testbed's, moved by hand;
 * codes are made with otplib for a given moment.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { paths } from '../../src/web/paths.ts';
import { findUserByEmail, updateTotp } from '../../src/store/users.repository.ts';
import { isSealed, openTotpSecret } from '../../src/services/totpSecrets.ts';
import { TEST_PASSWORD, TEST_TOTP_KEY, webTestbed, type Client, type Testbed } from './support.ts';

const PERIOD_MS = 30_000;
/**
 * Now, moved to one second into its 30-second period: the tests step the clock by whole periods and
 * by 10 seconds 'within the same period', which from a random phase (over 20 s in) crossed into the
 * next period and made the replay test fail about one run in three.
 */
function periodStart(): number {
  return Math.floor(Date.now() / PERIOD_MS) * PERIOD_MS + 1_000;
}
// The app's clock. Each test starts it at the real time (each with its own user, so the steps
// recorded for one do not matter to another) and moves it on by hand.
let clock = Date.now();
const codeAt = (secret: string, ms: number): Promise<string> => generate({ secret, epoch: Math.floor(ms / 1000) });
const page = paths.account.twoFactor.build();

async function storedSecret(bed: Testbed, email: string): Promise<string | null> {
  return (await findUserByEmail(bed.data.db, email))?.totpSecret ?? null;
}

/** Step 1 of sign-in (password) for `email`, then the code; true when signed in. */
async function signInWithCode(bed: Testbed, email: string, code: string): Promise<boolean> {
  const client = bed.client();
  const step1 = await client.post(paths.signIn.build(), { email, password: TEST_PASSWORD });
  assert.equal(step1.location, paths.signInCode.build(), 'the password is right: the code is asked for');
  const step2 = await client.post(paths.signInCode.build(), { code }, { tokenFrom: paths.signInCode.build() });
  return step2.status === 302 && step2.location !== paths.signInCode.build();
}

/** Enrols `email` with a code for the current clock; returns the signed-in client and the secret. */
async function enrol(bed: Testbed, email: string): Promise<{ client: Client; secret: string }> {
  await bed.addUser('301', email, 'viewer');
  const client = await bed.signedIn(email);
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec((await client.get(page)).text)?.[1];
  assert.ok(secret, 'the setup key is shown');
  const on = await client.post(page, { code: await codeAt(secret, clock) }, { tokenFrom: page });
  assert.equal(on.location, page);
  assert.match((await client.get(page)).text, /Two-factor sign-in is <strong>on<\/strong>/);
  return { client, secret };
}

describe('second factor', () => {
  let bed: Testbed;
  before(async () => {
    bed = await webTestbed({ now: () => new Date(clock) });
  });
  after(() => bed.close());

  test('a code signs in once: the same code again, or an earlier one, is refused; the next one works', async () => {
    clock = periodStart();
    const { secret } = await enrol(bed, 'replay@a.test');
    assert.equal(
      await signInWithCode(bed, 'replay@a.test', await codeAt(secret, clock)),
      false,
      'the code that turned the factor on cannot also sign in',
    );
    clock += PERIOD_MS;
    const code = await codeAt(secret, clock);
    assert.equal(await signInWithCode(bed, 'replay@a.test', code), true, 'a fresh code signs in');
    assert.equal(await signInWithCode(bed, 'replay@a.test', code), false, 'the same code a second time is refused');
    assert.equal(
      await signInWithCode(bed, 'replay@a.test', await codeAt(secret, clock - PERIOD_MS)),
      false,
      "the previous period's code (within the clock tolerance) is earlier than the one used: refused",
    );
    clock += 10_000; // same period: the app still shows the used code
    assert.equal(await signInWithCode(bed, 'replay@a.test', await codeAt(secret, clock)), false);
    clock += PERIOD_MS;
    assert.equal(await signInWithCode(bed, 'replay@a.test', await codeAt(secret, clock)), true, 'the next code works');
  });

  test('turning the factor off asks for a current code, with a GOV.UK error when it is missing or wrong', async () => {
    clock = periodStart();
    const { client, secret } = await enrol(bed, 'remove@a.test');
    const shown = await client.get(page);
    assert.match(shown.text, /enter the code your authenticator app shows now/);
    assert.match(shown.text, /<form method="post" action="\/account\/two-factor\/remove"[\s\S]*?name="code"/);

    for (const code of ['', '000000', await codeAt(secret, clock)]) {
      const res = await client.post(paths.account.twoFactorRemove.build(), { code }, { tokenFrom: page });
      assert.equal(res.location, page);
      const after = await client.get(page);
      assert.match(after.text, /Two-factor sign-in is <strong>on<\/strong>/, `still on after code "${code}"`);
      assert.match(after.text, /<title>Error: Two-factor sign-in/);
      assert.match(
        after.text,
        /There is a problem[\s\S]*href="#code">Enter the 6-digit code your authenticator app shows now/,
      );
      assert.match(after.text, /id="code-error"[\s\S]*?Enter the 6-digit code your authenticator app shows now/);
    }
    assert.notEqual(await storedSecret(bed, 'remove@a.test'), null);

    clock += PERIOD_MS;
    const off = await client.post(
      paths.account.twoFactorRemove.build(),
      { code: await codeAt(secret, clock) },
      { tokenFrom: page },
    );
    assert.equal(off.location, page);
    assert.equal(await storedSecret(bed, 'remove@a.test'), null, 'the secret is gone');
    assert.equal((await findUserByEmail(bed.data.db, 'remove@a.test'))?.totpEnabled, false);
    assert.match((await client.get(page)).text, /Two-factor sign-in is off/);
    const signIn = await bed.client().post(paths.signIn.build(), { email: 'remove@a.test', password: TEST_PASSWORD });
    assert.notEqual(signIn.location, paths.signInCode.build(), 'no code asked for any more');
  });

  test('secrets are stored encrypted: the database holds neither the secret nor anything that opens without the key', async () => {
    clock = periodStart();
    const { secret } = await enrol(bed, 'atrest@a.test');
    const stored = await storedSecret(bed, 'atrest@a.test');
    assert.ok(stored && isSealed(stored), `sealed: ${stored}`);
    assert.ok(!stored.includes(secret), 'the base32 secret is not in the row');
    assert.equal(
      openTotpSecret(TEST_TOTP_KEY, (await findUserByEmail(bed.data.db, 'atrest@a.test'))!.id, stored),
      secret,
    );
    assert.throws(() => openTotpSecret(new Uint8Array(32).fill(1), 1, stored), /does not open/);
  });

  test('a plain-text secret from before encryption still signs in, and is sealed when read or at start-up', async () => {
    const legacy = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    for (const email of ['legacy1@a.test', 'legacy2@a.test', 'legacy3@a.test']) {
      await bed.addUser('301', email, 'viewer');
      const user = await findUserByEmail(bed.data.db, email);
      await updateTotp(bed.data.db, user!.id, legacy, true);
    }
    clock = periodStart();
    assert.equal(await signInWithCode(bed, 'legacy1@a.test', await codeAt(legacy, clock)), true, 'read as it is');
    const read = await storedSecret(bed, 'legacy1@a.test');
    assert.ok(read && isSealed(read), 'sealed once read');

    assert.equal(await bed.services.users.sealPlainTotpSecrets(), 2, 'the start-up pass seals the other two');
    for (const email of ['legacy2@a.test', 'legacy3@a.test']) {
      const stored = await storedSecret(bed, email);
      assert.ok(stored && isSealed(stored), email);
    }
    assert.equal(await bed.services.users.sealPlainTotpSecrets(), 0, 'nothing left to seal');
    assert.equal(await signInWithCode(bed, 'legacy2@a.test', await codeAt(legacy, clock)), true, 'still signs in');
  });
});
