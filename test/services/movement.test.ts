/**
 * The forecast's movement (issue 13): year by year, children at the start + entries - leaving
 * before 18 - turning 18 = children at the end, on the expected path; the reference window's flows a
 * year beside them. Council: generated day by day by test/engine/support/simulateCaseData.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forecastFromData, forecastMovement, movementLines } from '../../src/services/forecast.ts';
import { simulateCaseData } from '../engine/support/simulateCaseData.ts';

const data = simulateCaseData(
  {
    entriesPerDay: { 3: { inhouse_fostering: 0.1 }, 4: { supported_accommodation: 0.05 } },
    exitsPerDay: { return_home: 0.001 },
    transitionsPerDay: {},
  },
  '2016-04-01',
  '2024-03-31',
  5,
);

test('movement: start + entries - leaving before 18 - turning 18 = end, each year; the window a year beside it', () => {
  const outcome = forecastFromData(data, { start: '2024-03-31', months: 30, method: 'expected' });
  const mv = forecastMovement(outcome.result.expected, outcome.models);
  const model = outcome.models[0]!;
  assert.deepEqual(
    mv.years.map((y) => y.to),
    ['2025-03', '2026-03', '2026-09'],
  );
  assert.equal(mv.years[0]!.start, model.population.children.length);
  for (const [i, y] of mv.years.entries()) {
    // Each figure is rounded to 0.1, so the identity holds to 0.2.
    assert.ok(Math.abs(y.start + y.entries - y.leavingBefore18 - y.turning18 - y.end) <= 0.2, `year ${i + 1}`);
    if (i > 0) assert.equal(y.start, mv.years[i - 1]!.end);
    assert.ok(y.turning18 > 0 && y.entries > 0 && y.leavingBefore18 > 0);
  }
  // The window's flows a year: events over the window's days x 365.25 (exits over the exit window's:
  // this council's exits are stable, so it is 12 months longer, DEFAULT_EXIT_POOL_MONTHS).
  const r = model.rates;
  assert.ok(r.exitReferenceDays > r.referenceDays);
  const perYear = 365.25 / r.referenceDays;
  const sum = (cells: readonly { events: number }[]) => cells.reduce((s, c) => s + c.events, 0);
  assert.equal(mv.referenceWindow.entries, Math.round(sum(r.entries) * perYear * 10) / 10);
  assert.equal(
    mv.referenceWindow.leavingBefore18,
    Math.round(((sum(r.exits) * 365.25) / r.exitReferenceDays) * 10) / 10,
  );
  assert.equal(mv.referenceWindow.turning18, Math.round(r.agedOut * perYear * 10) / 10);
  const lines = movementLines(mv);
  assert.match(lines[0]!, /Why the forecast moves/);
  assert.equal(lines.filter((l) => l.startsWith('  year to ')).length, 3);
});
