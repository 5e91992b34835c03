/**
 * Writes SSDA903 returns as council CSV extracts: one folder per collection year, named by the
 * March it ends in (`2024/header.csv`, `2024/episodes.csv`, `2024/uasc.csv`, `2024/oc3.csv`). UTF-8 without BOM,
 * LF line endings, a header line, fields quoted only when they hold a comma, quote or line break
 * (./writeCsv.ts, csv-stringify).
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCsv } from './writeCsv.ts';
import {
  EPISODE_COLUMNS,
  HEADER_COLUMNS,
  OC3_COLUMNS,
  UASC_COLUMNS,
  type CollectionYearReturn,
} from '../domain/demo/returns.ts';

export { csvText, writeCsv } from './writeCsv.ts';

export interface WrittenYear {
  readonly collectionYear: number;
  readonly folder: string;
  readonly children: number;
  readonly episodes: number;
  readonly uasc: number;
  /** Care leavers in the OC3 table. */
  readonly careLeavers: number;
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

/** Writes each return into `outDir/<year>/`; creates folders as needed; replaces the four files. */
export async function writeReturns(outDir: string, returns: readonly CollectionYearReturn[]): Promise<WrittenYear[]> {
  const written: WrittenYear[] = [];
  for (const ret of returns) {
    const folder = join(outDir, String(ret.collectionYear));
    await mkdir(folder, { recursive: true });
    await writeCsv(join(folder, 'header.csv'), HEADER_COLUMNS, ret.header);
    await writeCsv(join(folder, 'episodes.csv'), EPISODE_COLUMNS, ret.episodes);
    await writeCsv(join(folder, 'uasc.csv'), UASC_COLUMNS, ret.uasc);
    await writeCsv(join(folder, 'oc3.csv'), OC3_COLUMNS, ret.oc3);
    written.push({
      collectionYear: ret.collectionYear,
      folder,
      children: ret.header.length,
      episodes: ret.episodes.length,
      uasc: ret.uasc.length,
      careLeavers: ret.oc3.length,
    });
  }
  return written;
}
