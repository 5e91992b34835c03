/**
 * The Overview's figures for one council, from its case data (pure: no database, no clock beyond
 * the `today` passed in): children looked after now by placement category and age band, the
 * month-end trend over the stored years, and entries and exits by route per year.
 *
 * "Now" is the last day the data covers: the end (31 March) of the latest collection year with
 * any episode start or end, or today if that is earlier. The service (src/services/overview.service.ts)
 * caches them per council and data version and has them computed by the engine runner, so that a
 * large council's (a second or more of CPU) are worked out off the request thread.
 */
import type { CaseData } from './model.ts';
import { isShortBreak } from './model.ts';
import { collectionYearOf, financialYearLabel, isoFromYmd, type IsoDate } from './dates.ts';
import { stockOn, stockSeries, type Stock } from './stock.ts';
import { EXIT_ROUTES, exitRoute, isExit, type ExitRoute } from './exitRoutes.ts';

export interface YearFlows {
  /** Collection year, named by the March it ends in. */
  readonly year: number;
  readonly label: string;
  /** Periods of care that started in the year (RNE = S). */
  readonly entries: number;
  /** Periods of care that ended in the year, by route. */
  readonly exits: Readonly<Record<ExitRoute, number>>;
  readonly exitsTotal: number;
}

export interface OverviewFigures {
  readonly hasData: boolean;
  readonly asAt: IsoDate | null;
  readonly children: number;
  readonly episodes: number;
  readonly now: Stock | null;
  readonly trend: readonly Stock[];
  readonly flows: readonly YearFlows[];
  readonly dataVersion: number;
}

/** 31 March ending the collection year `year`. */
function yearEnd(year: number): IsoDate {
  return isoFromYmd(year, 3, 31);
}

/**
 * The figures from case data (pure: no database, no clock beyond `today`). `firstReturnYear` is
 * the earliest collection year of the stored returns: the trend and the flows start there, since
 * before it only children still in care at its start are known (their older episodes would make
 * the early trend look like a rise from zero).
 */
export function overviewFigures(
  data: CaseData,
  today: IsoDate,
  dataVersion: number,
  firstReturnYear?: number,
): OverviewFigures {
  let latest: IsoDate | null = null;
  let earliest: IsoDate | null = null;
  for (const e of data.episodes) {
    const last = e.end ?? e.start;
    if (latest === null || last > latest) latest = last;
    if (earliest === null || e.start < earliest) earliest = e.start;
  }
  if (latest === null || earliest === null) {
    return {
      hasData: false,
      asAt: null,
      children: data.children.length,
      episodes: 0,
      now: null,
      trend: [],
      flows: [],
      dataVersion,
    };
  }
  const lastYear = collectionYearOf(latest);
  const asAt = yearEnd(lastYear) < today ? yearEnd(lastYear) : today;
  const now = stockOn(data, asAt);

  // Trend: month ends from the start of the first collection year that has data.
  const firstYear = Math.min(
    lastYear,
    Math.max(firstReturnYear ?? collectionYearOf(earliest), collectionYearOf(earliest), lastYear - 15),
  );
  const trend = stockSeries(data, isoFromYmd(firstYear - 1, 4, 30), asAt);

  const dob = new Map(data.children.map((c) => [c.childId, c.dob]));
  const flows = new Map<number, { entries: number; exits: Record<ExitRoute, number> }>();
  const flowFor = (year: number) => {
    let f = flows.get(year);
    if (!f)
      flows.set(
        year,
        (f = { entries: 0, exits: Object.fromEntries(EXIT_ROUTES.map((r) => [r, 0])) as Record<ExitRoute, number> }),
      );
    return f;
  };
  for (let y = firstYear; y <= lastYear; y++) flowFor(y);
  for (const e of data.episodes) {
    if (isShortBreak(e)) continue;
    if (e.reasonNew === 'S' && e.start > yearEnd(firstYear - 1)) flowFor(collectionYearOf(e.start)).entries++;
    if (e.end !== null && isExit(e.reasonEnded) && e.end > yearEnd(firstYear - 1)) {
      const birth = dob.get(e.childId);
      if (birth === undefined) continue;
      flowFor(collectionYearOf(e.end)).exits[exitRoute(e.reasonEnded as string, e.end, birth)]++;
    }
  }
  const flowList = [...flows.entries()]
    .filter(([year]) => year <= lastYear)
    .sort(([a], [b]) => a - b)
    .map(([year, f]) => ({
      year,
      label: financialYearLabel(year - 1),
      entries: f.entries,
      exits: f.exits,
      exitsTotal: EXIT_ROUTES.reduce((s, r) => s + f.exits[r], 0),
    }));

  return {
    hasData: true,
    asAt,
    children: data.children.length,
    episodes: data.episodes.length,
    now,
    trend,
    flows: flowList,
    dataVersion,
  };
}
