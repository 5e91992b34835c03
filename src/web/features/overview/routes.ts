/** Overview: the council's looked after children now, the trend, entries and exits. */
import { Router, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf } from '../../middleware/auth.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import type { OverviewService } from './overview.service.ts';
import { overviewCharts, overviewTables } from './presenter.ts';

function overviewController(overview: OverviewService) {
  return {
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const o = await overview.overview(actor, actor.laCode);
        const tables = overviewTables(o);
        if (wantsXlsx(req)) {
          const list = [tables.byCategory, tables.byAgeBand, tables.trend, tables.flows];
          return sendXlsx(res, `forecare-overview-${actor.laCode}`, list, { title: 'Overview', council: res.locals.council?.name });
        }
        res.render('overview/views/index.njk', {
          pageTitle: 'Overview',
          overview: o,
          charts: await overviewCharts(o, tables),
          xlsxHref: paths.overview.build({ la: actor.laCode }, { format: 'xlsx' }),
        });
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const controller = overviewController(services.overview);
  router.get(paths.council.pattern, (req, res) => res.redirect(paths.overview.build({ la: actorOf(req).laCode })));
  router.get(paths.overview.pattern, controller.show());
  return router;
}
