/**
 * A form that sends one file, held in memory, on a file route (paths.ts fileRoutes): multer takes
 * the file only once a valid CSRF token has arrived (tokenBeforeFiles), a forged request is refused
 * (csrfRefusal), and a file too large, or anything but one file, goes back to the form with the
 * error beside its field (POST-redirect-GET).
 */
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { csrfRefusal, tokenBeforeFiles } from './csrf.ts';
import { formErrors, setFlash } from './flash.ts';

export interface OneFileUpload {
  /** The file input's name. */
  readonly field: string;
  readonly maxBytes: number;
  /** Error messages, in the GOV.UK style. */
  readonly tooLarge: string;
  readonly notOneFile: string;
  /** Where the form is, to go back to with the error. */
  readonly formPath: (req: Request) => string;
}

export function receiveOneFile(options: OneFileUpload): RequestHandler {
  const parser = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: options.maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 4096 },
    fileFilter: tokenBeforeFiles(),
  }).single(options.field);
  return (req, res, next) => {
    parser(req, res, (err: unknown) => {
      if (!err) return next();
      const forged = csrfRefusal(req, err);
      if (forged) return next(forged);
      const code = (err as { code?: string }).code;
      setFlash(req, {
        errors: formErrors({ [options.field]: code === 'LIMIT_FILE_SIZE' ? options.tooLarge : options.notOneFile }),
      });
      res.redirect(options.formPath(req));
    });
  };
}
