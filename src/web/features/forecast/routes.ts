/** Forecast: children looked after month by month with 80% and 95% intervals, and the fitted rates. */
import { Router, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf } from '../../middleware/auth.ts';
import { HttpError } from '../../middleware/errors.ts';
import { formErrors } from '../../middleware/flash.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import type { ChartView } from '../../components/charts.ts';
import { tableView } from '../../components/tables.ts';
import { ANALYST_ROLES } from '../../../services/audit.ts';
import { PLACEMENT_CATEGORY_LABELS } from '../../../domain/placementCategories.ts';
import { DEFAULT_AGE_BANDS } from '../../../domain/ageBands.ts';
import {
  FORECAST_DEFAULTS,
  PARAM_LIMITS,
  parseForecastParams,
  parseSeries,
  seriesValue,
  type CouncilForecast,
  type ForecastParams,
  type ForecastService,
  type ForecastSeries,
} from './forecast.service.ts';
import { forecastChart, horizonTables, ratesTables, seriesTable } from './presenter.ts';

/** The query of a forecast page (defaults left out, so default URLs stay short and cacheable). */
export function forecastQuery(params: ForecastParams, series: ForecastSeries): Record<string, string | number | undefined> {
  const q: Record<string, string | number | undefined> = {};
  if (seriesValue(series) !== 'total') q.show = seriesValue(series);
  for (const k of ['months', 'referenceMonths', 'runs', 'seed', 'entryModel'] as const) if (params[k] !== FORECAST_DEFAULTS[k]) q[k] = params[k];
  return q;
}

function forecastController(forecasts: ForecastService) {
  // Charts depend only on the cached forecast and the series shown: rendered once per pair.
  const charts = new WeakMap<CouncilForecast, Map<string, Promise<ChartView>>>();
  function chartFor(f: CouncilForecast, s: ForecastSeries): Promise<ChartView> {
    let bySeries = charts.get(f);
    if (!bySeries) charts.set(f, (bySeries = new Map()));
    const key = seriesValue(s);
    let c = bySeries.get(key);
    if (!c) {
      c = forecastChart(f, s, seriesTable(f, s));
      bySeries.set(key, c);
      const map = bySeries;
      c.catch(() => map.delete(key));
    }
    return c;
  }

  return {
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const query = req.query as Record<string, unknown>;
        const { params, errors } = parseForecastParams(query);
        let series = parseSeries(query.show);
        if (!series) {
          errors.show = 'Choose what to show from the list';
          series = { kind: 'total' };
        }
        const canRun = ANALYST_ROLES.includes(actor.role);
        const f = await forecasts.forecast(actor, actor.laCode, params);
        const sTable = seriesTable(f, series);
        const horizon = horizonTables(f);
        const rates = f.rates ? ratesTables(f.rates) : null;
        if (wantsXlsx(req)) {
          if (!f.hasData) throw new HttpError(404, 'There is no forecast to download', 'Upload SSDA903 returns first.');
          const tables = [sTable, horizon.byCategory, horizon.byAgeBand, ...(rates ? [rates.entries, rates.exits, rates.transitions, rates.exposure] : [])];
          return sendXlsx(res, `forecare-forecast-${actor.laCode}`, tables, { title: 'Forecast', council: res.locals.council?.name });
        }
        const here = forecastQuery(params, series);
        res.render('forecast/views/index.njk', {
          pageTitle: 'Forecast',
          forecast: f,
          canRun,
          params,
          limits: PARAM_LIMITS,
          series: seriesValue(series),
          seriesItems: [
            { value: 'total', text: 'All children looked after' },
            ...Object.entries(PLACEMENT_CATEGORY_LABELS).map(([k, text]) => ({ value: `category:${k}`, text: `Placement: ${text}` })),
            ...DEFAULT_AGE_BANDS.map((b) => ({ value: `ageband:${b.key}`, text: `Age band: ${b.label}` })),
          ].map((i) => ({ ...i, selected: i.value === seriesValue(series) })),
          values: query,
          ...(Object.keys(errors).length > 0 ? { flash: { errors: formErrors(errors) } } : {}),
          forecastChart: f.hasData ? await chartFor(f, series) : null,
          horizon: { byCategory: tableView(horizon.byCategory), byAgeBand: tableView(horizon.byAgeBand) },
          rates: rates
            ? { entries: tableView(rates.entries), exits: tableView(rates.exits), transitions: tableView(rates.transitions), exposure: tableView(rates.exposure) }
            : null,
          xlsxHref: paths.forecast.index.build({ la: actor.laCode }, { ...here, format: 'xlsx' }),
        });
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const controller = forecastController(services.forecast);
  router.get(paths.forecast.index.pattern, controller.show());
  return router;
}
