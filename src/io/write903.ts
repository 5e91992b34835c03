/**
 * Writes SSDA903 returns as council CSV extracts: one folder per collection year, named by the
 * March it ends in (`2024/header.csv`, `2024/episodes.csv`, `2024/uasc.csv`). UTF-8 without BOM,
 * LF line endings, a header line, fields quoted only when they hold a comma, quote or line break.
 */
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  EPISODE_COLUMNS,
  HEADER_COLUMNS,
  UASC_COLUMNS,
  type CollectionYearReturn,
} from '../domain/demo/returns.ts';

const NEEDS_QUOTES = /[",\r\n]/;

function field(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** CSV text of `rows` under `columns` (in that order), ending with a line break. */
export function csvText<C extends string>(columns: readonly C[], rows: readonly Readonly<Record<C, string>>[]): string {
  const lines: string[] = [columns.join(',')];
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < columns.length; i += 1) {
      const column = columns[i] as C;
      if (i > 0) line += ',';
      line += field(row[column]);
    }
    lines.push(line);
  }
  lines.push('');
  return lines.join('\n');
}

/** Writes a file through a temporary name, so a reader never sees half a file. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

export interface WrittenYear {
  readonly collectionYear: number;
  readonly folder: string;
  readonly children: number;
  readonly episodes: number;
  readonly uasc: number;
}

/** The year folders (four digits) already in `outDir`, or none when it does not exist. */
export async function existingYearFolders(outDir: string): Promise<string[]> {
  try {
    const entries = await readdir(outDir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && /^\d{4}$/.test(e.name)).map((e) => e.name).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** Writes each return into `outDir/<year>/`; creates folders as needed; replaces the three files. */
export async function writeReturns(outDir: string, returns: readonly CollectionYearReturn[]): Promise<WrittenYear[]> {
  const written: WrittenYear[] = [];
  for (const ret of returns) {
    const folder = join(outDir, String(ret.collectionYear));
    await mkdir(folder, { recursive: true });
    await writeAtomically(join(folder, 'header.csv'), csvText(HEADER_COLUMNS, ret.header));
    await writeAtomically(join(folder, 'episodes.csv'), csvText(EPISODE_COLUMNS, ret.episodes));
    await writeAtomically(join(folder, 'uasc.csv'), csvText(UASC_COLUMNS, ret.uasc));
    written.push({ collectionYear: ret.collectionYear, folder, children: ret.header.length, episodes: ret.episodes.length, uasc: ret.uasc.length });
  }
  return written;
}
