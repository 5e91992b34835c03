/**
 * Permanence pages (issue 11): the project list, a project's progress (counts, chart with its text
 * alternative, the looked after path, children by pseudonym, the saving) and its Excel download;
 * every role of the council reads them, another council cannot. The council is the one worked by
 * hand in test/permanence/tracker.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { paths } from '../../../src/web/paths.ts';
import { systemActor } from '../../../src/services/access.ts';
import { importTracker, trackerView } from '../../../src/services/permanence.ts';
import { getProgramme, saveProgramme } from '../../../src/services/programmes.ts';
import { programmeFromDocument } from '../../../src/io/programmeFile.ts';
import { aLoadResult } from '../../store/caseBuilders.ts';
import {
  RETURNS_TO_MARCH_2026,
  WORKED_CHILDREN,
  WORKED_COHORT_CSV,
  WORKED_EPISODES,
} from '../../permanence/council.ts';
import { TEST_KEY, webTestbed, type Testbed } from '../support.ts';

const CASE = aLoadResult({
  year: 2026,
  children: WORKED_CHILDREN,
  episodes: [...WORKED_EPISODES, RETURNS_TO_MARCH_2026],
});
const PROJECT = 'Discharge of care orders';

describe('permanence pages', () => {
  let bed: Testbed;
  let dir: string;
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2026-05-01T10:00:00Z') });
    for (const role of ['admin', 'analyst', 'viewer'] as const)
      await bed.addUser('301', `${role}@a.test`, role, 'Council A');
    await bed.addUser('302', 'admin@b.test', 'admin', 'Council B');
    await bed.importCase('301', CASE);
    dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-web-tracker-'));
    const file = path.join(dir, 'cohort.csv');
    writeFileSync(file, WORKED_COHORT_CSV);
    await importTracker(bed.data.db, systemActor('301'), {
      laCode: '301',
      project: PROJECT,
      path: file,
      name: 'cohort.csv',
      trackedFrom: '2025-04-01',
      pseudonymKey: TEST_KEY,
      now: new Date('2026-05-01T10:00:00Z'),
    });
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await bed.close();
  });

  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    test(`${role === 'admin' ? 'an' : 'a'} ${role} sees the projects and a project's progress`, async () => {
      const client = await bed.signedIn(`${role}@a.test`);
      const list = await client.get(paths.trackers.index.build({ la: '301' }));
      assert.equal(list.status, 200);
      assert.match(
        list.text,
        /<a class="govuk-link" href="\/c\/301\/permanence\/Discharge%20of%20care%20orders">Discharge of care orders<\/a>/,
      );
      assert.match(list.text, /href="\/c\/301\/permanence" aria-current="page"/);
      const page = await client.get(paths.trackers.show.build({ la: '301', project: PROJECT }));
      assert.equal(page.status, 200, page.text.slice(0, 500));
      assert.match(page.text, /Children in care on 1 April 2025, followed in the returns to 31 March 2026/);
      assert.match(page.text, /Left care as planned\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1\s*</);
      assert.match(
        page.text,
        /Overdue: still in care after the planned month\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1\s*</,
      );
      assert.match(
        page.text,
        /<svg[^>]*role="img"[^>]*aria-labelledby="chart-tracker-svg-title chart-tracker-svg-desc"/,
      );
      assert.match(page.text, /by March 2026, 1 had left as planned/);
      assert.match(page.text, /Saving to come by financial year, net of allowances<\/caption>[\s\S]*?>2026\/27<\/th>/);
      // The path for May 2025: 5 at the start, F admitted, 6 at the end.
      assert.match(
        page.text,
        /May 2025<\/th>\s*<td[^>]*>5<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>0<\/td>\s*<td[^>]*>6<\/td>/,
      );
      assert.match(page.text, /Left care another way \(review\): Special guardianship or child arrangements order/);
      assert.match(page.text, /Out of scope \(Court decision\)/);
      for (const id of ['A', 'B', 'C', 'D', 'E']) assert.doesNotMatch(page.text, new RegExp(`>${id}<`), 'no CHILD ids');
    });
  }

  test('the project downloads as Excel with its three tables', async () => {
    const client = await bed.signedIn('viewer@a.test');
    const res = await client.getBytes(paths.trackers.show.build({ la: '301', project: PROJECT }, { format: 'xlsx' }));
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    for (const n of ['Exits by month', 'Looked after path', 'Saving by year', 'Children'])
      assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  });

  test('an analyst uploads a cohort; a bad file is refused whole with one message per problem', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const index = paths.trackers.index.build({ la: '301' });
    const upload = paths.trackers.upload.build({ la: '301' });
    const form = (name: string, text: string, project = 'Reunification'): FormData => {
      const f = new FormData();
      f.set('project', project);
      f.set('from', '2025-04-01');
      f.set('file', new Blob([text]), name);
      return f;
    };
    const bad = [
      'CHILD,planned_route,planned_month',
      'A,sgo_cao,2025-09',
      'ZZ9,return_home,2025-10',
      'A,adoption,2025-10',
      'D,home,2025-12',
      'E,sgo_cao,2025-01',
    ].join('\n');
    const refused = await analyst.postMultipart(upload, form('bad.csv', bad), { tokenFrom: index });
    assert.equal(refused.status, 200);
    assert.match(refused.text, /There is a problem/);
    assert.match(refused.text, /1 CHILD id is not in 301’s imported returns: ZZ9 \(row 3\)/);
    assert.match(refused.text, /1 child appears more than once; a child appears once in a project: A \(rows 2 and 4\)/);
    assert.match(refused.text, /1 planned route is not one of return_home, sgo_cao, adoption, other: row 5 \(“home”\)/);
    assert.match(
      refused.text,
      /1 planned month is before the project’s start \(2025-04-01\), in the past of the data: row 6 \(2025-01\)/,
    );
    assert.match(refused.text, /Nothing was stored: 4 problems in bad\.csv, listed above/);
    assert.match(refused.text, /value="Reunification"/, 'the name is kept on the form');
    assert.doesNotMatch((await analyst.get(index)).text, />Reunification</, 'nothing stored');

    const noName = await analyst.postMultipart(upload, form('c.csv', WORKED_COHORT_CSV, ' '), { tokenFrom: index });
    assert.equal(noName.status, 200);
    assert.match(noName.text, /Enter a project name/);

    const ok = await analyst.postMultipart(upload, form('cohort.csv', WORKED_COHORT_CSV), { tokenFrom: index });
    assert.equal(ok.status, 302);
    assert.equal(ok.location, paths.trackers.show.build({ la: '301', project: 'Reunification' }));
    const shown = await analyst.get(ok.location ?? '');
    assert.match(shown.text, /Added Reunification: 5 children in care on 2025-04-01 \(4 in scope, 1 out of scope\)/);
    assert.match(shown.text, /Left care as planned\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1\s*</);

    const viewer = await bed.signedIn('viewer@a.test');
    assert.doesNotMatch((await viewer.get(index)).text, /Check and store/, 'no form for a viewer');
    const forbidden = await viewer.postMultipart(upload, form('c.csv', WORKED_COHORT_CSV, 'Other'), {
      tokenFrom: index,
    });
    assert.equal(forbidden.status, 403);
    const forged = await analyst.postMultipart(upload, form('c.csv', WORKED_COHORT_CSV, 'Other'), { csrf: false });
    assert.equal(forged.status, 403);
    assert.doesNotMatch((await analyst.get(index)).text, />Other</);
  });

  test("a child's page: status with a reason, coded notes; the council's lists", async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const show = await analyst.get(paths.trackers.show.build({ la: '301', project: PROJECT }));
    const links = [...show.text.matchAll(/href="(\/c\/301\/permanence\/[^"]+\/children\/[^"]+)"/g)].map((m) => m[1]);
    assert.equal(links.length, 5, 'each child links to their page');
    const d = links[3] as string; // by planned month then pseudonym: B, A, then C/D (2025-12), E
    const page = await analyst.get(d);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1 class="govuk-heading-l">Child [0-9a-z]+<\/h1>/);
    const statusPath = `${d}/status`;
    const bad = await analyst.post(statusPath, { status: 'out_of_scope', reason: '' }, { tokenFrom: d });
    assert.equal(bad.status, 302);
    assert.match((await analyst.get(d)).text, /Choose why the child is out of scope/);
    await analyst.post(statusPath, { status: 'out_of_scope', reason: 'Other' }, { tokenFrom: d });
    assert.match((await analyst.get(d)).text, /Out of scope: Other/);
    await analyst.post(`${d}/notes`, { code: 'Court hearing', date: '2026-04-10' }, { tokenFrom: d });
    const noted = await analyst.get(d);
    assert.match(noted.text, /10 April 2026<\/td>\s*<th scope="row" class="govuk-table__header">Court hearing<\/th>/);
    await analyst.post(`${d}/status`, { status: 'in_scope', reason: '' }, { tokenFrom: d });

    const lists = paths.trackers.lists.build({ la: '301' });
    await analyst.post(
      paths.trackers.addListItem.build({ la: '301' }),
      { kind: 'note', 'label-note': 'Reunification plan agreed' },
      { tokenFrom: lists },
    );
    await analyst.post(
      paths.trackers.renameListItem.build({ la: '301' }),
      { kind: 'note', from: 'Court hearing', to: 'Hearing held' },
      { tokenFrom: lists },
    );
    await analyst.post(
      paths.trackers.retireListItem.build({ la: '301' }),
      { kind: 'note', label: 'Hearing held', retired: 'true' },
      { tokenFrom: lists },
    );
    const listPage = await analyst.get(lists);
    assert.match(listPage.text, /Retired “Hearing held”\./);
    assert.match(listPage.text, /Hearing held<\/th>\s*<td class="govuk-table__cell">Retired<\/td>/);
    assert.match(listPage.text, /Reunification plan agreed<\/th>\s*<td class="govuk-table__cell">Yes<\/td>/);
    const after = await analyst.get(d);
    assert.match(
      after.text,
      /<th scope="row" class="govuk-table__header">Hearing held<\/th>/,
      'the note keeps its renamed, retired code',
    );
    assert.doesNotMatch(after.text, /<option value="Hearing held"/, 'no longer offered');
    assert.match(after.text, /<option value="Reunification plan agreed"/);

    const viewer = await bed.signedIn('viewer@a.test');
    const seen = await viewer.get(d);
    assert.equal(seen.status, 200);
    assert.doesNotMatch(seen.text, /Save status|Add note/);
    assert.doesNotMatch((await viewer.get(lists)).text, />(Rename|Retire|Restore|Add)<span|>Add</);
    assert.equal((await viewer.post(statusPath, { status: 'in_scope' }, { tokenFrom: d })).status, 403);
    assert.equal((await analyst.post(statusPath, { status: 'in_scope' }, { csrf: false })).status, 403);
    const other = await bed.signedIn('admin@b.test');
    assert.equal((await other.get(d)).status, 403);
  });

  test('an analyst picks children in care, filtered without JavaScript, and adds them to a project', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const pick = paths.trackers.pick.build({ la: '301' });
    const page = await analyst.get(pick);
    assert.equal(page.status, 200);
    assert.match(page.text, /Showing 3 of 3 children in care\./);
    assert.match(page.text, /An existing project \(Discharge of care orders, Reunification\) or a new name\./);
    const filtered = await analyst.get(paths.trackers.pick.build({ la: '301' }, { category: 'kinship_fostering' }));
    assert.match(filtered.text, /Showing 1 of 3 children in care\./);
    assert.match(
      filtered.text,
      /<\/span>([0-9a-z]+)<\/label>[\s\S]*?16 and over<\/td>\s*<td class="govuk-table__cell">Fostering with relatives or friends<\/td>\s*<td class="govuk-table__cell">1 February 2025<\/td>\s*<td class="govuk-table__cell">1 year 1 month<\/td>/,
    );
    const e = /name="child" type="checkbox" value="([0-9a-z]+)"/.exec(filtered.text)?.[1] ?? '';
    for (const id of ['A', 'B', 'C', 'D', 'E', 'F'])
      assert.doesNotMatch(page.text, new RegExp(`>${id}<`), 'no CHILD ids');

    const body = new URLSearchParams({ project: 'Kinship', plannedRoute: 'sgo_cao', plannedMonth: '2026-01' });
    body.append('child', e);
    body.set('_csrf', await analyst.csrfToken(pick));
    const refused = await analyst.postRaw(pick, body.toString(), 'application/x-www-form-urlencoded');
    assert.equal(refused.status, 200);
    assert.match(refused.text, /The planned month 2026-01 is before the project’s start \(2026-03-31\)/);
    assert.match(refused.text, new RegExp(`value="${e}" checked`), 'the child stays ticked');
    body.set('plannedMonth', '2026-09');
    body.set('_csrf', await analyst.csrfToken(pick));
    const added = await analyst.postRaw(pick, body.toString(), 'application/x-www-form-urlencoded');
    assert.equal(added.status, 302);
    assert.equal(added.location, paths.trackers.show.build({ la: '301', project: 'Kinship' }));
    assert.match((await analyst.get(added.location ?? '')).text, /Added 1 child to Kinship \(a new project\)\./);

    const xlsx = await analyst.getBytes(paths.trackers.pick.build({ la: '301' }, { format: 'xlsx' }));
    assert.equal(xlsx.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    assert.equal(
      wb.getWorksheet('Children in care')?.actualRowCount,
      3 + 3,
      'title, council and header rows, then 3 children',
    );

    const viewer = await bed.signedIn('viewer@a.test');
    assert.equal((await viewer.get(pick)).status, 403);
    const forged = await analyst.postRaw(
      pick,
      'project=X&plannedRoute=other&plannedMonth=2026-09',
      'application/x-www-form-urlencoded',
    );
    assert.equal(forged.status, 403);
  });

  test('an analyst states targets on the project page; each is met or not against the path', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const show = paths.trackers.show.build({ la: '301', project: PROJECT });
    const targets = paths.trackers.targets.build({ la: '301', project: PROJECT });
    const bad = await analyst.post(
      targets,
      { measure: 'looked_after_end', month: '2025-10', value: 'two' },
      { tokenFrom: show },
    );
    assert.equal(bad.status, 302);
    assert.match((await analyst.get(show)).text, /Enter the target as a whole number of children/);
    await analyst.post(targets, { measure: 'looked_after_end', month: '2025-10', value: '2' }, { tokenFrom: show });
    await analyst.post(targets, { measure: 'project_exits', month: '2025-08', value: '1' }, { tokenFrom: show });
    const page = await analyst.get(show);
    // Worked by hand: 3 looked after at the end of October 2025 against 2; A's exit in August against 1.
    assert.match(
      page.text,
      /August 2025<\/th>\s*<td class="govuk-table__cell">Project exits in the month \(at least\)<\/td>\s*<td[^>]*>1<\/td>\s*<td[^>]*>1<\/td>\s*<td class="govuk-table__cell">Met<\/td>/,
    );
    assert.match(
      page.text,
      /October 2025<\/th>\s*<td class="govuk-table__cell">Children looked after at the month’s end \(at most\)<\/td>\s*<td[^>]*>2<\/td>\s*<td[^>]*>3<\/td>\s*<td class="govuk-table__cell">Not met<\/td>/,
    );
    const res = await analyst.getBytes(paths.trackers.show.build({ la: '301', project: PROJECT }, { format: 'xlsx' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    assert.ok(wb.getWorksheet('Targets'), 'the targets in the download');
    await analyst.post(
      paths.trackers.removeTarget.build({ la: '301', project: PROJECT }),
      { measure: 'project_exits', month: '2025-08' },
      { tokenFrom: show },
    );
    assert.doesNotMatch((await analyst.get(show)).text, /Project exits in the month \(at least\)<\/td>/);
    const viewer = await bed.signedIn('viewer@a.test');
    assert.doesNotMatch((await viewer.get(show)).text, /Save target/);
    assert.equal(
      (await viewer.post(targets, { measure: 'project_exits', month: '2025-08', value: '1' }, { tokenFrom: show }))
        .status,
      403,
    );
  });

  test('another council cannot see the project; an unknown project is not found', async () => {
    const other = await bed.signedIn('admin@b.test');
    const refused = await other.get(paths.trackers.show.build({ la: '301', project: PROJECT }));
    assert.equal(refused.status, 403);
    const own = await other.get(paths.trackers.index.build({ la: '302' }));
    assert.equal(own.status, 200);
    assert.match(own.text, /No projects yet/);
    const missing = await other.get(paths.trackers.show.build({ la: '302', project: PROJECT }));
    assert.equal(missing.status, 404);
  });

  test('a programme initiative fed by the project says so on the programme and initiative pages', async () => {
    const programme = programmeFromDocument(
      {
        programme: 'Permanence savings',
        unit: 'GBP',
        firstYear: '2026/27',
        planYears: 2,
        initiatives: [
          {
            id: 'discharge',
            name: 'Discharge of care orders',
            profile: 'cumulative',
            trackerProject: PROJECT,
            years: { '2026/27': { grossSaving: 30000 } },
          },
        ],
      },
      'x',
    );
    await saveProgramme(bed.data.db, '301', 'permanence', programme, { now: '2026-05-01T10:00:00Z', user: 'test' });
    const client = await bed.signedIn('viewer@a.test');
    const at = { la: '301', programmeId: 'permanence' };
    const dashboard = await client.get(paths.programmes.show.build(at));
    assert.equal(dashboard.status, 200, dashboard.text.slice(0, 500));
    assert.match(dashboard.text, /Permanence project: Discharge of care orders/);
    const page = await client.get(paths.programmes.initiative.build({ ...at, initiativeId: 'discharge' }));
    assert.equal(page.status, 200);
    assert.match(
      page.text,
      /The permanence project “Discharge of care orders” \(its saving to come by financial year\)/,
    );
    // The forecast is the project's saving to come in 2026/27 (test/programme/trackerLink.test.ts): £64,937.27.
    // The forecast in 2026/27 is the project's saving to come in that year, as the tracker computes it.
    const saving = (await trackerView(bed.data.db, systemActor('301'), '301', PROJECT)).saving.toComeByYear;
    assert.equal(saving.length, 1);
    const pounds = Math.round(((saving[0]?.achievedPence ?? 0) + (saving[0]?.plannedPence ?? 0)) / 100);
    assert.ok(pounds > 0);
    const cells = page.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    assert.ok(
      cells.includes(`2026/27 £0 £0 £${pounds.toLocaleString('en-GB')} £${pounds.toLocaleString('en-GB')}`),
      `the initiative's 2026/27 gross saving is £${pounds}`,
    );
  });

  test('the initiative editor offers the council’s projects, and refuses a scenario with a project', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const at = { la: '301', programmeId: 'permanence', initiativeId: 'discharge' };
    const edit = paths.programmes.editInitiative.build(at);
    const form = await analyst.get(edit);
    assert.equal(form.status, 200, form.text.slice(0, 300));
    assert.match(form.text, /Or forecast from a permanence project \(optional\)/);
    assert.match(form.text, /<option value="Discharge of care orders" selected>Discharge of care orders<\/option>/);
    const details = { name: 'Discharge of care orders', owner: '', savingType: 'cashable', profile: 'cumulative' };
    const tokenFrom = paths.programmes.show.build({ la: '301', programmeId: 'permanence' });
    // Both a scenario and a project: refused, nothing changed.
    const both = await analyst.post(
      edit,
      { ...details, scenario: 'Edge of care team', trackerProject: PROJECT, 'y0-grossSaving': '30,000' },
      { tokenFrom },
    );
    assert.equal(both.status, 302);
    const again = await analyst.get(edit);
    assert.match(again.text, /give a scenario or a trackerProject as the forecast, not both/);
    // The project removed: the plan is the forecast again.
    const none = await analyst.post(
      edit,
      { ...details, scenario: '', trackerProject: '', 'y0-grossSaving': '30,000' },
      { tokenFrom },
    );
    assert.equal(none.status, 302);
    assert.equal((await getProgramme(bed.data.db, '301', 'permanence'))?.initiatives[0]?.trackerProject, undefined);
    // And chosen again.
    await analyst.post(
      edit,
      { ...details, scenario: '', trackerProject: PROJECT, 'y0-grossSaving': '30,000' },
      { tokenFrom },
    );
    assert.equal((await getProgramme(bed.data.db, '301', 'permanence'))?.initiatives[0]?.trackerProject, PROJECT);
  });
});
