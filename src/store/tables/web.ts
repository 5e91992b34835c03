/**
 * Web tables: people, their roles per council, browser sessions, the audit log and council
 * settings. `users` and `sessions` are the two tables without `la_code`: a person is one identity
 * across councils (their access to each council is a row of `user_councils`, which has it), and a
 * session belongs to a browser, not a council (see docs/adr/0004-web-security.md).
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: Generated<number>;
  /** Lower-cased email address; unique. */
  email: string;
  /** argon2id hash (PHC string). */
  password_hash: string;
  /**
   * TOTP secret while enrolling or enrolled, encrypted (`enc1:...`, see src/services/totpSecrets.ts;
   * plain base32 in databases from before the encryption until the server next starts); null when
   * no second factor.
   */
  totp_secret: string | null;
  /** The last TOTP time step (30-second period since 1970) accepted: that code and earlier ones are refused. */
  totp_last_step: number | null;
  /** 1 once the user has confirmed a code from their authenticator app. */
  totp_enabled: number;
  /** 1 when an admin has disabled the account. */
  disabled: number;
  /** ISO date-time (UTC). */
  created_at: string;
}

export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface UserCouncilsTable {
  la_code: string;
  user_id: number;
  role: Role;
}

export interface SessionsTable {
  sid: string;
  /** The session as JSON. */
  data: string;
  /** ISO date-time (UTC) after which the session is void. */
  expires_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  la_code: string;
  /** ISO date-time (UTC). */
  at: string;
  /** Null for actions by the system (e.g. the command line). */
  user_id: number | null;
  /** Email of the person, or 'cli' / 'system'. */
  actor: string;
  /** A dotted verb, e.g. `import.completed`, `user.created`, `settings.updated`. */
  action: string;
  /** JSON: what changed (never child-level data). */
  detail: string;
  /** The web request that made the change, when there was one. */
  request_id: string | null;
}

export interface CouncilSettingsTable {
  la_code: string;
  /** Children aged 0-17 living in the council's area, for rates per 10,000; null when not entered. */
  child_population: number | null;
  updated_at: string;
  updated_by: string;
}

export interface WebTables {
  users: UsersTable;
  user_councils: UserCouncilsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  council_settings: CouncilSettingsTable;
}
