/**
 * The front-door funnel (issue 12): for each month or collection year, the flows through the front
 * door into care, counted from the children in need census, the council's monthly counts and the
 * SSDA903 return, with the same child linked across the two returns by the pseudonym both share.
 *
 * Stages, each counted by the day it happened in the period:
 * - contacts: the council's own monthly counts (no return holds them); unknown (null) unless every
 *   month of the period has a count;
 * - referrals: CIN episodes whose referral date is in the period;
 * - assessments: child and family assessments started;
 * - section 47 enquiries started;
 * - initial child protection conferences held (on a section 47 enquiry, or recorded on the episode
 *   when its enquiry was in an earlier return; one a child a day);
 * - child protection plans started;
 * - entries to care: periods of care (903, short breaks left out) starting.
 * A conversion rate is a stage's count over the stage before it in the same period: a ratio of
 * flows, as councils' funnel papers show it, not the share of one cohort that went on (a referral
 * in March may be assessed in April).
 *
 * Also: re-referrals within 12 months, child protection plans by category and by duration, entries
 * to care by what came before them, and the CIN indicators for a collection year. Pure.
 */
import { addMonths, addYears, collectionYearOf, isoFromYmd, daysInMonth, monthKey, type IsoDate } from '../dates.ts';
import type { CaseData } from '../model.ts';
import type { CinData, CinMonthlyCounts } from '../cin/model.ts';
import { isOpenOn } from '../cin/model.ts';
import { periodsByChild } from '../indicators/lookedAfter.ts';
import { workingDaysBetween } from './workingDays.ts';

export const FUNNEL_STAGES = [
  { key: 'contacts', label: 'Contacts' },
  { key: 'referrals', label: 'Referrals' },
  { key: 'assessments', label: 'Assessments started' },
  { key: 'section47s', label: 'Section 47 enquiries' },
  { key: 'icpcs', label: 'Initial child protection conferences' },
  { key: 'cpPlans', label: 'Child protection plans started' },
  { key: 'entries', label: 'Entries to care' },
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number]['key'];

/** How far back, before entering care, a plan or episode counts as what came before. */
export const LOOKBACK_MONTHS = 12;
/** Assessment timeliness: completed within this many working days of starting (DfE). */
export const ASSESSMENT_WORKING_DAYS = 45;

export type Grain = 'month' | 'year';

export interface FunnelPeriod {
  /** `YYYY-MM` for a month; the collection year (`2025` = April 2024 to March 2025) for a year. */
  readonly period: string;
  readonly start: IsoDate;
  /** Last day, inclusive. */
  readonly end: IsoDate;
  readonly counts: Readonly<Record<FunnelStage, number | null>>;
  /** Each stage after the first over the one before it; null when that is 0 or unknown. */
  readonly conversions: Readonly<Record<Exclude<FunnelStage, 'contacts'>, number | null>>;
}

export interface FunnelInput {
  readonly cin: CinData;
  readonly care: CaseData;
  readonly monthly: readonly CinMonthlyCounts[];
}

/** The periods (whole months, or whole collection years) covering `from` to `to`. */
export function funnelPeriods(
  from: IsoDate,
  to: IsoDate,
  grain: Grain,
): { period: string; start: IsoDate; end: IsoDate }[] {
  const out: { period: string; start: IsoDate; end: IsoDate }[] = [];
  if (grain === 'month') {
    for (let m = `${monthKey(from)}-01`; m <= to; m = addMonths(m, 1)) {
      const y = Number(m.slice(0, 4));
      const mo = Number(m.slice(5, 7));
      out.push({ period: monthKey(m), start: m, end: isoFromYmd(y, mo, daysInMonth(y, mo)) });
    }
  } else {
    for (let y = collectionYearOf(from); y <= collectionYearOf(to); y++)
      out.push({ period: String(y), start: isoFromYmd(y - 1, 4, 1), end: isoFromYmd(y, 3, 31) });
  }
  return out;
}

const within = (d: IsoDate | null, start: IsoDate, end: IsoDate) => d !== null && d >= start && d <= end;

/** ICPCs as (child, date) once each: on section 47 enquiries and on episodes. */
function conferences(cin: CinData): { childId: string; date: IsoDate }[] {
  const seen = new Set<string>();
  const out: { childId: string; date: IsoDate }[] = [];
  const add = (childId: string, date: IsoDate | null) => {
    if (date === null) return;
    const k = `${childId}\u0000${date}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ childId, date });
  };
  for (const s of cin.section47s) add(s.childId, s.icpcDate);
  for (const e of cin.episodes) add(e.childId, e.initialCpcDate);
  return out;
}

/** Days each period of care started (short breaks left out), with the child. */
function careEntries(care: CaseData): { childId: string; date: IsoDate }[] {
  const out: { childId: string; date: IsoDate }[] = [];
  for (const [childId, periods] of periodsByChild(care)) for (const p of periods) out.push({ childId, date: p.start });
  return out;
}

/** The funnel for each period from `from` to `to`. Inputs are not mutated. */
export function funnel(input: FunnelInput, from: IsoDate, to: IsoDate, grain: Grain): FunnelPeriod[] {
  const icpcs = conferences(input.cin);
  const entries = careEntries(input.care);
  const contactsByMonth = new Map(input.monthly.map((m) => [m.month, m.contacts]));
  return funnelPeriods(from, to, grain).map(({ period, start, end }) => {
    let contacts: number | null = 0;
    for (let m = start; m <= end; m = addMonths(m, 1)) {
      const c = contactsByMonth.get(monthKey(m));
      contacts = c === undefined || c === null || contacts === null ? null : contacts + c;
    }
    const counts: Record<FunnelStage, number | null> = {
      contacts,
      referrals: input.cin.episodes.filter((e) => within(e.referralDate, start, end)).length,
      assessments: input.cin.assessments.filter((a) => within(a.start, start, end)).length,
      section47s: input.cin.section47s.filter((s) => within(s.start, start, end)).length,
      icpcs: icpcs.filter((c) => within(c.date, start, end)).length,
      cpPlans: input.cin.protectionPlans.filter((p) => within(p.start, start, end)).length,
      entries: entries.filter((e) => within(e.date, start, end)).length,
    };
    const conversions = {} as Record<Exclude<FunnelStage, 'contacts'>, number | null>;
    for (let i = 1; i < FUNNEL_STAGES.length; i++) {
      const here = counts[(FUNNEL_STAGES[i] as (typeof FUNNEL_STAGES)[number]).key];
      const before = counts[(FUNNEL_STAGES[i - 1] as (typeof FUNNEL_STAGES)[number]).key];
      conversions[(FUNNEL_STAGES[i] as (typeof FUNNEL_STAGES)[number]).key as Exclude<FunnelStage, 'contacts'>] =
        here === null || before === null || before === 0 ? null : here / before;
    }
    return { period, start, end, counts, conversions };
  });
}

export interface ReReferrals {
  readonly referrals: number;
  /** Referrals of a child referred before within the 12 months up to this referral. */
  readonly within12Months: number;
}

/** Referrals in [start, end] and those within 12 months of the child's previous referral (DfE). */
export function reReferrals(cin: CinData, start: IsoDate, end: IsoDate): ReReferrals {
  const byChild = new Map<string, IsoDate[]>();
  for (const e of cin.episodes) {
    let list = byChild.get(e.childId);
    if (!list) byChild.set(e.childId, (list = []));
    list.push(e.referralDate);
  }
  let referrals = 0;
  let again = 0;
  for (const dates of byChild.values()) {
    const sorted = [...dates].sort();
    sorted.forEach((d, i) => {
      if (!within(d, start, end)) return;
      referrals++;
      const previous = i > 0 ? (sorted[i - 1] as IsoDate) : null;
      if (previous !== null && previous < d && previous >= addYears(d, -1)) again++;
    });
  }
  return { referrals, within12Months: again };
}

/** The DfE's bands for how long a child protection plan lasted (for plans that ended). */
export const PLAN_DURATIONS = [
  { key: 'under3m', label: 'Under 3 months', months: 0 },
  { key: 'm3to6', label: '3 months to under 6 months', months: 3 },
  { key: 'm6to12', label: '6 months to under 1 year', months: 6 },
  { key: 'y1to2', label: '1 year to under 2 years', months: 12 },
  { key: 'y2plus', label: '2 years and over', months: 24 },
] as const;
export type PlanDuration = (typeof PLAN_DURATIONS)[number]['key'];

export interface ProtectionPlans {
  /** Plans started in the period, by initial category of abuse (NEG, PHY, SAB, EMO, MUL). */
  readonly startedByCategory: Readonly<Record<string, number>>;
  /** Plans started in the period that were the child's second or later (NumberOfPreviousCPP > 0). */
  readonly startedRepeat: number;
  readonly started: number;
  /** Plans ended in the period, by how long they lasted. */
  readonly endedByDuration: Readonly<Record<PlanDuration, number>>;
  readonly ended: number;
}

function durationOf(start: IsoDate, end: IsoDate): PlanDuration {
  let band: PlanDuration = 'under3m';
  for (const b of PLAN_DURATIONS) if (addMonths(start, b.months) <= end) band = b.key;
  return band;
}

/** Child protection plans started and ended in [start, end]. */
export function protectionPlans(cin: CinData, start: IsoDate, end: IsoDate): ProtectionPlans {
  const startedByCategory: Record<string, number> = {};
  const endedByDuration: Record<PlanDuration, number> = { under3m: 0, m3to6: 0, m6to12: 0, y1to2: 0, y2plus: 0 };
  let started = 0;
  let repeat = 0;
  let ended = 0;
  for (const p of cin.protectionPlans) {
    if (within(p.start, start, end)) {
      started++;
      startedByCategory[p.initialCategory] = (startedByCategory[p.initialCategory] ?? 0) + 1;
      if (p.previousPlans > 0) repeat++;
    }
    if (p.end !== null && within(p.end, start, end)) {
      ended++;
      endedByDuration[durationOf(p.start, p.end)]++;
    }
  }
  return { startedByCategory, startedRepeat: repeat, started, endedByDuration, ended };
}

export const ENTRY_ROUTES = [
  { key: 'cpPlan', label: 'After a child protection plan' },
  { key: 'cinEpisode', label: 'After a CIN episode without a plan' },
  { key: 'neither', label: 'Neither' },
  { key: 'uasc', label: 'Unaccompanied asylum-seeking children' },
] as const;
export type EntryRoute = (typeof ENTRY_ROUTES)[number]['key'];

/**
 * Entries to care in [start, end] by what came before: a child protection plan open at some time
 * in the 12 months up to the entry (started on or before it); else a CIN episode open at some time
 * in those 12 months; else neither. Unaccompanied asylum-seeking children (UASC on the entry day,
 * from the 903) are counted on their own, whatever came before.
 */
export function entriesByRoute(input: FunnelInput, start: IsoDate, end: IsoDate): Record<EntryRoute, number> {
  const out: Record<EntryRoute, number> = { cpPlan: 0, cinEpisode: 0, neither: 0, uasc: 0 };
  const children = new Map(input.care.children.map((c) => [c.childId, c]));
  const plans = new Map<string, { start: IsoDate; end: IsoDate | null }[]>();
  for (const p of input.cin.protectionPlans) {
    let list = plans.get(p.childId);
    if (!list) plans.set(p.childId, (list = []));
    list.push(p);
  }
  const episodes = new Map<string, { start: IsoDate; end: IsoDate | null }[]>();
  for (const e of input.cin.episodes) {
    let list = episodes.get(e.childId);
    if (!list) episodes.set(e.childId, (list = []));
    list.push({ start: e.referralDate, end: e.closureDate });
  }
  const before = (spans: readonly { start: IsoDate; end: IsoDate | null }[] | undefined, entry: IsoDate) => {
    const since = addMonths(entry, -LOOKBACK_MONTHS);
    return (spans ?? []).some((s) => s.start <= entry && (s.end === null || s.end >= since));
  };
  for (const e of careEntries(input.care)) {
    if (!within(e.date, start, end)) continue;
    const child = children.get(e.childId);
    if (child?.uasc && (child.uascCeased === null || e.date < child.uascCeased)) out.uasc++;
    else if (before(plans.get(e.childId), e.date)) out.cpPlan++;
    else if (before(episodes.get(e.childId), e.date)) out.cinEpisode++;
    else out.neither++;
  }
  return out;
}

export interface CinYearIndicators {
  readonly year: number;
  readonly referrals: ReReferrals;
  /** Children with a child protection plan open on 31 March. */
  readonly onPlanAt31March: number;
  readonly plans: ProtectionPlans;
  /** Assessments completed (authorised) in the year. */
  readonly assessmentsCompleted: number;
  /** Of those, completed within 45 working days of starting. */
  readonly assessmentsWithin45Days: number;
  readonly section47s: number;
  readonly icpcs: number;
}

/** The CIN census indicators for collection year `year`, as the DfE's "Characteristics of children in need" counts them. */
export function cinYearIndicators(cin: CinData, year: number, bankHolidays: ReadonlySet<IsoDate>): CinYearIndicators {
  const start = isoFromYmd(year - 1, 4, 1);
  const end = isoFromYmd(year, 3, 31);
  const onPlan = new Set(cin.protectionPlans.filter((p) => isOpenOn(p, end)).map((p) => p.childId));
  let completed = 0;
  let onTime = 0;
  for (const a of cin.assessments) {
    if (a.authorised === null || !within(a.authorised, start, end)) continue;
    completed++;
    if (workingDaysBetween(a.start, a.authorised, bankHolidays) <= ASSESSMENT_WORKING_DAYS) onTime++;
  }
  return {
    year,
    referrals: reReferrals(cin, start, end),
    onPlanAt31March: onPlan.size,
    plans: protectionPlans(cin, start, end),
    assessmentsCompleted: completed,
    assessmentsWithin45Days: onTime,
    section47s: cin.section47s.filter((s) => within(s.start, start, end)).length,
    icpcs: conferences(cin).filter((c) => within(c.date, start, end)).length,
  };
}
