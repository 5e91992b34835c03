/** The Forecast page's tables and chart (view models for the templates and the Excel download). */
import type { TopLevelSpec } from 'vega-lite';
import { DEFAULT_AGE_BANDS } from '../../../domain/ageBands.ts';
import { EXIT_ROUTE_LABELS, type ExitRoute } from '../../../domain/exitRoutes.ts';
import type { FittedRates } from '../../../domain/engine/rates.ts';
import { PLACEMENT_CATEGORY_LABELS, type PlacementCategory } from '../../../domain/placementCategories.ts';
import type { Quantiles } from '../../../domain/stats/quantiles.ts';
import type { Stock } from '../../../domain/stock.ts';
import { absPctError, type HorizonResult } from '../../../domain/engine/backtest.ts';
import { renderChart, type ChartView } from '../../components/charts.ts';
import { formatDate, formatNumber } from '../../components/format.ts';
import type { Column, DataTable } from '../../components/tables.ts';
import type { ForecastMovement } from '../../../services/forecast.ts';
import {
  seriesOf,
  type CouncilBacktest,
  type CouncilForecast,
  type ForecastSeries,
} from '../../../services/forecast.service.ts';

const DAYS_PER_YEAR = 365.25;

export function categoryLabel(c: string): string {
  return PLACEMENT_CATEGORY_LABELS[c as PlacementCategory] ?? c;
}

export function ageBandLabel(key: string): string {
  return DEFAULT_AGE_BANDS.find((b) => b.key === key)?.label ?? key;
}

export function seriesLabel(s: ForecastSeries): string {
  if (s.kind === 'total') return 'all children looked after';
  return s.kind === 'category' ? categoryLabel(s.key) : `aged ${ageBandLabel(s.key)}`;
}

const INTERVAL_COLUMNS: readonly Column[] = [
  { header: 'Median', format: 'integer' },
  { header: '80% interval: low (10th percentile)', format: 'integer' },
  { header: '80% interval: high (90th percentile)', format: 'integer' },
  { header: '95% interval: low (2.5th percentile)', format: 'integer' },
  { header: '95% interval: high (97.5th percentile)', format: 'integer' },
  { header: 'Mean', format: 'decimal1' },
];

function intervalCells(q: Quantiles): number[] {
  return [q.p50, q.p10, q.p90, q.p2_5, q.p97_5, q.mean];
}

/** One series' count in a month-end stock of the history. */
export function historyValue(stock: Stock, s: ForecastSeries): number {
  if (s.kind === 'total') return stock.total;
  return (s.kind === 'category' ? stock.byCategory[s.key as PlacementCategory] : stock.byAgeBand[s.key]) ?? 0;
}

/**
 * Children looked after at each month end for one series: the history (actual) before the
 * forecast, then the forecast with its intervals. The chart's data and an Excel sheet.
 */
export function seriesTable(f: CouncilForecast, s: ForecastSeries): DataTable {
  const blank = [null, null, null, null, null, null];
  return {
    caption: `Children looked after at each month end, actual then forecast: ${seriesLabel(s)}`,
    sheetName: 'Forecast by month',
    columns: [{ header: 'Month end', format: 'date' }, { header: 'Actual', format: 'integer' }, ...INTERVAL_COLUMNS],
    rows: [
      ...f.history.map((h) => [h.date, historyValue(h, s), ...blank]),
      ...f.months.map((m) => [m.monthEnd, null, ...intervalCells(seriesOf(m, s))]),
    ],
  };
}

/**
 * The month ends the year-end tables show: every 31 March of the forecast, and its last month
 * when that is not a 31 March.
 */
export function yearEnds(f: CouncilForecast): CouncilForecast['months'] {
  const ends = f.months.filter((m) => m.monthEnd.endsWith('-03-31'));
  const last = f.months[f.months.length - 1];
  return last && !last.monthEnd.endsWith('-03-31') ? [...ends, last] : ends;
}

/**
 * The forecast at each 31 March (and the end of the forecast): one row a date for the series
 * shown, with its intervals; and by placement category and age band, the children looked after on
 * the start date beside the median at each 31 March.
 */
export function horizonTables(
  f: CouncilForecast,
  s: ForecastSeries = { kind: 'total' },
): { series: DataTable; byCategory: DataTable; byAgeBand: DataTable } {
  const ends = yearEnds(f);
  const start = f.history[f.history.length - 1];
  const startHeader = f.start ? `${formatDate(f.start)} (actual)` : 'Start (actual)';
  const endColumns: Column[] = [
    { header: startHeader, format: 'integer' },
    ...ends.map((m) => ({ header: `${formatDate(m.monthEnd)} (median)`, format: 'integer' as const })),
  ];
  return {
    series: {
      caption: `Forecast on each 31 March: ${seriesLabel(s)}`,
      sheetName: 'Forecast each 31 March',
      columns: [{ header: 'Date', format: 'date' }, ...INTERVAL_COLUMNS],
      rows: ends.map((m) => [m.monthEnd, ...intervalCells(seriesOf(m, s))]),
    },
    byCategory: {
      caption: 'Children looked after by placement category on each 31 March (forecast medians)',
      sheetName: 'By category each 31 March',
      columns: [{ header: 'Placement category' }, ...endColumns],
      rows: Object.keys(f.months[0]?.byCategory ?? {}).map((c) => [
        categoryLabel(c),
        start ? (start.byCategory[c as PlacementCategory] ?? 0) : null,
        ...ends.map((m) => m.byCategory[c]?.p50 ?? null),
      ]),
    },
    byAgeBand: {
      caption: 'Children looked after by age band on each 31 March (forecast medians)',
      sheetName: 'By age band each 31 March',
      columns: [{ header: 'Age band' }, ...endColumns],
      rows: Object.keys(f.months[0]?.byAgeBand ?? {}).map((b) => [
        ageBandLabel(b),
        start ? (start.byAgeBand[b] ?? 0) : null,
        ...ends.map((m) => m.byAgeBand[b]?.p50 ?? null),
      ]),
    },
  };
}

/**
 * Why the forecast moves (issue 13), from the service's forecastMovement (the CLI's figures): the
 * expected path's children at the start of each forecast year, entries, leavers before 18, those
 * turning 18 and children at the end, then the same flows a year in the reference window.
 */
export function movementTables(mv: ForecastMovement): { years: DataTable; window: DataTable } {
  const flows: Column[] = [
    { header: 'Entries', format: 'integer' },
    { header: 'Leaving care before 18', format: 'integer' },
    { header: 'Turning 18', format: 'integer' },
  ];
  const w = mv.referenceWindow;
  return {
    years: {
      caption:
        'Why the forecast moves: children at the start, plus entries, less those leaving care, year by year (expected path)',
      sheetName: 'Why the forecast moves',
      columns: [
        { header: 'Year to', format: 'month' },
        { header: 'At the start', format: 'integer' },
        ...flows,
        { header: 'At the end', format: 'integer' },
        { header: 'Change', format: 'integer' },
      ],
      rows: mv.years.map((y) => [
        y.to,
        y.start,
        y.entries,
        y.leavingBefore18,
        y.turning18,
        y.end,
        // As the CLI: the change between the unrounded figures (shown whole).
        Math.round((y.end - y.start) * 10) / 10,
      ]),
    },
    window: {
      caption: 'The same flows a year in the reference window the rates were fitted over',
      sheetName: 'Flows a year in the window',
      columns: [...flows, { header: 'Entry trend', format: 'text' }],
      rows: [
        [w.entries, w.leavingBefore18, w.turning18, mv.entryTrendPercentPerYear.map((t) => `${t}% a year`).join(', ')],
      ],
    },
  };
}

export interface RatesTables {
  readonly entries: DataTable;
  readonly exits: DataTable;
  readonly transitions: DataTable;
  readonly exposure: DataTable;
}

/**
 * The fitted rates with the events and exposure behind each (rate = events / exposure, shown per
 * year: × 365.25). Entries are per year of the window; exits and moves per child-year in care.
 */
export function ratesTables(r: FittedRates): RatesTables {
  const nC = r.categories.length;
  const nR = r.routes.length;
  const window = `${formatDate(r.referenceStart)} to ${formatDate(r.start)}`;
  const exitWindow = `${formatDate(r.exitReferenceStart)} to ${formatDate(r.start)}`;
  const entries: (string | number)[][] = [];
  const exits: (string | number)[][] = [];
  const transitions: (string | number)[][] = [];
  const exposure: (string | number)[][] = [];
  r.ageBands.forEach((band, b) => {
    r.categories.forEach((category, c) => {
      const e = r.entries[b * nC + c];
      if (e && e.events > 0)
        entries.push([band.label, categoryLabel(category), e.events, e.exposureDays, e.ratePerDay * DAYS_PER_YEAR]);
      const x = r.exposure[b * nC + c] ?? 0;
      if (x > 0)
        exposure.push([band.label, categoryLabel(category), x, r.exitReferenceDays > 0 ? x / r.exitReferenceDays : 0]);
      r.categories.forEach((to, t) => {
        const cell = r.transitions[(b * nC + c) * nC + t];
        if (cell && cell.events > 0)
          transitions.push([
            band.label,
            categoryLabel(category),
            categoryLabel(to),
            cell.events,
            cell.exposureDays,
            cell.ratePerDay * DAYS_PER_YEAR,
          ]);
      });
      r.routes.forEach((route, q) => {
        const cell = r.exits[(b * nC + c) * nR + q];
        if (cell && cell.events > 0)
          exits.push([
            band.label,
            categoryLabel(category),
            EXIT_ROUTE_LABELS[route as ExitRoute] ?? route,
            cell.events,
            cell.exposureDays,
            cell.ratePerDay * DAYS_PER_YEAR,
          ]);
      });
    });
  });
  return {
    entries: {
      caption: `Entries to care by age band and first placement, ${window} (${formatNumber(r.referenceDays)} days)`,
      sheetName: 'Entry rates',
      columns: [
        { header: 'Age band at entry' },
        { header: 'First placement category' },
        { header: 'Entries', format: 'integer' },
        { header: 'Days in window (exposure)', format: 'integer' },
        { header: 'Entries a year', format: 'decimal2' },
      ],
      rows: entries,
    },
    exits: {
      caption: `Exits from care by age band, placement and route, ${exitWindow}`,
      sheetName: 'Exit rates',
      columns: [
        { header: 'Age band' },
        { header: 'Placement category' },
        { header: 'Route out of care' },
        { header: 'Exits', format: 'integer' },
        { header: 'Child-days in care (exposure)', format: 'integer' },
        { header: 'Exits per child-year', format: 'decimal2' },
      ],
      rows: exits,
    },
    transitions: {
      caption: `Moves between placement categories, ${exitWindow}`,
      sheetName: 'Move rates',
      columns: [
        { header: 'Age band' },
        { header: 'From' },
        { header: 'To' },
        { header: 'Moves', format: 'integer' },
        { header: 'Child-days in the from category (exposure)', format: 'integer' },
        { header: 'Moves per child-year', format: 'decimal2' },
      ],
      rows: transitions,
    },
    exposure: {
      caption: `Child-days in care by age band and placement, ${exitWindow}`,
      sheetName: 'Exposure',
      columns: [
        { header: 'Age band' },
        { header: 'Placement category' },
        { header: 'Child-days', format: 'integer' },
        { header: 'Average children', format: 'decimal1' },
      ],
      rows: exposure,
    },
  };
}

/** The forecast chart's four kinds of mark, in the legend's order, with their colours. */
const FORECAST_LEGEND = {
  domain: ['Actual', 'Forecast (median)', '80% interval', '95% interval'],
  range: ['#0b0c0c', '#1d70b8', '#7eb2dd', '#c5dcef'],
};

/**
 * The forecast chart: the history (actual, month by month up to the start), then the median
 * line with the 80% and 95% bands, which start from the actual count on the start date; the
 * month table beside it.
 */
export function forecastChart(f: CouncilForecast, s: ForecastSeries, table: DataTable): Promise<ChartView> {
  const history = f.history.map((h) => ({ month: h.date, actual: historyValue(h, s) }));
  const atStart = history[history.length - 1];
  const forecast = f.months.map((m) => {
    const q = seriesOf(m, s);
    return { month: m.monthEnd, p2_5: q.p2_5, p10: q.p10, p50: q.p50, p90: q.p90, p97_5: q.p97_5 };
  });
  // The bands and the median start from the actual count on the start date, so they join the history.
  const joined =
    atStart && f.start
      ? [
          {
            month: f.start,
            p2_5: atStart.actual,
            p10: atStart.actual,
            p50: atStart.actual,
            p90: atStart.actual,
            p97_5: atStart.actual,
          },
          ...forecast,
        ]
      : forecast;
  const first = forecast[0];
  const last = forecast[forecast.length - 1];
  const x = {
    field: 'month',
    type: 'temporal',
    title: 'Month end',
    axis: { format: '%b %Y', labelAngle: 0, tickCount: 8 },
  } as const;
  const color = (label: string) =>
    ({
      datum: label,
      type: 'nominal',
      title: null,
      scale: FORECAST_LEGEND,
      legend: { orient: 'bottom', direction: 'horizontal', columns: 4 },
    }) as const;
  const y = (field: string) =>
    ({ field, type: 'quantitative', title: 'Children looked after', scale: { zero: true } }) as const;
  const spec: TopLevelSpec = {
    width: 640,
    height: 300,
    layer: [
      {
        data: { values: joined },
        mark: { type: 'area' },
        encoding: { x, y: y('p2_5'), y2: { field: 'p97_5' }, color: color('95% interval') },
      },
      {
        data: { values: joined },
        mark: { type: 'area' },
        encoding: { x, y: y('p10'), y2: { field: 'p90' }, color: color('80% interval') },
      },
      {
        data: { values: joined },
        mark: { type: 'line', strokeWidth: 2.5 },
        encoding: { x, y: y('p50'), color: color('Forecast (median)') },
      },
      {
        data: { values: history },
        mark: { type: 'line', strokeWidth: 2.5 },
        encoding: { x, y: y('actual'), color: color('Actual') },
      },
    ],
  };
  const title = `Children looked after, actual and forecast: ${seriesLabel(s)}`;
  const firstHistory = history[0];
  const description =
    first && last
      ? (firstHistory && atStart
          ? `Actual from ${formatNumber(firstHistory.actual)} at ${formatDate(firstHistory.month)} to ${formatNumber(atStart.actual)} at ${formatDate(atStart.month)}; then the forecast: `
          : '') +
        `median from ${formatNumber(first.p50)} at ${formatDate(first.month)} to ${formatNumber(last.p50)} at ${formatDate(last.month)}; ` +
        `80% interval at the end ${formatNumber(last.p10)} to ${formatNumber(last.p90)}, 95% interval ${formatNumber(last.p2_5)} to ${formatNumber(last.p97_5)}. ` +
        'The black line is what happened, the blue line the forecast median, the darker band the 80% interval and the lighter band the 95% interval.'
      : 'No forecast.';
  return renderChart(spec, { title, description }, table, 'chart-forecast');
}

/** The backtest: one row per cutoff (accuracy and interval coverage), and every month compared. */
export function backtestTables(b: CouncilBacktest): { summary: DataTable; months: DataTable } {
  const r = b.result;
  return {
    summary: {
      caption: `Backtest: the model fitted as of each cutoff, its ${b.months}-month forecast against what happened`,
      sheetName: 'Backtest summary',
      columns: [
        { header: 'Cutoff', format: 'date' },
        { header: 'Entry model' },
        { header: 'Mean absolute error', format: 'percent' },
        { header: 'Months inside the 80% interval', format: 'percent' },
        { header: 'Months inside the 95% interval', format: 'percent' },
      ],
      rows: r
        ? [
            // Errors are percentages (0.8 = 0.8%): stored as fractions so they show with their % sign.
            ...r.cutoffs.map((c) => [c.cutoff, c.entryModel, c.mape / 100, c.coverage80, c.coverage95]),
            ['All cutoffs', '', r.mape / 100, r.coverage80, r.coverage95],
          ]
        : [],
    },
    months: {
      caption: 'Each month end after each cutoff: children looked after, forecast and actual',
      sheetName: 'Backtest by month',
      columns: [
        { header: 'Cutoff', format: 'date' },
        { header: 'Month', format: 'month' },
        { header: 'Actual', format: 'integer' },
        { header: 'Forecast (median)', format: 'integer' },
        { header: '80% interval: low', format: 'integer' },
        { header: '80% interval: high', format: 'integer' },
        { header: 'Absolute error (of the mean)', format: 'percent' },
        { header: 'Inside the 80% interval' },
        { header: 'Inside the 95% interval' },
      ],
      rows: r
        ? r.horizons.map((h) => [
            h.cutoff,
            h.month,
            h.actual,
            h.forecast.p50,
            h.forecast.p10,
            h.forecast.p90,
            h.absPctError / 100,
            h.inside80 ? 'Yes' : 'No',
            h.inside95 ? 'Yes' : 'No',
          ])
        : [],
    },
  };
}

/** The backtest's series: the total or one placement category. */
export type BacktestSeries = { readonly kind: 'total' } | { readonly kind: 'category'; readonly key: string };

/** One horizon of the series: what happened and the forecast. */
function backtestPoint(h: HorizonResult, s: BacktestSeries): { actual: number; forecast: Quantiles } | null {
  if (s.kind === 'total') return { actual: h.actual, forecast: h.forecast };
  return h.byCategory?.[s.key] ?? null;
}

/** Colours of the origins, oldest first (black is kept for what happened). */
const ORIGIN_COLOURS = ['#1d70b8', '#f47738', '#00703c', '#4c2c92', '#d4351c'];

/**
 * The backtest chart for one series: what happened at each month end (black), and from each
 * origin the forecast median with its 80% band, one colour an origin.
 */
export function backtestChart(b: CouncilBacktest, s: BacktestSeries): Promise<ChartView> | null {
  const r = b.result;
  if (!r) return null;
  const forecast: Array<{ month: string; origin: string; p10: number; p50: number; p90: number }> = [];
  const actualByMonth = new Map<string, number>();
  for (const c of r.cutoffs) {
    const origin = formatDate(c.cutoff);
    for (const h of c.horizons) {
      const p = backtestPoint(h, s);
      if (!p) continue;
      const month = `${h.month}-15`;
      forecast.push({ month, origin, p10: p.forecast.p10, p50: p.forecast.p50, p90: p.forecast.p90 });
      actualByMonth.set(month, p.actual);
    }
  }
  const actual = [...actualByMonth.entries()]
    .sort(([a], [b2]) => (a < b2 ? -1 : 1))
    .map(([month, n]) => ({ month, actual: n }));
  const origins = r.cutoffs.map((c) => formatDate(c.cutoff));
  const x = {
    field: 'month',
    type: 'temporal',
    title: 'Month',
    axis: { format: '%b %Y', labelAngle: 0, tickCount: 8 },
  } as const;
  const originColour = {
    field: 'origin',
    type: 'nominal',
    title: 'Forecast from',
    sort: origins,
    scale: { domain: origins, range: ORIGIN_COLOURS.slice(0, origins.length) },
    legend: { orient: 'bottom', direction: 'horizontal' },
  } as const;
  const spec: TopLevelSpec = {
    width: 640,
    height: 280,
    layer: [
      {
        data: { values: forecast },
        mark: { type: 'area', opacity: 0.25 },
        encoding: {
          x,
          y: { field: 'p10', type: 'quantitative', title: 'Children looked after', scale: { zero: true } },
          y2: { field: 'p90' },
          color: originColour,
        },
      },
      {
        data: { values: forecast },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { x, y: { field: 'p50', type: 'quantitative' }, color: originColour },
      },
      {
        data: { values: actual },
        mark: { type: 'line', strokeWidth: 2.5, color: '#0b0c0c', point: { filled: true, size: 30, color: '#0b0c0c' } },
        encoding: { x, y: { field: 'actual', type: 'quantitative' } },
      },
    ],
  };
  const label = s.kind === 'total' ? 'all children looked after' : categoryLabel(s.key);
  const description =
    r.cutoffs
      .map((c) => {
        const pts = c.horizons.map((h) => backtestPoint(h, s)).filter((p) => p !== null);
        const last = pts[pts.length - 1];
        return last
          ? `From ${formatDate(c.cutoff)}: forecast median ${formatNumber(last.forecast.p50)} after ${pts.length} months, actual ${formatNumber(last.actual)}`
          : `From ${formatDate(c.cutoff)}: no months`;
      })
      .join('; ') +
    '. The black line with dots is what happened; each coloured line is a forecast median with its 80% band.';
  const table: DataTable = {
    caption: `Backtest month by month: ${label}`,
    columns: [
      { header: 'Forecast from', format: 'date' },
      { header: 'Month', format: 'month' },
      { header: 'Actual', format: 'integer' },
      { header: 'Forecast (median)', format: 'integer' },
      { header: '80% interval: low', format: 'integer' },
      { header: '80% interval: high', format: 'integer' },
    ],
    rows: r.cutoffs.flatMap((c) =>
      c.horizons.flatMap((h) => {
        const p = backtestPoint(h, s);
        return p ? [[c.cutoff, h.month, p.actual, p.forecast.p50, p.forecast.p10, p.forecast.p90]] : [];
      }),
    ),
  };
  return renderChart(
    spec,
    { title: `Backtest: ${label}, forecast against what happened`, description },
    table,
    'chart-backtest',
  );
}

/**
 * Accuracy by placement category over every origin and month: the mean absolute error of the
 * forecast mean (as a share of what happened) and how often what happened was inside the intervals.
 */
export function backtestByCategoryTable(b: CouncilBacktest): DataTable {
  const horizons = b.result?.horizons ?? [];
  const categories = Object.keys(horizons[0]?.byCategory ?? {});
  return {
    caption: 'Accuracy by placement category, every origin and month together',
    sheetName: 'Backtest by category',
    columns: [
      { header: 'Placement category' },
      { header: 'Actual (average)', format: 'decimal1' },
      { header: 'Mean absolute error', format: 'percent' },
      { header: 'Months inside the 80% interval', format: 'percent' },
      { header: 'Months inside the 95% interval', format: 'percent' },
    ],
    rows: categories.map((c) => {
      const pts = horizons.flatMap((h) => (h.byCategory?.[c] ? [h.byCategory[c]] : []));
      const n = pts.length || 1;
      const mean = (f: (p: (typeof pts)[number]) => number) => pts.reduce((t, p) => t + f(p), 0) / n;
      return [
        categoryLabel(c),
        mean((p) => p.actual),
        mean((p) => absPctError(p.forecast.mean, p.actual)) / 100,
        mean((p) => (p.actual >= p.forecast.p10 && p.actual <= p.forecast.p90 ? 1 : 0)),
        mean((p) => (p.actual >= p.forecast.p2_5 && p.actual <= p.forecast.p97_5 ? 1 : 0)),
      ];
    }),
  };
}
