import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compare, parseBenchmarkRows } from '../../src/domain/indicators/benchmarks.ts';

/** Rows as readTableRows gives them: line numbers from 1, the header first. */
function rows(lines: string[]) {
  return lines.map((line, i) => ({ row: i + 1, fields: line.split(',') }));
}

const HEADER =
  'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,la_name,new_la_code,population_type,population_estimate,children_count,rate_per_10000';
const row = (level: string, code: string, name: string, type: string, rate: string) =>
  level === 'National'
    ? `2025,Reporting year,National,E92000001,England,,,,,,${type},12183016,81770,${rate}`
    : `2025,Reporting year,${level},E92000001,England,E12000001,North East,${code},${name},E0600000${code.slice(-1)},${type},1000,10,${rate}`;
const ON31 = 'Children looked after on 31 March each year';
const START = 'Children starting to be looked after each year';

describe('DfE benchmark files', () => {
  it('reads England and councils from the documented layout, skipping regions and withheld figures', () => {
    const parsed = parseBenchmarkRows(
      'la_cla_rates.csv',
      rows([
        HEADER,
        row('National', '', '', ON31, '67'),
        row('Regional', '', '', ON31, '111'),
        row('Local authority', '841', 'Darlington', ON31, '120'),
        row('Local authority', '840', 'Durham', ON31, 'c'),
        row('Local authority', '841', 'Darlington', START, '40'),
        row('Local authority', '841', 'Darlington', 'Children ceasing to be looked after each year', '35'),
      ]),
    );
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.withheld, 1);
    assert.deepEqual(parsed.dataSets, [
      'CLA numbers and rates per 10,000 children aged under 18 years - by local authority',
    ]);
    assert.deepEqual(
      parsed.figures.map((f) => [f.indicator, f.year, f.area, f.value]),
      [
        ['cla_rate', 2025, 'england', 67],
        ['cla_rate', 2025, '841', 120],
        ['started_rate', 2025, '841', 40],
      ],
    );
  });

  it('refuses a file whose columns it does not know, naming what it reads', () => {
    const parsed = parseBenchmarkRows(
      'other.csv',
      rows(['time_period,time_identifier,geographic_level,number', '2025,Reporting year,National,5']),
    );
    assert.equal(parsed.figures.length, 0);
    assert.match(parsed.problems[0]?.message ?? '', /other\.csv: its columns match none of the DfE data sets/);
    const noPeriod = parseBenchmarkRows('x.csv', rows(['year,geographic_level']));
    assert.equal(noPeriod.problems[0]?.column, 'time_period');
  });

  it('names the row and column of a bad value, and stores nothing', () => {
    const parsed = parseBenchmarkRows(
      'la_cla_rates.csv',
      rows([HEADER, row('National', '', '', ON31, '67'), row('Local authority', '841', 'Darlington', ON31, 'twelve')]),
    );
    assert.equal(parsed.figures.length, 0);
    assert.deepEqual(parsed.problems, [
      {
        row: 3,
        column: 'rate_per_10000',
        message:
          "la_cla_rates.csv, row 3, rate_per_10000: 'twelve' is not a number or one of the DfE's symbols (c, k, x, z, u, low).",
      },
    ]);
    const twice = parseBenchmarkRows(
      'f.csv',
      rows([
        HEADER,
        row('Local authority', '841', 'Darlington', ON31, '1'),
        row('Local authority', '841', 'Darlington', ON31, '2'),
      ]),
    );
    assert.match(
      twice.problems[0]?.message ?? '',
      /row 3: a second figure for cla_rate, 2025, Darlington \(the first is on row 2\)/,
    );
  });
});

describe('comparison with England, neighbours and all councils', () => {
  // Eight councils 10, 20, ..., 80. PERCENTILE.INC by hand: h = 7p; Q1 at h = 1.75: 20 + 0.75 x 10
  // = 27.5; median at 3.5: 45; Q3 at 5.25: 62.5. Neighbours 20, 30, 70: range 20-70, mean 40.
  const figures = [10, 20, 30, 40, 50, 60, 70, 80].map((value, i) => ({
    indicator: 'cla_rate' as const,
    year: 2025,
    area: String(800 + i),
    areaName: `Council ${i}`,
    newCode: null,
    value,
  }));
  figures.push({ indicator: 'cla_rate', year: 2025, area: 'england', areaName: 'England', newCode: null, value: 67 });

  it('gives England, the neighbours range and mean and the quartile', () => {
    const c = compare(45, figures, ['801', '802', '806', '999']);
    assert.deepEqual(c, {
      england: 67,
      neighbours: 3,
      neighbourMin: 20,
      neighbourMax: 70,
      neighbourMean: 40,
      quartile: 2,
      councils: 8,
    });
    assert.equal(compare(27.5, figures, []).quartile, 1);
    assert.equal(compare(27.6, figures, []).quartile, 2);
    assert.equal(compare(62.6, figures, []).quartile, 4);
    assert.equal(compare(null, figures, []).quartile, null);
    assert.equal(compare(5, [], ['801']).neighbourMin, null);
  });
});
