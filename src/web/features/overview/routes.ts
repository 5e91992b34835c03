/** Overview: the council's looked after children now, the trend, entries and exits. */
import { Router, type Application, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf } from '../../middleware/auth.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { CachedHtml, renderView, sendPage } from '../../components/render.ts';
import type { Overview, OverviewService } from '../../../services/overview.service.ts';
import { overviewCharts, overviewTables, type OverviewTables } from './presenter.ts';

function overviewController(overview: OverviewService) {
  // The charts and tables depend only on the cached figures (not on the population or the
  // request), so their HTML is rendered once per council and data version: keyed by the cached
  // trend array, and dropped with it.
  const fragments = new WeakMap<object, Promise<CachedHtml>>();
  return {
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const o = await overview.overview(actor, actor.laCode);
        const tables = overviewTables(o);
        if (wantsXlsx(req)) {
          const list = [tables.byCategory, tables.byAgeBand, tables.trend, tables.flows];
          return sendXlsx(res, `forecare-overview-${actor.laCode}`, list, {
            title: 'Overview',
            council: res.locals.council?.name,
          });
        }
        await sendPage(res, 'overview/views/index.njk', {
          pageTitle: 'Overview',
          overview: o,
          figuresHtml: o.hasData ? await figuresHtml(req.app, o, tables) : '',
          xlsxHref: paths.overview.build({ la: actor.laCode }, { format: 'xlsx' }),
        });
      };
    },
  };

  function figuresHtml(app: Application, o: Overview, tables: OverviewTables): Promise<CachedHtml> {
    let html = fragments.get(o.trend);
    if (!html) {
      // Whitespace between tags is collapsed (the fragment holds no <pre> or <textarea>).
      html = overviewCharts(o, tables)
        .then((charts) => renderView(app, 'overview/views/figures.njk', { charts }))
        .then((h) => new CachedHtml(h.replace(/>\s+</g, '> <')));
      fragments.set(o.trend, html);
      html.catch(() => fragments.delete(o.trend));
    }
    return html;
  }
}

export default function routes(services: Services): Router {
  const router = Router();
  const controller = overviewController(services.overview);
  router.get(paths.council.pattern, (req, res) => res.redirect(paths.overview.build({ la: actorOf(req).laCode })));
  router.get(paths.overview.pattern, controller.show());
  return router;
}
