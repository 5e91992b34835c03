/** The scenario comparison's table and charts. */
import type { TopLevelSpec } from 'vega-lite';
import { renderChart, type ChartView } from '../../components/charts.ts';
import { formatPence } from '../../components/format.ts';
import type { DataTable } from '../../components/tables.ts';
import type { ScenarioComparison, ScenarioShareMoves } from '../../../services/scenarios.ts';
import { categoryName } from '../../../domain/scenarios/scenario.ts';
import { childrenPerHouseholdText } from '../../../domain/scenarios/shareMoves.ts';

/** The scenario's adjustments in words, numbered as on its page (the comparison workbook's second sheet). */
export function adjustmentsTable(c: Pick<ScenarioComparison, 'scenario' | 'adjustments' | 'warnings'>): DataTable {
  return {
    caption: `Adjustments of ${c.scenario.name}`,
    sheetName: 'Adjustments',
    columns: [{ header: 'Number', format: 'integer' }, { header: 'What changes' }],
    rows: [...c.adjustments.map((text, i) => [i + 1, text]), ...c.warnings.map((w) => [null, `Warning: ${w}`])],
  };
}

const BASIS: Record<string, string> = { actual: 'Actual', outturn: 'Outturn', forecast: 'Forecast' };

export function comparisonTable(c: ScenarioComparison): DataTable {
  return {
    caption: `${c.scenario.name} against the baseline by financial year (cash terms; saving = baseline minus scenario, run by run)`,
    sheetName: 'Scenario vs baseline',
    columns: [
      { header: 'Financial year' },
      { header: 'Basis' },
      { header: 'Baseline spend (median)', format: 'pence' },
      { header: 'Scenario spend (median)', format: 'pence' },
      { header: 'Saving (median)', format: 'pence' },
      { header: 'Saving 80% interval: low', format: 'pence' },
      { header: 'Saving 80% interval: high', format: 'pence' },
      { header: 'Saving 95% interval: low', format: 'pence' },
      { header: 'Saving 95% interval: high', format: 'pence' },
      { header: 'Baseline children (median average)', format: 'decimal1' },
      { header: 'Scenario children (median average)', format: 'decimal1' },
      { header: 'Entries avoided (median)', format: 'decimal1' },
    ],
    rows: c.years.map((y) => [
      y.year,
      BASIS[y.basis] ?? y.basis,
      y.baselineSpend.p50,
      y.scenarioSpend.p50,
      y.saving.p50,
      y.saving.p10,
      y.saving.p90,
      y.saving.p2_5,
      y.saving.p97_5,
      y.baselineChildren.p50,
      y.scenarioChildren.p50,
      y.childrenDiverted.p50,
    ]),
  };
}

/**
 * The comparison as the page shows it, beside its two charts: two narrower tables that fit the page
 * at 1,280 px (the Excel download keeps every column in one sheet, `comparisonTable`).
 */
export function comparisonPageTables(c: ScenarioComparison): { spend: DataTable; saving: DataTable } {
  // An agency share lever adds a workforce line to the saving: shown as its own column.
  const workforce = c.years.some((y) => y.workforceSaving !== undefined);
  return {
    spend: {
      caption: `Spend and children: baseline and ${c.scenario.name} by financial year (cash terms)`,
      columns: [
        { header: 'Financial year' },
        { header: 'Basis' },
        { header: 'Baseline spend (median)', format: 'pence' },
        { header: 'Scenario spend (median)', format: 'pence' },
        { header: 'Baseline children (average)', format: 'decimal1' },
        { header: 'Scenario children (average)', format: 'decimal1' },
      ],
      rows: c.years.map((y) => [
        y.year,
        BASIS[y.basis] ?? y.basis,
        y.baselineSpend.p50,
        y.scenarioSpend.p50,
        y.baselineChildren.p50,
        y.scenarioChildren.p50,
      ]),
    },
    saving: {
      caption: `Saving from ${c.scenario.name} by financial year (baseline minus scenario, run by run${
        workforce ? ', with the agency premium avoided by the agency share lever' : ''
      })`,
      columns: [
        { header: 'Financial year' },
        { header: 'Saving (median)', format: 'pence' },
        ...(workforce ? [{ header: 'Of which workforce (agency premium avoided)', format: 'pence' as const }] : []),
        { header: '80% interval: low', format: 'pence' },
        { header: '80% interval: high', format: 'pence' },
        { header: '95% interval: low', format: 'pence' },
        { header: '95% interval: high', format: 'pence' },
        { header: 'Entries avoided (median)', format: 'decimal1' },
      ],
      rows: c.years.map((y) => [
        y.year,
        y.saving.p50,
        ...(workforce ? [y.workforceSaving ?? 0] : []),
        y.saving.p10,
        y.saving.p90,
        y.saving.p2_5,
        y.saving.p97_5,
        y.childrenDiverted.p50,
      ]),
    },
  };
}

const m = (pence: number) => Math.round(pence / 1e6) / 100; // pence to £m, 2 dp
const k = (pence: number) => Math.round(pence / 1e4) / 10; // pence to £000s, 1 dp

export async function comparisonCharts(c: ScenarioComparison): Promise<ChartView[]> {
  const tables = comparisonPageTables(c);
  const spendValues = c.years.flatMap((y) => [
    { year: y.year, series: 'Baseline', spend: m(y.baselineSpend.p50) },
    { year: y.year, series: 'Scenario', spend: m(y.scenarioSpend.p50) },
  ]);
  const savingValues = c.years.map((y) => ({
    year: y.year,
    p50: k(y.saving.p50),
    p10: k(y.saving.p10),
    p90: k(y.saving.p90),
    p2_5: k(y.saving.p2_5),
    p97_5: k(y.saving.p97_5),
  }));
  const x = { field: 'year', type: 'ordinal', title: 'Financial year', axis: { labelAngle: 0 } } as const;
  const spendSpec: TopLevelSpec = {
    width: 600,
    height: 240,
    data: { values: spendValues },
    mark: 'bar',
    encoding: {
      x,
      xOffset: { field: 'series' },
      y: { field: 'spend', type: 'quantitative', title: 'Spend (£m, median)' },
      color: { field: 'series', type: 'nominal', title: null, scale: { range: ['#505a5f', '#1d70b8'] } },
    },
  };
  const savingSpec: TopLevelSpec = {
    width: 600,
    height: 220,
    data: { values: savingValues },
    layer: [
      {
        mark: { type: 'bar', color: '#00703c', width: { band: 0.5 } },
        encoding: { x, y: { field: 'p50', type: 'quantitative', title: 'Saving (£000s)' } },
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
  return Promise.all([
    renderChart(
      spendSpec,
      {
        title: `Spend: baseline and ${c.scenario.name}`,
        description:
          c.years
            .map(
              (y) =>
                `${y.year}: baseline ${formatPence(y.baselineSpend.p50)}, scenario ${formatPence(y.scenarioSpend.p50)}`,
            )
            .join('; ') + '.',
      },
      tables.spend,
      'chart-scenario-spend',
    ),
    renderChart(
      savingSpec,
      {
        title: `Saving from ${c.scenario.name} by financial year`,
        description:
          c.years
            .map(
              (y) =>
                `${y.year}: ${formatPence(y.saving.p50)} (95% interval ${formatPence(y.saving.p2_5)} to ${formatPence(y.saving.p97_5)})`,
            )
            .join('; ') +
          '. Bars are the median saving; the thick line is the 80% interval and the thin line the 95% interval. A negative saving (in brackets) is a cost.',
      },
      tables.saving,
      'chart-scenario-saving',
    ),
  ]);
}

/** A share move in words: what moves where, and the children per household its households are worked at. */
export function shareMoveSummary(p: ScenarioShareMoves): { title: string; householdsText: string | null } {
  return {
    title: `Adjustment ${p.adjustment}: children moving from ${categoryName(p.from)} to ${categoryName(p.to)} to reach ${p.sharePercent}%`,
    householdsText: p.householdsNeeded === null ? null : childrenPerHouseholdText(p.childrenPerHousehold),
  };
}

/** A share move's children moved and households needed by financial year (page and Excel). */
export function shareMovesYearTable(p: ScenarioShareMoves): DataTable {
  const households = p.householdsNeeded !== null;
  return {
    caption: `Adjustment ${p.adjustment}: children moved from ${categoryName(p.from)} to ${categoryName(p.to)} by financial year${
      households ? ', and the in-house fostering households they need (rounded up)' : ''
    }`,
    sheetName: `Moves ${p.adjustment} by year`,
    columns: [
      { header: 'Financial year' },
      { header: 'Months forecast', format: 'integer' },
      { header: 'Children moved in the year', format: 'decimal1' },
      { header: 'Children moved so far', format: 'decimal1' },
      ...(households
        ? [
            { header: 'Households needed by the year end', format: 'integer' as const },
            { header: 'New households in the year', format: 'integer' as const },
          ]
        : []),
    ],
    rows: p.years.map((y) => [
      y.year,
      y.months,
      y.moves,
      y.movedSoFar,
      ...(households ? [y.householdsNeeded, y.newHouseholds] : []),
    ]),
  };
}

/** The same by month (page, behind a toggle, and Excel). */
export function shareMovesMonthTable(p: ScenarioShareMoves): DataTable {
  const households = p.householdsNeeded !== null;
  return {
    caption: `Adjustment ${p.adjustment}: children moved from ${categoryName(p.from)} to ${categoryName(p.to)} by month`,
    sheetName: `Moves ${p.adjustment} by month`,
    columns: [
      { header: 'Month', format: 'month' },
      { header: 'Children moved in the month', format: 'decimal1' },
      { header: 'Children moved so far', format: 'decimal1' },
      ...(households ? [{ header: 'Households needed so far', format: 'integer' as const }] : []),
    ],
    rows: p.months.map((m) => [m.month, m.moves, m.movedSoFar, ...(households ? [m.householdsNeeded] : [])]),
  };
}
