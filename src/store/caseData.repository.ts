/**
 * Children and episodes of care, as stored: all the SQL for case data. Every query filters on
 * `la_code`; child ids here are pseudonyms. Writes go in multi-row statements of a few hundred rows
 * (well inside SQLite's 32,766 and PostgreSQL's 65,535 bound-parameter limits).
 */
import { CompiledQuery, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CaseData, Child, Episode, Sex } from '../domain/model.ts';
import type { Database } from './schema.ts';
import type { ChildrenTable, EpisodesTable } from './tables/case.ts';

export type DbOrTrx = Kysely<Database> | Transaction<Database>;
export type ChildRow = Selectable<ChildrenTable>;
export type EpisodeRow = Selectable<EpisodesTable>;

/** Rows per multi-row statement: 14 columns x 1,000 rows = 14,000 parameters. */
export const WRITE_CHUNK = 1000;
/** Child ids per `in (...)` lookup. */
const LOOKUP_CHUNK = 500;
/** Rows per page when reading a council's episodes in pages. */
const READ_PAGE = 20_000;

const EPISODE_COLUMNS = [
  'la_code',
  'child_id',
  'start',
  'reason_new',
  'legal_status',
  'need_code',
  'placement',
  'provider',
  'end',
  'reason_ended',
  'reason_place_change',
  'placement_distance',
  'placement_la',
  'source_year',
] as const;

/** The columns of an episode read back (episodeFromRow): all but the council and the source year. */
const EPISODE_READ = EPISODE_COLUMNS.filter(
  (c): c is Exclude<(typeof EPISODE_COLUMNS)[number], 'la_code' | 'source_year'> =>
    c !== 'la_code' && c !== 'source_year',
);

const CHILD_COLUMNS = ['la_code', 'child_id', 'sex', 'dob', 'ethnicity', 'uasc', 'uasc_ceased', 'source_year'] as const;

/** Values in a row of children / of episodes, as childValues and episodeValues lay them out. */
export const CHILD_WIDTH = CHILD_COLUMNS.length;
export const EPISODE_WIDTH = EPISODE_COLUMNS.length;

export function childFromRow(
  row: Pick<ChildRow, 'child_id' | 'sex' | 'dob' | 'ethnicity' | 'uasc' | 'uasc_ceased'>,
): Child {
  return {
    childId: row.child_id,
    sex: row.sex as Sex,
    dob: row.dob,
    ethnicity: row.ethnicity,
    uasc: Number(row.uasc) === 1,
    uascCeased: row.uasc_ceased,
  };
}

export function episodeFromRow(row: Omit<EpisodeRow, 'la_code' | 'source_year'>): Episode {
  return {
    childId: row.child_id,
    start: row.start,
    reasonNew: row.reason_new,
    legalStatus: row.legal_status,
    needCode: row.need_code,
    placement: row.placement,
    provider: row.provider,
    end: row.end,
    reasonEnded: row.reason_ended,
    reasonPlaceChange: row.reason_place_change,
    placementDistance: row.placement_distance === null ? null : Number(row.placement_distance),
    placementLa: row.placement_la,
  };
}

/** The row for `child`, stored under `childId` (its pseudonym) when given. */
export function childToRow(
  laCode: string,
  child: Child,
  sourceYear: number,
  childId: string = child.childId,
): ChildRow {
  return {
    la_code: laCode,
    child_id: childId,
    sex: child.sex,
    dob: child.dob,
    ethnicity: child.ethnicity,
    uasc: child.uasc ? 1 : 0,
    uasc_ceased: child.uascCeased,
    source_year: sourceYear,
  };
}

/** The row for `episode`, stored under `childId` (its child's pseudonym) when given. */
export function episodeToRow(
  laCode: string,
  episode: Episode,
  sourceYear: number,
  childId: string = episode.childId,
): EpisodeRow {
  return {
    la_code: laCode,
    child_id: childId,
    start: episode.start,
    reason_new: episode.reasonNew,
    legal_status: episode.legalStatus,
    need_code: episode.needCode,
    placement: episode.placement,
    provider: episode.provider,
    end: episode.end,
    reason_ended: episode.reasonEnded,
    reason_place_change: episode.reasonPlaceChange,
    placement_distance: episode.placementDistance ?? null,
    placement_la: episode.placementLa ?? null,
    source_year: sourceYear,
  };
}

/**
 * A council's case data, as the engine, finance and reports read it: every child and every
 * episode (short breaks included; the domain decides what counts), ordered by child then start.
 * Two indexed range scans; about 0.1 s for a council with 10 years of history.
 */
export async function loadCaseData(db: DbOrTrx, laCode: string): Promise<CaseData> {
  const children = await db
    .selectFrom('children')
    .select(['child_id', 'sex', 'dob', 'ethnicity', 'uasc', 'uasc_ceased'])
    .where('la_code', '=', laCode)
    .orderBy('child_id')
    .execute();
  const episodes = await db
    .selectFrom('episodes')
    .select(EPISODE_READ)
    .where('la_code', '=', laCode)
    .orderBy('child_id')
    .orderBy('start')
    .execute();
  return { children: children.map(childFromRow), episodes: episodes.map(episodeFromRow) };
}

/**
 * A council's episodes in pages of `pageSize`, ordered by child then start (keyset pagination on
 * the primary key, so each page is an index range scan whatever the dialect). For national-scale
 * data that should not be held in memory at once.
 */
export async function* iterateEpisodes(db: DbOrTrx, laCode: string, pageSize = READ_PAGE): AsyncGenerator<Episode[]> {
  let after: { childId: string; start: string } | undefined;
  for (;;) {
    let q = db.selectFrom('episodes').select(EPISODE_READ).where('la_code', '=', laCode);
    if (after) {
      const a = after;
      q = q.where((eb) =>
        eb.or([eb('child_id', '>', a.childId), eb.and([eb('child_id', '=', a.childId), eb('start', '>', a.start)])]),
      );
    }
    const rows = await q.orderBy('child_id').orderBy('start').limit(pageSize).execute();
    if (rows.length === 0) return;
    const page = rows.map(episodeFromRow);
    yield page;
    const last = page[page.length - 1];
    if (!last || rows.length < pageSize) return;
    after = { childId: last.childId, start: last.start };
  }
}

export async function countCaseData(db: DbOrTrx, laCode: string): Promise<{ children: number; episodes: number }> {
  const c = await db
    .selectFrom('children')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('la_code', '=', laCode)
    .executeTakeFirstOrThrow();
  const e = await db
    .selectFrom('episodes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('la_code', '=', laCode)
    .executeTakeFirstOrThrow();
  return { children: Number(c.n), episodes: Number(e.n) };
}

/** Whether the council has any children or episodes stored (lets a first import skip the lookups). */
export async function hasCaseData(db: DbOrTrx, laCode: string): Promise<boolean> {
  const e = await db
    .selectFrom('episodes')
    .select('child_id')
    .where('la_code', '=', laCode)
    .limit(1)
    .executeTakeFirst();
  if (e) return true;
  const c = await db
    .selectFrom('children')
    .select('child_id')
    .where('la_code', '=', laCode)
    .limit(1)
    .executeTakeFirst();
  return c !== undefined;
}

/** Stored children whose pseudonyms lie in [from, to]: one index range scan. */
export async function findChildrenBetween(db: DbOrTrx, laCode: string, from: string, to: string): Promise<ChildRow[]> {
  return db
    .selectFrom('children')
    .select(CHILD_COLUMNS)
    .where('la_code', '=', laCode)
    .where('child_id', '>=', from)
    .where('child_id', '<=', to)
    .execute();
}

/** Stored episodes of the children whose pseudonyms lie in [from, to]: one index range scan. */
export async function findEpisodesBetween(
  db: DbOrTrx,
  laCode: string,
  from: string,
  to: string,
): Promise<EpisodeRow[]> {
  return db
    .selectFrom('episodes')
    .select(EPISODE_COLUMNS)
    .where('la_code', '=', laCode)
    .where('child_id', '>=', from)
    .where('child_id', '<=', to)
    .execute();
}

/** Stored children among `childIds` (pseudonyms). */
export async function findChildren(db: DbOrTrx, laCode: string, childIds: readonly string[]): Promise<ChildRow[]> {
  const out: ChildRow[] = [];
  for (let i = 0; i < childIds.length; i += LOOKUP_CHUNK) {
    const ids = childIds.slice(i, i + LOOKUP_CHUNK);
    out.push(
      ...(await db
        .selectFrom('children')
        .select(CHILD_COLUMNS)
        .where('la_code', '=', laCode)
        .where('child_id', 'in', ids)
        .execute()),
    );
  }
  return out;
}

/** Stored episodes of the children `childIds` (pseudonyms). */
export async function findEpisodes(db: DbOrTrx, laCode: string, childIds: readonly string[]): Promise<EpisodeRow[]> {
  const out: EpisodeRow[] = [];
  for (let i = 0; i < childIds.length; i += LOOKUP_CHUNK) {
    const ids = childIds.slice(i, i + LOOKUP_CHUNK);
    out.push(
      ...(await db
        .selectFrom('episodes')
        .select(EPISODE_COLUMNS)
        .where('la_code', '=', laCode)
        .where('child_id', 'in', ids)
        .execute()),
    );
  }
  return out;
}

type UpsertBuilder<R> = (db: DbOrTrx, rows: R[]) => { compile(): CompiledQuery };

/**
 * Multi-row upserts in chunks, fast: Kysely compiles the statement for a full chunk once per
 * dialect; later chunks reuse its SQL with their own parameters (and SQLite reuses the prepared
 * statement, see database.ts). Kysely still writes all the SQL; only the compiling is saved.
 */
export function bulkUpsert<R extends Record<string, string | number | null>>(
  name: string,
  columns: readonly (keyof R & string)[],
  sample: R,
  build: UpsertBuilder<R>,
) {
  const sqlByDialect = new Map<string, string>();
  const fullSql = (db: DbOrTrx): string => {
    const dialectKey = `${db.getExecutor().adapter.constructor.name}`;
    let sql = sqlByDialect.get(dialectKey);
    if (sql === undefined) {
      const compiled = build(
        db,
        Array.from({ length: WRITE_CHUNK }, () => sample),
      ).compile();
      if (compiled.parameters.length !== WRITE_CHUNK * columns.length)
        throw new Error(`bulk ${name}: unexpected parameter count`);
      sql = compiled.sql;
      sqlByDialect.set(dialectKey, sql);
    }
    return sql;
  };
  const rows = async (db: DbOrTrx, rows: readonly R[]): Promise<void> => {
    const sql = fullSql(db);
    for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
      const chunk = rows.slice(i, i + WRITE_CHUNK);
      if (chunk.length < WRITE_CHUNK) {
        await db.executeQuery(build(db, chunk).compile());
        continue;
      }
      const params: unknown[] = new Array(chunk.length * columns.length);
      let k = 0;
      for (const row of chunk) for (const c of columns) params[k++] = row[c];
      await db.executeQuery(CompiledQuery.raw(sql, params));
    }
  };
  /** A chunk of rows' values laid end to end, in `columns` order: the full chunk's statement, or a shorter one compiled. */
  const chunk = async (db: DbOrTrx, chunk: (string | number | null)[]): Promise<void> => {
    const width = columns.length;
    if (chunk.length === WRITE_CHUNK * width) {
      await db.executeQuery(CompiledQuery.raw(fullSql(db), chunk));
      return;
    }
    const partial: R[] = [];
    for (let r = 0; r < chunk.length; r += width) {
      const row = {} as Record<string, string | number | null>;
      for (let c = 0; c < width; c++) row[columns[c] as string] = chunk[r + c] as string | number | null;
      partial.push(row as R);
    }
    await db.executeQuery(build(db, partial).compile());
  };
  /** The same from the rows' values laid end to end, in `columns` order (no row objects). */
  const values = async (db: DbOrTrx, values: readonly (string | number | null)[]): Promise<void> => {
    const width = columns.length;
    if (values.length % width !== 0)
      throw new Error(`bulk ${name}: ${values.length} values is not a whole number of rows`);
    const full = WRITE_CHUNK * width;
    for (let i = 0; i < values.length; i += full) await chunk(db, values.slice(i, i + full));
  };
  /**
   * The same for `count` rows whose values `fill(i, out, k)` writes (row i's, in `columns` order,
   * from out[k]; it returns the index after them), a chunk at a time: no list of every value first.
   */
  const filled = async (
    db: DbOrTrx,
    count: number,
    fill: (i: number, out: (string | number | null)[], k: number) => number,
  ): Promise<void> => {
    const width = columns.length;
    for (let i = 0; i < count; i += WRITE_CHUNK) {
      const n = Math.min(WRITE_CHUNK, count - i);
      const out = new Array<string | number | null>(n * width);
      let k = 0;
      for (let r = 0; r < n; r++) k = fill(i + r, out, k);
      if (k !== out.length) throw new Error(`bulk ${name}: a row did not have ${width} values`);
      await chunk(db, out);
    }
  };
  return { rows, values, filled };
}

/** Orders a row's keys as `columns` (so every row compiles to the same column list). */
export function ordered<R>(columns: readonly (keyof R)[], row: R): R {
  const out = {} as R;
  for (const c of columns) out[c] = row[c];
  return out;
}

const sampleChild: ChildRow = {
  la_code: 'x',
  child_id: 'x',
  sex: 'x',
  dob: 'x',
  ethnicity: 'x',
  uasc: 0,
  uasc_ceased: 'x',
  source_year: 0,
};
const sampleEpisode: EpisodeRow = {
  la_code: 'x',
  child_id: 'x',
  start: 'x',
  reason_new: 'x',
  legal_status: 'x',
  need_code: 'x',
  placement: 'x',
  provider: 'x',
  end: 'x',
  reason_ended: 'x',
  reason_place_change: 'x',
  placement_distance: 0,
  placement_la: 'x',
  source_year: 0,
};

/** Inserts new children, or replaces stored ones with the same (la_code, child_id). */
const childrenBulk = bulkUpsert<ChildRow>('children', CHILD_COLUMNS, sampleChild, (db, rows) =>
  db
    .insertInto('children')
    .values(rows.map((r) => ordered(CHILD_COLUMNS, r)))
    .onConflict((oc) =>
      oc.columns(['la_code', 'child_id']).doUpdateSet((eb) => ({
        sex: eb.ref('excluded.sex'),
        dob: eb.ref('excluded.dob'),
        ethnicity: eb.ref('excluded.ethnicity'),
        uasc: eb.ref('excluded.uasc'),
        uasc_ceased: eb.ref('excluded.uasc_ceased'),
        source_year: eb.ref('excluded.source_year'),
      })),
    ),
);

/** Inserts new episodes, or replaces stored ones with the same (la_code, child_id, start). */
const episodesBulk = bulkUpsert<EpisodeRow>('episodes', EPISODE_COLUMNS, sampleEpisode, (db, rows) =>
  db
    .insertInto('episodes')
    .values(rows.map((r) => ordered(EPISODE_COLUMNS, r)))
    .onConflict((oc) =>
      oc.columns(['la_code', 'child_id', 'start']).doUpdateSet((eb) => ({
        reason_new: eb.ref('excluded.reason_new'),
        legal_status: eb.ref('excluded.legal_status'),
        need_code: eb.ref('excluded.need_code'),
        placement: eb.ref('excluded.placement'),
        provider: eb.ref('excluded.provider'),
        end: eb.ref('excluded.end'),
        reason_ended: eb.ref('excluded.reason_ended'),
        reason_place_change: eb.ref('excluded.reason_place_change'),
        placement_distance: eb.ref('excluded.placement_distance'),
        placement_la: eb.ref('excluded.placement_la'),
        source_year: eb.ref('excluded.source_year'),
      })),
    ),
);

/** Inserts new children, or replaces stored ones with the same (la_code, child_id). */
export const upsertChildren = childrenBulk.rows;
/** Inserts new episodes, or replaces stored ones with the same (la_code, child_id, start). */
export const upsertEpisodes = episodesBulk.rows;
/** upsertChildren from values laid end to end by childValues (no row objects: for bulk imports). */
export const upsertChildValues = childrenBulk.values;
/** upsertEpisodes from values laid end to end by episodeValues. */
export const upsertEpisodeValues = episodesBulk.values;

/** Appends the values of childToRow(laCode, child, sourceYear, childId) to `out`, in column order. */
export function childValues(
  out: (string | number | null)[],
  laCode: string,
  child: Child,
  sourceYear: number,
  childId: string,
): void {
  out.push(laCode, childId, child.sex, child.dob, child.ethnicity, child.uasc ? 1 : 0, child.uascCeased, sourceYear);
}

/** Appends the values of episodeToRow(laCode, episode, sourceYear, childId) to `out`, in column order. */
export function episodeValues(
  out: (string | number | null)[],
  laCode: string,
  episode: Episode,
  sourceYear: number,
  childId: string,
): void {
  out.push(
    laCode,
    childId,
    episode.start,
    episode.reasonNew,
    episode.legalStatus,
    episode.needCode,
    episode.placement,
    episode.provider,
    episode.end,
    episode.reasonEnded,
    episode.reasonPlaceChange,
    episode.placementDistance ?? null,
    episode.placementLa ?? null,
    sourceYear,
  );
}

/** The last date the council's episodes know about (latest start or end), or null with none: the default forecast start. */
export async function lastEpisodeDate(db: DbOrTrx, laCode: string): Promise<string | null> {
  const row = await db
    .selectFrom('episodes')
    .select((eb) => [eb.fn.max('start').as('lastStart'), eb.fn.max('end').as('lastEnd')])
    .where('la_code', '=', laCode)
    .executeTakeFirst();
  const dates = [row?.lastStart, row?.lastEnd].filter((d): d is string => typeof d === 'string');
  return dates.length === 0 ? null : dates.reduce((a, b) => (b > a ? b : a));
}
