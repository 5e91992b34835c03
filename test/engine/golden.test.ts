/**
 * Golden file: a small forecast summarised at fixed precision. Any change to the engine's numbers
 * shows up here as a diff to review. Regenerate deliberately with
 *   UPDATE_GOLDEN=1 node --test test/engine/golden.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fitModel, project } from '../../src/domain/engine/project.ts';
import { forecastMonthsJson } from '../../src/services/forecast.ts';
import { simulateCaseData } from './support/simulateCaseData.ts';

const GOLDEN = fileURLToPath(new URL('./golden/small-forecast.json', import.meta.url));

test('small forecast matches the golden file (2 decimal places)', () => {
  const data = simulateCaseData(
    {
      entriesPerDay: {
        0: { inhouse_fostering: 0.03 },
        2: { kinship_fostering: 0.03 },
        3: { ifa_fostering: 0.05, external_residential: 0.02 },
      },
      exitsPerDay: { return_home: 0.0008, sgo_cao: 0.0003 },
      exitsByCategory: { kinship_fostering: { sgo_cao: 0.001 } },
      transitionsPerDay: { inhouse_fostering: { ifa_fostering: 0.0005 } },
    },
    '2016-04-01',
    '2024-03-31',
    42,
  );
  const model = fitModel(data, { start: '2024-03-31', entryModel: 'flat' });
  const result = project(model, { months: 12, runs: 200, seed: 42 });
  const actual = `${JSON.stringify(forecastMonthsJson(result.simulated), null, 1)}\n`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) {
    writeFileSync(GOLDEN, actual);
    if (process.env.UPDATE_GOLDEN !== '1')
      assert.fail('golden file was missing and has been written: review and commit it');
  }
  assert.equal(actual, readFileSync(GOLDEN, 'utf8'));
});
