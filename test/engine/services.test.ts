/** The JSON the forecast and rates commands print, from case data (no database). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastFromData, forecastMonthsJson } from '../../src/services/forecast.ts';
import { latestExtractDate, ratesFromData, ratesJson } from '../../src/services/rates.ts';
import { simulateCaseData } from './support/simulateCaseData.ts';

const data = simulateCaseData(
  {
    entriesPerDay: { 3: { inhouse_fostering: 0.1 } },
    exitsPerDay: { return_home: 0.001 },
    transitionsPerDay: { inhouse_fostering: { ifa_fostering: 0.0005 } },
  },
  '2018-04-01',
  '2024-03-31',
  8,
);

test('forecast JSON: months with total, byCategory and byAgeBand quantiles; byte-identical for a seed', () => {
  const run = (): string =>
    JSON.stringify(
      forecastMonthsJson(
        forecastFromData(data, { start: '2024-03-31', months: 6, runs: 100, seed: 5 }).result.simulated,
      ),
    );
  const a = run();
  assert.equal(a, run());
  const j = JSON.parse(a) as {
    months: {
      month: string;
      total: Record<string, number>;
      byCategory: Record<string, unknown>;
      byAgeBand: Record<string, unknown>;
    }[];
  };
  assert.equal(j.months.length, 6);
  assert.equal(j.months[0]!.month, '2024-04');
  assert.deepEqual(Object.keys(j.months[0]!.total), ['mean', 'p2_5', 'p10', 'p50', 'p90', 'p97_5']);
  assert.equal(Object.keys(j.months[0]!.byCategory).length, 10);
  assert.deepEqual(Object.keys(j.months[0]!.byAgeBand), ['under_1', '1_to_4', '5_to_9', '10_to_15', '16_plus']);
});

test('rates JSON: every listed rate is its events over its exposure', () => {
  assert.equal(latestExtractDate(data), '2024-03-31');
  const r = ratesFromData(data, {});
  const j = ratesJson('X', r) as {
    start: string;
    entries: { events: number; exposureDays: number; ratePerDay: number }[];
    exits: { ageBand: string; category: string; events: number; exposureDays: number; ratePerDay: number }[];
    transitions: { events: number; exposureDays: number; ratePerDay: number }[];
    exposure: { ageBand: string; category: string; childDays: number }[];
  };
  assert.equal(j.start, '2024-03-31');
  assert.ok(j.exits.length > 0 && j.transitions.length > 0 && j.entries.length > 0);
  for (const c of [...j.entries, ...j.exits, ...j.transitions]) {
    assert.ok(Math.abs(c.ratePerDay - c.events / c.exposureDays) <= 1e-5 * c.ratePerDay);
  }
  for (const x of j.exits) {
    const e = j.exposure.find((y) => y.ageBand === x.ageBand && y.category === x.category);
    assert.equal(e?.childDays, x.exposureDays);
  }
});
