/**
 * SYNTHETIC workforce figures for the demo council (issue 12): five teams, month by month for two
 * years to `lastMonth`, sized from the children looked after so caseloads sit near their targets,
 * with turnover near the 15.8% a year a seed council reported, about a fifth of posts held by
 * agency workers, and a pay rise each April. Every figure is made up: none describes a real
 * council. Pure; the seeded generator is its own (the 903 returns' generator is untouched, so the
 * demo's returns are the same with or without it).
 */
import { Rng } from './random.ts';
import { addMonthsToKey, type CaseKind, type TeamPeriod } from '../workforce/model.ts';

interface TeamPlan {
  readonly team: string;
  readonly holds: readonly CaseKind[];
  readonly targetCaseload: number | null;
  /** Establishment (FTE posts) per looked after child. */
  readonly postsPerChild: number;
  readonly agencyShare: number;
  readonly hourly: boolean;
}

const TEAMS: readonly TeamPlan[] = [
  {
    team: 'Assessment and intervention',
    holds: ['child_in_need'],
    targetCaseload: 20,
    postsPerChild: 0.06,
    agencyShare: 0.25,
    hourly: false,
  },
  {
    team: 'Child protection',
    holds: ['child_protection'],
    targetCaseload: 18,
    postsPerChild: 0.04,
    agencyShare: 0.2,
    hourly: true,
  },
  {
    team: 'Children in care 1',
    holds: ['looked_after'],
    targetCaseload: 15,
    postsPerChild: 0.035,
    agencyShare: 0.2,
    hourly: false,
  },
  {
    team: 'Children in care 2',
    holds: ['looked_after'],
    targetCaseload: 15,
    postsPerChild: 0.035,
    agencyShare: 0.15,
    hourly: false,
  },
  {
    team: 'Fostering and permanence',
    holds: [],
    targetCaseload: null,
    postsPerChild: 0.02,
    agencyShare: 0.05,
    hourly: false,
  },
];

const round1 = (x: number) => Math.max(0, Math.round(x * 10) / 10);

/**
 * Two years of months to `lastMonth` (`YYYY-MM`) for a council with about `lookedAfter` children
 * looked after. Pay (SYNTHETIC): £42,000 a permanent FTE in the first month, 3% more each April after it,
 * 28.5% on-costs; agency £420 a day (225 days a year) or £56 an hour (7.4 hours, 225 days).
 */
export function demoWorkforce(lookedAfter: number, lastMonth: string, seed: number): TeamPeriod[] {
  const rng = Rng.seeded(seed ^ 0x5eed_0012);
  const months = Array.from({ length: 24 }, (_, i) => addMonthsToKey(lastMonth, i - 23));
  const out: TeamPeriod[] = [];
  for (const plan of TEAMS) {
    const posts = Math.max(2, Math.round(lookedAfter * plan.postsPerChild * 2) / 2);
    let agency = posts * plan.agencyShare;
    let permanent = posts - agency - posts * 0.08;
    for (const month of months) {
      const aprils = months.filter((m) => m > (months[0] as string) && m <= month && m.endsWith('-04')).length;
      const leavers = round1(Math.max(0, permanent * (0.158 / 12) * (0.4 + 1.2 * rng.uniform())));
      // Leavers are replaced over the next months by new starters or agency cover.
      permanent = Math.min(posts, Math.max(1, permanent - leavers + posts * (0.158 / 12) * (0.5 + rng.uniform())));
      agency = Math.min(posts - permanent, Math.max(0, agency + (rng.uniform() - 0.5) * 0.6));
      const vacancy = Math.max(0, posts - permanent);
      out.push({
        team: plan.team,
        periodStart: month,
        periodMonths: 1,
        permanentFte: round1(permanent),
        agencyFte: round1(agency),
        vacancyFte: round1(vacancy),
        leaversFte: leavers,
        salaryPence: Math.round(4_200_000 * 1.03 ** aprils),
        onCostsPercent: 28.5,
        agencyRatePence: plan.hourly ? 5_600 : 42_000,
        agencyRatePer: plan.hourly ? 'hour' : 'day',
        agencyDaysPerYear: 225,
        agencyHoursPerDay: plan.hourly ? 7.4 : null,
        holds: plan.holds,
        targetCaseload: plan.targetCaseload,
      });
    }
  }
  return out;
}
