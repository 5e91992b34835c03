/**
 * The synthetic council's care leavers, for its OC3 tables (../ssda903/codeLists.ts has the codes).
 *
 * Who. As the DfE collects them, care leavers are young people in the year of their 17th to 21st
 * birthday who were looked after for at least 13 weeks in all after their 14th birthday, including
 * some time after their 16th, and have left care. Here: a child whose last period of care ended on
 * or after their 16th birthday (so some day looked after at 16 or over), with 13 weeks (91 days) or
 * more looked after from their 14th birthday (short breaks, LS V3/V4, left out), is a care leaver in
 * each collection year whose birthday at 17 to 21 falls in it on or after the day they left (the
 * OC3 table records them on or around that birthday, so a young person still looked after on it is
 * not listed that year). Children whose care ended by adoption, a special guardianship or child
 * arrangements order, death, a transfer to another council or an age assessment finding them 18 or
 * over (E11, E12, E41, E43-E48, E2, E3, E15) are not care leavers.
 *
 * What. One row a year, drawn afresh each year from shares set near the DfE's national figures
 * (Children looked after in England including adoptions, 2019 to 2024): about nine in ten in touch;
 * of 19 to 21 year olds a little over half in education, employment or training and about 85% in
 * accommodation considered suitable; of 17 and 18 year olds about two thirds in education,
 * employment or training (mostly full-time further education) and about 90% in suitable
 * accommodation, many staying with their former foster carers or in semi-independent
 * accommodation. How they left shapes where they live: staying put (E17) with former foster carers,
 * sentenced to custody (E9) in custody at first, returned home (E4A, E4B, E13) mostly with parents
 * or relatives, and about half of those recorded as having returned home for six months or more
 * (RHOM, which the DfE leaves out). Those not in touch mostly have activity and accommodation not
 * known (0). SYNTHETIC: shares chosen to look like a council's, not any council's data.
 *
 * Pure; the draws come from the caller's generator, a stream of their own (../demo/returns.ts), so
 * the other tables of the returns are the same with or without the care leavers.
 */
import { birthday } from './calendar.ts';
import type { SimChild } from './children.ts';
import { type Rng, type Weighted, weights } from './random.ts';

export const OC3_COLUMNS = ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'] as const;
export type Oc3Row = Record<(typeof OC3_COLUMNS)[number], string>;

/** How a care leaver left care: the day their last period of care ended and its REC. */
export interface CareLeaving {
  readonly leftOn: number;
  readonly reasonEnded: string;
}

/** The outcome codes of one OC3 row. */
export interface CareLeaverCodes {
  readonly inTouch: string;
  readonly activity: string;
  readonly accommodation: string;
}

/** 13 weeks looked after after the 14th birthday. */
const QUALIFYING_DAYS = 91;
/** Routes out of care after which a young person is not a care leaver. */
const NOT_A_CARE_LEAVER: ReadonlySet<string> = new Set([
  'E11',
  'E12',
  'E41',
  'E43',
  'E44',
  'E45',
  'E46',
  'E47',
  'E48',
  'E2',
  'E3',
  'E15',
]);
const RETURNED_HOME: ReadonlySet<string> = new Set(['E4A', 'E4B', 'E13']);

/** The child's leaving of care when it makes them a care leaver (see the module comment), else null. */
export function careLeaving(child: SimChild): CareLeaving | null {
  const episodes = child.episodes.filter((e) => e.ls !== 'V3' && e.ls !== 'V4');
  const last = episodes[episodes.length - 1];
  if (last === undefined || last.end === null || last.rec === null || last.rec === 'X1') return null;
  if (NOT_A_CARE_LEAVER.has(last.rec)) return null;
  // Looked after on a day at 16 or over: the last episode ends after the 16th birthday.
  if (last.end <= birthday(child.dob, 16)) return null;
  const b14 = birthday(child.dob, 14);
  let days = 0;
  for (const e of episodes) {
    const end = e.end ?? last.end;
    if (end > b14) days += end - Math.max(e.start, b14);
  }
  return days >= QUALIFYING_DAYS ? { leftOn: last.end, reasonEnded: last.rec } : null;
}

/** Ages at which a care leaver is in the OC3 table, with the day of that birthday. */
export function careLeaverBirthdays(child: SimChild, leaving: CareLeaving): { age: number; day: number }[] {
  const out: { age: number; day: number }[] = [];
  for (let age = 17; age <= 21; age += 1) {
    const day = birthday(child.dob, age);
    if (day >= leaving.leftOn) out.push({ age, day });
  }
  return out;
}

const IN_TOUCH_17_18 = weights([
  ['YES', 92],
  ['NO', 3],
  ['REFU', 2.5],
  ['NREQ', 2.4],
  ['DIED', 0.1],
] as const);
const IN_TOUCH_19_21 = weights([
  ['YES', 88],
  ['NO', 5],
  ['REFU', 3.5],
  ['NREQ', 3.2],
  ['DIED', 0.3],
] as const);

const ACTIVITY_17_18 = weights([
  ['F2', 50],
  ['P2', 4],
  ['F3', 8],
  ['P3', 3],
  ['F1', 1],
  ['G4', 5],
  ['G5', 22],
  ['G6', 3],
  ['0', 4],
] as const);
const ACTIVITY_19_21 = weights([
  ['F1', 8],
  ['P1', 1],
  ['F2', 14],
  ['P2', 3],
  ['F3', 24],
  ['P3', 10],
  ['G4', 10],
  ['G5', 20],
  ['G6', 7],
  ['0', 3],
] as const);

/** Kinds of accommodation (the ACCOM letter) of care leavers, before suitability. */
const ACCOMMODATION_17_18 = weights([
  ['D', 40],
  ['E', 12],
  ['B', 12],
  ['Z', 10],
  ['U', 8],
  ['C', 3],
  ['K', 2],
  ['T', 3],
  ['Y', 3],
  ['X', 2],
  ['W', 1],
  ['V', 1],
  ['S', 0.5],
] as const);
const ACCOMMODATION_19_21 = weights([
  ['U', 38],
  ['D', 12],
  ['B', 12],
  ['Z', 8],
  ['E', 6],
  ['K', 5],
  ['Y', 5],
  ['T', 3],
  ['X', 3],
  ['C', 1.5],
  ['S', 1.5],
  ['W', 1],
  ['V', 1],
  ['G', 0.5],
] as const);
/** Chance that each kind of accommodation is considered suitable (ACCOM letter then 1, else 2). */
const SUITABLE: Readonly<Record<string, number>> = {
  B: 0.93,
  C: 0.92,
  D: 0.95,
  E: 0.98,
  G: 0.8,
  K: 0.9,
  S: 0.02,
  T: 0.9,
  U: 0.97,
  V: 0.2,
  W: 0.1,
  X: 0.1,
  Y: 0.85,
  Z: 0.99,
};
/** Chance a care leaver who stayed put (E17) still lives with their former foster carers, by age. */
const STAYING_PUT: Readonly<Record<number, number>> = { 17: 0.9, 18: 0.75, 19: 0.5, 20: 0.4, 21: 0.25 };

function accommodation(rng: Rng, age: number, leaving: CareLeaving, firstYear: boolean): string {
  let letter: string;
  if (leaving.reasonEnded === 'E17' && rng.chance(STAYING_PUT[age] ?? 0)) letter = 'Z';
  else if (leaving.reasonEnded === 'E9' && firstYear && rng.chance(0.7)) letter = 'X';
  else if (RETURNED_HOME.has(leaving.reasonEnded) && rng.chance(0.6)) letter = 'B';
  else letter = rng.weighted<string>(age <= 18 ? ACCOMMODATION_17_18 : ACCOMMODATION_19_21);
  return `${letter}${rng.chance(SUITABLE[letter] ?? 0.8) ? '1' : '2'}`;
}

/**
 * One year's codes for a care leaver aged `age` on their birthday in the year; `firstYear` when it
 * is the first birthday after leaving care.
 */
export function careLeaverCodes(rng: Rng, age: number, leaving: CareLeaving, firstYear: boolean): CareLeaverCodes {
  if (RETURNED_HOME.has(leaving.reasonEnded) && rng.chance(0.5))
    return { inTouch: 'RHOM', activity: '0', accommodation: '0' };
  const young = age <= 18;
  const inTouch = rng.weighted<string>(young ? IN_TOUCH_17_18 : IN_TOUCH_19_21);
  if (inTouch === 'DIED') return { inTouch, activity: '0', accommodation: '0' };
  // Not in touch: mostly nothing known; sometimes a third party told the council.
  if ((inTouch === 'NO' || inTouch === 'REFU') && rng.chance(0.8))
    return { inTouch, activity: '0', accommodation: '0' };
  const activities: Weighted<string> = young ? ACTIVITY_17_18 : ACTIVITY_19_21;
  return {
    inTouch,
    activity: rng.weighted(activities),
    accommodation: accommodation(rng, age, leaving, firstYear),
  };
}
