/**
 * Issue 17 (should fix): requests without a cookie create no session row (only a page with a form
 * needing a token does, and signing in); signed-in pages and downloads send Cache-Control: no-store.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { paths } from '../../src/web/paths.ts';
import { webTestbed, type Testbed } from './support.ts';

describe('sessions and caching', () => {
  let bed: Testbed;
  before(async () => {
    bed = await webTestbed();
    await bed.addUser('301', 'admin@a.test', 'admin', 'Council A');
  });
  after(() => bed.close());

  const sessionRows = async (): Promise<number> =>
    (
      await bed.data.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  test('requests without a cookie create no session row; the sign-in form does', async () => {
    const before = await sessionRows();
    for (const p of [
      paths.health.build(),
      paths.root.build(),
      paths.councils.build(),
      paths.overview.build({ la: '301' }),
      '/no-such-page',
      paths.assets.build() + '/images/favicon.ico',
    ]) {
      const res = await fetch(bed.url + p, { redirect: 'manual' });
      await res.arrayBuffer();
      assert.equal(res.headers.get('set-cookie'), null, `${p} sets no cookie`);
    }
    assert.equal(await sessionRows(), before, 'no session rows');
    // The sign-in page renders a form with a token: its session is kept.
    const signIn = await fetch(bed.url + paths.signIn.build());
    await signIn.text();
    assert.match(signIn.headers.get('set-cookie') ?? '', /forecare\.sid=/);
    assert.equal(await sessionRows(), before + 1);
  });

  test('signed-in pages and downloads send Cache-Control: no-store', async () => {
    const admin = await bed.signedIn('admin@a.test');
    for (const p of [paths.councils.build(), paths.audit.build({ la: '301' }), paths.account.twoFactor.build()]) {
      const page = await admin.get(p);
      assert.equal(page.status, 200, p);
      assert.equal(page.headers.get('cache-control'), 'no-store', p);
    }
    const download = await admin.getBytes(`${paths.audit.build({ la: '301' })}?format=xlsx`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('cache-control'), 'no-store');
  });
});
