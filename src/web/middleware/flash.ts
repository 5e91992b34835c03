/**
 * POST-redirect-GET support: a POST that fails validation stores its errors and the values
 * entered in the session and redirects back; the GET shows them once (`res.locals.flash`).
 */
import type { Request, RequestHandler } from 'express';
import { UserInputError } from '../../services/errors.ts';
import type { Flash, FormErrors } from '../types.ts';

export function flashMessages(): RequestHandler {
  return (req, res, next) => {
    const flash = req.session?.flash;
    res.locals.flash = flash ?? {};
    if (flash) delete req.session.flash;
    next();
  };
}

export function setFlash(req: Request, flash: Flash): void {
  req.session.flash = flash;
}

/** Form errors from field → message pairs, in the order given. */
export function formErrors(errors: Readonly<Record<string, string>>): FormErrors {
  const list = Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` }));
  const fields = Object.fromEntries(Object.entries(errors).map(([field, text]) => [field, { text }]));
  return { list, fields };
}

/** Turns a service's UserInputError into form errors; rethrows anything else. */
export function inputErrors(err: unknown): FormErrors {
  if (err instanceof UserInputError) return formErrors({ [err.field]: err.message });
  throw err;
}

/** The string fields of a urlencoded body (everything else dropped; `_csrf` left out). */
export function formValues(req: Request): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body))
    if (typeof v === 'string' && k !== '_csrf' && !/password/i.test(k)) out[k] = v;
  return out;
}
