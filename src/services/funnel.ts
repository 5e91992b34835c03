/**
 * The front-door funnel (issue 12): contacts to referrals, assessments, section 47 enquiries,
 * initial conferences, child protection plans and entries to care, per month or collection year,
 * with conversion rates, re-referrals, plans by category and duration, entries by what came before
 * them and rates per 10,000 children; from the CIN census, the council's monthly counts and the 903.
 */
import Holidays from 'date-holidays';
import { addMonths, collectionYearOf, formatLongDate, isoFromYmd, parseDate, type IsoDate } from '../domain/dates.ts';
import type { CinData } from '../domain/cin/model.ts';
import {
  cinYearIndicators,
  entriesByRoute,
  funnel,
  protectionPlans,
  reReferrals,
  type CinYearIndicators,
  type EntryRoute,
  type FunnelPeriod,
  type Grain,
  type ProtectionPlans,
  type ReReferrals,
} from '../domain/funnel/funnel.ts';
import { ratePer10000 } from '../domain/indicators/lookedAfter.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import { cinCollectionYears, lastCinImport, loadCinData, loadCinMonthlyCounts } from '../store/cin.repository.ts';
import type { CaseData } from '../domain/model.ts';
import { DEFAULT_REFERENCE_MONTHS } from '../domain/engine/defaults.ts';
import { cpPlanShare, cpPlanShareWindow, type CpPlanShare } from '../domain/scenarios/cpPlansLever.ts';
import type { Db } from '../store/database.ts';
import { listChildPopulation } from '../store/indicators.repository.ts';
import { findCouncilSettings } from '../store/users.repository.ts';
import { assertAccess, READ_ROLES, type Actor } from './access.ts';
import { UserInputError } from './errors.ts';

/** The most months a funnel covers (ten years). */
export const MAX_FUNNEL_MONTHS = 120;

/**
 * England's bank holidays (England and Wales) in the years given, from the date-holidays calendar
 * (public holidays of GB-ENG, substitute days and one-off holidays included).
 */
export function englandBankHolidays(fromYear: number, toYear: number): Set<IsoDate> {
  const calendar = new Holidays('GB', 'ENG');
  const out = new Set<IsoDate>();
  for (let y = fromYear; y <= toYear; y++)
    for (const h of calendar.getHolidays(y)) if (h.type === 'public') out.add(h.date.slice(0, 10));
  return out;
}

export interface FunnelRates {
  /** Per 10,000 children aged 0-17 in the year; null without a population. */
  readonly referrals: number | null;
  readonly section47s: number | null;
  readonly icpcs: number | null;
  readonly cpPlans: number | null;
  readonly entries: number | null;
  readonly population: number | null;
}

export interface FunnelView {
  readonly laCode: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly grain: Grain;
  /** False when no CIN census has been imported (the funnel then has only contacts and entries). */
  readonly hasCin: boolean;
  readonly periods: readonly FunnelPeriod[];
  /** For a year: rates per 10,000 children, with that year's child population. */
  readonly rates: readonly (FunnelRates | null)[];
  /** Over the whole range, from the first period's start to the last's end. */
  readonly reReferrals: ReReferrals;
  readonly plans: ProtectionPlans;
  readonly entriesByRoute: Readonly<Record<EntryRoute, number>>;
}

function checkDate(field: string, text: string | undefined): IsoDate | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const d = parseDate(text.trim());
  if (d === null || !/^\d{4}-\d{2}-\d{2}$/.test(text.trim()))
    throw new UserInputError(field, `Enter the date as YYYY-MM-DD, for example 2025-04-01, not "${text}"`);
  return d;
}

/** The latest date in the CIN census (referrals, closures, plans), or null. */
function lastCinDate(cin: CinData): IsoDate | null {
  let last: IsoDate | null = null;
  const see = (d: IsoDate | null) => {
    if (d !== null && (last === null || d > last)) last = d;
  };
  for (const e of cin.episodes) {
    see(e.referralDate);
    see(e.closureDate);
  }
  for (const p of cin.protectionPlans) {
    see(p.start);
    see(p.end);
  }
  return last;
}

/** Population for each collection year: the year's own figure, else the council's single figure. */
async function populationFor(db: Db, laCode: string): Promise<(year: number) => number | null> {
  const [rows, settings] = await Promise.all([listChildPopulation(db, laCode), findCouncilSettings(db, laCode)]);
  const byYear = new Map(rows.map((r) => [r.year, r.population]));
  return (year) => byYear.get(year) ?? settings?.childPopulation ?? null;
}

/**
 * The funnel from `from` to `to` (whole months, or whole collection years, covering them). Without
 * dates: the 12 months up to the latest date in the CIN census (or the 903 when there is none).
 */
export async function funnelView(
  db: Db,
  actor: Actor,
  laCode: string,
  options: { readonly from?: string; readonly to?: string; readonly grain?: string } = {},
): Promise<FunnelView> {
  assertAccess(actor, laCode, READ_ROLES);
  const grain = options.grain ?? 'month';
  if (grain !== 'month' && grain !== 'year') throw new UserInputError('by', 'Show the funnel by month or by year');
  let from = checkDate('from', options.from);
  let to = checkDate('to', options.to);
  const [cin, care, monthly, population] = await Promise.all([
    loadCinData(db, laCode),
    loadCaseData(db, laCode),
    loadCinMonthlyCounts(db, laCode),
    populationFor(db, laCode),
  ]);
  if (to === undefined) {
    let last = lastCinDate(cin);
    for (const e of care.episodes) if (last === null || e.start > last) last = e.start;
    if (last === null) throw new UserInputError('to', 'No CIN census or 903 returns have been imported yet');
    to = last;
  }
  from ??= grain === 'month' ? addMonths(`${to.slice(0, 7)}-01`, -11) : isoFromYmd(collectionYearOf(to) - 3, 4, 1);
  if (from > to) throw new UserInputError('from', `The start (${from}) is after the end (${to})`);
  if (addMonths(from, MAX_FUNNEL_MONTHS) <= to)
    throw new UserInputError('from', `Show at most ${MAX_FUNNEL_MONTHS / 12} years at a time`);
  const input = { cin, care, monthly };
  const periods = funnel(input, from, to, grain);
  const first = periods[0];
  const last = periods[periods.length - 1];
  const start = first?.start ?? from;
  const end = last?.end ?? to;
  return {
    laCode,
    from: start,
    to: end,
    grain,
    hasCin: cin.episodes.length > 0,
    periods,
    rates: periods.map((p) => {
      if (grain !== 'year') return null;
      const pop = population(Number(p.period));
      const rate = (n: number | null) => (n === null ? null : ratePer10000(n, pop));
      return {
        referrals: rate(p.counts.referrals),
        section47s: rate(p.counts.section47s),
        icpcs: rate(p.counts.icpcs),
        cpPlans: rate(p.counts.cpPlans),
        entries: rate(p.counts.entries),
        population: pop,
      };
    }),
    reReferrals: reReferrals(cin, start, end),
    plans: protectionPlans(cin, start, end),
    entriesByRoute: entriesByRoute(input, start, end),
  };
}

/** The CIN census indicators for a collection year, with the council's population for it. */
export async function cinIndicatorsFor(
  db: Db,
  laCode: string,
  year: number,
): Promise<{ indicators: CinYearIndicators; hasCin: boolean }> {
  const cin = await loadCinData(db, laCode);
  return {
    indicators: cinYearIndicators(cin, year, englandBankHolidays(year - 1, year)),
    hasCin: cin.episodes.length > 0,
  };
}

/** Why the child protection plans lever cannot be used without a CIN census. */
export const NO_CIN_CENSUS =
  'cannot be used: the council has no children in need census imported (Data, Children in need census; or forecare cin import), so the share of entries to care that came after a child protection plan is not known';

/** Whether the council has a CIN census stored. */
export async function hasCinCensus(db: Db, laCode: string): Promise<boolean> {
  return (await cinCollectionYears(db, laCode)) !== null;
}

/**
 * The share of entries to care after a child protection plan, for the child protection plans
 * lever (src/domain/scenarios/cpPlansLever.ts): over the engine's reference window up to the
 * forecast `start` (the default 24 months, as scenario comparisons fit), cut to the years of the
 * council's CIN census, with the entries from `care` (the case data the forecast is fitted on).
 * When it cannot be measured, `problem` says why in words (no CIN census, a census that does not
 * cover the window, or no entries to care in it), for the lever's refusal.
 */
export async function cpPlanShareFor(
  db: Db,
  laCode: string,
  start: IsoDate,
  care: CaseData,
  referenceMonths: number = DEFAULT_REFERENCE_MONTHS,
): Promise<{ readonly share: CpPlanShare } | { readonly problem: string }> {
  const years = await cinCollectionYears(db, laCode);
  if (years === null) return { problem: NO_CIN_CENSUS };
  const window = cpPlanShareWindow(start, referenceMonths, years);
  const from = addMonths(start, -referenceMonths);
  if (window === null)
    return {
      problem: `cannot be used: the children in need census (collection years ${years.first} to ${years.last}) does not cover the ${referenceMonths} months up to the forecast start, ${formatLongDate(from)} to ${formatLongDate(start)}, so the share of entries to care that came after a child protection plan is not known`,
    };
  const share = cpPlanShare({ cin: await loadCinData(db, laCode), care }, window);
  if (share.entries === 0)
    return {
      problem: `cannot be used: no children entered care from ${formatLongDate(window.from)} to ${formatLongDate(window.to)} (the reference window, within the children in need census's years), so there is no share of entries after a child protection plan to apply`,
    };
  return { share };
}

/** A stamp of the council's CIN census (for caches of figures built on it): its latest import, or none. */
export async function cinVersion(db: Db, laCode: string): Promise<string> {
  return String((await lastCinImport(db, laCode))?.id ?? 'none');
}

export function createFunnelService(db: Db) {
  return {
    view: (actor: Actor, laCode: string, options: { from?: string; to?: string; grain?: string } = {}) =>
      funnelView(db, actor, laCode, options),
  };
}

export type FunnelService = ReturnType<typeof createFunnelService>;
