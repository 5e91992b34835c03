/** Builders for finance tests: children, episodes and price lists with only the fields that matter. */
import type { Child, Episode } from '../../src/domain/model.ts';
import type { PlacementCategory } from '../../src/domain/placementCategories.ts';
import type { CostBasis, UnitCost } from '../../src/domain/finance/unitCosts.ts';

export function child(childId: string, dob = '2012-06-01'): Child {
  return { childId, sex: 'F', dob, ethnicity: 'WBRI', uasc: false, uascCeased: null };
}

/** An episode in in-house fostering (U4 with the council as provider) unless told otherwise. */
export function episode(childId: string, start: string, end: string | null, over: Partial<Episode> = {}): Episode {
  return {
    childId,
    start,
    end,
    reasonNew: 'S',
    legalStatus: 'C2',
    needCode: 'N1',
    placement: 'U4',
    provider: 'PR1',
    reasonEnded: end === null ? null : 'E13',
    reasonPlaceChange: null,
    ...over,
  };
}

export function price(
  category: PlacementCategory,
  weeklyPence: number,
  priceYear: number,
  over: Partial<UnitCost> = {},
): UnitCost {
  return { category, placeCode: null, weeklyPence, effectiveFrom: '1900-01-01', priceYear, source: 'test', ...over };
}

export function basis(unitCosts: UnitCost[], rates: Record<number, number> = {}, defaultRate = 0): CostBasis {
  return { unitCosts, inflation: { rates, defaultRate }, priceBase: 'cash' };
}
