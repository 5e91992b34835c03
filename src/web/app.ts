/**
 * The Express app factory. Order matters: request id → logging → security headers → assets →
 * body parsing → session (in the database) → CSRF → user → flash → feature routers (sign-in and
 * other public pages first; council pages behind `councilAccess` on `/c/:la`) → 404 → errors.
 */
import type { PlatformOptions } from './types.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import session from 'express-session';
import type { Logger } from 'pino';
import { logger as defaultLogger, REQUEST_LOG_LEVEL } from '../logger.ts';
import type { Services } from './composition.ts';
import { fileRoutes, paths } from './paths.ts';
import { MAX_PICKED_CHILDREN } from '../services/permanenceChildren.ts';
import { nunjucksSetup, govukFrontendDist, mojFrontendRoot } from './nunjucksSetup.ts';
import { requestId } from './middleware/requestId.ts';
import { requestLogging } from './middleware/requestLogging.ts';
import { securityHeaders } from './middleware/security.ts';
import { csrfProtection } from './middleware/csrf.ts';
import { councilAccess, loadUser, regionAccess, requireSignedIn } from './middleware/auth.ts';
import { flashMessages } from './middleware/flash.ts';
import { errorHandler, notFound } from './middleware/errors.ts';
import {
  navigationFor,
  COUNCIL_FEATURES,
  PUBLIC_FEATURES,
  REGION_FEATURES,
  SIGNED_IN_FEATURES,
} from './features/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface AppOptions {
  /** Secret that signs the session cookie. */
  readonly sessionSecret: string;
  /** Production: secure cookies, HSTS, no stacks on error pages. */
  readonly production: boolean;
  /** Failed sign-ins allowed per account in 15 minutes (successes never count). Default 10. */
  readonly signInAttemptsPer15Minutes?: number;
  /** Failed sign-ins allowed per client address in 15 minutes. Default 5 times the per-account limit. */
  readonly signInFailuresPerAddressPer15Minutes?: number;
  /** Largest upload accepted, in bytes (each file, and a zip's unpacked total). */
  readonly maxUploadBytes?: number;
  /** Re-read templates on each request (development). */
  readonly watchTemplates?: boolean;
  /**
   * Reverse proxies in front of the app: how many hops of X-Forwarded-For to believe (client
   * addresses for sign-in limits, https for secure cookies). 0 or absent: none; `true` is 1.
   */
  readonly trustProxy?: number | boolean;
  readonly logger?: Logger;
  /** A line shown on the sign-in page (the demo names its demo users there). */
  readonly signInHint?: string;
  /**
   * How long a page waits for figures still being calculated before it says so (components/figures.ts;
   * the server: FIGURES_WAIT_MS). Absent: pages wait until their figures are ready.
   */
  readonly figuresWaitMs?: number;
}

export function createApp(services: Services, options: AppOptions): Express {
  const log = options.logger ?? defaultLogger;
  const app = express();
  app.disable('x-powered-by');
  // Pages carry per-response CSRF tokens and CSP nonces: an ETag (a hash of every body) never matches.
  app.set('etag', false);
  // A hop count, never `true` (which would believe every address a client writes in X-Forwarded-For).
  const proxyHops = options.trustProxy === true ? 1 : options.trustProxy || 0;
  if (proxyHops > 0) app.set('trust proxy', proxyHops);
  nunjucksSetup(app, { watch: options.watchTemplates ?? false });

  app.use(requestId());
  app.use(requestLogging(log, REQUEST_LOG_LEVEL));
  app.use(securityHeaders({ https: options.production }));

  const assets = paths.assets.pattern;
  const cache = { maxAge: options.production ? '1d' : 0, index: false as const };
  app.use(assets, express.static(path.join(here, 'assets'), cache));
  app.use(assets, express.static(path.join(govukFrontendDist, 'govuk', 'assets'), cache));
  app.use(assets, express.static(path.join(mojFrontendRoot, 'moj', 'assets'), cache));
  app.use(`${assets}/govuk`, express.static(path.join(govukFrontendDist, 'govuk'), cache));
  app.use(`${assets}/moj`, express.static(path.join(mojFrontendRoot, 'moj'), cache));
  app.get(paths.health.pattern, (_req, res) => {
    res.json({ status: 'UP' });
  });

  // Pages and downloads (not the assets above) are never stored by the browser or a proxy: a
  // signed-in page or a download holds council data, which must not outlive the session in a
  // shared machine's cache or history (issue 17). A route may still set its own (a logo by hash).
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // The permanence picker sends one field per child ticked (up to MAX_PICKED_CHILDREN); every
  // other form has a handful.
  app.use(
    paths.trackers.pick.pattern,
    express.urlencoded({ extended: false, limit: '200kb', parameterLimit: MAX_PICKED_CHILDREN + 20 }),
  );
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 200 }));
  app.use(
    session({
      name: 'forecare.sid',
      store: services.sessionStore,
      secret: options.sessionSecret,
      resave: false,
      saveUninitialized: false,
      // Absolute 8-hour sessions: no re-signed cookie on every response.
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: options.production, maxAge: 8 * 60 * 60 * 1000 },
    }),
  );
  app.use(csrfProtection(fileRoutes));
  app.use(loadUser(services.users));
  app.use(flashMessages());
  app.use((req, res, next) => {
    res.locals.navigation = navigationFor(req);
    next();
  });

  const perAccount = options.signInAttemptsPer15Minutes ?? 10;
  const platform: PlatformOptions = {
    signInAttemptsPer15Minutes: perAccount,
    signInFailuresPerAddressPer15Minutes: options.signInFailuresPerAddressPer15Minutes ?? 5 * perAccount,
    maxUploadBytes: options.maxUploadBytes ?? 200 * 1024 * 1024,
    ...(options.signInHint ? { signInHint: options.signInHint } : {}),
    ...(options.figuresWaitMs === undefined ? {} : { figuresWaitMs: options.figuresWaitMs }),
  };
  for (const f of PUBLIC_FEATURES) app.use(f.routes(services, platform));
  app.use(requireSignedIn());
  for (const f of SIGNED_IN_FEATURES) app.use(f.routes(services, platform));
  app.use(paths.council.pattern, councilAccess(), async (req, res, next) => {
    res.locals.navigation = navigationFor(req);
    // The council's own name and logo for the header (the Crown and royal arms are GOV.UK's only).
    const actor = req.actor;
    if (actor) {
      const branding = await services.branding.get(actor, actor.laCode);
      res.locals.council = {
        ...res.locals.council,
        name: branding.name,
        logoUrl: branding.logo
          ? paths.councilLogo.build({ la: actor.laCode, version: branding.logo.sha256.slice(0, 16) })
          : undefined,
      };
    }
    next();
  });
  for (const f of COUNCIL_FEATURES) app.use(f.routes(services, platform));
  app.use(paths.region.pattern, regionAccess());
  for (const f of REGION_FEATURES) app.use(f.routes(services, platform));

  app.use(notFound());
  app.use(errorHandler({ production: options.production, logger: log }));
  return app;
}
