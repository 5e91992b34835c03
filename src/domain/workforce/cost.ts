/**
 * What the workforce costs (issue 12), by team and financial year (April to March).
 *
 * - A permanent FTE costs its annual salary plus the employer's on-costs a year:
 *   salary x (100 + on-costs %) / 100.
 * - An agency FTE costs its rate for the working time stated a year: day rate x days a year, or
 *   hourly rate x hours a day x days a year.
 * - A period's cost is (permanent FTE x permanent cost + agency FTE x agency cost) x months / 12:
 *   the FTE at the period end are taken to have been there all period (the figures a council keeps
 *   monthly or quarterly say no more).
 * - Rounding point (docs/adr/0003): the exact amounts are added up per team, financial year and
 *   kind (permanent, agency) and rounded once to whole pence there, half away from zero; team and
 *   council totals are sums of those rounded cells, so they always add up.
 *
 * The agency premium of a team is its agency cost per FTE less its permanent cost per FTE: what
 * replacing one agency worker by a permanent one saves a year.
 */
import { financialYearLabel, financialYearStart } from '../dates.ts';
import { roundPence, type Pence } from '../finance/money.ts';
import { addMonthsToKey, teamKey, type TeamPeriod } from './model.ts';

/** Exact annual cost of one permanent FTE in pence: salary plus on-costs (unrounded). */
export function permanentCostPerFte(p: Pick<TeamPeriod, 'salaryPence' | 'onCostsPercent'>): number {
  return (p.salaryPence * (100 + p.onCostsPercent)) / 100;
}

/** Exact annual cost of one agency FTE in pence; null when the team states no agency rate. */
export function agencyCostPerFte(
  p: Pick<TeamPeriod, 'agencyRatePence' | 'agencyRatePer' | 'agencyDaysPerYear' | 'agencyHoursPerDay'>,
): number | null {
  if (p.agencyRatePence === null || p.agencyDaysPerYear === null) return null;
  if (p.agencyRatePer === 'hour') {
    if (p.agencyHoursPerDay === null) return null;
    return p.agencyRatePence * p.agencyHoursPerDay * p.agencyDaysPerYear;
  }
  return p.agencyRatePence * p.agencyDaysPerYear;
}

/** Exact annual agency premium per FTE (agency cost less permanent cost); null without an agency rate. */
export function agencyPremiumPerFte(p: TeamPeriod): number | null {
  const agency = agencyCostPerFte(p);
  return agency === null ? null : agency - permanentCostPerFte(p);
}

export interface TeamYearCost {
  readonly team: string;
  /** Start year of the financial year (2026 = 2026/27). */
  readonly year: number;
  readonly yearLabel: string;
  /** Months of the year with figures for the team. */
  readonly months: number;
  readonly permanentPence: Pence;
  readonly agencyPence: Pence;
  readonly totalPence: Pence;
}

export interface YearCost {
  readonly year: number;
  readonly yearLabel: string;
  readonly permanentPence: Pence;
  readonly agencyPence: Pence;
  readonly totalPence: Pence;
}

export interface WorkforceCost {
  /** By team (in the order teams are first met) then year. */
  readonly teams: readonly TeamYearCost[];
  /** Council totals by year: sums of the teams' rounded cells. */
  readonly years: readonly YearCost[];
  /** Agency FTE with no agency rate to cost them: costed at nothing, and said here. */
  readonly warnings: readonly string[];
}

/**
 * The workforce's cost by team and financial year. A quarter's months fall in its financial year
 * (quarters never straddle one), so each period's cost goes to one year.
 */
export function workforceCost(periods: readonly TeamPeriod[]): WorkforceCost {
  const cells = new Map<string, { team: string; year: number; months: number; permanent: number; agency: number }>();
  const order: string[] = [];
  const warnings: string[] = [];
  for (const p of periods) {
    const year = financialYearStart(`${addMonthsToKey(p.periodStart, 0)}-01`);
    const key = `${teamKey(p.team)}|${year}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { team: p.team, year, months: 0, permanent: 0, agency: 0 };
      cells.set(key, cell);
      order.push(key);
    }
    const share = p.periodMonths / 12;
    cell.months += p.periodMonths;
    cell.permanent += p.permanentFte * permanentCostPerFte(p) * share;
    const agency = agencyCostPerFte(p);
    if (agency === null) {
      if (p.agencyFte > 0)
        warnings.push(
          `${p.team}, ${p.periodStart}: ${p.agencyFte} agency FTE but no agency rate, so they are costed at nothing.`,
        );
    } else cell.agency += p.agencyFte * agency * share;
  }
  const teamRank = new Map<string, number>();
  for (const key of order) {
    const t = key.split('|')[0] as string;
    if (!teamRank.has(t)) teamRank.set(t, teamRank.size);
  }
  const teams: TeamYearCost[] = order
    .map((key) => cells.get(key)!)
    .sort((a, b) => (teamRank.get(teamKey(a.team)) ?? 0) - (teamRank.get(teamKey(b.team)) ?? 0) || a.year - b.year)
    .map((c) => {
      const permanentPence = roundPence(c.permanent);
      const agencyPence = roundPence(c.agency);
      return {
        team: c.team,
        year: c.year,
        yearLabel: financialYearLabel(c.year),
        months: c.months,
        permanentPence,
        agencyPence,
        totalPence: permanentPence + agencyPence,
      };
    });
  const byYear = new Map<number, { permanent: number; agency: number }>();
  for (const t of teams) {
    const y = byYear.get(t.year) ?? { permanent: 0, agency: 0 };
    y.permanent += t.permanentPence;
    y.agency += t.agencyPence;
    byYear.set(t.year, y);
  }
  const years = [...byYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, y]) => ({
      year,
      yearLabel: financialYearLabel(year),
      permanentPence: y.permanent,
      agencyPence: y.agency,
      totalPence: y.permanent + y.agency,
    }));
  return { teams, years, warnings };
}
