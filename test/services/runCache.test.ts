/** The service layer's one cache (src/services/runCache.ts): versions, least recently used, age, failures. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRunCache } from '../../src/services/runCache.ts';

test('a value is computed once per council, version and key; a newer version drops the older values', async () => {
  const cache = createRunCache<number>();
  let calls = 0;
  const compute = () => Promise.resolve(++calls);
  assert.equal(await cache.get('A', 1, 'k', compute), 1);
  assert.equal(await cache.get('A', 1, 'k', compute), 1);
  assert.equal(await cache.get('B', 1, 'k', compute), 2); // another council
  assert.equal(await cache.get('A', 2, 'k', compute), 3); // new data
  assert.equal(cache.has('A', 1, 'k'), false);
  assert.equal(cache.has('A', 2, 'k'), true);
  cache.clear('A');
  assert.equal(cache.has('A', 2, 'k'), false);
});

test('at most maxPerCouncil keys, the least recently used dropped first', async () => {
  const cache = createRunCache<string>({ maxPerCouncil: 2 });
  const value = (k: string) => () => Promise.resolve(k);
  await cache.get('A', 1, 'x', value('x'));
  await cache.get('A', 1, 'y', value('y'));
  await cache.get('A', 1, 'x', value('x')); // x used again: y is now the oldest
  await cache.get('A', 1, 'z', value('z'));
  assert.deepEqual(
    ['x', 'y', 'z'].map((k) => cache.has('A', 1, k)),
    [true, false, true],
  );
});

test('a failed computation is forgotten; with maxAgeMs a value is computed again once old', async () => {
  let t = 0;
  const cache = createRunCache<number>({ maxAgeMs: 2000, now: () => new Date(t) });
  await assert.rejects(
    cache.get('A', 0, 'k', () => Promise.reject(new Error('down'))),
    /down/,
  );
  assert.equal(cache.has('A', 0, 'k'), false);
  assert.equal(await cache.get('A', 0, 'k', () => Promise.resolve(1)), 1);
  t = 1999;
  assert.equal(await cache.get('A', 0, 'k', () => Promise.resolve(2)), 1);
  t = 2000;
  assert.equal(cache.has('A', 0, 'k'), false);
  assert.equal(await cache.get('A', 0, 'k', () => Promise.resolve(3)), 3);
});
