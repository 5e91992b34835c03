/** Tables for the Data pages: import history, the validation report and its CSV. */
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

export function historyTable(imports: readonly ImportRecord[]): DataTable {
  return {
    caption: 'Import history, newest first',
    sheetName: 'Import history',
    columns: [
      { header: 'Import' },
      { header: 'Imported at (UTC)' },
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
    rows: imports.map((i) => {
      const years = [...new Set(i.files.map((f) => f.collectionYear))].sort((a, b) => a - b);
      return [
        `#${i.id}`,
        i.importedAt.slice(0, 16).replace('T', ' '),
        i.importedBy,
        years.join(', '),
        i.files.length,
        num(pick(i.counts, 'inserted', 'children')),
        num(pick(i.counts, 'updated', 'children')),
        num(pick(i.counts, 'inserted', 'episodes')),
        num(pick(i.counts, 'updated', 'episodes')),
        num(pick(i.issuesSummary, 'errors')),
        num(pick(i.issuesSummary, 'warnings')),
        i.acceptedErrors ? 'Yes' : 'No',
      ];
    }),
  };
}

/** A CSV field, quoted, with spreadsheet formulas defused (a leading = + - @ gets a quote mark). */
function csvField(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function issuesCsv(issues: readonly Issue[]): string {
  const lines = [['severity', 'fatal', 'file', 'row', 'column', 'rule', 'message'].join(',')];
  for (const i of issues) {
    lines.push(
      [i.severity, i.fatal ? 'yes' : 'no', i.file, i.row, i.column, i.rule, i.message].map(csvField).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
