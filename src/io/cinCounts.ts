/**
 * Reads the monthly counts a council enters for what no return holds (contacts, early help) from a
 * CSV file (docs/cin-census.md): `month,contacts,early_help_assessments,early_help_starts`, one row
 * per month, a blank cell for a count not known. Every problem is reported with its row and column.
 */
import type { CinMonthlyCounts } from '../domain/cin/model.ts';
import { CinIssueSink } from '../domain/cin/rules.ts';
import { IssueSink } from '../domain/ssda903/rules.ts';
import type { Issue } from '../domain/ssda903/types.ts';
import { readCsv } from './readCsv.ts';

/** A hundred years of months. */
export const MAX_COUNT_ROWS = 1200;

const COUNT_COLUMNS = {
  contacts: 'contacts',
  early_help_assessments: 'earlyHelpAssessments',
  early_help_starts: 'earlyHelpStarts',
} as const;

export interface CinCountsFile {
  readonly counts: readonly CinMonthlyCounts[];
  readonly issues: readonly Issue[];
  readonly sha256: string;
}

/** `2024-04`, `2024-04-01` (any day: the month is kept) or `04/2024`, as `YYYY-MM`; else null. */
export function parseMonth(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})(?:-\d{1,2})?$/.exec(s);
  if (m === null) {
    const uk = /^(\d{1,2})\/(\d{4})$/.exec(s);
    if (uk !== null) m = [s, uk[2]!, uk[1]!] as unknown as RegExpExecArray;
  }
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12) return null;
  return `${y}-${String(mo).padStart(2, '0')}`;
}

/**
 * A count as the file or the form gives it: `1280` or `1,280` is 1280, blank is null (not known),
 * anything else (negative, a fraction, words) is undefined (not a count).
 */
export function parseCount(text: string): number | null | undefined {
  const t = text.trim().replace(/,/g, '');
  if (t === '') return null;
  return /^\d{1,9}$/.test(t) ? Number(t) : undefined;
}

export async function readCinCounts(path: string, name: string = path): Promise<CinCountsFile> {
  const sink = new CinIssueSink();
  const fileSink = new IssueSink();
  let columns: Map<string, number> | null = null;
  const counts: CinMonthlyCounts[] = [];
  const rowOf = new Map<string, number>();
  const res = await readCsv(path, name, fileSink, (row, line) => {
    if (columns === null) {
      const found = new Map<string, number>();
      row.forEach((h, i) =>
        found.set(
          h
            .trim()
            .replace(/^\uFEFF/, '')
            .toLowerCase(),
          i,
        ),
      );
      if (!found.has('month')) {
        sink.add(
          'COL-MISSING',
          { file: name, row: 1, column: 'month' },
          `${name}: the column month is missing. Expected month,contacts,early_help_assessments,early_help_starts.`,
        );
        return false;
      }
      if (!Object.keys(COUNT_COLUMNS).some((c) => found.has(c))) {
        sink.add(
          'COL-MISSING',
          { file: name, row: 1, column: 'contacts' },
          `${name}: no count column; expected at least one of ${Object.keys(COUNT_COLUMNS).join(', ')}.`,
        );
        return false;
      }
      columns = found;
      return true;
    }
    if (counts.length >= MAX_COUNT_ROWS) {
      sink.add(
        'COUNT-TOO-MANY',
        { file: name, row: line, column: null },
        `${name}: more than ${MAX_COUNT_ROWS} months; a counts file has one row per month.`,
      );
      return false;
    }
    const cell = (c: string): string => {
      const i = columns!.get(c);
      return i === undefined ? '' : (row[i] ?? '').trim();
    };
    const monthText = cell('month');
    const month = parseMonth(monthText);
    if (month === null) {
      sink.add(
        'COUNT-MONTH',
        { file: name, row: line, column: 'month' },
        `${name}, row ${line}: month "${monthText}" is not a month; write it as YYYY-MM (e.g. 2024-04).`,
      );
      return true;
    }
    const prev = rowOf.get(month);
    if (prev !== undefined)
      sink.add(
        'COUNT-DUPLICATE',
        { file: name, row: line, column: 'month' },
        `${name}, row ${line}: ${month} is also on row ${prev}; give each month once.`,
      );
    rowOf.set(month, line);
    const values: Record<string, number | null> = {};
    for (const [column, field] of Object.entries(COUNT_COLUMNS)) {
      const value = parseCount(cell(column));
      if (value !== undefined) values[field] = value;
      else {
        sink.add(
          'COUNT-NUMBER',
          { file: name, row: line, column },
          `${name}, row ${line}: ${column} "${cell(column)}" is not a whole number of 0 or more (leave it blank when not known).`,
        );
        values[field] = null;
      }
    }
    counts.push({
      month,
      contacts: values.contacts ?? null,
      earlyHelpAssessments: values.earlyHelpAssessments ?? null,
      earlyHelpStarts: values.earlyHelpStarts ?? null,
    });
    return true;
  });
  sink.addIssues(fileSink.finish());
  const latest = new Map(counts.map((c) => [c.month, c]));
  return {
    counts: [...latest.values()].sort((a, b) => a.month.localeCompare(b.month)),
    issues: sink.finish(),
    sha256: res.sha256,
  };
}
