/** Overview: the council's looked after children now, the trend, entries and exits. */
import { Router, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf } from '../../middleware/auth.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import type { ChartView } from '../../components/charts.ts';
import type { Overview, OverviewService } from './overview.service.ts';
import { overviewCharts, overviewTables, type OverviewTables } from './presenter.ts';

function overviewController(overview: OverviewService) {
  // Charts depend only on the cached figures (not the population), so they are rendered once per
  // council and data version: keyed by the cached trend array, dropped with it.
  const charts = new WeakMap<object, Promise<ChartView[]>>();
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
          charts: await chartsFor(o, tables),
          xlsxHref: paths.overview.build({ la: actor.laCode }, { format: 'xlsx' }),
        });
      };
    },
  };

  function chartsFor(o: Overview, tables: OverviewTables): Promise<ChartView[]> {
    let c = charts.get(o.trend);
    if (!c) {
      c = overviewCharts(o, tables);
      charts.set(o.trend, c);
      c.catch(() => charts.delete(o.trend));
    }
    return c;
  }
}

export default function routes(services: Services): Router {
  const router = Router();
  const controller = overviewController(services.overview);
  router.get(paths.council.pattern, (req, res) => res.redirect(paths.overview.build({ la: actorOf(req).laCode })));
  router.get(paths.overview.pattern, controller.show());
  return router;
}
