/** Care leavers' outcomes (the 903's OC3 tables): all the SQL. Every query filters on `la_code`. */
import type { CareLeaverOutcome } from '../domain/ssda903/types.ts';
import type { DbOrTrx } from './caseData.repository.ts';

/** Rows per INSERT statement (7 values each, well under SQLite's and PostgreSQL's limits). */
const CHUNK = 500;

/**
 * Replaces the council's care leavers' outcomes for `years` with `outcomes` (whose child ids are
 * already pseudonymised): each year's OC3 table is complete in itself, so the latest import of a
 * year stands for that year. Call inside the import's transaction.
 */
export async function replaceCareLeaverOutcomes(
  db: DbOrTrx,
  laCode: string,
  years: readonly number[],
  outcomes: readonly CareLeaverOutcome[],
): Promise<void> {
  if (years.length === 0) return;
  await db
    .deleteFrom('care_leaver_outcomes')
    .where('la_code', '=', laCode)
    .where('collection_year', 'in', [...years])
    .execute();
  for (let i = 0; i < outcomes.length; i += CHUNK) {
    await db
      .insertInto('care_leaver_outcomes')
      .values(
        outcomes.slice(i, i + CHUNK).map((o) => ({
          la_code: laCode,
          collection_year: o.collectionYear,
          child_id: o.childId,
          age: o.age,
          in_touch: o.inTouch,
          activity: o.activity,
          accommodation: o.accommodation,
        })),
      )
      .execute();
  }
}

/** The council's care leavers' outcomes for one collection year, by (pseudonymised) child id. */
export async function listCareLeaverOutcomes(
  db: DbOrTrx,
  laCode: string,
  collectionYear: number,
): Promise<CareLeaverOutcome[]> {
  const rows = await db
    .selectFrom('care_leaver_outcomes')
    .select(['child_id', 'collection_year', 'age', 'in_touch', 'activity', 'accommodation'])
    .where('la_code', '=', laCode)
    .where('collection_year', '=', collectionYear)
    .orderBy('child_id')
    .execute();
  return rows.map((r) => ({
    childId: r.child_id,
    collectionYear: r.collection_year,
    age: r.age,
    inTouch: r.in_touch,
    activity: r.activity,
    accommodation: r.accommodation,
  }));
}
