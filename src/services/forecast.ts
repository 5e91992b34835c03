/**
 * Forecast use case: load a council's case data, fit the demand model (optionally for a cohort, or
 * as a sum of separately fitted cohorts), project it, and shape the result for the CLI and web.
 */
import { addMonths, isoFromYmd, type IsoDate } from '../domain/dates.ts';
import { stockSeries, type Stock } from '../domain/stock.ts';
import type { CaseData } from '../domain/model.ts';
import type { RateAdjustment } from '../domain/engine/adjustments.ts';
import type { Cohort } from '../domain/engine/periods.ts';
import {
  fitModel,
  project,
  projectCohorts,
  projectExpected,
  type ForecastModel,
  type ProjectOptions,
  type ProjectionResult,
} from '../domain/engine/project.ts';
import type { Projection } from '../domain/engine/projection.ts';
import type { EntryModelChoice } from '../domain/engine/rates.ts';
import { summariseInPlace, type Quantiles } from '../domain/stats/quantiles.ts';
import type { Db } from '../store/database.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import type { EngineRunner } from './engineRunner.ts';
import { RUNS, SEED } from './forecastParameters.ts';
import { cachedModel } from './modelCache.ts';

/** Months of history shown before the forecast. */
export const HISTORY_MONTHS = 36;

/**
 * The month ends before `start` (and `start`), from HISTORY_MONTHS before it but not before the
 * first collection year of the stored returns (before it only children still in care then are
 * known, which would look like a rise from zero).
 */
export function forecastHistory(data: CaseData, start: IsoDate, firstReturnYear?: number): Stock[] {
  let from = addMonths(start, -HISTORY_MONTHS);
  if (firstReturnYear !== undefined) {
    const firstMonthEnd = isoFromYmd(firstReturnYear - 1, 4, 30);
    if (firstMonthEnd > from) from = firstMonthEnd;
  }
  return from > start ? [] : stockSeries(data, from, start);
}

export interface ForecastRequest {
  readonly la: string;
  readonly start: IsoDate;
  readonly months: number;
  readonly referenceMonths?: number;
  readonly runs?: number;
  readonly seed?: number;
  readonly entryModel?: EntryModelChoice;
  /** Fit and forecast only this cohort. */
  readonly cohort?: Cohort;
  /** Build the forecast as the sum of these separately fitted cohorts (they should partition the children). */
  readonly splitCohorts?: readonly Cohort[];
  readonly adjustments?: readonly RateAdjustment[];
  /**
   * 'monte-carlo' (default): the expected path and `runs` simulated runs, whose spread gives the
   * intervals. 'expected': the expected path alone (milliseconds, no intervals): `result.simulated`
   * is then the expected path itself, one run whose every quantile is the expected value.
   */
  readonly method?: ForecastMethod;
}

export type ForecastMethod = 'monte-carlo' | 'expected';

export interface ForecastOutcome {
  readonly result: ProjectionResult;
  /** One model, or one per cohort when split. */
  readonly models: readonly ForecastModel[];
  readonly warnings: readonly string[];
}

/** The forecast from case data already loaded (pure apart from the computation). */
export function forecastFromData(data: CaseData, req: Omit<ForecastRequest, 'la'>): ForecastOutcome {
  const modelOptions = { start: req.start, referenceMonths: req.referenceMonths, entryModel: req.entryModel };
  const projectOptions = {
    months: req.months,
    runs: req.runs ?? RUNS.defaults.forecast,
    seed: req.seed ?? SEED.defaults.all,
    adjustments: req.adjustments ?? [],
  };
  const expectedOnly = req.method === 'expected';
  if (req.splitCohorts && req.splitCohorts.length > 0) {
    const r = projectCohorts(data, req.splitCohorts, modelOptions, {
      ...projectOptions,
      runs: expectedOnly ? 0 : projectOptions.runs,
    });
    const result = expectedOnly ? { expected: r.expected, simulated: r.expected } : r;
    return { result, models: r.models, warnings: [...new Set(r.models.flatMap((m) => m.rates.warnings))] };
  }
  return forecastFromModel(fitModel(data, { ...modelOptions, cohort: req.cohort }), req);
}

type ModelForecastRequest = Pick<ForecastRequest, 'months' | 'runs' | 'seed' | 'adjustments' | 'method'>;

const projectOptionsOf = (req: ModelForecastRequest): ProjectOptions => ({
  months: req.months,
  runs: req.runs ?? RUNS.defaults.forecast,
  seed: req.seed ?? SEED.defaults.all,
  adjustments: req.adjustments ?? [],
});

/** The forecast from a fitted model (one cohort or the whole council; not split). */
export function forecastFromModel(model: ForecastModel, req: ModelForecastRequest): ForecastOutcome {
  if (req.method === 'expected') {
    const expected = projectExpected(model, { months: req.months, adjustments: req.adjustments ?? [] });
    return { result: { expected, simulated: expected }, models: [model], warnings: model.rates.warnings };
  }
  return { result: project(model, projectOptionsOf(req)), models: [model], warnings: model.rates.warnings };
}

/** forecastFromModel with the projection run by `runner` (e.g. the Monte Carlo runs shared among worker threads). */
async function forecastFromModelOn(
  model: ForecastModel,
  req: ModelForecastRequest,
  runner: Pick<EngineRunner, 'project'>,
): Promise<ForecastOutcome> {
  if (req.method === 'expected') return forecastFromModel(model, req);
  return {
    result: await runner.project(model, projectOptionsOf(req)),
    models: [model],
    warnings: model.rates.warnings,
  };
}

/**
 * The council's forecast; `engine` runs it (default: this thread, as the CLI does). On this
 * thread, a forecast that is not split into cohorts takes its fitted model from the model cache
 * (./modelCache.ts) when the council's data have not changed since it was fitted, and `runs`
 * (default: this thread) projects it: the CLI passes a pool of worker threads that share out the
 * Monte Carlo runs (the same figures as on this thread).
 */
export async function forecastCouncil(
  db: Db,
  req: ForecastRequest,
  engine?: Pick<EngineRunner, 'forecast'>,
  runs?: Pick<EngineRunner, 'project'>,
): Promise<ForecastOutcome & { readonly modelFromCache?: boolean }> {
  const { la: _la, ...request } = req;
  if (!engine && !(req.splitCohorts && req.splitCohorts.length > 0)) {
    const { model, cached } = await cachedModel(
      db,
      req.la,
      { start: req.start, referenceMonths: req.referenceMonths, entryModel: req.entryModel, cohort: req.cohort },
      () => loadCaseData(db, req.la),
    );
    const outcome = runs ? await forecastFromModelOn(model, request, runs) : forecastFromModel(model, request);
    return { ...outcome, modelFromCache: cached };
  }
  const data = await loadCaseData(db, req.la);
  return engine ? engine.forecast(data, request) : forecastFromData(data, request);
}

/** Quantiles rounded to 2 decimal places (stable, readable JSON). */
export function roundQuantiles(q: Quantiles): Quantiles {
  const r = (x: number): number => Math.round(x * 100) / 100 + 0; // + 0 turns -0 into 0
  return { mean: r(q.mean), p2_5: r(q.p2_5), p10: r(q.p10), p50: r(q.p50), p90: r(q.p90), p97_5: r(q.p97_5) };
}

export interface ForecastMonthJson {
  readonly month: string;
  readonly total: Quantiles;
  readonly byCategory: Record<string, Quantiles>;
  readonly byAgeBand: Record<string, Quantiles>;
}

/**
 * `{"months":[{"month","total","byCategory","byAgeBand"}]}`: population at each month end. Each
 * series (a month's total, category or age band over the runs) is gathered into one scratch array
 * and summarised in place (summariseInPlace: the same figures as summarise(runValues(...))).
 */
export function forecastMonthsJson(p: Projection): { months: ForecastMonthJson[] } {
  const months: ForecastMonthJson[] = [];
  const nM = p.timeline.months.length;
  const nC = p.categories.length;
  const nB = p.ageBands.length;
  const scratch = new Float64Array(p.runs);
  const series = (arr: Float64Array, width: number, m: number, key: number | undefined): Quantiles => {
    for (let r = 0; r < p.runs; r++) {
      const base = (r * nM + m) * width;
      if (key !== undefined) scratch[r] = arr[base + key] as number;
      else {
        let s = 0;
        for (let k = 0; k < width; k++) s += arr[base + k] as number;
        scratch[r] = s;
      }
    }
    return roundQuantiles(summariseInPlace(scratch));
  };
  for (let m = 0; m < nM; m++) {
    const byCategory: Record<string, Quantiles> = {};
    p.categories.forEach((c, i) => (byCategory[c] = series(p.populationByCategory, nC, m, i)));
    const byAgeBand: Record<string, Quantiles> = {};
    p.ageBands.forEach((b, i) => (byAgeBand[b] = series(p.populationByAgeBand, nB, m, i)));
    months.push({
      month: p.timeline.months[m] as string,
      total: series(p.populationByCategory, nC, m, undefined),
      byCategory,
      byAgeBand,
    });
  }
  return { months };
}

/** What the model used, for the report: entry model, windows, dispersion, per cohort. */
export function modelDescription(models: readonly ForecastModel[]): {
  cohort: string;
  referenceStart: string;
  referenceDays: number;
  /** The window moves and exits were fitted over (longer than the reference window when exits were stable). */
  exitReferenceStart: string;
  exitReferenceDays: number;
  entryModel: string;
  entryTrendPercentPerYear: number;
  entrySeasonality: boolean;
  entryDispersion: number;
  childrenAtStart: number;
}[] {
  return models.map((m) => ({
    cohort: m.rates.cohort,
    referenceStart: m.rates.referenceStart,
    referenceDays: m.rates.referenceDays,
    exitReferenceStart: m.rates.exitReferenceStart,
    exitReferenceDays: m.rates.exitReferenceDays,
    entryModel: m.rates.entryModel,
    entryTrendPercentPerYear: Math.round(m.rates.trend.percentPerYear * 100) / 100,
    entrySeasonality: m.rates.trend.seasonal,
    entryDispersion: Math.round(m.rates.entryDispersion * 1000) / 1000,
    childrenAtStart: m.population.children.length,
  }));
}

/** One forecast year's movement on the expected path: children at the start + entries - leavers = at the end. */
export interface MovementYear {
  /** The month the year ends with (YYYY-MM): the 12th month of the forecast, the 24th, ... or the last. */
  readonly to: string;
  readonly start: number;
  readonly entries: number;
  /** Children leaving care before their 18th birthday (home, adoption, SGO/CAO, other, independence). */
  readonly leavingBefore18: number;
  /** Children leaving care on their 18th birthday. */
  readonly turning18: number;
  readonly end: number;
}

export interface ForecastMovement {
  readonly years: readonly MovementYear[];
  /** The same flows a year in the reference window the rates were fitted over (summed over cohorts). */
  readonly referenceWindow: {
    readonly entries: number;
    readonly leavingBefore18: number;
    readonly turning18: number;
  };
  /** The entry trend used, per cent a year (0 with the flat entry model), per cohort. */
  readonly entryTrendPercentPerYear: readonly number[];
}

/**
 * Why the forecast moves (issue 13): the expected path's children at the start, entries, leavers
 * before 18 and at 18, year by year, beside the same flows a year in the reference window. A
 * forecast of a council whose numbers were flat rises when, say, fewer of the children now in care
 * reach 18 in the next years than reached 18 a year in the window (the age mix of today's
 * children), or when entries follow a trend; this puts the figures side by side.
 */
export function forecastMovement(expected: Projection, models: readonly ForecastModel[]): ForecastMovement {
  const nM = expected.timeline.months.length;
  const nB = expected.ageBands.length;
  const nR = expected.routes.length;
  const total = (m: number): number => {
    let s = 0;
    for (let k = 0; k < expected.categories.length; k++)
      s += expected.populationByCategory[m * expected.categories.length + k] as number;
    return s;
  };
  const start = models.reduce((n, m) => n + m.population.children.length, 0);
  const years: MovementYear[] = [];
  let at = start;
  for (let m0 = 0; m0 < nM; m0 += 12) {
    const m1 = Math.min(nM, m0 + 12);
    let entries = 0;
    let exits = 0;
    let turning18 = 0;
    for (let m = m0; m < m1; m++) {
      for (let b = 0; b < nB; b++) entries += expected.entriesByAgeBand[m * nB + b] as number;
      for (let q = 0; q < nR; q++) exits += expected.exitsByRoute[m * nR + q] as number;
      turning18 += expected.agedOut[m] as number;
    }
    const end = total(m1 - 1);
    years.push({
      to: expected.timeline.months[m1 - 1] as string,
      start: round1(at),
      entries: round1(entries),
      leavingBefore18: round1(exits - turning18),
      turning18: round1(turning18),
      end: round1(end),
    });
    at = end;
  }
  let entries = 0;
  let leaving = 0;
  let turning18 = 0;
  for (const { rates } of models) {
    const perYear = rates.referenceDays > 0 ? 365.25 / rates.referenceDays : 0;
    const exitsPerYear = rates.exitReferenceDays > 0 ? 365.25 / rates.exitReferenceDays : 0;
    for (const c of rates.entries) entries += c.events * perYear;
    for (const c of rates.exits) leaving += c.events * exitsPerYear;
    turning18 += rates.agedOut * perYear;
  }
  return {
    years,
    referenceWindow: { entries: round1(entries), leavingBefore18: round1(leaving), turning18: round1(turning18) },
    entryTrendPercentPerYear: models.map((m) =>
      m.rates.entryModel === 'trend' ? Math.round(m.rates.trend.percentPerYear * 100) / 100 : 0,
    ),
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10 + 0;

/** The movement in words, for the CLI (and anything else that prints text). */
export function movementLines(mv: ForecastMovement): string[] {
  const w = mv.referenceWindow;
  const lines = [
    'Why the forecast moves (expected path): at the start + entries - leaving care before 18 - turning 18 = at the end',
  ];
  for (const y of mv.years) {
    const change = y.end - y.start;
    lines.push(
      `  year to ${y.to}: ${y.start.toFixed(0)} + ${y.entries.toFixed(0)} - ${y.leavingBefore18.toFixed(0)} - ${y.turning18.toFixed(0)} = ${y.end.toFixed(0)} (${change >= 0 ? '+' : ''}${change.toFixed(0)})`,
    );
  }
  lines.push(
    `  a year in the reference window: ${w.entries.toFixed(0)} entries, ${w.leavingBefore18.toFixed(0)} leaving care before 18, ${w.turning18.toFixed(0)} turning 18`,
    `  entry trend: ${mv.entryTrendPercentPerYear.map((t) => `${t}% a year`).join(', ')}`,
  );
  const note = ageMixNote(mv);
  if (note) lines.push(`  ${note}`);
  return lines;
}

/**
 * When the children turning 18 in the first year differ from a year in the window by 5 or more and
 * by a tenth or more: which way, in words (the age mix of the children in care now); else null.
 */
export function ageMixNote(mv: ForecastMovement): string | null {
  const w = mv.referenceWindow;
  const first = mv.years[0];
  if (!first || Math.abs(first.turning18 - w.turning18) < Math.max(5, 0.1 * w.turning18)) return null;
  return `${first.turning18 < w.turning18 ? 'fewer' : 'more'} children turn 18 in the first year (${first.turning18.toFixed(0)}) than a year in the window (${w.turning18.toFixed(0)}): the age mix of the children in care now`;
}
