/**
 * Browser sessions as stored records (src/store/sessions.repository.ts), for express-session's
 * store in the web app (src/web/middleware/sessionStore.ts): a session is its id, its data as
 * JSON text and when it expires (ISO timestamps).
 */
import type { Db } from '../store/database.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  findSession,
  touchSession,
  upsertSession,
} from '../store/sessions.repository.ts';

export function createSessionRecords(db: Db) {
  return {
    /** The session's data, unless it is missing or expired at `now`. */
    find: (sid: string, now: string): Promise<string | undefined> => findSession(db, sid, now),
    save: (sid: string, data: string, expiresAt: string): Promise<void> => upsertSession(db, sid, data, expiresAt),
    touch: (sid: string, expiresAt: string): Promise<void> => touchSession(db, sid, expiresAt),
    remove: (sid: string): Promise<void> => deleteSession(db, sid),
    /** Deletes the sessions expired at `now`; returns how many. */
    removeExpired: (now: string): Promise<number> => deleteExpiredSessions(db, now),
  };
}

export type SessionRecords = ReturnType<typeof createSessionRecords>;
