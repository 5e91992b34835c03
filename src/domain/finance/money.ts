/**
 * Money in the domain core: integer pence (see docs/adr/0003-money-in-pence.md).
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
