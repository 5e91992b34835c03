/**
 * Stock: the children looked after on a day, by placement category and age band.
 *
 * A child is looked after on day d when one of their episodes has DECOM <= d and (DEC blank or
 * d < DEC) and is not a short break (LS V3/V4). Each child counts once: if overlapping episodes
 * (a data error the validator reports) are open together, the one that started last gives the
 * category. The age band is the child's age on d. A child with episodes but no header row has no
 * date of birth and cannot be banded; such children are left out (the validator reports them as
 * errors, so they reach the store only with --accept-errors).
 *
 * Cost: one pass over the episodes per date; `stockSeries` sorts once and sweeps month ends.
 */
import type { CaseData, Episode } from './model.ts';
import { isOpenOn, isShortBreak } from './model.ts';
import { addMonths, endOfMonth, type IsoDate } from './dates.ts';
import {
  DEFAULT_CATEGORY_MAPPING,
  emptyCategoryCounts,
  placementCategory,
  type CategoryMapping,
  type PlacementCategory,
} from './placementCategories.ts';
import { DEFAULT_AGE_BANDS, ageBandOn, type AgeBand } from './ageBands.ts';

export interface StockOptions {
  readonly mapping?: CategoryMapping;
  readonly bands?: readonly AgeBand[];
}

export interface Stock {
  readonly date: IsoDate;
  readonly total: number;
  /** Every category key, zeros included, in the canonical order. */
  readonly byCategory: Readonly<Record<PlacementCategory, number>>;
  /** Every band key, zeros included, youngest first. */
  readonly byAgeBand: Readonly<Record<string, number>>;
}

function emptyBandCounts(bands: readonly AgeBand[]): Record<string, number> {
  return Object.fromEntries(bands.map((b) => [b.key, 0]));
}

function countOn(
  date: IsoDate,
  open: Iterable<Episode>,
  dobOf: ReadonlyMap<string, string>,
  mapping: CategoryMapping,
  bands: readonly AgeBand[],
): Stock {
  // The latest-starting open episode for each child.
  const current = new Map<string, Episode>();
  for (const e of open) {
    const seen = current.get(e.childId);
    if (!seen || e.start > seen.start) current.set(e.childId, e);
  }
  const byCategory = emptyCategoryCounts();
  const byAgeBand = emptyBandCounts(bands);
  let total = 0;
  for (const [childId, e] of current) {
    const dob = dobOf.get(childId);
    if (dob === undefined) continue;
    total++;
    byCategory[placementCategory(e.placement, e.provider, mapping)]++;
    const band = ageBandOn(dob, date, bands).key;
    byAgeBand[band] = (byAgeBand[band] ?? 0) + 1;
  }
  return { date, total, byCategory, byAgeBand };
}

function datesOfBirth(data: CaseData): Map<string, string> {
  return new Map(data.children.map((c) => [c.childId, c.dob]));
}

/** Children looked after on `date`, by placement category and age band. */
export function stockOn(data: CaseData, date: IsoDate, options: StockOptions = {}): Stock {
  const mapping = options.mapping ?? DEFAULT_CATEGORY_MAPPING;
  const bands = options.bands ?? DEFAULT_AGE_BANDS;
  const open = data.episodes.filter((e) => !isShortBreak(e) && isOpenOn(e, date));
  return countOn(date, open, datesOfBirth(data), mapping, bands);
}

/** Month ends from the end of `from`'s month to `to` (inclusive when `to` is itself a month end). */
export function monthEnds(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = endOfMonth(from); d <= to; d = endOfMonth(addMonths(d.slice(0, 8) + '01', 1))) out.push(d);
  return out;
}

/**
 * Stock at each month end from `from` to `to`, for the overview chart. Sweeps the episodes once in
 * start order, keeping those still open, so the cost is about (episodes + months x open episodes).
 */
export function stockSeries(data: CaseData, from: IsoDate, to: IsoDate, options: StockOptions = {}): Stock[] {
  const mapping = options.mapping ?? DEFAULT_CATEGORY_MAPPING;
  const bands = options.bands ?? DEFAULT_AGE_BANDS;
  const dobOf = datesOfBirth(data);
  const sorted = data.episodes
    .filter((e) => !isShortBreak(e))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: Stock[] = [];
  let next = 0;
  let active: Episode[] = [];
  for (const date of monthEnds(from, to)) {
    while (next < sorted.length && (sorted[next] as Episode).start <= date) active.push(sorted[next++] as Episode);
    active = active.filter((e) => e.end === null || date < e.end);
    out.push(countOn(date, active, dobOf, mapping, bands));
  }
  return out;
}
