/**
 * Stated targets checked against the looked after path of the council of ./council.ts (returns to
 * 31 March 2026; the project from 1 April 2025). The path, worked by hand in tracker.test.ts:
 * Apr 2025 5; May 6 (F admitted); Jun 6; Jul 5 (B left); Aug 4 (A left: the project's one exit
 * as planned); Sep 4; Oct 3 (F left); Nov, Dec 3; Jan 2026 4 (F back); Feb 4; Mar 3 (F left on the
 * 31st). Project exits: 1 in August 2025, so 1 to date from then.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { periodsOfCare } from '../../src/domain/engine/periods.ts';
import { checkTargets, type ProjectTarget } from '../../src/domain/permanence/targets.ts';
import { trackerReport } from '../../src/domain/permanence/tracker.ts';
import { RETURNS_TO_MARCH_2026, WORKED_CHILDREN, WORKED_COHORT, WORKED_EPISODES } from './council.ts';

const periods = periodsOfCare({
  children: WORKED_CHILDREN,
  episodes: [...WORKED_EPISODES, RETURNS_TO_MARCH_2026],
}).periods;
const report = trackerReport(WORKED_COHORT, periods, '2025-04-01', '2026-03-31');

describe('stated targets against the path', () => {
  it('the path the targets are checked against', () => {
    assert.deepEqual(
      report.months.map((m) => [m.month, m.lookedAfterEnd, m.achieved, m.cumulativeAchieved]),
      [
        ['2025-04', 5, 0, 0],
        ['2025-05', 6, 0, 0],
        ['2025-06', 6, 0, 0],
        ['2025-07', 5, 0, 0],
        ['2025-08', 4, 1, 1],
        ['2025-09', 4, 0, 1],
        ['2025-10', 3, 0, 1],
        ['2025-11', 3, 0, 1],
        ['2025-12', 3, 0, 1],
        ['2026-01', 4, 0, 1],
        ['2026-02', 4, 0, 1],
        ['2026-03', 3, 0, 1],
        ['2026-04', null, 0, 1],
        ['2026-05', null, 0, 1],
        ['2026-06', null, 0, 1],
      ],
    );
  });

  it('met at or below a looked after count, at or above an exits count; after the returns, to come', () => {
    const targets: ProjectTarget[] = [
      { measure: 'cumulative_exits', month: '2026-03', value: 2 },
      { measure: 'looked_after_end', month: '2025-10', value: 2 },
      { measure: 'looked_after_end', month: '2025-09', value: 4 },
      { measure: 'project_exits', month: '2025-08', value: 1 },
      { measure: 'looked_after_end', month: '2026-06', value: 3 },
      { measure: 'looked_after_end', month: '2025-08', value: 4 },
    ];
    assert.deepEqual(
      checkTargets(targets, report.months).map((t) => [t.month, t.measure, t.value, t.actual, t.status]),
      [
        ['2025-08', 'looked_after_end', 4, 4, 'met'], // 4 <= 4
        ['2025-08', 'project_exits', 1, 1, 'met'], // A left as planned: 1 >= 1
        ['2025-09', 'looked_after_end', 4, 4, 'met'],
        ['2025-10', 'looked_after_end', 2, 3, 'not_met'], // 3 > 2
        ['2026-03', 'cumulative_exits', 2, 1, 'not_met'], // 1 < 2
        ['2026-06', 'looked_after_end', 3, null, 'to_come'],
      ],
    );
  });
});
