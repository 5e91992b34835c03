/**
 * The child protection plans lever (issue 12, part 2): "child protection plans X% fewer from a
 * date" reaches the demand engine as entries to care X% x s fewer, where s is the share of the
 * entries to care in the reference window that came after a child protection plan, as the front
 * door's funnel counts them (src/domain/funnel/funnel.ts, entriesByRoute: a plan open at some time
 * in the 12 months up to the entry, started on or before it; unaccompanied asylum-seeking children
 * on their own). Entries after a CIN episode without a plan, after neither, and of unaccompanied
 * children do not change: the lever is the engine's own entry rate change (an entryRate adjustment
 * of X x s percent, every age band), so it reaches children looked after, spend and savings as
 * that does. Pure.
 *
 * Worked example: 10 entries in the window, 6 after a plan; plans 10% fewer gives entries
 * 10 x 6 / 10 = 6% fewer, an entry rate multiplier of 0.94.
 */
import { addDays, addMonths, isoFromYmd, type IsoDate } from '../dates.ts';
import type { EntryRateAdjustment, Timed } from '../engine/adjustments.ts';
import { entriesByRoute, type FunnelInput } from '../funnel/funnel.ts';

/** Child protection plans starting change by `percent` (-10 = 10% fewer) from `start`, ramped over `rampMonths`. */
export interface CpPlansAdjustment extends Timed {
  readonly kind: 'cpPlans';
  readonly percent: number;
}

/** What the lever's share was measured on. */
export interface CpPlanShare {
  /** First and last day of the entries counted (inclusive). */
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Entries to care in the window, by every route (unaccompanied children included). */
  readonly entries: number;
  /** Of those, entries after a child protection plan. */
  readonly afterPlan: number;
}

/**
 * The days the share is measured over: the engine's reference window (the `referenceMonths` up to
 * and including the forecast start: entries on days after start - referenceMonths, up to start, as
 * the engine counts them), cut to the collection years the CIN census covers (1 April of the year
 * before `firstYear` to 31 March of `lastYear`): before them no plan is known, and after them a
 * plan that started after the last census would be missed. Null when the two do not overlap.
 */
export function cpPlanShareWindow(
  forecastStart: IsoDate,
  referenceMonths: number,
  cinYears: { readonly first: number; readonly last: number },
): { from: IsoDate; to: IsoDate } | null {
  const windowFrom = addDays(addMonths(forecastStart, -referenceMonths), 1);
  const cinFrom = isoFromYmd(cinYears.first - 1, 4, 1);
  const cinTo = isoFromYmd(cinYears.last, 3, 31);
  const from = windowFrom > cinFrom ? windowFrom : cinFrom;
  const to = forecastStart < cinTo ? forecastStart : cinTo;
  return from <= to ? { from, to } : null;
}

/** The entries to care from `window.from` to `window.to` and those of them after a child protection plan. */
export function cpPlanShare(
  input: Pick<FunnelInput, 'cin' | 'care'>,
  window: { from: IsoDate; to: IsoDate },
): CpPlanShare {
  const routes = entriesByRoute({ ...input, monthly: [] }, window.from, window.to);
  const entries = routes.cpPlan + routes.cinEpisode + routes.neither + routes.uasc;
  return { from: window.from, to: window.to, entries, afterPlan: routes.cpPlan };
}

/** The change in all entries, in percent: the plans' change times the share after a plan (unrounded). */
export function cpPlansEntryPercent(percent: number, share: Pick<CpPlanShare, 'entries' | 'afterPlan'>): number {
  if (share.entries <= 0) throw new RangeError('no entries to care to measure the share after a plan on');
  return (percent * share.afterPlan) / share.entries;
}

/** The lever as the engine takes it: the entry rate of every age band changed by X x s percent. */
export function cpPlansEntryRate(lever: CpPlansAdjustment, share: CpPlanShare): EntryRateAdjustment {
  return {
    kind: 'entryRate',
    start: lever.start,
    rampMonths: lever.rampMonths,
    ageBands: [],
    percent: cpPlansEntryPercent(lever.percent, share),
  };
}
