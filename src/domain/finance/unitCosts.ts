/**
 * Unit costs: what a week of placement costs, per placement category (optionally per finer PLACE
 * code), with the date each price takes effect and the financial year whose prices it is stated in.
 * Prices are uplifted by inflation (a rate per financial year) to the prices of the year being
 * costed ("cash" terms) or to one fixed price base ("real" terms).
 */
import { financialYearStart, fromDayNumber, toDayNumber, type IsoDate } from '../dates.ts';
import type { PlacementCategory } from '../placementCategories.ts';
import { roundPence, type Pence } from './money.ts';

export interface UnitCost {
  readonly category: PlacementCategory;
  /** A PLACE code (e.g. K2) this price applies to instead of the category's; null for the category. */
  readonly placeCode: string | null;
  /** Weekly cost in whole pence, in the prices of `priceYear`. */
  readonly weeklyPence: Pence;
  /** First day the price applies. */
  readonly effectiveFrom: IsoDate;
  /** Start year of the financial year whose prices `weeklyPence` is stated in (2021 = 2021/22). */
  readonly priceYear: number;
  /** Where the figure comes from, and whether it is an assumption. */
  readonly source: string;
}

/**
 * Defaults used for any category a council has not priced. Each is stated in its own year's
 * prices and uplifted by inflation. Figures marked "assumption" are Forecare's own round numbers,
 * not published statistics: councils should replace them.
 */
export const DEFAULT_UNIT_COSTS: readonly UnitCost[] = [
  d(
    'kinship_fostering',
    350,
    2024,
    'Assumption: fostering allowance at about national minimum rates plus support, 2024/25 prices',
  ),
  d(
    'inhouse_fostering',
    650,
    2017,
    'PSSRU Unit Costs of Health and Social Care 2017: local authority foster care, all-in, about £650 a week',
  ),
  d('ifa_fostering', 820, 2021, "CMA children's social care market study 2021: IFA placements, about £820 a week"),
  d(
    'inhouse_residential',
    3000,
    2017,
    "PSSRU unit costs, around 2017: local authority children's homes, about £3,000 a week",
  ),
  d(
    'external_residential',
    3830,
    2021,
    "CMA children's social care market study 2021: large private providers' children's homes, about £3,830 a week",
  ),
  d(
    'supported_accommodation',
    1000,
    2024,
    'Assumption: supported accommodation / semi-independent living (16+), 2024/25 prices',
  ),
  d('secure', 7000, 2024, "Assumption: secure children's home welfare placement, 2024/25 prices"),
  d('placed_with_parents', 100, 2024, 'Assumption: support costs while placed with parents, 2024/25 prices'),
  d('placed_for_adoption', 200, 2024, 'Assumption: adoption placement support, 2024/25 prices'),
  d('other', 700, 2024, 'Assumption: other placements (temporary, health, custody), 2024/25 prices'),
];

function d(category: PlacementCategory, weeklyPounds: number, priceYear: number, source: string): UnitCost {
  return { category, placeCode: null, weeklyPence: weeklyPounds * 100, effectiveFrom: '1900-01-01', priceYear, source };
}

/**
 * Annual inflation of placement prices, as a rate per financial year: `rates[2025] = 0.04` means
 * prices in 2025/26 are 4% above 2024/25. Years not listed use `defaultRate`.
 */
export interface Inflation {
  readonly rates: Readonly<Record<number, number>>;
  readonly defaultRate: number;
}

/** Assumption: 3% a year for every year a council has not set (placement prices have risen faster than CPI). */
export const DEFAULT_INFLATION: Inflation = { rates: {}, defaultRate: 0.03 };

export function inflationRate(inflation: Inflation, year: number): number {
  return inflation.rates[year] ?? inflation.defaultRate;
}

/**
 * Factor taking a price in `fromYear` prices to `toYear` prices: the product of (1 + rate) for
 * each year after `fromYear` up to and including `toYear` (the inverse when `toYear` is earlier).
 */
export function upliftFactor(inflation: Inflation, fromYear: number, toYear: number): number {
  let factor = 1;
  for (let y = fromYear + 1; y <= toYear; y++) factor *= 1 + inflationRate(inflation, y);
  for (let y = toYear + 1; y <= fromYear; y++) factor /= 1 + inflationRate(inflation, y);
  return factor;
}

/**
 * Everything needed to price a day of placement: the council's unit costs (defaults fill any
 * category it has not priced), inflation, and the price base: `'cash'` costs each day in the
 * prices of its own financial year; a year number costs every day in that year's prices.
 */
export interface CostBasis {
  readonly unitCosts: readonly UnitCost[];
  readonly inflation: Inflation;
  readonly priceBase: 'cash' | number;
}

export function defaultCostBasis(): CostBasis {
  return { unitCosts: DEFAULT_UNIT_COSTS, inflation: DEFAULT_INFLATION, priceBase: 'cash' };
}

/** The price rows in force on `date`: the latest effective one per (category, PLACE code). */
function effectiveRow(rows: readonly UnitCost[], date: IsoDate): UnitCost | undefined {
  let best: UnitCost | undefined;
  for (const row of rows) {
    if (row.effectiveFrom > date) continue;
    if (!best || row.effectiveFrom >= best.effectiveFrom) best = row;
  }
  return best;
}

export interface WeeklyRate {
  /** Weekly price in whole pence in the price base (rounded half away from zero after uplift). */
  readonly weeklyPence: Pence;
  readonly row: UnitCost;
}

/**
 * Looks up weekly prices. Uplifted prices are rounded to whole pence once, here: they are the
 * price list a council sees ("£735.00 a week in 2026/27"). Memoised, so calling it for every day
 * of every episode is cheap.
 */
export class RateBook {
  readonly #basis: CostBasis;
  readonly #byKey = new Map<string, UnitCost[]>();
  readonly #cache = new Map<string, WeeklyRate>();
  readonly #averages = new Map<string, number>();

  constructor(basis: CostBasis) {
    this.#basis = basis;
    for (const row of [...DEFAULT_UNIT_COSTS, ...basis.unitCosts]) {
      const key = row.placeCode === null ? row.category : `${row.category}|${row.placeCode}`;
      const list = this.#byKey.get(key) ?? [];
      list.push(row);
      this.#byKey.set(key, list);
    }
  }

  get basis(): CostBasis {
    return this.#basis;
  }

  /**
   * The weekly price on `date` for `category`, or for `placeCode` within it when the council has
   * priced that code. A council's row takes over from the default on its effective date.
   */
  weekly(category: PlacementCategory, date: IsoDate, placeCode: string | null = null): WeeklyRate {
    const cacheKey = `${category}|${placeCode ?? ''}|${date}`;
    const hit = this.#cache.get(cacheKey);
    if (hit) return hit;
    const specific = placeCode === null ? undefined : this.#byKey.get(`${category}|${placeCode}`);
    const row = (specific && effectiveRow(specific, date)) ?? effectiveRow(this.#byKey.get(category) ?? [], date);
    if (!row) throw new Error(`no unit cost for ${category} on ${date}`);
    const target = this.#basis.priceBase === 'cash' ? financialYearStart(date) : this.#basis.priceBase;
    const weeklyPence = roundPence(row.weeklyPence * upliftFactor(this.#basis.inflation, row.priceYear, target));
    const rate = { weeklyPence, row };
    this.#cache.set(cacheKey, rate);
    return rate;
  }

  /**
   * Average weekly price (exact, unrounded) over the days from `from` to `to` inclusive: the mean
   * of each day's price, so a price change mid-month counts for the days it applies. Memoised.
   */
  averageWeekly(category: PlacementCategory, from: IsoDate, to: IsoDate): number {
    const key = `${category}|${from}|${to}`;
    const hit = this.#averages.get(key);
    if (hit !== undefined) return hit;
    const first = toDayNumber(from);
    const last = toDayNumber(to);
    let sum = 0;
    for (let day = first; day <= last; day++) sum += this.weekly(category, fromDayNumber(day)).weeklyPence;
    const average = last < first ? 0 : sum / (last - first + 1);
    this.#averages.set(key, average);
    return average;
  }
}
