/**
 * The forecast's parameters, each defined once: its field name, CLI flag, label, help text, bounds
 * (a zod schema) and default. The CLI options (src/cli/options.ts), the web forms (the Forecast page,
 * via forecast.service.ts) and the use cases that call the engine (forecast, spend, backtest, rates,
 * scenarios) all read them from here, so a bound or a default changes in one place. The engine's own
 * defaults (DEFAULT_RUNS, DEFAULT_SEED, DEFAULT_REFERENCE_MONTHS, DEFAULT_ENTRY_MODEL in
 * src/domain/engine) are the values these definitions start from: the domain cannot import this
 * layer, so it keeps the numbers and this module gives them their bounds and words.
 *
 * Runs and months have a default per use, each with its reason (see RUNS and MONTHS): one parameter,
 * one definition, several stated defaults. See docs/adr/0007-where-validation-lives.md.
 *
 *   const r = readWholeNumber(RUNS, '1,000', 'web');   // { ok: true, value: 1000 }
 *   RUNS.defaults.spend                                 // 500
 */
import { z } from 'zod';
import type { IsoDate } from '../domain/dates.ts';
import { collectionYearOf } from '../domain/dates.ts';
import type { CaseData } from '../domain/model.ts';
// The engine's defaults from their own module: the CLI builds its option help from this module,
// and must not load the engine to do so.
import {
  DEFAULT_ENTRY_MODEL,
  DEFAULT_REFERENCE_MONTHS,
  DEFAULT_RUNS as ENGINE_DEFAULT_RUNS,
  DEFAULT_SEED,
  MAX_PROJECTION_MONTHS,
  type EntryModelChoice,
} from '../domain/engine/defaults.ts';

export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** A whole-number parameter. `U` names the uses that have their own default. */
export interface WholeNumberParameter<U extends string = 'all'> {
  /** Its name in a request, a form and a query string. */
  readonly field: string;
  /** Its CLI option. */
  readonly flag: string;
  /** Its name in an error on a page ("Runs must be ..."). */
  readonly label: string;
  /** What it is, for CLI help and form hints (the default is added per use). */
  readonly help: string;
  /** The values accepted. */
  readonly bounds: Bounds;
  /** Tighter bounds for the web, where a request runs on a shared server; the reason in `webReason`. */
  readonly webBounds: Bounds;
  readonly webReason?: string;
  /** The default of each use. */
  readonly defaults: Readonly<Record<U, number>>;
  /** Why the uses' defaults differ, when they do. */
  readonly defaultsReason?: string;
}

/** Months of history the rates are fitted over. */
export const REFERENCE_MONTHS: WholeNumberParameter = {
  field: 'referenceMonths',
  flag: '--reference-months',
  label: 'Reference window',
  help: 'months of history the rates are fitted over',
  // Under 6 months a council has too few entries and exits per age band and category to fit, and
  // no view of a year's seasons; 120 months (ten return years) is more than councils keep.
  bounds: { min: 6, max: 120 },
  webBounds: { min: 6, max: 120 },
  defaults: { all: DEFAULT_REFERENCE_MONTHS },
};

export type RunsUse = 'forecast' | 'forecastPage' | 'spend' | 'backtest' | 'backtestPage';

/** Monte Carlo runs. */
export const RUNS: WholeNumberParameter<RunsUse> = {
  field: 'runs',
  flag: '--runs',
  label: 'Runs',
  help: 'Monte Carlo runs; runs × months at most 1,200,000 (about 0.8 GB)',
  bounds: { min: 1, max: 100_000 },
  // A page's run takes CPU on the shared server (about 0.75 s for 500 runs x 36 months of a large
  // council, in a worker thread), so the web caps it; fewer than 50 runs give no usable 95% interval.
  webBounds: { min: 50, max: 2000 },
  webReason: 'a page runs on the shared server',
  defaults: {
    // `forecare forecast`, and the engine when a caller gives none: a one-off run on the analyst's
    // own machine, where 1,000 runs put the 2.5% and 97.5% tails within about a child of their limit.
    forecast: ENGINE_DEFAULT_RUNS,
    // The Forecast page: computed on the server once per import and parameters.
    forecastPage: 500,
    // Spend and scenarios (CLI spend and scenario run, the costs page, scenario comparisons): each
    // run is also costed day by day and held month by month for every line, so memory and time grow
    // with runs; 500 keep the mean spend within about 0.1% of its limit.
    spend: 500,
    // `forecare backtest`: each cutoff is a full forecast, and the error is read from the median,
    // which settles with fewer runs than the tails.
    backtest: 500,
    // The backtest on the Forecast page: two origins (or up to five) on the server at every import.
    backtestPage: 200,
  },
  defaultsReason: 'each use weighs its cost against how far into the tails it reads',
};

/** The random seed: the same seed gives the same output. */
export const SEED: WholeNumberParameter = {
  field: 'seed',
  flag: '--seed',
  label: 'Seed',
  help: 'random seed: the same seed gives the same output',
  bounds: { min: 0, max: 0xffffffff },
  webBounds: { min: 0, max: 0xffffffff },
  defaults: { all: DEFAULT_SEED },
};

export type MonthsUse = 'forecastPage' | 'spend' | 'backtestPage';

/** Months forecast after the start. */
export const MONTHS: WholeNumberParameter<MonthsUse> = {
  field: 'months',
  flag: '--months',
  label: 'Months to forecast',
  help: 'months to forecast',
  bounds: { min: 1, max: MAX_PROJECTION_MONTHS },
  webBounds: { min: 1, max: MAX_PROJECTION_MONTHS },
  defaults: {
    // The Forecast page: three years, the planning horizon of a sufficiency strategy.
    forecastPage: 36,
    // Spend: five years, a medium-term financial plan (`forecare forecast` and `backtest` require --months).
    spend: 60,
    // The page's backtest: a year from each origin, which its origins (a year of data after each) allow.
    backtestPage: 12,
  },
  defaultsReason: 'a forecast, a budget and a backtest look different distances ahead',
};

/** Entries: the reference window's average (flat) or trend and seasonality. */
export const ENTRY_MODEL = {
  field: 'entryModel',
  flag: '--entry-model',
  label: 'Entry model',
  help: `entries: reference-window average (flat) or trend and seasonality (default ${DEFAULT_ENTRY_MODEL})`,
  values: ['flat', 'trend'] as const,
  schema: z.enum(['flat', 'trend']),
  default: DEFAULT_ENTRY_MODEL,
} as const;

/** The zod schema of a whole-number parameter within the bounds given. */
export function wholeNumberSchema(bounds: Bounds): z.ZodNumber {
  return z.number().int().min(bounds.min).max(bounds.max);
}

export type ReadResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly rule: string };

/**
 * Reads a whole number typed on the command line (as Number reads it) or in a form (digits, commas
 * allowed), within the CLI's or the web's bounds. `rule` says what is allowed, for the caller to put
 * after the option's flag or the field's label.
 */
export function readWholeNumber(
  p: WholeNumberParameter<string>,
  text: string,
  where: 'cli' | 'web',
): ReadResult<number> {
  const bounds = where === 'cli' ? p.bounds : p.webBounds;
  const n =
    where === 'cli'
      ? Number(text)
      : /^\d+$/.test(text.trim().replace(/,/g, ''))
        ? Number(text.trim().replace(/,/g, ''))
        : NaN;
  const parsed = wholeNumberSchema(bounds).safeParse(n);
  if (parsed.success) return { ok: true, value: parsed.data };
  const f = (x: number): string => (where === 'web' ? x.toLocaleString('en-GB') : String(x));
  return { ok: false, rule: `a whole number from ${f(bounds.min)} to ${f(bounds.max)}` };
}

/** Help text for the CLI: what it is and the default of this use. */
export function helpWithDefault(p: WholeNumberParameter<string>, use?: string): string {
  const d =
    use === undefined ? (p.defaults as Record<string, number>).all : (p.defaults as Record<string, number>)[use];
  return d === undefined ? p.help : `${p.help} (default ${d})`;
}

/**
 * The latest date the case data know about: the latest episode start or end (an end before its
 * start counts as the start); null for no episodes. The one scan behind both default starts.
 */
export function lastDataDate(data: CaseData): IsoDate | null {
  let last: IsoDate | null = null;
  for (const e of data.episodes) {
    if (last === null || e.start > last) last = e.start;
    if (e.end !== null && e.end > last) last = e.end;
  }
  return last;
}

/**
 * Where a forecast starts when the person gives no date:
 * - 'extract' (the Forecast page, `forecare rates`, the page's backtest origins): 31 March ending the
 *   collection year of the last date in the data, the extract date of the latest return, so the
 *   reference window is whole return years (a partial year would look like a fall in entries);
 * - 'lastDate' (spend, scenarios, the costs page): the last date in the data itself, so this
 *   financial year's outturn is the actual spend to that day plus the forecast after it.
 * Null when there are no episodes.
 */
export function defaultForecastStart(data: CaseData, basis: 'extract' | 'lastDate'): IsoDate | null {
  const last = lastDataDate(data);
  if (last === null) return null;
  return basis === 'lastDate' ? last : `${collectionYearOf(last)}-03-31`;
}

export type { EntryModelChoice };
