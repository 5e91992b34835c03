/**
 * The composition roots of the web app, as in hmpps-template-typescript:
 * `dataAccess(config)` → `services(dataAccess)` → `createApp(services, options)`.
 * `Services` is whatever `services()` returns; routers take it (or the part they need) and tests
 * build it over an in-memory SQLite database.
 */
import type { DatabaseConfig } from '../config.ts';
import { migrateToLatest, openDatabase, type Db } from '../store/database.ts';
import { createAuditService } from '../services/audit.ts';
import { createEnginePool } from '../services/enginePool.ts';
import { inlineEngineRunner, type EngineRunner } from '../services/engineRunner.ts';
import { createUsersService } from '../services/users.ts';
import { createBrandingService } from '../services/branding.ts';
import { DatabaseSessionStore } from './middleware/sessionStore.ts';
import { createOverviewService } from '../services/overview.service.ts';
import { createDataService } from '../services/data.service.ts';
import type { UploadLoader } from '../services/uploadLoad.ts';
import { createDataVersions } from '../services/dataVersions.ts';
import { createForecastService } from '../services/forecast.service.ts';
import { createCostsService } from '../services/costs.service.ts';
import { createBudgetsService } from '../services/budgets.service.ts';
import { createMonitoringService } from '../services/monitoring.service.ts';
import { createScenariosService } from '../services/scenarios.service.ts';
import { createProgrammesService } from '../services/programmes.service.ts';
import { createPermanenceService } from '../services/permanence.ts';
import { createTrackedChildrenService } from '../services/permanenceChildren.ts';
import { createSufficiencyService } from '../services/sufficiency.ts';
import { createCapacityService } from '../services/capacity.ts';
import { createIndicatorsService } from '../services/indicators.ts';
import { createBackgroundFigures, type BackgroundOptions } from '../services/backgroundFigures.ts';
import { createRegionsService } from '../services/regions.service.ts';
import { createWorkforceService } from '../services/workforce.ts';
import { createFunnelService } from '../services/funnel.ts';
import { createCinService } from '../services/cin.service.ts';

export interface DataAccess {
  readonly db: Db;
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/** Opens and migrates the database. */
export async function dataAccess(database: DatabaseConfig): Promise<DataAccess> {
  const opened = openDatabase(database);
  await migrateToLatest(opened.db);
  return opened;
}

/**
 * The engine runner of a server: `threads` worker threads (FORECARE_ENGINE_THREADS), or the
 * request thread itself for 0. Whoever creates it closes it (startServer does, on close).
 */
export function engineRunner(threads: number): EngineRunner {
  return threads > 0 ? createEnginePool({ threads }) : inlineEngineRunner();
}

export interface ServiceOptions {
  /** Key for pseudonymising CHILD ids on import (see src/services/pseudonymise.ts). */
  readonly pseudonymKey: Uint8Array;
  /** Key encrypting second-factor secrets in the database (see src/services/totpSecrets.ts). */
  readonly totpKey: Uint8Array;
  /** Where uploads are unpacked while they are validated and imported. */
  readonly uploadDir: string;
  /** Largest upload in bytes (each file, and a zip's unpacked total). */
  readonly maxUploadBytes?: number;
  /** The clock (tests pass a fixed one). */
  readonly now?: () => Date;
  /**
   * Runs the demand engine's heavy work (forecasts, spend, scenario comparisons, backtests): the
   * server passes its worker pool (`engineRunner()`); default: on the request thread.
   */
  readonly engine?: EngineRunner;
  /** Reads and validates uploads (default: a worker thread per upload, src/services/uploadLoad.ts). */
  readonly uploadLoad?: UploadLoader;
  /**
   * Computes each council's forecast, spend and scenario comparisons in the background after an
   * import, or when this process first sees its data version (src/services/backgroundFigures.ts).
   * The server turns it on when the engine has worker threads; default off (tests, scripts).
   */
  readonly backgroundFigures?: BackgroundOptions | false;
}

export function services(data: DataAccess, options: ServiceOptions) {
  const now = options.now ?? (() => new Date());
  const engine = options.engine ?? inlineEngineRunner();
  const audit = createAuditService(data.db, now);
  const settingsChanged: Array<(laCode: string) => void> = [];
  const users = createUsersService(data.db, audit, now, {
    totpKey: options.totpKey,
    onSettingsChanged: (la) => settingsChanged.forEach((f) => f(la)),
  });
  const dataVersions = createDataVersions(data.db, now);
  const overview = createOverviewService(data.db, users, dataVersions, now, engine);
  settingsChanged.push((la) => overview.settingsChanged(la));
  const imports = createDataService(data.db, audit, {
    pseudonymKey: options.pseudonymKey,
    uploadDir: options.uploadDir,
    now,
    ...(options.maxUploadBytes === undefined ? {} : { maxUploadBytes: options.maxUploadBytes }),
    ...(options.uploadLoad === undefined ? {} : { load: options.uploadLoad }),
    onImported: (laCode) => dataVersions.invalidate(laCode),
  });
  const costs = createCostsService(data.db, audit, dataVersions, now, engine);
  const scenarios = createScenariosService(data.db, audit, dataVersions, (la) => costs.pricesKey(la), now, engine);
  const budgets = createBudgetsService(data.db, audit, now);
  const monitoring = createMonitoringService(data.db, audit, dataVersions, (la) => costs.pricesKey(la), now, engine);
  const forecast = createForecastService(data.db, dataVersions, engine);
  const background = options.backgroundFigures
    ? createBackgroundFigures({ overview, forecast, costs, scenarios }, options.backgroundFigures)
    : null;
  if (background) {
    // An import here (the upload pages, the demo's seeding): the council's figures at once.
    dataVersions.onInvalidate((la) => background.schedule(la));
    // A version seen for the first time: an import from the command line (noticed within the
    // versions' 2 s), or a council first asked for since the server started.
    dataVersions.onVersion((la, version) => {
      if (version > 0) background.schedule(la);
    });
  }
  return {
    /** The engine runner the services use (its owner closes it). */
    engine,
    audit,
    users,
    /** The council's name and logo on every page (src/services/branding.ts). */
    branding: createBrandingService(data.db, audit, now),
    /** Each council's data version, for caches of expensive figures (components/dataVersions.ts). */
    dataVersions,
    overview,
    imports,
    sessionStore: new DatabaseSessionStore(data.db, () => now().getTime()),
    // The second web engineer's services go here (forecast, costs, scenarios, programmes).
    forecast,
    /** Figures computed after an import (null when off); whoever closes the engine closes it first. */
    background,
    costs,
    /** Budgets and budget monitoring (issue 10). */
    budgets,
    monitoring,
    scenarios,
    programmes: createProgrammesService(data.db, audit, scenarios, now),
    /** Permanence trackers (src/services/permanence.ts). */
    permanence: createPermanenceService(data.db, { pseudonymKey: options.pseudonymKey, now }),
    /** A tracker's children one by one: status, coded notes; the council's lists (src/services/permanenceChildren.ts). */
    trackedChildren: createTrackedChildrenService(data.db, now),
    /** Placement mix, targets and high-cost placements (src/services/sufficiency.ts). */
    sufficiency: createSufficiencyService(data.db, now),
    /** In-house capacity against forecast demand (src/services/capacity.ts). */
    capacity: createCapacityService(data.db, now),
    /** Indicators against benchmarks, child population, neighbours (src/services/indicators.ts). */
    indicators: createIndicatorsService(data.db, now),
    regions: createRegionsService(data.db, dataVersions, engine),
    /** Social workers by team, rates, caseloads, cost and FTE needed (src/services/workforce.ts). */
    workforce: createWorkforceService(data.db, audit, {
      now,
      forecast: (actor, la) => forecast.forecast(actor, la),
    }),
    /** The front-door funnel (src/services/funnel.ts). */
    funnel: createFunnelService(data.db),
    /** The children in need census upload and the monthly counts (src/services/cin.service.ts). */
    cin: createCinService(data.db, {
      pseudonymKey: options.pseudonymKey,
      uploadDir: options.uploadDir,
      now,
      ...(options.maxUploadBytes === undefined ? {} : { maxUploadBytes: options.maxUploadBytes }),
    }),
  };
}

export type Services = ReturnType<typeof services>;
