/**
 * Programme files: YAML or JSON, amounts in pounds, validated with zod. Errors name the
 * initiative and the field (`initiative 'edge-of-care', years.2025/26.grossSaving: expected a number`).
 * The format is documented in docs/programme-file.md.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { financialYearLabel } from '../domain/dates.ts';
import type {
  Initiative,
  MonitoringEntry,
  Programme,
  StatedLineTotals,
  TotalLine,
  YearLine,
} from '../domain/programme/model.ts';
import {
  DEFAULT_DISCOUNT_RATE,
  DEFAULT_RAG,
  MILESTONE_STATUSES,
  SAVING_PROFILES,
  SAVING_TYPES,
  TOTAL_LINES,
} from '../domain/programme/model.ts';
import { horizonYears } from '../domain/programme/appraisal.ts';
import { isPeriod } from '../domain/programme/monitoring.ts';
import { DISPLAY_UNITS, penceToPounds, poundsToPence } from '../domain/programme/money.ts';

/** A programme file that failed validation; `problems` has one line per fault. */
export class ProgrammeFileError extends Error {
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`);
    this.name = 'ProgrammeFileError';
    this.problems = problems;
  }
}

const YEAR_LABEL_RE = /^(\d{4})\/(\d{2})$/;

/** "2025/26" to 2025; null if not a financial year label. */
export function parseYearLabel(label: string): number | null {
  const m = YEAR_LABEL_RE.exec(label.trim());
  if (!m) return null;
  const start = Number(m[1]);
  return (start + 1) % 100 === Number(m[2]) ? start : null;
}

const yearLabel = z
  .string()
  .refine((s) => parseYearLabel(s) !== null, { message: 'expected a financial year like 2025/26' });
const pounds = z.number({ error: 'expected an amount in pounds (a number)' }).finite();
const nonNegative = pounds.min(0, { message: 'must not be negative' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date YYYY-MM-DD' });

const YearSchema = z.strictObject({
  investment: nonNegative.default(0),
  ongoingCost: nonNegative.default(0),
  grossSaving: pounds.default(0),
  low: pounds.optional(),
  high: pounds.optional(),
  phasing: z
    .number()
    .min(0, { message: 'phasing is a share from 0 to 1' })
    .max(1, { message: 'phasing is a share from 0 to 1' })
    .default(1),
});

const StatedSchema = z.strictObject({
  investment: pounds.optional(),
  ongoingCost: pounds.optional(),
  grossSaving: pounds.optional(),
  netSaving: pounds.optional(),
});

const InitiativeSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'expected a short key of lower-case letters, digits and hyphens' }),
  name: z.string().min(1),
  owner: z.string().optional(),
  savingType: z.enum(SAVING_TYPES as ['cashable', 'costAvoidance']).default('cashable'),
  profile: z.enum(SAVING_PROFILES as ['incremental', 'cumulative']),
  scenario: z.string().min(1).optional(),
  years: z.record(yearLabel, YearSchema),
  targets: z
    .array(
      z.strictObject({
        measure: z.string().min(1),
        unit: z.string().optional(),
        years: z.record(yearLabel, z.number().finite()),
      }),
    )
    .default([]),
  monitoring: z
    .array(
      z.strictObject({
        period: z.string().refine(isPeriod, { message: 'expected a month YYYY-MM or a quarter like 2025/26 Q1' }),
        target: pounds,
        forecast: pounds,
        actual: pounds.nullable().optional(),
      }),
    )
    .default([]),
  milestones: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        due: isoDate,
        status: z.enum(MILESTONE_STATUSES as ['not started', 'on track', 'at risk', 'late', 'complete']),
      }),
    )
    .default([]),
  risks: z
    .array(
      z.strictObject({
        description: z.string().min(1),
        likelihood: z.number().int().min(1).max(5),
        impact: z.number().int().min(1).max(5),
        mitigation: z.string().default(''),
        owner: z.string().optional(),
      }),
    )
    .default([]),
  statedTotals: StatedSchema.optional(),
});

const ProgrammeSchema = z.strictObject({
  programme: z.string().min(1),
  unit: z.enum(DISPLAY_UNITS as ['GBP', 'thousands', 'millions']).default('thousands'),
  firstYear: yearLabel,
  planYears: z.number().int().min(1).max(20),
  discountRate: z.number().min(0).max(1).default(DEFAULT_DISCOUNT_RATE),
  statedProfile: z.enum(SAVING_PROFILES as ['incremental', 'cumulative']).default('incremental'),
  rag: z
    .strictObject({ greenMinPercent: z.number().min(0), amberMinPercent: z.number().min(0) })
    .refine((r) => r.amberMinPercent <= r.greenMinPercent, {
      message: 'amberMinPercent must not exceed greenMinPercent',
    })
    .default(DEFAULT_RAG),
  initiatives: z.array(InitiativeSchema).min(1, { message: 'a programme needs at least one initiative' }),
  statedTotals: z
    .strictObject({ years: z.record(yearLabel, StatedSchema).default({}), total: StatedSchema.default({}) })
    .default({ years: {}, total: {} }),
});

/** The programme file as written (amounts in pounds). */
export type ProgrammeDocument = z.input<typeof ProgrammeSchema>;
type Parsed = z.output<typeof ProgrammeSchema>;

/** Names where a zod issue is, by initiative id where the path enters an initiative. */
function describePath(raw: unknown, issuePath: readonly PropertyKey[]): string {
  if (issuePath[0] === 'initiatives' && typeof issuePath[1] === 'number') {
    const list = (raw as { initiatives?: unknown }).initiatives;
    const entry = Array.isArray(list) ? (list[issuePath[1]] as { id?: unknown } | undefined) : undefined;
    const who = typeof entry?.id === 'string' ? `'${entry.id}'` : `number ${issuePath[1] + 1}`;
    const field = issuePath.slice(2).map(String).join('.');
    return `initiative ${who}${field ? `, ${field}` : ''}`;
  }
  return issuePath.length > 0 ? issuePath.map(String).join('.') : '(top level)';
}

function stated(s: z.output<typeof StatedSchema> | undefined): StatedLineTotals {
  const out: Partial<Record<TotalLine, number>> = {};
  for (const line of TOTAL_LINES) {
    const v = s?.[line];
    if (v !== undefined) out[line] = poundsToPence(v);
  }
  return out;
}

/** Cross-field rules zod's shape cannot say; returns problems. */
function crossCheck(p: Parsed): string[] {
  const problems: string[] = [];
  const first = parseYearLabel(p.firstYear) ?? 0;
  const lastAllowed = first + horizonYears(p) - 1;
  const ids = new Set<string>();
  for (const [n, ini] of p.initiatives.entries()) {
    const who = `initiative '${ini.id}'`;
    if (ids.has(ini.id)) problems.push(`initiative number ${n + 1}, id: '${ini.id}' is used by an earlier initiative`);
    ids.add(ini.id);
    const years = Object.keys(ini.years)
      .map((k) => parseYearLabel(k) ?? 0)
      .sort((a, b) => a - b);
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
      if (line.low !== undefined && line.low > line.grossSaving)
        problems.push(`${who}, years.${label}.low: ${line.low} is above grossSaving ${line.grossSaving}`);
      if (line.high !== undefined && line.high < line.grossSaving)
        problems.push(`${who}, years.${label}.high: ${line.high} is below grossSaving ${line.grossSaving}`);
    }
    const seen = new Set<string>();
    for (const m of ini.monitoring) {
      if (seen.has(m.period)) problems.push(`${who}, monitoring: period ${m.period} appears more than once`);
      seen.add(m.period);
    }
  }
  for (const label of Object.keys(p.statedTotals.years)) {
    const y = parseYearLabel(label) ?? 0;
    if (y < first || y >= first + p.planYears) problems.push(`statedTotals.years.${label}: not a plan year`);
  }
  return problems;
}

function toDomain(p: Parsed): Programme {
  const initiatives: Initiative[] = p.initiatives.map((ini) => {
    const years: YearLine[] = Object.entries(ini.years)
      .map(([label, l]) => ({
        year: parseYearLabel(label) ?? 0,
        investment: poundsToPence(l.investment),
        ongoingCost: poundsToPence(l.ongoingCost),
        grossSaving: poundsToPence(l.grossSaving),
        grossLow: l.low === undefined ? undefined : poundsToPence(l.low),
        grossHigh: l.high === undefined ? undefined : poundsToPence(l.high),
        phasing: l.phasing,
      }))
      .sort((a, b) => a.year - b.year);
    const monitoring: MonitoringEntry[] = ini.monitoring.map((m) => ({
      period: m.period,
      target: poundsToPence(m.target),
      forecast: poundsToPence(m.forecast),
      actual: m.actual === undefined || m.actual === null ? null : poundsToPence(m.actual),
    }));
    return {
      id: ini.id,
      name: ini.name,
      owner: ini.owner,
      savingType: ini.savingType,
      profile: ini.profile,
      scenario: ini.scenario,
      years,
      targets: ini.targets.map((t) => ({
        measure: t.measure,
        unit: t.unit,
        byYear: Object.entries(t.years)
          .map(([label, value]) => ({ year: parseYearLabel(label) ?? 0, value }))
          .sort((a, b) => a.year - b.year),
      })),
      monitoring,
      milestones: ini.milestones,
      risks: ini.risks,
      statedTotals: ini.statedTotals ? stated(ini.statedTotals) : undefined,
    };
  });
  return {
    name: p.programme,
    unit: p.unit,
    firstYear: parseYearLabel(p.firstYear) ?? 0,
    planYears: p.planYears,
    discountRate: p.discountRate,
    statedProfile: p.statedProfile,
    rag: p.rag,
    initiatives,
    statedTotals: {
      byYear: Object.entries(p.statedTotals.years)
        .map(([label, s]) => ({ year: parseYearLabel(label) ?? 0, totals: stated(s) }))
        .sort((a, b) => a.year - b.year),
      total: stated(p.statedTotals.total),
    },
  };
}

/** Validates a parsed document (from YAML, JSON or a workbook) into a programme. */
export function programmeFromDocument(raw: unknown, source: string): Programme {
  const parsed = ProgrammeSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ProgrammeFileError(
      source,
      parsed.error.issues.map((i) => `${describePath(raw, i.path)}: ${i.message}`),
    );
  }
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) throw new ProgrammeFileError(source, problems);
  return toDomain(parsed.data);
}

/** Parses YAML (a superset of JSON, so JSON text parses too) and validates it. */
export function parseProgrammeText(text: string, source: string): Programme {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (err) {
    throw new ProgrammeFileError(source, [
      `not valid YAML or JSON: ${err instanceof Error ? err.message : String(err)}`,
    ]);
  }
  return programmeFromDocument(raw, source);
}

const p2 = (pence: number): number => penceToPounds(pence);

function statedDoc(s: StatedLineTotals | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of TOTAL_LINES) {
    const v = s?.[line];
    if (v !== undefined) out[line] = p2(v);
  }
  return out;
}

/** The file form of a programme (amounts in pounds); the inverse of `programmeFromDocument`. */
export function programmeToDocument(p: Programme): ProgrammeDocument {
  return {
    programme: p.name,
    unit: p.unit,
    firstYear: financialYearLabel(p.firstYear),
    planYears: p.planYears,
    discountRate: p.discountRate,
    statedProfile: p.statedProfile,
    rag: { greenMinPercent: p.rag.greenMinPercent, amberMinPercent: p.rag.amberMinPercent },
    initiatives: p.initiatives.map((i) => ({
      id: i.id,
      name: i.name,
      ...(i.owner ? { owner: i.owner } : {}),
      savingType: i.savingType,
      profile: i.profile,
      ...(i.scenario ? { scenario: i.scenario } : {}),
      years: Object.fromEntries(
        i.years.map((l) => [
          financialYearLabel(l.year),
          {
            investment: p2(l.investment),
            ongoingCost: p2(l.ongoingCost),
            grossSaving: p2(l.grossSaving),
            ...(l.grossLow !== undefined ? { low: p2(l.grossLow) } : {}),
            ...(l.grossHigh !== undefined ? { high: p2(l.grossHigh) } : {}),
            phasing: l.phasing,
          },
        ]),
      ),
      targets: i.targets.map((t) => ({
        measure: t.measure,
        ...(t.unit ? { unit: t.unit } : {}),
        years: Object.fromEntries(t.byYear.map((v) => [financialYearLabel(v.year), v.value])),
      })),
      monitoring: i.monitoring.map((m) => ({
        period: m.period,
        target: p2(m.target),
        forecast: p2(m.forecast),
        actual: m.actual === null ? null : p2(m.actual),
      })),
      milestones: i.milestones.map((m) => ({ name: m.name, due: m.due, status: m.status })),
      risks: i.risks.map((r) => ({
        description: r.description,
        likelihood: r.likelihood,
        impact: r.impact,
        mitigation: r.mitigation,
        ...(r.owner ? { owner: r.owner } : {}),
      })),
      ...(i.statedTotals && Object.keys(i.statedTotals).length > 0 ? { statedTotals: statedDoc(i.statedTotals) } : {}),
    })),
    statedTotals: {
      years: Object.fromEntries(p.statedTotals.byYear.map((y) => [financialYearLabel(y.year), statedDoc(y.totals)])),
      total: statedDoc(p.statedTotals.total),
    },
  };
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

export async function readProgrammeFile(file: string): Promise<Programme> {
  return parseProgrammeText(await fs.readFile(file, 'utf8'), file);
}

export async function writeProgrammeFile(p: Programme, file: string): Promise<void> {
  await fs.writeFile(file, programmeToText(p, formatFromName(file) ?? 'yaml'), 'utf8');
}
