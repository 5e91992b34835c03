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
  const nC = r.categories.length;
  const nR = r.routes.length;
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
      for (let t = 0; t < nC; t++) {
        const cell = r.transitions[(b * nC + c) * nC + t] as FittedRates['transitions'][number];
        if (cell.events > 0)
          transitions.push({
            ageBand: band,
            from: category,
            to: r.categories[t],
            events: cell.events,
            exposureDays: cell.exposureDays,
            ratePerDay: sig(cell.ratePerDay),
          });
      }
      for (let q = 0; q < nR; q++) {
        const cell = r.exits[(b * nC + c) * nR + q] as FittedRates['exits'][number];
        const std = r.exitDuration ? r.exitStandardisedExposure?.[(b * nC + c) * nR + q] : undefined;
        if (cell.events > 0) {
          exits.push({
            ageBand: band,
            category,
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
    }
  }
  // Time in care: a factor per exit route and duration band (events, child-days and the events the
  // band's child-days would give at the base rates).
  const bounds = r.durationBoundsDays ?? [];
  const exitsByTimeInCare = [];
  if (r.exitDuration) {
    const nD = bounds.length + 1;
    for (let q = 0; q < nR; q++) {
      for (let d = 0; d < nD; d++) {
        const cell = r.exitDuration[q * nD + d] as NonNullable<FittedRates['exitDuration']>[number];
        exitsByTimeInCare.push({
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
  return {
    la,
    start: r.start,
    referenceStart: r.referenceStart,
    referenceDays: r.referenceDays,
    cohort: r.cohort,
    note: 'ratePerDay = events / exposureDays; exposure is child-days at risk in the window [referenceStart, start)',
    entries,
    transitions,
    exits,
    exposure,
    exitsByTimeInCare,
    exitsByTimeInCareNote:
      'exit hazard of a child = baseRatePerDay (events / standardisedExposureDays, child-days weighted by the factor of their time in care) × factor of the route and time-in-care band; factor = (events + 2) / (expectedEvents + 2)',
    agedOut: r.agedOut,
    entryModel: r.entryModel,
    entryDispersion: sig(r.entryDispersion),
    trend: {
      months: r.trend.monthKeys.length,
      firstMonth: r.trend.monthKeys[0] ?? null,
      lastMonth: r.trend.monthKeys[r.trend.monthKeys.length - 1] ?? null,
      percentPerYear: sig(r.trend.percentPerYear),
      slopePerMonth: sig(r.trend.coef[1] as number),
      slopeStandardError: sig(Math.sqrt(r.trend.cov[5] as number)),
      seasonalSin: sig(r.trend.coef[2] as number),
      seasonalCos: sig(r.trend.coef[3] as number),
      dispersion: sig(r.trend.dispersionTrend),
      monthlyEntries: r.trend.monthKeys.map((m, i) => ({ month: m, entries: r.trend.monthlyEntries[i] })),
    },
    warnings: r.warnings,
  };
}
