/**
 * The children's social work workforce (issue 12): each team's figures for a period (a month, or a
 * financial quarter), as a council enters or imports them. Pure data; money is integer pence.
 *
 * FTE figures (permanent, agency, vacancies) are as at the period's last day; leavers are the
 * permanent FTE who left during the period. The words follow DfE's "Children's social work
 * workforce" release: "permanent" is DfE's "children and family social workers" (employed and paid
 * by the council), "agency" its agency workers (not paid directly by the council), "vacancies" the
 * FTE posts not filled by a permanent social worker (DfE counts a post covered by an agency worker
 * as a vacancy too).
 */

/** The cases a team holds: children looked after, children in need (not on a plan), children on a child protection plan. */
export const CASE_KINDS = ['looked_after', 'child_in_need', 'child_protection'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_KIND_LABELS: Readonly<Record<CaseKind, string>> = {
  looked_after: 'Looked after children',
  child_in_need: 'Children in need',
  child_protection: 'Child protection',
};

export function isCaseKind(value: string): value is CaseKind {
  return (CASE_KINDS as readonly string[]).includes(value);
}

/** How an agency rate is quoted: per day worked, or per hour worked. */
export type AgencyRatePer = 'day' | 'hour';
export const AGENCY_RATE_PERS: readonly AgencyRatePer[] = ['day', 'hour'];

/** One team's figures for one period. */
export interface TeamPeriod {
  /** The team's name as entered (trimmed, single spaces); teams are matched without regard to case. */
  readonly team: string;
  /** First month of the period, `YYYY-MM`. */
  readonly periodStart: string;
  /** 1 (a month) or 3 (a financial quarter). */
  readonly periodMonths: 1 | 3;
  /** Permanent social workers in post at the period end, FTE. */
  readonly permanentFte: number;
  /** Agency social workers at the period end, FTE. */
  readonly agencyFte: number;
  /** Vacant posts at the period end, FTE (covered by an agency worker or not). */
  readonly vacancyFte: number;
  /** Permanent social workers who left during the period, FTE. */
  readonly leaversFte: number;
  /** Annual salary of one permanent FTE, before on-costs, in pence. */
  readonly salaryPence: number;
  /** Employer's on-costs (National Insurance, pension) as a percentage of salary: 28.5 for 28.5%. */
  readonly onCostsPercent: number;
  /** Agency rate in pence per `agencyRatePer`; null when the team has no agency rate (no agency workers). */
  readonly agencyRatePence: number | null;
  readonly agencyRatePer: AgencyRatePer | null;
  /** Days an agency FTE works (and is paid for) in a year: the stated conversion of a day rate to a year. */
  readonly agencyDaysPerYear: number | null;
  /** Hours in an agency worker's day, for an hourly rate; null for a day rate. */
  readonly agencyHoursPerDay: number | null;
  /** The cases the team holds; empty for a team holding none (e.g. a fostering team). */
  readonly holds: readonly CaseKind[];
  /** Target cases per filled FTE; null for a team holding no cases. */
  readonly targetCaseload: number | null;
}

/** `YYYY-MM` of the period's last month. */
export function periodEndMonth(p: Pick<TeamPeriod, 'periodStart' | 'periodMonths'>): string {
  return addMonthsToKey(p.periodStart, p.periodMonths - 1);
}

/** `YYYY-MM` plus `n` months. */
export function addMonthsToKey(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to` (`YYYY-MM`); negative when `to` is earlier. */
export function monthKeyDiff(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

/** How a period is written: "2026-04" for a month, "2026/27 Q1" for a financial quarter. */
export function periodLabel(p: Pick<TeamPeriod, 'periodStart' | 'periodMonths'>): string {
  if (p.periodMonths === 1) return p.periodStart;
  const y = Number(p.periodStart.slice(0, 4));
  const m = Number(p.periodStart.slice(5, 7));
  const fyStart = m >= 4 ? y : y - 1;
  const quarter = Math.floor((m >= 4 ? m - 4 : m + 8) / 3) + 1;
  return `${fyStart}/${String((fyStart + 1) % 100).padStart(2, '0')} Q${quarter}`;
}

/** The team's key: its name without regard to case. */
export function teamKey(team: string): string {
  return team.toLowerCase();
}

/** Permanent plus agency FTE: the social workers actually working. */
export function filledFte(p: Pick<TeamPeriod, 'permanentFte' | 'agencyFte'>): number {
  return p.permanentFte + p.agencyFte;
}
