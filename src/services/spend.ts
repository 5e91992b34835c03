/**
 * Spend: actual spend from the stored episodes and costs, the forecast from the engine's projection
 * (run by run, then summarised, so spend has the same intervals as the population), and the
 * outturn view of the current year (actuals to date + forecast to year end). The use cases behind
 * `forecare spend` and the web's spend pages.
 *
 * Child-level costs: children looked after on the start date whose imported cost record covers it
 * are costed at their own weekly price for as long as they are expected to stay in their starting
 * placement category, at the unit cost after that (src/domain/finance/childCostPremium.ts). That
 * premium is an expectation added to every run; everyone else is costed at the unit cost.
 */
import { addDays, financialYearLabel, financialYearStart, parseDate, type IsoDate } from '../domain/dates.ts';
import type { RateAdjustment } from '../domain/engine/adjustments.ts';
import type { Projection } from '../domain/engine/projection.ts';
import {
  fitModel,
  movesByAdjustment,
  projectDetailed,
  startingPlacementDaysOf,
  type AdjustmentMoves,
  type ForecastModel,
} from '../domain/engine/project.ts';
import { actualSpend, type ChildCost } from '../domain/finance/actuals.ts';
import {
  childCostPremium,
  costsOnStart,
  type CostPremium,
  type StartingPlacement,
} from '../domain/finance/childCostPremium.ts';
import type { CostAdjustment } from '../domain/finance/costAdjustments.ts';
import { actualsUntil, projectionRuns } from '../domain/finance/projectionSpend.ts';
import {
  combineActualAndForecast,
  costRun,
  summariseRuns,
  totalsByPeriod,
  withPostCare,
  type Grouping,
  type MonthSpend,
  type PeriodSummary,
  type PeriodTotal,
} from '../domain/finance/spend.ts';
import {
  costLineDays,
  forecastLineDays,
  lineDaysByMonth,
  lineIntervals,
  POST_CARE_LINES,
  type LineInterval,
  type MonthLines,
  type PostCareLine,
  type PostCareSettings,
} from '../domain/finance/postCare.ts';
import { RateBook, type CostBasis } from '../domain/finance/unitCosts.ts';
import { penceToPounds } from '../domain/finance/money.ts';
import { PLACEMENT_CATEGORIES, type PlacementCategory } from '../domain/placementCategories.ts';
import type { Quantiles } from '../domain/stats/quantiles.ts';
import type { CaseData } from '../domain/model.ts';
import type { Db } from '../store/database.ts';
import { defaultForecastStart, MONTHS, RUNS, SEED } from './forecastParameters.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import { listChildCosts } from '../store/childCosts.repository.ts';
import { getCostBasis } from './unitCosts.ts';
import { getPostCareSettings } from './postCare.ts';

/** What the services ask the engine for: a Monte Carlo projection of the council's case data. */
export interface ProjectRequest {
  readonly data: CaseData;
  readonly start: IsoDate;
  readonly months: number;
  readonly runs: number;
  readonly seed: number;
  readonly adjustments: readonly RateAdjustment[];
  /**
   * Starting children (by stored id) whose expected days in their starting placement are wanted:
   * those with a child-level cost covering the start. Absent or empty: none.
   */
  readonly placementDaysFor?: ReadonlySet<string>;
}

/** A projection and, for the children the request named, their expected days in their starting placement. */
export interface ProjectorOutput {
  readonly projection: Projection;
  readonly startingPlacements: readonly StartingPlacement[];
  /**
   * The children each moving adjustment moves by month on the expected path (by its position in
   * the request's adjustments); absent or empty without such adjustments.
   */
  readonly moves?: readonly AdjustmentMoves[];
}

/** Produces a projection; the same seed must give common random numbers across adjustments. */
export type Projector = (request: ProjectRequest) => ProjectorOutput | Promise<ProjectorOutput>;

export interface ForecastOptions {
  /** Forecast start (day 0: the starting population). Default: the last date in the case data. */
  readonly start?: IsoDate;
  /** Months projected (default 60: five financial years, the MTFS horizon). */
  readonly months?: number;
  readonly runs?: number;
  readonly seed?: number;
  /** 'cash' (each year's own prices, default) or the start year of the price base. */
  readonly priceBase?: 'cash' | number;
  /** The engine entry point (default: engineProjector()). */
  readonly project?: Projector;
}

/** The model spend and scenario projections use: the whole council, fitted as of the start. */
export function fitForProjection(data: CaseData, start: IsoDate): ForecastModel {
  return fitModel(data, { start });
}

/** A projection request without its case data: what a fitted model still needs (plain data, so it can go to a worker thread). */
export type FittedProjectRequest = Omit<ProjectRequest, 'data' | 'start'>;

/**
 * Monte Carlo runs of a fitted model and, for the starting children `request.placementDaysFor`
 * names, their expected days in their starting placement under the same adjustments.
 */
export function projectFitted(model: ForecastModel, request: FittedProjectRequest): ProjectorOutput {
  const result = projectDetailed(model, {
    months: request.months,
    runs: request.runs,
    seed: request.seed,
    adjustments: request.adjustments,
  });
  const wanted = request.placementDaysFor;
  const startingPlacements: StartingPlacement[] = [];
  if (wanted && wanted.size > 0) {
    const found = startingPlacementDaysOf(model, result, (kid) => kid.childId !== undefined && wanted.has(kid.childId));
    for (const { child, days } of found) {
      startingPlacements.push({
        childId: child.childId as string,
        category: model.rates.categories[child.category] as PlacementCategory,
        days,
      });
    }
  }
  const moves = request.adjustments.length > 0 ? movesByAdjustment(result) : [];
  return { projection: result.simulated, startingPlacements, ...(moves.length > 0 ? { moves } : {}) };
}

/**
 * The engine's fit → project on this thread, fitting once per (case data, start) so a baseline and
 * a scenario share one fitted model; returns the Monte Carlo runs. (The web runs the same two steps
 * in worker threads: src/services/enginePool.ts.)
 */
export function engineProjector(): Projector {
  let cached: { data: CaseData; start: IsoDate; model: ForecastModel } | undefined;
  return (request) => {
    if (!cached || cached.data !== request.data || cached.start !== request.start) {
      cached = { data: request.data, start: request.start, model: fitForProjection(request.data, request.start) };
    }
    return projectFitted(cached.model, request);
  };
}

/** Spend's defaults, from the parameters' definitions (./forecastParameters.ts). */
export const DEFAULT_MONTHS = MONTHS.defaults.spend;
export const DEFAULT_RUNS = RUNS.defaults.spend;
export const DEFAULT_SEED = SEED.defaults.all;

export class SpendInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpendInputError';
  }
}

/** The forecast's start: `start` checked, or the last day of the data (SpendInputError when there is none). */
export function resolveStart(data: CaseData, start: IsoDate | undefined, laCode: string): IsoDate {
  if (start !== undefined) {
    const parsed = parseDate(start);
    if (parsed === null) throw new SpendInputError(`start "${start}" is not a date (YYYY-MM-DD)`);
    return parsed;
  }
  const last = defaultForecastStart(data, 'lastDate');
  if (last === null) throw new SpendInputError(`council ${laCode} has no episodes: import its 903 returns first`);
  return last;
}

/** First day of the financial year containing `date`. */
export function financialYearFirstDay(date: IsoDate): IsoDate {
  return `${financialYearStart(date)}-04-01`;
}

export interface ActualSpendOptions {
  readonly from: IsoDate;
  /** Day after the last day to cost. */
  readonly until: IsoDate;
  readonly grouping?: Grouping;
  readonly priceBase?: 'cash' | number;
}

/**
 * Actual placement spend from the episodes (child-level costs where imported) and post-care lines
 * from the returns (children after care × take-up × weekly cost), month by month, exact pence.
 */
export function actualMonthsWithPostCare(
  data: CaseData,
  book: RateBook,
  childCosts: readonly ChildCost[],
  postCare: PostCareSettings,
  intervals: readonly LineInterval[],
  from: IsoDate,
  until: IsoDate,
): MonthSpend[] {
  const placements = actualSpend(data, book, { from, until, childCosts });
  const days = lineDaysByMonth(intervals, from, until);
  const lines = costLineDays(
    [...days.entries()].map(([month, d]) => ({ month, days: d })),
    postCare,
    book.basis,
  );
  return withPostCare(placements, lines);
}

/** Actual spend by period from the episodes (child-level costs where imported) and the post-care lines, exact pence. */
export async function getActualSpend(db: Db, laCode: string, options: ActualSpendOptions): Promise<PeriodTotal[]> {
  const { data, basis, childCosts, postCare } = await costingInputs(db, laCode, options.priceBase ?? 'cash');
  const book = new RateBook(basis);
  const intervals = lineIntervals(data, postCare);
  return totalsByPeriod(
    actualMonthsWithPostCare(data, book, childCosts, postCare, intervals, options.from, options.until),
    options.grouping ?? 'year',
  );
}

export interface SpendForecast {
  readonly laCode: string;
  readonly start: IsoDate;
  readonly runs: number;
  readonly seed: number;
  readonly priceBase: 'cash' | number;
  /** Actual months (1 April of the start's financial year up to and including the start day). */
  readonly actualMonths: readonly MonthSpend[];
  /** Per run, month by month: actuals to date then forecast (the outturn view). */
  readonly runMonths: readonly (readonly MonthSpend[])[];
  /** Children looked after on the start date costed at their own placement cost until they leave its placement category. */
  readonly childLevelCostsUsed: number;
  readonly warnings: readonly string[];
}

/** Everything needed to cost a projection: the data, prices and actuals to date. */
export interface CostingContext {
  readonly data: CaseData;
  readonly book: RateBook;
  readonly start: IsoDate;
  readonly actualMonths: MonthSpend[];
  /** The council's child-level costs (all of them: actuals use every record, the forecast those covering the start). */
  readonly childCosts: readonly ChildCost[];
  /** Post-care line settings and every child's time in each line, from the returns. */
  readonly postCare: PostCareSettings;
  readonly lineIntervals: readonly LineInterval[];
}

/** What costing a council's spend reads from the store: plain data, so it can go to a worker thread. */
export interface CostingInputs {
  readonly data: CaseData;
  /** The council's unit costs and inflation, in the prices asked for (a RateBook's basis). */
  readonly basis: CostBasis;
  readonly childCosts: readonly ChildCost[];
  readonly postCare: PostCareSettings;
}

export async function costingInputs(db: Db, laCode: string, priceBase: 'cash' | number): Promise<CostingInputs> {
  const [data, basis, childCosts, postCare] = await Promise.all([
    loadCaseData(db, laCode),
    getCostBasis(db, laCode, priceBase),
    listChildCosts(db, laCode),
    getPostCareSettings(db, laCode),
  ]);
  return { data, basis, childCosts, postCare };
}

/** The costing context of inputs already read (pure): the start, the prices, the actuals to date. */
export function costingContextFrom(inputs: CostingInputs, start: IsoDate | undefined, laCode: string): CostingContext {
  const { data, childCosts, postCare } = inputs;
  const book = new RateBook(inputs.basis);
  const resolved = resolveStart(data, start, laCode);
  const intervals = lineIntervals(data, postCare);
  // The projection's day 0 is the start date; its months begin the day after. Actuals cover the
  // start's financial year up to and including the start day, so the two meet without overlap.
  const actualMonths = actualMonthsWithPostCare(
    data,
    book,
    childCosts,
    postCare,
    intervals,
    financialYearFirstDay(resolved),
    addDays(resolved, 1),
  );
  return { data, book, start: resolved, actualMonths, childCosts, postCare, lineIntervals: intervals };
}

export async function costingContext(
  db: Db,
  laCode: string,
  start: IsoDate | undefined,
  priceBase: 'cash' | number,
): Promise<CostingContext> {
  return costingContextFrom(await costingInputs(db, laCode, priceBase), start, laCode);
}

/**
 * Costs the post-care lines of each run of a projection: the children in a line on the start date
 * (known from the returns, counted to their end age: the same in every run) plus those the run has
 * leave care (the engine's leavers). Returns a function of the run index.
 */
export function postCareCoster(
  projection: Projection,
  context: Pick<CostingContext, 'book' | 'postCare' | 'lineIntervals'>,
): (run: number) => MonthLines[] {
  const timeline = projection.timeline;
  const startDay = timeline.startDay;
  // In a line on the start date: the rest of their time in it is known (a later return to care is not).
  const live = context.lineIntervals.filter((iv) => iv.from <= startDay && startDay < iv.to);
  const lastMonthEnd = timeline.monthEnds[timeline.monthEnds.length - 1] ?? timeline.start;
  const known = lineDaysByMonth(live, addDays(timeline.start, 1), addDays(lastMonthEnd, 1), true);
  return (run) => {
    const days = forecastLineDays(
      timeline,
      projection.routes,
      projection.categories,
      projection.leavers,
      run,
      context.postCare,
      known,
    );
    return costLineDays(
      timeline.months.map((month, i) => ({ month, days: days[i] as Record<PostCareLine, number> })),
      context.postCare,
      context.book.basis,
    );
  };
}

/** The ids of the children with a child-level cost covering the start (the ones a projection should report days for). */
export function costedChildIds(context: Pick<CostingContext, 'childCosts' | 'start'>): ReadonlySet<string> {
  return new Set(costsOnStart(context.childCosts, context.start).keys());
}

/** A projection with its child-level cost premium (empty when the projector reported no starting placements). */
export interface CostedProjection {
  readonly projection: Projection;
  readonly premium: CostPremium;
  readonly childLevelCostsUsed: number;
  /** The projector's moves by adjustment (see ProjectorOutput). */
  readonly moves: readonly AdjustmentMoves[];
}

/** Runs the projector for `request` and works out the premium of the children costed at their own price. */
export async function projectWithChildCosts(
  projector: Projector,
  request: Omit<ProjectRequest, 'placementDaysFor'>,
  context: Pick<CostingContext, 'book' | 'childCosts' | 'start'>,
): Promise<CostedProjection> {
  return withChildCostPremium(await projector({ ...request, placementDaysFor: costedChildIds(context) }), context);
}

/** A projector's output (asked with `placementDaysFor: costedChildIds(context)`) with the premium of the children costed at their own price. */
export function withChildCostPremium(
  { projection, startingPlacements, moves }: ProjectorOutput,
  context: Pick<CostingContext, 'book' | 'childCosts'>,
): CostedProjection {
  const { premium, childrenCosted } = childCostPremium(
    startingPlacements,
    context.childCosts,
    context.book,
    projection.timeline,
  );
  return { projection, premium, childLevelCostsUsed: childrenCosted, moves: moves ?? [] };
}

/** Costs each run of a projection (placements and post-care lines) and puts the actuals to date in front (the outturn view). */
export function costProjection(
  projection: Projection,
  context: Pick<CostingContext, 'book' | 'actualMonths' | 'postCare' | 'lineIntervals'>,
  options: {
    readonly adjustments?: readonly CostAdjustment[];
    readonly baseline?: Projection;
    readonly premium?: CostPremium;
  } = {},
): MonthSpend[][] {
  return costForecastRuns(projection, context, options).map((run) =>
    combineActualAndForecast(context.actualMonths, run),
  );
}

/** Costs each run of a projection (placements and post-care lines), forecast months only. */
export function costForecastRuns(
  projection: Projection,
  context: Pick<CostingContext, 'book' | 'postCare' | 'lineIntervals'>,
  options: {
    readonly adjustments?: readonly CostAdjustment[];
    readonly baseline?: Projection;
    readonly premium?: CostPremium;
  } = {},
): MonthSpend[][] {
  if (actualsUntil(projection) !== addDays(projection.timeline.start, 1))
    throw new Error('unexpected projection timeline');
  const runs = projectionRuns(projection);
  const baseRuns = options.baseline ? projectionRuns(options.baseline) : [];
  const lines = postCareCoster(projection, context);
  return runs.map((run, r) => {
    const baseline = baseRuns[r];
    const costed = costRun(run, context.book, {
      adjustments: options.adjustments ?? [],
      ...(baseline ? { baseline } : {}),
      ...(options.premium ? { premium: options.premium } : {}),
    });
    return withPostCare(costed, lines(r));
  });
}

/** Forecast spend for a council: the engine's baseline projection, costed run by run. */
export async function getSpendForecast(db: Db, laCode: string, options: ForecastOptions): Promise<SpendForecast> {
  const priceBase = options.priceBase ?? 'cash';
  const context = await costingContext(db, laCode, options.start, priceBase);
  const runs = options.runs ?? DEFAULT_RUNS;
  const seed = options.seed ?? DEFAULT_SEED;
  const projector = options.project ?? engineProjector();
  const costed = await projectWithChildCosts(
    projector,
    { data: context.data, start: context.start, months: options.months ?? DEFAULT_MONTHS, runs, seed, adjustments: [] },
    context,
  );
  return spendForecastOf(laCode, context, { runs, seed, priceBase }, costed);
}

/** The spend forecast of a costed baseline projection (pure): each run costed, the actuals to date in front. */
export function spendForecastOf(
  laCode: string,
  context: CostingContext,
  options: { readonly runs: number; readonly seed: number; readonly priceBase: 'cash' | number },
  { projection, premium, childLevelCostsUsed }: CostedProjection,
): SpendForecast {
  return {
    laCode,
    start: context.start,
    runs: options.runs,
    seed: options.seed,
    priceBase: options.priceBase,
    actualMonths: context.actualMonths,
    runMonths: costProjection(projection, context, { premium }),
    childLevelCostsUsed,
    warnings: projection.warnings,
  };
}

export interface SpendPeriod extends PeriodSummary {
  /** 'outturn' for a period with both actual and forecast days; 'actual' / 'forecast' for the others. */
  readonly basis: 'actual' | 'outturn' | 'forecast';
  /** The actual part of the period, exact pence (0 for a forecast period). */
  readonly actualToDate: number;
}

/** A spend forecast summarised by month, financial-year quarter or financial year. */
export function summariseSpend(forecast: SpendForecast, grouping: Grouping): SpendPeriod[] {
  const actualByPeriod = new Map(totalsByPeriod(forecast.actualMonths, grouping).map((t) => [t.period, t]));
  return summariseRuns(forecast.runMonths, grouping).map((p) => {
    const actual = actualByPeriod.get(p.period);
    // All of the period's days come from actuals when the forecast added none.
    const onlyActual = actual !== undefined && actual.days === p.days;
    return {
      ...p,
      basis: actual === undefined ? 'forecast' : onlyActual ? 'actual' : 'outturn',
      actualToDate: actual?.spend ?? 0,
    };
  });
}

/**
 * Spend by financial year: this year's outturn (actuals to date + forecast to year end) and the
 * years after, each with its interval across runs.
 */
export async function getSpendByFinancialYear(
  db: Db,
  laCode: string,
  options: ForecastOptions,
): Promise<SpendPeriod[]> {
  return summariseSpend(await getSpendForecast(db, laCode, options), 'year');
}

/** Label of the financial year a date falls in ("2025/26"). */
export function financialYearOf(date: IsoDate): string {
  return financialYearLabel(financialYearStart(date));
}

/** Quantiles of money in pence as pounds to 2 dp. */
export function poundsQuantiles(q: Quantiles): Quantiles {
  return {
    mean: penceToPounds(q.mean),
    p2_5: penceToPounds(q.p2_5),
    p10: penceToPounds(q.p10),
    p50: penceToPounds(q.p50),
    p90: penceToPounds(q.p90),
    p97_5: penceToPounds(q.p97_5),
  };
}

/** A spend forecast as JSON (`forecare spend --json`, the web's downloads): pounds to 2 dp. */
export function spendForecastJson(forecast: SpendForecast, periods: readonly SpendPeriod[]): Record<string, unknown> {
  return {
    la: forecast.laCode,
    start: forecast.start,
    runs: forecast.runs,
    seed: forecast.seed,
    priceBase: forecast.priceBase === 'cash' ? 'cash' : `${forecast.priceBase} prices`,
    statistic: 'mean',
    measures: {
      spend:
        'pounds; periods with actuals to date are outturn (actual + forecast). The figure shown is the mean over the runs (p50 is the median); in every run the categories, provision and post-care lines add up to the total, but percentiles of the parts do not add up to the total’s',
      byLine:
        'post-care lines (special guardianship and child arrangements allowances, adoption allowances, Staying Put, care leavers): children after care × take-up share × weekly cost, from the returns and the forecast’s leavers',
      children: 'average number of children looked after over the days of the period covered',
      childLevelCostsUsed:
        'children looked after on the start date costed at their own placement cost (an expected amount in every run) until they leave its placement category; everyone else at the unit cost',
    },
    childLevelCostsUsed: forecast.childLevelCostsUsed,
    periods: periods.map((p) => ({
      period: p.period,
      basis: p.basis,
      actualToDate: penceToPounds(p.actualToDate),
      spend: poundsQuantiles(p.spend),
      byCategory: Object.fromEntries(PLACEMENT_CATEGORIES.map((c) => [c, poundsQuantiles(p.byCategory[c])])),
      byLine: Object.fromEntries(POST_CARE_LINES.map((l) => [l, poundsQuantiles(p.byLine[l])])),
      provision: poundsQuantiles(p.provision),
      children: p.children,
    })),
    warnings: forecast.warnings,
  };
}
