/**
 * `forecare workforce import|report` through the command line on a small council written into a
 * SQLite file: the import, a bad file refused whole naming row, column
 * and rule (nothing stored), and the report's JSON against figures worked by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeLoadResult } from '../../src/services/import.ts';
import { migrateToLatest, openDatabase } from '../../src/store/database.ts';
import { loadCaseData } from '../../src/store/caseData.repository.ts';
import { upsertCinRecords } from '../../src/store/cin.repository.ts';
import { aChild, anEpisode, aLoadResult } from '../store/caseBuilders.ts';
import { monthsFrom } from './builders.ts';
import { runForecare } from '../support/cli.ts';

const LA = '997';

const forecare = (args: string[]) => runForecare(args);

/**
 * A and B looked after from 1 January and 16 April 2025; C from 1 January to 30 June 2025. In the
 * CIN census (collection year 2026): D on a child protection plan from 1 May 2025, E a child in need
 * from 1 June 2025, and A (looked after, so counted there only) on a plan.
 */
async function seed(file: string): Promise<void> {
  const opened = openDatabase({ kind: 'sqlite', file });
  try {
    await migrateToLatest(opened.db);
    await writeLoadResult(
      opened.db,
      aLoadResult({
        year: 2026,
        children: [aChild({ childId: 'A' }), aChild({ childId: 'B' }), aChild({ childId: 'C', dob: '2013-07-01' })],
        episodes: [
          anEpisode({ childId: 'A', start: '2025-01-01' }),
          anEpisode({ childId: 'B', start: '2025-04-16' }),
          anEpisode({ childId: 'C', start: '2025-01-01', end: '2025-06-30', reasonEnded: 'E43' }),
        ],
      }),
      { laCode: LA, importedBy: 'test', now: new Date('2025-07-01T00:00:00Z'), pseudonymKey: new Uint8Array(32) },
    );
    // Stored ids are pseudonyms: the 903's stored id for A is what the census holds for A.
    const stored = await loadCaseData(opened.db, LA);
    const a = stored.episodes.find((e) => e.start === '2025-01-01' && e.end === null)?.childId as string;
    const episode = (childId: string, referralDate: string) => ({
      childId,
      referralDate,
      referralSource: '1A',
      primaryNeed: 'N1',
      closureDate: null,
      closureReason: null,
      referralNfa: false,
      initialCpcDate: null,
      sourceYear: 2026,
    });
    const plan = (childId: string, referralDate: string) => ({
      childId,
      referralDate,
      start: '2025-05-01',
      end: null,
      initialCategory: 'NEG',
      latestCategory: 'NEG',
      previousPlans: 0,
      sourceYear: 2026,
    });
    await upsertCinRecords(opened.db, LA, {
      children: [],
      episodes: [episode('D', '2025-04-20'), episode('E', '2025-06-01'), episode(a, '2025-04-20')],
      assessments: [],
      cinPlans: [],
      section47s: [],
      protectionPlans: [plan('D', '2025-04-20'), plan(a, '2025-04-20')],
    });
  } finally {
    await opened.close();
  }
}

const HEADER =
  'team,period,permanent_fte,agency_fte,vacancy_fte,leavers_fte,salary,on_costs_percent,agency_rate,agency_rate_per,agency_days_a_year,agency_hours_a_day,holds,target_caseload';

/**
 * July 2024 to June 2025. Children in care: 1.5 permanent, 0.5 agency at £400 a day for 225 days,
 * 0.5 vacant, 0.25 FTE leaving in September 2024 and March 2025; Assessment: 2 permanent. Both at
 * £40,000 with 30% on-costs.
 */
function workforceCsv(): string {
  const rows = monthsFrom('2024-07', 12).flatMap((m) => [
    `Children in care,${m},1.5,0.5,0.5,${m === '2024-09' || m === '2025-03' ? 0.25 : 0},40000,30,400,day,225,,looked_after,15`,
    `Assessment,${m},2,0,0,0,40000,30,,,,,child_in_need;child_protection,18`,
  ]);
  return `${[HEADER, ...rows].join('\n')}\n`;
}

test('forecare workforce import and report: figures worked by hand, a bad file refused whole', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-workforce-'));
  const db = path.join(dir, 'forecare.db');
  try {
    await seed(db);
    const good = path.join(dir, 'workforce.csv');
    writeFileSync(good, workforceCsv());
    const imported = forecare(['workforce', 'import', good, '--la', LA, '--db', db, '--json']);
    assert.equal(imported.status, 0, imported.stderr);
    assert.deepEqual(JSON.parse(imported.stdout), {
      file: 'workforce.csv',
      rows: 24,
      teams: 2,
      periods: monthsFrom('2024-07', 12),
    });

    // A bad row: nothing stored, the row, column and rule named.
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(
      bad,
      `${HEADER}\nChildren in care,2025-07,1.5,0.5,0.5,0,40000,30,400,day,225,,looked_after,15\nAssessment,2025-07,2,1,0,0,40000,30,,,,,child_in_need,18\n`,
    );
    const refused = forecare(['workforce', 'import', bad, '--la', LA, '--db', db]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /bad\.csv: 1 problem; nothing imported/);
    assert.match(
      refused.stderr,
      /bad\.csv, row 3, column agency_rate: the team has 1 agency FTE but no agency rate.*\(WORKFORCE-AGENCY-RATE\)/,
    );

    const report = forecare(['workforce', 'report', '--la', LA, '--db', db, '--json']);
    assert.equal(report.status, 0, report.stderr);
    const json = JSON.parse(report.stdout);
    // Still June 2025: the refused file stored nothing.
    assert.equal(json.asAt, '2025-06');
    const latest = json.latest;
    // Worked by hand at June 2025: 3.5 permanent, 0.5 agency, 0.5 vacant; 0.5 FTE left in the 12
    // months: turnover 0.5 / 3.5 = 14.29%; vacancy 0.5 / (0.5 + 3.5) = 12.5%; agency 0.5 / 4 = 12.5%.
    assert.deepEqual(
      [latest.permanentFte, latest.agencyFte, latest.vacancyFte, latest.leaversFte12Months],
      [3.5, 0.5, 0.5, 0.5],
    );
    assert.deepEqual([latest.turnover, latest.vacancy, latest.agency], [0.1429, 0.125, 0.125]);
    // Looked after on 30 June 2025: A and B (C's care ended that day). Children in care's 2 filled
    // FTE hold both: caseload 1. From the CIN census: D on a plan, E in need (A is looked after):
    // Assessment's 2 filled FTE hold the 2, caseload 1. The council: 4 cases over the 4 filled FTE
    // of its two case-holding teams, 1, against (2 x 15 + 2 x 18) / 4 = 16.5.
    assert.deepEqual(latest.cases, { lookedAfter: 2, childInNeed: 1, childProtection: 1, held: 4 });
    assert.deepEqual([latest.caseload, latest.targetCaseload], [1, 16.5]);
    assert.deepEqual(
      latest.teams.map((t: { team: string; caseload: number | null }) => [t.team, t.caseload]),
      [
        ['Assessment', 1],
        ['Children in care', 1],
      ],
    );
    assert.equal(json.cinCounted, true);
    // March 2025 is before the census's collection year (2026: April 2025 to March 2026): looked
    // after children alone, 2 over the 4 filled FTE.
    assert.equal(json.series.find((s: { month: string }) => s.month === '2025-03').caseload, 0.5);
    // Cost worked by hand: a permanent FTE is £40,000 x 1.3 = £52,000 a year, an agency FTE £400 x
    // 225 = £90,000. July 2024 to March 2025 is 9 months: permanent 3.5 x 52,000 x 9/12 = £136,500,
    // agency 0.5 x 90,000 x 9/12 = £33,750. April to June 2025: £45,500 and £11,250.
    assert.deepEqual(json.cost.byYear, [
      { year: '2024/25', permanent: 136500, agency: 33750, total: 170250 },
      { year: '2025/26', permanent: 45500, agency: 11250, total: 56750 },
    ]);
    // The lever's base: premium £90,000 - £52,000 = £38,000 an FTE a year, on 4 filled FTE.
    assert.deepEqual(json.agencyLever, {
      month: '2025-06',
      filledFte: 4,
      agencyFte: 0.5,
      permanentCostPerFte: 52000,
      agencyCostPerFte: 90000,
      premiumPerFte: 38000,
    });
    // FTE needed: Children in care holds every looked after child, at 15 a filled FTE; Assessment
    // the 2 CIN and CP cases, held at the latest count, at 18: 2 / 18 = 0.11 FTE. Establishment
    // 2.5 + 2 = 4.5, filled 4.
    assert.equal(json.fteNeeded.establishmentFte, 4.5);
    assert.equal(json.fteNeeded.filledFte, 4);
    assert.ok(json.fteNeeded.months.length > 0);
    for (const m of json.fteNeeded.months)
      assert.ok(Math.abs(m.central - ((m.cases - 2) / 15 + 2 / 18)) < 0.01, JSON.stringify(m));

    const text = forecare(['workforce', 'report', '--la', LA, '--db', db]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /Turnover 14\.3%, vacancy rate 12\.5%, agency rate 12\.5%/);
    assert.match(text.stdout, /2024\/25\s+£136,500\.00\s+£33,750\.00\s+£170,250\.00/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
