/**
 * Checked reads and updates of the engine's typed arrays. Under `noUncheckedIndexedAccess` an
 * element read `a[i]` has type `number | undefined`; these return the number and throw a RangeError
 * when the index is outside the array (a bug in the caller), instead of an unchecked `as number` or
 * `!`. One function per array type keeps every call monomorphic, so V8 inlines them and the check
 * costs nothing measurable (bench/engine.bench.ts).
 */

function outside(i: number, length: number): RangeError {
  return new RangeError(`index ${i} is outside an array of ${length}`);
}

/** a[i] of a Float64Array. */
export function f64(a: Float64Array, i: number): number {
  const v = a[i];
  if (v === undefined) throw outside(i, a.length);
  return v;
}

/** a[i] of an Int32Array. */
export function i32(a: Int32Array, i: number): number {
  const v = a[i];
  if (v === undefined) throw outside(i, a.length);
  return v;
}

/** a[i] of a Uint8Array. */
export function u8(a: Uint8Array, i: number): number {
  const v = a[i];
  if (v === undefined) throw outside(i, a.length);
  return v;
}

/** a[i] of a plain array of numbers. */
export function num(a: readonly number[], i: number): number {
  const v = a[i];
  if (v === undefined) throw outside(i, a.length);
  return v;
}

/** a[i] of a plain array of objects (or anything that is never undefined). */
export function item<T>(a: readonly T[], i: number): T {
  const v = a[i];
  if (v === undefined) throw outside(i, a.length);
  return v;
}

/** a[i] += v on a Float64Array. */
export function addTo(a: Float64Array, i: number, v: number): void {
  a[i] = f64(a, i) + v;
}
