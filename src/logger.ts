/** The one logger. Writes JSON lines to stderr so that stdout stays clean for --json output. */
import { pino } from 'pino';

export const logger = pino(
  { level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'), base: { app: 'forecare' } },
  pino.destination(2),
);
