/** Child-level placement costs: all the SQL. Child ids are pseudonyms; every query filters on `la_code`. */
import type { ChildCost } from '../domain/finance/actuals.ts';
import type { DbOrTrx } from './caseData.repository.ts';

export interface ChildCostRow extends ChildCost {
  readonly sourceFile: string;
  readonly sourceRow: number;
}

/** Rows per multi-row insert: 8 columns x 500 rows = 4,000 parameters. */
const WRITE_CHUNK = 500;

export async function listChildCosts(db: DbOrTrx, laCode: string): Promise<ChildCost[]> {
  const rows = await db
    .selectFrom('child_costs')
    .select(['child_id', 'provider', 'start', 'end', 'weekly_pence'])
    .where('la_code', '=', laCode)
    .orderBy('child_id')
    .orderBy('start')
    .execute();
  return rows.map((r) => ({
    childId: r.child_id,
    provider: r.provider,
    start: r.start,
    end: r.end,
    weeklyPence: Number(r.weekly_pence),
  }));
}

export async function countChildCosts(db: DbOrTrx, laCode: string): Promise<number> {
  const row = await db
    .selectFrom('child_costs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('la_code', '=', laCode)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Replaces all of a council's child-level costs with `rows` (call inside a transaction). */
export async function replaceChildCosts(db: DbOrTrx, laCode: string, rows: readonly ChildCostRow[]): Promise<void> {
  await db.deleteFrom('child_costs').where('la_code', '=', laCode).execute();
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    await db
      .insertInto('child_costs')
      .values(
        rows.slice(i, i + WRITE_CHUNK).map((r) => ({
          la_code: laCode,
          child_id: r.childId,
          provider: r.provider,
          start: r.start,
          end: r.end,
          weekly_pence: r.weeklyPence,
          source_file: r.sourceFile,
          source_row: r.sourceRow,
        })),
      )
      .execute();
  }
}
