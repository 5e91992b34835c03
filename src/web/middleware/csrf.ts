/**
 * CSRF protection on every state-changing request (synchroniser token in the session, via
 * csrf-sync), on in tests too, whatever the body's encoding:
 * - url-encoded forms carry the token in a hidden `_csrf` field (the `csrfField()` template macro);
 *   any other client may send it in an `X-CSRF-Token` header;
 * - a body the app does not parse (JSON, text, ...) has no `_csrf` field, so it needs the header;
 * - `multipart/form-data` is accepted only on the routes that take files (`fileRoutes`, listed in
 *   paths.ts). Those parse the body themselves (multer) with `tokenBeforeFiles` as the file filter,
 *   so no file is written before a valid token has arrived, and run `checkCsrf()` after parsing,
 *   before their handler. A multipart request to any other route is checked on its header alone
 *   (no header: 403), and refused with 415 even with a valid one: nothing parses it there.
 *
 * The token is made only when a page renders a form (`csrfToken` is a function the `csrfField`
 * macro calls), so a request that shows no form leaves the session untouched and creates none.
 */
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import type { Options as MulterOptions } from 'multer';
import { HttpError } from './errors.ts';

/** A route pattern that knows whether a request path is one of its URLs. */
export interface RouteMatcher {
  matches(pathname: string): boolean;
}

function tokenFrom(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
  return fromBody ?? req.get('x-csrf-token') ?? undefined;
}

const { csrfSynchronisedProtection, generateToken, isRequestValid } = csrfSync({
  getTokenFromRequest: tokenFrom,
  errorConfig: { statusCode: 403, message: 'Invalid CSRF token', code: 'EBADCSRFTOKEN' },
});

/** A new refusal each time (multer decorates the error it is given). */
function refused(): Error {
  return Object.assign(new HttpError(403, 'Invalid CSRF token'), { code: 'EBADCSRFTOKEN' });
}

function isMultipart(req: Request): boolean {
  return (req.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Checks every request that is not GET, HEAD or OPTIONS (multipart ones on `fileRoutes` are left
 * to the route, which must parse and then `checkCsrf()`), and offers the token to templates as
 * `res.locals.csrfToken()`.
 */
export function csrfProtection(fileRoutes: readonly RouteMatcher[]): RequestHandler[] {
  const check: RequestHandler = (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (!isMultipart(req)) return csrfSynchronisedProtection(req, res, next);
    if (fileRoutes.some((r) => r.matches(req.path))) return next();
    if (!isRequestValid(req)) return next(refused());
    next(new HttpError(415, 'This form does not take files', 'Go back, refresh the page and try again.'));
  };
  const token: RequestHandler = (req, res, next) => {
    res.locals.csrfToken = () => generateToken(req);
    next();
  };
  return [check, token];
}

/** For a route that parses a multipart body itself: run after the parser, before the handler. */
export function checkCsrf(): RequestHandler {
  return (req, res, next) => csrfSynchronisedProtection(req, res, next);
}

type FileFilter = NonNullable<MulterOptions['fileFilter']>;

/**
 * A multer `fileFilter` that refuses the whole request (403, files already received deleted by
 * multer) unless a valid token came before the first file: in the `X-CSRF-Token` header or a
 * `_csrf` field earlier in the body (forms put `csrfField` first). `accept` then picks the files to keep.
 */
export function tokenBeforeFiles(accept: (originalName: string) => boolean = () => true): FileFilter {
  return (req, file, callback) => {
    if (!isRequestValid(req)) return callback(refused());
    callback(null, accept(file.originalname));
  };
}

/**
 * For a multipart parser's error: the CSRF refusal when no valid token had arrived (whatever the
 * parser tripped on first: a forged request gets 403, never a form error written to the session),
 * else undefined (the route turns the error into a form error).
 */
export function csrfRefusal(req: Request, err: unknown): Error | undefined {
  if ((err as { code?: unknown } | null)?.code === 'EBADCSRFTOKEN') return err as Error;
  return isRequestValid(req) ? undefined : refused();
}
