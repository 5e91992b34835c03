import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appraiseProgramme } from '../../src/domain/programme/appraisal.ts';
import { checkStatedTotals, classifyTotal } from '../../src/domain/programme/checks.ts';
import { poundsToPence } from '../../src/domain/programme/money.ts';
import { aProgramme, anInitiative } from './builders.ts';

// Three initiatives, one plan year, shown in £000s. Gross savings £10,400, £20,400 and £30,400 are
// shown as 10, 20 and 30; they add to £61,200, which rounds to 61.
const programmeWith = (statedGross: number) =>
  aProgramme({
    unit: 'thousands',
    planYears: 1,
    initiatives: [10_400, 20_400, 30_400].map((g, i) =>
      anInitiative({ id: `i${i + 1}`, lines: [{ year: 2025, grossSaving: g }] }),
    ),
    statedTotals: { byYear: [{ year: 2025, totals: { grossSaving: poundsToPence(statedGross) } }], total: {} },
  });

test('a stated total equal to the rounded computed total is not reported', () => {
  const p = programmeWith(61_000);
  assert.deepEqual(checkStatedTotals(p, appraiseProgramme(p)), []);
});

test('a total wrong by 1 (in £000s) after rounding is flagged as rounding', () => {
  // Stated 60 (the sum of the rounded lines 10 + 20 + 30) against computed 61.2: off by 1.2,
  // within 3 lines x 0.5 = 1.5, so rounding.
  const p = programmeWith(60_000);
  const [f, ...rest] = checkStatedTotals(p, appraiseProgramme(p));
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'rounding');
  assert.equal(f?.where, 'column 2025/26 / gross saving');
  assert.equal(f?.stated, 6_000_000);
  assert.equal(f?.computed, 6_120_000);
  assert.equal(f?.difference, -120_000);
  assert.match(f?.message ?? '', /stated 60 but the lines add to 61/);
});

test('a total wrong by 40 (in £000s) is flagged as an error', () => {
  // Stated 101 against computed 61.2: off by 39.8, far beyond 1.5.
  const p = programmeWith(101_000);
  const [f] = checkStatedTotals(p, appraiseProgramme(p));
  assert.equal(f?.severity, 'error');
  assert.equal(f?.difference, 3_980_000);
});

test('row and grand totals are checked, savings in the stated profile', () => {
  // One initiative entered cumulative 100k, 250k, 300k over three years; stated rows are incremental
  // (100k + 150k + 50k = 300k). Investment 200k in year one.
  const ini = anInitiative({
    id: 'step-down',
    profile: 'cumulative',
    lines: [
      { year: 2025, grossSaving: 100_000, investment: 200_000 },
      { year: 2026, grossSaving: 250_000 },
      { year: 2027, grossSaving: 300_000 },
    ],
    statedTotals: { grossSaving: poundsToPence(300_000), investment: poundsToPence(240_000) },
  });
  const p = aProgramme({
    planYears: 3,
    initiatives: [ini],
    statedTotals: { byYear: [], total: { grossSaving: poundsToPence(650_000), netSaving: poundsToPence(300_000) } },
  });
  const findings = checkStatedTotals(p, appraiseProgramme(p));
  assert.deepEqual(
    findings.map((f) => [f.where, f.severity, f.difference / 100]),
    [
      ['row step-down / investment', 'error', 40_000],
      // 650k is the cumulative sum (100 + 250 + 300), but totals are stated incremental: 300k.
      ['grand total / gross saving', 'error', 350_000],
    ],
  );
  // The same stated grand total agrees when the programme says its totals are cumulative.
  const cumulative = {
    ...p,
    initiatives: [{ ...ini, statedTotals: {} }],
    statedProfile: 'cumulative' as const,
    statedTotals: { byYear: [], total: { grossSaving: poundsToPence(650_000) } },
  };
  assert.deepEqual(checkStatedTotals(cumulative, appraiseProgramme(cumulative)), []);
});

test('classifyTotal: tolerance grows with the lines summed; £m shows to the £000', () => {
  // In £m the increment is £1,000 (0.001m): 4 lines allow £2,000.
  assert.equal(classifyTotal(100_000_000, 100_180_000, 4, 'millions'), 'rounding');
  assert.equal(classifyTotal(100_000_000, 100_250_000, 4, 'millions'), 'error');
  assert.equal(classifyTotal(100_000_000, 100_040_000, 4, 'millions'), null);
});
