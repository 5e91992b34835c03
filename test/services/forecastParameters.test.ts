/**
 * The forecast's parameters are defined once (src/services/forecastParameters.ts): the CLI and the
 * web read the same bounds and defaults, and both default starts come from one scan of the data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseData, Episode } from '../../src/domain/model.ts';
import {
  defaultForecastStart,
  ENTRY_MODEL,
  helpWithDefault,
  lastDataDate,
  MONTHS,
  readWholeNumber,
  REFERENCE_MONTHS,
  RUNS,
  SEED,
} from '../../src/services/forecastParameters.ts';
import { FORECAST_DEFAULTS, parseForecastParams, PARAM_LIMITS } from '../../src/services/forecast.service.ts';
import { DEFAULT_MONTHS, DEFAULT_RUNS } from '../../src/services/spend.ts';

test('each use keeps its default, read from one definition', () => {
  // The defaults before the definitions existed: engine 1,000; spend and the Forecast page 500;
  // `forecare backtest` 500; the page's backtest 200; 24 months of reference window; seed 1.
  assert.deepEqual(RUNS.defaults, { forecast: 1000, forecastPage: 500, spend: 500, backtest: 500, backtestPage: 200 });
  assert.deepEqual(MONTHS.defaults, { forecastPage: 36, spend: 60, backtestPage: 12 });
  assert.equal(REFERENCE_MONTHS.defaults.all, 24);
  assert.equal(SEED.defaults.all, 1);
  assert.equal(ENTRY_MODEL.default, 'trend');
  assert.deepEqual(FORECAST_DEFAULTS, { months: 36, referenceMonths: 24, runs: 500, seed: 1, entryModel: 'trend' });
  assert.equal(DEFAULT_RUNS, RUNS.defaults.spend);
  assert.equal(DEFAULT_MONTHS, MONTHS.defaults.spend);
  assert.deepEqual(PARAM_LIMITS.referenceMonths, REFERENCE_MONTHS.bounds);
  assert.equal(helpWithDefault(REFERENCE_MONTHS), 'months of history the rates are fitted over (default 24)');
  assert.equal(
    helpWithDefault(RUNS, 'forecast'),
    'Monte Carlo runs; runs × months at most 1,200,000 (about 0.8 GB) (default 1000)',
  );
});

test('the CLI and the web read a reference window with the same bounds', () => {
  assert.deepEqual(readWholeNumber(REFERENCE_MONTHS, '24', 'cli'), { ok: true, value: 24 });
  assert.deepEqual(readWholeNumber(REFERENCE_MONTHS, '24', 'web'), { ok: true, value: 24 });
  for (const text of ['5', '121', '12.5', 'ten', ''])
    for (const where of ['cli', 'web'] as const)
      assert.deepEqual(readWholeNumber(REFERENCE_MONTHS, text, where), {
        ok: false,
        rule: 'a whole number from 6 to 120',
      });
  // The page's message names the field's label with the same rule.
  assert.equal(
    parseForecastParams({ referenceMonths: '240' }).errors.referenceMonths,
    'Reference window must be a whole number from 6 to 120',
  );
});

test('runs: the web caps what a page may ask of the shared server; commas are allowed in a form', () => {
  assert.deepEqual(readWholeNumber(RUNS, '5000', 'cli'), { ok: true, value: 5000 });
  assert.deepEqual(readWholeNumber(RUNS, '5,000', 'web'), { ok: false, rule: 'a whole number from 50 to 2,000' });
  assert.deepEqual(readWholeNumber(RUNS, '1,500', 'web'), { ok: true, value: 1500 });
  assert.deepEqual(readWholeNumber(RUNS, '0', 'cli'), { ok: false, rule: 'a whole number from 1 to 100000' });
});

function episode(childId: string, start: string, end: string | null): Episode {
  return {
    childId,
    start,
    reasonNew: 'S',
    legalStatus: 'C2',
    needCode: 'N1',
    placement: 'U1',
    provider: 'PR1',
    end,
    reasonEnded: end === null ? null : 'E11',
    reasonPlaceChange: null,
  };
}

test('both default starts come from one scan: the last date, or the extract date ending its return year', () => {
  const data = {
    children: [],
    episodes: [
      episode('A', '2023-05-01', '2023-11-30'),
      episode('B', '2024-06-15', null),
      episode('C', '2022-01-01', '2024-04-20'),
    ],
  } as unknown as CaseData;
  // Latest date: B's start 2024-06-15 (later than C's end 2024-04-20); its return year ends 31 March 2025.
  assert.equal(lastDataDate(data), '2024-06-15');
  assert.equal(defaultForecastStart(data, 'lastDate'), '2024-06-15');
  assert.equal(defaultForecastStart(data, 'extract'), '2025-03-31');
  // A date on 31 March is the end of its own return year.
  const march = { children: [], episodes: [episode('A', '2020-01-01', '2024-03-31')] } as unknown as CaseData;
  assert.equal(defaultForecastStart(march, 'extract'), '2024-03-31');
  assert.equal(defaultForecastStart({ children: [], episodes: [] } as unknown as CaseData, 'extract'), null);
});
