/**
 * Costs page, one cost basis (issue 10 section 3): unit costs calibrated from the council's own
 * child-level costs with count and spread, the 15% warning, a one-click replacement (analysts and
 * admins, audited), and years whose actual spend rests on child-level prices for part of the
 * year marked †. Money in £000s or £m, negatives in brackets.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../../../../src/web/paths.ts';
import { importChildCosts } from '../../../../src/services/unitCosts.ts';
import { formatMoneyUnit } from '../../../../src/web/components/tables.ts';
import { excelValue, GBP_MILLIONS_FORMAT, GBP_THOUSANDS_FORMAT } from '../../../../src/web/components/excel.ts';
import { TEST_KEY, webTestbed, type Testbed } from '../../support.ts';
import { actorFor } from '../forecast/planningCase.ts';
import { aChild, aLoadResult, anEpisode } from '../../../store/caseBuilders.ts';

const LA = '303';
const index = paths.costs.index.build({ la: LA });

describe('money in £000s and £m', () => {
  test('pence shown in thousands (whole) or millions (2 dp), negatives in brackets; Excel keeps pounds', () => {
    assert.equal(formatMoneyUnit(123_456_789, 'thousands'), '1,235'); // £1,234,567.89
    assert.equal(formatMoneyUnit(-123_456_789, 'thousands'), '(1,235)');
    assert.equal(formatMoneyUnit(123_456_789, 'millions'), '1.23');
    assert.equal(formatMoneyUnit(-123_456_789, 'millions'), '(1.23)');
    assert.equal(formatMoneyUnit(-10, 'thousands'), '0', 'no brackets round a zero');
    assert.equal(excelValue(123_456_789.4, 'thousands'), 1_234_567.89);
    assert.equal(GBP_THOUSANDS_FORMAT, '#,##0,;(#,##0,)');
    assert.equal(GBP_MILLIONS_FORMAT, '#,##0.00,,;(#,##0.00,,)');
  });
});

describe('costs page: calibrated unit costs and the cost basis of each year', () => {
  let bed: Testbed;
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2024-07-01T09:00:00Z') });
    for (const role of ['admin', 'analyst', 'viewer'] as const)
      await bed.addUser(LA, `${role}@c.test`, role, 'Council C');
    // K1-K6 in external residential (K2/PR4) from 1-6 June 2024, each at £6,000 a week from the
    // day they were placed; L1 there since 1 January 2023 without a child-level cost.
    const kids = [1, 2, 3, 4, 5, 6].map((i) => `K${i}`);
    await bed.importCase(
      LA,
      aLoadResult({
        year: 2024,
        children: [...kids, 'L1'].map((id) => aChild({ childId: id, dob: '2009-01-01' })),
        episodes: [
          ...kids.map((id, i) =>
            anEpisode({ childId: id, start: `2024-06-0${i + 1}`, placement: 'K2', provider: 'PR4' }),
          ),
          anEpisode({ childId: 'L1', start: '2023-01-01', placement: 'K2', provider: 'PR4' }),
        ],
      }),
    );
    const file = path.join(bed.uploadDir, 'costs.csv');
    fs.writeFileSync(
      file,
      'CHILD,START,END,WEEKLY_COST\n' + kids.map((id, i) => `${id},2024-06-0${i + 1},,6000`).join('\n') + '\n',
    );
    await importChildCosts(bed.data.db, LA, file, { pseudonymKey: TEST_KEY });
  });
  after(() => bed.close());

  test('the page shows the prices paid with count and spread, warns past 15%, marks years on a different basis', async () => {
    const viewer = await bed.signedIn('viewer@c.test');
    const res = await viewer.get(index);
    assert.equal(res.status, 200);
    const view = await bed.services.costs.calibration(actorFor(LA, 'viewer'), LA);
    assert.ok(view);
    // Worked by hand: six placements whose cost started 1-6 June 2024 (in the 12 months to 6 June
    // 2024, the last date in the returns), each £6,000 a week in 2024/25 prices: mean £6,000.
    const row = view.rows.find((r) => r.category === 'external_residential');
    assert.deepEqual(
      [row?.count, row?.meanWeeklyPence, row?.p10WeeklyPence, row?.p90WeeklyPence, row?.proposedWeeklyPence],
      [6, 600_000, 600_000, 600_000, 600_000],
    );
    assert.match(res.text, /Unit costs from the council’s own prices/);
    assert.match(res.text, />External residential<\/th>\s*<td[^>]*>6<\/td>\s*<td[^>]*>£6,000<\/td>/);
    const far = Math.abs((row!.unitWeeklyPence - 600_000) / 600_000) > 0.15;
    assert.equal(res.text.includes('the unit cost,'), far, 'the warning exactly when more than 15% away');
    assert.equal(res.text.includes('id="use-calibrated"'), false, 'a viewer is not offered the replacement');
    // 2024/25: K1-K6's days from June at their own price, L1's not: a partial child-level basis.
    const spend = await bed.services.costs.spend(actorFor(LA, 'viewer'), LA);
    const y2024 = spend.years.find((y) => y.year === '2024/25');
    assert.equal(y2024?.costBasis?.basis, 'partial');
    assert.match(res.text, /data-sort-value="2024\/25 †">2024\/25 †<\/th>/);
    assert.match(
      res.text,
      /† A different cost basis: child-level costs cover only part of the placement days of .*2024\/25/,
    );
    const viewerPost = await viewer.post(paths.costs.calibrate.build({ la: LA }), {}, { tokenFrom: index });
    assert.equal(viewerPost.status, 403);
  });

  test('an analyst replaces the unit costs with the calibrated prices in one click: used at once, audited', async () => {
    const analyst = await bed.signedIn('analyst@c.test');
    const page = await analyst.get(index);
    assert.match(page.text, /id="use-calibrated"/);
    const res = await analyst.post(paths.costs.calibrate.build({ la: LA }), {}, { tokenFrom: index });
    assert.equal(res.status, 302);
    const after = await analyst.get(index);
    assert.match(after.text, /Unit costs of 1 category replaced by the prices calibrated/);
    const table = await bed.services.costs.unitCosts(actorFor(LA, 'viewer'), LA);
    const ext = table.lines.find((l) => l.category === 'external_residential');
    assert.deepEqual([ext?.isDefault, ext?.weeklyPence, ext?.priceYear], [false, 600_000, 2024]);
    assert.match(ext?.source ?? '', /Calibrated from the council's child-level costs: mean of 6 placements/);
    const view = await bed.services.costs.calibration(actorFor(LA, 'viewer'), LA);
    assert.deepEqual(view?.warnings, [], 'no warning once the unit cost is the observed mean');
    const log = await bed.services.audit.list(actorFor(LA, 'admin'), LA, { action: 'costs.calibrated' });
    assert.equal(log.total, 1);
    assert.equal(log.entries[0]?.actor, 'analyst@c.test');
  });
});
