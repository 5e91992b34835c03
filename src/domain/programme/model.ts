/**
 * A savings programme: a council's set of initiatives, each with money by financial year, targets
 * it is held to, and the monitoring that tracks it. Pure data; amounts are integer pence and
 * financial years are named by their start year (2025 is 2025/26).
 */
import type { IsoDate } from '../dates.ts';
import type { DisplayUnit, Pence } from './money.ts';

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

/** One financial year of an initiative, as entered. */
export interface YearLine {
  /** Start year of the financial year (2025 = 2025/26). */
  readonly year: number;
  /** One-off investment spent in the year (e.g. invest-to-save funding from reserves). */
  readonly investment: Pence;
  /** Ongoing cost in the year (e.g. a new team's salaries). */
  readonly ongoingCost: Pence;
  /** Gross saving at full-year effect, in the initiative's profile. */
  readonly grossSaving: Pence;
  /** Low and high gross saving where uncertain, same profile; absent means no range (low = high = gross). */
  readonly grossLow?: Pence | undefined;
  readonly grossHigh?: Pence | undefined;
  /**
   * Part-year effect: the share (0-1) of the saving that is new this year which is delivered in
   * this year; the rest arrives the next year. 1 (the default) is full-year effect, 0.5 is the
   * common "half-year" adjustment for a saving starting mid-year.
   */
  readonly phasing: number;
}

/** A non-financial target by year, e.g. "children looked after" -12 in 2025/26. */
export interface NonFinancialTarget {
  readonly measure: string;
  readonly unit?: string | undefined;
  readonly byYear: ReadonlyArray<{ readonly year: number; readonly value: number }>;
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

/** The lines a stated total can be given for. Net saving is gross less ongoing cost. */
export type TotalLine = 'investment' | 'ongoingCost' | 'grossSaving' | 'netSaving';
export const TOTAL_LINES: readonly TotalLine[] = ['investment', 'ongoingCost', 'grossSaving', 'netSaving'];

/** Totals as typed into the source spreadsheet or paper, in pence. */
export type StatedLineTotals = Partial<Record<TotalLine, Pence>>;

export interface Initiative {
  /** Short key, unique in the programme (e.g. `edge-of-care`). */
  readonly id: string;
  readonly name: string;
  readonly owner?: string | undefined;
  readonly savingType: SavingType;
  readonly profile: SavingProfile;
  /** Name of a scenario in the demand and cost model that forecasts this initiative's saving. */
  readonly scenario?: string | undefined;
  /** Entered years, contiguous, ascending. Years before the first are zero; after the last continue its run rate. */
  readonly years: readonly YearLine[];
  readonly targets: readonly NonFinancialTarget[];
  readonly monitoring: readonly MonitoringEntry[];
  readonly milestones: readonly Milestone[];
  readonly risks: readonly Risk[];
  /** Stated row totals over the plan years. */
  readonly statedTotals?: StatedLineTotals | undefined;
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
  /** Stated column totals by plan year (start year to totals) and the stated grand totals. */
  readonly statedTotals: {
    readonly byYear: ReadonlyArray<{ readonly year: number; readonly totals: StatedLineTotals }>;
    readonly total: StatedLineTotals;
  };
}

/** The plan years' start years. */
export function planYearList(p: Pick<Programme, 'firstYear' | 'planYears'>): number[] {
  return Array.from({ length: p.planYears }, (_, i) => p.firstYear + i);
}
