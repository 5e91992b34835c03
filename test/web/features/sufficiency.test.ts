/**
 * Sufficiency page (issue 11): the placement mix worked by hand in test/sufficiency/mix.test.ts,
 * targets set and removed by analysts (errors beside their fields, audited), what a target asks at
 * the children per household the page is given, the highest-cost placements by pseudonym, Excel.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Child, Episode } from '../../../src/domain/model.ts';
import { createAuditService } from '../../../src/services/audit.ts';
import { systemActor } from '../../../src/services/access.ts';
import { importChildCosts } from '../../../src/services/unitCosts.ts';
import { stabilityDates } from '../../../src/services/sufficiency.ts';
import { paths } from '../../../src/web/paths.ts';
import { aChild, aLoadResult, anEpisode } from '../../store/caseBuilders.ts';
import { TEST_KEY, webTestbed, type Testbed } from '../support.ts';
import { actorFor } from './forecast/planningCase.ts';

function council() {
  const children: Child[] = [];
  const episodes: Episode[] = [];
  // Distance and placement area, worked by hand: PL_DISTANCE recorded for IH0-IH4 and EX0-EX1
  // (7 children), over 20 miles for IH0-IH3 (25) and EX0-EX1 (35): 6 / 7 = 85.7%. PL_LA recorded
  // for IH0-IH5 (301, the council's own) and EX0-EX2 (999): 3 outside / 9 = 33.3%. One placement
  // each since 1 January 2025: none with three or more (0 / 32), none in care 2.5 years.
  const distance: Record<string, number> = { IH0: 25, IH1: 25, IH2: 25, IH3: 25, IH4: 5, EX0: 35, EX1: 35 };
  const area: Record<string, string> = { EX0: '999', EX1: '999', EX2: '999' };
  for (let i = 0; i < 6; i++) area[`IH${i}`] = '301';
  const add = (id: string, placement: string, provider: string) => {
    children.push(aChild({ childId: id, dob: '2015-01-01' }));
    episodes.push(
      anEpisode({
        childId: id,
        start: '2025-01-01',
        placement,
        provider,
        placementDistance: distance[id] ?? null,
        placementLa: area[id] ?? null,
      }),
    );
  };
  for (let i = 0; i < 12; i++) add(`IH${i}`, 'U4', 'PR1');
  for (let i = 0; i < 8; i++) add(`AG${i}`, 'U4', 'PR4');
  for (let i = 0; i < 3; i++) add(`HO${i}`, 'K2', 'PR1');
  for (let i = 0; i < 9; i++) add(`EX${i}`, 'K2', 'PR4');
  // The returns run to 31 March 2026.
  children.push(aChild({ childId: 'LAST', dob: '2012-01-01' }));
  episodes.push(anEpisode({ childId: 'LAST', start: '2025-06-01', end: '2026-03-31', reasonEnded: 'E4A' }));
  return aLoadResult({ year: 2026, children, episodes });
}

test('distance and stability are shown at the latest date and at 31 Marches with a whole year of returns', () => {
  // Returns from 1 April 2021: 31 March 2022 has its year (from 1 April 2021) inside them; 2021 does not.
  assert.deepEqual(stabilityDates('2024-03-31', '2021-04-01'), ['2024-03-31', '2023-03-31', '2022-03-31']);
  assert.deepEqual(stabilityDates('2024-06-15', '2021-04-01'), [
    '2024-06-15',
    '2024-03-31',
    '2023-03-31',
    '2022-03-31',
  ]);
  assert.deepEqual(stabilityDates('2024-06-15', '2023-04-01'), ['2024-06-15', '2024-03-31']);
});

describe('sufficiency page', () => {
  let bed: Testbed;
  let dir: string;
  const la = '301';
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2026-05-01T10:00:00Z') });
    for (const role of ['admin', 'analyst', 'viewer'] as const)
      await bed.addUser(la, `${role}@a.test`, role, 'Council A');
    await bed.addUser('302', 'admin@b.test', 'admin', 'Council B');
    await bed.importCase(la, council());
    dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-web-sufficiency-'));
    const file = path.join(dir, 'costs.csv');
    writeFileSync(
      file,
      'CHILD,PROVIDER,START,END,WEEKLY_COST\nEX1,Homes Ltd,2025-01-01,,6500\nEX2,Care plc,2026-03-03,,9000\n',
    );
    await importChildCosts(bed.data.db, la, file, { name: 'costs.csv', pseudonymKey: TEST_KEY });
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await bed.close();
  });

  test('every role sees the mix; the highest-cost placements are listed by pseudonym', async () => {
    for (const role of ['admin', 'analyst', 'viewer'] as const) {
      const client = await bed.signedIn(`${role}@a.test`);
      const page = await client.get(paths.sufficiency.index.build({ la }));
      assert.equal(page.status, 200);
      assert.match(
        page.text,
        /<desc id="chart-mix-svg-desc">Fostering 60:40 in-house to external at March 2026; Residential 25:75 in-house to external at March 2026. No targets set.<\/desc>/,
      );
      assert.match(page.text, /The 2 dearest placements on 31 March 2026/);
      assert.match(page.text, /£9,000\.00|£9,000/);
      assert.doesNotMatch(page.text, />EX2</, 'pseudonyms only');
      assert.equal(page.text.includes('Set a target'), role !== 'viewer');
    }
  });

  test('distance and stability on the latest date (worked by hand above)', async () => {
    const client = await bed.signedIn('viewer@a.test');
    const page = await client.get(paths.sufficiency.index.build({ la }));
    const cells = (page.text.split('id="stability"')[1] ?? '')
      .split('</tbody>')[0]
      ?.split('<tbody')[1]
      ?.match(/<t[dh][^>]*>[^<]*<\/t[dh]>/g)
      ?.map((c) => c.replace(/<[^>]+>/g, '').trim());
    assert.deepEqual(cells, [
      ...['Placed more than 20 miles from home', '31 March 2026', '6', 'with a distance recorded', '7', '85.7'],
      ...['Placed outside the council&#39;s area', '31 March 2026', '3', 'with a placement area recorded', '9', '33.3'],
      ...['Three or more placements in the year', '31 March 2026', '0', 'looked after', '32', '0.0'],
      ...['Long-term stability: same placement 2 years or more', '31 March 2026', '0'],
      ...['under 16, looked after 2.5 years or more', '0', ''],
    ]);
    assert.doesNotMatch(page.text, /cannot be told apart/);
  });

  test('an analyst sets targets; errors are beside their fields; what a target asks; removing it', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const url = paths.sufficiency.index.build({ la });
    const res = await analyst.post(
      paths.sufficiency.targets.build({ la }),
      { kind: 'fostering', inHousePercent: '150', by: '2027-03-31' },
      { tokenFrom: url },
    );
    assert.equal(res.status, 302);
    let page = await analyst.get(url);
    assert.match(page.text, /govuk-error-summary/);
    assert.match(page.text, /href="#inHousePercent">In-house share must be between 1 and 99/);
    await analyst.post(
      paths.sufficiency.targets.build({ la }),
      { kind: 'fostering', inHousePercent: '66', by: '31/03/2027' },
      { tokenFrom: url },
    );
    page = await analyst.get(url);
    assert.match(page.text, /href="#by">Enter the date the target is due, for example 2027-03-31/);
    for (const [pct, by] of [
      ['66', '2027-03-31'],
      ['80', '2028-03-31'],
    ])
      await analyst.post(
        paths.sufficiency.targets.build({ la }),
        { kind: 'fostering', inHousePercent: pct ?? '', by: by ?? '' },
        { tokenFrom: url },
      );
    page = await analyst.get(url);
    // 66%: 2 children to move, 2 households at 1.5; 80%: 4 children, 3 households (worked in mix.test.ts).
    assert.match(
      page.text,
      /66:34<\/td>\s*<td[^>]*>31 March 2027<\/td>\s*<td[^>]*>60:40<\/td>\s*<td[^>]*>2<\/td>\s*<td[^>]*>2<\/td>/,
    );
    assert.match(
      page.text,
      /80:20<\/td>\s*<td[^>]*>31 March 2028<\/td>\s*<td[^>]*>60:40<\/td>\s*<td[^>]*>4<\/td>\s*<td[^>]*>3<\/td>/,
    );
    // Against the forecast (nothing changing): the share the expected path gives at the end of the
    // target's month, and the children in-house it is short of the target.
    const capacity = await bed.services.capacity.view(actorFor(la, 'analyst'), la);
    const inMarch2027 = capacity.demand.find((d) => d.month === '2027-03');
    assert.ok(inMarch2027);
    const ih = inMarch2027.byCategory.inhouse_fostering ?? 0;
    const ag = inMarch2027.byCategory.ifa_fostering ?? 0;
    const short = Math.round(Math.max(0, 0.66 * (ih + ag) - ih) * 10) / 10;
    assert.match(
      page.text,
      new RegExp(
        `66:34</td>(\\s*<td[^>]*>[^<]*</td>){4}\\s*<td[^>]*>${Math.round((ih / (ih + ag)) * 100)}:${100 - Math.round((ih / (ih + ag)) * 100)}</td>\\s*<td[^>]*>${short.toFixed(1)}</td>`,
      ),
    );
    // The Forecast page's 36 months from 31 March 2026 end in March 2029: a 2028 target is inside it.
    assert.match(page.text, />Forecast at the target date \(no change\)</);
    // At 2 children a household, 80% needs 2 households.
    page = await analyst.get(paths.sufficiency.index.build({ la }, { perHousehold: '2' }));
    assert.match(
      page.text,
      /80:20<\/td>\s*<td[^>]*>31 March 2028<\/td>\s*<td[^>]*>60:40<\/td>\s*<td[^>]*>4<\/td>\s*<td[^>]*>2<\/td>/,
    );
    page = await analyst.get(paths.sufficiency.index.build({ la }, { perHousehold: 'lots' }));
    assert.match(page.text, /Children per household must be a number from 0\.5 to 6/);
    await analyst.post(
      paths.sufficiency.removeTarget.build({ la }),
      { kind: 'fostering', by: '2028-03-31' },
      { tokenFrom: url },
    );
    page = await analyst.get(url);
    assert.doesNotMatch(page.text, /80:20/);
    const log = await createAuditService(bed.data.db).list(systemActor(la), la);
    const actions = log.entries.map((e) => e.action);
    assert.equal(actions.filter((a) => a === 'sufficiency.target_set').length, 2);
    assert.equal(actions.filter((a) => a === 'sufficiency.target_removed').length, 1);
  });

  test('an analyst records in-house capacity; errors beside their fields; the gap and its cost by year', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const url = paths.sufficiency.index.build({ la });
    let page = await analyst.get(url);
    assert.match(page.text, /No in-house capacity recorded yet/);
    await analyst.post(
      paths.sufficiency.capacity.build({ la }),
      { month: '2026-4', fosteringHouseholds: '10', fosteringPlaces: 'many', homeBeds: '3' },
      { tokenFrom: url },
    );
    page = await analyst.get(url);
    assert.match(page.text, /href="#month">Enter the month as YYYY-MM, for example 2026-04/);
    await analyst.post(
      paths.sufficiency.capacity.build({ la }),
      { month: '2026-04', fosteringHouseholds: '10', fosteringPlaces: 'many', homeBeds: '3' },
      { tokenFrom: url },
    );
    page = await analyst.get(url);
    assert.match(page.text, /href="#fosteringPlaces">Enter the fostering places as a whole number from 0 to 100,000/);
    // 12 in-house and 8 agency children fostered, 3 + 9 in homes at the start: 14 places and 3 beds
    // leave about 6 fostering and 9 residential children to place externally each month.
    await analyst.post(
      paths.sufficiency.capacity.build({ la }),
      { month: '2026-04', fosteringHouseholds: '10', fosteringPlaces: '14', homeBeds: '3' },
      { tokenFrom: url },
    );
    page = await analyst.get(url);
    assert.match(page.text, /In-house capacity saved/);
    assert.match(page.text, /April 2026<\/t[hd]>\s*<td[^>]*>10<\/td>\s*<td[^>]*>14<\/td>\s*<td[^>]*>3<\/td>/);
    assert.match(page.text, /Cost of buying the gap externally, by financial year/);
    assert.match(page.text, /2026\/27<\/t[hd]>\s*<td[^>]*>12<\/td>\s*<td[^>]*>£[\d,]+/);
    // Children per household now comes from the council's own capacity where it holds on the latest
    // date (31 March 2026): this record is from April 2026, so the page keeps the default 1.5.
    assert.match(page.text, /1\.5 children per in-house fostering household, Forecare’s default/);
    await analyst.post(
      paths.sufficiency.capacity.build({ la }),
      { month: '2026-03', fosteringHouseholds: '10', fosteringPlaces: '12', homeBeds: '3' },
      { tokenFrom: url },
    );
    page = await analyst.get(url);
    // 12 places / 10 households = 1.2 a household: 66% needs 2 children, ceil(2 / 1.2) = 2 households.
    assert.match(
      page.text,
      /1\.2 children per in-house fostering household, from the council’s in-house capacity recorded for 2026-03 \(12 places \/ 10 households\)/,
    );
    assert.match(page.text, /name="perHousehold"[^>]*value="1.2"/);
    await analyst.post(paths.sufficiency.removeCapacity.build({ la }), { month: '2026-03' }, { tokenFrom: url });
    await analyst.post(paths.sufficiency.removeCapacity.build({ la }), { month: '2026-04' }, { tokenFrom: url });
    page = await analyst.get(url);
    assert.match(page.text, /No in-house capacity recorded yet/);
    const log = await createAuditService(bed.data.db).list(systemActor(la), la);
    const actions = log.entries.map((e) => e.action);
    assert.equal(actions.filter((a) => a === 'capacity.set').length, 2);
    assert.equal(actions.filter((a) => a === 'capacity.removed').length, 2);
    await analyst.post(
      paths.sufficiency.capacity.build({ la }),
      { month: '2026-04', fosteringHouseholds: '10', fosteringPlaces: '14', homeBeds: '3' },
      { tokenFrom: url },
    );
  });

  test('a viewer cannot set a target; another council cannot see the page; Excel has every table on the page', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const url = paths.sufficiency.index.build({ la });
    const res = await viewer.post(
      paths.sufficiency.targets.build({ la }),
      { kind: 'residential', inHousePercent: '50', by: '2027-03-31' },
      { tokenFrom: url },
    );
    assert.equal(res.status, 403);
    const capacity = await viewer.post(
      paths.sufficiency.capacity.build({ la }),
      { month: '2026-04', fosteringHouseholds: '1', fosteringPlaces: '1', homeBeds: '1' },
      { tokenFrom: url },
    );
    assert.equal(capacity.status, 403);
    const other = await bed.signedIn('admin@b.test');
    assert.equal((await other.get(url)).status, 403);
    assert.match(
      (await other.get(paths.sufficiency.index.build({ la: '302' }))).text,
      /No returns have been imported yet/,
    );
    const x = await viewer.getBytes(paths.sufficiency.index.build({ la }, { format: 'xlsx' }));
    assert.equal(x.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets
        .map((w) => w.name)
        .filter((n) => ['Placement mix', 'Targets', 'Distance and stability', 'Highest-cost placements'].includes(n)),
      ['Placement mix', 'Targets', 'Distance and stability', 'Highest-cost placements'],
    );
  });
});
