/**
 * How much of an adjustment's full effect applies in a calendar month: nothing before its start,
 * then a linear ramp-up over `rampMonths` months (0 = full effect from the start).
 *
 * Month k (k = 0 for the month containing `start`) runs at min(1, (k + 1) / rampMonths) of the
 * full effect, so a 3-month ramp gives 1/3, 2/3, then 1. In the start month the effect is further
 * scaled by the share of the month's days on or after `start`.
 *
 * The rule itself lives in the engine (`engine/adjustments.ts`), which applies it to rate changes;
 * scenarios may depend on the engine, never the reverse, so this module uses the engine's one.
 */
import type { IsoDate } from '../dates.ts';
import { adjustmentEffectInMonth, type Timed } from '../engine/adjustments.ts';

export type { Timed };
export { monthsBetween } from '../engine/adjustments.ts';

/** Fraction of the full effect in `month` (`YYYY-MM`), between 0 and 1. */
export function effectInMonth(timed: Timed, month: string): number {
  return adjustmentEffectInMonth(timed, month);
}

/** Share of `month`'s days on or after `start` (no ramp): for costs that run at full rate once begun. */
export function activeShareOfMonth(start: IsoDate, month: string): number {
  return adjustmentEffectInMonth({ start, rampMonths: 0 }, month);
}
