/**
 * Children in need and child protection cases at a date, from the CIN census (issue 12), for
 * caseloads. Each child counts once, in the first of: looked after (from the 903, counted there),
 * on a child protection plan, a child in need. So:
 *
 * - child protection: children with a child protection plan open on the date (start on or before
 *   it, no end or an end after it) who are not looked after;
 * - child in need: children with a CIN episode open on the date (referral on or before it, no
 *   closure or a closure after it), not closed as "no further action" at referral, who are neither
 *   looked after nor on a plan.
 *
 * Child ids are pseudonyms with the 903's key, so a child is the same child in both returns. A
 * return holds every episode open during its collection year (April to March): dates outside the
 * collection years stored have no count (children referred since, or whose episodes closed before,
 * are not in them). Pure.
 */
import type { IsoDate } from '../dates.ts';
import { isEpisodeOpenOn, isOpenOn, type CinData } from '../cin/model.ts';
import { isShortBreak, type CaseData } from '../model.ts';

export interface CinCases {
  readonly childInNeed: number;
  readonly childProtection: number;
}

/** The days the stored returns cover: 1 April before the first collection year to 31 March of the last. */
export function cinCoverage(years: { readonly first: number; readonly last: number }): {
  from: IsoDate;
  until: IsoDate;
} {
  return { from: `${years.first - 1}-04-01`, until: `${years.last}-03-31` };
}

/** The children looked after on `date` (open episodes that are not short breaks). */
export function lookedAfterOn(data: CaseData, date: IsoDate): Set<string> {
  const out = new Set<string>();
  for (const e of data.episodes) if (!isShortBreak(e) && isOpenOn(e, date)) out.add(e.childId);
  return out;
}

/** CIN and CP cases on each date the returns cover (`years`: the collection years stored); other dates are left out. */
export function cinCasesOn(
  cin: CinData,
  data: CaseData,
  dates: readonly IsoDate[],
  years: { readonly first: number; readonly last: number },
): Map<IsoDate, CinCases> {
  const out = new Map<IsoDate, CinCases>();
  const { from, until } = cinCoverage(years);
  for (const date of dates) {
    if (date < from || date > until) continue;
    const looked = lookedAfterOn(data, date);
    const onPlan = new Set<string>();
    for (const p of cin.protectionPlans) if (isOpenOn(p, date) && !looked.has(p.childId)) onPlan.add(p.childId);
    const inNeed = new Set<string>();
    for (const e of cin.episodes)
      if (!e.referralNfa && isEpisodeOpenOn(e, date) && !looked.has(e.childId) && !onPlan.has(e.childId))
        inNeed.add(e.childId);
    out.set(date, { childInNeed: inNeed.size, childProtection: onPlan.size });
  }
  return out;
}
