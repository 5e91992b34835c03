/**
 * Front door page (issue 12): the funnel fixture worked by hand in test/funnel/funnel.test.ts,
 * stored as after real imports; by month and by year, a bad date beside its field, another
 * council refused, Excel with every table.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../../src/web/paths.ts';
import { storeFixture } from '../../funnel/cinFixture.ts';
import { TEST_KEY, webTestbed, type Testbed } from '../support.ts';

const cells = (html: string, first: string) => {
  const row = new RegExp(`<tr[^>]*>\\s*<t[hd][^>]*>${first}</t[hd]>([\\s\\S]*?)</tr>`).exec(html);
  return row ? [...(row[1] ?? '').matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]?.trim()) : null;
};

describe('front door page', () => {
  let bed: Testbed;
  const LA = '301';
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2026-05-01T10:00:00Z') });
    await bed.addUser(LA, 'viewer@a.test', 'viewer', 'Council A');
    await bed.addUser('302', 'admin@b.test', 'admin', 'Council B');
    await storeFixture(bed.data.db, LA, TEST_KEY);
  });
  after(() => bed.close());

  test('a viewer sees the funnel by month, its conversions and entries by route', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const page = await viewer.get(paths.funnel.index.build({ la: LA }, { from: '2025-04-01', to: '2025-06-30' }));
    assert.equal(page.status, 200);
    // Worked by hand: April 100, 2, 2, 1, 1, 1, 1; conversions 2.0%, 100.0%, 50.0%, 100.0% ...
    assert.deepEqual(cells(page.text, '2025-04'), ['100', '2', '2', '1', '1', '1', '1']);
    assert.deepEqual(cells(page.text, '2025-06'), ['', '0', '0', '0', '0', '0', '2']);
    assert.match(page.text, /2\.0%/);
    assert.deepEqual(cells(page.text, 'After a child protection plan'), ['1', '25.0%']);
    assert.deepEqual(cells(page.text, 'Unaccompanied asylum-seeking children'), ['1', '25.0%']);
    const byYear = await viewer.get(
      paths.funnel.index.build({ la: LA }, { from: '2025-04-01', to: '2026-03-31', by: 'year' }),
    );
    assert.deepEqual(cells(byYear.text, '2026'), ['', '5', '3', '3', '2', '2', '4']);
    const bad = await viewer.get(paths.funnel.index.build({ la: LA }, { from: 'April' }));
    assert.equal(bad.status, 200);
    assert.match(bad.text, /Enter the date as YYYY-MM-DD, for example 2025-04-01, not &quot;April&quot;/);
  });

  test('another council is refused; Excel has every table', async () => {
    const other = await bed.signedIn('admin@b.test');
    assert.equal((await other.get(paths.funnel.index.build({ la: LA }))).status, 403);
    assert.match(
      (await other.get(paths.funnel.index.build({ la: '302' }))).text,
      /No children in need census or 903 returns/,
    );
    const viewer = await bed.signedIn('viewer@a.test');
    const x = await viewer.getBytes(
      paths.funnel.index.build({ la: LA }, { from: '2025-04-01', to: '2026-03-31', by: 'year', format: 'xlsx' }),
    );
    assert.equal(x.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    for (const n of ['Funnel', 'Conversion', 'Rates per 10,000', 'Plans and re-referrals', 'Entries by route'])
      assert.ok(names.includes(n), n);
  });
});
