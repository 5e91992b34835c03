import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lookedAfterIndicators, percentOf, ratePer10000 } from '../../src/domain/indicators/lookedAfter.ts';
import { council } from './council.ts';

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
    assert.deepEqual(ind.longTermSameCarer, { children: 1, of: 2 });
    assert.equal(percentOf(ind.longTermSameCarer), 50);
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
