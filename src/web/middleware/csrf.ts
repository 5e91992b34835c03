/**
 * CSRF protection on every POST (synchroniser token in the session, via csrf-sync), on in tests
 * too. Forms carry the token in a hidden `_csrf` field (the `csrfField()` template macro);
 * multipart uploads are checked by the upload route after the body is parsed (`checkCsrf`).
 */
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';

function tokenFrom(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
  return fromBody ?? req.get('x-csrf-token') ?? undefined;
}

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: tokenFrom,
  errorConfig: { statusCode: 403, message: 'Invalid CSRF token', code: 'EBADCSRFTOKEN' },
});

function isMultipart(req: Request): boolean {
  return (req.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}

/** Checks every POST except multipart ones, and puts the token in `res.locals.csrfToken`. */
export function csrfProtection(): RequestHandler[] {
  const check: RequestHandler = (req, res, next) =>
    isMultipart(req) ? next() : csrfSynchronisedProtection(req, res, next);
  const token: RequestHandler = (req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    next();
  };
  return [check, token];
}

/** For a route that parses a multipart body itself: run after the parser. */
export function checkCsrf(): RequestHandler {
  return (req, res, next) => csrfSynchronisedProtection(req, res, next);
}
