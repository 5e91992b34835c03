/** SQL for browser sessions (express-session's store; through src/services/sessions.ts). */
import type { Db } from './database.ts';

export async function findSession(db: Db, sid: string, now: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('sessions')
    .select('data')
    .where('sid', '=', sid)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return r?.data;
}

export async function upsertSession(db: Db, sid: string, data: string, expiresAt: string): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ sid, data, expires_at: expiresAt })
    .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at: expiresAt }))
    .execute();
}

export async function touchSession(db: Db, sid: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('sid', '=', sid).execute();
}

export async function deleteSession(db: Db, sid: string): Promise<void> {
  await db.deleteFrom('sessions').where('sid', '=', sid).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
