/**
 * Data page: upload the project's own sample (test/support/projectSample.ts: files and a zip of year folders), follow the check, the
 * validation report with filters and CSV, import with errors accepted (audited), history; the
 * zip guards; access for each role and for another council.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../../../src/web/paths.ts';
import { webTestbed, type Client, type Testbed } from '../support.ts';
import { makeZip } from '../zip.ts';
import { writeProjectSample } from '../../support/projectSample.ts';
import { SHARED_SAMPLE, sharedSampleSkip } from '../../support/sharedSample.ts';
import { processFolder } from '../../support/processFolder.ts';

const sample = await writeProjectSample(processFolder('forecare-sample-'));
const FIXTURE = sample.dir;
const TABLES = /^(\d{4})-(header|episodes|uasc|oc3)\.csv$/;

function fixtureForm(filter: (name: string) => boolean = (n) => TABLES.test(n), dir = FIXTURE): FormData {
  const form = new FormData();
  for (const name of fs.readdirSync(dir).filter(filter).sort())
    form.append('files', new Blob([fs.readFileSync(path.join(dir, name))]), name);
  return form;
}

async function upload(bed: Testbed, client: Client, form: FormData, la = '301'): Promise<string> {
  const res = await client.postMultipart(paths.data.uploads.build({ la }), form, {
    tokenFrom: paths.data.index.build({ la }),
  });
  assert.equal(res.status, 303, res.text);
  assert.ok(res.location);
  await bed.services.imports.settled();
  return res.location;
}

describe('data page', () => {
  let bed: Testbed;
  let analyst: Client;
  let statusPath: string;
  before(async () => {
    bed = await webTestbed();
    for (const role of ['admin', 'analyst', 'viewer'] as const)
      await bed.addUser('301', `${role}@a.test`, role, 'Council A');
    await bed.addUser('302', 'analyst@b.test', 'analyst', 'Council B');
    analyst = await bed.signedIn('analyst@a.test');
    statusPath = await upload(bed, analyst, fixtureForm());
  });
  after(() => bed.close());

  test('the data page offers the upload form to analysts and admins only', async () => {
    for (const role of ['admin', 'analyst'] as const) {
      const page = await (await bed.signedIn(`${role}@a.test`)).get(paths.data.index.build({ la: '301' }));
      assert.equal(page.status, 200);
      assert.match(page.text, /enctype="multipart\/form-data"/);
    }
    const viewerPage = await (await bed.signedIn('viewer@a.test')).get(paths.data.index.build({ la: '301' }));
    assert.equal(viewerPage.status, 200);
    assert.doesNotMatch(viewerPage.text, /multipart/);
    assert.match(viewerPage.text, /Analysts and admins upload and import data/);
  });

  test('after the check, the status page summarises the report and asks to accept the errors', async () => {
    const page = await analyst.get(statusPath);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /http-equiv="refresh"/, 'no refresh once the check is done');
    assert.match(page.text, /Check the validation report/);
    assert.match(page.text, /20 tables read from 20 uploaded files/);
    assert.match(page.text, /Import with these errors accepted/);
  });

  test('the status page waits for the check to finish and shows the result: no refresh needed', async () => {
    const res = await analyst.postMultipart(
      paths.data.uploads.build({ la: '301' }),
      fixtureForm((n) => /^2021-/.test(n) && TABLES.test(n)),
      {
        tokenFrom: paths.data.index.build({ la: '301' }),
      },
    );
    assert.equal(res.status, 303);
    const page = await analyst.get(res.location ?? '');
    assert.match(page.text, /<h1 class="govuk-heading-l">Check the validation report<\/h1>/);
    assert.doesNotMatch(page.text, /http-equiv="refresh"/);
  });

  test('the validation report filters by severity, rule and file through the query, and pages', async () => {
    const base = `${statusPath}/report`;
    const all = await analyst.get(base);
    assert.equal(all.status, 200);
    const total = Number(/of ([\d,]+)<\/caption>/.exec(all.text)?.[1]?.replace(/,/g, ''));
    assert.ok(total > 100, 'the fixture has many issues');
    assert.match(all.text, /rel="next"/);
    const warnings = await analyst.get(`${base}?severity=warning`);
    assert.doesNotMatch(warnings.text, />\s*Error\s*<\/strong>/);
    assert.match(warnings.text, />\s*Warning\s*<\/strong>/);
    const rule = /<option value="([A-Z0-9-]+)">\1 \(\d+\)<\/option>/.exec(all.text)?.[1];
    assert.ok(rule);
    const byRule = await analyst.get(`${base}?rule=${rule}`);
    const rows = (byRule.text.split('<tbody')[1] ?? '').split('<tr').slice(1);
    assert.ok(rows.length > 0);
    assert.ok(
      rows.every((r) => r.includes(`<td class="govuk-table__cell">${rule}</td>`)),
      'every row has the rule',
    );
    const byFile = await analyst.get(`${base}?file=2017-episodes.csv`);
    const files = [...byFile.text.matchAll(/<td class="govuk-table__cell">(\d{4}-[a-z]+\.csv)<\/td>/g)].map(
      (m) => m[1],
    );
    assert.ok(files.every((f) => f === '2017-episodes.csv'));
    assert.doesNotMatch(all.text, /forecare-web-test-/, 'no server paths in the report');
  });

  test('the report downloads as CSV with the same rows as the filter', async () => {
    const res = await analyst.getBytes(`${statusPath}/report?severity=error&format=csv`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/csv/);
    const lines = res.body
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines[0], 'severity,fatal,file,row,column,rule,message');
    const page = await analyst.get(`${statusPath}/report?severity=error`);
    const shown = Number(/of ([\d,]+)<\/caption>/.exec(page.text)?.[1]?.replace(/,/g, ''));
    assert.equal(lines.length - 1, shown);
    assert.ok(lines.slice(1).every((l) => l.startsWith('error,')));
  });

  test('a viewer and another council cannot see the upload; the wrong council in the URL is "not found"', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    assert.equal((await viewer.get(statusPath)).status, 403);
    assert.equal((await viewer.get(`${statusPath}/report`)).status, 403);
    const other = await bed.signedIn('analyst@b.test');
    assert.equal((await other.get(statusPath)).status, 403);
    const id = statusPath.split('/').pop() as string;
    assert.equal((await other.get(paths.data.upload.build({ la: '302', uploadId: id }))).status, 404);
    const post = await viewer.postMultipart(
      paths.data.uploads.build({ la: '301' }),
      fixtureForm((n) => n === '2017-header.csv'),
      { tokenFrom: paths.data.index.build({ la: '301' }) },
    );
    assert.equal(post.status, 403);
  });

  test('importing needs the errors accepted; then it imports, is audited with the request id, and shows in history', async () => {
    const importPath = `${statusPath}/import`;
    const refused = await analyst.post(importPath, {}, { tokenFrom: statusPath });
    assert.equal(refused.location, statusPath);
    assert.match(
      (await analyst.get(statusPath)).text,
      /Confirm that you want to import the data with its [\d,]+ validation errors/,
    );
    const accepted = await analyst.post(importPath, { acceptErrors: 'yes' }, { tokenFrom: statusPath });
    assert.equal(accepted.status, 303);
    const requestId = accepted.headers.get('x-request-id');
    await bed.services.imports.settled();
    const done = await analyst.get(statusPath);
    assert.match(done.text, /Import complete/);
    assert.match(done.text, /errors accepted/);

    const audit = await bed.services.audit.list(
      { userId: null, name: 't', laCode: '301', role: 'admin', requestId: null },
      '301',
      { action: 'import' },
    );
    const entry = audit.entries.find((e) => e.action === 'import.completed');
    assert.ok(entry);
    assert.equal(entry.actor, 'analyst@a.test');
    assert.equal(entry.requestId, requestId);
    assert.equal(entry.detail.acceptedErrors, true);
    // No server paths (uploads sit in a temporary folder): file names only (issue 15).
    const files = entry.detail.files as Array<Record<string, unknown>>;
    assert.ok(files.length > 0 && files.every((f) => typeof f.file === 'string' && !/[\\/]/.test(f.file)));
    assert.ok(files.every((f) => !('path' in f)));
    // The audit page says it in a sentence, with the recorded JSON behind a details toggle.
    const page = await (await bed.signedIn('admin@a.test')).get(paths.audit.build({ la: '301' }, { action: 'import' }));
    assert.match(
      page.text,
      /analyst@a\.test imported 5 years of returns by upload \([\d,]+ children, [\d,]+ episodes\), accepting [\d,]+ errors\./,
    );
    assert.match(page.text, /<details class="govuk-details[^"]*">\s*<summary[^>]*>[\s\S]*?Recorded details/);
    assert.doesNotMatch(page.text, /forecare-upload|\/tmp\//);

    const history = await analyst.get(paths.data.history.build({ la: '301' }));
    assert.match(history.text, /analyst@a\.test/);
    // Files named 2017..2021 hold the years ending March 2018..2022 (the loader reads the dates).
    assert.match(history.text, /2018, 2019, 2020, 2021, 2022/);
    const viewerHistory = await (await bed.signedIn('viewer@a.test')).get(paths.data.history.build({ la: '301' }));
    assert.equal(viewerHistory.status, 200);
    const otherHistory = await (await bed.signedIn('analyst@b.test')).get(paths.data.history.build({ la: '301' }));
    assert.equal(otherHistory.status, 403);
    const overview = await analyst.get(paths.overview.build({ la: '301' }));
    assert.match(overview.text, /id="stat-total">\d+</);
  });

  test('a zip of year folders is unpacked and checked', async () => {
    const entries = fs
      .readdirSync(FIXTURE)
      .filter((n) => TABLES.test(n) && /^(2020|2021)/.test(n))
      .map((n) => {
        const [, year, table] = TABLES.exec(n) as RegExpExecArray;
        return { name: `returns/${year}/${table}.csv`, data: fs.readFileSync(path.join(FIXTURE, n)) };
      });
    const form = new FormData();
    form.append(
      'files',
      new Blob([makeZip([...entries, { name: 'returns/readme.txt', data: Buffer.from('ignored') }])]),
      'returns.zip',
    );
    const status = await upload(bed, analyst, form);
    const page = await analyst.get(status);
    assert.match(page.text, /8 tables read from 1 uploaded file/); // header, episodes, uasc, oc3 for two years
  });

  test('a zip entry pointing outside the folder is refused, and nothing is written outside', async () => {
    const form = new FormData();
    form.append(
      'files',
      new Blob([makeZip([{ name: '../../escaped-2020-header.csv', data: Buffer.from('CHILD,SEX\n1,1\n') }])]),
      'evil.zip',
    );
    const status = await upload(bed, analyst, form);
    const page = await analyst.get(status);
    assert.match(page.text, /Upload not imported/);
    assert.match(page.text, /zip/i);
    assert.equal(fs.existsSync(path.join(bed.uploadDir, '..', 'escaped-2020-header.csv')), false);
  });

  test('a zip bomb (an entry inflating far beyond its size) is refused', async () => {
    const form = new FormData();
    form.append(
      'files',
      new Blob([makeZip([{ name: '2020/episodes.csv', data: Buffer.alloc(20 * 1024 * 1024, 0x30) }])]),
      'bomb.zip',
    );
    const status = await upload(bed, analyst, form);
    const page = await analyst.get(status);
    assert.match(page.text, /Upload not imported/);
    assert.match(page.text, /zip bomb|more data than is allowed/);
  });

  test('an upload with no files gets an error summary', async () => {
    const res = await analyst.postMultipart(paths.data.uploads.build({ la: '301' }), new FormData(), {
      tokenFrom: paths.data.index.build({ la: '301' }),
    });
    assert.equal(res.location, paths.data.index.build({ la: '301' }));
    assert.match((await analyst.get(paths.data.index.build({ la: '301' }))).text, /Select one or more SSDA903 files/);
  });

  test('a multipart POST without the CSRF token is refused, and the files it carried are deleted', async () => {
    const res = await analyst.postMultipart(
      paths.data.uploads.build({ la: '301' }),
      fixtureForm((n) => n === '2017-header.csv'),
      { csrf: false },
    );
    assert.equal(res.status, 403);
    assert.deepEqual(fs.readdirSync(path.join(bed.uploadDir, 'incoming')), []);
  });
});

describe('upload limits', () => {
  test('a file over the size limit is refused with an error summary', async () => {
    const bed = await webTestbed({ maxUploadBytes: 2000 });
    try {
      await bed.addUser('301', 'analyst@a.test', 'analyst');
      const client = await bed.signedIn('analyst@a.test');
      const res = await client.postMultipart(
        paths.data.uploads.build({ la: '301' }),
        fixtureForm((n) => n === '2017-episodes.csv'),
        { tokenFrom: paths.data.index.build({ la: '301' }) },
      );
      assert.equal(res.status, 303);
      assert.equal(res.location, paths.data.index.build({ la: '301' }));
      assert.match((await client.get(paths.data.index.build({ la: '301' }))).text, /Each file must be smaller than/);
    } finally {
      await bed.close();
    }
  });
});

describe('the shared sample through the web', { skip: sharedSampleSkip }, () => {
  test('uploads and checks as the loader reads it: 20 tables, errors to accept', async () => {
    const bed = await webTestbed();
    try {
      await bed.addUser('301', 'analyst@a.test', 'analyst');
      const client = await bed.signedIn('analyst@a.test');
      const status = await upload(bed, client, fixtureForm(undefined, SHARED_SAMPLE));
      const page = await client.get(status);
      assert.match(page.text, /20 tables read from 20 uploaded files/);
      assert.match(page.text, /Import with these errors accepted/);
    } finally {
      await bed.close();
    }
  });
});
