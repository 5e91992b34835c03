/**
 * Changes a scenario makes to the demand model's rates. The engine applies them month by month
 * during projection; each starts on `start` and ramps up linearly over `rampMonths` months
 * (0 = full effect from the start). Cost changes are not here: they belong to finance.
 */
import { daysInMonth, type IsoDate } from '../dates.ts';
import type { ExitRoute } from '../exitRoutes.ts';
import type { PlacementCategory } from '../placementCategories.ts';

/** When an adjustment starts and over how many months it ramps up to full effect. */
export interface Timed {
  readonly start: IsoDate;
  readonly rampMonths: number;
}

/** Entries change by a percentage of the fitted rate, or by a number of children a year. */
export interface EntryRateAdjustment extends Timed {
  readonly kind: 'entryRate';
  /** Age band keys affected; empty means every band. */
  readonly ageBands: readonly string[];
  /** Percentage change of the fitted entry rate (-20 = 20% fewer entries). */
  readonly percent?: number;
  /** Change in children entering a year (-20 = 20 fewer), spread over the affected bands by their share. */
  readonly childrenPerYear?: number;
}

/** Exits by a route change by a percentage of the fitted rate (25 = special guardianship +25%). */
export interface ExitRateAdjustment extends Timed {
  readonly kind: 'exitRate';
  readonly route: ExitRoute;
  readonly percent: number;
  readonly ageBands?: readonly string[];
}

/**
 * Children move between categories beyond the fitted transitions: up to `childrenPerYear` a year
 * from `from` to `to`, never leaving more than `capacity` children in `to` that arrived this way
 * (null = no limit).
 */
export interface CategoryShiftAdjustment extends Timed {
  readonly kind: 'categoryShift';
  readonly from: PlacementCategory;
  readonly to: PlacementCategory;
  readonly childrenPerYear: number;
  readonly capacity: number | null;
  readonly ageBands?: readonly string[];
}

/**
 * A number of children moved once from `from` to `to`: `children` in the month of `start`, or
 * spread evenly over `rampMonths` months from it. Each month's movers are turned into a daily
 * hazard for the children in `from` then, so that exactly that many would move if nothing else
 * happened to them in the month (other exits and entries make it approximate).
 */
export interface MoveOnceAdjustment extends Timed {
  readonly kind: 'moveOnce';
  readonly from: PlacementCategory;
  readonly to: PlacementCategory;
  readonly children: number;
  readonly ageBands?: readonly string[];
}

/**
 * A share of the children in `from` moving to `to` each year: a daily hazard such that, with no
 * other flows, `percentPerYear`% of them have moved after a year (1 - (1 - p)^(1/365.25) a day),
 * ramped up over `rampMonths` months.
 */
export interface MovePercentAdjustment extends Timed {
  readonly kind: 'movePercent';
  readonly from: PlacementCategory;
  readonly to: PlacementCategory;
  readonly percentPerYear: number;
  readonly ageBands?: readonly string[];
}

/**
 * Children move from `from` to `to` until `to` holds `sharePercent`% of the children in the two
 * together, by `by`: from `start`, each month's target share runs in a straight line from the share
 * on the first month's first day to `sharePercent` at the month containing `by`, then holds there.
 * Each month moves the children needed to reach that month's target from the state at its start;
 * nobody is moved back when the share is above target. `rampMonths` is not used (the line is the ramp).
 */
export interface MoveToShareAdjustment extends Timed {
  readonly kind: 'moveToShare';
  readonly from: PlacementCategory;
  readonly to: PlacementCategory;
  readonly sharePercent: number;
  readonly by: IsoDate;
  readonly ageBands?: readonly string[];
}

export type MoveAdjustment = MoveOnceAdjustment | MovePercentAdjustment | MoveToShareAdjustment;

export type RateAdjustment = EntryRateAdjustment | ExitRateAdjustment | CategoryShiftAdjustment | MoveAdjustment;

/** Months from the month of `from` to `month` (both `YYYY-MM...`); negative when earlier. */
export function monthsBetween(from: string, month: string): number {
  return (
    (Number(month.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(month.slice(5, 7)) - Number(from.slice(5, 7))
  );
}

/**
 * Fraction of an adjustment's full effect in calendar month `month` (`YYYY-MM`): 0 before its
 * start; month k (k = 0 for the month containing `start`) runs at min(1, (k + 1) / rampMonths)
 * (rampMonths 0 = full effect at once), and the start month is further scaled by the share of its
 * days on or after `start`. Scenarios' timing module (finance's cost changes) uses this same rule.
 */
export function adjustmentEffectInMonth(timed: Timed, month: string): number {
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
