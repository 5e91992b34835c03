/**
 * The audit log: who did what, when, in which council, from which web request. Services record an
 * entry for every import and every change; only a council's admins may read its log.
 */
import type { Db } from '../store/database.ts';
import { insertAuditEntry, listAuditEntries, type AuditEntryRow } from '../store/audit.repository.ts';
import type { Role } from '../store/tables/web.ts';

/** A person acting in one council (from the web session), or the system / command line. */
export interface Actor {
  readonly userId: number | null;
  /** Email of the person, 'cli:<OS user>' for the command line, or 'cli' / 'system'. */
  readonly name: string;
  readonly laCode: string;
  readonly role: Role;
  readonly requestId: string | null;
}

/** The command line acts as an admin of the council it names. */
export function systemActor(laCode: string, name: 'cli' | 'system' = 'cli'): Actor {
  return { userId: null, name, laCode, role: 'admin', requestId: null };
}

/** The command line run by an operating-system user (e.g. `forecare import`): 'cli:jo', an admin of the council named. */
export function cliActor(laCode: string, osUser: string): Actor {
  return { userId: null, name: `cli:${osUser}`, laCode, role: 'admin', requestId: null };
}

/** Thrown when an actor asks for something outside their council or role. */
export class AccessDeniedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessDeniedError';
  }
}

/**
 * The service-level access rule (the web middleware applies the same rule first): the actor must
 * be acting in `laCode` and hold one of `roles`.
 */
export function assertAccess(actor: Actor, laCode: string, roles: readonly Role[]): void {
  if (actor.laCode !== laCode) throw new AccessDeniedError(`${actor.name} may not act in council ${laCode}`);
  if (!roles.includes(actor.role))
    throw new AccessDeniedError(`${actor.name} (${actor.role}) may not do this in ${laCode}`);
}

export const READ_ROLES: readonly Role[] = ['admin', 'analyst', 'viewer'];
export const ANALYST_ROLES: readonly Role[] = ['admin', 'analyst'];
export const ADMIN_ROLES: readonly Role[] = ['admin'];

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
