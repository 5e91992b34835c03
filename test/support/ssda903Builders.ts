/**
 * Builders for SSDA903 test data: rows as a council's CSV would hold them (text fields, dates
 * DD/MM/YYYY), returns parsed through the real row parser, and files written to a temp folder.
 * Defaults describe one valid child (1001, born 01/05/2010) with one open episode starting
 * 01/06/2023 in the 2024 return (1 April 2023 - 31 March 2024).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyse903, type Analysed903 } from '../../src/domain/ssda903/merge.ts';
import { mapColumns, RowParser } from '../../src/domain/ssda903/parseRows.ts';
import { IssueSink } from '../../src/domain/ssda903/rules.ts';
import type { Issue, Table903 } from '../../src/domain/ssda903/types.ts';
import type { Return903 } from '../../src/domain/ssda903/validateReturn.ts';

export type Row = Readonly<Record<string, string>>;

export const HEADER_COLUMNS = ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'] as const;
export const EPISODE_COLUMNS = [
  'CHILD',
  'DECOM',
  'RNE',
  'LS',
  'CIN',
  'PLACE',
  'PLACE_PROVIDER',
  'DEC',
  'REC',
  'REASON_PLACE_CHANGE',
  'HOME_POST',
  'PL_POST',
  'URN',
] as const;
export const UASC_COLUMNS = ['CHILD', 'SEX', 'DOB', 'DUC'] as const;
export const OC3_COLUMNS = ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'] as const;

export const COLUMNS: Readonly<Record<Table903, readonly string[]>> = {
  header: HEADER_COLUMNS,
  episodes: EPISODE_COLUMNS,
  uasc: UASC_COLUMNS,
  oc3: OC3_COLUMNS,
};

export function aChild(over: Partial<Record<string, string>> = {}): Row {
  return {
    CHILD: '1001',
    SEX: '1',
    DOB: '01/05/2010',
    ETHNIC: 'WBRI',
    UPN: 'A123456789012',
    MOTHER: '',
    MC_DOB: '',
    ...over,
  } as Row;
}

export function anEpisode(over: Partial<Record<string, string>> = {}): Row {
  return {
    CHILD: '1001',
    DECOM: '01/06/2023',
    RNE: 'S',
    LS: 'C2',
    CIN: 'N1',
    PLACE: 'U4',
    PLACE_PROVIDER: 'PR1',
    DEC: '',
    REC: '',
    REASON_PLACE_CHANGE: '',
    HOME_POST: 'AB1 2CD',
    PL_POST: 'AB3 4EF',
    URN: 'SC123456',
    ...over,
  } as Row;
}

export function aUasc(over: Partial<Record<string, string>> = {}): Row {
  return { CHILD: '1001', SEX: '1', DOB: '01/05/2010', DUC: '01/05/2028', ...over } as Row;
}

/** A care leaver's OC3 row: by default aged 19 on their birthday in the 2024 collection year. */
export function aCareLeaver(over: Partial<Record<string, string>> = {}): Row {
  return { CHILD: '1001', DOB: '01/05/2004', IN_TOUCH: 'YES', ACTIV: 'F2', ACCOM: 'U1', ...over } as Row;
}

/** One collection year's tables. Omitted tables are not supplied at all. */
export interface ReturnSpec {
  readonly year: number;
  readonly header?: readonly Row[];
  readonly episodes?: readonly Row[];
  readonly uasc?: readonly Row[];
  readonly oc3?: readonly Row[];
}

/** The default valid return: one child with one open episode. */
export function aReturn(over: Partial<ReturnSpec> = {}): ReturnSpec {
  return { year: 2024, header: [aChild()], episodes: [anEpisode()], ...over };
}

/** Parses specs through the real row parser, as the loader would (file names like 2024/episodes.csv). */
export function parseReturns(
  specs: readonly ReturnSpec[],
  sink = new IssueSink(),
): { returns: Return903[]; sink: IssueSink } {
  const parser = new RowParser(sink);
  const returns: Return903[] = specs.map((spec) => {
    const tables = new Set<Table903>();
    const out = {
      header: [] as Return903['header'][number][],
      episodes: [] as Return903['episodes'][number][],
      uasc: [] as Return903['uasc'][number][],
      oc3: [] as NonNullable<Return903['oc3']>[number][],
    };
    for (const table of ['header', 'episodes', 'uasc', 'oc3'] as const) {
      const rows = spec[table];
      if (rows === undefined) continue;
      tables.add(table);
      const file = `${spec.year}/${table}.csv`;
      const columns = COLUMNS[table];
      const cols = mapColumns(table, columns, file, sink);
      if (cols === null) throw new Error('builder columns must be valid');
      rows.forEach((r, i) => {
        const fields = columns.map((c) => r[c] ?? '');
        if (table === 'header') {
          const rec = parser.header(fields, cols, file, i + 2);
          if (rec) out.header.push(rec);
        } else if (table === 'episodes') {
          const rec = parser.episode(fields, cols, file, i + 2);
          if (rec) out.episodes.push(rec);
        } else if (table === 'uasc') {
          const rec = parser.uasc(fields, cols, file, i + 2);
          if (rec) out.uasc.push(rec);
        } else {
          const rec = parser.careLeaver(fields, cols, file, i + 2);
          if (rec) out.oc3.push(rec);
        }
      });
    }
    return { collectionYear: spec.year, ...out, tables };
  });
  return { returns, sink };
}

/** Parses, merges and validates specs: the pure core of load903. */
export function analyse(specs: readonly ReturnSpec[]): Analysed903 {
  const { returns, sink } = parseReturns(specs);
  return analyse903(returns, sink);
}

export function issuesOf(issues: readonly Issue[], rule: string): Issue[] {
  return issues.filter((i) => i.rule === rule);
}

/** Counts of issues by rule, e.g. `{ 'EPI-OVERLAP': 2 }`. */
export function countByRule(issues: readonly Issue[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of issues) out[i.rule] = (out[i.rule] ?? 0) + 1;
  return out;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly string[], rows: readonly Row[], eol = '\n'): string {
  return (
    [columns.map(csvField).join(','), ...rows.map((r) => columns.map((c) => csvField(r[c] ?? '')).join(','))].join(
      eol,
    ) + eol
  );
}

/**
 * Writes specs as CSV files under `dir`: `folder` layout (2024/episodes.csv) or `combined`
 * (2024-episodes.csv). Returns the paths written.
 */
export async function writeReturns(
  dir: string,
  specs: readonly ReturnSpec[],
  layout: 'folder' | 'combined' = 'folder',
): Promise<string[]> {
  const written: string[] = [];
  for (const spec of specs) {
    for (const table of ['header', 'episodes', 'uasc'] as const) {
      const rows = spec[table];
      if (rows === undefined) continue;
      const path =
        layout === 'folder' ? join(dir, String(spec.year), `${table}.csv`) : join(dir, `${spec.year}-${table}.csv`);
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, toCsv(COLUMNS[table], rows));
      written.push(path);
    }
  }
  return written;
}
