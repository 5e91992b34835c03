/**
 * The Overview's figures for one council: children looked after now by placement category and
 * age band, the month-end trend over the stored years, entries and exits by route per year
 * (src/domain/overview.ts), and the rate per 10,000 children when the council has entered its
 * child population.
 *
 * Figures are cached per council and data version (the latest import id), so pages stay fast for
 * a large council under load. They are worked out by the engine runner: on the server, in an engine
 * worker thread, since a large council's take a second or more of CPU that would otherwise hold up
 * every request (the case data is read here and goes to the worker as the forecast's does).
 */
import { isoDateOf } from '../domain/dates.ts';
import type { OverviewFigures } from '../domain/overview.ts';
import type { Db } from '../store/database.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import type { DataVersions } from './dataVersions.ts';
import { inlineEngineRunner, type EngineRunner } from './engineRunner.ts';
import { createRunCache } from './runCache.ts';
import { READ_ROLES, assertAccess, type Actor } from './access.ts';
import type { UsersService } from './users.ts';

export interface Overview extends OverviewFigures {
  readonly childPopulation: number | null;
  /** Children looked after per 10,000 children aged 0-17; null without a population. */
  readonly ratePer10k: number | null;
}

/** How long the child population read from the store is trusted (changes through the web clear it at once). */
const SETTINGS_TTL_MS = 2000;

export function createOverviewService(
  db: Db,
  users: UsersService,
  dataVersions: DataVersions,
  now: () => Date = () => new Date(),
  engine: Pick<EngineRunner, 'overview'> = inlineEngineRunner(),
) {
  const figures = createRunCache<OverviewFigures>();
  // Not versioned by the data (version 0): re-read after SETTINGS_TTL_MS, or at once when settings change.
  const populations = createRunCache<number | null>({ maxAgeMs: SETTINGS_TTL_MS, now });
  dataVersions.onInvalidate((laCode) => figures.clear(laCode));

  /** The council's child population, re-read at most every SETTINGS_TTL_MS. */
  function population(actor: Actor, laCode: string): Promise<number | null> {
    return populations.get(laCode, 0, 'population', () =>
      users.getSettings(actor, laCode).then((s) => s.childPopulation),
    );
  }

  return {
    /** The council's overview; any member may read it. */
    async overview(actor: Actor, laCode: string): Promise<Overview> {
      assertAccess(actor, laCode, READ_ROLES);
      const [{ version, firstYear }, pop] = await Promise.all([dataVersions.get(laCode), population(actor, laCode)]);
      const f = await figures.get(laCode, version, 'overview', async () =>
        engine.overview(await loadCaseData(db, laCode), {
          today: isoDateOf(now()),
          dataVersion: version,
          firstReturnYear: firstYear,
        }),
      );
      const ratePer10k = pop && f.now ? (f.now.total / pop) * 10_000 : null;
      return { ...f, childPopulation: pop, ratePer10k };
    },

    /** The council's settings changed: re-read the child population next time. */
    settingsChanged(laCode: string): void {
      populations.clear(laCode);
    },
  };
}

export type OverviewService = ReturnType<typeof createOverviewService>;
