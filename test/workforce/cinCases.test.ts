import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProtectionPlan, CinData, CinEpisode } from '../../src/domain/cin/model.ts';
import { cinCasesOn, cinCoverage } from '../../src/domain/workforce/cinCases.ts';
import { aChild, anEpisode } from '../store/caseBuilders.ts';

function episode(childId: string, referralDate: string, over: Partial<CinEpisode> = {}): CinEpisode {
  return {
    childId,
    referralDate,
    referralSource: '1A',
    primaryNeed: 'N1',
    closureDate: null,
    closureReason: null,
    referralNfa: false,
    initialCpcDate: null,
    ...over,
  };
}

function plan(childId: string, start: string, end: string | null): ChildProtectionPlan {
  return {
    childId,
    referralDate: '2025-12-01',
    start,
    end,
    initialCategory: 'NEG',
    latestCategory: 'NEG',
    previousPlans: 0,
  };
}

/*
 * Worked by hand on 31 March 2026: P1 on a plan (and in need): child protection. P2's plan ended
 * that day (an end is not a day on the plan) but its episode is open: in need. L1 is on a plan but
 * looked after (903): counted as looked after, not here. N1 was referred with no further action,
 * N2's episode closed in February: neither counts. N3 and N4 (two open episodes, counted once) are
 * in need. Child protection 1; children in need 3 (P2, N3, N4).
 */
const cin: CinData = {
  children: [],
  episodes: [
    episode('P1', '2025-12-01'),
    episode('P2', '2025-12-01'),
    episode('L1', '2025-12-01'),
    episode('N1', '2026-03-01', { referralNfa: true, closureDate: '2026-03-01' }),
    episode('N2', '2025-12-01', { closureDate: '2026-02-01', closureReason: 'RC1' }),
    episode('N3', '2025-12-01'),
    episode('N4', '2025-11-01'),
    episode('N4', '2026-01-15'),
  ],
  assessments: [],
  cinPlans: [],
  section47s: [],
  protectionPlans: [
    plan('P1', '2026-01-10', null),
    plan('P2', '2026-01-10', '2026-03-31'),
    plan('L1', '2026-01-10', null),
  ],
};
const data = { children: [aChild({ childId: 'L1' })], episodes: [anEpisode({ childId: 'L1', start: '2026-02-01' })] };

describe('children in need and child protection cases from the CIN census', () => {
  it('counts each child once: looked after, then on a plan, then in need', () => {
    assert.deepEqual(cinCoverage({ first: 2026, last: 2026 }), { from: '2025-04-01', until: '2026-03-31' });
    const counts = cinCasesOn(cin, data, ['2026-03-31', '2026-01-31', '2026-04-30', '2025-03-31'], {
      first: 2026,
      last: 2026,
    });
    assert.deepEqual(counts.get('2026-03-31'), { childInNeed: 3, childProtection: 1 });
    // 31 January: L1 not yet looked after, so on a plan; P1, P2 and L1 on plans; N2 still open.
    assert.deepEqual(counts.get('2026-01-31'), { childInNeed: 3, childProtection: 3 });
    // Outside the census's collection year (April 2025 to March 2026): no count.
    assert.equal(counts.has('2026-04-30'), false);
    assert.equal(counts.has('2025-03-31'), false);
  });
});
