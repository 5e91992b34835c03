/** The Costs pages' tables and chart. */
import type { TopLevelSpec } from 'vega-lite';
import { formatDate, formatPence } from '../../components/format.ts';
import { renderChart, type ChartView } from '../../components/charts.ts';
import type { DataTable } from '../../components/tables.ts';
import type { UnitCostTable } from '../../../services/unitCosts.ts';
import { financialYearLabel } from '../../../domain/dates.ts';
import { categoryLabel, type CouncilSpend } from '../../../services/costs.service.ts';

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

export function spendTable(s: CouncilSpend): DataTable {
  return {
    caption: 'Placement spend by financial year (1 April to 31 March), cash terms',
    sheetName: 'Spend by year',
    columns: [
      { header: 'Financial year' },
      { header: 'Basis' },
      { header: 'Actual to date', format: 'pence' },
      { header: 'Spend (median)', format: 'pence' },
      { header: '80% interval: low', format: 'pence' },
      { header: '80% interval: high', format: 'pence' },
      { header: '95% interval: low', format: 'pence' },
      { header: '95% interval: high', format: 'pence' },
      { header: 'Average children looked after (median)', format: 'decimal1' },
    ],
    rows: s.years.map((y) => [
      y.year,
      BASIS[y.basis] ?? y.basis,
      y.actualToDate,
      y.spend.p50,
      y.spend.p10,
      y.spend.p90,
      y.spend.p2_5,
      y.spend.p97_5,
      y.children.p50,
    ]),
  };
}

const SPEND_BASES = [
  { label: BASIS.actual ?? 'Actual', colour: '#505a5f' },
  { label: BASIS.outturn ?? 'Outturn', colour: '#1d70b8' },
  { label: BASIS.forecast ?? 'Forecast', colour: '#7eb2dd' },
];

export function spendChart(s: CouncilSpend, table: DataTable): Promise<ChartView> {
  const m = (pence: number) => Math.round(pence / 1e6) / 100; // pence to £m, 2 dp
  const values = s.years.map((y) => ({
    year: y.year,
    basis: BASIS[y.basis] ?? y.basis,
    p50: m(y.spend.p50),
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
          y: { field: 'p50', type: 'quantitative', title: 'Spend (£m)' },
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
          `${y.year} ${y.basis}: ${formatPence(y.spend.p50)}${y.basis === 'actual' ? '' : ` (95% interval ${formatPence(y.spend.p2_5)} to ${formatPence(y.spend.p97_5)})`}`,
      )
      .join('; ') + '. Bars are the median; the thick line is the 80% interval and the thin line the 95% interval.';
  return renderChart(spec, { title: 'Placement spend by financial year', description }, table, 'chart-spend');
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
