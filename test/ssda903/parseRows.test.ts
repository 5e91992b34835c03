/** Row parsing: trimming, upper-casing, blanks to null, SEX 1/2 to M/F, both date styles. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inferCollectionYear } from '../../src/domain/ssda903/collectionYear.ts';
import { tableFromName } from '../../src/domain/ssda903/columns.ts';
import { sexFromCode } from '../../src/domain/ssda903/parseRows.ts';
import { aChild, analyse, anEpisode, aReturn, parseReturns } from '../support/ssda903Builders.ts';

describe('903 row parsing', () => {
  test('episode fields: trimmed, codes upper-cased, blanks null, dates ISO', () => {
    const { returns, sink } = parseReturns([
      aReturn({
        episodes: [
          anEpisode({
            CHILD: ' 1001 ',
            DECOM: '1/6/2023',
            RNE: ' s',
            LS: 'c2',
            PLACE: 'u4 ',
            PLACE_PROVIDER: ' ',
            DEC: '2023-09-01',
            REC: 'e4a',
            REASON_PLACE_CHANGE: 'carpl',
          }),
        ],
      }),
    ]);
    assert.deepEqual(sink.finish(), []);
    const e = returns[0]!.episodes[0]!;
    assert.deepEqual(
      [
        e.childId,
        e.start,
        e.reasonNew,
        e.legalStatus,
        e.placement,
        e.provider,
        e.end,
        e.reasonEnded,
        e.reasonPlaceChange,
      ],
      ['1001', '2023-06-01', 'S', 'C2', 'U4', null, '2023-09-01', 'E4A', 'CARPL'],
    );
    assert.equal(e.row, 2);
    assert.equal(e.file, '2024/episodes.csv');
  });

  test('SEX: 1/2 (to 2023/24) and M/F/U (from 2024/25) normalise to M/F/U', () => {
    assert.deepEqual(['1', '2', 'M', 'F', 'U', '9', ''].map(sexFromCode), ['M', 'F', 'M', 'F', 'U', null, null]);
    const r = analyse([aReturn({ header: [aChild({ SEX: '2' })] })]);
    assert.equal(r.children[0]!.sex, 'F');
  });

  test('a child id is kept as text (leading zeros survive)', () => {
    const r = analyse([aReturn({ header: [aChild({ CHILD: '000123' })], episodes: [anEpisode({ CHILD: '000123' })] })]);
    assert.deepEqual(
      r.children.map((c) => c.childId),
      ['000123'],
    );
    assert.deepEqual(r.issues, []);
  });

  test('an unreadable DEC is reported and read as blank, never guessed', () => {
    const r = analyse([aReturn({ episodes: [anEpisode({ DEC: '31/09/2023', REC: 'E8' })] })]);
    assert.equal(r.episodes[0]!.end, null);
    assert.deepEqual(r.issues.map((i) => i.rule).sort(), ['DATE-FORMAT', 'EPI-DEC-REC-PAIR']);
  });

  test('table names: combined, folder and sheet names; other tables are not 903 tables we read', () => {
    assert.equal(tableFromName('2024-episodes'), 'episodes');
    assert.equal(tableFromName('Header'), 'header');
    assert.equal(tableFromName('uasc_2023'), 'uasc');
    assert.equal(tableFromName('2024-reviews'), null);
    assert.equal(tableFromName('2024-oc2'), null);
    assert.equal(tableFromName('episodes-copy'), null);
  });
});

describe('collection year from the data', () => {
  const ep = (start: string, end: string | null) => ({ start, end });

  test('a return named by the March it ends in stays as named', () => {
    // 2024 = 1 April 2023 - 31 March 2024: every date is on or before 31/03/2024.
    const r = inferCollectionYear(2024, [
      ep('2023-06-01', null),
      ep('2022-01-01', '2023-05-01'),
      ep('2024-03-31', null),
    ]);
    assert.deepEqual(r, { collectionYear: 2024, namedByStartYear: false, evidence: { after: 0, dated: 3 } });
  });

  test('files named by the year the collection starts in are read as the next year', () => {
    // Named 2017 but dated April 2017 - March 2018 (as the shared sample is): collection year 2018.
    const r = inferCollectionYear(2017, [
      ep('2017-06-01', null),
      ep('2016-01-01', '2017-05-01'),
      ep('2015-01-01', null),
    ]);
    assert.equal(r.collectionYear, 2018);
    assert.equal(r.namedByStartYear, true);
  });

  test('no episodes: the name is taken as it is', () => {
    assert.equal(inferCollectionYear(2024, []).collectionYear, 2024);
  });
});
