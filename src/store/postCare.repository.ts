/** A council's post-care line settings: all the SQL. Every query filters on `la_code`. */
import { isPostCareLine, type PostCareLineSettings } from '../domain/finance/postCare.ts';
import type { DbOrTrx } from './caseData.repository.ts';

/** The council's own settings (lines it has not set are not stored: the defaults apply). */
export async function listPostCareLines(db: DbOrTrx, laCode: string): Promise<PostCareLineSettings[]> {
  const rows = await db
    .selectFrom('post_care_lines')
    .selectAll()
    .where('la_code', '=', laCode)
    .orderBy('line')
    .execute();
  return rows.map((r) => {
    if (!isPostCareLine(r.line)) throw new Error(`post_care_lines row for ${laCode} has unknown line ${r.line}`);
    return {
      line: r.line,
      weeklyPence: Number(r.weekly_pence),
      priceYear: Number(r.price_year),
      source: r.source,
      takeUp: Number(r.take_up),
      takeUpSource: r.take_up_source,
      endAge: Number(r.end_age),
    };
  });
}

export async function upsertPostCareLine(db: DbOrTrx, laCode: string, s: PostCareLineSettings): Promise<void> {
  const row = {
    la_code: laCode,
    line: s.line,
    weekly_pence: s.weeklyPence,
    price_year: s.priceYear,
    source: s.source,
    take_up: String(s.takeUp),
    take_up_source: s.takeUpSource,
    end_age: s.endAge,
  };
  const { la_code: _la, line: _line, ...rest } = row;
  await db
    .insertInto('post_care_lines')
    .values(row)
    .onConflict((oc) => oc.columns(['la_code', 'line']).doUpdateSet(rest))
    .execute();
}

/** Removes the council's setting for a line (the default applies again); whether there was one. */
export async function deletePostCareLine(db: DbOrTrx, laCode: string, line: string): Promise<boolean> {
  const r = await db
    .deleteFrom('post_care_lines')
    .where('la_code', '=', laCode)
    .where('line', '=', line)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
