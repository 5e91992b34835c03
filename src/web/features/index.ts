/**
 * The feature registry: every feature is a folder with `routes.ts` exporting a router factory
 * `(services, platform) => Router` whose route table uses full patterns from `paths`. Add a
 * feature by adding one entry below (and its paths to ../paths.ts). See ../README.md.
 */
import type { Request, Router } from 'express';
import type { Role } from '../../services/users.ts';
import type { PlatformOptions } from '../types.ts';
import type { Services } from '../composition.ts';
import { paths } from '../paths.ts';
import authRoutes from './auth/routes.ts';
import councilsRoutes from './councils/routes.ts';
import accountRoutes from './account/routes.ts';
import overviewRoutes from './overview/routes.ts';
import dataRoutes from './data/routes.ts';
import usersRoutes from './users/routes.ts';
import auditRoutes from './audit/routes.ts';
import settingsRoutes from './settings/routes.ts';
import forecastRoutes from './forecast/routes.ts';
import costsRoutes from './costs/routes.ts';
import monitoringRoutes from './monitoring/routes.ts';
import scenariosRoutes from './scenarios/routes.ts';
import programmesRoutes from './programmes/routes.ts';
import trackersRoutes from './trackers/routes.ts';
import sufficiencyRoutes from './sufficiency/routes.ts';
import indicatorsRoutes from './indicators/routes.ts';
import regionsRoutes from './regions/routes.ts';
import workforceRoutes from './workforce/routes.ts';
import funnelRoutes from './funnel/routes.ts';
import cinRoutes from './cin/routes.ts';

export interface NavEntry {
  readonly text: string;
  readonly href: (laCode: string) => string;
  /** Roles that see the entry (a route must still check its own role). */
  readonly roles: readonly Role[];
}

export interface Feature {
  readonly name: string;
  readonly routes: (services: Services, platform: PlatformOptions) => Router;
  /** Council features: the entry in the service navigation, in registry order. */
  readonly nav?: NavEntry;
}

const ALL: readonly Role[] = ['admin', 'analyst', 'viewer'];
const ADMIN: readonly Role[] = ['admin'];

/** Reachable without signing in. */
export const PUBLIC_FEATURES: readonly Feature[] = [{ name: 'auth', routes: authRoutes }];

/** Signed in, not tied to one council. */
export const SIGNED_IN_FEATURES: readonly Feature[] = [
  { name: 'councils', routes: councilsRoutes },
  { name: 'account', routes: accountRoutes },
];

/** One council's pages, all under `/c/:la` behind the council access check. */
export const COUNCIL_FEATURES: readonly Feature[] = [
  {
    name: 'overview',
    routes: overviewRoutes,
    nav: { text: 'Overview', href: (la) => paths.overview.build({ la }), roles: ALL },
  },
  { name: 'data', routes: dataRoutes, nav: { text: 'Data', href: (la) => paths.data.index.build({ la }), roles: ALL } },
  // The children in need census and monthly counts: pages under Data (linked from it and the Front door).
  { name: 'cin', routes: cinRoutes },
  // The second web engineer's features (forecast, costs, scenarios, programmes) go here.
  {
    name: 'forecast',
    routes: forecastRoutes,
    nav: { text: 'Forecast', href: (la) => paths.forecast.index.build({ la }), roles: ALL },
  },
  {
    name: 'costs',
    routes: costsRoutes,
    nav: { text: 'Costs', href: (la) => paths.costs.index.build({ la }), roles: ALL },
  },
  {
    name: 'monitoring',
    routes: monitoringRoutes,
    nav: { text: 'Monitoring', href: (la) => paths.monitoring.index.build({ la }), roles: ALL },
  },
  {
    name: 'scenarios',
    routes: scenariosRoutes,
    nav: { text: 'Scenarios', href: (la) => paths.scenarios.index.build({ la }), roles: ALL },
  },
  {
    name: 'programmes',
    routes: programmesRoutes,
    nav: { text: 'Programmes', href: (la) => paths.programmes.index.build({ la }), roles: ALL },
  },
  {
    name: 'trackers',
    routes: trackersRoutes,
    nav: { text: 'Permanence', href: (la) => paths.trackers.index.build({ la }), roles: ALL },
  },
  {
    name: 'sufficiency',
    routes: sufficiencyRoutes,
    nav: { text: 'Sufficiency', href: (la) => paths.sufficiency.index.build({ la }), roles: ALL },
  },
  {
    name: 'funnel',
    routes: funnelRoutes,
    nav: { text: 'Front door', href: (la) => paths.funnel.index.build({ la }), roles: ALL },
  },
  {
    name: 'indicators',
    routes: indicatorsRoutes,
    nav: { text: 'Indicators', href: (la) => paths.indicators.index.build({ la }), roles: ALL },
  },
  {
    name: 'workforce',
    routes: workforceRoutes,
    nav: { text: 'Workforce', href: (la) => paths.workforce.index.build({ la }), roles: ALL },
  },
  {
    name: 'users',
    routes: usersRoutes,
    nav: { text: 'Users', href: (la) => paths.users.index.build({ la }), roles: ADMIN },
  },
  { name: 'audit', routes: auditRoutes, nav: { text: 'Audit', href: (la) => paths.audit.build({ la }), roles: ADMIN } },
  {
    name: 'settings',
    routes: settingsRoutes,
    nav: { text: 'Settings', href: (la) => paths.settings.build({ la }), roles: ADMIN },
  },
];

/** A region's pages, all under `/r/:region` behind the region access check. */
export const REGION_FEATURES: readonly Feature[] = [{ name: 'regions', routes: regionsRoutes }];

/** The service navigation for this request: the council features the actor's role may see. */
export function navigationFor(
  req: Request,
): Array<{ text: string; href: string; current?: boolean; active?: boolean }> {
  const actor = req.actor;
  if (!actor) return [];
  // The full path: under the `/c/:la` mount `req.path` is relative to it ('/forecast'), so it
  // never equals an href. Without the query string and any trailing slash.
  const here = (req.originalUrl.split('?')[0] ?? '').replace(/(.)\/+$/, '$1');
  return COUNCIL_FEATURES.flatMap((f) => {
    if (!f.nav || !f.nav.roles.includes(actor.role)) return [];
    const href = f.nav.href(actor.laCode);
    const current = here === href;
    return [{ text: f.nav.text, href, current, active: !current && here.startsWith(`${href}/`) }];
  });
}

export { ADMIN as ADMIN_ONLY, ALL as ALL_ROLES };
