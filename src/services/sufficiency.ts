/**
 * Sufficiency (issue 11): the council's placement mix month by month from the returns, its target
 * ratios and what each asks of it (children to move, in-house households needed), distance and
 * stability of placements, and the highest-cost placements a panel reviews.
 */
import { z } from 'zod';
import { addMonths, parseDate, type IsoDate } from '../domain/dates.ts';
import { stockSeries } from '../domain/stock.ts';
import { highestCostPlacements, type HighCostPlacement } from '../domain/sufficiency/highCost.ts';
import { stabilityIndicators, yearUpTo, type StabilityIndicators } from '../domain/sufficiency/stability.ts';
import {
  MIX_KINDS,
  mixSeries,
  targetGap,
  type MixKind,
  type MixPoint,
  type MixTarget,
  type TargetGap,
} from '../domain/sufficiency/mix.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import { listChildCosts } from '../store/childCosts.repository.ts';
import type { Db } from '../store/database.ts';
import { deleteMixTarget, listCapacity, listMixTargets, upsertMixTarget } from '../store/sufficiency.repository.ts';
import {
  childrenPerHouseholdFor,
  DEFAULT_CHILDREN_PER_HOUSEHOLD,
  type ChildrenPerHousehold,
} from '../domain/scenarios/shareMoves.ts';
import { createAuditService } from './audit.ts';
import { ANALYST_ROLES, assertAccess, READ_ROLES, type Actor } from './access.ts';
import { UserInputError } from './errors.ts';
import { councilDataRange } from './dataRange.ts';
import { lastDataDate } from './forecastParameters.ts';

/** Months of history the mix is shown for. */
export const MIX_MONTHS = 36;
/** 31 Marches before the latest date at which distance and stability are also shown. */
export const STABILITY_YEARS = 3;
/** Default children per in-house fostering household (an assumption the page lets people change). */
export { DEFAULT_CHILDREN_PER_HOUSEHOLD };

export interface SufficiencyView {
  readonly asAt: IsoDate | null;
  readonly mix: Readonly<Record<MixKind, readonly MixPoint[]>>;
  readonly targets: readonly MixTarget[];
  readonly gaps: readonly TargetGap[];
  readonly childrenPerHousehold: number;
  /**
   * Where it came from: typed on the page ('scenario' source: given), else the council's capacity
   * record holding on the latest date (places / households), else the default.
   */
  readonly childrenPerHouseholdFrom: ChildrenPerHousehold;
  readonly highCost: readonly HighCostPlacement[];
  /**
   * Distance and stability at the latest date in the returns and at up to STABILITY_YEARS 31 Marches
   * before it whose whole year up to them is inside the returns; latest first.
   */
  readonly stability: readonly StabilityIndicators[];
  /**
   * True when placements' PL_LA is recorded but never equals the council's code: the council is
   * set up under a code that is not its 903 code, so in area cannot be told from out of area.
   */
  readonly placementLaUnmatched: boolean;
}

/** The dates distance and stability are shown at: `asAt`, then earlier 31 Marches with a full year of returns behind them. */
export function stabilityDates(asAt: IsoDate, first: IsoDate | null): IsoDate[] {
  const out: IsoDate[] = [asAt];
  let year = Number(asAt.slice(0, 4)) - (asAt.slice(5) > '03-31' ? 0 : 1);
  for (let i = 0; i < STABILITY_YEARS; i += 1, year -= 1) {
    const d = `${year}-03-31`;
    if (d === asAt) continue;
    if (first !== null && yearUpTo(d) < first) break;
    out.push(d);
  }
  return out;
}

export async function sufficiencyView(
  db: Db,
  actor: Actor,
  laCode: string,
  options: { readonly childrenPerHousehold?: number } = {},
): Promise<SufficiencyView> {
  assertAccess(actor, laCode, READ_ROLES);
  const [data, targets, childCosts, range, capacity] = await Promise.all([
    loadCaseData(db, laCode),
    listMixTargets(db, laCode),
    listChildCosts(db, laCode),
    councilDataRange(db, laCode),
    listCapacity(db, laCode),
  ]);
  const asAt = lastDataDate(data);
  // Typed on the page, else the council's own places per household on the latest date, else 1.5.
  const from = childrenPerHouseholdFor(options.childrenPerHousehold, capacity, asAt ?? '0000-01-01');
  const perHousehold = from.value;
  if (asAt === null)
    return {
      asAt,
      mix: { fostering: [], residential: [] },
      targets,
      gaps: [],
      childrenPerHousehold: perHousehold,
      childrenPerHouseholdFrom: from,
      highCost: [],
      stability: [],
      placementLaUnmatched: false,
    };
  const stocks = stockSeries(data, addMonths(asAt, -(MIX_MONTHS - 1)), asAt);
  const mix = { fostering: mixSeries(stocks, 'fostering'), residential: mixSeries(stocks, 'residential') };
  const gaps: TargetGap[] = [];
  for (const target of targets) {
    const latest = mix[target.kind][mix[target.kind].length - 1];
    if (latest) gaps.push(targetGap(target, latest, perHousehold));
  }
  const stability = stabilityDates(asAt, range?.first ?? null).map((d) => stabilityIndicators(data, d, laCode));
  return {
    asAt,
    mix,
    targets,
    gaps,
    childrenPerHousehold: perHousehold,
    childrenPerHouseholdFrom: from,
    highCost: highestCostPlacements(data, childCosts, asAt),
    stability,
    placementLaUnmatched: placementLaUnmatched(data.episodes, laCode),
  };
}

/** Whether some episodes record PL_LA and none of them is the council's own code. */
function placementLaUnmatched(episodes: readonly { readonly placementLa?: string | null }[], laCode: string): boolean {
  let any = false;
  for (const e of episodes) {
    const la = e.placementLa ?? null;
    if (la === null) continue;
    if (la === laCode) return false;
    any = true;
  }
  return any;
}

/** A target as typed: the in-house percentage (e.g. 66 for 66:34) and the date it is due. */
export const mixTargetInput = z.object({
  kind: z.enum(MIX_KINDS, { error: 'Select fostering or residential' }),
  inHousePercent: z.coerce
    .number({ error: 'In-house share must be a number, like 66 for 66:34' })
    .min(1, { error: 'In-house share must be between 1 and 99' })
    .max(99, { error: 'In-house share must be between 1 and 99' }),
  by: z.string().refine((s) => parseDate(s) !== null && /^\d{4}-\d{2}-\d{2}$/.test(s), {
    error: 'Enter the date the target is due, for example 2027-03-31',
  }),
});

export async function setMixTarget(
  db: Db,
  actor: Actor,
  laCode: string,
  input: unknown,
  now: Date,
): Promise<MixTarget> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const parsed = mixTargetInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserInputError(String(issue?.path[0] ?? 'kind'), issue?.message ?? 'Check the target');
  }
  const target: MixTarget = {
    kind: parsed.data.kind,
    inHouseShare: Math.round(parsed.data.inHousePercent * 100) / 10_000,
    by: parsed.data.by,
  };
  await upsertMixTarget(db, laCode, target, now.toISOString());
  await createAuditService(db, () => now).record(actor, 'sufficiency.target_set', {
    kind: target.kind,
    inHouseShare: target.inHouseShare,
    by: target.by,
  });
  return target;
}

export async function removeMixTarget(
  db: Db,
  actor: Actor,
  laCode: string,
  kind: string,
  by: string,
  now: Date,
): Promise<boolean> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  if (!(MIX_KINDS as readonly string[]).includes(kind)) return false;
  const removed = await deleteMixTarget(db, laCode, kind as MixKind, by);
  if (removed) await createAuditService(db, () => now).record(actor, 'sufficiency.target_removed', { kind, by });
  return removed;
}

export function createSufficiencyService(db: Db, now: () => Date) {
  return {
    view: (actor: Actor, laCode: string, options: { readonly childrenPerHousehold?: number } = {}) =>
      sufficiencyView(db, actor, laCode, options),
    setTarget: (actor: Actor, laCode: string, input: unknown) => setMixTarget(db, actor, laCode, input, now()),
    removeTarget: (actor: Actor, laCode: string, kind: string, by: string) =>
      removeMixTarget(db, actor, laCode, kind, by, now()),
  };
}

export type SufficiencyService = ReturnType<typeof createSufficiencyService>;
