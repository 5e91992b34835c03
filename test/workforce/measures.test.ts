import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { workforceCost, agencyCostPerFte, permanentCostPerFte } from '../../src/domain/workforce/cost.ts';
import { measuresAt } from '../../src/domain/workforce/measures.ts';
import { fteNeeded } from '../../src/domain/workforce/fteNeeded.ts';
import { agencyLeverSavings, leverBase, leverEffect } from '../../src/domain/workforce/agencyLever.ts';
import { aTeamPeriod, monthsFrom } from './builders.ts';

const close = (actual: number | null, expected: number, digits = 9) => {
  assert.ok(actual !== null, 'expected a number, got null');
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} is not ${expected}`);
};

describe('workforce cost by financial year', () => {
  it('costs permanent FTE at salary plus on-costs and agency FTE at the day rate for the stated days', () => {
    // Worked by hand: £42,000 x 128.5% = £53,970 a permanent FTE a year (5,397,000p); an agency FTE
    // at £410 a day for 220 days = £90,200 a year (9,020,000p). A month of 10.5 permanent FTE is
    // 10.5 x 5,397,000 / 12 = 4,722,375p; of 2.4 agency FTE, 2.4 x 9,020,000 / 12 = 1,804,000p.
    const team = {
      permanentFte: 10.5,
      agencyFte: 2.4,
      salaryPence: 4_200_000,
      onCostsPercent: 28.5,
      agencyRatePence: 41_000,
      agencyRatePer: 'day' as const,
      agencyDaysPerYear: 220,
    };
    assert.equal(permanentCostPerFte(team), 5_397_000);
    assert.equal(agencyCostPerFte({ ...team, agencyHoursPerDay: null }), 9_020_000);
    const cost = workforceCost(
      ['2026-03', '2026-04', '2026-05'].map((periodStart) => aTeamPeriod({ ...team, periodStart })),
    );
    // March 2026 is in 2025/26; April and May in 2026/27.
    assert.deepEqual(
      cost.years.map((y) => [y.yearLabel, y.permanentPence, y.agencyPence, y.totalPence]),
      [
        ['2025/26', 4_722_375, 1_804_000, 6_526_375],
        ['2026/27', 9_444_750, 3_608_000, 13_052_750],
      ],
    );
    assert.deepEqual(cost.warnings, []);
  });

  it('rounds once per team, year and kind, half away from zero, and totals add the rounded cells', () => {
    // Worked by hand: a salary of £30,000.06 with no on-costs is 3,000,006p a year, 250,000.5p a
    // month. One month rounds to 250,001p; two months are 500,001p exactly (rounding each month first
    // would give 500,002p). An hourly agency rate of £38.25 for 7.4 hours a day and 225 days is
    // 3,825 x 7.4 x 225 = 6,368,625p a year, 530,718.75p a month: three months are 1,592,156.25p,
    // rounded once to 1,592,156p (530,719 x 3 = 1,592,157 if rounded monthly).
    const permanent = { team: 'Assessment', salaryPence: 3_000_006, onCostsPercent: 0, permanentFte: 1 };
    const hourly = {
      team: 'Hourly',
      permanentFte: 0,
      agencyFte: 1,
      agencyRatePence: 3_825,
      agencyRatePer: 'hour' as const,
      agencyHoursPerDay: 7.4,
      agencyDaysPerYear: 225,
    };
    const cost = workforceCost([
      aTeamPeriod({ ...permanent, periodStart: '2026-01' }),
      aTeamPeriod({ ...permanent, periodStart: '2026-04' }),
      aTeamPeriod({ ...permanent, periodStart: '2026-05' }),
      ...['2026-04', '2026-05', '2026-06'].map((periodStart) => aTeamPeriod({ ...hourly, periodStart })),
    ]);
    assert.deepEqual(
      cost.teams.map((t) => [t.team, t.yearLabel, t.months, t.permanentPence, t.agencyPence]),
      [
        ['Assessment', '2025/26', 1, 250_001, 0],
        ['Assessment', '2026/27', 2, 500_001, 0],
        ['Hourly', '2026/27', 3, 0, 1_592_156],
      ],
    );
    assert.deepEqual(
      cost.years.map((y) => [y.yearLabel, y.totalPence]),
      [
        ['2025/26', 250_001],
        ['2026/27', 500_001 + 1_592_156],
      ],
    );
  });

  it('costs a quarter as three months of its financial year', () => {
    // Worked by hand: 4 FTE at £36,000 with 25% on-costs = 4 x 4,500,000 = 18,000,000p a year; a
    // quarter is a quarter of it, 4,500,000p, in 2026/27 for Q4 (January to March 2027).
    const cost = workforceCost([
      aTeamPeriod({
        periodStart: '2027-01',
        periodMonths: 3,
        permanentFte: 4,
        salaryPence: 3_600_000,
        onCostsPercent: 25,
      }),
    ]);
    assert.deepEqual(
      cost.years.map((y) => [y.yearLabel, y.totalPence]),
      [['2026/27', 4_500_000]],
    );
  });

  it('says when agency FTE have no rate to cost them', () => {
    const cost = workforceCost([aTeamPeriod({ agencyFte: 2 })]);
    assert.equal(cost.years[0]?.agencyPence, 0);
    assert.match(cost.warnings[0] ?? '', /2 agency FTE but no agency rate/);
  });
});

describe('turnover, vacancy and agency rates (DfE definitions)', () => {
  const months = monthsFrom('2025-04', 12);
  const year = months.map((periodStart, i) =>
    aTeamPeriod({
      periodStart,
      leaversFte: 0.5,
      // In post at the year end is what turnover divides by, not the average.
      permanentFte: i === 11 ? 40 : 44,
      agencyFte: 6,
      vacancyFte: 8,
    }),
  );

  it('turnover is the 12 months’ FTE leavers over the FTE in post at the month end', () => {
    // Worked by hand: 12 x 0.5 = 6 FTE left in the year to March 2026; 40 in post: 6 / 40 = 15%.
    // Vacancy 8 / (8 + 40) = 16.67%; agency 6 / (6 + 40) = 13.04%.
    const m = measuresAt(year, '2026-03', { looked_after: 0, child_in_need: null, child_protection: null });
    close(m.leaversFte12m, 6);
    close(m.turnover, 0.15);
    close(m.vacancy, 8 / 48);
    close(m.agency, 6 / 46);
    close(m.teams[0]?.turnover ?? null, 0.15);
  });

  it('has no turnover rate without all 12 months', () => {
    const m = measuresAt(year.slice(1), '2026-03', { looked_after: 0, child_in_need: null, child_protection: null });
    assert.equal(m.turnover, null);
    assert.equal(m.teams[0]?.turnover, null);
    close(m.vacancy, 8 / 48); // the month's own figures still give these
  });

  it('matches DfE’s published national rates from the published counts', () => {
    // DfE, Children's social work workforce (explore-education-statistics.service.gov.uk): in the
    // year to 30 September 2025, 4,230.5 FTE leavers and 35,855 FTE in post: turnover 11.8%. At
    // 30 September 2023, 33,119.1 FTE in post, 7,173.5 agency and 7,722.7 vacancies: agency rate
    // 17.8%, vacancy rate 18.9%. Here as four quarters of a council whose year ends in September.
    const starts = ['2024-10', '2025-01', '2025-04', '2025-07'];
    const national = starts.map((periodStart, i) =>
      aTeamPeriod({
        periodStart,
        periodMonths: 3,
        permanentFte: 35_855,
        leaversFte: i === 3 ? 4_230.5 - 3_000 : 1_000,
      }),
    );
    const m = measuresAt(national, '2025-09', { looked_after: 0, child_in_need: null, child_protection: null });
    assert.equal(Math.round((m.turnover ?? 0) * 1000) / 10, 11.8);
    const y2023 = measuresAt(
      [aTeamPeriod({ periodStart: '2023-09', permanentFte: 33_119.1, agencyFte: 7_173.5, vacancyFte: 7_722.7 })],
      '2023-09',
      { looked_after: 0, child_in_need: null, child_protection: null },
    );
    assert.equal(Math.round(y2023.agency * 1000) / 10, 17.8);
    assert.equal(Math.round(y2023.vacancy * 1000) / 10, 18.9);
  });

  it('is 0 with a warning when there is nobody to divide by', () => {
    const m = measuresAt([aTeamPeriod({ permanentFte: 0, agencyFte: 0 })], '2026-03', {
      looked_after: 0,
      child_in_need: null,
      child_protection: null,
    });
    assert.equal(m.vacancy, 0);
    assert.equal(m.agency, 0);
    assert.match(m.warnings.join('\n'), /no permanent FTE or vacancies/);
  });
});

describe('caseloads', () => {
  const teams = [
    aTeamPeriod({
      team: 'CiC 1',
      permanentFte: 5,
      agencyFte: 1,
      vacancyFte: 2,
      holds: ['looked_after'],
      targetCaseload: 15,
    }),
    aTeamPeriod({ team: 'CiC 2', permanentFte: 4, holds: ['looked_after', 'child_protection'], targetCaseload: 18 }),
    aTeamPeriod({ team: 'Fostering', permanentFte: 3, holds: [], targetCaseload: null }),
  ];

  it('shares looked after children over the filled FTE of the teams holding them', () => {
    // Worked by hand: 120 looked after children, held by CiC 1 (6 filled FTE) and CiC 2 (4): 120 / 10
    // = 12 cases per FTE in each; CiC 1 holds 72 of them, CiC 2 48. Fostering holds no cases. The
    // council's target is (6 x 15 + 4 x 18) / 10 = 16.2.
    const m = measuresAt(teams, '2026-03', { looked_after: 120, child_in_need: null, child_protection: null });
    assert.deepEqual(
      m.teams.map((t) => [t.team, t.cases, t.caseload]),
      [
        ['CiC 1', 72, 12],
        ['CiC 2', 48, 12],
        ['Fostering', 0, null],
      ],
    );
    assert.equal(m.cases, 120);
    assert.equal(m.caseHoldingFte, 10);
    assert.equal(m.caseload, 12);
    close(m.targetCaseload, 16.2);
    assert.deepEqual(m.uncounted, ['child_in_need', 'child_protection']);
  });

  it('adds child protection (and says so when nobody holds children in need)', () => {
    // Worked by hand: CiC 2 alone holds 20 child protection cases: 12 + 20 / 4 = 17 a filled FTE, 68
    // cases. The 30 children in need are held by no team, so not in any caseload: the council has
    // (120 + 20) / 10 = 14.
    const m = measuresAt(teams, '2026-03', { looked_after: 120, child_in_need: 30, child_protection: 20 });
    assert.deepEqual(
      m.teams.map((t) => [t.team, t.cases, t.caseload]),
      [
        ['CiC 1', 72, 12],
        ['CiC 2', 68, 17],
        ['Fostering', 0, null],
      ],
    );
    assert.equal(m.caseload, 14);
    assert.match(m.warnings.join('\n'), /no team holds children in need \(30\)/);
  });
});

describe('FTE needed from the forecast', () => {
  it('shares forecast cases by establishment and divides by each team’s target caseload', () => {
    // Worked by hand: CiC 1's establishment is 5 + 1 + 2 = 8 FTE, CiC 2's 4: CiC 1 takes 8/12 of the
    // looked after children, CiC 2 4/12 and all 20 child protection cases. For 120 children:
    // CiC 1 needs 80 / 15 = 5.3333 FTE, CiC 2 (40 + 20) / 18 = 3.3333: 8.6667 in all, for 140
    // cases. For the low end, 110 children: 73.333 / 15 + (36.667 + 20) / 18 = 4.8889 + 3.1481 = 8.0370.
    const base = [
      aTeamPeriod({ team: 'CiC 1', permanentFte: 5, agencyFte: 1, vacancyFte: 2, targetCaseload: 15 }),
      aTeamPeriod({ team: 'CiC 2', permanentFte: 4, holds: ['looked_after', 'child_protection'], targetCaseload: 18 }),
      aTeamPeriod({ team: 'Fostering', permanentFte: 3, holds: [], targetCaseload: null }),
    ];
    const need = fteNeeded(base, [
      {
        month: '2026-04',
        cases: {
          looked_after: { low: 110, central: 120, high: 135 },
          child_in_need: null,
          child_protection: { low: 20, central: 20, high: 20 },
        },
      },
    ]);
    assert.equal(need.establishmentFte, 12);
    assert.equal(need.filledFte, 10);
    const m = need.months[0]!;
    close(m.cases, 140);
    close(m.central, 80 / 15 + 60 / 18);
    close(m.low, (110 * 8) / 12 / 15 + ((110 * 4) / 12 + 20) / 18);
    close(m.high, (135 * 8) / 12 / 15 + ((135 * 4) / 12 + 20) / 18);
    assert.equal(Math.round(m.central * 10) / 10, 8.7);
  });
});

describe('the agency share lever', () => {
  // Worked by hand: 30 permanent FTE at £40,000 + 30% on-costs = £52,000 each; 10 agency FTE at
  // £400 a day for 225 days = £90,000 each. Premium £38,000 an FTE a year. Agency share from 25%
  // to 10% of the 40 filled FTE is 6 posts: at full effect 6 x £38,000 = £228,000 a year,
  // 1,900,000p a month.
  const base = leverBase('2026-03', [
    aTeamPeriod({
      permanentFte: 30,
      agencyFte: 10,
      salaryPence: 4_000_000,
      onCostsPercent: 30,
      agencyRatePence: 40_000,
      agencyRatePer: 'day',
      agencyDaysPerYear: 225,
    }),
  ]);

  it('prices the premium from the latest month', () => {
    assert.equal(base.filledFte, 40);
    assert.equal(base.permanentCostPerFte, 5_200_000);
    assert.equal(base.agencyCostPerFte, 9_000_000);
    assert.equal(base.premiumPerFte, 3_800_000);
  });

  it('saves the premium on the posts moved, ramping in a straight line to the date', () => {
    // From 1 April 2026 to 30 September 2026: six months at 1/6, 2/6, ... 6/6 of the effect
    // (21/6 = 3.5 months' worth, 6,650,000p), then six at full effect (11,400,000p): 18,050,000p
    // (£180,500) in 2026/27, and 12 x 1,900,000 = 22,800,000p (£228,000) in 2027/28.
    const lever = { start: '2026-04-01', fromPercent: 25, toPercent: 10, by: '2026-09-30' };
    assert.equal(leverEffect(lever, '2026-03'), 0);
    close(leverEffect(lever, '2026-04'), 1 / 6);
    assert.equal(leverEffect(lever, '2026-09'), 1);
    const s = agencyLeverSavings(lever, base, monthsFrom('2026-03', 25));
    assert.deepEqual(
      s.years.map((y) => [y.yearLabel, y.savingPence]),
      [
        ['2025/26', 0],
        ['2026/27', 18_050_000],
        ['2027/28', 22_800_000],
      ],
    );
    close(s.months.find((m) => m.month === '2026-09')?.sharePercent ?? null, 10);
    close(s.months.find((m) => m.month === '2026-09')?.fteMoved ?? null, 6);
  });

  it('rounds the year once: a mid-month start', () => {
    // Worked by hand: starting 16 April 2026 and reaching 10% in April itself, April runs at
    // 15/30 = 1/2 of the effect: 950,000p; May to March at full effect, 11 x 1,900,000. With a
    // premium of 3,800,001p a month is 1,900,000.5p; the year is 11.5 x 1,900,000.5 = 21,850,005.75p,
    // rounded once to 21,850,006p.
    const dearer = { ...base, premiumPerFte: 3_800_001 };
    const s = agencyLeverSavings(
      { start: '2026-04-16', fromPercent: 25, toPercent: 10, by: '2026-04-30' },
      dearer,
      monthsFrom('2026-04', 12),
    );
    assert.deepEqual(
      s.years.map((y) => y.savingPence),
      [21_850_006],
    );
  });
});
