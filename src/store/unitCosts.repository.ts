/** A council's unit costs and inflation rates: all the SQL. Every query filters on `la_code`. */
import type { Selectable } from 'kysely';
import type { UnitCost } from '../domain/finance/unitCosts.ts';
import { isPlacementCategory } from '../domain/placementCategories.ts';
import type { DbOrTrx } from './caseData.repository.ts';
import type { UnitCostsTable } from './tables/finance.ts';

function unitCostFromRow(row: Selectable<UnitCostsTable>): UnitCost {
  if (!isPlacementCategory(row.category))
    throw new Error(`unit_costs row ${row.id} has unknown category ${row.category}`);
  return {
    category: row.category,
    placeCode: row.place_code === '' ? null : row.place_code,
    weeklyPence: Number(row.weekly_pence),
    effectiveFrom: row.effective_from,
    priceYear: Number(row.price_year),
    source: row.source,
  };
}

/** The council's own unit cost rows (defaults are not stored), oldest first. */
export async function listUnitCosts(db: DbOrTrx, laCode: string): Promise<UnitCost[]> {
  const rows = await db
    .selectFrom('unit_costs')
    .selectAll()
    .where('la_code', '=', laCode)
    .orderBy('category')
    .orderBy('place_code')
    .orderBy('effective_from')
    .execute();
  return rows.map(unitCostFromRow);
}

/** Adds a price, or replaces the one for the same category, PLACE code and effective date. */
export async function upsertUnitCost(db: DbOrTrx, laCode: string, cost: UnitCost): Promise<void> {
  const row = {
    la_code: laCode,
    category: cost.category,
    place_code: cost.placeCode ?? '',
    weekly_pence: cost.weeklyPence,
    effective_from: cost.effectiveFrom,
    price_year: cost.priceYear,
    source: cost.source,
  };
  await db
    .insertInto('unit_costs')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['la_code', 'category', 'place_code', 'effective_from']).doUpdateSet({
        weekly_pence: row.weekly_pence,
        price_year: row.price_year,
        source: row.source,
      }),
    )
    .execute();
}

/** Removes one price; returns whether there was one. */
export async function deleteUnitCost(
  db: DbOrTrx,
  laCode: string,
  key: { category: string; placeCode: string | null; effectiveFrom: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom('unit_costs')
    .where('la_code', '=', laCode)
    .where('category', '=', key.category)
    .where('place_code', '=', key.placeCode ?? '')
    .where('effective_from', '=', key.effectiveFrom)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Inflation rates set by the council, by financial year start. */
export async function listInflationRates(db: DbOrTrx, laCode: string): Promise<Record<number, number>> {
  const rows = await db
    .selectFrom('inflation_rates')
    .selectAll()
    .where('la_code', '=', laCode)
    .orderBy('financial_year')
    .execute();
  return Object.fromEntries(rows.map((r) => [Number(r.financial_year), Number(r.rate)]));
}

export async function upsertInflationRate(
  db: DbOrTrx,
  laCode: string,
  financialYear: number,
  rate: number,
): Promise<void> {
  await db
    .insertInto('inflation_rates')
    .values({ la_code: laCode, financial_year: financialYear, rate: String(rate) })
    .onConflict((oc) => oc.columns(['la_code', 'financial_year']).doUpdateSet({ rate: String(rate) }))
    .execute();
}
