/**
 * FTE needed (issue 12): the social workers the forecast's cases need at each team's target
 * caseload, month by month.
 *
 * Each kind of case forecast for a month is shared among the teams that hold that kind as they
 * share it at the latest month with figures (`base`): in proportion to each team's establishment
 * (permanent + agency + vacant FTE: the posts it is meant to have), or equally when those teams
 * have no establishment at all. A team needs its cases / its target caseload; the council needs the
 * sum over its teams. Teams holding no cases need what they have (their establishment) and are not
 * in the figure. Looked after children come from the demand forecast (median, with the 10th and
 * 90th percentiles); kinds with no forecast (children in need, child protection) are held at the
 * latest count, and kinds with no count are left out.
 */
import { CASE_KINDS, type CaseKind, type TeamPeriod } from './model.ts';

/** Cases forecast for a month by kind: a central figure with a low and high end; null when not counted. */
export interface CaseForecastMonth {
  readonly month: string;
  readonly cases: Readonly<
    Record<CaseKind, { readonly low: number; readonly central: number; readonly high: number } | null>
  >;
}

export interface FteNeededMonth {
  readonly month: string;
  /** Forecast cases held by the case-holding teams (central). */
  readonly cases: number;
  readonly low: number;
  readonly central: number;
  readonly high: number;
}

export interface FteNeeded {
  /** Establishment (permanent + agency + vacant FTE) of the case-holding teams at `base`. */
  readonly establishmentFte: number;
  /** Filled FTE (permanent + agency) of the case-holding teams at `base`. */
  readonly filledFte: number;
  readonly months: readonly FteNeededMonth[];
  readonly warnings: readonly string[];
}

const establishment = (p: TeamPeriod) => p.permanentFte + p.agencyFte + p.vacancyFte;

/** The FTE needed each month by the case-holding teams of `base` (one month's periods, one per team). */
export function fteNeeded(base: readonly TeamPeriod[], forecast: readonly CaseForecastMonth[]): FteNeeded {
  const holding = base.filter((p) => p.holds.length > 0 && p.targetCaseload !== null && p.targetCaseload > 0);
  const warnings: string[] = [];
  // Each team's share of each kind.
  const share = new Map<TeamPeriod, Record<CaseKind, number>>();
  for (const p of holding) share.set(p, { looked_after: 0, child_in_need: 0, child_protection: 0 });
  for (const k of CASE_KINDS) {
    const pool = holding.filter((p) => p.holds.includes(k));
    if (pool.length === 0) continue;
    const total = pool.reduce((s, p) => s + establishment(p), 0);
    for (const p of pool)
      (share.get(p) as Record<CaseKind, number>)[k] = total > 0 ? establishment(p) / total : 1 / pool.length;
  }
  const heldKinds = CASE_KINDS.filter((k) => holding.some((p) => p.holds.includes(k)));
  for (const k of CASE_KINDS)
    if (!heldKinds.includes(k) && forecast.some((m) => (m.cases[k]?.central ?? 0) > 0))
      warnings.push(`No team holds ${k.replace(/_/g, ' ')} cases: they need no FTE in this figure.`);
  const months = forecast.map((m) => {
    let cases = 0;
    const need = { low: 0, central: 0, high: 0 };
    for (const p of holding) {
      const s = share.get(p) as Record<CaseKind, number>;
      const target = p.targetCaseload as number;
      for (const k of p.holds) {
        const f = m.cases[k];
        if (!f) continue;
        cases += f.central * s[k];
        need.low += (f.low * s[k]) / target;
        need.central += (f.central * s[k]) / target;
        need.high += (f.high * s[k]) / target;
      }
    }
    return { month: m.month, cases, ...need };
  });
  return {
    establishmentFte: holding.reduce((s, p) => s + establishment(p), 0),
    filledFte: holding.reduce((s, p) => s + p.permanentFte + p.agencyFte, 0),
    months,
    warnings,
  };
}
