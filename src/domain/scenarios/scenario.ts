/**
 * A scenario: a named list of adjustments a council wants to test ("what if our edge-of-care team
 * keeps 20 teenagers a year out of care?"). Demand adjustments go to the engine; money adjustments
 * stay with finance; new provision is both (a shift of children into a category, and a running
 * cost that replaces the unit cost of the children it houses).
 */
import type {
  CategoryShiftAdjustment,
  EntryRateAdjustment,
  ExitRateAdjustment,
  MoveOnceAdjustment,
  MovePercentAdjustment,
  MoveToShareAdjustment,
  RateAdjustment,
} from '../engine/adjustments.ts';
import type { CostAdjustment, UnitCostChange } from '../finance/costAdjustments.ts';
import { formatPounds, type Pence } from '../finance/money.ts';
import { PLACEMENT_CATEGORY_LABELS, type PlacementCategory } from '../placementCategories.ts';
import type { ExitRoute } from '../exitRoutes.ts';
import { DEFAULT_AGE_BANDS, type AgeBand } from '../ageBands.ts';
import { formatLongDate, type IsoDate } from '../dates.ts';
import type { Timed } from './timing.ts';
import { cpPlansEntryPercent, cpPlansEntryRate, type CpPlansAdjustment, type CpPlanShare } from './cpPlansLever.ts';

export type { CpPlansAdjustment, CpPlanShare } from './cpPlansLever.ts';

/**
 * New provision with its own running cost, e.g. three two-bed homes replacing external residential:
 * up to `childrenPerYear` children a year move from `from` into `to`, never more than `capacity`
 * at once, and the provision costs `runningCostPerYearPence` a year instead of their unit cost.
 */
export interface NewProvision extends Timed {
  readonly kind: 'newProvision';
  readonly name: string;
  readonly from: PlacementCategory;
  readonly to: PlacementCategory;
  readonly capacity: number;
  readonly childrenPerYear: number;
  readonly runningCostPerYearPence: Pence;
  readonly ageBands?: readonly string[];
}

/**
 * The workforce's agency lever (issue 12): the agency share of the filled social work posts moves
 * from `fromPercent` to `toPercent` in a straight line from `start` to the month of `by`, each post
 * moved saving the agency premium (src/domain/workforce/agencyLever.ts, priced on the council's
 * latest workforce figures). Not a placement change: the demand engine and the placement costs do
 * not see it; the comparison adds its saving as a workforce line.
 */
export interface AgencyShareAdjustment extends Timed {
  readonly kind: 'agencyShare';
  readonly fromPercent: number;
  readonly toPercent: number;
  readonly by: IsoDate;
}

/**
 * "Reach a share by a date" as a scenario states it: the engine's move, and optionally the children
 * per in-house fostering household the comparison uses to say how many households the moves need
 * (src/domain/scenarios/shareMoves.ts; the engine does not see it).
 */
export interface ShareMoveAdjustment extends MoveToShareAdjustment {
  readonly childrenPerHousehold?: number;
}

export type ScenarioAdjustment =
  | AgencyShareAdjustment
  | CpPlansAdjustment
  | EntryRateAdjustment
  | ExitRateAdjustment
  | CategoryShiftAdjustment
  | MoveOnceAdjustment
  | MovePercentAdjustment
  | ShareMoveAdjustment
  | UnitCostChange
  | NewProvision;

export type AdjustmentKind = ScenarioAdjustment['kind'];

export const ADJUSTMENT_KINDS: readonly AdjustmentKind[] = [
  'entryRate',
  'exitRate',
  'categoryShift',
  'moveOnce',
  'movePercent',
  'moveToShare',
  'unitCostChange',
  'newProvision',
  'agencyShare',
  'cpPlans',
];

/** The scenario's agency share levers (workforce), in the order given. */
export function agencyShareLevers(scenario: Pick<Scenario, 'adjustments'>): AgencyShareAdjustment[] {
  return scenario.adjustments.filter((a): a is AgencyShareAdjustment => a.kind === 'agencyShare');
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly adjustments: readonly ScenarioAdjustment[];
}

/**
 * For each adjustment engineAdjustments gives, the position (from 0) of the scenario adjustment
 * it comes from.
 */
export function engineAdjustmentSources(scenario: Scenario, cpPlanShare?: CpPlanShare): number[] {
  // Each adjustment on its own through engineAdjustments: however many engine adjustments it makes.
  return scenario.adjustments.flatMap((a, i) =>
    engineAdjustments({ ...scenario, adjustments: [a] }, cpPlanShare).map(() => i),
  );
}

/** The scenario's child protection plans levers, in the order given. */
export function cpPlansLevers(scenario: Pick<Scenario, 'adjustments'>): CpPlansAdjustment[] {
  return scenario.adjustments.filter((a): a is CpPlansAdjustment => a.kind === 'cpPlans');
}

/**
 * The adjustments the demand engine applies (new provision becomes a capacity-limited shift; a
 * child protection plans lever becomes an entry rate change of its percent times `cpPlanShare`,
 * the share of entries after a plan, which a scenario with that lever must be given).
 */
export function engineAdjustments(scenario: Scenario, cpPlanShare?: CpPlanShare): RateAdjustment[] {
  const out: RateAdjustment[] = [];
  for (const a of scenario.adjustments) {
    switch (a.kind) {
      case 'cpPlans':
        if (cpPlanShare === undefined)
          throw new Error('a child protection plans lever needs the share of entries to care after a plan');
        out.push(cpPlansEntryRate(a, cpPlanShare));
        break;
      case 'entryRate':
      case 'exitRate':
      case 'categoryShift':
      case 'moveOnce':
      case 'movePercent':
        out.push(a);
        break;
      case 'moveToShare': {
        const { childrenPerHousehold: _households, ...move } = a;
        out.push(move);
        break;
      }
      case 'newProvision':
        out.push({
          kind: 'categoryShift',
          start: a.start,
          rampMonths: a.rampMonths,
          from: a.from,
          to: a.to,
          childrenPerYear: a.childrenPerYear,
          capacity: a.capacity,
          ...(a.ageBands ? { ageBands: a.ageBands } : {}),
        });
        break;
      case 'unitCostChange':
      case 'agencyShare':
        break;
    }
  }
  return out;
}

/** The adjustments finance applies when it costs the scenario's projection. */
export function costAdjustments(scenario: Scenario): CostAdjustment[] {
  const out: CostAdjustment[] = [];
  for (const a of scenario.adjustments) {
    if (a.kind === 'unitCostChange') out.push(a);
    if (a.kind === 'newProvision') {
      out.push({
        kind: 'provisionCost',
        name: a.name,
        category: a.to,
        capacity: a.capacity,
        runningCostPerYearPence: a.runningCostPerYearPence,
        start: a.start,
        rampMonths: a.rampMonths,
      });
    }
  }
  return out;
}

/** How each route out of care reads after "N% more children …". */
const EXIT_ROUTE_PHRASES: Readonly<Record<ExitRoute, string>> = {
  return_home: 'returning home',
  adoption: 'leaving care by adoption',
  sgo_cao: 'leaving care by special guardianship or child arrangements order',
  independence_or_18: 'leaving care for independent living or at 18',
  other: 'leaving care by other routes',
};

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** A placement category's name as it reads inside a sentence ("external residential"). */
export function categoryName(c: PlacementCategory): string {
  return lowerFirst(PLACEMENT_CATEGORY_LABELS[c] ?? c);
}

/** "a, b or c" / "a, b and c". */
function listOf(items: readonly string[], last: 'or' | 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/** A number as people write it: 1,234 and at most 2 decimals (12.5). */
function num(n: number): string {
  return n.toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/** Pounds without pennies when they are whole: £150, £1,200,000, £12.50. */
const pounds = (pence: number) => formatPounds(pence).replace(/\.00\)?$/, (m) => m.slice(3));

/** `part` of `whole` as a percentage to 1 decimal place at most ("60%", "61.7%"). */
function sharePercent(part: number, whole: number): string {
  return `${(Math.round((part / whole) * 1000) / 10).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;
}

const plural = (n: number, one: string, many: string) => `${num(n)} ${Math.abs(n) === 1 ? one : many}`;

/**
 * A one-line description of an adjustment in plain English, for pages, workbooks and the CLI's
 * text output: category, route and age band names, dates as "1 April 2027" (`bands` gives the age
 * bands' names; the JSON keeps the codes).
 */
export function describeAdjustment(
  a: ScenarioAdjustment,
  bands: readonly AgeBand[] = DEFAULT_AGE_BANDS,
  /** For a child protection plans lever: the share of entries after a plan it was run with. */
  cpPlanShare?: CpPlanShare,
): string {
  const when = `from ${formatLongDate(a.start)}${a.rampMonths > 0 ? `, reaching full effect over ${plural(a.rampMonths, 'month', 'months')}` : ''}`;
  const aged = (keys: readonly string[] | undefined) =>
    keys && keys.length > 0
      ? ` aged ${listOf(
          keys.map((k) => lowerFirst(bands.find((b) => b.key === k)?.label ?? k)),
          'or',
        )}`
      : '';
  const moreOrFewer = (n: number) => `${num(Math.abs(n))}${'%'} ${n < 0 ? 'fewer' : 'more'}`;
  switch (a.kind) {
    case 'entryRate':
      return a.percent !== undefined
        ? `${moreOrFewer(a.percent)} children${aged(a.ageBands)} entering care ${when}`
        : `${num(Math.abs(a.childrenPerYear ?? 0))} ${(a.childrenPerYear ?? 0) < 0 ? 'fewer' : 'more'} ${
            Math.abs(a.childrenPerYear ?? 0) === 1 ? 'child' : 'children'
          }${aged(a.ageBands)} a year entering care ${when}`;
    case 'exitRate':
      return `${moreOrFewer(a.percent)} children${aged(a.ageBands)} ${EXIT_ROUTE_PHRASES[a.route] ?? a.route} ${when}`;
    case 'categoryShift':
      return `${plural(a.childrenPerYear, 'child', 'children')}${aged(a.ageBands)} a year move from ${categoryName(a.from)} to ${categoryName(a.to)}${
        a.capacity === null ? '' : `, at most ${num(a.capacity)} at a time`
      }, ${when}`;
    case 'moveOnce':
      return `${plural(a.children, 'child', 'children')}${aged(a.ageBands)} move once from ${categoryName(a.from)} to ${categoryName(a.to)}, ${
        a.rampMonths > 1
          ? `spread over ${a.rampMonths} months from ${formatLongDate(a.start)}`
          : `in the month from ${formatLongDate(a.start)}`
      }`;
    case 'movePercent':
      return `${num(a.percentPerYear)}% of the children${aged(a.ageBands)} in ${categoryName(a.from)} a year move to ${categoryName(a.to)} ${when}`;
    case 'moveToShare':
      return `Children${aged(a.ageBands)} move from ${categoryName(a.from)} to ${categoryName(a.to)} from ${formatLongDate(a.start)} until ${categoryName(a.to)} has ${num(a.sharePercent)}% of the children in the two by ${formatLongDate(a.by)}${
        a.childrenPerHousehold === undefined
          ? ''
          : `, at ${num(a.childrenPerHousehold)} children per in-house fostering household`
      }`;
    case 'unitCostChange': {
      const parts: string[] = [];
      if (a.percent !== undefined) parts.push(`${num(Math.abs(a.percent))}% ${a.percent < 0 ? 'lower' : 'higher'}`);
      if (a.weeklyChangePence !== undefined)
        parts.push(`${pounds(Math.abs(a.weeklyChangePence))} a week ${a.weeklyChangePence < 0 ? 'less' : 'more'}`);
      return `Unit cost of ${categoryName(a.category)} ${listOf(parts, 'and')} ${when}`;
    }
    case 'cpPlans': {
      const plans = `${moreOrFewer(a.percent)} child protection plans ${when}`;
      if (cpPlanShare === undefined)
        return `${plans}: entries to care change by that times the share of entries that came after a plan (from the CIN census, when the scenario runs)`;
      const entries = cpPlansEntryPercent(a.percent, cpPlanShare);
      return `${plans}: ${sharePercent(cpPlanShare.afterPlan, cpPlanShare.entries)} of the entries to care from ${formatLongDate(cpPlanShare.from)} to ${formatLongDate(cpPlanShare.to)} came after a plan (${num(cpPlanShare.afterPlan)} of ${num(cpPlanShare.entries)}), so ${moreOrFewer(entries)} children entering care ${when}`;
    }
    case 'agencyShare':
      return `Agency share of social work posts from ${num(a.fromPercent)}% to ${num(a.toPercent)}% by ${formatLongDate(a.by)}, from ${formatLongDate(a.start)}: the agency premium avoided (workforce)`;
    case 'newProvision':
      return `${a.name}: ${plural(a.capacity, 'place', 'places')} in ${categoryName(a.to)} for children${aged(a.ageBands)} from ${categoryName(a.from)}, ${plural(a.childrenPerYear, 'child', 'children')} placed a year, running cost ${pounds(a.runningCostPerYearPence)} a year, ${when}`;
  }
}

/**
 * Warnings for adjustments that start before the forecast does (`forecastStart`): the engine models
 * only the months from the forecast start, so whatever the adjustment would have done before then
 * (a one-off move included) is not in the forecast; from then on it runs as ramped up by that date.
 */
export function startWarnings(scenario: Pick<Scenario, 'adjustments'>, forecastStart: IsoDate): string[] {
  const out: string[] = [];
  scenario.adjustments.forEach((a, i) => {
    if (a.start >= forecastStart) return;
    out.push(
      `Adjustment ${i + 1} starts on ${formatLongDate(a.start)}, before the forecast starts on ${formatLongDate(forecastStart)}: ` +
        `only its effect from ${formatLongDate(forecastStart)} is in the forecast. Change its start date to ${formatLongDate(forecastStart)} or later if it has not happened yet.`,
    );
  });
  return out;
}
