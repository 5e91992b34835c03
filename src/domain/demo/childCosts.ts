/**
 * Child-level placement costs for the synthetic council, as a council's finance system would
 * export them for the placements it buys one by one: external residential homes, independent
 * fostering agencies and secure children's homes. One row per placement episode open in the last
 * `years` collection years, at a weekly price drawn around a typical English price for that kind
 * of placement (log-normal: a few placements cost far more than the average, as in real councils).
 * Pure: the same returns and seed give the same rows.
 *
 * Prices are illustrative (order of magnitude of published council averages for 2024-25), not any
 * council's figures.
 */
import { placementCategory, type PlacementCategory } from '../placementCategories.ts';
import { NO_URN } from './placements.ts';
import { Rng } from './random.ts';
import type { CollectionYearReturn } from './returns.ts';

export const CHILD_COST_COLUMNS = ['CHILD', 'PROVIDER', 'START', 'END', 'WEEKLY_COST'] as const;
export type ChildCostRow = Record<(typeof CHILD_COST_COLUMNS)[number], string>;

/** Median weekly price (pounds) and log-normal spread of the placements bought one by one. */
const PRICE: Partial<Record<PlacementCategory, { readonly median: number; readonly sigma: number }>> = {
  external_residential: { median: 5_800, sigma: 0.3 },
  ifa_fostering: { median: 950, sigma: 0.15 },
  secure: { median: 8_500, sigma: 0.2 },
};

export interface DemoChildCostOptions {
  readonly seed: number;
  /** Collection years (counted back from the latest return) whose placements have a cost (default 2). */
  readonly years?: number;
}

/** Cost rows for the spot-purchased placements of the last `years` returns (dates as in the returns, DD/MM/YYYY). */
export function demoChildCosts(
  returns: readonly CollectionYearReturn[],
  options: DemoChildCostOptions,
): ChildCostRow[] {
  const rng = Rng.seeded(options.seed);
  const latest = Math.max(...returns.map((r) => r.collectionYear));
  const from = latest - (options.years ?? 2) + 1;
  // The latest return's version of each episode wins (it has the end date if it has ended since).
  const episodes = new Map<string, CollectionYearReturn['episodes'][number]>();
  for (const ret of [...returns].sort((a, b) => a.collectionYear - b.collectionYear)) {
    if (ret.collectionYear < from) continue;
    for (const e of ret.episodes) episodes.set(`${e.CHILD}|${e.DECOM}`, e);
  }
  const rows: ChildCostRow[] = [];
  // An episode that only records a change of legal status keeps the placement and so its price.
  let previous: {
    readonly child: string;
    readonly placement: string;
    readonly end: string;
    readonly weekly: number;
  } | null = null;
  const ordered = [...episodes.values()].sort((a, b) =>
    a.CHILD === b.CHILD ? isoOf(a.DECOM).localeCompare(isoOf(b.DECOM)) : a.CHILD.localeCompare(b.CHILD),
  );
  for (const e of ordered) {
    const price = PRICE[placementCategory(e.PLACE, e.PLACE_PROVIDER === '' ? null : e.PLACE_PROVIDER)];
    if (!price) continue;
    const placement = `${e.PLACE}|${e.PLACE_PROVIDER}|${e.URN}`;
    const before = previous;
    const same: boolean =
      before !== null && before.child === e.CHILD && before.placement === placement && before.end === e.DECOM;
    const weekly: number =
      same && before !== null ? before.weekly : Math.round(rng.logNormal(price.median, price.sigma));
    previous = { child: e.CHILD, placement, end: e.DEC, weekly };
    const provider = e.URN === '' || e.URN === NO_URN ? '' : `Provider ${e.URN}`;
    rows.push({ CHILD: e.CHILD, PROVIDER: provider, START: e.DECOM, END: e.DEC, WEEKLY_COST: String(weekly) });
  }
  return rows;
}

/** YYYY-MM-DD of a DD/MM/YYYY date, for ordering. */
function isoOf(ukDate: string): string {
  return `${ukDate.slice(6, 10)}-${ukDate.slice(3, 5)}-${ukDate.slice(0, 2)}`;
}
