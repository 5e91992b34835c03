/**
 * Calendar dates for the domain core. A date is an ISO string `YYYY-MM-DD` at the boundaries and a
 * day number (whole days since 1970-01-01, UTC) inside calculations. No time zones, no times.
 */

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ]00:00(:00(\.0+)?)?Z?$/;

function validYmd(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function isoFromYmd(y: number, m: number, d: number): IsoDate {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};

/**
 * `YYYY-MM-DD` read without a regular expression (most dates in a return are written so): the
 * date itself when valid, null when it is a date of that form that cannot be (2023-02-30), and
 * undefined when it is not of that form (the full rules decide).
 */
function isoAsIs(s: string): IsoDate | null | undefined {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  if (Number.isNaN(y + m + d)) return undefined;
  return validYmd(y, m, d) ? s : null;
}

/**
 * Reads a date as councils' extracts write it: `DD/MM/YYYY` (also `D/M/YYYY`), ISO `YYYY-MM-DD`, or
 * an ISO date-time at midnight. Returns null for anything else, including impossible dates
 * (31/02/2020) and years outside 1900-2100.
 */
export function parseDate(text: string): IsoDate | null {
  const s = text.trim();
  if (s.length === 10) {
    const iso = isoAsIs(s);
    if (iso !== undefined) return iso;
  }
  let m = UK_RE.exec(s);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validYmd(y, mo, d) ? isoFromYmd(y, mo, d) : null;
  }
  m = ISO_RE.exec(s) ?? ISO_DATETIME_RE.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validYmd(y, mo, d) ? isoFromYmd(y, mo, d) : null;
  }
  return null;
}

/** The UTC calendar day of a Date as YYYY-MM-DD (the one place `toISOString().slice(0, 10)` is written). */
export function isoDateOf(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** Whole days since 1970-01-01 for an ISO date (assumed valid). */
export function toDayNumber(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function fromDayNumber(day: number): IsoDate {
  const dt = new Date(day * MS_PER_DAY);
  return isoFromYmd(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * The date `years` years after `date`. A 29 February anniversary in a non-leap year falls on
 * 1 March (the usual reading of when a person born on 29 February attains an age in England).
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  const y = Number(date.slice(0, 4)) + years;
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (m === 2 && d === 29 && !isLeapYear(y)) return isoFromYmd(y, 3, 1);
  return isoFromYmd(y, m, d);
}

/**
 * toDayNumber(addYears(date, years)) for whole `years`, without writing the date out and reading it
 * back (the engine's fit takes every child's birthdays at the age bands' bounds this way).
 */
export function dayNumberYearsLater(date: IsoDate, years: number): number {
  if (!Number.isInteger(years)) return toDayNumber(addYears(date, years));
  const y = Number(date.slice(0, 4)) + years;
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  if (m === 2 && d === 29 && !isLeapYear(y)) return Math.round(Date.UTC(y, 2, 1) / MS_PER_DAY);
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** Adds calendar months, clamping the day to the end of the target month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y0 = Number(date.slice(0, 4));
  const m0 = Number(date.slice(5, 7)) - 1 + months;
  const y = y0 + Math.floor(m0 / 12);
  const m = (((m0 % 12) + 12) % 12) + 1;
  const d = Math.min(Number(date.slice(8, 10)), daysInMonth(y, m));
  return isoFromYmd(y, m, d);
}

/** Age in completed years on `date` for a child born on `dob`. */
export function ageOn(dob: IsoDate, date: IsoDate): number {
  let age = Number(date.slice(0, 4)) - Number(dob.slice(0, 4));
  if (addYears(dob, age) > date) age -= 1;
  return age;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A date as people write it: "1 April 2027" (from `YYYY-MM-DD` or an ISO date-time's date). */
export function formatLongDate(date: IsoDate): string {
  const y = Number(date.slice(0, 4));
  const month = MONTH_NAMES[Number(date.slice(5, 7)) - 1];
  const d = Number(date.slice(8, 10));
  return month && Number.isInteger(y) && d > 0 ? `${d} ${month} ${y}` : date;
}

/** A month as people write it: "April 2027" (from `YYYY-MM` or a date in it). */
export function formatLongMonth(date: IsoDate): string {
  const y = Number(date.slice(0, 4));
  const month = MONTH_NAMES[Number(date.slice(5, 7)) - 1];
  return month && Number.isInteger(y) ? `${month} ${y}` : date;
}

/** Last day of the month containing `date`. */
export function endOfMonth(date: IsoDate): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return isoFromYmd(y, m, daysInMonth(y, m));
}

/** `YYYY-MM` of a date. */
export function monthKey(date: IsoDate): string {
  return date.slice(0, 7);
}

/** Start year of the financial year (1 April - 31 March) containing `date`: 2024 for 2024/25. */
export function financialYearStart(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? y : y - 1;
}

/** Label of the financial year starting in April of `startYear`: 2024 gives "2024/25". */
export function financialYearLabel(startYear: number): string {
  return `${startYear}/${pad((startYear + 1) % 100)}`;
}

/** Financial-year quarter (1 = April-June ... 4 = January-March) of a date. */
export function financialQuarter(date: IsoDate): 1 | 2 | 3 | 4 {
  const m = Number(date.slice(5, 7));
  return (m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4) as 1 | 2 | 3 | 4;
}

/**
 * The SSDA903 collection year containing `date`, named by the March it ends in: 1 April 2023 -
 * 31 March 2024 is collection year 2024.
 */
export function collectionYearOf(date: IsoDate): number {
  return financialYearStart(date) + 1;
}
