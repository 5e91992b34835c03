/**
 * What the upload routes (the 903's Data page and the CIN census's) share about files multer has
 * just written to the upload folder: handing them on by path and name, and deleting them when the
 * request is refused before anything reads them.
 */
import { rm } from 'node:fs/promises';
import type { Request, RequestHandler } from 'express';

/** The files of a multi-file upload, as the services take them. */
export function uploadedFiles(req: Request): { tempPath: string; originalName: string }[] {
  return ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => ({
    tempPath: f.path,
    originalName: f.originalname,
  }));
}

/** Runs `check` (the CSRF check); when it refuses, the files just received are deleted. */
export function discardFilesOnError(check: RequestHandler): RequestHandler {
  return (req, res, next) =>
    check(req, res, (err?: unknown) => {
      if (!err) return next();
      const files = (req.files as Express.Multer.File[] | undefined) ?? [];
      Promise.all(files.map((f) => rm(f.path, { force: true }))).finally(() => next(err));
    });
}
