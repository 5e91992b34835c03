/**
 * The platform: sign-in (password, TOTP), sessions, CSRF on every POST, security headers, the
 * council access check, the error pages, assets. Real templates over in-memory SQLite.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'otplib';
import { paths } from '../../src/web/paths.ts';
import { TEST_PASSWORD, webTestbed, type Testbed } from './support.ts';

describe('web platform', () => {
  let bed: Testbed;
  before(async () => {
    bed = await webTestbed();
    await bed.addUser('301', 'admin@a.test', 'admin', 'Council A');
    await bed.addUser('301', 'viewer@a.test', 'viewer');
    await bed.addUser('302', 'other@b.test', 'admin', 'Council B');
    await bed.addUser('301', 'both@x.test', 'analyst');
    await bed.addUser('302', 'both@x.test', 'viewer');
  });
  after(() => bed.close());

  test('the sign-in page renders with security headers and a CSP that allows only this origin', async () => {
    const page = await bed.client().get(paths.signIn.build());
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1 class="govuk-heading-l">Sign in to Forecare<\/h1>/);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && page.text.includes(`<script nonce="${nonce}">`), 'the template script carries the nonce');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(page.headers.get('x-request-id'));
    assert.equal(page.headers.get('x-powered-by'), null);
  });

  test('the service navigation marks the current section: the page itself, or a page within it', async () => {
    const client = await bed.signedIn('admin@a.test');
    const marked = (text: string) =>
      [...text.matchAll(/<a class="govuk-service-navigation__link" href="([^"]+)" aria-current="([^"]+)"/g)].map(
        (m) => [m[1], m[2]],
      );
    const overview = await client.get(paths.overview.build({ la: '301' }));
    assert.equal(overview.status, 200);
    assert.deepEqual(marked(overview.text), [[paths.overview.build({ la: '301' }), 'page']]);
    const audit = await client.get(paths.audit.build({ la: '301' }, { page: '1' }));
    assert.equal(audit.status, 200);
    assert.deepEqual(
      marked(audit.text),
      [[paths.audit.build({ la: '301' }), 'page']],
      'a query string does not matter',
    );
    const history = await client.get(paths.data.history.build({ la: '301' }));
    assert.equal(history.status, 200);
    assert.deepEqual(
      marked(history.text),
      [[paths.data.index.build({ la: '301' }), 'true']],
      'a page within Data marks Data',
    );
    assert.match(history.text, /<li class="govuk-service-navigation__item govuk-service-navigation__item--active">/);
  });

  test('not signed in: council pages redirect to sign in, and back after signing in', async () => {
    const client = bed.client();
    const res = await client.get(paths.overview.build({ la: '301' }));
    assert.equal(res.status, 302);
    // With no session yet, the page asked for goes in the sign-in link (no session row is made for
    // a request without a cookie); the sign-in page keeps it.
    assert.equal(res.location, paths.signIn.build({}, { returnTo: paths.overview.build({ la: '301' }) }));
    assert.equal((await client.get(res.location ?? '')).status, 200);
    const signIn = await client.post(paths.signIn.build(), { email: 'viewer@a.test', password: TEST_PASSWORD });
    assert.equal(signIn.location, paths.overview.build({ la: '301' }));
  });

  test('a wrong password is refused with an error summary that does not say which field was wrong', async () => {
    const client = bed.client();
    const res = await client.post(paths.signIn.build(), { email: 'viewer@a.test', password: 'not-the-password' });
    assert.equal(res.location, paths.signIn.build());
    const page = await client.get(paths.signIn.build());
    assert.match(page.text, /There is a problem/);
    assert.match(page.text, /Enter a correct email address and password/);
    assert.match(page.text, /<title>Error: Sign in/);
    const unknown = await client.post(paths.signIn.build(), { email: 'nobody@a.test', password: 'whatever-it-is' });
    assert.equal(unknown.location, paths.signIn.build());
  });

  test('every POST needs the CSRF token: without it, or with a wrong one, 403 and nothing happens', async () => {
    const client = bed.client();
    const none = await client.post(
      paths.signIn.build(),
      { email: 'viewer@a.test', password: TEST_PASSWORD },
      { csrf: false },
    );
    assert.equal(none.status, 403);
    assert.match(none.text, /This page has expired/);
    await client.csrfToken();
    const wrong = await client.post(
      paths.signIn.build(),
      { email: 'viewer@a.test', password: TEST_PASSWORD },
      { csrf: 'x'.repeat(64) },
    );
    assert.equal(wrong.status, 403);
    const admin = await bed.signedIn('admin@a.test');
    const settings = await admin.post(
      paths.settings.build({ la: '301' }),
      { childPopulation: '5000' },
      { csrf: false },
    );
    assert.equal(settings.status, 403);
    const stored = await bed.services.users.getSettings(
      { userId: null, name: 't', laCode: '301', role: 'viewer', requestId: null },
      '301',
    );
    assert.equal(stored.childPopulation, null);
  });

  test('a new session id at sign-in, and sign out ends the session', async () => {
    const client = bed.client();
    await client.csrfToken();
    const before = await client.get(paths.signIn.build());
    void before;
    const res = await client.post(paths.signIn.build(), { email: 'viewer@a.test', password: TEST_PASSWORD });
    assert.match(res.headers.get('set-cookie') ?? '', /forecare\.sid=/, 'a fresh cookie is issued at sign-in');
    assert.match(res.headers.get('set-cookie') ?? '', /HttpOnly/i);
    assert.match(res.headers.get('set-cookie') ?? '', /SameSite=Lax/i);
    assert.equal((await client.get(paths.overview.build({ la: '301' }))).status, 200);
    const out = await client.post(paths.signOut.build(), {}, { tokenFrom: paths.overview.build({ la: '301' }) });
    assert.equal(out.location, paths.signIn.build());
    assert.equal((await client.get(paths.overview.build({ la: '301' }))).status, 302);
  });

  test("another council's pages are refused (403) for every page, and / goes to the user's own council", async () => {
    const client = await bed.signedIn('other@b.test');
    for (const p of [
      paths.overview.build({ la: '301' }),
      paths.data.index.build({ la: '301' }),
      paths.data.history.build({ la: '301' }),
      paths.users.index.build({ la: '301' }),
      paths.audit.build({ la: '301' }),
      paths.settings.build({ la: '301' }),
    ]) {
      const res = await client.get(p);
      assert.equal(res.status, 403, p);
      assert.match(res.text, /You do not have access to this council/);
      assert.doesNotMatch(res.text, /Council A/);
    }
    const home = await client.get(paths.root.build());
    assert.equal(home.location, paths.overview.build({ la: '302' }));
  });

  test('someone in two councils chooses one with the council switcher', async () => {
    const client = await bed.signedIn('both@x.test');
    const home = await client.get(paths.root.build());
    assert.equal(home.location, paths.councils.build());
    const choose = await client.get(paths.councils.build());
    assert.match(choose.text, /Council A \(301\)/);
    assert.match(choose.text, /Council B \(302\)/);
    const res = await client.post(paths.councils.build(), { la: '302' }, { tokenFrom: paths.councils.build() });
    assert.equal(res.location, paths.overview.build({ la: '302' }));
    const page = await client.get(paths.overview.build({ la: '302' }));
    assert.match(page.text, /Change council/);
    assert.match(page.text, /class="app-council-header__name">Council B</);
    assert.equal((await client.get(paths.root.build())).location, paths.overview.build({ la: '302' }));
    const bad = await client.post(paths.councils.build(), { la: '999' }, { tokenFrom: paths.councils.build() });
    assert.equal(bad.location, paths.councils.build());
  });

  test('two-factor sign-in: enrol with a code from the app, then sign-in asks for the code', async () => {
    await bed.addUser('301', 'totp@a.test', 'viewer');
    const client = await bed.signedIn('totp@a.test');
    const page = await client.get(paths.account.twoFactor.build());
    assert.equal(page.status, 200);
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page.text)?.[1];
    assert.ok(secret, 'the setup key is shown');
    const wrong = await client.post(
      paths.account.twoFactor.build(),
      { code: '000000' },
      { tokenFrom: paths.account.twoFactor.build() },
    );
    assert.equal(wrong.location, paths.account.twoFactor.build());
    assert.match((await client.get(paths.account.twoFactor.build())).text, /Enter the 6-digit code/);
    const ok = await client.post(
      paths.account.twoFactor.build(),
      { code: await generate({ secret }) },
      { tokenFrom: paths.account.twoFactor.build() },
    );
    assert.equal(ok.location, paths.account.twoFactor.build());
    assert.match(
      (await client.get(paths.account.twoFactor.build())).text,
      /Two-factor sign-in is <strong>on<\/strong>/,
    );

    const fresh = bed.client();
    await fresh.get(paths.overview.build({ la: '301' }));
    const step1 = await fresh.post(paths.signIn.build(), { email: 'totp@a.test', password: TEST_PASSWORD });
    assert.equal(step1.location, paths.signInCode.build());
    assert.equal((await fresh.get(paths.overview.build({ la: '301' }))).status, 302, 'not signed in before the code');
    const bad = await fresh.post(paths.signInCode.build(), { code: '123456' }, { tokenFrom: paths.signInCode.build() });
    assert.equal(bad.location, paths.signInCode.build());
    // The code that turned the factor on is used up (test/web/twoFactor.test.ts): the next one, which
    // the server accepts a period early for a phone clock a little ahead.
    const good = await fresh.post(
      paths.signInCode.build(),
      { code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }) },
      { tokenFrom: paths.signInCode.build() },
    );
    assert.equal(good.location, paths.overview.build({ la: '301' }), 'back to the page asked for before signing in');
    assert.equal((await fresh.get(paths.overview.build({ la: '301' }))).status, 200);
  });

  test('unknown pages get the 404 page; assets are served from govuk-frontend and MoJ frontend', async () => {
    const client = await bed.signedIn('viewer@a.test');
    const res = await client.get('/c/301/no-such-page');
    assert.equal(res.status, 404);
    assert.match(res.text, /Page not found/);
    for (const asset of [
      '/assets/govuk/govuk-frontend.min.css',
      '/assets/govuk/govuk-frontend.min.js',
      '/assets/moj/moj-frontend.min.js',
      '/assets/fonts/bold-b542beb274-v2.woff2',
      '/assets/forecare.css',
      '/assets/forecare.mjs',
    ]) {
      assert.equal((await bed.client().getBytes(asset)).status, 200, asset);
    }
  });

  test('a failing service gives the error page with a reference; the stack only outside production', async () => {
    const original = bed.services.overview.overview;
    bed.services.overview.overview = async () => {
      throw new Error('database on fire');
    };
    try {
      const client = await bed.signedIn('viewer@a.test');
      const res = await client.get(paths.overview.build({ la: '301' }));
      assert.equal(res.status, 500);
      assert.match(res.text, /Sorry, there is a problem with the service/);
      assert.ok(res.text.includes(res.headers.get('x-request-id') ?? 'missing'), 'the request id is the reference');
      assert.match(res.text, /database on fire/, 'development shows the stack');
    } finally {
      bed.services.overview.overview = original;
    }
  });
});

describe('the demo', () => {
  test('the sign-in page names the demo users when the app is started with a hint, and not otherwise', async () => {
    const bed = await webTestbed({ signInHint: 'Demo council: sign in as admin@demo.test (admin)' });
    try {
      const page = await bed.client().get(paths.signIn.build());
      assert.match(page.text, /id="sign-in-hint"[\s\S]*Demo council: sign in as admin@demo\.test \(admin\)/);
    } finally {
      await bed.close();
    }
    const plain = await webTestbed();
    try {
      assert.doesNotMatch((await plain.client().get(paths.signIn.build())).text, /sign-in-hint/);
    } finally {
      await plain.close();
    }
  });
});

describe('a failing service on each page', () => {
  test('every page answers with the error page and its reference when its service fails', async () => {
    const bed = await webTestbed();
    try {
      await bed.addUser('301', 'admin@a.test', 'admin');
      const client = await bed.signedIn('admin@a.test');
      const boom = async (): Promise<never> => {
        throw new Error('the store is unavailable');
      };
      const svc = bed.services;
      const cases: Array<[string, () => void]> = [
        [paths.overview.build({ la: '301' }), () => Object.assign(svc.overview, { overview: boom })],
        [paths.data.index.build({ la: '301' }), () => Object.assign(svc.imports, { history: boom })],
        [paths.data.history.build({ la: '301' }), () => Object.assign(svc.imports, { history: boom })],
        [paths.users.index.build({ la: '301' }), () => Object.assign(svc.users, { listMembers: boom })],
        [paths.audit.build({ la: '301' }), () => Object.assign(svc.audit, { list: boom })],
        [paths.settings.build({ la: '301' }), () => Object.assign(svc.users, { getSettings: boom })],
        [paths.trackers.index.build({ la: '301' }), () => Object.assign(svc.permanence, { list: boom })],
        [paths.sufficiency.index.build({ la: '301' }), () => Object.assign(svc.sufficiency, { view: boom })],
      ];
      for (const [page, breakIt] of cases) {
        breakIt();
        const res = await client.get(page);
        assert.equal(res.status, 500, page);
        assert.match(res.text, /Sorry, there is a problem with the service/, page);
        assert.ok(res.text.includes(res.headers.get('x-request-id') ?? 'missing'), page);
      }
    } finally {
      await bed.close();
    }
  });
});

describe('web platform in production mode', () => {
  test('error pages hide the stack', async () => {
    // Production cookies are Secure: the app sits behind a TLS proxy that says so.
    const bed = await webTestbed({ production: true, trustProxy: 1 });
    try {
      await bed.addUser('301', 'viewer@a.test', 'viewer');
      bed.services.overview.overview = async () => {
        throw new Error('secret internals');
      };
      const client = await bed.signedIn('viewer@a.test', undefined, { 'x-forwarded-proto': 'https' });
      const res = await client.get(paths.overview.build({ la: '301' }));
      assert.equal(res.status, 500);
      assert.doesNotMatch(res.text, /secret internals/);
      assert.match(res.text, /Sorry, there is a problem with the service/);
      assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=31536000/);
    } finally {
      await bed.close();
    }
  });

  test('sign-in is rate limited', async () => {
    const bed = await webTestbed({ signInAttemptsPer15Minutes: 3 });
    try {
      await bed.addUser('301', 'viewer@a.test', 'viewer');
      const client = bed.client();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await client.post(paths.signIn.build(), { email: 'viewer@a.test', password: 'wrong-password!' })).status,
        );
      assert.deepEqual(statuses, [302, 302, 302, 429]);
      const limited = await client.post(paths.signIn.build(), { email: 'viewer@a.test', password: TEST_PASSWORD });
      assert.equal(limited.status, 429, 'even the right password waits');
      assert.match(limited.text, /Too many sign-in attempts/);
    } finally {
      await bed.close();
    }
  });
});
