/**
 * Scenarios: saved by name per council, and run against the baseline. The use cases behind
 * `forecare scenario` and the web's scenario pages.
 *
 * A comparison projects the baseline and the scenario with the same seed (common random numbers),
 * costs both run by run with the same prices and actuals to date, and summarises the difference
 * run by run: see src/domain/scenarios/compare.ts. Children costed at their own placement cost
 * (child-level costs) carry their premium on each side, worked out with that side's adjustments, so
 * moving them out of an expensive placement saves what they really cost. Post-care lines (allowances,
 * Staying Put, care leavers) are costed on each side from its own leavers, so the saving is net of
 * what follows a child out of care.
 */
import type { Quantiles } from '../domain/stats/quantiles.ts';
import type { ComparisonYear } from '../domain/scenarios/compare.ts';
import { agencyLeverSavingsFor } from './workforce.ts';
import { cpPlanShareFor, hasCinCensus, NO_CIN_CENSUS } from './funnel.ts';
import { lastEpisodeDate, loadCaseData } from '../store/caseData.repository.ts';
import {
  agencyShareLevers,
  costAdjustments,
  cpPlansLevers,
  type CpPlanShare,
  describeAdjustment,
  engineAdjustmentSources,
  engineAdjustments,
  startWarnings,
  type Scenario,
} from '../domain/scenarios/scenario.ts';
import { parseScenario, scenarioToPlain, ScenarioValidationError } from '../domain/scenarios/validate.ts';
import { childrenPerHouseholdFor, shareMovePlan, type ShareMovePlan } from '../domain/scenarios/shareMoves.ts';
import { listCapacity } from '../store/sufficiency.repository.ts';
import { cpPlansEntryPercent } from '../domain/scenarios/cpPlansLever.ts';
import type { CaseData } from '../domain/model.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Db } from '../store/database.ts';
import {
  deleteScenarioRecord,
  findScenario,
  listScenarioRecords,
  upsertScenario,
} from '../store/scenarios.repository.ts';
import {
  costingInputs,
  DEFAULT_MONTHS,
  DEFAULT_RUNS,
  DEFAULT_SEED,
  engineProjector,
  poundsQuantiles,
  projectWithChildCosts,
  resolveStart,
  type ForecastOptions,
} from './spend.ts';
import { comparisonCostsFrom, type ComparisonCostsRequest } from './comparisonCosts.ts';
import { RateBook } from '../domain/finance/unitCosts.ts';

export { poundsQuantiles } from './spend.ts';

export interface ScenarioSummary {
  readonly name: string;
  readonly description: string;
  /** Its adjustments; null when the stored scenario cannot be read (see `problem`). */
  readonly adjustments: number | null;
  readonly updatedAt: string;
  /** Why the stored scenario cannot be used, in words (a damaged row); absent when it is fine. */
  readonly problem?: string;
}

/** Saves (or replaces) a scenario under its name for the council. `now` is the time recorded. */
export async function saveScenario(db: Db, laCode: string, scenario: Scenario, now: Date = new Date()): Promise<void> {
  await upsertScenario(db, laCode, {
    name: scenario.name,
    description: scenario.description,
    definition: JSON.stringify(scenario),
    updatedAt: now.toISOString(),
  });
}

export async function listScenarios(db: Db, laCode: string): Promise<ScenarioSummary[]> {
  const rows = await listScenarioRecords(db, laCode);
  // Each row is read (and checked) on its own: one damaged row is flagged, not the list's end.
  return rows.map((r) => {
    const base = { name: r.name, description: r.description, updatedAt: r.updatedAt };
    try {
      const stored = JSON.parse(r.definition) as Scenario;
      const scenario = parseScenario(scenarioToPlain(stored), `saved scenario "${r.name}"`);
      return { ...base, adjustments: scenario.adjustments.length };
    } catch (err) {
      const why =
        err instanceof SyntaxError ? 'it is not valid JSON' : err instanceof Error ? err.message : String(err);
      return {
        ...base,
        adjustments: null,
        problem: `This saved scenario cannot be read (${why.split('\n')[0]!.slice(0, 200)}). Delete it and create it again.`,
      };
    }
  });
}

/** A saved scenario, revalidated on the way out (so a stored scenario is always a valid one); undefined when none. */
export async function getScenario(db: Db, laCode: string, name: string): Promise<Scenario | undefined> {
  const row = await findScenario(db, laCode, name);
  if (!row) return undefined;
  const stored = JSON.parse(row.definition) as Scenario;
  // Stored money is pence; the validator reads pounds: convert back through the plain form.
  return parseScenario(scenarioToPlain(stored), `saved scenario "${name}"`);
}

export async function deleteScenario(db: Db, laCode: string, name: string): Promise<boolean> {
  return deleteScenarioRecord(db, laCode, name);
}

export interface ScenarioComparison {
  readonly laCode: string;
  readonly scenario: Scenario;
  readonly start: IsoDate;
  readonly months: number;
  readonly runs: number;
  readonly seed: number;
  readonly priceBase: 'cash' | number;
  readonly years: readonly ComparisonYear[];
  /** Children looked after on the start date costed at their own placement cost until they leave its placement category. */
  readonly childLevelCostsUsed: number;
  readonly adjustments: readonly string[];
  readonly warnings: readonly string[];
  /** The share of entries after a child protection plan the scenario's plans levers ran with; absent without one. */
  readonly cpPlanShare?: CpPlanShare;
  /**
   * Each "reach a share by a date" adjustment's moves on the scenario's expected path, by month
   * and financial year, with the in-house fostering households they need
   * (src/domain/scenarios/shareMoves.ts); empty without such adjustments.
   */
  readonly shareMoves: readonly ScenarioShareMoves[];
}

/** A share move's plan, with the adjustment it belongs to (numbered from 1 as on the scenario's page). */
export interface ScenarioShareMoves extends ShareMovePlan {
  readonly adjustment: number;
  readonly sharePercent: number;
  readonly by: IsoDate;
}

/**
 * The share of entries to care after a child protection plan for a scenario's child protection
 * plans levers (undefined when it has none), measured up to the forecast `start` on `care`. Refused
 * with a ScenarioValidationError naming each lever's "percent" when the council's CIN census cannot
 * give it (none imported, not covering the reference window, or no entries in it): never taken as 0.
 */
export async function cpPlanShareForScenario(
  db: Db,
  laCode: string,
  scenario: Scenario,
  start: IsoDate,
  care: CaseData,
  source = `scenario "${scenario.name}"`,
): Promise<CpPlanShare | undefined> {
  if (cpPlansLevers(scenario).length === 0) return undefined;
  const found = await cpPlanShareFor(db, laCode, start, care);
  if ('share' in found) return found.share;
  throw cpPlansRefused(scenario, found.problem, source);
}

/**
 * Checks, before a scenario is saved, that the council's data can run its child protection plans
 * levers from the default forecast start (the last date in the returns; without returns, that a
 * CIN census is there at all). Throws as cpPlanShareForScenario does; nothing to check without a lever.
 */
export async function checkCpPlansLevers(db: Db, laCode: string, scenario: Scenario, source: string): Promise<void> {
  if (cpPlansLevers(scenario).length === 0) return;
  const start = await lastEpisodeDate(db, laCode);
  if (start !== null) {
    await cpPlanShareForScenario(db, laCode, scenario, start, await loadCaseData(db, laCode), source);
    return;
  }
  if (!(await hasCinCensus(db, laCode))) throw cpPlansRefused(scenario, NO_CIN_CENSUS, source);
}

function cpPlansRefused(scenario: Scenario, problem: string, source: string): ScenarioValidationError {
  return new ScenarioValidationError(
    source,
    scenario.adjustments.flatMap((a, i) =>
      a.kind === 'cpPlans'
        ? [{ adjustment: i + 1, kind: a.kind, field: 'percent', message: problem, code: 'no_cin_census' }]
        : [],
    ),
  );
}

/** A comparison's options: the forecast's, and who costs the two projections (default: this thread). */
export interface ComparisonOptions extends ForecastOptions {
  /** The costing of both sides (./comparisonCosts.ts): the engine runner's comparisonCosts on the server. */
  readonly costs?: (request: ComparisonCostsRequest) => Promise<ComparisonYear[]>;
}

/** Runs `scenario` against the baseline for council `laCode`. */
export async function runScenarioComparison(
  db: Db,
  laCode: string,
  scenario: Scenario,
  options: ComparisonOptions,
): Promise<ScenarioComparison> {
  const priceBase = options.priceBase ?? 'cash';
  const inputs = await costingInputs(db, laCode, priceBase);
  const start = resolveStart(inputs.data, options.start, laCode);
  // What projecting with child-level costs needs of the costing (the actuals to date are worked out with the costs).
  const pricing = { book: new RateBook(inputs.basis), childCosts: inputs.childCosts, start };
  const months = options.months ?? DEFAULT_MONTHS;
  const runs = options.runs ?? DEFAULT_RUNS;
  const seed = options.seed ?? DEFAULT_SEED;
  const request = { data: inputs.data, start, months, runs, seed };
  const projector = options.project ?? engineProjector();
  // A child protection plans lever is an entry rate change by the share of entries after a plan.
  const cpPlanShare = await cpPlanShareForScenario(db, laCode, scenario, start, inputs.data);
  // Both sides at once: a projector that runs in worker threads projects them in parallel (one fit).
  const [base, scen] = await Promise.all([
    projectWithChildCosts(projector, { ...request, adjustments: [] }, pricing),
    projectWithChildCosts(projector, { ...request, adjustments: engineAdjustments(scenario, cpPlanShare) }, pricing),
  ]);
  const baseline = base.projection;
  const projected = scen.projection;
  const costs = options.costs ?? (async (r: ComparisonCostsRequest) => comparisonCostsFrom(r));
  const years = await costs({
    laCode,
    inputs,
    start,
    baseline,
    scenario: projected,
    costAdjustments: costAdjustments(scenario),
    baselinePremium: base.premium,
    scenarioPremium: scen.premium,
  });
  // The moves each "reach a share by a date" adjustment works out, on the scenario's expected path.
  const sources = engineAdjustmentSources(scenario, cpPlanShare);
  const capacity = scenario.adjustments.some((a) => a.kind === 'moveToShare') ? await listCapacity(db, laCode) : [];
  const shareMoves: ScenarioShareMoves[] = [];
  for (const moved of scen.moves) {
    const index = sources[moved.adjustment];
    const a = index === undefined ? undefined : scenario.adjustments[index];
    if (index === undefined || a?.kind !== 'moveToShare') continue;
    const plan = shareMovePlan(
      a,
      projected.timeline.months,
      moved.byMonth,
      childrenPerHouseholdFor(a.childrenPerHousehold, capacity, start),
    );
    shareMoves.push({ ...plan, adjustment: index + 1, sharePercent: a.sharePercent, by: a.by });
  }
  // The workforce line: each agency share lever's saving, the same in every run, added to the saving.
  const levers = agencyShareLevers(scenario);
  const workforce = new Map<string, number>();
  const leverWarnings: string[] = [];
  for (const lever of levers) {
    const found = await agencyLeverSavingsFor(db, laCode, lever, baseline.timeline.months, start);
    if (!found) {
      leverWarnings.push(
        'The agency share lever saves nothing: the council has no workforce figures (the Workforce page).',
      );
      continue;
    }
    leverWarnings.push(...found.base.warnings);
    for (const y of found.savings.years) workforce.set(y.yearLabel, (workforce.get(y.yearLabel) ?? 0) + y.savingPence);
  }
  const shift = (q: Quantiles, by: number): Quantiles => ({
    mean: q.mean + by,
    p2_5: q.p2_5 + by,
    p10: q.p10 + by,
    p50: q.p50 + by,
    p90: q.p90 + by,
    p97_5: q.p97_5 + by,
  });
  const withWorkforce =
    levers.length === 0
      ? years
      : years.map((y) => {
          const w = workforce.get(y.year) ?? 0;
          return { ...y, workforceSaving: w, saving: shift(y.saving, w) };
        });
  return {
    laCode,
    scenario,
    start: start,
    months,
    runs,
    seed,
    priceBase,
    years: withWorkforce,
    childLevelCostsUsed: base.childLevelCostsUsed,
    adjustments: scenario.adjustments.map((a) => describeAdjustment(a, undefined, cpPlanShare)),
    shareMoves,
    ...(cpPlanShare === undefined ? {} : { cpPlanShare }),
    warnings: [
      ...startWarnings(scenario, start),
      ...new Set([...baseline.warnings, ...projected.warnings, ...leverWarnings]),
    ],
  };
}

function round2(q: Quantiles): Quantiles {
  const r = (x: number) => Math.round(x * 100) / 100;
  return { mean: r(q.mean), p2_5: r(q.p2_5), p10: r(q.p10), p50: r(q.p50), p90: r(q.p90), p97_5: r(q.p97_5) };
}

/**
 * The comparison as `scenario run --json` prints it: spend in pounds (2 dp), children as the
 * average number looked after over the year (2 dp), children diverted as entries avoided.
 */
export function comparisonJson(c: ScenarioComparison): Record<string, unknown> {
  return {
    la: c.laCode,
    scenario: c.scenario.name,
    start: c.start,
    months: c.months,
    runs: c.runs,
    seed: c.seed,
    priceBase: c.priceBase === 'cash' ? 'cash' : `${c.priceBase} prices`,
    childLevelCostsUsed: c.childLevelCostsUsed,
    measures: {
      spend:
        'pounds, cash terms unless priceBase says otherwise; years with actuals to date are outturn (actual + forecast)',
      children: 'average number of children looked after over the days of the year covered',
      childrenDiverted: 'entries into care avoided in the year (baseline minus scenario), run by run',
      saving:
        'baseline minus scenario spend, run by run on common random numbers, plus the workforce saving where the scenario has an agency share lever',
      workforceSaving:
        'the agency premium avoided by the scenario’s agency share levers (pounds), priced on the latest workforce figures; already in saving',
      childLevelCostsUsed:
        'children looked after on the start date costed at their own placement cost until they leave its placement category (an expected amount, each side with its own adjustments); everyone else at the unit cost',
      ...(c.shareMoves.length === 0
        ? {}
        : {
            shareMoves:
              'each "reach a share by a date" adjustment: children moved from one category to the other on the scenario’s expected path (1 dp), by month and financial year; householdsNeeded = children moved so far / childrenPerHousehold, rounded up (moves into in-house fostering only, else null); childrenPerHousehold.source says where the figure came from (scenario, the council’s capacity record: places / households, or the default 1.5)',
          }),
    },
    ...(c.cpPlanShare === undefined
      ? {}
      : {
          cpPlans: {
            measure:
              'entries to care from "from" to "to" (the reference window within the CIN census years) and those after a child protection plan (open in the 12 months up to the entry); each lever changes all entries by its percent x entriesAfterPlan / entries',
            from: c.cpPlanShare.from,
            to: c.cpPlanShare.to,
            entries: c.cpPlanShare.entries,
            entriesAfterPlan: c.cpPlanShare.afterPlan,
            levers: c.scenario.adjustments.flatMap((a, i) =>
              a.kind === 'cpPlans'
                ? [
                    {
                      adjustment: i + 1,
                      plansPercent: a.percent,
                      entriesPercent: Math.round(cpPlansEntryPercent(a.percent, c.cpPlanShare!) * 100) / 100,
                    },
                  ]
                : [],
            ),
          },
        }),
    financialYears: c.years.map((y) => ({
      year: y.year,
      basis: y.basis,
      baselineSpend: poundsQuantiles(y.baselineSpend),
      scenarioSpend: poundsQuantiles(y.scenarioSpend),
      saving: poundsQuantiles(y.saving),
      ...(y.workforceSaving === undefined ? {} : { workforceSaving: y.workforceSaving / 100 }),
      baselineChildren: round2(y.baselineChildren),
      scenarioChildren: round2(y.scenarioChildren),
      childrenDiverted: round2(y.childrenDiverted),
    })),
    ...(c.shareMoves.length === 0 ? {} : { shareMoves: c.shareMoves.map(shareMovesJson) }),
    warnings: c.warnings,
  };
}

const twoDp = (x: number) => Math.round(x * 100) / 100;

function shareMovesJson(p: ScenarioShareMoves): Record<string, unknown> {
  return {
    adjustment: p.adjustment,
    from: p.from,
    to: p.to,
    sharePercent: p.sharePercent,
    by: p.by,
    childrenPerHousehold: {
      value: twoDp(p.childrenPerHousehold.value),
      source: p.childrenPerHousehold.source,
      ...(p.childrenPerHousehold.record ? { record: p.childrenPerHousehold.record } : {}),
    },
    totalMoves: p.totalMoves,
    householdsNeeded: p.householdsNeeded,
    financialYears: p.years,
    months: p.months,
  };
}
