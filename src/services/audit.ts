/**
 * The audit log: who did what, when, in which council, from which web request. Services record an
 * entry for every import and every change; only a council's admins may read its log.
 */
import type { Db } from '../store/database.ts';
import { insertAuditEntry, listAuditEntries, type AuditEntryRow } from '../store/audit.repository.ts';
import { ADMIN_ROLES, assertAccess, type Actor } from './access.ts';

export type AuditEntry = AuditEntryRow;

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export function createAuditService(db: Db, now: () => Date = () => new Date()) {
  return {
    /** Appends one entry in the actor's council. `detail` must not hold child-level data. */
    async record(actor: Actor, action: string, detail: Record<string, unknown> = {}): Promise<void> {
      await insertAuditEntry(db, {
        laCode: actor.laCode,
        at: now().toISOString(),
        userId: actor.userId,
        actor: actor.name,
        action,
        detail,
        requestId: actor.requestId,
      });
    },

    /** One page of the council's log, newest first; admins only. */
    async list(
      actor: Actor,
      laCode: string,
      query: { action?: string; page?: number; pageSize?: number } = {},
    ): Promise<AuditPage> {
      assertAccess(actor, laCode, ADMIN_ROLES);
      const pageSize = Math.min(Math.max(query.pageSize ?? 50, 1), 500);
      const page = Math.max(query.page ?? 1, 1);
      const { rows, total } = await listAuditEntries(db, laCode, {
        ...(query.action ? { action: query.action } : {}),
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return { entries: rows, total, page, pageSize };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
