/** Costs pages: unit costs editor, inflation, spend by financial year; access, audit and Excel. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../../../src/web/paths.ts';
import { AccessDeniedError } from '../../../../src/services/access.ts';
import { GBP_THOUSANDS_FORMAT } from '../../../../src/web/components/excel.ts';
import { parsePounds } from '../../../../src/services/costs.service.ts';
import { setUnitCost } from '../../../../src/services/unitCosts.ts';
import { dateFromParts } from '../../../../src/web/features/costs/routes.ts';
import { webTestbed, type Testbed } from '../../support.ts';
import { ROLES, actorFor, planningCouncils } from '../forecast/planningCase.ts';

const LA = '301';
const index = paths.costs.index.build({ la: LA });
const editor = paths.costs.unitCost.build({ la: LA });

describe('costs form parsing', () => {
  test('pounds and dates as people type them', () => {
    assert.equal(parsePounds('£1,250.50'), 1250.5);
    assert.ok(Number.isNaN(parsePounds('twelve')));
    assert.equal(dateFromParts('1', '4', '2021'), '2021-04-01');
    assert.equal(dateFromParts('', '4', '2021'), '');
  });
});

describe('costs pages', () => {
  let bed: Testbed;
  const clock = Date.parse('2023-06-15T09:00:00Z');
  before(async () => {
    bed = await webTestbed({ now: () => new Date(clock) });
    await planningCouncils(bed);
  });
  after(() => bed.close());

  for (const role of ROLES) {
    test(`a ${role} sees spend by year, the unit costs with their sources and inflation`, async () => {
      const client = await bed.signedIn(`${role}@a.test`);
      const res = await client.get(index);
      assert.equal(res.status, 200);
      assert.match(res.text, /<title>Costs – Council A – Forecare<\/title>/);
      assert.match(
        res.text,
        /Spend by financial year \(1 April to 31 March\), cash terms, £000s: the mean of the simulation runs/,
      );
      assert.match(res.text, /Every figure shown is the <strong>mean<\/strong> of the simulation runs/);
      assert.match(res.text, /Spend by placement category and post-care line, 2022\/23 \(outturn/);
      assert.match(res.text, /Special guardianship and child arrangements allowances/);
      assert.match(res.text, /<svg[^>]*role="img"[^>]*aria-labelledby="chart-spend-svg-title chart-spend-svg-desc"/);
      assert.match(res.text, /Outturn \(actual to date \+ forecast\)/);
      assert.match(res.text, /PSSRU Unit Costs of Health and Social Care 2017/);
      assert.match(res.text, /Inflation of placement prices by financial year/);
      assert.equal(res.text.includes('id="add-unit-cost"'), role !== 'viewer');
    });
  }

  test('a viewer may not open the editor or change anything', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    assert.equal((await viewer.get(editor)).status, 403);
    const res = await viewer.post(
      editor,
      {
        category: 'secure',
        weeklyPounds: '1',
        'effectiveFrom-day': '1',
        'effectiveFrom-month': '4',
        'effectiveFrom-year': '2021',
        priceYear: '',
        source: '',
      },
      { tokenFrom: index },
    );
    assert.equal(res.status, 403);
    const inflation = await viewer.post(
      paths.costs.inflation.build({ la: LA }),
      { year: '2023', percent: '4' },
      { tokenFrom: index },
    );
    assert.equal(inflation.status, 403);
    await assert.rejects(bed.services.costs.setInflation(actorFor(LA, 'viewer'), LA, '2023', '4'), AccessDeniedError);
  });

  test('bad input comes back with an error summary and the values typed', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const res = await analyst.post(
      editor,
      {
        category: 'ifa_fostering',
        weeklyPounds: 'lots',
        'effectiveFrom-day': '1',
        'effectiveFrom-month': '4',
        'effectiveFrom-year': '2021',
        priceYear: '',
        source: '',
      },
      { tokenFrom: editor },
    );
    assert.equal(res.status, 302);
    assert.equal(res.location, editor);
    const form = await analyst.get(editor);
    assert.match(form.text, /<title>Error: Add a unit cost/);
    assert.match(form.text, /href="#weeklyPounds">Enter the weekly cost in pounds/);
    assert.match(form.text, /value="lots"/);
    const noDate = await analyst.post(
      editor,
      {
        category: 'ifa_fostering',
        weeklyPounds: '900',
        'effectiveFrom-day': '',
        'effectiveFrom-month': '4',
        'effectiveFrom-year': '2021',
        priceYear: '',
        source: '',
      },
      { tokenFrom: editor },
    );
    assert.equal(noDate.location, editor);
    assert.match((await analyst.get(editor)).text, /href="#effectiveFrom-day">Enter the date the cost applies from/);
    // Out of bounds: the service's rule (src/services/unitCosts.ts), shown beside the field it names.
    const tooMuch = await analyst.post(
      editor,
      {
        category: 'ifa_fostering',
        weeklyPounds: '100,000.01',
        'effectiveFrom-day': '1',
        'effectiveFrom-month': '4',
        'effectiveFrom-year': '2021',
        priceYear: '',
        source: '',
      },
      { tokenFrom: editor },
    );
    assert.equal(tooMuch.location, editor);
    assert.match(
      (await analyst.get(editor)).text,
      /href="#weeklyPounds">Weekly cost must be an amount in pounds between £0 and £100,000/,
    );
  });

  test('an analyst sets unit costs: shown, audited, and spend recalculated from them', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const save = (category: string, weeklyPounds: string) =>
      analyst.post(
        editor,
        {
          category,
          weeklyPounds,
          'effectiveFrom-day': '1',
          'effectiveFrom-month': '4',
          'effectiveFrom-year': '2021',
          priceYear: '2021',
          source: 'Test prices',
        },
        { tokenFrom: editor },
      );
    const res = await save('inhouse_fostering', '700');
    assert.equal(res.status, 302);
    assert.equal(res.location, index);
    await save('kinship_fostering', '70');
    const page = await analyst.get(index);
    assert.match(page.text, /Unit cost for Fostering with relatives or friends saved/);
    assert.match(page.text, /Unit costs entered by Council A/);
    assert.match(page.text, />£700</);
    // Worked by hand, 2021/22 (actual): C1 in-house fostering 1 May 2021 to 31 March 2022,
    // 335 days at £100 a day = £33,500; C2 kinship 10 January to 31 March 2022, 81 days at
    // £10 a day = £810; together £34,310 (both priced in 2021/22 prices, so no uplift).
    const spend = await bed.services.costs.spend(actorFor(LA, 'viewer'), LA);
    const y2021 = spend.years.find((y) => y.year === '2021/22');
    assert.equal(y2021?.basis, 'actual');
    assert.equal(y2021?.spend.p50, 3_431_000);
    // On the page in £000s (34) or £m (0.03); the lines of 2021/22 add up to it.
    assert.match(
      page.text,
      /data-sort-value="2021\/22">2021\/22<\/th>\s*<td[^>]*>Actual<\/td>\s*<td[^>]*>34<\/td>\s*<td[^>]*>34<\/td>/,
    );
    const millions = await analyst.get(paths.costs.index.build({ la: LA }, { unit: 'millions', year: '2021/22' }));
    assert.match(millions.text, /Spend by placement category and post-care line, 2021\/22 \(actual\), £m/);
    assert.match(millions.text, />In-house fostering<\/th>\s*<td[^>]*>0\.03<\/td>/);
    const admin = actorFor(LA, 'admin');
    const log = await bed.services.audit.list(admin, LA, { action: 'costs.unit_cost_set' });
    assert.equal(log.total, 2);
    assert.equal(log.entries[0]?.actor, 'analyst@a.test');
  });

  test('"Change" fills the form from the row; remove puts the default back', async () => {
    // Its own price (the same one the test above saves through the form), so it runs alone too.
    await setUnitCost(bed.data.db, LA, {
      category: 'inhouse_fostering',
      weeklyPounds: 700,
      effectiveFrom: '2021-04-01',
      priceYear: 2021,
      source: 'Test prices',
    });
    const admin = await bed.signedIn('admin@a.test');
    const form = await admin.get(
      paths.costs.unitCost.build({ la: LA }, { category: 'inhouse_fostering', effectiveFrom: '2021-04-01' }),
    );
    assert.equal(form.status, 200);
    assert.match(form.text, /Change a unit cost/);
    assert.match(form.text, /name="weeklyPounds"[^>]*value="700"/);
    const res = await admin.post(
      paths.costs.removeUnitCost.build({ la: LA }),
      { category: 'inhouse_fostering', placeCode: '', effectiveFrom: '2021-04-01' },
      { tokenFrom: index },
    );
    assert.equal(res.status, 302);
    const page = await admin.get(index);
    assert.match(page.text, /Unit cost for In-house fostering removed/);
    const log = await bed.services.audit.list(actorFor(LA, 'admin'), LA, { action: 'costs.unit_cost_removed' });
    assert.equal(log.total, 1);
  });

  test('inflation for a financial year is saved, audited and shown', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const bad = await analyst.post(
      paths.costs.inflation.build({ la: LA }),
      { year: '2023', percent: 'high' },
      { tokenFrom: index },
    );
    assert.equal(bad.status, 302);
    assert.match((await analyst.get(index)).text, /href="#percent">Enter inflation as a percentage/);
    await analyst.post(paths.costs.inflation.build({ la: LA }), { year: '2023', percent: '4.5' }, { tokenFrom: index });
    const page = await analyst.get(index);
    assert.match(page.text, /Inflation rate saved/);
    assert.match(
      page.text,
      /data-sort-value="2023\/24">2023\/24<\/th>\s*<td[^>]*>4\.5%<\/td>\s*<td[^>]*>The council<\/td>/,
    );
    const log = await bed.services.audit.list(actorFor(LA, 'admin'), LA, { action: 'costs.inflation_set' });
    assert.deepEqual(log.entries[0]?.detail, { financialYear: '2023/24', percent: 4.5 });
  });

  test('spend, unit costs and inflation download as Excel with money in the GBP format', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const res = await viewer.getBytes(paths.costs.index.build({ la: LA }, { format: 'xlsx' }));
    assert.equal(res.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Spend by year', 'Spend by line', 'Unit costs', 'Inflation'],
    );
    const sheet = wb.getWorksheet('Spend by year');
    // The page's figure, whatever prices the tests before this one left.
    const spend = await bed.services.costs.spend(actorFor(LA, 'viewer'), LA);
    const expected = Math.round(spend.years.find((y) => y.year === '2021/22')?.spend.mean ?? NaN) / 100;
    let found = false;
    sheet?.eachRow((row) => {
      if (row.getCell(1).value === '2021/22') {
        found = true;
        assert.equal(row.getCell(4).value, expected);
        assert.equal(typeof row.getCell(4).value, 'number');
        // Pounds to the penny, shown in £000s (the page's default unit).
        assert.equal(row.getCell(4).numFmt, GBP_THOUSANDS_FORMAT);
      }
    });
    assert.ok(found, 'the 2021/22 row');
  });

  test('a price changed outside the web (e.g. the command line) is used at once', async () => {
    const viewer = actorFor(LA, 'viewer');
    const year = async () =>
      (await bed.services.costs.spend(viewer, LA)).years.find((y) => y.year === '2021/22')?.spend.p50 ?? NaN;
    const before = await year();
    await setUnitCost(bed.data.db, LA, {
      category: 'kinship_fostering',
      weeklyPounds: 140,
      effectiveFrom: '2021-04-01',
      priceYear: 2021,
      source: 'CLI',
    });
    // Worked by hand: C2's 81 days of kinship in 2021/22 now cost £20 a day instead of £10: £810 more.
    assert.equal((await year()) - before, 81_000);
  });

  test("another council's admin is refused", async () => {
    const other = await bed.signedIn('admin@b.test');
    assert.equal((await other.get(index)).status, 403);
    assert.equal((await other.get(editor)).status, 403);
    const res = await other.post(
      editor,
      { category: 'secure', weeklyPounds: '1' },
      { tokenFrom: paths.costs.index.build({ la: '302' }) },
    );
    assert.equal(res.status, 403);
    await assert.rejects(bed.services.costs.unitCosts(actorFor('302', 'admin'), LA), AccessDeniedError);
    const own = await other.get(paths.costs.index.build({ la: '302' }));
    assert.equal(own.status, 200);
    assert.match(own.text, /There is no case data for Council B yet/);
  });

  test('not signed in: sent to sign in', async () => {
    const res = await bed.client().get(index);
    assert.equal(res.location, paths.signIn.build({}, { returnTo: index }));
  });

  test('a failing service shows the error page', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const analyst = await bed.signedIn('analyst@a.test');
    const service = bed.services.costs;
    const original = { spend: service.spend, unitCosts: service.unitCosts, setInflation: service.setInflation };
    service.spend = async () => {
      throw new Error('database gone');
    };
    try {
      const res = await viewer.get(index);
      assert.equal(res.status, 500);
      assert.match(res.text, /Sorry, there is a problem with the service/);
      service.unitCosts = async () => {
        throw new Error('database gone');
      };
      assert.equal((await analyst.get(editor)).status, 500);
      service.setInflation = async () => {
        throw new Error('database gone');
      };
      service.spend = original.spend;
      service.unitCosts = original.unitCosts;
      const post = await analyst.post(
        paths.costs.inflation.build({ la: LA }),
        { year: '2023', percent: '3' },
        { tokenFrom: index },
      );
      assert.equal(post.status, 500);
    } finally {
      Object.assign(service, original);
    }
  });
});
