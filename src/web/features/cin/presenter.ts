/** Tables for the children in need census pages: the years loaded, the monthly counts, the check's problems. */
import type { CinMonthlyCounts } from '../../../domain/cin/model.ts';
import type { Issue } from '../../../domain/ssda903/types.ts';
import { CIN_COUNT_LABELS, type CinYearLoaded } from '../../../services/cin.ts';
import type { DataTable } from '../../components/tables.ts';
import { formatMonth } from '../../components/format.ts';

/** "April 2023 to March 2024" for collection year 2024 (named by the March it ends in). */
export function collectionPeriod(year: number): string {
  return `April ${year - 1} to March ${year}`;
}

export function yearsTable(years: readonly CinYearLoaded[]): DataTable {
  return {
    caption: 'Children in need census years imported',
    sheetName: 'CIN years',
    columns: [
      { header: 'Collection year' },
      { header: 'Period' },
      { header: 'CIN episodes from this return', format: 'integer' },
      { header: 'Last imported', format: 'datetime' },
      { header: 'By' },
    ],
    rows: years.map((y) => [String(y.year), collectionPeriod(y.year), y.episodes, y.lastImportedAt, y.lastImportedBy]),
  };
}

export function countsTable(counts: readonly CinMonthlyCounts[]): DataTable {
  return {
    caption: 'Monthly counts entered',
    sheetName: 'Monthly counts',
    columns: [
      { header: 'Month', format: 'month' },
      { header: CIN_COUNT_LABELS.contacts, format: 'integer' },
      { header: CIN_COUNT_LABELS.earlyHelpAssessments, format: 'integer' },
      { header: CIN_COUNT_LABELS.earlyHelpStarts, format: 'integer' },
    ],
    rows: counts.map((c) => [c.month, c.contacts, c.earlyHelpAssessments, c.earlyHelpStarts]),
  };
}

/** The months for the page's table (latest first), with the counts as text ("" when not known). */
export function countRows(counts: readonly CinMonthlyCounts[]) {
  const text = (n: number | null) => (n === null ? '' : n.toLocaleString('en-GB'));
  return [...counts].reverse().map((c) => ({
    month: c.month,
    monthText: formatMonth(c.month),
    contacts: text(c.contacts),
    earlyHelpAssessments: text(c.earlyHelpAssessments),
    earlyHelpStarts: text(c.earlyHelpStarts),
  }));
}

/** Where a problem is: "cin-2024.xml, line 70, Message/Children/Child/..." */
export function issuePlace(i: Issue): string {
  return [i.file, i.row === null ? null : `${/\.xml$/i.test(i.file) ? 'line' : 'row'} ${i.row}`, i.column]
    .filter((x) => x !== null && x !== '')
    .join(', ');
}

/** One entry per rule for the error summary: its count and first example, linking to that row of the table. */
export function ruleSummary(issues: readonly Issue[], shown: number): Array<{ text: string; href: string }> {
  const byRule = new Map<string, { first: Issue; index: number; count: number }>();
  issues.forEach((i, index) => {
    const r = byRule.get(i.rule);
    if (r) r.count++;
    else byRule.set(i.rule, { first: i, index, count: 1 });
  });
  return [...byRule.entries()].map(([rule, r]) => ({
    text: `${rule}${r.first.fatal ? ' (fatal)' : r.first.severity === 'warning' ? ' (warning)' : ''}: ${r.count.toLocaleString('en-GB')} ${r.count === 1 ? 'problem' : 'problems'}, first ${issuePlace(r.first)}: ${r.first.message}`,
    href: r.index < shown ? `#problem-${r.index + 1}` : '#problems',
  }));
}
