/**
 * The children in need census, as stored: all the SQL for CIN data and the council's monthly
 * counts. Every query filters on `la_code`; child ids are pseudonyms (the 903's key). Writes are
 * multi-row upserts where a stored record is replaced only by a version from the same or a later
 * collection year (`source_year`), so importing an old year after a new one changes nothing the
 * new one holds.
 */
import { sql, type Selectable } from 'kysely';
import type { CinChild, CinData, CinEpisode, CinMerged, CinMonthlyCounts } from '../domain/cin/model.ts';
import type { Sex } from '../domain/model.ts';
import { bulkUpsert, ordered, type DbOrTrx } from './caseData.repository.ts';
import type {
  CinAssessmentsTable,
  CinChildrenTable,
  CinEpisodesTable,
  CinPlansTable,
  CinProtectionPlansTable,
  CinSection47Table,
} from './tables/cin.ts';

/** What an import writes: the merged records (child ids pseudonymised as they are stored: upsertCinRecords's childIdOf). */
export type CinRecordsToStore = CinMerged;

export interface CinCounts {
  readonly children: number;
  readonly episodes: number;
  readonly assessments: number;
  readonly cinPlans: number;
  readonly section47s: number;
  readonly protectionPlans: number;
}

// Reading ------------------------------------------------------------------------------------

function childFromRow(r: Omit<Selectable<CinChildrenTable>, 'la_code' | 'source_year'>): CinChild {
  return { childId: r.child_id, sex: r.sex as Sex, dob: r.dob, expectedDob: r.expected_dob, ethnicity: r.ethnicity };
}

function episodeFromRow(r: Omit<Selectable<CinEpisodesTable>, 'la_code' | 'source_year'>): CinEpisode {
  return {
    childId: r.child_id,
    referralDate: r.referral_date,
    referralSource: r.referral_source,
    primaryNeed: r.primary_need,
    closureDate: r.closure_date,
    closureReason: r.closure_reason,
    referralNfa: Number(r.referral_nfa) === 1,
    initialCpcDate: r.initial_cpc_date,
  };
}

/** Factor codes from their stored form ('1A,2B'; '' for none). */
export function factorsFromText(text: string): string[] {
  return text === '' ? [] : text.split(',');
}

/**
 * A council's CIN census data as the domain reads it (see CinData): six indexed range scans,
 * each list ordered by child, referral date and start.
 */
export async function loadCinData(db: DbOrTrx, laCode: string): Promise<CinData> {
  const children = await db
    .selectFrom('cin_children')
    .select(['child_id', 'sex', 'dob', 'expected_dob', 'ethnicity'])
    .where('la_code', '=', laCode)
    .orderBy('child_id')
    .execute();
  const episodes = await db
    .selectFrom('cin_episodes')
    .select([
      'child_id',
      'referral_date',
      'referral_source',
      'primary_need',
      'closure_date',
      'closure_reason',
      'referral_nfa',
      'initial_cpc_date',
    ])
    .where('la_code', '=', laCode)
    .orderBy('child_id')
    .orderBy('referral_date')
    .execute();
  const assessments = await db
    .selectFrom('cin_assessments')
    .select(['child_id', 'referral_date', 'start', 'authorised', 'factors'])
    .where('la_code', '=', laCode)
    .orderBy('child_id')
    .orderBy('referral_date')
    .orderBy('start')
    .execute();
  const cinPlans = await db
    .selectFrom('cin_plans')
    .select(['child_id', 'referral_date', 'start', 'end'])
    .where('la_code', '=', laCode)
    .orderBy('child_id')
    .orderBy('referral_date')
    .orderBy('start')
    .execute();
  const section47s = await db
    .selectFrom('cin_section47')
    .select(['child_id', 'referral_date', 'start', 'icpc_target', 'icpc_date', 'icpc_not_required'])
    .where('la_code', '=', laCode)
    .orderBy('child_id')
    .orderBy('referral_date')
    .orderBy('start')
    .execute();
  const plans = await db
    .selectFrom('cin_protection_plans')
    .select(['child_id', 'referral_date', 'start', 'end', 'initial_category', 'latest_category', 'previous_plans'])
    .where('la_code', '=', laCode)
    .orderBy('child_id')
    .orderBy('referral_date')
    .orderBy('start')
    .execute();
  return {
    children: children.map(childFromRow),
    episodes: episodes.map(episodeFromRow),
    assessments: assessments.map((r) => ({
      childId: r.child_id,
      referralDate: r.referral_date,
      start: r.start,
      authorised: r.authorised,
      factors: factorsFromText(r.factors),
    })),
    cinPlans: cinPlans.map((r) => ({ childId: r.child_id, referralDate: r.referral_date, start: r.start, end: r.end })),
    section47s: section47s.map((r) => ({
      childId: r.child_id,
      referralDate: r.referral_date,
      start: r.start,
      icpcTarget: r.icpc_target,
      icpcDate: r.icpc_date,
      icpcNotRequired: Number(r.icpc_not_required) === 1,
    })),
    protectionPlans: plans.map((r) => ({
      childId: r.child_id,
      referralDate: r.referral_date,
      start: r.start,
      end: r.end,
      initialCategory: r.initial_category,
      latestCategory: r.latest_category,
      previousPlans: Number(r.previous_plans),
    })),
  };
}

/** Rows stored per CIN table for the council. */
export async function countCinData(db: DbOrTrx, laCode: string): Promise<CinCounts> {
  const count = async (
    table: 'cin_children' | 'cin_episodes' | 'cin_assessments' | 'cin_plans' | 'cin_section47' | 'cin_protection_plans',
  ): Promise<number> => {
    const r = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('la_code', '=', laCode)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  return {
    children: await count('cin_children'),
    episodes: await count('cin_episodes'),
    assessments: await count('cin_assessments'),
    cinPlans: await count('cin_plans'),
    section47s: await count('cin_section47'),
    protectionPlans: await count('cin_protection_plans'),
  };
}

/** The council's monthly counts, by month. */
export async function loadCinMonthlyCounts(db: DbOrTrx, laCode: string): Promise<CinMonthlyCounts[]> {
  const rows = await db
    .selectFrom('cin_monthly_counts')
    .select(['month', 'contacts', 'early_help_assessments', 'early_help_starts'])
    .where('la_code', '=', laCode)
    .orderBy('month')
    .execute();
  const n = (v: number | string | null): number | null => (v === null ? null : Number(v));
  return rows.map((r) => ({
    month: r.month,
    contacts: n(r.contacts),
    earlyHelpAssessments: n(r.early_help_assessments),
    earlyHelpStarts: n(r.early_help_starts),
  }));
}

// Writing ------------------------------------------------------------------------------------

type Row<T> = Selectable<T>;

const CHILD_COLUMNS = ['la_code', 'child_id', 'sex', 'dob', 'expected_dob', 'ethnicity', 'source_year'] as const;
const EPISODE_COLUMNS = [
  'la_code',
  'child_id',
  'referral_date',
  'referral_source',
  'primary_need',
  'closure_date',
  'closure_reason',
  'referral_nfa',
  'initial_cpc_date',
  'source_year',
] as const;
const ASSESSMENT_COLUMNS = [
  'la_code',
  'child_id',
  'referral_date',
  'start',
  'authorised',
  'factors',
  'source_year',
] as const;
const PLAN_COLUMNS = ['la_code', 'child_id', 'referral_date', 'start', 'end', 'source_year'] as const;
const S47_COLUMNS = [
  'la_code',
  'child_id',
  'referral_date',
  'start',
  'icpc_target',
  'icpc_date',
  'icpc_not_required',
  'source_year',
] as const;
const CPP_COLUMNS = [
  'la_code',
  'child_id',
  'referral_date',
  'start',
  'end',
  'initial_category',
  'latest_category',
  'previous_plans',
  'source_year',
] as const;

/** A sample row with every column filled (so the full-chunk statement compiles with all of them). */
function sample<C extends string>(columns: readonly C[], numeric: readonly C[]): Record<C, string | number> {
  const out = {} as Record<C, string | number>;
  for (const c of columns) out[c] = numeric.includes(c) ? 0 : 'x';
  return out;
}

/** Only replace a stored record with a version from the same or a later return. */
const notOlder = (table: string) => sql<boolean>`excluded.source_year >= ${sql.ref(`${table}.source_year`)}`;

const childrenBulk = bulkUpsert<Row<CinChildrenTable>>(
  'cin_children',
  CHILD_COLUMNS,
  sample(CHILD_COLUMNS, ['source_year']) as Row<CinChildrenTable>,
  (db, rows) =>
    db
      .insertInto('cin_children')
      .values(rows.map((r) => ordered(CHILD_COLUMNS, r)))
      .onConflict((oc) =>
        oc
          .columns(['la_code', 'child_id'])
          .doUpdateSet((eb) => ({
            sex: eb.ref('excluded.sex'),
            dob: eb.ref('excluded.dob'),
            expected_dob: eb.ref('excluded.expected_dob'),
            ethnicity: eb.ref('excluded.ethnicity'),
            source_year: eb.ref('excluded.source_year'),
          }))
          .where(notOlder('cin_children')),
      ),
);

const episodesBulk = bulkUpsert<Row<CinEpisodesTable>>(
  'cin_episodes',
  EPISODE_COLUMNS,
  sample(EPISODE_COLUMNS, ['referral_nfa', 'source_year']) as Row<CinEpisodesTable>,
  (db, rows) =>
    db
      .insertInto('cin_episodes')
      .values(rows.map((r) => ordered(EPISODE_COLUMNS, r)))
      .onConflict((oc) =>
        oc
          .columns(['la_code', 'child_id', 'referral_date'])
          .doUpdateSet((eb) => ({
            referral_source: eb.ref('excluded.referral_source'),
            primary_need: eb.ref('excluded.primary_need'),
            closure_date: eb.ref('excluded.closure_date'),
            closure_reason: eb.ref('excluded.closure_reason'),
            referral_nfa: eb.ref('excluded.referral_nfa'),
            initial_cpc_date: eb.ref('excluded.initial_cpc_date'),
            source_year: eb.ref('excluded.source_year'),
          }))
          .where(notOlder('cin_episodes')),
      ),
);

const assessmentsBulk = bulkUpsert<Row<CinAssessmentsTable>>(
  'cin_assessments',
  ASSESSMENT_COLUMNS,
  sample(ASSESSMENT_COLUMNS, ['source_year']) as Row<CinAssessmentsTable>,
  (db, rows) =>
    db
      .insertInto('cin_assessments')
      .values(rows.map((r) => ordered(ASSESSMENT_COLUMNS, r)))
      .onConflict((oc) =>
        oc
          .columns(['la_code', 'child_id', 'referral_date', 'start'])
          .doUpdateSet((eb) => ({
            authorised: eb.ref('excluded.authorised'),
            factors: eb.ref('excluded.factors'),
            source_year: eb.ref('excluded.source_year'),
          }))
          .where(notOlder('cin_assessments')),
      ),
);

const plansBulk = bulkUpsert<Row<CinPlansTable>>(
  'cin_plans',
  PLAN_COLUMNS,
  sample(PLAN_COLUMNS, ['source_year']) as Row<CinPlansTable>,
  (db, rows) =>
    db
      .insertInto('cin_plans')
      .values(rows.map((r) => ordered(PLAN_COLUMNS, r)))
      .onConflict((oc) =>
        oc
          .columns(['la_code', 'child_id', 'referral_date', 'start'])
          .doUpdateSet((eb) => ({ end: eb.ref('excluded.end'), source_year: eb.ref('excluded.source_year') }))
          .where(notOlder('cin_plans')),
      ),
);

const s47Bulk = bulkUpsert<Row<CinSection47Table>>(
  'cin_section47',
  S47_COLUMNS,
  sample(S47_COLUMNS, ['icpc_not_required', 'source_year']) as Row<CinSection47Table>,
  (db, rows) =>
    db
      .insertInto('cin_section47')
      .values(rows.map((r) => ordered(S47_COLUMNS, r)))
      .onConflict((oc) =>
        oc
          .columns(['la_code', 'child_id', 'referral_date', 'start'])
          .doUpdateSet((eb) => ({
            icpc_target: eb.ref('excluded.icpc_target'),
            icpc_date: eb.ref('excluded.icpc_date'),
            icpc_not_required: eb.ref('excluded.icpc_not_required'),
            source_year: eb.ref('excluded.source_year'),
          }))
          .where(notOlder('cin_section47')),
      ),
);

const cppBulk = bulkUpsert<Row<CinProtectionPlansTable>>(
  'cin_protection_plans',
  CPP_COLUMNS,
  sample(CPP_COLUMNS, ['previous_plans', 'source_year']) as Row<CinProtectionPlansTable>,
  (db, rows) =>
    db
      .insertInto('cin_protection_plans')
      .values(rows.map((r) => ordered(CPP_COLUMNS, r)))
      .onConflict((oc) =>
        oc
          .columns(['la_code', 'child_id', 'referral_date', 'start'])
          .doUpdateSet((eb) => ({
            end: eb.ref('excluded.end'),
            initial_category: eb.ref('excluded.initial_category'),
            latest_category: eb.ref('excluded.latest_category'),
            previous_plans: eb.ref('excluded.previous_plans'),
            source_year: eb.ref('excluded.source_year'),
          }))
          .where(notOlder('cin_protection_plans')),
      ),
);

type Value = string | number | null;

/** A table's records in the order to store them: position i holds record `order[i]`, stored under `ids[i]`. */
interface KeyOrder {
  readonly order: Int32Array;
  readonly ids: string[];
}

/** A table's runs of records of one child: run r is records from[r] .. from[r + 1] - 1, of child `childIds[r]`. */
interface Runs {
  readonly from: number[];
  readonly childIds: string[];
  /** Each run's child after the one before (the table ordered by child, as mergeCinReturns gives it). */
  readonly byChild: boolean;
}

function runsOf(list: readonly { readonly childId: string }[]): Runs {
  const from: number[] = [];
  const childIds: string[] = [];
  let byChild = true;
  for (let i = 0; i < list.length;) {
    const childId = list[i]!.childId;
    let j = i + 1;
    while (j < list.length && list[j]!.childId === childId) j++;
    if (childIds.length > 0 && !(childIds[childIds.length - 1]! < childId)) byChild = false;
    from.push(i);
    childIds.push(childId);
    i = j;
  }
  from.push(list.length);
  return { from, childIds, byChild };
}

/**
 * The distinct children of the tables' runs, and each run's child as an index into them. When
 * every table is ordered by child the runs are merged in step (no look-up by id: a look-up in a
 * map of a hundred thousand ids is a cache miss or two each); else the children are numbered by a
 * map in the order first seen.
 */
function distinctChildren(runs: readonly Runs[]): { readonly children: string[]; readonly runChild: Int32Array[] } {
  const children: string[] = [];
  const runChild = runs.map((r) => new Int32Array(r.childIds.length));
  if (runs.every((r) => r.byChild)) {
    const at = runs.map(() => 0);
    for (;;) {
      let next: string | null = null;
      for (let t = 0; t < runs.length; t++) {
        const id = runs[t]!.childIds[at[t]!];
        if (id !== undefined && (next === null || id < next)) next = id;
      }
      if (next === null) break;
      for (let t = 0; t < runs.length; t++)
        if (runs[t]!.childIds[at[t]!] === next) runChild[t]![at[t]!++] = children.length;
      children.push(next);
    }
    return { children, runChild };
  }
  const index = new Map<string, number>();
  runs.forEach((r, t) => {
    for (let q = 0; q < r.childIds.length; q++) {
      const id = r.childIds[q]!;
      let n = index.get(id);
      if (n === undefined) {
        n = children.length;
        index.set(id, n);
        children.push(id);
      }
      runChild[t]![q] = n;
    }
  });
  return { children, runChild };
}

/**
 * Each table's records in primary key order, as runs: the merged records come by the council's
 * child id (each child's together, by referral date and start), their pseudonyms in no order, and
 * SQLite inserts into a B-tree in key order far faster than at random places. Each child's run of
 * records is kept as it is and the runs are put in stored-id order. Each distinct child's stored
 * id is worked out once and the stored ids sorted once (equal ids ranked equal); each table's runs
 * are placed by their id's rank (a stable counting sort: the order a stable sort of each table's
 * runs by id gives).
 */
function keyOrders(
  tables: readonly (readonly { readonly childId: string }[])[],
  childIdOf: (childId: string) => string,
): KeyOrder[] {
  const runs = tables.map(runsOf);
  const { children, runChild } = distinctChildren(runs);
  const stored = children.map(childIdOf);
  const byStored = Array.from(stored.keys()).sort((x, y) =>
    stored[x]! < stored[y]! ? -1 : stored[x]! > stored[y]! ? 1 : 0,
  );
  const rankOf = new Int32Array(children.length);
  let ranks = 0;
  for (let q = 0; q < byStored.length; q++) {
    if (q > 0 && stored[byStored[q]!] !== stored[byStored[q - 1]!]) ranks++;
    rankOf[byStored[q]!] = ranks;
  }
  return runs.map(({ from }, t) => {
    const child = runChild[t]!;
    const n = child.length;
    const starts = new Int32Array(ranks + 2);
    for (let r = 0; r < n; r++) starts[rankOf[child[r]!]! + 1]! += from[r + 1]! - from[r]!;
    for (let q = 1; q < starts.length; q++) starts[q]! += starts[q - 1]!;
    const order = new Int32Array(from[n]!);
    const ids = new Array<string>(from[n]!);
    for (let r = 0; r < n; r++) {
      const rank = rankOf[child[r]!]!;
      const id = stored[child[r]!]!;
      let k = starts[rank]!;
      for (let i = from[r]!; i < from[r + 1]!; i++, k++) {
        order[k] = i;
        ids[k] = id;
      }
      starts[rank] = k;
    }
    return { order, ids };
  });
}

/**
 * Stores merged CIN records for the council (call inside a transaction: one import is one
 * change). A record already stored from a later return is left as it is. `childIdOf` gives the
 * child id stored for a record's (an import passes the pseudonymiser: each row is built once,
 * under its pseudonym, rather than the records copied first); by default the id as it is. Each
 * table's rows are written in primary key order (keyOrders), a chunk of rows' values at a time.
 */
export async function upsertCinRecords(
  db: DbOrTrx,
  laCode: string,
  records: CinRecordsToStore,
  childIdOf: (childId: string) => string = (id) => id,
): Promise<void> {
  const [c, e, a, p, s, x] = keyOrders(
    [
      records.children,
      records.episodes,
      records.assessments,
      records.cinPlans,
      records.section47s,
      records.protectionPlans,
    ],
    childIdOf,
  ) as [KeyOrder, KeyOrder, KeyOrder, KeyOrder, KeyOrder, KeyOrder];
  // Each row in its table's columns order (CHILD_COLUMNS, ...): la_code, child_id, then what `row` writes.
  const write = <T>(
    bulk: { filled: (db: DbOrTrx, n: number, fill: (i: number, out: Value[], k: number) => number) => Promise<void> },
    list: readonly T[],
    to: KeyOrder,
    row: (r: T, out: Value[], k: number) => number,
  ): Promise<void> =>
    bulk.filled(db, to.order.length, (i, out, k) => {
      out[k] = laCode;
      out[k + 1] = to.ids[i]!;
      return row(list[to.order[i]!]!, out, k + 2);
    });
  await write(childrenBulk, records.children, c, (r, out, k) => {
    out[k++] = r.sex;
    out[k++] = r.dob;
    out[k++] = r.expectedDob;
    out[k++] = r.ethnicity;
    out[k++] = r.sourceYear;
    return k;
  });
  await write(episodesBulk, records.episodes, e, (r, out, k) => {
    out[k++] = r.referralDate;
    out[k++] = r.referralSource;
    out[k++] = r.primaryNeed;
    out[k++] = r.closureDate;
    out[k++] = r.closureReason;
    out[k++] = r.referralNfa ? 1 : 0;
    out[k++] = r.initialCpcDate;
    out[k++] = r.sourceYear;
    return k;
  });
  await write(assessmentsBulk, records.assessments, a, (r, out, k) => {
    out[k++] = r.referralDate;
    out[k++] = r.start;
    out[k++] = r.authorised;
    out[k++] = r.factors.length === 1 ? r.factors[0]! : r.factors.join(','); // most have one factor (or none)
    out[k++] = r.sourceYear;
    return k;
  });
  await write(plansBulk, records.cinPlans, p, (r, out, k) => {
    out[k++] = r.referralDate;
    out[k++] = r.start;
    out[k++] = r.end;
    out[k++] = r.sourceYear;
    return k;
  });
  await write(s47Bulk, records.section47s, s, (r, out, k) => {
    out[k++] = r.referralDate;
    out[k++] = r.start;
    out[k++] = r.icpcTarget;
    out[k++] = r.icpcDate;
    out[k++] = r.icpcNotRequired ? 1 : 0;
    out[k++] = r.sourceYear;
    return k;
  });
  await write(cppBulk, records.protectionPlans, x, (r, out, k) => {
    out[k++] = r.referralDate;
    out[k++] = r.start;
    out[k++] = r.end;
    out[k++] = r.initialCategory;
    out[k++] = r.latestCategory;
    out[k++] = r.previousPlans;
    out[k++] = r.sourceYear;
    return k;
  });
}

export interface CinImportRecord {
  readonly laCode: string;
  readonly importedBy: string;
  readonly importedAt: string;
  readonly counts: object;
  readonly issuesSummary: object;
  readonly files: readonly object[];
}

/** Records an import (who, when, what was read and stored); returns its id. */
export async function recordCinImport(db: DbOrTrx, record: CinImportRecord): Promise<number> {
  const r = await db
    .insertInto('cin_imports')
    .values({
      la_code: record.laCode,
      imported_by: record.importedBy,
      imported_at: record.importedAt,
      counts: JSON.stringify(record.counts),
      issues_summary: JSON.stringify(record.issuesSummary),
      files: JSON.stringify(record.files),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** The council's latest CIN import (when and by whom), or null. */
export async function lastCinImport(
  db: DbOrTrx,
  laCode: string,
): Promise<{ id: number; importedBy: string; importedAt: string } | null> {
  const r = await db
    .selectFrom('cin_imports')
    .select(['id', 'imported_by', 'imported_at'])
    .where('la_code', '=', laCode)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { id: Number(r.id), importedBy: r.imported_by, importedAt: r.imported_at } : null;
}

/**
 * Stores the council's counts for the months given (call inside a transaction): each month's row
 * is replaced whole, so a count left empty becomes unknown.
 */
export async function upsertCinMonthlyCounts(
  db: DbOrTrx,
  laCode: string,
  counts: readonly CinMonthlyCounts[],
  by: { readonly updatedBy: string; readonly updatedAt: string },
): Promise<void> {
  for (let i = 0; i < counts.length; i += 500) {
    await db
      .insertInto('cin_monthly_counts')
      .values(
        counts.slice(i, i + 500).map((c) => ({
          la_code: laCode,
          month: c.month,
          contacts: c.contacts,
          early_help_assessments: c.earlyHelpAssessments,
          early_help_starts: c.earlyHelpStarts,
          updated_by: by.updatedBy,
          updated_at: by.updatedAt,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['la_code', 'month']).doUpdateSet((eb) => ({
          contacts: eb.ref('excluded.contacts'),
          early_help_assessments: eb.ref('excluded.early_help_assessments'),
          early_help_starts: eb.ref('excluded.early_help_starts'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/**
 * The first and last collection years of the council's stored CIN episodes (their returns' years:
 * a return holds every episode open during its year); null when none are stored. Added for the
 * workforce's caseloads (issue 12), which count cases only on days the returns cover.
 */
export async function cinCollectionYears(db: DbOrTrx, laCode: string): Promise<{ first: number; last: number } | null> {
  const r = await db
    .selectFrom('cin_episodes')
    .select((eb) => [
      eb.fn.min<number | string>('source_year').as('first'),
      eb.fn.max<number | string>('source_year').as('last'),
    ])
    .where('la_code', '=', laCode)
    .executeTakeFirst();
  if (!r || r.first === null || r.last === null) return null;
  return { first: Number(r.first), last: Number(r.last) };
}

/** One collection year of the council's CIN census as stored: when it was last imported and what it holds. */
export interface CinYearLoaded {
  /** The collection year, named by the March it ends in (2024 = April 2023 to March 2024). */
  readonly year: number;
  /** The latest import that read a return of this year. */
  readonly lastImportedAt: string;
  readonly lastImportedBy: string;
  /** How many imports read a return of this year. */
  readonly imports: number;
  /** CIN episodes stored whose latest return is this year's (a later return replaces an earlier one's). */
  readonly episodes: number;
}

/**
 * The collection years of the council's CIN imports, latest first (from the import records: the
 * years the files read were for), with the episodes each year's return holds after merging.
 */
export async function cinYearsLoaded(db: DbOrTrx, laCode: string): Promise<CinYearLoaded[]> {
  const imports = await db
    .selectFrom('cin_imports')
    .select(['id', 'imported_by', 'imported_at', 'files'])
    .where('la_code', '=', laCode)
    .orderBy('id')
    .execute();
  const episodes = await db
    .selectFrom('cin_episodes')
    .select((eb) => ['source_year', eb.fn.countAll<number | string>().as('n')])
    .where('la_code', '=', laCode)
    .groupBy('source_year')
    .execute();
  const byYear = new Map<number, { lastImportedAt: string; lastImportedBy: string; imports: number }>();
  for (const i of imports) {
    const files = JSON.parse(i.files) as Array<{ collectionYear?: unknown }>;
    const years = new Set(files.map((f) => Number(f.collectionYear)).filter((y) => Number.isInteger(y) && y > 0));
    for (const y of years)
      byYear.set(y, {
        lastImportedAt: i.imported_at,
        lastImportedBy: i.imported_by,
        imports: (byYear.get(y)?.imports ?? 0) + 1,
      });
  }
  const held = new Map(episodes.map((e) => [Number(e.source_year), Number(e.n)]));
  return [...byYear.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([year, v]) => ({ year, ...v, episodes: held.get(year) ?? 0 }));
}

/** Deletes the council's counts for `month` (YYYY-MM); returns whether there were any. */
export async function deleteCinMonthlyCounts(db: DbOrTrx, laCode: string, month: string): Promise<boolean> {
  const r = await db
    .deleteFrom('cin_monthly_counts')
    .where('la_code', '=', laCode)
    .where('month', '=', month)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
