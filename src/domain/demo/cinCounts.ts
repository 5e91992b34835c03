/**
 * The demo council's monthly counts of what no return holds (contacts, early help), made from its
 * synthetic CIN census (./cin.ts) so that the front door starts where the census does. SYNTHETIC:
 * no return or national statistic holds contacts or early help, so the rates below are choices that
 * look like a council's front-door reports, not published figures:
 * - contacts: about 4 for each referral (a quarter of contacts become referrals; councils' own
 *   reports commonly show a fifth to a third): the month's referrals plus a Poisson count of
 *   3 x referrals, so never fewer contacts than referrals;
 * - early help assessments: a Poisson count of 0.9 x the month's referrals;
 * - early help episodes started: a Poisson count of 0.8 x the month's early help assessments.
 *
 * Months: every month the census covers whole, April of the first collection year's start to March
 * of the last (a return also holds episodes referred before its year, which are not counted).
 * Pure and seeded: its own stream of draws, so the census and the 903 returns are unchanged.
 */
import type { CinMonthlyCounts } from '../cin/model.ts';
import { Rng } from './random.ts';
import type { DemoCinYear } from './cin.ts';

/** Mixed into the council's seed so the counts have their own stream of draws. */
const COUNTS_STREAM = 0x0c0a7f;
/** Contacts that do not become referrals, for each referral (one contact in four becomes one). */
export const OTHER_CONTACTS_PER_REFERRAL = 3;
export const EARLY_HELP_ASSESSMENTS_PER_REFERRAL = 0.9;
export const EARLY_HELP_STARTS_PER_ASSESSMENT = 0.8;

/** The referrals in each month the census covers whole (`YYYY-MM`, in order), each referral counted once. */
export function referralsByMonth(census: readonly DemoCinYear[]): Array<{ month: string; referrals: number }> {
  if (census.length === 0) return [];
  const years = census.map((y) => y.collectionYear);
  const first = Math.min(...years);
  const last = Math.max(...years);
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  for (const y of census)
    for (const r of y.tables.cinDetails) {
      const key = `${r.LAchildID}|${r.CINreferralDate}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const month = (r.CINreferralDate ?? '').slice(0, 7);
      counts.set(month, (counts.get(month) ?? 0) + 1);
    }
  const out: Array<{ month: string; referrals: number }> = [];
  // April of the year before the first collection year, to March of the last: 12 months a year.
  for (let i = 0; i < 12 * (last - first + 1); i++) {
    const year = first - 1 + Math.floor((i + 3) / 12);
    const month = `${year}-${String(((i + 3) % 12) + 1).padStart(2, '0')}`;
    out.push({ month, referrals: counts.get(month) ?? 0 });
  }
  return out;
}

/** The demo council's monthly counts for the months its census covers. See the module comment. */
export function demoMonthlyCounts(
  census: readonly DemoCinYear[],
  options: { readonly seed: number },
): CinMonthlyCounts[] {
  const rng = Rng.seeded((options.seed ^ COUNTS_STREAM) | 0);
  return referralsByMonth(census).map(({ month, referrals }) => {
    const contacts = referrals + rng.poisson(OTHER_CONTACTS_PER_REFERRAL * referrals);
    const earlyHelpAssessments = rng.poisson(EARLY_HELP_ASSESSMENTS_PER_REFERRAL * referrals);
    const earlyHelpStarts = rng.poisson(EARLY_HELP_STARTS_PER_ASSESSMENT * earlyHelpAssessments);
    return { month, contacts, earlyHelpAssessments, earlyHelpStarts };
  });
}
