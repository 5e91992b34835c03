/**
 * CSRF on every state-changing route, whatever the body's encoding. The routes are read from the
 * app's own routers, so a route added later is covered without touching this file (a new route
 * parameter needs a value in PARAMS). For each: url-encoded without a token and with a wrong one,
 * multipart without a token (with and without a file), JSON and plain text without a token are all
 * refused with 403 "This page has expired", and nothing in the database or the upload folder
 * changes. A multipart body to a route that takes no files is refused even with a valid token.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { fileRoutes, paths } from '../../src/web/paths.ts';
import { appRoutes, webTestbed, type Client, type Testbed } from './support.ts';
import { actorFor, planningCouncils } from './features/forecast/planningCase.ts';
import { EPISODE_COLUMNS, HEADER_COLUMNS, aChild, anEpisode, toCsv } from '../support/ssda903Builders.ts';

const LA = '301';
const EXAMPLE = new URL('../../examples/programme/example.yaml', import.meta.url);

/** Everything stored, table by table (sessions aside: the clients' own sessions are not the point). */
async function snapshot(bed: Testbed): Promise<string> {
  const tables = (await bed.data.db.introspection.getTables()).map((t) => t.name).sort();
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    if (t === 'sessions') continue;
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(bed.data.db);
    out[t] = rows.rows.map((r) => JSON.stringify(r)).sort();
  }
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else files.push(`${path.relative(bed.uploadDir, p)} ${(await stat(p)).size}`);
    }
  };
  await walk(bed.uploadDir);
  const uploads = bed.services.imports
    .recentUploads(actorFor(LA, 'admin'), LA)
    .map((u) => `${u.id} ${u.status}`)
    .sort();
  return JSON.stringify({ out, files: files.sort(), uploads });
}

function formWithFile(): FormData {
  const form = new FormData();
  form.set('childPopulation', '1');
  form.set('role', 'admin');
  form.set('name', 'forged');
  form.set('files', new Blob(['CHILD,SEX\n1,1\n']), '2024-header.csv');
  return form;
}

describe('CSRF on every state-changing route', () => {
  let bed: Testbed;
  let admin: Client;
  // Route parameters the forged requests name (CSRF refuses them before anything is looked up).
  const params: Record<string, string> = {
    la: LA,
    number: '1',
    section: 'milestones',
    project: 'Reunification',
    child: 'AAAAAAAAAAAAAAAA',
  };

  before(async () => {
    bed = await webTestbed({ now: () => new Date('2025-11-01T09:00:00Z') });
    await planningCouncils(bed);
    admin = await bed.signedIn('admin@a.test');
    const actor = actorFor(LA, 'admin');
    const users = await bed.services.users.listMembers(actor, LA);
    const analyst = users.find((u) => u.email === 'analyst@a.test');
    assert.ok(analyst);
    params.userId = String(analyst.userId);

    await bed.services.scenarios.create(actor, LA, { name: 'Plan A', description: 'kept' });
    await bed.services.scenarios.setAdjustment(actor, LA, 'Plan A', null, {
      kind: 'entryRate',
      start: '2024-04-01',
      percent: -10,
    });
    params.name = 'Plan A';

    const programme = await bed.services.programmes.upload(
      actor,
      LA,
      { bytes: new Uint8Array(await readFile(EXAMPLE)), name: 'example.yaml' },
      'example',
    );
    params.programmeId = programme.id;
    const initiative = programme.programme.initiatives[0];
    assert.ok(initiative);
    params.initiativeId = initiative.id;

    const header = path.join(bed.uploadDir, 'incoming-header.csv');
    const episodes = path.join(bed.uploadDir, 'incoming-episodes.csv');
    await writeFile(header, toCsv(HEADER_COLUMNS, [aChild()]));
    await writeFile(episodes, toCsv(EPISODE_COLUMNS, [anEpisode()]));
    params.uploadId = await bed.services.imports.startUpload(actor, LA, [
      { tempPath: header, originalName: '2024-header.csv' },
      { tempPath: episodes, originalName: '2024-episodes.csv' },
    ]);
    await bed.services.imports.settled();
    assert.equal(bed.services.imports.upload(actor, LA, params.uploadId).status, 'validated');
  });
  after(() => bed.close());

  function urlOf(pattern: string): string {
    return pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
      const v = params[name];
      assert.ok(v !== undefined, `add a value for the route parameter :${name} (route ${pattern}) to this test`);
      return encodeURIComponent(v);
    });
  }

  test('the routes are read from the app: every POST route of every feature', () => {
    const routes = appRoutes(bed.app);
    const posts = routes.filter((r) => r.method === 'POST').map((r) => r.path);
    for (const expected of [
      paths.signIn,
      paths.signOut,
      paths.account.twoFactorRemove,
      paths.settings,
      paths.users.remove,
      paths.data.uploads,
      paths.data.importUpload,
      paths.scenarios.remove,
      paths.programmes.remove,
    ])
      assert.ok(posts.includes(expected.pattern), `${expected.pattern} is found`);
    assert.ok(posts.length >= 25, `${posts.length} POST routes`);
    assert.deepEqual(
      routes.filter((r) => !['GET', 'HEAD', 'POST'].includes(r.method)),
      [],
      'no PUT, PATCH or DELETE routes (add them to the loop below if there ever are)',
    );
  });

  test('without a valid token, every state-changing route refuses every encoding with 403 and changes nothing', async () => {
    const tokenPage = paths.settings.build({ la: LA });
    const routes = appRoutes(bed.app).filter((r) => r.method === 'POST');
    for (const route of routes) {
      const url = urlOf(route.path);
      const before = await snapshot(bed);
      const attempts: Array<[string, () => Promise<{ status: number; text: string }>]> = [
        ['url-encoded, no token', () => admin.post(url, { childPopulation: '1', role: 'admin' }, { csrf: false })],
        [
          'url-encoded, wrong token',
          async () => {
            await admin.csrfToken(tokenPage);
            return admin.post(url, { childPopulation: '1', role: 'admin' }, { csrf: 'f'.repeat(256) });
          },
        ],
        ['multipart with a file, no token', () => admin.postMultipart(url, formWithFile(), { csrf: false })],
        [
          'multipart, fields only, no token',
          () => {
            const form = new FormData();
            form.set('childPopulation', '1');
            form.set('acceptErrors', 'yes');
            return admin.postMultipart(url, form, { csrf: false });
          },
        ],
        [
          'multipart with a file, wrong token',
          () => admin.postMultipart(url, formWithFile(), { csrf: 'f'.repeat(256) }),
        ],
        [
          'JSON, no token',
          () => admin.postRaw(url, '{"childPopulation":"1","acceptErrors":"yes"}', 'application/json'),
        ],
        ['plain text, no token', () => admin.postRaw(url, 'childPopulation=1', 'text/plain')],
      ];
      for (const [what, send] of attempts) {
        const res = await send();
        assert.equal(res.status, 403, `POST ${route.path} (${what}) answered ${res.status}`);
        assert.match(res.text, /This page has expired/, `POST ${route.path} (${what})`);
      }
      assert.equal(await snapshot(bed), before, `POST ${route.path} changed something without a valid token`);
    }
    // The forged sign-out did not end the session.
    assert.equal((await admin.get(paths.overview.build({ la: LA }))).status, 200);
  });

  test('multipart is taken only where files are expected: elsewhere refused even with a valid token', async () => {
    const before = await snapshot(bed);
    const token = await admin.csrfToken(paths.settings.build({ la: LA }));
    const form = new FormData();
    form.set('childPopulation', '5000');
    const inBody = await admin.postMultipart(paths.settings.build({ la: LA }), form, { csrf: token });
    assert.equal(inBody.status, 403, 'a token in a multipart body is not read where nothing parses it');
    const inHeader = await admin.postMultipart(paths.settings.build({ la: LA }), form, {
      csrf: false,
      headers: { 'x-csrf-token': token },
    });
    assert.equal(inHeader.status, 415, 'with a valid token in the header: this form does not take files');
    assert.equal(await snapshot(bed), before);
    // With the token in the header, a url-encoded form is fine (the setting changes).
    const ok = await admin.postRaw(
      paths.settings.build({ la: LA }),
      'childPopulation=5000',
      'application/x-www-form-urlencoded',
      {
        'x-csrf-token': token,
      },
    );
    assert.equal(ok.status, 302);
    const settings = await bed.services.users.getSettings(actorFor(LA, 'admin'), LA);
    assert.equal(settings.childPopulation, 5000);
  });

  test('an upload route wants the token before the files: a token sent after them is refused and no file is kept', async () => {
    for (const route of fileRoutes) {
      const url = route.build({ la: LA });
      const token = await admin.csrfToken(paths.data.index.build({ la: LA }));
      const before = await snapshot(bed);
      const form = new FormData();
      form.set(route === paths.programmes.upload ? 'file' : 'files', new Blob(['CHILD,SEX\n1,1\n']), '2024-header.csv');
      const res = await admin.postMultipart(url, form, { csrf: token, tokenLast: true });
      assert.equal(res.status, 403, url);
      assert.equal(await snapshot(bed), before, url);
    }
  });
});
