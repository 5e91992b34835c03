/** Users, Audit and Council settings: admins only; every change audited with its request id. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../../src/web/paths.ts';
import { AccessDeniedError, type Actor } from '../../../src/services/access.ts';
import { webTestbed, type Client, type Testbed } from '../support.ts';

const ADMIN_PAGES = [
  paths.users.index.build({ la: '301' }),
  paths.audit.build({ la: '301' }),
  paths.settings.build({ la: '301' }),
];

describe('admin pages', () => {
  let bed: Testbed;
  let admin: Client;
  before(async () => {
    bed = await webTestbed();
    for (const role of ['admin', 'analyst', 'viewer'] as const)
      await bed.addUser('301', `${role}@a.test`, role, 'Council A');
    await bed.addUser('302', 'admin@b.test', 'admin', 'Council B');
    admin = await bed.signedIn('admin@a.test');
  });
  after(() => bed.close());

  test('admins see the users, audit and settings pages; analysts and viewers get 403; another council 403', async () => {
    for (const p of ADMIN_PAGES) assert.equal((await admin.get(p)).status, 200, p);
    for (const email of ['analyst@a.test', 'viewer@a.test', 'admin@b.test']) {
      const client = await bed.signedIn(email);
      for (const p of ADMIN_PAGES) assert.equal((await client.get(p)).status, 403, `${email} ${p}`);
    }
    const analyst = await bed.signedIn('analyst@a.test');
    const post = await analyst.post(
      paths.users.add.build({ la: '301' }),
      { email: 'x@a.test', role: 'admin', password: 'long-enough-password' },
      { tokenFrom: paths.overview.build({ la: '301' }) },
    );
    assert.equal(post.status, 403);
  });

  test('the users page lists members; an admin adds a person who can then sign in; audited with the request id', async () => {
    const page = await admin.get(paths.users.index.build({ la: '301' }));
    assert.match(page.text, /admin@a\.test \(you\)/);
    assert.match(page.text, /viewer@a\.test/);
    assert.doesNotMatch(page.text, /admin@b\.test/);

    const bad = await admin.post(
      paths.users.add.build({ la: '301' }),
      { email: 'not-an-email', role: 'analyst', password: 'x' },
      { tokenFrom: paths.users.index.build({ la: '301' }) },
    );
    assert.equal(bad.location, paths.users.index.build({ la: '301' }));
    const again = await admin.get(paths.users.index.build({ la: '301' }));
    assert.match(again.text, /There is a problem/);
    assert.match(again.text, /Enter an email address in the correct format/);
    assert.match(again.text, /value="not-an-email"/, 'the value entered is kept');

    const res = await admin.post(
      paths.users.add.build({ la: '301' }),
      { email: 'New.Person@A.test', role: 'analyst', password: 'a-long-initial-password' },
      { tokenFrom: paths.users.index.build({ la: '301' }) },
    );
    const requestId = res.headers.get('x-request-id');
    assert.match(
      (await admin.get(paths.users.index.build({ la: '301' }))).text,
      /Account created for new\.person@a\.test/,
    );
    const newcomer = await bed.signedIn('new.person@a.test', 'a-long-initial-password');
    assert.equal((await newcomer.get(paths.data.index.build({ la: '301' }))).status, 200);

    const audit = await admin.get(paths.audit.build({ la: '301' }, { action: 'user' }));
    assert.match(audit.text, /user\.added/);
    assert.match(audit.text, /admin@a\.test added new\.person@a\.test as an analyst \(a new account\)\./);
    assert.ok(requestId && audit.text.includes(requestId), 'the audit page shows the request id');
  });

  test('roles change; the last admin can be neither demoted nor removed', async () => {
    const members = await bed.services.users.listMembers(actor('301', 'admin'), '301');
    const viewer = members.find((m) => m.email === 'viewer@a.test');
    const me = members.find((m) => m.email === 'admin@a.test');
    assert.ok(viewer && me);
    await admin.post(
      paths.users.role.build({ la: '301', userId: viewer.userId }),
      { role: 'analyst' },
      { tokenFrom: paths.users.index.build({ la: '301' }) },
    );
    assert.equal(await bed.services.users.roleIn(viewer.userId, '301'), 'analyst');
    await admin.post(
      paths.users.role.build({ la: '301', userId: viewer.userId }),
      { role: 'viewer' },
      { tokenFrom: paths.users.index.build({ la: '301' }) },
    );

    await admin.post(
      paths.users.role.build({ la: '301', userId: me.userId }),
      { role: 'viewer' },
      { tokenFrom: paths.users.index.build({ la: '301' }) },
    );
    assert.match(
      (await admin.get(paths.users.index.build({ la: '301' }))).text,
      /A council must keep at least one admin/,
    );
    await admin.post(
      paths.users.remove.build({ la: '301', userId: me.userId }),
      {},
      { tokenFrom: paths.users.index.build({ la: '301' }) },
    );
    assert.match(
      (await admin.get(paths.users.index.build({ la: '301' }))).text,
      /A council must keep at least one admin/,
    );
    assert.equal(await bed.services.users.roleIn(me.userId, '301'), 'admin');
  });

  test("an admin cannot manage another council's members, even through the service", async () => {
    const members = await bed.services.users.listMembers(actor('301', 'admin'), '301');
    const viewer = members.find((m) => m.email === 'viewer@a.test');
    assert.ok(viewer);
    const other = await bed.signedIn('admin@b.test');
    const res = await other.post(
      paths.users.remove.build({ la: '301', userId: viewer.userId }),
      {},
      { tokenFrom: paths.overview.build({ la: '302' }) },
    );
    assert.equal(res.status, 403);
    await assert.rejects(
      bed.services.users.removeMember(actor('302', 'admin'), '301', viewer.userId),
      AccessDeniedError,
    );
    await assert.rejects(bed.services.users.listMembers(actor('301', 'analyst'), '301'), AccessDeniedError);
    assert.equal(await bed.services.users.roleIn(viewer.userId, '301'), 'viewer');
  });

  test('a person removed from the council loses access at their next request', async () => {
    await bed.addUser('301', 'leaver@a.test', 'analyst');
    const leaver = await bed.signedIn('leaver@a.test');
    assert.equal((await leaver.get(paths.data.index.build({ la: '301' }))).status, 200);
    const members = await bed.services.users.listMembers(actor('301', 'admin'), '301');
    const id = members.find((m) => m.email === 'leaver@a.test')?.userId;
    assert.ok(id);
    await admin.post(
      paths.users.remove.build({ la: '301', userId: id }),
      {},
      { tokenFrom: paths.users.index.build({ la: '301' }) },
    );
    assert.equal((await leaver.get(paths.data.index.build({ la: '301' }))).status, 403);
  });

  test('council settings: the child population is validated, saved and audited', async () => {
    const settingsPath = paths.settings.build({ la: '301' });
    await admin.post(settingsPath, { childPopulation: 'lots' }, { tokenFrom: settingsPath });
    const invalid = await admin.get(settingsPath);
    assert.match(invalid.text, /Enter the child population as a whole number/);
    assert.match(invalid.text, /value="lots"/);
    await admin.post(settingsPath, { childPopulation: '54,321' }, { tokenFrom: settingsPath });
    const saved = await admin.get(settingsPath);
    assert.match(saved.text, /Council settings saved/);
    assert.match(saved.text, /value="54321"/);
    assert.match(saved.text, /Last changed by admin@a\.test/);
    const entries = await bed.services.audit.list(actor('301', 'admin'), '301', { action: 'settings' });
    assert.deepEqual(entries.entries[0]?.detail, { childPopulation: { from: null, to: 54321 } });
    const viewer = await bed.signedIn('viewer@a.test');
    assert.equal(
      (await viewer.post(settingsPath, { childPopulation: '1' }, { tokenFrom: paths.overview.build({ la: '301' }) }))
        .status,
      403,
    );
  });

  test('the audit log is per council and downloads as Excel', async () => {
    const ownLog = await bed.services.audit.list(actor('301', 'admin'), '301');
    assert.ok(ownLog.entries.every((e) => e.laCode === '301'));
    await assert.rejects(bed.services.audit.list(actor('302', 'admin'), '301'), AccessDeniedError);
    const otherLog = await bed.services.audit.list(actor('302', 'admin'), '302');
    assert.equal(otherLog.total, 0);

    const res = await admin.getBytes(paths.audit.build({ la: '301' }, { format: 'xlsx' }));
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Audit log');
    assert.ok(sheet);
    const values = sheet.getSheetValues().filter(Boolean) as unknown[][];
    // Each entry as a sentence and its event code and JSON, for analysis in Excel.
    assert.ok(
      values.some(
        (r) =>
          r[4] === 'settings.updated' && typeof r[2] === 'string' && r[2].endsWith('changed the council’s settings.'),
      ),
    );
    assert.ok(values.some((r) => typeof r[5] === 'string' && r[5].startsWith('{')));
  });
});

function actor(laCode: string, role: Actor['role']): Actor {
  return { userId: null, name: 'test', laCode, role, requestId: null };
}
