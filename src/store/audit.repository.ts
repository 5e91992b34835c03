/** SQL for the audit log: append-only, read per council, newest first. */
import type { Db } from './database.ts';

export interface AuditEntryRow {
  readonly id: number;
  readonly laCode: string;
  readonly at: string;
  readonly userId: number | null;
  readonly actor: string;
  readonly action: string;
  readonly detail: Record<string, unknown>;
  readonly requestId: string | null;
}

export async function insertAuditEntry(db: Db, entry: Omit<AuditEntryRow, 'id'>): Promise<number> {
  const r = await db
    .insertInto('audit_log')
    .values({
      la_code: entry.laCode,
      at: entry.at,
      user_id: entry.userId,
      actor: entry.actor,
      action: entry.action,
      detail: JSON.stringify(entry.detail),
      request_id: entry.requestId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface AuditQuery {
  readonly action?: string;
  readonly limit: number;
  readonly offset: number;
}

export async function listAuditEntries(
  db: Db,
  laCode: string,
  q: AuditQuery,
): Promise<{ rows: AuditEntryRow[]; total: number }> {
  let base = db.selectFrom('audit_log').where('la_code', '=', laCode);
  if (q.action) base = base.where('action', 'like', `${q.action}%`);
  const total = await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  return {
    total: Number(total.n),
    rows: rows.map((r) => ({
      id: r.id,
      laCode: r.la_code,
      at: r.at,
      userId: r.user_id,
      actor: r.actor,
      action: r.action,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
      requestId: r.request_id,
    })),
  };
}
