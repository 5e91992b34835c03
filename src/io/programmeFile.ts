/**
 * Programme files: YAML or JSON, amounts in pounds, validated with zod. Errors name the
 * initiative and the field (`initiative 'edge-of-care', years.2025/26.grossSaving: expected an
 * amount in pounds`), never echo more than a short, printable piece of what was read, and the
 * same size and value limits hold for the command line and the web (`PROGRAMME_LIMITS`).
 * The format is documented in docs/programme-file.md.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { financialYearLabel } from '../domain/dates.ts';
import { EXIT_ROUTES } from '../domain/exitRoutes.ts';
import type {
  AmountField,
  Initiative,
  MonitoringEntry,
  NonFinancialTarget,
  Programme,
  SpanStart,
  StatedFigure,
  StatedLineTotals,
  StatedPayback,
  StatedSpan,
  StatedTable,
  StatedTableParts,
  TargetMonth,
  TotalLine,
  Working,
  YearLine,
} from '../domain/programme/model.ts';
import {
  COST_PERIODS,
  COUNTED_MEASURES,
  DEFAULT_DISCOUNT_RATE,
  DEFAULT_RAG,
  FIGURE_BASES,
  MILESTONE_STATUSES,
  RANGE_LINES,
  SAVING_PROFILES,
  SAVING_TYPES,
  TOTAL_LINES,
  workingUnitCost,
} from '../domain/programme/model.ts';
import { baseHorizonYears } from '../domain/programme/appraisal.ts';
import { isPeriod } from '../domain/programme/monitoring.ts';
import { DISPLAY_UNITS, exactPounds, poundsToPence } from '../domain/finance/money.ts';
import { workingPart } from '../domain/programme/workings.ts';

/**
 * Limits on a programme, the same for files, workbooks, uploads and the web editor. A council's
 * programme is tens of initiatives; these leave room for a large one and refuse a file that would
 * take minutes to read (83,000 initiatives in 10 MB took 282 s before they existed).
 */
export const PROGRAMME_LIMITS = {
  /** Largest file read (YAML, JSON or workbook). */
  maxFileBytes: 2 * 1024 * 1024,
  maxInitiatives: 300,
  /** Largest amount, in pounds, either sign: £1bn, far above any one council's line, well within exact pence. */
  maxAmountPounds: 1_000_000_000,
  maxListEntries: 400,
  maxTables: 20,
  maxTextLength: 2000,
} as const;

/** A programme file that failed validation; `problems` has one line per fault. */
export class ProgrammeFileError extends Error {
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    const shown = problems.slice(0, 50);
    const more = problems.length > shown.length ? [`... and ${problems.length - shown.length} more`] : [];
    super(
      `${printable(source, 120)}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${[...shown, ...more].join('\n  ')}`,
    );
    this.name = 'ProgrammeFileError';
    this.problems = problems;
  }
}

/**
 * Text from a file made safe to show in a message: control and other unprintable characters as
 * `?`, and at most `max` characters (with an ellipsis).
 */
export function printable(text: string, max = 40): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd\u2028\u2029]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

const YEAR_LABEL_RE = /^(\d{4})\/(\d{2})$/;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2025/26" to 2025; null if not a financial year label. */
export function parseYearLabel(label: string): number | null {
  const m = YEAR_LABEL_RE.exec(label.trim());
  if (!m) return null;
  const start = Number(m[1]);
  return (start + 1) % 100 === Number(m[2]) ? start : null;
}

const MAX_POUNDS_TEXT = `£${PROGRAMME_LIMITS.maxAmountPounds.toLocaleString('en-GB')}`;

/** Pounds typed as text: `1,234`, `(25,000)`, `£450,000`, `-12.5`. Null when it is not a number. */
export function poundsFromText(text: string): number | null {
  const s = text.trim().replace(/^£/, '').replace(/,/g, '');
  const bracket = /^\((.*)\)$/.exec(s);
  const body = (bracket ? bracket[1] : s)?.replace(/^£/, '') ?? '';
  if (!/^-?\d+(\.\d+)?$/.test(body)) return null;
  const n = Number(body);
  return bracket ? -n : n;
}

/** Is this "TBC" (to be confirmed), however it is typed? */
export function isTbcText(v: unknown): boolean {
  return typeof v === 'string' && /^\s*tbc\s*$/i.test(v);
}

/** A range typed as text: `4,908,000 - 6,558,000` (also with an en dash or "to"). */
export function rangeFromText(text: string): { low: number; high: number } | null {
  const m = /^(.+?)\s*(?:-|–|—|\bto\b)\s*(.+)$/.exec(text.trim());
  if (!m) return null;
  const low = poundsFromText(m[1] ?? '');
  const high = poundsFromText(m[2] ?? '');
  return low === null || high === null ? null : { low, high };
}

const tooBig = (n: number): boolean => Math.abs(n) > PROGRAMME_LIMITS.maxAmountPounds;
const bigMessage = (n: number): string =>
  `${printable(String(n), 24)} is beyond ${MAX_POUNDS_TEXT}, the largest amount a programme may hold (amounts are in pounds)`;

type Amount = number | 'TBC';

/** An amount in pounds (capped), or "TBC" where `tbc` allows it. */
function amount(options: { tbc?: boolean; negative?: boolean } = {}) {
  const expected = `expected an amount in pounds (a number)${options.tbc ? ' or TBC' : ''}`;
  return z.unknown().transform((v, ctx): Amount => {
    if (options.tbc && isTbcText(v)) return 'TBC';
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    }
    if (tooBig(v)) {
      ctx.addIssue({ code: 'custom', message: bigMessage(v) });
      return z.NEVER;
    }
    if (!options.negative && v < 0) {
      ctx.addIssue({ code: 'custom', message: 'must not be negative' });
      return z.NEVER;
    }
    return v;
  });
}

const pounds = amount({ negative: true });

/** A stated figure: an amount, a range (`[low, high]`, `{ low, high }` or "low - high") or "TBC". */
type FigureDoc = number | 'TBC' | { low: number; high: number };
const statedFigure = z.unknown().transform((v, ctx): FigureDoc => {
  const bad = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (isTbcText(v)) return 'TBC';
  let range: { low: unknown; high: unknown } | null = null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return bad('expected an amount in pounds');
    return tooBig(v) ? bad(bigMessage(v)) : v;
  }
  if (typeof v === 'string') {
    const single = poundsFromText(v);
    if (single !== null) return tooBig(single) ? bad(bigMessage(single)) : single;
    range = rangeFromText(v);
  } else if (Array.isArray(v) && v.length === 2) range = { low: v[0], high: v[1] };
  else if (typeof v === 'object' && v !== null && 'low' in v && 'high' in v && Object.keys(v).length === 2)
    range = v as { low: unknown; high: unknown };
  if (
    !range ||
    typeof range.low !== 'number' ||
    typeof range.high !== 'number' ||
    !Number.isFinite(range.low) ||
    !Number.isFinite(range.high)
  )
    return bad('expected an amount in pounds, a range like "4,908,000 - 6,558,000", or TBC');
  if (tooBig(range.low) || tooBig(range.high)) return bad(bigMessage(tooBig(range.low) ? range.low : range.high));
  if (range.low > range.high) return bad('a range gives the low end first');
  return { low: range.low, high: range.high };
});

const yearLabel = z
  .string()
  .refine((s) => parseYearLabel(s) !== null, { message: 'expected a financial year like 2025/26' });
const monthLabel = z.string().regex(MONTH_RE, { message: 'expected a month like 2025-07' });
const text = (min = 1) => z.string().min(min).max(PROGRAMME_LIMITS.maxTextLength);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date YYYY-MM-DD' });
const list = <T extends z.ZodType>(item: T) => z.array(item).max(PROGRAMME_LIMITS.maxListEntries);
const phasing = z
  .number()
  .min(0, { message: 'phasing is a share from 0 to 1' })
  .max(1, { message: 'phasing is a share from 0 to 1' });

const YearSchema = z.strictObject({
  investment: amount({ tbc: true, negative: true }).optional(),
  ongoingCost: amount({ tbc: true }).optional(),
  grossSaving: amount({ tbc: true, negative: true }).optional(),
  low: amount({ tbc: true, negative: true }).optional(),
  high: amount({ tbc: true, negative: true }).optional(),
  phasing: phasing.default(1),
});

const statedShape = {
  investment: statedFigure.optional(),
  ongoingCost: statedFigure.optional(),
  grossSaving: statedFigure.optional(),
  netSaving: statedFigure.optional(),
  netCashFlow: statedFigure.optional(),
};
const StatedSchema = z.strictObject(statedShape);
const PaybackSchema = z.strictObject({
  simple: z.number().min(0).max(100).optional(),
  cashflow: z.number().min(0).max(100).optional(),
});
const StatedRowSchema = z.strictObject({ ...statedShape, payback: PaybackSchema.optional() });
const profile = z.enum(SAVING_PROFILES as ['incremental', 'cumulative']);
const basis = z.enum(FIGURE_BASES as ['phased', 'fullYear']);
const unit = z.enum(DISPLAY_UNITS as ['GBP', 'thousands', 'millions']);
const initiativeId = z
  .string()
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'expected a short key of lower-case letters, digits and hyphens' });

const SpanSchema = z.strictObject({
  name: text(),
  from: z.union([z.literal('firstPlanYear'), z.literal('firstSavingsYear'), yearLabel], {
    error: 'expected firstPlanYear, firstSavingsYear or a financial year like 2026/27',
  }),
  years: z.number().int().min(1).max(40),
  initiative: initiativeId.optional(),
  profile: profile.optional(),
  basis: basis.optional(),
  ...statedShape,
});

const tableShape = {
  name: text().optional(),
  unit: unit.optional(),
  basis: basis.optional(),
  years: z.record(yearLabel, StatedSchema).default({}),
  total: StatedSchema.default({}),
  spans: list(SpanSchema).default([]),
  payback: PaybackSchema.optional(),
};
const MainTableSchema = z.strictObject(tableShape);
const TableSchema = z.strictObject({
  ...tableShape,
  name: text(),
  profile,
  rows: z.record(initiativeId, StatedRowSchema).default({}),
});

const WORKING_LINES = {
  investment: 'investment',
  ongoingCost: 'ongoingCost',
  grossSaving: 'grossSaving',
  low: 'grossLow',
  high: 'grossHigh',
} as const;
const DEFAULT_DURATION: Record<Working['per'], number> = { year: 1, month: 12, week: 52, day: 365 };

const WorkingSchema = z.strictObject({
  line: z.enum(Object.keys(WORKING_LINES) as ['investment', 'ongoingCost', 'grossSaving', 'low', 'high']),
  description: text(),
  volumeUnit: text().optional(),
  unitCost: pounds.optional(),
  unitCostFrom: pounds.optional(),
  unitCostTo: pounds.optional(),
  per: z.enum(COST_PERIODS as ['year', 'month', 'week', 'day']).default('year'),
  duration: z.number().positive().max(366).optional(),
  years: z.record(
    yearLabel,
    z.union(
      [
        z.number().min(-1e6).max(1e6),
        z.strictObject({ volume: z.number().min(-1e6).max(1e6), duration: z.number().positive().max(366).optional() }),
      ],
      { error: 'expected a volume (a number) or { volume, duration }' },
    ),
  ),
});

const targetValue = z.number().finite().min(-1e9).max(1e9);
const TargetSchema = z.strictObject({
  measure: text(),
  unit: text().optional(),
  years: z.record(yearLabel, targetValue).default({}),
  better: z.enum(['lower', 'higher']).optional(),
  counted: z.enum(COUNTED_MEASURES as ['lookedAfter', 'entries', 'exits']).optional(),
  route: z.enum(EXIT_ROUTES).optional(),
  months: z
    .record(
      monthLabel,
      z.union(
        [
          targetValue,
          z.strictObject({ target: targetValue.nullable().optional(), actual: targetValue.nullable().optional() }),
        ],
        {
          error: 'expected a target (a number) or { target, actual }',
        },
      ),
    )
    .default({}),
  trajectory: z
    .strictObject({
      from: z.strictObject({ month: monthLabel, value: targetValue }),
      to: z.strictObject({ month: monthLabel, value: targetValue }),
    })
    .optional(),
  actuals: z.record(monthLabel, targetValue).default({}),
});

const InitiativeSchema = z
  .strictObject({
    id: initiativeId,
    name: text(),
    owner: text(0).optional(),
    savingType: z.enum(SAVING_TYPES as ['cashable', 'costAvoidance']).default('cashable'),
    profile,
    scenario: text().optional(),
    trackerProject: text().max(80).optional(),
    years: z.record(yearLabel, YearSchema).default({}),
    workings: list(WorkingSchema).default([]),
    targets: list(TargetSchema).default([]),
    monitoring: list(
      z.strictObject({
        period: z.string().refine(isPeriod, { message: 'expected a month YYYY-MM or a quarter like 2025/26 Q1' }),
        target: pounds,
        forecast: pounds,
        actual: pounds.nullable().optional(),
        variance: pounds.optional(),
      }),
    ).default([]),
    milestones: list(
      z.strictObject({
        name: text(),
        due: isoDate,
        status: z.enum(MILESTONE_STATUSES as ['not started', 'on track', 'at risk', 'late', 'complete']),
      }),
    ).default([]),
    risks: list(
      z.strictObject({
        description: text(),
        likelihood: z.number().int().min(1).max(5),
        impact: z.number().int().min(1).max(5),
        mitigation: text(0).default(''),
        owner: text(0).optional(),
      }),
    ).default([]),
    statedTotals: StatedRowSchema.optional(),
  })
  .superRefine((ini, ctx) => {
    if (ini.scenario !== undefined && ini.trackerProject !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['trackerProject'],
        message: `give a scenario or a trackerProject as the forecast, not both (scenario '${ini.scenario}', trackerProject '${ini.trackerProject}')`,
      });
  });

const ProgrammeSchema = z.strictObject({
  programme: text(),
  unit: unit.default('thousands'),
  firstYear: yearLabel,
  planYears: z.number().int().min(1).max(20),
  discountRate: z.number().min(0).max(1).default(DEFAULT_DISCOUNT_RATE),
  statedProfile: profile.default('incremental'),
  rag: z
    .strictObject({ greenMinPercent: z.number().min(0).max(1000), amberMinPercent: z.number().min(0).max(1000) })
    .refine((r) => r.amberMinPercent <= r.greenMinPercent, {
      message: 'amberMinPercent must not exceed greenMinPercent',
    })
    .default(DEFAULT_RAG),
  initiatives: z
    .array(InitiativeSchema)
    .min(1, { message: 'a programme needs at least one initiative' })
    .max(PROGRAMME_LIMITS.maxInitiatives),
  statedTotals: MainTableSchema.default({ years: {}, total: {}, spans: [] }),
  statedTables: z.array(TableSchema).max(PROGRAMME_LIMITS.maxTables).default([]),
});

/** The programme file as written (amounts in pounds). */
export type ProgrammeDocument = z.input<typeof ProgrammeSchema>;
type Parsed = z.output<typeof ProgrammeSchema>;
type ParsedInitiative = Parsed['initiatives'][number];

/** Names where a zod issue is, by initiative id where the path enters an initiative. */
function describePath(raw: unknown, issuePath: readonly PropertyKey[]): string {
  const part = (k: PropertyKey) => printable(String(k));
  if (issuePath[0] === 'initiatives' && typeof issuePath[1] === 'number') {
    const list = (raw as { initiatives?: unknown }).initiatives;
    const entry = Array.isArray(list) ? (list[issuePath[1]] as { id?: unknown } | undefined) : undefined;
    const who = typeof entry?.id === 'string' ? `'${printable(entry.id)}'` : `number ${issuePath[1] + 1}`;
    const field = issuePath.slice(2).map(part).join('.');
    return `initiative ${who}${field ? `, ${field}` : ''}`;
  }
  return issuePath.length > 0 ? issuePath.map(part).join('.') : '(top level)';
}

/** One line per zod issue, in the schema's own words, echoing nothing longer than a short key. */
function issueLines(raw: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((i) => {
    const where = describePath(raw, i.path);
    if (i.code === 'unrecognized_keys') {
      const keys = i.keys.slice(0, 5).map((k) => `'${printable(k)}'`);
      return `${where}: unknown field${i.keys.length === 1 ? '' : 's'} ${keys.join(', ')}${i.keys.length > 5 ? ', ...' : ''} (a typo? see docs/programme-file.md)`;
    }
    if (i.code === 'invalid_key') return `${where}: ${i.issues[0]?.message ?? 'not a valid key'}`;
    if (i.code === 'too_big' && i.origin === 'array') return `${where}: at most ${String(i.maximum)} entries`;
    if (i.code === 'too_big' && i.origin === 'string') return `${where}: at most ${String(i.maximum)} characters`;
    return `${where}: ${printable(i.message, 200)}`;
  });
}

const pence = (v: number): number => poundsToPence(v);

function figureToDomain(f: FigureDoc): StatedFigure {
  if (f === 'TBC') return 'TBC';
  if (typeof f === 'number') return pence(f);
  return { low: pence(f.low), high: pence(f.high) };
}

function stated(s: Partial<Record<TotalLine, FigureDoc | undefined>> | undefined): StatedLineTotals {
  const out: Partial<Record<TotalLine, StatedFigure>> = {};
  for (const line of TOTAL_LINES) {
    const v = s?.[line];
    if (v !== undefined) out[line] = figureToDomain(v);
  }
  return out;
}

function paybackToDomain(
  p: { simple?: number | undefined; cashflow?: number | undefined } | undefined,
): StatedPayback | undefined {
  if (!p || (p.simple === undefined && p.cashflow === undefined)) return undefined;
  return {
    ...(p.simple !== undefined ? { simple: p.simple } : {}),
    ...(p.cashflow !== undefined ? { cashflow: p.cashflow } : {}),
  };
}

/** Start year of every year an initiative names: its year lines and its workings' years. */
function namedYears(ini: ParsedInitiative): number[] {
  const ys = new Set(Object.keys(ini.years).map((k) => parseYearLabel(k) ?? 0));
  for (const w of ini.workings) for (const k of Object.keys(w.years)) ys.add(parseYearLabel(k) ?? 0);
  return [...ys].sort((a, b) => a - b);
}

function workingToDomain(w: ParsedInitiative['workings'][number]): Working {
  return {
    line: WORKING_LINES[w.line],
    description: w.description,
    ...(w.volumeUnit !== undefined ? { volumeUnit: w.volumeUnit } : {}),
    ...(w.unitCost !== undefined ? { unitCost: pence(w.unitCost as number) } : {}),
    ...(w.unitCostFrom !== undefined ? { unitCostFrom: pence(w.unitCostFrom as number) } : {}),
    ...(w.unitCostTo !== undefined ? { unitCostTo: pence(w.unitCostTo as number) } : {}),
    per: w.per,
    duration: w.duration ?? DEFAULT_DURATION[w.per],
    years: Object.entries(w.years)
      .map(([label, v]) =>
        typeof v === 'number'
          ? { year: parseYearLabel(label) ?? 0, volume: v }
          : {
              year: parseYearLabel(label) ?? 0,
              volume: v.volume,
              ...(v.duration !== undefined ? { duration: v.duration } : {}),
            },
      )
      .sort((a, b) => a.year - b.year),
  };
}

/** Months from `from` to `to` inclusive (`YYYY-MM`). */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  while (`${y}-${String(m).padStart(2, '0')}` <= to && out.length <= PROGRAMME_LIMITS.maxListEntries) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/**
 * A target's months: the trajectory's straight line (to one decimal place) where given, then the
 * months typed (which win), then typed actuals.
 */
function targetMonths(t: ParsedInitiative['targets'][number]): TargetMonth[] {
  const byMonth = new Map<string, { target: number | null; actual: number | null }>();
  if (t.trajectory) {
    const ms = monthsBetween(t.trajectory.from.month, t.trajectory.to.month);
    const steps = Math.max(1, ms.length - 1);
    ms.forEach((m, i) => {
      const v = t.trajectory!.from.value + ((t.trajectory!.to.value - t.trajectory!.from.value) * i) / steps;
      byMonth.set(m, { target: Math.round(v * 10) / 10, actual: null });
    });
  }
  for (const [m, v] of Object.entries(t.months)) {
    const prev = byMonth.get(m) ?? { target: null, actual: null };
    byMonth.set(
      m,
      typeof v === 'number'
        ? { ...prev, target: v }
        : {
            target: v.target === undefined ? prev.target : v.target,
            actual: v.actual === undefined ? prev.actual : v.actual,
          },
    );
  }
  for (const [m, v] of Object.entries(t.actuals))
    byMonth.set(m, { ...(byMonth.get(m) ?? { target: null }), actual: v });
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, v]) => ({ month, target: v.target, actual: v.actual }));
}

/** Cross-field rules zod's shape cannot say; returns problems. */
function crossCheck(p: Parsed): string[] {
  const problems: string[] = [];
  const first = parseYearLabel(p.firstYear) ?? 0;
  const lastAllowed = first + baseHorizonYears(p) - 1;
  const ids = new Set<string>();
  const isNum = (v: Amount | undefined): v is number => typeof v === 'number';
  for (const [n, ini] of p.initiatives.entries()) {
    const who = `initiative '${ini.id}'`;
    if (ids.has(ini.id)) problems.push(`initiative number ${n + 1}, id: '${ini.id}' is used by an earlier initiative`);
    ids.add(ini.id);
    const years = namedYears(ini);
    if (years.length === 0) problems.push(`${who}, years: enter at least one financial year`);
    for (const [i, y] of years.entries()) {
      const label = financialYearLabel(y);
      if (y < first || y > lastAllowed)
        problems.push(
          `${who}, years.${label}: outside the appraisal period ${financialYearLabel(first)} to ${financialYearLabel(lastAllowed)}`,
        );
      const prev = years[i - 1];
      if (prev !== undefined && y !== prev + 1)
        problems.push(`${who}, years: ${financialYearLabel(prev + 1)} is missing (enter the years without gaps)`);
      const line = ini.years[label];
      if (!line) continue;
      const gross = line.grossSaving;
      if (isNum(line.low) && isNum(gross) && line.low > gross)
        problems.push(`${who}, years.${label}.low: ${line.low} is above grossSaving ${gross}`);
      if (isNum(line.high) && isNum(gross) && line.high < gross)
        problems.push(`${who}, years.${label}.high: ${line.high} is below grossSaving ${gross}`);
    }
    for (const [k, w] of ini.workings.entries()) {
      const where = `${who}, workings.${k}`;
      const single = w.unitCost !== undefined;
      const pair = w.unitCostFrom !== undefined && w.unitCostTo !== undefined;
      if (single === pair)
        problems.push(`${where}: give unitCost, or unitCostFrom and unitCostTo (a move from one cost to another)`);
      const domain = workingToDomain(w);
      for (const y of domain.years) {
        const part = workingPart(domain, y.year);
        if (part && tooBig(exactPounds(part.amount)))
          problems.push(
            `${where}.years.${financialYearLabel(y.year)}: the working gives ${bigMessage(exactPounds(part.amount))}`,
          );
      }
      if (single && workingUnitCost(domain) === 0) problems.push(`${where}.unitCost: a unit cost of 0 saves nothing`);
    }
    for (const [k, t] of ini.targets.entries()) {
      const where = `${who}, targets.${k}`;
      if (t.route !== undefined && t.counted !== 'exits')
        problems.push(`${where}.route: a route is for counted: exits`);
      if (t.trajectory && t.trajectory.from.month > t.trajectory.to.month)
        problems.push(`${where}.trajectory: from must be before to`);
      if (
        t.trajectory &&
        monthsBetween(t.trajectory.from.month, t.trajectory.to.month).length > PROGRAMME_LIMITS.maxListEntries
      )
        problems.push(`${where}.trajectory: at most ${PROGRAMME_LIMITS.maxListEntries} months`);
    }
    const seen = new Set<string>();
    for (const m of ini.monitoring) {
      if (seen.has(m.period)) problems.push(`${who}, monitoring: period ${m.period} appears more than once`);
      seen.add(m.period);
    }
    rangeLinesOnly(ini.statedTotals, `${who}, statedTotals`, problems);
  }
  const planYear = (label: string): boolean => {
    const y = parseYearLabel(label) ?? 0;
    return y >= first && y < first + p.planYears;
  };
  const tables: Array<{ where: string; t: Parsed['statedTotals'] }> = [
    { where: 'statedTotals', t: p.statedTotals },
    ...p.statedTables.map((t, i) => ({ where: `statedTables.${i}`, t })),
  ];
  const names = new Set<string>();
  for (const { where, t } of tables) {
    if (t.name !== undefined) {
      if (names.has(t.name)) problems.push(`${where}.name: '${printable(t.name)}' names an earlier table`);
      names.add(t.name);
    }
    for (const [label, s] of Object.entries(t.years)) {
      if (!planYear(label)) problems.push(`${where}.years.${label}: not a plan year`);
      rangeLinesOnly(s, `${where}.years.${label}`, problems);
    }
    rangeLinesOnly(t.total, `${where}.total`, problems);
    for (const [k, span] of t.spans.entries()) {
      if (span.initiative !== undefined && !ids.has(span.initiative))
        problems.push(`${where}.spans.${k}.initiative: no initiative '${span.initiative}'`);
      const y = parseYearLabel(span.from);
      if (y !== null && y < first) problems.push(`${where}.spans.${k}.from: before the first plan year`);
      rangeLinesOnly(span, `${where}.spans.${k}`, problems);
    }
  }
  for (const [i, t] of p.statedTables.entries())
    for (const [id, row] of Object.entries(t.rows)) {
      if (!ids.has(id)) problems.push(`statedTables.${i}.rows.${id}: no initiative '${id}'`);
      rangeLinesOnly(row, `statedTables.${i}.rows.${id}`, problems);
    }
  return problems;
}

/** A range may be stated only for lines that carry one. */
function rangeLinesOnly(
  s: Partial<Record<TotalLine, FigureDoc | undefined>> | undefined,
  where: string,
  problems: string[],
): void {
  if (!s) return;
  for (const line of TOTAL_LINES) {
    const v = s[line];
    if (typeof v === 'object' && !RANGE_LINES.includes(line))
      problems.push(`${where}.${line}: a range can be stated for ${RANGE_LINES.join(', ')} only`);
  }
}

function spanToDomain(s: Parsed['statedTotals']['spans'][number]): StatedSpan {
  const y = parseYearLabel(s.from);
  const from: SpanStart = y !== null ? y : (s.from as 'firstPlanYear' | 'firstSavingsYear');
  return {
    name: s.name,
    from,
    years: s.years,
    ...(s.initiative !== undefined ? { initiative: s.initiative } : {}),
    ...(s.profile !== undefined ? { profile: s.profile } : {}),
    ...(s.basis !== undefined ? { basis: s.basis } : {}),
    totals: stated(s),
  };
}

function tablePartsToDomain(t: Parsed['statedTotals']): StatedTableParts {
  const payback = paybackToDomain(t.payback);
  return {
    ...(t.name !== undefined ? { name: t.name } : {}),
    ...(t.unit !== undefined ? { unit: t.unit } : {}),
    ...(t.basis !== undefined ? { basis: t.basis } : {}),
    byYear: Object.entries(t.years)
      .map(([label, s]) => ({ year: parseYearLabel(label) ?? 0, totals: stated(s) }))
      .sort((a, b) => a.year - b.year),
    total: stated(t.total),
    spans: t.spans.map(spanToDomain),
    ...(payback ? { payback } : {}),
  };
}

function yearToDomain(label: string, l: ParsedInitiative['years'][string] | undefined): YearLine {
  const tbc: AmountField[] = [];
  const out: Record<string, unknown> = { year: parseYearLabel(label) ?? 0 };
  const fields: Array<[AmountField, Amount | undefined]> = [
    ['investment', l?.investment],
    ['ongoingCost', l?.ongoingCost],
    ['grossSaving', l?.grossSaving],
    ['grossLow', l?.low],
    ['grossHigh', l?.high],
  ];
  for (const [field, v] of fields) {
    if (v === undefined) continue;
    if (v === 'TBC') tbc.push(field);
    else out[field] = pence(v);
  }
  out.phasing = l?.phasing ?? 1;
  if (tbc.length > 0) out.tbc = tbc;
  return out as unknown as YearLine;
}

function targetToDomain(t: ParsedInitiative['targets'][number]): NonFinancialTarget {
  const months = targetMonths(t);
  return {
    measure: t.measure,
    ...(t.unit !== undefined ? { unit: t.unit } : {}),
    byYear: Object.entries(t.years)
      .map(([label, value]) => ({ year: parseYearLabel(label) ?? 0, value }))
      .sort((a, b) => a.year - b.year),
    ...(months.length > 0 ? { months } : {}),
    ...(t.better !== undefined ? { better: t.better } : {}),
    ...(t.counted !== undefined
      ? { counted: { measure: t.counted, ...(t.route !== undefined ? { route: t.route } : {}) } }
      : {}),
  };
}

function toDomain(p: Parsed): Programme {
  const initiatives: Initiative[] = p.initiatives.map((ini) => {
    const years: YearLine[] = Object.entries(ini.years)
      .map(([label, l]) => yearToDomain(label, l))
      .sort((a, b) => a.year - b.year);
    const monitoring: MonitoringEntry[] = ini.monitoring.map((m) => ({
      period: m.period,
      target: pence(m.target as number),
      forecast: pence(m.forecast as number),
      actual: m.actual === undefined || m.actual === null ? null : pence(m.actual as number),
      ...(m.variance !== undefined ? { statedVariance: pence(m.variance as number) } : {}),
    }));
    const statedPayback = paybackToDomain(ini.statedTotals?.payback);
    return {
      id: ini.id,
      name: ini.name,
      owner: ini.owner,
      savingType: ini.savingType,
      profile: ini.profile,
      scenario: ini.scenario,
      ...(ini.trackerProject !== undefined ? { trackerProject: ini.trackerProject } : {}),
      years,
      ...(ini.workings.length > 0 ? { workings: ini.workings.map(workingToDomain) } : {}),
      targets: ini.targets.map(targetToDomain),
      monitoring,
      milestones: ini.milestones,
      risks: ini.risks,
      statedTotals: ini.statedTotals ? stated(ini.statedTotals) : undefined,
      ...(statedPayback ? { statedPayback } : {}),
    };
  });
  const tables: StatedTable[] = p.statedTables.map((t) => ({
    ...tablePartsToDomain(t),
    name: t.name,
    profile: t.profile,
    rows: Object.entries(t.rows).map(([initiative, row]) => {
      const payback = paybackToDomain(row.payback);
      return { initiative, totals: stated(row), ...(payback ? { payback } : {}) };
    }),
  }));
  return {
    name: p.programme,
    unit: p.unit,
    firstYear: parseYearLabel(p.firstYear) ?? 0,
    planYears: p.planYears,
    discountRate: p.discountRate,
    statedProfile: p.statedProfile,
    rag: p.rag,
    initiatives,
    statedTotals: tablePartsToDomain(p.statedTotals),
    ...(tables.length > 0 ? { statedTables: tables } : {}),
  };
}

/** Refuses a document whose lists are far too long before validating any of it (so it fails fast). */
function sizeCheck(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const list = (raw as { initiatives?: unknown }).initiatives;
  if (Array.isArray(list) && list.length > PROGRAMME_LIMITS.maxInitiatives)
    return [
      `initiatives: ${list.length} initiatives; a programme may have at most ${PROGRAMME_LIMITS.maxInitiatives} (split it into programmes)`,
    ];
  return [];
}

/** Validates a parsed document (from YAML, JSON, a workbook or a web form) into a programme. */
export function programmeFromDocument(raw: unknown, source: string): Programme {
  const tooMany = sizeCheck(raw);
  if (tooMany.length > 0) throw new ProgrammeFileError(source, tooMany);
  const parsed = ProgrammeSchema.safeParse(raw);
  if (!parsed.success) throw new ProgrammeFileError(source, issueLines(raw, parsed.error.issues));
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new ProgrammeFileError(source, problems);
  return toDomain(parsed.data);
}

/** True when text read as UTF-8 is evidently not text (a NUL, or many undecodable bytes). */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let bad = 0;
  for (let i = 0; i < text.length && i < 8192; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad++;
  }
  return bad > 8;
}

/** Parses YAML (a superset of JSON, so JSON text parses too) and validates it. */
export function parseProgrammeText(text: string, source: string): Programme {
  if (looksBinary(text))
    throw new ProgrammeFileError(source, [
      'not a YAML or JSON text file: it holds binary data (an Excel workbook must be named .xlsx)',
    ]);
  if (Buffer.byteLength(text, 'utf8') > PROGRAMME_LIMITS.maxFileBytes) throw tooLarge(source);
  let raw: unknown;
  try {
    raw = YAML.parse(text, { maxAliasCount: 100 });
  } catch (err) {
    // The parser's message ends with the offending lines of the file: keep only its first line.
    const first = err instanceof Error ? (err.message.split('\n')[0] ?? '').replace(/:$/, '') : 'unreadable';
    throw new ProgrammeFileError(source, [`not valid YAML or JSON: ${printable(first, 200)}`]);
  }
  return programmeFromDocument(raw, source);
}

function tooLarge(source: string): ProgrammeFileError {
  return new ProgrammeFileError(source, [
    `larger than ${PROGRAMME_LIMITS.maxFileBytes / (1024 * 1024)} MB, the largest programme file Forecare reads`,
  ]);
}

const p2 = (pence: number): number => exactPounds(pence);

function figureDoc(f: StatedFigure): number | string | { low: number; high: number } {
  if (f === 'TBC') return 'TBC';
  if (typeof f === 'number') return p2(f);
  return { low: p2(f.low), high: p2(f.high) };
}

function statedDoc(s: StatedLineTotals | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of TOTAL_LINES) {
    const v = s?.[line];
    if (v !== undefined) out[line] = figureDoc(v);
  }
  return out;
}

function paybackDoc(p: StatedPayback | undefined): Record<string, number> | undefined {
  if (!p) return undefined;
  return {
    ...(p.simple !== undefined ? { simple: p.simple } : {}),
    ...(p.cashflow !== undefined ? { cashflow: p.cashflow } : {}),
  };
}

function spanDoc(s: StatedSpan): Record<string, unknown> {
  return {
    name: s.name,
    from: typeof s.from === 'number' ? financialYearLabel(s.from) : s.from,
    years: s.years,
    ...(s.initiative !== undefined ? { initiative: s.initiative } : {}),
    ...(s.profile !== undefined ? { profile: s.profile } : {}),
    ...(s.basis !== undefined ? { basis: s.basis } : {}),
    ...statedDoc(s.totals),
  };
}

function tablePartsDoc(t: StatedTableParts): Record<string, unknown> {
  const payback = paybackDoc(t.payback);
  return {
    ...(t.name !== undefined ? { name: t.name } : {}),
    ...(t.unit !== undefined ? { unit: t.unit } : {}),
    ...(t.basis !== undefined ? { basis: t.basis } : {}),
    years: Object.fromEntries(t.byYear.map((y) => [financialYearLabel(y.year), statedDoc(y.totals)])),
    total: statedDoc(t.total),
    ...((t.spans ?? []).length > 0 ? { spans: (t.spans ?? []).map(spanDoc) } : {}),
    ...(payback ? { payback } : {}),
  };
}

function yearDoc(l: YearLine): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const tbc = new Set(l.tbc ?? []);
  const put = (key: string, field: AmountField) => {
    const v = l[field];
    if (tbc.has(field)) out[key] = 'TBC';
    else if (v !== undefined) out[key] = p2(v);
  };
  put('investment', 'investment');
  put('ongoingCost', 'ongoingCost');
  put('grossSaving', 'grossSaving');
  put('low', 'grossLow');
  put('high', 'grossHigh');
  out.phasing = l.phasing;
  return out;
}

const WORKING_LINE_NAMES: Record<AmountField, keyof typeof WORKING_LINES> = {
  investment: 'investment',
  ongoingCost: 'ongoingCost',
  grossSaving: 'grossSaving',
  grossLow: 'low',
  grossHigh: 'high',
};

function workingDoc(w: Working): Record<string, unknown> {
  return {
    line: WORKING_LINE_NAMES[w.line],
    description: w.description,
    ...(w.volumeUnit !== undefined ? { volumeUnit: w.volumeUnit } : {}),
    ...(w.unitCost !== undefined ? { unitCost: p2(w.unitCost) } : {}),
    ...(w.unitCostFrom !== undefined ? { unitCostFrom: p2(w.unitCostFrom) } : {}),
    ...(w.unitCostTo !== undefined ? { unitCostTo: p2(w.unitCostTo) } : {}),
    per: w.per,
    duration: w.duration,
    years: Object.fromEntries(
      w.years.map((y) => [
        financialYearLabel(y.year),
        y.duration !== undefined ? { volume: y.volume, duration: y.duration } : y.volume,
      ]),
    ),
  };
}

function targetDoc(t: NonFinancialTarget): Record<string, unknown> {
  return {
    measure: t.measure,
    ...(t.unit ? { unit: t.unit } : {}),
    years: Object.fromEntries(t.byYear.map((v) => [financialYearLabel(v.year), v.value])),
    ...(t.better !== undefined ? { better: t.better } : {}),
    ...(t.counted !== undefined ? { counted: t.counted.measure } : {}),
    ...(t.counted?.route !== undefined ? { route: t.counted.route } : {}),
    ...((t.months ?? []).length > 0
      ? {
          months: Object.fromEntries(
            (t.months ?? []).map((m) => [
              m.month,
              m.actual === null ? m.target : { target: m.target, actual: m.actual },
            ]),
          ),
        }
      : {}),
  };
}

/** The file form of a programme (amounts in pounds); the inverse of `programmeFromDocument`. */
export function programmeToDocument(p: Programme): ProgrammeDocument {
  const doc = {
    programme: p.name,
    unit: p.unit,
    firstYear: financialYearLabel(p.firstYear),
    planYears: p.planYears,
    discountRate: p.discountRate,
    statedProfile: p.statedProfile,
    rag: { greenMinPercent: p.rag.greenMinPercent, amberMinPercent: p.rag.amberMinPercent },
    initiatives: p.initiatives.map((i) => {
      const payback = paybackDoc(i.statedPayback);
      const rowTotals = { ...statedDoc(i.statedTotals), ...(payback ? { payback } : {}) };
      return {
        id: i.id,
        name: i.name,
        ...(i.owner ? { owner: i.owner } : {}),
        savingType: i.savingType,
        profile: i.profile,
        ...(i.scenario ? { scenario: i.scenario } : {}),
        ...(i.trackerProject ? { trackerProject: i.trackerProject } : {}),
        years: Object.fromEntries(i.years.map((l) => [financialYearLabel(l.year), yearDoc(l)])),
        ...((i.workings ?? []).length > 0 ? { workings: (i.workings ?? []).map(workingDoc) } : {}),
        targets: i.targets.map(targetDoc),
        monitoring: i.monitoring.map((m) => ({
          period: m.period,
          target: p2(m.target),
          forecast: p2(m.forecast),
          actual: m.actual === null ? null : p2(m.actual),
          ...(m.statedVariance !== undefined ? { variance: p2(m.statedVariance) } : {}),
        })),
        milestones: i.milestones.map((m) => ({ name: m.name, due: m.due, status: m.status })),
        risks: i.risks.map((r) => ({
          description: r.description,
          likelihood: r.likelihood,
          impact: r.impact,
          mitigation: r.mitigation,
          ...(r.owner ? { owner: r.owner } : {}),
        })),
        ...(Object.keys(rowTotals).length > 0 ? { statedTotals: rowTotals } : {}),
      };
    }),
    statedTotals: tablePartsDoc(p.statedTotals),
    ...((p.statedTables ?? []).length > 0
      ? {
          statedTables: (p.statedTables ?? []).map((t) => ({
            ...tablePartsDoc(t),
            name: t.name,
            profile: t.profile,
            rows: Object.fromEntries(
              t.rows.map((r) => {
                const payback = paybackDoc(r.payback);
                return [r.initiative, { ...statedDoc(r.totals), ...(payback ? { payback } : {}) }];
              }),
            ),
          })),
        }
      : {}),
  };
  // The document is built to the schema's input shape; the cast only forgets the precise field types.
  return doc as unknown as ProgrammeDocument;
}

/** Writes a programme as YAML or JSON text. */
export function programmeToText(p: Programme, format: 'yaml' | 'json'): string {
  const doc = programmeToDocument(p);
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : YAML.stringify(doc, { lineWidth: 0 });
}

/** Format from a file name: .json is JSON, .yaml/.yml YAML; null otherwise. */
export function formatFromName(file: string): 'yaml' | 'json' | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return null;
}

/** Bytes of a programme file as text (UTF-8), refusing one over the size limit. */
export function programmeTextFromBytes(bytes: Uint8Array, source: string): string {
  if (bytes.length > PROGRAMME_LIMITS.maxFileBytes) throw tooLarge(source);
  return new TextDecoder('utf-8').decode(bytes);
}

/** Reads a file after checking its size, so a huge file is refused before it is read. */
export async function readBoundedFile(file: string): Promise<Buffer> {
  const stat = await fs.stat(file);
  if (!stat.isFile()) throw new ProgrammeFileError(file, ['not a file']);
  if (stat.size > PROGRAMME_LIMITS.maxFileBytes) throw tooLarge(file);
  return fs.readFile(file);
}

export async function readProgrammeFile(file: string): Promise<Programme> {
  return parseProgrammeText(programmeTextFromBytes(await readBoundedFile(file), file), file);
}

export async function writeProgrammeFile(p: Programme, file: string): Promise<void> {
  await fs.writeFile(file, programmeToText(p, formatFromName(file) ?? 'yaml'), 'utf8');
}
