/**
 * One damaged saved scenario (issue 17: a corrupt row made the Scenarios list a 500): the list
 * shows the others and flags the bad one, in the browser and on the command line's service.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { listScenarios, saveScenario } from '../../../../src/services/scenarios.ts';
import { paths } from '../../../../src/web/paths.ts';
import { webTestbed, type Testbed } from '../../support.ts';

describe('a damaged saved scenario', () => {
  let bed: Testbed;
  before(async () => {
    bed = await webTestbed();
    await bed.addUser('301', 'analyst@a.test', 'analyst', 'Council A');
    await saveScenario(bed.data.db, '301', { name: 'Good one', description: 'fine', adjustments: [] });
    // A row changed outside Forecare: its definition is no longer JSON.
    await bed.data.db
      .insertInto('scenarios')
      .values({
        la_code: '301',
        name: 'Broken',
        description: 'damaged',
        definition: '{"name": "Bro',
        updated_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
  });
  after(() => bed.close());

  test('the service lists both, the damaged one with its problem', async () => {
    const list = await listScenarios(bed.data.db, '301');
    assert.deepEqual(
      list.map((s) => [s.name, s.adjustments, s.problem === undefined]),
      [
        ['Broken', null, false],
        ['Good one', 0, true],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    assert.match(list.find((s) => s.name === 'Broken')!.problem!, /cannot be read \(it is not valid JSON\)/);
  });

  test('the Scenarios page answers 200, shows the good one and flags the bad one', async () => {
    const analyst = await bed.signedIn('analyst@a.test');
    const page = await analyst.get(paths.scenarios.index.build({ la: '301' }));
    assert.equal(page.status, 200);
    assert.match(page.text, />Good one</);
    assert.match(page.text, />Broken</);
    assert.match(page.text, /Cannot be read/);
    assert.doesNotMatch(page.text, /Compare<span class="govuk-visually-hidden"> Broken/);
  });
});
