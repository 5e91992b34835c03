/**
 * Indicators page (issue 12): the council worked by hand in test/indicators/council.ts against a
 * hand-made DfE table; child population, neighbours and tables set by analysts (errors beside their
 * fields, refusals naming row and column, nothing stored), viewers read only, another council
 * refused, Excel.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../../src/web/paths.ts';
import { aLoadResult } from '../../store/caseBuilders.ts';
import { council } from '../../indicators/council.ts';
import { webTestbed, type Testbed } from '../support.ts';

const HEADER =
  'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,population_type,population_estimate,children_count,rate_per_10000';
const la = (code: string, rate: string) =>
  `2025,Reporting year,Local authority,E92000001,England,E12000001,North East,${code},Council ${code},E0600${code},Children looked after on 31 March each year,1000,1,${rate}`;
const TABLE = [
  HEADER,
  '2025,Reporting year,National,E92000001,England,,,,,,Children looked after on 31 March each year,12183016,81770,67',
  la('841', '20'),
  la('842', '30'),
  la('843', '40'),
  la('844', '50'),
  '',
].join('\n');

describe('indicators page', () => {
  let bed: Testbed;
  const LA = '301';
  const url = paths.indicators.index.build({ la: LA });
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2025-05-01T10:00:00Z') });
    for (const role of ['analyst', 'viewer'] as const) await bed.addUser(LA, `${role}@a.test`, role, 'Council A');
    await bed.addUser('302', 'admin@b.test', 'admin', 'Council B');
    const { children, episodes } = council();
    await bed.importCase(LA, aLoadResult({ year: 2025, children, episodes }));
  });
  after(() => bed.close());

  test('an analyst enters the population, neighbours and a DfE table; the page compares', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const before = await analyst.get(url);
    assert.equal(before.status, 200);
    assert.match(before.text, /No child population is entered for this year/);

    const bad = await analyst.post(
      paths.indicators.population.build({ la: LA }),
      { year: '2025', population: 'many' },
      { tokenFrom: url },
    );
    assert.equal(bad.status, 302);
    assert.match((await analyst.get(url)).text, /Enter the child population as a whole number between 1 and 5,000,000/);
    await analyst.post(
      paths.indicators.population.build({ la: LA }),
      { year: '2025', population: '2,000' },
      { tokenFrom: url },
    );
    await analyst.post(paths.indicators.neighbours.build({ la: LA }), { neighbours: '841, 843' }, { tokenFrom: url });
    const badNeighbours = await analyst.post(
      paths.indicators.neighbours.build({ la: LA }),
      { neighbours: '841 841' },
      { tokenFrom: url },
    );
    assert.equal(badNeighbours.status, 302);
    assert.match((await analyst.get(url)).text, /841 is listed twice/);

    const refused = new FormData();
    refused.set('file', new Blob([[HEADER, la('841', 'lots'), ''].join('\n')]), 'la_cla_rates.csv');
    await analyst.postMultipart(paths.indicators.benchmarks.build({ la: LA }), refused, { tokenFrom: url });
    const afterRefusal = await analyst.get(url);
    assert.match(
      afterRefusal.text,
      /Nothing was imported\. la_cla_rates\.csv, row 2, rate_per_10000: &#39;lots&#39; is not a number/,
    );
    assert.match(afterRefusal.text, /No published figures imported for this year/);

    const form = new FormData();
    form.set('file', new Blob([TABLE]), 'la_cla_rates.csv');
    const up = await analyst.postMultipart(paths.indicators.benchmarks.build({ la: LA }), form, { tokenFrom: url });
    assert.equal(up.status, 302);
    const page = await analyst.get(url);
    assert.match(page.text, /Imported 5 figures from la_cla_rates\.csv/);
    assert.match(page.text, /Rates per 10,000 use 2,000 children aged 0-17/);
    assert.match(page.text, /Statistical neighbours: 841, 843/);
    // Worked by hand (as in test/cli/indicators.test.ts): 5 x 10,000 / 2,000 = 25; England 67;
    // neighbours 20 and 40, mean 30.0; quartile 1 (Q1 bound 27.5 among 20, 30, 40, 50).
    const row =
      /<tr[^>]*>\s*<t[hd][^>]*>Children looked after on 31 March per 10,000 children<\/t[hd]>([\s\S]*?)<\/tr>/.exec(
        page.text,
      );
    assert.ok(row, 'the rate row');
    const cells = [...(row[1] ?? '').matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]?.trim());
    assert.deepEqual(cells.slice(0, 7), ['25', '67', '20', '40', '30.0', '2', '1 (lowest)']);
  });

  test('a viewer reads but cannot change; another council is refused; Excel has the tables', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    const page = await viewer.get(url);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /Save neighbours/);
    const res = await viewer.post(
      paths.indicators.neighbours.build({ la: LA }),
      { neighbours: '999' },
      { tokenFrom: url },
    );
    assert.equal(res.status, 403);
    const other = await bed.signedIn('admin@b.test');
    assert.equal((await other.get(url)).status, 403);
    const x = await viewer.getBytes(paths.indicators.index.build({ la: LA }, { year: '2025', format: 'xlsx' }));
    assert.equal(x.status, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    for (const n of ['Indicators', 'Counts', 'Child population']) assert.ok(names.includes(n), n);
    const yearError = await viewer.get(paths.indicators.index.build({ la: LA }, { year: '1999' }));
    assert.equal(yearError.status, 200);
    assert.match(yearError.text, /The returns cover the collection years 2019 to 2025/);
  });
});
