import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseData, Child, Episode } from '../../src/domain/model.ts';
import { countByMonth, returnsCoverEnd } from '../../src/domain/programme/counts.ts';
import { DEFAULT_RAG } from '../../src/domain/programme/model.ts';
import { milestoneView, targetView } from '../../src/domain/programme/monitoring.ts';
import { programmeFromDocument } from '../../src/io/programmeFile.ts';
import { evaluateProgramme, evaluationJson } from '../../src/services/programmes.ts';

function child(childId: string, dob: string): Child {
  return { childId, sex: 'F', dob, ethnicity: 'WBRI', uasc: false, uascCeased: null };
}

function episode(
  childId: string,
  start: string,
  end: string | null,
  reasonEnded: string | null,
  legalStatus = 'C2',
): Episode {
  return {
    childId,
    start,
    reasonNew: 'S',
    legalStatus,
    needCode: 'N1',
    placement: 'U4',
    provider: 'PR1',
    end,
    reasonEnded,
    reasonPlaceChange: null,
  };
}

/**
 * Five children, worked by hand:
 * - a: in care from 10 March 2025, still there.
 * - b: 15 April 2025 to 20 June 2025, adopted (E11).
 * - c: 1 January 2024 to 31 May 2025, home to parents (E4A): not looked after on 31 May.
 * - d: a short break in April 2025 (V3): never counted.
 * - e: 1 June 2024 to 1 May 2025, her 18th birthday (REC E8): counts as turning 18.
 * Looked after at month ends: April 4 (a, b, c, e), May 2 (a, b), June 1 (a), July 1, August 1.
 * Entries: April 1 (b; d is a short break), May to August 0. Exits: May 2 (c home, e at 18), June 1
 * (b adopted). The latest date is 20 June 2025, in collection year 2026: the returns cover to
 * 31 March 2026.
 */
const DATA: CaseData = {
  children: [
    child('a', '2010-01-01'),
    child('b', '2012-05-05'),
    child('c', '2008-01-01'),
    child('d', '2015-01-01'),
    child('e', '2007-05-01'),
  ],
  episodes: [
    episode('a', '2025-03-10', null, null),
    episode('b', '2025-04-15', '2025-06-20', 'E11'),
    episode('c', '2024-01-01', '2025-05-31', 'E4A'),
    episode('d', '2025-04-02', '2025-04-05', 'E8', 'V3'),
    episode('e', '2024-06-01', '2025-05-01', 'E8'),
  ],
};
const MONTHS = ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09'];

test('counts from the returns by month: looked after at month end, entries, exits by route', () => {
  assert.equal(returnsCoverEnd(DATA), '2026-03-31');
  // As of 15 September 2025, September is not over: no actual for it (null, not 0).
  const asOf = '2025-09-15';
  assert.deepEqual([...countByMonth(DATA, { measure: 'lookedAfter' }, MONTHS, asOf).values()], [4, 2, 1, 1, 1, null]);
  assert.deepEqual([...countByMonth(DATA, { measure: 'entries' }, MONTHS, asOf).values()], [1, 0, 0, 0, 0, null]);
  assert.deepEqual([...countByMonth(DATA, { measure: 'exits' }, MONTHS, asOf).values()], [0, 2, 1, 0, 0, null]);
  assert.deepEqual(
    [...countByMonth(DATA, { measure: 'exits', route: 'adoption' }, MONTHS, asOf).values()],
    [0, 0, 1, 0, 0, null],
  );
  assert.deepEqual(
    [...countByMonth(DATA, { measure: 'exits', route: 'independence_or_18' }, MONTHS, asOf).values()],
    [0, 1, 0, 0, 0, null],
  );
  // No returns at all: no actuals.
  assert.deepEqual(
    [...countByMonth({ children: [], episodes: [] }, { measure: 'entries' }, ['2025-04'], asOf).values()],
    [null],
  );
});

test('a target trajectory with counted actuals: variance, direction and RAG by which way is better', () => {
  const counts = countByMonth(DATA, { measure: 'lookedAfter' }, MONTHS, '2025-09-15');
  const view = targetView(
    'edge-of-care',
    {
      measure: 'Children looked after',
      unit: 'children',
      byYear: [],
      better: 'lower',
      counted: { measure: 'lookedAfter' },
      months: [
        { month: '2025-04', target: 5, actual: null },
        { month: '2025-05', target: 3, actual: 3 },
        { month: '2025-06', target: 1, actual: null },
        { month: '2025-09', target: 1, actual: null },
      ],
    },
    DEFAULT_RAG,
    counts,
  );
  // April: 4 against 5, (1) favourable (fewer is better); RAG on target / actual = 125%: green.
  // May: the returns count 2 where 3 was typed: the count is used and the difference reported.
  // June: 1 against 1. September: no actual yet.
  assert.deepEqual(
    view.months.map((m) => [m.month, m.actual, m.actualSource, m.variance, m.direction, m.rag]),
    [
      ['2025-04', 4, 'counted', -1, 'favourable', 'green'],
      ['2025-05', 2, 'counted', -1, 'favourable', 'green'],
      ['2025-06', 1, 'counted', 0, 'favourable', 'green'],
      ['2025-09', null, null, null, null, null],
    ],
  );
  assert.deepEqual(view.differences, [{ month: '2025-05', typed: 3, counted: 2 }]);
  assert.equal(view.latest?.month, '2025-06');
  // More is better (adoptions): 3 against a target of 4 is 75%: red at the default thresholds.
  const higher = targetView(
    'x',
    { measure: 'Adoptions', byYear: [], better: 'higher', months: [{ month: '2025-04', target: 4, actual: 3 }] },
    DEFAULT_RAG,
  );
  assert.deepEqual(
    higher.months.map((m) => [m.variance, m.direction, m.rag]),
    [[-1, 'adverse', 'red']],
  );
});

test('a milestone shows one status: overdue replaces "on track" once its date has passed', () => {
  const m = { name: 'First 20 families supported', due: '2025-10-31', status: 'on track' as const };
  assert.deepEqual(
    [milestoneView(m, '2025-10-31').shownStatus, milestoneView(m, '2025-11-01').shownStatus],
    ['on track', 'overdue'],
  );
  assert.equal(milestoneView({ ...m, status: 'complete' }, '2026-01-01').shownStatus, 'complete');
});

test('the file gives a trajectory (616 down to 465), typed actuals and what to count; plan evaluate reports them', async () => {
  const programme = programmeFromDocument(
    {
      programme: 'Targets',
      firstYear: '2025/26',
      planYears: 2,
      initiatives: [
        {
          id: 'edge-of-care',
          name: 'Edge of care',
          profile: 'incremental',
          years: { '2025/26': { grossSaving: 100_000 } },
          targets: [
            {
              measure: 'Children looked after',
              unit: 'children',
              better: 'lower',
              counted: 'lookedAfter',
              trajectory: { from: { month: '2025-04', value: 616 }, to: { month: '2026-03', value: 465 } },
              actuals: { '2025-04': 610 },
            },
            { measure: 'Adoptions', better: 'higher', counted: 'exits', route: 'adoption', months: { '2025-06': 1 } },
          ],
        },
      ],
    },
    'targets.yaml',
  );
  const target = programme.initiatives[0]?.targets[0];
  // Worked by hand: 12 months from 616 to 465, a fall of 151 in 11 steps of 13.727...: May 602.3,
  // June 588.5 (to one decimal place), March 465.
  assert.equal(target?.months?.length, 12);
  assert.deepEqual(
    target?.months?.slice(0, 3).map((m) => [m.month, m.target, m.actual]),
    [
      ['2025-04', 616, 610],
      ['2025-05', 602.3, null],
      ['2025-06', 588.5, null],
    ],
  );
  assert.equal(target?.months?.[11]?.target, 465);
  // Without the returns: the typed actual only.
  const plain = evaluationJson(await evaluateProgramme(programme, { asOf: '2025-09-15' }));
  const targets = plain.targets as Array<{
    months: Array<{ month: string; actual: number | null; variance: number | null }>;
  }>;
  assert.deepEqual(targets[0]?.months[0], {
    month: '2025-04',
    target: 616,
    actual: 610,
    actualSource: 'typed',
    variance: -6,
    rag: 'green',
  });
  // With the returns: counted actuals, the typed one replaced and warned about.
  const counted = await evaluateProgramme(programme, { asOf: '2025-09-15', caseData: DATA });
  assert.deepEqual(
    counted.targets[0]?.months.slice(0, 6).map((m) => m.actual),
    [4, 2, 1, 1, 1, null],
  );
  assert.deepEqual(
    counted.targets[1]?.months.map((m) => [m.month, m.actual, m.variance, m.direction]),
    [['2025-06', 1, 0, 'favourable']],
  );
  assert.deepEqual(counted.warnings, [
    "initiative 'edge-of-care', target 'Children looked after', 2025-04: typed actual 610 but the returns count 4 (the count is used)",
  ]);
});
