import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import type { PlatformOptions } from '../../types.ts';
import { paths } from '../../paths.ts';
import { actorOf, param } from '../../middleware/auth.ts';
import { formErrors, inputErrors, setFlash } from '../../middleware/flash.ts';
import { csrfRefusal, tokenBeforeFiles } from '../../middleware/csrf.ts';
import { privateDiskStorage } from '../../middleware/privateStorage.ts';
import { uploadedFiles } from '../../middleware/uploadedFiles.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import { REPORT_PAGE_SIZE, type DataService, type IssueFilter } from '../../../services/data.service.ts';
import { historyPageTable, historyTable, issuesCsv } from './presenter.ts';

const MAX_FILES = 100;
/** How long the status page waits for a check or import to finish before answering. */
const STATUS_WAIT_MS = 15_000;
const ALLOWED = /\.(csv|xlsx|zip)$/i;

function filterFrom(req: Request): IssueFilter {
  const q = (name: string): string | undefined => {
    const v = req.query[name];
    return typeof v === 'string' && v !== '' ? v.slice(0, 200) : undefined;
  };
  const severity = q('severity');
  return {
    ...(severity === 'error' || severity === 'warning' || severity === 'fatal' ? { severity } : {}),
    ...(q('rule') ? { rule: q('rule') } : {}),
    ...(q('file') ? { file: q('file') } : {}),
  };
}

export function dataController(data: DataService, platform: PlatformOptions) {
  return {
    index(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const canImport = actor.role !== 'viewer';
        const history = await data.history(actor, actor.laCode);
        res.render('data/views/index.njk', {
          pageTitle: 'Data',
          canImport,
          uploads: canImport ? data.recentUploads(actor, actor.laCode) : [],
          recent: tableView(historyPageTable(history.slice(0, 5)), { sortable: false }),
          importCount: history.length,
          maxUploadMb: Math.round(platform.maxUploadBytes / (1024 * 1024)),
        });
      };
    },

    /** Parses the multipart body to disk, within the size and count limits. */
    receiveFiles(): RequestHandler {
      return async (req, res, next) => {
        const dir = await data.incomingDir();
        const parser = multer({
          storage: privateDiskStorage(dir),
          limits: {
            fileSize: platform.maxUploadBytes,
            files: MAX_FILES,
            fields: 5,
            parts: MAX_FILES + 5,
            fieldSize: 4096,
          },
          fileFilter: tokenBeforeFiles((name) => ALLOWED.test(name)),
        }).array('files', MAX_FILES);
        parser(req, res, (err: unknown) => {
          if (!err) return next();
          const forged = csrfRefusal(req, err);
          if (forged) return next(forged);
          const la = actorOf(req).laCode;
          const code = (err as { code?: string }).code;
          const message =
            code === 'LIMIT_FILE_SIZE'
              ? `Each file must be smaller than ${Math.round(platform.maxUploadBytes / (1024 * 1024))} MB`
              : code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE'
                ? `Upload at most ${MAX_FILES} files at once (or put them in a zip)`
                : 'The upload could not be read: try again';
          setFlash(req, { errors: formErrors({ files: message }) });
          res.redirect(303, paths.data.index.build({ la }));
        });
      };
    },

    upload(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const files = uploadedFiles(req);
        try {
          const id = await data.startUpload(actor, actor.laCode, files);
          res.redirect(303, paths.data.upload.build({ la: actor.laCode, uploadId: id }));
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
          res.redirect(303, paths.data.index.build({ la: actor.laCode }));
        }
      };
    },

    /**
     * The upload's status. Progress without JavaScript: the page waits (up to STATUS_WAIT_MS) for
     * the check or import to finish and then shows the result, so usually no refresh is needed.
     * If it is still running, the page says so with a "check again" link; it refreshes itself
     * only when the person chooses that (`?auto=1`), so nothing changes under them unasked
     * (WCAG 2.2.1).
     */
    status(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'uploadId');
        const u = await data.settle(actor, actor.laCode, id, STATUS_WAIT_MS);
        const running = u.status === 'validating' || u.status === 'importing';
        const report = u.result ? data.report(actor, actor.laCode, u.id, {}) : undefined;
        res.render('data/views/upload.njk', {
          pageTitle:
            u.status === 'imported'
              ? 'Import complete'
              : u.status === 'failed'
                ? 'Upload not imported'
                : running
                  ? 'Still working'
                  : 'Check the validation report',
          upload: u,
          report,
          running,
          refresh: running && req.query.auto === '1',
          autoHref: paths.data.upload.build({ la: actor.laCode, uploadId: id }, { auto: 1 }),
        });
      };
    },

    report(): RequestHandler {
      return (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'uploadId');
        const filter = filterFrom(req);
        if (req.query.format === 'csv') {
          const csv = issuesCsv(data.issues(actor, actor.laCode, id, filter));
          res.setHeader('Content-Type', 'text/csv; charset=utf-8');
          res.setHeader('Content-Disposition', `attachment; filename="forecare-validation-${actor.laCode}.csv"`);
          return res.send(`\uFEFF${csv}`);
        }
        const page = Number(typeof req.query.page === 'string' ? req.query.page : '1') || 1;
        const report = data.report(actor, actor.laCode, id, filter, page);
        const link = (p: number) => paths.data.report.build({ la: actor.laCode, uploadId: id }, { ...filter, page: p });
        res.render('data/views/report.njk', {
          pageTitle: 'Validation report',
          upload: data.upload(actor, actor.laCode, id),
          report,
          filter,
          firstShown: (report.page - 1) * REPORT_PAGE_SIZE + 1,
          lastShown: Math.min(report.page * REPORT_PAGE_SIZE, report.total),
          csvHref: paths.data.report.build({ la: actor.laCode, uploadId: id }, { ...filter, format: 'csv' }),
          previous: report.page > 1 ? link(report.page - 1) : undefined,
          next: report.page < report.pages ? link(report.page + 1) : undefined,
        });
      };
    },

    importUpload(): RequestHandler {
      return (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'uploadId');
        try {
          data.startImport(actor, actor.laCode, id, req.body?.acceptErrors === 'yes');
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
        }
        res.redirect(303, paths.data.upload.build({ la: actor.laCode, uploadId: id }));
      };
    },

    discard(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'uploadId');
        try {
          await data.discard(actor, actor.laCode, id);
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
          return res.redirect(303, paths.data.upload.build({ la: actor.laCode, uploadId: id }));
        }
        setFlash(req, { success: 'The upload was discarded and its files deleted.' });
        res.redirect(303, paths.data.index.build({ la: actor.laCode }));
      };
    },

    history(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const imports = await data.history(actor, actor.laCode);
        if (wantsXlsx(req))
          return sendXlsx(res, `forecare-imports-${actor.laCode}`, [historyTable(imports)], {
            title: 'Import history',
            council: res.locals.council?.name,
          });
        res.render('data/views/history.njk', {
          pageTitle: 'Import history',
          table: tableView(historyPageTable(imports)),
          xlsxHref: paths.data.history.build({ la: actor.laCode }, { format: 'xlsx' }),
        });
      };
    },
  };
}
