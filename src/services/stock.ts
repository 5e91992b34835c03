/**
 * Stock of children looked after, from the store: the use case behind `forecare stock` and the web
 * overview. The placement category mapping and the age bands are configurable: a council that
 * counts things differently at the margins passes its own (see `parseStockConfig`).
 */
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import type { IsoDate } from '../domain/dates.ts';
import { stockOn, stockSeries, type Stock, type StockOptions } from '../domain/stock.ts';
import { PLACEMENT_CATEGORIES, DEFAULT_CATEGORY_MAPPING, type CategoryMapping } from '../domain/placementCategories.ts';
import { DEFAULT_AGE_BANDS, type AgeBand } from '../domain/ageBands.ts';
import type { Db } from '../store/database.ts';
import { hasCaseData, loadCaseData } from '../store/caseData.repository.ts';

export type { Stock, StockOptions } from '../domain/stock.ts';

/** Children looked after in council `laCode` on `date`. */
export async function stockAt(db: Db, laCode: string, date: IsoDate, options: StockOptions = {}): Promise<Stock> {
  return stockOn(await loadCaseData(db, laCode), date, options);
}

/** Whether the store holds any children or episodes for the council (to tell "none" from "not imported"). */
export function councilHasCaseData(db: Db, laCode: string): Promise<boolean> {
  return hasCaseData(db, laCode);
}

/** Stock at each month end from `from` to `to`. */
export async function monthlyStock(
  db: Db,
  laCode: string,
  from: IsoDate,
  to: IsoDate,
  options: StockOptions = {},
): Promise<Stock[]> {
  return stockSeries(await loadCaseData(db, laCode), from, to, options);
}

const Category = z.enum(PLACEMENT_CATEGORIES);
const Code = z.string().regex(/^[A-Z0-9]{1,4}$/, 'a 903 code such as U4 or PR1');

const StockConfigSchema = z
  .object({
    placementCategories: z
      .object({
        rules: z
          .array(
            z
              .object({
                placements: z.array(Code).min(1),
                /** null or '' in the list matches a blank provider. */
                providers: z.array(z.union([Code, z.literal(''), z.null()])).optional(),
                category: Category,
              })
              .strict(),
          )
          .min(1),
        fallback: Category.default('other'),
      })
      .strict()
      .optional(),
    ageBands: z
      .array(
        z
          .object({ key: z.string().min(1), label: z.string().min(1), minAge: z.number().int().min(0).max(17) })
          .strict(),
      )
      .min(1)
      .refine(
        (bs) => bs.every((b, i) => i === 0 || b.minAge > (bs[i - 1]?.minAge ?? -1)),
        'age bands must be in increasing order of minAge',
      )
      .refine((bs) => bs[0]?.minAge === 0, 'the first age band must start at 0')
      .optional(),
  })
  .strict();

/**
 * Reads a stock configuration (YAML or JSON): an ordered list of category rules (first match wins)
 * and/or the age bands. Anything left out keeps the default. Throws naming what is wrong.
 *
 *   placementCategories:
 *     rules:
 *       - { placements: [U4, U5, U6], providers: [PR4, PR5], category: ifa_fostering }
 *     fallback: other
 *   ageBands:
 *     - { key: under_5, label: Under 5, minAge: 0 }
 */
export function parseStockConfig(text: string, source = 'the configuration'): Required<StockOptions> {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new Error(`Cannot read ${source}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const parsed = StockConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new Error(`Invalid ${source}: ${problems}`);
  }
  const c = parsed.data;
  const mapping: CategoryMapping = c.placementCategories
    ? {
        rules: c.placementCategories.rules.map((r) => ({
          placements: r.placements,
          ...(r.providers ? { providers: r.providers.map((p) => (p === '' ? null : p)) } : {}),
          category: r.category,
        })),
        fallback: c.placementCategories.fallback,
      }
    : DEFAULT_CATEGORY_MAPPING;
  const bands: readonly AgeBand[] = c.ageBands ?? DEFAULT_AGE_BANDS;
  return { mapping, bands };
}
