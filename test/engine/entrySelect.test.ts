/**
 * The entry model chosen by the council's own backtest (src/domain/engine/entrySelect.ts): the
 * truncation of periods of care, the origins, and the choice, worked by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDayNumber } from '../../src/domain/dates.ts';
import { periodsOfCare, truncateAt, truncatePeriodsAt } from '../../src/domain/engine/periods.ts';
import {
  chooseEntryModel,
  selectEntryModel,
  selectionOrigins,
  trendWeightOf,
} from '../../src/domain/engine/entrySelect.ts';
import { ENTRY_SELECT_OPTIONS } from '../../src/domain/engine/defaults.ts';
import { fitModelFromPeriods } from '../../src/domain/engine/project.ts';
import { shrinkSlope, weightedTrend } from '../../src/domain/engine/trend.ts';
import { demoCaseData } from './support/demoCaseData.ts';

const data = demoCaseData({ seed: 7, years: 6, endYear: 2025, childrenInCare: 150, annualGrowth: 0.02 });

test('truncatePeriodsAt gives the periods an extract taken that day would give', () => {
  const all = periodsOfCare(data).periods;
  for (const day of ['2021-03-31', '2022-10-15', '2023-06-30'] as const) {
    assert.deepEqual(truncatePeriodsAt(all, toDayNumber(day)), periodsOfCare(truncateAt(data, day)).periods, day);
  }
});

test('origins: every 6 months back from 12 months before the start, while 36 months of data lie before', () => {
  // Data complete from 1 April 2019; start 31 March 2024: origins 2023-03-31 (48 months of data before it),
  // 2022-09-30 (42), 2022-03-31 (36); 2021-09-30 has 30 and stops the list.
  const origins = selectionOrigins('2024-03-31', toDayNumber('2019-04-01'), ENTRY_SELECT_OPTIONS);
  assert.deepEqual(origins, ['2023-03-31', '2022-09-30', '2022-03-31']);
  // A start inside a month counts from the month end before it.
  assert.deepEqual(selectionOrigins('2024-04-15', toDayNumber('2019-04-01'), ENTRY_SELECT_OPTIONS), origins);
  assert.deepEqual(selectionOrigins('2024-03-31', null, ENTRY_SELECT_OPTIONS), []);
});

test("the choice: flat only when its error is below (1 - margin) times the trend's; a tie goes to the trend", () => {
  assert.equal(chooseEntryModel(4, 5, 0), 'flat');
  assert.equal(chooseEntryModel(5, 5, 0), 'trend');
  assert.equal(chooseEntryModel(6, 5, 0), 'trend');
  // Margin 0.1: flat needs an error below 4.5.
  assert.equal(chooseEntryModel(4.6, 5, 0.1), 'trend');
  assert.equal(chooseEntryModel(4.4, 5, 0.1), 'flat');
});

test('selectEntryModel: the errors are the mean absolute errors over the origins and months, and the fit uses the choice', () => {
  const all = periodsOfCare(truncateAt(data, '2025-03-31')).periods;
  const sel = selectEntryModel(all, { start: '2025-03-31', entrySelect: { origins: 2 } });
  assert.deepEqual(sel.origins, ['2024-03-31', '2023-09-30']);
  assert.ok(sel.flatError > 0 && sel.trendError > 0);
  assert.equal(sel.chosen, sel.flatError < sel.trendError ? 'flat' : 'trend');
  const model = fitModelFromPeriods(all, { start: '2025-03-31', entrySelect: { origins: 2 } });
  assert.equal(model.rates.entryModel, sel.chosen);
  assert.deepEqual(model.rates.entrySelection, sel);
  // Too little history: the entry model given is kept.
  const short = selectEntryModel(all, {
    start: '2025-03-31',
    entryModel: 'flat',
    entrySelect: { minHistoryMonths: 200 },
  });
  assert.deepEqual([short.chosen, short.origins.length], ['flat', 0]);
});

test("weights: the trend weighted by the flat model's share of the errors, its slope and season times w", () => {
  // Errors 30 (flat) and 10 (trend): w = 30 / 40 = 0.75.
  assert.equal(trendWeightOf(30, 10), 0.75);
  assert.equal(trendWeightOf(0, 0), 0.5);
  // Power 2 (inverse squared errors): 900 / (900 + 100) = 0.9.
  assert.equal(trendWeightOf(30, 10, 2), 0.9);
  const all = periodsOfCare(truncateAt(data, '2025-03-31')).periods;
  const plain = fitModelFromPeriods(all, { start: '2025-03-31' }).rates.trend;
  const half = weightedTrend(plain, 0.5);
  assert.equal(half.coef[0], plain.coef[0]); // the line's intercept is not used by the projection: kept
  assert.deepEqual(
    half.coef.slice(1),
    plain.coef.slice(1).map((c) => c * 0.5),
  );
  // cov[1][2] (index 6) times 0.5 · 0.5; cov[0][1] (index 1) times 1 · 0.5.
  assert.equal(half.cov[6], (plain.cov[6] as number) * 0.25);
  assert.equal(half.cov[1], (plain.cov[1] as number) * 0.5);
  assert.equal(half.percentPerYear, (Math.exp(12 * (half.coef[1] as number)) - 1) * 100);
  const model = fitModelFromPeriods(all, { start: '2025-03-31', entrySelect: { origins: 2, weight: true } });
  const sel = model.rates.entrySelection;
  assert.ok(sel !== undefined && sel.trendWeight !== undefined);
  assert.equal(sel.trendWeight, sel.flatError / (sel.flatError + sel.trendError));
  assert.equal(model.rates.entryModel, 'trend');
  assert.deepEqual(model.rates.trend.coef, weightedTrend(plain, sel.trendWeight).coef);
});

test('pretest of the slope: within z standard errors of 0 it is 0, else the empirical-Bayes shrinkage', () => {
  // b = 0.02 a month, se = 0.01 (cov[5] = 1e-4): z = 2. Shrinkage weight 1: factor 1 - 1e-4 / 4e-4 = 0.75.
  const cov = (): number[] => Array.from({ length: 16 }, (_, k) => (k === 5 ? 1e-4 : 0));
  assert.deepEqual(shrinkSlope(0.02, cov(), 1), { slope: 0.015, shrink: 0.75 });
  assert.deepEqual(shrinkSlope(0.02, cov(), 1, 1.5), { slope: 0.015, shrink: 0.75 });
  // z = 2 is not above 2: the slope is dropped.
  assert.deepEqual(shrinkSlope(0.02, cov(), 1, 2), { slope: 0, shrink: 0 });
  // Weight 0 (no shrinkage) above the pretest keeps the slope whole.
  assert.deepEqual(shrinkSlope(0.02, cov(), 0, 1.5), { slope: 0.02, shrink: 1 });
});
