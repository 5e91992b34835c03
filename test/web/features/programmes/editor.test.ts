/**
 * Writing a whole programme in the browser (issue 16): create one from nothing (questions, check
 * your answers), enter each initiative's money by year, add another initiative, workings,
 * milestones, risks and targets ("add another" lists), change the settings, remove an initiative;
 * every change validated as a file is and audited; viewers refused; the programme downloads as a
 * workbook that uploads back to the same figures.
 */
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { paths } from '../../../../src/web/paths.ts';
import { parseList, parseYears, readAmount } from '../../../../src/web/features/programmes/editor.ts';
import { webTestbed, type Client, type Testbed } from '../../support.ts';
import { actorFor, planningCouncils } from '../forecast/planningCase.ts';

const LA = '301';
const p = paths.programmes;
const index = p.index.build({ la: LA });
const ID = 'edge-and-fostering';
const hub = p.edit.build({ la: LA, programmeId: ID });
const at = (initiativeId: string) => ({ la: LA, programmeId: ID, initiativeId });

describe('programme form fields', () => {
  test('amounts as councils type them: commas, pound signs, brackets for negatives, TBC', () => {
    assert.deepEqual(readAmount('£25,000'), { value: 25000 });
    assert.deepEqual(readAmount('(25,000)'), { value: -25000 });
    assert.deepEqual(readAmount('-£1,500.50'), { value: -1500.5 });
    assert.deepEqual(readAmount('tbc', { tbc: true }), { value: 'TBC' });
    assert.deepEqual(readAmount('  '), { value: undefined });
    assert.ok('error' in readAmount('TBC'));
    assert.ok('error' in readAmount('lots'));
  });

  test('years: blank amounts hold no figure; blank years before the first and after the last are left out', () => {
    const labels = ['2025/26', '2026/27', '2027/28', '2028/29'];
    const r = parseYears({ 'y1-investment': '10,000', 'y3-grossSaving': 'TBC', 'y3-phasing': '0.5' }, labels);
    assert.deepEqual(r.errors, {});
    assert.deepEqual(r.years, {
      '2026/27': { investment: 10000 },
      '2027/28': {},
      '2028/29': { grossSaving: 'TBC', phasing: 0.5 },
    });
    assert.deepEqual(Object.keys(parseYears({ 'y0-phasing': 'half' }, labels).errors), ['y0-phasing']);
  });

  test('lists: a blank entry adds nothing, "Remove" removes, and what the form does not show is kept', () => {
    const previous = [
      { measure: 'Children looked after', years: {}, months: { '2025-09': 590 }, actuals: { '2025-04': 612 } },
      { measure: 'Entries', years: {} },
    ];
    const r = parseList(
      'targets',
      {
        count: '3',
        'e0-orig': '0',
        'e0-measure': 'Children looked after',
        'e0-y0': '60',
        'e1-orig': '1',
        'e1-measure': 'Entries',
        'e1-remove': 'yes',
        'e2-orig': '',
      },
      ['2025/26'],
      previous,
    );
    assert.deepEqual(r.errors, {});
    assert.deepEqual(r.entries, [
      {
        measure: 'Children looked after',
        years: { '2025/26': 60 },
        months: { '2025-09': 590 },
        actuals: { '2025-04': 612 },
      },
    ]);
    const bad = parseList(
      'milestones',
      { count: '1', 'e0-orig': '', 'e0-name': 'Panel', 'e0-due-day': '31', 'e0-due-month': '2', 'e0-due-year': '2026' },
      [],
      [],
    );
    assert.match(bad.errors['e0-due-day'] ?? '', /Milestone 1: enter the due date as a real day, month and year/);
  });
});

describe('writing a programme in the browser', () => {
  let bed: Testbed;
  let analyst: Client;
  before(async () => {
    bed = await webTestbed({ now: () => new Date('2025-11-01T09:00:00Z') });
    await planningCouncils(bed, { withCase: false });
    analyst = await bed.signedIn('analyst@a.test');
  });
  after(() => bed.close());

  const post = (path: string, fields: Record<string, string>) => analyst.post(path, fields, { tokenFrom: index });

  test('only analysts and admins may write programmes', async () => {
    const viewer = await bed.signedIn('viewer@a.test');
    assert.equal((await viewer.get(p.create.build({ la: LA }))).status, 403);
    assert.equal((await viewer.post(p.create.build({ la: LA }), { name: 'x' }, { tokenFrom: index })).status, 403);
    assert.doesNotMatch((await viewer.get(index)).text, /id="create-programme"/);
    assert.match((await analyst.get(index)).text, /id="create-programme"/);
  });

  test('create: errors named; then check your answers; then created and audited', async () => {
    const create = p.create.build({ la: LA });
    const bad = await post(create, { name: '', firstYear: '2025', planYears: '3', unit: 'thousands' });
    assert.equal(bad.location, create);
    const again = await analyst.get(create);
    assert.match(again.text, /href="#name">Enter the programme’s name/);
    assert.match(again.text, /href="#firstYear">Enter the first plan year as a financial year, like 2025\/26/);
    assert.match(again.text, /href="#initiative-name">Enter the initiative’s name/);
    const ok = await post(create, {
      name: 'Edge and fostering',
      id: '',
      unit: 'thousands',
      firstYear: '2025/26',
      planYears: '3',
      discountRate: '3.5',
      'initiative-name': 'Edge of care',
      'initiative-profile': 'incremental',
    });
    assert.equal(ok.location, p.createCheck.build({ la: LA }));
    const check = await analyst.get(p.createCheck.build({ la: LA }));
    assert.match(check.text, /Check your answers before creating the programme/);
    assert.match(check.text, /edge-and-fostering \(made from the name\)/);
    assert.match(check.text, /2025\/26, 2026\/27, 2027\/28/);
    assert.match(check.text, /Change<span class="govuk-visually-hidden"> the first initiative/);
    // Nothing is stored until the answers are confirmed.
    assert.equal((await analyst.get(p.show.build({ la: LA, programmeId: ID }))).status, 404);
    const created = await post(p.createCheck.build({ la: LA }), {});
    assert.equal(created.location, hub);
    const page = await analyst.get(hub);
    assert.match(page.text, /Created “Edge and fostering”/);
    assert.match(page.text, /Edge of care/);
    const log = await bed.services.audit.list(actorFor(LA, 'admin'), LA, { action: 'programme.created' });
    assert.equal(log.total, 1);
    // The same short name again is refused.
    await post(create, {
      name: 'Edge and fostering',
      unit: 'thousands',
      firstYear: '2025/26',
      planYears: '3',
      'initiative-name': 'X',
    });
    assert.match((await analyst.get(create)).text, /already a programme with the short name edge-and-fostering/);
  });

  test('money by year, another initiative, workings, milestones, risks and targets; the dashboard follows', async () => {
    const edit = p.editInitiative.build(at('edge-of-care'));
    const form = await analyst.get(edit);
    // A row for each plan year of a new initiative.
    for (const y of ['y0', 'y1', 'y2']) assert.match(form.text, new RegExp(`id="${y}-grossSaving"`));
    assert.match(form.text, new RegExp(`href="${hub}">the page for changing the whole programme`));
    const details = {
      name: 'Edge of care',
      owner: 'Head of Early Help',
      savingType: 'cashable',
      profile: 'incremental',
      scenario: '',
    };
    const saved = await post(edit, {
      ...details,
      'y0-investment': '100,000',
      'y0-ongoingCost': '50,000',
      'y0-grossSaving': '150,000',
      'y0-low': '100,000',
      'y0-high': '200,000',
      'y1-ongoingCost': '50,000',
      'y1-grossSaving': '50,000',
    });
    assert.equal(saved.location, p.initiative.build(at('edge-of-care')));

    // Add another initiative; its amounts come from a working.
    const added = await post(p.addInitiative.build({ la: LA, programmeId: ID }), {
      name: 'Foster carers',
      id: '',
      owner: '',
      savingType: 'cashable',
      profile: 'incremental',
    });
    assert.equal(added.location, p.editInitiative.build(at('foster-carers')));
    await post(p.editInitiative.build(at('foster-carers')), {
      ...details,
      name: 'Foster carers',
      owner: '',
      'y0-investment': '20,000',
    });
    const workings = p.editSection.build({ ...at('foster-carers'), section: 'workings' });
    const workingsPage = await analyst.get(workings);
    assert.match(workingsPage.text, /Add a working \(optional\)/);
    const w = await post(workings, {
      count: '1',
      'e0-orig': '',
      'e0-line': 'grossSaving',
      'e0-description': 'Children moved from agency to in-house foster care',
      'e0-volumeUnit': 'children',
      'e0-unitCost': '',
      'e0-unitCostFrom': '3,000',
      'e0-unitCostTo': '800',
      'e0-per': 'week',
      'e0-duration': '',
      'e0-y0': '',
      'e0-y1': '2',
      'e0-y2': '',
      action: 'save',
    });
    assert.equal(w.location, hub);

    const milestones = p.editSection.build({ ...at('edge-of-care'), section: 'milestones' });
    const m = await post(milestones, {
      count: '1',
      'e0-orig': '',
      'e0-name': 'Team recruited',
      'e0-due-day': '30',
      'e0-due-month': '6',
      'e0-due-year': '2025',
      'e0-status': 'complete',
      action: 'add',
    });
    assert.match(m.location ?? '', /\/edit\/milestones#e1-name$/);
    const again = await analyst.get(milestones);
    assert.match(again.text, /Milestone 1/);
    assert.match(again.text, /value="Team recruited"/);
    assert.match(again.text, /Add a milestone \(optional\)/);
    // A date that is not a day is named, and nothing is saved.
    const badDate = await post(milestones, {
      count: '2',
      'e0-orig': '0',
      'e0-name': 'Team recruited',
      'e0-due-day': '30',
      'e0-due-month': '6',
      'e0-due-year': '2025',
      'e0-status': 'complete',
      'e1-orig': '',
      'e1-name': 'Evaluation',
      'e1-due-day': '31',
      'e1-due-month': '9',
      'e1-due-year': '2026',
      'e1-status': 'not started',
      action: 'save',
    });
    assert.equal(badDate.location, milestones);
    assert.match(
      (await analyst.get(milestones)).text,
      /href="#e1-due-day">Milestone 2: enter the due date as a real day/,
    );

    await post(p.editSection.build({ ...at('edge-of-care'), section: 'risks' }), {
      count: '1',
      'e0-orig': '',
      'e0-description': 'Recruitment slower than planned',
      'e0-likelihood': '3',
      'e0-impact': '5',
      'e0-mitigation': 'Agency cover',
      'e0-owner': '',
      action: 'save',
    });
    await post(p.editSection.build({ ...at('edge-of-care'), section: 'targets' }), {
      count: '1',
      'e0-orig': '',
      'e0-measure': 'Children looked after',
      'e0-unit': 'children',
      'e0-better': 'lower',
      'e0-counted': '',
      'e0-route': '',
      'e0-fromMonth': '2025-04',
      'e0-fromValue': '62',
      'e0-toMonth': '2027-03',
      'e0-toValue': '50',
      'e0-y0': '60',
      'e0-y1': '55',
      'e0-y2': '',
      action: 'save',
    });

    const page = await analyst.get(hub);
    assert.match(
      page.text,
      /2025\/26: investment £100,000, ongoing cost £50,000, gross saving £150,000, range £100,000 to £200,000/,
    );
    assert.match(page.text, /Children moved from agency to in-house foster care/);
    assert.match(page.text, /Team recruited \(due 30 June 2025, complete\)/);
    assert.match(page.text, /Recruitment slower than planned \(likelihood 3, impact 5\)/);
    assert.match(page.text, /Children looked after/);

    // Worked by hand. Edge of care: gross 150k new in 2025/26 and 50k new in 2026/27, so 150k,
    // 200k, 200k (2027/28 continues the run rate) less ongoing cost 50k a year: net 100k + 150k +
    // 150k = 400k; investment 100k. Foster carers: 2 children x (£3,000 - £800) a week x 52 weeks =
    // £228,800 new in 2026/27, so 0 + 228.8k + 228.8k = 457.6k; investment 20k. Programme: net
    // saving £857,600 less investment £120,000 = £737,600.
    const dashboard = await analyst.get(p.show.build({ la: LA, programmeId: ID }));
    assert.match(dashboard.text, /id="stat-net">£737,600</);
    assert.match(dashboard.text, /Net saving £857,600 less investment £120,000/);
    const detail = await bed.services.programmes.initiative(actorFor(LA, 'viewer'), LA, ID, 'edge-of-care');
    // The trajectory is a straight line, a month at a time: 62 in April 2025 to 50 in March 2027.
    const months = detail?.initiative.targets[0]?.months ?? [];
    assert.deepEqual(months[0], { month: '2025-04', target: 62, actual: null });
    assert.deepEqual(months.at(-1), { month: '2027-03', target: 50, actual: null });
    assert.equal(months.length, 24);
    // Shown again as that line.
    const targetsPage = await analyst.get(p.editSection.build({ ...at('edge-of-care'), section: 'targets' }));
    assert.match(targetsPage.text, /name="e0-fromMonth" type="text" spellcheck="false" value="2025-04"/);
    assert.match(targetsPage.text, /name="e0-toValue" type="text"[^>]*value="50"/);
    assert.equal(detail?.monitoring.risks[0]?.score, 15);

    const log = await bed.services.audit.list(actorFor(LA, 'admin'), LA, { action: 'programme.changed' });
    const parts = log.entries.map((e) => (e.detail as { part: string }).part).sort();
    assert.deepEqual(parts, ['initiative added', 'milestones', 'risks', 'targets', 'workings']);
  });

  test('settings: validated as a file is; a change is saved and audited', async () => {
    const settings = p.settings.build({ la: LA, programmeId: ID });
    const form = await analyst.get(settings);
    assert.match(form.text, /value="2025\/26"/);
    const fields = {
      name: 'Edge and fostering 2025',
      unit: 'GBP',
      firstYear: '2025/26',
      planYears: '3',
      discountRate: '3.5',
      statedProfile: 'incremental',
      greenMinPercent: '90',
      amberMinPercent: '95',
    };
    await post(settings, fields);
    assert.match(
      (await analyst.get(settings)).text,
      /href="#amberMinPercent">The amber threshold must not be above the green one/,
    );
    // A later first year leaves 2025/26 figures outside the appraisal: the file rule says so.
    await post(settings, { ...fields, amberMinPercent: '80', firstYear: '2026/27' });
    assert.match((await analyst.get(settings)).text, /govuk-error-summary/);
    const ok = await post(settings, { ...fields, amberMinPercent: '80' });
    assert.equal(ok.location, hub);
    const page = await analyst.get(hub);
    assert.match(page.text, /Edge and fostering 2025/);
    assert.match(page.text, /Green from 90% of target, amber from 80%/);
  });

  test('the workbook of a programme written in the browser uploads back to the same figures', async () => {
    const before = await bed.services.programmes.dashboard(actorFor(LA, 'viewer'), LA, ID);
    const wb = await analyst.getBytes(p.workbook.build({ la: LA, programmeId: ID }));
    assert.equal(wb.status, 200);
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(wb.body)]), 'programme.xlsx');
    form.set('id', 'round-trip');
    const res = await analyst.postMultipart(p.upload.build({ la: LA }), form, { tokenFrom: index });
    assert.equal(res.location, p.show.build({ la: LA, programmeId: 'round-trip' }));
    const after = await bed.services.programmes.dashboard(actorFor(LA, 'viewer'), LA, 'round-trip');
    assert.deepEqual(after?.totals, before?.totals);
  });

  test("saving an initiative's form keeps what the form does not show: a paper's variance column", async () => {
    const paper = await readFile(new URL('../../../../examples/programme/council-paper.yaml', import.meta.url));
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(paper)]), 'council-paper.yaml');
    form.set('id', 'paper');
    await analyst.postMultipart(p.upload.build({ la: LA }), form, { tokenFrom: index });
    const variances = async () =>
      (await bed.services.programmes.checks(actorFor(LA, 'viewer'), LA, 'paper'))?.findings.filter(
        (f) => f.kind === 'variance',
      ).length;
    const before = await variances();
    assert.ok(before && before > 0, 'the paper states a variance column that is checked');
    const edit = p.editInitiative.build({ la: LA, programmeId: 'paper', initiativeId: 'agency-social-workers' });
    const page = await analyst.get(edit);
    const fields: Record<string, string> = {};
    for (const m of page.text.matchAll(
      /<input\s+class="govuk-input[^"]*" id="([^"]+)" name="\1" type="text"[^>]*value="([^"]*)"/g,
    ))
      fields[m[1] as string] = (m[2] as string).replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    for (const m of page.text.matchAll(
      /<input class="govuk-radios__input" id="[^"]+" name="([^"]+)" type="radio" value="([^"]+)" checked/g,
    ))
      fields[m[1] as string] = m[2] as string;
    const res = await post(edit, { ...fields, scenario: '' });
    assert.equal(
      res.location,
      p.initiative.build({ la: LA, programmeId: 'paper', initiativeId: 'agency-social-workers' }),
    );
    assert.equal(await variances(), before);
  });

  test('remove an initiative (confirmed, audited); the last one cannot be removed', async () => {
    const remove = p.removeInitiative.build(at('foster-carers'));
    assert.match((await analyst.get(remove)).text, /Remove “Foster carers”\?/);
    const res = await post(remove, {});
    assert.equal(res.location, hub);
    const page = await analyst.get(hub);
    assert.match(page.text, /Initiative removed/);
    assert.doesNotMatch(page.text, /id="initiative-foster-carers"/);
    assert.match((await analyst.get(p.removeInitiative.build(at('edge-of-care')))).text, /cannot be removed/);
    await post(p.removeInitiative.build(at('edge-of-care')), {});
    assert.match((await analyst.get(hub)).text, /a programme needs at least one initiative/);
    assert.equal((await analyst.get(p.editSection.build({ ...at('edge-of-care'), section: 'nope' }))).status, 404);
    assert.equal((await analyst.get(p.edit.build({ la: LA, programmeId: 'nope' }))).status, 404);
  });
});
