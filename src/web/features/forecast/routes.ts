/**
 * Forecast: children looked after month by month with 80% and 95% intervals (total, category or
 * age band) and the entry rates; the rates page has every fitted rate with its events and exposure.
 */
import { Router, type Application, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import type { PlatformOptions } from '../../types.ts';
import { figuresGate, type FiguresGate } from '../../components/figures.ts';
import { paths } from '../../paths.ts';
import { actorOf } from '../../middleware/auth.ts';
import { HttpError } from '../../middleware/errors.ts';
import { formErrors, inputErrors } from '../../middleware/flash.ts';
import { formatDate } from '../../components/format.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { CachedHtml, renderView, sendPage } from '../../components/render.ts';
import { tableView } from '../../components/tables.ts';
import { ANALYST_ROLES } from '../../../services/access.ts';
import { ageMixNote } from '../../../services/forecast.ts';
import { PLACEMENT_CATEGORY_LABELS } from '../../../domain/placementCategories.ts';
import { DEFAULT_AGE_BANDS } from '../../../domain/ageBands.ts';
import {
  BACKTEST,
  FORECAST_DEFAULTS,
  PARAM_LIMITS,
  parseForecastParams,
  parseSeries,
  seriesValue,
  type CouncilBacktest,
  type CouncilForecast,
  type ForecastParams,
  type ForecastService,
  type ForecastSeries,
} from '../../../services/forecast.service.ts';
import {
  backtestByCategoryTable,
  backtestChart,
  backtestTables,
  forecastChart,
  horizonTables,
  movementTables,
  ratesTables,
  seriesTable,
  type BacktestSeries,
} from './presenter.ts';

/** The query of a forecast page (defaults left out, so default URLs stay short and cacheable). */
export function forecastQuery(
  params: ForecastParams,
  series: ForecastSeries,
): Record<string, string | number | undefined> {
  const q: Record<string, string | number | undefined> = {};
  if (seriesValue(series) !== 'total') q.show = seriesValue(series);
  for (const k of ['months', 'referenceMonths', 'runs', 'seed', 'entryModel'] as const)
    if (params[k] !== FORECAST_DEFAULTS[k]) q[k] = params[k];
  return q;
}

/** The service's words as a sentence: a capital first letter (null stays null). */
function sentence(words: string | null): string | null {
  return words === null ? null : `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
}

/** A backtest page's URL with its origins (left out when they are the default ones). */
function backtestHref(la: string, b: CouncilBacktest, query: Record<string, string | undefined>): string {
  const base = paths.forecast.backtest.build({ la }, query);
  if (b.isDefault) return base;
  const origins = b.cutoffs.map((o) => `origin=${encodeURIComponent(o)}`).join('&');
  return `${base}${base.includes('?') ? '&' : '?'}${origins}`;
}

function forecastController(forecasts: ForecastService, figures: FiguresGate) {
  // The chart and tables depend only on the cached forecast and the series shown (no request
  // data), so their HTML is rendered once per pair and dropped with the forecast.
  const fragments = new WeakMap<CouncilForecast, Map<string, Promise<CachedHtml>>>();
  function figuresHtml(app: Application, f: CouncilForecast, s: ForecastSeries): Promise<CachedHtml> {
    let bySeries = fragments.get(f);
    if (!bySeries) fragments.set(f, (bySeries = new Map()));
    const key = seriesValue(s);
    let html = bySeries.get(key);
    if (!html) {
      const horizon = horizonTables(f, s);
      const rates = f.rates ? ratesTables(f.rates) : null;
      const movement = f.movement ? movementTables(f.movement) : null;
      html = forecastChart(f, s, seriesTable(f, s))
        .then((forecastChartView) =>
          renderView(app, 'forecast/views/figures.njk', {
            forecast: f,
            forecastChart: forecastChartView,
            horizon: {
              series: tableView(horizon.series),
              byCategory: tableView(horizon.byCategory),
              byAgeBand: tableView(horizon.byAgeBand),
            },
            rates: rates ? { entries: tableView(rates.entries) } : null,
            movement: movement
              ? {
                  years: tableView(movement.years, { sortable: false }),
                  window: tableView(movement.window, { sortable: false }),
                  note: sentence(f.movement ? ageMixNote(f.movement) : null),
                }
              : null,
            ratesHref: paths.forecast.rates.build({ la: f.laCode }, forecastQuery(f.params, { kind: 'total' })),
          }),
        )
        // Whitespace between tags is collapsed (the fragment holds no <pre> or <textarea>).
        .then((h) => new CachedHtml(h.replace(/>\s+</g, '> <')));
      bySeries.set(key, html);
      const map = bySeries;
      html.catch(() => map.delete(key));
    }
    return html;
  }

  const ratesFragments = new WeakMap<CouncilForecast, Promise<CachedHtml>>();
  function ratesHtml(app: Application, f: CouncilForecast): Promise<CachedHtml> {
    let html = ratesFragments.get(f);
    if (!html) {
      const t = f.rates ? ratesTables(f.rates) : null;
      html = renderView(app, 'forecast/views/ratesTables.njk', {
        rates: t
          ? {
              entries: tableView(t.entries),
              exits: tableView(t.exits),
              transitions: tableView(t.transitions),
              exposure: tableView(t.exposure),
            }
          : null,
      }).then((h) => new CachedHtml(h.replace(/>\s+</g, '> <')));
      ratesFragments.set(f, html);
      html.catch(() => ratesFragments.delete(f));
    }
    return html;
  }

  return {
    /**
     * How the model would have done: fitted as of earlier origins (chosen on the page; default one
     * and two years back), compared with what happened, in total or for one placement category.
     */
    backtest(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const query = req.query as Record<string, unknown>;
        const errors: Record<string, string> = {};
        const raw = query.origin;
        const origins = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
          .filter((o): o is string => typeof o === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(o))
          .slice(0, 20);
        const show = typeof query.show === 'string' ? query.show : 'total';
        const category = show.startsWith('category:') ? show.slice('category:'.length) : null;
        let series: BacktestSeries = { kind: 'total' };
        if (category && category in PLACEMENT_CATEGORY_LABELS) series = { kind: 'category', key: category };
        else if (show !== 'total') errors.show = 'Choose what to show from the list';
        let b;
        try {
          b = await forecasts.backtest(actor, actor.laCode, origins);
        } catch (err) {
          errors.origins = inputErrors(err).list[0]?.text ?? 'Choose origins from the list';
          b = await forecasts.backtest(actor, actor.laCode);
        }
        const t = backtestTables(b);
        const byCategory = backtestByCategoryTable(b);
        if (wantsXlsx(req)) {
          if (!b.result) throw new HttpError(404, 'There is no backtest to download', 'Upload SSDA903 returns first.');
          return sendXlsx(res, `forecare-backtest-${actor.laCode}`, [t.summary, byCategory, t.months], {
            title: 'Backtest',
            council: res.locals.council?.name,
          });
        }
        const chosen = new Set(b.cutoffs);
        const here = { origin: undefined, show: show === 'total' ? undefined : show };
        res.render('forecast/views/backtest.njk', {
          pageTitle: 'Backtest',
          backtest: b,
          backtestChartView: await backtestChart(b, series),
          originItems: b.available.map((o) => ({ value: o, text: formatDate(o), checked: chosen.has(o) })),
          showItems: [
            { value: 'total', text: 'All children looked after' },
            ...Object.entries(PLACEMENT_CATEGORY_LABELS).map(([k, text]) => ({ value: `category:${k}`, text })),
          ].map((i) => ({
            ...i,
            selected: i.value === (series.kind === 'total' ? 'total' : `category:${series.key}`),
          })),
          maxOrigins: BACKTEST.maxOrigins,
          ...(Object.keys(errors).length > 0 ? { flash: { errors: formErrors(errors) } } : {}),
          summaryView: tableView(t.summary),
          byCategoryView: tableView(byCategory),
          monthsView: tableView(t.months),
          forecastHref: paths.forecast.index.build({ la: actor.laCode }),
          xlsxHref: backtestHref(actor.laCode, b, { ...here, format: 'xlsx' }),
        });
      };
    },
    /** The fitted rates behind a forecast (same parameters), with the events and exposure of each. */
    rates(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const { params, errors } = parseForecastParams(req.query as Record<string, unknown>);
        const ready = await figures.within(req, forecasts.forecast(actor, actor.laCode, params));
        if (!ready.ready) return figures.progress(req, res, { pageTitle: 'Fitted rates', figures: 'The forecast' });
        const f = ready.value;
        const here = forecastQuery(params, { kind: 'total' });
        if (wantsXlsx(req)) {
          if (!f.rates) throw new HttpError(404, 'There are no rates to download', 'Upload SSDA903 returns first.');
          const t = ratesTables(f.rates);
          return sendXlsx(res, `forecare-rates-${actor.laCode}`, [t.entries, t.exits, t.transitions, t.exposure], {
            title: 'Fitted rates',
            council: res.locals.council?.name,
          });
        }
        await sendPage(res, 'forecast/views/rates.njk', {
          pageTitle: 'Fitted rates',
          forecast: f,
          ...(Object.keys(errors).length > 0 ? { flash: { errors: formErrors(errors) } } : {}),
          ratesHtml: f.hasData ? await ratesHtml(req.app, f) : '',
          forecastHref: paths.forecast.index.build({ la: actor.laCode }, here),
          xlsxHref: paths.forecast.rates.build({ la: actor.laCode }, { ...here, format: 'xlsx' }),
        });
      };
    },
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
        const ready = await figures.within(req, forecasts.forecast(actor, actor.laCode, params));
        if (!ready.ready) return figures.progress(req, res, { pageTitle: 'Forecast', figures: 'The forecast' });
        const f = ready.value;
        if (wantsXlsx(req)) {
          if (!f.hasData) throw new HttpError(404, 'There is no forecast to download', 'Upload SSDA903 returns first.');
          const horizon = horizonTables(f, series);
          const rates = f.rates ? ratesTables(f.rates) : null;
          const movement = f.movement ? movementTables(f.movement) : null;
          const tables = [
            seriesTable(f, series),
            horizon.series,
            horizon.byCategory,
            horizon.byAgeBand,
            ...(movement ? [movement.years, movement.window] : []),
            ...(rates ? [rates.entries, rates.exits, rates.transitions, rates.exposure] : []),
          ];
          return sendXlsx(res, `forecare-forecast-${actor.laCode}`, tables, {
            title: 'Forecast',
            council: res.locals.council?.name,
          });
        }
        const here = forecastQuery(params, series);
        await sendPage(res, 'forecast/views/index.njk', {
          pageTitle: 'Forecast',
          forecast: f,
          canRun,
          params,
          limits: PARAM_LIMITS,
          series: seriesValue(series),
          seriesItems: [
            { value: 'total', text: 'All children looked after' },
            ...Object.entries(PLACEMENT_CATEGORY_LABELS).map(([k, text]) => ({
              value: `category:${k}`,
              text: `Placement: ${text}`,
            })),
            ...DEFAULT_AGE_BANDS.map((b) => ({ value: `ageband:${b.key}`, text: `Age band: ${b.label}` })),
          ].map((i) => ({ ...i, selected: i.value === seriesValue(series) })),
          values: query,
          // Advanced options start open when one of them is not the default or is in error.
          advancedOpen: (['referenceMonths', 'runs', 'seed', 'entryModel'] as const).some(
            (k) => params[k] !== FORECAST_DEFAULTS[k] || errors[k] !== undefined,
          ),
          ...(Object.keys(errors).length > 0 ? { flash: { errors: formErrors(errors) } } : {}),
          figuresHtml: f.hasData ? await figuresHtml(req.app, f, series) : '',
          xlsxHref: paths.forecast.index.build({ la: actor.laCode }, { ...here, format: 'xlsx' }),
        });
      };
    },
  };
}

export default function routes(services: Services, platform: PlatformOptions): Router {
  const router = Router();
  const controller = forecastController(services.forecast, figuresGate(services.background, platform.figuresWaitMs));
  router.get(paths.forecast.index.pattern, controller.show());
  router.get(paths.forecast.rates.pattern, controller.rates());
  router.get(paths.forecast.backtest.pattern, controller.backtest());
  return router;
}
