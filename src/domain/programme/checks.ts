/**
 * Checking the figures typed into a plan: every stated total against the figures recomputed from
 * the lines, stated totals against each other, stated paybacks, workings against typed amounts,
 * and a paper's own variance column.
 *
 * Tables. A programme's stated totals form its main table (column totals by plan year, grand
 * totals, the initiatives' row totals, spans and paybacks) in `statedProfile`; `statedTables` are
 * further tables of the same paper, each with its own profile (incremental or cumulative), basis
 * (`phased`: savings delivered in the year, after phasing; `fullYear`: full-year effect) and unit.
 *
 * Agreement and rounding. A stated total agrees when it equals the computed total rounded to the
 * unit the table was typed in (£1, £1,000, or £0.001m = £1,000). Otherwise it is a mismatch:
 * - `rounding` when |stated - computed| is within the figures' rounding allowance: the sum, over
 *   the figures added up (only cells that hold a figure: a typed amount, or a non-zero one), of
 *   what each can be out by. A figure that is a whole number of the unit it was typed in (the
 *   programme's unit for lines, the table's unit for stated totals) may itself be rounded, so it
 *   can be out by half that unit; a figure typed more precisely is exact, but a paper shows it
 *   rounded, out by the difference between it and its rounded display.
 * - `error` otherwise.
 * Worked: 36 figures, all whole £000s, typed in £000s: allowance 36 x £500 = £18,000, so a total
 * 52 (£000s) away is an error; the old allowance counted every initiative x year cell, empty ones
 * included (64 x £500 = £32,000). Lines £10,400, £20,400 and £30,400 typed in pounds are shown as
 * 10, 20 and 30: allowance £400 x 3 = £1,200, so a stated 60 (the sum of the rounded lines) is
 * rounding against 61.2.
 */
import { financialYearLabel } from '../dates.ts';
import type { Appraisal, InitiativeAppraisal } from './appraisal.ts';
import type {
  AmountField,
  FigureBasis,
  Initiative,
  Programme,
  SavingProfile,
  StatedFigure,
  StatedLineTotals,
  StatedPayback,
  StatedRange,
  StatedSpan,
  TotalLine,
} from './model.ts';
import { AMOUNT_FIELDS, TOTAL_LINES } from './model.ts';
import {
  displayIncrementPence,
  formatMoney,
  poundsText,
  roundToDisplay,
  UNIT_LABEL,
  type DisplayUnit,
  type Pence,
} from '../finance/money.ts';
import { incrementsOf } from './profile.ts';
import { resolveProgramme, type WorkingComparison } from './workings.ts';

export type CheckSeverity = 'rounding' | 'error';

/**
 * What a finding checks: a row, column or grand total or a span against the lines; one stated
 * total against others (`cross`); a stated payback; a typed amount against its working; a stated
 * variance against forecast (or actual) minus target.
 */
export type CheckKind = 'row' | 'column' | 'grand' | 'span' | 'cross' | 'payback' | 'working' | 'variance';

export interface CheckFinding {
  readonly severity: CheckSeverity;
  /** Human-readable place: `row edge-of-care / gross saving`, `column 2025/26 / investment`, `grand total / net saving`. */
  readonly where: string;
  readonly kind: CheckKind;
  /** The table's name; null for the main table (and for workings and variances). */
  readonly table: string | null;
  readonly line: TotalLine | AmountField | 'paybackSimple' | 'paybackCashflow' | 'variance';
  readonly initiative: string | null;
  readonly year: number | null;
  /** Pence, except for paybacks (years). */
  readonly stated: number;
  readonly computed: number;
  /** stated - computed. */
  readonly difference: number;
  /** Figures added up to make the computed total (cells holding a figure). */
  readonly figures: number;
  /** What those figures can be out by through rounding, in pence (for paybacks, half the last decimal typed, in years). */
  readonly allowance: number;
  readonly message: string;
}

const LINE_NAMES: Record<TotalLine | AmountField, string> = {
  investment: 'investment',
  ongoingCost: 'ongoing cost',
  grossSaving: 'gross saving',
  netSaving: 'net saving',
  netCashFlow: 'net cash flow',
  grossLow: 'gross saving low',
  grossHigh: 'gross saving high',
};

/** A figure with what it can be out by. */
interface Cell {
  readonly value: Pence;
  readonly allowance: Pence;
  readonly holds: boolean;
}

/** A sum of cells. */
interface Sum {
  readonly value: Pence;
  readonly allowance: Pence;
  readonly figures: number;
}

const NO_SUM: Sum = { value: 0, allowance: 0, figures: 0 };

function addCells(cells: readonly Cell[]): Sum {
  let value = 0;
  let allowance = 0;
  let figures = 0;
  for (const c of cells) {
    value += c.value;
    allowance += c.allowance;
    if (c.holds) figures++;
  }
  return { value, allowance, figures };
}

function addSums(sums: readonly Sum[]): Sum {
  return sums.reduce(
    (a, s) => ({ value: a.value + s.value, allowance: a.allowance + s.allowance, figures: a.figures + s.figures }),
    NO_SUM,
  );
}

/**
 * What one figure can be out by (see the module comment): nothing when it holds no figure; half the
 * unit it was typed in when it is a whole number of that unit; and at least the difference between
 * it and its display rounded to the table's unit.
 */
export function roundingAllowance(value: Pence, holds: boolean, typedIn: DisplayUnit, shownIn: DisplayUnit): Pence {
  if (!holds) return 0;
  const inc = displayIncrementPence(typedIn);
  const typed = value % inc === 0 ? inc / 2 : 0;
  return Math.max(typed, Math.abs(roundToDisplay(value, shownIn) - value));
}

/**
 * Classifies a stated total against the computed one, given the rounding allowance. Returns null
 * when it agrees (equals the computed total rounded to `unit`).
 * Worked: lines £10,400 + £20,400 + £30,400 typed in pounds and shown in £000s, computed 61,200,
 * allowance 3 x £400 = £1,200. Stated 60 (£60,000): out by £1,200, within it: rounding.
 * Stated 101 (£101,000): out by £39,800: error.
 */
export function classifyTotal(
  stated: Pence,
  computed: Pence,
  allowance: Pence,
  unit: DisplayUnit,
): CheckSeverity | null {
  if (stated === roundToDisplay(computed, unit)) return null;
  return Math.abs(stated - computed) <= allowance ? 'rounding' : 'error';
}

/** A table as the checks read it. */
interface Table {
  readonly name: string | null;
  readonly profile: SavingProfile;
  readonly basis: FigureBasis;
  readonly unit: DisplayUnit;
  readonly byYear: ReadonlyMap<number, StatedLineTotals>;
  readonly rows: ReadonlyMap<string, StatedLineTotals>;
  readonly rowPaybacks: ReadonlyMap<string, StatedPayback>;
  readonly total: StatedLineTotals;
  readonly spans: readonly StatedSpan[];
  readonly payback: StatedPayback | undefined;
}

/** The main table and the further tables, as the checks read them. */
function tablesOf(programme: Programme): Table[] {
  const main = programme.statedTotals;
  const out: Table[] = [
    {
      name: main.name ?? null,
      profile: programme.statedProfile,
      basis: main.basis ?? 'phased',
      unit: main.unit ?? programme.unit,
      byYear: new Map(main.byYear.map((y) => [y.year, y.totals])),
      rows: new Map(
        programme.initiatives.filter((i) => i.statedTotals !== undefined).map((i) => [i.id, i.statedTotals ?? {}]),
      ),
      rowPaybacks: new Map(
        programme.initiatives.filter((i) => i.statedPayback !== undefined).map((i) => [i.id, i.statedPayback ?? {}]),
      ),
      total: main.total,
      spans: main.spans ?? [],
      payback: main.payback,
    },
  ];
  for (const t of programme.statedTables ?? [])
    out.push({
      name: t.name,
      profile: t.profile,
      basis: t.basis ?? 'phased',
      unit: t.unit ?? programme.unit,
      byYear: new Map(t.byYear.map((y) => [y.year, y.totals])),
      rows: new Map(t.rows.map((r) => [r.initiative, r.totals])),
      rowPaybacks: new Map(t.rows.filter((r) => r.payback !== undefined).map((r) => [r.initiative, r.payback ?? {}])),
      total: t.total,
      spans: t.spans ?? [],
      payback: t.payback,
    });
  return out;
}

type End = 'mid' | 'low' | 'high';

/** One initiative's figures as a table shows them, year by year (index 0 = first plan year). */
interface InitiativeCells {
  /** The cells of `line` for one end of a range, in a table's profile, basis and unit (components added). */
  cells(line: TotalLine, end: End, profile: SavingProfile, basis: FigureBasis, shownIn: DisplayUnit): Cell[];
  /** The sum of `line` over year indexes `from` to `to` inclusive. */
  sum(
    line: TotalLine,
    end: End,
    profile: SavingProfile,
    basis: FigureBasis,
    shownIn: DisplayUnit,
    from: number,
    to: number,
  ): Sum;
  /** Index of the first year with a gross saving, or null. */
  firstSavingsIndex(basis: FigureBasis): number | null;
}

function initiativeCells(
  initiative: Initiative,
  appraisal: InitiativeAppraisal,
  firstYear: number,
  typedIn: DisplayUnit,
): InitiativeCells {
  const lines = new Map(initiative.years.map((l) => [l.year, l]));
  const cache = new Map<string, Cell[]>();
  const plan = appraisal.plan;

  /** Whether the initiative typed (or worked) a figure for `field` in year index `k`. */
  const typed = (field: AmountField, k: number): boolean => {
    const l = lines.get(firstYear + k);
    return l !== undefined && l[field] !== undefined && !(l.tbc ?? []).includes(field);
  };

  const series = (
    pick: 'investment' | 'ongoingCost' | 'gross',
    end: End,
    profile: SavingProfile,
    basis: FigureBasis,
  ): Pence[] => {
    if (pick === 'investment') return [...plan.investment];
    if (pick === 'ongoingCost') return [...plan.ongoingCost];
    const annual =
      basis === 'fullYear'
        ? end === 'low'
          ? plan.fullYearLow
          : end === 'high'
            ? plan.fullYearHigh
            : plan.fullYearEffect
        : end === 'low'
          ? plan.grossLowAnnual
          : end === 'high'
            ? plan.grossHighAnnual
            : plan.grossAnnual;
    // Savings follow the table's profile; costs are amounts in the year.
    return profile === 'incremental' ? incrementsOf(annual) : [...annual];
  };

  const cells = (line: TotalLine, end: End, profile: SavingProfile, basis: FigureBasis, shownIn: DisplayUnit) => {
    const key = `${line}|${end}|${profile}|${basis}|${shownIn}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const component = (
      pick: 'investment' | 'ongoingCost' | 'gross',
      field: AmountField,
      sign: 1 | -1,
      incremental: boolean,
    ): Cell[] => {
      let values = series(pick, end, profile, basis);
      // Net saving in an incremental table is the change in net saving: costs enter as their change too.
      if (incremental && pick === 'ongoingCost') values = incrementsOf(values);
      return values.map((v, k) => {
        const holds = v !== 0 || typed(field, k) || (pick === 'gross' && typed(endField(end), k));
        return { value: sign * v, allowance: roundingAllowance(v, holds, typedIn, shownIn), holds };
      });
    };
    const inc = profile === 'incremental';
    const parts: Cell[][] =
      line === 'investment'
        ? [component('investment', 'investment', 1, false)]
        : line === 'ongoingCost'
          ? [component('ongoingCost', 'ongoingCost', 1, false)]
          : line === 'grossSaving'
            ? [component('gross', 'grossSaving', 1, false)]
            : line === 'netSaving'
              ? [component('gross', 'grossSaving', 1, false), component('ongoingCost', 'ongoingCost', -1, inc)]
              : [
                  component('gross', 'grossSaving', 1, false),
                  component('ongoingCost', 'ongoingCost', -1, inc),
                  component('investment', 'investment', -1, false),
                ];
    const merged: Cell[] = (parts[0] ?? []).map((_, k) => {
      const at = parts.map((p) => p[k] ?? { value: 0, allowance: 0, holds: false });
      return {
        value: at.reduce((s, c) => s + c.value, 0),
        allowance: at.reduce((s, c) => s + c.allowance, 0),
        holds: at.some((c) => c.holds),
      };
    });
    cache.set(key, merged);
    return merged;
  };

  return {
    cells,
    sum: (line, end, profile, basis, shownIn, from, to) =>
      addCells(cells(line, end, profile, basis, shownIn).slice(from, to + 1)),
    firstSavingsIndex(basis) {
      const s = basis === 'fullYear' ? plan.fullYearEffect : plan.grossAnnual;
      const i = s.findIndex((v) => v > 0);
      return i < 0 ? null : i;
    },
  };
}

const endField = (end: End): AmountField => (end === 'low' ? 'grossLow' : end === 'high' ? 'grossHigh' : 'grossSaving');

const isRange = (f: StatedFigure): f is StatedRange => typeof f === 'object';

/** Years as a label: `2026/27 to 2030/31`. */
function spanLabel(from: number, to: number): string {
  return from === to ? financialYearLabel(from) : `${financialYearLabel(from)} to ${financialYearLabel(to)}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The decimals a number was typed with (2.5 has 1). */
function decimalsOf(n: number): number {
  const text = String(n);
  if (/e/i.test(text)) return 0;
  return (text.split('.')[1] ?? '').length;
}

interface Reporter {
  readonly findings: CheckFinding[];
  money(
    base: Omit<CheckFinding, 'severity' | 'message' | 'difference' | 'stated' | 'computed' | 'figures' | 'allowance'>,
    stated: Pence,
    sum: Sum,
    unit: DisplayUnit,
    against: string,
  ): void;
}

function reporter(): Reporter {
  const findings: CheckFinding[] = [];
  return {
    findings,
    money(base, stated, sum, unit, against) {
      const severity = classifyTotal(stated, sum.value, sum.allowance, unit);
      if (!severity) return;
      const difference = stated - sum.value;
      const figures = `the ${plural(sum.figures, 'figure')} added up can be out by up to ${poundsText(sum.allowance)} through rounding`;
      const why =
        severity === 'rounding' ? `within rounding (${figures})` : `more than rounding can explain (${figures})`;
      findings.push({
        ...base,
        severity,
        stated,
        computed: sum.value,
        difference,
        figures: sum.figures,
        allowance: sum.allowance,
        message: `${base.where}: stated ${formatMoney(stated, unit)} but ${against} ${formatMoney(sum.value, unit)} (${UNIT_LABEL[unit]}); difference ${formatMoney(difference, unit)}, ${why}`,
      });
    },
  };
}

/** Checks each end of a stated figure (a single amount, or both ends of a range) against the sums. */
function checkFigure(
  r: Reporter,
  base: Omit<CheckFinding, 'severity' | 'message' | 'difference' | 'stated' | 'computed' | 'figures' | 'allowance'>,
  figure: StatedFigure,
  sumOf: (end: End) => Sum,
  unit: DisplayUnit,
  against: string,
): void {
  if (figure === 'TBC') return;
  if (!isRange(figure)) {
    r.money(base, figure, sumOf('mid'), unit, against);
    return;
  }
  r.money({ ...base, where: `${base.where} (low)` }, figure.low, sumOf('low'), unit, `${against} low`);
  r.money({ ...base, where: `${base.where} (high)` }, figure.high, sumOf('high'), unit, `${against} high`);
}

/** The ends a stated figure has: [value] or [low, high]; null for TBC. */
function endsOf(f: StatedFigure | undefined): Pence[] | null {
  if (f === undefined || f === 'TBC') return null;
  return isRange(f) ? [f.low, f.high] : [f];
}

/**
 * Stated totals checked against each other: the grand total against the row totals and against
 * the column totals, and (with no grand total) the row totals against the column totals. Only
 * when every row (or every plan year's column) states the line, all as single amounts or all as
 * ranges.
 */
function crossCheck(r: Reporter, table: Table, programme: Programme, prefix: string): void {
  const years = Array.from({ length: programme.planYears }, (_, i) => programme.firstYear + i);
  for (const line of TOTAL_LINES) {
    const rowFigures = programme.initiatives.map((i) => endsOf(table.rows.get(i.id)?.[line]));
    const colFigures = years.map((y) => endsOf(table.byYear.get(y)?.[line]));
    const grand = endsOf(table.total[line]);
    const complete = (xs: Array<Pence[] | null>): Pence[][] | null =>
      xs.length > 0 && xs.every((x) => x !== null) ? (xs as Pence[][]) : null;
    const rows = complete(rowFigures);
    const cols = complete(colFigures);
    const sumEnd = (xs: Pence[][], e: number): Sum =>
      addCells(
        xs.map((x) => {
          const v = x[e] ?? 0;
          return { value: v, allowance: roundingAllowance(v, true, table.unit, table.unit), holds: true };
        }),
      );
    const compare = (statedEnds: Pence[], parts: Pence[][], where: string, against: string, extra?: Pence[][]) => {
      if (
        !parts.every((p) => p.length === statedEnds.length) ||
        !(extra ?? []).every((p) => p.length === statedEnds.length)
      )
        return;
      statedEnds.forEach((stated, e) => {
        const own = sumEnd(parts, e);
        // The other side's figures are rounded too: their allowance adds, their values do not.
        const other = extra ? sumEnd(extra, e) : NO_SUM;
        const sum = {
          value: own.value,
          allowance: own.allowance + other.allowance,
          figures: own.figures + other.figures,
        };
        const endName = statedEnds.length === 2 ? (e === 0 ? ' (low)' : ' (high)') : '';
        r.money(
          { kind: 'cross', table: table.name, line, initiative: null, year: null, where: `${where}${endName}` },
          stated,
          sum,
          table.unit,
          against,
        );
      });
    };
    const name = LINE_NAMES[line];
    if (grand && rows)
      compare(grand, rows, `${prefix}grand total / ${name} against the row totals`, 'the stated row totals add to');
    if (grand && cols)
      compare(
        grand,
        cols,
        `${prefix}grand total / ${name} against the column totals`,
        'the stated column totals add to',
      );
    if (!grand && rows && cols) {
      // Σ rows as "stated" against Σ columns; allowance from both sides.
      const rowTotal = rows[0]?.map((_, e) => rows.reduce((s, x) => s + (x[e] ?? 0), 0)) ?? [];
      compare(
        rowTotal,
        cols,
        `${prefix}row totals / ${name} against the column totals`,
        'the stated column totals add to',
        rows,
      );
    }
  }
}

/** Start and end indexes (inclusive) of a span's years, and the label of its period. */
function spanIndexes(
  span: StatedSpan,
  programme: Programme,
  firstSavings: number | null,
  horizon: number,
): { from: number; to: number; label: string } {
  let start: number;
  let from: number;
  if (span.from === 'firstPlanYear') start = from = 0;
  else if (span.from === 'firstSavingsYear') {
    start = firstSavings ?? 0;
    from = 0; // Every year before the first savings year is its year 0.
  } else start = from = span.from - programme.firstYear;
  const to = Math.min(horizon - 1, start + span.years - 1);
  const y = (i: number) => programme.firstYear + i;
  let label = spanLabel(y(start), y(to));
  if (from < start) label += `, with ${spanLabel(y(from), y(start - 1))} as year 0`;
  return { from, to, label };
}

function paybackChecks(
  r: Reporter,
  stated: StatedPayback | undefined,
  simple: number | null,
  cashflow: number | null,
  where: string,
  table: string | null,
  initiative: string | null,
): void {
  if (!stated) return;
  const defs = [
    {
      key: 'simple' as const,
      line: 'paybackSimple' as const,
      name: 'simple',
      computed: simple,
      other: cashflow,
      otherName: 'cash-flow',
    },
    {
      key: 'cashflow' as const,
      line: 'paybackCashflow' as const,
      name: 'cash-flow',
      computed: cashflow,
      other: simple,
      otherName: 'simple',
    },
  ];
  for (const d of defs) {
    const s = stated[d.key];
    if (s === undefined) continue;
    const allowance = 0.5 * 10 ** -decimalsOf(s) + 1e-9;
    const agrees = (c: number | null) => c !== null && Math.abs(s - c) <= allowance;
    if (agrees(d.computed)) continue;
    const shown = (c: number | null) => (c === null ? 'none within the appraisal period' : `${c.toFixed(2)} years`);
    const hint = agrees(d.other)
      ? `; it matches Forecare's ${d.otherName} payback (${shown(d.other)}): the paper may count from a different start`
      : '';
    r.findings.push({
      severity: 'error',
      where: `${where}payback (${d.name})`,
      kind: 'payback',
      table,
      line: d.line,
      initiative,
      year: null,
      stated: s,
      computed: d.computed ?? Number.NaN,
      difference: d.computed === null ? Number.NaN : s - d.computed,
      figures: 0,
      allowance,
      message: `${where}payback (${d.name}): stated ${s} years but Forecare's ${d.name} payback is ${shown(d.computed)}${hint}`,
    });
  }
}

function workingChecks(r: Reporter, comparisons: readonly WorkingComparison[], unit: DisplayUnit): void {
  for (const c of comparisons) {
    const where = `working ${c.initiative} ${financialYearLabel(c.year)} / ${LINE_NAMES[c.line]}`;
    const sum: Sum = { value: c.worked, allowance: roundingAllowance(c.typed, true, unit, unit), figures: 1 };
    r.money(
      { kind: 'working', table: null, line: c.line, initiative: c.initiative, year: c.year, where },
      c.typed,
      sum,
      unit,
      `the working (${c.parts.map((p) => p.text).join('; ')}) gives`,
    );
  }
}

function varianceChecks(r: Reporter, initiative: Initiative, unit: DisplayUnit): void {
  for (const m of initiative.monitoring) {
    if (m.statedVariance === undefined) continue;
    const figures = (xs: readonly Pence[]): Sum => ({
      value: 0,
      allowance: xs.reduce((s, v) => s + roundingAllowance(v, true, unit, unit), 0),
      figures: xs.length,
    });
    const forecastVariance = m.forecast - m.target;
    const actualVariance = m.actual === null ? null : m.actual - m.target;
    const base = figures([m.target, m.forecast]);
    // A paper's variance column may be of the forecast or (once known) of the actual.
    if (classifyTotal(m.statedVariance, forecastVariance, base.allowance, unit) === null) continue;
    if (actualVariance !== null && classifyTotal(m.statedVariance, actualVariance, base.allowance, unit) === null)
      continue;
    const reversed = m.statedVariance !== 0 && m.statedVariance === -forecastVariance;
    const where = `monitoring ${initiative.id} ${m.period} / variance`;
    const before = r.findings.length;
    r.money(
      { kind: 'variance', table: null, line: 'variance', initiative: initiative.id, year: null, where },
      m.statedVariance,
      { ...base, value: forecastVariance },
      unit,
      'forecast minus target is',
    );
    const f = r.findings[before];
    if (f && reversed)
      r.findings[before] = {
        ...f,
        message: `${f.message}; the paper's sign is reversed (Forecare's variance is forecast minus target, so a saving above target is favourable)`,
      };
  }
}

/** What the checks of each table read: the programme, its appraisal and each initiative's cells. */
interface TotalsContext {
  readonly programme: Programme;
  readonly appraisal: Appraisal;
  /** The resolved initiatives' ids, in order (a span names one). */
  readonly ids: readonly string[];
  readonly cells: ReadonlyMap<string, InitiativeCells>;
  readonly all: readonly InitiativeCells[];
  readonly lastPlan: number;
}

/**
 * Recomputes every stated total, payback, working and variance in the programme and reports each
 * mismatch. `appraisal` is the plan as entered (not a scenario's forecast).
 */
export function checkStatedTotals(programme: Programme, appraisal: Appraisal): CheckFinding[] {
  const r = reporter();
  const { programme: resolved, comparisons } = resolveProgramme(programme);
  const cells = new Map<string, InitiativeCells>();
  resolved.initiatives.forEach((ini, i) => {
    const ia = appraisal.initiatives[i];
    if (ia) cells.set(ini.id, initiativeCells(ini, ia, programme.firstYear, programme.unit));
  });
  const x: TotalsContext = {
    programme,
    appraisal,
    ids: resolved.initiatives.map((ini) => ini.id),
    cells,
    all: [...cells.values()],
    lastPlan: programme.planYears - 1,
  };
  for (const table of tablesOf(programme)) {
    const prefix = table.name === null ? '' : `${table.name}: `;
    checkRowsColumnsAndTotal(r, x, table, prefix);
    checkSpans(r, x, table, prefix);
    crossCheck(r, table, programme, prefix);
    checkTablePaybacks(r, x, table, prefix);
  }
  workingChecks(r, comparisons, programme.unit);
  for (const ini of programme.initiatives) varianceChecks(r, ini, programme.unit);
  return r.findings;
}

/** Where a finding about a stated total is: its kind, table, line, initiative and year. */
function totalAt(
  table: Table,
  kind: CheckKind,
  line: TotalLine,
  where: string,
  initiative: string | null,
  year: number | null,
) {
  return { kind, table: table.name, line, initiative, year, where };
}

/** A table's row totals (each initiative over the plan), column totals (each year) and grand total. */
function checkRowsColumnsAndTotal(r: Reporter, x: TotalsContext, table: Table, prefix: string): void {
  const { programme, cells, all, lastPlan } = x;
  const sumOver = (scope: readonly InitiativeCells[], line: TotalLine, end: End, from: number, to: number) =>
    addSums(scope.map((c) => c.sum(line, end, table.profile, table.basis, table.unit, from, to)));
  for (const ini of programme.initiatives) {
    const stated = table.rows.get(ini.id);
    const c = cells.get(ini.id);
    if (!stated || !c) continue;
    for (const line of TOTAL_LINES) {
      const f = stated[line];
      if (f === undefined) continue;
      checkFigure(
        r,
        totalAt(table, 'row', line, `${prefix}row ${ini.id} / ${LINE_NAMES[line]}`, ini.id, null),
        f,
        (end) => c.sum(line, end, table.profile, table.basis, table.unit, 0, lastPlan),
        table.unit,
        'the lines add to',
      );
    }
  }
  for (const [year, totals] of [...table.byYear].sort(([a], [b]) => a - b)) {
    const k = year - programme.firstYear;
    for (const line of TOTAL_LINES) {
      const f = totals[line];
      if (f === undefined) continue;
      checkFigure(
        r,
        totalAt(table, 'column', line, `${prefix}column ${financialYearLabel(year)} / ${LINE_NAMES[line]}`, null, year),
        f,
        (end) => sumOver(all, line, end, k, k),
        table.unit,
        'the lines add to',
      );
    }
  }
  for (const line of TOTAL_LINES) {
    const f = table.total[line];
    if (f === undefined) continue;
    checkFigure(
      r,
      totalAt(table, 'grand', line, `${prefix}grand total / ${LINE_NAMES[line]}`, null, null),
      f,
      (end) => sumOver(all, line, end, 0, lastPlan),
      table.unit,
      'the lines add to',
    );
  }
}

/** The first year with savings of any initiative in scope, on a basis (null: none has any). */
function firstSavingsOf(scope: readonly InitiativeCells[], basis: FigureBasis): number | null {
  const found = scope.map((c) => c.firstSavingsIndex(basis)).filter((i): i is number => i !== null);
  return found.length > 0 ? Math.min(...found) : null;
}

/** A table's spans: totals over some years (of one initiative, or all), each with its own profile and basis when stated. */
function checkSpans(r: Reporter, x: TotalsContext, table: Table, prefix: string): void {
  const { programme, all } = x;
  for (const span of table.spans) {
    const scope = span.initiative !== undefined ? all.filter((_, i) => x.ids[i] === span.initiative) : all;
    const profile = span.profile ?? table.profile;
    const basis = span.basis ?? table.basis;
    const { from, to, label } = spanIndexes(span, programme, firstSavingsOf(scope, basis), x.appraisal.years.length);
    const who = span.initiative !== undefined ? ` (${span.initiative})` : '';
    for (const line of TOTAL_LINES) {
      const f = span.totals[line];
      if (f === undefined) continue;
      checkFigure(
        r,
        totalAt(
          table,
          'span',
          line,
          `${prefix}span '${span.name}'${who} / ${LINE_NAMES[line]}`,
          span.initiative ?? null,
          null,
        ),
        f,
        (end) => addSums(scope.map((c) => c.sum(line, end, profile, basis, table.unit, from, to))),
        table.unit,
        `the lines add to, over ${label},`,
      );
    }
  }
}

/** A table's stated paybacks: the programme's, and each row's against its initiative's. */
function checkTablePaybacks(r: Reporter, x: TotalsContext, table: Table, prefix: string): void {
  const { appraisal } = x;
  paybackChecks(
    r,
    table.payback,
    appraisal.paybackSimpleYears,
    appraisal.paybackCashflowYears,
    prefix,
    table.name,
    null,
  );
  for (const [id, payback] of table.rowPaybacks) {
    const ia = appraisal.initiatives.find((a) => a.id === id);
    if (ia)
      paybackChecks(
        r,
        payback,
        ia.paybackSimpleYears,
        ia.paybackCashflowYears,
        `${prefix}row ${id} / `,
        table.name,
        id,
      );
  }
}

/** A warning about a figure typed as "TBC": shown as such, nil in every total, not checked. */
export interface TbcWarning {
  readonly initiative: string | null;
  readonly year: number | null;
  readonly message: string;
}

function statedTbc(totals: StatedLineTotals, where: string): string[] {
  return TOTAL_LINES.filter((l) => totals[l] === 'TBC').map(
    (l) => `${where} / ${LINE_NAMES[l]} is stated as TBC: not checked`,
  );
}

/** Every TBC cell and stated total, as warnings. */
export function tbcWarnings(programme: Programme): TbcWarning[] {
  const out: TbcWarning[] = [];
  for (const ini of programme.initiatives) {
    for (const l of ini.years)
      for (const field of AMOUNT_FIELDS.filter((f) => (l.tbc ?? []).includes(f)))
        out.push({
          initiative: ini.id,
          year: l.year,
          message: `initiative '${ini.id}', ${financialYearLabel(l.year)} ${LINE_NAMES[field]} is TBC: counted as nil in every total until it is known`,
        });
  }
  for (const table of tablesOf(programme)) {
    const prefix = table.name === null ? '' : `${table.name}: `;
    for (const [id, totals] of table.rows)
      for (const message of statedTbc(totals, `${prefix}row ${id}`)) out.push({ initiative: id, year: null, message });
    for (const [year, totals] of table.byYear)
      for (const message of statedTbc(totals, `${prefix}column ${financialYearLabel(year)}`))
        out.push({ initiative: null, year, message });
    for (const message of statedTbc(table.total, `${prefix}grand total`))
      out.push({ initiative: null, year: null, message });
    for (const span of table.spans)
      for (const message of statedTbc(span.totals, `${prefix}span '${span.name}'`))
        out.push({ initiative: span.initiative ?? null, year: null, message });
  }
  return out;
}
