/** The Permanence pages' tables and chart (view models for the templates and the Excel download). */
import type { TopLevelSpec } from 'vega-lite';
import { PLACEMENT_CATEGORY_LABELS } from '../../../domain/placementCategories.ts';
import { PLANNED_ROUTE_LABELS, type ChildOutcome, type PlannedRoute } from '../../../domain/permanence/tracker.ts';
import type { TrackerView } from '../../../services/permanence.ts';
import { TARGET_MEASURE_LABELS, type TargetStatus } from '../../../domain/permanence/targets.ts';
import { CHART_COLOURS, renderChart, type ChartView } from '../../components/charts.ts';
import { formatDate, formatMonth, formatNumber } from '../../components/format.ts';
import type { DataTable } from '../../components/tables.ts';

export const OUTCOME_LABELS: Readonly<Record<ChildOutcome, string>> = {
  achieved: 'Left care as planned',
  other_route: 'Left care another way (review)',
  overdue: 'Overdue: still in care',
  in_care: 'In care: on plan',
  out_of_scope: 'Out of scope',
};

const route = (r: PlannedRoute | null): string => (r === null ? '' : PLANNED_ROUTE_LABELS[r]);

/** Planned and achieved exits month by month, with running totals. */
export function exitsTable(view: TrackerView): DataTable {
  return {
    caption: 'Planned and achieved exits by month (children in scope)',
    sheetName: 'Exits by month',
    columns: [
      { header: 'Month', format: 'month' },
      { header: 'Planned', format: 'integer' },
      { header: 'Left as planned', format: 'integer' },
      { header: 'Left another way', format: 'integer' },
      { header: 'Planned to date', format: 'integer' },
      { header: 'Left as planned to date', format: 'integer' },
    ],
    rows: view.report.months.map((m) => [
      m.month,
      m.planned,
      m.achieved,
      m.otherRoute,
      m.cumulativePlanned,
      m.cumulativeAchieved,
    ]),
  };
}

/** The council's looked after path as the project paper shows it: start + admissions - discharges = end. */
export function pathTable(view: TrackerView): DataTable {
  return {
    caption: 'Children looked after in the council, month by month (from the returns)',
    sheetName: 'Looked after path',
    columns: [
      { header: 'Month', format: 'month' },
      { header: 'At the start', format: 'integer' },
      { header: 'Admissions', format: 'integer' },
      { header: 'Discharges', format: 'integer' },
      { header: 'Of which project exits', format: 'integer' },
      { header: 'At the end', format: 'integer' },
    ],
    rows: view.report.months
      .filter((m) => m.lookedAfterEnd !== null)
      .map((m) => [m.month, m.lookedAfterStart, m.admissions, m.discharges, m.achieved, m.lookedAfterEnd]),
  };
}

/** One row per child: pseudonyms only (the council's own list maps them back to CHILD ids). */
export function childrenTable(view: TrackerView): DataTable {
  const saving = new Map(view.saving.children.map((c) => [c.childId, c]));
  return {
    caption: 'Children in the project',
    sheetName: 'Children',
    columns: [
      { header: 'Child (pseudonym)' },
      { header: 'Planned route' },
      { header: 'Planned month', format: 'month' },
      { header: 'Where they are' },
      { header: 'Left care on', format: 'date' },
      { header: 'Placement a week', format: 'pence' },
      { header: 'Saving so far', format: 'pence' },
      { header: 'Saving to come', format: 'pence' },
    ],
    rows: view.report.children.map((c) => {
      const s = saving.get(c.childId);
      const outcome =
        c.outcome === 'other_route'
          ? `${OUTCOME_LABELS.other_route}: ${route(c.exitRoute)}`
          : OUTCOME_LABELS[c.outcome];
      return [
        c.childId,
        route(c.plannedRoute),
        c.plannedMonth,
        c.status === 'out_of_scope' ? `${outcome} (${c.reason ?? ''})` : outcome,
        c.exitDate,
        s ? s.placementWeeklyPence : null,
        s ? s.soFarPence : null,
        s ? s.toComePence : null,
      ];
    }),
  };
}

export function savingRows(view: TrackerView): Array<{ label: string; pence: number }> {
  const s = view.saving;
  return [
    { label: 'Saved so far, from children who left as planned', pence: s.soFarPence },
    { label: `Still to come from them, to ${formatDate(s.horizon)}`, pence: s.toComeAchievedPence },
    { label: `To come if the remaining plan is met, to ${formatDate(s.horizon)}`, pence: s.toComePlannedPence },
    { label: 'Total', pence: s.soFarPence + s.toComeAchievedPence + s.toComePlannedPence },
  ];
}

export function categoryLabel(key: string): string {
  return key in PLACEMENT_CATEGORY_LABELS
    ? PLACEMENT_CATEGORY_LABELS[key as keyof typeof PLACEMENT_CATEGORY_LABELS]
    : key;
}

/** Cumulative planned against cumulative achieved exits, month by month. */
export async function exitsChart(view: TrackerView): Promise<ChartView> {
  const months = view.report.months;
  const values = months.flatMap((m) => [
    { month: `${m.month}-01`, series: 'Planned to date', value: m.cumulativePlanned },
    ...(m.lookedAfterEnd === null
      ? []
      : [{ month: `${m.month}-01`, series: 'Left as planned to date', value: m.cumulativeAchieved }]),
  ]);
  const spec: TopLevelSpec = {
    width: 640,
    height: 260,
    data: { values },
    mark: { type: 'line', strokeWidth: 2.5, point: { filled: true, size: 30 } },
    encoding: {
      x: { field: 'month', type: 'temporal', title: 'Month', axis: { format: '%b %Y', labelAngle: 0, tickCount: 8 } },
      y: { field: 'value', type: 'quantitative', title: 'Children', scale: { zero: true }, axis: { tickMinStep: 1 } },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: ['Planned to date', 'Left as planned to date'], range: CHART_COLOURS.slice(0, 2) },
        legend: { orient: 'bottom', direction: 'horizontal' },
      },
    },
  };
  const first = months[0];
  const last = months[months.length - 1];
  const lastKnown = [...months].reverse().find((m) => m.lookedAfterEnd !== null);
  const description =
    first && last
      ? `From ${formatMonth(first.month)} to ${formatMonth(last.month)}, ${formatNumber(last.cumulativePlanned)} children in scope are planned to leave care; by ${formatMonth(lastKnown?.month ?? first.month)}, ${formatNumber(lastKnown?.cumulativeAchieved ?? 0)} had left as planned.`
      : 'No months to show.';
  return renderChart(
    spec,
    { title: 'Planned and achieved exits, running totals', description },
    exitsTable(view),
    'chart-tracker',
  );
}

export const TARGET_STATUS_LABELS: Readonly<Record<TargetStatus, string>> = {
  met: 'Met',
  not_met: 'Not met',
  to_come: 'To come (after the returns)',
};

/** The stated targets beside the path's figures, met or not. */
export function targetsTable(view: TrackerView): DataTable {
  return {
    caption: 'Stated targets against the looked after path',
    sheetName: 'Targets',
    columns: [
      { header: 'Month', format: 'month' },
      { header: 'Target' },
      { header: 'Stated', format: 'integer' },
      { header: 'From the returns', format: 'integer' },
      { header: 'Met?' },
    ],
    rows: view.targets.map((t) => [
      t.month,
      TARGET_MEASURE_LABELS[t.measure],
      t.value,
      t.actual,
      TARGET_STATUS_LABELS[t.status],
    ]),
  };
}

/** The saving to come by financial year: what a savings programme would take as its forecast. */
export function savingByYearTable(view: TrackerView): DataTable {
  return {
    caption: 'Saving to come by financial year, net of allowances',
    sheetName: 'Saving by year',
    columns: [
      { header: 'Financial year' },
      { header: 'From children who left as planned', format: 'pence' },
      { header: 'If the remaining plan is met', format: 'pence' },
      { header: 'Total', format: 'pence' },
    ],
    rows: view.saving.toComeByYear.map((y) => [
      `${y.year}/${String((y.year + 1) % 100).padStart(2, '0')}`,
      y.achievedPence,
      y.plannedPence,
      y.achievedPence + y.plannedPence,
    ]),
  };
}
