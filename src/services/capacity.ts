/**
 * In-house capacity (issue 11): the council's approved fostering households and places and its
 * homes' beds over time (entered on the Sufficiency page or imported from a file), the forecast's
 * expected demand for mainstream fostering and residential placements against them, and the gap,
 * what must be bought externally, costed at the council's unit costs of each financial year.
 * The arithmetic is src/domain/sufficiency/capacity.ts.
 */
import { z } from 'zod';
import type { IsoDate } from '../domain/dates.ts';
import { runValues } from '../domain/engine/projection.ts';
import {
  CAPACITY_FIELD_LABELS,
  capacityGaps,
  capacityNumber,
  gapsByFinancialYear,
  MAX_CAPACITY,
  MAX_CAPACITY_ROWS,
  parseCapacityRows,
  type CapacityGapMonth,
  type CapacityGapYear,
  type CapacityProblem,
  type CapacityRecord,
  type DemandMonth,
} from '../domain/sufficiency/capacity.ts';
import { isMonthKey } from '../domain/permanence/tracker.ts';
import type { PlacementCategory } from '../domain/placementCategories.ts';
import { readTableRows } from '../io/tableFile.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import type { Db } from '../store/database.ts';
import { deleteCapacity, listCapacity, replaceCapacity, upsertCapacity } from '../store/sufficiency.repository.ts';
import { createAuditService } from './audit.ts';
import { ANALYST_ROLES, assertAccess, READ_ROLES, type Actor } from './access.ts';
import { UserInputError } from './errors.ts';
import { forecastCouncil } from './forecast.ts';
import { defaultForecastStart, MONTHS } from './forecastParameters.ts';
import { getRateBook } from './unitCosts.ts';

/** Months of forecast the capacity is compared with: the Forecast page's horizon. */
export const CAPACITY_MONTHS = MONTHS.defaults.forecastPage;

export interface CapacityView {
  readonly records: readonly CapacityRecord[];
  /** The forecast's start (31 March ending the latest return's year); null without returns. */
  readonly forecastStart: IsoDate | null;
  readonly months: readonly CapacityGapMonth[];
  readonly years: readonly CapacityGapYear[];
  /** The forecast's expected children by category at each month end (for targets against the forecast). */
  readonly demand: readonly DemandMonth[];
}

/** The forecast's expected children by category at each month end, from the council's fitted model. */
async function expectedDemand(db: Db, laCode: string, start: IsoDate, months: number): Promise<DemandMonth[]> {
  const { result } = await forecastCouncil(db, { la: laCode, start, months, method: 'expected' });
  const p = result.expected;
  return p.timeline.months.map((month, m) => {
    const byCategory: Partial<Record<PlacementCategory, number>> = {};
    p.categories.forEach((c, i) => (byCategory[c] = runValues(p, 'populationByCategory', m, i)[0] ?? 0));
    return { month, monthEnd: p.timeline.monthEnds[m] as IsoDate, byCategory };
  });
}

export async function capacityView(
  db: Db,
  actor: Actor,
  laCode: string,
  options: { readonly months?: number } = {},
): Promise<CapacityView> {
  assertAccess(actor, laCode, READ_ROLES);
  return capacityFigures(db, laCode, options);
}

/** The forecast start and expected demand a council's capacity is set against; null without returns. */
export async function capacityDemand(
  db: Db,
  laCode: string,
  months: number = CAPACITY_MONTHS,
): Promise<{ readonly start: IsoDate; readonly demand: DemandMonth[] } | null> {
  const start = defaultForecastStart(await loadCaseData(db, laCode), 'extract');
  if (start === null) return null;
  return { start, demand: await expectedDemand(db, laCode, start, months) };
}

/**
 * A council's capacity figures with no access check: for services that have checked access
 * themselves (a region's, for its members). `demand` supplies the forecast's demand (a cache);
 * by default it is worked out afresh.
 */
export async function capacityFigures(
  db: Db,
  laCode: string,
  options: {
    readonly months?: number;
    readonly demand?: () => Promise<{ readonly start: IsoDate; readonly demand: readonly DemandMonth[] } | null>;
  } = {},
): Promise<CapacityView> {
  const [records, found] = await Promise.all([
    listCapacity(db, laCode),
    options.demand ? options.demand() : capacityDemand(db, laCode, options.months),
  ]);
  if (found === null) return { records, forecastStart: null, months: [], years: [], demand: [] };
  const { start, demand } = found;
  const rates = await getRateBook(db, laCode);
  const months = capacityGaps(demand, records, (category, from, to) => rates.averageWeekly(category, from, to));
  return { records, forecastStart: start, months, years: gapsByFinancialYear(months), demand };
}

/** A capacity file Forecare will not store, with every problem found. */
export class CapacityImportRefused extends Error {
  readonly problems: readonly CapacityProblem[];
  constructor(problems: readonly CapacityProblem[]) {
    super(
      `Nothing was stored: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the capacity file.\n${problems
        .map((p) => `  ${p.rule}${p.column ? ` (${p.column})` : ''}: ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'CapacityImportRefused';
    this.problems = problems;
  }
}

/**
 * Reads a capacity file (CSV or the first sheet of an Excel workbook) and, when it has no problem
 * at all, replaces the council's records with it in one change; otherwise stores nothing.
 */
export async function importCapacity(
  db: Db,
  actor: Actor,
  req: { readonly laCode: string; readonly path: string; readonly name: string },
  now: Date,
): Promise<{ readonly records: number }> {
  assertAccess(actor, req.laCode, ANALYST_ROLES);
  const table = await readTableRows(req.path, req.name, { maxRows: MAX_CAPACITY_ROWS });
  if (table.problem !== null)
    throw new CapacityImportRefused([
      { file: req.name, row: table.problem.row, column: null, rule: 'CAPACITY-FILE', message: table.problem.message },
    ]);
  const parsed = parseCapacityRows(req.name, table.rows);
  if (parsed.problems.length > 0) throw new CapacityImportRefused(parsed.problems);
  await replaceCapacity(db, req.laCode, parsed.records, now.toISOString());
  await createAuditService(db, () => now).record(actor, 'capacity.imported', {
    file: req.name,
    records: parsed.records.length,
  });
  return { records: parsed.records.length };
}

const whole = (field: keyof typeof CAPACITY_FIELD_LABELS) =>
  z.string().refine((s) => capacityNumber(s) !== null, {
    error: `Enter the ${CAPACITY_FIELD_LABELS[field]} as a whole number from 0 to ${MAX_CAPACITY.toLocaleString('en-GB')}`,
  });

/** One month's record as typed on the page. */
export const capacityInput = z.object({
  month: z.string().refine((s) => isMonthKey(s.trim()), { error: 'Enter the month as YYYY-MM, for example 2026-04' }),
  fosteringHouseholds: whole('fostering_households'),
  fosteringPlaces: whole('fostering_places'),
  homeBeds: whole('home_beds'),
});

export async function setCapacity(
  db: Db,
  actor: Actor,
  laCode: string,
  input: unknown,
  now: Date,
): Promise<CapacityRecord> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const parsed = capacityInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserInputError(String(issue?.path[0] ?? 'month'), issue?.message ?? 'Check the numbers');
  }
  const record: CapacityRecord = {
    month: parsed.data.month.trim(),
    fosteringHouseholds: capacityNumber(parsed.data.fosteringHouseholds)!,
    fosteringPlaces: capacityNumber(parsed.data.fosteringPlaces)!,
    homeBeds: capacityNumber(parsed.data.homeBeds)!,
  };
  await upsertCapacity(db, laCode, record, now.toISOString());
  await createAuditService(db, () => now).record(actor, 'capacity.set', { ...record });
  return record;
}

export async function removeCapacity(db: Db, actor: Actor, laCode: string, month: string, now: Date): Promise<boolean> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  if (!isMonthKey(month)) return false;
  const removed = await deleteCapacity(db, laCode, month);
  if (removed) await createAuditService(db, () => now).record(actor, 'capacity.removed', { month });
  return removed;
}

export function createCapacityService(db: Db, now: () => Date) {
  return {
    view: (actor: Actor, laCode: string) => capacityView(db, actor, laCode),
    set: (actor: Actor, laCode: string, input: unknown) => setCapacity(db, actor, laCode, input, now()),
    remove: (actor: Actor, laCode: string, month: string) => removeCapacity(db, actor, laCode, month, now()),
  };
}

export type CapacityService = ReturnType<typeof createCapacityService>;
