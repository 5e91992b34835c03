/**
 * A programme as an Excel workbook laid out as councils lay them out: years as columns, one row
 * per initiative and line, amounts as numbers in pounds with a finance number format that shows
 * them in the display unit with negatives in brackets (`#,##0,;(#,##0,)` shows £000s).
 *
 * Sheets:
 * - `Programme`: settings (rows 1-8), then a table: Initiative ID | Initiative | Owner | Saving type |
 *   Profile | Scenario | Line | one column per year | Total. Lines per initiative, as entered:
 *   Investment, Ongoing cost, Gross saving, Gross saving low, Gross saving high, Phasing; then
 *   calculated (delivered, in the stated-totals profile, run-rate years filled in): Ongoing cost,
 *   Gross saving, Net saving. Below, a Total row per totalled line with each year's column total.
 *   Totals Forecare calculates are Excel formulas (SUM / SUMIF); a total typed as a number is a
 *   stated total, checked on import like a stated total in a programme file.
 *   An amount typed as text "TBC" is TBC; a stated total typed as text may be a range
 *   ("4,908,000 - 6,558,000", in pounds) or "TBC".
 * - `Targets` (one row per target, years as columns, then Better, Counted, Route), `Target months`
 *   (the monthly trajectory and actuals), `Monitoring`, `Milestones`, `Risks`: one row per entry.
 * - `Workings`: one row per working and year (volume x unit cost x duration).
 * - `Stated totals`: the stated figures the Programme sheet has no place for: the main table's net
 *   cash flow, spans and paybacks, and every figure of the paper's further tables.
 * - `Appraisal`: the evaluation (for reading; ignored on import).
 */
import type ExcelJS from 'exceljs';
import { excelJs } from './excelJs.ts';
import { financialYearLabel, isoFromYmd } from '../domain/dates.ts';
import { appraiseProgramme, type Appraisal } from '../domain/programme/appraisal.ts';
import type {
  AmountField,
  Programme,
  StatedFigure,
  StatedLineTotals,
  StatedPayback,
  StatedTableParts,
  TotalLine,
} from '../domain/programme/model.ts';
import { planYearList, TOTAL_LINES } from '../domain/programme/model.ts';
import { EXCEL_NUMBER_FORMAT, UNIT_LABEL, exactPounds } from '../domain/finance/money.ts';
import {
  isTbcText,
  parseYearLabel,
  poundsFromText,
  printable,
  PROGRAMME_LIMITS,
  programmeFromDocument,
  ProgrammeFileError,
  programmeToDocument,
  readBoundedFile,
} from './programmeFile.ts';

const SHEET = {
  programme: 'Programme',
  targets: 'Targets',
  targetMonths: 'Target months',
  monitoring: 'Monitoring',
  milestones: 'Milestones',
  risks: 'Risks',
  workings: 'Workings',
  stated: 'Stated totals',
  appraisal: 'Appraisal',
} as const;

/**
 * Lines in the Programme sheet. Entered lines carry what a person types (`field`); calculated lines
 * carry Forecare's delivered figures in the stated-totals profile, including run-rate years, and
 * are what the totals add up (`total`), so a total shown always means what the checks test.
 * Investment is both entered and totalled (it has no profile or run rate).
 */
type Calc = 'ongoingCost' | 'grossSaving' | 'netSaving';
interface LineDef {
  readonly name: string;
  readonly field: 'investment' | 'ongoingCost' | 'grossSaving' | 'low' | 'high' | 'phasing' | null;
  readonly calc: Calc | null;
  readonly total: 'investment' | 'ongoingCost' | 'grossSaving' | 'netSaving' | null;
}
const LINES: readonly LineDef[] = [
  { name: 'Investment', field: 'investment', calc: null, total: 'investment' },
  { name: 'Ongoing cost', field: 'ongoingCost', calc: null, total: null },
  { name: 'Gross saving', field: 'grossSaving', calc: null, total: null },
  { name: 'Gross saving low', field: 'low', calc: null, total: null },
  { name: 'Gross saving high', field: 'high', calc: null, total: null },
  { name: 'Phasing', field: 'phasing', calc: null, total: null },
  { name: 'Ongoing cost (calculated)', field: null, calc: 'ongoingCost', total: 'ongoingCost' },
  { name: 'Gross saving (calculated)', field: null, calc: 'grossSaving', total: 'grossSaving' },
  { name: 'Net saving (calculated)', field: null, calc: 'netSaving', total: 'netSaving' },
];

const SETTINGS = [
  'Unit',
  'First year',
  'Plan years',
  'Discount rate',
  'Stated totals profile',
  'RAG green min %',
  'RAG amber min %',
] as const;
/**
 * The Scenario column names a permanence tracker project (an initiative's `trackerProject`) with
 * this prefix: "Permanence project: Reunification 2026". The layout keeps its columns.
 */
export const TRACKER_PROJECT_PREFIX = 'Permanence project:';

/** The Scenario column's text for an initiative: its scenario, or its tracker project with the prefix. */
function forecastCell(ini: { scenario?: string | undefined; trackerProject?: string | undefined }): string | null {
  if (ini.trackerProject !== undefined) return `${TRACKER_PROJECT_PREFIX} ${ini.trackerProject}`;
  return ini.scenario ?? null;
}

const TABLE_HEAD = ['Initiative ID', 'Initiative', 'Owner', 'Saving type', 'Profile', 'Scenario', 'Line'] as const;
const TABLE_HEADER_ROW = 10;
const FIRST_YEAR_COL = TABLE_HEAD.length + 1;

function colLetter(col: number): string {
  let s = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** Years shown as columns: the plan years, plus any later year an initiative or working enters. */
function columnYears(p: Programme): number[] {
  const entered = p.initiatives.flatMap((i) => [
    ...i.years.map((l) => l.year),
    ...(i.workings ?? []).flatMap((w) => w.years.map((y) => y.year)),
  ]);
  const last = Math.max(p.firstYear + p.planYears - 1, ...entered);
  return Array.from({ length: last - p.firstYear + 1 }, (_, i) => p.firstYear + i);
}

const pounds = (pence: number | undefined): number | null => (pence === undefined ? null : exactPounds(pence));
/** Pounds to the penny (sums of pounds with pence in binary floating point drift). */
const roundPounds = (v: number): number => Math.round(v * 100) / 100;

const groupedPounds = (pence: number): string =>
  exactPounds(pence).toLocaleString('en-GB', { maximumFractionDigits: 2 });

/** A stated figure as a cell: a number in pounds, a range as text in pounds, or "TBC". */
function statedCell(f: StatedFigure): number | string {
  if (f === 'TBC') return 'TBC';
  if (typeof f === 'number') return exactPounds(f);
  return `${groupedPounds(f.low)} - ${groupedPounds(f.high)}`;
}

/** The year-line field an entered line shows. */
const FIELD_OF: Record<'investment' | 'ongoingCost' | 'grossSaving' | 'low' | 'high', AmountField> = {
  investment: 'investment',
  ongoingCost: 'ongoingCost',
  grossSaving: 'grossSaving',
  low: 'grossLow',
  high: 'grossHigh',
};

const MONEY_2DP = '#,##0.00;(#,##0.00)';

/** Column headings of the sheets other than Programme and Appraisal. */
const HEAD = {
  targetsBefore: ['Initiative ID', 'Measure', 'Unit'],
  targetsAfter: ['Better', 'Counted', 'Route'],
  targetMonths: ['Initiative ID', 'Target', 'Measure', 'Month', 'Target value', 'Actual'],
  monitoring: ['Initiative ID', 'Period', 'Target', 'Forecast', 'Actual', 'Variance (stated)'],
  milestones: ['Initiative ID', 'Milestone', 'Due', 'Status'],
  risks: ['Initiative ID', 'Risk', 'Likelihood', 'Impact', 'Score', 'Mitigation', 'Owner'],
  workings: [
    'Initiative ID',
    'Working',
    'Line',
    'Description',
    'Volume unit',
    'Unit cost',
    'Unit cost from',
    'Unit cost to',
    'Per',
    'Duration',
    'Year',
    'Volume',
    'Duration in year',
  ],
  stated: ['Table', 'Kind', 'Profile', 'Basis', 'Unit', 'Initiative ID', 'Span', 'From', 'Years', 'Line', 'Stated'],
} as const;

const WORKING_LINE: Record<AmountField, string> = {
  investment: 'investment',
  ongoingCost: 'ongoingCost',
  grossSaving: 'grossSaving',
  grossLow: 'low',
  grossHigh: 'high',
};

/** Rows of the Stated totals sheet for one table (the main table: only what the Programme sheet cannot hold). */
function statedRows(
  table: StatedTableParts & {
    profile?: string;
    rows?: ReadonlyArray<{ initiative: string; totals: StatedLineTotals; payback?: StatedPayback | undefined }>;
  },
  main: boolean,
): Array<Array<string | number | null>> {
  const name = table.name ?? '';
  const out: Array<Array<string | number | null>> = [];
  const row = (
    kind: string,
    extra: {
      profile?: string | null;
      basis?: string | null;
      unit?: string | null;
      initiative?: string | null;
      span?: string | null;
      from?: string | null;
      years?: number | null;
      line?: string | null;
      stated?: string | number | null;
    },
  ) =>
    out.push([
      name,
      kind,
      extra.profile ?? null,
      extra.basis ?? null,
      extra.unit ?? null,
      extra.initiative ?? null,
      extra.span ?? null,
      extra.from ?? null,
      extra.years ?? null,
      extra.line ?? null,
      extra.stated ?? null,
    ]);
  row(main ? 'main table' : 'table', {
    profile: table.profile ?? null,
    basis: table.basis ?? null,
    unit: table.unit ?? null,
  });
  /** The main table's investment, ongoing cost, gross and net saving sit in the Programme sheet. */
  const lines = (totals: StatedLineTotals): Array<[TotalLine, StatedFigure]> =>
    TOTAL_LINES.filter((l) => totals[l] !== undefined && (!main || l === 'netCashFlow')).map((l) => [
      l,
      totals[l] as StatedFigure,
    ]);
  for (const y of table.byYear)
    for (const [line, f] of lines(y.totals))
      row('column', { from: financialYearLabel(y.year), line, stated: statedCell(f) });
  for (const r of table.rows ?? []) {
    for (const [line, f] of lines(r.totals)) row('row', { initiative: r.initiative, line, stated: statedCell(f) });
    if (r.payback?.simple !== undefined)
      row('payback', { initiative: r.initiative, line: 'simple', stated: r.payback.simple });
    if (r.payback?.cashflow !== undefined)
      row('payback', { initiative: r.initiative, line: 'cashflow', stated: r.payback.cashflow });
  }
  for (const [line, f] of lines(table.total)) row('grand', { line, stated: statedCell(f) });
  for (const span of table.spans ?? [])
    for (const line of TOTAL_LINES) {
      const f = span.totals[line];
      if (f === undefined) continue;
      row('span', {
        span: span.name,
        from: typeof span.from === 'number' ? financialYearLabel(span.from) : span.from,
        years: span.years,
        initiative: span.initiative ?? null,
        profile: span.profile ?? null,
        basis: span.basis ?? null,
        line,
        stated: statedCell(f),
      });
    }
  if (table.payback?.simple !== undefined) row('payback', { line: 'simple', stated: table.payback.simple });
  if (table.payback?.cashflow !== undefined) row('payback', { line: 'cashflow', stated: table.payback.cashflow });
  return out;
}

/**
 * Builds the workbook for a programme. The calculated rows and the Appraisal sheet are the plan as
 * entered (a scenario-linked initiative's modelled forecast is not written: the workbook is the plan).
 */
export function programmeWorkbook(p: Programme): ExcelJS.Workbook {
  const appraisal = appraiseProgramme(p);
  const wb = new (excelJs().Workbook)();
  wb.creator = 'Forecare';
  const money = EXCEL_NUMBER_FORMAT[p.unit];
  const years = columnYears(p);
  writeProgrammeSheet(wb, p, appraisal, years, money);
  writeTargetSheets(wb, p, years);
  writeMonitoringSheet(wb, p, money);
  writeMilestonesSheet(wb, p);
  writeRisksSheet(wb, p);
  writeWorkingsSheet(wb, p);
  writeStatedSheet(wb, p);
  writeAppraisalSheet(wb, p, appraisal, money);
  return wb;
}

type ProgrammeAppraisal = ReturnType<typeof appraiseProgramme>;

/** Where the Programme sheet's money is: the year columns, the plan's first and last, and the total. */
interface YearColumns {
  readonly years: readonly number[];
  /** Letters of the plan's first and last year columns (the totals sum these). */
  readonly first: string;
  readonly last: string;
  readonly totalCol: number;
  /** The number format of the programme's unit. */
  readonly money: string;
}

/** The Programme sheet: the settings, then each initiative's lines by year, then the total of each line. */
function writeProgrammeSheet(
  wb: ExcelJS.Workbook,
  p: Programme,
  appraisal: ProgrammeAppraisal,
  years: readonly number[],
  money: string,
): void {
  const planCols = planYearList(p).map((y) => FIRST_YEAR_COL + (y - p.firstYear));
  const cols: YearColumns = {
    years,
    first: colLetter(planCols[0] ?? FIRST_YEAR_COL),
    last: colLetter(planCols[planCols.length - 1] ?? FIRST_YEAR_COL),
    totalCol: FIRST_YEAR_COL + years.length,
    money,
  };
  const ws = wb.addWorksheet(SHEET.programme, {
    views: [{ state: 'frozen', xSplit: TABLE_HEAD.length, ySplit: TABLE_HEADER_ROW }],
  });
  writeSettings(ws, p);
  writeTableHeader(ws, p, years);
  const { columnSums, lastData } = writeInitiativeLines(ws, p, appraisal, cols);
  writeTotalLines(ws, p, cols, columnSums, lastData);
  ws.getColumn(2).width = 36;
  ws.getColumn(TABLE_HEAD.length).width = 24;
  for (let c = FIRST_YEAR_COL; c <= cols.totalCol; c++) ws.getColumn(c).width = 14;
}

/** The programme's name and settings above the table. */
function writeSettings(ws: ExcelJS.Worksheet, p: Programme): void {
  ws.getCell('A1').value = p.name;
  ws.getCell('A1').font = { bold: true, size: 14 };
  const settings: Array<string | number> = [
    p.unit,
    financialYearLabel(p.firstYear),
    p.planYears,
    p.discountRate,
    p.statedProfile,
    p.rag.greenMinPercent,
    p.rag.amberMinPercent,
  ];
  SETTINGS.forEach((label, i) => {
    ws.getCell(2 + i, 1).value = label;
    ws.getCell(2 + i, 2).value = settings[i] ?? null;
  });
  ws.getCell(2, 3).value =
    `amounts in pounds, shown in ${UNIT_LABEL[p.unit]}; savings positive; negatives in brackets; type TBC where a figure is not known`;
}

/** The table's header row: the initiative columns, each year, and the plan's total. */
function writeTableHeader(ws: ExcelJS.Worksheet, p: Programme, years: readonly number[]): void {
  const header = ws.getRow(TABLE_HEADER_ROW);
  [
    ...TABLE_HEAD,
    ...years.map(financialYearLabel),
    `Total ${financialYearLabel(p.firstYear)} to ${financialYearLabel(p.firstYear + p.planYears - 1)}`,
  ].forEach((h, i) => {
    header.getCell(i + 1).value = h;
  });
  header.font = { bold: true };
}

/**
 * Each initiative's lines (entered, and calculated in italics) by year, with the plan's total;
 * gives the sums of the values written, by line name and column (the totals' cached results), and
 * the last row written.
 */
function writeInitiativeLines(
  ws: ExcelJS.Worksheet,
  p: Programme,
  appraisal: ProgrammeAppraisal,
  { years, first, last, totalCol, money }: YearColumns,
): { columnSums: Map<string, number>; lastData: number } {
  const byId = new Map(appraisal.initiatives.map((a) => [a.id, a]));
  /** Sums of the values written, by line name and column, for the formulas' cached results. */
  const columnSums = new Map<string, number>();
  let r = TABLE_HEADER_ROW + 1;
  for (const ini of p.initiatives) {
    const lineByYear = new Map(ini.years.map((l) => [l.year, l]));
    const ia = byId.get(ini.id);
    const stated: StatedLineTotals = ini.statedTotals ?? {};
    for (const line of LINES) {
      const row = ws.getRow(r);
      [ini.id, ini.name, ini.owner ?? null, ini.savingType, ini.profile, forecastCell(ini), line.name].forEach(
        (v, i) => {
          row.getCell(i + 1).value = v;
        },
      );
      const rowValues: number[] = [];
      years.forEach((y, i) => {
        const cell = row.getCell(FIRST_YEAR_COL + i);
        const l = lineByYear.get(y);
        let v: number | string | null = null;
        if (line.calc !== null) {
          const fig = ia?.years[y - p.firstYear];
          const inc = p.statedProfile === 'incremental';
          if (fig)
            v = pounds(
              line.calc === 'ongoingCost'
                ? fig.ongoingCost
                : line.calc === 'grossSaving'
                  ? inc
                    ? fig.grossSavingIncremental
                    : fig.grossSaving
                  : inc
                    ? fig.netSavingIncremental
                    : fig.netSaving,
            );
        } else if (line.field !== null && l) {
          if (line.field === 'phasing') v = l.phasing;
          else {
            const field = FIELD_OF[line.field];
            v = (l.tbc ?? []).includes(field) ? 'TBC' : pounds(l[field]);
          }
        }
        cell.value = v;
        cell.numFmt = line.field === 'phasing' ? '0%' : money;
        const n = typeof v === 'number' ? v : 0;
        rowValues.push(n);
        const key = `${line.name}|${FIRST_YEAR_COL + i}`;
        columnSums.set(key, roundPounds((columnSums.get(key) ?? 0) + n));
      });
      if (line.total !== null) {
        const cell = row.getCell(totalCol);
        const s = stated[line.total];
        cell.value =
          s !== undefined
            ? statedCell(s)
            : {
                formula: `SUM(${first}${r}:${last}${r})`,
                result: roundPounds(rowValues.slice(0, p.planYears).reduce((a, b) => a + b, 0)),
              };
        cell.numFmt = money;
      }
      if (line.calc !== null) row.font = { italic: true };
      r++;
    }
  }
  return { columnSums, lastData: r - 1 };
}

/** The total of each line by year (SUMIF over the initiatives' rows, or the total the paper states). */
function writeTotalLines(
  ws: ExcelJS.Worksheet,
  p: Programme,
  { years, first, last, totalCol, money }: YearColumns,
  columnSums: ReadonlyMap<string, number>,
  lastData: number,
): void {
  let r = lastData + 2;
  const lineCol = colLetter(TABLE_HEAD.length);
  const statedYear = new Map(p.statedTotals.byYear.map((y) => [y.year, y.totals]));
  for (const line of LINES) {
    const total = line.total;
    if (total === null) continue;
    const row = ws.getRow(r);
    row.getCell(1).value = 'Total';
    row.getCell(TABLE_HEAD.length).value = line.name;
    row.font = { bold: true };
    const shown: number[] = [];
    years.forEach((y, i) => {
      const col = FIRST_YEAR_COL + i;
      const cell = row.getCell(col);
      const s = statedYear.get(y)?.[total];
      const c = colLetter(col);
      const result = columnSums.get(`${line.name}|${col}`) ?? 0;
      shown.push(typeof s === 'number' ? exactPounds(s) : result);
      cell.value =
        s !== undefined
          ? statedCell(s)
          : {
              formula: `SUMIF($${lineCol}$${TABLE_HEADER_ROW + 1}:$${lineCol}$${lastData},"${line.name}",${c}${TABLE_HEADER_ROW + 1}:${c}${lastData})`,
              result,
            };
      cell.numFmt = money;
    });
    const cell = row.getCell(totalCol);
    const s = p.statedTotals.total[total];
    cell.value =
      s !== undefined
        ? statedCell(s)
        : {
            formula: `SUM(${first}${r}:${last}${r})`,
            result: roundPounds(shown.slice(0, p.planYears).reduce((a, b) => a + b, 0)),
          };
    cell.numFmt = money;
    r++;
  }
}

/** The non-financial targets by year, and their months. */
function writeTargetSheets(wb: ExcelJS.Workbook, p: Programme, years: readonly number[]): void {
  const targets = wb.addWorksheet(SHEET.targets);
  targets.addRow([...HEAD.targetsBefore, ...years.map(financialYearLabel), ...HEAD.targetsAfter]).font = { bold: true };
  const months = wb.addWorksheet(SHEET.targetMonths);
  months.addRow([...HEAD.targetMonths]).font = { bold: true };
  for (const ini of p.initiatives)
    ini.targets.forEach((t, k) => {
      const byYear = new Map(t.byYear.map((v) => [v.year, v.value]));
      targets.addRow([
        ini.id,
        t.measure,
        t.unit ?? null,
        ...years.map((y) => byYear.get(y) ?? null),
        t.better ?? null,
        t.counted?.measure ?? null,
        t.counted?.route ?? null,
      ]);
      for (const m of t.months ?? []) months.addRow([ini.id, k + 1, t.measure, m.month, m.target, m.actual]);
    });
}

/** Monitoring: target, forecast, actual and any stated variance by period. */
function writeMonitoringSheet(wb: ExcelJS.Workbook, p: Programme, money: string): void {
  const mon = wb.addWorksheet(SHEET.monitoring);
  mon.addRow([...HEAD.monitoring]).font = { bold: true };
  for (const ini of programmeToDocument(p).initiatives)
    for (const m of ini.monitoring ?? []) {
      const variance = (m as { variance?: number }).variance;
      const row = mon.addRow([ini.id, m.period, m.target, m.forecast, m.actual ?? null, variance ?? null]);
      for (const c of [3, 4, 5, 6]) row.getCell(c).numFmt = money;
    }
}

function writeMilestonesSheet(wb: ExcelJS.Workbook, p: Programme): void {
  const ms = wb.addWorksheet(SHEET.milestones);
  ms.addRow([...HEAD.milestones]).font = { bold: true };
  for (const ini of p.initiatives)
    for (const m of ini.milestones) {
      const [y, mo, d] = m.due.split('-').map(Number);
      const row = ms.addRow([ini.id, m.name, new Date(Date.UTC(y ?? 1970, (mo ?? 1) - 1, d ?? 1)), m.status]);
      row.getCell(3).numFmt = 'dd/mm/yyyy';
    }
}

/** Risks, with the score as a formula (likelihood times impact). */
function writeRisksSheet(wb: ExcelJS.Workbook, p: Programme): void {
  const rk = wb.addWorksheet(SHEET.risks);
  rk.addRow([...HEAD.risks]).font = { bold: true };
  for (const ini of p.initiatives)
    for (const k of ini.risks) {
      const n = rk.rowCount + 1;
      rk.addRow([
        ini.id,
        k.description,
        k.likelihood,
        k.impact,
        { formula: `C${n}*D${n}`, result: k.likelihood * k.impact },
        k.mitigation,
        k.owner ?? null,
      ]);
    }
}

/** The workings behind the figures, one row per working and year. */
function writeWorkingsSheet(wb: ExcelJS.Workbook, p: Programme): void {
  const wk = wb.addWorksheet(SHEET.workings);
  wk.addRow([...HEAD.workings]).font = { bold: true };
  for (const ini of p.initiatives)
    (ini.workings ?? []).forEach((w, k) => {
      for (const y of w.years) {
        const row = wk.addRow([
          ini.id,
          k + 1,
          WORKING_LINE[w.line],
          w.description,
          w.volumeUnit ?? null,
          pounds(w.unitCost),
          pounds(w.unitCostFrom),
          pounds(w.unitCostTo),
          w.per,
          w.duration,
          financialYearLabel(y.year),
          y.volume,
          y.duration ?? null,
        ]);
        for (const c of [6, 7, 8]) row.getCell(c).numFmt = MONEY_2DP;
      }
    });
}

/** The totals the paper states (the programme's, each initiative's, and any further tables). */
function writeStatedSheet(wb: ExcelJS.Workbook, p: Programme): void {
  const st = wb.addWorksheet(SHEET.stated);
  st.addRow([...HEAD.stated]).font = { bold: true };
  const mainRows = p.initiatives.map((i) => ({
    initiative: i.id,
    totals: i.statedTotals ?? {},
    payback: i.statedPayback,
  }));
  for (const row of statedRows({ ...p.statedTotals, rows: mainRows }, true)) st.addRow(row);
  for (const t of p.statedTables ?? []) for (const row of statedRows(t, false)) st.addRow(row);
}

/** The appraisal as Forecare calculates it (not read on import): lines by year, NPV and payback. */
function writeAppraisalSheet(wb: ExcelJS.Workbook, p: Programme, appraisal: ProgrammeAppraisal, money: string): void {
  const ap = wb.addWorksheet(SHEET.appraisal);
  ap.addRow([`Appraisal of ${p.name} (calculated by Forecare; not read on import)`]).font = { bold: true };
  ap.addRow(['Line', ...appraisal.years.map((y) => `${y.label}${y.inPlan ? '' : ' (run rate)'}`)]).font = {
    bold: true,
  };
  const apRows: Array<[string, (y: Appraisal['years'][number]) => number]> = [
    ['Investment', (y) => y.investment],
    ['Ongoing cost', (y) => y.ongoingCost],
    ['Gross saving (against baseline)', (y) => y.grossSaving],
    ['Gross saving (incremental)', (y) => y.grossSavingIncremental],
    ['Gross saving low', (y) => y.grossLow],
    ['Gross saving high', (y) => y.grossHigh],
    ['Net saving', (y) => y.netSaving],
    ['Net cash flow', (y) => y.netCashFlow],
    ['Cumulative net cash flow', (y) => y.cumulativeCashFlow],
    ['Present value', (y) => y.presentValue],
  ];
  for (const [label, pick] of apRows) {
    const row = ap.addRow([label, ...appraisal.years.map((y) => exactPounds(pick(y)))]);
    for (let c = 2; c <= appraisal.years.length + 1; c++) row.getCell(c).numFmt = money;
  }
  ap.addRow([]);
  const npvRow = ap.addRow([
    `NPV over the plan at ${(appraisal.discountRate * 100).toFixed(1)}% (${appraisal.discounting})`,
    exactPounds(appraisal.npv),
  ]);
  npvRow.getCell(2).numFmt = money;
  ap.addRow([`Simple payback, years (${appraisal.paybackDefinitions.simple})`, appraisal.paybackSimpleYears]);
  ap.addRow([`Cash-flow payback, years (${appraisal.paybackDefinitions.cashflow})`, appraisal.paybackCashflowYears]);
  ap.getColumn(1).width = 48;
}

export async function writeProgrammeWorkbook(p: Programme, file: string): Promise<void> {
  await programmeWorkbook(p).xlsx.writeFile(file);
}

/** The workbook as bytes (for a download). */
export async function programmeWorkbookBytes(p: Programme): Promise<Buffer> {
  return Buffer.from(await programmeWorkbook(p).xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// Reading

type Cell = ExcelJS.CellValue;

function isFormula(v: Cell): boolean {
  return typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v);
}

function text(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return isoFromYmd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((t) => t.text)
      .join('')
      .trim();
  if (typeof v === 'object' && 'result' in v) return text(v.result as Cell);
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  return '';
}

/** A cell's value used as input (formulas give their cached result): a number, "TBC" where allowed, or null when empty. */
function inputValue(v: Cell, where: string, problems: string[], allowTbc = false): number | 'TBC' | null {
  const value = isFormula(v) && typeof v === 'object' && v !== null && 'result' in v ? (v.result as Cell) : v;
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  const t = text(value);
  if (t === '') return null;
  if (allowTbc && isTbcText(t)) return 'TBC';
  const n = poundsFromText(t);
  if (n !== null) return n;
  problems.push(`${where}: expected a number${allowTbc ? ' or TBC' : ''}, found '${printable(t)}'`);
  return null;
}

function inputNumber(v: Cell, where: string, problems: string[]): number | null {
  const n = inputValue(v, where, problems);
  return n === 'TBC' ? null : n;
}

/** A stated total: a typed number, or typed text (a range, TBC or an amount, which the file rules read); a formula is not typed. */
function statedValue(v: Cell): number | string | undefined {
  if (v === null || v === undefined || v === '' || isFormula(v)) return undefined;
  if (typeof v === 'number') return v;
  const t = text(v);
  return t === '' ? undefined : t;
}

function sheetOf(wb: ExcelJS.Workbook, name: string, source: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new ProgrammeFileError(source, [`sheet '${name}' is missing`]);
  return ws;
}

const numberOrText = (v: Cell): unknown => (typeof v === 'number' ? v : text(v));

interface RawInitiative {
  id: string;
  name: string;
  owner?: string;
  savingType: string;
  profile: string;
  scenario?: string;
  trackerProject?: string;
  years: Record<string, Record<string, number | string>>;
  workings: Array<Record<string, unknown> & { years: Record<string, unknown> }>;
  targets: Array<Record<string, unknown>>;
  monitoring: unknown[];
  milestones: unknown[];
  risks: unknown[];
  statedTotals?: Record<string, unknown>;
}

type RawTable = {
  name?: string;
  profile?: string;
  basis?: string;
  unit?: string;
  years: Record<string, Record<string, unknown>>;
  total: Record<string, unknown>;
  spans: Array<Record<string, unknown>>;
  payback?: Record<string, number>;
  rows?: Record<string, Record<string, unknown>>;
};

/** Data rows of a sheet below its header row, with the header's column numbers by name. */
function sheetRows(
  wb: ExcelJS.Workbook,
  name: string,
): { columns: Map<string, number>; rows: Array<{ r: number; cells: Cell[] }> } {
  const s = wb.getWorksheet(name);
  const columns = new Map<string, number>();
  const rows: Array<{ r: number; cells: Cell[] }> = [];
  if (!s) return { columns, rows };
  s.getRow(1).eachCell((cell, col) => {
    const h = text(cell.value);
    if (h !== '' && !columns.has(h.toLowerCase())) columns.set(h.toLowerCase(), col);
  });
  const width = Math.max(s.columnCount, 13);
  s.eachRow((row, r) => {
    if (r === 1) return;
    const cells = Array.from({ length: width }, (_, i) => row.getCell(i + 1).value);
    if (cells.every((c) => text(c) === '')) return;
    rows.push({ r, cells });
  });
  return { columns, rows };
}

/**
 * What reading a workbook builds up, sheet by sheet: the initiatives of the Programme sheet by ID
 * (the other sheets add their targets, monitoring, milestones, risks and workings), the main
 * table's stated totals, and every problem found (all are reported together).
 */
interface WorkbookReading {
  readonly source: string;
  readonly problems: string[];
  readonly initiatives: Map<string, RawInitiative>;
  readonly main: RawTable;
}

/** The initiative a row of another sheet belongs to, or a problem when the Programme sheet has no such ID. */
function initiativeOfRow(reading: WorkbookReading, id: string, where: string): RawInitiative | undefined {
  const ini = reading.initiatives.get(id);
  if (!ini) reading.problems.push(`${where}: initiative '${printable(id)}' is not in the ${SHEET.programme} sheet`);
  return ini;
}

/** A row's cell under the named heading (any case), or empty when the sheet has no such column. */
function cellUnder(cells: Cell[], columns: Map<string, number>, heading: string): Cell {
  const col = columns.get(heading.toLowerCase());
  return col === undefined ? null : (cells[col - 1] ?? null);
}

/** The Programme table's financial year columns (headed like 2025/26) and its Total column (0 when none), as read. */
interface YearHeadings {
  readonly years: Array<{ col: number; label: string }>;
  readonly totalCol: number;
}

function financialYearHeadings(ws: ExcelJS.Worksheet, problems: string[]): YearHeadings {
  const header = ws.getRow(TABLE_HEADER_ROW);
  const years: Array<{ col: number; label: string }> = [];
  let totalCol = 0;
  for (let c = FIRST_YEAR_COL; c <= header.cellCount; c++) {
    const h = text(header.getCell(c).value);
    if (parseYearLabel(h) !== null) years.push({ col: c, label: h });
    else if (/^total/i.test(h)) totalCol = c;
  }
  if (years.length === 0)
    problems.push(`${SHEET.programme}!row ${TABLE_HEADER_ROW}: no financial year columns (like 2025/26) found`);
  return { years, totalCol };
}

/** The Programme table: one row per initiative and line, and Total rows below (stated when typed). */
function readProgrammeTable(ws: ExcelJS.Worksheet, columns: YearHeadings, reading: WorkbookReading): void {
  for (let r = TABLE_HEADER_ROW + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const id = text(row.getCell(1).value);
    const lineName = text(row.getCell(TABLE_HEAD.length).value);
    if (id === '' && lineName === '') continue;
    const where = (c: number): string => `${SHEET.programme}!${colLetter(c)}${r}`;
    const line = LINES.find((l) => l.name.toLowerCase() === lineName.toLowerCase());
    if (!line) {
      reading.problems.push(
        `${where(TABLE_HEAD.length)}: unknown line '${printable(lineName)}' (expected one of ${LINES.map((l) => l.name).join(', ')})`,
      );
      continue;
    }
    if (id.toLowerCase() === 'total') readTotalRow(row, line, columns, reading.main);
    else readInitiativeLine(row, line, initiativeOfTableRow(row, id, where, reading), columns, where, reading.problems);
  }
}

/** A Total row: each year's total and the grand total, where typed (a formula is Forecare's own sum). */
function readTotalRow(row: ExcelJS.Row, line: LineDef, columns: YearHeadings, main: RawTable): void {
  if (line.total === null) return;
  for (const { col, label } of columns.years) {
    const v = statedValue(row.getCell(col).value);
    if (v !== undefined) (main.years[label] ??= {})[line.total] = v;
  }
  if (columns.totalCol > 0) {
    const v = statedValue(row.getCell(columns.totalCol).value);
    if (v !== undefined) main.total[line.total] = v;
  }
}

/**
 * The initiative a Programme table row belongs to: the one already read with its ID, or a new one
 * from this row's name, owner, saving type, profile and scenario (or permanence tracker project).
 */
function initiativeOfTableRow(
  row: ExcelJS.Row,
  id: string,
  where: (c: number) => string,
  reading: WorkbookReading,
): RawInitiative {
  const known = reading.initiatives.get(id);
  if (known) return known;
  if (reading.initiatives.size >= PROGRAMME_LIMITS.maxInitiatives)
    throw new ProgrammeFileError(reading.source, [
      `${where(1)}: more than ${PROGRAMME_LIMITS.maxInitiatives} initiatives, the most a programme may have`,
    ]);
  const owner = text(row.getCell(3).value);
  const forecastFrom = text(row.getCell(6).value);
  const project = forecastFrom.toLowerCase().startsWith(TRACKER_PROJECT_PREFIX.toLowerCase())
    ? forecastFrom.slice(TRACKER_PROJECT_PREFIX.length).trim()
    : null;
  const scenario = project === null ? forecastFrom : '';
  const ini: RawInitiative = {
    id,
    name: text(row.getCell(2).value),
    ...(owner ? { owner } : {}),
    savingType: text(row.getCell(4).value),
    profile: text(row.getCell(5).value),
    ...(scenario ? { scenario } : {}),
    ...(project !== null ? { trackerProject: project } : {}),
    years: {},
    workings: [],
    targets: [],
    monitoring: [],
    milestones: [],
    risks: [],
  };
  reading.initiatives.set(id, ini);
  return ini;
}

/** One line of an initiative: its entered amount for each financial year, and its stated total where typed. */
function readInitiativeLine(
  row: ExcelJS.Row,
  line: LineDef,
  ini: RawInitiative,
  columns: YearHeadings,
  where: (c: number) => string,
  problems: string[],
): void {
  if (line.field !== null) {
    for (const { col, label } of columns.years) {
      const v = inputValue(row.getCell(col).value, where(col), problems, line.field !== 'phasing');
      if (v === null) continue;
      (ini.years[label] ??= {})[line.field] = v;
    }
  }
  if (line.total !== null && columns.totalCol > 0) {
    const v = statedValue(row.getCell(columns.totalCol).value);
    if (v !== undefined) (ini.statedTotals ??= {})[line.total] = v;
  }
}

/** The Targets sheet: one row per target, its value for each financial year, then Better, Counted and Route. */
function readTargets(wb: ExcelJS.Workbook, reading: WorkbookReading): void {
  const { problems } = reading;
  const targets = sheetRows(wb, SHEET.targets);
  const tYears = [...targets.columns].filter(([h]) => parseYearLabel(h) !== null);
  for (const { r, cells } of targets.rows) {
    const ini = initiativeOfRow(reading, text(cells[0] ?? null), `${SHEET.targets}!A${r}`);
    if (!ini) continue;
    const years: Record<string, number> = {};
    for (const [label, col] of tYears) {
      const v = inputNumber(cells[col - 1] ?? null, `${SHEET.targets}!${colLetter(col)}${r}`, problems);
      if (v !== null) years[label] = v;
    }
    const unit = text(cells[2] ?? null);
    const better = text(cellUnder(cells, targets.columns, 'Better'));
    const counted = text(cellUnder(cells, targets.columns, 'Counted'));
    const route = text(cellUnder(cells, targets.columns, 'Route'));
    ini.targets.push({
      measure: text(cells[1] ?? null),
      ...(unit ? { unit } : {}),
      years,
      ...(better ? { better } : {}),
      ...(counted ? { counted } : {}),
      ...(route ? { route } : {}),
    });
  }
}

/** The Target months sheet: a target's monthly trajectory and actuals, the target by its number within the initiative. */
function readTargetMonths(wb: ExcelJS.Workbook, reading: WorkbookReading): void {
  const { problems } = reading;
  for (const { r, cells } of sheetRows(wb, SHEET.targetMonths).rows) {
    const ini = initiativeOfRow(reading, text(cells[0] ?? null), `${SHEET.targetMonths}!A${r}`);
    if (!ini) continue;
    const k = Number(text(cells[1] ?? null));
    const target = ini.targets[k - 1];
    if (!Number.isInteger(k) || !target) {
      problems.push(
        `${SHEET.targetMonths}!B${r}: no target number ${printable(text(cells[1] ?? null))} for '${ini.id}' in the ${SHEET.targets} sheet`,
      );
      continue;
    }
    const value = inputNumber(cells[4] ?? null, `${SHEET.targetMonths}!E${r}`, problems);
    const actual = inputNumber(cells[5] ?? null, `${SHEET.targetMonths}!F${r}`, problems);
    const months = (target.months ??= {}) as Record<string, unknown>;
    months[text(cells[3] ?? null)] = { target: value, actual };
  }
}

/** The Monitoring sheet: an initiative's target, forecast, actual and variance for a period. */
function readMonitoring(wb: ExcelJS.Workbook, reading: WorkbookReading): void {
  for (const { r, cells } of sheetRows(wb, SHEET.monitoring).rows) {
    const ini = initiativeOfRow(reading, text(cells[0] ?? null), `${SHEET.monitoring}!A${r}`);
    if (!ini) continue;
    const n = (c: number): number | null =>
      inputNumber(cells[c] ?? null, `${SHEET.monitoring}!${colLetter(c + 1)}${r}`, reading.problems);
    const variance = n(5);
    ini.monitoring.push({
      period: text(cells[1] ?? null),
      target: n(2),
      forecast: n(3),
      actual: n(4),
      ...(variance !== null ? { variance } : {}),
    });
  }
}

/** The Milestones and Risks sheets: one row per milestone or risk of an initiative. */
function readMilestonesAndRisks(wb: ExcelJS.Workbook, reading: WorkbookReading): void {
  for (const { r, cells } of sheetRows(wb, SHEET.milestones).rows) {
    const ini = initiativeOfRow(reading, text(cells[0] ?? null), `${SHEET.milestones}!A${r}`);
    if (!ini) continue;
    ini.milestones.push({ name: text(cells[1] ?? null), due: text(cells[2] ?? null), status: text(cells[3] ?? null) });
  }
  for (const { r, cells } of sheetRows(wb, SHEET.risks).rows) {
    const ini = initiativeOfRow(reading, text(cells[0] ?? null), `${SHEET.risks}!A${r}`);
    if (!ini) continue;
    const o = text(cells[6] ?? null);
    ini.risks.push({
      description: text(cells[1] ?? null),
      likelihood: numberOrText(cells[2] ?? null),
      impact: numberOrText(cells[3] ?? null),
      mitigation: text(cells[5] ?? null),
      ...(o ? { owner: o } : {}),
    });
  }
}

/**
 * The Workings sheet: one row per working and financial year. A working's first row gives its line,
 * description, volume unit, unit cost and duration; each row gives the year's volume (and duration
 * in the year, when typed).
 */
function readWorkings(wb: ExcelJS.Workbook, reading: WorkbookReading): void {
  const { problems } = reading;
  const workingsByKey = new Map<string, RawInitiative['workings'][number]>();
  for (const { r, cells } of sheetRows(wb, SHEET.workings).rows) {
    const ini = initiativeOfRow(reading, text(cells[0] ?? null), `${SHEET.workings}!A${r}`);
    if (!ini) continue;
    const key = `${ini.id}|${text(cells[1] ?? null)}`;
    const money = (c: number) => inputNumber(cells[c] ?? null, `${SHEET.workings}!${colLetter(c + 1)}${r}`, problems);
    let w = workingsByKey.get(key);
    if (!w) {
      const volumeUnit = text(cells[4] ?? null);
      const unitCost = money(5);
      const from = money(6);
      const to = money(7);
      const duration = inputNumber(cells[9] ?? null, `${SHEET.workings}!J${r}`, problems);
      w = {
        line: text(cells[2] ?? null),
        description: text(cells[3] ?? null),
        ...(volumeUnit ? { volumeUnit } : {}),
        ...(unitCost !== null ? { unitCost } : {}),
        ...(from !== null ? { unitCostFrom: from } : {}),
        ...(to !== null ? { unitCostTo: to } : {}),
        per: text(cells[8] ?? null) || 'year',
        ...(duration !== null ? { duration } : {}),
        years: {},
      };
      workingsByKey.set(key, w);
      ini.workings.push(w);
    }
    const volume = inputNumber(cells[11] ?? null, `${SHEET.workings}!L${r}`, problems);
    const inYear = inputNumber(cells[12] ?? null, `${SHEET.workings}!M${r}`, problems);
    w.years[text(cells[10] ?? null)] = inYear !== null ? { volume, duration: inYear } : volume;
  }
}

/** One row of the Stated totals sheet, its cells by their headings' meaning. */
interface StatedRow {
  readonly table: string;
  readonly kind: string;
  readonly profile: string;
  readonly basis: string;
  readonly unit: string;
  readonly initiative: string;
  readonly span: string;
  readonly from: string;
  readonly years: string;
  readonly line: string;
  readonly value: number | string | undefined;
}

/**
 * The Stated totals sheet: the figures the Programme sheet has no place for. A 'main table' row
 * names the main table; a 'table' row declares a further table; the rows below it state a table's
 * figures (a year's column, the grand total, an initiative's row, a payback or a span).
 * Returns the further tables in the order declared.
 */
function readStatedTotals(wb: ExcelJS.Workbook, reading: WorkbookReading): Map<string, RawTable> {
  const { main, problems } = reading;
  const tables = new Map<string, RawTable>();
  let mainName: string | null = null;
  for (const { r, cells } of sheetRows(wb, SHEET.stated).rows) {
    const where = (c: number) => `${SHEET.stated}!${colLetter(c + 1)}${r}`;
    const [table, kind, profile, basis, unit, initiative, span, from, years, line] = cells
      .slice(0, 10)
      .map((c) => text(c ?? null));
    const row: StatedRow = {
      table: table ?? '',
      kind: kind ?? '',
      profile: profile ?? '',
      basis: basis ?? '',
      unit: unit ?? '',
      initiative: initiative ?? '',
      span: span ?? '',
      from: from ?? '',
      years: years ?? '',
      line: line ?? '',
      value: statedValue(cells[10] ?? null),
    };
    if (row.kind === 'main table') {
      mainName = row.table;
      if (row.table) main.name = row.table;
      if (row.basis) main.basis = row.basis;
      if (row.unit) main.unit = row.unit;
      continue;
    }
    if (row.kind === 'table') {
      tables.set(row.table, {
        name: row.table,
        ...(row.profile ? { profile: row.profile } : {}),
        ...(row.basis ? { basis: row.basis } : {}),
        ...(row.unit ? { unit: row.unit } : {}),
        years: {},
        total: {},
        spans: [],
        rows: {},
      });
      continue;
    }
    const t = row.table === (mainName ?? '') ? main : tables.get(row.table);
    if (!t) {
      problems.push(`${where(0)}: table '${printable(row.table)}' is not declared by a 'table' row above`);
      continue;
    }
    addStatedFigure(t, row, where, reading);
  }
  return tables;
}

/** A stated figure of a table: a year's column, the grand total, an initiative's row, a payback or a span. */
function addStatedFigure(t: RawTable, row: StatedRow, where: (c: number) => string, reading: WorkbookReading): void {
  const { kind, line, value, initiative } = row;
  const isMain = t === reading.main;
  if (kind === 'column' && line && value !== undefined) (t.years[row.from] ??= {})[line] = value;
  else if (kind === 'grand' && line && value !== undefined) t.total[line] = value;
  else if (kind === 'row' && line && value !== undefined) {
    if (isMain) {
      const ini = initiativeOfRow(reading, initiative, where(5));
      if (ini) (ini.statedTotals ??= {})[line] = value;
    } else ((t.rows ??= {})[initiative] ??= {})[line] = value;
  } else if (kind === 'payback' && (line === 'simple' || line === 'cashflow') && typeof value === 'number') {
    let target: Record<string, unknown> | undefined;
    if (!initiative) target = t.payback ??= {};
    else if (isMain) {
      const ini = initiativeOfRow(reading, initiative, where(5));
      if (ini) target = ((ini.statedTotals ??= {}).payback ??= {}) as Record<string, unknown>;
    } else target = (((t.rows ??= {})[initiative] ??= {}).payback ??= {}) as Record<string, unknown>;
    if (target) target[line] = value;
  } else if (kind === 'span' && line && value !== undefined) statedSpan(t, row)[line] = value;
  else reading.problems.push(`${where(1)}: a '${printable(kind)}' row needs a line and a figure`);
}

/** A table's stated span (a run of years, the whole table's or an initiative's), added on its first figure. */
function statedSpan(t: RawTable, row: StatedRow): Record<string, unknown> {
  const { span, initiative } = row;
  let s = t.spans.find((x) => x.name === span && x.initiative === (initiative || undefined));
  if (!s) {
    const years = Number(row.years);
    s = {
      name: span,
      from: row.from,
      years: Number.isFinite(years) && row.years !== '' ? years : row.years,
      ...(initiative ? { initiative } : {}),
      ...(row.profile ? { profile: row.profile } : {}),
      ...(row.basis ? { basis: row.basis } : {}),
    };
    t.spans.push(s);
  }
  return s;
}

/** Reads a workbook written in the layout above into a programme (validated as a programme file is). */
export function programmeFromWorkbook(wb: ExcelJS.Workbook, source: string): Programme {
  const ws = sheetOf(wb, SHEET.programme, source);
  if (ws.rowCount > 20_000 || wb.worksheets.some((w) => w.rowCount > 20_000))
    throw new ProgrammeFileError(source, ['more than 20,000 rows in a sheet: far larger than any programme']);
  const reading: WorkbookReading = {
    source,
    problems: [],
    initiatives: new Map(),
    main: { years: {}, total: {}, spans: [] },
  };
  const columns = financialYearHeadings(ws, reading.problems);
  readProgrammeTable(ws, columns, reading);
  readTargets(wb, reading);
  readTargetMonths(wb, reading);
  readMonitoring(wb, reading);
  readMilestonesAndRisks(wb, reading);
  readWorkings(wb, reading);
  const tables = readStatedTotals(wb, reading);
  if (reading.problems.length > 0) throw new ProgrammeFileError(source, reading.problems);

  const setting = (i: number): unknown => numberOrText(ws.getCell(2 + i, 2).value);
  const doc = {
    programme: text(ws.getCell('A1').value),
    unit: setting(0),
    firstYear: setting(1),
    planYears: setting(2),
    discountRate: setting(3),
    statedProfile: setting(4),
    rag: { greenMinPercent: setting(5), amberMinPercent: setting(6) },
    initiatives: [...reading.initiatives.values()],
    statedTotals: reading.main,
    ...(tables.size > 0 ? { statedTables: [...tables.values()] } : {}),
  };
  return programmeFromDocument(doc, source);
}

/** Reads a workbook file (size checked before it is read). */
export async function readProgrammeWorkbook(file: string): Promise<Programme> {
  return programmeFromWorkbookBytes(await readBoundedFile(file), file);
}

/** Reads workbook bytes (a file or an upload), refusing one over the size limit or not a workbook. */
export async function programmeFromWorkbookBytes(bytes: Uint8Array, source: string): Promise<Programme> {
  if (bytes.length > PROGRAMME_LIMITS.maxFileBytes)
    throw new ProgrammeFileError(source, [
      `larger than ${PROGRAMME_LIMITS.maxFileBytes / (1024 * 1024)} MB, the largest programme file Forecare reads`,
    ]);
  const wb = new (excelJs().Workbook)();
  try {
    // exceljs's own Buffer type lags Node's; the bytes are what it reads.
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    // The reader's message can quote what it found; say only what is wrong.
    throw new ProgrammeFileError(source, ['not a readable Excel workbook (.xlsx)']);
  }
  return programmeFromWorkbook(wb, source);
}
