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
 * - `Targets`, `Monitoring`, `Milestones`, `Risks`: one row per entry.
 * - `Appraisal`: the evaluation (for reading; ignored on import).
 */
import ExcelJS from 'exceljs';
import { financialYearLabel, isoFromYmd } from '../domain/dates.ts';
import { appraiseProgramme, type Appraisal } from '../domain/programme/appraisal.ts';
import type { Programme, StatedLineTotals } from '../domain/programme/model.ts';
import { planYearList } from '../domain/programme/model.ts';
import { EXCEL_NUMBER_FORMAT, UNIT_LABEL, penceToPounds } from '../domain/programme/money.ts';
import { programmeToDocument, programmeFromDocument, ProgrammeFileError, parseYearLabel } from './programmeFile.ts';

const SHEET = {
  programme: 'Programme',
  targets: 'Targets',
  monitoring: 'Monitoring',
  milestones: 'Milestones',
  risks: 'Risks',
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
const TABLE_HEAD = ['Initiative ID', 'Initiative', 'Owner', 'Saving type', 'Profile', 'Scenario', 'Line'] as const;
const TABLE_HEADER_ROW = 10;
const FIRST_YEAR_COL = TABLE_HEAD.length + 1;

function colLetter(col: number): string {
  let s = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** Years shown as columns: the plan years, plus any later year an initiative enters. */
function columnYears(p: Programme): number[] {
  const last = Math.max(p.firstYear + p.planYears - 1, ...p.initiatives.flatMap((i) => i.years.map((l) => l.year)));
  return Array.from({ length: last - p.firstYear + 1 }, (_, i) => p.firstYear + i);
}

const pounds = (pence: number | undefined): number | null => (pence === undefined ? null : penceToPounds(pence));
/** Pounds to the penny (sums of pounds with pence in binary floating point drift). */
const roundPounds = (v: number): number => Math.round(v * 100) / 100;

/**
 * Builds the workbook for a programme. The calculated rows and the Appraisal sheet are the plan as
 * entered (a scenario-linked initiative's modelled forecast is not written: the workbook is the plan).
 */
export function programmeWorkbook(p: Programme): ExcelJS.Workbook {
  const appraisal = appraiseProgramme(p);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Forecare';
  const money = EXCEL_NUMBER_FORMAT[p.unit];
  const years = columnYears(p);
  const planCols = planYearList(p).map((y) => FIRST_YEAR_COL + (y - p.firstYear));
  const totalCol = FIRST_YEAR_COL + years.length;
  const ws = wb.addWorksheet(SHEET.programme, {
    views: [{ state: 'frozen', xSplit: TABLE_HEAD.length, ySplit: TABLE_HEADER_ROW }],
  });

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
  ws.getCell(2, 3).value = `amounts in pounds, shown in ${UNIT_LABEL[p.unit]}; savings positive; negatives in brackets`;

  const header = ws.getRow(TABLE_HEADER_ROW);
  [
    ...TABLE_HEAD,
    ...years.map(financialYearLabel),
    `Total ${financialYearLabel(p.firstYear)} to ${financialYearLabel(p.firstYear + p.planYears - 1)}`,
  ].forEach((h, i) => {
    header.getCell(i + 1).value = h;
  });
  header.font = { bold: true };

  const byId = new Map(appraisal.initiatives.map((a) => [a.id, a]));
  /** Sums of the values written, by line name and column, for the formulas' cached results. */
  const columnSums = new Map<string, number>();
  const first = colLetter(planCols[0] ?? FIRST_YEAR_COL);
  const last = colLetter(planCols[planCols.length - 1] ?? FIRST_YEAR_COL);
  let r = TABLE_HEADER_ROW + 1;
  for (const ini of p.initiatives) {
    const lineByYear = new Map(ini.years.map((l) => [l.year, l]));
    const ia = byId.get(ini.id);
    const stated: StatedLineTotals = ini.statedTotals ?? {};
    for (const line of LINES) {
      const row = ws.getRow(r);
      [ini.id, ini.name, ini.owner ?? null, ini.savingType, ini.profile, ini.scenario ?? null, line.name].forEach(
        (v, i) => {
          row.getCell(i + 1).value = v;
        },
      );
      const rowValues: number[] = [];
      years.forEach((y, i) => {
        const cell = row.getCell(FIRST_YEAR_COL + i);
        const l = lineByYear.get(y);
        let v: number | null = null;
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
          v =
            line.field === 'phasing'
              ? l.phasing
              : line.field === 'low'
                ? pounds(l.grossLow)
                : line.field === 'high'
                  ? pounds(l.grossHigh)
                  : pounds(l[line.field]);
        }
        cell.value = v;
        cell.numFmt = line.field === 'phasing' ? '0%' : money;
        rowValues.push(v ?? 0);
        const key = `${line.name}|${FIRST_YEAR_COL + i}`;
        columnSums.set(key, roundPounds((columnSums.get(key) ?? 0) + (v ?? 0)));
      });
      if (line.total !== null) {
        const cell = row.getCell(totalCol);
        const s = stated[line.total];
        cell.value =
          s !== undefined
            ? penceToPounds(s)
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
  const lastData = r - 1;
  r++;
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
      shown.push(s !== undefined ? penceToPounds(s) : result);
      cell.value =
        s !== undefined
          ? penceToPounds(s)
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
        ? penceToPounds(s)
        : {
            formula: `SUM(${first}${r}:${last}${r})`,
            result: roundPounds(shown.slice(0, p.planYears).reduce((a, b) => a + b, 0)),
          };
    cell.numFmt = money;
    r++;
  }
  ws.getColumn(2).width = 36;
  ws.getColumn(TABLE_HEAD.length).width = 24;
  for (let c = FIRST_YEAR_COL; c <= totalCol; c++) ws.getColumn(c).width = 14;

  const doc = programmeToDocument(p);
  const targets = wb.addWorksheet(SHEET.targets);
  targets.addRow(['Initiative ID', 'Measure', 'Unit', ...years.map(financialYearLabel)]).font = { bold: true };
  for (const ini of p.initiatives)
    for (const t of ini.targets) {
      const byYear = new Map(t.byYear.map((v) => [v.year, v.value]));
      targets.addRow([ini.id, t.measure, t.unit ?? null, ...years.map((y) => byYear.get(y) ?? null)]);
    }

  const mon = wb.addWorksheet(SHEET.monitoring);
  mon.addRow(['Initiative ID', 'Period', 'Target', 'Forecast', 'Actual']).font = { bold: true };
  for (const ini of doc.initiatives)
    for (const m of ini.monitoring ?? []) {
      const row = mon.addRow([ini.id, m.period, m.target, m.forecast, m.actual ?? null]);
      for (const c of [3, 4, 5]) row.getCell(c).numFmt = money;
    }

  const ms = wb.addWorksheet(SHEET.milestones);
  ms.addRow(['Initiative ID', 'Milestone', 'Due', 'Status']).font = { bold: true };
  for (const ini of p.initiatives)
    for (const m of ini.milestones) {
      const [y, mo, d] = m.due.split('-').map(Number);
      const row = ms.addRow([ini.id, m.name, new Date(Date.UTC(y ?? 1970, (mo ?? 1) - 1, d ?? 1)), m.status]);
      row.getCell(3).numFmt = 'dd/mm/yyyy';
    }

  const rk = wb.addWorksheet(SHEET.risks);
  rk.addRow(['Initiative ID', 'Risk', 'Likelihood', 'Impact', 'Score', 'Mitigation', 'Owner']).font = { bold: true };
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
    const row = ap.addRow([label, ...appraisal.years.map((y) => penceToPounds(pick(y)))]);
    for (let c = 2; c <= appraisal.years.length + 1; c++) row.getCell(c).numFmt = money;
  }
  ap.addRow([]);
  const npvRow = ap.addRow([
    `NPV over the plan at ${(appraisal.discountRate * 100).toFixed(1)}% (${appraisal.discounting})`,
    penceToPounds(appraisal.npv),
  ]);
  npvRow.getCell(2).numFmt = money;
  ap.addRow([`Simple payback, years (${appraisal.paybackDefinitions.simple})`, appraisal.paybackSimpleYears]);
  ap.addRow([`Cash-flow payback, years (${appraisal.paybackDefinitions.cashflow})`, appraisal.paybackCashflowYears]);
  ap.getColumn(1).width = 48;
  return wb;
}

export async function writeProgrammeWorkbook(p: Programme, file: string): Promise<void> {
  await programmeWorkbook(p).xlsx.writeFile(file);
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

/** A typed number, or null for an empty cell; a formula is not typed (returns undefined). Throws on text. */
function typedNumber(v: Cell, where: string, problems: string[]): number | null | undefined {
  if (v === null || v === undefined || v === '') return null;
  if (isFormula(v)) return undefined;
  if (typeof v === 'number') return v;
  const s = text(v).replace(/,/g, '');
  const bracket = /^\((.*)\)$/.exec(s);
  const n = Number(bracket ? bracket[1] : s);
  if (s !== '' && Number.isFinite(n)) return bracket ? -n : n;
  problems.push(`${where}: expected a number, found '${text(v)}'`);
  return null;
}

/** A cell's value used as input: formulas give their cached result. */
function inputNumber(v: Cell, where: string, problems: string[]): number | null {
  if (isFormula(v) && typeof v === 'object' && v !== null && 'result' in v)
    return typedNumber(v.result as Cell, where, problems) ?? null;
  return typedNumber(v, where, problems) ?? null;
}

function sheetOf(wb: ExcelJS.Workbook, name: string, source: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new ProgrammeFileError(source, [`sheet '${name}' is missing`]);
  return ws;
}

const numberOrText = (v: Cell): unknown => (typeof v === 'number' ? v : text(v));

/** Reads a workbook written in the layout above into a programme (validated as a programme file is). */
export function programmeFromWorkbook(wb: ExcelJS.Workbook, source: string): Programme {
  const problems: string[] = [];
  const ws = sheetOf(wb, SHEET.programme, source);
  const setting = (i: number): unknown => numberOrText(ws.getCell(2 + i, 2).value);
  const header = ws.getRow(TABLE_HEADER_ROW);
  const yearCols: Array<{ col: number; label: string }> = [];
  let totalCol = 0;
  for (let c = FIRST_YEAR_COL; c <= header.cellCount; c++) {
    const h = text(header.getCell(c).value);
    if (parseYearLabel(h) !== null) yearCols.push({ col: c, label: h });
    else if (/^total/i.test(h)) totalCol = c;
  }
  if (yearCols.length === 0)
    problems.push(`${SHEET.programme}!row ${TABLE_HEADER_ROW}: no financial year columns (like 2025/26) found`);

  interface RawInitiative {
    id: string;
    name: string;
    owner?: string;
    savingType: string;
    profile: string;
    scenario?: string;
    years: Record<string, Record<string, number>>;
    targets: unknown[];
    monitoring: unknown[];
    milestones: unknown[];
    risks: unknown[];
    statedTotals?: Record<string, number>;
  }
  const initiatives = new Map<string, RawInitiative>();
  const statedYears: Record<string, Record<string, number>> = {};
  const statedTotal: Record<string, number> = {};

  for (let r = TABLE_HEADER_ROW + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const id = text(row.getCell(1).value);
    const lineName = text(row.getCell(TABLE_HEAD.length).value);
    if (id === '' && lineName === '') continue;
    const where = (c: number): string => `${SHEET.programme}!${colLetter(c)}${r}`;
    const line = LINES.find((l) => l.name.toLowerCase() === lineName.toLowerCase());
    if (!line) {
      problems.push(
        `${where(TABLE_HEAD.length)}: unknown line '${lineName}' (expected one of ${LINES.map((l) => l.name).join(', ')})`,
      );
      continue;
    }
    if (id.toLowerCase() === 'total') {
      if (line.total === null) continue;
      for (const { col, label } of yearCols) {
        const v = typedNumber(row.getCell(col).value, where(col), problems);
        if (typeof v === 'number') (statedYears[label] ??= {})[line.total] = v;
      }
      if (totalCol > 0) {
        const v = typedNumber(row.getCell(totalCol).value, where(totalCol), problems);
        if (typeof v === 'number') statedTotal[line.total] = v;
      }
      continue;
    }
    let ini = initiatives.get(id);
    if (!ini) {
      const owner = text(row.getCell(3).value);
      const scenario = text(row.getCell(6).value);
      ini = {
        id,
        name: text(row.getCell(2).value),
        ...(owner ? { owner } : {}),
        savingType: text(row.getCell(4).value),
        profile: text(row.getCell(5).value),
        ...(scenario ? { scenario } : {}),
        years: {},
        targets: [],
        monitoring: [],
        milestones: [],
        risks: [],
      };
      initiatives.set(id, ini);
    }
    if (line.field !== null) {
      for (const { col, label } of yearCols) {
        const v = inputNumber(row.getCell(col).value, where(col), problems);
        if (v === null) continue;
        (ini.years[label] ??= {})[line.field] = v;
      }
    }
    if (line.total !== null && totalCol > 0) {
      const v = typedNumber(row.getCell(totalCol).value, where(totalCol), problems);
      if (typeof v === 'number') (ini.statedTotals ??= {})[line.total] = v;
    }
  }

  // A year with only a phasing or range but no amounts keeps the zero defaults; a year with
  // nothing entered at all is not an entered year.
  const rowsOf = (name: string): Array<{ r: number; cells: Cell[] }> => {
    const s = wb.getWorksheet(name);
    if (!s) return [];
    const out: Array<{ r: number; cells: Cell[] }> = [];
    s.eachRow((row, r) => {
      if (r === 1) return;
      const cells = Array.from({ length: Math.max(row.cellCount, 8) }, (_, i) => row.getCell(i + 1).value);
      if (cells.every((c) => text(c) === '')) return;
      out.push({ r, cells });
    });
    return out;
  };
  const owner = (id: string, where: string): RawInitiative | undefined => {
    const ini = initiatives.get(id);
    if (!ini) problems.push(`${where}: initiative '${id}' is not in the ${SHEET.programme} sheet`);
    return ini;
  };

  const tSheet = wb.getWorksheet(SHEET.targets);
  const tYears: Array<{ col: number; label: string }> = [];
  tSheet?.getRow(1).eachCell((cell, col) => {
    const h = text(cell.value);
    if (parseYearLabel(h) !== null) tYears.push({ col, label: h });
  });
  for (const { r, cells } of rowsOf(SHEET.targets)) {
    const ini = owner(text(cells[0]), `${SHEET.targets}!A${r}`);
    if (!ini) continue;
    const years: Record<string, number> = {};
    for (const { col, label } of tYears) {
      const v = inputNumber(cells[col - 1] ?? null, `${SHEET.targets}!${colLetter(col)}${r}`, problems);
      if (v !== null) years[label] = v;
    }
    const unit = text(cells[2]);
    ini.targets.push({ measure: text(cells[1]), ...(unit ? { unit } : {}), years });
  }
  for (const { r, cells } of rowsOf(SHEET.monitoring)) {
    const ini = owner(text(cells[0]), `${SHEET.monitoring}!A${r}`);
    if (!ini) continue;
    const n = (c: number): number | null =>
      inputNumber(cells[c] ?? null, `${SHEET.monitoring}!${colLetter(c + 1)}${r}`, problems);
    ini.monitoring.push({ period: text(cells[1]), target: n(2), forecast: n(3), actual: n(4) });
  }
  for (const { r, cells } of rowsOf(SHEET.milestones)) {
    const ini = owner(text(cells[0]), `${SHEET.milestones}!A${r}`);
    if (!ini) continue;
    ini.milestones.push({ name: text(cells[1]), due: text(cells[2]), status: text(cells[3]) });
  }
  for (const { r, cells } of rowsOf(SHEET.risks)) {
    const ini = owner(text(cells[0]), `${SHEET.risks}!A${r}`);
    if (!ini) continue;
    const o = text(cells[6]);
    ini.risks.push({
      description: text(cells[1]),
      likelihood: numberOrText(cells[2] ?? null),
      impact: numberOrText(cells[3] ?? null),
      mitigation: text(cells[5]),
      ...(o ? { owner: o } : {}),
    });
  }
  if (problems.length > 0) throw new ProgrammeFileError(source, problems);

  const doc = {
    programme: text(ws.getCell('A1').value),
    unit: setting(0),
    firstYear: setting(1),
    planYears: setting(2),
    discountRate: setting(3),
    statedProfile: setting(4),
    rag: { greenMinPercent: setting(5), amberMinPercent: setting(6) },
    initiatives: [...initiatives.values()],
    statedTotals: { years: statedYears, total: statedTotal },
  };
  return programmeFromDocument(doc, source);
}

export async function readProgrammeWorkbook(file: string): Promise<Programme> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (err) {
    throw new ProgrammeFileError(file, [
      `not a readable Excel workbook: ${err instanceof Error ? err.message : String(err)}`,
    ]);
  }
  return programmeFromWorkbook(wb, file);
}
