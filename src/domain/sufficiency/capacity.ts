/**
 * In-house capacity (issue 11): the council's approved fostering households and the places they
 * offer, and the beds in its own children's homes, as recorded month by month; forecast demand
 * against them; and the gap, what must be bought externally, costed.
 *
 * A record holds from its month until the next record. Each month of the forecast:
 *   fostering demand   = expected children in in-house fostering + agency fostering (mainstream
 *                        fostering, as the placement mix counts it; family and friends carers apart)
 *   fostering gap      = max(0, fostering demand - fostering places)
 *   residential demand = expected children in the council's homes + other homes
 *   residential gap    = max(0, residential demand - home beds)
 *   cost of the gap    = gap x the month's days x the external category's weekly unit cost / 7
 *                        (agency fostering for fostering, external residential for residential),
 *                        rounded to whole pence once per month and kind; years add the rounded months.
 * Every place and bed is counted as usable: vacancies kept for matching, carers on a break and
 * closed beds are not modelled (a council enters the places it can use). Pure.
 */
import { daysInMonth, financialYearStart, type IsoDate } from '../dates.ts';
import { exactCostOfDays, roundPence, type Pence } from '../finance/money.ts';
import type { PlacementCategory } from '../placementCategories.ts';
import { isMonthKey } from '../permanence/tracker.ts';

export interface CapacityRecord {
  /** YYYY-MM: the month from which these numbers hold. */
  readonly month: string;
  readonly fosteringHouseholds: number;
  readonly fosteringPlaces: number;
  readonly homeBeds: number;
}

/** Expected children in each placement category at a month end (the forecast's expected path). */
export interface DemandMonth {
  /** YYYY-MM. */
  readonly month: string;
  readonly monthEnd: IsoDate;
  readonly byCategory: Readonly<Partial<Record<PlacementCategory, number>>>;
}

export interface CapacityGapMonth {
  readonly month: string;
  readonly monthEnd: IsoDate;
  /** The record in force that month; null when none is recorded on or before it. */
  readonly capacity: CapacityRecord | null;
  readonly fosteringDemand: number;
  /** null without a record. */
  readonly fosteringGap: number | null;
  readonly residentialDemand: number;
  readonly residentialGap: number | null;
  /** Cost of the fostering gap at the agency fostering unit cost; null without a record. */
  readonly fosteringGapPence: Pence | null;
  readonly residentialGapPence: Pence | null;
}

export interface CapacityGapYear {
  /** Start year of the financial year (2026 = 2026/27). */
  readonly financialYear: number;
  /** Months of the forecast in the year with a record (the costs cover only these). */
  readonly months: number;
  readonly fosteringGapPence: Pence;
  readonly residentialGapPence: Pence;
}

/** Which categories make up each kind's demand, and which the gap is bought at. */
export const CAPACITY_CATEGORIES = {
  fostering: { demand: ['inhouse_fostering', 'ifa_fostering'], boughtAt: 'ifa_fostering' },
  residential: { demand: ['inhouse_residential', 'external_residential'], boughtAt: 'external_residential' },
} as const satisfies Record<
  string,
  { readonly demand: readonly PlacementCategory[]; readonly boughtAt: PlacementCategory }
>;

/** The record in force in `month` (the latest on or before it), or null. `records` in any order. */
export function capacityInMonth(records: readonly CapacityRecord[], month: string): CapacityRecord | null {
  let best: CapacityRecord | null = null;
  for (const r of records) if (r.month <= month && (best === null || r.month > best.month)) best = r;
  return best;
}

/**
 * Demand against capacity month by month. `weeklyPence(category, from, to)` is the external
 * category's weekly unit cost averaged over the days from `from` to `to` (RateBook.averageWeekly).
 */
export function capacityGaps(
  demand: readonly DemandMonth[],
  records: readonly CapacityRecord[],
  weeklyPence: (category: PlacementCategory, from: IsoDate, to: IsoDate) => number,
): CapacityGapMonth[] {
  return demand.map((d) => {
    const capacity = capacityInMonth(records, d.month);
    const sum = (cats: readonly PlacementCategory[]) => cats.reduce((s, c) => s + (d.byCategory[c] ?? 0), 0);
    const fosteringDemand = sum(CAPACITY_CATEGORIES.fostering.demand);
    const residentialDemand = sum(CAPACITY_CATEGORIES.residential.demand);
    const first = `${d.month}-01`;
    const days = daysInMonth(Number(d.month.slice(0, 4)), Number(d.month.slice(5, 7)));
    const cost = (gap: number, category: PlacementCategory): Pence =>
      gap === 0 ? 0 : roundPence(exactCostOfDays(weeklyPence(category, first, d.monthEnd), gap * days));
    if (capacity === null)
      return {
        month: d.month,
        monthEnd: d.monthEnd,
        capacity,
        fosteringDemand,
        fosteringGap: null,
        residentialDemand,
        residentialGap: null,
        fosteringGapPence: null,
        residentialGapPence: null,
      };
    const fosteringGap = Math.max(0, fosteringDemand - capacity.fosteringPlaces);
    const residentialGap = Math.max(0, residentialDemand - capacity.homeBeds);
    return {
      month: d.month,
      monthEnd: d.monthEnd,
      capacity,
      fosteringDemand,
      fosteringGap,
      residentialDemand,
      residentialGap,
      fosteringGapPence: cost(fosteringGap, CAPACITY_CATEGORIES.fostering.boughtAt),
      residentialGapPence: cost(residentialGap, CAPACITY_CATEGORIES.residential.boughtAt),
    };
  });
}

/** The gaps' costs by financial year (the rounded months added; months without a record left out). */
export function gapsByFinancialYear(months: readonly CapacityGapMonth[]): CapacityGapYear[] {
  const byYear = new Map<number, { months: number; fostering: number; residential: number }>();
  for (const m of months) {
    if (m.fosteringGapPence === null || m.residentialGapPence === null) continue;
    const y = financialYearStart(`${m.month}-01`);
    const t = byYear.get(y) ?? { months: 0, fostering: 0, residential: 0 };
    t.months += 1;
    t.fostering += m.fosteringGapPence;
    t.residential += m.residentialGapPence;
    byYear.set(y, t);
  }
  return [...byYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([financialYear, t]) => ({
      financialYear,
      months: t.months,
      fosteringGapPence: t.fostering,
      residentialGapPence: t.residential,
    }));
}

// ---------------------------------------------------------------------------------------------
// The capacity file: month, fostering_households, fostering_places, home_beds.

export type CapacityRule =
  'CAPACITY-FILE' | 'CAPACITY-COLUMN-MISSING' | 'CAPACITY-MONTH' | 'CAPACITY-NUMBER' | 'CAPACITY-DUPLICATE';

export interface CapacityProblem {
  readonly file: string;
  /** 1-based spreadsheet row (header = 1); null for the whole file. */
  readonly row: number | null;
  readonly column: string | null;
  readonly rule: CapacityRule;
  readonly message: string;
}

/** The most a number in the file may be (a whole country's fostering places is about 70,000). */
export const MAX_CAPACITY = 100_000;
/** Rows a capacity file may hold (a record a month for over 80 years). */
export const MAX_CAPACITY_ROWS = 1000;

export const CAPACITY_COLUMNS = ['month', 'fostering_households', 'fostering_places', 'home_beds'] as const;
type CapacityColumn = (typeof CAPACITY_COLUMNS)[number];

const normalise = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');

/** A whole number from 0 to MAX_CAPACITY written as digits; null otherwise. */
export function capacityNumber(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,6}$/.test(t)) return null;
  const n = Number(t);
  return n <= MAX_CAPACITY ? n : null;
}

/** What a number field is called in messages. */
export const CAPACITY_FIELD_LABELS: Readonly<Record<Exclude<CapacityColumn, 'month'>, string>> = {
  fostering_households: 'approved fostering households',
  fostering_places: 'fostering places',
  home_beds: "beds in the council's homes",
};

/**
 * Validates a capacity table's rows of text (the first is the header; columns matched ignoring
 * case, spaces and underscores). Every problem names file, row, column and rule.
 */
export function parseCapacityRows(
  file: string,
  rows: readonly { readonly row: number; readonly fields: readonly string[] }[],
): { readonly records: readonly CapacityRecord[]; readonly problems: readonly CapacityProblem[] } {
  const problems: CapacityProblem[] = [];
  const problem = (row: number | null, column: string | null, rule: CapacityRule, message: string): void => {
    problems.push({ file, row, column, rule, message: `${file}${row === null ? '' : `, row ${row}`}: ${message}` });
  };
  const header = rows[0];
  if (!header) {
    problem(
      null,
      null,
      'CAPACITY-FILE',
      `the file holds no rows; expected a header naming ${CAPACITY_COLUMNS.join(', ')}`,
    );
    return { records: [], problems };
  }
  if (rows.length - 1 > MAX_CAPACITY_ROWS) {
    problem(
      null,
      null,
      'CAPACITY-FILE',
      `${rows.length - 1} rows is more than a capacity file may hold (${MAX_CAPACITY_ROWS})`,
    );
    return { records: [], problems };
  }
  const index = new Map<CapacityColumn, number>();
  header.fields.forEach((h, i) => {
    const n = normalise(h);
    for (const c of CAPACITY_COLUMNS) if (normalise(c) === n && !index.has(c)) index.set(c, i);
  });
  const missing = CAPACITY_COLUMNS.filter((c) => !index.has(c));
  for (const c of missing)
    problem(
      header.row,
      c,
      'CAPACITY-COLUMN-MISSING',
      `there is no ${c} column; expected ${CAPACITY_COLUMNS.join(', ')}; found ${header.fields.join(', ') || 'nothing'}`,
    );
  if (missing.length > 0) return { records: [], problems };
  const get = (fields: readonly string[], c: CapacityColumn) => (fields[index.get(c)!] ?? '').trim();
  const records: CapacityRecord[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, fields } of rows.slice(1)) {
    let ok = true;
    const month = get(fields, 'month');
    if (!isMonthKey(month)) {
      problem(
        row,
        'month',
        'CAPACITY-MONTH',
        `month must be written YYYY-MM, e.g. 2026-04, not "${month.slice(0, 20)}"`,
      );
      ok = false;
    } else if (firstRowOf.has(month)) {
      problem(
        row,
        'month',
        'CAPACITY-DUPLICATE',
        `${month} is already in row ${firstRowOf.get(month)}; give each month once`,
      );
      ok = false;
    } else firstRowOf.set(month, row);
    const numbers: Partial<Record<CapacityColumn, number>> = {};
    for (const c of ['fostering_households', 'fostering_places', 'home_beds'] as const) {
      const text = get(fields, c);
      const n = capacityNumber(text);
      if (n === null) {
        problem(
          row,
          c,
          'CAPACITY-NUMBER',
          `${c} (${CAPACITY_FIELD_LABELS[c]}) must be a whole number from 0 to ${MAX_CAPACITY.toLocaleString('en-GB')}, not "${text.slice(0, 20)}"`,
        );
        ok = false;
      } else numbers[c] = n;
    }
    if (ok)
      records.push({
        month,
        fosteringHouseholds: numbers.fostering_households!,
        fosteringPlaces: numbers.fostering_places!,
        homeBeds: numbers.home_beds!,
      });
  }
  return { records: problems.length > 0 ? [] : records.sort((a, b) => (a.month < b.month ? -1 : 1)), problems };
}
