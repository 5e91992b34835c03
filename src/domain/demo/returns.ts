/**
 * Turns simulated children into annual SSDA903 returns, as a council's case management system
 * would extract them: each collection year (1 April - 31 March, named by the March it ends in)
 * holds every episode open at any time in the year, including those that started earlier; an
 * episode still open on 31 March has blank DEC and REC, and appears again the next year. Each
 * year's UASC rows cover the children with an episode in that return; its header rows those and
 * the year's care leavers, coded as that year's code lists require (SEX 1/2 up to 2023/24, M/F
 * from 2024/25). The OC3 table lists the year's care leavers (./careLeavers.ts), drawn from a
 * generator of their own, so the other tables are the same with or without it.
 */
import { findCode } from '../ssda903/codeLists.ts';
import { birthday, collectionYearEnd, collectionYearOfDay, collectionYearStart, UkDateFormatter } from './calendar.ts';
import { careLeaverBirthdays, careLeaverCodes, careLeaving, type Oc3Row } from './careLeavers.ts';
import type { SimChild } from './children.ts';
import type { Rng } from './random.ts';

export { OC3_COLUMNS, type Oc3Row } from './careLeavers.ts';

export const HEADER_COLUMNS = ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'] as const;
export const EPISODE_COLUMNS = [
  'CHILD',
  'DECOM',
  'RNE',
  'LS',
  'CIN',
  'PLACE',
  'PLACE_PROVIDER',
  'DEC',
  'REC',
  'REASON_PLACE_CHANGE',
  'HOME_POST',
  'PL_POST',
  'URN',
] as const;
export const UASC_COLUMNS = ['CHILD', 'SEX', 'DOB', 'DUC'] as const;

/** Rows as written: every field a string, '' for blank. */
export type HeaderRow = Record<(typeof HEADER_COLUMNS)[number], string>;
export type EpisodeRow = Record<(typeof EPISODE_COLUMNS)[number], string>;
export type UascRow = Record<(typeof UASC_COLUMNS)[number], string>;

export interface CollectionYearReturn {
  /** Named by the March it ends in: 2024 = 1 April 2023 - 31 March 2024. */
  readonly collectionYear: number;
  readonly header: HeaderRow[];
  readonly episodes: EpisodeRow[];
  readonly uasc: UascRow[];
  /** Care leavers aged 17 to 21 on their birthday in the year (the OC3 table). */
  readonly oc3: Oc3Row[];
}

/** SEX as the collection year codes it: 1/2 while those codes are valid, M/F after. */
function sexCode(sex: 'M' | 'F', year: number): string {
  const numeric = sex === 'M' ? '1' : '2';
  return findCode('SEX', numeric, year) !== undefined ? numeric : sex;
}

/**
 * Builds returns for collection years `firstYear`..`lastYear` from children simulated at least up
 * to 31 March of `lastYear`, one child at a time (so a caller can drop each child once added).
 * Linear in the number of episode rows written.
 */
export class ReturnsBuilder {
  readonly #firstYear: number;
  readonly #lastYear: number;
  readonly #dates = new UkDateFormatter();
  readonly #returns: CollectionYearReturn[] = [];
  readonly #ends: number[] = [];
  readonly #sexes: Record<'M' | 'F', string>[] = [];
  readonly #included: Uint8Array;
  readonly #careLeavers: Rng | null;

  /** `careLeavers`: the generator the OC3 rows are drawn from; without it the OC3 tables are empty. */
  constructor(firstYear: number, lastYear: number, careLeavers: Rng | null = null) {
    this.#firstYear = firstYear;
    this.#lastYear = lastYear;
    this.#careLeavers = careLeavers;
    for (let y = firstYear; y <= lastYear; y += 1) {
      this.#returns.push({ collectionYear: y, header: [], episodes: [], uasc: [], oc3: [] });
      this.#ends.push(collectionYearEnd(y));
      this.#sexes.push({ M: sexCode('M', y), F: sexCode('F', y) });
    }
    this.#included = new Uint8Array(lastYear - firstYear + 1);
  }

  add(child: SimChild): void {
    const firstYear = this.#firstYear;
    const lastYear = this.#lastYear;
    const returns = this.#returns;
    const ends = this.#ends;
    const dates = this.#dates;
    const included = this.#included;
    const firstDay = collectionYearStart(firstYear);
    const lastDay = collectionYearEnd(lastYear);
    included.fill(0);
    let any = false;
    for (const ep of child.episodes) {
      if (ep.start > lastDay) break;
      if (ep.end !== null && ep.end < firstDay) continue;
      // In return Y when it started by 31 March Y and had not ended before 1 April Y-1.
      const from = Math.max(firstYear, collectionYearOfDay(ep.start));
      const to = ep.end === null ? lastYear : Math.min(lastYear, collectionYearOfDay(ep.end));
      for (let y = from; y <= to; y += 1) {
        const i = y - firstYear;
        const ret = returns[i];
        const yearEnd = ends[i];
        if (ret === undefined || yearEnd === undefined) continue;
        const closed = ep.end !== null && ep.end <= yearEnd;
        ret.episodes.push({
          CHILD: child.id,
          DECOM: dates.format(ep.start),
          RNE: ep.rne,
          LS: ep.ls,
          CIN: ep.cin,
          PLACE: ep.place,
          PLACE_PROVIDER: ep.provider,
          DEC: closed && ep.end !== null ? dates.format(ep.end) : '',
          REC: closed ? (ep.rec ?? '') : '',
          REASON_PLACE_CHANGE: closed ? (ep.reasonPlaceChange ?? '') : '',
          HOME_POST: ep.homePost,
          PL_POST: ep.plPost,
          URN: ep.urn,
        });
        included[i] = 1;
        any = true;
      }
    }
    // 1: an episode in the year; 2: a care leaver only (a header row, no episode, no UASC row).
    any = this.#addCareLeaver(child) || any;
    if (!any) return;
    const dob = dates.format(child.dob);
    const fifth = birthday(child.dob, 5);
    for (let i = 0; i < included.length; i += 1) {
      if (included[i] === 0) continue;
      const ret = returns[i];
      const yearEnd = ends[i];
      const sex = this.#sexes[i];
      if (ret === undefined || yearEnd === undefined || sex === undefined) continue;
      const isMother = child.motherChildDob !== null && child.motherChildDob <= yearEnd;
      ret.header.push({
        CHILD: child.id,
        SEX: sex[child.sex],
        DOB: dob,
        ETHNIC: child.ethnic,
        // No pupil number before school age (UN1); UASC have none (UN2).
        UPN: child.uasc || fifth <= yearEnd ? child.upn : 'UN1',
        MOTHER: child.sex === 'F' ? (isMother ? '1' : '0') : '',
        MC_DOB: isMother && child.motherChildDob !== null ? dates.format(child.motherChildDob) : '',
      });
      if (child.uasc && included[i] === 1)
        ret.uasc.push({ CHILD: child.id, SEX: sex[child.sex], DOB: dob, DUC: dates.format(birthday(child.dob, 18)) });
    }
  }

  /** The child's OC3 rows, marking their years for a header row; true when there is one. */
  #addCareLeaver(child: SimChild): boolean {
    const rng = this.#careLeavers;
    if (rng === null) return false;
    const leaving = careLeaving(child);
    if (leaving === null) return false;
    let any = false;
    let first = true;
    for (const { age, day } of careLeaverBirthdays(child, leaving)) {
      const i = collectionYearOfDay(day) - this.#firstYear;
      const ret = this.#returns[i];
      // Drawn for every such birthday, in the returned years or not: one stream for the whole simulation.
      const codes = careLeaverCodes(rng, age, leaving, first);
      first = false;
      if (ret === undefined) continue;
      ret.oc3.push({
        CHILD: child.id,
        DOB: this.#dates.format(child.dob),
        IN_TOUCH: codes.inTouch,
        ACTIV: codes.activity,
        ACCOM: codes.accommodation,
      });
      if (this.#included[i] === 0) this.#included[i] = 2;
      any = true;
    }
    return any;
  }

  finish(): CollectionYearReturn[] {
    return this.#returns;
  }
}

/** Returns for collection years `firstYear`..`lastYear` from a list of simulated children. */
export function buildReturns(
  children: readonly SimChild[],
  firstYear: number,
  lastYear: number,
  careLeavers: Rng | null = null,
): CollectionYearReturn[] {
  const builder = new ReturnsBuilder(firstYear, lastYear, careLeavers);
  for (const child of children) builder.add(child);
  return builder.finish();
}
