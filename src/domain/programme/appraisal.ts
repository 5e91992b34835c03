/**
 * Appraisal of a savings programme: net savings, plan / 5-year / 10-year totals with ranges,
 * simple and cash-flow payback, and net present value.
 *
 * Conventions (also in docs/programme-file.md):
 * - Net saving = gross saving delivered (against the baseline) - ongoing cost; net cash flow =
 *   net saving - investment.
 * - Years after an initiative's last entered year continue its run rate (see profile.ts); the
 *   appraisal horizon is 10 years from the first plan year (longer if the plan is longer).
 * - Simple payback: years from the start of the first year with a positive net saving until
 *   cumulative net savings equal the total investment, interpolated within the year (savings
 *   assumed to accrue evenly through a year). No investment: 0. Not reached in the horizon: null.
 * - Cash-flow payback: years from the start of the first plan year until cumulative net cash flow
 *   (investment counted in the year it is spent) last turns from negative to non-negative,
 *   interpolated within that year. Never negative: 0. Still negative at the horizon: null.
 * - NPV: the first plan year is year 0 and is not discounted; year n is discounted by
 *   1 / (1 + r)^n (HM Treasury Green Book: the current year is year 0). `npv` covers the plan
 *   years; the 5- and 10-year totals carry their own NPV.
 */
import { financialYearLabel } from '../dates.ts';
import { roundPence } from '../finance/money.ts';
import type { Initiative, Programme, SavingType } from './model.ts';
import type { Pence } from './money.ts';
import { cumulativeOf, deliveredSeries, incrementsOf, type DeliveredSeries } from './profile.ts';

export const DISCOUNTING_CONVENTION = 'first plan year is year 0 (not discounted); year n is discounted by 1/(1+r)^n';
export const SIMPLE_PAYBACK_DEFINITION =
  'simple payback: years from the start of the first savings year until cumulative net savings equal total investment';
export const CASHFLOW_PAYBACK_DEFINITION =
  'cash-flow payback: years from the start of the first plan year until cumulative net cash flow (investment in the year spent) turns positive';

/** The amounts of one year that also sum over a run of years (`Totals`). All in pence. */
export interface SummedFigures {
  readonly investment: Pence;
  readonly ongoingCost: Pence;
  /** Gross saving in the year against the baseline (cumulative view). */
  readonly grossSaving: Pence;
  /** New gross saving this year (incremental view). */
  readonly grossSavingIncremental: Pence;
  readonly grossLow: Pence;
  readonly grossHigh: Pence;
  readonly netSaving: Pence;
  readonly netLow: Pence;
  readonly netHigh: Pence;
  readonly cashable: Pence;
  readonly costAvoidance: Pence;
  readonly netCashFlow: Pence;
}

/** One year of figures (programme or initiative). All amounts in pence. */
export interface YearFigures extends SummedFigures {
  readonly year: number;
  readonly label: string;
  /** True for the plan (MTFS) years, false for years carried on at run rate. */
  readonly inPlan: boolean;
  readonly netSavingIncremental: Pence;
  readonly cumulativeNetSaving: Pence;
  readonly cumulativeCashFlow: Pence;
  readonly discountFactor: number;
  readonly presentValue: Pence;
}

/** Sums over a run of years. `grossSavingIncremental` sums to the annual saving reached by the last year. */
export interface Totals extends SummedFigures {
  readonly years: number;
  readonly npv: Pence;
}

export interface AppraisalFigures {
  readonly years: readonly YearFigures[];
  readonly totals: { readonly plan: Totals; readonly fiveYear: Totals; readonly tenYear: Totals };
  readonly paybackSimpleYears: number | null;
  readonly paybackCashflowYears: number | null;
  /** NPV over the plan years. */
  readonly npv: Pence;
}

export interface InitiativeAppraisal extends AppraisalFigures {
  readonly id: string;
  readonly name: string;
  readonly savingType: SavingType;
  /** Where the forecast gross saving came from: the plan as entered, or a named scenario. */
  readonly forecastSource: 'plan' | 'scenario';
  readonly scenario: string | null;
  /** The plan's gross saving against the baseline by year (the target), whatever the forecast source. */
  readonly targetGrossSaving: readonly Pence[];
}

export interface Appraisal extends AppraisalFigures {
  readonly programme: string;
  readonly discountRate: number;
  readonly discounting: string;
  readonly paybackDefinitions: { readonly simple: string; readonly cashflow: string };
  readonly initiatives: readonly InitiativeAppraisal[];
}

export interface AppraisalOptions {
  /** Overrides the programme's discount rate. */
  readonly discountRate?: number;
  /**
   * Gross saving against the baseline by financial year start, per initiative id, from the demand
   * and cost model (see scenarioLink.ts). Replaces the entered savings as the forecast; years before
   * the first given are zero, after the last continue at its value.
   */
  readonly scenarioSavings?: ReadonlyMap<string, ReadonlyMap<number, Pence>>;
}

/** Horizon of the appraisal in years: 10, or the plan length if longer. */
export function horizonYears(programme: Pick<Programme, 'planYears'>): number {
  return Math.max(10, programme.planYears);
}

/**
 * Simple payback in years (see module comment). `net` and `investment` are per year.
 * Worked: investment 100 in year 0, net savings [0, 40, 80]: savings start in year 1, 40 after it,
 * 60 more needed of 80 in year 2, so 1 + 60/80 = 1.75 years.
 */
export function simplePayback(net: readonly Pence[], investment: readonly Pence[]): number | null {
  const total = investment.reduce((s, v) => s + v, 0);
  if (total <= 0) return 0;
  const first = net.findIndex((v) => v > 0);
  if (first < 0) return null;
  let cum = 0;
  for (let i = first; i < net.length; i++) {
    const v = net[i] ?? 0;
    if (v > 0 && cum + v >= total) return i - first + (total - cum) / v;
    cum += v;
  }
  return null;
}

/**
 * Cash-flow payback in years from the start of the first year (see module comment).
 * Worked: flows [-100, 40, 80]: cumulative -100, -60, +20; last negative at the end of year 1,
 * so 2 + 60/80 = 2.75 years.
 */
export function cashflowPayback(flows: readonly Pence[]): number | null {
  const cum = cumulativeOf(flows);
  let lastNegative = -1;
  cum.forEach((c, i) => {
    if (c < 0) lastNegative = i;
  });
  if (lastNegative < 0) return 0;
  if (lastNegative === cum.length - 1) return null;
  const before = cum[lastNegative] ?? 0;
  const flow = flows[lastNegative + 1] ?? 0;
  return lastNegative + 1 + -before / flow;
}

/** Discount factor for year index n (0 = first plan year). */
export function discountFactor(rate: number, n: number): number {
  return 1 / (1 + rate) ** n;
}

/** Net present value of flows, year 0 undiscounted, rounded to the penny. */
export function netPresentValue(flows: readonly Pence[], rate: number): Pence {
  return roundPence(flows.reduce((s, f, n) => s + f * discountFactor(rate, n), 0));
}

interface Lines {
  readonly years: readonly number[];
  readonly investment: readonly Pence[];
  readonly ongoingCost: readonly Pence[];
  readonly grossAnnual: readonly Pence[];
  readonly grossLowAnnual: readonly Pence[];
  readonly grossHighAnnual: readonly Pence[];
  readonly cashable: readonly Pence[];
  readonly costAvoidance: readonly Pence[];
}

const sum = (xs: readonly Pence[]): Pence => xs.reduce((s, v) => s + v, 0);

function figuresOf(lines: Lines, planYears: number, rate: number): AppraisalFigures {
  const net = lines.grossAnnual.map((g, i) => g - (lines.ongoingCost[i] ?? 0));
  const flows = net.map((n, i) => n - (lines.investment[i] ?? 0));
  const netInc = incrementsOf(net);
  const grossInc = incrementsOf(lines.grossAnnual);
  const cumNet = cumulativeOf(net);
  const cumFlow = cumulativeOf(flows);
  const years: YearFigures[] = lines.years.map((year, i) => {
    const df = discountFactor(rate, i);
    const at = (xs: readonly Pence[]): Pence => xs[i] ?? 0;
    return {
      year,
      label: financialYearLabel(year),
      inPlan: i < planYears,
      investment: at(lines.investment),
      ongoingCost: at(lines.ongoingCost),
      grossSaving: at(lines.grossAnnual),
      grossSavingIncremental: at(grossInc),
      grossLow: at(lines.grossLowAnnual),
      grossHigh: at(lines.grossHighAnnual),
      netSaving: at(net),
      netSavingIncremental: at(netInc),
      netLow: at(lines.grossLowAnnual) - at(lines.ongoingCost),
      netHigh: at(lines.grossHighAnnual) - at(lines.ongoingCost),
      cashable: at(lines.cashable),
      costAvoidance: at(lines.costAvoidance),
      netCashFlow: at(flows),
      cumulativeNetSaving: at(cumNet),
      cumulativeCashFlow: at(cumFlow),
      discountFactor: df,
      presentValue: roundPence(at(flows) * df),
    };
  });
  const totalsOver = (n: number): Totals => {
    const ys = years.slice(0, n);
    const s = (k: keyof SummedFigures): Pence => sum(ys.map((y) => y[k]));
    return {
      years: ys.length,
      investment: s('investment'),
      ongoingCost: s('ongoingCost'),
      grossSaving: s('grossSaving'),
      grossSavingIncremental: s('grossSavingIncremental'),
      grossLow: s('grossLow'),
      grossHigh: s('grossHigh'),
      netSaving: s('netSaving'),
      netLow: s('netLow'),
      netHigh: s('netHigh'),
      cashable: s('cashable'),
      costAvoidance: s('costAvoidance'),
      netCashFlow: s('netCashFlow'),
      npv: netPresentValue(flows.slice(0, n), rate),
    };
  };
  const plan = totalsOver(planYears);
  return {
    years,
    totals: { plan, fiveYear: totalsOver(5), tenYear: totalsOver(10) },
    paybackSimpleYears: simplePayback(net, lines.investment),
    paybackCashflowYears: cashflowPayback(flows),
    npv: plan.npv,
  };
}

function scenarioSeries(base: DeliveredSeries, savings: ReadonlyMap<number, Pence>): DeliveredSeries {
  const given = [...savings.keys()];
  const first = Math.min(...given);
  let last = 0;
  const annual = base.years.map((y) => {
    const v = savings.get(y);
    if (v !== undefined) last = v;
    return v ?? (y < first ? 0 : last);
  });
  return {
    ...base,
    fullYearEffect: annual,
    grossAnnual: annual,
    grossIncremental: incrementsOf(annual),
    grossLowAnnual: annual,
    grossHighAnnual: annual,
  };
}

function linesOf(series: DeliveredSeries, savingType: SavingType): Lines {
  const zero = series.grossAnnual.map(() => 0);
  return {
    ...series,
    cashable: savingType === 'cashable' ? series.grossAnnual : zero,
    costAvoidance: savingType === 'costAvoidance' ? series.grossAnnual : zero,
  };
}

function appraiseInitiative(
  initiative: Initiative,
  programme: Programme,
  rate: number,
  savings: ReadonlyMap<number, Pence> | undefined,
): { appraisal: InitiativeAppraisal; lines: Lines } {
  const planSeries = deliveredSeries(initiative, programme.firstYear, horizonYears(programme));
  const useScenario = savings !== undefined && savings.size > 0;
  const series = useScenario ? scenarioSeries(planSeries, savings) : planSeries;
  const lines = linesOf(series, initiative.savingType);
  return {
    lines,
    appraisal: {
      id: initiative.id,
      name: initiative.name,
      savingType: initiative.savingType,
      forecastSource: useScenario ? 'scenario' : 'plan',
      scenario: initiative.scenario ?? null,
      targetGrossSaving: planSeries.grossAnnual,
      ...figuresOf(lines, programme.planYears, rate),
    },
  };
}

/** Appraises a programme and each of its initiatives. */
export function appraiseProgramme(programme: Programme, options: AppraisalOptions = {}): Appraisal {
  const rate = options.discountRate ?? programme.discountRate;
  const horizon = horizonYears(programme);
  const parts = programme.initiatives.map((i) =>
    appraiseInitiative(i, programme, rate, options.scenarioSavings?.get(i.id)),
  );
  const years = Array.from({ length: horizon }, (_, i) => programme.firstYear + i);
  const add = (pick: (l: Lines) => readonly Pence[]): Pence[] =>
    years.map((_, i) => sum(parts.map((p) => pick(p.lines)[i] ?? 0)));
  const total: Lines = {
    years,
    investment: add((l) => l.investment),
    ongoingCost: add((l) => l.ongoingCost),
    grossAnnual: add((l) => l.grossAnnual),
    grossLowAnnual: add((l) => l.grossLowAnnual),
    grossHighAnnual: add((l) => l.grossHighAnnual),
    cashable: add((l) => l.cashable),
    costAvoidance: add((l) => l.costAvoidance),
  };
  return {
    programme: programme.name,
    discountRate: rate,
    discounting: DISCOUNTING_CONVENTION,
    paybackDefinitions: { simple: SIMPLE_PAYBACK_DEFINITION, cashflow: CASHFLOW_PAYBACK_DEFINITION },
    initiatives: parts.map((p) => p.appraisal),
    ...figuresOf(total, programme.planYears, rate),
  };
}
