/**
 * Access rules, applied before any feature's controller runs (the services apply them again):
 * - `loadUser` reads the session and the person's memberships;
 * - `requireSignedIn` sends everyone else to the sign-in page;
 * - `councilAccess` (mounted on `/c/:la`) lets through only members of the council in the URL
 *   and builds the `Actor` the services are called with;
 * - `requireRole` narrows a route to some roles (admin: users and settings; analyst: import and
 *   scenarios; viewer: read only).
 */
import type { Request, RequestHandler } from 'express';
import type { Actor, RegionActor } from '../../services/access.ts';
import type { Role, UsersService } from '../../services/users.ts';
import { paths } from '../paths.ts';
import { HttpError } from './errors.ts';

export function loadUser(users: UsersService): RequestHandler {
  return async (req, res, next) => {
    const userId = req.session?.userId;
    if (userId === undefined) return next();
    const user = await users.sessionUser(userId);
    if (!user) {
      // The account went away (or was disabled) since signing in: end the session.
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
      return res.redirect(paths.signIn.build());
    }
    req.user = user;
    res.locals.user = req.user;
    next();
  };
}

export function requireSignedIn(): RequestHandler {
  return (req, res, next) => {
    if (req.user) return next();
    // Where to go back to after signing in. Kept in the session only when the browser has one
    // already: a request without a cookie creates no session (issue 17: every such request left a
    // session row for 8 hours); it goes in the sign-in link instead, which the sign-in page keeps.
    if (req.method !== 'GET') return res.redirect(paths.signIn.build());
    if (/(^|;\s*)forecare\.sid=/.test(req.headers.cookie ?? '')) {
      req.session.returnTo = req.originalUrl;
      return res.redirect(paths.signIn.build());
    }
    res.redirect(paths.signIn.build({}, { returnTo: req.originalUrl }));
  };
}

/** Mounted on `paths.council.pattern`: only members of the council named in the URL get past. */
export function councilAccess(): RequestHandler {
  return (req, res, next) => {
    const laCode = req.params.la;
    const user = req.user;
    if (!user) return res.redirect(paths.signIn.build());
    const membership = user.memberships.find((m) => m.laCode === laCode);
    if (!laCode || !membership) {
      return next(
        new HttpError(403, 'You do not have access to this council', 'Ask an admin of the council to add you.'),
      );
    }
    req.actor = {
      userId: user.id,
      name: user.email,
      laCode: membership.laCode,
      role: membership.role,
      requestId: req.id,
    };
    req.session.laCode = membership.laCode;
    res.locals.council = { laCode: membership.laCode, name: membership.councilName, role: membership.role };
    next();
  };
}

/**
 * Mounted on `paths.region.pattern`: only people given the region named in the URL get past.
 * Membership of a member council is not enough (a council's people never see its region).
 */
export function regionAccess(): RequestHandler {
  return (req, res, next) => {
    const regionCode = req.params.region;
    const user = req.user;
    if (!user) return res.redirect(paths.signIn.build());
    const region = user.regions.find((r) => r.regionCode === regionCode);
    if (!regionCode || !region) {
      return next(
        new HttpError(403, 'You do not have access to this region', 'Ask the people who run Forecare to add you.'),
      );
    }
    req.regionActor = { userId: user.id, name: user.email, regionCode: region.regionCode, requestId: req.id };
    res.locals.region = region;
    next();
  };
}

/** The actor for a region route; only call behind `regionAccess`. */
export function regionActorOf(req: Request): RegionActor {
  if (!req.regionActor) throw new HttpError(403, 'You do not have access to this region');
  return req.regionActor;
}

export function requireRole(...roles: readonly Role[]): RequestHandler {
  return (req, _res, next) => {
    const actor = req.actor;
    if (!actor) return next(new HttpError(403, 'You do not have access to this council'));
    if (!roles.includes(actor.role)) {
      return next(
        new HttpError(
          403,
          'You do not have permission to do this',
          `This needs the ${roles.join(' or ')} role; you are ${actor.role === 'admin' ? 'an' : 'a'} ${actor.role}.`,
        ),
      );
    }
    next();
  };
}

/** The actor for a council route; only call behind `councilAccess`. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new HttpError(403, 'You do not have access to this council');
  return req.actor;
}

/** A route parameter, or 404 when it is missing. */
export function param(req: Request, name: string): string {
  const v = (req.params as Record<string, string | undefined>)[name];
  if (v === undefined || v === '') throw new HttpError(404, 'Page not found');
  return v;
}

/** A positive integer route parameter, or 404. */
export function intParam(req: Request, name: string): number {
  const v = param(req, name);
  if (!/^\d{1,12}$/.test(v)) throw new HttpError(404, 'Page not found');
  return Number(v);
}
