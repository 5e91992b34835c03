import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseData, Child, Episode } from '../../src/domain/model.ts';
import { lookedAfterIndicators, periodsOf, placementsDuring } from '../../src/domain/indicators/lookedAfter.ts';
import {
  longTermSamePlacement,
  placementsOf,
  stabilityIndicators,
  yearUpTo,
} from '../../src/domain/sufficiency/stability.ts';
import { aChild, anEpisode } from '../store/caseBuilders.ts';

/*
 * Worked by hand, on 31 March 2024, for council 301. The year up to it runs from 1 April 2023;
 * two and a half years before is 30 September 2021; two years before, 31 March 2022.
 *
 * A  born 2012-01-01. S 2020-06-01 (U4), L 2021-01-10 (legal status only: same placement), open;
 *    25.0 miles, PL_LA 301. One placement since 2020-06-01: counted and stable; far; in area.
 * B  born 2010-05-01. S 2023-05-01 (K2), P 2023-08-01 (U6), T 2023-12-01 (U6), open; 20.0 miles
 *    (not over 20), PL_LA 302. Three placements in the year; too recent for long-term; out of area.
 * C  born 2015-02-01. S 2021-03-01 (U4) to 2023-01-15, P 2023-01-15 (A5, placed for adoption), open;
 *    no distance or PL_LA. Long-term: the adoptive placement plus the one before run from
 *    2021-03-01, before 31 March 2022: stable. One placement in the year.
 * D  born 2007-06-01 (16 on the day). S 2019-01-01 (K2), open; 45.5 miles, PL_LA 888. Left out of
 *    long-term (16); far; out of area.
 * E  born 2013-01-01. S 2021-01-01 (U4), P 2022-09-01 (U4, new carer), open; 3.2 miles, PL_LA 301.
 *    Long-term counted (care since 2021-01-01) but placement since 2022-09-01: not stable.
 * F  left care 2023-06-01 (E4A): not looked after on the day.
 * G  short break (V3) open: not looked after.
 * H  open episode but no header row: left out, as in the stock.
 * I  born 2011-01-01. S 2023-04-01 to 2023-06-01 (E4A); S 2023-09-01, L 2023-10-01, P 2023-11-01
 *    open: placements 2023-04-01, 2023-09-01 (the L continues it), 2023-11-01 = three in the year.
 * J  born 2014-01-01. S 2022-06-01 to 2023-04-01 (ended on the year's first day, so not in it),
 *    P 2023-04-01, P 2023-07-01 open: two placements in the year.
 * K  born 2012-01-01. S 2021-09-30 (exactly two and a half years): counted, and stable.
 * L  born 2012-01-01. S 2021-10-01: one day short of two and a half years, not counted.
 * M  born 2012-01-01. S 2023-05-01 (U4), P 2023-07-01 (T1, a stay in hospital), P 2023-07-10 (U4,
 *    back to the carer) open: the hospital stay is a temporary placement, not counted, so two
 *    placements in the year, not three.
 *
 * Looked after: A B C D E I J K L M = 10.
 * More than 20 miles: A, D of A B D E (distance known) = 2 / 4.
 * Out of area: B, D of A B D E (PL_LA known) = 2 / 4.
 * Three or more placements: B, I = 2 / 10.
 * Long-term stability in the same placement: A, C, K stable of A, C, E, K = 3 / 4.
 */
function council(): CaseData {
  const children: Child[] = [];
  const episodes: Episode[] = [];
  const child = (id: string, dob: string) => children.push(aChild({ childId: id, dob }));
  const ep = (id: string, over: Partial<Episode>) => episodes.push(anEpisode({ childId: id, ...over }));
  child('A', '2012-01-01');
  ep('A', { start: '2020-06-01', end: '2021-01-10', reasonEnded: 'X1', placement: 'U4' });
  ep('A', {
    start: '2021-01-10',
    reasonNew: 'L',
    legalStatus: 'C2',
    placement: 'U4',
    placementDistance: 25,
    placementLa: '301',
  });
  child('B', '2010-05-01');
  ep('B', { start: '2023-05-01', end: '2023-08-01', reasonEnded: 'X1', placement: 'K2', provider: 'PR4' });
  ep('B', { start: '2023-08-01', end: '2023-12-01', reasonEnded: 'X1', reasonNew: 'P', placement: 'U6' });
  ep('B', { start: '2023-12-01', reasonNew: 'T', placement: 'U6', placementDistance: 20, placementLa: '302' });
  child('C', '2015-02-01');
  ep('C', { start: '2021-03-01', end: '2023-01-15', reasonEnded: 'X1', placement: 'U4' });
  ep('C', { start: '2023-01-15', reasonNew: 'P', placement: 'A5', placementDistance: null, placementLa: null });
  child('D', '2007-06-01');
  ep('D', { start: '2019-01-01', placement: 'K2', placementDistance: 45.5, placementLa: '888' });
  child('E', '2013-01-01');
  ep('E', { start: '2021-01-01', end: '2022-09-01', reasonEnded: 'X1', placement: 'U4' });
  ep('E', { start: '2022-09-01', reasonNew: 'P', placement: 'U4', placementDistance: 3.2, placementLa: '301' });
  child('F', '2012-01-01');
  ep('F', { start: '2022-01-01', end: '2023-06-01', reasonEnded: 'E4A', placementDistance: 50, placementLa: '999' });
  child('G', '2012-01-01');
  ep('G', { start: '2023-01-01', legalStatus: 'V3', placementDistance: 50, placementLa: '999' });
  ep('H', { start: '2023-01-01', placementDistance: 50, placementLa: '999' });
  child('I', '2011-01-01');
  ep('I', { start: '2023-04-01', end: '2023-06-01', reasonEnded: 'E4A' });
  ep('I', { start: '2023-09-01', end: '2023-10-01', reasonEnded: 'X1' });
  ep('I', { start: '2023-10-01', end: '2023-11-01', reasonEnded: 'X1', reasonNew: 'L' });
  ep('I', { start: '2023-11-01', reasonNew: 'P', placement: 'U6' });
  child('J', '2014-01-01');
  ep('J', { start: '2022-06-01', end: '2023-04-01', reasonEnded: 'X1' });
  ep('J', { start: '2023-04-01', end: '2023-07-01', reasonEnded: 'X1', reasonNew: 'P' });
  ep('J', { start: '2023-07-01', reasonNew: 'P' });
  child('K', '2012-01-01');
  ep('K', { start: '2021-09-30' });
  child('L', '2012-01-01');
  ep('L', { start: '2021-10-01' });
  child('M', '2012-01-01');
  ep('M', { start: '2023-05-01', end: '2023-07-01', reasonEnded: 'X1', placement: 'U4' });
  ep('M', { start: '2023-07-01', end: '2023-07-10', reasonEnded: 'X1', reasonNew: 'P', placement: 'T1' });
  ep('M', { start: '2023-07-10', reasonNew: 'P', placement: 'U4' });
  return { children, episodes };
}

describe('distance and stability', () => {
  it('works out the four indicators on a day (worked by hand above)', () => {
    const s = stabilityIndicators(council(), '2024-03-31', '301');
    assert.equal(s.lookedAfter, 10);
    assert.deepEqual(s.farFromHome, { of: 4, count: 2, share: 0.5 });
    assert.deepEqual(s.outOfArea, { of: 4, count: 2, share: 0.5 });
    assert.deepEqual(s.manyPlacements, { of: 10, count: 2, share: 2 / 10 });
    assert.deepEqual(s.longTermSamePlacement, { of: 4, count: 3, share: 0.75 });
  });

  it("on 31 March, three or more placements is the Indicators page's figure (one definition)", () => {
    const data = council();
    const s = stabilityIndicators(data, '2024-03-31', '301');
    const year = lookedAfterIndicators(data, 2024);
    assert.deepEqual(year.threeOrMorePlacements, { children: s.manyPlacements.count, of: s.manyPlacements.of });
  });

  it('reads the council code as PL_LA is written (trimmed, upper case)', () => {
    const s = stabilityIndicators(council(), '2024-03-31', ' 301 ');
    assert.equal(s.outOfArea.count, 2);
  });

  it('gives no share when nothing can be counted', () => {
    const s = stabilityIndicators({ children: [], episodes: [] }, '2024-03-31', '301');
    assert.equal(s.lookedAfter, 0);
    assert.deepEqual(s.farFromHome, { of: 0, count: 0, share: null });
    assert.deepEqual(s.longTermSamePlacement, { of: 0, count: 0, share: null });
  });

  it('joins a legal-status-only episode to the placement before it, and starts one on S, P, B, T or U', () => {
    const data = council();
    const of = (id: string) => placementsOf(data.episodes.filter((e) => e.childId === id));
    assert.deepEqual(
      of('I').map((p) => [p.start, p.end, p.periodStart]),
      [
        ['2023-04-01', '2023-06-01', '2023-04-01'],
        ['2023-09-01', '2023-11-01', '2023-09-01'],
        ['2023-11-01', null, '2023-09-01'],
      ],
    );
    const during = (id: string) =>
      placementsDuring(periodsOf(data.episodes.filter((e) => e.childId === id)), yearUpTo('2024-03-31'), '2024-03-31');
    assert.equal(during('J'), 2);
    assert.equal(during('M'), 2);
    assert.equal(during('I'), 3);
    assert.equal(yearUpTo('2024-03-31'), '2023-04-01');
    // A placement that follows a gap starts a new period even when its RNE is not S.
    const gap = placementsOf([
      anEpisode({ start: '2020-01-01', end: '2020-02-01', reasonEnded: 'E4A' }),
      anEpisode({ start: '2020-03-01', reasonNew: 'L' }),
    ]);
    assert.deepEqual(
      gap.map((p) => [p.start, p.periodStart]),
      [
        ['2020-01-01', '2020-01-01'],
        ['2020-03-01', '2020-03-01'],
      ],
    );
  });

  it('counts only the adoptive placement and the one just before it', () => {
    const placements = placementsOf([
      anEpisode({ start: '2021-01-01', end: '2022-06-01', reasonEnded: 'X1' }),
      anEpisode({ start: '2022-06-01', end: '2023-01-01', reasonEnded: 'X1', reasonNew: 'P' }),
      anEpisode({ start: '2023-01-01', reasonNew: 'P', placement: 'A4' }),
    ]);
    // On 31 March 2024: in care since 2021-01-01 (counted); placed for adoption since 2023-01-01,
    // the placement before since 2022-06-01, after 31 March 2022: not stable, although the first
    // placement began in 2021.
    assert.equal(longTermSamePlacement(placements, '2015-01-01', '2024-03-31'), false);
    // On 31 May 2024 (two years before: 31 May 2022) the placement before began a day too late;
    // on 1 June 2024 the two together have lasted two years: stable.
    assert.equal(longTermSamePlacement(placements, '2015-01-01', '2024-05-31'), false);
    assert.equal(longTermSamePlacement(placements, '2015-01-01', '2024-06-01'), true);
    // Not counted at 16.
    assert.equal(longTermSamePlacement(placements, '2008-06-01', '2024-06-01'), null);
  });
});
