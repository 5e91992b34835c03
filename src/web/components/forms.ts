/**
 * Reading a posted form: one text field of the body (express.urlencoded or multer put it there).
 */
import type { Request } from 'express';

/** The text of the posted field `name`; '' when it is absent or not text (e.g. repeated). */
export function field(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}
