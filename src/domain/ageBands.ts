/** Age bands for demand modelling. Configurable; the defaults are the DfE's published bands. */
import { ageOn, type IsoDate } from './dates.ts';

export interface AgeBand {
  readonly key: string;
  readonly label: string;
  /** Youngest age (completed years) in the band. */
  readonly minAge: number;
}

/** Ordered by minAge; the last band runs to 18 (when a child leaves care). */
export const DEFAULT_AGE_BANDS: readonly AgeBand[] = [
  { key: 'under_1', label: 'Under 1', minAge: 0 },
  { key: '1_to_4', label: '1 to 4', minAge: 1 },
  { key: '5_to_9', label: '5 to 9', minAge: 5 },
  { key: '10_to_15', label: '10 to 15', minAge: 10 },
  { key: '16_plus', label: '16 and over', minAge: 16 },
];

export type DefaultAgeBandKey = 'under_1' | '1_to_4' | '5_to_9' | '10_to_15' | '16_plus';

/** The band for a child of `age` completed years (ages below 0 count as the first band). */
export function ageBandForAge(age: number, bands: readonly AgeBand[] = DEFAULT_AGE_BANDS): AgeBand {
  let found = bands[0];
  if (!found) throw new Error('no age bands configured');
  for (const band of bands) if (age >= band.minAge) found = band;
  return found;
}

export function ageBandOn(dob: IsoDate, date: IsoDate, bands: readonly AgeBand[] = DEFAULT_AGE_BANDS): AgeBand {
  return ageBandForAge(ageOn(dob, date), bands);
}

/** Ages at which a child moves into the next band (the minAge of every band after the first). */
export function bandBoundaries(bands: readonly AgeBand[] = DEFAULT_AGE_BANDS): number[] {
  return bands.slice(1).map((b) => b.minAge);
}
