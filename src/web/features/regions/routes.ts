/**
 * Regions (issue 11): a region's overview (its forecast, each member council's, and the placement
 * mix, with an Excel download) and each member council's forecast as the region sees it. Behind
 * `regionAccess`: only people given the region; a council's own people never reach these pages.
 */
import { Router, type Application, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { param, regionActorOf } from '../../middleware/auth.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { CachedHtml, renderView, sendPage } from '../../components/render.ts';
import { tableView } from '../../components/tables.ts';
import type { CouncilForecast } from '../../../services/forecast.service.ts';
import type { RegionForecast, RegionsService } from '../../../services/regions.service.ts';
import { forecastChart, horizonTables, seriesTable } from '../forecast/presenter.ts';
import { mixTable } from '../sufficiency/presenter.ts';
import {
  capacityMembersTable,
  capacityMonthsTable,
  capacityYearsTable,
  horizonOf,
  membersTable,
  sumsOfMembers,
} from './presenter.ts';
import { CAPACITY_KINDS } from '../../../domain/sufficiency/regionalCapacity.ts';

const TOTAL = { kind: 'total' } as const;

function regionsController(regions: RegionsService) {
  // The figures depend only on the cached forecasts (no request data): rendered once each.
  const overviewFragments = new WeakMap<RegionForecast, Promise<CachedHtml>>();
  const memberFragments = new WeakMap<CouncilForecast, Promise<CachedHtml>>();

  function cached<K extends object>(
    map: WeakMap<K, Promise<CachedHtml>>,
    key: K,
    render: () => Promise<string>,
  ): Promise<CachedHtml> {
    let html = map.get(key);
    if (!html) {
      html = render().then((h) => new CachedHtml(h.replace(/>\s+</g, '> <')));
      map.set(key, html);
      html.catch(() => map.delete(key));
    }
    return html;
  }

  function overviewHtml(app: Application, rf: RegionForecast): Promise<CachedHtml> {
    return cached(overviewFragments, rf, async () => {
      const horizon = horizonTables(rf.pooled, TOTAL);
      return renderView(app, 'regions/views/overviewFigures.njk', {
        rf,
        horizonMonth: horizonOf(rf),
        sums: sumsOfMembers(rf),
        forecastChart:
          rf.pooled.months.length > 0 ? await forecastChart(rf.pooled, TOTAL, seriesTable(rf.pooled, TOTAL)) : null,
        members: tableView(membersTable(rf)),
        byCategory: tableView(horizon.byCategory),
        mix: tableView(mixTable({ mix: rf.mix })),
        memberLinks: rf.members.map((m) => ({
          text: `${m.councilName} (${m.laCode})`,
          href: paths.regions.member.build({ region: rf.region.regionCode, la: m.laCode }),
        })),
      });
    });
  }

  function memberHtml(app: Application, f: CouncilForecast): Promise<CachedHtml> {
    return cached(memberFragments, f, async () => {
      const horizon = horizonTables(f, TOTAL);
      return renderView(app, 'regions/views/memberFigures.njk', {
        forecast: f,
        forecastChart: await forecastChart(f, TOTAL, seriesTable(f, TOTAL)),
        series: tableView(horizon.series),
        byCategory: tableView(horizon.byCategory),
      });
    });
  }

  return {
    overview(): RequestHandler {
      return async (req, res) => {
        const actor = regionActorOf(req);
        const rf = await regions.forecast(actor, actor.regionCode);
        if (wantsXlsx(req)) {
          return sendXlsx(
            res,
            `forecare-region-${rf.region.regionCode}`,
            [
              membersTable(rf),
              seriesTable(rf.pooled, TOTAL),
              horizonTables(rf.pooled, TOTAL).byCategory,
              mixTable({ mix: rf.mix }),
            ],
            { title: `Regional forecast: ${rf.region.name}`, council: rf.region.name },
          );
        }
        await sendPage(res, 'regions/views/index.njk', {
          pageTitle: `Region: ${rf.region.name}`,
          rf,
          figuresHtml: rf.pooled.hasData ? await overviewHtml(req.app, rf) : '',
          xlsxHref: paths.regions.index.build({ region: rf.region.regionCode }, { format: 'xlsx' }),
        });
      };
    },
    capacity(): RequestHandler {
      return async (req, res) => {
        const actor = regionActorOf(req);
        const rc = await regions.capacity(actor, actor.regionCode);
        const years = CAPACITY_KINDS.map((k) => capacityYearsTable(rc, k));
        const months = CAPACITY_KINDS.map((k) => capacityMonthsTable(rc, k));
        if (wantsXlsx(req)) {
          return sendXlsx(
            res,
            `forecare-region-${rc.region.regionCode}-capacity`,
            [capacityMembersTable(rc), ...years, ...months],
            { title: `Capacity against demand: ${rc.region.name}`, council: rc.region.name },
          );
        }
        await sendPage(res, 'regions/views/capacity.njk', {
          pageTitle: `Capacity against demand: ${rc.region.name}`,
          rc,
          members: tableView(capacityMembersTable(rc)),
          years: years.map((t) => tableView(t)),
          months: months.map((t) => tableView(t)),
          overviewHref: paths.regions.index.build({ region: rc.region.regionCode }),
          xlsxHref: paths.regions.capacity.build({ region: rc.region.regionCode }, { format: 'xlsx' }),
        });
      };
    },
    member(): RequestHandler {
      return async (req, res) => {
        const actor = regionActorOf(req);
        const figures = await regions.memberForecast(actor, actor.regionCode, param(req, 'la'));
        const { region } = await regions.region(actor, actor.regionCode);
        const f = figures.forecast;
        if (wantsXlsx(req)) {
          const horizon = horizonTables(f, TOTAL);
          return sendXlsx(
            res,
            `forecare-region-${region.regionCode}-${figures.laCode}`,
            [seriesTable(f, TOTAL), horizon.series, horizon.byCategory],
            { title: `Forecast: ${figures.councilName}`, council: figures.councilName },
          );
        }
        await sendPage(res, 'regions/views/member.njk', {
          pageTitle: `${figures.councilName}: forecast in ${region.name}`,
          region,
          figures,
          figuresHtml: f.hasData ? await memberHtml(req.app, f) : '',
          xlsxHref: paths.regions.member.build({ region: region.regionCode, la: figures.laCode }, { format: 'xlsx' }),
        });
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const controller = regionsController(services.regions);
  router.get(paths.regions.index.pattern, controller.overview());
  router.get(paths.regions.capacity.pattern, controller.capacity());
  router.get(paths.regions.member.pattern, controller.member());
  return router;
}
