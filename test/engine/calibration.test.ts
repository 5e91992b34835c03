import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intervalScale, meanSquareZ, scaleAboutMean, spreadOf } from '../../src/domain/engine/calibration.ts';

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('meanSquareZ, worked by hand: errors over spreads, squared, averaged; no spread skipped', () => {
  // z = 4/2 = 2 and -3/3 = -1: (4 + 1) / 2 = 2.5; the third horizon has no spread and does not count.
  close(meanSquareZ({ errors: [4, -3, 100], spreads: [2, 3, 0] }) as number, 2.5);
  assert.equal(meanSquareZ({ errors: [1, 2], spreads: [0, 0] }), null);
  assert.equal(meanSquareZ({ errors: [], spreads: [] }), null);
});

test('intervalScale, worked by hand: origins shrunk towards 1 by the prior, then clamped', () => {
  const o1 = { errors: [4, -3], spreads: [2, 3] }; // mean square 2.5
  const o2 = { errors: [1, 1], spreads: [2, 2] }; // (0.25 + 0.25) / 2 = 0.25
  // No prior: sqrt((2.5 + 0.25) / 2) = sqrt(1.375)
  close(intervalScale([o1, o2], { priorOrigins: 0, min: 0, max: 10 }), Math.sqrt(1.375));
  // Prior of 2 origins at 1: sqrt((2.5 + 0.25 + 2) / 4) = sqrt(1.1875)
  close(intervalScale([o1, o2], { priorOrigins: 2, min: 0, max: 10 }), Math.sqrt(1.1875));
  // Clamped: one origin with z = 10 at every horizon, no prior: 10, clamped to 1.5; z = 0.1: to 0.75.
  assert.equal(intervalScale([{ errors: [10, 20], spreads: [1, 2] }], { priorOrigins: 0, min: 0.75, max: 1.5 }), 1.5);
  assert.equal(intervalScale([{ errors: [0.1], spreads: [1] }], { priorOrigins: 0, min: 0.75, max: 1.5 }), 0.75);
  // No evidence: 1, whatever the prior.
  assert.equal(intervalScale([]), 1);
  assert.equal(intervalScale([{ errors: [5], spreads: [0] }], { priorOrigins: 0, min: 0.5, max: 2 }), 1);
  // Default options (prior 2, 0.75-1.5): o1 alone, sqrt((2.5 + 2) / 3) = sqrt(1.5).
  close(intervalScale([o1]), Math.sqrt(1.5));
});

test('spreadOf and scaleAboutMean, worked by hand', () => {
  // Mean 4, deviations -2, 0, 2: variance (4 + 0 + 4) / 3.
  close(spreadOf(new Float64Array([2, 4, 6])), Math.sqrt(8 / 3));
  assert.equal(spreadOf(new Float64Array([7])), 0);
  // Scaled by 1.5 about the mean 4: 1, 4, 7; the mean is kept and the spread is 1.5 times.
  assert.deepEqual([...scaleAboutMean(new Float64Array([2, 4, 6]), 1.5)], [1, 4, 7]);
  close(spreadOf(scaleAboutMean(new Float64Array([2, 4, 6]), 1.5)), 1.5 * Math.sqrt(8 / 3));
});
