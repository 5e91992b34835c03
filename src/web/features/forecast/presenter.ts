/** The Forecast page's tables and chart (view models for the templates and the Excel download). */
import type { TopLevelSpec } from 'vega-lite';
import { DEFAULT_AGE_BANDS } from '../../../domain/ageBands.ts';
import { EXIT_ROUTE_LABELS, type ExitRoute } from '../../../domain/exitRoutes.ts';
import type { FittedRates } from '../../../domain/engine/rates.ts';
import { PLACEMENT_CATEGORY_LABELS, type PlacementCategory } from '../../../domain/placementCategories.ts';
import type { Quantiles } from '../../../domain/stats/quantiles.ts';
import { renderChart, type ChartView } from '../../components/charts.ts';
import { formatDate, formatNumber } from '../../components/format.ts';
import type { Column, DataTable } from '../../components/tables.ts';
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

/** Children looked after at each month end for one series, with its intervals. */
export function seriesTable(f: CouncilForecast, s: ForecastSeries): DataTable {
  return {
    caption: `Forecast children looked after at each month end: ${seriesLabel(s)}`,
    sheetName: 'Forecast by month',
    columns: [{ header: 'Month end', format: 'date' }, ...INTERVAL_COLUMNS],
    rows: f.months.map((m) => [m.monthEnd, ...intervalCells(seriesOf(m, s))]),
  };
}

/** The last month of the forecast by placement category and by age band. */
export function horizonTables(f: CouncilForecast): { byCategory: DataTable; byAgeBand: DataTable } {
  const last = f.months[f.months.length - 1];
  const when = last ? formatDate(last.monthEnd) : '';
  return {
    byCategory: {
      caption: `Forecast on ${when} by placement category`,
      sheetName: 'Horizon by category',
      columns: [{ header: 'Placement category' }, ...INTERVAL_COLUMNS],
      rows: last ? Object.entries(last.byCategory).map(([c, q]) => [categoryLabel(c), ...intervalCells(q)]) : [],
    },
    byAgeBand: {
      caption: `Forecast on ${when} by age band`,
      sheetName: 'Horizon by age band',
      columns: [{ header: 'Age band' }, ...INTERVAL_COLUMNS],
      rows: last ? Object.entries(last.byAgeBand).map(([b, q]) => [ageBandLabel(b), ...intervalCells(q)]) : [],
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
      if (x > 0) exposure.push([band.label, categoryLabel(category), x, r.referenceDays > 0 ? x / r.referenceDays : 0]);
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
      caption: `Exits from care by age band, placement and route, ${window}`,
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
      caption: `Moves between placement categories, ${window}`,
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
      caption: `Child-days in care by age band and placement, ${window}`,
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

/** The forecast chart: median line with the 80% and 95% bands, and the month table beside it. */
export function forecastChart(f: CouncilForecast, s: ForecastSeries, table: DataTable): Promise<ChartView> {
  const values = f.months.map((m) => {
    const q = seriesOf(m, s);
    return { month: m.monthEnd, p2_5: q.p2_5, p10: q.p10, p50: q.p50, p90: q.p90, p97_5: q.p97_5 };
  });
  const first = values[0];
  const last = values[values.length - 1];
  const x = {
    field: 'month',
    type: 'temporal',
    title: 'Month end',
    axis: { format: '%b %Y', labelAngle: 0, tickCount: 8 },
  } as const;
  const spec: TopLevelSpec = {
    width: 620,
    height: 280,
    data: { values },
    layer: [
      {
        mark: { type: 'area', color: '#c5dcef' },
        encoding: {
          x,
          y: { field: 'p2_5', type: 'quantitative', title: 'Children looked after', scale: { zero: true } },
          y2: { field: 'p97_5' },
        },
      },
      {
        mark: { type: 'area', color: '#7eb2dd' },
        encoding: { x, y: { field: 'p10', type: 'quantitative' }, y2: { field: 'p90' } },
      },
      {
        mark: { type: 'line', color: '#0b0c0c', strokeWidth: 2 },
        encoding: { x, y: { field: 'p50', type: 'quantitative' } },
      },
    ],
  };
  const title = `Forecast children looked after: ${seriesLabel(s)}`;
  const description =
    first && last
      ? `Median from ${formatNumber(first.p50)} at ${formatDate(first.month)} to ${formatNumber(last.p50)} at ${formatDate(last.month)}; ` +
        `80% interval at the end ${formatNumber(last.p10)} to ${formatNumber(last.p90)}, 95% interval ${formatNumber(last.p2_5)} to ${formatNumber(last.p97_5)}. ` +
        'The dark line is the median, the darker band the 80% interval and the lighter band the 95% interval.'
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
