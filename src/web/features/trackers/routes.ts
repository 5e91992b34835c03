/**
 * Permanence (issue 11): the council's tracker projects, and for each the planned and achieved
 * exits found in the returns, the council's looked after path and the saving. Analysts add or
 * replace a project's cohort from a file here (the same import as `forecare tracker import`).
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf, requireRole } from '../../middleware/auth.ts';
import { checkCsrf } from '../../middleware/csrf.ts';
import { formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import { receiveOneFile } from '../../middleware/oneFileUpload.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import { ANALYST_ROLES } from '../../../services/access.ts';
import {
  MAX_TRACKER_UPLOAD_BYTES,
  TrackerImportRefused,
  type PermanenceService,
} from '../../../services/permanence.ts';
import type { FormErrors } from '../../types.ts';
import { TARGET_MEASURE_LABELS, TARGET_MEASURES } from '../../../domain/permanence/targets.ts';
import { registerChildRoutes } from './childRoutes.ts';
import { registerPickerRoutes } from './pickerRoutes.ts';
import {
  childrenTable,
  exitsChart,
  exitsTable,
  pathTable,
  savingByYearTable,
  savingRows,
  targetsTable,
} from './presenter.ts';

/** Stating and removing a project's targets (analysts and admins), back to the project's Targets. */
function registerTargetRoutes(router: Router, children: Services['trackedChildren']): void {
  const change = requireRole('admin', 'analyst');
  const back = (req: Request) =>
    `${paths.trackers.show.build({ la: actorOf(req).laCode, project: String(req.params.project ?? '') })}#targets`;
  router.post(paths.trackers.targets.pattern, change, async (req, res) => {
    const actor = actorOf(req);
    try {
      const r = await children.setTarget(actor, actor.laCode, String(req.params.project ?? ''), {
        measure: bodyField(req, 'measure'),
        month: bodyField(req, 'month'),
        value: bodyField(req, 'value'),
      });
      setFlash(req, { success: r.replaced ? 'Target changed.' : 'Target added.' });
    } catch (err) {
      setFlash(req, { errors: inputErrors(err), values: formValues(req) });
    }
    res.redirect(back(req));
  });
  router.post(paths.trackers.removeTarget.pattern, change, async (req, res) => {
    const actor = actorOf(req);
    await children.removeTarget(actor, actor.laCode, String(req.params.project ?? ''), {
      measure: bodyField(req, 'measure'),
      month: bodyField(req, 'month'),
    });
    setFlash(req, { success: 'Target removed.' });
    res.redirect(back(req));
  });
}

function bodyField(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

function trackersController(permanence: PermanenceService) {
  const renderIndex = async (req: Request, res: Response) => {
    const actor = actorOf(req);
    const projects = await permanence.list(actor, actor.laCode);
    res.render('trackers/views/index.njk', {
      pageTitle: 'Permanence',
      canChange: ANALYST_ROLES.includes(actor.role),
      values: res.locals.flash.values ?? {},
      projects: projects.map((p) => ({
        ...p,
        href: paths.trackers.show.build({ la: actor.laCode, project: p.name }),
      })),
    });
  };
  return {
    index(): RequestHandler {
      return (req, res) => renderIndex(req, res);
    },
    receiveFile(): RequestHandler {
      return receiveOneFile({
        field: 'file',
        maxBytes: MAX_TRACKER_UPLOAD_BYTES,
        tooLarge: `The file of children must be smaller than ${MAX_TRACKER_UPLOAD_BYTES / 1024 / 1024} MB`,
        notOneFile: 'Upload one file of children',
        formPath: (req) => `${paths.trackers.index.build({ la: actorOf(req).laCode })}#upload`,
      });
    },
    /**
     * A refused file is answered on the form itself (200: a form shown again), not through the session: its
     * messages name the CHILD ids not found, which Forecare does not store anywhere.
     */
    upload(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const project = bodyField(req, 'project');
        const from = bodyField(req, 'from');
        const file = req.file ? { bytes: new Uint8Array(req.file.buffer), name: req.file.originalname } : null;
        let errors: FormErrors;
        try {
          const s = await permanence.upload(actor, actor.laCode, { project, from, file });
          setFlash(req, {
            success: `${s.replaced ? 'Replaced' : 'Added'} ${s.project}: ${s.children.toLocaleString('en-GB')} ${
              s.children === 1 ? 'child' : 'children'
            } in care on ${s.trackedFrom} (${s.inScope.toLocaleString('en-GB')} in scope, ${s.outOfScope.toLocaleString('en-GB')} out of scope).`,
          });
          return res.redirect(paths.trackers.show.build({ la: actor.laCode, project: s.project }));
        } catch (err) {
          if (err instanceof TrackerImportRefused) {
            const messages = err.grouped(actor.laCode);
            errors = {
              list: messages.map((text) => ({ text, href: '#file' })),
              fields: {
                file: {
                  text: `Nothing was stored: ${messages.length === 1 ? 'one problem' : `${messages.length} problems`} in ${file?.name ?? 'the file'}, listed above`,
                },
              },
            };
          } else errors = inputErrors(err);
        }
        res.locals.flash = { errors, values: { project, from } };
        await renderIndex(req, res);
      };
    },
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const project = String(req.params.project ?? '');
        const view = await permanence.view(actor, actor.laCode, project);
        if (wantsXlsx(req)) {
          return sendXlsx(
            res,
            `forecare-permanence-${actor.laCode}`,
            [exitsTable(view), pathTable(view), targetsTable(view), savingByYearTable(view), childrenTable(view)],
            { title: `Permanence: ${view.project}`, council: res.locals.council?.name },
          );
        }
        res.render('trackers/views/show.njk', {
          pageTitle: view.project,
          view,
          counts: view.report.counts,
          exitsChart: await exitsChart(view),
          path: tableView(pathTable(view)),
          savingByYear: tableView(savingByYearTable(view), { sortable: false }),
          targets: view.targets,
          targetsTable: tableView(targetsTable(view)),
          canChange: ANALYST_ROLES.includes(actor.role),
          values: res.locals.flash.values ?? {},
          measureItems: [
            { value: '', text: 'Choose what the target counts' },
            ...TARGET_MEASURES.map((m) => ({
              value: m,
              text: TARGET_MEASURE_LABELS[m],
              selected: res.locals.flash.values?.measure === m,
            })),
          ],
          targetAction: paths.trackers.targets.build({ la: actor.laCode, project: view.project }),
          removeTargetAction: paths.trackers.removeTarget.build({ la: actor.laCode, project: view.project }),
          children: tableView(childrenTable(view), {
            firstCellHref: (row) =>
              paths.trackers.child.build({ la: actor.laCode, project: view.project, child: String(row[0]) }),
          }),
          listsHref: paths.trackers.lists.build({ la: actor.laCode }),
          saving: savingRows(view),
          backHref: paths.trackers.index.build({ la: actor.laCode }),
          xlsxHref: paths.trackers.show.build({ la: actor.laCode, project: view.project }, { format: 'xlsx' }),
        });
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const controller = trackersController(services.permanence);
  router.get(paths.trackers.index.pattern, controller.index());
  router.post(
    paths.trackers.upload.pattern,
    requireRole('admin', 'analyst'),
    controller.receiveFile(),
    checkCsrf(),
    controller.upload(),
  );
  registerChildRoutes(router, services.trackedChildren);
  registerTargetRoutes(router, services.trackedChildren);
  registerPickerRoutes(router, services.trackedChildren);
  router.get(paths.trackers.show.pattern, controller.show());
  return router;
}
