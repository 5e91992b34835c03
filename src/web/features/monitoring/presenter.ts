/**
 * The Monitoring page's tables: on the page two narrow tables (outturn against budget; drivers and
 * movement) that fit at 1,280 px; in Excel one sheet with every column, money in pounds with the
 * finance display format (negatives in brackets), plus the year's budget and any free-text lines.
 */
import { financialYearLabel } from '../../../domain/dates.ts';
import { PLACEMENT_CATEGORIES } from '../../../domain/placementCategories.ts';
import { POST_CARE_LINES } from '../../../domain/finance/postCare.ts';
import type { BudgetView } from '../../../services/budgets.service.ts';
import type { MonitoringReport, ReportLine } from '../../../services/monitoring.ts';
import type { Cell, DataTable } from '../../components/tables.ts';
import { formatDate } from '../../components/format.ts';

export function varianceWord(pence: number): string {
  return pence > 0 ? 'Adverse' : pence < 0 ? 'Favourable' : 'On budget';
}

/** Lines worth a row: a budget or money in the year (and always the total). */
function shown(r: MonitoringReport): ReportLine[] {
  return [...r.lines.filter((l) => l.budget !== 0 || l.forecastOutturn !== 0), r.total];
}

export function periodName(r: Pick<MonitoringReport, 'year' | 'period'>): string {
  return `${financialYearLabel(r.year)} P${r.period}`;
}

export function outturnTable(r: MonitoringReport): DataTable {
  return {
    caption: `Forecast outturn against budget, ${financialYearLabel(r.year)}, as at ${formatDate(r.asAt)}`,
    sheetName: 'Outturn',
    columns: [
      { header: 'Line' },
      { header: 'Budget', format: 'pence' },
      { header: 'Actual to date', format: 'pence' },
      { header: 'Forecast to 31 March (mean)', format: 'pence' },
      { header: 'Forecast outturn', format: 'pence' },
      { header: 'Variance', format: 'pence' },
      { header: 'Adverse or favourable' },
    ],
    rows: shown(r).map((l) => [
      l.label,
      l.budget,
      l.actualToDate,
      l.forecastRemaining,
      l.forecastOutturn,
      l.variance,
      varianceWord(l.variance),
    ]),
  };
}

export function driversTable(r: MonitoringReport): DataTable {
  const prev = r.previousPeriod;
  return {
    caption: `Outturn interval, movement${prev ? ` since P${prev.period}` : ''} and why the outturn differs from the budget`,
    sheetName: 'Drivers',
    columns: [
      { header: 'Line' },
      { header: '80% interval: low', format: 'pence' },
      { header: '80% interval: high', format: 'pence' },
      { header: prev ? `Movement since P${prev.period}` : 'Movement', format: 'pence' },
      { header: 'Volume', format: 'pence' },
      { header: 'Price', format: 'pence' },
      { header: 'Mix', format: 'pence' },
    ],
    rows: shown(r).map((l) => [
      l.label,
      l.outturn80[0],
      l.outturn80[1],
      l.movement ?? null,
      l.drivers.volume,
      l.drivers.price,
      l.drivers.mix,
    ]),
  };
}

/** Every column in one sheet (the Excel download). */
export function monitoringSheet(r: MonitoringReport): DataTable {
  const prev = r.previousPeriod;
  return {
    caption: `Budget monitoring ${periodName(r)}, as at ${formatDate(r.asAt)}: mean of ${r.runs} simulation runs (seed ${r.seed})`,
    sheetName: `Monitoring ${periodName(r).replace('/', '-')}`,
    columns: [
      { header: 'Line' },
      { header: 'Line key' },
      { header: 'Budget', format: 'pence' },
      { header: 'Actual to date', format: 'pence' },
      { header: 'Forecast to 31 March (mean)', format: 'pence' },
      { header: 'Forecast outturn', format: 'pence' },
      { header: 'Outturn 80% interval: low', format: 'pence' },
      { header: 'Outturn 80% interval: high', format: 'pence' },
      { header: 'Variance (outturn - budget)', format: 'pence' },
      { header: 'Adverse or favourable' },
      { header: prev ? `Outturn saved at P${prev.period} (${prev.asAt})` : 'Previous outturn', format: 'pence' },
      { header: 'Movement', format: 'pence' },
      { header: 'Volume', format: 'pence' },
      { header: 'Price', format: 'pence' },
      { header: 'Mix', format: 'pence' },
      { header: 'Budget child-weeks', format: 'decimal1' },
      { header: 'Outturn child-weeks', format: 'decimal1' },
    ],
    rows: [...r.lines, r.total].map((l): Cell[] => [
      l.label,
      l.line,
      l.budget,
      l.actualToDate,
      l.forecastRemaining,
      l.forecastOutturn,
      l.outturn80[0],
      l.outturn80[1],
      l.variance,
      varianceWord(l.variance),
      l.previous?.forecastOutturn ?? null,
      l.movement ?? null,
      l.drivers.volume,
      l.drivers.price,
      l.drivers.mix,
      l.working.budgetChildWeeks,
      l.working.outturnChildWeeks,
    ]),
  };
}

export function otherBudgetsTable(r: MonitoringReport): DataTable {
  return {
    caption: `Budget lines Forecare does not forecast, ${financialYearLabel(r.year)} (not in the total)`,
    sheetName: 'Other budget lines',
    columns: [{ header: 'Line' }, { header: 'Budget', format: 'pence' }],
    rows: r.otherBudgets.map((b) => [b.line, b.budget]),
  };
}

export function budgetTable(year: number, budgets: readonly BudgetView[]): DataTable {
  return {
    caption: `Budget ${financialYearLabel(year)}`,
    sheetName: `Budget ${financialYearLabel(year).replace('/', '-')}`,
    columns: [
      { header: 'Line' },
      { header: 'Budget', format: 'pence' },
      { header: 'Child-weeks assumed', format: 'decimal1' },
    ],
    rows: budgets.map((b) => [b.label, b.amountPence, b.childWeeks]),
  };
}

/** The budget form's lines: every category and post-care line, in that order. */
export const FORM_LINES: readonly string[] = [...PLACEMENT_CATEGORIES, ...POST_CARE_LINES];
/** Free-text lines the form offers (filled ones first). */
export const OTHER_LINES = 3;
