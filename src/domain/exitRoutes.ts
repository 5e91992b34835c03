/**
 * Routes out of care, grouped for demand modelling. "Turned 18" has no REC code of its own: it is
 * derived from the date of birth (episode ended on or after the 18th birthday).
 */
import { addYears, type IsoDate } from './dates.ts';

export const EXIT_ROUTES = ['return_home', 'adoption', 'sgo_cao', 'independence_or_18', 'other'] as const;
export type ExitRoute = (typeof EXIT_ROUTES)[number];

export const EXIT_ROUTE_LABELS: Readonly<Record<ExitRoute, string>> = {
  return_home: 'Return home',
  adoption: 'Adoption',
  sgo_cao: 'Special guardianship or child arrangements order',
  independence_or_18: 'Independent living or turned 18',
  other: 'Other',
};

const BY_REC: Readonly<Record<string, ExitRoute>> = {
  E11: 'adoption',
  E12: 'adoption',
  E41: 'sgo_cao',
  E43: 'sgo_cao',
  E44: 'sgo_cao',
  E45: 'sgo_cao',
  E46: 'sgo_cao',
  E47: 'sgo_cao',
  E48: 'sgo_cao',
  E4A: 'return_home',
  E4B: 'return_home',
  E13: 'return_home',
  E17: 'independence_or_18',
  E5: 'independence_or_18',
  E6: 'independence_or_18',
  E7: 'independence_or_18',
  E15: 'independence_or_18',
};

/**
 * The exit route of a period of care that ended with `reasonEnded` on `endDate`. Any exit on or
 * after the 18th birthday is `independence_or_18`, whatever the REC code says.
 */
export function exitRoute(reasonEnded: string, endDate: IsoDate, dob: IsoDate): ExitRoute {
  if (endDate >= addYears(dob, 18)) return 'independence_or_18';
  return BY_REC[reasonEnded] ?? 'other';
}

/** True for REC codes that end a period of care (every code but X1). */
export function isExit(reasonEnded: string | null): boolean {
  return reasonEnded !== null && reasonEnded !== 'X1';
}
