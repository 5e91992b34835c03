/**
 * Money in the domain core: integer pence (see docs/adr/0003-money-in-pence.md), and every way
 * Forecare writes an amount for people (the one money formatting module: spend and budgets, pages,
 * savings programmes in their display unit).
 *
 * Amounts a council sees (weekly prices, spend per month, per quarter, per year) are whole pence.
 * Arithmetic that produces fractions of a penny (a weekly cost over 7 days, an inflation uplift)
 * keeps the exact fraction until one stated rounding point, where `roundPence` rounds half away
 * from zero. Totals are then exact integer sums of rounded parts, so they always add up.
 */

/** An amount in whole pence. A plain number that is always a safe integer. */
export type Pence = number;

/**
 * Rounds an exact amount in (fractional) pence to whole pence, half away from zero:
 * 2.5 -> 3, -2.5 -> -3, 2.4999 -> 2. (Math.round would give -2 for -2.5.)
 *
 * A tolerance of 1e-9 pence absorbs binary representation error in values that are exactly a
 * half in decimal (e.g. 100.5 computed as 100.49999999999999).
 */
export function roundPence(exact: number): Pence {
  if (!Number.isFinite(exact)) throw new RangeError(`cannot round ${exact} to pence`);
  const sign = exact < 0 ? -1 : 1;
  const magnitude = Math.abs(exact);
  const whole = Math.floor(magnitude);
  const fraction = magnitude - whole;
  const rounded = fraction >= 0.5 - 1e-9 ? whole + 1 : whole;
  return rounded === 0 ? 0 : sign * rounded;
}

/** Pounds (as a person types them, e.g. 650 or 819.99) to whole pence, half away from zero. */
export function poundsToPence(pounds: number): Pence {
  return roundPence(pounds * 100);
}

/** Pence to pounds as a number with at most 2 decimal places (for JSON output). */
export function penceToPounds(pence: number): number {
  // Rounds a fractional (e.g. mean) amount of pence to whole pence first, then divides exactly.
  const whole = roundPence(pence);
  return Number((whole / 100).toFixed(2));
}

/**
 * Pence formatted as pounds the way finance papers write them: £1,234.56, with negative amounts
 * in brackets, (£1,234.56).
 */
export function formatPounds(pence: number): string {
  const whole = roundPence(pence);
  const abs = Math.abs(whole);
  const pounds = Math.floor(abs / 100);
  const pennies = String(abs % 100).padStart(2, '0');
  const text = `£${pounds.toLocaleString('en-GB')}.${pennies}`;
  return whole < 0 ? `(${text})` : text;
}

/**
 * The exact (unrounded) cost in pence of `childDays` days at `weeklyPence` a week: weekly / 7 per
 * day. Callers round once with `roundPence` at their stated point.
 */
export function exactCostOfDays(weeklyPence: number, childDays: number): number {
  return (weeklyPence * childDays) / 7;
}

const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/**
 * Pence as whole pounds, as pages show money: £1,235 for 123,456p, (£1,235) for negatives; rounded
 * to the pound half away from zero (Math.round would send -£0.50 to zero).
 */
export function formatWholePounds(pence: number): string {
  const pounds = roundPence(pence / 100);
  return pounds < 0 ? `(£${WHOLE.format(-pounds)})` : `£${WHOLE.format(pounds)}`;
}

/** £1,878,240 or £126,705.50: pounds, with pence only when there are some; -£5 for negatives (workings). */
export function poundsText(pence: Pence): string {
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100);
  const pennies = abs % 100;
  const text = `£${pounds.toLocaleString('en-GB')}${pennies === 0 ? '' : `.${String(pennies).padStart(2, '0')}`}`;
  return pence < 0 ? `-${text}` : text;
}

// Savings programmes: a display unit (GBP, £000s or £m) for people; negatives in brackets, as
// finance tables do: -462,000 pounds shown in £m is `(0.462)`.

/** The unit a programme's figures are shown in. */
export type DisplayUnit = 'GBP' | 'thousands' | 'millions';

export const DISPLAY_UNITS: readonly DisplayUnit[] = ['GBP', 'thousands', 'millions'];

/** Pence in one of the unit (1 for GBP is one pound). */
const UNIT_PENCE: Record<DisplayUnit, number> = { GBP: 100, thousands: 100_000, millions: 100_000_000 };

/** Decimal places shown: whole pounds, whole thousands, and millions to three places (i.e. to the £000). */
const UNIT_DECIMALS: Record<DisplayUnit, number> = { GBP: 0, thousands: 0, millions: 3 };

/** Column heading for each unit. */
export const UNIT_LABEL: Record<DisplayUnit, string> = { GBP: '£', thousands: '£000s', millions: '£m' };

/**
 * Excel number formats that show a cell holding pounds in the display unit, negatives in brackets.
 * A trailing comma in an Excel format divides by 1,000, so the cell keeps the exact pounds.
 */
export const EXCEL_NUMBER_FORMAT: Record<DisplayUnit, string> = {
  GBP: '#,##0;(#,##0)',
  thousands: '#,##0,;(#,##0,)',
  millions: '#,##0.000,,;(#,##0.000,,)',
};

/**
 * Pence to pounds exactly, pence / 100, without rounding (programme files and workbooks, whose
 * amounts are whole pence, so this equals penceToPounds for them; a fraction of a penny is kept).
 */
export function exactPounds(pence: Pence): number {
  return pence / 100;
}

/** The smallest amount the unit displays, in pence: £1, £1,000 or £1,000 (0.001m). */
export function displayIncrementPence(unit: DisplayUnit): Pence {
  return UNIT_PENCE[unit] / 10 ** UNIT_DECIMALS[unit];
}

/** An amount expressed in the display unit, unrounded (pence 46_200_000 in £m is 0.462). */
export function toDisplayUnits(pence: Pence, unit: DisplayUnit): number {
  return pence / UNIT_PENCE[unit];
}

/** Rounds pence to the nearest displayed increment (half away from zero). */
export function roundToDisplay(pence: Pence, unit: DisplayUnit): Pence {
  const inc = displayIncrementPence(unit);
  return Math.sign(pence) * Math.round(Math.abs(pence) / inc) * inc;
}

/**
 * Formats an amount in the display unit with thousands separators and brackets for negatives:
 * `formatMoney(-46_200_000, 'millions')` is `(0.462)`. No currency symbol: the unit goes in the heading.
 */
export function formatMoney(pence: Pence, unit: DisplayUnit): string {
  const decimals = UNIT_DECIMALS[unit];
  const rounded = roundToDisplay(pence, unit);
  const abs = Math.abs(rounded) / UNIT_PENCE[unit];
  const text = abs.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return rounded < 0 ? `(${text})` : text;
}
