/**
 * HTTP errors and the one error handler. Pages say what happened in plain words; the stack is
 * shown only outside production, and logged (with the request id) always.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AccessDeniedError } from '../../services/access.ts';
import { ConflictError, NotFoundError, TooBusyError } from '../../services/errors.ts';

export class HttpError extends Error {
  readonly status: number;
  readonly detail: string | undefined;
  constructor(status: number, message: string, detail?: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.detail = detail;
  }
}

export function notFound(): RequestHandler {
  return (_req, _res, next) =>
    next(new HttpError(404, 'Page not found', 'If you typed the web address, check it is correct.'));
}

function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (err instanceof AccessDeniedError) return 403;
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof TooBusyError) return 429;
  const s =
    (err as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}

export function errorHandler(options: { readonly production: boolean; readonly logger: Logger }): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const status = statusOf(err);
    const e = err instanceof Error ? err : new Error(String(err));
    if (status >= 500) options.logger.error({ err: e, reqId: req.id, path: req.path }, 'request failed');
    else options.logger.info({ reqId: req.id, path: req.path, status, reason: e.message }, 'request refused');

    const code = (err as { code?: unknown } | null)?.code;
    let title: string;
    let detail: string | undefined;
    if (code === 'EBADCSRFTOKEN') {
      title = 'This page has expired';
      detail = 'Go back, refresh the page and try again.';
    } else if (
      err instanceof HttpError ||
      err instanceof NotFoundError ||
      err instanceof ConflictError ||
      err instanceof TooBusyError
    ) {
      title = err.message;
      detail = err.detail;
    } else if (err instanceof AccessDeniedError) {
      title = 'You do not have permission to do this';
    } else if (status === 413) {
      title = 'The upload is too large';
      detail = e.message;
    } else if (status < 500) {
      title = e.message || 'Something was wrong with the request';
    } else {
      title = 'Sorry, there is a problem with the service';
      detail =
        'Try again later. If it keeps happening, tell your Forecare administrator and quote the reference below.';
    }
    res.status(status);
    res.render('errors/error.njk', {
      pageTitle: title,
      status,
      title,
      detail,
      requestId: req.id,
      stack: options.production || status < 500 ? undefined : e.stack,
    });
  };
}
