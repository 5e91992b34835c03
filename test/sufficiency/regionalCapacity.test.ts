/**
 * A region's capacity against its demand (issue 11), worked by hand on two members over three
 * months. Each member's month is as its own Sufficiency page has it (demand, its record, its own
 * gap and that gap's cost at its own unit cost, in pence).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CapacityGapMonth } from '../../src/domain/sufficiency/capacity.ts';
import { regionalCapacityMonths, regionalCapacityYears } from '../../src/domain/sufficiency/regionalCapacity.ts';

function month(
  m: string,
  end: string,
  fostering: [demand: number, places: number, gapPence: number],
  residential: [demand: number, beds: number, gapPence: number],
  recorded = true,
): CapacityGapMonth {
  const capacity = recorded
    ? { month: '2027-01', fosteringHouseholds: 1, fosteringPlaces: fostering[1], homeBeds: residential[1] }
    : null;
  return {
    month: m,
    monthEnd: end,
    capacity,
    fosteringDemand: fostering[0],
    fosteringGap: recorded ? Math.max(0, fostering[0] - fostering[1]) : null,
    residentialDemand: residential[0],
    residentialGap: recorded ? Math.max(0, residential[0] - residential[1]) : null,
    fosteringGapPence: recorded ? fostering[2] : null,
    residentialGapPence: recorded ? residential[2] : null,
  };
}

// A buys agency fostering at £700 a week (£100 a day); B buys external residential at £4,200 (£600 a day).
// March 2027 (31 days): A fosters 10 with 6 places (gap 4: 4 x 31 x £100 = £12,400); B fosters 5
// with 8 places (no gap, 3 spare). A has 2 in homes with 3 beds; B 4 with 1 bed (gap 3: 3 x 31 x
// £600 = £55,800). April 2027 (30 days): A fosters 10.5 (gap 4.5: 4.5 x 30 x £100 = £13,500), B 5.2;
// residential as in March (B's gap 3 x 30 x £600 = £54,000). May 2027: B has no record holding.
const A = {
  laCode: 'A',
  months: [
    month('2027-03', '2027-03-31', [10, 6, 1_240_000], [2, 3, 0]),
    month('2027-04', '2027-04-30', [10.5, 6, 1_350_000], [2, 3, 0]),
    month('2027-05', '2027-05-31', [10.5, 6, 1_395_000], [2, 3, 0]),
  ],
};
const B = {
  laCode: 'B',
  months: [
    month('2027-03', '2027-03-31', [5, 8, 0], [4, 1, 5_580_000]),
    month('2027-04', '2027-04-30', [5.2, 8, 0], [4, 1, 5_400_000]),
    month('2027-05', '2027-05-31', [5.2, 8, 0], [4, 1, 0], false),
  ],
};

test('the regional gap shares capacity; beside it the members’ own gaps; the difference is what sharing saves', () => {
  const months = regionalCapacityMonths([A, B]);
  // May is left out: B has no capacity record holding then.
  assert.deepEqual(
    months.map((m) => m.month),
    ['2027-03', '2027-04'],
  );
  const [march, april] = months;
  // March, fostering: region 15 children, 14 places: gap 1 (A's 4 less B's 3 spare). Members' own
  // gaps 4 + 0 = 4 costing £12,400; the region's 1 at their average price: £12,400 x 1 / 4 = £3,100.
  // Sharing saves 3 children, £9,300.
  assert.deepEqual(march?.fostering, {
    demand: 15,
    capacity: 14,
    regionalGap: 1,
    membersGap: 4,
    regionalGapPence: 310_000,
    membersGapPence: 1_240_000,
    sharingSaves: 3,
    sharingSavesPence: 930_000,
  });
  // March, residential: region 6 children, 4 beds: gap 2; members' 0 + 3 = 3 costing £55,800; the
  // region's 2: £55,800 x 2 / 3 = £37,200; sharing saves 1 child, £18,600.
  assert.deepEqual(march?.residential, {
    demand: 6,
    capacity: 4,
    regionalGap: 2,
    membersGap: 3,
    regionalGapPence: 3_720_000,
    membersGapPence: 5_580_000,
    sharingSaves: 1,
    sharingSavesPence: 1_860_000,
  });
  // April, fostering: 15.7 children, 14 places: 1.7; members' 4.5 costing £13,500: the region's
  // £13,500 x 1.7 / 4.5 = £5,100; sharing saves 2.8 children, £8,400.
  assert.ok(Math.abs((april?.fostering.regionalGap ?? 0) - 1.7) < 1e-9);
  assert.ok(Math.abs((april?.fostering.sharingSaves ?? 0) - 2.8) < 1e-9);
  assert.equal(april?.fostering.regionalGapPence, 510_000);
  assert.equal(april?.fostering.sharingSavesPence, 840_000);
  assert.equal(april?.residential.regionalGapPence, 3_600_000);

  // By financial year: March is 2026/27, April 2027/28 (May left out).
  assert.deepEqual(regionalCapacityYears(months), [
    {
      financialYear: 2026,
      label: '2026/27',
      months: 1,
      fostering: { regionalGapPence: 310_000, membersGapPence: 1_240_000, sharingSavesPence: 930_000 },
      residential: { regionalGapPence: 3_720_000, membersGapPence: 5_580_000, sharingSavesPence: 1_860_000 },
    },
    {
      financialYear: 2027,
      label: '2027/28',
      months: 1,
      fostering: { regionalGapPence: 510_000, membersGapPence: 1_350_000, sharingSavesPence: 840_000 },
      residential: { regionalGapPence: 3_600_000, membersGapPence: 5_400_000, sharingSavesPence: 1_800_000 },
    },
  ]);
});

test('the regional cost is rounded to whole pence once a month; no gap anywhere costs nothing', () => {
  // Members' gaps 3 (A) costing 1,000,001p; B has 2 spare places: the region's gap 1 costs
  // 1,000,001 x 1 / 3 = 333,333.67, rounded to 333,334p; sharing saves 666,667p.
  const [m] = regionalCapacityMonths([
    { laCode: 'A', months: [month('2027-03', '2027-03-31', [9, 6, 1_000_001], [0, 0, 0])] },
    { laCode: 'B', months: [month('2027-03', '2027-03-31', [3, 5, 0], [0, 0, 0])] },
  ]);
  assert.equal(m?.fostering.regionalGapPence, 333_334);
  assert.equal(m?.fostering.sharingSavesPence, 666_667);
  assert.deepEqual(m?.residential, {
    demand: 0,
    capacity: 0,
    regionalGap: 0,
    membersGap: 0,
    regionalGapPence: 0,
    membersGapPence: 0,
    sharingSaves: 0,
    sharingSavesPence: 0,
  });
  assert.deepEqual(regionalCapacityMonths([]), []);
});
