/**
 * Unit costs, inflation and child-level costs for a council: the use cases behind `forecare costs`
 * and the web's costs pages. Defaults (with their source and year) fill any category the council
 * has not priced.
 */
import { financialYearStart, parseDate, type IsoDate } from '../domain/dates.ts';
import {
  DEFAULT_INFLATION,
  DEFAULT_UNIT_COSTS,
  RateBook,
  type CostBasis,
  type UnitCost,
} from '../domain/finance/unitCosts.ts';
import { poundsToPence } from '../domain/finance/money.ts';
import { isPlacementCategory, PLACEMENT_CATEGORIES, type PlacementCategory } from '../domain/placementCategories.ts';
import { z } from 'zod';
import { MAX_WEEKLY_POUNDS, readChildCostFile, type ChildCostProblem } from '../io/childCosts.ts';
import type { Db } from '../store/database.ts';
import { findChildren } from '../store/caseData.repository.ts';
import {
  countChildCosts,
  listChildCosts,
  replaceChildCosts,
  type ChildCostRow,
} from '../store/childCosts.repository.ts';
import {
  deleteUnitCost,
  listInflationRates,
  listUnitCosts,
  upsertInflationRate,
  upsertUnitCost,
} from '../store/unitCosts.repository.ts';
import type { ChildCost } from '../domain/finance/actuals.ts';
import { pseudonymiser } from './pseudonymise.ts';

/** A field of a unit cost or an inflation rate (UnitCostInput's keys, and setInflationRate's two). */
export type UnitCostField = keyof UnitCostInput | 'year' | 'percent';

/**
 * A bad value for a unit cost or inflation rate, worded for the person who typed it; `field` names
 * the value it is about, so a form puts it beside that field (no reading of the text).
 */
export class UnitCostInputError extends Error {
  readonly field: UnitCostField;
  constructor(field: UnitCostField, message: string) {
    super(message);
    this.name = 'UnitCostInputError';
    this.field = field;
  }
}

/**
 * A weekly cost in pounds: 0 to MAX_WEEKLY_POUNDS (the bound the child-level costs file has too),
 * checked here for the CLI, the costs page and the API alike.
 */
export const WEEKLY_POUNDS = {
  field: 'weeklyPounds',
  max: MAX_WEEKLY_POUNDS,
  schema: z.number().finite().min(0).max(MAX_WEEKLY_POUNDS),
  rule: `between £0 and £${MAX_WEEKLY_POUNDS.toLocaleString('en-GB')}`,
} as const;

/** A price year: the start year of a financial year (2025 for 2025/26). */
export const PRICE_YEAR = { field: 'priceYear', schema: z.number().int().min(1990).max(2100) } as const;

/** What prices a council's spend: its own unit costs and inflation, over the defaults. */
export async function getCostBasis(db: Db, laCode: string, priceBase: 'cash' | number = 'cash'): Promise<CostBasis> {
  const [unitCosts, rates] = await Promise.all([listUnitCosts(db, laCode), listInflationRates(db, laCode)]);
  return { unitCosts, inflation: { rates, defaultRate: DEFAULT_INFLATION.defaultRate }, priceBase };
}

export async function getRateBook(db: Db, laCode: string, priceBase: 'cash' | number = 'cash'): Promise<RateBook> {
  return new RateBook(await getCostBasis(db, laCode, priceBase));
}

export interface UnitCostLine {
  readonly category: PlacementCategory;
  readonly placeCode: string | null;
  /** As entered: pence a week in the prices of `priceYear`. */
  readonly weeklyPence: number;
  readonly priceYear: number;
  readonly effectiveFrom: IsoDate;
  readonly source: string;
  /** True for Forecare's default (the council has not priced this category). */
  readonly isDefault: boolean;
  /** The weekly price on the date asked about, uplifted to that financial year's prices. */
  readonly weeklyPenceOnDate: number;
}

export interface UnitCostTable {
  readonly date: IsoDate;
  readonly financialYear: number;
  readonly lines: readonly UnitCostLine[];
  /** Every row the council has entered (all effective dates, PLACE code prices included). */
  readonly councilRows: readonly UnitCost[];
  readonly inflation: { readonly rates: Readonly<Record<number, number>>; readonly defaultRate: number };
}

/** The price list in force on `date`: one line per category, plus the council's PLACE-code prices. */
export async function getUnitCostTable(db: Db, laCode: string, date: IsoDate): Promise<UnitCostTable> {
  const basis = await getCostBasis(db, laCode);
  const book = new RateBook(basis);
  const lines: UnitCostLine[] = [];
  for (const category of PLACEMENT_CATEGORIES) {
    const rate = book.weekly(category, date);
    lines.push({ ...rate.row, isDefault: DEFAULT_UNIT_COSTS.includes(rate.row), weeklyPenceOnDate: rate.weeklyPence });
  }
  const placeCodes = new Set(
    basis.unitCosts.filter((r) => r.placeCode !== null).map((r) => `${r.category}|${r.placeCode}`),
  );
  for (const key of placeCodes) {
    const [category, placeCode] = key.split('|') as [PlacementCategory, string];
    const rate = book.weekly(category, date, placeCode);
    if (rate.row.placeCode === placeCode)
      lines.push({ ...rate.row, isDefault: false, weeklyPenceOnDate: rate.weeklyPence });
  }
  return {
    date,
    financialYear: financialYearStart(date),
    lines,
    councilRows: basis.unitCosts,
    inflation: basis.inflation,
  };
}

export interface UnitCostInput {
  readonly category: string;
  readonly placeCode?: string | null;
  readonly weeklyPounds: number;
  /** Default 1900-01-01 (applies to all dates until a later price). */
  readonly effectiveFrom?: string;
  /** Financial year start whose prices the amount is in; default the year of effectiveFrom, else this year's. */
  readonly priceYear: number;
  readonly source: string;
}

/** Validates and stores a council's price (replacing the one for the same key). */
export async function setUnitCost(db: Db, laCode: string, input: UnitCostInput): Promise<UnitCost> {
  if (!isPlacementCategory(input.category)) {
    throw new UnitCostInputError(
      'category',
      `category "${input.category}" is not one of ${PLACEMENT_CATEGORIES.join(', ')}`,
    );
  }
  if (!WEEKLY_POUNDS.schema.safeParse(input.weeklyPounds).success) {
    throw new UnitCostInputError(
      'weeklyPounds',
      `weekly cost must be an amount in pounds ${WEEKLY_POUNDS.rule}, not ${input.weeklyPounds}`,
    );
  }
  const effectiveFrom = input.effectiveFrom === undefined ? '1900-01-01' : parseDate(input.effectiveFrom);
  if (effectiveFrom === null)
    throw new UnitCostInputError('effectiveFrom', `effective date "${input.effectiveFrom}" is not a date (YYYY-MM-DD)`);
  if (!PRICE_YEAR.schema.safeParse(input.priceYear).success) {
    throw new UnitCostInputError(
      'priceYear',
      `price year must be the start year of a financial year (2024 for 2024/25), not ${input.priceYear}`,
    );
  }
  const placeCode = input.placeCode ? input.placeCode.trim().toUpperCase() : null;
  if (placeCode !== null && !/^[A-Z0-9]{1,4}$/.test(placeCode))
    throw new UnitCostInputError('placeCode', `PLACE code "${input.placeCode}" is not a 903 code such as K2`);
  const cost: UnitCost = {
    category: input.category,
    placeCode,
    weeklyPence: poundsToPence(input.weeklyPounds),
    effectiveFrom,
    priceYear: input.priceYear,
    source: input.source.trim() === '' ? 'Entered by the council' : input.source.trim(),
  };
  await upsertUnitCost(db, laCode, cost);
  return cost;
}

export async function removeUnitCost(
  db: Db,
  laCode: string,
  key: { category: string; placeCode: string | null; effectiveFrom: string },
): Promise<boolean> {
  return deleteUnitCost(db, laCode, key);
}

/** Sets the inflation rate for the financial year starting in April of `year`, as a percentage (3.5 = 3.5%). */
export async function setInflationRate(db: Db, laCode: string, year: number, percent: number): Promise<void> {
  if (!PRICE_YEAR.schema.safeParse(year).success)
    throw new UnitCostInputError('year', `financial year must be a start year such as 2025 (for 2025/26), not ${year}`);
  if (!Number.isFinite(percent) || percent <= -50 || percent > 100)
    throw new UnitCostInputError('percent', `inflation must be a percentage between -50 and 100, not ${percent}`);
  await upsertInflationRate(db, laCode, year, Number((percent / 100).toFixed(10)));
}

export async function getChildCosts(db: Db, laCode: string): Promise<ChildCost[]> {
  return listChildCosts(db, laCode);
}

export interface ChildCostImportResult {
  readonly file: string;
  readonly imported: number;
  /** Rows for children not in the council's case data: stored, but they cover no child-days yet. */
  readonly warnings: readonly ChildCostProblem[];
}

/** Refused import: nothing was stored. */
export class ChildCostImportRefused extends Error {
  readonly problems: readonly ChildCostProblem[];
  constructor(problems: readonly ChildCostProblem[]) {
    super(
      `The child-level cost file has ${problems.length} error${problems.length === 1 ? '' : 's'}; nothing was imported.`,
    );
    this.name = 'ChildCostImportRefused';
    this.problems = problems;
  }
}

/**
 * Imports child-level costs from a CSV or Excel file, replacing the council's previous ones,
 * all-or-nothing. CHILD ids are pseudonymised exactly as the 903 import does, so they join up
 * with the stored episodes.
 */
export async function importChildCosts(
  db: Db,
  laCode: string,
  path: string,
  options: { readonly name?: string; readonly pseudonymKey: Uint8Array },
): Promise<ChildCostImportResult> {
  const name = options.name ?? path.split(/[\\/]/).pop() ?? path;
  const read = await readChildCostFile(path, name);
  const errors = read.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new ChildCostImportRefused(errors);
  const pseudo = pseudonymiser(options.pseudonymKey, laCode);
  const rows: ChildCostRow[] = read.rows.map((r) => ({
    childId: pseudo(r.childId),
    provider: r.provider,
    start: r.start,
    end: r.end,
    weeklyPence: r.weeklyPence,
    sourceFile: name,
    sourceRow: r.row,
  }));
  const known = new Set(
    (await findChildren(db, laCode, [...new Set(rows.map((r) => r.childId))])).map((c) => c.child_id),
  );
  const warnings: ChildCostProblem[] = read.rows
    .filter((_, i) => !known.has((rows[i] as ChildCostRow).childId))
    .map((r) => ({
      severity: 'warning',
      file: name,
      row: r.row,
      column: 'CHILD',
      rule: 'COST-CHILD-UNKNOWN',
      message: `${name}, row ${r.row}: no child with this CHILD id has been imported for ${laCode}; the cost is kept but covers no days until they are.`,
    }));
  await db.transaction().execute((trx) => replaceChildCosts(trx, laCode, rows));
  return { file: name, imported: rows.length, warnings };
}

export async function countImportedChildCosts(db: Db, laCode: string): Promise<number> {
  return countChildCosts(db, laCode);
}
