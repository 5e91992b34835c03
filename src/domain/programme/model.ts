/**
 * A savings programme: a council's set of initiatives, each with money by financial year, targets
 * it is held to, and the monitoring that tracks it. Pure data; amounts are integer pence and
 * financial years are named by their start year (2025 is 2025/26).
 */
import type { IsoDate } from '../dates.ts';
import type { DisplayUnit, Pence } from '../finance/money.ts';

/**
 * How an initiative's gross savings are entered. `incremental`: the new saving each year, as MTFS
 * tables show them (they add up to the full effect). `cumulative`: the annual saving against the
 * baseline, so year 3's figure already contains years 1 and 2.
 */
export type SavingProfile = 'incremental' | 'cumulative';
export const SAVING_PROFILES: readonly SavingProfile[] = ['incremental', 'cumulative'];

/** Cashable savings reduce a budget; cost avoidance prevents growth that would otherwise happen. */
export type SavingType = 'cashable' | 'costAvoidance';
export const SAVING_TYPES: readonly SavingType[] = ['cashable', 'costAvoidance'];

/** The amounts of a year line, in the order files and workbooks list them. */
export const AMOUNT_FIELDS = ['investment', 'ongoingCost', 'grossSaving', 'grossLow', 'grossHigh'] as const;
export type AmountField = (typeof AMOUNT_FIELDS)[number];

/**
 * One financial year of an initiative, as entered. An amount left out (`undefined`) holds no figure:
 * it counts as nil, unless a working (see `Working`) gives it. An amount typed as "TBC" is listed in
 * `tbc` (and is `undefined`): nil in every total, with a warning.
 */
export interface YearLine {
  /** Start year of the financial year (2025 = 2025/26). */
  readonly year: number;
  /**
   * One-off investment spent in the year (e.g. invest-to-save funding from reserves). Negative
   * is income (a grant, a contribution from a partner) that offsets investment.
   */
  readonly investment?: Pence | undefined;
  /** Ongoing cost in the year (e.g. a new team's salaries). */
  readonly ongoingCost?: Pence | undefined;
  /** Gross saving at full-year effect, in the initiative's profile. */
  readonly grossSaving?: Pence | undefined;
  /** Low and high gross saving where uncertain, same profile; absent means no range (low = high = gross). */
  readonly grossLow?: Pence | undefined;
  readonly grossHigh?: Pence | undefined;
  /**
   * Part-year effect: the share (0-1) of the saving that is new this year which is delivered in
   * this year; the rest arrives the next year. 1 (the default) is full-year effect, 0.5 is the
   * common "half-year" adjustment for a saving starting mid-year.
   */
  readonly phasing: number;
  /** Amounts typed as "TBC" (to be confirmed). */
  readonly tbc?: readonly AmountField[] | undefined;
}

/** How often a unit cost is paid: a working's duration counts these. */
export type CostPeriod = 'year' | 'month' | 'week' | 'day';
export const COST_PERIODS: readonly CostPeriod[] = ['year', 'month', 'week', 'day'];

/**
 * The working behind an amount, as papers write it: "12 children moved from residential to agency
 * fostering at £126,705 each a year", "10 agency social workers replaced at £25,267 each".
 * Amount in a year = volume x unit cost x duration, where the unit cost is `unitCost`, or the
 * difference `unitCostFrom - unitCostTo` (a move from a dearer to a cheaper option), per `per`,
 * and the duration counts `per`s in the year (52 weeks, 12 months, 1 year). Amounts are rounded
 * to the penny. A gross saving from a working is at full-year effect in the initiative's profile
 * (the year's `phasing` then applies as to a typed amount); investment and ongoing cost are the
 * amounts in the year.
 */
export interface Working {
  readonly line: AmountField;
  /** What the volume counts and what changes: "children moved from residential to agency fostering". */
  readonly description: string;
  /** Unit of the volume: children, FTE, placements. */
  readonly volumeUnit?: string | undefined;
  /** Cost per `per` of one unit (pence); or give `unitCostFrom` and `unitCostTo`. */
  readonly unitCost?: Pence | undefined;
  readonly unitCostFrom?: Pence | undefined;
  readonly unitCostTo?: Pence | undefined;
  readonly per: CostPeriod;
  /** `per`s in a year, unless a year says otherwise: 52 weeks, 12 months, 365 days, 1 year. */
  readonly duration: number;
  /** Volume by year (and the year's own duration where it differs, e.g. 26 weeks in a first half-year). */
  readonly years: ReadonlyArray<{
    readonly year: number;
    readonly volume: number;
    readonly duration?: number | undefined;
  }>;
}

/** Unit cost of a working in pence per `per`: `unitCost`, or `unitCostFrom - unitCostTo`. */
export function workingUnitCost(w: Working): Pence {
  if (w.unitCost !== undefined) return w.unitCost;
  return (w.unitCostFrom ?? 0) - (w.unitCostTo ?? 0);
}

/** Measures Forecare can count from the 903 returns, to fill a target's actuals by month. */
export type CountedMeasure = 'lookedAfter' | 'entries' | 'exits';
export const COUNTED_MEASURES: readonly CountedMeasure[] = ['lookedAfter', 'entries', 'exits'];

/** A month of a target's trajectory (`YYYY-MM`); `actual` is null until known. */
export interface TargetMonth {
  readonly month: string;
  readonly target: number | null;
  readonly actual: number | null;
}

/**
 * A non-financial target: "children looked after" by year, and optionally a monthly trajectory
 * (616 in April 2025 down to 465 in March 2027) with actuals, typed or counted from the returns.
 */
export interface NonFinancialTarget {
  readonly measure: string;
  readonly unit?: string | undefined;
  readonly byYear: ReadonlyArray<{ readonly year: number; readonly value: number }>;
  /** Monthly trajectory and actuals, ascending by month. */
  readonly months?: readonly TargetMonth[] | undefined;
  /** Which way is good: `lower` (fewer children looked after) or `higher` (more adoptions). */
  readonly better?: 'lower' | 'higher' | undefined;
  /**
   * Count the actuals from the council's returns: children looked after at each month end,
   * entries into care in the month, or exits in the month (optionally by one route).
   */
  readonly counted?: { readonly measure: CountedMeasure; readonly route?: string | undefined } | undefined;
}

/**
 * Monitoring for one period: a month `YYYY-MM` or a financial quarter `YYYY/YY Qn`. Amounts are the
 * saving in the period; `actual` is null until known.
 */
export interface MonitoringEntry {
  readonly period: string;
  readonly target: Pence;
  readonly forecast: Pence;
  readonly actual: Pence | null;
  /** The variance as the source paper states it (checked against forecast - target). */
  readonly statedVariance?: Pence | undefined;
}

export type MilestoneStatus = 'not started' | 'on track' | 'at risk' | 'late' | 'complete';
export const MILESTONE_STATUSES: readonly MilestoneStatus[] = [
  'not started',
  'on track',
  'at risk',
  'late',
  'complete',
];

export interface Milestone {
  readonly name: string;
  readonly due: IsoDate;
  readonly status: MilestoneStatus;
}

/** A risk scored on the usual 5 x 5 grid. */
export interface Risk {
  readonly description: string;
  /** 1 (rare) - 5 (almost certain). */
  readonly likelihood: number;
  /** 1 (negligible) - 5 (severe). */
  readonly impact: number;
  readonly mitigation: string;
  readonly owner?: string | undefined;
}

/**
 * The lines a stated total can be given for. Net saving is gross less ongoing cost; net cash flow
 * is net saving less investment (what is left after paying for the initiative).
 */
export type TotalLine = 'investment' | 'ongoingCost' | 'grossSaving' | 'netSaving' | 'netCashFlow';
export const TOTAL_LINES: readonly TotalLine[] = [
  'investment',
  'ongoingCost',
  'grossSaving',
  'netSaving',
  'netCashFlow',
];
/** Lines a range ("4,908 - 6,558") may be stated for: the ones whose figures carry a range. */
export const RANGE_LINES: readonly TotalLine[] = ['grossSaving', 'netSaving', 'netCashFlow'];

/** A stated range, as papers give uncertain totals: "4,908 - 6,558". */
export interface StatedRange {
  readonly low: Pence;
  readonly high: Pence;
}

/** A figure as typed into a paper: an amount, a range, or "TBC" (not checked, with a warning). */
export type StatedFigure = Pence | StatedRange | 'TBC';

/** Totals as typed into the source spreadsheet or paper, in pence. */
export type StatedLineTotals = Partial<Record<TotalLine, StatedFigure>>;

/** Paybacks a paper states, in years (checked against Forecare's, to the decimals typed). */
export interface StatedPayback {
  readonly simple?: number | undefined;
  readonly cashflow?: number | undefined;
}

/**
 * Figures as a paper shows them: `phased` are the savings delivered in each year (after the
 * part-year effect, as budgets show them); `fullYear` the full-year effect before phasing.
 */
export type FigureBasis = 'phased' | 'fullYear';
export const FIGURE_BASES: readonly FigureBasis[] = ['phased', 'fullYear'];

/**
 * Where a stated span starts: the first plan year, the first year with a saving (every year
 * before it then counts as "year 0", so investment and costs before the savings are included), or
 * a named financial year (its start year).
 */
export type SpanStart = 'firstPlanYear' | 'firstSavingsYear' | number;

/** A total over a stated span of years: "savings years 1 to 5", "2026/27 to 2030/31", a full-year figure. */
export interface StatedSpan {
  readonly name: string;
  readonly from: SpanStart;
  readonly years: number;
  /** The initiative the span totals, or the whole programme when absent. */
  readonly initiative?: string | undefined;
  /** Overrides the table's profile and basis for this span (e.g. a full-year figure beside phased ones). */
  readonly profile?: SavingProfile | undefined;
  readonly basis?: FigureBasis | undefined;
  readonly totals: StatedLineTotals;
}

/** Where stated totals sit in a table, beyond the column and grand totals. */
export interface StatedTableParts {
  /** Column totals by plan year. */
  readonly byYear: ReadonlyArray<{ readonly year: number; readonly totals: StatedLineTotals }>;
  /** Grand totals over the plan years. */
  readonly total: StatedLineTotals;
  readonly spans?: readonly StatedSpan[] | undefined;
  readonly payback?: StatedPayback | undefined;
  /** The unit the table's totals were typed in; defaults to the programme's unit. */
  readonly unit?: DisplayUnit | undefined;
  readonly basis?: FigureBasis | undefined;
  readonly name?: string | undefined;
}

/** A further table of the same paper (a business case beside the MTFS table, a cumulative view). */
export interface StatedTable extends StatedTableParts {
  readonly name: string;
  readonly profile: SavingProfile;
  /** Row totals over the plan years, by initiative id. */
  readonly rows: ReadonlyArray<{
    readonly initiative: string;
    readonly totals: StatedLineTotals;
    readonly payback?: StatedPayback | undefined;
  }>;
}

export interface Initiative {
  /** Short key, unique in the programme (e.g. `edge-of-care`). */
  readonly id: string;
  readonly name: string;
  readonly owner?: string | undefined;
  readonly savingType: SavingType;
  readonly profile: SavingProfile;
  /** Name of a scenario in the demand and cost model that forecasts this initiative's saving. */
  readonly scenario?: string | undefined;
  /**
   * Name of the council's permanence tracker project whose saving to come by financial year
   * forecasts this initiative's saving (instead of, never together with, a scenario).
   */
  readonly trackerProject?: string | undefined;
  /** Entered years, contiguous, ascending. Years before the first are zero; after the last continue its run rate. */
  readonly years: readonly YearLine[];
  readonly targets: readonly NonFinancialTarget[];
  readonly monitoring: readonly MonitoringEntry[];
  readonly milestones: readonly Milestone[];
  readonly risks: readonly Risk[];
  /** Workings behind amounts (volume x unit cost x duration). */
  readonly workings?: readonly Working[] | undefined;
  /** Stated row totals over the plan years, in the main table (the programme's `statedTotals`). */
  readonly statedTotals?: StatedLineTotals | undefined;
  /** Paybacks stated for the initiative. */
  readonly statedPayback?: StatedPayback | undefined;
}

/**
 * RAG thresholds on forecast as a percentage of target: green at or above `greenMinPercent`,
 * amber at or above `amberMinPercent`, red below.
 */
export interface RagThresholds {
  readonly greenMinPercent: number;
  readonly amberMinPercent: number;
}

export const DEFAULT_RAG: RagThresholds = { greenMinPercent: 95, amberMinPercent: 80 };
export const DEFAULT_DISCOUNT_RATE = 0.035;

export interface Programme {
  readonly name: string;
  readonly unit: DisplayUnit;
  /** Start year of the first plan year. */
  readonly firstYear: number;
  /** Number of plan years (the MTFS period), from `firstYear`. */
  readonly planYears: number;
  /** Annual real discount rate for NPV (0.035 = 3.5%). */
  readonly discountRate: number;
  /** Profile that the stated savings totals are written in (MTFS tables: incremental). */
  readonly statedProfile: SavingProfile;
  readonly rag: RagThresholds;
  readonly initiatives: readonly Initiative[];
  /**
   * The main table's stated totals (in `statedProfile`): column totals by plan year, grand totals,
   * spans and paybacks; the initiatives' `statedTotals` are its row totals.
   */
  readonly statedTotals: StatedTableParts;
  /** Further tables of the same paper, each with its own profile, basis and unit. */
  readonly statedTables?: readonly StatedTable[] | undefined;
}

/** The plan years' start years. */
export function planYearList(p: Pick<Programme, 'firstYear' | 'planYears'>): number[] {
  return Array.from({ length: p.planYears }, (_, i) => p.firstYear + i);
}
