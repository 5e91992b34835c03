/**
 * Workforce page (issue 12): an analyst uploads a file (a bad one refused whole, naming row, column
 * and rule) and enters one team's figures on the form (errors beside their fields); the page shows
 * the rates, caseloads and cost worked by hand in test/workforce; a viewer reads but cannot change;
 * another council is refused; Excel has the tables.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../../src/web/paths.ts';
import { aChild, aLoadResult, anEpisode } from '../../store/caseBuilders.ts';
import { monthsFrom } from '../../workforce/builders.ts';
import { webTestbed, type Testbed } from '../support.ts';

const LA = '301';
const HEADER =
  'team,period,permanent_fte,agency_fte,vacancy_fte,leavers_fte,salary,on_costs_percent,agency_rate,agency_rate_per,agency_days_a_year,agency_hours_a_day,holds,target_caseload';

/** As test/workforce/cli.test.ts: July 2024 to June 2025, two teams. */
function workforceCsv(): string {
  const rows = monthsFrom('2024-07', 12).flatMap((m) => [
    `Children in care,${m},1.5,0.5,0.5,${m === '2024-09' || m === '2025-03' ? 0.25 : 0},40000,30,400,day,225,,looked_after,15`,
    `Assessment,${m},2,0,0,0,40000,30,,,,,child_in_need;child_protection,18`,
  ]);
  return `${[HEADER, ...rows].join('\n')}\n`;
}

describe('workforce page', () => {
  let bed: Testbed;
  const url = paths.workforce.index.build({ la: LA });
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2025-08-01T10:00:00Z') });
    for (const role of ['admin', 'analyst', 'viewer'] as const)
      await bed.addUser(LA, `${role}@a.test`, role, 'Council A');
    await bed.addUser('302', 'admin@b.test', 'admin', 'Council B');
    await bed.importCase(
      LA,
      aLoadResult({
        year: 2026,
        children: [aChild({ childId: 'A' }), aChild({ childId: 'B' }), aChild({ childId: 'C', dob: '2013-07-01' })],
        episodes: [
          anEpisode({ childId: 'A', start: '2025-01-01' }),
          anEpisode({ childId: 'B', start: '2025-04-16' }),
          anEpisode({ childId: 'C', start: '2025-01-01', end: '2025-06-30', reasonEnded: 'E43' }),
        ],
      }),
    );
  });
  after(() => bed.close());

  test('an analyst imports a file (a bad one refused whole) and the page shows the figures', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const empty = await analyst.get(url);
    assert.equal(empty.status, 200);
    assert.match(empty.text, /No workforce figures yet/);

    const bad = new FormData();
    bad.set('file', new Blob([`${HEADER}\nAssessment,2025-07,2,1,0,0,40000,30,,,,,child_in_need,18\n`]), 'bad.csv');
    await analyst.postMultipart(paths.workforce.upload.build({ la: LA }), bad, { tokenFrom: url });
    const refused = await analyst.get(url);
    assert.match(
      refused.text,
      /Nothing was imported\. bad\.csv, row 2, column agency_rate: the team has 1 agency FTE but no agency rate/,
    );
    assert.match(refused.text, /No workforce figures yet/);

    const form = new FormData();
    form.set('file', new Blob([workforceCsv()]), 'workforce.csv');
    const up = await analyst.postMultipart(paths.workforce.upload.build({ la: LA }), form, { tokenFrom: url });
    assert.equal(up.status, 302);
    const page = await analyst.get(url);
    assert.match(
      page.text,
      /Imported 24 rows for 2 teams from workforce\.csv: 12 periods \(2024-07 to 2025-06\) replaced/,
    );
    // Worked by hand in test/workforce/cli.test.ts.
    assert.match(page.text, /Turnover \(12 months\)\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*14\.3%/);
    assert.match(page.text, /Vacancy rate\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*12\.5%/);
    assert.match(page.text, /0\.5 cases per filled FTE, target 16\.5/);
    assert.match(page.text, /£136,500</);
    assert.match(page.text, /£170,250</);
    assert.match(page.text, /each post moved from agency to permanent saves £38,000 a year/);
    assert.match(page.text, /Caseloads do not count children in need or child protection/);
  });

  test('the form: errors beside their fields, then saved', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const entry = paths.workforce.entry.build({ la: LA });
    const res = await analyst.post(
      entry,
      {
        team: 'Fostering',
        period: '2025-13',
        permanentFte: '4',
        agencyFte: '0',
        vacancyFte: '0',
        leaversFte: '0',
        salary: 'lots',
        onCostsPercent: '28',
      },
      { tokenFrom: entry },
    );
    assert.equal(res.status, 302);
    const again = await analyst.get(entry);
    assert.match(again.text, /govuk-error-summary/);
    assert.match(again.text, /href="#period">&quot;2025-13&quot; is not a period/);
    assert.match(again.text, /href="#salary">&quot;lots&quot; is not an annual salary/);
    assert.match(again.text, /value="Fostering"/, 'what was typed is kept');

    await analyst.post(
      entry,
      {
        team: 'Fostering',
        period: '2025-06',
        permanentFte: '3',
        agencyFte: '0',
        vacancyFte: '1',
        leaversFte: '0',
        salary: '38000',
        onCostsPercent: '28',
      },
      { tokenFrom: entry },
    );
    const page = await analyst.get(url);
    assert.match(page.text, /Figures for Fostering, 2025-06, saved/);
    // Worked by hand: vacancies 0.5 + 1 = 1.5 over 1.5 + (1.5 + 2 + 3) permanent: 1.5 / 8 = 18.75%.
    assert.match(page.text, /Vacancy rate\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*18\.8%/);
    const change = await analyst.get(paths.workforce.entry.build({ la: LA }, { team: 'Fostering', period: '2025-06' }));
    assert.match(change.text, /value="38000"/);
  });

  test('a viewer reads but cannot change; another council is refused; Excel has the tables', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const page = await viewer.get(url);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /Import file/);
    assert.equal((await viewer.get(paths.workforce.entry.build({ la: LA }))).status, 403);
    const other = await bed.signedIn('admin@b.test');
    assert.equal((await other.get(url)).status, 403);
    const x = await viewer.getBytes(paths.workforce.index.build({ la: LA }, { format: 'xlsx' }));
    assert.equal(x.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    for (const n of ['Teams', 'Caseloads', 'By period', 'Cost by year', 'Cost by team', 'FTE needed', 'Figures'])
      assert.ok(names.includes(n), n);
    const cost = wb.getWorksheet('Cost by year')!;
    const values = cost.getSheetValues().flatMap((r) => (Array.isArray(r) ? [r.slice(1)] : []));
    assert.ok(
      values.some((r) => r[0] === '2024/25' && r[1] === 136500 && r[2] === 33750 && r[3] === 170250),
      JSON.stringify(values),
    );
  });
});
