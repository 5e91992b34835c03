/**
 * Which collection year a set of files holds. Forecare names a collection year by the March it
 * ends in (2024 = 1 April 2023 - 31 March 2024), and so do most councils' folders; some tools name
 * files by the year the collection starts in (`2017-episodes.csv` holding April 2017 - March 2018).
 * The episodes tell them apart: in a return for collection year Y no episode starts or ends after
 * 31 March Y, so when most episodes' latest date falls in the twelve months after 31 March of
 * the named year, the name is the starting year.
 */
import { isoFromYmd, type IsoDate } from '../dates.ts';

export interface YearReading {
  readonly collectionYear: number;
  /** True when the name was read as the year the collection starts in. */
  readonly namedByStartYear: boolean;
  /** Episodes dated after 31 March of the named year, and episodes with any date, for the message. */
  readonly evidence: { readonly after: number; readonly dated: number };
}

export function inferCollectionYear(
  namedYear: number,
  episodes: Iterable<{ readonly start: IsoDate; readonly end: IsoDate | null }>,
): YearReading {
  const endOfNamed = isoFromYmd(namedYear, 3, 31);
  const endOfNext = isoFromYmd(namedYear + 1, 3, 31);
  let after = 0;
  let dated = 0;
  for (const e of episodes) {
    const latest = e.end !== null && e.end > e.start ? e.end : e.start;
    dated += 1;
    if (latest > endOfNamed && latest <= endOfNext) after += 1;
  }
  const namedByStartYear = dated > 0 && after * 2 > dated;
  return { collectionYear: namedByStartYear ? namedYear + 1 : namedYear, namedByStartYear, evidence: { after, dated } };
}
