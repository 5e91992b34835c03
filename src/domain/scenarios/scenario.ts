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
  RateAdjustment,
} from '../engine/adjustments.ts';
import type { CostAdjustment, UnitCostChange } from '../finance/costAdjustments.ts';
import { formatPounds, type Pence } from '../finance/money.ts';
import type { PlacementCategory } from '../placementCategories.ts';
import type { Timed } from './timing.ts';

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

export type ScenarioAdjustment =
  EntryRateAdjustment | ExitRateAdjustment | CategoryShiftAdjustment | UnitCostChange | NewProvision;

export type AdjustmentKind = ScenarioAdjustment['kind'];

export const ADJUSTMENT_KINDS: readonly AdjustmentKind[] = [
  'entryRate',
  'exitRate',
  'categoryShift',
  'unitCostChange',
  'newProvision',
];

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly adjustments: readonly ScenarioAdjustment[];
}

/** The adjustments the demand engine applies (new provision becomes a capacity-limited shift). */
export function engineAdjustments(scenario: Scenario): RateAdjustment[] {
  const out: RateAdjustment[] = [];
  for (const a of scenario.adjustments) {
    switch (a.kind) {
      case 'entryRate':
      case 'exitRate':
      case 'categoryShift':
        out.push(a);
        break;
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

/** A one-line description of an adjustment, for listings and reports. */
export function describeAdjustment(a: ScenarioAdjustment): string {
  const when = `from ${a.start}${a.rampMonths > 0 ? `, ramping up over ${a.rampMonths} months` : ''}`;
  const bands = (b: readonly string[] | undefined) => (b && b.length > 0 ? ` (ages ${b.join(', ')})` : '');
  switch (a.kind) {
    case 'entryRate':
      return a.percent !== undefined
        ? `Entries ${signed(a.percent)}%${bands(a.ageBands)} ${when}`
        : `Entries ${signed(a.childrenPerYear ?? 0)} children a year${bands(a.ageBands)} ${when}`;
    case 'exitRate':
      return `Exits by ${a.route} ${signed(a.percent)}%${bands(a.ageBands)} ${when}`;
    case 'categoryShift':
      return `${a.childrenPerYear} a year from ${a.from} to ${a.to}${a.capacity === null ? '' : `, capacity ${a.capacity}`} ${when}`;
    case 'unitCostChange':
      return `Unit cost of ${a.category}${a.percent !== undefined ? ` ${signed(a.percent)}%` : ''}${
        a.weeklyChangePence !== undefined
          ? ` ${a.weeklyChangePence < 0 ? '-' : '+'}${formatPounds(Math.abs(a.weeklyChangePence))} a week`
          : ''
      } ${when}`;
    case 'newProvision':
      return `${a.name}: ${a.capacity} places in ${a.to} replacing ${a.from}, ${a.childrenPerYear} a year, running cost ${formatPounds(a.runningCostPerYearPence)} a year ${when}`;
  }
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
