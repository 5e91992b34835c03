/**
 * Working days, as the DfE counts assessment timeliness (45 working days) and conference
 * timeliness (15 working days): Monday to Friday, not a bank holiday. The bank holidays are passed
 * in (the service reads them from a calendar library), so this stays pure.
 */
import { toDayNumber, fromDayNumber, type IsoDate } from '../dates.ts';

/** Working days after `start` up to and including `end` (0 when the same day or earlier). */
export function workingDaysBetween(start: IsoDate, end: IsoDate, bankHolidays: ReadonlySet<IsoDate>): number {
  const a = toDayNumber(start);
  const b = toDayNumber(end);
  let n = 0;
  for (let d = a + 1; d <= b; d++) {
    // 1970-01-01 (day 0) was a Thursday: (d + 4) % 7 is 0 on Sundays, 6 on Saturdays.
    const weekday = (((d + 4) % 7) + 7) % 7;
    if (weekday === 0 || weekday === 6) continue;
    if (bankHolidays.has(fromDayNumber(d))) continue;
    n++;
  }
  return n;
}
