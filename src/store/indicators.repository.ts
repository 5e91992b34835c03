/** Child population, benchmark figures and statistical neighbours: all the SQL. Every query filters on `la_code`. */
import type { BenchmarkFigure, IndicatorId } from '../domain/indicators/benchmarks.ts';
import type { DbOrTrx } from './caseData.repository.ts';

export interface PopulationRow {
  readonly year: number;
  readonly population: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export async function listChildPopulation(db: DbOrTrx, laCode: string): Promise<PopulationRow[]> {
  const rows = await db
    .selectFrom('child_population')
    .select(['year', 'population', 'updated_at', 'updated_by'])
    .where('la_code', '=', laCode)
    .orderBy('year')
    .execute();
  return rows.map((r) => ({
    year: r.year,
    population: r.population,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  }));
}

export async function upsertChildPopulation(
  db: DbOrTrx,
  laCode: string,
  year: number,
  population: number,
  updatedAt: string,
  updatedBy: string,
): Promise<void> {
  await db
    .insertInto('child_population')
    .values({ la_code: laCode, year, population, updated_at: updatedAt, updated_by: updatedBy })
    .onConflict((oc) =>
      oc.columns(['la_code', 'year']).doUpdateSet({ population, updated_at: updatedAt, updated_by: updatedBy }),
    )
    .execute();
}

export async function deleteChildPopulation(db: DbOrTrx, laCode: string, year: number): Promise<boolean> {
  const r = await db
    .deleteFrom('child_population')
    .where('la_code', '=', laCode)
    .where('year', '=', year)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface StoredFigure extends BenchmarkFigure {
  readonly source: string;
  readonly importedAt: string;
}

/** The published figures for the years asked (all years when omitted). */
export async function listBenchmarkFigures(
  db: DbOrTrx,
  laCode: string,
  years?: readonly number[],
): Promise<StoredFigure[]> {
  let q = db
    .selectFrom('benchmark_figures')
    .select(['indicator', 'year', 'area', 'area_name', 'new_code', 'value', 'source', 'imported_at'])
    .where('la_code', '=', laCode);
  if (years) {
    if (years.length === 0) return [];
    q = q.where('year', 'in', [...years]);
  }
  const rows = await q.orderBy('indicator').orderBy('year').orderBy('area').execute();
  return rows.map((r) => ({
    indicator: r.indicator as IndicatorId,
    year: r.year,
    area: r.area,
    areaName: r.area_name,
    newCode: r.new_code,
    value: Number(r.value),
    source: r.source,
    importedAt: r.imported_at,
  }));
}

/**
 * Replaces the figures of every (indicator, year) the file holds with the file's (call inside a
 * transaction: one change). Figures of other indicators and years are kept.
 */
export async function replaceBenchmarkFigures(
  trx: DbOrTrx,
  laCode: string,
  figures: readonly BenchmarkFigure[],
  source: string,
  importedAt: string,
): Promise<void> {
  const pairs = new Map<string, { indicator: string; year: number }>();
  for (const f of figures) pairs.set(`${f.indicator}|${f.year}`, { indicator: f.indicator, year: f.year });
  for (const p of pairs.values())
    await trx
      .deleteFrom('benchmark_figures')
      .where('la_code', '=', laCode)
      .where('indicator', '=', p.indicator)
      .where('year', '=', p.year)
      .execute();
  const rows = figures.map((f) => ({
    la_code: laCode,
    indicator: f.indicator,
    year: f.year,
    area: f.area,
    area_name: f.areaName,
    new_code: f.newCode,
    value: String(f.value),
    source,
    imported_at: importedAt,
  }));
  // Batches well under SQLite's 32,766 bound parameters (9 a row).
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('benchmark_figures')
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function listNeighbours(db: DbOrTrx, laCode: string): Promise<string[]> {
  const rows = await db
    .selectFrom('statistical_neighbours')
    .select(['neighbour_code'])
    .where('la_code', '=', laCode)
    .orderBy('rank')
    .execute();
  return rows.map((r) => r.neighbour_code);
}

/** Replaces the council's neighbours with `codes`, closest first (call inside a transaction). */
export async function replaceNeighbours(trx: DbOrTrx, laCode: string, codes: readonly string[]): Promise<void> {
  await trx.deleteFrom('statistical_neighbours').where('la_code', '=', laCode).execute();
  if (codes.length > 0)
    await trx
      .insertInto('statistical_neighbours')
      .values(codes.map((neighbour_code, i) => ({ la_code: laCode, neighbour_code, rank: i + 1 })))
      .execute();
}
