/**
 * Counting a non-financial target's actuals from the 903 returns, month by month, with the
 * definitions the Overview uses:
 * - `lookedAfter`: children looked after at the month end (as `stockOn` counts them: short breaks
 *   left out, each child once);
 * - `entries`: episodes starting a period of care (RNE = S) in the month;
 * - `exits`: episodes ending a period of care (any REC but X1) in the month, optionally by one
 *   route (`exitRoute`: adoption, return home, ...; turning 18 counts as independence).
 * A month the returns do not cover (after 31 March of the latest collection year with data, or
 * after `asOf`) has no actual (null), never a zero.
 */
import { collectionYearOf, endOfMonth, isoFromYmd, type IsoDate } from '../dates.ts';
import { exitRoute, isExit, type ExitRoute } from '../exitRoutes.ts';
import { isShortBreak, type CaseData } from '../model.ts';
import { stockSeries } from '../stock.ts';
import type { CountedMeasure } from './model.ts';

/** The last day the returns cover: 31 March of the latest collection year with an episode start or end. */
export function returnsCoverEnd(data: CaseData): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const e of data.episodes) {
    const last = e.end ?? e.start;
    if (latest === null || last > latest) latest = last;
  }
  return latest === null ? null : isoFromYmd(collectionYearOf(latest), 3, 31);
}

/**
 * Counts for each month (`YYYY-MM`, in any order) of one measure; null for months the returns do
 * not cover.
 */
export function countByMonth(
  data: CaseData,
  counted: { readonly measure: CountedMeasure; readonly route?: string | undefined },
  months: readonly string[],
  asOf: IsoDate,
): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const coverEnd = returnsCoverEnd(data);
  const limit = coverEnd === null ? null : coverEnd < asOf ? coverEnd : asOf;
  const covered = months.filter((m) => limit !== null && endOfMonth(`${m}-01`) <= limit).sort();
  for (const m of months) out.set(m, null);
  if (covered.length === 0) return out;
  if (counted.measure === 'lookedAfter') {
    const first = covered[0] as string;
    const last = covered[covered.length - 1] as string;
    const totals = new Map(
      stockSeries(data, `${first}-01`, endOfMonth(`${last}-01`)).map((s) => [s.date.slice(0, 7), s.total]),
    );
    for (const m of covered) out.set(m, totals.get(m) ?? 0);
    return out;
  }
  const counts = new Map<string, number>(covered.map((m) => [m, 0]));
  const dob = new Map(data.children.map((c) => [c.childId, c.dob]));
  for (const e of data.episodes) {
    if (isShortBreak(e)) continue;
    if (counted.measure === 'entries') {
      const m = e.start.slice(0, 7);
      if (e.reasonNew === 'S' && counts.has(m)) counts.set(m, (counts.get(m) ?? 0) + 1);
      continue;
    }
    if (e.end === null || !isExit(e.reasonEnded)) continue;
    const m = e.end.slice(0, 7);
    if (!counts.has(m)) continue;
    if (counted.route !== undefined) {
      const birth = dob.get(e.childId);
      if (birth === undefined || exitRoute(e.reasonEnded as string, e.end, birth) !== (counted.route as ExitRoute))
        continue;
    }
    counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  for (const [m, n] of counts) out.set(m, n);
  return out;
}
