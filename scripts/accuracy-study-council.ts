/**
 * One council of the accuracy study (scripts/accuracy-study.ts), run in a worker thread (piscina):
 * simulates the council with the demo generator, and at every cutoff fits the engine on the data as
 * an extract taken that day would show it, projects 24 months and records, month by month, the
 * actual total beside every method's forecast and the engine's interval. Plain data in and out.
 */
import { addMonths, endOfMonth, type IsoDate } from '../src/domain/dates.ts';
import { lookedAfterOn, linearTrendForecast } from '../src/domain/engine/backtest.ts';
import { coverageStartDay, periodsOfCare, truncateAt, type PeriodOfCare } from '../src/domain/engine/periods.ts';
import { fromDayNumber } from '../src/domain/dates.ts';
import { RunStream } from '../src/domain/stats/random.ts';
import type { Projection } from '../src/domain/engine/projection.ts';
import { fitModelFromPeriods, project, projectExpected, type ForecastModel } from '../src/domain/engine/project.ts';
import { fitRatesFromPeriods, type FitOptions } from '../src/domain/engine/rates.ts';
import { runValues, populationTotal } from '../src/domain/engine/projection.ts';
import { summarise } from '../src/domain/stats/quantiles.ts';
import type { SimulateCouncilOptions } from '../src/domain/demo/simulateCouncil.ts';
import { demoCaseData } from '../test/engine/support/demoCaseData.ts';

export const MONTHS = 24;

/** Fit options other than the start: an engine variant whose expected path is compared with the default's. */
export type VariantOptions = Omit<FitOptions, 'start'>;

export interface CouncilTask {
  readonly kind: string;
  readonly generator: SimulateCouncilOptions;
  readonly cutoffs: readonly IsoDate[];
  readonly runs: number;
  /** Engine variants (by name) whose expected path is recorded beside the default's. */
  readonly variants: Readonly<Record<string, VariantOptions>>;
  /** Engine variants (by name) run by Monte Carlo too, whose intervals are recorded. */
  readonly intervalVariants: Readonly<Record<string, IntervalVariant>>;
}

/** A Monte Carlo variant: fit options, and whether runs draw their rates from the posteriors. */
export interface IntervalVariant {
  readonly fit: VariantOptions;
  readonly parameterUncertainty: boolean;
  /**
   * Parameter uncertainty by a bootstrap over children instead of the posteriors: this many
   * replicates, each refitting the rates (trend included) on the children of the data drawn with
   * replacement (all of a child's periods of care together), each projecting runs / replicates runs
   * from the same starting children with its rates fixed (process noise only), pooled.
   */
  readonly bootstrapReplicates?: number;
  /**
   * The interval's ingredients taken apart (the study of its width over horizons): the entry
   * slope's draw ('none': fixed at its estimate; 'sampling': drawn with its standard error before
   * the shrinkage, about the shrunk estimate), rates fixed at their estimates by kind (entries,
   * moves, exits), and the entries' over-dispersion the runs use instead of the fitted one.
   */
  readonly adjust?: IntervalAdjust;
}

export interface IntervalAdjust {
  readonly slope?: 'none' | 'sampling';
  readonly fixEntries?: boolean;
  readonly fixTransitions?: boolean;
  readonly fixExits?: boolean;
  readonly entryDispersion?: number;
  /** The rates that held over the 24 months forecast (the hindsight model, entries flat) instead of the fitted ones. */
  readonly hindsight?: boolean;
  /** Rates (entries flat) fitted on the whole ten years of the council's data: near the generator's own on the flat kinds. */
  readonly allYears?: boolean;
}

/** An interval's bounds: 10th, 90th, 2.5th and 97.5th percentiles of the runs. */
export type Bounds = readonly [number, number, number, number];

/** One (cutoff, horizon) of one council. */
export interface Row {
  readonly kind: string;
  readonly seed: number;
  readonly cutoff: IsoDate;
  readonly h: number;
  readonly actual: number;
  /** The engine (default options): Monte Carlo mean, median and interval bounds, and its expected path. */
  readonly mean: number;
  readonly p50: number;
  readonly p10: number;
  readonly p90: number;
  readonly p2_5: number;
  readonly p97_5: number;
  readonly expected: number;
  /** Benchmarks: "stays the same", the straight line through the last 24 month-ends. */
  readonly naive: number;
  readonly linear: number;
  /** The engine given the rates that held over the 24 months it forecasts (entries flat): the noise floor. */
  readonly hindsight: number;
  /** Expected paths of the variants, by name. */
  readonly variants: Readonly<Record<string, number>>;
  /** Intervals of the Monte Carlo variants, by name. */
  readonly intervals: Readonly<Record<string, Bounds>>;
}

export interface CouncilResult {
  readonly rows: Row[];
  /** Children looked after at the first and the last cutoff (for the report's description of the kind). */
  readonly firstStock: number;
  readonly lastStock: number;
  readonly seconds: number;
}

function monthEnd(cutoff: IsoDate, h: number): IsoDate {
  return endOfMonth(addMonths(`${cutoff.slice(0, 7)}-01`, h));
}

/**
 * The floor no rate-based forecast can beat by much: the engine started from the same children,
 * but with rates (entries flat) estimated over the 24 months it is forecasting (those alone: no older
 * months pooled with them). Its error is
 * process noise (which children happen to enter, move and leave) plus what the model's form
 * cannot express; the gap between it and the engine is what better estimation could still win.
 */
function hindsightModel(fullPeriods: readonly PeriodOfCare[], cutoff: IsoDate, start: ForecastModel): ForecastModel {
  const rates = fitRatesFromPeriods(fullPeriods, {
    start: monthEnd(cutoff, MONTHS),
    referenceMonths: MONTHS,
    exitReferenceMonths: MONTHS,
    exitPoolMonths: 0,
    entryModel: 'flat',
  });
  return { rates: { ...rates, start: cutoff }, population: start.population };
}

/** The rates (entries flat) of all the council's data, from its first day to 2025-03-31, started at the cutoff. */
function allYearsModel(fullPeriods: readonly PeriodOfCare[], cutoff: IsoDate, start: ForecastModel): ForecastModel {
  const months = 120;
  const rates = fitRatesFromPeriods(fullPeriods, {
    start: '2025-03-31',
    referenceMonths: months,
    exitReferenceMonths: months,
    exitPoolMonths: 0,
    entryModel: 'flat',
  });
  return { rates: { ...rates, start: cutoff }, population: start.population };
}

/** Month-end totals of a bootstrap variant: [h - 1][run], pooled over the replicates. */
function bootstrapTotals(
  periods: readonly PeriodOfCare[],
  cutoff: IsoDate,
  model: ForecastModel,
  variant: IntervalVariant,
  runs: number,
): Float64Array[] {
  const replicates = variant.bootstrapReplicates ?? 1;
  const byChild = new Map<string, PeriodOfCare[]>();
  for (const p of periods) {
    const list = byChild.get(p.child.childId) ?? [];
    list.push(p);
    byChild.set(p.child.childId, list);
  }
  const children = [...byChild.values()];
  const coverage = coverageStartDay(periods);
  const dataFrom = coverage === null ? {} : { dataFrom: fromDayNumber(coverage) };
  const perReplicate = Math.max(1, Math.round(runs / replicates));
  const totals = Array.from({ length: MONTHS }, () => new Float64Array(perReplicate * replicates));
  for (let k = 0; k < replicates; k++) {
    const rng = new RunStream(20261207, k);
    const sample: PeriodOfCare[] = [];
    for (let i = 0; i < children.length; i++)
      sample.push(...(children[Math.floor(rng.uniform() * children.length)] as PeriodOfCare[]));
    const rates = fitRatesFromPeriods(sample, { ...variant.fit, ...dataFrom, start: cutoff });
    const p: Projection = project(
      { rates, population: model.population },
      { months: MONTHS, runs: perReplicate, seed: 1 + k, parameterUncertainty: false },
    ).simulated;
    for (let h = 0; h < MONTHS; h++) {
      const v = runValues(p, 'populationByCategory', h);
      (totals[h] as Float64Array).set(v, k * perReplicate);
    }
  }
  return totals;
}

/** Rate cells with their events and exposure multiplied by a million: the same rates, drawn (almost) without spread. */
function fixedCells<T extends { readonly events: number; readonly exposureDays: number }>(cells: readonly T[]): T[] {
  return cells.map((c) => ({ ...c, events: c.events * 1e6, exposureDays: c.exposureDays * 1e6 }));
}

/** The model with the interval's ingredients changed as IntervalVariant.adjust asks. */
function adjusted(
  m: ForecastModel,
  a: IntervalAdjust,
  periods: readonly PeriodOfCare[],
  cutoff: IsoDate,
  fit: VariantOptions,
): ForecastModel {
  let trend = m.rates.trend;
  if (a.slope === 'none') trend = { ...trend, cov: trend.cov.map((c, k) => (k % 4 === 1 || k >> 2 === 1 ? 0 : c)) };
  if (a.slope === 'sampling') {
    // The same fit without shrinkage: its covariance is the fit's before the shrinkage scaled the slope's.
    const unshrunk = fitModelFromPeriods(periods, { ...fit, start: cutoff, trendShrinkage: 0 }).rates.trend;
    trend = { ...trend, cov: unshrunk.cov };
  }
  const r = m.rates;
  const std = r.exitStandardisedExposure;
  const rates = {
    ...r,
    trend,
    entries: a.fixEntries === true ? fixedCells(r.entries) : r.entries,
    transitions: a.fixTransitions === true ? fixedCells(r.transitions) : r.transitions,
    exits: a.fixExits === true ? fixedCells(r.exits) : r.exits,
    ...(a.fixExits === true && std ? { exitStandardisedExposure: std.map((x) => x * 1e6) } : {}),
    ...(a.entryDispersion !== undefined ? { entryDispersion: a.entryDispersion } : {}),
  };
  return { ...m, rates };
}

export default function studyCouncil(task: CouncilTask): CouncilResult {
  const t0 = performance.now();
  const data = demoCaseData(task.generator);
  const full = periodsOfCare(data).periods;
  const rows: Row[] = [];
  for (const cutoff of task.cutoffs) {
    const truncated = periodsOfCare(truncateAt(data, cutoff));
    const naive = lookedAfterOn(truncated.periods, cutoff);
    const linear = linearTrendForecast(truncated.periods, cutoff);
    const model = fitModelFromPeriods(truncated.periods, { start: cutoff }, truncated.warnings);
    const result = project(model, { months: MONTHS, runs: task.runs, seed: 1 });
    const hindsight = projectExpected(hindsightModel(full, cutoff, model), { months: MONTHS });
    const variantPaths = Object.entries(task.variants).map(([name, options]) => {
      const m = fitModelFromPeriods(truncated.periods, { ...options, start: cutoff }, truncated.warnings);
      return [name, projectExpected(m, { months: MONTHS })] as const;
    });
    const variantRuns = Object.entries(task.intervalVariants).map(([name, v]) => {
      if (v.bootstrapReplicates !== undefined)
        return [name, bootstrapTotals(truncated.periods, cutoff, model, v, task.runs)] as const;
      const fitted = fitModelFromPeriods(truncated.periods, { ...v.fit, start: cutoff }, truncated.warnings);
      const m =
        v.adjust === undefined
          ? fitted
          : v.adjust.hindsight === true
            ? hindsightModel(full, cutoff, fitted)
            : v.adjust.allYears === true
              ? allYearsModel(full, cutoff, fitted)
              : adjusted(fitted, v.adjust, truncated.periods, cutoff, v.fit);
      const p = project(m, {
        months: MONTHS,
        runs: task.runs,
        seed: 1,
        parameterUncertainty: v.parameterUncertainty,
      }).simulated;
      return [name, Array.from({ length: MONTHS }, (_, h) => runValues(p, 'populationByCategory', h))] as const;
    });
    for (let h = 1; h <= MONTHS; h++) {
      const q = summarise(runValues(result.simulated, 'populationByCategory', h - 1));
      rows.push({
        kind: task.kind,
        seed: task.generator.seed,
        cutoff,
        h,
        actual: lookedAfterOn(full, monthEnd(cutoff, h)),
        mean: q.mean,
        p50: q.p50,
        p10: q.p10,
        p90: q.p90,
        p2_5: q.p2_5,
        p97_5: q.p97_5,
        expected: populationTotal(result.expected, 0, h - 1),
        naive,
        linear: linear(h),
        hindsight: populationTotal(hindsight, 0, h - 1),
        variants: Object.fromEntries(variantPaths.map(([name, p]) => [name, populationTotal(p, 0, h - 1)])),
        intervals: Object.fromEntries(
          variantRuns.map(([name, p]) => {
            const v = summarise(p[h - 1] as Float64Array);
            return [name, [v.p10, v.p90, v.p2_5, v.p97_5] as const];
          }),
        ),
      });
    }
  }
  const first = task.cutoffs[0];
  const last = task.cutoffs[task.cutoffs.length - 1];
  return {
    rows,
    firstStock: first === undefined ? 0 : lookedAfterOn(full, first),
    lastStock: last === undefined ? 0 : lookedAfterOn(full, last),
    seconds: (performance.now() - t0) / 1000,
  };
}
