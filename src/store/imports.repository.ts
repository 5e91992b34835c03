/** The record of imports: who imported what, when, from which files (by hash), with what result. */
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

type DbOrTrx = Kysely<Database> | Transaction<Database>;

export interface ImportFileRecord {
  readonly path: string;
  readonly table: string;
  readonly collectionYear: number;
  readonly sha256: string;
  readonly rows: number;
}

export interface NewImport {
  readonly laCode: string;
  readonly importedBy: string;
  /** ISO date-time, UTC. */
  readonly importedAt: string;
  readonly counts: unknown;
  readonly issuesSummary: unknown;
  readonly cleaningSummary: unknown;
  readonly acceptedErrors: boolean;
  readonly files: readonly ImportFileRecord[];
}

export interface ImportRecord extends Omit<NewImport, 'files'> {
  readonly id: number;
  readonly files: readonly ImportFileRecord[];
}

/** Records an import and its files; returns the import's id. */
/**
 * Within an import's transaction, waits until no other import of the council is under way, so that
 * what it finds stored (and so what it counts as inserted, updated or unchanged) includes every
 * import committed before it. PostgreSQL: a transaction-scoped advisory lock on the council (two
 * concurrent first imports both found nothing stored and both claimed every row as inserted,
 * issue 17). SQLite has one writer at a time: an import's first statement is a write
 * (ensureCouncil), which takes the lock before anything is read.
 */
export async function lockCouncilImports(trx: DbOrTrx, laCode: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${`forecare.import.${laCode}`}))`.execute(trx);
}

export async function insertImport(db: DbOrTrx, record: NewImport): Promise<number> {
  const { id } = await db
    .insertInto('imports')
    .values({
      la_code: record.laCode,
      imported_by: record.importedBy,
      imported_at: record.importedAt,
      counts: JSON.stringify(record.counts),
      issues_summary: JSON.stringify(record.issuesSummary),
      cleaning_summary: JSON.stringify(record.cleaningSummary),
      accepted_errors: record.acceptedErrors ? 1 : 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (record.files.length > 0) {
    await db
      .insertInto('import_files')
      .values(
        record.files.map((f) => ({
          import_id: id,
          la_code: record.laCode,
          path: f.path,
          table: f.table,
          collection_year: f.collectionYear,
          sha256: f.sha256,
          rows: f.rows,
        })),
      )
      .execute();
  }
  return Number(id);
}

/** A council's imports, newest first, each with its files. */
export async function listImports(db: DbOrTrx, laCode: string): Promise<ImportRecord[]> {
  const imports = await db
    .selectFrom('imports')
    .selectAll()
    .where('la_code', '=', laCode)
    .orderBy('id', 'desc')
    .execute();
  const files = await db
    .selectFrom('import_files')
    .selectAll()
    .where('la_code', '=', laCode)
    .orderBy('import_id')
    .orderBy('collection_year')
    .orderBy('table')
    .orderBy('path')
    .execute();
  const byImport = new Map<number, ImportFileRecord[]>();
  for (const f of files) {
    const list = byImport.get(Number(f.import_id)) ?? [];
    list.push({
      path: f.path,
      table: f.table,
      collectionYear: Number(f.collection_year),
      sha256: f.sha256,
      rows: Number(f.rows),
    });
    byImport.set(Number(f.import_id), list);
  }
  return imports.map((r) => ({
    id: Number(r.id),
    laCode: r.la_code,
    importedBy: r.imported_by,
    importedAt: r.imported_at,
    counts: JSON.parse(r.counts) as unknown,
    issuesSummary: JSON.parse(r.issues_summary) as unknown,
    cleaningSummary: JSON.parse(r.cleaning_summary) as unknown,
    acceptedErrors: Number(r.accepted_errors) === 1,
    files: byImport.get(Number(r.id)) ?? [],
  }));
}
