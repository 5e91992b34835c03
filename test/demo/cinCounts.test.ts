/**
 * The demo council's monthly counts (src/domain/demo/cinCounts.ts): the months a census covers,
 * each referral counted once across the returns, contacts never fewer than referrals, seeded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoMonthlyCounts, referralsByMonth } from '../../src/domain/demo/cinCounts.ts';
import { demoCinCensus, type DemoCinYear } from '../../src/domain/demo/cin.ts';
import { simulateCouncil } from '../../src/domain/demo/simulateCouncil.ts';

const year = (collectionYear: number, referrals: Array<[string, string]>): DemoCinYear => ({
  collectionYear,
  tables: {
    child: [],
    cinDetails: referrals.map(([LAchildID, CINreferralDate]) => ({ LAchildID, CINreferralDate })),
    assessment: [],
    cinPlan: [],
    section47: [],
    protectionPlan: [],
  },
});

test('referrals by month: April to March of the years the returns cover, each referral once', () => {
  // Worked by hand: two returns (2024 and 2025). C1's referral of 2023-05-02 is in both (open
  // across the year end): counted once. C9's of 2023-02-01 is before the first year: not counted.
  const months = referralsByMonth([
    year(2024, [
      ['C1', '2023-05-02'],
      ['C2', '2023-05-20'],
      ['C9', '2023-02-01'],
      ['C3', '2024-03-31'],
    ]),
    year(2025, [
      ['C1', '2023-05-02'],
      ['C4', '2024-04-01'],
    ]),
  ]);
  assert.equal(months.length, 24);
  assert.deepEqual(months[0], { month: '2023-04', referrals: 0 });
  assert.deepEqual(months[1], { month: '2023-05', referrals: 2 });
  assert.deepEqual(months[11], { month: '2024-03', referrals: 1 });
  assert.deepEqual(months[12], { month: '2024-04', referrals: 1 });
  assert.deepEqual(months[23], { month: '2025-03', referrals: 0 });
  assert.equal(
    months.reduce((n, m) => n + m.referrals, 0),
    4,
  );
});

test("the demo council's counts: every month, contacts at least the referrals, about 4 to 1, seeded", () => {
  const council = simulateCouncil({ seed: 903, years: 2, endYear: 2025, size: 'small' });
  const census = demoCinCensus(council.returns, { seed: 903 });
  const referrals = referralsByMonth(census);
  const counts = demoMonthlyCounts(census, { seed: 903 });
  assert.equal(counts.length, 24);
  assert.deepEqual(
    counts.map((c) => c.month),
    referrals.map((r) => r.month),
  );
  counts.forEach((c, i) => assert.ok((c.contacts ?? 0) >= referrals[i]!.referrals, c.month));
  const contacts = counts.reduce((n, c) => n + (c.contacts ?? 0), 0);
  const referred = referrals.reduce((n, r) => n + r.referrals, 0);
  assert.ok(referred > 0);
  // Expected 4 contacts a referral (1 + Poisson mean 3); over two years within 10%.
  assert.ok(Math.abs(contacts / referred - 4) < 0.4, `${contacts} contacts for ${referred} referrals`);
  assert.deepEqual(demoMonthlyCounts(census, { seed: 903 }), counts);
  assert.notDeepEqual(demoMonthlyCounts(census, { seed: 904 }), counts);
});
