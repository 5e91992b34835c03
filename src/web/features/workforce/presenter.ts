/** The Workforce page's tables (view models for the template and the Excel download). */
import { CASE_KIND_LABELS, periodLabel, type CaseKind, type TeamPeriod } from '../../../domain/workforce/model.ts';
import type { WorkforceReport } from '../../../services/workforce.ts';
import type { DataTable } from '../../components/tables.ts';
import { formatMonth } from '../../components/format.ts';

const holdsText = (holds: readonly CaseKind[]) =>
  holds.length === 0 ? 'None' : holds.map((k) => CASE_KIND_LABELS[k]).join(', ');

/** How a period end reads on the page: "March 2026" for a month, "2025/26 Q4" for a quarter. */
export function asAtText(r: WorkforceReport): string {
  if (r.asAt === null) return '';
  return r.periodMonths === 1 ? formatMonth(r.asAt) : (r.asAtLabel ?? r.asAt);
}

/** Each team's social workers and rates at the latest period end. */
export function teamsTable(r: WorkforceReport): DataTable {
  return {
    caption: `Teams at the end of ${asAtText(r)}: social workers and rates`,
    sheetName: 'Teams',
    columns: [
      { header: 'Team' },
      { header: 'Permanent FTE', format: 'decimal1' },
      { header: 'Agency FTE', format: 'decimal1' },
      { header: 'Vacant FTE', format: 'decimal1' },
      { header: 'Leavers FTE (12 months)', format: 'decimal1' },
      { header: 'Turnover', format: 'percent' },
      { header: 'Vacancy rate', format: 'percent' },
      { header: 'Agency rate', format: 'percent' },
    ],
    rows: (r.latest?.teams ?? []).map((t) => [
      t.team,
      t.permanentFte,
      t.agencyFte,
      t.vacancyFte,
      t.leaversFte12m,
      t.turnover,
      t.vacancy,
      t.agency,
    ]),
  };
}

/** Each team's cases and caseload against its target at the latest period end. */
export function caseloadsTable(r: WorkforceReport): DataTable {
  return {
    caption: `Teams at the end of ${asAtText(r)}: caseloads`,
    sheetName: 'Caseloads',
    columns: [
      { header: 'Team' },
      { header: 'Holds' },
      { header: 'Filled FTE', format: 'decimal1' },
      { header: 'Cases', format: 'decimal1' },
      { header: 'Caseload', format: 'decimal1' },
      { header: 'Target caseload', format: 'decimal1' },
    ],
    rows: (r.latest?.teams ?? []).map((t) => [
      t.team,
      holdsText(t.holds),
      t.permanentFte + t.agencyFte,
      t.holds.length === 0 ? null : t.cases,
      t.caseload,
      t.targetCaseload,
    ]),
  };
}

/** The council's measures at each period end. */
export function seriesTable(r: WorkforceReport): DataTable {
  return {
    caption: 'The council at each period end',
    sheetName: 'By period',
    columns: [
      { header: 'Period' },
      { header: 'Permanent FTE', format: 'decimal1' },
      { header: 'Agency FTE', format: 'decimal1' },
      { header: 'Vacant FTE', format: 'decimal1' },
      { header: 'Turnover (12 months)', format: 'percent' },
      { header: 'Vacancy rate', format: 'percent' },
      { header: 'Agency rate', format: 'percent' },
      { header: 'Cases', format: 'decimal1' },
      { header: 'Caseload', format: 'decimal1' },
      { header: 'Target caseload', format: 'decimal1' },
    ],
    rows: [...r.series]
      .reverse()
      .map((s) => [
        s.periodLabel,
        s.permanentFte,
        s.agencyFte,
        s.vacancyFte,
        s.turnover,
        s.vacancy,
        s.agency,
        s.cases,
        s.caseload,
        s.targetCaseload,
      ]),
  };
}

/** The council's workforce cost by financial year. */
export function costTable(r: WorkforceReport): DataTable {
  return {
    caption: 'Cost by financial year',
    sheetName: 'Cost by year',
    columns: [
      { header: 'Financial year' },
      { header: 'Permanent (salary and on-costs)', format: 'pence' },
      { header: 'Agency', format: 'pence' },
      { header: 'Total', format: 'pence' },
    ],
    rows: r.cost.years.map((y) => [y.yearLabel, y.permanentPence, y.agencyPence, y.totalPence]),
  };
}

/** Each team's cost by financial year. */
export function teamCostTable(r: WorkforceReport): DataTable {
  return {
    caption: 'Cost by team and financial year',
    sheetName: 'Cost by team',
    columns: [
      { header: 'Team' },
      { header: 'Financial year' },
      { header: 'Months with figures', format: 'integer' },
      { header: 'Permanent', format: 'pence' },
      { header: 'Agency', format: 'pence' },
      { header: 'Total', format: 'pence' },
    ],
    rows: r.cost.teams.map((t) => [t.team, t.yearLabel, t.months, t.permanentPence, t.agencyPence, t.totalPence]),
  };
}

/** FTE the forecast's cases need at target caseload, month by month. */
export function fteNeededTable(r: WorkforceReport): DataTable {
  const need = r.fteNeeded;
  return {
    caption: 'FTE needed at target caseload (case-holding teams)',
    sheetName: 'FTE needed',
    columns: [
      { header: 'Month', format: 'month' },
      { header: 'Cases (forecast)', format: 'decimal1' },
      { header: 'FTE needed', format: 'decimal1' },
      { header: 'Low (10th percentile)', format: 'decimal1' },
      { header: 'High (90th percentile)', format: 'decimal1' },
      { header: 'Establishment FTE now', format: 'decimal1' },
      { header: 'Filled FTE now', format: 'decimal1' },
    ],
    rows: (need?.months ?? []).map((m) => [
      m.month,
      m.cases,
      m.central,
      m.low,
      m.high,
      need?.establishmentFte ?? null,
      need?.filledFte ?? null,
    ]),
  };
}

/** Every stored row, as entered (the figures behind the page). */
export function figuresTable(periods: readonly TeamPeriod[]): DataTable {
  return {
    caption: 'Figures as entered',
    sheetName: 'Figures',
    columns: [
      { header: 'Team' },
      { header: 'Period' },
      { header: 'Permanent FTE', format: 'decimal2' },
      { header: 'Agency FTE', format: 'decimal2' },
      { header: 'Vacant FTE', format: 'decimal2' },
      { header: 'Leavers FTE', format: 'decimal2' },
      { header: 'Salary per FTE', format: 'pence' },
      { header: 'On-costs %', format: 'decimal2' },
      { header: 'Agency rate', format: 'pence' },
      { header: 'Agency rate per' },
      { header: 'Agency days a year', format: 'decimal1' },
      { header: 'Agency hours a day', format: 'decimal2' },
      { header: 'Holds' },
      { header: 'Target caseload', format: 'decimal1' },
    ],
    rows: [...periods]
      .sort((a, b) => b.periodStart.localeCompare(a.periodStart) || a.team.localeCompare(b.team))
      .map((p) => [
        p.team,
        periodLabel(p),
        p.permanentFte,
        p.agencyFte,
        p.vacancyFte,
        p.leaversFte,
        p.salaryPence,
        p.onCostsPercent,
        p.agencyRatePence,
        p.agencyRatePer,
        p.agencyDaysPerYear,
        p.agencyHoursPerDay,
        holdsText(p.holds),
        p.targetCaseload,
      ]),
  };
}
