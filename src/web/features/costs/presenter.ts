/** The Costs pages' tables and chart. */
import type { TopLevelSpec } from 'vega-lite';
import { formatDate } from '../../components/format.ts';
import { renderChart, type ChartView } from '../../components/charts.ts';
import { formatMoneyUnit, MONEY_UNIT_LABELS, type DataTable, type MoneyUnit } from '../../components/tables.ts';
import { PLACEMENT_CATEGORIES } from '../../../domain/placementCategories.ts';
import { POST_CARE_LINE_LABELS, POST_CARE_LINES } from '../../../domain/finance/postCare.ts';
import type { Quantiles } from '../../../domain/stats/quantiles.ts';
import type { UnitCostTable } from '../../../services/unitCosts.ts';
import { financialYearLabel } from '../../../domain/dates.ts';
import {
  categoryLabel,
  type CalibrationView,
  type CouncilSpend,
  type SpendYear,
} from '../../../services/costs.service.ts';

export function unitCostsTable(t: UnitCostTable): DataTable {
  return {
    caption: `Unit costs in force on ${formatDate(t.date)}`,
    sheetName: 'Unit costs',
    columns: [
      { header: 'Placement category' },
      { header: 'PLACE code' },
      { header: 'Weekly cost as entered', format: 'pence' },
      { header: 'In the prices of' },
      { header: 'Effective from', format: 'date' },
      { header: `Weekly cost in ${financialYearLabel(t.financialYear)} prices`, format: 'pence' },
      { header: 'Source' },
    ],
    rows: t.lines.map((l) => [
      categoryLabel(l.category),
      l.placeCode ?? '',
      l.weeklyPence,
      financialYearLabel(l.priceYear),
      l.effectiveFrom === '1900-01-01' ? '' : l.effectiveFrom,
      l.weeklyPenceOnDate,
      `${l.isDefault ? 'Forecare default. ' : ''}${l.source}`,
    ]),
  };
}

export function inflationTable(
  years: ReadonlyArray<{ label: string; percent: number; isDefault: boolean }>,
): DataTable {
  return {
    caption: 'Inflation of placement prices by financial year',
    sheetName: 'Inflation',
    columns: [{ header: 'Financial year' }, { header: 'Inflation', format: 'percent' }, { header: 'Set by' }],
    rows: years.map((y) => [y.label, y.percent / 100, y.isDefault ? 'Forecare default (assumption)' : 'The council']),
  };
}

const BASIS: Record<string, string> = {
  actual: 'Actual',
  outturn: 'Outturn (actual to date + forecast)',
  forecast: 'Forecast',
};

/** The money unit a request asks for (`?unit=millions`; default £000s). */
export function moneyUnit(value: unknown): MoneyUnit {
  return value === 'millions' ? 'millions' : 'thousands';
}

/** A year whose actual spend rests on child-level prices for only part of its placement days. */
export function onDifferentBasis(y: SpendYear): boolean {
  return Boolean(y.costBasis) && y.costBasis?.basis !== 'child-level';
}

/** The year as labelled on the page: marked † when its actual spend is on a different cost basis. */
export function yearLabel(y: SpendYear): string {
  return onDifferentBasis(y) ? `${y.year} †` : y.year;
}

/** What the † means, or '' when no year has it. */
export function basisNote(s: CouncilSpend): string {
  const marked = s.years.filter(onDifferentBasis);
  if (marked.length === 0) return '';
  const parts = marked.map(
    (y) => `${y.year} (${Math.round((y.costBasis?.share ?? 0) * 100)}% of days at the child’s own price)`,
  );
  return (
    `† A different cost basis: child-level costs cover only part of the placement days of ${parts.join(', ')} ` +
    'in the categories the council has them for; the rest are at the unit cost. Compare these years with care.'
  );
}

export function spendTable(s: CouncilSpend, unit: MoneyUnit = 'thousands'): DataTable {
  const u = MONEY_UNIT_LABELS[unit];
  return {
    caption: `Spend by financial year (1 April to 31 March), cash terms, ${u}: the mean of the simulation runs`,
    sheetName: 'Spend by year',
    columns: [
      { header: 'Financial year' },
      { header: 'Basis' },
      { header: `Actual to date (${u})`, format: unit },
      { header: `Spend, mean (${u})`, format: unit },
      { header: '80% interval: low', format: unit },
      { header: '80% interval: high', format: unit },
      { header: '95% interval: low', format: unit },
      { header: '95% interval: high', format: unit },
      { header: 'Days at own price', format: 'percent' },
      { header: 'Average children looked after (mean)', format: 'decimal1' },
    ],
    rows: s.years.map((y) => [
      yearLabel(y),
      BASIS[y.basis] ?? y.basis,
      y.actualToDate,
      y.spend.mean,
      y.spend.p10,
      y.spend.p90,
      y.spend.p2_5,
      y.spend.p97_5,
      y.costBasis ? y.costBasis.share : null,
      y.children.mean,
    ]),
  };
}

/** The lines of spend: each placement category, new provision when there is any, each post-care line. */
function lineRows(y: SpendYear): Array<{ key: string; label: string; q: Quantiles }> {
  return [
    ...PLACEMENT_CATEGORIES.map((c) => ({ key: c, label: categoryLabel(c), q: y.byCategory[c] })),
    ...(y.provision.mean !== 0 ? [{ key: 'provision', label: 'New provision', q: y.provision }] : []),
    ...POST_CARE_LINES.map((l) => ({ key: l, label: POST_CARE_LINE_LABELS[l], q: y.byLine[l] })),
  ];
}

/** One year's spend by placement category and post-care line, with intervals (the page). */
export function lineTable(y: SpendYear, unit: MoneyUnit = 'thousands'): DataTable {
  const u = MONEY_UNIT_LABELS[unit];
  return {
    caption: `Spend by placement category and post-care line, ${yearLabel(y)} (${(BASIS[y.basis] ?? y.basis).toLowerCase()}), ${u}`,
    sheetName: `Lines ${y.year.replace('/', '-')}`,
    columns: [
      { header: 'Line' },
      { header: `Mean (${u})`, format: unit },
      { header: '80% interval: low', format: unit },
      { header: '80% interval: high', format: unit },
      { header: '95% interval: low', format: unit },
      { header: '95% interval: high', format: unit },
    ],
    rows: [...lineRows(y), { key: 'total', label: 'Total', q: y.spend }].map((r) => [
      r.label,
      r.q.mean,
      r.q.p10,
      r.q.p90,
      r.q.p2_5,
      r.q.p97_5,
    ]),
  };
}

/** Every year's lines in one sheet (Excel): pounds with the unit's display format. */
export function linesSheet(s: CouncilSpend, unit: MoneyUnit = 'thousands'): DataTable {
  const u = MONEY_UNIT_LABELS[unit];
  return {
    caption: `Spend by placement category and post-care line by financial year, cash terms (pounds, shown in ${u}): mean of the runs with 80% and 95% intervals`,
    sheetName: 'Spend by line',
    columns: [
      { header: 'Financial year' },
      { header: 'Basis' },
      { header: 'Line' },
      { header: 'Line key' },
      { header: 'Mean', format: unit },
      { header: '80% interval: low', format: unit },
      { header: '80% interval: high', format: unit },
      { header: '95% interval: low', format: unit },
      { header: '95% interval: high', format: unit },
    ],
    rows: s.years.flatMap((y) =>
      [...lineRows(y), { key: 'total', label: 'Total', q: y.spend }].map((r) => [
        yearLabel(y),
        BASIS[y.basis] ?? y.basis,
        r.label,
        r.key,
        r.q.mean,
        r.q.p10,
        r.q.p90,
        r.q.p2_5,
        r.q.p97_5,
      ]),
    ),
  };
}

export function calibrationTable(view: CalibrationView): DataTable {
  const cal = view.calibration;
  return {
    caption: `Weekly prices of placements whose child-level cost started ${formatDate(cal.from)} to ${formatDate(cal.to)}, in ${financialYearLabel(cal.priceYear)} prices`,
    sheetName: 'Calibrated unit costs',
    columns: [
      { header: 'Placement category' },
      { header: 'Placements', format: 'integer' },
      { header: 'Mean weekly price', format: 'pence' },
      { header: '10th percentile', format: 'pence' },
      { header: '90th percentile', format: 'pence' },
      { header: 'Unit cost in force', format: 'pence' },
      { header: 'Unit cost against the mean', format: 'percent' },
    ],
    rows: view.rows.map((r) => [
      categoryLabel(r.category),
      r.count,
      r.meanWeeklyPence,
      r.p10WeeklyPence,
      r.p90WeeklyPence,
      r.unitWeeklyPence,
      r.meanWeeklyPence > 0 ? (r.unitWeeklyPence - r.meanWeeklyPence) / r.meanWeeklyPence : null,
    ]),
  };
}

const SPEND_BASES = [
  { label: BASIS.actual ?? 'Actual', colour: '#505a5f' },
  { label: BASIS.outturn ?? 'Outturn', colour: '#1d70b8' },
  { label: BASIS.forecast ?? 'Forecast', colour: '#7eb2dd' },
];

/** Pence in the page's unit as a number for a chart (2 dp of £000s or £m). */
function inUnit(pence: number, unit: MoneyUnit): number {
  return Math.round(pence / (unit === 'thousands' ? 1_000 : 1_000_000)) / 100;
}

export function spendChart(s: CouncilSpend, table: DataTable, unit: MoneyUnit = 'thousands'): Promise<ChartView> {
  const m = (pence: number) => inUnit(pence, unit);
  const values = s.years.map((y) => ({
    year: yearLabel(y),
    basis: BASIS[y.basis] ?? y.basis,
    mean: m(y.spend.mean),
    p10: m(y.spend.p10),
    p90: m(y.spend.p90),
    p2_5: m(y.spend.p2_5),
    p97_5: m(y.spend.p97_5),
  }));
  const bases = SPEND_BASES.filter((b) => values.some((v) => v.basis === b.label));
  const x = { field: 'year', type: 'ordinal', title: 'Financial year', axis: { labelAngle: 0 } } as const;
  const spec: TopLevelSpec = {
    width: 640,
    height: 260,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.6 } },
        encoding: {
          x,
          y: { field: 'mean', type: 'quantitative', title: `Spend (${MONEY_UNIT_LABELS[unit]}, mean)` },
          color: {
            field: 'basis',
            type: 'nominal',
            title: null,
            // Only the kinds of year the chart has: no legend entry without bars.
            scale: { domain: bases.map((b) => b.label), range: bases.map((b) => b.colour) },
          },
        },
      },
      {
        mark: { type: 'rule', color: '#0b0c0c', strokeWidth: 1 },
        encoding: { x, y: { field: 'p2_5', type: 'quantitative' }, y2: { field: 'p97_5' } },
      },
      {
        mark: { type: 'rule', color: '#0b0c0c', strokeWidth: 4 },
        encoding: { x, y: { field: 'p10', type: 'quantitative' }, y2: { field: 'p90' } },
      },
    ],
  };
  const description =
    s.years
      .map(
        (y) =>
          `${yearLabel(y)} ${y.basis}: ${formatMoneyUnit(y.spend.mean, unit)} ${MONEY_UNIT_LABELS[unit]}${y.basis === 'actual' ? '' : ` (95% interval ${formatMoneyUnit(y.spend.p2_5, unit)} to ${formatMoneyUnit(y.spend.p97_5, unit)})`}`,
      )
      .join('; ') +
    '. Bars are the mean of the simulation runs; the thick line is the 80% interval and the thin line the 95% interval.' +
    (basisNote(s) ? ' Years marked † are on a different cost basis.' : '');
  return renderChart(spec, { title: 'Spend by financial year', description }, table, 'chart-spend');
}

/** The lines chart's data table: every year's lines with their intervals (narrow enough for the page). */
export function linesChartTable(s: CouncilSpend, unit: MoneyUnit = 'thousands'): DataTable {
  const u = MONEY_UNIT_LABELS[unit];
  return {
    caption: `Spend by placement category and post-care line by financial year (${u})`,
    columns: [
      { header: 'Year' },
      { header: 'Line' },
      { header: 'Mean', format: unit },
      { header: '80%: low', format: unit },
      { header: '80%: high', format: unit },
      { header: '95%: low', format: unit },
      { header: '95%: high', format: unit },
    ],
    rows: s.years.flatMap((y) =>
      lineRows(y)
        .filter((r) => r.q.mean !== 0)
        .map((r) => [yearLabel(y), r.label, r.q.mean, r.q.p10, r.q.p90, r.q.p2_5, r.q.p97_5]),
    ),
  };
}

/** Stacked bars: each year's mean spend by placement category and post-care line. */
export function linesChart(s: CouncilSpend, table: DataTable, unit: MoneyUnit = 'thousands'): Promise<ChartView> {
  const values = s.years.flatMap((y) =>
    lineRows(y)
      .filter((r) => r.q.mean !== 0)
      .map((r, i) => ({ year: yearLabel(y), line: r.label, order: i, mean: inUnit(r.q.mean, unit) })),
  );
  const order = [
    ...PLACEMENT_CATEGORIES.map(categoryLabel),
    'New provision',
    ...POST_CARE_LINES.map((l) => POST_CARE_LINE_LABELS[l]),
  ];
  const domain = order.filter((l) => values.some((v) => v.line === l));
  const spec: TopLevelSpec = {
    width: 640,
    height: 300,
    data: { values },
    mark: { type: 'bar', width: { band: 0.6 } },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: 'Financial year', axis: { labelAngle: 0 } },
      y: { field: 'mean', type: 'quantitative', title: `Spend (${MONEY_UNIT_LABELS[unit]}, mean)`, stack: 'zero' },
      color: {
        field: 'line',
        type: 'nominal',
        title: null,
        scale: { domain, scheme: 'tableau20' },
        legend: { columns: 2, orient: 'bottom' },
      },
      order: { field: 'order', type: 'quantitative' },
    },
  };
  const description =
    'Each bar is a financial year’s mean spend, split into placement categories and post-care lines (the parts add up to the total). ' +
    'The intervals of each part are in the table: they do not add up to the total’s.';
  return renderChart(
    spec,
    { title: 'Spend by placement category and post-care line', description },
    table,
    'chart-lines',
  );
}

/**
 * Says which children are costed at their own price (child-level costs covering the forecast start)
 * and which at the unit cost; '' when there is no spend forecast.
 */
export function childCostsSentence(s: Pick<CouncilSpend, 'hasData' | 'start' | 'childLevelCostsUsed'>): string {
  if (!s.hasData || s.start === null) return '';
  const on = formatDate(s.start);
  const n = s.childLevelCostsUsed;
  if (n === 0)
    return `Every child is costed at the unit cost of their placement category: no child-level costs cover the children looked after on ${on}.`;
  const who =
    n === 1 ? `1 child looked after on ${on} is` : `${n.toLocaleString('en-GB')} children looked after on ${on} are`;
  return (
    `${who} costed at their own placement cost until they leave its placement category; everyone else at the unit cost. ` +
    'Their difference from the unit cost is added to every simulation run as an expected amount (how long each is expected to stay in that placement), so the intervals show the uncertainty in the number of children, not in when these children move.'
  );
}
