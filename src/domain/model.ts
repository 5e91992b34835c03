/**
 * The data model of the domain core: what Forecare keeps about a child and an episode of care.
 * Only what the model needs is kept: no names, addresses, postcodes or pupil numbers. The child
 * identifier here is already pseudonymised when it comes from the store.
 */
import type { IsoDate } from './dates.ts';

/** Sex as the 903 records it; 1/2 (up to 2023/24) are normalised to M/F. */
export type Sex = 'M' | 'F' | 'U';

export interface Child {
  /** Child identifier: the council's CHILD id on input, its pseudonym once stored. */
  readonly childId: string;
  readonly sex: Sex;
  readonly dob: IsoDate;
  /** ETHNIC code, e.g. WBRI. */
  readonly ethnicity: string;
  /** True when the child appears in the UASC table or has a UASC status in the header. */
  readonly uasc: boolean;
  /** Date UASC status ceased (DUC), when known. */
  readonly uascCeased: IsoDate | null;
}

/** One episode of care: a row of the 903 episodes table. */
export interface Episode {
  readonly childId: string;
  /** DECOM: the day the episode commenced. */
  readonly start: IsoDate;
  /** RNE: reason for new episode (S, L, P, T, B, U). */
  readonly reasonNew: string;
  /** LS: legal status (C1, C2, V2, ...). */
  readonly legalStatus: string;
  /** CIN: category of need (N1-N8). */
  readonly needCode: string;
  /** PLACE: placement type (U4, K2, ...). */
  readonly placement: string;
  /** PLACE_PROVIDER (PR0-PR5), null where blank. */
  readonly provider: string | null;
  /** DEC: the day the episode ceased; null while it is open. */
  readonly end: IsoDate | null;
  /** REC: reason the episode ceased (E11, X1, ...); null while open. */
  readonly reasonEnded: string | null;
  /** REASON_PLACE_CHANGE, null where blank. */
  readonly reasonPlaceChange: string | null;
  /**
   * PL_DISTANCE: miles from the child's home to the placement (the DfE works it out from the
   * postcodes); null (or absent) where blank or not in the return.
   */
  readonly placementDistance?: number | null;
  /** PL_LA: the code of the local authority the placement is in; null (or absent) where blank or not in the return. */
  readonly placementLa?: string | null;
}

/** Legal statuses for short breaks (respite): not looked after, left out of demand modelling. */
export const SHORT_BREAK_LEGAL_STATUSES: ReadonlySet<string> = new Set(['V3', 'V4']);

export function isShortBreak(episode: Pick<Episode, 'legalStatus'>): boolean {
  return SHORT_BREAK_LEGAL_STATUSES.has(episode.legalStatus);
}

/** Looked after on day `date`: the episode started on or before it and had not ended by it. */
export function isOpenOn(episode: Pick<Episode, 'start' | 'end'>, date: IsoDate): boolean {
  return episode.start <= date && (episode.end === null || date < episode.end);
}

/** A council's case data as the engine and reports read it: children and their episodes. */
export interface CaseData {
  readonly children: readonly Child[];
  readonly episodes: readonly Episode[];
}
