/**
 * Programme pages say what their figures are (issue 16): the headline net saving over the plan is
 * after investment, as the investment beside it and the chart say; a range only where one was
 * entered or a linked scenario gives one; a scenario-linked initiative shows the scenario's range;
 * a milestone shows one status.
 *
 * The council is the planning case (three children, returns to 31 March 2023); the day is
 * 15 June 2023.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { paths } from '../../../../src/web/paths.ts';
import { formatPence } from '../../../../src/web/components/format.ts';
import { webTestbed, type Client, type Testbed } from '../../support.ts';
import { actorFor, planningCouncils } from '../forecast/planningCase.ts';

const LA = '301';
const p = paths.programmes;
const index = p.index.build({ la: LA });

/**
 * Worked by hand: 2023/24 invests £10,000 and saves £30,000 (new that year, so £30,000 in each of the
 * two plan years), with an ongoing cost of £5,000 a year: net saving 2 x (30,000 - 5,000) = £50,000,
 * less investment £10,000 = £40,000 after investment. No low or high figures: no range.
 */
const CERTAIN = `programme: Certain savings
unit: GBP
firstYear: 2023/24
planYears: 2
initiatives:
  - id: certain
    name: Certain initiative
    profile: incremental
    years:
      2023/24: { investment: 10000, ongoingCost: 5000, grossSaving: 30000 }
      2024/25: { ongoingCost: 5000, grossSaving: 0 }
    milestones:
      - { name: Panel set up, due: 2023-05-31, status: on track }
      - { name: Carers approved, due: 2023-09-30, status: on track }
`;

const LINKED = `programme: Linked savings
unit: GBP
firstYear: 2023/24
planYears: 2
initiatives:
  - id: linked
    name: Fewer entries initiative
    profile: incremental
    scenario: Fewer entries
    years:
      2023/24: { grossSaving: 1000 }
`;

async function upload(client: Client, text: string, id: string) {
  const form = new FormData();
  form.set('file', new Blob([new TextEncoder().encode(text)]), `${id}.yaml`);
  form.set('id', id);
  const res = await client.postMultipart(p.upload.build({ la: LA }), form, { tokenFrom: index });
  assert.equal(res.location, p.show.build({ la: LA, programmeId: id }));
}

describe('programme figures on the pages', () => {
  let bed: Testbed;
  let analyst: Client;
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2023-06-15T09:00:00Z') });
    await planningCouncils(bed);
    analyst = await bed.signedIn('analyst@a.test');
    await upload(analyst, CERTAIN, 'certain');
  });
  after(() => bed.close());

  test('the headline net saving over the plan is after investment, and shows no range when none was entered', async () => {
    const page = await analyst.get(p.show.build({ la: LA, programmeId: 'certain' }));
    assert.equal(page.status, 200);
    assert.match(page.text, /Net saving over the plan \(2 years\) after investment/);
    assert.match(page.text, /id="stat-net">£40,000</);
    assert.match(page.text, /id="stat-net-parts">Net saving £50,000 less investment £10,000</);
    assert.doesNotMatch(page.text, /id="stat-net-range"/);
    assert.doesNotMatch(page.text, /[Rr]ange £/);
  });

  test('an initiative with no range says so, and never "range £x to £x"', async () => {
    const page = await analyst.get(p.initiative.build({ la: LA, programmeId: 'certain', initiativeId: 'certain' }));
    assert.equal(page.status, 200);
    assert.match(page.text, /Net saving over the plan after investment\s*<\/dt>\s*<dd[^>]*>\s*£40,000/);
    assert.match(
      page.text,
      /Range of net saving over the plan\s*<\/dt>\s*<dd[^>]*>\s*None entered \(no low or high figures\)/,
    );
    assert.doesNotMatch(page.text, /£50,000 to £50,000/);
    // No low and high columns or rows where there is no range.
    assert.doesNotMatch(page.text, /Net saving: low|Net saving: high/);
    const dashboard = await analyst.get(p.show.build({ la: LA, programmeId: 'certain' }));
    assert.doesNotMatch(dashboard.text, /Net saving: low|Net saving: high/);
  });

  test('a milestone shows one status: overdue replaces "on track" after its due date', async () => {
    const page = await analyst.get(p.initiative.build({ la: LA, programmeId: 'certain', initiativeId: 'certain' }));
    const rows = [...page.text.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => m[1] ?? '');
    const panel = rows.find((r) => r.includes('Panel set up')) ?? '';
    const carers = rows.find((r) => r.includes('Carers approved')) ?? '';
    // Due 31 May 2023, not complete on 15 June 2023: overdue, and only that.
    assert.match(panel, />Overdue</);
    assert.doesNotMatch(panel, /On track/);
    // Due 30 September 2023: still on track.
    assert.match(carers, />On track</);
    assert.doesNotMatch(carers, /Overdue/);
  });

  test("an initiative linked to a scenario shows the scenario's range", async () => {
    const actor = actorFor(LA, 'analyst');
    await bed.services.scenarios.create(actor, LA, { name: 'Fewer entries', description: '' });
    await bed.services.scenarios.setAdjustment(actor, LA, 'Fewer entries', null, {
      kind: 'entryRate',
      start: '2023-04-01',
      rampMonths: 0,
      percent: -50,
    });
    // The scenario's own comparison (cached, so the same runs as the programme pages use): its 10th
    // and 90th percentile saving in each plan year, summed (no ongoing cost), is the range.
    const detail = await bed.services.scenarios.get(actor, LA, 'Fewer entries');
    assert.ok(detail);
    const c = await bed.services.scenarios.compare(actor, LA, detail.scenario);
    assert.ok(c);
    const years = ['2023/24', '2024/25'].map((y) => c.years.find((x) => x.year === y)?.saving);
    const low = years.reduce((s, y) => s + Math.round(y?.p10 ?? 0), 0);
    const high = years.reduce((s, y) => s + Math.round(y?.p90 ?? 0), 0);
    assert.ok(low < high, `the scenario has a range: ${low} to ${high}`);
    // The comparison held the event loop for seconds: let the server close its idle keep-alive
    // sockets before the next request rather than as it arrives (ECONNRESET).
    await new Promise((resolve) => setTimeout(resolve, 100));
    await upload(analyst, LINKED, 'linked');
    const page = await analyst.get(p.initiative.build({ la: LA, programmeId: 'linked', initiativeId: 'linked' }));
    assert.equal(page.status, 200);
    assert.match(page.text, /Scenario “Fewer entries”/);
    const range = /Range of net saving over the plan\s*<\/dt>\s*<dd[^>]*>\s*([^<]*)</.exec(page.text)?.[1] ?? '';
    assert.equal(
      range.trim(),
      `${formatPence(low)} to ${formatPence(high)} (the scenario’s 10th to 90th percentile saving, less ongoing cost)`,
    );
    assert.match(page.text, />Net saving: low</);
    const dashboard = await analyst.get(p.show.build({ la: LA, programmeId: 'linked' }));
    assert.match(dashboard.text, new RegExp(`id="stat-net-range">Range ${formatPence(low)} to ${formatPence(high)}<`));
  });
});
