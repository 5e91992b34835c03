/**
 * The dates a council's data cover: from 1 April of its earliest imported return's collection
 * year to 31 March of its latest (each 903 return covers one collection year, April to March).
 * Dates outside them have no data behind them: a stock count, a forecast start, a rates window end
 * or a backtest cutoff there would be zeros or a fit to nothing, so the front doors refuse them
 * with a message saying the range (issue 17: `forecast --start 1900-01-01` exited 0 with zeros).
 */
import type { IsoDate } from './dates.ts';

export interface DataRange {
  /** 1 April of the earliest collection year imported. */
  readonly first: IsoDate;
  /** 31 March of the latest collection year imported. */
  readonly last: IsoDate;
}

/** The range from the collection years of the returns imported; null when none were. */
export function dataRangeOfYears(collectionYears: Iterable<number>): DataRange | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const y of collectionYears) {
    if (!Number.isInteger(y) || y <= 0) continue;
    min = Math.min(min, y);
    max = Math.max(max, y);
  }
  if (!Number.isFinite(min)) return null;
  return { first: `${min - 1}-04-01`, last: `${max}-03-31` };
}

/**
 * Why `date` (given as `what`, e.g. "--start") cannot be used, or null when it is inside the data
 * (or there are no data, which the commands report in their own way).
 */
export function outsideData(range: DataRange | null, what: string, date: IsoDate, laCode: string): string | null {
  if (range === null || (date >= range.first && date <= range.last)) return null;
  return `${what} ${date} is outside the data: council ${laCode}'s returns cover ${range.first} to ${range.last}. Choose a date in that range.`;
}
