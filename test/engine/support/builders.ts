/**
 * Builders for engine tests: fitted rates written down directly (so a projection can be checked
 * against a hand-worked example), starting populations from dates of birth, and small case data.
 */
import { toDayNumber, type IsoDate } from '../../../src/domain/dates.ts';
import { DEFAULT_AGE_BANDS } from '../../../src/domain/ageBands.ts';
import { EXIT_ROUTES, type ExitRoute } from '../../../src/domain/exitRoutes.ts';
import type { Child, Episode } from '../../../src/domain/model.ts';
import { PLACEMENT_CATEGORIES, type PlacementCategory } from '../../../src/domain/placementCategories.ts';
import { bandBoundaryDays, bandIndexOn } from '../../../src/domain/engine/periods.ts';
import type { StartingPopulation } from '../../../src/domain/engine/population.ts';
import type { FittedRates, RateCell } from '../../../src/domain/engine/rates.ts';
import type { EntryTrend } from '../../../src/domain/engine/trend.ts';

const EXPOSURE = 1_000_000; // large exposure: the Gamma posterior is then tight around the rate

function cellFor(ratePerDay: number, exposureDays = EXPOSURE): RateCell {
  return { events: ratePerDay * exposureDays, exposureDays, ratePerDay };
}

export interface RatesSpec {
  readonly start: IsoDate;
  /** Entries a day by band key and category. */
  readonly entries?: readonly { band: string; category: PlacementCategory; perDay: number }[];
  readonly exits?: readonly { band?: string; category: PlacementCategory; route: ExitRoute; perDay: number }[];
  readonly transitions?: readonly { band?: string; from: PlacementCategory; to: PlacementCategory; perDay: number }[];
  /** Ages in days of entrants, per band key (default: none observed, ages uniform in the band). */
  readonly entryAges?: Readonly<Record<string, readonly number[]>>;
}

const FLAT_TREND: EntryTrend = {
  monthKeys: [],
  monthlyEntries: [],
  coef: [0, 0, 0, 0],
  cov: new Array<number>(16).fill(0),
  tStart: 0,
  tReferenceMid: 0,
  dispersionFlat: 1,
  dispersionTrend: 1,
  percentPerYear: 0,
  slopeShrinkage: 0,
  seasonal: false,
  warning: null,
};

/** Fitted rates written down by hand (every other rate is 0). */
export function ratesFrom(spec: RatesSpec): FittedRates {
  const bands = DEFAULT_AGE_BANDS;
  const nB = bands.length;
  const nC = PLACEMENT_CATEGORIES.length;
  const nR = EXIT_ROUTES.length;
  const bi = (key: string): number => bands.findIndex((b) => b.key === key);
  const ci = (c: PlacementCategory): number => PLACEMENT_CATEGORIES.indexOf(c);
  const entries: RateCell[] = Array.from({ length: nB * nC }, () => cellFor(0, 730));
  const transitions: RateCell[] = Array.from({ length: nB * nC * nC }, () => cellFor(0));
  const exits: RateCell[] = Array.from({ length: nB * nC * nR }, () => cellFor(0));
  for (const e of spec.entries ?? []) entries[bi(e.band) * nC + ci(e.category)] = cellFor(e.perDay, 730);
  for (const x of spec.exits ?? []) {
    for (let b = 0; b < nB; b++) {
      if (x.band !== undefined && bi(x.band) !== b) continue;
      exits[(b * nC + ci(x.category)) * nR + EXIT_ROUTES.indexOf(x.route)] = cellFor(x.perDay);
    }
  }
  for (const t of spec.transitions ?? []) {
    for (let b = 0; b < nB; b++) {
      if (t.band !== undefined && bi(t.band) !== b) continue;
      transitions[(b * nC + ci(t.from)) * nC + ci(t.to)] = cellFor(t.perDay);
    }
  }
  return {
    start: spec.start,
    referenceStart: spec.start,
    referenceDays: 730,
    exitReferenceStart: spec.start,
    exitReferenceDays: 730,
    cohort: 'all',
    categories: PLACEMENT_CATEGORIES,
    ageBands: bands,
    routes: EXIT_ROUTES,
    entries,
    transitions,
    exits,
    exposure: new Array<number>(nB * nC).fill(EXPOSURE),
    entryAgesDays: bands.map((b) => [...(spec.entryAges?.[b.key] ?? [])]),
    agedOut: 0,
    trend: FLAT_TREND,
    entryModel: 'flat',
    entryDispersion: 1,
    warnings: [],
  };
}

/** Starting population from (date of birth, category) pairs, as on `start`. */
export function populationOf(
  start: IsoDate,
  kids: readonly { dob: IsoDate; category: PlacementCategory }[],
): StartingPopulation {
  const day = toDayNumber(start);
  return {
    start,
    children: kids.map((k) => {
      const boundaries = bandBoundaryDays(k.dob, DEFAULT_AGE_BANDS);
      return {
        dobDay: toDayNumber(k.dob),
        boundaries,
        band: bandIndexOn(boundaries, day),
        category: PLACEMENT_CATEGORIES.indexOf(k.category),
      };
    }),
  };
}

export function child(id: string, dob: IsoDate, extra: Partial<Child> = {}): Child {
  return { childId: id, sex: 'F', dob, ethnicity: 'WBRI', uasc: false, uascCeased: null, ...extra };
}

export function episode(
  childId: string,
  start: IsoDate,
  end: IsoDate | null,
  placement: string,
  provider: string | null,
  reasonEnded: string | null,
  extra: Partial<Episode> = {},
): Episode {
  return {
    childId,
    start,
    reasonNew: 'S',
    legalStatus: 'C2',
    needCode: 'N1',
    placement,
    provider,
    end,
    reasonEnded,
    reasonPlaceChange: null,
    ...extra,
  };
}
