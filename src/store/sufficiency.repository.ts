/** Placement mix targets and in-house capacity: all the SQL. Every query filters on `la_code`. */
import type { Kysely } from 'kysely';
import type { CapacityRecord } from '../domain/sufficiency/capacity.ts';
import type { MixKind, MixTarget } from '../domain/sufficiency/mix.ts';
import type { DbOrTrx } from './caseData.repository.ts';
import type { Database } from './schema.ts';

export async function listMixTargets(db: DbOrTrx, laCode: string): Promise<MixTarget[]> {
  const rows = await db
    .selectFrom('placement_mix_targets')
    .select(['kind', 'by_date', 'in_house_share'])
    .where('la_code', '=', laCode)
    .orderBy('kind')
    .orderBy('by_date')
    .execute();
  return rows.map((r) => ({ kind: r.kind as MixKind, by: r.by_date, inHouseShare: Number(r.in_house_share) }));
}

/** Sets the target for a kind and date (replacing one for the same date). */
export async function upsertMixTarget(db: DbOrTrx, laCode: string, target: MixTarget, now: string): Promise<void> {
  await db
    .insertInto('placement_mix_targets')
    .values({
      la_code: laCode,
      kind: target.kind,
      by_date: target.by,
      in_house_share: String(target.inHouseShare),
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['la_code', 'kind', 'by_date'])
        .doUpdateSet({ in_house_share: String(target.inHouseShare), updated_at: now }),
    )
    .execute();
}

export async function deleteMixTarget(db: DbOrTrx, laCode: string, kind: MixKind, by: string): Promise<boolean> {
  const r = await db
    .deleteFrom('placement_mix_targets')
    .where('la_code', '=', laCode)
    .where('kind', '=', kind)
    .where('by_date', '=', by)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The council's in-house capacity records, in month order. */
export async function listCapacity(db: DbOrTrx, laCode: string): Promise<CapacityRecord[]> {
  const rows = await db
    .selectFrom('inhouse_capacity')
    .select(['month', 'fostering_households', 'fostering_places', 'home_beds'])
    .where('la_code', '=', laCode)
    .orderBy('month')
    .execute();
  return rows.map((r) => ({
    month: r.month,
    fosteringHouseholds: Number(r.fostering_households),
    fosteringPlaces: Number(r.fostering_places),
    homeBeds: Number(r.home_beds),
  }));
}

function capacityRow(laCode: string, r: CapacityRecord, now: string) {
  return {
    la_code: laCode,
    month: r.month,
    fostering_households: r.fosteringHouseholds,
    fostering_places: r.fosteringPlaces,
    home_beds: r.homeBeds,
    updated_at: now,
  };
}

/** Sets one month's record (replacing one for the same month). */
export async function upsertCapacity(db: DbOrTrx, laCode: string, record: CapacityRecord, now: string): Promise<void> {
  const row = capacityRow(laCode, record, now);
  await db
    .insertInto('inhouse_capacity')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['la_code', 'month']).doUpdateSet({
        fostering_households: row.fostering_households,
        fostering_places: row.fostering_places,
        home_beds: row.home_beds,
        updated_at: now,
      }),
    )
    .execute();
}

/** Replaces all the council's records with `records`, in one transaction. */
export async function replaceCapacity(
  db: Kysely<Database>,
  laCode: string,
  records: readonly CapacityRecord[],
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('inhouse_capacity').where('la_code', '=', laCode).execute();
    if (records.length > 0)
      await trx
        .insertInto('inhouse_capacity')
        .values(records.map((r) => capacityRow(laCode, r, now)))
        .execute();
  });
}

export async function deleteCapacity(db: DbOrTrx, laCode: string, month: string): Promise<boolean> {
  const r = await db
    .deleteFrom('inhouse_capacity')
    .where('la_code', '=', laCode)
    .where('month', '=', month)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
