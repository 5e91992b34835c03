/**
 * The child protection plans lever (issue 12, part 2): "child protection plans X% fewer" reaches the
 * demand engine as entries to care X% x (the share of the reference window's entries that came
 * after a plan) fewer, through the engine's own entry rate change. Worked by hand on the council of
 * test/scenarios/cpPlansFixture.ts: 6 of its 10 entries came after a plan.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { entriesByRoute } from '../../src/domain/funnel/funnel.ts';
import { buildSchedule } from '../../src/domain/engine/schedule.ts';
import { buildTimeline } from '../../src/domain/engine/projection.ts';
import { fitModel } from '../../src/domain/engine/project.ts';
import { cpPlanShare, cpPlanShareWindow, cpPlansEntryPercent } from '../../src/domain/scenarios/cpPlansLever.ts';
import { describeAdjustment, engineAdjustments } from '../../src/domain/scenarios/scenario.ts';
import { ScenarioValidationError } from '../../src/domain/scenarios/validate.ts';
import { parseScenarioText } from '../../src/io/scenarioFile.ts';
import {
  checkCpPlansLevers,
  comparisonJson,
  runScenarioComparison,
  type ScenarioComparison,
} from '../../src/services/scenarios.ts';
import { savingsFromComparison } from '../../src/services/programmes.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { cpCare, cpCin, storeCpFixture } from './cpPlansFixture.ts';

const LEVER = parseScenarioText(
  `name: Fewer child protection plans
adjustments:
  - kind: cpPlans
    start: 2025-04-01
    percent: -10
`,
  'cp-plans.yaml',
);
const SIX_PERCENT = parseScenarioText(
  `name: Fewer child protection plans
adjustments:
  - kind: entryRate
    start: 2025-04-01
    percent: -6
`,
  'entries.yaml',
);
const START = '2025-03-31';
const WINDOW = { from: '2024-04-01', to: '2025-03-31' };

const problemsOf = (text: string) => {
  try {
    parseScenarioText(text, 'bad.yaml');
  } catch (err) {
    if (err instanceof ScenarioValidationError) return err.problems.map((p) => [p.adjustment, p.kind, p.field]);
    throw err;
  }
  return [];
};

describe('the child protection plans lever, pure', () => {
  it('measures the share over the reference window cut to the CIN census years', () => {
    // 24 months up to 31 March 2025: from 1 April 2023; the census (collection year 2025) from 1 April 2024.
    assert.deepEqual(cpPlanShareWindow(START, 24, { first: 2025, last: 2025 }), WINDOW);
    // A census of 2023 to 2026: the reference window itself (entries after 31 March 2023, up to the start).
    assert.deepEqual(cpPlanShareWindow(START, 24, { first: 2023, last: 2026 }), {
      from: '2023-04-01',
      to: '2025-03-31',
    });
    // A census ending before the window: nothing to measure on.
    assert.equal(cpPlanShareWindow(START, 12, { first: 2022, last: 2024 }), null);
  });

  it('6 of 10 entries came after a plan, as the funnel counts them; E11 (before the census year) is left out', () => {
    const input = { cin: cpCin(), care: cpCare(), monthly: [] };
    assert.deepEqual(entriesByRoute(input, WINDOW.from, WINDOW.to), { cpPlan: 6, cinEpisode: 2, neither: 1, uasc: 1 });
    assert.deepEqual(cpPlanShare(input, WINDOW), { ...WINDOW, entries: 10, afterPlan: 6 });
  });

  it('plans 10% fewer: entries 6% fewer, an entry rate multiplier of 0.94 in every age band', () => {
    const share = { ...WINDOW, entries: 10, afterPlan: 6 };
    assert.equal(cpPlansEntryPercent(-10, share), -6);
    const adjustments = engineAdjustments(LEVER, share);
    assert.deepEqual(adjustments, engineAdjustments(SIX_PERCENT));
    const model = fitModel(cpCare(), { start: START });
    const timeline = buildTimeline(START, 12);
    const schedule = buildSchedule(model.rates, adjustments, timeline);
    const multipliers = [...new Set(schedule.entryMultiplier)].map((m) => Math.round(m * 1e12) / 1e12);
    assert.deepEqual(multipliers, [0.94]);
    // Without the share the engine is not given the lever at all (never taken as no change).
    assert.throws(() => engineAdjustments(LEVER), /needs the share of entries to care after a plan/);
  });

  it('says what it does, with and without the share', () => {
    const lever = LEVER.adjustments[0]!;
    assert.equal(
      describeAdjustment(lever, undefined, { ...WINDOW, entries: 10, afterPlan: 6 }),
      '10% fewer child protection plans from 1 April 2025: 60% of the entries to care from 1 April 2024 to 31 March 2025 came after a plan (6 of 10), so 6% fewer children entering care from 1 April 2025',
    );
    // 31 of 50 after a plan: 62%, so plans 10% fewer make entries 6.2% fewer.
    assert.match(
      describeAdjustment(lever, undefined, { ...WINDOW, entries: 50, afterPlan: 31 }),
      /: 62% of the entries .* \(31 of 50\), so 6\.2% fewer children entering care/,
    );
    // 2 of 3: 66.7% (one decimal place), entries 6.67% fewer (two).
    assert.match(
      describeAdjustment(lever, undefined, { ...WINDOW, entries: 3, afterPlan: 2 }),
      /: 66\.7% of the entries .* so 6\.67% fewer children entering care/,
    );
    assert.equal(
      describeAdjustment(lever),
      '10% fewer child protection plans from 1 April 2025: entries to care change by that times the share of entries that came after a plan (from the CIN census, when the scenario runs)',
    );
  });

  it('a bad lever is refused naming its adjustment and field', () => {
    const bad = (fields: string) => `name: x\nadjustments:\n  - kind: cpPlans\n${fields}`;
    assert.deepEqual(problemsOf(bad('    start: 2025-04-01\n    percent: -150\n')), [[1, 'cpPlans', 'percent']]);
    assert.deepEqual(problemsOf(bad('    start: 2025-04-01\n    percent: 101\n')), [[1, 'cpPlans', 'percent']]);
    assert.deepEqual(problemsOf(bad('    start: 2025-04-01\n')), [[1, 'cpPlans', 'percent']]);
    assert.deepEqual(problemsOf(bad('    start: 2025-02-30\n    percent: -10\n')), [[1, 'cpPlans', 'start']]);
    assert.deepEqual(problemsOf(bad('    start: April\n    percent: -10\n')), [[1, 'cpPlans', 'start']]);
    assert.deepEqual(problemsOf(bad('    start: 2025-04-01\n    percent: -10\n    rampMonths: 121\n')), [
      [1, 'cpPlans', 'rampMonths'],
    ]);
    assert.deepEqual(problemsOf(bad('    start: 2025-04-01\n    percent: -10\n    ageBands: [under_1]\n')), [
      [1, 'cpPlans', 'ageBands'],
    ]);
    // Within bounds, with a phase-in: read as written.
    assert.deepEqual(
      parseScenarioText(bad('    start: 2025-04-01\n    percent: 100\n    rampMonths: 6\n'), 'ok.yaml').adjustments,
      [{ kind: 'cpPlans', start: '2025-04-01', rampMonths: 6, percent: 100 }],
    );
  });
});

const KEY = new Uint8Array(32).fill(5);
const LA = '995';
const OPTIONS = { start: START, months: 24, runs: 60, seed: 11 } as const;

const [sqlite] = await testDialects();
describe('the child protection plans lever in a comparison', { skip: sqlite?.skip ?? 'no SQLite' }, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await sqlite!.open();
  });
  afterEach(() => t.close());

  it('saves exactly what entries 6% fewer save: children, spend and saving, run by run', async () => {
    await storeCpFixture(t.db, LA, KEY);
    const lever = await runScenarioComparison(t.db, LA, LEVER, OPTIONS);
    const entries = await runScenarioComparison(t.db, LA, SIX_PERCENT, OPTIONS);
    const figures = (c: ScenarioComparison) => c.years.map(({ ...y }) => y);
    assert.deepEqual(figures(lever), figures(entries));
    // Fewer entries, fewer children, less spend: a positive saving in the forecast's years.
    const forecastYears = lever.years.filter((y) => y.basis === 'forecast');
    assert.ok(forecastYears.length > 0);
    for (const y of forecastYears) {
      assert.ok(y.saving.mean > 0, `${y.year}: saving ${y.saving.mean}`);
      assert.ok(y.childrenDiverted.mean > 0, `${y.year}: children diverted ${y.childrenDiverted.mean}`);
    }
    // A programme initiative naming the scenario takes this saving as its forecast.
    assert.deepEqual(savingsFromComparison(lever.years), savingsFromComparison(entries.years));
    assert.ok([...savingsFromComparison(lever.years).values()].some((y) => y.saving > 0));
    assert.deepEqual(lever.cpPlanShare, { ...WINDOW, entries: 10, afterPlan: 6 });
    assert.equal(
      lever.adjustments[0],
      '10% fewer child protection plans from 1 April 2025: 60% of the entries to care from 1 April 2024 to 31 March 2025 came after a plan (6 of 10), so 6% fewer children entering care from 1 April 2025',
    );
    const json = comparisonJson(lever) as { cpPlans: unknown };
    assert.deepEqual(json.cpPlans, {
      measure:
        'entries to care from "from" to "to" (the reference window within the CIN census years) and those after a child protection plan (open in the 12 months up to the entry); each lever changes all entries by its percent x entriesAfterPlan / entries',
      from: '2024-04-01',
      to: '2025-03-31',
      entries: 10,
      entriesAfterPlan: 6,
      levers: [{ adjustment: 1, plansPercent: -10, entriesPercent: -6 }],
    });
    assert.equal((comparisonJson(entries) as { cpPlans?: unknown }).cpPlans, undefined);
  });

  it('is refused, naming the adjustment and field, when the council has no CIN census', async () => {
    await storeCpFixture(t.db, LA, KEY, false);
    const refused = (err: unknown) => {
      assert.ok(err instanceof ScenarioValidationError);
      assert.deepEqual(
        err.problems.map((p) => [p.adjustment, p.kind, p.field]),
        [[1, 'cpPlans', 'percent']],
      );
      assert.match(err.message, /field "percent": cannot be used: the council has no children in need census imported/);
      return true;
    };
    await assert.rejects(runScenarioComparison(t.db, LA, LEVER, OPTIONS), refused);
    await assert.rejects(checkCpPlansLevers(t.db, LA, LEVER, 'cp-plans.yaml'), refused);
    // Scenarios without the lever run as before.
    await checkCpPlansLevers(t.db, LA, SIX_PERCENT, 'entries.yaml');
    assert.ok((await runScenarioComparison(t.db, LA, SIX_PERCENT, OPTIONS)).years.length > 0);
  });

  it('is refused when the census does not cover the reference window', async () => {
    await storeCpFixture(t.db, LA, KEY);
    // A forecast from 31 March 2028: its 24 months (April 2026 on) are after the census's year.
    await assert.rejects(
      runScenarioComparison(t.db, LA, LEVER, { ...OPTIONS, start: '2028-03-31' }),
      (err: unknown) =>
        err instanceof ScenarioValidationError &&
        err.problems[0]?.field === 'percent' &&
        /the children in need census \(collection years 2025 to 2025\) does not cover the 24 months up to the forecast start, 31 March 2026 to 31 March 2028/.test(
          err.message,
        ),
    );
  });
});
