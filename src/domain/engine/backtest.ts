/**
 * Backtesting: fit on the data as an extract taken on the cutoff would have shown it, forecast,
 * and compare each month-end total with what actually happened. Rolling origin: several cutoffs,
 * results per cutoff and pooled. Also the two benchmarks the accuracy study compares against:
 * "stays the same" (the stock on the cutoff) and a straight-line trend (least squares through the
 * month-end stocks of the 24 months before the cutoff).
 */
import { addMonths, endOfMonth, toDayNumber, type IsoDate } from '../dates.ts';
import { DEFAULT_AGE_BANDS } from '../ageBands.ts';
import type { CaseData } from '../model.ts';
import { DEFAULT_CATEGORY_MAPPING } from '../placementCategories.ts';
import type { Quantiles } from '../stats/quantiles.ts';
import { periodsOfCare, truncateAt, inCohort, type PeriodOfCare } from './periods.ts';
import { fitModelFromPeriods, project, projectExpected, type ModelOptions } from './project.ts';
import { runValues } from './projection.ts';
import { summarise } from '../stats/quantiles.ts';
import { stockOn } from '../stock.ts';

export interface BacktestOptions extends Omit<ModelOptions, 'start'> {
  readonly cutoff: IsoDate;
  readonly months: number;
  readonly runs?: number;
  readonly seed?: number;
  /** Also compare each placement category (`HorizonResult.byCategory`); not with a cohort. */
  readonly byCategory?: boolean;
}

/** One placement category at one month end: what happened and what the model forecast. */
export interface CategoryHorizon {
  readonly actual: number;
  readonly forecast: Quantiles;
}

export interface HorizonResult {
  readonly cutoff: IsoDate;
  readonly months: number;
  readonly month: string;
  readonly actual: number;
  readonly forecast: Quantiles;
  /** |mean − actual| / actual × 100 (0 when both are 0; the forecast's mean when actual is 0 is counted as 100%). */
  readonly absPctError: number;
  readonly inside80: boolean;
  readonly inside95: boolean;
  /** Each placement category, when asked for (`byCategory`). */
  readonly byCategory?: Readonly<Record<string, CategoryHorizon>>;
}

export interface BacktestResult {
  readonly cutoff: IsoDate;
  readonly entryModel: string;
  readonly horizons: readonly HorizonResult[];
  readonly mape: number;
  readonly coverage80: number;
  readonly coverage95: number;
}

export function absPctError(forecast: number, actual: number): number {
  if (actual === 0) return forecast === 0 ? 0 : 100;
  return (Math.abs(forecast - actual) / actual) * 100;
}

/** Children looked after on `date` (periods of care open that day, short breaks excluded). */
export function lookedAfterOn(periods: readonly PeriodOfCare[], date: IsoDate): number {
  const d = toDayNumber(date);
  let n = 0;
  for (const p of periods) if (p.start <= d && (p.end === null || d < p.end)) n++;
  return n;
}

function monthEndsAfter(cutoff: IsoDate, months: number): IsoDate[] {
  const firstEnd =
    endOfMonth(cutoff) === cutoff ? endOfMonth(addMonths(`${cutoff.slice(0, 7)}-01`, 1)) : endOfMonth(cutoff);
  const out: IsoDate[] = [];
  for (let i = 0; i < months; i++) out.push(endOfMonth(addMonths(`${firstEnd.slice(0, 7)}-01`, i)));
  return out;
}

function summaryOf(horizons: readonly HorizonResult[]): { mape: number; coverage80: number; coverage95: number } {
  const n = horizons.length;
  if (n === 0) return { mape: 0, coverage80: 0, coverage95: 0 };
  return {
    mape: horizons.reduce((s, h) => s + h.absPctError, 0) / n,
    coverage80: horizons.filter((h) => h.inside80).length / n,
    coverage95: horizons.filter((h) => h.inside95).length / n,
  };
}

/** One cutoff: fit on the truncated data, forecast `months`, compare with the full data. */
export function backtest(data: CaseData, options: BacktestOptions): BacktestResult {
  const bands = options.ageBands ?? DEFAULT_AGE_BANDS;
  const mapping = options.mapping ?? DEFAULT_CATEGORY_MAPPING;
  const full = periodsOfCare(data, mapping, bands).periods.filter((p) => inCohort(p, options.cohort ?? {}, bands));
  const truncated = periodsOfCare(truncateAt(data, options.cutoff), mapping, bands);
  const model = fitModelFromPeriods(truncated.periods, { ...options, start: options.cutoff }, truncated.warnings);
  const result = project(model, { months: options.months, runs: options.runs ?? 500, seed: options.seed ?? 1 });
  const ends = monthEndsAfter(options.cutoff, options.months);
  // Per category: the children in each on the month end (the stock, as the overview counts it)
  // against the projection's runs for that category.
  const categoryHorizons = (i: number, end: IsoDate): Record<string, CategoryHorizon> => {
    const stock = stockOn(data, end, { mapping, bands });
    const out: Record<string, CategoryHorizon> = {};
    result.simulated.categories.forEach((c, ci) => {
      out[c] = {
        actual: (stock.byCategory as Readonly<Record<string, number>>)[c] ?? 0,
        forecast: summarise(runValues(result.simulated, 'populationByCategory', i, ci)),
      };
    });
    return out;
  };
  const horizons: HorizonResult[] = ends.map((end, i) => {
    const actual = lookedAfterOn(full, end);
    const forecast = summarise(runValues(result.simulated, 'populationByCategory', i));
    const byCategory = options.byCategory && !options.cohort ? categoryHorizons(i, end) : undefined;
    return {
      ...(byCategory ? { byCategory } : {}),
      cutoff: options.cutoff,
      months: i + 1,
      month: end.slice(0, 7),
      actual,
      forecast,
      absPctError: absPctError(forecast.mean, actual),
      inside80: actual >= forecast.p10 && actual <= forecast.p90,
      inside95: actual >= forecast.p2_5 && actual <= forecast.p97_5,
    };
  });
  return { cutoff: options.cutoff, entryModel: model.rates.entryModel, horizons, ...summaryOf(horizons) };
}

export interface RollingBacktestResult {
  readonly cutoffs: readonly BacktestResult[];
  /** Every cutoff's horizons together. */
  readonly horizons: readonly HorizonResult[];
  /** Means over every cutoff and horizon. */
  readonly mape: number;
  readonly coverage80: number;
  readonly coverage95: number;
}

/** Rolling-origin evaluation over several cutoffs; `onCutoff` hears after each (progress). */
export function rollingBacktest(
  data: CaseData,
  cutoffs: readonly IsoDate[],
  options: Omit<BacktestOptions, 'cutoff'>,
  onCutoff?: (done: number, total: number, cutoff: IsoDate) => void,
): RollingBacktestResult {
  const results = cutoffs.map((cutoff, i) => {
    const r = backtest(data, { ...options, cutoff });
    onCutoff?.(i + 1, cutoffs.length, cutoff);
    return r;
  });
  const horizons = results.flatMap((r) => r.horizons);
  return { cutoffs: results, horizons, ...summaryOf(horizons) };
}

export interface PointForecasts {
  readonly months: readonly string[];
  readonly actual: readonly number[];
  readonly engine: readonly number[];
  readonly naive: readonly number[];
  readonly linear: readonly number[];
}

/**
 * Point forecasts of the total at each month end after the cutoff: the engine's expected path,
 * "stays the same", and the straight line fitted to the 24 month-end stocks before the cutoff.
 */
export function benchmarkForecasts(
  data: CaseData,
  cutoff: IsoDate,
  months: number,
  options: Omit<ModelOptions, 'start'> = {},
): PointForecasts {
  const bands = options.ageBands ?? DEFAULT_AGE_BANDS;
  const mapping = options.mapping ?? DEFAULT_CATEGORY_MAPPING;
  const full = periodsOfCare(data, mapping, bands).periods;
  const truncated = periodsOfCare(truncateAt(data, cutoff), mapping, bands);
  const model = fitModelFromPeriods(truncated.periods, { ...options, start: cutoff }, truncated.warnings);
  const expected = projectExpected(model, { months });
  const ends = monthEndsAfter(cutoff, months);
  const actual = ends.map((e) => lookedAfterOn(full, e));
  const engine = ends.map((_, i) => runValues(expected, 'populationByCategory', i)[0] as number);
  const now = lookedAfterOn(truncated.periods, cutoff);
  const line = linearTrendForecast(truncated.periods, cutoff);
  const linear = ends.map((_, i) => line(i + 1));
  return { months: ends.map((e) => e.slice(0, 7)), actual, engine, naive: ends.map(() => now), linear };
}

/**
 * The straight-line benchmark: least squares through the 24 month-end stocks up to the cutoff
 * (x in months, the cutoff at x = 0), as a forecast of the stock `h` months after the cutoff,
 * never negative.
 */
export function linearTrendForecast(periods: readonly PeriodOfCare[], cutoff: IsoDate): (h: number) => number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 23; k >= 0; k--) {
    const d = k === 0 ? cutoff : endOfMonth(addMonths(`${cutoff.slice(0, 7)}-01`, -k));
    xs.push(-k);
    ys.push(lookedAfterOn(periods, d));
  }
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    sxx += ((xs[i] as number) - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return (h) => Math.max(0, my + slope * (h - mx));
}
