/**
 * Writes a CIN census as CSV tables, one folder per collection year (`2024/cin_details.csv`, ...),
 * in the layout docs/cin-census.md documents and src/io/loadCin.ts reads.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CinTable } from '../domain/cin/records.ts';
import { cinCsvColumns, type DemoCinYear } from '../domain/demo/cin.ts';
import { writeCsv } from './writeCsv.ts';

/** The file name of each table. */
export const CIN_CSV_FILES: Readonly<Record<CinTable, string>> = {
  child: 'children.csv',
  cinDetails: 'cin_details.csv',
  assessment: 'assessments.csv',
  cinPlan: 'cin_plans.csv',
  section47: 'section47.csv',
  protectionPlan: 'child_protection_plans.csv',
};

export interface WrittenCinYear {
  readonly collectionYear: number;
  readonly children: number;
  readonly episodes: number;
}

export async function writeCinTables(outDir: string, years: readonly DemoCinYear[]): Promise<WrittenCinYear[]> {
  const out: WrittenCinYear[] = [];
  for (const y of years) {
    const folder = join(outDir, String(y.collectionYear));
    await mkdir(folder, { recursive: true });
    for (const table of Object.keys(CIN_CSV_FILES) as CinTable[])
      await writeCsv(join(folder, CIN_CSV_FILES[table]), cinCsvColumns(table), y.tables[table]);
    out.push({
      collectionYear: y.collectionYear,
      children: y.tables.child.length,
      episodes: y.tables.cinDetails.length,
    });
  }
  return out;
}
