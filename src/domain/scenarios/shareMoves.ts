/**
 * What a "reach a share by a date" adjustment asks of a council (issue 11): the children it moves
 * from one placement category to the other, month by month and by financial year, and, for moves
 * into in-house fostering, the in-house fostering households those children need.
 *
 * The moves are the demand engine's expected path (src/domain/engine/schedule.ts and expected.ts):
 * from the adjustment's start, the target share runs in a straight line from the share on the
 * first day of its first month to the target in the month containing its date, then holds; each
 * month moves the children needed to reach that month's target from the state at its start. With
 * nothing else happening (no entries, exits or other moves) that is an equal number each month.
 *
 * Rounding, each figure once from the unrounded moves: children moved in a month or a year and
 * children moved so far to 1 decimal place; households needed so far = the children moved so far
 * (as rounded) / children per household, rounded up (part of a household cannot be recruited),
 * 0 when nobody has moved. A year's new households are the households needed by its last month
 * less those needed by the last month of the year before.
 */
import { financialYearLabel, financialYearStart, type IsoDate } from '../dates.ts';
import type { PlacementCategory } from '../placementCategories.ts';
import type { CapacityRecord } from '../sufficiency/capacity.ts';

/** Children per in-house fostering household when neither the scenario nor the council's capacity gives one: an assumption, not a published figure. */
export const DEFAULT_CHILDREN_PER_HOUSEHOLD = 1.5;
/** Bounds of children per household a person may give (the Sufficiency page's too). */
export const MIN_CHILDREN_PER_HOUSEHOLD = 0.5;
export const MAX_CHILDREN_PER_HOUSEHOLD = 6;

/** Children per in-house fostering household and where it came from. */
export interface ChildrenPerHousehold {
  readonly value: number;
  /**
   * 'scenario': given in the adjustment; 'capacity': the council's in-house capacity record
   * (places / households) holding at the forecast start; 'default': DEFAULT_CHILDREN_PER_HOUSEHOLD.
   */
  readonly source: 'scenario' | 'capacity' | 'default';
  /** For 'capacity': the record's month, households and places. */
  readonly record?: Pick<CapacityRecord, 'month' | 'fosteringHouseholds' | 'fosteringPlaces'>;
}

/**
 * Children per household for a move: the adjustment's own figure, else the council's fostering
 * places / households in the capacity record holding in the month of `start` (the latest record
 * from that month or before, with households and places both above 0), else the default.
 */
export function childrenPerHouseholdFor(
  given: number | undefined,
  records: readonly CapacityRecord[],
  start: IsoDate,
): ChildrenPerHousehold {
  if (given !== undefined) return { value: given, source: 'scenario' };
  const month = start.slice(0, 7);
  let holding: CapacityRecord | undefined;
  for (const r of records) if (r.month <= month && (!holding || r.month > holding.month)) holding = r;
  if (holding && holding.fosteringHouseholds > 0 && holding.fosteringPlaces > 0) {
    return {
      value: holding.fosteringPlaces / holding.fosteringHouseholds,
      source: 'capacity',
      record: {
        month: holding.month,
        fosteringHouseholds: holding.fosteringHouseholds,
        fosteringPlaces: holding.fosteringPlaces,
      },
    };
  }
  return { value: DEFAULT_CHILDREN_PER_HOUSEHOLD, source: 'default' };
}

export interface ShareMoveMonth {
  /** YYYY-MM. */
  readonly month: string;
  /** Children moved in the month (1 dp). */
  readonly moves: number;
  /** Children moved from the start of the forecast to the month's end (1 dp). */
  readonly movedSoFar: number;
  /** Households those children need (rounded up); null when the move is not into in-house fostering. */
  readonly householdsNeeded: number | null;
}

export interface ShareMoveYear {
  /** Financial year label, e.g. "2025/26". */
  readonly year: string;
  /** Months of the forecast in the year. */
  readonly months: number;
  readonly moves: number;
  readonly movedSoFar: number;
  /** Households needed by the year's last forecast month; null when not into in-house fostering. */
  readonly householdsNeeded: number | null;
  /** Households to add in the year (needed by its end less needed by the year before's end). */
  readonly newHouseholds: number | null;
}

export interface ShareMovePlan {
  readonly from: PlacementCategory;
  readonly to: PlacementCategory;
  readonly childrenPerHousehold: ChildrenPerHousehold;
  readonly months: readonly ShareMoveMonth[];
  readonly years: readonly ShareMoveYear[];
  /** Every child moved over the forecast (1 dp) and the households they need (null: not fostering). */
  readonly totalMoves: number;
  readonly householdsNeeded: number | null;
}

const oneDp = (x: number): number => Math.round(x * 10) / 10;

/** Households for `children` (already rounded to 1 dp) at `perHousehold` each, rounded up. */
export function householdsFor(children: number, perHousehold: number): number {
  if (!(perHousehold > 0)) throw new RangeError('children per household must be more than 0');
  if (children <= 0) return 0;
  // Guard against 10.5 / 1.5 = 7.000000000000001 rounding up to 8.
  return Math.ceil(children / perHousehold - 1e-9);
}

/**
 * The plan for one move: `byMonth[m]` the expected children moved in `months[m]` (YYYY-MM, the
 * forecast's months in order). Households are worked out when `to` is in-house fostering.
 */
export function shareMovePlan(
  move: { readonly from: PlacementCategory; readonly to: PlacementCategory },
  months: readonly string[],
  byMonth: readonly number[],
  perHousehold: ChildrenPerHousehold,
): ShareMovePlan {
  if (months.length !== byMonth.length) throw new Error('one figure of moves for each month');
  const fostering = move.to === 'inhouse_fostering';
  const households = (soFar: number) => (fostering ? householdsFor(soFar, perHousehold.value) : null);
  const outMonths: ShareMoveMonth[] = [];
  const years: ShareMoveYear[] = [];
  let soFar = 0;
  let yearMoves = 0;
  let yearMonths = 0;
  let neededBefore = 0;
  months.forEach((month, m) => {
    const moved = Math.max(0, byMonth[m] ?? 0);
    soFar += moved;
    yearMoves += moved;
    yearMonths += 1;
    const rounded = oneDp(soFar);
    outMonths.push({ month, moves: oneDp(moved), movedSoFar: rounded, householdsNeeded: households(rounded) });
    const year = financialYearLabel(financialYearStart(`${month}-01`));
    const next = months[m + 1];
    if (next === undefined || financialYearLabel(financialYearStart(`${next}-01`)) !== year) {
      const needed = households(rounded);
      years.push({
        year,
        months: yearMonths,
        moves: oneDp(yearMoves),
        movedSoFar: rounded,
        householdsNeeded: needed,
        newHouseholds: needed === null ? null : needed - neededBefore,
      });
      neededBefore = needed ?? 0;
      yearMoves = 0;
      yearMonths = 0;
    }
  });
  const total = oneDp(soFar);
  return {
    from: move.from,
    to: move.to,
    childrenPerHousehold: perHousehold,
    months: outMonths,
    years,
    totalMoves: total,
    householdsNeeded: households(total),
  };
}

/** Children per household and where it came from, in words (pages, workbooks and the CLI). */
export function childrenPerHouseholdText(c: ChildrenPerHousehold): string {
  const n = c.value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  switch (c.source) {
    case 'scenario':
      return `${n} children per in-house fostering household, as the scenario gives it`;
    case 'capacity':
      return `${n} children per in-house fostering household, from the council’s in-house capacity recorded for ${c.record?.month ?? 'the start'} (${c.record?.fosteringPlaces ?? 0} places / ${c.record?.fosteringHouseholds ?? 0} households)`;
    case 'default':
      return `${n} children per in-house fostering household, Forecare’s default (an assumption: give the scenario its own figure, or record the council’s in-house capacity on the Sufficiency page)`;
  }
}
