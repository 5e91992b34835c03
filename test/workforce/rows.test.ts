import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatWorkforceProblem, parsePeriod, parseWorkforceRows } from '../../src/domain/workforce/rows.ts';
import { periodLabel } from '../../src/domain/workforce/model.ts';

const HEADER =
  'team,period,permanent_fte,agency_fte,vacancy_fte,leavers_fte,salary,on_costs_percent,agency_rate,agency_rate_per,agency_days_a_year,agency_hours_a_day,holds,target_caseload';

function table(lines: string[]) {
  return [HEADER, ...lines].map((l, i) => ({ row: i + 1, fields: l.split(',') }));
}

describe('reading workforce rows', () => {
  it('reads months and quarters, money in pence, the rate and what a team holds', () => {
    const r = parseWorkforceRows(
      'w.csv',
      table([
        'Children in care 1,2026-04,10.5,2.4,3,0.5,"42000",28.5,410,day,220,,looked_after;child_protection,18',
        'Fostering,2026-04,4,0,0,0,£38000.50,27%,,,,,none,',
        'Assessment,2026-04,6,1,0,0,40000,28,45.50,hour,225,7.4,CIN,20',
      ]).map((r) => ({ ...r, fields: r.fields.map((f) => f.replace(/"/g, '')) })),
    );
    assert.deepEqual(r.problems, []);
    const [a, b, c] = r.periods;
    assert.equal(a?.salaryPence, 4_200_000);
    assert.equal(a?.agencyRatePence, 41_000);
    assert.deepEqual(a?.holds, ['looked_after', 'child_protection']);
    assert.equal(b?.salaryPence, 3_800_050);
    assert.equal(b?.onCostsPercent, 27);
    assert.deepEqual(b?.holds, []);
    assert.equal(b?.targetCaseload, null);
    assert.equal(c?.agencyRatePer, 'hour');
    assert.equal(c?.agencyHoursPerDay, 7.4);
    assert.deepEqual(c?.holds, ['child_in_need']);
  });

  it('reads financial quarters as their three months', () => {
    assert.deepEqual(parsePeriod('2026/27 Q1'), { start: '2026-04', months: 3 });
    assert.deepEqual(parsePeriod('2026/27 q4'), { start: '2027-01', months: 3 });
    assert.deepEqual(parsePeriod('2026-04-30'), { start: '2026-04', months: 1 });
    assert.equal(parsePeriod('2026/28 Q1'), null);
    assert.equal(parsePeriod('2026-13'), null);
    assert.equal(periodLabel({ periodStart: '2027-01', periodMonths: 3 }), '2026/27 Q4');
  });

  it('names the row, column and rule of every problem', () => {
    const r = parseWorkforceRows(
      'w.csv',
      table([
        ',2026-04,-1,2,0,0,0,150,,,,,looked_after,',
        'A,2026-04,1,0,0,0,40000,28,410,week,,,foster,',
        'C,2026-04,1,0,0,0,40000,28,,,,,,',
        'c,2026-04,1,0,0,0,40000,28,,,,,,',
        'B,2026/27 Q1,1,0,0,0,40000,28,,,,,,',
      ]),
    );
    assert.deepEqual(
      r.problems.map((p) => [p.row, p.column, p.rule]),
      [
        [2, 'team', 'WORKFORCE-TEAM'],
        [2, 'permanent_fte', 'WORKFORCE-FTE'],
        [2, 'salary', 'WORKFORCE-SALARY'],
        [2, 'on_costs_percent', 'WORKFORCE-ON-COSTS'],
        [2, 'agency_rate', 'WORKFORCE-AGENCY-RATE'],
        [2, 'target_caseload', 'WORKFORCE-CASELOAD'],
        [3, 'agency_rate_per', 'WORKFORCE-AGENCY-RATE'],
        [3, 'agency_days_a_year', 'WORKFORCE-AGENCY-TIME'],
        [3, 'holds', 'WORKFORCE-HOLDS'],
        [5, 'team', 'WORKFORCE-DUPLICATE'],
        [6, 'period', 'WORKFORCE-PERIODS-MIXED'],
      ],
    );
    assert.equal(
      formatWorkforceProblem(r.problems[1]!),
      'w.csv, row 2, column permanent_fte: "-1" is not permanent social workers in post (a number of FTE from 0 to 10,000, e.g. 12.5). (WORKFORCE-FTE)',
    );
    assert.match(r.problems[10]!.message, /2026\/27 Q1 is a quarter but row 4 is a month/);
  });

  it('refuses a file without its columns', () => {
    const r = parseWorkforceRows('w.csv', [
      { row: 1, fields: ['team', 'period'] },
      { row: 2, fields: ['A', '2026-04'] },
    ]);
    assert.deepEqual(
      r.problems.map((p) => p.column),
      ['permanent_fte', 'agency_fte', 'vacancy_fte', 'leavers_fte', 'salary', 'on_costs_percent'],
    );
    assert.equal(r.periods.length, 0);
  });
});
