/**
 * Rates use case: the fitted rates with the exposure and event counts behind each, so an analyst
 * can check every number by hand (rate = events / exposure days).
 */
import type { IsoDate } from '../domain/dates.ts';
import type { CaseData } from '../domain/model.ts';
import type { Cohort } from '../domain/engine/periods.ts';
import { durationBandKey, fitRates, type EntryModelChoice, type FittedRates } from '../domain/engine/rates.ts';
import type { Db } from '../store/database.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import { defaultForecastStart } from './forecastParameters.ts';

export interface RatesRequest {
  readonly la: string;
  /** Default: 31 March of the latest collection year in the data (the extract date). */
  readonly start?: IsoDate;
  readonly referenceMonths?: number;
  readonly entryModel?: EntryModelChoice;
  readonly cohort?: Cohort;
}

/** 31 March ending the collection year of the latest date in the data; null for no data. */
export function latestExtractDate(data: CaseData): IsoDate | null {
  return defaultForecastStart(data, 'extract');
}

export function ratesFromData(data: CaseData, req: Omit<RatesRequest, 'la'>): FittedRates {
  const start = req.start ?? latestExtractDate(data) ?? '2000-03-31';
  return fitRates(data, {
    start,
    referenceMonths: req.referenceMonths,
    entryModel: req.entryModel,
    cohort: req.cohort,
  });
}

export async function ratesForCouncil(db: Db, req: RatesRequest): Promise<FittedRates> {
  return ratesFromData(await loadCaseData(db, req.la), req);
}

const sig = (x: number): number => Number(x.toPrecision(6));

/**
 * The rates as JSON. Entries list every age band and category with entries; transitions and exits
 * list the cells with events; `exposure` lists every band and category with child-days, so a rate
 * not listed is 0 events over that exposure.
 */
export function ratesJson(la: string, r: FittedRates): unknown {
  const { entries, transitions, exits, exposure } = ratesByAgeBandAndCategory(r);
  return {
    la,
    start: r.start,
    referenceStart: r.referenceStart,
    referenceDays: r.referenceDays,
    exitReferenceStart: r.exitReferenceStart,
    exitReferenceDays: r.exitReferenceDays,
    cohort: r.cohort,
    note: 'ratePerDay = events / exposureDays; entries over the days of [referenceStart, start); transitions, exits and exposure: child-days at risk in [exitReferenceStart, start), longer than the reference window when exits were stable',
    entries,
    transitions,
    exits,
    exposure,
    exitsByTimeInCare: exitsByTimeInCare(r),
    exitsByTimeInCareNote:
      'exit hazard of a child = baseRatePerDay (events / standardisedExposureDays, child-days weighted by the factor of their time in care) × factor of the route and time-in-care band; factor = (events + 2) / (expectedEvents + 2)',
    agedOut: r.agedOut,
    entryModel: r.entryModel,
    entryDispersion: sig(r.entryDispersion),
    trend: entryTrendJson(r.trend),
    warnings: r.warnings,
  };
}

/**
 * Each age band and placement category's entries (where any), child-days of exposure (where any),
 * and the transitions to other categories and exits by route with events.
 */
function ratesByAgeBandAndCategory(r: FittedRates): {
  entries: unknown[];
  transitions: unknown[];
  exits: unknown[];
  exposure: unknown[];
} {
  const nC = r.categories.length;
  const entries = [];
  const transitions = [];
  const exits = [];
  const exposure = [];
  for (let b = 0; b < r.ageBands.length; b++) {
    const band = (r.ageBands[b] as { key: string }).key;
    for (let c = 0; c < nC; c++) {
      const category = r.categories[c] as string;
      const e = r.entries[b * nC + c] as FittedRates['entries'][number];
      if (e.events > 0)
        entries.push({
          ageBand: band,
          category,
          events: e.events,
          exposureDays: e.exposureDays,
          ratePerDay: sig(e.ratePerDay),
          perYear: sig(e.ratePerDay * 365.25),
        });
      const x = r.exposure[b * nC + c] as number;
      if (x > 0) exposure.push({ ageBand: band, category, childDays: x });
      transitions.push(...transitionsFrom(r, b, c));
      exits.push(...exitsFrom(r, b, c));
    }
  }
  return { entries, transitions, exits, exposure };
}

/** The transitions with events from placement category `c` in age band `b`, to each category. */
function transitionsFrom(r: FittedRates, b: number, c: number): unknown[] {
  const nC = r.categories.length;
  const out = [];
  for (let t = 0; t < nC; t++) {
    const cell = r.transitions[(b * nC + c) * nC + t] as FittedRates['transitions'][number];
    if (cell.events > 0)
      out.push({
        ageBand: (r.ageBands[b] as { key: string }).key,
        from: r.categories[c] as string,
        to: r.categories[t],
        events: cell.events,
        exposureDays: cell.exposureDays,
        ratePerDay: sig(cell.ratePerDay),
      });
  }
  return out;
}

/** The exits with events from placement category `c` in age band `b`, by route (with the time-in-care base rate when fitted). */
function exitsFrom(r: FittedRates, b: number, c: number): unknown[] {
  const nC = r.categories.length;
  const nR = r.routes.length;
  const out = [];
  for (let q = 0; q < nR; q++) {
    const cell = r.exits[(b * nC + c) * nR + q] as FittedRates['exits'][number];
    const std = r.exitDuration ? r.exitStandardisedExposure?.[(b * nC + c) * nR + q] : undefined;
    if (cell.events > 0) {
      out.push({
        ageBand: (r.ageBands[b] as { key: string }).key,
        category: r.categories[c] as string,
        route: r.routes[q],
        events: cell.events,
        exposureDays: cell.exposureDays,
        ratePerDay: sig(cell.ratePerDay),
        ...(std !== undefined
          ? { standardisedExposureDays: sig(std), baseRatePerDay: sig(std > 0 ? cell.events / std : 0) }
          : {}),
      });
    }
  }
  return out;
}

/**
 * Time in care: a factor per exit route and duration band (events, child-days and the events the
 * band's child-days would give at the base rates). None when time in care was not fitted.
 */
function exitsByTimeInCare(r: FittedRates): unknown[] {
  const bounds = r.durationBoundsDays ?? [];
  const out = [];
  if (r.exitDuration) {
    const nD = bounds.length + 1;
    for (let q = 0; q < r.routes.length; q++) {
      for (let d = 0; d < nD; d++) {
        const cell = r.exitDuration[q * nD + d] as NonNullable<FittedRates['exitDuration']>[number];
        out.push({
          route: r.routes[q],
          durationBand: durationBandKey(bounds, d),
          fromDays: d === 0 ? 0 : bounds[d - 1],
          toDays: d < nD - 1 ? bounds[d] : null,
          events: cell.events,
          exposureDays: cell.exposureDays,
          expectedEvents: sig(cell.expectedEvents),
          factor: sig(cell.factor),
        });
      }
    }
  }
  return out;
}

/** The trend fitted to monthly entries into care: its months, slope, seasonality and dispersion. */
function entryTrendJson(trend: FittedRates['trend']): unknown {
  return {
    months: trend.monthKeys.length,
    firstMonth: trend.monthKeys[0] ?? null,
    lastMonth: trend.monthKeys[trend.monthKeys.length - 1] ?? null,
    percentPerYear: sig(trend.percentPerYear),
    slopePerMonth: sig(trend.coef[1] as number),
    slopeStandardError: sig(Math.sqrt(trend.cov[5] as number)),
    seasonalSin: sig(trend.coef[2] as number),
    seasonalCos: sig(trend.coef[3] as number),
    dispersion: sig(trend.dispersionTrend),
    monthlyEntries: trend.monthKeys.map((m, i) => ({ month: m, entries: trend.monthlyEntries[i] })),
  };
}
