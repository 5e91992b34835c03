/**
 * The one logger, on stderr (stdout stays clean for --json output). JSON lines for machines: in
 * production, and whenever stderr is not a terminal (a service manager, a log collector, a pipe).
 * On a terminal, short coloured lines for a person (pino-pretty, written synchronously), and each
 * web request is logged at debug rather than info, so `npm run demo` shows what happens, not every
 * request (LOG_LEVEL=debug shows them). LOG_FORMAT=json or pretty overrides the choice.
 */
import { pino, type DestinationStream, type Level } from 'pino';

export type LogFormat = 'json' | 'pretty';

export function logFormat(
  env: NodeJS.ProcessEnv = process.env,
  stderrIsTerminal = process.stderr.isTTY === true,
): LogFormat {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  if (env.NODE_ENV === 'production') return 'json';
  return stderrIsTerminal ? 'pretty' : 'json';
}

export const LOG_FORMAT = logFormat();

/** The level of the one line logged per web request. */
export const REQUEST_LOG_LEVEL: Level = LOG_FORMAT === 'pretty' ? 'debug' : 'info';

async function prettyStderr(): Promise<DestinationStream> {
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    destination: 2,
    sync: true,
    colorize: process.stderr.isTTY === true && process.env.NO_COLOR === undefined,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app',
    singleLine: true,
  });
}

export const logger = pino(
  { level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'), base: { app: 'forecare' } },
  LOG_FORMAT === 'pretty' ? await prettyStderr() : pino.destination(2),
);
