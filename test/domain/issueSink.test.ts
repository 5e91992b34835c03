/**
 * The issue sink both returns share (src/domain/issueSink.ts): the 903's IssueSink and the CIN
 * census's CinIssueSink keep the first `limitPerRule` issues of a rule, count every one, close with
 * a summary per rule over the limit, and hand their contents between threads.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CinIssueSink } from '../../src/domain/cin/rules.ts';
import { IssueSink, makeIssue } from '../../src/domain/ssda903/rules.ts';

const place = { file: 'cin-2024.xml', row: 12, column: 'Message/Children/Child/CINdetails/ReferralSource' };

describe('issue sinks', () => {
  test('keeps the first issues of a rule and says how many more there were', () => {
    const sink = new CinIssueSink(2);
    for (let i = 1; i <= 5; i++) sink.add('CIN-CODE-UNKNOWN', { ...place, row: i }, `code ${i}`, `C${i}`);
    sink.add('CIN-XYR-DOB-CHANGED', place, 'dob');
    const issues = sink.finish();
    assert.deepEqual(
      issues.map((i) => [i.rule, i.row, i.message]),
      [
        ['CIN-CODE-UNKNOWN', 1, 'code 1'],
        ['CIN-CODE-UNKNOWN', 2, 'code 2'],
        ['CIN-XYR-DOB-CHANGED', 12, 'dob'],
        // 5 counted, 2 kept: 3 more, with the rule's title
        [
          'CIN-CODE-UNKNOWN',
          null,
          '3 more problems of this kind (a code is not in the cin census code list) were found; only the first 2 are listed.',
        ],
      ],
    );
    assert.deepEqual(issues[0], {
      severity: 'error',
      fatal: false,
      file: 'cin-2024.xml',
      row: 1,
      column: place.column,
      rule: 'CIN-CODE-UNKNOWN',
      message: 'code 1',
      childId: 'C1',
    });
    assert.equal(issues[3]!.file, '(all files)');
    assert.equal(issues[2]!.severity, 'warning');
    assert.deepEqual(
      [...sink.counts],
      [
        ['CIN-CODE-UNKNOWN', 5],
        ['CIN-XYR-DOB-CHANGED', 1],
      ],
    );
    assert.equal(sink.hasFatal, false);
  });

  test('a fatal rule marks the sink, even when it came from another sink or reader', () => {
    const direct = new IssueSink();
    direct.add('FILE-EMPTY', { file: 'header.csv', row: null, column: null }, 'empty');
    assert.equal(direct.hasFatal, true);
    const cin = new CinIssueSink();
    cin.addIssues([makeIssue('FILE-EMPTY', { file: 'children.csv', row: null, column: null }, 'empty')]);
    assert.equal(cin.hasFatal, true);
    const taker = new CinIssueSink();
    taker.absorb(cin);
    assert.equal(taker.hasFatal, true);
  });

  test("another catalogue's rule over the limit is summed up as an error named by its id", () => {
    const sink = new CinIssueSink(1);
    const file = { file: 'cin_details.csv', row: 3, column: 'X' };
    sink.addIssues([makeIssue('EPI-OVERLAP', file, 'a'), makeIssue('EPI-OVERLAP', file, 'b')]);
    const last = sink.finish().at(-1)!;
    assert.equal(last.severity, 'error');
    assert.equal(last.message, '1 more problems of this kind (epi-overlap) were found; only the first 1 are listed.');
  });

  test('a snapshot restored on another thread holds the same, and absorbing it gives what adding would', () => {
    const reader = new CinIssueSink(2);
    for (let i = 1; i <= 4; i++) reader.add('CIN-DATE-FORMAT', { ...place, row: i }, `d${i}`);
    const restored = CinIssueSink.restore(structuredClone(reader.snapshot()));
    assert.deepEqual(restored.finish(), reader.finish());
    assert.deepEqual([...restored.counts], [...reader.counts]);

    const direct = new CinIssueSink(2);
    direct.add('CIN-FLAG', place, 'first');
    for (let i = 1; i <= 4; i++) direct.add('CIN-DATE-FORMAT', { ...place, row: i }, `d${i}`);
    const taker = new CinIssueSink(2);
    taker.add('CIN-FLAG', place, 'first');
    taker.absorb(restored);
    assert.deepEqual(taker.finish(), direct.finish());
    assert.deepEqual([...taker.counts], [...direct.counts]);
  });

  test('refuses to absorb a sink that keeps fewer issues per rule', () => {
    assert.throws(() => new CinIssueSink(5).absorb(new CinIssueSink(2)), /keeps fewer issues per rule/);
  });
});
