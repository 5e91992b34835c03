/**
 * The children in need census and monthly counts in the browser (issue 12): upload the hand-made
 * fixture (test/cin/fixtures), read the check, import it (the same storeCinLoad as the command
 * line: stored, audited); a bad file's problems shown with file, line, element and rule and nothing
 * stored; a month's counts entered with errors beside their fields; a counts CSV, good and bad;
 * roles and another council refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { paths } from '../../../src/web/paths.ts';
import { systemActor } from '../../../src/services/access.ts';
import { countCinData, loadCinMonthlyCounts } from '../../../src/store/cin.repository.ts';
import { webTestbed, type Client, type Testbed } from '../support.ts';
import { makeZip } from '../zip.ts';

const XML = path.join(import.meta.dirname, '..', '..', 'cin', 'fixtures', 'xml');
const CSV_2024 = path.join(import.meta.dirname, '..', '..', 'cin', 'fixtures', 'csv', '2024');
const LA = '301';

async function xmlFile(name: string, edit: (text: string) => string = (t) => t): Promise<Blob> {
  return new Blob([edit(await readFile(path.join(XML, name), 'utf8'))], { type: 'text/xml' });
}

/** Uploads files to the CIN page; returns the report page's path. */
async function upload(client: Client, files: ReadonlyArray<[Blob, string]>): Promise<string> {
  const form = new FormData();
  for (const [blob, name] of files) form.append('files', blob, name);
  const index = paths.cin.index.build({ la: LA });
  const res = await client.postMultipart(paths.cin.uploads.build({ la: LA }), form, { tokenFrom: index });
  assert.equal(res.status, 303);
  assert.ok(res.location);
  return res.location;
}

const unescape = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('children in need census pages', () => {
  let bed: Testbed;
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2026-12-07T12:00:00Z') });
    await bed.addUser(LA, 'analyst@a.test', 'analyst', 'Council A');
    await bed.addUser(LA, 'viewer@a.test', 'viewer', 'Council A');
    await bed.addUser(LA, 'admin@a.test', 'admin', 'Council A');
    await bed.addUser('302', 'analyst@b.test', 'analyst', 'Council B');
  });
  after(() => bed.close());

  test('a bad file: every problem with file, line, element and rule; nothing stored', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    // A code out of the list (an error) in one year, the other year cut short (fatal).
    const report = await upload(analyst, [
      [await xmlFile('cin-2024.xml', (t) => t.replace('<ReferralSource>2A<', '<ReferralSource>2Z<')), 'cin-2024.xml'],
      [await xmlFile('cin-2025.xml', (t) => t.slice(0, 1200)), 'cin-2025.xml'],
    ]);
    const page = await analyst.get(report);
    assert.equal(page.status, 200);
    const text = unescape(page.text);
    assert.match(text, /govuk-error-summary/);
    assert.match(text, /The files have \d+ problems/);
    assert.match(text, /XML-MALFORMED \(fatal\): 1 problem, first cin-2025\.xml, line \d+/);
    // The code out of list: the fixture's line 70, the element's path (test/services/cin.test.ts).
    assert.match(
      text,
      /CIN-CODE-UNKNOWN: 1 problem, first cin-2024\.xml, line 70, Message\/Children\/Child\/CINdetails\/ReferralSource/,
    );
    assert.match(
      text,
      /<td class="govuk-table__cell">CIN-CODE-UNKNOWN<\/td>\s*<td class="govuk-table__cell">cin-2024\.xml<\/td>\s*<td[^>]*>70<\/td>/,
    );
    assert.match(text, /These files cannot be imported/);
    assert.doesNotMatch(text, /<button[^>]*>\s*Import\s*<\/button>/);
    // Posting the import anyway is refused and stores nothing.
    const id = report.split('/').pop()!;
    const post = await analyst.post(
      paths.cin.importUpload.build({ la: LA, uploadId: id }),
      { acceptErrors: 'yes' },
      { tokenFrom: report },
    );
    assert.equal(post.status, 303);
    const refused = unescape((await analyst.get(report)).text);
    assert.match(refused, /Nothing imported: cin-2025\.xml/);
    assert.deepEqual(await countCinData(bed.data.db, LA), {
      children: 0,
      episodes: 0,
      assessments: 0,
      cinPlans: 0,
      section47s: 0,
      protectionPlans: 0,
    });
    // The CSV of the problems names no server path.
    const csv = await analyst.get(`${report}?format=csv`);
    assert.match(csv.text, /CIN-CODE-UNKNOWN/);
    assert.doesNotMatch(csv.text, new RegExp(bed.uploadDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });

  test('errors only: the import needs them accepted (the error beside the checkbox); nothing stored until then', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const report = await upload(analyst, [
      [await xmlFile('cin-2024.xml', (t) => t.replace('<ReferralSource>2A<', '<ReferralSource>2Z<')), 'cin-2024.xml'],
    ]);
    const id = report.split('/').pop()!;
    const first = await analyst.get(report);
    assert.match(first.text, /Import with these errors accepted/);
    await analyst.post(paths.cin.importUpload.build({ la: LA, uploadId: id }), {}, { tokenFrom: report });
    const again = await analyst.get(report);
    assert.match(
      again.text,
      /id="acceptErrors-error"[\s\S]*Confirm that you want to import the census with its 1 validation error/,
    );
    assert.equal((await countCinData(bed.data.db, LA)).episodes, 0);
    // Discarded: gone.
    await analyst.post(paths.cin.discardUpload.build({ la: LA, uploadId: id }), {}, { tokenFrom: report });
    assert.equal((await analyst.get(report)).status, 404);
  });

  test('a zip of CSV tables in a year folder: read as that year, its problems named by their place in the zip', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const entries = [];
    for (const name of (await readdir(CSV_2024)).sort()) {
      const text = await readFile(path.join(CSV_2024, name), 'utf8');
      entries.push({
        name: `census/2024/${name}`,
        data: Buffer.from(text.replace('C2,01/09/2023,2A,', 'C2,01/09/2023,2Z,')),
      });
    }
    entries.push({ name: 'census/readme.txt', data: Buffer.from('not read') });
    const report = await upload(analyst, [[new Blob([makeZip(entries)]), 'census-csv.zip']]);
    const page = unescape((await analyst.get(report)).text);
    assert.match(page, /2024 \(April 2023 to March 2024\)/);
    // Worked by hand: C2's referral is on the spreadsheet's row 3 (the header is row 1).
    assert.match(
      page,
      /CIN-CODE-UNKNOWN: 1 problem, first census-csv\/census\/2024\/cin_details\.csv, row 3, ReferralSource/,
    );
    assert.doesNotMatch(page, /readme/);
    assert.equal((await countCinData(bed.data.db, LA)).episodes, 0);
    await analyst.post(
      paths.cin.discardUpload.build({ la: LA, uploadId: report.split('/').pop()! }),
      {},
      { tokenFrom: report },
    );
  });

  test('an analyst imports the two years; the page shows the years imported; audited as the command line import', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const report = await upload(analyst, [
      [await xmlFile('cin-2024.xml'), 'cin-2024.xml'],
      [await xmlFile('cin-2025.xml'), 'cin-2025.xml'],
    ]);
    const page = await analyst.get(report);
    assert.match(page.text, /Import the children in need census/);
    assert.doesNotMatch(page.text, /govuk-error-summary/);
    assert.match(page.text, /2024 \(April 2023 to March 2024\), 2025 \(April 2024 to March 2025\)/);
    const id = report.split('/').pop()!;
    const done = await analyst.post(paths.cin.importUpload.build({ la: LA, uploadId: id }), {}, { tokenFrom: report });
    assert.equal(done.location, paths.cin.index.build({ la: LA }));
    const index = await analyst.get(paths.cin.index.build({ la: LA }));
    // Worked by hand from the fixture (test/cin/loadCin.test.ts): C1-C5, 5 episodes after merging.
    assert.match(index.text, /Imported the children in need census for 2024, 2025: 5 children, 5 CIN episodes/);
    const stored = await countCinData(bed.data.db, LA);
    assert.equal(stored.children, 5);
    assert.equal(stored.episodes, 5);
    // Years: 2025's return holds C1 (closed in 2025) and C5; 2024's the other three episodes.
    assert.match(
      index.text,
      /<th scope="row"[^>]*>2025<\/th>\s*<td[^>]*>April 2024 to March 2025<\/td>\s*<td[^>]*>2<\/td>/,
    );
    assert.match(
      index.text,
      /<th scope="row"[^>]*>2024<\/th>\s*<td[^>]*>April 2023 to March 2024<\/td>\s*<td[^>]*>3<\/td>/,
    );
    const audit = await bed.services.audit.list(systemActor(LA), LA, { action: 'cin.import.completed' });
    assert.equal(audit.total, 1);
    assert.equal(audit.entries[0]?.actor, 'analyst@a.test');
    assert.equal((audit.entries[0]?.detail as { source?: string }).source, 'web upload');
    // A viewer sees the years, no upload form, and may not post.
    const viewer = await bed.signedIn('viewer@a.test');
    const seen = await viewer.get(paths.cin.index.build({ la: LA }));
    assert.match(seen.text, /April 2024 to March 2025/);
    assert.doesNotMatch(seen.text, /Upload and check/);
    const form = new FormData();
    form.append('files', await xmlFile('cin-2024.xml'), 'cin-2024.xml');
    const res = await viewer.postMultipart(paths.cin.uploads.build({ la: LA }), form, {
      tokenFrom: paths.cin.index.build({ la: LA }),
    });
    assert.equal(res.status, 403);
  });

  test('another council cannot post to this council, nor read its upload', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const report = await upload(analyst, [[await xmlFile('cin-2024.xml'), 'cin-2024.xml']]);
    const id = report.split('/').pop()!;
    const other = await bed.signedIn('analyst@b.test');
    const own = paths.cin.index.build({ la: '302' });
    const form = new FormData();
    form.append('files', await xmlFile('cin-2024.xml'), 'cin-2024.xml');
    assert.equal(
      (await other.postMultipart(paths.cin.uploads.build({ la: LA }), form, { tokenFrom: own })).status,
      403,
    );
    assert.equal((await other.get(report)).status, 403);
    assert.equal(
      (await other.post(paths.cin.importUpload.build({ la: LA, uploadId: id }), {}, { tokenFrom: own })).status,
      403,
    );
    assert.equal(
      (await other.post(paths.cin.counts.build({ la: LA }), { month: '2024-04', contacts: '1' }, { tokenFrom: own }))
        .status,
      403,
    );
    // Through its own council's URL, the upload is not found.
    assert.equal((await other.get(paths.cin.upload.build({ la: '302', uploadId: id }))).status, 404);
    // A form without a CSRF token is refused.
    assert.equal(
      (await analyst.post(paths.cin.counts.build({ la: LA }), { month: '2024-04' }, { csrf: false })).status,
      403,
    );
  });

  test('monthly counts: a month entered (errors beside their fields), corrected, a CSV of months, Excel', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const url = paths.cin.counts.build({ la: LA });
    const empty = await analyst.get(url);
    assert.equal(empty.status, 200);
    assert.match(empty.text, /No monthly counts have been entered/);

    const bad = await analyst.post(
      url,
      { month: 'April', contacts: '-3', earlyHelpAssessments: '', earlyHelpStarts: '2.5' },
      { tokenFrom: url },
    );
    assert.equal(bad.status, 303);
    const shown = unescape((await analyst.get(url)).text);
    assert.match(shown, /govuk-error-summary/);
    assert.match(
      shown,
      /<p id="month-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> Enter the month as YYYY-MM, for example 2024-04, not "April"/,
    );
    assert.match(
      shown,
      /<p id="contacts-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> Contacts must be a whole number of 0 or more/,
    );
    assert.match(shown, /<p id="earlyHelpStarts-error" class="govuk-error-message">/);
    assert.doesNotMatch(shown, /id="earlyHelpAssessments-error"/);
    // What was typed is kept.
    assert.match(shown, /id="contacts" name="contacts"[^>]*value="-3"/);
    assert.deepEqual(await loadCinMonthlyCounts(bed.data.db, LA), []);

    await analyst.post(
      url,
      { month: '2024-04', contacts: '1,280', earlyHelpAssessments: '40', earlyHelpStarts: '' },
      { tokenFrom: url },
    );
    await analyst.post(
      url,
      { month: '04/2024', contacts: '1281', earlyHelpAssessments: '40', earlyHelpStarts: '35' },
      { tokenFrom: url },
    );
    assert.match((await analyst.get(url)).text, /Counts for 2024-04 corrected/);
    assert.deepEqual(await loadCinMonthlyCounts(bed.data.db, LA), [
      { month: '2024-04', contacts: 1281, earlyHelpAssessments: 40, earlyHelpStarts: 35 },
    ]);
    const change = await analyst.get(paths.cin.counts.build({ la: LA }, { month: '2024-04' }));
    assert.match(change.text, /id="contacts" name="contacts"[^>]*value="1281"/);

    // A CSV with a problem: refused whole, the problem beside the file field.
    const badCsv = new FormData();
    badCsv.set('file', new Blob(['month,contacts\n2024-05,1300\n2024-06,lots\n']), 'counts.csv');
    await analyst.postMultipart(paths.cin.countsUpload.build({ la: LA }), badCsv, { tokenFrom: url });
    const refused = unescape((await analyst.get(url)).text);
    assert.match(
      refused,
      /id="file-error"[\s\S]*Nothing was imported\. counts\.csv, row 3: contacts "lots" is not a whole number/,
    );
    assert.match(refused, /\[COUNT-NUMBER\]/);
    assert.equal((await loadCinMonthlyCounts(bed.data.db, LA)).length, 1);

    const csv = new FormData();
    csv.set(
      'file',
      new Blob(['month,contacts,early_help_assessments,early_help_starts\n2024-05,1310,,20\n2024-06,1200,38,31\n']),
      'counts.csv',
    );
    await analyst.postMultipart(paths.cin.countsUpload.build({ la: LA }), csv, { tokenFrom: url });
    const page = await analyst.get(url);
    assert.match(page.text, /Imported 2 months of counts \(2024-05 to 2024-06\)/);
    assert.match(
      page.text,
      /<th scope="row" class="govuk-table__header">May 2024<\/th>\s*<td[^>]*>1,310<\/td>\s*<td[^>]*><\/td>\s*<td[^>]*>20<\/td>/,
    );
    const x = await analyst.getBytes(paths.cin.counts.build({ la: LA }, { format: 'xlsx' }));
    assert.equal(x.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Monthly counts');
    assert.ok(sheet);
    const values: unknown[] = [];
    sheet.eachRow((row) => values.push(row.values));
    assert.ok(values.some((v) => Array.isArray(v) && v.includes(1310)));

    // A month entered by mistake is removed from its form.
    const may = await analyst.get(paths.cin.counts.build({ la: LA }, { month: '2024-05' }));
    assert.match(may.text, /Remove the counts for May 2024/);
    assert.doesNotMatch(page.text, /Remove the counts for/);
    await analyst.post(paths.cin.removeMonth.build({ la: LA }), { month: '2024-05' }, { tokenFrom: url });
    assert.match((await analyst.get(url)).text, /Counts for 2024-05 removed/);
    assert.deepEqual(
      (await loadCinMonthlyCounts(bed.data.db, LA)).map((c) => c.month),
      ['2024-04', '2024-06'],
    );

    const audit = await bed.services.audit.list(systemActor(LA), LA);
    const actions = audit.entries.map((e) => e.action);
    assert.ok(actions.includes('cin.counts.removed'));
    assert.ok(actions.includes('cin.counts.set'));
    assert.ok(actions.includes('cin.counts.imported'));
    // A viewer reads the months but has no form, and may not post.
    const viewer = await bed.signedIn('viewer@a.test');
    const seen = await viewer.get(url);
    assert.match(seen.text, /June 2024/);
    assert.doesNotMatch(seen.text, /Remove the counts/);
    assert.doesNotMatch(seen.text, /Save month/);
    assert.equal((await viewer.post(url, { month: '2024-07', contacts: '1' }, { tokenFrom: url })).status, 403);
    assert.equal(
      (await viewer.post(paths.cin.removeMonth.build({ la: LA }), { month: '2024-04' }, { tokenFrom: url })).status,
      403,
    );
  });

  test('linked from the Data page and the Front door', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    for (const from of [paths.data.index.build({ la: LA }), paths.funnel.index.build({ la: LA })]) {
      const page = await viewer.get(from);
      assert.ok(page.text.includes(`href="${paths.cin.index.build({ la: LA })}"`), from);
      assert.ok(page.text.includes(`href="${paths.cin.counts.build({ la: LA })}"`), from);
    }
  });
});
