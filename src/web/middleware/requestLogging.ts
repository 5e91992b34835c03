import type { RequestHandler } from 'express';
import type { Level, Logger } from 'pino';

/**
 * One pino line per request at `level` (info for JSON logs, debug on a terminal: src/logger.ts):
 * method, path (no query: it may carry filters), status, time, id.
 * Nothing is timed or listened for while the logger's level drops these lines (e.g. 'silent').
 */
export function requestLogging(logger: Logger, level: Level = 'info'): RequestHandler {
  return (req, res, next) => {
    if (!logger.isLevelEnabled(level)) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger[level](
        {
          reqId: req.id,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          userId: req.user?.id,
        },
        'request',
      );
    });
    next();
  };
}
