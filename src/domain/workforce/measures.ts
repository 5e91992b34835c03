/**
 * Workforce measures at a month end (issue 12), by team and for the council, defined as DfE's
 * "Children's social work workforce" release defines them (FTE basis):
 *
 * - Turnover rate = FTE permanent leavers in the 12 months to the month end / FTE permanent social
 *   workers in post at the month end. (DfE: leavers in the year to 30 September / in post at
 *   30 September; England 2025: 4,230.5 / 35,855 = 11.8%.) It needs all 12 months: a team (or
 *   council) without figures for each of them has no turnover rate.
 * - Vacancy rate = FTE vacancies / (FTE vacancies + FTE permanent social workers in post).
 * - Agency rate = FTE agency workers / (FTE agency workers + FTE permanent social workers in post).
 * - Caseload = cases / filled FTE (permanent + agency): cases per social worker actually working.
 *   DfE's caseload counts cases held by case-holding social workers; the teams a council marks as
 *   holding cases are its case holders.
 *
 * Cases are not held by teams in the returns, so each kind of case (looked after, child in need,
 * child protection) is shared among the teams that hold that kind in proportion to their filled
 * FTE; a team's caseload is then the sum, over the kinds it holds, of that kind's cases per filled
 * FTE of all the teams holding it. The council's caseload is all counted cases / the filled FTE of
 * every case-holding team. A rate with nobody to divide by is 0 with a warning (never NaN); a
 * caseload with cases but no filled FTE is null with a warning.
 */
import {
  CASE_KIND_LABELS,
  CASE_KINDS,
  filledFte,
  monthKeyDiff,
  periodEndMonth,
  teamKey,
  type CaseKind,
  type TeamPeriod,
} from './model.ts';

/** Cases at a month end by kind; null for a kind Forecare cannot count (e.g. no CIN census loaded). */
export type CaseCounts = Readonly<Record<CaseKind, number | null>>;

export interface Rates {
  /** 0-1; null without 12 months of leavers. */
  readonly turnover: number | null;
  /** FTE leavers in the 12 months to the month end; null without all 12 months. */
  readonly leaversFte12m: number | null;
  readonly vacancy: number;
  readonly agency: number;
}

export interface TeamMeasures extends Rates {
  readonly team: string;
  readonly permanentFte: number;
  readonly agencyFte: number;
  readonly vacancyFte: number;
  readonly holds: readonly CaseKind[];
  /** The team's share of the counted cases (a fraction where cases are shared). */
  readonly cases: number;
  /** Cases per filled FTE; null when it holds none, or holds cases with no filled FTE. */
  readonly caseload: number | null;
  readonly targetCaseload: number | null;
}

export interface CouncilMeasures extends Rates {
  /** `YYYY-MM` of the month end. */
  readonly month: string;
  readonly permanentFte: number;
  readonly agencyFte: number;
  readonly vacancyFte: number;
  readonly teams: readonly TeamMeasures[];
  readonly caseCounts: CaseCounts;
  /** Counted cases held by the case-holding teams. */
  readonly cases: number;
  /** Filled FTE of the teams holding cases. */
  readonly caseHoldingFte: number;
  readonly caseload: number | null;
  /** Target caseload of the case-holding teams, weighted by their filled FTE; null when none. */
  readonly targetCaseload: number | null;
  /** Kinds of case not counted (no data): caseloads leave them out. */
  readonly uncounted: readonly CaseKind[];
  readonly warnings: readonly string[];
}

/** Periods whose end is the month. */
export function periodsEndingIn(periods: readonly TeamPeriod[], month: string): TeamPeriod[] {
  return periods.filter((p) => periodEndMonth(p) === month);
}

/** Months (`YYYY-MM`) that periods end in, ascending. */
export function periodEnds(periods: readonly TeamPeriod[]): string[] {
  return [...new Set(periods.map(periodEndMonth))].sort();
}

const ratio = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

/**
 * Leavers in the 12 months to `month` from these periods, or null unless the periods cover each of
 * those months exactly once.
 */
function leaversOver12Months(periods: readonly TeamPeriod[], month: string): number | null {
  const covered = new Set<number>();
  let leavers = 0;
  for (const p of periods) {
    const end = monthKeyDiff(periodEndMonth(p), month); // 0 = ends in the month
    const first = end + p.periodMonths - 1;
    if (end < 0 || first > 11) continue;
    for (let k = end; k <= first; k++) covered.add(k);
    leavers += p.leaversFte;
  }
  return covered.size === 12 ? leavers : null;
}

/**
 * Measures at the end of `month` from every team period the council holds (`periods`: all of
 * them, for the 12 months of leavers) and the cases counted at that month end.
 */
export function measuresAt(periods: readonly TeamPeriod[], month: string, caseCounts: CaseCounts): CouncilMeasures {
  const now = periodsEndingIn(periods, month);
  const warnings: string[] = [];
  const uncounted = CASE_KINDS.filter((k) => caseCounts[k] === null);

  // Filled FTE of the teams holding each kind.
  const poolFte = Object.fromEntries(CASE_KINDS.map((k) => [k, 0])) as Record<CaseKind, number>;
  for (const p of now) for (const k of p.holds) poolFte[k] += filledFte(p);
  for (const k of CASE_KINDS) {
    const n = caseCounts[k];
    if (n === null || n === 0) continue;
    if (!now.some((p) => p.holds.includes(k)))
      warnings.push(`${month}: no team holds ${CASE_KIND_LABELS[k].toLowerCase()} (${n}); they are in no caseload.`);
    else if (poolFte[k] === 0)
      warnings.push(
        `${month}: the teams holding ${CASE_KIND_LABELS[k].toLowerCase()} (${n}) have no filled FTE; their caseload cannot be worked out.`,
      );
  }

  const teams: TeamMeasures[] = now.map((p) => {
    const own = periods.filter((q) => teamKey(q.team) === teamKey(p.team));
    const leavers = leaversOver12Months(own, month);
    const filled = filledFte(p);
    let cases = 0;
    let caseload: number | null = p.holds.length > 0 ? 0 : null;
    for (const k of p.holds) {
      const n = caseCounts[k];
      if (n === null || n === 0) continue;
      if (poolFte[k] === 0) {
        caseload = null;
        continue;
      }
      cases += (n * filled) / poolFte[k];
      if (caseload !== null) caseload += n / poolFte[k];
    }
    if (p.holds.length > 0 && filled === 0) caseload = null;
    return {
      team: p.team,
      permanentFte: p.permanentFte,
      agencyFte: p.agencyFte,
      vacancyFte: p.vacancyFte,
      leaversFte12m: leavers,
      turnover: leavers === null ? null : ratio(leavers, p.permanentFte),
      vacancy: ratio(p.vacancyFte, p.vacancyFte + p.permanentFte),
      agency: ratio(p.agencyFte, p.agencyFte + p.permanentFte),
      holds: p.holds,
      cases,
      caseload,
      targetCaseload: p.targetCaseload,
    };
  });

  const sum = (f: (p: TeamPeriod) => number) => now.reduce((s, p) => s + f(p), 0);
  const permanentFte = sum((p) => p.permanentFte);
  const agencyFte = sum((p) => p.agencyFte);
  const vacancyFte = sum((p) => p.vacancyFte);
  const leavers = leaversOver12Months(councilPeriods(periods), month);
  const holding = now.filter((p) => p.holds.length > 0);
  const caseHoldingFte = holding.reduce((s, p) => s + filledFte(p), 0);
  const cases = CASE_KINDS.reduce((s, k) => s + (poolFte[k] > 0 ? (caseCounts[k] ?? 0) : 0), 0);
  const weighted = holding.reduce((s, p) => s + filledFte(p) * (p.targetCaseload ?? 0), 0);
  if (now.length > 0 && permanentFte + vacancyFte === 0)
    warnings.push(`${month}: no permanent FTE or vacancies; the vacancy and agency rates are 0.`);
  return {
    month,
    permanentFte,
    agencyFte,
    vacancyFte,
    leaversFte12m: leavers,
    turnover: leavers === null ? null : ratio(leavers, permanentFte),
    vacancy: ratio(vacancyFte, vacancyFte + permanentFte),
    agency: ratio(agencyFte, agencyFte + permanentFte),
    teams,
    caseCounts,
    cases,
    caseHoldingFte,
    caseload: caseHoldingFte > 0 ? cases / caseHoldingFte : null,
    targetCaseload: caseHoldingFte > 0 ? weighted / caseHoldingFte : null,
    uncounted,
    warnings,
  };
}

/**
 * The council's periods as one team: each period (start and length) summed over teams, so the
 * council's 12 months are covered when any team has figures for each month.
 */
function councilPeriods(periods: readonly TeamPeriod[]): TeamPeriod[] {
  const byPeriod = new Map<string, TeamPeriod>();
  for (const p of periods) {
    const key = `${p.periodStart}|${p.periodMonths}`;
    const seen = byPeriod.get(key);
    byPeriod.set(key, seen ? { ...seen, leaversFte: seen.leaversFte + p.leaversFte } : { ...p, team: 'council' });
  }
  return [...byPeriod.values()];
}
