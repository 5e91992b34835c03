/**
 * The child protection plans lever on the scenario pages (issue 12, part 2), on the council of
 * test/scenarios/cpPlansFixture.ts stored as after real imports (6 of its 10 entries came after a
 * plan): the form (its own kind, one field, errors beside it), the share and the change in entries
 * on the scenario and comparison pages, and a council without a CIN census refused beside the field.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { paths } from '../../../../src/web/paths.ts';
import { TEST_KEY, webTestbed, type Client, type Testbed } from '../../support.ts';
import { storeCpFixture } from '../../../scenarios/cpPlansFixture.ts';
import { saveScenario } from '../../../../src/services/scenarios.ts';

const s = paths.scenarios;
// The pages' comparisons start on the last date in the returns, E6's entry on 1 March 2025: the
// share is measured up to that day (the same 10 entries, 6 after a plan).
const SHARE =
  '10% fewer child protection plans from 1 April 2025: 60% of the entries to care from 1 April 2024 to 1 March 2025 came after a plan (6 of 10), so 6% fewer children entering care from 1 April 2025';

describe('the child protection plans lever on the scenario pages', () => {
  let bed: Testbed;
  let withCin: Client;
  let withoutCin: Client;
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2025-05-01T10:00:00Z') });
    await bed.addUser('301', 'analyst@a.test', 'analyst', 'Council A');
    await bed.addUser('302', 'analyst@b.test', 'analyst', 'Council B');
    await storeCpFixture(bed.data.db, '301', TEST_KEY);
    await storeCpFixture(bed.data.db, '302', TEST_KEY, false);
    withCin = await bed.signedIn('analyst@a.test');
    withoutCin = await bed.signedIn('analyst@b.test');
  });
  after(() => bed.close());

  const create = async (client: Client, la: string, name: string) => {
    const res = await client.post(
      s.create.build({ la }),
      { name, description: '' },
      { tokenFrom: s.index.build({ la }) },
    );
    assert.equal(res.location, s.show.build({ la, name }));
  };
  const addLever = (client: Client, la: string, name: string, percent: string) =>
    client.post(
      s.addAdjustment.build({ la, name }, { kind: 'cpPlans' }),
      { kind: 'cpPlans', 'start-day': '1', 'start-month': '4', 'start-year': '2025', rampMonths: '0', percent },
      { tokenFrom: s.index.build({ la }) },
    );

  test('offered as a kind, its form asks for the change in plans; bad values come back beside the field', async () => {
    await create(withCin, '301', 'Fewer plans');
    const show = await withCin.get(s.show.build({ la: '301', name: 'Fewer plans' }));
    assert.match(show.text, /value="cpPlans"/);
    assert.match(show.text, /Child protection plans/);
    const here = s.addAdjustment.build({ la: '301', name: 'Fewer plans' }, { kind: 'cpPlans' });
    const form = await withCin.get(here);
    assert.equal(form.status, 200);
    assert.match(
      form.text,
      /<label class="govuk-label govuk-label--s" for="percent">\s*Change in child protection plans starting/,
    );
    assert.match(form.text, /name="rampMonths"/);
    for (const [percent, message] of [
      ['150', 'Enter a percentage change in child protection plans between -100% and 100%'],
      ['ten', 'Percentage change in child protection plans must be a number'],
      ['', 'Enter the percentage change in child protection plans'],
    ] as const) {
      const res = await addLever(withCin, '301', 'Fewer plans', percent);
      assert.equal(res.location, here, percent);
      const again = await withCin.get(here);
      assert.match(again.text, new RegExp(`href="#percent">${message}<`), percent);
      assert.match(again.text, new RegExp(`id="percent-error"[\\s\\S]*?${message}`), percent);
    }
  });

  test('the scenario and comparison pages give the share after a plan and the change in entries', async () => {
    const res = await addLever(withCin, '301', 'Fewer plans', '-10');
    assert.equal(res.location, s.show.build({ la: '301', name: 'Fewer plans' }));
    const show = await withCin.get(s.show.build({ la: '301', name: 'Fewer plans' }));
    assert.ok(show.text.includes(SHARE), 'the scenario page');
    const compare = await withCin.get(s.compare.build({ la: '301', name: 'Fewer plans' }));
    assert.equal(compare.status, 200);
    assert.ok(compare.text.includes(SHARE), 'the comparison page');
    assert.doesNotMatch(compare.text, /cannot be compared/);
  });

  test('a council without a CIN census is refused beside the field, nothing saved', async () => {
    await create(withoutCin, '302', 'Fewer plans');
    const here = s.addAdjustment.build({ la: '302', name: 'Fewer plans' }, { kind: 'cpPlans' });
    const res = await addLever(withoutCin, '302', 'Fewer plans', '-10');
    assert.equal(res.location, here);
    const form = await withoutCin.get(here);
    assert.match(
      form.text,
      /href="#percent">The child protection plans lever cannot be used: the council has no children in need census imported \(Data, Children in need census; or forecare cin import\)/,
    );
    const show = await withoutCin.get(s.show.build({ la: '302', name: 'Fewer plans' }));
    assert.match(show.text, /has no adjustments|no adjustments/i);
  });

  test('a saved lever the council cannot run says why on the scenario and comparison pages', async () => {
    // Saved around the checks (as a file saved before the census was removed would be).
    await saveScenario(bed.data.db, '302', {
      name: 'Saved elsewhere',
      description: '',
      adjustments: [{ kind: 'cpPlans', start: '2025-04-01', rampMonths: 0, percent: -10 }],
    });
    const why = /cannot be used: the council has no children in need census imported/;
    const show = await withoutCin.get(s.show.build({ la: '302', name: 'Saved elsewhere' }));
    assert.equal(show.status, 200);
    assert.match(show.text, new RegExp(`The child protection plans lever ${why.source}`));
    const compare = await withoutCin.get(s.compare.build({ la: '302', name: 'Saved elsewhere' }));
    assert.equal(compare.status, 200);
    assert.match(compare.text, /The scenario cannot be compared with the baseline/);
    assert.match(compare.text, new RegExp(`Adjustment 1 \\(child protection plans\\) ${why.source}`));
    const xlsx = await withoutCin.getBytes(s.compare.build({ la: '302', name: 'Saved elsewhere' }, { format: 'xlsx' }));
    assert.equal(xlsx.status, 409);
  });
});
