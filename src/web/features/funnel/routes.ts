/**
 * Front door (issue 12): the funnel from contacts to entries to care by month or year, conversion
 * rates, re-referrals, child protection plans by category and duration, entries to care by what
 * came before them, rates per 10,000 children; Excel download of its tables.
 */
import { Router, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf } from '../../middleware/auth.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import { UserInputError } from '../../../services/errors.ts';
import type { FunnelService, FunnelView } from '../../../services/funnel.ts';
import { conversionsTable, plansTable, ratesTable, routesTable, stagesTable } from './presenter.ts';

const query = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function funnelController(funnel: FunnelService) {
  return {
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const asked = { from: query(req.query.from), to: query(req.query.to), grain: query(req.query.by) ?? 'month' };
        let view: FunnelView | null;
        let error: { field: string; text: string } | undefined;
        try {
          view = await funnel.view(actor, actor.laCode, {
            ...(asked.from ? { from: asked.from } : {}),
            ...(asked.to ? { to: asked.to } : {}),
            grain: asked.grain,
          });
        } catch (err) {
          if (!(err instanceof UserInputError)) throw err;
          error = { field: err.field, text: err.message };
          // Show the default range beside the error, when there is data to show.
          view = await funnel.view(actor, actor.laCode).catch((e: unknown) => {
            if (e instanceof UserInputError) return null;
            throw e;
          });
        }
        const tables = view
          ? [
              stagesTable(view),
              conversionsTable(view),
              ...(view.grain === 'year' ? [ratesTable(view)] : []),
              plansTable(view),
              routesTable(view),
            ]
          : [];
        if (view && wantsXlsx(req))
          return sendXlsx(res, `forecare-funnel-${actor.laCode}-${view.from}-${view.to}`, tables, {
            title: 'Front door',
            council: res.locals.council?.name,
          });
        res.render('funnel/views/index.njk', {
          pageTitle: 'Front door',
          view,
          error,
          asked,
          tables: tables.map((t) => tableView(t)),
          xlsxHref: view
            ? paths.funnel.index.build(
                { la: actor.laCode },
                { from: view.from, to: view.to, by: view.grain, format: 'xlsx' },
              )
            : undefined,
        });
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const c = funnelController(services.funnel);
  router.get(paths.funnel.index.pattern, c.show());
  return router;
}
