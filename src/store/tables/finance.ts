/**
 * Finance and scenario tables: a council's unit costs (weekly prices per placement category or
 * PLACE code, with effective dates), inflation per financial year, child-level placement costs
 * (child ids are pseudonyms) and saved scenarios. Money is integer pence; dates are ISO text.
 */
import type { Generated } from 'kysely';

export interface UnitCostsTable {
  id: Generated<number>;
  la_code: string;
  /** A placement category key (see src/domain/placementCategories.ts). */
  category: string;
  /** A PLACE code the price applies to within the category, or '' for the whole category. */
  place_code: string;
  weekly_pence: number;
  effective_from: string;
  /** Start year of the financial year whose prices weekly_pence is in (2024 = 2024/25). */
  price_year: number;
  source: string;
}

export interface InflationRatesTable {
  la_code: string;
  /** Start year of the financial year (2025 = 2025/26). */
  financial_year: number;
  /** Rate as a fraction (0.035 = 3.5%), as text so that it is stored exactly as entered. */
  rate: string;
}

export interface ChildCostsTable {
  id: Generated<number>;
  la_code: string;
  /** Pseudonym of the council's CHILD id, as in `children`. */
  child_id: string;
  provider: string | null;
  start: string;
  end: string | null;
  weekly_pence: number;
  /** Name of the file the row came from, and its row number there. */
  source_file: string;
  source_row: number;
}

export interface ScenariosTable {
  la_code: string;
  name: string;
  description: string;
  /** The validated scenario as JSON (money in pence), see src/domain/scenarios/scenario.ts. */
  definition: string;
  updated_at: string;
}

export interface FinanceTables {
  unit_costs: UnitCostsTable;
  inflation_rates: InflationRatesTable;
  child_costs: ChildCostsTable;
  scenarios: ScenariosTable;
}
