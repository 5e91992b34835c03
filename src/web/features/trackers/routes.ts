/**
 * Permanence (issue 11): the council's tracker projects, and for each the planned and achieved
 * exits found in the returns, the council's looked after path and the saving. Projects are read
 * from a file with `forecare tracker import`.
 */
import { Router, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf } from '../../middleware/auth.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import type { PermanenceService } from '../../../services/permanence.ts';
import { childrenTable, exitsChart, exitsTable, pathTable, savingRows } from './presenter.ts';

function trackersController(permanence: PermanenceService) {
  return {
    index(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const projects = await permanence.list(actor, actor.laCode);
        res.render('trackers/views/index.njk', {
          pageTitle: 'Permanence',
          projects: projects.map((p) => ({
            ...p,
            href: paths.trackers.show.build({ la: actor.laCode, project: p.name }),
          })),
        });
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
            [exitsTable(view), pathTable(view), childrenTable(view)],
            { title: `Permanence: ${view.project}`, council: res.locals.council?.name },
          );
        }
        res.render('trackers/views/show.njk', {
          pageTitle: view.project,
          view,
          counts: view.report.counts,
          exitsChart: await exitsChart(view),
          path: tableView(pathTable(view)),
          children: tableView(childrenTable(view)),
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
  router.get(paths.trackers.show.pattern, controller.show());
  return router;
}
