/**
 * `forecare demo`'s seeding (src/web/demo.ts): the synthetic council, its users, and the example
 * scenarios and programme, so that a demo user finds something on every page. Idempotent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { systemActor } from '../../src/services/access.ts';
import { indicatorsView } from '../../src/services/indicators.ts';
import { listProgrammes } from '../../src/services/programmes.ts';
import { listScenarios } from '../../src/services/scenarios.ts';
import { DEMO_LA, DEMO_PASSWORD, DEMO_PROGRAMME_ID, EXAMPLES_DIR, seedDemo } from '../../src/services/demo.ts';
import { paths } from '../../src/web/paths.ts';
import { TEST_KEY, webTestbed } from './support.ts';

const EXAMPLE_SCENARIOS = readdirSync(path.join(EXAMPLES_DIR, 'scenarios')).filter((f) => /\.(ya?ml|json)$/i.test(f));

test('the demo database has the example scenarios and programme, saved once and audited as the demo', async () => {
  const bed = await webTestbed();
  try {
    const options = {
      pseudonymKey: TEST_KEY,
      size: 'small' as const,
      years: 2,
      today: '2026-11-23',
      now: new Date('2026-11-23T10:00:00Z'),
    };
    const first = await seedDemo(bed.data, bed.services, options);
    assert.equal(first.generated, true);
    // Contacts and early help for every month of the two census years (src/domain/demo/cinCounts.ts).
    const counts = await bed.services.cin.counts(systemActor(DEMO_LA), DEMO_LA);
    assert.equal(counts.length, 24);
    assert.ok(counts.every((c) => c.contacts !== null && c.earlyHelpAssessments !== null));
    assert.equal(EXAMPLE_SCENARIOS.length, 5, 'examples/scenarios holds 5 scenario files');
    assert.equal(first.scenariosSaved, 5);
    assert.equal(first.programmesSaved, 1);

    const scenarios = await listScenarios(bed.data.db, DEMO_LA);
    assert.deepEqual(scenarios.map((s) => s.name).sort(), [
      'Edge of care team',
      'Fostering and commissioning',
      'Fostering sufficiency',
      'No change',
      'Three two-bed homes',
    ]);
    const programmes = await listProgrammes(bed.data.db, DEMO_LA);
    assert.deepEqual(
      programmes.map((p) => p.id),
      [DEMO_PROGRAMME_ID],
    );
    assert.equal(programmes[0]?.name, "Children's services invest-to-save programme 2025/26 to 2028/29");

    const admin = systemActor(DEMO_LA);
    // The care leavers' indicators: the demo's returns carry OC3 tables (src/domain/demo/careLeavers.ts).
    const indicators = await indicatorsView(bed.data.db, admin, DEMO_LA);
    assert.ok((indicators.careLeavers?.aged19to21.counted ?? 0) > 0, 'care leavers aged 19 to 21 in the demo');
    assert.ok((indicators.careLeavers?.aged17to18.counted ?? 0) > 0, 'care leavers aged 17 to 18 in the demo');
    for (const id of [
      'care_leavers_eet_19to21_pct',
      'care_leavers_suitable_19to21_pct',
      'care_leavers_eet_17to18_pct',
      'care_leavers_suitable_17to18_pct',
    ])
      assert.ok(typeof indicators.rows.find((r) => r.id === id)?.value === 'number', `${id} has a figure`);
    const audited = (await bed.services.audit.list(admin, DEMO_LA, { pageSize: 500 })).entries;
    const created = audited.filter((e) => e.action === 'scenario.created');
    assert.equal(created.length, 5);
    for (const e of created) assert.equal((e.detail as Record<string, unknown>).source, 'demo');
    const costs = audited.filter((e) => e.action === 'costs.child_costs_imported');
    assert.equal(costs.length, 1, 'the demo imports child-level costs for its spot-purchased placements');
    assert.ok(((costs[0]?.detail as Record<string, unknown>).records as number) > 0);
    const workforce = audited.filter((e) => e.action === 'workforce.imported');
    assert.equal(workforce.length, 1, 'the demo saves synthetic workforce figures');
    assert.equal((workforce[0]?.detail as Record<string, unknown>).source, 'demo');
    const uploaded = audited.filter((e) => e.action === 'programme.uploaded');
    assert.equal(uploaded.length, 1);
    assert.equal((uploaded[0]?.detail as Record<string, unknown>).source, 'demo');

    // Again, as on the next `forecare demo`: nothing added, nothing duplicated in the log.
    const second = await seedDemo(bed.data, bed.services, options);
    assert.deepEqual(second, {
      laCode: DEMO_LA,
      generated: false,
      usersCreated: 0,
      scenariosSaved: 0,
      programmesSaved: 0,
    });
    assert.equal((await listScenarios(bed.data.db, DEMO_LA)).length, 5);
    const again = (await bed.services.audit.list(admin, DEMO_LA, { pageSize: 500 })).entries;
    assert.equal(again.filter((e) => e.action.startsWith('scenario.') || e.action.startsWith('programme.')).length, 6);
    assert.equal(again.filter((e) => e.action === 'workforce.imported').length, 1);

    // A demo viewer sees them in the web app.
    const viewer = await bed.signedIn('viewer@demo.test', DEMO_PASSWORD);
    const scenarioPage = await viewer.get(paths.scenarios.index.build({ la: DEMO_LA }));
    assert.equal(scenarioPage.status, 200);
    assert.match(scenarioPage.text, /Edge of care team/);
    assert.match(scenarioPage.text, /Three two-bed homes/);
    const programmePage = await viewer.get(paths.programmes.index.build({ la: DEMO_LA }));
    assert.equal(programmePage.status, 200);
    assert.match(programmePage.text, /invest-to-save programme/);
    const workforcePage = await viewer.get(paths.workforce.index.build({ la: DEMO_LA }));
    assert.equal(workforcePage.status, 200);
    assert.match(workforcePage.text, /Children in care 1/);
  } finally {
    await bed.close();
  }
});
