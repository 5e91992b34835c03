import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cinYearIndicators,
  entriesByRoute,
  funnel,
  protectionPlans,
  reReferrals,
} from '../../src/domain/funnel/funnel.ts';
import { workingDaysBetween } from '../../src/domain/funnel/workingDays.ts';
import { BANK_HOLIDAYS_SPRING_2025, careFixture, cinFixture, monthlyFixture } from './cinFixture.ts';

const input = () => ({ cin: cinFixture(), care: careFixture(), monthly: monthlyFixture() });

describe('the funnel by month (worked by hand on test/funnel/cinFixture.ts)', () => {
  const data = input();
  const frozen = JSON.stringify(data);
  const months = funnel(data, '2025-04-10', '2025-06-05', 'month');

  it('counts each stage by the day it happened, in whole months', () => {
    assert.deepEqual(
      months.map((m) => [m.period, m.start, m.end]),
      [
        ['2025-04', '2025-04-01', '2025-04-30'],
        ['2025-05', '2025-05-01', '2025-05-31'],
        ['2025-06', '2025-06-01', '2025-06-30'],
      ],
    );
    // April: contacts 100; referrals P1, P2; assessments P1, P2; s47 P1; ICPC P1; plan P1; entry P6.
    // May: contacts 80; referrals P3, P4; assessment P3; s47 P3, P4; ICPC P4; plan P4; entry P3.
    // June: contacts not entered; entries P1, P5.
    assert.deepEqual(
      months.map((m) => m.counts),
      [
        { contacts: 100, referrals: 2, assessments: 2, section47s: 1, icpcs: 1, cpPlans: 1, entries: 1 },
        { contacts: 80, referrals: 2, assessments: 1, section47s: 2, icpcs: 1, cpPlans: 1, entries: 1 },
        { contacts: null, referrals: 0, assessments: 0, section47s: 0, icpcs: 0, cpPlans: 0, entries: 2 },
      ],
    );
  });

  it('gives each conversion as a stage over the one before it, null over 0 or unknown', () => {
    // April: 2/100, 2/2, 1/2, 1/1, 1/1, 1/1. May: 2/80, 1/2, 2/1, 1/2, 1/1, 1/1. June: all null
    // (contacts unknown, then 0 before each stage).
    assert.deepEqual(months[0]?.conversions, {
      referrals: 0.02,
      assessments: 1,
      section47s: 0.5,
      icpcs: 1,
      cpPlans: 1,
      entries: 1,
    });
    assert.deepEqual(months[1]?.conversions, {
      referrals: 0.025,
      assessments: 0.5,
      section47s: 2,
      icpcs: 0.5,
      cpPlans: 1,
      entries: 1,
    });
    assert.deepEqual(months[2]?.conversions, {
      referrals: null,
      assessments: null,
      section47s: null,
      icpcs: null,
      cpPlans: null,
      entries: null,
    });
    assert.equal(JSON.stringify(data), frozen);
  });

  it('has contacts for a year only when every month was entered', () => {
    const [year] = funnel(data, '2025-04-01', '2026-03-31', 'year');
    assert.equal(year?.period, '2026');
    assert.equal(year?.counts.contacts, null);
    // Referrals in the year: P1, P2 twice, P3 (May), P4 = 5; entries P1, P3, P5, P6 = 4.
    assert.equal(year?.counts.referrals, 5);
    assert.equal(year?.counts.entries, 4);
  });
});

describe('re-referrals, plans and entries by what came before', () => {
  const data = input();
  it('counts a referral within 12 months of the previous one', () => {
    // P2's 2025-09-01 follows 2025-04-15 (within 12 months); P3's 2025-05-05 follows 2024-03-01 (not).
    assert.deepEqual(reReferrals(data.cin, '2025-04-01', '2026-03-31'), { referrals: 5, within12Months: 1 });
  });

  it('gives plans by category, repeat plans and durations of plans ended', () => {
    // Started: P1 neglect, P4 physical (her second). Ended: P4 after 25 days (under 3 months),
    // P7 after 2 years 3 months (2023-01-10 + 24 months = 2025-01-10, on or before 2025-04-15).
    assert.deepEqual(protectionPlans(data.cin, '2025-04-01', '2026-03-31'), {
      startedByCategory: { NEG: 1, PHY: 1 },
      startedRepeat: 1,
      started: 2,
      endedByDuration: { under3m: 1, m3to6: 0, m6to12: 0, y1to2: 0, y2plus: 1 },
      ended: 2,
    });
  });

  it('links children across the returns: plan, CIN episode, neither, UASC on its own', () => {
    // P1 had a plan open when she entered; P3 an open CIN episode and no plan; P5 nothing; P6 UASC.
    assert.deepEqual(entriesByRoute(data, '2025-04-01', '2026-03-31'), {
      cpPlan: 1,
      cinEpisode: 1,
      neither: 1,
      uasc: 1,
    });
    assert.deepEqual(entriesByRoute(data, '2025-06-01', '2025-06-30'), {
      cpPlan: 1,
      cinEpisode: 0,
      neither: 1,
      uasc: 0,
    });
  });
});

describe('CIN indicators for a collection year', () => {
  it('counts working days without weekends and bank holidays', () => {
    // From Friday 4 April to Friday 16 May 2025: 30 weekdays, less Good Friday, Easter Monday and
    // the early May bank holiday = 27. From Wednesday 16 April to Monday 30 June: 53 weekdays less
    // 4 bank holidays = 49. The same day: 0.
    assert.equal(workingDaysBetween('2025-04-04', '2025-05-16', BANK_HOLIDAYS_SPRING_2025), 27);
    assert.equal(workingDaysBetween('2025-04-16', '2025-06-30', BANK_HOLIDAYS_SPRING_2025), 49);
    assert.equal(workingDaysBetween('2025-05-06', '2025-05-20', BANK_HOLIDAYS_SPRING_2025), 10);
    assert.equal(workingDaysBetween('2025-05-06', '2025-05-06', BANK_HOLIDAYS_SPRING_2025), 0);
  });

  it('gives referrals, plans at 31 March, assessment timeliness, s47 and conferences', () => {
    const y = cinYearIndicators(cinFixture(), 2026, BANK_HOLIDAYS_SPRING_2025);
    assert.deepEqual(y.referrals, { referrals: 5, within12Months: 1 });
    assert.equal(y.onPlanAt31March, 1); // P1's plan is still open
    assert.equal(y.assessmentsCompleted, 3);
    assert.equal(y.assessmentsWithin45Days, 2); // P1 (27) and P3 (10); P2 took 49
    assert.equal(y.section47s, 3);
    assert.equal(y.icpcs, 2);
    assert.equal(y.plans.startedRepeat, 1);
  });
});
