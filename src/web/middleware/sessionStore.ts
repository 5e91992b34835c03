/**
 * express-session's store over the stored session records (src/services/sessions.ts): sessions
 * live in the database (SQLite or PostgreSQL), so they survive restarts and are shared by every process behind a load balancer.
 */
import session from 'express-session';
import type { Db } from '../../store/database.ts';
import { createSessionRecords, type SessionRecords } from '../../services/sessions.ts';

const DEFAULT_TTL_MS = 8 * 60 * 60 * 1000;
/** A rolling session's expiry is written at most this often (a write per request would be wasteful). */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

function expiry(sess: session.SessionData, now: number): string {
  const expires = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : now + DEFAULT_TTL_MS;
  return new Date(expires).toISOString();
}

export class DatabaseSessionStore extends session.Store {
  readonly #records: SessionRecords;
  readonly #now: () => number;
  #lastPrune = 0;
  /** When each session's expiry was last written by this process. */
  readonly #written = new Map<string, number>();

  constructor(db: Db, now: () => number = Date.now) {
    super();
    this.#records = createSessionRecords(db);
    this.#now = now;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.#records
      .find(sid, new Date(this.#now()).toISOString())
      .then((data) => callback(null, data === undefined ? null : (JSON.parse(data) as session.SessionData)))
      .catch((err: unknown) => callback(err));
  }

  override set(sid: string, sess: session.SessionData, callback?: (err?: unknown) => void): void {
    const now = this.#now();
    this.#written.set(sid, now);
    this.#records
      .save(sid, JSON.stringify(sess), expiry(sess, now))
      .then(() => this.#pruneNowAndThen(now))
      .then(() => callback?.())
      .catch((err: unknown) => callback?.(err));
  }

  override touch(sid: string, sess: session.SessionData, callback?: () => void): void {
    const now = this.#now();
    const last = this.#written.get(sid);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) {
      callback?.();
      return;
    }
    this.#written.set(sid, now);
    this.#records
      .touch(sid, expiry(sess, now))
      .then(() => callback?.())
      .catch(() => callback?.());
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.#written.delete(sid);
    this.#records
      .remove(sid)
      .then(() => callback?.())
      .catch((err: unknown) => callback?.(err));
  }

  /** Deletes expired sessions at most once a minute, piggy-backing on writes. */
  async #pruneNowAndThen(now: number): Promise<void> {
    if (now - this.#lastPrune < 60_000) return;
    this.#lastPrune = now;
    for (const [sid, at] of this.#written) if (now - at > DEFAULT_TTL_MS) this.#written.delete(sid);
    await this.#records.removeExpired(new Date(now).toISOString());
  }
}
