import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backtest,
  benchmarkForecasts,
  lookedAfterOn,
  rollingBacktest,
  absPctError,
} from '../../src/domain/engine/backtest.ts';
import { periodsOfCare } from '../../src/domain/engine/periods.ts';
import { backtestJson } from '../../src/services/backtest.ts';
import { simulateCaseData } from './support/simulateCaseData.ts';

const data = simulateCaseData(
  {
    entriesPerDay: { 2: { inhouse_fostering: 0.1 }, 3: { ifa_fostering: 0.15 } },
    exitsPerDay: { return_home: 0.001, sgo_cao: 0.0003 },
    transitionsPerDay: {},
  },
  '2016-04-01',
  '2024-03-31',
  3,
);

test('absolute percentage error, worked by hand', () => {
  assert.equal(absPctError(110, 100), 10);
  assert.equal(absPctError(90, 100), 10);
  assert.equal(absPctError(0, 0), 0);
  assert.equal(absPctError(5, 0), 100);
});

test('backtest: actuals come from the full data, the fit only from data up to the cutoff', () => {
  const r = backtest(data, { cutoff: '2022-03-31', months: 12, runs: 100, seed: 1 });
  assert.equal(r.horizons.length, 12);
  const full = periodsOfCare(data).periods;
  assert.equal(r.horizons[0]!.month, '2022-04');
  assert.equal(r.horizons[0]!.actual, lookedAfterOn(full, '2022-04-30'));
  assert.equal(r.horizons[11]!.actual, lookedAfterOn(full, '2023-03-31'));
  for (const h of r.horizons) {
    assert.equal(h.inside80, h.actual >= h.forecast.p10 && h.actual <= h.forecast.p90);
    assert.ok(h.forecast.p2_5 <= h.forecast.p10 && h.forecast.p90 <= h.forecast.p97_5);
    assert.ok(Number.isFinite(h.absPctError));
  }
  // Data after the cutoff cannot leak into the fit: changing it leaves the forecast unchanged.
  const altered = { ...data, episodes: data.episodes.filter((e) => e.start <= '2022-03-31') };
  const r2 = backtest(altered, { cutoff: '2022-03-31', months: 12, runs: 100, seed: 1 });
  assert.deepEqual(
    r2.horizons.map((h) => h.forecast),
    r.horizons.map((h) => h.forecast),
  );
  // On data simulated from constant rates the forecast is close.
  assert.ok(r.mape < 6, `MAPE ${r.mape}`);
});

test('rolling backtest pools cutoffs, saying after each cutoff (progress); JSON has the contract keys', () => {
  const heard: unknown[] = [];
  const r = rollingBacktest(data, ['2021-03-31', '2022-03-31'], { months: 6, runs: 60, seed: 2 }, (...a) =>
    heard.push(a),
  );
  assert.deepEqual(heard, [
    [1, 2, '2021-03-31'],
    [2, 2, '2022-03-31'],
  ]);
  assert.equal(r.cutoffs.length, 2);
  assert.equal(r.horizons.length, 12);
  assert.ok(Math.abs(r.mape - (r.cutoffs[0]!.mape + r.cutoffs[1]!.mape) / 2) < 1e-9);
  const j = backtestJson(r) as Record<string, unknown>;
  for (const k of ['horizons', 'mape', 'coverage80', 'coverage95']) assert.ok(k in j);
  const h = (j.horizons as Record<string, unknown>[])[0]!;
  for (const k of ['months', 'actual', 'forecast', 'absPctError', 'inside80', 'inside95']) assert.ok(k in h);
});

test('benchmarks: naive stays at the cutoff stock', () => {
  const b = benchmarkForecasts(data, '2022-03-31', 6);
  const stock = lookedAfterOn(periodsOfCare(data).periods, '2022-03-31');
  assert.deepEqual(b.naive, new Array(6).fill(stock));
  assert.equal(b.engine.length, 6);
  assert.equal(b.linear.length, 6);
});
