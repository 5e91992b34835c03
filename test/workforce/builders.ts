/** Builders for workforce tests: one team's figures for a month, with plain defaults. */
import type { TeamPeriod } from '../../src/domain/workforce/model.ts';

export function aTeamPeriod(over: Partial<TeamPeriod> = {}): TeamPeriod {
  return {
    team: 'Children in care 1',
    periodStart: '2026-03',
    periodMonths: 1,
    permanentFte: 10,
    agencyFte: 0,
    vacancyFte: 0,
    leaversFte: 0,
    salaryPence: 4_200_000,
    onCostsPercent: 0,
    agencyRatePence: null,
    agencyRatePer: null,
    agencyDaysPerYear: null,
    agencyHoursPerDay: null,
    holds: ['looked_after'],
    targetCaseload: 15,
    ...over,
  };
}

/** `YYYY-MM` of each of `n` months from `first`. */
export function monthsFrom(first: string, n: number): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  for (let i = 0; i < n; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}
