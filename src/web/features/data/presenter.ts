/** Tables for the Data pages: import history, the validation report and its CSV. */
import { csvText } from '../../../io/writeCsv.ts';
import type { Issue } from '../../../domain/ssda903/types.ts';
import type { ImportRecord } from '../../../services/data.service.ts';
import type { DataTable } from '../../components/tables.ts';

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function pick(obj: unknown, ...keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Every import with every count, for the Excel download (dates as Excel dates). */
export function historyTable(imports: readonly ImportRecord[]): DataTable {
  return {
    caption: 'Import history, newest first',
    sheetName: 'Import history',
    columns: [
      { header: 'Import' },
      { header: 'Imported at (UTC)', format: 'datetime' },
      { header: 'By' },
      { header: 'Collection years' },
      { header: 'Files', format: 'integer' },
      { header: 'Children added', format: 'integer' },
      { header: 'Children updated', format: 'integer' },
      { header: 'Episodes added', format: 'integer' },
      { header: 'Episodes updated', format: 'integer' },
      { header: 'Errors', format: 'integer' },
      { header: 'Warnings', format: 'integer' },
      { header: 'Errors accepted' },
    ],
    rows: imports.map((i) => [
      `#${i.id}`,
      i.importedAt,
      i.importedBy,
      collectionYears(i),
      i.files.length,
      num(pick(i.counts, 'inserted', 'children')),
      num(pick(i.counts, 'updated', 'children')),
      num(pick(i.counts, 'inserted', 'episodes')),
      num(pick(i.counts, 'updated', 'episodes')),
      num(pick(i.issuesSummary, 'errors')),
      num(pick(i.issuesSummary, 'warnings')),
      i.acceptedErrors ? 'Yes' : 'No',
    ]),
  };
}

function collectionYears(i: ImportRecord): string {
  return [...new Set(i.files.map((f) => f.collectionYear))].sort((a, b) => a - b).join(', ');
}

/** "1 child", "2 children": a count with its noun, singular or plural. */
export function countOf(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

function addedUpdated(added: number | null, updated: number | null): string {
  return `${(added ?? 0).toLocaleString('en-GB')} added, ${(updated ?? 0).toLocaleString('en-GB')} updated`;
}

/**
 * The import history as the page shows it: fewer, wider-worded columns that fit the page at
 * 1,280 px (added and updated together, errors and warnings in words); the Excel download has
 * every count in its own column (`historyTable`).
 */
export function historyPageTable(imports: readonly ImportRecord[]): DataTable {
  return {
    caption: 'Import history, newest first',
    columns: [
      { header: 'Import' },
      { header: 'Imported (UTC)', format: 'datetime' },
      { header: 'By' },
      { header: 'Collection years' },
      { header: 'Children' },
      { header: 'Episodes' },
      { header: 'Problems found' },
    ],
    rows: imports.map((i) => {
      const errors = num(pick(i.issuesSummary, 'errors')) ?? 0;
      const warnings = num(pick(i.issuesSummary, 'warnings')) ?? 0;
      const problems =
        errors === 0 && warnings === 0
          ? 'None'
          : [
              errors > 0 ? `${countOf(errors, 'error', 'errors')}${i.acceptedErrors ? ' (accepted)' : ''}` : '',
              warnings > 0 ? countOf(warnings, 'warning', 'warnings') : '',
            ]
              .filter((t) => t !== '')
              .join(', ');
      return [
        `#${i.id}`,
        i.importedAt,
        i.importedBy,
        collectionYears(i),
        addedUpdated(num(pick(i.counts, 'inserted', 'children')), num(pick(i.counts, 'updated', 'children'))),
        addedUpdated(num(pick(i.counts, 'inserted', 'episodes')), num(pick(i.counts, 'updated', 'episodes'))),
        problems,
      ];
    }),
  };
}

const ISSUE_COLUMNS = ['severity', 'fatal', 'file', 'row', 'column', 'rule', 'message'] as const;

/** The problems as a CSV download: CRLF lines, spreadsheet formulas defused (a leading = + - @ gets a quote mark). */
export function issuesCsv(issues: readonly Issue[]): string {
  return csvText(
    ISSUE_COLUMNS,
    issues.map((i) => ({
      severity: i.severity,
      fatal: i.fatal ? 'yes' : 'no',
      file: i.file,
      row: i.row,
      column: i.column,
      rule: i.rule,
      message: i.message,
    })),
    { eol: '\r\n', escapeFormulas: true },
  );
}
