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
import { populationRuns, summariseRuns, type PopulationRuns } from '../domain/engine/pooling.ts';
import type { EntryModelChoice, FittedRates } from '../domain/engine/rates.ts';
import type { CaseData } from '../domain/model.ts';
import { PLACEMENT_CATEGORIES } from '../domain/placementCategories.ts';
import type { Quantiles } from '../domain/stats/quantiles.ts';
import { ANALYST_ROLES, READ_ROLES, assertAccess, type Actor } from './access.ts';
import { TooBusyError, UserInputError } from './errors.ts';
import { forecastHistory, forecastMovement, modelDescription, type ForecastMovement } from './forecast.ts';
import { inlineEngineRunner, type EngineRunner } from './engineRunner.ts';
import type { RollingBacktestResult } from '../domain/engine/backtest.ts';
import { addMonths, isoFromYmd } from '../domain/dates.ts';
import type { Stock } from '../domain/stock.ts';
import {
  defaultForecastStart,
  ENTRY_MODEL,
  MONTHS,
  readWholeNumber,
  REFERENCE_MONTHS,
  RUNS,
  SEED,
  type WholeNumberParameter,
} from './forecastParameters.ts';
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

/** The page's defaults, from the parameters' definitions (./forecastParameters.ts). */
export const FORECAST_DEFAULTS: ForecastParams = {
  months: MONTHS.defaults.forecastPage,
  referenceMonths: REFERENCE_MONTHS.defaults.all,
  runs: RUNS.defaults.forecastPage,
  seed: SEED.defaults.all,
  entryModel: ENTRY_MODEL.default,
};

/** The page's bounds: each parameter's web bounds. */
export const PARAM_LIMITS = {
  months: MONTHS.webBounds,
  referenceMonths: REFERENCE_MONTHS.webBounds,
  runs: RUNS.webBounds,
  seed: SEED.webBounds,
} as const;

const PAGE_PARAMETERS: Readonly<Record<keyof typeof PARAM_LIMITS, WholeNumberParameter<string>>> = {
  months: MONTHS,
  referenceMonths: REFERENCE_MONTHS,
  runs: RUNS,
  seed: SEED,
};

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
  const whole = (field: keyof typeof PAGE_PARAMETERS): number => {
    const raw = query[field];
    if (raw === undefined || raw === '') return FORECAST_DEFAULTS[field];
    const p = PAGE_PARAMETERS[field];
    const read = readWholeNumber(p, typeof raw === 'string' ? raw : '', 'web');
    if (read.ok) return read.value;
    errors[field] = `${p.label} must be ${read.rule}`;
    return FORECAST_DEFAULTS[field];
  };
  const months = whole('months');
  const referenceMonths = whole('referenceMonths');
  const runs = whole('runs');
  const seed = whole('seed');
  let entryModel = FORECAST_DEFAULTS.entryModel;
  const em = ENTRY_MODEL.schema.safeParse(query.entryModel);
  if (em.success) entryModel = em.data;
  else if (query.entryModel !== undefined && query.entryModel !== '')
    errors.entryModel = `${ENTRY_MODEL.label} must be trend or flat`;
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
  /**
   * Children looked after at each month end before the forecast, up to and including the start
   * (HISTORY_MONTHS of them, fewer when the returns start later): the history the chart shows
   * before the forecast.
   */
  readonly history: readonly Stock[];
  readonly rates: FittedRates | null;
  readonly model: ReturnType<typeof modelDescription>;
  /** Why the forecast moves: the expected path's entries, leavers and turning 18, year by year (as the CLI's). */
  readonly movement: ForecastMovement | null;
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
  firstReturnYear?: number,
): Promise<CouncilForecast> {
  return (await councilForecastWithRuns(laCode, data, params, dataVersion, engine, firstReturnYear)).forecast;
}

/**
 * councilForecast and the runs its month summaries were made from (null without data): what a
 * region adds run by run (src/services/regions.service.ts). The summaries come from the runs by the
 * same function either way, so a council's figures are the same on its own page and its region's.
 */
export async function councilForecastWithRuns(
  laCode: string,
  data: CaseData,
  params: ForecastParams,
  dataVersion: number,
  engine: Pick<EngineRunner, 'forecast'> = inlineEngineRunner(),
  firstReturnYear?: number,
): Promise<{ readonly forecast: CouncilForecast; readonly runs: PopulationRuns | null }> {
  const started = performance.now();
  const start = defaultForecastStart(data, 'extract');
  if (start === null) {
    return {
      forecast: {
        hasData: false,
        laCode,
        dataVersion,
        params,
        start: null,
        childrenAtStart: 0,
        months: [],
        history: [],
        rates: null,
        model: [],
        movement: null,
        warnings: [],
        computeMs: 0,
      },
      runs: null,
    };
  }
  const outcome = await engine.forecast(
    data,
    {
      start,
      months: params.months,
      referenceMonths: params.referenceMonths,
      runs: params.runs,
      seed: params.seed,
      entryModel: params.entryModel,
    },
    // The history's stock at month ends (0.1-0.2 s of CPU for a large council) with the forecast: in the worker on the server.
    { firstReturnYear },
  );
  const p = outcome.result.simulated;
  const runs = populationRuns(p);
  const months: ForecastMonth[] = summariseRuns(runs);
  const model = modelDescription(outcome.models);
  return {
    forecast: {
      hasData: true,
      laCode,
      dataVersion,
      params,
      start,
      childrenAtStart: model.reduce((s, m) => s + m.childrenAtStart, 0),
      months,
      history: outcome.history ?? forecastHistory(data, start, firstReturnYear),
      rates: outcome.models[0]?.rates ?? null,
      model,
      movement: forecastMovement(outcome.result.expected, outcome.models),
      warnings: [...new Set([...outcome.warnings, ...p.warnings])],
      computeMs: performance.now() - started,
    },
    runs,
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

/**
 * The backtest behind the Forecast page: by default the model fitted one and two years before the
 * extract date; the person may choose other origins (each 31 March with a year of data before it
 * and a year after it to compare with), at most `maxOrigins`.
 */
export const BACKTEST = {
  cutoffsBack: [24, 12],
  months: MONTHS.defaults.backtestPage,
  runs: RUNS.defaults.backtestPage,
  seed: SEED.defaults.all,
  maxOrigins: 5,
} as const;

export interface CouncilBacktest {
  readonly hasData: boolean;
  /** The origins tested (cutoffs: the model fitted as of each), oldest first, and the months after each. */
  readonly cutoffs: readonly IsoDate[];
  /** The origins a person may choose from, newest first (the default ones included). */
  readonly available: readonly IsoDate[];
  /** True when the origins are the default ones. */
  readonly isDefault: boolean;
  readonly months: number;
  readonly runs: number;
  readonly result: RollingBacktestResult | null;
}

/** The default origins: one and two years before the extract date, oldest first. */
export function defaultOrigins(extract: IsoDate): IsoDate[] {
  return BACKTEST.cutoffsBack.map((m) => addMonths(extract, -m));
}

/**
 * The origins a person may choose, newest first: the default ones and each 31 March at least a year
 * after the start of the first collection year of the returns (so the model has a year of data to
 * fit) and at least BACKTEST.months before the extract date (so every month after it can be
 * compared with what happened).
 */
export function backtestOrigins(extract: IsoDate, firstReturnYear?: number): IsoDate[] {
  const latest = addMonths(extract, -BACKTEST.months);
  const lastYear = Number(latest.slice(0, 4)) - (latest.slice(5) < '03-31' ? 1 : 0);
  const firstYear = firstReturnYear ?? lastYear - 4;
  const out = new Set<IsoDate>(defaultOrigins(extract));
  for (let y = lastYear; y >= firstYear && out.size < 12; y--) out.add(isoFromYmd(y, 3, 31));
  return [...out].sort().reverse();
}

/**
 * Rolling-origin backtest: the model fitted as of each origin with the data before it, its forecast
 * of the next 12 month ends compared with what happened, in total and by placement category. Runs
 * on `engine` (default: this thread). `origins` must come from `backtestOrigins` (default: the
 * default ones); anything else is a UserInputError on field `origins`.
 */
export async function councilBacktest(
  data: CaseData,
  engine: Pick<EngineRunner, 'backtest'> = inlineEngineRunner(),
  options: { readonly origins?: readonly IsoDate[]; readonly firstReturnYear?: number } = {},
): Promise<CouncilBacktest> {
  const extract = defaultForecastStart(data, 'extract');
  const empty = { cutoffs: [], available: [], isDefault: true, months: BACKTEST.months, runs: BACKTEST.runs };
  if (extract === null) return { hasData: false, ...empty, result: null };
  const available = backtestOrigins(extract, options.firstReturnYear);
  const chosen = options.origins && options.origins.length > 0 ? [...new Set(options.origins)].sort() : null;
  if (chosen) {
    if (chosen.length > BACKTEST.maxOrigins)
      throw new UserInputError('origins', `Choose ${BACKTEST.maxOrigins} origins or fewer`);
    if (chosen.some((o) => !available.includes(o))) throw new UserInputError('origins', 'Choose origins from the list');
  }
  const cutoffs = chosen ?? defaultOrigins(extract);
  const result = await engine.backtest(data, {
    cutoffs,
    months: BACKTEST.months,
    runs: BACKTEST.runs,
    seed: BACKTEST.seed,
    byCategory: true,
  });
  const isDefault = cutoffs.join() === defaultOrigins(extract).join();
  return { hasData: true, cutoffs, available, isDefault, months: BACKTEST.months, runs: BACKTEST.runs, result };
}

/**
 * Forecasts with settings other than the defaults that one person may have being calculated at
 * once, beyond those already cached or under way for anyone (issue 13). A web page waits only a
 * short time for its figures and the calculation carries on, so without a bound a person who
 * keeps changing the settings could queue any number of runs on the engine.
 */
export const PENDING_FORECASTS_PER_PERSON = 1;

/** Who a forecast was asked by, for PENDING_FORECASTS_PER_PERSON: a signed-in person, or the CLI's user. */
function personKey(actor: Actor, laCode: string): string {
  return `${laCode}|${actor.userId === null ? `name:${actor.name}` : `id:${actor.userId}`}`;
}

/** `engine` runs the projections and backtests (the server's worker pool; this thread by default). */
export function createForecastService(db: Db, dataVersions: DataVersions, engine: EngineRunner = inlineEngineRunner()) {
  const cache = createRunCache<CouncilForecast>({ maxPerCouncil: 12 });
  const backtests = createRunCache<CouncilBacktest>({ maxPerCouncil: 6 });
  /** Each person's forecasts with new settings still being calculated: their parameter keys. */
  const pending = new Map<string, Set<string>>();
  dataVersions.onInvalidate((la) => {
    cache.clear(la);
    backtests.clear(la);
  });
  return {
    /**
     * How the model would have done from each origin (default: one and two years before the
     * extract), cached per data version and origins; any member.
     */
    async backtest(actor: Actor, laCode: string, origins: readonly IsoDate[] = []): Promise<CouncilBacktest> {
      assertAccess(actor, laCode, READ_ROLES);
      const { version, firstYear } = await dataVersions.get(laCode);
      const key = `backtest|${[...origins].sort().join(',')}`;
      return backtests.get(laCode, version, key, async () =>
        councilBacktest(await loadCaseData(db, laCode), engine, { origins, firstReturnYear: firstYear }),
      );
    },

    /**
     * The council's forecast with `params` (cached per data version). Any member may read the
     * default forecast; other parameters are a new run, for analysts and admins.
     */
    async forecast(actor: Actor, laCode: string, params: ForecastParams = FORECAST_DEFAULTS): Promise<CouncilForecast> {
      const isDefault = sameParams(params, FORECAST_DEFAULTS);
      assertAccess(actor, laCode, isDefault ? READ_ROLES : ANALYST_ROLES);
      const { version, firstYear } = await dataVersions.get(laCode);
      const key = paramsKey(params);
      const compute = (): Promise<CouncilForecast> =>
        cache.get(laCode, version, key, async () =>
          councilForecast(laCode, await loadCaseData(db, laCode), params, version, engine, firstYear),
        );
      // The default forecast (the background's) and settings already cached or being calculated
      // (by anyone) cost no new run: they are shared, whoever asks.
      if (isDefault || cache.has(laCode, version, key)) return compute();
      const person = personKey(actor, laCode);
      const mine = pending.get(person) ?? new Set<string>();
      if (mine.size >= PENDING_FORECASTS_PER_PERSON) {
        throw new TooBusyError(
          'Too many forecasts being calculated',
          'Your forecast with other settings is still being calculated. Wait for it to finish, then try these settings again.',
        );
      }
      mine.add(key);
      pending.set(person, mine);
      const work = compute();
      const done = (): void => {
        mine.delete(key);
        if (mine.size === 0 && pending.get(person) === mine) pending.delete(person);
      };
      work.then(done, done);
      return work;
    },
  };
}

export type ForecastService = ReturnType<typeof createForecastService>;
