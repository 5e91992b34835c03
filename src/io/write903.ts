/**
 * Writes SSDA903 returns as council CSV extracts: one folder per collection year, named by the
 * March it ends in (`2024/header.csv`, `2024/episodes.csv`, `2024/uasc.csv`). UTF-8 without BOM,
 * LF line endings, a header line, fields quoted only when they hold a comma, quote or line break.
 */
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EPISODE_COLUMNS, HEADER_COLUMNS, UASC_COLUMNS, type CollectionYearReturn } from '../domain/demo/returns.ts';

const NEEDS_QUOTES = /[",\r\n]/;

function field(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const QUOTE_OR_BREAK = /["\r\n]/;

/**
 * One CSV line. Fast path: join the fields and accept the line when it has exactly one comma per
 * gap and no quote or line break (true of every generated row); otherwise quote field by field.
 */
function csvLine<C extends string>(columns: readonly C[], row: Readonly<Record<C, string>>): string {
  const values: string[] = new Array<string>(columns.length);
  for (let i = 0; i < columns.length; i += 1) values[i] = row[columns[i] as C];
  const line = values.join(',');
  let commas = 0;
  for (let at = line.indexOf(','); at !== -1; at = line.indexOf(',', at + 1)) commas += 1;
  if (commas === columns.length - 1 && !QUOTE_OR_BREAK.test(line)) return line;
  return values.map(field).join(',');
}

/** CSV text of `rows` under `columns` (in that order), ending with a line break. */
export function csvText<C extends string>(columns: readonly C[], rows: readonly Readonly<Record<C, string>>[]): string {
  const lines: string[] = [columns.join(',')];
  for (const row of rows) lines.push(csvLine(columns, row));
  lines.push('');
  return lines.join('\n');
}

const LINES_PER_CHUNK = 5_000;

/**
 * Writes `rows` as CSV to `path` in chunks (a national-scale year is hundreds of MB of text, never
 * held as one string), through a temporary name, so a reader never sees half a file.
 */
export async function writeCsv<C extends string>(
  path: string,
  columns: readonly C[],
  rows: readonly Readonly<Record<C, string>>[],
): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const file = await open(tmp, 'w');
  try {
    await file.write(`${columns.join(',')}\n`);
    for (let from = 0; from < rows.length; from += LINES_PER_CHUNK) {
      const lines: string[] = [];
      const to = Math.min(rows.length, from + LINES_PER_CHUNK);
      for (let i = from; i < to; i += 1) {
        const row = rows[i];
        if (row !== undefined) lines.push(csvLine(columns, row));
      }
      lines.push('');
      await file.write(lines.join('\n'));
    }
  } catch (err) {
    await file.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await file.close();
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
    return entries
      .filter((e) => e.isDirectory() && /^\d{4}$/.test(e.name))
      .map((e) => e.name)
      .sort();
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
    await writeCsv(join(folder, 'header.csv'), HEADER_COLUMNS, ret.header);
    await writeCsv(join(folder, 'episodes.csv'), EPISODE_COLUMNS, ret.episodes);
    await writeCsv(join(folder, 'uasc.csv'), UASC_COLUMNS, ret.uasc);
    written.push({
      collectionYear: ret.collectionYear,
      folder,
      children: ret.header.length,
      episodes: ret.episodes.length,
      uasc: ret.uasc.length,
    });
  }
  return written;
}
