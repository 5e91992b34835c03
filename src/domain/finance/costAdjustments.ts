/**
 * The parts of a scenario that change money rather than demand. The engine never sees these;
 * finance applies them when it costs a projection.
 */
import type { PlacementCategory } from '../placementCategories.ts';
import type { Timed } from '../scenarios/timing.ts';
import type { Pence } from './money.ts';

/**
 * A change to a category's weekly price (e.g. a commissioning saving): by a percentage
 * (-5 = 5% cheaper) or by an amount a week in pence (-2500 = £25 a week cheaper), or both
 * (percentage first). Ramps up like any adjustment.
 */
export interface UnitCostChange extends Timed {
  readonly kind: 'unitCostChange';
  readonly category: PlacementCategory;
  readonly percent?: number;
  readonly weeklyChangePence?: Pence;
}

/**
 * The money side of new provision (e.g. three two-bed homes): it costs `runningCostPerYearPence` a
 * year from `start` (pro rata by day, whether full or not), and up to `capacity` children placed in
 * `category` through it cost nothing more: the running cost replaces their unit cost.
 */
export interface ProvisionCost extends Timed {
  readonly kind: 'provisionCost';
  readonly name: string;
  readonly category: PlacementCategory;
  readonly capacity: number;
  readonly runningCostPerYearPence: Pence;
}

export type CostAdjustment = UnitCostChange | ProvisionCost;
