/**
 * Placement mix (issue 11): the share of fostering and of residential placements the council
 * provides itself, month by month, against its target ratios. In-house and external are the
 * placement categories' own split (placementCategories.ts): fostering in-house = in-house
 * fostering (the council's own and other public carers, PLACE_PROVIDER PR1-PR3), external =
 * independent fostering agencies (PR4, PR5); residential in-house = the council's own homes (PR1),
 * external = every other home. Family and friends carers are left out of the fostering ratio, as
 * councils' fostering ratio targets count mainstream carers. Pure.
 */
import type { IsoDate } from '../dates.ts';
import type { PlacementCategory } from '../placementCategories.ts';
import type { Stock } from '../stock.ts';

export const MIX_KINDS = ['fostering', 'residential'] as const;
export type MixKind = (typeof MIX_KINDS)[number];

export const MIX_KIND_LABELS: Readonly<Record<MixKind, string>> = {
  fostering: 'Fostering',
  residential: 'Residential',
};

export const MIX_CATEGORIES: Readonly<
  Record<MixKind, { readonly inHouse: PlacementCategory; readonly external: PlacementCategory }>
> = {
  fostering: { inHouse: 'inhouse_fostering', external: 'ifa_fostering' },
  residential: { inHouse: 'inhouse_residential', external: 'external_residential' },
};

export function isMixKind(value: string): value is MixKind {
  return (MIX_KINDS as readonly string[]).includes(value);
}

export interface MixPoint {
  readonly date: IsoDate;
  readonly inHouse: number;
  readonly external: number;
  /** In-house / (in-house + external); null when there are none of either. */
  readonly inHouseShare: number | null;
}

/** The mix of one kind at each date of a stock series. */
export function mixSeries(stocks: readonly Stock[], kind: MixKind): MixPoint[] {
  const { inHouse, external } = MIX_CATEGORIES[kind];
  return stocks.map((s) => {
    const a = s.byCategory[inHouse] ?? 0;
    const b = s.byCategory[external] ?? 0;
    return { date: s.date, inHouse: a, external: b, inHouseShare: a + b === 0 ? null : a / (a + b) };
  });
}

/** A council's target: the in-house share of a kind of placement by a date. */
export interface MixTarget {
  readonly kind: MixKind;
  /** 0 to 1 (0.6 = 60:40 in-house to external). */
  readonly inHouseShare: number;
  readonly by: IsoDate;
}

/** "60:40" for 0.6; whole percentages, rounded half up, adding to 100. */
export function ratioLabel(share: number): string {
  const a = Math.round(share * 100);
  return `${a}:${100 - a}`;
}

export interface TargetGap {
  readonly target: MixTarget;
  /** The latest actual the gap is measured from. */
  readonly from: MixPoint;
  /**
   * Children to move from external to in-house placements, the total staying the same, to reach
   * the target share: the smallest whole number m with (in-house + m) / total >= target; 0 when
   * already there.
   */
  readonly childrenToMove: number;
  /** In-house fostering households (or home places) that many children need: ceil(children / per household). */
  readonly householdsNeeded: number;
}

/**
 * What a target asks of the council from the latest actual mix: the moves it needs, and the
 * in-house carers that implies at `childrenPerHousehold` children each.
 */
export function targetGap(target: MixTarget, latest: MixPoint, childrenPerHousehold: number): TargetGap {
  if (!(childrenPerHousehold > 0)) throw new RangeError('children per household must be more than 0');
  const total = latest.inHouse + latest.external;
  // A tiny allowance so that 0.6 x 10 = 6.000000000000001 asks for 6, not 7.
  const needed = Math.ceil(target.inHouseShare * total - 1e-9);
  const childrenToMove = Math.max(0, needed - latest.inHouse);
  return {
    target,
    from: latest,
    childrenToMove,
    householdsNeeded: childrenToMove === 0 ? 0 : Math.ceil(childrenToMove / childrenPerHousehold - 1e-9),
  };
}

/** The forecast's mix of one kind in the month containing a target's date. */
export interface ForecastMixPoint {
  /** YYYY-MM. */
  readonly month: string;
  readonly inHouse: number;
  readonly external: number;
  readonly inHouseShare: number | null;
}

/**
 * The forecast's in-house share of `kind` at the end of the month containing `by`, from expected
 * children by category at each forecast month end; 'before' when `by` is before the forecast's
 * first month (the date has passed), 'after' when it is beyond its last month.
 */
export function forecastMixAt(
  months: readonly { readonly month: string; readonly byCategory: Partial<Record<PlacementCategory, number>> }[],
  kind: MixKind,
  by: IsoDate,
): ForecastMixPoint | 'before' | 'after' | null {
  if (months.length === 0) return null;
  const month = by.slice(0, 7);
  if (month < (months[0]?.month ?? '')) return 'before';
  const found = months.find((m) => m.month === month);
  if (!found) return 'after';
  const { inHouse, external } = MIX_CATEGORIES[kind];
  const a = found.byCategory[inHouse] ?? 0;
  const b = found.byCategory[external] ?? 0;
  return { month, inHouse: a, external: b, inHouseShare: a + b === 0 ? null : a / (a + b) };
}
