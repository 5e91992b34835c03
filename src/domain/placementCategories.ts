/**
 * Placement categories: how the money moves. A category comes from the 903 PLACE code and the
 * PLACE_PROVIDER code through an ordered list of rules (first match wins), so that a council can
 * change the mapping at the margins without touching code.
 */

export const PLACEMENT_CATEGORIES = [
  'kinship_fostering',
  'inhouse_fostering',
  'ifa_fostering',
  'inhouse_residential',
  'external_residential',
  'supported_accommodation',
  'secure',
  'placed_with_parents',
  'placed_for_adoption',
  'other',
] as const;

export type PlacementCategory = (typeof PLACEMENT_CATEGORIES)[number];

export const PLACEMENT_CATEGORY_LABELS: Readonly<Record<PlacementCategory, string>> = {
  kinship_fostering: 'Fostering with relatives or friends',
  inhouse_fostering: 'In-house fostering',
  ifa_fostering: 'Independent fostering agency',
  inhouse_residential: 'In-house residential',
  external_residential: 'External residential',
  supported_accommodation: 'Supported accommodation (16+)',
  secure: 'Secure',
  placed_with_parents: 'Placed with parents',
  placed_for_adoption: 'Placed for adoption',
  other: 'Other',
};

export function isPlacementCategory(value: string): value is PlacementCategory {
  return (PLACEMENT_CATEGORIES as readonly string[]).includes(value);
}

/** One mapping rule. Omitted `providers` matches any provider, blank included. */
export interface CategoryRule {
  readonly placements: readonly string[];
  readonly providers?: readonly (string | null)[];
  readonly category: PlacementCategory;
}

export interface CategoryMapping {
  readonly rules: readonly CategoryRule[];
  /** Category for a placement no rule matches. */
  readonly fallback: PlacementCategory;
}

const ADOPTION = ['A3', 'A4', 'A5', 'A6'];
const KINSHIP = ['U1', 'U2', 'U3', 'Q1'];
const STRANGER_FOSTERING = ['U4', 'U5', 'U6', 'Q2'];
const RESIDENTIAL = ['K2', 'R1', 'S1', 'P3'];
const INDEPENDENT_PROVIDERS = ['PR4', 'PR5'];

/**
 * The default mapping. In-house means provided by the council itself (PR1); fostering by another
 * council or public body (PR2/PR3) is counted in-house too, because it is paid at local-authority
 * rates, while residential from anyone but the council itself is external. Q1/Q2 are the historic
 * fostering codes. Temporary (T0-T4), health (R2), family centre (R3), custody (R5) and other
 * (Z1, Z11-Z14) placements are `other`.
 */
export const DEFAULT_CATEGORY_MAPPING: CategoryMapping = {
  rules: [
    { placements: ADOPTION, category: 'placed_for_adoption' },
    { placements: KINSHIP, category: 'kinship_fostering' },
    { placements: STRANGER_FOSTERING, providers: INDEPENDENT_PROVIDERS, category: 'ifa_fostering' },
    { placements: STRANGER_FOSTERING, category: 'inhouse_fostering' },
    { placements: RESIDENTIAL, providers: ['PR1'], category: 'inhouse_residential' },
    { placements: RESIDENTIAL, category: 'external_residential' },
    { placements: ['H5', 'K3', 'P2'], category: 'supported_accommodation' },
    { placements: ['K1'], category: 'secure' },
    { placements: ['P1'], category: 'placed_with_parents' },
  ],
  fallback: 'other',
};

/** The placement category of a PLACE / PLACE_PROVIDER pair under `mapping`. */
export function placementCategory(
  placement: string,
  provider: string | null,
  mapping: CategoryMapping = DEFAULT_CATEGORY_MAPPING,
): PlacementCategory {
  for (const rule of mapping.rules) {
    if (!rule.placements.includes(placement)) continue;
    if (rule.providers && !rule.providers.includes(provider)) continue;
    return rule.category;
  }
  return mapping.fallback;
}

/** Zero counts for every category, in the canonical order. */
export function emptyCategoryCounts(): Record<PlacementCategory, number> {
  return Object.fromEntries(PLACEMENT_CATEGORIES.map((c) => [c, 0])) as Record<PlacementCategory, number>;
}
