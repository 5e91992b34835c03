/** Monitoring page (issue 10): budget entry (access, CSRF, errors, audit), the report, saving a period, Excel. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../../src/web/paths.ts';
import { GBP_FORMAT } from '../../../src/web/components/excel.ts';
import { setUnitCost } from '../../../src/services/unitCosts.ts';
import { webTestbed, type Testbed } from '../support.ts';
import { ROLES, actorFor, planningCouncils } from './forecast/planningCase.ts';

const LA = '301';
const index = paths.monitoring.index.build({ la: LA });
const budgetForm = paths.monitoring.budget.build({ la: LA }, { year: '2022/23', at: '2023-02-01' });
const budgetPost = paths.monitoring.budget.build({ la: LA });

/** Every line of the form blank except those given. */
function budgetFields(fields: Record<string, string>): Record<string, string> {
  return { year: '2022/23', at: '2023-02-01', 'other-1-line': '', 'other-1-amount': '', ...fields };
}

describe('monitoring page', () => {
  let bed: Testbed;
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2023-06-15T09:00:00Z') });
    await planningCouncils(bed);
    await setUnitCost(bed.data.db, LA, {
      category: 'inhouse_fostering',
      weeklyPounds: 700,
      priceYear: 2022,
      source: 'test',
    });
  });
  after(() => bed.close());

  for (const role of ROLES) {
    test(`a ${role} sees the report as at the last date in the returns, in the navigation`, async () => {
      const client = await bed.signedIn(`${role}@a.test`);
      const res = await client.get(index);
      assert.equal(res.status, 200);
      assert.match(res.text, /<title>Monitoring – Council A – Forecare<\/title>/);
      assert.match(res.text, /class="govuk-service-navigation__link" href="\/c\/301\/monitoring" aria-current="page">/);
      assert.match(res.text, /Budget monitoring for 2022\/23 \(2022\/23 P11\), as at 1 February 2023/);
      assert.match(res.text, /<strong>mean<\/strong> of 500 simulation runs/);
      assert.match(res.text, /Forecast outturn against budget, 2022\/23, as at 1 February 2023/);
      // Worked by hand: C1 in in-house fostering 1 April 2022 to 1 February 2023, 307 days at £100 a day.
      assert.match(res.text, /In-house fostering<\/th>\s*<td[^>]*>£0<\/td>\s*<td[^>]*>£30,700<\/td>/);
      assert.equal(res.text.includes('id="set-budget"'), role !== 'viewer');
      assert.equal(res.text.includes('id="save-period"'), role !== 'viewer');
    });
  }

  test('a viewer may not open the budget form, set a budget or save a period', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    assert.equal((await viewer.get(budgetForm)).status, 403);
    const res = await viewer.post(budgetPost, budgetFields({ 'secure-amount': '1' }), { tokenFrom: index });
    assert.equal(res.status, 403);
    const save = await viewer.post(paths.monitoring.save.build({ la: LA }), { at: '2023-02-01' }, { tokenFrom: index });
    assert.equal(save.status, 403);
    assert.deepEqual(await bed.services.budgets.list(actorFor(LA, 'admin'), LA), []);
  });

  test('an analyst sets the budget: errors beside their fields, then saved, audited and on the report; save a period; Excel in pounds', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const form = await analyst.get(budgetForm);
    assert.equal(form.status, 200);
    assert.match(form.text, /<h1 class="govuk-heading-l">Budget 2022\/23<\/h1>/);
    const bad = await analyst.post(
      budgetPost,
      budgetFields({ 'inhouse_fostering-amount': 'lots', 'other-1-line': 'Staying Close', 'other-1-amount': '12' }),
      { tokenFrom: budgetForm },
    );
    assert.equal(bad.status, 302);
    const again = await analyst.get(bad.location ?? '');
    assert.match(again.text, /<title>Error: Budget 2022\/23/);
    assert.match(
      again.text,
      /href="#inhouse_fostering-amount">In-house fostering: &quot;lots&quot; is not an amount in pounds/,
    );
    assert.match(again.text, /name="other-1-line"[^>]*value="Staying Close"/);
    assert.deepEqual(await bed.services.budgets.list(actorFor(LA, 'admin'), LA), [], 'nothing stored');

    const ok = await analyst.post(
      budgetPost,
      budgetFields({
        'inhouse_fostering-amount': '36,500',
        'inhouse_fostering-weeks': '365',
        'other-1-line': 'Staying Close',
        'other-1-amount': '12000',
      }),
      { tokenFrom: budgetForm },
    );
    assert.equal(ok.status, 302);
    assert.equal(ok.location, paths.monitoring.index.build({ la: LA }, { at: '2023-02-01' }));
    const page = await analyst.get(ok.location ?? '');
    assert.match(page.text, /Budget for 2022\/23 saved/);
    assert.match(page.text, /In-house fostering<\/th>\s*<td[^>]*>£36,500<\/td>\s*<td[^>]*>£30,700<\/td>/);
    assert.match(page.text, /Budget lines Forecare does not forecast, 2022\/23/);
    const log = await bed.services.audit.list(actorFor(LA, 'admin'), LA, { action: 'budget.year_set' });
    assert.equal(log.total, 1);
    assert.equal(log.entries[0]?.actor, 'analyst@a.test');

    const saved = await analyst.post(
      paths.monitoring.save.build({ la: LA }),
      { at: '2023-02-01' },
      { tokenFrom: index },
    );
    assert.equal(saved.status, 302);
    const after = await analyst.get(saved.location ?? '');
    assert.match(after.text, /Saved period P11 of 2022\/23/);
    assert.match(after.text, /P11, as at 1 February 2023/);
    const periods = await bed.services.audit.list(actorFor(LA, 'admin'), LA, { action: 'monitoring.period_saved' });
    assert.equal(periods.total, 1);

    // A bad as-at date is named beside the date input; the report falls back to the default date.
    const badDate = await analyst.get(
      paths.monitoring.index.build({ la: LA }, { 'at-day': '31', 'at-month': '2', 'at-year': '2023' }),
    );
    assert.equal(badDate.status, 200);
    assert.match(badDate.text, /href="#at-day">Enter a real as-at date/);

    const xlsx = await analyst.getBytes(paths.monitoring.index.build({ la: LA }, { at: '2023-02-01', format: 'xlsx' }));
    assert.equal(xlsx.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    assert.equal(sheet.name, 'Monitoring 2022-23 P11');
    let row: ExcelJS.Row | undefined;
    sheet.eachRow((r) => {
      if (r.getCell(2).value === 'inhouse_fostering') row = r;
    });
    assert.ok(row);
    assert.equal(row.getCell(3).value, 36500, 'budget in pounds');
    assert.equal(row.getCell(3).numFmt, GBP_FORMAT);
    assert.equal(row.getCell(4).value, 30700, 'actual to date in pounds');
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Monitoring 2022-23 P11', 'Budget 2022-23', 'Other budget lines'],
    );
  });
});
