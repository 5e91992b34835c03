/** The Sufficiency page's tables and chart (view models for the template and the Excel download). */
import type { TopLevelSpec } from 'vega-lite';
import { PLACEMENT_CATEGORY_LABELS } from '../../../domain/placementCategories.ts';
import { forecastMixAt, MIX_KIND_LABELS, MIX_KINDS, ratioLabel } from '../../../domain/sufficiency/mix.ts';
import type { StabilityIndicators } from '../../../domain/sufficiency/stability.ts';
import type { SufficiencyView } from '../../../services/sufficiency.ts';
import type { CapacityView } from '../../../services/capacity.ts';
import { financialYearLabel } from '../../../domain/dates.ts';
import { CHART_COLOURS, renderChart, type ChartView } from '../../components/charts.ts';
import { formatDate, formatMonth } from '../../components/format.ts';
import type { DataTable } from '../../components/tables.ts';

const pct = (share: number | null): number | null => (share === null ? null : Math.round(share * 1000) / 10);

/** In-house and external placements at each month end, for fostering and residential. */
export function mixTable(view: Pick<SufficiencyView, 'mix'>): DataTable {
  const residential = new Map(view.mix.residential.map((p) => [p.date, p]));
  return {
    caption: 'Placement mix at each month end (from the returns)',
    sheetName: 'Placement mix',
    columns: [
      { header: 'Month', format: 'month' },
      { header: 'Fostering in-house', format: 'integer' },
      { header: 'Fostering agency', format: 'integer' },
      { header: 'Fostering in-house %', format: 'decimal1' },
      { header: 'Residential in-house', format: 'integer' },
      { header: 'Residential external', format: 'integer' },
      { header: 'Residential in-house %', format: 'decimal1' },
    ],
    rows: view.mix.fostering.map((f) => {
      const r = residential.get(f.date);
      return [
        f.date,
        f.inHouse,
        f.external,
        pct(f.inHouseShare),
        r?.inHouse ?? 0,
        r?.external ?? 0,
        pct(r?.inHouseShare ?? null),
      ];
    }),
  };
}

/** Each target, where the council is now and what reaching it asks. */
export function targetsTable(view: SufficiencyView, capacity?: Pick<CapacityView, 'demand'>): DataTable {
  const forecast = capacity !== undefined;
  const forecastCells = (g: SufficiencyView['gaps'][number]) => {
    const at = forecastMixAt(capacity?.demand ?? [], g.target.kind, g.target.by);
    if (at === null) return ['No forecast', null];
    if (at === 'before') return ['Date passed', null];
    if (at === 'after') return ['After the forecast ends', null];
    if (at.inHouseShare === null) return ['None placed', null];
    // Expected children in-house short of the target share of the forecast's total, never below 0.
    const short = Math.max(0, g.target.inHouseShare * (at.inHouse + at.external) - at.inHouse);
    return [ratioLabel(at.inHouseShare), Math.round(short * 10) / 10];
  };
  return {
    caption: 'Targets and what they ask',
    sheetName: 'Targets',
    columns: [
      { header: 'Placements' },
      { header: 'Target (in-house : external)' },
      { header: 'By', format: 'date' },
      { header: 'Now' },
      { header: 'Children to move in-house', format: 'integer' },
      { header: 'In-house households needed', format: 'integer' },
      ...(forecast
        ? [
            { header: 'Forecast at the target date (no change)' },
            { header: 'Forecast children short of the target', format: 'decimal1' as const },
          ]
        : []),
    ],
    rows: view.gaps.map((g) => [
      MIX_KIND_LABELS[g.target.kind],
      ratioLabel(g.target.inHouseShare),
      g.target.by,
      g.from.inHouseShare === null ? 'None placed' : ratioLabel(g.from.inHouseShare),
      g.childrenToMove,
      g.householdsNeeded,
      ...(forecast ? forecastCells(g) : []),
    ]),
  };
}

/**
 * Distance and stability: each indicator at each date shown (latest first), as children meeting it
 * of those it can be worked out for. Out of area is left blank when the council's code never
 * matches PL_LA.
 */
export function stabilityTable(view: SufficiencyView): DataTable {
  const indicators = [
    {
      label: 'Placed more than 20 miles from home',
      of: 'with a distance recorded',
      pick: (s: StabilityIndicators) => s.farFromHome,
    },
    {
      label: "Placed outside the council's area",
      of: 'with a placement area recorded',
      pick: (s: StabilityIndicators) => (view.placementLaUnmatched ? null : s.outOfArea),
    },
    {
      label: 'Three or more placements in the year',
      of: 'looked after',
      pick: (s: StabilityIndicators) => s.manyPlacements,
    },
    {
      label: 'Long-term stability: same placement 2 years or more',
      of: 'under 16, looked after 2.5 years or more',
      pick: (s: StabilityIndicators) => s.longTermSamePlacement,
    },
  ];
  return {
    caption: 'Distance and stability of placements (from the returns)',
    sheetName: 'Distance and stability',
    columns: [
      { header: 'Indicator' },
      { header: 'On', format: 'date' },
      { header: 'Children', format: 'integer' },
      { header: 'Of children' },
      { header: 'Out of', format: 'integer' },
      { header: '%', format: 'decimal1' },
    ],
    rows: indicators.flatMap((i) =>
      view.stability.map((s) => {
        const v = i.pick(s);
        return [i.label, s.date, v?.count ?? null, i.of, v?.of ?? null, pct(v?.share ?? null)];
      }),
    ),
  };
}

export function highCostTable(view: SufficiencyView): DataTable {
  return {
    caption: `The ${view.highCost.length} dearest placements on ${formatDate(view.asAt)} (child-level costs)`,
    sheetName: 'Highest-cost placements',
    columns: [
      { header: 'Child (pseudonym)' },
      { header: 'Placement category' },
      { header: 'Weekly price', format: 'pence' },
      { header: 'Price since', format: 'date' },
      { header: 'Weeks', format: 'integer' },
    ],
    rows: view.highCost.map((h) => [h.childId, PLACEMENT_CATEGORY_LABELS[h.category], h.weeklyPence, h.since, h.weeks]),
  };
}

/** The in-house share of fostering and of residential placements, with the targets as points. */
export async function mixChart(view: SufficiencyView): Promise<ChartView> {
  const values = MIX_KINDS.flatMap((kind) =>
    view.mix[kind]
      .filter((p) => p.inHouseShare !== null)
      .map((p) => ({ date: p.date, series: `${MIX_KIND_LABELS[kind]}: actual`, share: pct(p.inHouseShare) })),
  );
  const targets = view.targets.map((t) => ({
    date: t.by,
    series: `${MIX_KIND_LABELS[t.kind]}: target`,
    share: pct(t.inHouseShare),
  }));
  const domain = MIX_KINDS.flatMap((k) => [`${MIX_KIND_LABELS[k]}: actual`, `${MIX_KIND_LABELS[k]}: target`]);
  const colour = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: {
      domain,
      range: [
        CHART_COLOURS[0] ?? '#1d70b8',
        CHART_COLOURS[0] ?? '#1d70b8',
        CHART_COLOURS[1] ?? '#f47738',
        CHART_COLOURS[1] ?? '#f47738',
      ],
    },
    legend: { orient: 'bottom', direction: 'horizontal', columns: 2 },
  } as const;
  const x = {
    field: 'date',
    type: 'temporal',
    title: 'Month end',
    axis: { format: '%b %Y', labelAngle: 0, tickCount: 8 },
  } as const;
  const y = {
    field: 'share',
    type: 'quantitative',
    title: 'In-house share (%)',
    scale: { domain: [0, 100] as number[] },
  } as const;
  const spec: TopLevelSpec = {
    width: 640,
    height: 260,
    layer: [
      { data: { values }, mark: { type: 'line', strokeWidth: 2.5 }, encoding: { x, y, color: colour } },
      {
        data: { values: targets },
        mark: { type: 'point', shape: 'diamond', size: 120, filled: true },
        encoding: { x, y, color: colour },
      },
    ],
  };
  const last = (kind: (typeof MIX_KINDS)[number]) => view.mix[kind][view.mix[kind].length - 1];
  const words = MIX_KINDS.map((k) => {
    const p = last(k);
    return p && p.inHouseShare !== null
      ? `${MIX_KIND_LABELS[k]} ${ratioLabel(p.inHouseShare)} in-house to external at ${formatMonth(p.date)}`
      : `${MIX_KIND_LABELS[k]}: none placed`;
  });
  const targetWords = view.targets.map(
    (t) => `${MIX_KIND_LABELS[t.kind].toLowerCase()} ${ratioLabel(t.inHouseShare)} by ${formatDate(t.by)}`,
  );
  return renderChart(
    spec,
    {
      title: 'In-house share of fostering and residential placements',
      description: `${words.join('; ')}.${targetWords.length > 0 ? ` Targets (diamonds): ${targetWords.join('; ')}.` : ' No targets set.'}`,
    },
    mixTable(view),
    'chart-mix',
  );
}

const one = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);

/** The capacity recorded, month by month. */
export function capacityRecordsTable(view: CapacityView): DataTable {
  return {
    caption: 'In-house capacity recorded (each holds until the next)',
    sheetName: 'In-house capacity',
    columns: [
      { header: 'From', format: 'month' },
      { header: 'Approved fostering households', format: 'integer' },
      { header: 'Fostering places', format: 'integer' },
      { header: "Beds in the council's homes", format: 'integer' },
    ],
    rows: view.records.map((r) => [`${r.month}-01`, r.fosteringHouseholds, r.fosteringPlaces, r.homeBeds]),
  };
}

/** Forecast demand against capacity at each month end, and the children to place externally. */
export function capacityGapTable(view: CapacityView): DataTable {
  return {
    caption: 'Expected demand against in-house capacity (to buy: demand over capacity)',
    sheetName: 'Demand and capacity',
    columns: [
      { header: 'Month', format: 'month' },
      { header: 'Fostering places', format: 'integer' },
      { header: 'Fostering demand', format: 'decimal1' },
      { header: 'Fostering to buy', format: 'decimal1' },
      { header: 'Home beds', format: 'integer' },
      { header: 'Residential demand', format: 'decimal1' },
      { header: 'Residential to buy', format: 'decimal1' },
      { header: 'Cost to buy', format: 'pence' },
    ],
    rows: view.months.map((m) => [
      `${m.month}-01`,
      m.capacity?.fosteringPlaces ?? null,
      one(m.fosteringDemand),
      one(m.fosteringGap),
      m.capacity?.homeBeds ?? null,
      one(m.residentialDemand),
      one(m.residentialGap),
      m.fosteringGapPence === null || m.residentialGapPence === null
        ? null
        : m.fosteringGapPence + m.residentialGapPence,
    ]),
  };
}

/** The cost of buying the gap externally, by financial year. */
export function capacityYearsTable(view: CapacityView): DataTable {
  return {
    caption: 'Cost of buying the gap externally, by financial year',
    sheetName: 'Cost of the gap',
    columns: [
      { header: 'Financial year' },
      { header: 'Months with capacity recorded', format: 'integer' },
      { header: 'Fostering (agency)', format: 'pence' },
      { header: 'Residential (external)', format: 'pence' },
      { header: 'Total', format: 'pence' },
    ],
    rows: view.years.map((y) => [
      financialYearLabel(y.financialYear),
      y.months,
      y.fosteringGapPence,
      y.residentialGapPence,
      y.fosteringGapPence + y.residentialGapPence,
    ]),
  };
}
