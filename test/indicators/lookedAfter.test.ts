import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseData } from '../../src/domain/model.ts';
import { lookedAfterIndicators, percentOf, ratePer10000 } from '../../src/domain/indicators/lookedAfter.ts';
import { aChild, anEpisode } from '../store/caseBuilders.ts';

/*
 * A council worked by hand for the collection year 2025 (1 April 2024 - 31 March 2025):
 * A  born 2015-06-01, in care since 2021-01-10 with one carer: looked after on 31 March, under 16,
 *    continuous 2.5 years (since on or before 2022-09-30) and same carer 2 years (since on or
 *    before 2023-03-31): stable. 1 placement in the year.
 * B  born 2012-01-01, in care since 2020-05-01, moved (RNE P) on 2023-06-01: in the long-term
 *    group, not stable (same carer only since 2023-06-01). 1 placement in the year.
 * C  born 2010-02-01, entered 2024-05-01 aged 14 (10 to 15): U4, then K2 (P), a temporary T0
 *    (not counted), then U6 (P): 3 placements, looked after on 31 March.
 * D  born 2024-08-01, entered 2024-08-03 (under 1), went home 2024-10-01, came back 2025-01-05:
 *    counted once as starting (first occasion); 2 placements.
 * E  born 2020-03-01, entered 2021-03-01, legal status changed 2022-01-10 (L, same carer), moved
 *    to adopters (A6, P) 2023-05-01, adopted (E12) 2024-06-30: 791 days to moving in, 1,217 to
 *    adoption (2021-03-01 -> 2023-03-01 is 730 days, +31 +30; -> 2024-03-01 +366, +31+30+31+29).
 * F  born 2019-01-01, entered 2020-02-01, placed for adoption with the same carers (T) 2022-02-01,
 *    adopted (E11) 2025-03-31: 0 days to moving in; 1,885 to adoption (five years with two
 *    29 Februarys = 1,827, +28 +30). Not looked after on 31 March (the episode ceased that day).
 * G  short breaks (V3): left out everywhere.
 * H  born 2008-01-01, in care since 2019-01-01: looked after, 17 on 31 March, not in the long-term group.
 * Looked after 5 (A, B, C, D, H); started 2 (C, D); 3+ placements 1 of 5; long-term 1 of 2 (A of
 * A and B); adopted 2, mean (791 + 0) / 2 = 395.5 days to moving in, (1,217 + 1,885) / 2 = 1,551.
 */
function council(): CaseData {
  const child = (childId: string, dob: string) => aChild({ childId, dob });
  return {
    children: [
      child('A', '2015-06-01'),
      child('B', '2012-01-01'),
      child('C', '2010-02-01'),
      child('D', '2024-08-01'),
      child('E', '2020-03-01'),
      child('F', '2019-01-01'),
      child('G', '2014-01-01'),
      child('H', '2008-01-01'),
    ],
    episodes: [
      anEpisode({ childId: 'A', start: '2021-01-10' }),
      anEpisode({ childId: 'B', start: '2020-05-01', placement: 'K2', end: '2023-06-01', reasonEnded: 'X1' }),
      anEpisode({ childId: 'B', start: '2023-06-01', reasonNew: 'P' }),
      anEpisode({ childId: 'C', start: '2024-05-01', end: '2024-07-01', reasonEnded: 'X1' }),
      anEpisode({
        childId: 'C',
        start: '2024-07-01',
        reasonNew: 'P',
        placement: 'K2',
        end: '2024-09-01',
        reasonEnded: 'X1',
      }),
      anEpisode({
        childId: 'C',
        start: '2024-09-01',
        reasonNew: 'P',
        placement: 'T0',
        provider: null,
        end: '2024-09-10',
        reasonEnded: 'X1',
      }),
      anEpisode({ childId: 'C', start: '2024-09-10', reasonNew: 'P', placement: 'U6' }),
      anEpisode({ childId: 'D', start: '2024-08-03', legalStatus: 'V2', end: '2024-10-01', reasonEnded: 'E4A' }),
      anEpisode({ childId: 'D', start: '2025-01-05', legalStatus: 'C1' }),
      anEpisode({ childId: 'E', start: '2021-03-01', legalStatus: 'C1', end: '2022-01-10', reasonEnded: 'X1' }),
      anEpisode({ childId: 'E', start: '2022-01-10', reasonNew: 'L', end: '2023-05-01', reasonEnded: 'X1' }),
      anEpisode({
        childId: 'E',
        start: '2023-05-01',
        reasonNew: 'P',
        legalStatus: 'E1',
        placement: 'A6',
        end: '2024-06-30',
        reasonEnded: 'E12',
      }),
      anEpisode({ childId: 'F', start: '2020-02-01', end: '2022-02-01', reasonEnded: 'X1' }),
      anEpisode({
        childId: 'F',
        start: '2022-02-01',
        reasonNew: 'T',
        legalStatus: 'E1',
        placement: 'A5',
        end: '2025-03-31',
        reasonEnded: 'E11',
      }),
      anEpisode({ childId: 'G', start: '2024-06-01', legalStatus: 'V3', placement: 'U4' }),
      anEpisode({ childId: 'H', start: '2019-01-01' }),
    ],
  };
}

describe('looked after indicators (903)', () => {
  const data = council();
  const frozen = JSON.stringify(data);
  const ind = lookedAfterIndicators(data, 2025);

  it('counts looked after on 31 March and starters once, by age at entry', () => {
    assert.equal(ind.yearStart, '2024-04-01');
    assert.equal(ind.yearEnd, '2025-03-31');
    assert.equal(ind.lookedAfterOn31March, 5);
    assert.equal(ind.started, 2);
    assert.deepEqual(ind.startedByAge, { under1: 1, age1to4: 0, age5to9: 0, age10to15: 1, age16plus: 0 });
  });

  it('counts placement stability as the DfE does', () => {
    assert.deepEqual(ind.threeOrMorePlacements, { children: 1, of: 5 });
    assert.equal(percentOf(ind.threeOrMorePlacements), 20);
    assert.deepEqual(ind.longTermStability, { children: 1, of: 2 });
    assert.equal(percentOf(ind.longTermStability), 50);
  });

  it('measures adoption timeliness from entering care to moving in and to adoption', () => {
    assert.deepEqual(ind.adoption, { adopted: 2, meanDaysToMovingIn: 395.5, meanDaysToAdoption: 1551 });
  });

  it('does not change its input and gives nulls for an empty year', () => {
    assert.equal(JSON.stringify(data), frozen);
    const empty = lookedAfterIndicators({ children: [], episodes: [] }, 2025);
    assert.equal(empty.lookedAfterOn31March, 0);
    assert.equal(percentOf(empty.threeOrMorePlacements), null);
    assert.deepEqual(empty.adoption, { adopted: 0, meanDaysToMovingIn: null, meanDaysToAdoption: null });
  });
});

describe('rates per 10,000 children', () => {
  it("reproduces the DfE's national rates for 31 March 2025", () => {
    // DfE, "CLA numbers and rates per 10,000 children aged under 18 years" (2025, National):
    // population_estimate 12,183,016; looked after 81,770 (rate 67), starting 32,270 (26),
    // ceasing 34,450 (28). By hand: 81,770 x 10,000 / 12,183,016 = 67.12 -> 67;
    // 32,270 -> 26.49 -> 26; 34,450 -> 28.28 -> 28 (rates rounded to whole numbers as published).
    const rate = (n: number) => Math.round(ratePer10000(n, 12_183_016) ?? NaN);
    assert.equal(rate(81_770), 67);
    assert.equal(rate(32_270), 26);
    assert.equal(rate(34_450), 28);
    assert.equal((ratePer10000(81_770, 12_183_016) ?? 0).toFixed(2), '67.12');
  });

  it('has no rate without a population', () => {
    assert.equal(ratePer10000(5, null), null);
    assert.equal(ratePer10000(5, 0), null);
  });
});
