import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { tableScenarioSource } from '../../src/domain/programme/scenarioLink.ts';
import {
  dashboardOf,
  deleteProgramme,
  evaluateProgramme,
  getProgramme,
  initiativeDetail,
  initiativeDocument,
  listProgrammes,
  loadProgramme,
  modelScenarioSource,
  ProgrammeFileError,
  programmeChecks,
  programmeDashboard,
  saveProgramme,
  updateInitiative,
} from '../../src/services/programmes.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aProgramme, anInitiative } from './builders.ts';

const EXAMPLE = path.join(import.meta.dirname, '../../examples/programme/example.yaml');
const NOW = { now: '2025-11-01T09:00:00.000Z', user: 'finance.bp' };

for (const dialect of await testDialects()) {
  describe(`programmes service (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
    });
    afterEach(() => t.close());

    it('stores programmes per council; another council sees none of them', async () => {
      const p = await loadProgramme(EXAMPLE);
      await saveProgramme(t.db, 'E10000001', 'savings-2025', p, NOW);
      assert.deepEqual(await listProgrammes(t.db, 'E10000001'), [
        { id: 'savings-2025', name: p.name, updatedAt: NOW.now, updatedBy: 'finance.bp' },
      ]);
      assert.deepEqual(await getProgramme(t.db, 'E10000001', 'savings-2025'), p);
      assert.deepEqual(await listProgrammes(t.db, 'E10000002'), []);
      assert.equal(await getProgramme(t.db, 'E10000002', 'savings-2025'), null);
      assert.equal(await programmeDashboard(t.db, 'E10000002', 'savings-2025', { asOf: '2025-11-01' }), null);
      assert.equal(await deleteProgramme(t.db, 'E10000002', 'savings-2025'), false);
      assert.equal(await deleteProgramme(t.db, 'E10000001', 'savings-2025'), true);
      assert.deepEqual(await listProgrammes(t.db, 'E10000001'), []);
    });

    it('dashboard: RAG, variance and cumulative series per initiative', async () => {
      await saveProgramme(t.db, 'E10000001', 'savings-2025', await loadProgramme(EXAMPLE), NOW);
      const d = await programmeDashboard(t.db, 'E10000001', 'savings-2025', { asOf: '2025-11-01' });
      assert.ok(d);
      const edge = d.initiatives.find((i) => i.id === 'edge-of-care');
      // Monitoring 2025/26 Q1-Q4: target 0 + 150k x 3 = 450k, forecast 0 + 120k + 140k + 150k = 410k.
      // Variance (40k) adverse; 410/450 = 91.1%: amber (80% to 95%).
      assert.equal(edge?.target, 45_000_000);
      assert.equal(edge?.forecast, 41_000_000);
      assert.equal(edge?.variance, -4_000_000);
      assert.equal(edge?.direction, 'adverse');
      assert.equal(edge?.rag, 'amber');
      // Milestone "First 20 families supported" was due 2025-10-31 and is not complete.
      assert.equal(edge?.overdueMilestones, 1);
      // Faster adoption has no monitoring: RAG on forecast vs plan, which agree: green.
      assert.equal(d.initiatives.find((i) => i.id === 'faster-adoption')?.rag, 'green');
      assert.equal(d.checks.errors, 1);
      assert.equal(d.checks.rounding, 1);
      assert.equal(d.cumulativeSeries.length, 10);
      // The programme's cumulative net cash flow by the end of the plan is the plan's net cash flow.
      assert.equal(d.cumulativeSeries[3]?.cumulativeCashFlow, d.totals.plan.netCashFlow);
      assert.equal(d.initiativeSeries['edge-of-care']?.[0]?.cumulativeForecastGross, 45_000_000);
    });

    it('initiative detail shows both profiles; an edit is validated and saved', async () => {
      await saveProgramme(t.db, 'E10000001', 'savings-2025', await loadProgramme(EXAMPLE), NOW);
      const detail = await initiativeDetail(t.db, 'E10000001', 'savings-2025', 'foster-recruitment', {
        asOf: '2025-11-01',
      });
      assert.ok(detail);
      // Entered cumulative 94,000, 206,800, 319,600, 376,000: incremental 94,000, 112,800, 112,800, 56,400.
      assert.deepEqual(
        detail.entered.map((e) => [e.incremental / 100, e.cumulative / 100]),
        [
          [94_000, 94_000],
          [112_800, 206_800],
          [112_800, 319_600],
          [56_400, 376_000],
        ],
      );
      assert.equal(detail.monitoring.milestones.find((m) => m.name === 'Fostering fees uplift agreed')?.overdue, true);

      const p = await getProgramme(t.db, 'E10000001', 'savings-2025');
      assert.ok(p);
      const doc = initiativeDocument(p, 'foster-recruitment');
      assert.ok(doc);
      const edited = {
        ...doc,
        years: { ...(doc.years ?? {}), '2025/26': { ...doc.years?.['2025/26'], investment: 250000 } },
      };
      const saved = await updateInitiative(t.db, 'E10000001', 'savings-2025', 'foster-recruitment', edited, {
        now: '2025-11-02T10:00:00.000Z',
      });
      assert.equal(saved?.initiatives[1]?.years[0]?.investment, 25_000_000);
      const checks = await programmeChecks(t.db, 'E10000001', 'savings-2025');
      // The stated investment totals (row 200k, 2025/26 column 710k, grand 710k) are now 50k short.
      assert.deepEqual(
        checks?.findings.filter((f) => f.line === 'investment').map((f) => [f.where, f.severity, f.difference]),
        [
          ['row foster-recruitment / investment', 'error', -5_000_000],
          ['column 2025/26 / investment', 'error', -5_000_000],
          ['grand total / investment', 'error', -5_000_000],
        ],
      );
      const bad = { ...doc, years: { '2025/26': { grossSaving: 'a lot' } } };
      await assert.rejects(
        updateInitiative(t.db, 'E10000001', 'savings-2025', 'foster-recruitment', bad, NOW),
        (e: unknown) =>
          e instanceof ProgrammeFileError &&
          /initiative 'foster-recruitment', years\.2025\/26\.grossSaving/.test(e.message),
      );
      assert.equal(await updateInitiative(t.db, 'E10000001', 'savings-2025', 'no-such', edited, NOW), null);
    });

    it('the model-backed scenario source answers null for a scenario the council has not saved', async () => {
      const source = modelScenarioSource(t.db, 'E10000001');
      assert.equal(await source.savingsByYear('Edge of care team'), null);
      const e = await evaluateProgramme(await loadProgramme(EXAMPLE), { scenarioSource: source });
      assert.deepEqual(e.missingScenarios, [{ initiative: 'edge-of-care', scenario: 'Edge of care team' }]);
      assert.equal(e.appraisal.initiatives[0]?.forecastSource, 'plan');
    });
  });
}

describe('initiatives linked to a scenario', () => {
  it('take their forecast saving from the scenario source; the plan stays the target and the checks use the plan', async () => {
    // Plan: saving 100k against the baseline from 2025/26, ongoing 20k, investment 50k; 2 plan years.
    // The model forecasts 60k in 2025/26 and 90k in 2026/27 (pence in the source).
    const programme = aProgramme({
      planYears: 2,
      initiatives: [
        anInitiative({
          id: 'edge-of-care',
          scenario: 'Edge of care team',
          profile: 'cumulative',
          lines: [
            { year: 2025, investment: 50_000, ongoingCost: 20_000, grossSaving: 100_000 },
            { year: 2026, ongoingCost: 20_000, grossSaving: 100_000 },
          ],
          statedTotals: { grossSaving: 10_000_000 },
        }),
      ],
    });
    const source = tableScenarioSource(
      new Map([
        [
          'Edge of care team',
          new Map([
            [2025, 6_000_000],
            [2026, 9_000_000],
          ]),
        ],
      ]),
    );
    const e = await evaluateProgramme(programme, { scenarioSource: source });
    const ia = e.appraisal.initiatives[0];
    assert.equal(ia?.forecastSource, 'scenario');
    // Forecast gross 60k, 90k, then 90k a year; net 40k, 70k.
    assert.deepEqual(
      ia?.years.slice(0, 3).map((y) => y.grossSaving / 100),
      [60_000, 90_000, 90_000],
    );
    assert.deepEqual(
      ia?.years.slice(0, 2).map((y) => y.netSaving / 100),
      [40_000, 70_000],
    );
    assert.deepEqual(
      ia?.targetGrossSaving.slice(0, 2).map((v) => v / 100),
      [100_000, 100_000],
    );
    // Stated row total of incremental gross saving, 100k, agrees with the plan (100k + 0).
    assert.deepEqual(e.checks, []);
    // Cash-flow payback: -10k after 2025/26 (40k - 50k), then 70k: 1 + 10/70 years.
    assert.equal(ia?.paybackCashflowYears, 1 + 10 / 70);
    // Dashboard: variance of forecast against the plan over the plan years: (60 + 90) - (100 + 100) = (50k).
    const d = await dashboardOf('p', programme, { asOf: '2026-01-01', scenarioSource: source });
    assert.equal(d.initiatives[0]?.variance, -5_000_000);
    assert.equal(d.initiatives[0]?.rag, 'red');
  });
});
