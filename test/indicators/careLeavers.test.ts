/** Care leavers' indicators from OC3 outcomes, worked by hand. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { careLeaverIndicators } from '../../src/domain/indicators/careLeavers.ts';
import type { CareLeaverOutcome } from '../../src/domain/ssda903/types.ts';

const o = (childId: string, age: number, inTouch: string, activity: string, accommodation: string, year = 2025) =>
  ({ childId, collectionYear: year, age, inTouch, activity, accommodation }) satisfies CareLeaverOutcome;

/*
 * Collection year 2025. Aged 19 to 21: A1 (19, in touch, full-time education F2, independent living
 * U1: suitable), A2 (20, in touch, NEET G5, no fixed abode S2: not suitable), A3 (21, not in touch,
 * activity not known 0, with parents B1: suitable), A8 (21, no longer requires services, part-time
 * higher education P1, with former foster carers Z1: suitable); A4 died and A5 returned home: left
 * out. So 4 counted: EET 2 of 4 = 50%, suitable 3 of 4 = 75%, in touch 2. Aged 17 to 18: A6 (18,
 * F3, D1) and A7 (17, refuses contact, codes not known): EET 1 of 2, suitable 1 of 2. Z9 is another
 * year's and A9 was 16: neither counts.
 */
const outcomes = [
  o('A1', 19, 'YES', 'F2', 'U1'),
  o('A2', 20, 'YES', 'G5', 'S2'),
  o('A3', 21, 'NO', '0', 'B1'),
  o('A4', 19, 'DIED', '0', '0'),
  o('A5', 20, 'RHOM', 'F3', 'B1'),
  o('A6', 18, 'YES', 'F3', 'D1'),
  o('A7', 17, 'REFU', '', ''),
  o('A8', 21, 'NREQ', 'P1', 'Z1'),
  o('A9', 16, 'YES', 'F2', 'U1'),
  o('Z9', 19, 'YES', 'F2', 'U1', 2024),
];

test('care leavers aged 19 to 21 and 17 to 18: counted as the DfE counts them (died and returned home left out)', () => {
  const r = careLeaverIndicators(outcomes, 2025);
  assert.deepEqual(r.aged19to21, {
    counted: 4,
    excluded: 2,
    inTouch: 2,
    inEducationEmploymentOrTraining: 2,
    notInEducationEmploymentOrTraining: 1,
    activityNotKnown: 1,
    suitableAccommodation: 3,
    unsuitableAccommodation: 1,
    accommodationNotKnown: 0,
  });
  assert.deepEqual(r.aged17to18, {
    counted: 2,
    excluded: 0,
    inTouch: 1,
    inEducationEmploymentOrTraining: 1,
    notInEducationEmploymentOrTraining: 0,
    activityNotKnown: 1,
    suitableAccommodation: 1,
    unsuitableAccommodation: 0,
    accommodationNotKnown: 1,
  });
  assert.equal(careLeaverIndicators(outcomes, 2024).aged19to21.counted, 1);
  assert.equal(careLeaverIndicators([], 2025).aged19to21.counted, 0);
});
