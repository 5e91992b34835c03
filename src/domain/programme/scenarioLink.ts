/**
 * The link from an initiative to the demand and cost model. An initiative may name a scenario;
 * a `ScenarioSavingSource` answers, for that name, the gross saving the model forecasts against
 * the baseline in each financial year (the median, with the 10th and 90th percentiles as the low
 * and high ends where the model gives them). The service fills one from the scenarios service; the
 * appraisal then uses it as the initiative's forecast, range included, keeping the entered plan as
 * the target.
 */
import type { ScenarioYearSaving } from './appraisal.ts';
import type { Programme } from './model.ts';
import type { Pence } from '../finance/money.ts';

export type { ScenarioYearSaving };

export interface ScenarioSavingSource {
  /**
   * Saving against the baseline, in pence, keyed by financial year start (2025 = 2025/26): a
   * median alone, or with its low and high ends; null when the source has no scenario of that name.
   */
  savingsByYear(scenario: string): Promise<ReadonlyMap<number, Pence | ScenarioYearSaving> | null>;
}

export interface ResolvedScenarioSavings {
  /** Initiative id to savings by year, for the linked initiatives the source answered. */
  readonly savings: ReadonlyMap<string, ReadonlyMap<number, ScenarioYearSaving>>;
  /** Linked initiatives whose scenario the source did not know. */
  readonly missing: ReadonlyArray<{ readonly initiative: string; readonly scenario: string }>;
}

const asYearSaving = (v: Pence | ScenarioYearSaving): ScenarioYearSaving => (typeof v === 'number' ? { saving: v } : v);

/**
 * The link from an initiative to a permanence tracker project (`trackerProject`): the project's
 * saving to come by financial year, in pence, as the tracker computes it (children who have left
 * as planned plus those still in care and in scope if the plan is met); null when the council has
 * no project of that name.
 */
export interface TrackerSavingSource {
  savingsByYear(project: string): Promise<ReadonlyMap<number, Pence> | null>;
}

export interface ResolvedTrackerSavings {
  readonly savings: ReadonlyMap<string, ReadonlyMap<number, ScenarioYearSaving>>;
  /** Linked initiatives whose project the source did not know, or that has no saving to come. */
  readonly missing: ReadonlyArray<{ readonly initiative: string; readonly trackerProject: string }>;
}

/** Asks the source for every initiative's tracker project. */
export async function resolveTrackerSavings(
  programme: Programme,
  source: TrackerSavingSource,
): Promise<ResolvedTrackerSavings> {
  const savings = new Map<string, ReadonlyMap<number, ScenarioYearSaving>>();
  const missing: Array<{ initiative: string; trackerProject: string }> = [];
  for (const initiative of programme.initiatives) {
    if (initiative.trackerProject === undefined) continue;
    const found = await source.savingsByYear(initiative.trackerProject);
    if (found && found.size > 0) savings.set(initiative.id, new Map([...found].map(([y, v]) => [y, { saving: v }])));
    else missing.push({ initiative: initiative.id, trackerProject: initiative.trackerProject });
  }
  return { savings, missing };
}

/** Asks the source for every linked initiative's scenario. */
export async function resolveScenarioSavings(
  programme: Programme,
  source: ScenarioSavingSource,
): Promise<ResolvedScenarioSavings> {
  const savings = new Map<string, ReadonlyMap<number, ScenarioYearSaving>>();
  const missing: Array<{ initiative: string; scenario: string }> = [];
  for (const initiative of programme.initiatives) {
    if (!initiative.scenario) continue;
    const found = await source.savingsByYear(initiative.scenario);
    if (found && found.size > 0) savings.set(initiative.id, new Map([...found].map(([y, v]) => [y, asYearSaving(v)])));
    else missing.push({ initiative: initiative.id, scenario: initiative.scenario });
  }
  return { savings, missing };
}

/** A source backed by a fixed table (scenario name to savings by year): for tests and for files that carry the figures. */
export function tableScenarioSource(
  table: ReadonlyMap<string, ReadonlyMap<number, Pence | ScenarioYearSaving>>,
): ScenarioSavingSource {
  return { savingsByYear: async (scenario) => table.get(scenario) ?? null };
}
