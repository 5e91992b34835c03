/**
 * `forecare funnel` (issue 12): the fixture worked by hand in test/funnel/funnel.test.ts, stored
 * as after real imports (903 and CIN census linked by pseudonym), through the command line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase } from '../../src/store/database.ts';
import { storeFixture } from '../funnel/cinFixture.ts';
import { runForecare } from '../support/cli.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');

function forecare(args: string[]) {
  return runForecare(args, { env: { FORECARE_PSEUDONYM_KEY: KEY.toString('base64') } });
}

test('forecare funnel --json by month and by year, with rates per 10,000', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-funnel-'));
  const db = path.join(dir, 'forecare.db');
  try {
    const opened = openDatabase({ kind: 'sqlite', file: db });
    await migrateToLatest(opened.db);
    await storeFixture(opened.db, '301', KEY);
    await opened.close();

    const months = forecare([
      'funnel',
      '--la',
      '301',
      '--from',
      '2025-04-01',
      '--to',
      '2025-06-30',
      '--db',
      db,
      '--json',
    ]);
    assert.equal(months.status, 0, months.stderr);
    const m = JSON.parse(months.stdout);
    assert.deepEqual(
      m.periods.map((p: { period: string; counts: unknown }) => [p.period, p.counts]),
      [
        ['2025-04', { contacts: 100, referrals: 2, assessments: 2, section47s: 1, icpcs: 1, cpPlans: 1, entries: 1 }],
        ['2025-05', { contacts: 80, referrals: 2, assessments: 1, section47s: 2, icpcs: 1, cpPlans: 1, entries: 1 }],
        ['2025-06', { contacts: null, referrals: 0, assessments: 0, section47s: 0, icpcs: 0, cpPlans: 0, entries: 2 }],
      ],
    );
    assert.equal(m.periods[0].conversions.referrals, 0.02);
    // April to June: P1 after a plan, P3 after a CIN episode, P5 neither, P6 UASC.
    assert.deepEqual(m.entriesByRoute, { cpPlan: 1, cinEpisode: 1, neither: 1, uasc: 1 });

    assert.equal(
      forecare(['benchmarks', 'population', '--la', '301', '--year', '2026', '--children', '4000', '--db', db]).status,
      0,
    );
    const years = forecare([
      'funnel',
      '--la',
      '301',
      '--from',
      '2025-04-01',
      '--to',
      '2026-03-31',
      '--by',
      'year',
      '--db',
      db,
      '--json',
    ]);
    assert.equal(years.status, 0, years.stderr);
    const y = JSON.parse(years.stdout);
    // Worked by hand, year ending March 2026, 4,000 children: referrals 5 -> 12.5 per 10,000;
    // s47 3 -> 7.5; ICPCs 2 -> 5; plans 2 -> 5; entries 4 -> 10.
    assert.deepEqual(y.rates, [
      { referrals: 12.5, section47s: 7.5, icpcs: 5, cpPlans: 5, entries: 10, population: 4000 },
    ]);
    assert.deepEqual(y.reReferrals, { referrals: 5, within12Months: 1 });

    const text = forecare(['funnel', '--la', '301', '--from', '2025-04-01', '--to', '2025-06-30', '--db', db]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /2025-04\s+100\s+2\s+2\s+1\s+1\s+1\s+1/);
    assert.match(
      text.stdout,
      /Entries to care: after a CP plan 1, after a CIN episode without a plan 1, neither 1, UASC 1/,
    );

    const ind = JSON.parse(forecare(['indicators', '--la', '301', '--year', '2026', '--db', db, '--json']).stdout);
    const byId = new Map(ind.indicators.map((i: { id: string; value: number | null }) => [i.id, i.value]));
    // Assessments: 2 of 3 within 45 working days (England's bank holidays from the calendar); 1 of 5
    // re-referred; referrals 5 x 10,000 / 4,000 = 12.5; 1 on a plan on 31 March -> 2.5.
    assert.equal((byId.get('assessment_45_days_pct') as number).toFixed(4), '66.6667');
    assert.equal(byId.get('rereferral_pct'), 20);
    assert.equal(byId.get('referral_rate'), 12.5);
    assert.equal(byId.get('cp_plan_rate'), 2.5);
    assert.equal(byId.get('cp_repeat_pct'), 50);
    assert.equal(byId.get('cp_2years_pct'), 50);

    const bad = forecare(['funnel', '--la', '301', '--from', '2025-13-01', '--db', db]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--from: Enter the date as YYYY-MM-DD/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
