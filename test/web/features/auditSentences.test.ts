/**
 * The audit log in sentences (issue 15): each kind of entry as people read it, file paths cut to
 * file names, and the command line and Forecare itself named in words. Sentences written by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditSentence, shownDetail, who } from '../../../src/web/features/audit/sentences.ts';

const entry = (actor: string, action: string, detail: Record<string, unknown>) => ({ actor, action, detail });

test('entries as sentences for people', () => {
  const files = [2020, 2021, 2022, 2023, 2024].flatMap((year) => [
    { file: `episodes_${year}.csv`, table: 'episodes', year, rows: 900 },
    { file: `header_${year}.csv`, table: 'header', year, rows: 300 },
  ]);
  assert.equal(
    auditSentence(
      entry('sam.smith@council.gov.uk', 'import.completed', {
        source: 'web upload',
        files,
        children: 812,
        episodes: 3140,
      }),
    ),
    'sam.smith@council.gov.uk imported 5 years of returns by upload (812 children, 3,140 episodes).',
  );
  assert.equal(
    auditSentence(
      entry('cli:sam', 'import.completed', {
        source: 'cli',
        files: files.slice(0, 2),
        children: 1,
        episodes: 2,
        errors: 1,
        acceptedErrors: true,
      }),
    ),
    'sam (command line) imported 1 year of returns from the command line (1 child, 2 episodes), accepting 1 error.',
  );
  assert.equal(
    auditSentence(
      entry('a@b.test', 'scenario.adjustment_added', { scenario: 'Edge of care', adjustment: 2, kind: 'moveOnce' }),
    ),
    'a@b.test added adjustment 2 to the scenario “Edge of care”.',
  );
  assert.equal(
    auditSentence(entry('a@b.test', 'scenario.updated', { scenario: 'New', renamedFrom: 'Old' })),
    'a@b.test renamed the scenario “Old” to “New”.',
  );
  assert.equal(
    auditSentence(
      entry('a@b.test', 'costs.unit_cost_set', {
        category: 'external_residential',
        weeklyPounds: 5200,
        effectiveFrom: '2026-04-01',
      }),
    ),
    'a@b.test set the unit cost of external residential to £5,200 a week from 1 April 2026.',
  );
  assert.equal(
    auditSentence(entry('a@b.test', 'costs.inflation_set', { financialYear: '2026/27', percent: 3.5 })),
    'a@b.test set inflation for 2026/27 to 3.5%.',
  );
  assert.equal(
    auditSentence(
      entry('cli', 'monitoring.period_saved', { year: '2025/26', period: 'P11', forecastOutturnPounds: 18842997.93 }),
    ),
    'Someone at the command line saved budget monitoring for 2025/26 P11 (forecast outturn £18,842,998).',
  );
  assert.equal(auditSentence(entry('system', 'something.new_here', {})), 'Forecare did “something new here”.');
  assert.equal(who('cli'), 'Someone at the command line');
});

test('file paths in recorded details are cut to file names', () => {
  assert.deepEqual(
    shownDetail({
      files: [{ path: '/tmp/forecare-upload-x1/2024/episodes.csv', year: 2024 }],
      file: 'C:\\Users\\me\\budget.xlsx',
    }),
    { files: [{ file: 'episodes.csv', year: 2024 }], file: 'budget.xlsx' },
  );
});

test('the children in need census and monthly counts as sentences', () => {
  assert.equal(
    auditSentence(
      entry('sam@council.gov.uk', 'cin.import.completed', {
        source: 'web upload',
        years: [2024, 2025],
        read: { children: 1204, episodes: 1500 },
        errors: 2,
        acceptedErrors: true,
      }),
    ),
    'sam@council.gov.uk imported the children in need census for 2024, 2025 by upload (1,204 children), accepting 2 errors.',
  );
  assert.equal(
    auditSentence(entry('cli:sam', 'cin.import.failed', { source: 'cli', files: 2 })),
    'sam (command line) tried to import the children in need census from the command line: refused, nothing saved.',
  );
  assert.equal(
    auditSentence(
      entry('sam@council.gov.uk', 'cin.counts.imported', { months: 12, first: '2024-04', last: '2025-03' }),
    ),
    'sam@council.gov.uk imported monthly counts of contacts and early help (12 months, 2024-04 to 2025-03).',
  );
  assert.equal(
    auditSentence(entry('sam@council.gov.uk', 'cin.counts.set', { month: '2024-04', replaced: true })),
    'sam@council.gov.uk corrected the monthly counts for 2024-04.',
  );
  assert.equal(
    auditSentence(entry('sam@council.gov.uk', 'cin.counts.removed', { month: '2042-04' })),
    'sam@council.gov.uk removed the monthly counts for 2042-04.',
  );
});
