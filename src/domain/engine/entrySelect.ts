/**
 * The entry model chosen by the council's own rolling-origin backtest (FitOptions.entrySelect):
 * at past origins (every `stepMonths` back from `horizonMonths` before the start, while at least
 * `minHistoryMonths` of complete data lie before the origin), the rates are fitted on the data as
 * they then stood, and the expected paths of the flat and the trend entry model are projected
 * `horizonMonths` ahead; their totals at months `fromMonth`..`horizonMonths` are compared with the
 * children looked after at those month ends. The flat model is chosen when its mean absolute error
 * is below (1 − margin) times the trend's; otherwise (ties too) the trend. Too little history for
 * one origin: the entry model given (or the default) is kept and `origins` is empty.
 *
 * Both models share one fit per origin (the trend is fitted whichever model is used; the flat
 * model differs only in using the window's average), so the cost is one fit and two expected
 * paths per origin.
 */
import { addMonths, endOfMonth, toDayNumber, type IsoDate } from '../dates.ts';
import { DEFAULT_AGE_BANDS } from '../ageBands.ts';
import { DEFAULT_ENTRY_MODEL, ENTRY_SELECT_OPTIONS, type EntrySelectOptions } from './defaults.ts';
import { expectedPath } from './expected.ts';
import { coverageStartDay, inCohort, truncatePeriodsAt, type PeriodOfCare } from './periods.ts';
import { startingPopulation } from './population.ts';
import { buildTimeline, populationTotal } from './projection.ts';
import { fitRatesFromPeriods, type EntrySelection, type FitOptions, type FittedRates } from './rates.ts';
import { buildSchedule } from './schedule.ts';

/** Children looked after on `date` (as backtest.ts's lookedAfterOn, which this module cannot import: it imports project.ts). */
function lookedAfterOn(periods: readonly PeriodOfCare[], date: IsoDate): number {
  const d = toDayNumber(date);
  let n = 0;
  for (const p of periods) if (p.start <= d && (p.end === null || d < p.end)) n++;
  return n;
}

/** The last month end on or before `date`. */
function monthEndOnOrBefore(date: IsoDate): IsoDate {
  return endOfMonth(date) === date ? date : endOfMonth(addMonths(`${date.slice(0, 7)}-01`, -1));
}

/** Past origins (latest first) with at least minHistoryMonths of complete data before each. */
export function selectionOrigins(start: IsoDate, coverageDay: number | null, o: EntrySelectOptions): IsoDate[] {
  const last = monthEndOnOrBefore(start);
  const out: IsoDate[] = [];
  for (let j = 0; j < o.origins; j++) {
    const origin = endOfMonth(addMonths(`${last.slice(0, 7)}-01`, -(o.horizonMonths + o.stepMonths * j)));
    // The first of the first of the minHistoryMonths whole months ending on the origin.
    const historyFrom = addMonths(`${origin.slice(0, 7)}-01`, -(o.minHistoryMonths - 1));
    if (coverageDay === null || toDayNumber(historyFrom) < coverageDay) break;
    out.push(origin);
  }
  return out;
}

/** The choice from the two models' mean absolute errors: flat only when clearly better. */
export function chooseEntryModel(flatError: number, trendError: number, margin: number): 'flat' | 'trend' {
  return flatError < (1 - margin) * trendError ? 'flat' : 'trend';
}

/** Inverse-error weight of the trend: flatError^p / (flatError^p + trendError^p) (1/2 when both are 0). */
export function trendWeightOf(flatError: number, trendError: number, power = 1): number {
  const f = Math.pow(flatError, power);
  const t = Math.pow(trendError, power);
  return f + t === 0 ? 0.5 : f / (f + t);
}

/** Expected totals at months 1..months after the rates' start. */
function expectedTotals(rates: FittedRates, periods: readonly PeriodOfCare[], options: FitOptions, months: number) {
  const timeline = buildTimeline(rates.start, months);
  const population = startingPopulation(
    periods,
    rates.start,
    options.cohort ?? {},
    options.ageBands ?? DEFAULT_AGE_BANDS,
  );
  const path = expectedPath(rates, population, timeline, buildSchedule(rates, [], timeline)).projection;
  return { totals: Array.from({ length: months }, (_, m) => populationTotal(path, 0, m)), ends: timeline.monthEnds };
}

/** Backtests both entry models at the council's past origins and chooses one. */
export function selectEntryModel(periods: readonly PeriodOfCare[], options: FitOptions): EntrySelection {
  const o: EntrySelectOptions = { ...ENTRY_SELECT_OPTIONS, ...(options.entrySelect ?? {}) };
  const coverage = options.dataFrom !== undefined ? toDayNumber(options.dataFrom) : coverageStartDay(periods);
  const origins = selectionOrigins(options.start, coverage, o);
  const bands = options.ageBands ?? DEFAULT_AGE_BANDS;
  const cohort = options.cohort ?? {};
  const own = periods.filter((p) => inCohort(p, cohort, bands));
  let flatSum = 0;
  let trendSum = 0;
  let n = 0;
  for (const origin of origins) {
    const atOrigin = truncatePeriodsAt(periods, toDayNumber(origin));
    const fitOptions: FitOptions = { ...options, start: origin, entryModel: 'trend', entrySelect: null };
    const trend = fitRatesFromPeriods(atOrigin, fitOptions);
    const flat: FittedRates = { ...trend, entryModel: 'flat', entryDispersion: trend.trend.dispersionFlat };
    const t = expectedTotals(trend, atOrigin, options, o.horizonMonths);
    const f = expectedTotals(flat, atOrigin, options, o.horizonMonths);
    for (let h = o.fromMonth; h <= o.horizonMonths; h++) {
      const actual = lookedAfterOn(own, t.ends[h - 1] as IsoDate);
      trendSum += Math.abs((t.totals[h - 1] as number) - actual);
      flatSum += Math.abs((f.totals[h - 1] as number) - actual);
      n++;
    }
  }
  const flatError = n === 0 ? 0 : flatSum / n;
  const trendError = n === 0 ? 0 : trendSum / n;
  if (o.weight && n > 0)
    return {
      chosen: 'trend',
      origins,
      flatError,
      trendError,
      fromMonth: o.fromMonth,
      horizonMonths: o.horizonMonths,
      trendWeight: trendWeightOf(flatError, trendError, o.power),
    };
  return {
    chosen: n === 0 ? (options.entryModel ?? DEFAULT_ENTRY_MODEL) : chooseEntryModel(flatError, trendError, o.margin),
    origins,
    flatError,
    trendError,
    fromMonth: o.fromMonth,
    horizonMonths: o.horizonMonths,
  };
}
