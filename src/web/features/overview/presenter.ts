/** Turns the Overview's figures into tables and charts (view models for the templates). */
import { PLACEMENT_CATEGORIES, PLACEMENT_CATEGORY_LABELS } from '../../../domain/placementCategories.ts';
import { DEFAULT_AGE_BANDS } from '../../../domain/ageBands.ts';
import { EXIT_ROUTES, EXIT_ROUTE_LABELS } from '../../../domain/exitRoutes.ts';
import type { DataTable } from '../../components/tables.ts';
import type { TopLevelSpec } from 'vega-lite';
import { renderChart, type ChartView } from '../../components/charts.ts';
import { formatDate, formatNumber } from '../../components/format.ts';
import type { Overview } from '../../../services/overview.service.ts';

export interface OverviewTables {
  readonly byCategory: DataTable;
  readonly byAgeBand: DataTable;
  readonly trend: DataTable;
  readonly flows: DataTable;
}

export function overviewTables(o: Overview): OverviewTables {
  const now = o.now;
  const total = now?.total ?? 0;
  const share = (n: number) => (total > 0 ? n / total : null);
  const asAt = o.asAt ? formatDate(o.asAt) : '';
  return {
    byCategory: {
      caption: `Children looked after on ${asAt}, by placement category`,
      sheetName: 'By placement category',
      columns: [
        { header: 'Placement category' },
        { header: 'Children', format: 'integer' },
        { header: 'Share', format: 'percent' },
      ],
      rows: [
        ...PLACEMENT_CATEGORIES.map((c) => [
          PLACEMENT_CATEGORY_LABELS[c],
          now?.byCategory[c] ?? 0,
          share(now?.byCategory[c] ?? 0),
        ]),
        ['Total', total, total > 0 ? 1 : null],
      ],
    },
    byAgeBand: {
      caption: `Children looked after on ${asAt}, by age band`,
      sheetName: 'By age band',
      columns: [
        { header: 'Age band' },
        { header: 'Children', format: 'integer' },
        { header: 'Share', format: 'percent' },
      ],
      rows: [
        ...DEFAULT_AGE_BANDS.map((b) => [b.label, now?.byAgeBand[b.key] ?? 0, share(now?.byAgeBand[b.key] ?? 0)]),
        ['Total', total, total > 0 ? 1 : null],
      ],
    },
    trend: {
      caption: 'Children looked after at each month end',
      sheetName: 'Trend',
      columns: [
        { header: 'Month end', format: 'date' },
        { header: 'Children looked after', format: 'integer' },
      ],
      rows: o.trend.map((s) => [s.date, s.total]),
    },
    flows: {
      caption: 'Entries to and exits from care by year (1 April to 31 March), exits by route',
      sheetName: 'Entries and exits',
      columns: [
        { header: 'Year' },
        { header: 'Entries', format: 'integer' },
        ...EXIT_ROUTES.map((r) => ({ header: `Exits: ${EXIT_ROUTE_LABELS[r]}`, format: 'integer' as const })),
        { header: 'Exits: total', format: 'integer' },
      ],
      rows: o.flows.map((f) => [f.label, f.entries, ...EXIT_ROUTES.map((r) => f.exits[r]), f.exitsTotal]),
    },
  };
}

export async function overviewCharts(o: Overview, t: OverviewTables): Promise<ChartView[]> {
  if (!o.now) return [];
  const asAt = o.asAt ? formatDate(o.asAt) : '';
  return Promise.all([categoryChart(o.now, asAt, t), ageBandChart(o.now, asAt, t), trendChart(o, t), flowsChart(o, t)]);
}

type Now = NonNullable<Overview['now']>;

/** Horizontal bars of children by `label` (a category or an age band), 560 px wide, in the data's order. */
function childrenBarsSpec(
  values: { readonly children: number }[],
  label: string,
  height: number,
  color: string,
  axis?: { readonly labelLimit: number },
): TopLevelSpec {
  return {
    width: 560,
    height,
    data: { values },
    mark: { type: 'bar', color },
    encoding: {
      y: { field: label, type: 'nominal', sort: null, title: null, ...(axis ? { axis } : {}) },
      x: { field: 'children', type: 'quantitative', title: 'Children' },
    },
  };
}

/** Children looked after on the day by placement category (bars), with the largest group named. */
function categoryChart(now: Now, asAt: string, t: OverviewTables): Promise<ChartView> {
  const catValues = PLACEMENT_CATEGORIES.map((c) => ({
    category: PLACEMENT_CATEGORY_LABELS[c],
    children: now.byCategory[c],
  }));
  const largest = [...catValues].sort((a, b) => b.children - a.children)[0];
  return renderChart(
    childrenBarsSpec(catValues, 'category', 260, '#1d70b8', { labelLimit: 260 }),
    {
      title: `Children looked after on ${asAt} by placement category`,
      description: `${formatNumber(now.total)} children in total; the largest group is ${largest?.category ?? ''} with ${formatNumber(largest?.children ?? 0)}.`,
    },
    t.byCategory,
    'chart-category',
  );
}

/** Children looked after on the day by age band (bars). */
function ageBandChart(now: Now, asAt: string, t: OverviewTables): Promise<ChartView> {
  const bandValues = DEFAULT_AGE_BANDS.map((b) => ({ band: b.label, children: now.byAgeBand[b.key] ?? 0 }));
  return renderChart(
    childrenBarsSpec(bandValues, 'band', 180, '#00703c'),
    {
      title: `Children looked after on ${asAt} by age band`,
      description: bandValues.map((b) => `${b.band}: ${formatNumber(b.children)}`).join('; ') + '.',
    },
    t.byAgeBand,
    'chart-age',
  );
}

/** Children looked after at each month end (a line). */
function trendChart(o: Overview, t: OverviewTables): Promise<ChartView> {
  const first = o.trend[0];
  const last = o.trend[o.trend.length - 1];
  return renderChart(
    {
      width: 600,
      height: 240,
      data: { values: o.trend.map((s) => ({ month: s.date, children: s.total })) },
      mark: { type: 'line', color: '#1d70b8', strokeWidth: 2 },
      encoding: {
        x: {
          field: 'month',
          type: 'temporal',
          title: 'Month end',
          axis: { format: '%b %Y', labelAngle: 0, tickCount: 8 },
        },
        y: { field: 'children', type: 'quantitative', title: 'Children looked after', scale: { zero: true } },
      },
    },
    {
      title: 'Children looked after at each month end',
      description:
        first && last
          ? `From ${formatNumber(first.total)} on ${formatDate(first.date)} to ${formatNumber(last.total)} on ${formatDate(last.date)}.`
          : 'No data.',
    },
    t.trend,
    'chart-trend',
  );
}

/** Entries to and exits from care by year (grouped bars). */
function flowsChart(o: Overview, t: OverviewTables): Promise<ChartView> {
  const flowValues = o.flows.flatMap((f) => [
    { year: f.label, kind: 'Entries', children: f.entries },
    { year: f.label, kind: 'Exits', children: f.exitsTotal },
  ]);
  return renderChart(
    {
      width: 600,
      height: 240,
      data: { values: flowValues },
      mark: 'bar',
      encoding: {
        x: { field: 'year', type: 'ordinal', title: 'Year (1 April to 31 March)', axis: { labelAngle: 0 } },
        xOffset: { field: 'kind' },
        y: { field: 'children', type: 'quantitative', title: 'Children' },
        color: { field: 'kind', type: 'nominal', title: null, scale: { range: ['#1d70b8', '#f47738'] } },
      },
    },
    {
      title: 'Entries to and exits from care by year',
      description:
        o.flows
          .map((f) => `${f.label}: ${formatNumber(f.entries)} entries, ${formatNumber(f.exitsTotal)} exits`)
          .join('; ') + '.',
    },
    t.flows,
    'chart-flows',
  );
}
