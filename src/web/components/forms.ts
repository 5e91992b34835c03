/**
 * Reading a request's text: one field of a posted form's body (express.urlencoded or multer put it
 * there), or one parameter of the query string.
 */
import type { Request } from 'express';

/** The text of the posted field `name`; '' when it is absent or not text (e.g. repeated). */
export function field(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

/** The text of the query parameter `name`; '' when it is absent or not text (e.g. repeated). */
export function queryText(req: Request, name: string): string {
  const v = (req.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : '';
}
