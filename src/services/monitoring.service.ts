/**
 * The Monitoring page's use cases (issue 10): the monitoring report of a council as at a date
 * (any member), saving it as a period (analysts and admins, audited), and the year's budgets (set
 * through src/services/budgets.service.ts). Reports run the demand engine, so they are cached per
 * council, data version, prices, the year's budgets, the saved periods and the date.
 */
import { financialYearStart, parseDate, type IsoDate } from '../domain/dates.ts';
import { listBudgets, listMonitoringPeriods } from '../store/budgets.repository.ts';
import { lastEpisodeDate } from '../store/caseData.repository.ts';
import type { Db } from '../store/database.ts';
import { type AuditService } from './audit.ts';
import { READ_ROLES, assertAccess, type Actor } from './access.ts';
import type { DataVersions } from './dataVersions.ts';
import { inlineEngineRunner, type EngineRunner } from './engineRunner.ts';
import { UserInputError } from './errors.ts';
import { monitoringPeriod } from '../domain/finance/monitoring.ts';
import { computeMonitoring, saveMonitoringPeriod, type MonitoringReport } from './monitoring.ts';
import { createRunCache } from './runCache.ts';

/** Runs behind the page (as the Costs page's spend). */
export const MONITORING_RUNS = 500;
export const MONITORING_SEED = 1;

export interface MonitoringPage {
  /** False when the council has no case data yet. */
  readonly hasData: boolean;
  /** The last date in the returns: the default as-at date. */
  readonly lastDate: IsoDate | null;
  readonly report: MonitoringReport | null;
  readonly savedPeriods: readonly { readonly period: number; readonly asAt: string; readonly savedAt: string }[];
}

export function createMonitoringService(
  db: Db,
  audit: AuditService,
  dataVersions: DataVersions,
  pricesKey: (laCode: string) => Promise<string>,
  now: () => Date = () => new Date(),
  engine: EngineRunner = inlineEngineRunner(),
) {
  const cache = createRunCache<MonitoringReport>({ maxPerCouncil: 6 });
  dataVersions.onInvalidate((la) => cache.clear(la));

  /** The as-at date asked for ('' for the default: the last date in the returns), checked. */
  async function resolveAt(laCode: string, at: string): Promise<{ at: IsoDate | null; lastDate: IsoDate | null }> {
    const last = await lastEpisodeDate(db, laCode);
    if (at.trim() === '') return { at: last, lastDate: last };
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(at) ? parseDate(at) : null;
    if (parsed === null) throw new UserInputError('at-day', 'Enter a real as-at date, including a day, month and year');
    return { at: parsed, lastDate: last };
  }

  async function report(laCode: string, at: IsoDate): Promise<MonitoringReport> {
    const year = financialYearStart(at);
    const { version } = await dataVersions.get(laCode);
    const [prices, budgets, periods] = await Promise.all([
      pricesKey(laCode),
      listBudgets(db, laCode, year),
      listMonitoringPeriods(db, laCode, year),
    ]);
    // Only the periods before this one change the report (its movement): saving this period does not.
    const period = monitoringPeriod(at);
    const earlier = periods.filter((p) => p.period < period).map((p) => [p.period, p.savedAt]);
    const key = JSON.stringify([at, prices, budgets, earlier]);
    return cache.get(laCode, version, key, () =>
      computeMonitoring(db, laCode, {
        at,
        runs: MONITORING_RUNS,
        seed: MONITORING_SEED,
        project: engine.projector(),
      }),
    );
  }

  return {
    /** The report as at `at` (YYYY-MM-DD; '' for the last date in the returns); any member. */
    async page(actor: Actor, laCode: string, at: string): Promise<MonitoringPage> {
      assertAccess(actor, laCode, READ_ROLES);
      const resolved = await resolveAt(laCode, at);
      if (resolved.at === null || resolved.lastDate === null)
        return { hasData: false, lastDate: null, report: null, savedPeriods: [] };
      const r = await report(laCode, resolved.at);
      const savedPeriods = (await listMonitoringPeriods(db, laCode, r.year)).map((p) => ({
        period: p.period,
        asAt: p.asAt,
        savedAt: p.savedAt,
      }));
      return { hasData: true, lastDate: resolved.lastDate, report: r, savedPeriods };
    },

    /** Saves the report as at `at` as its period; analysts and admins (checked by saveMonitoringPeriod). */
    async save(actor: Actor, laCode: string, at: string): Promise<{ period: number; replaced: boolean; year: number }> {
      assertAccess(actor, laCode, READ_ROLES);
      const resolved = await resolveAt(laCode, at);
      if (resolved.at === null) throw new UserInputError('at-day', 'There is no case data to monitor yet');
      const r = await report(laCode, resolved.at);
      const saved = await saveMonitoringPeriod(db, audit, actor, r, now());
      return { ...saved, year: r.year };
    },
  };
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;
