/**
 * A small, independent simulator of 903 case data with known rates, for tests that check the
 * estimator recovers them. Deliberately written day by day (not with the engine's exponential
 * clocks) so that it does not share the engine's mistakes: each day every child in care may leave
 * by each route or move category with probability rate × 1 day; children age on their birthdays
 * and leave on their 18th birthday (REC E8).
 */
import { addDays, addYears, toDayNumber, fromDayNumber, type IsoDate } from '../../../src/domain/dates.ts';
import type { CaseData, Child, Episode } from '../../../src/domain/model.ts';
import type { ExitRoute } from '../../../src/domain/exitRoutes.ts';
import type { PlacementCategory } from '../../../src/domain/placementCategories.ts';
import { RunStream } from '../../../src/domain/stats/random.ts';

export interface KnownRates {
  /** Entries a day by band index (ages uniform within the band) and first category. */
  readonly entriesPerDay: Readonly<Record<number, Partial<Record<PlacementCategory, number>>>>;
  /** Exit rate a day by route, the same in every band and category unless `exitsByCategory` overrides. */
  readonly exitsPerDay: Partial<Record<ExitRoute, number>>;
  readonly exitsByCategory?: Partial<Record<PlacementCategory, Partial<Record<ExitRoute, number>>>>;
  /** Transition rate a day from → to (every band). */
  readonly transitionsPerDay: Partial<Record<PlacementCategory, Partial<Record<PlacementCategory, number>>>>;
  /** Probability a day of a placement change within the same category (not a transition). */
  readonly sameCategoryMovePerDay?: number;
  /**
   * Exit rates by time in care: the rate of a route on a day is multiplied by factors[route][k],
   * k the band of the days since the period of care began (bands start at 0 and at each bound).
   */
  readonly exitFactorsByTimeInCare?: {
    readonly boundsDays: readonly number[];
    readonly factors: Partial<Record<ExitRoute, readonly number[]>>;
  };
}

export const PLACEMENT_FOR: Readonly<Record<PlacementCategory, { placement: string; provider: string | null }>> = {
  kinship_fostering: { placement: 'U1', provider: 'PR1' },
  inhouse_fostering: { placement: 'U4', provider: 'PR1' },
  ifa_fostering: { placement: 'U4', provider: 'PR4' },
  inhouse_residential: { placement: 'K2', provider: 'PR1' },
  external_residential: { placement: 'K2', provider: 'PR4' },
  supported_accommodation: { placement: 'H5', provider: 'PR4' },
  secure: { placement: 'K1', provider: 'PR1' },
  placed_with_parents: { placement: 'P1', provider: 'PR0' },
  placed_for_adoption: { placement: 'A3', provider: 'PR1' },
  other: { placement: 'Z1', provider: null },
};

const REC_FOR: Readonly<Record<ExitRoute, string>> = {
  return_home: 'E4A',
  adoption: 'E11',
  sgo_cao: 'E45',
  independence_or_18: 'E5',
  other: 'E3',
};

const BAND_AGES: readonly [number, number][] = [
  [0, 1],
  [1, 5],
  [5, 10],
  [10, 16],
  [16, 18],
];

export interface SimulatedCaseData extends CaseData {
  /** Children in care on `to` (for checking the starting population). */
  readonly inCareAtEnd: number;
}

/** Simulates from `from` to `to` (the extract date: episodes open then are left open). */
export function simulateCaseData(
  rates: KnownRates,
  from: IsoDate,
  to: IsoDate,
  seed: number,
  opts: { uasc?: boolean; idPrefix?: string } = {},
): SimulatedCaseData {
  const rng = new RunStream(seed, 0);
  const children: Child[] = [];
  const episodes: Episode[] = [];
  const d0 = toDayNumber(from);
  const d1 = toDayNumber(to);
  interface Kid {
    id: string;
    dob: IsoDate;
    b18: number;
    cat: PlacementCategory;
    epStart: number;
    periodStart: number;
    reasonNew: string;
  }
  let live: Kid[] = [];
  let next = 1;
  let inCareAtEnd = 0;
  /** Records k's current episode, ended on `day` with `rec`, or still open when `day` is null. */
  const record = (k: Kid, day: number | null, rec: string | null): void => {
    const pl = PLACEMENT_FOR[k.cat];
    episodes.push({
      childId: k.id,
      start: fromDayNumber(k.epStart),
      reasonNew: k.reasonNew,
      legalStatus: 'C2',
      needCode: 'N1',
      placement: pl.placement,
      provider: pl.provider,
      end: day === null ? null : fromDayNumber(day),
      reasonEnded: rec,
      reasonPlaceChange: null,
    });
  };
  const close = (k: Kid, day: number, rec: string): void => record(k, day, rec);
  // Each category's exit routes and moves with their daily rates, in the order they are drawn,
  // worked out once (not for every child every day: most of the simulator's time went on that).
  const drawsFor = new Map<
    PlacementCategory,
    { exits: readonly [ExitRoute, number][]; moves: readonly [PlacementCategory, number][] }
  >();
  const draws = (cat: PlacementCategory) => {
    let d = drawsFor.get(cat);
    if (!d) {
      d = {
        exits: Object.entries({ ...rates.exitsPerDay, ...(rates.exitsByCategory?.[cat] ?? {}) }) as [
          ExitRoute,
          number,
        ][],
        moves: Object.entries(rates.transitionsPerDay[cat] ?? {}) as [PlacementCategory, number][],
      };
      drawsFor.set(cat, d);
    }
    return d;
  };
  for (let day = d0 + 1; day <= d1; day++) {
    const survivors: Kid[] = [];
    for (const k of live) {
      // ageing out on the 18th birthday
      if (day >= k.b18) {
        close(k, k.b18, 'E8');
        continue;
      }
      const { exits, moves } = draws(k.cat);
      // the risk on `day` is carried by the child-day before it
      const tic = rates.exitFactorsByTimeInCare;
      let ticBand = 0;
      if (tic)
        while (ticBand < tic.boundsDays.length && day - 1 - k.periodStart >= (tic.boundsDays[ticBand] as number))
          ticBand++;
      let left = false;
      for (const [route, r] of exits) {
        const factor = tic?.factors[route]?.[ticBand] ?? 1;
        if (rng.uniform() < r * factor) {
          close(k, day, REC_FOR[route]);
          left = true;
          break;
        }
      }
      if (left) continue;
      let moved = false;
      for (const [to2, r] of moves) {
        if (rng.uniform() < r) {
          close(k, day, 'X1');
          k.cat = to2;
          k.epStart = day;
          k.reasonNew = 'P';
          moved = true;
          break;
        }
      }
      if (!moved && rates.sameCategoryMovePerDay && rng.uniform() < rates.sameCategoryMovePerDay) {
        close(k, day, 'X1');
        k.epStart = day;
        k.reasonNew = 'P';
      }
      survivors.push(k);
    }
    live = survivors;
    for (const [bandStr, byCat] of Object.entries(rates.entriesPerDay)) {
      const [lo, hi] = BAND_AGES[Number(bandStr)] as [number, number];
      for (const [cat, r] of Object.entries(byCat) as [PlacementCategory, number][]) {
        let n = 0;
        // Poisson(r) by counting exponential gaps in one day
        let acc = -Math.log(rng.uniform());
        while (acc < r) {
          n++;
          acc += -Math.log(rng.uniform());
        }
        for (let i = 0; i < n; i++) {
          const entry = fromDayNumber(day);
          const youngest = toDayNumber(addYears(entry, -hi)) + 1;
          const oldest = toDayNumber(addYears(entry, -lo));
          const dobDay = youngest + Math.floor(rng.uniform() * (oldest - youngest + 1));
          const dob = fromDayNumber(Math.min(dobDay, day));
          const id = `${opts.idPrefix ?? 'C'}${String(next++).padStart(6, '0')}`;
          children.push({
            childId: id,
            sex: next % 2 === 0 ? 'M' : 'F',
            dob,
            ethnicity: next % 3 === 0 ? 'BAFR' : 'WBRI',
            uasc: opts.uasc ?? false,
            uascCeased: null,
          });
          const b18 = toDayNumber(addYears(dob, 18));
          if (day >= b18) continue;
          live.push({ id, dob, b18, cat, epStart: day, periodStart: day, reasonNew: 'S' });
        }
      }
    }
  }
  for (const k of live) {
    record(k, null, null);
    inCareAtEnd++;
  }
  return { children, episodes, inCareAtEnd };
}

export { addDays };
