/**
 * SQL for people and their roles per council. Every query that reads council-scoped rows filters
 * on `la_code`; `users` itself is a cross-council identity (see src/store/tables/web.ts).
 */
import type { Db } from './database.ts';
import type { Role } from './tables/web.ts';

export interface UserRow {
  readonly id: number;
  readonly email: string;
  readonly passwordHash: string;
  /** As stored: sealed (`enc1:...`) or, from before encryption, plain base32 (src/services/totpSecrets.ts). */
  readonly totpSecret: string | null;
  readonly totpEnabled: boolean;
  /** The last TOTP time step accepted (null: none yet). */
  readonly totpLastStep: number | null;
  readonly disabled: boolean;
  readonly createdAt: string;
}

export interface MembershipRow {
  readonly laCode: string;
  readonly councilName: string;
  readonly role: Role;
}

export interface CouncilMemberRow {
  readonly userId: number;
  readonly email: string;
  readonly role: Role;
  readonly totpEnabled: boolean;
  readonly disabled: boolean;
}

function toUser(r: {
  id: number;
  email: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: number;
  totp_last_step: number | null;
  disabled: number;
  created_at: string;
}): UserRow {
  return {
    id: r.id,
    email: r.email,
    passwordHash: r.password_hash,
    totpSecret: r.totp_secret,
    totpEnabled: r.totp_enabled === 1,
    totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
    disabled: r.disabled === 1,
    createdAt: r.created_at,
  };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const r = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  return r && toUser(r);
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toUser(r);
}

export async function insertUser(
  db: Db,
  user: { email: string; passwordHash: string; createdAt: string },
): Promise<number> {
  const r = await db
    .insertInto('users')
    .values({
      email: user.email.toLowerCase(),
      password_hash: user.passwordHash,
      totp_enabled: 0,
      disabled: 0,
      created_at: user.createdAt,
      totp_secret: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateTotp(db: Db, userId: number, secret: string | null, enabled: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: secret, totp_enabled: enabled ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}

/**
 * Records `step` as the user's last accepted TOTP time step, only when it is later than the one
 * recorded. False when it is not (the code, or a later one, was used already): the check and the
 * write are one statement, so two sign-ins racing with the same code cannot both succeed.
 */
export async function claimTotpStep(db: Db, userId: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Users whose stored TOTP secret is not in the sealed form (`enc1:`): from before encryption. */
export async function listPlainTotpSecrets(db: Db): Promise<Array<{ id: number; totpSecret: string }>> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'totp_secret'])
    .where('totp_secret', 'is not', null)
    .where('totp_secret', 'not like', 'enc1:%')
    .orderBy('id')
    .execute();
  return rows.flatMap((r) => (r.totp_secret === null ? [] : [{ id: r.id, totpSecret: r.totp_secret }]));
}

/** Replaces a user's stored TOTP secret only if it is still `from` (no lost update if it changed meanwhile). */
export async function replaceTotpSecret(db: Db, userId: number, from: string, to: string): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_secret: to })
    .where('id', '=', userId)
    .where('totp_secret', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The councils a user belongs to, with their role in each, by council name. */
export async function listMemberships(db: Db, userId: number): Promise<MembershipRow[]> {
  const rows = await db
    .selectFrom('user_councils')
    .leftJoin('councils', 'councils.la_code', 'user_councils.la_code')
    .select(['user_councils.la_code as la_code', 'user_councils.role as role', 'councils.name as name'])
    .where('user_councils.user_id', '=', userId)
    .orderBy('user_councils.la_code')
    .execute();
  return rows.map((r) => ({ laCode: r.la_code, councilName: r.name ?? r.la_code, role: r.role }));
}

export async function findMembership(db: Db, laCode: string, userId: number): Promise<Role | undefined> {
  const r = await db
    .selectFrom('user_councils')
    .select('role')
    .where('la_code', '=', laCode)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r?.role;
}

/** Adds the user to the council with `role`, or changes their role there. */
export async function upsertMembership(db: Db, laCode: string, userId: number, role: Role): Promise<void> {
  await db
    .insertInto('user_councils')
    .values({ la_code: laCode, user_id: userId, role })
    .onConflict((oc) => oc.columns(['la_code', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function deleteMembership(db: Db, laCode: string, userId: number): Promise<void> {
  await db.deleteFrom('user_councils').where('la_code', '=', laCode).where('user_id', '=', userId).execute();
}

export async function listCouncilMembers(db: Db, laCode: string): Promise<CouncilMemberRow[]> {
  const rows = await db
    .selectFrom('user_councils')
    .innerJoin('users', 'users.id', 'user_councils.user_id')
    .select([
      'users.id as id',
      'users.email as email',
      'user_councils.role as role',
      'users.totp_enabled as totp',
      'users.disabled as disabled',
    ])
    .where('user_councils.la_code', '=', laCode)
    .orderBy('users.email')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    role: r.role,
    totpEnabled: r.totp === 1,
    disabled: r.disabled === 1,
  }));
}

export async function countAdmins(db: Db, laCode: string): Promise<number> {
  const r = await db
    .selectFrom('user_councils')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('la_code', '=', laCode)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface CouncilSettingsRow {
  readonly childPopulation: number | null;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export async function findCouncilSettings(db: Db, laCode: string): Promise<CouncilSettingsRow | undefined> {
  const r = await db.selectFrom('council_settings').selectAll().where('la_code', '=', laCode).executeTakeFirst();
  return r && { childPopulation: r.child_population, updatedAt: r.updated_at, updatedBy: r.updated_by };
}

export async function upsertCouncilSettings(
  db: Db,
  laCode: string,
  settings: { childPopulation: number | null; updatedAt: string; updatedBy: string },
): Promise<void> {
  const values = {
    child_population: settings.childPopulation,
    updated_at: settings.updatedAt,
    updated_by: settings.updatedBy,
  };
  await db
    .insertInto('council_settings')
    .values({ la_code: laCode, ...values })
    .onConflict((oc) => oc.column('la_code').doUpdateSet(values))
    .execute();
}
