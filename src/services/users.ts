/**
 * People: sign-in (argon2id passwords, optional TOTP second factor: each code accepted once, secrets
 * encrypted at rest with a key outside the database, see totpSecrets.ts), roles per council
 * (admin: users and settings; analyst: import, scenarios; viewer: read only), user management by a
 * council's admins, council settings, and the first-run admin. Every change is audited.
 */
import { parseCouncilCode } from '../domain/councilCode.ts';
import { UserInputError } from './errors.ts';
import { hash, verify } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotpCode } from 'otplib';
import type { Db } from '../store/database.ts';
import { ROLES, type Role } from '../store/tables/web.ts';
import {
  claimTotpStep,
  countAdmins,
  deleteMembership,
  findCouncilSettings,
  findMembership,
  findUserByEmail,
  findUserById,
  insertUser,
  listCouncilMembers,
  listMemberships,
  listPlainTotpSecrets,
  replaceTotpSecret,
  updateTotp,
  upsertCouncilSettings,
  upsertMembership,
  type CouncilMemberRow,
  type MembershipRow,
} from '../store/users.repository.ts';
import { ensureCouncil, findCouncil } from '../store/councils.repository.ts';
import { listUserRegions } from '../store/regions.repository.ts';
import { type AuditService } from './audit.ts';
import { ADMIN_ROLES, READ_ROLES, assertAccess, type Actor } from './access.ts';
import { isSealed, openTotpSecret, sealTotpSecret } from './totpSecrets.ts';

export { ROLES, type Role };
export type Membership = MembershipRow;
export type CouncilMember = CouncilMemberRow;

export const MIN_PASSWORD_LENGTH = 12;
export const TOTP_ISSUER = 'Forecare';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export type SignInResult =
  | { readonly outcome: 'signed-in'; readonly userId: number; readonly email: string }
  | { readonly outcome: 'totp-required'; readonly userId: number; readonly email: string }
  | { readonly outcome: 'refused' };

export interface SessionUser {
  readonly id: number;
  readonly email: string;
  readonly totpEnabled: boolean;
  readonly memberships: readonly Membership[];
  /** The regions the person sees (src/services/regions.service.ts): not memberships of their councils. */
  readonly regions: readonly { readonly regionCode: string; readonly name: string }[];
}

/** How long who-is-signed-in is trusted before it is read again (see `sessionUser`). */
export const SESSION_USER_TTL_MS = 2000;

export interface CouncilSettings {
  readonly laCode: string;
  readonly councilName: string;
  readonly childPopulation: number | null;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UserInputError('password', `Enter a password of at least ${MIN_PASSWORD_LENGTH} characters`);
  }
}

function checkEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!EMAIL_RE.test(e))
    throw new UserInputError('email', 'Enter an email address in the correct format, like name@council.gov.uk');
  return e;
}

export interface UsersServiceOptions {
  /** Called after a council's settings change (e.g. to drop cached figures that use them). */
  readonly onSettingsChanged?: (laCode: string) => void;
  /**
   * The key that encrypts TOTP secrets (32 bytes, kept outside the database: loadTotpKey). Needed
   * by everything to do with the second factor; the command line's create-admin does without.
   */
  readonly totpKey?: Uint8Array;
}

/** The message for a missing, wrong or already used second-factor code. */
export const TOTP_CODE_MESSAGE = 'Enter the 6-digit code your authenticator app shows now';

export function createUsersService(
  db: Db,
  audit: AuditService,
  now: () => Date = () => new Date(),
  hooks: UsersServiceOptions = {},
) {
  // Who is signed in, read on every request: cached briefly. Changes made through this service
  // clear it at once; changes made by another process show within SESSION_USER_TTL_MS.
  const sessionUsers = new Map<number, { at: number; value: Promise<SessionUser | undefined> }>();
  const forget = (userId: number) => sessionUsers.delete(userId);

  // A hash to verify against when the email is unknown, so that refusals take the same time.
  let dummyHash: Promise<string> | undefined;
  const timingDummy = (): Promise<string> => (dummyHash ??= hash('not-a-real-password-but-long-enough'));

  const totpKey = (): Uint8Array => {
    if (!hooks.totpKey) throw new Error('The users service was created without the TOTP key (loadTotpKey)');
    return hooks.totpKey;
  };

  /** A user's base32 TOTP secret; a plain-text one from before encryption is sealed as it is read. */
  async function secretOf(user: { id: number; totpSecret: string | null }): Promise<string | undefined> {
    if (user.totpSecret === null) return undefined;
    const secret = openTotpSecret(totpKey(), user.id, user.totpSecret);
    if (!isSealed(user.totpSecret))
      await replaceTotpSecret(db, user.id, user.totpSecret, sealTotpSecret(totpKey(), user.id, secret));
    return secret;
  }

  /**
   * True when `code` is the user's current code (one step either side) for a time step later than
   * the last one accepted, and that step is now recorded as used: a code works once.
   */
  async function acceptCode(
    user: { id: number; totpSecret: string | null; totpLastStep: number | null },
    code: string,
  ): Promise<boolean> {
    const secret = await secretOf(user);
    if (secret === undefined) return false;
    const step = await matchingStep(secret, code, now(), user.totpLastStep);
    return step !== undefined && (await claimTotpStep(db, user.id, step));
  }

  return {
    /** Checks email and password. Never says which of the two was wrong. */
    async signIn(email: string, password: string): Promise<SignInResult> {
      const user = await findUserByEmail(db, email.trim());
      if (!user) {
        await verify(await timingDummy(), password).catch(() => false);
        return { outcome: 'refused' };
      }
      const ok = await verify(user.passwordHash, password).catch(() => false);
      if (!ok || user.disabled) return { outcome: 'refused' };
      if (user.totpEnabled) return { outcome: 'totp-required', userId: user.id, email: user.email };
      return { outcome: 'signed-in', userId: user.id, email: user.email };
    },

    /** Second step of sign-in: a six-digit code from the user's authenticator app, not used before. */
    async verifyTotp(userId: number, code: string): Promise<boolean> {
      const user = await findUserById(db, userId);
      if (!user || user.disabled || !user.totpEnabled || !user.totpSecret) return false;
      return acceptCode(user, code);
    },

    /**
     * Encrypts every TOTP secret still stored in plain text (from before encryption). Run at server
     * start-up; returns how many were sealed.
     */
    async sealPlainTotpSecrets(): Promise<number> {
      let sealed = 0;
      for (const row of await listPlainTotpSecrets(db)) {
        const secret = openTotpSecret(totpKey(), row.id, row.totpSecret);
        if (await replaceTotpSecret(db, row.id, row.totpSecret, sealTotpSecret(totpKey(), row.id, secret))) sealed++;
      }
      return sealed;
    },

    /** The signed-in person and their councils (for every request; cached for a moment). */
    sessionUser(userId: number): Promise<SessionUser | undefined> {
      const t = now().getTime();
      const hit = sessionUsers.get(userId);
      if (hit && t - hit.at < SESSION_USER_TTL_MS) return hit.value;
      const value = (async () => {
        const u = await findUserById(db, userId);
        if (!u || u.disabled) return undefined;
        const [memberships, regions] = await Promise.all([listMemberships(db, userId), listUserRegions(db, userId)]);
        return {
          id: u.id,
          email: u.email,
          totpEnabled: u.totpEnabled,
          memberships,
          regions: regions.map((r) => ({ regionCode: r.regionCode, name: r.name })),
        };
      })();
      sessionUsers.set(userId, { at: t, value });
      value.catch(() => forget(userId));
      return value;
    },

    async findUser(
      userId: number,
    ): Promise<{ id: number; email: string; totpEnabled: boolean; disabled: boolean } | undefined> {
      const u = await findUserById(db, userId);
      return u && { id: u.id, email: u.email, totpEnabled: u.totpEnabled, disabled: u.disabled };
    },

    /** The councils the user belongs to and their role in each. */
    memberships(userId: number): Promise<Membership[]> {
      return listMemberships(db, userId);
    },

    /** The user's role in the council, or undefined when they are not a member. */
    roleIn(userId: number, laCode: string): Promise<Role | undefined> {
      return findMembership(db, laCode, userId);
    },

    /** Starts (or restarts) TOTP enrolment: a new secret, not yet required at sign-in. */
    async startTotpEnrolment(userId: number): Promise<{ secret: string; uri: string }> {
      const user = await findUserById(db, userId);
      if (!user) throw new Error(`No user ${userId}`);
      // An enabled factor's secret is never shown again.
      if (user.totpEnabled) throw new UserInputError('code', 'Two-factor sign-in is already on');
      let secret = await secretOf(user);
      if (secret === undefined) {
        secret = generateSecret();
        await updateTotp(db, userId, sealTotpSecret(totpKey(), userId, secret), false);
      }
      return { secret, uri: generateURI({ issuer: TOTP_ISSUER, label: user.email, secret }) };
    },

    /** Turns the second factor on once the user proves their app shows the right code. */
    async confirmTotp(userId: number, code: string, requestId: string | null): Promise<void> {
      const user = await findUserById(db, userId);
      if (!user?.totpSecret) throw new UserInputError('code', 'Start again: no enrolment in progress');
      if (user.totpEnabled) throw new UserInputError('code', 'Two-factor sign-in is already on');
      // The code that turns the factor on is used up: it cannot also sign in.
      if (!(await acceptCode(user, code))) throw new UserInputError('code', TOTP_CODE_MESSAGE);
      const stored = (await findUserById(db, user.id))?.totpSecret ?? user.totpSecret;
      await updateTotp(db, user.id, stored, true);
      forget(user.id);
      await recordForAccount(user.id, user.email, requestId, 'user.totp_enabled');
    },

    /**
     * Turns the second factor off (the person's own choice), given a current code from their app:
     * a session left signed in is not enough to remove it.
     */
    async disableTotp(userId: number, code: string, requestId: string | null): Promise<void> {
      const user = await findUserById(db, userId);
      if (!user) throw new Error(`No user ${userId}`);
      if (!user.totpEnabled) throw new UserInputError('code', 'Two-factor sign-in is already off');
      if (!(await acceptCode(user, code))) throw new UserInputError('code', TOTP_CODE_MESSAGE);
      await updateTotp(db, user.id, null, false);
      forget(user.id);
      await recordForAccount(user.id, user.email, requestId, 'user.totp_disabled');
    },

    /** The council's members; admins only. */
    async listMembers(actor: Actor, laCode: string): Promise<CouncilMember[]> {
      assertAccess(actor, laCode, ADMIN_ROLES);
      return listCouncilMembers(db, laCode);
    },

    /**
     * Adds a person to the council with a role (admins only). A new person gets an account with
     * the initial password given; an existing account keeps its password.
     */
    async addMember(
      actor: Actor,
      laCode: string,
      input: { email: string; role: string; password: string },
    ): Promise<{ created: boolean }> {
      assertAccess(actor, laCode, ADMIN_ROLES);
      const email = checkEmail(input.email);
      if (!isRole(input.role)) throw new UserInputError('role', 'Select a role');
      let user = await findUserByEmail(db, email);
      let created = false;
      if (!user) {
        checkPassword(input.password);
        const id = await insertUser(db, {
          email,
          passwordHash: await hash(input.password),
          createdAt: now().toISOString(),
        });
        user = await findUserById(db, id);
        created = true;
      } else if (await findMembership(db, laCode, user.id)) {
        throw new UserInputError('email', `${email} is already a member of this council`);
      }
      if (!user) throw new Error('user vanished while being added');
      await upsertMembership(db, laCode, user.id, input.role);
      forget(user.id);
      await audit.record(actor, 'user.added', { userId: user.id, email, role: input.role, accountCreated: created });
      return { created };
    },

    /** Changes a member's role (admins only); the last admin cannot be demoted. */
    async changeRole(actor: Actor, laCode: string, userId: number, role: string): Promise<void> {
      assertAccess(actor, laCode, ADMIN_ROLES);
      if (!isRole(role)) throw new UserInputError('role', 'Select a role');
      const current = await findMembership(db, laCode, userId);
      if (!current) throw new UserInputError('role', 'That person is not a member of this council');
      if (current === 'admin' && role !== 'admin' && (await countAdmins(db, laCode)) <= 1) {
        throw new UserInputError('role', 'A council must keep at least one admin');
      }
      await upsertMembership(db, laCode, userId, role);
      forget(userId);
      await audit.record(actor, 'user.role_changed', { userId, from: current, to: role });
    },

    /** Removes a member from the council (admins only); the last admin cannot be removed. */
    async removeMember(actor: Actor, laCode: string, userId: number): Promise<void> {
      assertAccess(actor, laCode, ADMIN_ROLES);
      const current = await findMembership(db, laCode, userId);
      if (!current) throw new UserInputError('user', 'That person is not a member of this council');
      if (current === 'admin' && (await countAdmins(db, laCode)) <= 1) {
        throw new UserInputError('user', 'A council must keep at least one admin');
      }
      await deleteMembership(db, laCode, userId);
      forget(userId);
      await audit.record(actor, 'user.removed', { userId, role: current });
    },

    /** The council's settings; any member may read them. */
    async getSettings(actor: Actor, laCode: string): Promise<CouncilSettings> {
      assertAccess(actor, laCode, READ_ROLES);
      return readSettings(laCode);
    },

    /** Changes the council's settings (admins only). */
    async updateSettings(actor: Actor, laCode: string, input: { childPopulation: string }): Promise<void> {
      assertAccess(actor, laCode, ADMIN_ROLES);
      const text = input.childPopulation.replace(/[,\s]/g, '');
      let childPopulation: number | null = null;
      if (text !== '') {
        if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 5_000_000) {
          throw new UserInputError(
            'childPopulation',
            'Enter the child population as a whole number between 1 and 5,000,000, or leave it blank',
          );
        }
        childPopulation = Number(text);
      }
      const before = await findCouncilSettings(db, laCode);
      await upsertCouncilSettings(db, laCode, {
        childPopulation,
        updatedAt: now().toISOString(),
        updatedBy: actor.name,
      });
      await audit.record(actor, 'settings.updated', {
        childPopulation: { from: before?.childPopulation ?? null, to: childPopulation },
      });
      hooks.onSettingsChanged?.(laCode);
    },

    /**
     * First run (command line): creates the council if unknown and an admin for it. When the
     * email already has an account, it is made an admin of the council and keeps its password.
     */
    async createAdmin(
      input: { laCode: string; councilName?: string; email: string; password: string },
      actor: Actor,
    ): Promise<{ created: boolean }> {
      const laCode = parseCouncilCode(input.laCode);
      if (laCode === null)
        throw new UserInputError('la', 'The council code is 1-10 letters or digits, e.g. 301 or DEMO');
      const email = checkEmail(input.email);
      let user = await findUserByEmail(db, email);
      if (!user) checkPassword(input.password);
      await ensureCouncil(db, laCode, input.councilName ?? laCode);
      let created = false;
      if (!user) {
        await insertUser(db, { email, passwordHash: await hash(input.password), createdAt: now().toISOString() });
        user = await findUserByEmail(db, email);
        created = true;
      }
      if (!user) throw new Error('user vanished while being created');
      await upsertMembership(db, laCode, user.id, 'admin');
      forget(user.id);
      await audit.record({ ...actor, laCode }, 'user.admin_created', {
        userId: user.id,
        email,
        accountCreated: created,
      });
      return { created };
    },
  };

  /** A change to a person's own account, audited in every council they belong to. */
  async function recordForAccount(
    userId: number,
    email: string,
    requestId: string | null,
    action: string,
  ): Promise<void> {
    for (const m of await listMemberships(db, userId)) {
      await audit.record({ userId, name: email, laCode: m.laCode, role: m.role, requestId }, action, { userId, email });
    }
  }

  async function readSettings(laCode: string): Promise<CouncilSettings> {
    const council = await findCouncil(db, laCode);
    const s = await findCouncilSettings(db, laCode);
    return {
      laCode,
      councilName: council?.name ?? laCode,
      childPopulation: s?.childPopulation ?? null,
      updatedAt: s?.updatedAt ?? null,
      updatedBy: s?.updatedBy ?? null,
    };
  }
}

/**
 * The time step (30-second period) whose code `code` is, within one step either side of `at` (a
 * phone clock a little out) and after `afterStep`; undefined when none.
 */
async function matchingStep(
  secret: string,
  code: string,
  at: Date,
  afterStep: number | null,
): Promise<number | undefined> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const result = await verifyTotpCode({
    secret,
    token,
    epoch: Math.floor(at.getTime() / 1000),
    epochTolerance: 30,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  }).catch(() => ({ valid: false as const }));
  // A TOTP result carries the step it matched (otplib's types also allow an HOTP result, which has none).
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

export type UsersService = ReturnType<typeof createUsersService>;
