/**
 * Money for savings programmes: integer pence inside, pounds in files, and a display unit
 * (GBP, £000s or £m) for people. Negative amounts are written in brackets, as finance tables do:
 * a figure of -462,000 pounds shown in £m is `(0.462)`.
 */

import type { Pence } from '../finance/money.ts';

export type { Pence };
/** Pounds (as written in a file, possibly with pence as decimals) to whole pence, half away from zero. */
export { poundsToPence } from '../finance/money.ts';

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

/** Whole pence to pounds. */
export function penceToPounds(pence: Pence): number {
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
