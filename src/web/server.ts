/**
 * Starting and stopping the web server: the one place that turns configuration into
 * `dataAccess()` → `services()` → `createApp()` and listens. Used by `forecare serve` and
 * `forecare demo`.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { Config, DatabaseConfig } from '../config.ts';
import { logger } from '../logger.ts';
import { loadPseudonymKey } from '../services/pseudonymise.ts';
import { loadTotpKey } from '../services/totpSecrets.ts';
import { createApp } from './app.ts';
import { FIGURES_WAIT_MS } from './components/figures.ts';
import { dataAccess, engineRunner, services, type DataAccess, type Services } from './composition.ts';

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  readonly services: Services;
  readonly data: DataAccess;
  close(): Promise<void>;
}

/** The session secret: required in production; elsewhere a random one per start (sessions end on restart). */
export function sessionSecretFrom(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  if (config.env === 'production') throw new Error('Configuration error: SESSION_SECRET must be set in production');
  logger.warn('SESSION_SECRET is not set: using a random secret, so sessions end when the server restarts');
  return randomBytes(32).toString('hex');
}

export async function startServer(
  config: Config,
  database: DatabaseConfig,
  port: number,
  host = config.host,
  extra: { readonly signInHint?: string } = {},
): Promise<RunningServer> {
  const data = await dataAccess(database);
  // Forecasts and other engine work run in worker threads, so one analyst's forecast does not hold
  // up every other request (ended in close(), and so on SIGINT/SIGTERM).
  let engine: ReturnType<typeof engineRunner>;
  try {
    engine = engineRunner(config.web.engineThreads);
  } catch (err) {
    await data.close();
    throw err;
  }
  let server: Server;
  let svc: Services;
  try {
    svc = services(data, {
      pseudonymKey: loadPseudonymKey({ pseudonymKey: config.pseudonymKey, keyFile: config.keyFile }),
      totpKey: loadTotpKey(config),
      uploadDir: config.web.uploadDir,
      maxUploadBytes: config.web.maxUploadBytes,
      engine,
      // With worker threads, each council's figures are computed after an import (one council,
      // one step at a time); on the request thread they would hold up every request, so not.
      backgroundFigures:
        engine.threads > 0
          ? {
              onError: (laCode, step, err) =>
                logger.error({ err, laCode }, `background figures: ${step} failed (a page asking computes it again)`),
            }
          : false,
    });
    // Second-factor secrets stored in plain text by an older version are encrypted before anyone signs in.
    const sealed = await svc.users.sealPlainTotpSecrets();
    // Raw uploads a crash or kill left behind (child-level data) are deleted before serving.
    const leftovers = await svc.imports.removeLeftovers();
    if (leftovers > 0) logger.info({ leftovers }, `removed ${leftovers} upload(s) left from an earlier run`);
    if (sealed > 0) logger.info({ sealed }, `encrypted ${sealed} second-factor secret(s) stored in plain text`);
    server = await listen(svc, config, port, host, extra);
  } catch (err) {
    await engine.close();
    await data.close();
    throw err;
  }
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://localhost:${actualPort}`;
  logger.info(
    { engineThreads: engine.threads },
    engine.threads > 0
      ? `forecast engine: ${engine.threads} worker thread(s)`
      : 'forecast engine: on the request thread',
  );
  return {
    url,
    server,
    services: svc,
    data,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await svc.background?.close();
      await engine.close();
      await data.close();
    },
  };
}

/**
 * How long an idle keep-alive connection stays open. Longer than the idle timeout of the reverse
 * proxies and load balancers Forecare runs behind (nginx and AWS ALB: 60 s), so the client end
 * closes idle connections, never the server while the proxy sends on one (a 502 or a reset).
 * Node's default is 5 s.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

async function listen(
  svc: Services,
  config: Config,
  port: number,
  host: string,
  extra: { readonly signInHint?: string },
): Promise<Server> {
  const app = createApp(svc, {
    sessionSecret: sessionSecretFrom(config),
    production: config.env === 'production',
    signInAttemptsPer15Minutes: config.web.signInAttemptsPer15Minutes,
    signInFailuresPerAddressPer15Minutes: config.web.signInFailuresPerAddressPer15Minutes,
    maxUploadBytes: config.web.maxUploadBytes,
    trustProxy: config.web.trustProxy,
    watchTemplates: config.env === 'development',
    figuresWaitMs: FIGURES_WAIT_MS,
    ...(extra.signInHint ? { signInHint: extra.signInHint } : {}),
  });
  return new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  });
}

/** Closes the server on SIGINT/SIGTERM. */
export function closeOnSignals(running: RunningServer): void {
  const stop = () => {
    logger.info('stopping the web server');
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
