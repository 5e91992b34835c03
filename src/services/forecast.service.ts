/**
 * The Forecast page's read model: the council's demand forecast (children looked after at each
 * month end, with 80% and 95% intervals, in total, by placement category and by age band) and the
 * fitted rates behind it, from src/services/forecast.ts. The forecast starts on the extract date
 * of the latest stored return (31 March), as `forecare rates` does.
 *
 * Runs are expensive (a Monte Carlo projection of every child), so each result is cached per
 * council, data version and parameters (./runCache.ts): the page with its default parameters is
 * computed once per import and then served from memory. Any member may read the default forecast;
 * choosing other parameters (horizon, reference window, runs, seed, entry model) starts a new
 * computation, which is for analysts and admins.
 */
import { DEFAULT_AGE_BANDS } from '../domain/ageBands.ts';
import type { IsoDate } from '../domain/dates.ts';
import { MAX_PROJECTION_MONTHS, runValues } from '../domain/engine/projection.ts';
import {
  DEFAULT_ENTRY_MODEL,
  DEFAULT_REFERENCE_MONTHS,
  type EntryModelChoice,
  type FittedRates,
} from '../domain/engine/rates.ts';
import type { CaseData } from '../domain/model.ts';
import { PLACEMENT_CATEGORIES } from '../domain/placementCategories.ts';
import { summarise, type Quantiles } from '../domain/stats/quantiles.ts';
import { ANALYST_ROLES, READ_ROLES, assertAccess, type Actor } from './audit.ts';
import { modelDescription } from './forecast.ts';
import { inlineEngineRunner, type EngineRunner } from './engineRunner.ts';
import type { RollingBacktestResult } from '../domain/engine/backtest.ts';
import { addMonths } from '../domain/dates.ts';
import { latestExtractDate } from './rates.ts';
import type { Db } from '../store/database.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import type { DataVersions } from './dataVersions.ts';
import { createRunCache } from './runCache.ts';

export interface ForecastParams {
  /** Months forecast after the start. */
  readonly months: number;
  /** Months of history the rates are fitted over. */
  readonly referenceMonths: number;
  readonly runs: number;
  readonly seed: number;
  readonly entryModel: EntryModelChoice;
}

export const FORECAST_DEFAULTS: ForecastParams = {
  months: 36,
  referenceMonths: DEFAULT_REFERENCE_MONTHS,
  runs: 500,
  seed: 1,
  entryModel: DEFAULT_ENTRY_MODEL,
};

export const PARAM_LIMITS = {
  months: { min: 1, max: MAX_PROJECTION_MONTHS },
  referenceMonths: { min: 6, max: 120 },
  // A run takes CPU (about 0.75 s for 500 runs × 36 months of a large council, in a worker thread): capped.
  runs: { min: 50, max: 2000 },
  seed: { min: 0, max: 0xffffffff },
} as const;

export function sameParams(a: ForecastParams, b: ForecastParams): boolean {
  return (
    a.months === b.months &&
    a.referenceMonths === b.referenceMonths &&
    a.runs === b.runs &&
    a.seed === b.seed &&
    a.entryModel === b.entryModel
  );
}

export function paramsKey(p: ForecastParams): string {
  return `${p.months}|${p.referenceMonths}|${p.runs}|${p.seed}|${p.entryModel}`;
}

/**
 * Reads the forecast parameters from a query string: absent or blank fields take the default;
 * each bad field is reported (field → message, worded for the person who typed it) and defaulted.
 */
export function parseForecastParams(query: Readonly<Record<string, unknown>>): {
  params: ForecastParams;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const whole = (field: 'months' | 'referenceMonths' | 'runs' | 'seed', label: string): number => {
    const raw = query[field];
    if (raw === undefined || raw === '') return FORECAST_DEFAULTS[field];
    const text = typeof raw === 'string' ? raw.trim().replace(/,/g, '') : '';
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    const { min, max } = PARAM_LIMITS[field];
    if (!Number.isInteger(n) || n < min || n > max) {
      errors[field] =
        `${label} must be a whole number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}`;
      return FORECAST_DEFAULTS[field];
    }
    return n;
  };
  const months = whole('months', 'Months to forecast');
  const referenceMonths = whole('referenceMonths', 'Reference window');
  const runs = whole('runs', 'Runs');
  const seed = whole('seed', 'Seed');
  let entryModel = FORECAST_DEFAULTS.entryModel;
  const em = query.entryModel;
  if (em === 'flat' || em === 'trend') entryModel = em;
  else if (em !== undefined && em !== '') errors.entryModel = 'Entry model must be trend or flat';
  return { params: { months, referenceMonths, runs, seed, entryModel }, errors };
}

/** One month end of the forecast: the population, summarised over the runs. */
export interface ForecastMonth {
  /** YYYY-MM. */
  readonly month: string;
  readonly monthEnd: IsoDate;
  readonly total: Quantiles;
  readonly byCategory: Readonly<Record<string, Quantiles>>;
  readonly byAgeBand: Readonly<Record<string, Quantiles>>;
}

export interface CouncilForecast {
  readonly hasData: boolean;
  readonly laCode: string;
  readonly dataVersion: number;
  readonly params: ForecastParams;
  /** Day 0: children looked after that day are the starting population. */
  readonly start: IsoDate | null;
  readonly childrenAtStart: number;
  readonly months: readonly ForecastMonth[];
  readonly rates: FittedRates | null;
  readonly model: ReturnType<typeof modelDescription>;
  readonly warnings: readonly string[];
  /** Milliseconds the computation took. */
  readonly computeMs: number;
}

/**
 * The forecast from case data: month summaries and the fitted rates. The projection runs on
 * `engine` (a worker thread in the server; this thread by default).
 */
export async function councilForecast(
  laCode: string,
  data: CaseData,
  params: ForecastParams,
  dataVersion: number,
  engine: Pick<EngineRunner, 'forecast'> = inlineEngineRunner(),
): Promise<CouncilForecast> {
  const started = performance.now();
  const start = latestExtractDate(data);
  if (start === null) {
    return {
      hasData: false,
      laCode,
      dataVersion,
      params,
      start: null,
      childrenAtStart: 0,
      months: [],
      rates: null,
      model: [],
      warnings: [],
      computeMs: 0,
    };
  }
  const outcome = await engine.forecast(data, {
    start,
    months: params.months,
    referenceMonths: params.referenceMonths,
    runs: params.runs,
    seed: params.seed,
    entryModel: params.entryModel,
  });
  const p = outcome.result.simulated;
  const months: ForecastMonth[] = p.timeline.months.map((month, m) => {
    const byCategory: Record<string, Quantiles> = {};
    p.categories.forEach((c, i) => (byCategory[c] = summarise(runValues(p, 'populationByCategory', m, i))));
    const byAgeBand: Record<string, Quantiles> = {};
    p.ageBands.forEach((b, i) => (byAgeBand[b] = summarise(runValues(p, 'populationByAgeBand', m, i))));
    return {
      month,
      monthEnd: p.timeline.monthEnds[m] as IsoDate,
      total: summarise(runValues(p, 'populationByCategory', m)),
      byCategory,
      byAgeBand,
    };
  });
  const model = modelDescription(outcome.models);
  return {
    hasData: true,
    laCode,
    dataVersion,
    params,
    start,
    childrenAtStart: model.reduce((s, m) => s + m.childrenAtStart, 0),
    months,
    rates: outcome.models[0]?.rates ?? null,
    model,
    warnings: [...new Set([...outcome.warnings, ...p.warnings])],
    computeMs: performance.now() - started,
  };
}

/** The series a page can show: the total, one placement category or one age band. */
export type ForecastSeries =
  | { readonly kind: 'total' }
  | { readonly kind: 'category'; readonly key: string }
  | { readonly kind: 'ageBand'; readonly key: string };

export const SERIES_OPTIONS: ReadonlyArray<{ readonly value: string; readonly series: ForecastSeries }> = [
  { value: 'total', series: { kind: 'total' } },
  ...PLACEMENT_CATEGORIES.map((c) => ({ value: `category:${c}`, series: { kind: 'category', key: c } as const })),
  ...DEFAULT_AGE_BANDS.map((b) => ({ value: `ageband:${b.key}`, series: { kind: 'ageBand', key: b.key } as const })),
];

export function parseSeries(raw: unknown): ForecastSeries | null {
  if (raw === undefined || raw === '') return { kind: 'total' };
  return SERIES_OPTIONS.find((o) => o.value === raw)?.series ?? null;
}

export function seriesValue(s: ForecastSeries): string {
  return s.kind === 'total' ? 'total' : `${s.kind === 'category' ? 'category' : 'ageband'}:${s.key}`;
}

export function seriesOf(month: ForecastMonth, s: ForecastSeries): Quantiles {
  const zero = { mean: 0, p2_5: 0, p10: 0, p50: 0, p90: 0, p97_5: 0 };
  if (s.kind === 'total') return month.total;
  return (s.kind === 'category' ? month.byCategory[s.key] : month.byAgeBand[s.key]) ?? zero;
}

/** The backtest behind the Forecast page: fixed, so it is computed once per data version. */
export const BACKTEST = { cutoffsBack: [24, 12], months: 12, runs: 200, seed: 1 } as const;

export interface CouncilBacktest {
  readonly hasData: boolean;
  /** The cutoffs (31 March one and two years before the extract date) and the months after each. */
  readonly cutoffs: readonly IsoDate[];
  readonly months: number;
  readonly runs: number;
  readonly result: RollingBacktestResult | null;
}

/**
 * Rolling-origin backtest: the model fitted as of each cutoff with the data before it, its forecast
 * of the next 12 month ends compared with what happened. Runs on `engine` (default: this thread).
 */
export async function councilBacktest(
  data: CaseData,
  engine: Pick<EngineRunner, 'backtest'> = inlineEngineRunner(),
): Promise<CouncilBacktest> {
  const extract = latestExtractDate(data);
  if (extract === null)
    return { hasData: false, cutoffs: [], months: BACKTEST.months, runs: BACKTEST.runs, result: null };
  const cutoffs = BACKTEST.cutoffsBack.map((m) => addMonths(extract, -m));
  const result = await engine.backtest(data, {
    cutoffs,
    months: BACKTEST.months,
    runs: BACKTEST.runs,
    seed: BACKTEST.seed,
  });
  return { hasData: true, cutoffs, months: BACKTEST.months, runs: BACKTEST.runs, result };
}

/** `engine` runs the projections and backtests (the server's worker pool; this thread by default). */
export function createForecastService(db: Db, dataVersions: DataVersions, engine: EngineRunner = inlineEngineRunner()) {
  const cache = createRunCache<CouncilForecast>(12);
  const backtests = createRunCache<CouncilBacktest>(1);
  dataVersions.onInvalidate((la) => {
    cache.clear(la);
    backtests.clear(la);
  });
  return {
    /** How the model would have done over the last two years (cached per data version); any member. */
    async backtest(actor: Actor, laCode: string): Promise<CouncilBacktest> {
      assertAccess(actor, laCode, READ_ROLES);
      const { version } = await dataVersions.get(laCode);
      return backtests.get(laCode, version, 'backtest', async () =>
        councilBacktest(await loadCaseData(db, laCode), engine),
      );
    },

    /**
     * The council's forecast with `params` (cached per data version). Any member may read the
     * default forecast; other parameters are a new run, for analysts and admins.
     */
    async forecast(actor: Actor, laCode: string, params: ForecastParams = FORECAST_DEFAULTS): Promise<CouncilForecast> {
      assertAccess(actor, laCode, sameParams(params, FORECAST_DEFAULTS) ? READ_ROLES : ANALYST_ROLES);
      const { version } = await dataVersions.get(laCode);
      return cache.get(laCode, version, paramsKey(params), async () =>
        councilForecast(laCode, await loadCaseData(db, laCode), params, version, engine),
      );
    },
  };
}

export type ForecastService = ReturnType<typeof createForecastService>;
