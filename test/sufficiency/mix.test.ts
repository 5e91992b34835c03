import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseData, Child, Episode } from '../../src/domain/model.ts';
import { stockSeries } from '../../src/domain/stock.ts';
import { highestCostPlacements } from '../../src/domain/sufficiency/highCost.ts';
import { forecastMixAt, mixSeries, ratioLabel, targetGap } from '../../src/domain/sufficiency/mix.ts';
import { aChild, anEpisode } from '../store/caseBuilders.ts';

/*
 * Worked by hand, on 31 March 2026: 12 children with in-house carers (U4/PR1), 8 with agencies
 * (U4/PR4), 3 with relatives (U1: not in the ratio); 3 in the council's homes (K2/PR1) and 9 in
 * other homes (K2/PR4). Fostering 12 / 20 = 60% (60:40); residential 3 / 12 = 25% (25:75).
 * On 31 January 2026 one agency child had not yet arrived: 12 / 19 = 63.2%.
 */
function council(): CaseData {
  const children: Child[] = [];
  const episodes: Episode[] = [];
  const add = (id: string, placement: string, provider: string, start = '2025-01-01') => {
    children.push(aChild({ childId: id, dob: '2015-01-01' }));
    episodes.push(anEpisode({ childId: id, start, placement, provider }));
  };
  for (let i = 0; i < 12; i++) add(`IH${i}`, 'U4', 'PR1');
  for (let i = 0; i < 8; i++) add(`AG${i}`, 'U4', 'PR4', i === 0 ? '2026-02-15' : '2025-01-01');
  for (let i = 0; i < 3; i++) add(`KN${i}`, 'U1', 'PR1');
  for (let i = 0; i < 3; i++) add(`HO${i}`, 'K2', 'PR1');
  for (let i = 0; i < 9; i++) add(`EX${i}`, 'K2', 'PR4');
  return { children, episodes };
}

describe('placement mix', () => {
  const stocks = stockSeries(council(), '2026-01-31', '2026-03-31');

  it('counts in-house against external placements at each month end', () => {
    const fostering = mixSeries(stocks, 'fostering');
    assert.deepEqual(
      fostering.map((p) => [p.date, p.inHouse, p.external]),
      [
        ['2026-01-31', 12, 7],
        ['2026-02-28', 12, 8],
        ['2026-03-31', 12, 8],
      ],
    );
    assert.equal(fostering[2]?.inHouseShare, 0.6);
    assert.equal(Math.round((fostering[0]?.inHouseShare ?? 0) * 1000) / 10, 63.2);
    const residential = mixSeries(stocks, 'residential');
    assert.deepEqual([residential[2]?.inHouse, residential[2]?.external, residential[2]?.inHouseShare], [3, 9, 0.25]);
    assert.equal(ratioLabel(0.6), '60:40');
    assert.equal(ratioLabel(0.25), '25:75');
    assert.equal(ratioLabel(2 / 3), '67:33');
  });

  it('says how many children a target moves and the households they need', () => {
    const latest = mixSeries(stocks, 'fostering')[2];
    assert.ok(latest);
    // 66%: 0.66 x 20 = 13.2 -> 14 in-house, 2 to move; at 1.5 a household, 2 households.
    let gap = targetGap({ kind: 'fostering', inHouseShare: 0.66, by: '2027-03-31' }, latest, 1.5);
    assert.deepEqual([gap.childrenToMove, gap.householdsNeeded], [2, 2]);
    // 80%: 16 in-house, 4 to move; 4 / 1.5 = 2.67 -> 3 households.
    gap = targetGap({ kind: 'fostering', inHouseShare: 0.8, by: '2028-03-31' }, latest, 1.5);
    assert.deepEqual([gap.childrenToMove, gap.householdsNeeded], [4, 3]);
    // 60% is where the council is: nothing to move (0.6 x 20 is not rounded up to 13).
    gap = targetGap({ kind: 'fostering', inHouseShare: 0.6, by: '2026-06-30' }, latest, 1);
    assert.deepEqual([gap.childrenToMove, gap.householdsNeeded], [0, 0]);
    assert.throws(() => targetGap({ kind: 'fostering', inHouseShare: 0.7, by: '2027-03-31' }, latest, 0), RangeError);
  });

  it('lists the dearest placements covering the day, by pseudonym', () => {
    const list = highestCostPlacements(
      council(),
      [
        { childId: 'EX1', provider: 'Homes Ltd', start: '2025-01-01', end: null, weeklyPence: 650_000 },
        { childId: 'EX2', provider: 'Care plc', start: '2026-03-03', end: null, weeklyPence: 900_000 },
        { childId: 'EX3', provider: 'Old', start: '2025-01-01', end: '2026-03-31', weeklyPence: 990_000 }, // ended
        { childId: 'GONE', provider: 'X', start: '2025-01-01', end: null, weeklyPence: 999_999 }, // not in care
        { childId: 'AG1', provider: 'Agency', start: '2025-01-01', end: null, weeklyPence: 95_000 },
      ],
      '2026-03-31',
    );
    assert.deepEqual(
      list.map((h) => [h.childId, h.weeklyPence, h.category, h.weeks]),
      [
        ['EX2', 900_000, 'external_residential', 4], // 28 days
        ['EX1', 650_000, 'external_residential', 64], // 454 days
        ['AG1', 95_000, 'ifa_fostering', 64],
      ],
    );
  });
});

describe('a target against the forecast', () => {
  // Expected children at three forecast month ends (April to June 2026).
  const months = [
    { month: '2026-04', byCategory: { inhouse_fostering: 12, ifa_fostering: 8 } },
    { month: '2026-05', byCategory: { inhouse_fostering: 12.6, ifa_fostering: 8.4, inhouse_residential: 2 } },
    { month: '2026-06', byCategory: { external_residential: 4 } },
  ];
  it('reads the share at the end of the month containing the target date', () => {
    // By hand: 12.6 / (12.6 + 8.4) = 0.6 in May 2026.
    assert.deepEqual(forecastMixAt(months, 'fostering', '2026-05-31'), {
      month: '2026-05',
      inHouse: 12.6,
      external: 8.4,
      inHouseShare: 0.6,
    });
    assert.equal(ratioLabel(0.6), '60:40');
    // Residential in May: 2 in-house, none external: 100%.
    assert.equal((forecastMixAt(months, 'residential', '2026-05-01') as { inHouseShare: number }).inHouseShare, 1);
    // June: no fostering at all.
    assert.equal((forecastMixAt(months, 'fostering', '2026-06-30') as { inHouseShare: null }).inHouseShare, null);
  });
  it('says when the date has passed or is beyond the forecast', () => {
    assert.equal(forecastMixAt(months, 'fostering', '2026-03-31'), 'before');
    assert.equal(forecastMixAt(months, 'fostering', '2026-07-01'), 'after');
    assert.equal(forecastMixAt([], 'fostering', '2026-05-31'), null);
  });
});
