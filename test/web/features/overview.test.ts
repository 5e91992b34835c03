/** Overview page: figures worked by hand from a three-child council; access for each role. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../../src/web/paths.ts';
import { AccessDeniedError } from '../../../src/services/access.ts';
import { overviewFigures } from '../../../src/domain/overview.ts';
import { aChild, aLoadResult, anEpisode } from '../../store/caseBuilders.ts';
import { webTestbed, type Testbed } from '../support.ts';

/**
 * Worked by hand:
 * - C1 born 2010-01-01, in-house fostering (U4/PR1) from 2021-05-01, still looked after;
 * - C2 born 2020-03-01, kinship (U1) from 2022-01-10, adopted (E11) on 2023-02-01;
 * - C3 born 2007-06-01, external residential (K2/PR4) from 2022-09-01, still looked after.
 * Latest date 2023-02-01 is in collection year 2023, so "now" is 31 March 2023: C1 (13) and
 * C3 (15) are looked after, both 10 to 15. Entries: 2021/22 C1 and C2 (2), 2022/23 C3 (1).
 * Exits: 2022/23 one adoption. The earliest stored return is 2021/22 (collection year 2022). With a child population of 20,000 the rate is 2 / 20,000 x 10,000 = 1.0.
 */
const CASE = aLoadResult({
  // Files of the return for 2021/22 (collection year 2022): the earliest stored return.
  year: 2022,
  children: [
    aChild({ childId: 'C1', dob: '2010-01-01' }),
    aChild({ childId: 'C2', dob: '2020-03-01' }),
    aChild({ childId: 'C3', dob: '2007-06-01' }),
  ],
  episodes: [
    anEpisode({ childId: 'C1', start: '2021-05-01', placement: 'U4', provider: 'PR1' }),
    anEpisode({
      childId: 'C2',
      start: '2022-01-10',
      placement: 'U1',
      provider: 'PR1',
      end: '2023-02-01',
      reasonEnded: 'E11',
    }),
    anEpisode({ childId: 'C3', start: '2022-09-01', placement: 'K2', provider: 'PR4' }),
  ],
});

describe('overview figures', () => {
  test('stock now, flows by year and the trend, from the worked example', () => {
    const f = overviewFigures(CASE, '2026-01-01', 1);
    assert.equal(f.asAt, '2023-03-31');
    assert.equal(f.now?.total, 2);
    assert.equal(f.now?.byCategory.inhouse_fostering, 1);
    assert.equal(f.now?.byCategory.external_residential, 1);
    assert.equal(f.now?.byCategory.kinship_fostering, 0);
    assert.equal(f.now?.byAgeBand['10_to_15'], 2);
    assert.deepEqual(
      f.flows.map((y) => [y.label, y.entries, y.exits.adoption, y.exitsTotal]),
      [
        ['2021/22', 2, 0, 0],
        ['2022/23', 1, 1, 1],
      ],
    );
    // Month ends from 30 April 2021 to 31 March 2023: 24 of them; 3 looked after at 31 Dec 2022.
    assert.equal(f.trend.length, 24);
    assert.equal(f.trend.find((s) => s.date === '2022-12-31')?.total, 3);
  });

  test('the trend and flows start at the earliest stored return', () => {
    const f = overviewFigures(CASE, '2026-01-01', 1, 2023);
    assert.deepEqual(
      f.flows.map((y) => y.label),
      ['2022/23'],
    );
    // Month ends 30 April 2022 to 31 March 2023.
    assert.equal(f.trend.length, 12);
    assert.equal(f.trend[0]?.date, '2022-04-30');
  });

  test('no data: no figures, no NaN', () => {
    const f = overviewFigures({ children: [], episodes: [] }, '2026-01-01', 0);
    assert.equal(f.hasData, false);
    assert.equal(f.now, null);
    assert.deepEqual(f.flows, []);
  });
});

describe('overview page', () => {
  let bed: Testbed;
  let clock = Date.parse('2026-01-10T10:00:00Z');
  before(async () => {
    bed = await webTestbed({ now: () => new Date(clock) });
    for (const role of ['admin', 'analyst', 'viewer'] as const)
      await bed.addUser('301', `${role}@a.test`, role, 'Council A');
    await bed.addUser('302', 'admin@b.test', 'admin', 'Council B');
    await bed.importCase('301', CASE);
  });
  after(() => bed.close());

  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    test(`a ${role} sees the figures, charts with text alternatives and tables`, async () => {
      const client = await bed.signedIn(`${role}@a.test`);
      const page = await client.get(paths.overview.build({ la: '301' }));
      assert.equal(page.status, 200);
      assert.match(page.text, /<title>Overview – Council A – Forecare<\/title>/);
      assert.match(page.text, /id="stat-total">2</);
      assert.match(page.text, /Figures as at 31 March 2023/);
      assert.match(
        page.text,
        /<svg[^>]*role="img"[^>]*aria-labelledby="chart-category-svg-title chart-category-svg-desc"/,
      );
      assert.match(
        page.text,
        /<title id="chart-category-svg-title">Children looked after on 31 March 2023 by placement category<\/title>/,
      );
      assert.match(
        page.text,
        /<desc id="chart-flows-svg-desc">2021\/22: 2 entries, 0 exits; 2022\/23: 1 entries, 1 exits.<\/desc>/,
      );
      assert.match(
        page.text,
        /<th scope="row" class="govuk-table__header" data-sort-value="In-house fostering">In-house fostering<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric" data-sort-value="1">1<\/td>/,
      );
      assert.match(page.text, /data-module="moj-sortable-table"/);
      // Navigation follows the role.
      assert.equal(page.text.includes(`href="${paths.users.index.build({ la: '301' })}"`), role === 'admin');
    });
  }

  test('the rate per 10,000 appears once a child population is entered', async () => {
    const admin = await bed.signedIn('admin@a.test');
    let page = await admin.get(paths.overview.build({ la: '301' }));
    assert.match(page.text, /Not shown: no child population entered/);
    await admin.post(
      paths.settings.build({ la: '301' }),
      { childPopulation: '20,000' },
      { tokenFrom: paths.settings.build({ la: '301' }) },
    );
    page = await admin.get(paths.overview.build({ la: '301' }));
    assert.match(page.text, /id="stat-rate">1\.0</);
  });

  test('the tables download as a real Excel workbook with numbers as numbers', async () => {
    const client = await bed.signedIn('viewer@a.test');
    const res = await client.getBytes(paths.overview.build({ la: '301' }, { format: 'xlsx' }));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /forecare-overview-301\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['By placement category', 'By age band', 'Trend', 'Entries and exits'],
    );
    const sheet = wb.getWorksheet('By placement category');
    const rows = sheet?.getSheetValues().filter(Boolean) as unknown[][];
    const inHouse = rows.find((r) => r[1] === 'In-house fostering');
    assert.equal(inHouse?.[2], 1);
    assert.equal(typeof inHouse?.[2], 'number');
  });

  test("another council's admin is refused, by the page and by the service", async () => {
    const other = await bed.signedIn('admin@b.test');
    const res = await other.get(paths.overview.build({ la: '301' }));
    assert.equal(res.status, 403);
    assert.doesNotMatch(res.text, /stat-total/);
    await assert.rejects(
      bed.services.overview.overview(
        { userId: 99, name: 'admin@b.test', laCode: '302', role: 'admin', requestId: null },
        '301',
      ),
      AccessDeniedError,
    );
    const own = await other.get(paths.overview.build({ la: '302' }));
    assert.equal(own.status, 200);
    assert.match(own.text, /There is no case data for Council B yet/);
  });

  test('figures are cached per data version; an import elsewhere (e.g. the command line) shows within 2 seconds', async () => {
    const actor = { userId: 1, name: 'admin@a.test', laCode: '301', role: 'admin' as const, requestId: null };
    const first = await bed.services.overview.overview(actor, '301');
    const again = await bed.services.overview.overview(actor, '301');
    assert.equal(first.now, again.now, 'the same cached stock object');
    await bed.importCase(
      '301',
      aLoadResult({
        children: [aChild({ childId: 'C4', dob: '2015-01-01' })],
        episodes: [anEpisode({ childId: 'C4', start: '2022-10-01' })],
      }),
    );
    clock += 2500;
    const after = await bed.services.overview.overview(actor, '301');
    assert.equal(after.now?.total, 3);
  });
});
