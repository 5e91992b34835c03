/**
 * Finds the 903 tables in the paths a user gives: a folder per collection year
 * (`2024/episodes.csv`), the combined naming (`2024-episodes.csv`), workbooks (`2024.xlsx` with
 * header/episodes/uasc sheets, or `2024-episodes.xlsx`) or explicit files. Other tables (reviews,
 * oc2, missing, ...) are left alone.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { tableFromName } from '../domain/ssda903/columns.ts';
import type { IssueSink } from '../domain/ssda903/rules.ts';
import type { Table903 } from '../domain/ssda903/types.ts';

export interface FoundFile {
  readonly path: string;
  readonly format: 'csv' | 'xlsx';
  /** The table, or null for a workbook holding one sheet per table. */
  readonly table: Table903 | null;
  /** The year the folder or file name gives. */
  readonly namedYear: number;
  /**
   * True when the name says unambiguously which collection year it is (a financial-year label such
   * as 2023-24); false for a bare year, which is checked against the data (collectionYear.ts).
   */
  readonly yearIsExplicit: boolean;
  /** True when the user named this file; false when it was found by scanning a folder. */
  readonly named: boolean;
}

/**
 * The year in a file or folder name. `2023-24` / `2023_24` (a financial year) names collection
 * year 2024; a bare `2024` is read as the March the collection ends in.
 */
export function yearFromName(name: string): { year: number; explicit: boolean } | null {
  const fy = /(?:^|[^0-9])((?:19|20)\d{2})[-_ ]?(\d{2})(?![0-9])/.exec(name);
  if (fy) {
    const start = Number(fy[1]);
    if ((start + 1) % 100 === Number(fy[2])) return { year: start + 1, explicit: true };
  }
  const y = /(?:^|[^0-9])((?:19|20)\d{2})(?![0-9])/.exec(name);
  return y ? { year: Number(y[1]), explicit: false } : null;
}

function formatOf(path: string): 'csv' | 'xlsx' | null {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.xlsx' ? 'xlsx' : null;
}

function yearFor(path: string): { year: number; explicit: boolean } | null {
  const stem = basename(path, extname(path));
  return yearFromName(stem) ?? yearFromName(basename(dirname(path)));
}

async function scanFolder(dir: string, out: FoundFile[], depth: number, inYearFolder: boolean): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (depth < 2 && yearFromName(e.name) !== null) await scanFolder(path, out, depth + 1, true);
      continue;
    }
    // Hidden files and Excel's lock files (~$book.xlsx, present while a workbook is open) are not data.
    if (e.name.startsWith('.') || e.name.startsWith('~$')) continue;
    const format = formatOf(path);
    if (format === null) continue;
    const table = tableFromName(basename(path, extname(path)));
    if (table === null && format === 'csv') continue;
    const year = yearFor(path);
    if (year === null) continue;
    // A workbook of several sheets: named by its year (2024.xlsx) or inside a year folder.
    if (table === null && !inYearFolder && yearFromName(basename(path, extname(path))) === null) continue;
    out.push({ path, format, table, namedYear: year.year, yearIsExplicit: year.explicit, named: false });
  }
}

/** Expands `paths` into the 903 files they hold, recording problems in `sink`. */
export async function discover903(paths: readonly string[], sink: IssueSink): Promise<FoundFile[]> {
  const out: FoundFile[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info === null) {
      sink.add(
        'FILE-NOT-FOUND',
        { file: path, row: null, column: null },
        `${path} does not exist or cannot be read. Expected a folder of 903 returns or a CSV/Excel file.`,
      );
      continue;
    }
    if (info.isDirectory()) {
      const before = out.length;
      await scanFolder(path, out, 0, yearFromName(basename(path)) !== null);
      if (out.length === before) {
        sink.add(
          'FILE-NO-TABLES',
          { file: path, row: null, column: null },
          `${path} holds no 903 tables. Expected files such as 2024/header.csv and 2024/episodes.csv, or 2024-header.csv and 2024-episodes.csv, or Excel workbooks.`,
        );
      }
      continue;
    }
    const format = formatOf(path);
    const table = tableFromName(basename(path, extname(path)));
    if (format === null || (table === null && format === 'csv')) {
      sink.add(
        'FILE-IGNORED',
        { file: path, row: null, column: null },
        `${path} is not read: Forecare reads the header, episodes and uasc tables (CSV or .xlsx) and its name does not say which table it is.`,
      );
      continue;
    }
    const year = yearFor(path);
    if (year === null) {
      sink.add(
        'FILE-YEAR-UNKNOWN',
        { file: path, row: null, column: null },
        `The collection year of ${path} cannot be told from its name or folder. Put it in a folder named by the year (e.g. 2024/${basename(path)}) or name it like 2024-${basename(path)}.`,
      );
      continue;
    }
    out.push({ path, format, table, namedYear: year.year, yearIsExplicit: year.explicit, named: true });
  }
  const seen = new Set<string>();
  return out.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
}
