/**
 * Reading workforce figures as people write them (issue 12): a table with one row per team and
 * period (docs/workforce.md lists the columns), or the web's form for one team and period. Every
 * problem names the file, row, column and rule; a file with any problem is refused whole by the
 * service. Pure.
 */
import { parsePoundsText } from '../finance/budgets.ts';
import { poundsToPence } from '../finance/money.ts';
import {
  AGENCY_RATE_PERS,
  CASE_KINDS,
  isCaseKind,
  periodEndMonth,
  periodLabel,
  teamKey,
  type AgencyRatePer,
  type CaseKind,
  type TeamPeriod,
} from './model.ts';

export const WORKFORCE_COLUMNS = [
  'team',
  'period',
  'permanent_fte',
  'agency_fte',
  'vacancy_fte',
  'leavers_fte',
  'salary',
  'on_costs_percent',
  'agency_rate',
  'agency_rate_per',
  'agency_days_a_year',
  'agency_hours_a_day',
  'holds',
  'target_caseload',
] as const;
export type WorkforceColumn = (typeof WORKFORCE_COLUMNS)[number];

/** Columns a file must have (the rest may be left out when blank for every row). */
export const REQUIRED_COLUMNS: readonly WorkforceColumn[] = [
  'team',
  'period',
  'permanent_fte',
  'agency_fte',
  'vacancy_fte',
  'leavers_fte',
  'salary',
  'on_costs_percent',
];

export type WorkforceRule =
  | 'WORKFORCE-FILE'
  | 'WORKFORCE-COLUMN-MISSING'
  | 'WORKFORCE-TEAM'
  | 'WORKFORCE-PERIOD'
  | 'WORKFORCE-FTE'
  | 'WORKFORCE-SALARY'
  | 'WORKFORCE-ON-COSTS'
  | 'WORKFORCE-AGENCY-RATE'
  | 'WORKFORCE-AGENCY-TIME'
  | 'WORKFORCE-HOLDS'
  | 'WORKFORCE-CASELOAD'
  | 'WORKFORCE-DUPLICATE'
  | 'WORKFORCE-PERIODS-MIXED';

export interface WorkforceProblem {
  readonly file: string;
  /** 1-based spreadsheet row (header = 1); null for the whole file. */
  readonly row: number | null;
  readonly column: string | null;
  readonly rule: WorkforceRule;
  readonly message: string;
}

/** "file, row 3, column agency_fte: message (WORKFORCE-FTE)". */
export function formatWorkforceProblem(p: WorkforceProblem): string {
  // A message about reading the file may already start with its name ("w.csv is empty.").
  if (p.message.startsWith(p.file)) return `${p.message} (${p.rule})`;
  const where = [p.file, p.row === null ? null : `row ${p.row}`, p.column === null ? null : `column ${p.column}`]
    .filter((x) => x !== null)
    .join(', ');
  return `${where}: ${p.message} (${p.rule})`;
}

export const LIMITS = {
  maxTeamName: 80,
  maxFte: 10_000,
  maxSalaryPounds: 1_000_000,
  maxOnCostsPercent: 100,
  maxDayRatePounds: 10_000,
  maxHourRatePounds: 1_000,
  minDaysPerYear: 1,
  maxDaysPerYear: 366,
  maxHoursPerDay: 24,
  maxCaseload: 200,
  firstYear: 2000,
  lastYear: 2100,
} as const;

/** A field's problem before the file and row are known. */
export interface FieldProblem {
  readonly column: WorkforceColumn;
  readonly rule: WorkforceRule;
  readonly message: string;
}

export type FieldResult =
  | { readonly ok: true; readonly value: TeamPeriod }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** "2026-04" (a month), "2026-04-30" (the month of a date, as Excel writes a date cell) or "2026/27 Q1". */
export function parsePeriod(text: string): { start: string; months: 1 | 3 } | null {
  const t = text.trim();
  const month = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(t);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    if (m < 1 || m > 12 || y < LIMITS.firstYear || y > LIMITS.lastYear) return null;
    if (month[3] !== undefined) {
      const d = Number(month[3]);
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      if (d < 1 || d > last) return null;
    }
    return { start: `${month[1]}-${month[2]}`, months: 1 };
  }
  const quarter = /^(\d{4})\/(\d{2})\s*Q([1-4])$/i.exec(t);
  if (quarter) {
    const y = Number(quarter[1]);
    if ((y + 1) % 100 !== Number(quarter[2]) || y < LIMITS.firstYear || y > LIMITS.lastYear) return null;
    const q = Number(quarter[3]);
    const firstMonth = 4 + (q - 1) * 3; // Q1 April, Q2 July, Q3 October, Q4 January
    const year = firstMonth > 12 ? y + 1 : y;
    const m = firstMonth > 12 ? firstMonth - 12 : firstMonth;
    return { start: `${year}-${String(m).padStart(2, '0')}`, months: 3 };
  }
  return null;
}

function parseNumber(text: string): number | null {
  const t = text.trim().replace(/,/g, '').replace(/%$/, '').trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Reads "looked_after; child_in_need" (or labels, any case, separated by ; , or |), or "none" / blank. */
export function parseHolds(text: string): CaseKind[] | string {
  const t = text.trim();
  if (t === '' || /^none$/i.test(t)) return [];
  const out: CaseKind[] = [];
  for (const part of t.split(/[;,|]/)) {
    const p = part
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (p === '') continue;
    const kind = isCaseKind(p)
      ? p
      : (
          {
            looked_after_children: 'looked_after',
            cla: 'looked_after',
            lac: 'looked_after',
            children_in_need: 'child_in_need',
            cin: 'child_in_need',
            cp: 'child_protection',
          } as Record<string, CaseKind>
        )[p];
    if (!kind) return part.trim();
    if (!out.includes(kind)) out.push(kind);
  }
  return CASE_KINDS.filter((k) => out.includes(k));
}

/** The fields of one row being read, and the problems found so far. */
class FieldReader {
  readonly problems: FieldProblem[] = [];
  readonly #fields: Readonly<Partial<Record<WorkforceColumn, string>>>;

  constructor(fields: Readonly<Partial<Record<WorkforceColumn, string>>>) {
    this.#fields = fields;
  }

  get(c: WorkforceColumn): string {
    return (this.#fields[c] ?? '').trim();
  }

  fail(column: WorkforceColumn, rule: WorkforceRule, message: string): void {
    this.problems.push({ column, rule, message });
  }
}

function readTeam(r: FieldReader): string {
  const team = r.get('team').replace(/\s+/g, ' ');
  if (team === '')
    r.fail('team', 'WORKFORCE-TEAM', 'the team is blank. Give the team’s name, e.g. "Children in care 1".');
  else if (team.length > LIMITS.maxTeamName)
    r.fail(
      'team',
      'WORKFORCE-TEAM',
      `the team’s name is ${team.length} characters long; at most ${LIMITS.maxTeamName}.`,
    );
  return team;
}

function readPeriod(r: FieldReader): ReturnType<typeof parsePeriod> {
  const periodText = r.get('period');
  const period = parsePeriod(periodText);
  if (!period)
    r.fail(
      'period',
      'WORKFORCE-PERIOD',
      `"${periodText}" is not a period. Write a month as 2026-04 or a financial quarter as 2026/27 Q1 (April to June 2026).`,
    );
  return period;
}

/** A number of FTE (0 when it cannot be read, with its problem recorded). */
function readFte(r: FieldReader, c: WorkforceColumn, what: string): number {
  const text = r.get(c);
  const n = parseNumber(text);
  if (n === null || n > LIMITS.maxFte) {
    r.fail(
      c,
      'WORKFORCE-FTE',
      `"${text}" is not ${what} (a number of FTE from 0 to ${LIMITS.maxFte.toLocaleString('en-GB')}, e.g. 12.5).`,
    );
    return 0;
  }
  return n;
}

/** The annual salary per permanent FTE in pounds, and the on-costs percentage; null where unreadable. */
function readPay(r: FieldReader): { salary: number | null; onCosts: number | null } {
  const salaryText = r.get('salary');
  const salary = parsePoundsText(salaryText);
  if (salary === null || salary <= 0 || salary > LIMITS.maxSalaryPounds)
    r.fail(
      'salary',
      'WORKFORCE-SALARY',
      `"${salaryText}" is not an annual salary per permanent FTE in pounds, before on-costs (more than 0, at most £${LIMITS.maxSalaryPounds.toLocaleString('en-GB')}; e.g. 42000 or £42,000.00).`,
    );
  const onCostsText = r.get('on_costs_percent');
  const onCosts = parseNumber(onCostsText);
  if (onCosts === null || onCosts > LIMITS.maxOnCostsPercent)
    r.fail(
      'on_costs_percent',
      'WORKFORCE-ON-COSTS',
      `"${onCostsText}" is not the employer’s on-costs as a percentage of salary (0 to ${LIMITS.maxOnCostsPercent}, e.g. 28.5).`,
    );
  return { salary, onCosts };
}

interface AgencyRate {
  readonly agencyRatePence: number | null;
  readonly agencyRatePer: AgencyRatePer | null;
  readonly agencyDaysPerYear: number | null;
  readonly agencyHoursPerDay: number | null;
}

/** The agency rate, what it is per, and the time that turns it into a year: blank only without agency workers. */
function readAgencyRate(r: FieldReader, agencyFte: number): AgencyRate {
  const none: AgencyRate = {
    agencyRatePence: null,
    agencyRatePer: null,
    agencyDaysPerYear: null,
    agencyHoursPerDay: null,
  };
  const rateText = r.get('agency_rate');
  const perText = r.get('agency_rate_per').toLowerCase();
  if (rateText === '') {
    if (agencyFte > 0)
      r.fail(
        'agency_rate',
        'WORKFORCE-AGENCY-RATE',
        `the team has ${agencyFte} agency FTE but no agency rate. Give the rate per day or per hour in pounds.`,
      );
    for (const c of ['agency_rate_per', 'agency_days_a_year', 'agency_hours_a_day'] as const)
      if (r.get(c) !== '')
        r.fail(
          c,
          'WORKFORCE-AGENCY-RATE',
          `${c} is given but agency_rate is blank. Give the rate, or leave both blank.`,
        );
    return none;
  }
  let agencyRatePence: number | null = null;
  let agencyDaysPerYear: number | null = null;
  let agencyHoursPerDay: number | null = null;
  const per = (AGENCY_RATE_PERS as readonly string[]).includes(perText) ? (perText as AgencyRatePer) : null;
  if (!per)
    r.fail(
      'agency_rate_per',
      'WORKFORCE-AGENCY-RATE',
      `"${r.get('agency_rate_per')}" is not what the agency rate is per. Write day or hour.`,
    );
  const max = per === 'hour' ? LIMITS.maxHourRatePounds : LIMITS.maxDayRatePounds;
  const rate = parsePoundsText(rateText);
  if (rate === null || rate <= 0 || rate > max)
    r.fail(
      'agency_rate',
      'WORKFORCE-AGENCY-RATE',
      `"${rateText}" is not an agency rate in pounds per ${per ?? 'day or hour'} (more than 0, at most £${max.toLocaleString('en-GB')}).`,
    );
  else agencyRatePence = poundsToPence(rate);
  const daysText = r.get('agency_days_a_year');
  const days = parseNumber(daysText);
  if (days === null || days < LIMITS.minDaysPerYear || days > LIMITS.maxDaysPerYear)
    r.fail(
      'agency_days_a_year',
      'WORKFORCE-AGENCY-TIME',
      `"${daysText}" is not the days an agency FTE works in a year (${LIMITS.minDaysPerYear} to ${LIMITS.maxDaysPerYear}, e.g. 225): the rate is turned into a year with it.`,
    );
  else agencyDaysPerYear = days;
  const hoursText = r.get('agency_hours_a_day');
  if (per === 'hour') {
    const hours = parseNumber(hoursText);
    if (hours === null || hours <= 0 || hours > LIMITS.maxHoursPerDay)
      r.fail(
        'agency_hours_a_day',
        'WORKFORCE-AGENCY-TIME',
        `"${hoursText}" is not the hours in an agency worker’s day (more than 0, at most ${LIMITS.maxHoursPerDay}, e.g. 7.4): an hourly rate needs it.`,
      );
    else agencyHoursPerDay = hours;
  } else if (hoursText !== '' && per === 'day')
    r.fail(
      'agency_hours_a_day',
      'WORKFORCE-AGENCY-TIME',
      'hours a day apply only to an hourly rate; leave it blank for a day rate.',
    );
  return { agencyRatePence, agencyRatePer: per, agencyDaysPerYear, agencyHoursPerDay };
}

/** The cases the team holds (or the text that is not a kind of case) and its target caseload. */
function readCaseload(r: FieldReader): { holds: CaseKind[] | string; targetCaseload: number | null } {
  const holds = parseHolds(r.get('holds'));
  if (typeof holds === 'string')
    r.fail(
      'holds',
      'WORKFORCE-HOLDS',
      `"${holds}" is not a kind of case. Write the cases the team holds from ${CASE_KINDS.join(', ')}, separated by semicolons, or none.`,
    );
  const targetText = r.get('target_caseload');
  let targetCaseload: number | null = null;
  if (Array.isArray(holds) && holds.length > 0) {
    const t = parseNumber(targetText);
    if (t === null || t <= 0 || t > LIMITS.maxCaseload)
      r.fail(
        'target_caseload',
        'WORKFORCE-CASELOAD',
        `"${targetText}" is not a target caseload (cases per filled FTE, more than 0, at most ${LIMITS.maxCaseload}, e.g. 18): a team holding cases needs one.`,
      );
    else targetCaseload = t;
  } else if (targetText !== '' && Array.isArray(holds))
    r.fail(
      'target_caseload',
      'WORKFORCE-CASELOAD',
      'a target caseload applies only to a team holding cases; say which in holds, or leave it blank.',
    );
  return { holds, targetCaseload };
}

/** Checks one team's figures for one period, given as text by column. */
export function teamPeriodFromFields(fields: Readonly<Partial<Record<WorkforceColumn, string>>>): FieldResult {
  const r = new FieldReader(fields);
  const team = readTeam(r);
  const period = readPeriod(r);
  const permanentFte = readFte(r, 'permanent_fte', 'permanent social workers in post');
  const agencyFte = readFte(r, 'agency_fte', 'agency social workers');
  const vacancyFte = readFte(r, 'vacancy_fte', 'vacancies');
  const leaversFte = readFte(r, 'leavers_fte', 'permanent leavers in the period');
  const { salary, onCosts } = readPay(r);
  const agency = readAgencyRate(r, agencyFte);
  const { holds, targetCaseload } = readCaseload(r);
  if (r.problems.length > 0 || !period || salary === null || onCosts === null || typeof holds === 'string')
    return { ok: false, problems: r.problems };
  return {
    ok: true,
    value: {
      team,
      periodStart: period.start,
      periodMonths: period.months,
      permanentFte,
      agencyFte,
      vacancyFte,
      leaversFte,
      salaryPence: poundsToPence(salary),
      onCostsPercent: onCosts,
      ...agency,
      holds,
      targetCaseload,
    },
  };
}

const normalise = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s()£%-]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');

export interface WorkforceRows {
  readonly periods: readonly (TeamPeriod & { readonly row: number })[];
  readonly problems: readonly WorkforceProblem[];
}

/**
 * Checks a workforce table's rows of text (the first is the header). Each team may have one row a
 * period; a file holds months or quarters, not both. Pure.
 */
export function parseWorkforceRows(
  file: string,
  rows: readonly { readonly row: number; readonly fields: readonly string[] }[],
): WorkforceRows {
  const problems: WorkforceProblem[] = [];
  const header = rows[0];
  if (!header || rows.length < 2) {
    problems.push({
      file,
      row: null,
      column: null,
      rule: 'WORKFORCE-FILE',
      message: `the file holds no workforce rows. Expected a first line naming the columns (${REQUIRED_COLUMNS.join(',')}, …) and a row for each team and period.`,
    });
    return { periods: [], problems };
  }
  const index = new Map<WorkforceColumn, number>();
  header.fields.forEach((h, i) => {
    const n = normalise(h);
    if ((WORKFORCE_COLUMNS as readonly string[]).includes(n) && !index.has(n as WorkforceColumn))
      index.set(n as WorkforceColumn, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  for (const c of missing)
    problems.push({
      file,
      row: header.row,
      column: c,
      rule: 'WORKFORCE-COLUMN-MISSING',
      message: `there is no ${c} column. Expected the columns ${REQUIRED_COLUMNS.join(', ')} (and agency_rate, agency_rate_per, agency_days_a_year, agency_hours_a_day, holds, target_caseload where they apply); found ${header.fields.join(', ') || 'nothing'}.`,
    });
  if (missing.length > 0) return { periods: [], problems };

  const periods: (TeamPeriod & { row: number })[] = [];
  const seen = new Map<string, number>();
  let firstLength: { months: number; row: number } | null = null;
  for (const { row, fields } of rows.slice(1)) {
    const byColumn: Partial<Record<WorkforceColumn, string>> = {};
    for (const [c, i] of index) byColumn[c] = fields[i] ?? '';
    const result = teamPeriodFromFields(byColumn);
    if (!result.ok) {
      for (const p of result.problems) problems.push({ file, row, column: p.column, rule: p.rule, message: p.message });
      continue;
    }
    const v = result.value;
    if (firstLength === null) firstLength = { months: v.periodMonths, row };
    else if (firstLength.months !== v.periodMonths) {
      problems.push({
        file,
        row,
        column: 'period',
        rule: 'WORKFORCE-PERIODS-MIXED',
        message: `${periodLabel(v)} is a ${v.periodMonths === 1 ? 'month' : 'quarter'} but row ${firstLength.row} is a ${firstLength.months === 1 ? 'month' : 'quarter'}. Give every row for a month, or every row for a quarter.`,
      });
      continue;
    }
    const key = `${teamKey(v.team)}|${v.periodStart}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({
        file,
        row,
        column: 'team',
        rule: 'WORKFORCE-DUPLICATE',
        message: `${v.team} for ${periodLabel(v)} is already in row ${earlier}. Give each team one row a period.`,
      });
      continue;
    }
    seen.set(key, row);
    periods.push({ ...v, row });
  }
  return { periods, problems };
}

/** `YYYY-MM` of each period end in the rows (for messages). */
export function periodEndsOf(periods: readonly TeamPeriod[]): string[] {
  return [...new Set(periods.map(periodEndMonth))].sort();
}
