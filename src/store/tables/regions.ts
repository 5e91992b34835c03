/**
 * Regions (issue 11): a regional care co-operative, i.e. a named set of councils that plan
 * placements together. `region_councils` has `la_code` (the member council, as every council-scoped
 * row has); `regions` and `user_regions` are, like `users`, above any one council: a region spans
 * several, and a person's access to it is a row of `user_regions`. Regional access gives the
 * region's pages (each member's and the region's figures, no child-level rows); it is never
 * membership of a member council (src/services/regions.ts).
 */
export interface RegionsTable {
  /** 1-20 letters, digits or hyphens, e.g. NW-COOP. */
  region_code: string;
  name: string;
  /** ISO date-time (UTC). */
  created_at: string;
}

export interface RegionCouncilsTable {
  region_code: string;
  /** A member council. */
  la_code: string;
}

export interface UserRegionsTable {
  region_code: string;
  user_id: number;
}

export interface RegionTables {
  regions: RegionsTable;
  region_councils: RegionCouncilsTable;
  user_regions: UserRegionsTable;
}
