/**
 * A programme initiative fed by a permanence tracker project (issue 11): its forecast saving by
 * financial year is the project's saving to come (as the tracker computes it), and the
 * programme's totals, net savings and payback use it as they use a scenario's. The council is the
 * one worked by hand in test/permanence/tracker.test.ts, stored through the service layer.
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemActor } from '../../src/services/access.ts';
import { createAuditService } from '../../src/services/audit.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import { importTracker, trackerView } from '../../src/services/permanence.ts';
import {
  evaluateProgramme,
  evaluationJson,
  getProgramme,
  permanenceTrackerSource,
  ProgrammeFileError,
  saveProgramme,
} from '../../src/services/programmes.ts';
import { createProgrammesService, ProgrammeInputError } from '../../src/services/programmes.service.ts';
import { programmeFromDocument } from '../../src/io/programmeFile.ts';
import type { ScenariosService } from '../../src/services/scenarios.service.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aLoadResult } from '../store/caseBuilders.ts';
import { RETURNS_TO_MARCH_2026, WORKED_CHILDREN, WORKED_COHORT_CSV, WORKED_EPISODES } from '../permanence/council.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const LA = '301';
const NOW = new Date('2026-05-01T09:00:00Z');
const PROJECT = 'Discharge of care orders';

const doc = (tracker: Record<string, unknown>) => ({
  programme: 'Permanence savings',
  unit: 'GBP',
  firstYear: '2026/27',
  planYears: 2,
  initiatives: [
    {
      id: 'discharge',
      name: 'Discharge of care orders',
      profile: 'cumulative',
      ...tracker,
      years: { '2026/27': { investment: 10000, ongoingCost: 5000, grossSaving: 30000 } },
    },
    {
      id: 'fostering',
      name: 'In-house fostering',
      profile: 'cumulative',
      years: { '2026/27': { grossSaving: 20000 }, '2027/28': { grossSaving: 20000 } },
    },
  ],
});

for (const dialect of await testDialects()) {
  describe(`a programme initiative fed by a tracker project (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    let dir: string;
    const actor = systemActor(LA);

    beforeEach(async () => {
      t = await dialect.open();
      dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-tracker-programme-'));
      const returns = aLoadResult({
        year: 2026,
        children: WORKED_CHILDREN,
        episodes: [...WORKED_EPISODES, RETURNS_TO_MARCH_2026],
      });
      await writeLoadResult(t.db, returns, { laCode: LA, importedBy: 'test', now: NOW, pseudonymKey: KEY });
      const p = path.join(dir, 'cohort.csv');
      writeFileSync(p, WORKED_COHORT_CSV);
      await importTracker(t.db, actor, {
        laCode: LA,
        project: PROJECT,
        path: p,
        name: 'cohort.csv',
        trackedFrom: '2025-04-01',
        pseudonymKey: KEY,
        now: NOW,
      });
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await t.close();
    });

    /*
     * The project's saving to come, as the tracker computes it (test/permanence/tracker.test.ts
     * explains the rules; here the council has no child-level prices, so the stored unit costs: kinship
     * £360.50 a week, in-house fostering £823.40, the SGO allowance after take-up £100.77 a week), as at
     * 31 March 2026 to the horizon 31 March 2027, all in 2026/27:
     *   A achieved:  (36,050 - 10,077) x 365 / 7 = 1,354,306.43p -> 1,354,306p
     *   D overdue:   82,340 x 365 / 7 = 4,293,442.86p -> 4,293,443p
     *   E in care:   SGO 1 June 2026 to 14 January 2027 (18 on the 15th), 228 days: 25,973 x 228 / 7
     *                = 845,977.71p -> 845,978p
     *   saving to come in 2026/27: 1,354,306 + 4,293,443 + 845,978 = 6,493,727p (achieved 1,354,306, planned 5,139,421).
     * The initiative's forecast is 6,493,727p in 2026/27 and continues at it in 2027/28 (after the
     * last year a source gives, as for a scenario); its ongoing cost £5,000 continues too.
     * Plan years 2026/27 and 2027/28:
     *   gross: 6,493,727 x 2 + fostering 2,000,000 x 2 = 16,987,454p; ongoing 1,000,000p;
     *   net saving 15,987,454p; investment 1,000,000p.
     *   Initiative simple payback: 1,000,000 / (6,493,727 - 500,000) = 0.1668 years; the programme's:
     *   1,000,000 / (5,993,727 + 2,000,000) = 0.1251 years.
     */
    it('the forecast by year is the project saving to come; totals, net saving and payback follow', async () => {
      const view = await trackerView(t.db, actor, LA, PROJECT);
      assert.deepEqual(view.saving.toComeByYear, [{ year: 2026, achievedPence: 1_354_306, plannedPence: 5_139_421 }]);
      const programme = programmeFromDocument(doc({ trackerProject: PROJECT }), 'x');
      await saveProgramme(t.db, LA, 'permanence', programme, { now: NOW.toISOString(), user: 'test' });
      assert.equal((await getProgramme(t.db, LA, 'permanence'))?.initiatives[0]?.trackerProject, PROJECT);

      const e = await evaluateProgramme(programme, { trackerSource: permanenceTrackerSource(t.db, actor, LA) });
      const ia = e.appraisal.initiatives[0];
      assert.equal(ia?.forecastSource, 'tracker');
      assert.equal(ia?.trackerProject, PROJECT);
      assert.equal(ia?.scenario, null);
      const y2026 = view.saving.toComeByYear[0];
      assert.equal(ia?.years[0]?.grossSaving, (y2026?.achievedPence ?? 0) + (y2026?.plannedPence ?? 0));
      assert.deepEqual(
        ia?.years.slice(0, 2).map((y) => [y.label, y.grossSaving, y.netSaving]),
        [
          ['2026/27', 6_493_727, 5_993_727],
          ['2027/28', 6_493_727, 5_993_727],
        ],
      );
      // The plan as entered stays the target.
      assert.equal(ia?.targetGrossSaving[0], 3_000_000);
      assert.equal(e.appraisal.initiatives[1]?.forecastSource, 'plan');
      const plan = e.appraisal.totals.plan;
      assert.equal(plan.grossSaving, 16_987_454);
      assert.equal(plan.ongoingCost, 1_000_000);
      assert.equal(plan.netSaving, 15_987_454);
      assert.equal(plan.investment, 1_000_000);
      assert.equal(ia?.paybackSimpleYears?.toFixed(4), '0.1668');
      assert.equal(e.appraisal.paybackSimpleYears?.toFixed(4), '0.1251');
      assert.deepEqual(e.missingTrackerProjects, []);
      const json = evaluationJson(e) as { initiatives: Array<Record<string, unknown>> };
      assert.equal(json.initiatives[0]?.forecastSource, 'tracker');
      assert.equal(json.initiatives[0]?.trackerProject, PROJECT);
      assert.equal('trackerProject' in (json.initiatives[1] ?? {}), false);
    });

    it('a project the council does not have is refused when the programme is stored, naming the field', async () => {
      const programme = programmeFromDocument(doc({ trackerProject: 'Reunification 2026' }), 'x');
      await assert.rejects(
        saveProgramme(t.db, LA, 'permanence', programme, { now: NOW.toISOString(), user: 'test' }),
        (err: unknown) => {
          assert.ok(err instanceof ProgrammeFileError);
          assert.deepEqual(err.problems, [
            `initiative 'discharge', trackerProject: there is no permanence tracker project called 'Reunification 2026' in ${LA}`,
          ]);
          return true;
        },
      );
      assert.equal(await getProgramme(t.db, LA, 'permanence'), null, 'nothing stored');
      // Another council's project is not this council's.
      await assert.rejects(
        saveProgramme(t.db, '302', 'permanence', programmeFromDocument(doc({ trackerProject: PROJECT }), 'x'), {
          now: NOW.toISOString(),
          user: 'test',
        }),
        /trackerProject: there is no permanence tracker project called 'Discharge of care orders' in 302/,
      );
      // Through the web's service: a ProgrammeInputError the form shows.
      const service = createProgrammesService(t.db, createAuditService(t.db), {} as ScenariosService, () => NOW);
      await assert.rejects(
        service.create(actor, LA, 'permanence', doc({ trackerProject: 'Reunification 2026' })),
        (err: unknown) => {
          assert.ok(err instanceof ProgrammeInputError);
          assert.match(
            err.problems[0] ?? '',
            /initiative 'discharge', trackerProject: there is no permanence tracker project/,
          );
          return true;
        },
      );
      // Stored with the project, the service's dashboard takes the project's forecast.
      await service.create(actor, LA, 'permanence', doc({ trackerProject: PROJECT }));
      const d = await service.dashboard(actor, LA, 'permanence');
      assert.equal(d?.initiatives[0]?.forecastSource, 'tracker');
      assert.equal(d?.initiatives[0]?.trackerProject, PROJECT);
      assert.equal(d?.totals.plan.grossSaving, 16_987_454);
    });
  });
}
