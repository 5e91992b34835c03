/**
 * How much of an adjustment's full effect applies in a calendar month: nothing before its start,
 * then a linear ramp-up over `rampMonths` months (0 = full effect from the start).
 *
 * Month k (k = 0 for the month containing `start`) runs at min(1, (k + 1) / rampMonths) of the
 * full effect, so a 3-month ramp gives 1/3, 2/3, then 1. In the start month the effect is further
 * scaled by the share of the month's days on or after `start`.
 */
import { daysInMonth, type IsoDate } from '../dates.ts';

export interface Timed {
  readonly start: IsoDate;
  readonly rampMonths: number;
}

/** Months from the month of `from` to `month` (both `YYYY-MM...`); negative when earlier. */
export function monthsBetween(from: string, month: string): number {
  return (Number(month.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(month.slice(5, 7)) - Number(from.slice(5, 7));
}

/** Fraction of the full effect in `month` (`YYYY-MM`), between 0 and 1. */
export function effectInMonth(timed: Timed, month: string): number {
  const k = monthsBetween(timed.start, month);
  if (k < 0) return 0;
  const ramp = timed.rampMonths <= 0 ? 1 : Math.min(1, (k + 1) / timed.rampMonths);
  if (k > 0) return ramp;
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const dim = daysInMonth(y, m);
  const startDay = Number(timed.start.slice(8, 10));
  return (ramp * (dim - startDay + 1)) / dim;
}

/** Share of `month`'s days on or after `start` (no ramp): for costs that run at full rate once begun. */
export function activeShareOfMonth(start: IsoDate, month: string): number {
  return effectInMonth({ start, rampMonths: 0 }, month);
}
