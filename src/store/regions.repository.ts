/**
 * SQL for regions (src/store/tables/regions.ts): the regions, their member councils and the people
 * who see them. Queries of member councils filter on the region; a member's own rows are read by
 * the council's repositories as ever.
 */
import type { Db } from './database.ts';

export interface RegionRow {
  readonly regionCode: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface RegionMemberRow {
  readonly laCode: string;
  readonly councilName: string;
}

export async function findRegion(db: Db, regionCode: string): Promise<RegionRow | undefined> {
  const r = await db.selectFrom('regions').selectAll().where('region_code', '=', regionCode).executeTakeFirst();
  return r && { regionCode: r.region_code, name: r.name, createdAt: r.created_at };
}

/** The region's member councils, by council code. */
export async function listRegionMembers(db: Db, regionCode: string): Promise<RegionMemberRow[]> {
  const rows = await db
    .selectFrom('region_councils')
    .innerJoin('councils', 'councils.la_code', 'region_councils.la_code')
    .select(['region_councils.la_code as la_code', 'councils.name as name'])
    .where('region_councils.region_code', '=', regionCode)
    .orderBy('region_councils.la_code')
    .execute();
  return rows.map((r) => ({ laCode: r.la_code, councilName: r.name }));
}

/** Creates the region with its members, in one transaction (nothing half-stored). */
export async function insertRegion(
  db: Db,
  region: { regionCode: string; name: string; createdAt: string; members: readonly string[] },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('regions')
      .values({ region_code: region.regionCode, name: region.name, created_at: region.createdAt })
      .execute();
    if (region.members.length > 0)
      await trx
        .insertInto('region_councils')
        .values(region.members.map((la) => ({ region_code: region.regionCode, la_code: la })))
        .execute();
  });
}

/** The regions a person sees, by code. */
export async function listUserRegions(db: Db, userId: number): Promise<RegionRow[]> {
  const rows = await db
    .selectFrom('user_regions')
    .innerJoin('regions', 'regions.region_code', 'user_regions.region_code')
    .select(['regions.region_code as region_code', 'regions.name as name', 'regions.created_at as created_at'])
    .where('user_regions.user_id', '=', userId)
    .orderBy('regions.region_code')
    .execute();
  return rows.map((r) => ({ regionCode: r.region_code, name: r.name, createdAt: r.created_at }));
}

/** Gives the person access to the region (no change when they have it). */
export async function insertUserRegion(db: Db, regionCode: string, userId: number): Promise<void> {
  await db
    .insertInto('user_regions')
    .values({ region_code: regionCode, user_id: userId })
    .onConflict((oc) => oc.columns(['region_code', 'user_id']).doNothing())
    .execute();
}
