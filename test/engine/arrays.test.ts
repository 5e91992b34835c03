import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addTo, f64, i32, item, num, u8 } from '../../src/domain/engine/arrays.ts';

test('checked reads return the element and throw outside the array', () => {
  const a = Float64Array.of(1.5, 2.5);
  assert.equal(f64(a, 1), 2.5);
  assert.throws(() => f64(a, 2), /index 2 is outside an array of 2/);
  assert.throws(() => f64(a, -1), RangeError);
  assert.equal(i32(Int32Array.of(7), 0), 7);
  assert.throws(() => i32(new Int32Array(0), 0), RangeError);
  assert.equal(u8(Uint8Array.of(1, 0), 1), 0);
  assert.equal(num([3, 4], 1), 4);
  assert.throws(() => num([3, 4], 2), RangeError);
  assert.deepEqual(item([{ k: 1 }], 0), { k: 1 });
  assert.throws(() => item([{ k: 1 }], 1), RangeError);
});

test('addTo adds in place and refuses an index outside the array', () => {
  const a = new Float64Array(2);
  addTo(a, 1, 0.25);
  addTo(a, 1, 0.5);
  assert.deepEqual(Array.from(a), [0, 0.75]);
  assert.throws(() => addTo(a, 2, 1), RangeError);
});
