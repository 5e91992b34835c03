/** The social work workforce (issue 12): all the SQL. Every query filters on `la_code`. */
import { isCaseKind, teamKey, type AgencyRatePer, type TeamPeriod } from '../domain/workforce/model.ts';
import type { WorkforceTeamPeriodsTable } from './tables/workforce.ts';
import type { DbOrTrx } from './caseData.repository.ts';

type Row = Omit<WorkforceTeamPeriodsTable, 'la_code' | 'team_key' | 'updated_at'>;

function fromRow(r: Row): TeamPeriod {
  const num = (t: string | null) => (t === null ? null : Number(t));
  return {
    team: r.team,
    periodStart: r.period_start,
    periodMonths: Number(r.period_months) === 3 ? 3 : 1,
    permanentFte: Number(r.permanent_fte),
    agencyFte: Number(r.agency_fte),
    vacancyFte: Number(r.vacancy_fte),
    leaversFte: Number(r.leavers_fte),
    salaryPence: Number(r.salary_pence),
    onCostsPercent: Number(r.on_costs_percent),
    agencyRatePence: r.agency_rate_pence === null ? null : Number(r.agency_rate_pence),
    agencyRatePer: r.agency_rate_per === null ? null : (r.agency_rate_per as AgencyRatePer),
    agencyDaysPerYear: num(r.agency_days_a_year),
    agencyHoursPerDay: num(r.agency_hours_a_day),
    holds: r.holds === '' ? [] : r.holds.split(';').filter(isCaseKind),
    targetCaseload: num(r.target_caseload),
  };
}

function toRow(laCode: string, p: TeamPeriod, now: string): WorkforceTeamPeriodsTable {
  const text = (n: number | null) => (n === null ? null : String(n));
  return {
    la_code: laCode,
    team: p.team,
    team_key: teamKey(p.team),
    period_start: p.periodStart,
    period_months: p.periodMonths,
    permanent_fte: String(p.permanentFte),
    agency_fte: String(p.agencyFte),
    vacancy_fte: String(p.vacancyFte),
    leavers_fte: String(p.leaversFte),
    salary_pence: p.salaryPence,
    on_costs_percent: String(p.onCostsPercent),
    agency_rate_pence: p.agencyRatePence,
    agency_rate_per: p.agencyRatePer,
    agency_days_a_year: text(p.agencyDaysPerYear),
    agency_hours_a_day: text(p.agencyHoursPerDay),
    holds: p.holds.join(';'),
    target_caseload: text(p.targetCaseload),
    updated_at: now,
  };
}

/** The council's team periods, by period then team. */
export async function listTeamPeriods(db: DbOrTrx, laCode: string): Promise<TeamPeriod[]> {
  const rows = await db
    .selectFrom('workforce_team_periods')
    .select([
      'team',
      'period_start',
      'period_months',
      'permanent_fte',
      'agency_fte',
      'vacancy_fte',
      'leavers_fte',
      'salary_pence',
      'on_costs_percent',
      'agency_rate_pence',
      'agency_rate_per',
      'agency_days_a_year',
      'agency_hours_a_day',
      'holds',
      'target_caseload',
    ])
    .where('la_code', '=', laCode)
    .orderBy('period_start')
    .orderBy('team_key')
    .execute();
  return rows.map(fromRow);
}

/** Sets one team's figures for one period (replacing them). */
export async function upsertTeamPeriod(db: DbOrTrx, laCode: string, p: TeamPeriod, now: string): Promise<void> {
  const row = toRow(laCode, p, now);
  const { la_code: _la, team_key: _key, period_start: _start, ...rest } = row;
  await db
    .insertInto('workforce_team_periods')
    .values(row)
    .onConflict((oc) => oc.columns(['la_code', 'team_key', 'period_start']).doUpdateSet(rest))
    .execute();
}

/** Removes one team's figures for one period; whether there were any. */
export async function deleteTeamPeriod(
  db: DbOrTrx,
  laCode: string,
  team: string,
  periodStart: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('workforce_team_periods')
    .where('la_code', '=', laCode)
    .where('team_key', '=', teamKey(team))
    .where('period_start', '=', periodStart)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Replaces every team's figures for each period in `periods` (call inside a transaction: one
 * change): the periods held are emptied first, so a team left out of a period is removed from it.
 */
export async function replacePeriods(
  db: DbOrTrx,
  laCode: string,
  periods: readonly TeamPeriod[],
  now: string,
): Promise<void> {
  const starts = [...new Set(periods.map((p) => p.periodStart))];
  if (starts.length === 0) return;
  for (let i = 0; i < starts.length; i += 500)
    await db
      .deleteFrom('workforce_team_periods')
      .where('la_code', '=', laCode)
      .where('period_start', 'in', starts.slice(i, i + 500))
      .execute();
  for (let i = 0; i < periods.length; i += 200)
    await db
      .insertInto('workforce_team_periods')
      .values(periods.slice(i, i + 200).map((p) => toRow(laCode, p, now)))
      .execute();
}
