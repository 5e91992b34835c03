/**
 * Regional pages (issue 11), tenancy first: a person given a region sees its overview (the
 * region's forecast, each member's figures, the placement mix, an Excel download) and each member
 * council's forecast, and is refused councils outside the region and the member councils' own pages;
 * a council's own people never see the region, its page or its other members.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createAuditService } from '../../../src/services/audit.ts';
import { createRegion, grantRegionAccess } from '../../../src/services/regions.service.ts';
import { paths } from '../../../src/web/paths.ts';
import { importDemoCouncil } from '../../support/demoCouncils.ts';
import { TEST_PASSWORD, webTestbed, type Testbed } from '../support.ts';
import { hash } from '@node-rs/argon2';
import { insertUser } from '../../../src/store/users.repository.ts';
import { upsertCapacity } from '../../../src/store/sufficiency.repository.ts';
import { formatPence } from '../../../src/web/components/format.ts';
import { cliRegionActor } from '../../../src/services/access.ts';

describe('regional pages', { timeout: 600_000 }, () => {
  let bed: Testbed;
  const region = 'NW-COOP';
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2026-06-02T09:00:00Z') });
    await importDemoCouncil(bed.data.db, '301', { name: 'Ashford Council', seed: 11 });
    await importDemoCouncil(bed.data.db, '302', { name: 'Brambleton Council', seed: 12 });
    await bed.addUser('301', 'viewer@a.test', 'viewer', 'Ashford Council');
    await bed.addUser('303', 'admin@c.test', 'admin', 'Cowley Council');
    // The regional user: an account with no council of its own.
    await insertUser(bed.data.db, {
      email: 'regional@x.test',
      passwordHash: await hash(TEST_PASSWORD),
      createdAt: '2026-06-01T00:00:00Z',
    });
    await createRegion(bed.data.db, createAuditService(bed.data.db), 'tester', {
      code: region,
      name: 'North West co-operative',
      members: ['301', '302'],
    });
    await grantRegionAccess(bed.data.db, createAuditService(bed.data.db), 'tester', {
      region,
      email: 'regional@x.test',
    });
  });
  after(() => bed?.close());

  test('the regional user finds the region, sees every member and the region, and downloads it', async () => {
    const client = await bed.signedIn('regional@x.test');
    const start = await client.follow(paths.root.build());
    assert.equal(start.url, paths.councils.build());
    assert.match(start.text, /Your regions/);
    assert.ok(start.text.includes(paths.regions.index.build({ region })));

    const page = await client.get(paths.regions.index.build({ region }));
    assert.equal(page.status, 200);
    assert.match(page.text, /North West co-operative/);
    assert.match(page.text, /Ashford Council/);
    assert.match(page.text, /Brambleton Council/);
    assert.doesNotMatch(page.text, /Cowley Council/);
    assert.match(page.text, /id="chart-forecast"/);
    assert.match(page.text, /<svg/);
    assert.match(page.text, /id="sums-of-members"/);
    // No council navigation: the person is not acting in any council.
    assert.ok(!page.text.includes(paths.overview.build({ la: '301' })));

    const member = await client.get(paths.regions.member.build({ region, la: '302' }));
    assert.equal(member.status, 200);
    assert.match(member.text, /Brambleton Council \(302\)/);

    const xlsx = await client.getBytes(paths.regions.index.build({ region }, { format: 'xlsx' }));
    assert.equal(xlsx.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Members');
    assert.ok(sheet, 'a Members sheet');
    const names: string[] = [];
    sheet.eachRow((row) => names.push(String(row.getCell(1).value)));
    assert.ok(names.includes('Ashford Council') && names.includes('Brambleton Council'));
    assert.ok(names.includes('North West co-operative (region)'));
    assert.ok(wb.getWorksheet('Placement mix'));
    const memberXlsx = await client.getBytes(paths.regions.member.build({ region, la: '301' }, { format: 'xlsx' }));
    assert.equal(memberXlsx.status, 200);
  });

  test('the regional user sees capacity against demand across the region, and downloads it', async () => {
    const client = await bed.signedIn('regional@x.test');
    const url = paths.regions.capacity.build({ region });
    let page = await client.get(url);
    assert.equal(page.status, 200);
    assert.match(page.text, /No in-house capacity is recorded for 301, 302/);
    const overview = await client.get(paths.regions.index.build({ region }));
    assert.ok(overview.text.includes(url), 'linked from the overview');
    // 301 has few places and 302 many, from April 2026 (the members' forecasts start on 31 March 2026).
    await upsertCapacity(
      bed.data.db,
      '301',
      { month: '2026-04', fosteringHouseholds: 5, fosteringPlaces: 8, homeBeds: 1 },
      '2026-06-02T09:00:00Z',
    );
    await upsertCapacity(
      bed.data.db,
      '302',
      { month: '2026-04', fosteringHouseholds: 200, fosteringPlaces: 400, homeBeds: 40 },
      '2026-06-02T09:00:00Z',
    );
    page = await client.get(url);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /No in-house capacity is recorded/);
    assert.match(page.text, /Fostering: cost of buying the gap externally by financial year/);
    assert.match(page.text, />Region, capacity shared</);
    assert.match(page.text, />Members’ own gaps added</);
    assert.match(page.text, />Sharing could save</);
    // The page's figures are the service's: the first year's fostering saving.
    const rc = await bed.services.regions.capacity(cliRegionActor(region, 'test'), region);
    const first = rc.years[0];
    assert.ok(first && first.fostering.sharingSavesPence > 0, JSON.stringify(first));
    assert.ok(page.text.includes(formatPence(first.fostering.sharingSavesPence)));
    const xlsx = await client.getBytes(paths.regions.capacity.build({ region }, { format: 'xlsx' }));
    assert.equal(xlsx.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      [
        'Capacity members',
        'Fostering cost by year',
        'Residential cost by year',
        'Fostering by month',
        'Residential by month',
      ],
    );
    // A council's own people never see it.
    const councilUser = await bed.signedIn('viewer@a.test');
    assert.equal((await councilUser.get(url)).status, 403);
    assert.equal((await client.get(paths.regions.capacity.build({ region: 'OTHER' }))).status, 403);
  });

  test('the regional user is refused councils outside the region, other regions and the members’ own pages', async () => {
    const client = await bed.signedIn('regional@x.test');
    assert.equal((await client.get(paths.regions.member.build({ region, la: '303' }))).status, 403);
    assert.equal((await client.get(paths.regions.member.build({ region, la: '999' }))).status, 403);
    assert.equal((await client.get(paths.regions.index.build({ region: 'OTHER' }))).status, 403);
    for (const la of ['301', '302', '303']) {
      assert.equal((await client.get(paths.overview.build({ la }))).status, 403, la);
      assert.equal((await client.get(paths.forecast.index.build({ la }))).status, 403, la);
    }
  });

  test('a council user never sees the region, its page or its other members', async () => {
    const client = await bed.signedIn('viewer@a.test');
    assert.equal((await client.get(paths.regions.index.build({ region }))).status, 403);
    assert.equal((await client.get(paths.regions.member.build({ region, la: '302' }))).status, 403);
    assert.equal((await client.get(paths.regions.member.build({ region, la: '301' }))).status, 403);
    assert.equal((await client.get(paths.overview.build({ la: '302' }))).status, 403);
    const councils = await client.get(paths.councils.build());
    assert.doesNotMatch(councils.text, /North West co-operative|Your regions|Brambleton/);
    const own = await client.get(paths.forecast.index.build({ la: '301' }));
    assert.equal(own.status, 200);
    assert.doesNotMatch(own.text, /Brambleton|North West co-operative/);
  });

  test('a person not signed in is sent to sign in', async () => {
    const res = await bed.client().get(paths.regions.index.build({ region }));
    assert.equal(res.status, 302);
    assert.match(res.location ?? '', /sign-in/);
  });
});
