/**
 * Background figures (issue 13): after an import, a council's expensive figures (the overview's,
 * the default forecast, spend by financial year and each saved scenario's comparison with the
 * baseline) are computed before anyone asks, so the pages that show them open at once.
 *
 * The work goes through the services' own methods and caches (./runCache.ts), with the same
 * parameters, seeds and runs as the pages ask for: a page asked while a step is running waits for
 * that same computation, never a second one, and shows the same figures as before. Councils are
 * worked one at a time and one step at a time (each step's engine work goes to the engine pool like
 * any page's), so the pool is never filled with background work and people's requests keep
 * their turn.
 *
 *   const bg = createBackgroundFigures({ forecast, costs, scenarios, overview });
 *   bg.schedule('301');        // after an import, or when a page finds its figures not ready
 *   bg.progress('301');        // { step: 2, of: 5, doing: 'the forecast' } while it runs
 *   await bg.idle();           // tests and the bench: everything scheduled is done
 */
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import { systemActor } from './access.ts';
import type { CostsService } from './costs.service.ts';
import type { ForecastService } from './forecast.service.ts';
import type { OverviewService } from './overview.service.ts';
import type { ScenariosService } from './scenarios.service.ts';

/** What the background needs of the services (their public methods, as a page calls them). */
export interface BackgroundServices {
  readonly overview: Pick<OverviewService, 'overview'>;
  readonly forecast: Pick<ForecastService, 'forecast'>;
  readonly costs: Pick<CostsService, 'spend'>;
  readonly scenarios: Pick<ScenariosService, 'list' | 'get' | 'compare'>;
}

/** Where a council's background work is, for a page that waits for it. */
export type BackgroundProgress =
  | { readonly state: 'queued'; readonly councilsAhead: number }
  | { readonly state: 'running'; readonly step: number; readonly of: number; readonly doing: string };

export interface BackgroundFigures {
  /** Computes the council's figures in the background (once, if already queued or running: again after). */
  schedule(laCode: string): void;
  /** The council's background work, or null when there is none. */
  progress(laCode: string): BackgroundProgress | null;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  /** Stops taking work; resolves when the step under way has ended. */
  close(): Promise<void>;
}

export interface BackgroundOptions {
  /** A step that failed (the page that asks for it computes it again and shows the error). */
  readonly onError?: (laCode: string, step: string, err: unknown) => void;
}

interface Step {
  readonly doing: string;
  run(): Promise<unknown>;
}

export function createBackgroundFigures(
  services: BackgroundServices,
  options: BackgroundOptions = {},
): BackgroundFigures {
  const queue: string[] = [];
  /** Councils scheduled again while their work was running. */
  const again = new Set<string>();
  let running: { laCode: string; step: number; of: number; doing: string } | null = null;
  let worker: Promise<void> | null = null;
  let closed = false;

  /** The council's steps, in the order people usually open the pages after an import. */
  async function stepsOf(laCode: string): Promise<Step[]> {
    const actor = systemActor(laCode, 'system');
    const saved = (await services.scenarios.list(actor, laCode)).filter((s) => s.problem === undefined);
    return [
      { doing: 'the overview', run: () => services.overview.overview(actor, laCode) },
      { doing: 'the forecast', run: () => services.forecast.forecast(actor, laCode) },
      { doing: 'spend by financial year', run: () => services.costs.spend(actor, laCode) },
      ...saved.map((s) => ({
        doing: `the comparison of scenario “${s.name}” with the baseline`,
        run: async () => {
          const detail = await services.scenarios.get(actor, laCode, s.name);
          if (detail) await services.scenarios.compare(actor, laCode, detail.scenario);
        },
      })),
    ];
  }

  async function work(): Promise<void> {
    for (let laCode = queue.shift(); laCode !== undefined && !closed; laCode = queue.shift()) {
      let steps: Step[] = [];
      try {
        steps = await stepsOf(laCode);
      } catch (err) {
        options.onError?.(laCode, 'listing the saved scenarios', err);
      }
      for (const [i, step] of steps.entries()) {
        if (closed) break;
        running = { laCode, step: i + 1, of: steps.length, doing: step.doing };
        try {
          await step.run();
        } catch (err) {
          options.onError?.(laCode, step.doing, err);
        }
        // Requests that arrived meanwhile go first.
        await yieldToRequests();
      }
      running = null;
      if (again.delete(laCode) && !queue.includes(laCode)) queue.push(laCode);
    }
  }

  function start(): void {
    if (worker || closed) return;
    worker = work().finally(() => {
      worker = null;
      running = null;
      if (queue.length > 0) start();
    });
  }

  return {
    schedule(laCode) {
      if (closed) return;
      if (running?.laCode === laCode) again.add(laCode);
      else if (!queue.includes(laCode)) queue.push(laCode);
      start();
    },
    progress(laCode) {
      if (running?.laCode === laCode)
        return { state: 'running', step: running.step, of: running.of, doing: running.doing };
      const at = queue.indexOf(laCode);
      if (at < 0) return null;
      return { state: 'queued', councilsAhead: at + (running ? 1 : 0) };
    },
    async idle() {
      while (worker) await worker;
    },
    async close() {
      closed = true;
      queue.length = 0;
      again.clear();
      if (worker) await worker;
    },
  };
}
