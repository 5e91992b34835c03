/** Placement mix targets: all the SQL. Every query filters on `la_code`. */
import type { MixKind, MixTarget } from '../domain/sufficiency/mix.ts';
import type { DbOrTrx } from './caseData.repository.ts';

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
