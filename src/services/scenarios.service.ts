/**
 * The Scenarios pages' use cases for the web, over src/services/scenarios.ts: list, create,
 * rename/describe, copy, delete, add/change/remove adjustments (analysts and admins, every change
 * audited), and the comparison with the baseline (any member; cached per council, data version,
 * prices and scenario definition, since it runs the demand engine twice).
 *
 * Adjustments arrive from forms as the plain form of a scenario file (money in pounds) and are
 * validated by the same rules as a file (src/domain/scenarios/validate.ts); each problem comes
 * back as a UserInputError naming the form field.
 */
import { isoDateOf, type IsoDate } from '../domain/dates.ts';
import {
  agencyShareLevers,
  cpPlansLevers,
  startWarnings,
  type CpPlanShare,
  type Scenario,
} from '../domain/scenarios/scenario.ts';
import { workforceVersion } from './workforce.ts';
import { cinVersion, cpPlanShareFor, NO_CIN_CENSUS } from './funnel.ts';
import { lastEpisodeDate, loadCaseData } from '../store/caseData.repository.ts';
import {
  parseScenario,
  scenarioToPlain,
  ScenarioValidationError,
  type ScenarioProblem,
} from '../domain/scenarios/validate.ts';
import { type AuditService } from './audit.ts';
import { ANALYST_ROLES, READ_ROLES, assertAccess, type Actor } from './access.ts';
import { inlineEngineRunner, type EngineRunner } from './engineRunner.ts';
import {
  checkCpPlansLevers,
  deleteScenario,
  getScenario,
  listScenarios,
  runScenarioComparison,
  saveScenario,
  type ScenarioComparison,
  type ScenarioSummary,
} from './scenarios.ts';
import { SpendInputError } from './spend.ts';
import { UserInputError } from './errors.ts';
import { RUNS } from './forecastParameters.ts';
import type { Db } from '../store/database.ts';
import type { DataVersions } from './dataVersions.ts';
import { createRunCache } from './runCache.ts';

export const COMPARE_MONTHS = 60;
/** Runs of a scenario comparison: spend's default (see RUNS in ./forecastParameters.ts). */
export const COMPARE_RUNS = RUNS.defaults.spend;
export const COMPARE_SEED = 1;

/** A problem with a form that holds several fields: the first field named, as the form names it. */
export class ScenarioFormError extends UserInputError {
  readonly all: Readonly<Record<string, string>>;
  constructor(all: Record<string, string>) {
    const [field, message] = Object.entries(all)[0] ?? ['name', 'The scenario is not valid'];
    super(field, message);
    this.name = 'ScenarioFormError';
    this.all = all;
  }
}

/** The form field a validation problem belongs to ("ageBands.0" → "ageBands", "start" → "start-day"). */
function formField(problemField: string): string {
  const top = problemField.split('.')[0] ?? problemField;
  if (top === 'start') return 'start-day';
  if (top === 'by') return 'by-day';
  return top;
}

/** One field's messages: `choose`/`enter` when the value is missing or of the wrong kind, `rule` when a cross-field rule fails. */
interface FieldMessages {
  readonly enter: string;
  readonly rule?: string;
}

const PERCENT = 'a percentage change between -100% and 1,000%';
const MOVE_FROM: FieldMessages = { enter: 'Select the placement category to move children from' };
const MOVE_TO: FieldMessages = {
  enter: 'Select the placement category to move children to',
  rule: 'Choose a different placement category to move children to',
};

/**
 * Error messages in the GOV.UK style for each kind of adjustment's fields, chosen by the problem's
 * field and code (never by reading the schema's message). `enter` covers a missing, wrong or
 * out-of-range value; `rule` a rule across fields (zod's custom issues).
 */
const FIELD_MESSAGES: Readonly<Record<string, Readonly<Record<string, FieldMessages>>>> = {
  common: {
    start: { enter: 'Enter a real start date, for example 1 4 2026' },
    rampMonths: { enter: 'Enter the ramp-up as a whole number of months from 0 to 120' },
    ageBands: { enter: 'Select age bands from the list' },
  },
  entryRate: {
    percent: {
      enter: `Enter ${PERCENT} in entries`,
      rule: 'Enter the percentage change in entries, or a change in children a year, not both',
    },
    childrenPerYear: { enter: 'Enter the change in children entering a year as a number' },
  },
  exitRate: {
    route: { enter: 'Select the route out of care' },
    percent: { enter: `Enter ${PERCENT} in exits by this route` },
  },
  categoryShift: {
    from: MOVE_FROM,
    to: MOVE_TO,
    childrenPerYear: { enter: 'Enter the number of children a year, more than 0' },
    capacity: { enter: 'Enter the capacity as a whole number, 0 or more, or leave it blank for no limit' },
  },
  moveOnce: {
    from: MOVE_FROM,
    to: MOVE_TO,
    children: { enter: 'Enter the number of children to move, more than 0' },
  },
  movePercent: {
    from: MOVE_FROM,
    to: MOVE_TO,
    percentPerYear: {
      enter: 'Enter the percentage of the children in the category who move each year, more than 0% and less than 100%',
    },
  },
  moveToShare: {
    from: MOVE_FROM,
    to: MOVE_TO,
    sharePercent: { enter: 'Enter the share to reach, more than 0% and up to 100%' },
    childrenPerHousehold: {
      enter: 'Enter the children per in-house fostering household as a number from 0.5 to 6, or leave it blank',
    },
    by: {
      enter: 'Enter a real date to reach the share by, for example 31 3 2028',
      rule: 'The date to reach the share by must be the same as or after the start date',
    },
  },
  cpPlans: {
    percent: { enter: 'Enter a percentage change in child protection plans between -100% and 100%' },
  },
  agencyShare: {
    fromPercent: { enter: 'Enter the agency share now, from 0% to 100%' },
    toPercent: { enter: 'Enter the agency share to reach, from 0% to 100%' },
    by: {
      enter: 'Enter a real date to reach the share by, for example 31 3 2028',
      rule: 'The date to reach the share by must be the same as or after the start date',
    },
  },
  unitCostChange: {
    category: { enter: 'Select the placement category whose unit cost changes' },
    percent: {
      enter: `Enter ${PERCENT} in the unit cost`,
      rule: 'Enter a percentage change, a weekly change, or both',
    },
    weeklyChange: { enter: 'Enter the weekly change in pounds' },
  },
  newProvision: {
    name: { enter: 'Enter the name of the provision' },
    from: { enter: 'Select the placement category children come from' },
    to: {
      enter: 'Select the placement category of the new places',
      rule: 'Choose a placement category for the new places different from the one children come from',
    },
    capacity: { enter: 'Enter the number of places, a whole number more than 0' },
    childrenPerYear: { enter: 'Enter the number of children placed a year, more than 0, or leave it blank' },
    runningCostPerYear: { enter: 'Enter the running cost a year in pounds, £0 or more' },
  },
};

/** The GOV.UK-style message for a problem with the adjustment being edited. */
export function adjustmentProblemMessage(p: ScenarioProblem): string {
  const field = p.field.split('.')[0] ?? p.field;
  if (p.code === 'unrecognized_keys') return 'The form sent a field this kind of adjustment does not have';
  if (p.code === 'unknown_kind') return 'Select the kind of adjustment to add';
  const messages = FIELD_MESSAGES[p.kind ?? '']?.[field] ?? FIELD_MESSAGES.common?.[field];
  if (!messages) return `Check the ${field}`;
  return p.code === 'custom' && messages.rule ? messages.rule : messages.enter;
}

function validate(plain: Record<string, unknown>, adjustmentIndex: number | null): Scenario {
  try {
    return parseScenario(plain, 'the form');
  } catch (err) {
    if (!(err instanceof ScenarioValidationError)) throw err;
    const errors: Record<string, string> = {};
    for (const p of err.problems) {
      // Problems in other adjustments would be a stored scenario gone bad; name them plainly.
      if (p.adjustment !== null && adjustmentIndex !== null && p.adjustment !== adjustmentIndex + 1) {
        errors.kind ??= `Adjustment ${p.adjustment} can no longer be read: change it or remove it`;
        continue;
      }
      if (p.adjustment === null) {
        errors[p.field === 'description' ? 'description' : 'name'] ??=
          p.field === 'description' ? 'Enter the description as text' : 'Enter a name for the scenario';
        continue;
      }
      errors[formField(p.field)] ??= adjustmentProblemMessage(p);
    }
    throw new ScenarioFormError(errors);
  }
}

export interface ScenarioDetail {
  readonly scenario: Scenario;
  readonly plain: Record<string, unknown>;
  readonly updatedAt: string | null;
  /** Where a comparison starts by default (the last date in the council's returns); null with no returns. */
  readonly forecastStart: IsoDate | null;
  /** Adjustments that start before the forecast, in sentences (empty when none or no returns). */
  readonly warnings: readonly string[];
  /**
   * For a scenario with a child protection plans lever, from the forecast start: the share of
   * entries after a plan it runs with, or why there is none (`cpPlanProblem`, a sentence).
   */
  readonly cpPlanShare?: CpPlanShare;
  readonly cpPlanProblem?: string;
}

/** The child protection plans lever's refusal as a sentence (the problem reads "cannot be used: ..."). */
function cpPlansRefusal(problem: string): string {
  return `The child protection plans lever ${problem}`;
}

export function createScenariosService(
  db: Db,
  audit: AuditService,
  dataVersions: DataVersions,
  /** The council's prices as a cache key (comparisons are costed with them). */
  pricesKey: (laCode: string) => Promise<string>,
  now: () => Date = () => new Date(),
  /** Runs the two projections of a comparison (the server's worker pool; this thread by default). */
  engine: EngineRunner = inlineEngineRunner(),
) {
  const comparisons = createRunCache<ScenarioComparison | null>({ maxPerCouncil: 16 });
  dataVersions.onInvalidate((la) => comparisons.clear(la));

  async function existing(laCode: string, name: string): Promise<Scenario> {
    const s = await getScenario(db, laCode, name);
    if (!s) throw new UserInputError('name', `There is no scenario called “${name}”`);
    return s;
  }

  function checkName(raw: string): string {
    const name = raw.trim();
    if (name === '') throw new UserInputError('name', 'Enter a name for the scenario');
    if (name.length > 100) throw new UserInputError('name', 'The name must be 100 characters or fewer');
    // "new" is the address of the create page.
    if (name.toLowerCase() === 'new') throw new UserInputError('name', 'Choose a name other than “new”');
    return name;
  }

  /**
   * The share of entries after a child protection plan from the default forecast start (the last
   * date in the returns), or why it cannot be had. Without returns only the CIN census is asked for.
   */
  async function cpPlanShareNow(laCode: string): Promise<{ share: CpPlanShare } | { problem: string } | null> {
    const start = await lastEpisodeDate(db, laCode);
    if (start === null) return null;
    return cpPlanShareFor(db, laCode, start, await loadCaseData(db, laCode));
  }

  async function assertFree(laCode: string, name: string): Promise<void> {
    if (await getScenario(db, laCode, name))
      throw new UserInputError('name', `There is already a scenario called “${name}”: choose another name`);
  }

  return {
    async list(actor: Actor, laCode: string): Promise<ScenarioSummary[]> {
      assertAccess(actor, laCode, READ_ROLES);
      return listScenarios(db, laCode);
    },

    /** A saved scenario, or null. */
    async get(actor: Actor, laCode: string, name: string): Promise<ScenarioDetail | null> {
      assertAccess(actor, laCode, READ_ROLES);
      const scenario = await getScenario(db, laCode, name);
      if (!scenario) return null;
      const summary = (await listScenarios(db, laCode)).find((s) => s.name === name);
      const forecastStart = await lastEpisodeDate(db, laCode);
      const cp = cpPlansLevers(scenario).length > 0 ? await cpPlanShareNow(laCode) : null;
      return {
        scenario,
        plain: scenarioToPlain(scenario),
        updatedAt: summary?.updatedAt ?? null,
        forecastStart,
        warnings: forecastStart === null ? [] : startWarnings(scenario, forecastStart),
        ...(cp === null
          ? {}
          : 'share' in cp
            ? { cpPlanShare: cp.share }
            : { cpPlanProblem: cpPlansRefusal(cp.problem) }),
      };
    },

    async create(actor: Actor, laCode: string, form: { name: string; description: string }): Promise<Scenario> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const name = checkName(form.name);
      await assertFree(laCode, name);
      const scenario = validate({ name, description: form.description.trim(), adjustments: [] }, null);
      await saveScenario(db, laCode, scenario, now());
      await audit.record(actor, 'scenario.created', { scenario: name });
      return scenario;
    },

    /** Renames and/or redescribes a scenario. */
    async update(
      actor: Actor,
      laCode: string,
      currentName: string,
      form: { name: string; description: string },
    ): Promise<Scenario> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const current = await existing(laCode, currentName);
      const name = checkName(form.name);
      if (name !== currentName) await assertFree(laCode, name);
      const scenario = validate({ ...scenarioToPlain(current), name, description: form.description.trim() }, null);
      await saveScenario(db, laCode, scenario, now());
      if (name !== currentName) await deleteScenario(db, laCode, currentName);
      await audit.record(actor, 'scenario.updated', {
        scenario: name,
        ...(name !== currentName ? { renamedFrom: currentName } : {}),
      });
      return scenario;
    },

    async copy(actor: Actor, laCode: string, fromName: string, newName: string): Promise<Scenario> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const from = await existing(laCode, fromName);
      const name = checkName(newName);
      await assertFree(laCode, name);
      const scenario = { ...from, name };
      await saveScenario(db, laCode, scenario, now());
      await audit.record(actor, 'scenario.copied', { scenario: name, copiedFrom: fromName });
      return scenario;
    },

    async remove(actor: Actor, laCode: string, name: string): Promise<boolean> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const removed = await deleteScenario(db, laCode, name);
      if (removed) await audit.record(actor, 'scenario.deleted', { scenario: name });
      return removed;
    },

    /**
     * Adds (index null) or replaces adjustment `index` (0-based) with `adjustment` (the plain form:
     * money in pounds), validated as a scenario file is.
     */
    async setAdjustment(
      actor: Actor,
      laCode: string,
      name: string,
      index: number | null,
      adjustment: Record<string, unknown>,
    ): Promise<Scenario> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const current = await existing(laCode, name);
      const plain = scenarioToPlain(current);
      const list = [...(plain.adjustments as unknown[])];
      if (index !== null && (index < 0 || index >= list.length))
        throw new UserInputError('kind', 'That adjustment is no longer in the scenario');
      const at = index ?? list.length;
      list[at] = adjustment;
      const scenario = validate({ ...plain, adjustments: list }, at);
      // A child protection plans lever needs the CIN census's share of entries after a plan: refused
      // now, beside its field, rather than saved to fail (or count as nothing) when it runs.
      if (scenario.adjustments[at]?.kind === 'cpPlans') {
        const only = { ...scenario, adjustments: [scenario.adjustments[at]] };
        try {
          await checkCpPlansLevers(db, laCode, only, 'the form');
        } catch (err) {
          if (!(err instanceof ScenarioValidationError)) throw err;
          throw new ScenarioFormError({ percent: cpPlansRefusal(err.problems[0]?.message ?? NO_CIN_CENSUS) });
        }
      }
      await saveScenario(db, laCode, scenario, now());
      await audit.record(actor, index === null ? 'scenario.adjustment_added' : 'scenario.adjustment_changed', {
        scenario: name,
        adjustment: at + 1,
        kind: adjustment.kind,
      });
      return scenario;
    },

    async removeAdjustment(actor: Actor, laCode: string, name: string, index: number): Promise<Scenario> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const current = await existing(laCode, name);
      const removed = current.adjustments[index];
      if (!removed) throw new UserInputError('kind', 'That adjustment is no longer in the scenario');
      const scenario = { ...current, adjustments: current.adjustments.filter((_, i) => i !== index) };
      await saveScenario(db, laCode, scenario, now());
      await audit.record(actor, 'scenario.adjustment_removed', {
        scenario: name,
        adjustment: index + 1,
        kind: removed.kind,
      });
      return scenario;
    },

    /**
     * The scenario against the baseline by financial year (cached); null when the council has no
     * case data to project. Any member may read it.
     */
    async compare(actor: Actor, laCode: string, scenario: Scenario): Promise<ScenarioComparison | null> {
      assertAccess(actor, laCode, READ_ROLES);
      const { version } = await dataVersions.get(laCode);
      // A scenario with an agency share lever is also priced on the workforce figures.
      const workforce =
        agencyShareLevers(scenario).length > 0 ? `|workforce ${await workforceVersion(db, laCode)}` : '';
      // A child protection plans lever is measured on the CIN census.
      const cin = cpPlansLevers(scenario).length > 0 ? `|cin ${await cinVersion(db, laCode)}` : '';
      const key = `${await pricesKey(laCode)}${workforce}${cin}|${JSON.stringify(scenarioToPlain(scenario))}`;
      return comparisons.get(laCode, version, key, async () => {
        try {
          return await runScenarioComparison(db, laCode, scenario, {
            months: COMPARE_MONTHS,
            runs: COMPARE_RUNS,
            seed: COMPARE_SEED,
            project: engine.projector(),
            costs: (request) => engine.comparisonCosts(request),
          });
        } catch (err) {
          if (err instanceof SpendInputError) return null;
          throw err;
        }
      });
    },

    /** Forecast start of comparisons (for forms' hints): not needed by the engine. */
    today(): IsoDate {
      return isoDateOf(now());
    },
  };
}

export type ScenariosService = ReturnType<typeof createScenariosService>;
