/**
 * Logs: JSON lines for machines (production, or stderr not a terminal), pretty lines for a person
 * on a terminal; the per-request line at the level it is given, so a terminal (debug) is not
 * flooded with one line per request while JSON logs (info) keep them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { Request, Response } from 'express';
import { pino } from 'pino';
import { logFormat } from '../../src/logger.ts';
import { requestLogging } from '../../src/web/middleware/requestLogging.ts';

test('log format: pretty on a terminal, JSON in production, in a pipe or when asked', () => {
  assert.equal(logFormat({}, true), 'pretty');
  assert.equal(logFormat({}, false), 'json');
  assert.equal(logFormat({ NODE_ENV: 'production' }, true), 'json');
  assert.equal(logFormat({ LOG_FORMAT: 'json' }, true), 'json');
  assert.equal(logFormat({ LOG_FORMAT: 'pretty', NODE_ENV: 'production' }, false), 'pretty');
});

function requestThrough(level: 'info' | 'debug', loggerLevel: string): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const handler = requestLogging(pino({ level: loggerLevel }, sink), level);
  const res = Object.assign(new EventEmitter(), { statusCode: 200 });
  let nextCalled = false;
  handler({ id: 'r1', method: 'GET', path: '/sign-in' } as unknown as Request, res as unknown as Response, () => {
    nextCalled = true;
  });
  res.emit('finish');
  assert.ok(nextCalled);
  return lines;
}

test('request lines at debug are dropped at the default info level and shown at debug', () => {
  assert.deepEqual(requestThrough('debug', 'info'), []);
  const [line] = requestThrough('debug', 'debug');
  assert.equal(line?.level, 20);
  assert.equal(line?.msg, 'request');
  assert.equal(line?.path, '/sign-in');
  assert.equal(line?.status, 200);
  const [info] = requestThrough('info', 'info');
  assert.equal(info?.level, 30);
});
