/**
 * The children in need census and the council's monthly counts, under Data (issue 12;
 * docs/cin-census.md). Upload the census (DfE XML, or a CSV per table named with its year), read
 * the check (every problem with its file, row or line, column or element and rule), then import it
 * all or nothing; see the collection years imported. Enter or correct a month's contacts and early
 * help counts, or upload a CSV of many months; the months entered, with an Excel download.
 * Uploading and entering: analysts and admins (as the 903's upload); reading: any member.
 */
import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import type { Services } from '../../composition.ts';
import type { PlatformOptions } from '../../types.ts';
import { paths } from '../../paths.ts';
import { actorOf, param, requireRole } from '../../middleware/auth.ts';
import { checkCsrf, csrfRefusal, tokenBeforeFiles } from '../../middleware/csrf.ts';
import { formErrors, formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import { receiveOneFile } from '../../middleware/oneFileUpload.ts';
import { privateDiskStorage } from '../../middleware/privateStorage.ts';
import { discardFilesOnError, uploadedFiles } from '../../middleware/uploadedFiles.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import { formatMonth } from '../../components/format.ts';
import { ANALYST_ROLES } from '../../../services/access.ts';
import { CIN_COUNT_LABELS, CinCountsFormError, CinImportRefusedError } from '../../../services/cin.ts';
import type { CinService } from '../../../services/cin.service.ts';
import type { DataService } from '../../../services/data.service.ts';
import { issuesCsv } from '../data/presenter.ts';
import { collectionPeriod, countRows, countsTable, issuePlace, ruleSummary, yearsTable } from './presenter.ts';

/** At most this many files in one CIN upload (the CLI's loader takes up to 500). */
const MAX_FILES = 100;
/** Problems shown on the page; all of them are in the CSV download. */
const SHOWN = 500;
/** How long the report page waits for a check to finish before answering "still checking". */
const STATUS_WAIT_MS = 15_000;
/** The largest monthly counts file (a hundred years of months is a few kilobytes). */
const MAX_COUNTS_BYTES = 1024 * 1024;

function bodyField(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

function cinController(cin: CinService, imports: DataService, platform: PlatformOptions) {
  const maxMb = Math.round(platform.maxUploadBytes / (1024 * 1024));
  const home = (req: Request) => paths.cin.index.build({ la: actorOf(req).laCode });
  const countsHome = (req: Request, anchor = '') => `${paths.cin.counts.build({ la: actorOf(req).laCode })}${anchor}`;
  return {
    index(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const canImport = ANALYST_ROLES.includes(actor.role);
        const years = await cin.years(actor, actor.laCode);
        res.render('cin/views/index.njk', {
          pageTitle: 'Children in need census',
          canImport,
          years: years.length > 0 ? tableView(yearsTable(years), { sortable: false }) : null,
          waiting: canImport ? cin.waiting(actor, actor.laCode) : [],
          maxUploadMb: maxMb,
        });
      };
    },

    /** Parses the multipart body to the private folder, within the size and count limits. */
    receiveFiles(): RequestHandler {
      return async (req, res, next) => {
        const parser = multer({
          storage: privateDiskStorage(await imports.incomingDir()),
          limits: {
            fileSize: platform.maxUploadBytes,
            files: MAX_FILES,
            fields: 5,
            parts: MAX_FILES + 5,
            fieldSize: 4096,
          },
          fileFilter: tokenBeforeFiles(),
        }).array('files', MAX_FILES);
        parser(req, res, (err: unknown) => {
          if (!err) return next();
          const forged = csrfRefusal(req, err);
          if (forged) return next(forged);
          const code = (err as { code?: string }).code;
          const message =
            code === 'LIMIT_FILE_SIZE'
              ? `Each file must be smaller than ${maxMb} MB`
              : code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE'
                ? `Upload at most ${MAX_FILES} files at once`
                : 'The upload could not be read: try again';
          setFlash(req, { errors: formErrors({ files: message }) });
          res.redirect(303, home(req));
        });
      };
    },

    upload(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const files = uploadedFiles(req);
        try {
          const id = await cin.check(actor, actor.laCode, files);
          res.redirect(303, paths.cin.upload.build({ la: actor.laCode, uploadId: id }));
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
          res.redirect(303, home(req));
        }
      };
    },

    /** The check's report (and, `?format=csv`, every problem as CSV), with the import form. */
    report(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'uploadId');
        const upload = await cin.settle(actor, actor.laCode, id, STATUS_WAIT_MS);
        const issues = cin.issues(actor, actor.laCode, id);
        if (req.query.format === 'csv') {
          res.setHeader('Content-Type', 'text/csv; charset=utf-8');
          res.setHeader('Content-Disposition', `attachment; filename="forecare-cin-validation-${actor.laCode}.csv"`);
          return res.send(`\uFEFF${issuesCsv(issues)}`);
        }
        const m = upload.result?.merged;
        res.render('cin/views/upload.njk', {
          pageTitle:
            upload.status === 'checking'
              ? 'Still checking your files'
              : upload.status === 'imported'
                ? 'Children in need census imported'
                : upload.status === 'failed'
                  ? 'Children in need census not imported'
                  : issues.length > 0
                    ? 'Check the problems in the children in need census'
                    : 'Import the children in need census',
          upload,
          years: (upload.result?.years ?? []).map((y) => `${y} (${collectionPeriod(y)})`),
          read: m
            ? [
                { text: 'Children', value: m.children.length },
                { text: 'CIN episodes (referrals)', value: m.episodes.length },
                { text: 'Assessments', value: m.assessments.length },
                { text: 'CIN plans', value: m.cinPlans.length },
                { text: 'Section 47 enquiries', value: m.section47s.length },
                { text: 'Child protection plans', value: m.protectionPlans.length },
              ]
            : [],
          summaryList: res.locals.flash.errors ? [] : ruleSummary(issues, SHOWN),
          problems: issues.slice(0, SHOWN).map((i) => ({ ...i, place: issuePlace(i) })),
          total: issues.length,
          csvHref: paths.cin.upload.build({ la: actor.laCode, uploadId: id }, { format: 'csv' }),
          refresh: upload.status === 'checking' && req.query.auto === '1',
          autoHref: paths.cin.upload.build({ la: actor.laCode, uploadId: id }, { auto: 1 }),
        });
      };
    },

    importUpload(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'uploadId');
        try {
          const s = await cin.importUpload(actor, actor.laCode, id, bodyField(req, 'acceptErrors') === 'yes');
          setFlash(req, {
            success: `Imported the children in need census for ${s.years.join(', ')}: ${s.read.children.toLocaleString('en-GB')} children, ${s.read.episodes.toLocaleString('en-GB')} CIN episodes, ${s.read.protectionPlans.toLocaleString('en-GB')} child protection plans.`,
          });
          res.redirect(303, home(req));
        } catch (err) {
          const errors = err instanceof CinImportRefusedError ? formErrors({ import: err.message }) : inputErrors(err);
          setFlash(req, { errors });
          res.redirect(303, paths.cin.upload.build({ la: actor.laCode, uploadId: id }));
        }
      };
    },

    discard(): RequestHandler {
      return (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'uploadId');
        try {
          cin.discard(actor, actor.laCode, id);
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
          return res.redirect(303, paths.cin.upload.build({ la: actor.laCode, uploadId: id }));
        }
        setFlash(req, { success: 'The upload was discarded.' });
        res.redirect(303, home(req));
      };
    },

    counts(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const counts = await cin.counts(actor, actor.laCode);
        if (wantsXlsx(req))
          return sendXlsx(res, `forecare-monthly-counts-${actor.laCode}`, [countsTable(counts)], {
            title: 'Monthly counts: contacts and early help',
            council: res.locals.council?.name,
          });
        let values: Record<string, string> | undefined = res.locals.flash.values;
        const asked = typeof req.query.month === 'string' ? req.query.month : '';
        const stored = counts.find((c) => c.month === asked);
        if (!values && asked) {
          const found = counts.find((c) => c.month === asked);
          const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
          values = {
            month: asked.slice(0, 20),
            contacts: text(found?.contacts),
            earlyHelpAssessments: text(found?.earlyHelpAssessments),
            earlyHelpStarts: text(found?.earlyHelpStarts),
          };
        }
        res.render('cin/views/counts.njk', {
          pageTitle: 'Monthly counts: contacts and early help',
          canChange: ANALYST_ROLES.includes(actor.role),
          rows: countRows(counts),
          values: values ?? {},
          removable:
            stored && ANALYST_ROLES.includes(actor.role)
              ? { month: stored.month, text: formatMonth(stored.month) }
              : null,
          labels: CIN_COUNT_LABELS,
          xlsxHref: paths.cin.counts.build({ la: actor.laCode }, { format: 'xlsx' }),
        });
      };
    },

    saveMonth(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const fields = {
          month: bodyField(req, 'month'),
          contacts: bodyField(req, 'contacts'),
          earlyHelpAssessments: bodyField(req, 'earlyHelpAssessments'),
          earlyHelpStarts: bodyField(req, 'earlyHelpStarts'),
        };
        try {
          const { counts, replaced } = await cin.setMonth(actor, actor.laCode, fields);
          setFlash(req, { success: `Counts for ${counts.month} ${replaced ? 'corrected' : 'saved'}.` });
          res.redirect(303, countsHome(req));
        } catch (err) {
          const errors =
            err instanceof CinCountsFormError
              ? formErrors(Object.fromEntries(err.errors.map((e) => [e.field, e.message])))
              : inputErrors(err);
          setFlash(req, { errors, values: formValues(req) });
          res.redirect(303, countsHome(req, '#month-form'));
        }
      };
    },

    removeMonth(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const month = bodyField(req, 'month');
        try {
          if (await cin.removeMonth(actor, actor.laCode, month))
            setFlash(req, { success: `Counts for ${month} removed.` });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
        }
        res.redirect(303, countsHome(req));
      };
    },

    receiveCountsFile(): RequestHandler {
      return receiveOneFile({
        field: 'file',
        maxBytes: MAX_COUNTS_BYTES,
        tooLarge: 'The counts file must be smaller than 1 MB',
        notOneFile: 'Upload one CSV file of monthly counts',
        formPath: (req) => countsHome(req, '#upload'),
      });
    },

    uploadCounts(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const file = req.file ? { bytes: new Uint8Array(req.file.buffer), name: req.file.originalname } : null;
        try {
          const s = await cin.importCounts(actor, actor.laCode, file);
          setFlash(req, {
            success: `Imported ${s.months} month${s.months === 1 ? '' : 's'} of counts${s.first ? ` (${s.first} to ${s.last})` : ''}: those months replaced, others kept.`,
          });
          res.redirect(303, countsHome(req));
        } catch (err) {
          if (err instanceof CinImportRefusedError) {
            const shown = err.issues.slice(0, 5).map((i) => `${i.message} [${i.rule}]`);
            const more = err.issues.length - shown.length;
            setFlash(req, {
              errors: formErrors({
                file: `Nothing was imported. ${shown.join(' ')}${more > 0 ? ` And ${more} more problems.` : ''}`,
              }),
            });
          } else setFlash(req, { errors: inputErrors(err) });
          res.redirect(303, countsHome(req, '#upload'));
        }
      };
    },
  };
}

export default function routes(services: Services, platform: PlatformOptions): Router {
  const router = Router();
  const c = cinController(services.cin, services.imports, platform);
  const analyst = requireRole('admin', 'analyst');
  router.get(paths.cin.index.pattern, c.index());
  router.post(paths.cin.uploads.pattern, analyst, c.receiveFiles(), discardFilesOnError(checkCsrf()), c.upload());
  router.get(paths.cin.upload.pattern, analyst, c.report());
  router.post(paths.cin.importUpload.pattern, analyst, c.importUpload());
  router.post(paths.cin.discardUpload.pattern, analyst, c.discard());
  router.get(paths.cin.counts.pattern, c.counts());
  router.post(paths.cin.counts.pattern, analyst, c.saveMonth());
  router.post(paths.cin.removeMonth.pattern, analyst, c.removeMonth());
  router.post(paths.cin.countsUpload.pattern, analyst, c.receiveCountsFile(), checkCsrf(), c.uploadCounts());
  return router;
}
