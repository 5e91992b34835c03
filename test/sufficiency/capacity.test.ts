import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  capacityGaps,
  capacityInMonth,
  gapsByFinancialYear,
  parseCapacityRows,
  type CapacityRecord,
  type DemandMonth,
} from '../../src/domain/sufficiency/capacity.ts';
import type { PlacementCategory } from '../../src/domain/placementCategories.ts';

const records: CapacityRecord[] = [
  { month: '2026-07', fosteringHouseholds: 45, fosteringPlaces: 68, homeBeds: 6 },
  { month: '2026-04', fosteringHouseholds: 40, fosteringPlaces: 60, homeBeds: 6 },
];

const demand: DemandMonth[] = [
  { month: '2026-03', monthEnd: '2026-03-31', byCategory: { inhouse_fostering: 50, ifa_fostering: 10 } },
  {
    month: '2026-04',
    monthEnd: '2026-04-30',
    byCategory: { inhouse_fostering: 55, ifa_fostering: 10.5, inhouse_residential: 5, external_residential: 7 },
  },
  {
    month: '2026-07',
    monthEnd: '2026-07-31',
    byCategory: { inhouse_fostering: 60, ifa_fostering: 5, inhouse_residential: 4, external_residential: 1 },
  },
  {
    month: '2027-04',
    monthEnd: '2027-04-30',
    byCategory: {
      inhouse_fostering: 70,
      ifa_fostering: 3,
      kinship_fostering: 40,
      inhouse_residential: 6,
      external_residential: 2,
    },
  },
];

// Agency fostering £900 a week, £930 from April 2027; other homes £5,000 a week.
const weekly = (category: PlacementCategory, from: string): number =>
  category === 'ifa_fostering' ? (from >= '2027-04-01' ? 93_000 : 90_000) : 500_000;

describe('in-house capacity against demand', () => {
  it('takes the latest record on or before a month', () => {
    assert.equal(capacityInMonth(records, '2026-03'), null);
    assert.equal(capacityInMonth(records, '2026-06')?.fosteringPlaces, 60);
    assert.equal(capacityInMonth(records, '2030-01')?.fosteringPlaces, 68);
  });

  it('works out the gap and its cost month by month and by financial year (worked by hand)', () => {
    const months = capacityGaps(demand, records, weekly);
    assert.deepEqual(
      months.map((m) => [
        m.month,
        m.fosteringDemand,
        m.fosteringGap,
        m.fosteringGapPence,
        m.residentialDemand,
        m.residentialGap,
        m.residentialGapPence,
      ]),
      [
        // No record yet: demand shown, no gap worked out.
        ['2026-03', 60, null, null, 0, null, null],
        // 65.5 - 60 = 5.5 children x 30 days x 90,000p / 7 = 2,121,428.57 -> 2,121,429p;
        // 12 - 6 beds = 6 x 30 x 500,000p / 7 = 12,857,142.86 -> 12,857,143p.
        ['2026-04', 65.5, 5.5, 2_121_429, 12, 6, 12_857_143],
        // 65 < 68 places, 5 < 6 beds: nothing to buy.
        ['2026-07', 65, 0, 0, 5, 0, 0],
        // Family and friends carers (kinship) are not in the demand: 73 - 68 = 5 x 30 x 93,000p / 7 =
        // 1,992,857.14 -> 1,992,857p; 8 - 6 = 2 x 30 x 500,000p / 7 = 4,285,714.29 -> 4,285,714p.
        ['2027-04', 73, 5, 1_992_857, 8, 2, 4_285_714],
      ],
    );
    assert.deepEqual(gapsByFinancialYear(months), [
      { financialYear: 2026, months: 2, fosteringGapPence: 2_121_429, residentialGapPence: 12_857_143 },
      { financialYear: 2027, months: 1, fosteringGapPence: 1_992_857, residentialGapPence: 4_285_714 },
    ]);
  });
});

describe('the capacity file', () => {
  const rows = (lines: string[][]) => lines.map((fields, i) => ({ row: i + 1, fields }));

  it('reads months and whole numbers, in month order, with any case and spacing in the header', () => {
    const r = parseCapacityRows(
      'capacity.csv',
      rows([
        ['Month', 'Fostering households', 'FOSTERING_PLACES', 'home beds'],
        ['2026-07', '45', '68', '6'],
        ['2026-04', ' 40 ', '60', '0'],
      ]),
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.records, [
      { month: '2026-04', fosteringHouseholds: 40, fosteringPlaces: 60, homeBeds: 0 },
      { month: '2026-07', fosteringHouseholds: 45, fosteringPlaces: 68, homeBeds: 6 },
    ]);
  });

  it('names every problem by file, row, column and rule, and keeps nothing', () => {
    const r = parseCapacityRows(
      'capacity.csv',
      rows([
        ['month', 'fostering_households', 'fostering_places', 'home_beds'],
        ['April 2026', '40', '60', '6'],
        ['2026-05', '40', '60.5', '6'],
        ['2026-05', '-1', '60', ''],
        ['2026-06', '40', '60', '200000'],
      ]),
    );
    assert.deepEqual(r.records, []);
    assert.deepEqual(
      r.problems.map((p) => [p.row, p.column, p.rule]),
      [
        [2, 'month', 'CAPACITY-MONTH'],
        [3, 'fostering_places', 'CAPACITY-NUMBER'],
        [4, 'month', 'CAPACITY-DUPLICATE'],
        [4, 'fostering_households', 'CAPACITY-NUMBER'],
        [4, 'home_beds', 'CAPACITY-NUMBER'],
        [5, 'home_beds', 'CAPACITY-NUMBER'],
      ],
    );
    assert.equal(r.problems[2]?.message, 'capacity.csv, row 4: 2026-05 is already in row 3; give each month once');
    assert.match(
      r.problems[1]?.message ?? '',
      /fostering_places \(fostering places\) must be a whole number from 0 to 100,000, not "60.5"/,
    );
  });

  it('refuses a file without the columns, naming them', () => {
    const r = parseCapacityRows(
      'capacity.csv',
      rows([
        ['month', 'households'],
        ['2026-04', '40'],
      ]),
    );
    assert.deepEqual(
      r.problems.map((p) => [p.row, p.column, p.rule]),
      [
        [1, 'fostering_households', 'CAPACITY-COLUMN-MISSING'],
        [1, 'fostering_places', 'CAPACITY-COLUMN-MISSING'],
        [1, 'home_beds', 'CAPACITY-COLUMN-MISSING'],
      ],
    );
    assert.equal(parseCapacityRows('empty.csv', []).problems[0]?.rule, 'CAPACITY-FILE');
  });
});
