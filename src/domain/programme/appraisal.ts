/**
 * Appraisal of a savings programme: net savings, plan / 5-year / 10-year totals with ranges,
 * simple and cash-flow payback, and net present value.
 *
 * Conventions (also in docs/programme-file.md):
 * - Net saving = gross saving delivered (against the baseline) - ongoing cost; net cash flow =
 *   net saving - investment.
 * - Years after an initiative's last entered year continue its run rate (see profile.ts); the
 *   appraisal horizon is 10 years from the first plan year (longer if the plan is longer).
 * - Both paybacks repay every investment and every net cost (a year whose ongoing cost exceeds its
 *   saving) before payback; they differ only in where they count from.
 * - Cash-flow payback: years from the start of the first plan year until cumulative net cash flow
 *   (net saving less investment) last turns from negative to non-negative, with investment counted
 *   at the start of the year it is spent and net savings (or net costs) accruing evenly through
 *   each year. Never negative: 0. Still negative at the horizon: null.
 * - Simple payback: the same point counted from the start of the first savings year (the first
 *   year with a positive net saving) instead: the investment and net costs of earlier years are
 *   all owed at its start. So simple = cash-flow payback - years before the first savings year.
 *   Worked: net -80 in year 1 (no investment) then 100 a year: cash flow -80, +20: 1.8 years;
 *   simple 0.8 years (not 0, as if year 1 were free).
 * - NPV: the first plan year is year 0 and is not discounted; year n is discounted by
 *   1 / (1 + r)^n (HM Treasury Green Book: the current year is year 0). `npv` covers the plan
 *   years; the 5- and 10-year totals carry their own NPV.
 */
import { financialYearLabel } from '../dates.ts';
import { roundPence } from '../finance/money.ts';
import type { Initiative, Programme, SavingType } from './model.ts';
import type { Pence } from '../finance/money.ts';
import { cumulativeOf, deliveredSeries, incrementsOf, type DeliveredSeries } from './profile.ts';
import { resolveInitiative } from './workings.ts';

/** A modelled saving for one year: the median, and the low and high ends where the model gives them. */
export interface ScenarioYearSaving {
  readonly saving: Pence;
  readonly low?: Pence | undefined;
  readonly high?: Pence | undefined;
}

export const DISCOUNTING_CONVENTION = 'first plan year is year 0 (not discounted); year n is discounted by 1/(1+r)^n';
export const SIMPLE_PAYBACK_DEFINITION =
  'simple payback: years from the start of the first savings year (the first with a positive net saving) until net savings have repaid all investment and every net cost before payback, earlier years included';
export const CASHFLOW_PAYBACK_DEFINITION =
  'cash-flow payback: years from the start of the first plan year until cumulative net cash flow turns non-negative for the last time (investment at the start of the year it is spent, net savings and net costs accruing through each year)';

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
  /**
   * Where the forecast gross saving came from: the plan as entered, a named scenario, or a named
   * permanence tracker project (its saving to come by financial year).
   */
  readonly forecastSource: 'plan' | 'scenario' | 'tracker';
  readonly scenario: string | null;
  readonly trackerProject: string | null;
  /** The plan's gross saving against the baseline by year (the target), whatever the forecast source. */
  readonly targetGrossSaving: readonly Pence[];
  /** The plan as entered, year by year (amounts from workings filled in), for the checks. */
  readonly plan: DeliveredSeries;
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
   * and cost model (see scenarioLink.ts), with its low and high ends (the model's 10th and 90th
   * percentiles) where known. Replaces the entered savings as the forecast, range included; years
   * before the first given are zero, after the last continue at its value. An initiative naming a
   * permanence tracker project (`trackerProject`) takes the project's saving to come here in the
   * same way (see scenarioLink.ts), with no range.
   */
  readonly scenarioSavings?: ReadonlyMap<string, ReadonlyMap<number, ScenarioYearSaving>>;
}

/** The appraisal's usual horizon: 10 years, or the plan length if longer. */
export function baseHorizonYears(programme: Pick<Programme, 'planYears'>): number {
  return Math.max(10, programme.planYears);
}

/**
 * The first year (start year) with a gross saving entered above zero, counting the year after when
 * its phasing is 0 (nothing delivered in it); null when nothing is saved. Used to place spans that
 * count "from the first savings year" before the figures exist.
 */
function firstEnteredSavingYear(programme: Pick<Programme, 'initiatives'>): number | null {
  let first: number | null = null;
  for (const ini of programme.initiatives) {
    const worked = new Set(
      (ini.workings ?? []).filter((w) => w.line === 'grossSaving').flatMap((w) => w.years.map((y) => y.year)),
    );
    for (const l of ini.years) {
      if (!((l.grossSaving ?? 0) > 0 || worked.has(l.year))) continue;
      const y = l.phasing === 0 ? l.year + 1 : l.year;
      if (first === null || y < first) first = y;
      break;
    }
  }
  return first;
}

/**
 * Horizon of the appraisal in years from the first plan year: 10, or the plan length if longer,
 * or further when a stated span (docs: "Spans") reaches beyond it.
 */
export function horizonYears(
  programme: Pick<Programme, 'planYears' | 'firstYear' | 'initiatives' | 'statedTotals' | 'statedTables'>,
): number {
  let horizon = baseHorizonYears(programme);
  const spans = [
    ...(programme.statedTotals.spans ?? []),
    ...(programme.statedTables ?? []).flatMap((t) => t.spans ?? []),
  ];
  let firstSaving: number | null | undefined;
  for (const span of spans) {
    let start: number;
    if (span.from === 'firstPlanYear') start = programme.firstYear;
    else if (span.from === 'firstSavingsYear') {
      if (firstSaving === undefined) firstSaving = firstEnteredSavingYear(programme);
      start = firstSaving ?? programme.firstYear;
    } else start = span.from;
    horizon = Math.max(horizon, start - programme.firstYear + span.years);
  }
  return horizon;
}

/**
 * Cash-flow payback in years from the start of the first year (see module comment). Investment is
 * counted at the start of the year it is spent, net savings (and net costs) as they accrue evenly
 * through each year; payback is the last time the running position turns from negative to
 * non-negative. Never negative: 0. Still negative at the end: null.
 * Worked: investment 100 in year 0, net savings [0, 40, 80]: -100 to the end of year 1, -60 after
 * year 2, then 60 of year 3's 80: 2 + 60/80 = 2.75 years. Investment 60 and net saving 120 in the
 * same year: -60 at its start, paid back half way through it: 0.5 years.
 */
export function cashflowPayback(net: readonly Pence[], investment: readonly Pence[]): number | null {
  let pos = 0;
  let everNegative = false;
  let paidBackAt: number | null = 0;
  const years = Math.max(net.length, investment.length);
  for (let k = 0; k < years; k++) {
    const before = pos;
    pos -= investment[k] ?? 0;
    if (pos < 0) {
      everNegative = true;
      paidBackAt = null;
    } else if (before < 0) paidBackAt = k;
    const start = pos;
    const n = net[k] ?? 0;
    pos = start + n;
    if (start < 0 && pos >= 0) paidBackAt = k + -start / n;
    else if (start >= 0 && pos < 0) {
      everNegative = true;
      paidBackAt = null;
    }
  }
  if (!everNegative) return 0;
  return pos < 0 ? null : paidBackAt;
}

/**
 * Simple payback in years (see module comment): the cash-flow payback counted from the start of
 * the first savings year (the first year with a positive net saving). `net` and `investment` are
 * per year.
 * Worked: investment 100 in year 0, net savings [0, 40, 80]: cash-flow payback 2.75 years from the
 * start; savings start in year 1, so 1.75 years. Net -80 in year 0 (no investment), then 100 a
 * year: cash flow pays back at 1.8 years, simple at 0.8 (year 0's net cost included).
 */
export function simplePayback(net: readonly Pence[], investment: readonly Pence[]): number | null {
  const cash = cashflowPayback(net, investment);
  if (cash === 0) return 0;
  const first = net.findIndex((v) => v > 0);
  if (cash === null || first < 0) return null;
  return Math.max(0, cash - first);
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
    paybackCashflowYears: cashflowPayback(net, lines.investment),
    npv: plan.npv,
  };
}

function scenarioSeries(base: DeliveredSeries, savings: ReadonlyMap<number, ScenarioYearSaving>): DeliveredSeries {
  const first = Math.min(...savings.keys());
  const carried = (pick: (s: ScenarioYearSaving) => Pence): Pence[] => {
    let last = 0;
    return base.years.map((y) => {
      const v = savings.get(y);
      if (v !== undefined) last = pick(v);
      return v !== undefined ? last : y < first ? 0 : last;
    });
  };
  const annual = carried((s) => s.saving);
  const low = carried((s) => s.low ?? s.saving);
  const high = carried((s) => s.high ?? s.saving);
  return {
    ...base,
    fullYearEffect: annual,
    grossAnnual: annual,
    grossIncremental: incrementsOf(annual),
    grossLowAnnual: low,
    grossHighAnnual: high,
    fullYearLow: low,
    fullYearHigh: high,
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
  entered: Initiative,
  programme: Programme,
  horizon: number,
  rate: number,
  savings: ReadonlyMap<number, ScenarioYearSaving> | undefined,
): { appraisal: InitiativeAppraisal; lines: Lines } {
  const initiative = resolveInitiative(entered).initiative;
  const planSeries = deliveredSeries(initiative, programme.firstYear, horizon);
  const useScenario = savings !== undefined && savings.size > 0;
  const series = useScenario ? scenarioSeries(planSeries, savings) : planSeries;
  const lines = linesOf(series, initiative.savingType);
  return {
    lines,
    appraisal: {
      id: initiative.id,
      name: initiative.name,
      savingType: initiative.savingType,
      forecastSource: useScenario ? (initiative.trackerProject !== undefined ? 'tracker' : 'scenario') : 'plan',
      scenario: initiative.scenario ?? null,
      trackerProject: initiative.trackerProject ?? null,
      targetGrossSaving: planSeries.grossAnnual,
      plan: planSeries,
      ...figuresOf(lines, programme.planYears, rate),
    },
  };
}

/** Appraises a programme and each of its initiatives. */
export function appraiseProgramme(programme: Programme, options: AppraisalOptions = {}): Appraisal {
  const rate = options.discountRate ?? programme.discountRate;
  const horizon = horizonYears(programme);
  const parts = programme.initiatives.map((i) =>
    appraiseInitiative(i, programme, horizon, rate, options.scenarioSavings?.get(i.id)),
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
