import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { periodsOfCare } from '../../src/domain/engine/periods.ts';
import { RateBook, type UnitCost } from '../../src/domain/finance/unitCosts.ts';
import { DEFAULT_POST_CARE, type PostCareSettings } from '../../src/domain/finance/postCare.ts';
import type { CaseData } from '../../src/domain/model.ts';
import { projectSaving } from '../../src/domain/permanence/saving.ts';
import {
  monthsBetween,
  plannedRouteOfRec,
  projectPeriods,
  trackerReport,
} from '../../src/domain/permanence/tracker.ts';
import { WORKED_CHILDREN, WORKED_COHORT, WORKED_EPISODES } from './council.ts';

/* The council and cohort of ./council.ts. Looked after at the start of April 2025 (open on 31 March 2025):
 * A, B, C, D, E = 5. Apr 5 +0 -0 = 5; May 5 +1 (F) = 6; Jun 6; Jul 6 -1 (B) = 5; Aug 5 -1 (A) = 4; Sep 4;
 * Oct 4 -1 (F) = 3; Nov 2025 - Mar 2026: 3. Apr - Jun 2026: after the returns (null).
 */
const data: CaseData = { children: WORKED_CHILDREN, episodes: WORKED_EPISODES };
const cohort = WORKED_COHORT;

const periods = periodsOfCare(data).periods;

describe('permanence tracker', () => {
  it('groups REC codes as issue 11 names them', () => {
    assert.equal(plannedRouteOfRec('E4A'), 'return_home');
    assert.equal(plannedRouteOfRec('E4B'), 'return_home');
    for (const rec of ['E41', 'E43', 'E44', 'E45', 'E46', 'E47', 'E48'])
      assert.equal(plannedRouteOfRec(rec), 'sgo_cao');
    assert.equal(plannedRouteOfRec('E11'), 'adoption');
    assert.equal(plannedRouteOfRec('E12'), 'adoption');
    for (const rec of ['E13', 'E15', 'E2', 'E3', 'E42', 'E8']) assert.equal(plannedRouteOfRec(rec), 'other');
  });

  it('finds each child’s outcome from the returns, without typing', () => {
    const report = trackerReport(cohort, periods, '2025-04-01', '2026-03-31');
    const byId = Object.fromEntries(report.children.map((c) => [c.childId, c]));
    assert.equal(byId.A?.outcome, 'achieved');
    assert.equal(byId.A?.exitDate, '2025-08-15');
    assert.equal(byId.B?.outcome, 'other_route');
    assert.equal(byId.B?.exitRoute, 'sgo_cao');
    assert.equal(byId.C?.outcome, 'out_of_scope');
    assert.equal(byId.D?.outcome, 'overdue');
    assert.equal(byId.E?.outcome, 'in_care');
    assert.deepEqual(report.counts, { inScope: 4, outOfScope: 1, achieved: 1, otherRoute: 1, overdue: 1 });
  });

  it('a child is overdue only once the planned month has passed', () => {
    const d = cohort[3];
    assert.ok(d);
    assert.equal(trackerReport([d], periods, '2025-04-01', '2025-12-31').children[0]?.outcome, 'in_care');
    assert.equal(trackerReport([d], periods, '2025-04-01', '2026-01-01').children[0]?.outcome, 'overdue');
  });

  it('the looked after path adds up month by month: start + admissions - discharges = end', () => {
    const report = trackerReport(cohort, periods, '2025-04-01', '2026-03-31');
    assert.deepEqual(
      report.months.map((m) => m.month),
      monthsBetween('2025-04', '2026-06'),
    );
    const path = report.months.map((m) => [m.lookedAfterStart, m.admissions, m.discharges, m.lookedAfterEnd]);
    assert.deepEqual(path, [
      [5, 0, 0, 5], // Apr 2025
      [5, 1, 0, 6], // May: F
      [6, 0, 0, 6],
      [6, 0, 1, 5], // Jul: B
      [5, 0, 1, 4], // Aug: A
      [4, 0, 0, 4],
      [4, 0, 1, 3], // Oct: F
      [3, 0, 0, 3],
      [3, 0, 0, 3],
      [3, 0, 0, 3],
      [3, 0, 0, 3],
      [3, 0, 0, 3], // Mar 2026
      [null, null, null, null], // after the returns
      [null, null, null, null],
      [null, null, null, null],
    ]);
    const byMonth = Object.fromEntries(report.months.map((m) => [m.month, m]));
    assert.equal(byMonth['2025-06']?.planned, 1); // B
    assert.equal(byMonth['2025-09']?.planned, 1); // A
    assert.equal(byMonth['2025-12']?.planned, 1); // D (C is out of scope)
    assert.equal(byMonth['2026-06']?.planned, 1); // E
    assert.equal(byMonth['2025-08']?.achieved, 1); // A, a month early
    assert.equal(byMonth['2025-07']?.otherRoute, 1); // B
    assert.equal(byMonth['2026-06']?.cumulativePlanned, 4);
    assert.equal(byMonth['2026-03']?.cumulativeAchieved, 1);
  });

  it('a child who left before the project started is not the project’s', () => {
    const own = projectPeriods(periods, '2025-04-01');
    assert.equal(own.has('G'), false);
    assert.equal(own.has('F'), false); // entered after the start
    assert.deepEqual([...own.keys()].sort(), ['A', 'B', 'C', 'D', 'E']);
  });

  /*
   * Saving, no inflation; kinship fostering £350 a week, in-house fostering £650 (council prices);
   * A's own price £400 a week; SGO allowance £168 a week with take-up 50% = £84.00 a week. Horizon
   * 31 March 2027 (the 31 March after E's planned month, June 2026).
   *   A achieved: net £400 - £84 = £316 a week. So far: 15 Aug 2025 - 31 Mar 2026 = 17+30+31+30+31+31+28+31
   *     = 229 days: 31,600 x 229 / 7 = 1,033,771.43p -> £10,337.71. To come: 1 Apr 2026 - 31 Mar 2027,
   *     365 days: 31,600 x 365 / 7 = 1,647,714.29p -> £16,477.14.
   *   D overdue (return home, no allowance): £650 a week from 1 Apr 2026 to 31 Mar 2027: 65,000 x 365 / 7
   *     = 3,389,285.71p -> £33,892.86.
   *   E in care (SGO in June 2026): net £350 - £84 = £266 a week (£38 a day) from 1 Jun 2026 to the day
   *     before his 18th birthday, 14 Jan 2027: 30+31+31+30+31+30+31+14 = 228 days x 3,800p = £8,664.00.
   *   B (another route) and C (out of scope) save nothing here.
   *   To come if the plan is met: £33,892.86 + £8,664.00 = £42,556.86.
   */
  it('saving: each child’s own price, else the unit cost, net of the allowance that follows, to 18', () => {
    const unitCosts: UnitCost[] = [
      {
        category: 'kinship_fostering',
        placeCode: null,
        weeklyPence: 35_000,
        effectiveFrom: '1900-01-01',
        priceYear: 2024,
        source: 'test',
      },
      {
        category: 'inhouse_fostering',
        placeCode: null,
        weeklyPence: 65_000,
        effectiveFrom: '1900-01-01',
        priceYear: 2024,
        source: 'test',
      },
    ];
    const book = new RateBook({ unitCosts, inflation: { rates: {}, defaultRate: 0 }, priceBase: 'cash' });
    const postCare: PostCareSettings = {
      ...DEFAULT_POST_CARE,
      sgo_cao_allowance: { ...DEFAULT_POST_CARE.sgo_cao_allowance, weeklyPence: 16_800, priceYear: 2024, takeUp: 0.5 },
    };
    const report = trackerReport(cohort, periods, '2025-04-01', '2026-03-31');
    const saving = projectSaving({
      progress: report.children,
      periods: projectPeriods(periods, '2025-04-01'),
      childCosts: [{ childId: 'A', provider: null, start: '2024-05-01', end: '2025-08-15', weeklyPence: 40_000 }],
      book,
      postCare,
      asAt: '2026-03-31',
      horizon: '2027-03-31',
    });
    assert.equal(saving.soFarPence, 1_033_771);
    assert.equal(saving.toComeAchievedPence, 1_647_714);
    assert.equal(saving.toComePlannedPence, 3_389_286 + 866_400);
    const byId = Object.fromEntries(saving.children.map((c) => [c.childId, c]));
    assert.equal(byId.A?.priceBasis, 'child_level');
    assert.equal(byId.A?.allowanceWeeklyPence, 8_400);
    assert.equal(byId.D?.priceBasis, 'unit_cost');
    assert.equal(byId.D?.placementWeeklyPence, 65_000);
    assert.equal(byId.E?.toComePence, 866_400);
    assert.equal(byId.B, undefined);
    assert.equal(byId.C, undefined);
    assert.deepEqual(saving.toComeByYear, [
      { year: 2026, achievedPence: 1_647_714, plannedPence: 3_389_286 + 866_400 },
    ]);

    /*
     * To 31 March 2028, by financial year: 2026/27 as above; 2027/28 has 366 days (29 February 2028):
     *   A: 31,600 x 366 / 7 = 1,652,228.57p -> £16,522.29; D: 65,000 x 366 / 7 = 3,398,571.43p -> £33,985.71;
     *   E: 18 on 15 January 2027, nothing after (the SGO allowance also ends at 18).
     */
    const twoYears = projectSaving({
      progress: report.children,
      periods: projectPeriods(periods, '2025-04-01'),
      childCosts: [{ childId: 'A', provider: null, start: '2024-05-01', end: '2025-08-15', weeklyPence: 40_000 }],
      book,
      postCare,
      asAt: '2026-03-31',
      horizon: '2028-03-31',
    });
    assert.deepEqual(twoYears.toComeByYear, [
      { year: 2026, achievedPence: 1_647_714, plannedPence: 4_255_686 },
      { year: 2027, achievedPence: 1_652_229, plannedPence: 3_398_571 },
    ]);
    assert.equal(twoYears.toComeAchievedPence, 3_299_943); // 31,600 x 731 / 7 = 3,299,942.86p
  });
});
