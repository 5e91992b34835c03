/**
 * Permanence trackers child by child, through the service layer: the council's lists (add, rename,
 * retire; a retired reason stays on the child that has it), a child's status (achieved is never
 * typed) and coded notes. The council is the one worked by hand in test/permanence/tracker.test.ts:
 * C is out of scope (Court decision), D is overdue.
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemActor, type Actor } from '../../src/services/access.ts';
import { createAuditService } from '../../src/services/audit.ts';
import { UserInputError } from '../../src/services/errors.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import {
  importTracker,
  listTrackers,
  TrackerImportRefused,
  trackerReportJson,
  trackerView,
} from '../../src/services/permanence.ts';
import {
  addListItem,
  addPickedChildren,
  removeProjectTarget,
  setProjectTarget,
  pickerView,
  addTrackedChildNote,
  removeTrackedChildNote,
  renameListItemFor,
  setListItemRetiredFor,
  setTrackedChildStatus,
  trackedChildView,
  trackerLists,
} from '../../src/services/permanenceChildren.ts';
import { pseudonymiser } from '../../src/services/pseudonymise.ts';
import { DEFAULT_NOTE_CODES, DEFAULT_OUT_OF_SCOPE_REASONS } from '../../src/domain/permanence/tracker.ts';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { aLoadResult } from '../store/caseBuilders.ts';
import { RETURNS_TO_MARCH_2026, WORKED_CHILDREN, WORKED_COHORT_CSV, WORKED_EPISODES } from '../permanence/council.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const LA = '301';
const NOW = new Date('2026-05-01T09:00:00Z');
const PROJECT = 'Discharge of care orders';
const pseudo = pseudonymiser(KEY, LA);

const inputError = (field: string, message: RegExp) => (err: unknown) => {
  assert.ok(err instanceof UserInputError, String(err));
  assert.equal(err.field, field);
  assert.match(err.message, message);
  return true;
};

for (const dialect of await testDialects()) {
  describe(`permanence children and lists (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    let dir: string;
    const actor: Actor = systemActor(LA);
    const viewer: Actor = { ...actor, name: 'viewer@x', role: 'viewer' };
    const importCsv = async (text: string) => {
      const p = path.join(dir, 'cohort.csv');
      writeFileSync(p, text);
      return importTracker(t.db, actor, {
        laCode: LA,
        project: PROJECT,
        path: p,
        name: 'cohort.csv',
        trackedFrom: '2025-04-01',
        pseudonymKey: KEY,
        now: NOW,
      });
    };

    beforeEach(async () => {
      t = await dialect.open();
      dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-tracker-children-'));
      const returns = aLoadResult({
        year: 2026,
        children: WORKED_CHILDREN,
        episodes: [...WORKED_EPISODES, RETURNS_TO_MARCH_2026],
      });
      await writeLoadResult(t.db, returns, { laCode: LA, importedBy: 'test', now: NOW, pseudonymKey: KEY });
      await importCsv(WORKED_COHORT_CSV);
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await t.close();
    });

    it('the lists: add, rename (children follow), retire (stays on the child, no longer offered)', async () => {
      const start = await trackerLists(t.db, viewer, LA);
      assert.deepEqual(
        start.reasons.map((r) => r.label),
        DEFAULT_OUT_OF_SCOPE_REASONS,
      );
      assert.deepEqual(
        start.noteCodes.map((r) => r.label),
        DEFAULT_NOTE_CODES,
      );
      assert.equal(
        await addListItem(t.db, actor, LA, { kind: 'reason', label: '  Moved   abroad ' }, NOW),
        'Moved abroad',
      );
      await assert.rejects(
        addListItem(t.db, actor, LA, { kind: 'reason', label: 'court DECISION' }, NOW),
        inputError('label-reason', /“Court decision” is already in the list/),
      );
      await assert.rejects(
        addListItem(t.db, viewer, LA, { kind: 'reason', label: 'Anything' }, NOW),
        /may not do this/,
      );
      await renameListItemFor(
        t.db,
        actor,
        LA,
        { kind: 'reason', from: 'Court decision', to: 'Court ordered otherwise' },
        NOW,
      );
      await setListItemRetiredFor(
        t.db,
        actor,
        LA,
        { kind: 'reason', label: 'Court ordered otherwise', retired: true },
        NOW,
      );
      const lists = await trackerLists(t.db, viewer, LA);
      assert.deepEqual(
        lists.reasons.map((r) => `${r.label}${r.retired ? ' (retired)' : ''}`),
        [
          'Care plan changed',
          'Court ordered otherwise (retired)',
          'Assessment not supportive',
          'Family circumstances changed',
          'Child moved to another council',
          'Other',
          'Moved abroad',
        ],
      );
      // C keeps the renamed, retired reason; it is offered to C only.
      const c = await trackedChildView(t.db, viewer, LA, PROJECT, pseudo('C'));
      assert.equal(c.child.reason, 'Court ordered otherwise');
      assert.equal(c.child.outcome, 'out_of_scope');
      assert.ok(c.reasons.includes('Court ordered otherwise'));
      const d = await trackedChildView(t.db, viewer, LA, PROJECT, pseudo('D'));
      assert.ok(!d.reasons.includes('Court ordered otherwise'));
      await assert.rejects(
        setTrackedChildStatus(
          t.db,
          actor,
          LA,
          PROJECT,
          pseudo('D'),
          { status: 'out_of_scope', reason: 'Court ordered otherwise' },
          NOW,
        ),
        inputError('reason', /Choose why the child is out of scope/),
      );
      // A file may not use a retired reason either.
      await assert.rejects(
        importCsv(WORKED_COHORT_CSV.replace('Court decision', 'Court ordered otherwise')),
        (err: unknown) => err instanceof TrackerImportRefused && err.problems[0]?.rule === 'TRACKER-REASON',
      );
      // Restored, it is offered again.
      await setListItemRetiredFor(
        t.db,
        actor,
        LA,
        { kind: 'reason', label: 'Court ordered otherwise', retired: false },
        NOW,
      );
      assert.ok(
        (await trackedChildView(t.db, viewer, LA, PROJECT, pseudo('D'))).reasons.includes('Court ordered otherwise'),
      );
      // The last item in use cannot be retired.
      for (const label of DEFAULT_NOTE_CODES.slice(1))
        await setListItemRetiredFor(t.db, actor, LA, { kind: 'note', label, retired: true }, NOW);
      await assert.rejects(
        setListItemRetiredFor(
          t.db,
          actor,
          LA,
          { kind: 'note', label: DEFAULT_NOTE_CODES[0] as string, retired: true },
          NOW,
        ),
        inputError('kind', /Keep at least one note code in use/),
      );
      const actions = (await createAuditService(t.db).list(actor, LA, { pageSize: 100 })).entries.map((e) => e.action);
      assert.ok(actions.includes('tracker.list_item_added'));
      assert.ok(actions.includes('tracker.list_item_renamed'));
      assert.ok(actions.includes('tracker.list_item_retired'));
      assert.ok(actions.includes('tracker.list_item_restored'));
    });

    it('a status is in or out of scope with a reason; achieved is found in the returns, never set', async () => {
      await assert.rejects(
        setTrackedChildStatus(t.db, actor, LA, PROJECT, pseudo('D'), { status: 'achieved', reason: '' }, NOW),
        inputError('status', /found|returns/),
      );
      await assert.rejects(
        setTrackedChildStatus(t.db, actor, LA, PROJECT, pseudo('D'), { status: 'out_of_scope', reason: '' }, NOW),
        inputError('reason', /Choose why/),
      );
      await assert.rejects(
        setTrackedChildStatus(t.db, viewer, LA, PROJECT, pseudo('D'), { status: 'out_of_scope', reason: 'Other' }, NOW),
        /may not do this/,
      );
      await assert.rejects(
        setTrackedChildStatus(t.db, actor, LA, PROJECT, pseudo('F'), { status: 'in_scope', reason: '' }, NOW),
        /not in the project/,
      );
      await setTrackedChildStatus(
        t.db,
        actor,
        LA,
        PROJECT,
        pseudo('D'),
        { status: 'out_of_scope', reason: 'Other' },
        NOW,
      );
      // Worked by hand: D (overdue) leaves the plan: in scope 4 - 1 = 3, out of scope 1 + 1 = 2, overdue 0.
      let counts = (await trackerView(t.db, viewer, LA, PROJECT)).report.counts;
      assert.deepEqual(counts, { inScope: 3, outOfScope: 2, achieved: 1, otherRoute: 1, overdue: 0 });
      await setTrackedChildStatus(t.db, actor, LA, PROJECT, pseudo('C'), { status: 'in_scope', reason: 'Other' }, NOW);
      const c = await trackedChildView(t.db, viewer, LA, PROJECT, pseudo('C'));
      assert.equal(c.child.reason, null, 'in scope: no reason kept');
      // C (open since 2023, planned adoption 2025-12) is now in scope and overdue.
      counts = (await trackerView(t.db, viewer, LA, PROJECT)).report.counts;
      assert.deepEqual(counts, { inScope: 4, outOfScope: 1, achieved: 1, otherRoute: 1, overdue: 1 });
      const entries = (await createAuditService(t.db).list(actor, LA, { action: 'tracker.child_status_set' })).entries;
      assert.equal(entries.length, 2);
      assert.doesNotMatch(JSON.stringify(entries), new RegExp(pseudo('C')), 'no child in the audit');
    });

    it('the picker lists children in care on the latest date; picked children join a project all or none', async () => {
      const all = await pickerView(t.db, actor, LA, { category: '', ageBand: '' });
      // On 31 March 2026: E (kinship, 16+), C and D (in-house fostering, 10 to 15); F left that day.
      assert.equal(all.asAt, '2026-03-31');
      assert.deepEqual(
        all.children.map((c) => c.childId),
        ['E', 'C', 'D'].map(pseudo),
      );
      assert.deepEqual(
        (await pickerView(t.db, actor, LA, { category: 'kinship_fostering', ageBand: '' })).children.map(
          (c) => c.childId,
        ),
        [pseudo('E')],
      );
      const teens = await pickerView(t.db, actor, LA, { category: '', ageBand: '10_to_15' });
      assert.deepEqual(
        teens.children.map((c) => [c.childId, c.monthsInCare]),
        [
          [pseudo('C'), 36],
          [pseudo('D'), 16],
        ],
      );
      assert.equal(teens.total, 3);
      await assert.rejects(
        pickerView(t.db, actor, LA, { category: 'mansion', ageBand: '' }),
        inputError('category', /Choose a placement category/),
      );
      await assert.rejects(pickerView(t.db, viewer, LA, { category: '', ageBand: '' }), /may not do this/);

      const pick = (over: Partial<Parameters<typeof addPickedChildren>[3]>) =>
        addPickedChildren(
          t.db,
          actor,
          LA,
          {
            project: 'Reunification',
            childIds: [pseudo('C'), pseudo('D')],
            plannedRoute: 'return_home',
            plannedMonth: '2026-06',
            ...over,
          },
          NOW,
        );
      await assert.rejects(pick({ childIds: [] }), inputError('children', /Select at least one child/));
      await assert.rejects(pick({ plannedRoute: 'home' }), inputError('plannedRoute', /Choose a planned route/));
      await assert.rejects(pick({ plannedMonth: 'June' }), inputError('plannedMonth', /YYYY-MM/));
      await assert.rejects(
        pick({ plannedMonth: '2026-02' }),
        inputError('plannedMonth', /2026-02 is before the project’s start \(2026-03-31\)/),
      );
      await assert.rejects(
        pick({ childIds: [pseudo('C'), pseudo('F')] }),
        inputError('children', new RegExp(`1 child selected was not looked after on 2026-03-31.*${pseudo('F')}`)),
      );
      await assert.rejects(
        pick({ project: PROJECT, childIds: [pseudo('C')] }),
        inputError('children', /1 child selected is already in Discharge of care orders/),
      );
      assert.deepEqual(
        (await listTrackers(t.db, actor, LA)).map((p) => p.name),
        [PROJECT],
        'nothing stored by a refusal',
      );
      assert.deepEqual(await pick({}), { project: 'Reunification', added: 2, created: true });
      const view = await trackerView(t.db, viewer, LA, 'Reunification');
      assert.equal(view.report.trackedFrom, '2026-03-31');
      assert.deepEqual(
        view.report.children.map((c) => [c.childId, c.plannedRoute, c.plannedMonth, c.status, c.outcome]),
        [
          [pseudo('C'), 'return_home', '2026-06', 'in_scope', 'in_care'],
          [pseudo('D'), 'return_home', '2026-06', 'in_scope', 'in_care'],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      // E joins the same project later with another route and month.
      assert.deepEqual(await pick({ childIds: [pseudo('E')], plannedRoute: 'sgo_cao', plannedMonth: '2026-09' }), {
        project: 'Reunification',
        added: 1,
        created: false,
      });
      assert.equal((await trackerView(t.db, viewer, LA, 'Reunification')).report.counts.inScope, 3);
    });

    it('stated targets: checked against the computed path, met or not per month', async () => {
      const set = (measure: string, month: string, value: string) =>
        setProjectTarget(t.db, actor, LA, PROJECT, { measure, month, value }, NOW);
      await assert.rejects(set('exits', '2025-10', '2'), inputError('measure', /Choose what the target counts/));
      await assert.rejects(set('looked_after_end', 'Oct 2025', '2'), inputError('month', /YYYY-MM/));
      await assert.rejects(set('looked_after_end', '2025-03', '2'), inputError('month', /first \(2025-04\) or later/));
      await assert.rejects(set('looked_after_end', '2025-10', '-1'), inputError('value', /whole number/));
      await assert.rejects(
        setProjectTarget(t.db, viewer, LA, PROJECT, { measure: 'project_exits', month: '2025-08', value: '1' }, NOW),
        /may not do this/,
      );
      assert.deepEqual(await set('looked_after_end', '2025-10', '3'), { replaced: false });
      assert.deepEqual(await set('looked_after_end', '2025-10', '2'), { replaced: true });
      await set('project_exits', '2025-08', '1');
      await set('cumulative_exits', '2026-06', '3');
      // Worked by hand (test/permanence/targets.test.ts): 3 looked after at the end of October 2025
      // (target 2: not met), A's exit in August (1: met), June 2026 after the returns.
      const view = await trackerView(t.db, viewer, LA, PROJECT);
      assert.deepEqual(
        view.targets.map((x) => [x.month, x.measure, x.value, x.actual, x.status]),
        [
          ['2025-08', 'project_exits', 1, 1, 'met'],
          ['2025-10', 'looked_after_end', 2, 3, 'not_met'],
          ['2026-06', 'cumulative_exits', 3, null, 'to_come'],
        ],
      );
      assert.equal((trackerReportJson(view).targets as unknown[]).length, 3);
      await removeProjectTarget(t.db, actor, LA, PROJECT, { measure: 'project_exits', month: '2025-08' }, NOW);
      assert.equal((await trackerView(t.db, viewer, LA, PROJECT)).targets.length, 2);
      await assert.rejects(
        removeProjectTarget(t.db, actor, LA, PROJECT, { measure: 'project_exits', month: '2025-08' }, NOW),
        /not there/,
      );
      // A new file for the project keeps its targets.
      await importCsv(WORKED_COHORT_CSV);
      assert.equal((await trackerView(t.db, viewer, LA, PROJECT)).targets.length, 2);
    });

    it('coded notes: a code and a date; renaming the code renames the note; a re-import keeps notes of children kept', async () => {
      const a = pseudo('A');
      const e = pseudo('E');
      await addTrackedChildNote(t.db, actor, LA, PROJECT, a, { code: 'Court hearing', date: '2025-07-20' }, NOW);
      await addTrackedChildNote(t.db, actor, LA, PROJECT, a, { code: 'Family meeting held', date: '2025-06-02' }, NOW);
      await addTrackedChildNote(t.db, actor, LA, PROJECT, e, { code: 'Assessment started', date: '2026-04-30' }, NOW);
      await assert.rejects(
        addTrackedChildNote(t.db, actor, LA, PROJECT, a, { code: 'Court hearing', date: '2025-07-20' }, NOW),
        inputError('code', /already has “Court hearing” on 2025-07-20/),
      );
      await assert.rejects(
        addTrackedChildNote(t.db, actor, LA, PROJECT, a, { code: 'Jo Bloggs visited', date: '2025-07-20' }, NOW),
        inputError('code', /Choose a note code/),
      );
      await assert.rejects(
        addTrackedChildNote(t.db, actor, LA, PROJECT, a, { code: 'Court hearing', date: '2026-05-02' }, NOW),
        inputError('date', /today or earlier/),
      );
      await assert.rejects(
        addTrackedChildNote(t.db, actor, LA, PROJECT, a, { code: 'Court hearing', date: '2025-02-30' }, NOW),
        inputError('date', /YYYY-MM-DD/),
      );
      await renameListItemFor(t.db, actor, LA, { kind: 'note', from: 'Court hearing', to: 'Hearing held' }, NOW);
      const view = await trackedChildView(t.db, viewer, LA, PROJECT, a);
      assert.deepEqual(
        view.notes.map((n) => [n.date, n.code]),
        [
          ['2025-07-20', 'Hearing held'],
          ['2025-06-02', 'Family meeting held'],
        ],
      );
      // Re-import without E: A's notes stay, E's go with E.
      await importCsv(WORKED_COHORT_CSV.split('\n').slice(0, 5).join('\n'));
      assert.equal((await trackedChildView(t.db, viewer, LA, PROJECT, a)).notes.length, 2);
      await assert.rejects(trackedChildView(t.db, viewer, LA, PROJECT, e), /not in the project/);
      await importCsv(WORKED_COHORT_CSV);
      assert.equal((await trackedChildView(t.db, viewer, LA, PROJECT, e)).notes.length, 0);
      await removeTrackedChildNote(t.db, actor, LA, PROJECT, a, { code: 'Hearing held', date: '2025-07-20' }, NOW);
      assert.equal((await trackedChildView(t.db, viewer, LA, PROJECT, a)).notes.length, 1);
      await assert.rejects(
        removeTrackedChildNote(t.db, actor, LA, PROJECT, a, { code: 'Hearing held', date: '2025-07-20' }, NOW),
        /not there/,
      );
      // Another council sees nothing of it.
      await assert.rejects(trackedChildView(t.db, systemActor('302'), LA, PROJECT, a), /may not act in council 301/);
    });
  });
}
