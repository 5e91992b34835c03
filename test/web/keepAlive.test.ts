/**
 * The route-test client and the app share one event loop, which the inline engine blocks for
 * seconds (a scenario comparison under load). A request after such a block must not meet a
 * connection the server drops as idle ("an empty scenario saves exactly nothing" failed once with
 * fetch failed: ECONNRESET). Reproduced with Node's defaults (keepAliveTimeout 5 s plus a 1 s
 * buffer): a loop blocked 6.5 s between two requests on one connection gives ECONNRESET.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { paths } from '../../src/web/paths.ts';
import { webTestbed, type Testbed } from './support.ts';

/** Blocks the event loop without using the CPU (as a long synchronous computation would block it). */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

let bed: Testbed;
before(async () => {
  bed = await webTestbed();
});
after(() => bed.close());

test('a request after the event loop was blocked longer than Node keeps idle connections succeeds', async () => {
  const client = bed.client();
  // Twice: whether the first block meets the race depends on when fetch's own idle timer ticks.
  for (let i = 0; i < 2; i++) {
    assert.equal((await client.get(paths.signIn.build())).status, 200);
    blockEventLoop(6_500);
    assert.equal((await client.get(paths.signIn.build())).status, 200);
  }
});
