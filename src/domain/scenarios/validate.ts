/**
 * Validating a scenario as a person writes it (YAML or JSON, money in pounds) and turning it into
 * the domain's Scenario (money in pence). Every problem names the adjustment (its number, counting
 * from 1, and its kind) and the field, so a person can find it in their file.
 *
 * The file format, one adjustment per list item (see examples/scenarios/*.yaml):
 *   name, description?, adjustments: [
 *     { kind: entryRate,      start, rampMonths?, ageBands?, percent | childrenPerYear }
 *     { kind: exitRate,       start, rampMonths?, route, percent, ageBands? }
 *     { kind: categoryShift,  start, rampMonths?, from, to, childrenPerYear, capacity?, ageBands? }
 *     { kind: moveOnce,       start, rampMonths? (spread over), from, to, children, ageBands? }
 *     { kind: movePercent,    start, rampMonths?, from, to, percentPerYear (of the children in from), ageBands? }
 *     { kind: moveToShare,    start, from, to, sharePercent (of from + to), by (date), ageBands?,
 *                             childrenPerHousehold? (0.5-6: for the in-house fostering households the moves need) }
 *     { kind: unitCostChange, start, rampMonths?, category, percent? , weeklyChange? (pounds) }
 *     { kind: newProvision,   start, rampMonths?, name, from, to, capacity, childrenPerYear?,
 *                             runningCostPerYear (pounds), ageBands? }
 *     { kind: agencyShare,    start, fromPercent, toPercent, by (date) }
 *     { kind: cpPlans,        start, rampMonths?, percent (of child protection plans, -100 to 100) } ]
 */
import { z } from 'zod';
import { parseDate, isoDateOf } from '../dates.ts';
import { DEFAULT_AGE_BANDS, type AgeBand } from '../ageBands.ts';
import { EXIT_ROUTES } from '../exitRoutes.ts';
import { PLACEMENT_CATEGORIES } from '../placementCategories.ts';
import { poundsToPence } from '../finance/money.ts';
import { MAX_CHILDREN_PER_HOUSEHOLD, MIN_CHILDREN_PER_HOUSEHOLD } from './shareMoves.ts';
import { ADJUSTMENT_KINDS, type AdjustmentKind, type Scenario, type ScenarioAdjustment } from './scenario.ts';

/** One problem in a scenario. `adjustment` counts from 1; null for a problem outside the list. */
export interface ScenarioProblem {
  readonly adjustment: number | null;
  readonly kind: string | null;
  readonly field: string;
  readonly message: string;
  /**
   * What kind of problem (zod's issue code: invalid_type, invalid_value, too_small, too_big,
   * custom, unrecognized_keys; or unknown_kind), so a form can word it for its field without
   * reading the message.
   */
  readonly code?: string;
}

export class ScenarioValidationError extends Error {
  readonly problems: readonly ScenarioProblem[];
  readonly source: string;
  constructor(source: string, problems: readonly ScenarioProblem[]) {
    super(
      `${source}: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} in the scenario:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
    );
    this.name = 'ScenarioValidationError';
    this.problems = problems;
    this.source = source;
  }
}

export function formatProblem(p: ScenarioProblem): string {
  const where = p.adjustment === null ? '' : `adjustment ${p.adjustment}${p.kind ? ` (${p.kind})` : ''}, `;
  return `${where}field "${p.field}": ${p.message}`;
}

const isoDate = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const text = v instanceof Date ? isoDateOf(v) : v;
  const parsed = parseDate(text);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a date (use YYYY-MM-DD)` });
    return z.NEVER;
  }
  return parsed;
});

const category = z.enum(PLACEMENT_CATEGORIES);
const rampMonths = z.number().int().min(0).max(120).default(0);

function ageBandsSchema(bands: readonly AgeBand[]) {
  const keys = bands.map((b) => b.key);
  return z.array(z.string().refine((k) => keys.includes(k), { message: `must be one of ${keys.join(', ')}` }));
}

const TIMED = { start: isoDate, rampMonths };

/** Adjustments of the fitted rates: entries (a percentage or children a year), exits by route, entries through fewer child protection plans. */
function rateSchemas(ageBands: ReturnType<typeof ageBandsSchema>) {
  return {
    entryRate: z
      .strictObject({
        kind: z.literal('entryRate'),
        ...TIMED,
        ageBands: ageBands.default([]),
        percent: z.number().min(-100).max(1000).optional(),
        childrenPerYear: z.number().optional(),
      })
      .superRefine((v, ctx) => {
        if ((v.percent === undefined) === (v.childrenPerYear === undefined)) {
          ctx.addIssue({
            code: 'custom',
            path: ['percent'],
            message: 'give exactly one of percent or childrenPerYear',
          });
        }
      }),
    exitRate: z.strictObject({
      kind: z.literal('exitRate'),
      ...TIMED,
      route: z.enum(EXIT_ROUTES),
      percent: z.number().min(-100).max(1000),
      ageBands: ageBands.optional(),
    }),
    cpPlans: z.strictObject({
      kind: z.literal('cpPlans'),
      ...TIMED,
      percent: z.number().min(-100).max(100),
    }),
  } as const;
}

/** Moves of children between placement categories: a number a year (up to a capacity), once, a percentage a year, to a share by a date, or into new provision. */
function moveSchemas(ageBands: ReturnType<typeof ageBandsSchema>) {
  return {
    categoryShift: z
      .strictObject({
        kind: z.literal('categoryShift'),
        ...TIMED,
        from: category,
        to: category,
        childrenPerYear: z.number().positive(),
        capacity: z.number().int().min(0).nullable().default(null),
        ageBands: ageBands.optional(),
      })
      .refine((v) => v.from !== v.to, { path: ['to'], message: 'must differ from "from"' }),
    moveOnce: z
      .strictObject({
        kind: z.literal('moveOnce'),
        ...TIMED,
        from: category,
        to: category,
        children: z.number().positive().max(100_000),
        ageBands: ageBands.optional(),
      })
      .refine((v) => v.from !== v.to, { path: ['to'], message: 'must differ from "from"' }),
    movePercent: z
      .strictObject({
        kind: z.literal('movePercent'),
        ...TIMED,
        from: category,
        to: category,
        percentPerYear: z.number().positive().lt(100),
        ageBands: ageBands.optional(),
      })
      .refine((v) => v.from !== v.to, { path: ['to'], message: 'must differ from "from"' }),
    moveToShare: z
      .strictObject({
        kind: z.literal('moveToShare'),
        start: isoDate,
        rampMonths: z.literal(0).default(0),
        from: category,
        to: category,
        sharePercent: z.number().positive().max(100),
        by: isoDate,
        ageBands: ageBands.optional(),
        childrenPerHousehold: z.number().min(MIN_CHILDREN_PER_HOUSEHOLD).max(MAX_CHILDREN_PER_HOUSEHOLD).optional(),
      })
      .refine((v) => v.from !== v.to, { path: ['to'], message: 'must differ from "from"' })
      .refine((v) => v.by >= v.start, { path: ['by'], message: 'must be on or after the start date' }),
    newProvision: z
      .strictObject({
        kind: z.literal('newProvision'),
        ...TIMED,
        name: z.string().min(1),
        from: category,
        to: category,
        capacity: z.number().int().positive(),
        childrenPerYear: z.number().positive().optional(),
        runningCostPerYear: z.number().min(0),
        ageBands: ageBands.optional(),
      })
      .refine((v) => v.from !== v.to, { path: ['to'], message: 'must differ from "from"' }),
  } as const;
}

/** Changes of cost: a unit cost, and the share of agency foster care. */
function costSchemas() {
  return {
    unitCostChange: z
      .strictObject({
        kind: z.literal('unitCostChange'),
        ...TIMED,
        category,
        percent: z.number().min(-100).max(1000).optional(),
        weeklyChange: z.number().optional(),
      })
      .refine((v) => v.percent !== undefined || v.weeklyChange !== undefined, {
        path: ['percent'],
        message: 'give percent or weeklyChange (pounds a week), or both',
      }),
    agencyShare: z
      .strictObject({
        kind: z.literal('agencyShare'),
        start: isoDate,
        rampMonths: z.literal(0).default(0),
        fromPercent: z.number().min(0).max(100),
        toPercent: z.number().min(0).max(100),
        by: isoDate,
      })
      .refine((v) => v.by >= v.start, { path: ['by'], message: 'must be on or after the start date' }),
  } as const;
}

function adjustmentSchemas(bands: readonly AgeBand[]) {
  const ageBands = ageBandsSchema(bands);
  return { ...rateSchemas(ageBands), ...moveSchemas(ageBands), ...costSchemas() } as const;
}

const topLevel = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().default(''),
  adjustments: z.array(z.unknown()),
});

function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(the adjustment)' : path.map(String).join('.');
}

function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  adjustment: number | null,
  kind: string | null,
): ScenarioProblem[] {
  return issues.map((i) => {
    if (i.code === 'unrecognized_keys') {
      return {
        adjustment,
        kind,
        field: i.keys.join(', '),
        message: 'is not a field of this kind of adjustment',
        code: i.code,
      };
    }
    return { adjustment, kind, field: fieldOf(i.path), message: i.message, code: i.code };
  });
}

/**
 * Validates a scenario read from a file (`source` names it in errors). Throws
 * ScenarioValidationError listing every problem found.
 */
export function parseScenario(raw: unknown, source: string, bands: readonly AgeBand[] = DEFAULT_AGE_BANDS): Scenario {
  const top = topLevel.safeParse(raw);
  if (!top.success) throw new ScenarioValidationError(source, issuesToProblems(top.error.issues, null, null));
  const schemas = adjustmentSchemas(bands);
  const problems: ScenarioProblem[] = [];
  const adjustments: ScenarioAdjustment[] = [];
  top.data.adjustments.forEach((item, i) => {
    const n = i + 1;
    const kind = typeof item === 'object' && item !== null ? (item as { kind?: unknown }).kind : undefined;
    if (typeof kind !== 'string' || !(ADJUSTMENT_KINDS as readonly string[]).includes(kind)) {
      problems.push({
        adjustment: n,
        kind: typeof kind === 'string' ? kind : null,
        field: 'kind',
        message: `must be one of ${ADJUSTMENT_KINDS.join(', ')}`,
        code: 'unknown_kind',
      });
      return;
    }
    const k = kind as AdjustmentKind;
    const parsed = schemas[k].safeParse(item);
    if (!parsed.success) {
      problems.push(...issuesToProblems(parsed.error.issues, n, k));
      return;
    }
    const v = parsed.data;
    switch (v.kind) {
      case 'entryRate':
        adjustments.push({
          kind: 'entryRate',
          start: v.start,
          rampMonths: v.rampMonths,
          ageBands: v.ageBands,
          ...(v.percent !== undefined ? { percent: v.percent } : {}),
          ...(v.childrenPerYear !== undefined ? { childrenPerYear: v.childrenPerYear } : {}),
        });
        break;
      case 'exitRate':
        adjustments.push({ ...v });
        break;
      case 'categoryShift':
      case 'moveOnce':
      case 'movePercent':
      case 'moveToShare':
      case 'agencyShare':
      case 'cpPlans':
        adjustments.push({ ...v });
        break;
      case 'unitCostChange': {
        const { weeklyChange, percent, ...rest } = v;
        adjustments.push({
          ...rest,
          ...(percent !== undefined ? { percent } : {}),
          ...(weeklyChange !== undefined ? { weeklyChangePence: poundsToPence(weeklyChange) } : {}),
        });
        break;
      }
      case 'newProvision': {
        const { runningCostPerYear, childrenPerYear, ...rest } = v;
        adjustments.push({
          ...rest,
          // Unless told otherwise, the provision fills at one child a year per place.
          childrenPerYear: childrenPerYear ?? v.capacity,
          runningCostPerYearPence: poundsToPence(runningCostPerYear),
        });
        break;
      }
    }
  });
  if (problems.length > 0) throw new ScenarioValidationError(source, problems);
  return { name: top.data.name, description: top.data.description, adjustments };
}

/** The scenario as a person would write it (money in pounds): for saving and showing. */
export function scenarioToPlain(scenario: Scenario): Record<string, unknown> {
  return {
    name: scenario.name,
    description: scenario.description,
    adjustments: scenario.adjustments.map((a) => {
      if (a.kind === 'unitCostChange') {
        const { weeklyChangePence, ...rest } = a;
        return { ...rest, ...(weeklyChangePence !== undefined ? { weeklyChange: weeklyChangePence / 100 } : {}) };
      }
      if (a.kind === 'newProvision') {
        const { runningCostPerYearPence, ...rest } = a;
        return { ...rest, runningCostPerYear: runningCostPerYearPence / 100 };
      }
      return { ...a };
    }),
  };
}
