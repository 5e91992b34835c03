/**
 * Programmes pages: upload, dashboard, initiative detail and edit, checks report; access, audit,
 * Excel. The example programme (examples/programme/example.yaml) is read in place; its figures
 * are those `forecare plan evaluate` prints for it (spot-checked by hand in
 * test/services/programmes tests): plan net saving £8,201,800, one error (2026/27 gross saving
 * stated 1,849 vs 1,894 in £000s) and one rounding difference (2028/29 gross saving, 76 vs 77).
 */
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../../../src/web/paths.ts';
import { AccessDeniedError } from '../../../../src/services/access.ts';
import { GBP_FORMAT } from '../../../../src/web/components/excel.ts';
import { programmeIdFrom } from '../../../../src/services/programmes.service.ts';
import { webTestbed, type Client, type Testbed } from '../../support.ts';
import { ROLES, actorFor, planningCouncils } from '../forecast/planningCase.ts';

const LA = '301';
const p = paths.programmes;
const index = p.index.build({ la: LA });
const EXAMPLE = new URL('../../../../examples/programme/example.yaml', import.meta.url);
const ID = 'mtfs';
const dashboard = p.show.build({ la: LA, programmeId: ID });

async function upload(client: Client, bytes: Uint8Array, name: string, id: string) {
  const form = new FormData();
  form.set('file', new Blob([bytes]), name);
  form.set('id', id);
  return client.postMultipart(p.upload.build({ la: LA }), form, { tokenFrom: index });
}

describe('programme ids', () => {
  test('made from the programme name', () => {
    assert.equal(
      programmeIdFrom("Children's services invest-to-save programme 2025/26"),
      'children-s-services-invest-to-save-programme-2025-26',
    );
    assert.equal(programmeIdFrom('!!!'), 'programme');
  });
});

describe('programmes pages', () => {
  let bed: Testbed;
  let analyst: Client;
  let example: Uint8Array;
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2025-11-01T09:00:00Z') });
    await planningCouncils(bed, { withCase: false });
    analyst = await bed.signedIn('analyst@a.test');
    example = new Uint8Array(await readFile(EXAMPLE));
  });
  after(() => bed.close());

  test('an empty list; only analysts and admins see the upload form, and a viewer may not upload', async () => {
    for (const role of ROLES) {
      const client = await bed.signedIn(`${role}@a.test`);
      const res = await client.get(index);
      assert.equal(res.status, 200);
      assert.match(res.text, /<title>Savings programmes – Council A – Forecare<\/title>/);
      assert.match(res.text, /has no savings programmes in Forecare yet/);
      assert.equal(res.text.includes('id="upload-programme"'), role !== 'viewer');
    }
    const viewer = await bed.signedIn('viewer@a.test');
    assert.equal((await upload(viewer, example, 'example.yaml', ID)).status, 403);
  });

  test('a bad file is refused with every problem listed', async () => {
    const res = await upload(
      analyst,
      new TextEncoder().encode('programme: Broken\nunit: pounds\n'),
      'broken.yaml',
      'broken',
    );
    assert.equal(res.status, 302);
    assert.equal(res.location, index);
    const page = await analyst.get(index);
    assert.match(page.text, /govuk-error-summary/);
    assert.match(page.text, /href="#file"/);
    assert.match(page.text, /value="broken"/);
    const none = await upload(analyst, new Uint8Array(), 'empty.yaml', '');
    assert.equal(none.status, 302);
    assert.match((await analyst.get(index)).text, /Select a programme file/);
  });

  test('the example programme uploads, is audited, and its dashboard shows RAG, variance and cumulative savings', async () => {
    const res = await upload(analyst, example, 'example.yaml', ID);
    assert.equal(res.status, 302);
    assert.equal(res.location, dashboard);
    const log = await bed.services.audit.list(actorFor(LA, 'admin'), LA, { action: 'programme.uploaded' });
    assert.equal(log.total, 1);
    assert.equal((log.entries[0]?.detail as { initiatives?: number }).initiatives, 4);
    for (const role of ROLES) {
      const client = await bed.signedIn(`${role}@a.test`);
      const page = await client.get(dashboard);
      assert.equal(page.status, 200);
      assert.match(
        page.text,
        /Children&#39;s services invest-to-save programme 2025\/26 to 2028\/29|Children’s services|Children's services invest-to-save/,
      );
      // Net saving £8,201,800 less investment £710,000 (plan totals of plan evaluate).
      assert.match(page.text, /id="stat-net">£7,491,800</);
      assert.match(page.text, /Net saving £8,201,800 less investment £710,000/);
      assert.match(page.text, /1 error, 1 rounding difference/);
      assert.match(page.text, /Edge-of-care and family support team/);
      assert.match(page.text, /govuk-tag--(green|yellow|red)/);
      assert.match(page.text, /(favourable|adverse)/);
      assert.match(
        page.text,
        /<svg[^>]*aria-labelledby="chart-programme-cumulative-svg-title chart-programme-cumulative-svg-desc"/,
      );
      assert.match(page.text, /Simple payback/);
      // The example's edge-of-care initiative names a scenario this council has not saved.
      assert.match(page.text, /Edge of care team/);
    }
  });

  test('initiative detail: years both ways, monitoring, milestones, risks; Excel', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const href = p.initiative.build({ la: LA, programmeId: ID, initiativeId: 'edge-of-care' });
    const page = await viewer.get(href);
    assert.equal(page.status, 200);
    assert.match(page.text, /Head of Early Help/);
    assert.match(page.text, /New saving this year \(incremental\)/);
    assert.match(page.text, /2025\/26 Q2/);
    assert.match(page.text, /Team recruited/);
    assert.match(page.text, /Social worker recruitment slower than planned/);
    assert.doesNotMatch(page.text, /id="edit-initiative"/);
    // Worked from the file: 2025/26 investment £450,000 and ongoing cost £315,000.
    assert.match(
      page.text,
      /data-sort-value="2025\/26">2025\/26<\/th>\s*<td[^>]*>£450,000<\/td>\s*<td[^>]*>£315,000<\/td>/,
    );
    // The page's appraisal is two tables of at most 8 columns (it fits at 1,280 px), which say which years are the plan.
    assert.match(
      page.text,
      /Costs and savings by financial year, after phasing \(2025\/26 to 20\d\d\/\d\d are the plan years; later years continue 20\d\d\/\d\d’s run rate\)/,
    );
    assert.match(page.text, /Cash flow, cumulative totals and present value by financial year/);
    for (const table of page.text.match(/<table[\s\S]*?<\/table>/g) ?? [])
      assert.ok((table.match(/<thead[\s\S]*?<\/thead>/)?.[0].match(/<th /g) ?? []).length <= 8);
    const xlsx = await viewer.getBytes(
      p.initiative.build({ la: LA, programmeId: ID, initiativeId: 'edge-of-care' }, { format: 'xlsx' }),
    );
    assert.equal(xlsx.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    assert.equal(wb.worksheets[0]?.name, 'Appraisal');
    // Excel keeps every appraisal column in one sheet, 'In the plan' included.
    const headers: string[] = [];
    const sheet = wb.worksheets[0];
    sheet?.eachRow((row) => {
      if (headers.length === 0 && row.getCell(1).value === 'Financial year')
        row.eachCell((c) => headers.push(String(c.value)));
    });
    assert.equal(headers.length, 13);
    assert.ok(headers.includes('In the plan') && headers.includes('Present value'));
    assert.equal((await viewer.get(p.initiative.build({ la: LA, programmeId: ID, initiativeId: 'nope' }))).status, 404);
  });

  test('the checks report tells rounding from errors; it downloads as Excel with money in the GBP format', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const page = await viewer.get(p.checks.build({ la: LA, programmeId: ID }));
    assert.equal(page.status, 200);
    assert.match(page.text, /1 error and 1 rounding difference/);
    assert.match(page.text, /column 2026\/27 \/ gross saving: stated 1,849 but the lines add to 1,894/);
    assert.match(page.text, />\(£44,800\)</);
    const xlsx = await viewer.getBytes(p.checks.build({ la: LA, programmeId: ID }, { format: 'xlsx' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    let seen = false;
    wb.getWorksheet('Checks')?.eachRow((row) => {
      if (row.getCell(2).value === 'column 2026/27 / gross saving') {
        seen = true;
        assert.equal(row.getCell(1).value, 'Error');
        assert.equal(row.getCell(5).value, -44800);
        assert.equal(row.getCell(5).numFmt, GBP_FORMAT);
      }
    });
    assert.ok(seen);
  });

  test('an analyst edits an initiative: validated, saved, audited, and the dashboard follows', async () => {
    const edit = p.editInitiative.build({ la: LA, programmeId: ID, initiativeId: 'faster-adoption' });
    const form = await analyst.get(edit);
    assert.equal(form.status, 200);
    assert.match(form.text, /id="y0-grossSaving"/);
    const fields: Record<string, string> = {};
    for (const m of form.text.matchAll(
      /<input class="govuk-input[^"]*" id="([ym]\d+-[a-zA-Z]+)" name="\1" type="text"[^>]*value="([^"]*)"/g,
    ))
      fields[m[1] as string] = m[2] as string;
    assert.ok(Object.keys(fields).length >= 6);
    // Monitoring rows: those entered, then one blank row to add a period.
    const monitoringRows = Object.keys(fields).filter((k) => /^m\d+-period$/.test(k)).length;
    assert.ok(monitoringRows >= 1);
    const blank = monitoringRows - 1;
    assert.equal(fields[`m${blank}-period`], '');
    fields[`m${blank}-period`] = '2025/26 Q3';
    fields[`m${blank}-target`] = '20,000';
    fields[`m${blank}-forecast`] = '15000';
    fields[`m${blank}-actual`] = '';
    const bad = await analyst.post(
      edit,
      {
        ...fields,
        name: 'Faster adoption',
        owner: '',
        savingType: 'cashable',
        profile: 'incremental',
        scenario: '',
        'y0-investment': 'lots',
      },
      { tokenFrom: edit },
    );
    assert.equal(bad.location, edit);
    assert.match((await analyst.get(edit)).text, /href="#y0-investment">2025\/26 investment: enter a number/);
    const ok = await analyst.post(
      edit,
      {
        ...fields,
        name: 'Faster adoption (revised)',
        owner: 'Adoption lead',
        savingType: 'cashable',
        profile: 'incremental',
        scenario: '',
      },
      { tokenFrom: edit },
    );
    assert.equal(ok.location, p.initiative.build({ la: LA, programmeId: ID, initiativeId: 'faster-adoption' }));
    const page = await analyst.get(ok.location ?? '');
    assert.match(page.text, /Faster adoption \(revised\) saved/);
    assert.match(page.text, /Adoption lead/);
    // The new monitoring period, variance forecast minus target = (£5,000), adverse.
    assert.match(
      page.text,
      /data-sort-value="2025\/26 Q3">2025\/26 Q3<\/th>\s*<td[^>]*>£20,000<\/td>\s*<td[^>]*>£15,000<\/td>\s*<td[^>]*><\/td>\s*<td[^>]*>\(£5,000\)<\/td>\s*<td[^>]*>Adverse<\/td>/,
    );
    const log = await bed.services.audit.list(actorFor(LA, 'admin'), LA, { action: 'programme.initiative_changed' });
    assert.equal(log.total, 1);
    const viewer = await bed.signedIn('viewer@a.test');
    assert.equal((await viewer.get(edit)).status, 403);
    assert.equal((await viewer.post(edit, { name: 'x' }, { tokenFrom: index })).status, 403);
  });

  test('the dashboard downloads as Excel', async () => {
    const res = await analyst.getBytes(p.show.build({ la: LA, programmeId: ID }, { format: 'xlsx' }));
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Initiatives', 'Totals', 'Cumulative savings'],
    );
  });

  test('the programme downloads as a workbook that uploads back to the same figures', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const before = await bed.services.programmes.dashboard(actorFor(LA, 'viewer'), LA, ID);
    const res = await viewer.getBytes(p.workbook.build({ la: LA, programmeId: ID }));
    assert.equal(res.status, 200);
    assert.equal(res.body.subarray(0, 2).toString(), 'PK');
    const again = await upload(analyst, new Uint8Array(res.body), 'programme.xlsx', 'round-trip');
    assert.equal(again.location, p.show.build({ la: LA, programmeId: 'round-trip' }));
    const after = await bed.services.programmes.dashboard(actorFor(LA, 'viewer'), LA, 'round-trip');
    assert.deepEqual(after?.totals, before?.totals);
    assert.equal(after?.npv, before?.npv);
    assert.equal((await viewer.get(p.workbook.build({ la: LA, programmeId: 'nope' }))).status, 404);
  });

  test('delete: confirmed, audited; viewers may not', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    assert.equal((await viewer.get(p.remove.build({ la: LA, programmeId: 'round-trip' }))).status, 403);
    assert.equal(
      (await viewer.post(p.remove.build({ la: LA, programmeId: 'round-trip' }), {}, { tokenFrom: index })).status,
      403,
    );
    const confirm = await analyst.get(p.remove.build({ la: LA, programmeId: 'round-trip' }));
    assert.match(confirm.text, /Delete “Children/);
    const res = await analyst.post(p.remove.build({ la: LA, programmeId: 'round-trip' }), {}, { tokenFrom: index });
    assert.equal(res.location, index);
    assert.match((await analyst.get(index)).text, /Programme deleted/);
    assert.equal((await analyst.get(p.show.build({ la: LA, programmeId: 'round-trip' }))).status, 404);
    const log = await bed.services.audit.list(actorFor(LA, 'admin'), LA, { action: 'programme.deleted' });
    assert.equal(log.total, 1);
  });

  test("another council's admin is refused; an unknown programme is not found", async () => {
    assert.equal(
      (await (await bed.signedIn('admin@b.test')).getBytes(p.workbook.build({ la: LA, programmeId: ID }))).status,
      403,
    );
    const other = await bed.signedIn('admin@b.test');
    assert.equal((await other.get(index)).status, 403);
    assert.equal((await other.get(dashboard)).status, 403);
    assert.equal((await other.get(p.checks.build({ la: LA, programmeId: ID }))).status, 403);
    await assert.rejects(bed.services.programmes.dashboard(actorFor('302', 'admin'), LA, ID), AccessDeniedError);
    const own = await other.get(p.show.build({ la: '302', programmeId: ID }));
    assert.equal(own.status, 404);
  });

  test('not signed in: sent to sign in', async () => {
    assert.equal((await bed.client().get(dashboard)).location, paths.signIn.build({}, { returnTo: dashboard }));
  });

  test('a failing service shows the error page', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const service = bed.services.programmes;
    const original = { ...service };
    const fail = async () => {
      throw new Error('database gone');
    };
    Object.assign(service, {
      list: fail,
      dashboard: fail,
      initiative: fail,
      checks: fail,
      workbook: fail,
      initiativeDocument: fail,
    });
    try {
      for (const url of [
        index,
        dashboard,
        p.initiative.build({ la: LA, programmeId: ID, initiativeId: 'edge-of-care' }),
        p.checks.build({ la: LA, programmeId: ID }),
        p.workbook.build({ la: LA, programmeId: ID }),
      ]) {
        const res = await viewer.get(url);
        assert.equal(res.status, 500, url);
        assert.match(res.text, /Sorry, there is a problem with the service/);
      }
      assert.equal(
        (await analyst.get(p.editInitiative.build({ la: LA, programmeId: ID, initiativeId: 'edge-of-care' }))).status,
        500,
      );
    } finally {
      Object.assign(service, original);
    }
  });
});
