/**
 * A council's code, as every front door takes it (the CLI's --la, the users service): the 903's
 * three-digit local authority code (e.g. 301), or a code configured for a council outside the 903
 * list (DEMO for the demo council, an ONS code such as E10000001): 1-10 letters or digits, read in
 * upper case. Anything else (a path such as ../../x, spaces, punctuation) is refused, so a code can
 * never name a file or widen a query.
 */
import { z } from 'zod';

export const COUNCIL_CODE_RULE =
  'a council code is 1-10 letters or digits: the 903 code (e.g. 301) or a configured code such as DEMO';

export const councilCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,10}$/, COUNCIL_CODE_RULE);

/** The code in upper case, or null when it is not a council code. */
export function parseCouncilCode(value: string): string | null {
  const r = councilCodeSchema.safeParse(value);
  return r.success ? r.data : null;
}
