/** The Programmes pages' tables and charts (money in pence; Excel shows it in the GBP format). */
import type { TopLevelSpec } from 'vega-lite';
import { renderChart, type ChartView } from '../../components/charts.ts';
import { formatDate, formatPence } from '../../components/format.ts';
import type { Column, DataTable } from '../../components/tables.ts';
import type { YearFigures } from '../../../domain/programme/appraisal.ts';
import type { MonitoringFigures, Rag } from '../../../domain/programme/monitoring.ts';
import type {
  CumulativeSeriesPoint,
  ChecksReport,
  InitiativeDetail,
  ProgrammeDashboard,
  ProgrammeDocument,
} from '../../../services/programmes.ts';
import { UNIT_LABEL } from '../../../domain/finance/money.ts';
import { paths } from '../../paths.ts';
import { planYearLabels } from './editor.ts';

/** GOV.UK tag colours for RAG (the tag's text says the status too). */
export const RAG_TAG: Record<Rag, string> = {
  green: 'govuk-tag--green',
  amber: 'govuk-tag--yellow',
  red: 'govuk-tag--red',
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const savingType = (t: string) => (t === 'costAvoidance' ? 'Cost avoidance' : 'Cashable');

/** Target, forecast, actual, variance, favourable or adverse, RAG: in the initiatives and monitoring tables. */
const MONITORING_COLUMNS: readonly Column[] = [
  { header: 'Target', format: 'pence' },
  { header: 'Forecast', format: 'pence' },
  { header: 'Actual', format: 'pence' },
  { header: 'Variance', format: 'pence' },
  { header: 'Favourable or adverse' },
  { header: 'RAG' },
];

const monitoringCells = (m: MonitoringFigures) => [
  m.target,
  m.forecast,
  m.actual,
  m.variance,
  cap(m.direction),
  cap(m.rag),
];

export function initiativesTable(d: ProgrammeDashboard): DataTable {
  return {
    caption: 'Initiatives: target, forecast and actual savings, variance (forecast minus target) and RAG',
    sheetName: 'Initiatives',
    columns: [
      { header: 'Initiative' },
      { header: 'Owner' },
      { header: 'Saving type' },
      { header: 'Forecast from' },
      ...MONITORING_COLUMNS,
      { header: 'Overdue milestones', format: 'integer' },
      { header: 'High risks', format: 'integer' },
    ],
    rows: d.initiatives.map((i) => [
      i.name,
      i.owner ?? '',
      savingType(i.savingType),
      forecastFromShort(i),
      ...monitoringCells(i),
      i.overdueMilestones,
      i.highRisks,
    ]),
  };
}

const YEAR_COLUMNS: readonly Column[] = [
  { header: 'Financial year' },
  { header: 'In the plan' },
  { header: 'Investment', format: 'pence' },
  { header: 'Ongoing cost', format: 'pence' },
  { header: 'Gross saving (annual)', format: 'pence' },
  { header: 'Gross saving new this year (incremental)', format: 'pence' },
  { header: 'Net saving', format: 'pence' },
  { header: 'Net saving: low', format: 'pence' },
  { header: 'Net saving: high', format: 'pence' },
  { header: 'Net cash flow', format: 'pence' },
  { header: 'Cumulative net saving', format: 'pence' },
  { header: 'Cumulative cash flow', format: 'pence' },
  { header: 'Present value', format: 'pence' },
];

export function yearsTable(years: readonly YearFigures[], caption: string, sheetName: string): DataTable {
  return {
    caption,
    sheetName,
    columns: YEAR_COLUMNS,
    rows: years.map((y) => [
      y.label,
      y.inPlan ? 'Yes' : 'No (run rate continued)',
      y.investment,
      y.ongoingCost,
      y.grossSaving,
      y.grossSavingIncremental,
      y.netSaving,
      y.netLow,
      y.netHigh,
      y.netCashFlow,
      y.cumulativeNetSaving,
      y.cumulativeCashFlow,
      y.presentValue,
    ]),
  };
}

/**
 * The appraisal as the initiative page shows it: two narrower tables that fit the page at 1,280 px
 * (the Excel download keeps every column in one sheet, `yearsTable`). The first says what the
 * initiative costs and saves each year, the second what that does to cash and value over time.
 * Whether a year is in the plan is said once, in the captions, instead of in a column.
 */
export function yearsPageTables(years: readonly YearFigures[]): { money: DataTable; cash: DataTable } {
  const plan = years.filter((y) => y.inPlan);
  const first = plan[0]?.label;
  const last = plan[plan.length - 1]?.label;
  const carried = years.some((y) => !y.inPlan);
  const planText =
    first === undefined
      ? ''
      : `${first === last ? `${first} is the plan year` : `${first} to ${last} are the plan years`}` +
        (carried ? `; later years continue ${last}’s run rate` : '');
  const suffix = planText ? ` (${planText})` : '';
  // Low and high only where there is a range (entered, or a linked scenario's): never "£x to £x".
  const ranged = years.some((y) => y.netLow !== y.netHigh);
  const rangeColumns: Column[] = ranged
    ? [
        { header: 'Net saving: low', format: 'pence' },
        { header: 'Net saving: high', format: 'pence' },
      ]
    : [];
  return {
    money: {
      caption: `Costs and savings by financial year, after phasing${suffix}`,
      sheetName: 'Appraisal',
      columns: [
        { header: 'Financial year' },
        { header: 'Investment', format: 'pence' },
        { header: 'Ongoing cost', format: 'pence' },
        { header: 'Gross saving (annual)', format: 'pence' },
        { header: 'Gross saving new this year', format: 'pence' },
        { header: 'Net saving', format: 'pence' },
        ...rangeColumns,
      ],
      rows: years.map((y) => [
        y.label,
        y.investment,
        y.ongoingCost,
        y.grossSaving,
        y.grossSavingIncremental,
        y.netSaving,
        ...(ranged ? [y.netLow, y.netHigh] : []),
      ]),
    },
    cash: {
      caption:
        'Cash flow, cumulative totals and present value by financial year (net cash flow is net saving minus investment; present value is net cash flow discounted)',
      sheetName: 'Cash flow',
      columns: [
        { header: 'Financial year' },
        { header: 'Net cash flow', format: 'pence' },
        { header: 'Cumulative net saving', format: 'pence' },
        { header: 'Cumulative cash flow', format: 'pence' },
        { header: 'Present value', format: 'pence' },
      ],
      rows: years.map((y) => [y.label, y.netCashFlow, y.cumulativeNetSaving, y.cumulativeCashFlow, y.presentValue]),
    },
  };
}

export function totalsTable(d: Pick<ProgrammeDashboard, 'totals'>): DataTable {
  const t = d.totals;
  const row = (label: string, pick: (x: typeof t.plan) => number) => [
    label,
    pick(t.plan),
    pick(t.fiveYear),
    pick(t.tenYear),
  ];
  return {
    caption: 'Totals over the plan, 5 and 10 years (later years continue the last year’s run rate)',
    sheetName: 'Totals',
    columns: [
      { header: 'Measure' },
      { header: `Plan (${t.plan.years} years)`, format: 'pence' },
      { header: '5 years', format: 'pence' },
      { header: '10 years', format: 'pence' },
    ],
    rows: [
      row('Investment', (x) => x.investment),
      row('Ongoing cost', (x) => x.ongoingCost),
      row('Gross saving', (x) => x.grossSaving),
      row('Net saving', (x) => x.netSaving),
      // Low and high only where there is a range.
      ...([t.plan, t.fiveYear, t.tenYear].some((x) => x.netLow !== x.netHigh)
        ? [row('Net saving: low', (x) => x.netLow), row('Net saving: high', (x) => x.netHigh)]
        : []),
      row('Cashable', (x) => x.cashable),
      row('Cost avoidance', (x) => x.costAvoidance),
      row('Net cash flow', (x) => x.netCashFlow),
      row('Net present value', (x) => x.npv),
    ],
  };
}

export function checksTable(r: ChecksReport): DataTable {
  return {
    caption: 'Stated totals checked against the totals Forecare computes',
    sheetName: 'Checks',
    columns: [
      { header: 'Finding' },
      { header: 'Where' },
      { header: 'Stated', format: 'pence' },
      { header: 'Computed', format: 'pence' },
      { header: 'Difference (stated minus computed)', format: 'pence' },
      { header: 'Explanation' },
    ],
    rows: r.findings.map((f) => [
      f.severity === 'error' ? 'Error' : 'Rounding',
      f.where,
      f.stated,
      f.computed,
      f.difference,
      f.message,
    ]),
  };
}

export function enteredTable(d: InitiativeDetail): DataTable {
  return {
    caption: `Gross saving as entered (${d.initiative.profile}), shown both ways, before phasing`,
    sheetName: 'Entered',
    columns: [
      { header: 'Financial year' },
      { header: 'New saving this year (incremental)', format: 'pence' },
      { header: 'Annual saving against the baseline (cumulative)', format: 'pence' },
      { header: 'Phasing (share delivered in year)', format: 'percent' },
    ],
    rows: d.entered.map((e) => [e.label, e.incremental, e.cumulative, e.phasing]),
  };
}

export function monitoringTable(d: InitiativeDetail): DataTable {
  return {
    caption: 'Monitoring: saving in each period against target (variance = forecast minus target)',
    sheetName: 'Monitoring',
    columns: [{ header: 'Period' }, ...MONITORING_COLUMNS],
    rows: d.monitoring.periods.map((p) => [p.period, ...monitoringCells(p)]),
  };
}

export function milestonesTable(d: InitiativeDetail): DataTable {
  return {
    caption: 'Milestones',
    sheetName: 'Milestones',
    // One status a milestone: overdue (not complete after its due date) replaces the recorded one.
    columns: [{ header: 'Milestone' }, { header: 'Due', format: 'date' }, { header: 'Status' }],
    rows: d.monitoring.milestones.map((m) => [m.name, m.due, cap(m.shownStatus)]),
  };
}

export function risksTable(d: InitiativeDetail): DataTable {
  return {
    caption: 'Risks (likelihood and impact 1 to 5; score = likelihood × impact)',
    sheetName: 'Risks',
    columns: [
      { header: 'Risk' },
      { header: 'Likelihood', format: 'integer' },
      { header: 'Impact', format: 'integer' },
      { header: 'Score', format: 'integer' },
      { header: 'Rating' },
      { header: 'Mitigation' },
      { header: 'Owner' },
    ],
    rows: d.monitoring.risks.map((r) => [
      r.description,
      r.likelihood,
      r.impact,
      r.score,
      cap(r.rating),
      r.mitigation,
      r.owner ?? '',
    ]),
  };
}

export function targetsTable(d: InitiativeDetail): DataTable {
  const years = [...new Set(d.initiative.targets.flatMap((t) => t.byYear.map((y) => y.year)))].sort((a, b) => a - b);
  return {
    caption: 'Non-financial targets',
    sheetName: 'Targets',
    columns: [
      { header: 'Measure' },
      { header: 'Unit' },
      ...years.map((y) => ({ header: `${y}/${String((y + 1) % 100).padStart(2, '0')}`, format: 'decimal1' as const })),
    ],
    rows: d.initiative.targets.map((t) => [
      t.measure,
      t.unit ?? '',
      ...years.map((y) => t.byYear.find((v) => v.year === y)?.value ?? null),
    ]),
  };
}

export function cumulativeTable(series: readonly CumulativeSeriesPoint[]): DataTable {
  return {
    caption: 'Cumulative savings by year end',
    sheetName: 'Cumulative savings',
    columns: [
      { header: 'Financial year' },
      { header: 'Target gross saving (cumulative)', format: 'pence' },
      { header: 'Forecast gross saving (cumulative)', format: 'pence' },
      { header: 'Net saving (cumulative)', format: 'pence' },
      { header: 'Net cash flow (cumulative)', format: 'pence' },
    ],
    rows: series.map((p) => [
      p.label,
      p.cumulativeTargetGross,
      p.cumulativeForecastGross,
      p.cumulativeNetSaving,
      p.cumulativeCashFlow,
    ]),
  };
}

export function cumulativeChart(
  series: readonly CumulativeSeriesPoint[],
  table: DataTable,
  title: string,
  id: string,
): Promise<ChartView> {
  const m = (p: number) => Math.round(p / 1e6) / 100; // pence to £m, 2 dp
  const values = series.flatMap((p) => [
    { year: p.label, measure: 'Target gross saving', amount: m(p.cumulativeTargetGross) },
    { year: p.label, measure: 'Forecast gross saving', amount: m(p.cumulativeForecastGross) },
    { year: p.label, measure: 'Net saving', amount: m(p.cumulativeNetSaving) },
    { year: p.label, measure: 'Net cash flow', amount: m(p.cumulativeCashFlow) },
  ]);
  const spec: TopLevelSpec = {
    width: 600,
    height: 260,
    data: { values },
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'year', type: 'ordinal', title: 'Financial year', axis: { labelAngle: 0 } },
      y: { field: 'amount', type: 'quantitative', title: 'Cumulative (£m)' },
      color: { field: 'measure', type: 'nominal', title: null, sort: null, legend: { labelLimit: 300, columns: 2 } },
      strokeDash: {
        field: 'measure',
        type: 'nominal',
        title: null,
        sort: null,
        legend: { labelLimit: 300, columns: 2 },
      },
    },
  };
  const last = series[series.length - 1];
  const description = last
    ? `By the end of ${last.label}: target gross saving ${formatPence(last.cumulativeTargetGross)}, forecast gross saving ${formatPence(last.cumulativeForecastGross)}, ` +
      `net saving ${formatPence(last.cumulativeNetSaving)}, cumulative net cash flow ${formatPence(last.cumulativeCashFlow)} (after investment).`
    : 'No years.';
  return renderChart(spec, { title, description }, table, id);
}

/** Where an initiative's forecast comes from, in a table cell: the plan, a scenario, or a permanence project. */
export function forecastFromShort(i: {
  readonly forecastSource: 'plan' | 'scenario' | 'tracker';
  readonly scenario: string | null;
  readonly trackerProject: string | null;
}): string {
  if (i.forecastSource === 'scenario') return `Scenario: ${i.scenario ?? ''}`;
  if (i.forecastSource === 'tracker') return `Permanence project: ${i.trackerProject ?? ''}`;
  return 'Plan';
}

/**
 * The saving's range on an initiative's page: only where one was entered or the linked scenario
 * gives one (never "£x to £x").
 */
export function savingRangeText(d: InitiativeDetail): string {
  const plan = d.appraisal.totals.plan;
  const fromScenario = d.appraisal.forecastSource === 'scenario';
  if (plan.netLow === plan.netHigh)
    return d.appraisal.forecastSource === 'tracker'
      ? 'None: the permanence project gives one figure a year'
      : fromScenario
        ? 'None: the scenario’s runs all give the same saving'
        : 'None entered (no low or high figures)';
  return `${formatPence(plan.netLow)} to ${formatPence(plan.netHigh)} ${
    fromScenario
      ? '(the scenario’s 10th to 90th percentile saving, less ongoing cost)'
      : '(from the low and high figures entered)'
  }`;
}

// ---------------------------------------------------------------------------------------------
// The programme's contents page (writing a programme in the browser): each part with a Change link

type Doc = Record<string, unknown>;

const pounds = (v: unknown): string =>
  v === 'TBC' ? 'TBC' : typeof v === 'number' ? formatPence(Math.round(v * 100)) : '';

const DEFAULT_RAG = { greenMinPercent: 95, amberMinPercent: 80 };

/** The settings summary at the top of the contents page. */
export function settingsSummary(doc: ProgrammeDocument): Array<{ key: string; lines: string[] }> {
  const rag = (doc.rag ?? DEFAULT_RAG) as typeof DEFAULT_RAG;
  return [
    { key: 'Name', lines: [doc.programme] },
    { key: 'Amounts shown in', lines: [UNIT_LABEL[(doc.unit ?? 'thousands') as keyof typeof UNIT_LABEL]] },
    { key: 'Plan years', lines: [planYearLabels(doc).join(', ')] },
    { key: 'Discount rate', lines: [`${Math.round((doc.discountRate ?? 0.035) * 100000) / 1000}%`] },
    {
      key: 'Stated totals are',
      lines: [doc.statedProfile === 'cumulative' ? 'Cumulative' : 'Incremental (new each year)'],
    },
    { key: 'RAG', lines: [`Green from ${rag.greenMinPercent}% of target, amber from ${rag.amberMinPercent}%`] },
  ];
}

/** One year of an initiative's money in words: "2025/26: investment £10,000.00, gross saving TBC". */
function yearLine(label: string, y: Doc): string {
  const parts: string[] = [];
  if (y.investment !== undefined) parts.push(`investment ${pounds(y.investment)}`);
  if (y.ongoingCost !== undefined) parts.push(`ongoing cost ${pounds(y.ongoingCost)}`);
  if (y.grossSaving !== undefined) parts.push(`gross saving ${pounds(y.grossSaving)}`);
  if (y.low !== undefined || y.high !== undefined)
    parts.push(`range ${pounds(y.low) || 'not given'} to ${pounds(y.high) || 'not given'}`);
  if (typeof y.phasing === 'number' && y.phasing !== 1) parts.push(`phasing ${Math.round(y.phasing * 1000) / 10}%`);
  return `${label}: ${parts.length > 0 ? parts.join(', ') : 'nothing entered'}`;
}

const count = (list: unknown, one: string, many: string) => {
  const n = Array.isArray(list) ? list.length : 0;
  return n === 0 ? 'None' : `${n} ${n === 1 ? one : many}`;
};
const listLines = (list: unknown, pick: (e: Doc) => string) => (Array.isArray(list) ? (list as Doc[]).map(pick) : []);

/** Each initiative on the contents page: its parts (details, money by year, lists, monitoring) with Change links. */
export function initiativesContents(doc: ProgrammeDocument, la: string, programmeId: string) {
  const p = paths.programmes;
  return doc.initiatives.map((ini) => {
    const at = { la, programmeId, initiativeId: ini.id };
    const years = Object.entries((ini.years ?? {}) as Record<string, Doc>).map(([label, y]) => yearLine(label, y));
    const section = (s: string) => p.editSection.build({ ...at, section: s });
    return {
      id: ini.id,
      name: ini.name,
      removeHref: doc.initiatives.length > 1 ? p.removeInitiative.build(at) : null,
      rows: [
        {
          key: 'Details',
          lines: [
            ini.name,
            `Owner: ${ini.owner || 'not given'}`,
            ini.savingType === 'costAvoidance' ? 'Cost avoidance' : 'Cashable',
            ini.profile === 'cumulative'
              ? 'Savings entered as annual savings against the baseline (cumulative)'
              : 'Savings entered as new savings each year (incremental)',
            ...(ini.scenario ? [`Forecast from scenario “${ini.scenario}”`] : []),
            ...(ini.trackerProject ? [`Forecast from the permanence project “${ini.trackerProject}”`] : []),
          ],
          href: p.editInitiative.build(at),
          what: 'details',
        },
        {
          key: 'Money by year',
          lines: years.length > 0 ? years : ['Nothing entered yet'],
          href: `${p.editInitiative.build(at)}#years`,
          what: 'money by year',
        },
        {
          key: 'Workings',
          lines: listLines(ini.workings, (w) => String(w.description)),
          empty: count(ini.workings, 'working', 'workings'),
          href: section('workings'),
          what: 'workings',
        },
        {
          key: 'Milestones',
          lines: listLines(
            ini.milestones,
            (m) => `${String(m.name)} (due ${formatDate(String(m.due))}, ${String(m.status)})`,
          ),
          empty: 'None',
          href: section('milestones'),
          what: 'milestones',
        },
        {
          key: 'Risks',
          lines: listLines(
            ini.risks,
            (r) => `${String(r.description)} (likelihood ${String(r.likelihood)}, impact ${String(r.impact)})`,
          ),
          empty: 'None',
          href: section('risks'),
          what: 'risks',
        },
        {
          key: 'Non-financial targets',
          lines: listLines(ini.targets, (t) => String(t.measure)),
          empty: 'None',
          href: section('targets'),
          what: 'targets',
        },
        {
          key: 'Monitoring',
          lines: [],
          empty: count(ini.monitoring, 'period', 'periods'),
          href: `${p.editInitiative.build(at)}#monitoring`,
          what: 'monitoring',
        },
      ],
    };
  });
}
