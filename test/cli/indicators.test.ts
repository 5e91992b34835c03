/**
 * `forecare indicators` and `forecare benchmarks import|neighbours|population` (issue 12): on the
 * council worked by hand in test/indicators/council.ts (5 looked after on 31 March 2025, 2 started)
 * with a hand-made DfE table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeLoadResult } from '../../src/services/import.ts';
import { migrateToLatest, openDatabase } from '../../src/store/database.ts';
import { aLoadResult } from '../store/caseBuilders.ts';
import { council } from '../indicators/council.ts';
import { runForecare } from '../support/cli.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');

function forecare(args: string[]) {
  return runForecare(args, { env: { FORECARE_PSEUDONYM_KEY: KEY.toString('base64') } });
}

const HEADER =
  'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,population_type,population_estimate,children_count,rate_per_10000';
const la = (code: string, rate: string) =>
  `2025,Reporting year,Local authority,E92000001,England,E12000001,North East,${code},Council ${code},E0600${code},Children looked after on 31 March each year,1000,1,${rate}`;

test('forecare indicators --json against England, neighbours and quartile', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-indicators-'));
  const db = path.join(dir, 'forecare.db');
  try {
    const opened = openDatabase({ kind: 'sqlite', file: db });
    await migrateToLatest(opened.db);
    const { children, episodes } = council();
    // Care leavers in the 2025 OC3 table (as in test/indicators/careLeavers.test.ts): aged 19 to 21,
    // L1 (EET, suitable), L2 (NEET, not suitable), L3 (not known, suitable), L4 (died: left out).
    const leaver = (childId: string, age: number, inTouch: string, activity: string, accommodation: string) => ({
      childId,
      collectionYear: 2025,
      age,
      inTouch,
      activity,
      accommodation,
    });
    const careLeavers = [
      leaver('L1', 19, 'YES', 'F2', 'U1'),
      leaver('L2', 20, 'YES', 'G5', 'S2'),
      leaver('L3', 21, 'NO', '0', 'B1'),
      leaver('L4', 19, 'DIED', '0', '0'),
    ];
    await writeLoadResult(
      opened.db,
      { ...aLoadResult({ year: 2025, children, episodes }), careLeavers, careLeaverYears: [2025] },
      {
        laCode: '301',
        importedBy: 'test',
        now: new Date('2025-05-01T00:00:00Z'),
        pseudonymKey: KEY,
      },
    );
    await opened.close();

    const table = path.join(dir, 'la_cla_rates.csv');
    writeFileSync(
      table,
      [
        HEADER,
        '2025,Reporting year,National,E92000001,England,,,,,,Children looked after on 31 March each year,12183016,81770,67',
        la('841', '20'),
        la('842', '30'),
        la('843', '40'),
        la('844', '50'),
        la('845', 'c'),
        '',
      ].join('\n'),
    );
    const imported = forecare(['benchmarks', 'import', table, '--la', '301', '--db', db, '--json']);
    assert.equal(imported.status, 0, imported.stderr);
    assert.deepEqual(JSON.parse(imported.stdout), {
      file: 'la_cla_rates.csv',
      dataSets: ['CLA numbers and rates per 10,000 children aged under 18 years - by local authority'],
      figures: 5,
      years: [2025],
      indicators: ['cla_rate'],
      withheld: 1,
    });
    assert.equal(forecare(['benchmarks', 'neighbours', '--la', '301', '841', '843', '--db', db]).status, 0);
    const pop = forecare([
      'benchmarks',
      'population',
      '--la',
      '301',
      '--year',
      '2025',
      '--children',
      '2,000',
      '--db',
      db,
    ]);
    assert.equal(pop.status, 0, pop.stderr);

    const r = forecare(['indicators', '--la', '301', '--year', '2025', '--db', db, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.year, 2025);
    assert.deepEqual(out.childPopulation, { value: 2000, source: 'year' });
    const cla = out.indicators.find((i: { id: string }) => i.id === 'cla_rate');
    // Worked by hand: 5 looked after x 10,000 / 2,000 = 25. Councils 20, 30, 40, 50: Q1 bound
    // (PERCENTILE.INC, h = 0.75) 27.5, so 25 is in quartile 1; neighbours 841 and 843: 20-40, mean 30.
    assert.deepEqual(cla, {
      id: 'cla_rate',
      label: 'Children looked after on 31 March per 10,000 children',
      unit: 'rate',
      value: 25,
      published: 25,
      basis: '5 looked after on 31 March, 2,000 children aged 0-17',
      england: 67,
      neighbours: { count: 2, min: 20, max: 40, mean: 30 },
      quartile: 1,
      councilsPublished: 4,
    });
    const started = out.indicators.find((i: { id: string }) => i.id === 'started_rate');
    assert.equal(started.value, 10); // 2 x 10,000 / 2,000, no benchmark imported for it
    assert.equal(started.england, null);
    assert.equal(out.notAvailable.length, 1);
    // Distances on 31 March: A 25.3, B 4, H 30 miles (C and D none recorded): 2 of 3 over 20 -> 66.7%.
    const far = out.indicators.find((i: { id: string }) => i.id === 'far_from_home_pct');
    assert.equal(far.value.toFixed(2), '66.67');
    assert.equal(far.published, 67);

    // Care leavers aged 19 to 21: 3 counted (L4 died); EET 1 of 3 = 33.3%, suitable 2 of 3 = 66.7%.
    const eet = out.indicators.find((i: { id: string }) => i.id === 'care_leavers_eet_19to21_pct');
    assert.equal(eet.value.toFixed(2), '33.33');
    assert.equal(eet.published, 33);
    assert.equal(eet.basis, '1 of 3 care leavers');
    const suitable = out.indicators.find((i: { id: string }) => i.id === 'care_leavers_suitable_19to21_pct');
    assert.equal(suitable.published, 67);
    assert.equal(out.careLeaverCounts.aged19to21.excluded, 1);
    const young = out.indicators.find((i: { id: string }) => i.id === 'care_leavers_eet_17to18_pct');
    assert.deepEqual([young.value, young.basis], [null, '0 of 0 care leavers']);
    // The stored outcomes are pseudonymised like every child id.
    const check = openDatabase({ kind: 'sqlite', file: db });
    const stored = await check.db.selectFrom('care_leaver_outcomes').selectAll().execute();
    await check.close();
    assert.equal(stored.length, 4);
    assert.ok(stored.every((r) => r.la_code === '301' && !['L1', 'L2', 'L3', 'L4'].includes(r.child_id)));

    const text = forecare(['indicators', '--la', '301', '--db', db]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Indicators for 301, year ending 31 March 2025 \(child population 2,000\)/);
    assert.match(text.stdout, /Neighbours: 841, 843/);

    // A bad value: refused with file, row and column, and nothing changes.
    writeFileSync(table, [HEADER, la('841', '99'), la('842', 'lots'), ''].join('\n'));
    const refused = forecare(['benchmarks', 'import', table, '--la', '301', '--db', db]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /la_cla_rates\.csv, row 3, rate_per_10000: 'lots' is not a number/);
    const after = JSON.parse(forecare(['indicators', '--la', '301', '--db', db, '--json']).stdout);
    assert.equal(after.indicators[0].neighbours.min, 20);

    const badYear = forecare(['indicators', '--la', '301', '--year', '2018', '--db', db]);
    assert.equal(badYear.status, 1);
    assert.match(badYear.stderr, /year: The returns cover the collection years 2019 to 2025/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
