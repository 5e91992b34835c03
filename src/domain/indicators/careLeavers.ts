/**
 * Care leavers' indicators from the 903's OC3 tables: for care leavers aged 17 to 18 and 19 to 21
 * on their birthday in the collection year, how many the council is in touch with, are in
 * education, employment or training (EET), and live in accommodation considered suitable.
 *
 * As the DfE counts them, young people who have died (IN_TOUCH DIED) or returned home to parents
 * for at least six months (RHOM) are left out. (The DfE also leaves out those looked after only
 * under a series of short breaks and those whose care moved to another council; the OC3 table does
 * not say so, so they are counted here.) Codes not in their lists were stored as '' and count as
 * not known. Pure.
 */
import { EET_ACTIVITIES, NEET_ACTIVITIES } from '../ssda903/codeLists.ts';
import type { CareLeaverOutcome } from '../ssda903/types.ts';

export interface CareLeaverGroup {
  /** Care leavers counted (the denominator of every share). */
  readonly counted: number;
  /** Left out: died, or returned home for at least six months. */
  readonly excluded: number;
  readonly inTouch: number;
  readonly inEducationEmploymentOrTraining: number;
  readonly notInEducationEmploymentOrTraining: number;
  readonly activityNotKnown: number;
  readonly suitableAccommodation: number;
  readonly unsuitableAccommodation: number;
  readonly accommodationNotKnown: number;
}

export interface CareLeaverIndicators {
  readonly collectionYear: number;
  readonly aged17to18: CareLeaverGroup;
  readonly aged19to21: CareLeaverGroup;
}

const EXCLUDED = new Set(['DIED', 'RHOM']);

function group(outcomes: readonly CareLeaverOutcome[]): CareLeaverGroup {
  let counted = 0;
  let excluded = 0;
  let inTouch = 0;
  let eet = 0;
  let neet = 0;
  let suitable = 0;
  let unsuitable = 0;
  for (const o of outcomes) {
    if (EXCLUDED.has(o.inTouch)) {
      excluded += 1;
      continue;
    }
    counted += 1;
    if (o.inTouch === 'YES') inTouch += 1;
    if (EET_ACTIVITIES.has(o.activity)) eet += 1;
    else if (NEET_ACTIVITIES.has(o.activity)) neet += 1;
    // ACCOM is a letter then 1 (considered suitable) or 2 (not); '0' or '' is not known.
    if (o.accommodation.length === 2 && o.accommodation[1] === '1') suitable += 1;
    else if (o.accommodation.length === 2 && o.accommodation[1] === '2') unsuitable += 1;
  }
  return {
    counted,
    excluded,
    inTouch,
    inEducationEmploymentOrTraining: eet,
    notInEducationEmploymentOrTraining: neet,
    activityNotKnown: counted - eet - neet,
    suitableAccommodation: suitable,
    unsuitableAccommodation: unsuitable,
    accommodationNotKnown: counted - suitable - unsuitable,
  };
}

/** The indicators of one collection year's outcomes (rows of other years or ages are ignored). */
export function careLeaverIndicators(
  outcomes: readonly CareLeaverOutcome[],
  collectionYear: number,
): CareLeaverIndicators {
  const year = outcomes.filter((o) => o.collectionYear === collectionYear);
  return {
    collectionYear,
    aged17to18: group(year.filter((o) => o.age >= 17 && o.age <= 18)),
    aged19to21: group(year.filter((o) => o.age >= 19 && o.age <= 21)),
  };
}
