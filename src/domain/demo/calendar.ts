/**
 * Day-number arithmetic for the simulation (whole days since 1970-01-01, UTC, as in ../dates.ts).
 * The simulation works in day numbers throughout; dates become text only when rows are written.
 */
/*
 * Civil-date arithmetic by integer formulas (H. Hinnant, "chrono-compatible low-level date
 * algorithms"): no Date objects in the simulation's inner loop.
 */

/** Day number of the calendar date y-m-d (proleptic Gregorian). */
export function dayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The calendar date of a day number, packed as y * 10000 + m * 100 + d. */
export function packedDate(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10_000 + m * 100 + d;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** 1 April of the year before: the first day of collection year `year` (named by its March). */
export function collectionYearStart(year: number): number {
  return dayOf(year - 1, 4, 1);
}

/** 31 March of `year`: the last day of collection year `year`. */
export function collectionYearEnd(year: number): number {
  return dayOf(year, 3, 31);
}

/** The collection year (named by the March it ends in) containing `day`. */
export function collectionYearOfDay(day: number): number {
  const p = packedDate(day);
  const y = Math.floor(p / 10_000);
  return p % 10_000 >= 401 ? y + 1 : y;
}

/**
 * The day a person born on `dobDay` reaches `years` years of age. A 29 February birthday falls on
 * 1 March in a non-leap year, as `addYears` in ../dates.ts has it.
 */
export function birthday(dobDay: number, years: number): number {
  const p = packedDate(dobDay);
  const y = Math.floor(p / 10_000) + years;
  const m = Math.floor(p / 100) % 100;
  const d = p % 100;
  if (m === 2 && d === 29 && !isLeap(y)) return dayOf(y, 3, 1);
  return dayOf(y, m, d);
}

/** The days of the 0th to `count`-th birthdays of a person born on `dobDay` (one date split, not `count`). */
export function birthdays(dobDay: number, count: number): number[] {
  const p = packedDate(dobDay);
  const y0 = Math.floor(p / 10_000);
  const m = Math.floor(p / 100) % 100;
  const d = p % 100;
  const out: number[] = [];
  for (let k = 0; k <= count; k += 1) {
    const y = y0 + k;
    out.push(m === 2 && d === 29 && !isLeap(y) ? dayOf(y, 3, 1) : dayOf(y, m, d));
  }
  return out;
}

/** Completed years of age on `day` for a person born on `dobDay`. */
export function ageInYears(dobDay: number, day: number): number {
  const b = packedDate(dobDay);
  const a = packedDate(day);
  let age = Math.floor(a / 10_000) - Math.floor(b / 10_000);
  if (birthday(dobDay, age) > day) age -= 1;
  return age;
}

/** Formats day numbers as DD/MM/YYYY, caching each day's text (returns reuse the same days). */
export class UkDateFormatter {
  readonly #cache = new Map<number, string>();

  format(day: number): string {
    let text = this.#cache.get(day);
    if (text === undefined) {
      const p = packedDate(day);
      const d = String(p % 100).padStart(2, '0');
      const m = String(Math.floor(p / 100) % 100).padStart(2, '0');
      text = `${d}/${m}/${Math.floor(p / 10_000)}`;
      this.#cache.set(day, text);
    }
    return text;
  }
}
