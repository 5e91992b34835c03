/**
 * Access control: who is acting (an Actor: a person in one council with a role, or the command
 * line) and the service-level rule every use case applies before it reads or changes anything.
 */
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

/**
 * A person acting in a region (src/services/regions.service.ts), or the command line. A region
 * actor is not an Actor: it has no council, so no council service accepts it; it reads only the
 * region's pages, which show each member council's figures and the region's, never child-level rows.
 */
export interface RegionActor {
  readonly userId: number | null;
  readonly name: string;
  readonly regionCode: string;
  readonly requestId: string | null;
}

/** The command line reading a region. */
export function cliRegionActor(regionCode: string, osUser: string): RegionActor {
  return { userId: null, name: `cli:${osUser}`, regionCode, requestId: null };
}

/** The region actor must be acting in `regionCode`. */
export function assertRegionAccess(actor: RegionActor, regionCode: string): void {
  if (actor.regionCode !== regionCode) throw new AccessDeniedError(`${actor.name} may not see region ${regionCode}`);
}
