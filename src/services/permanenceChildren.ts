/**
 * Permanence trackers, child by child (issue 11): a council's own lists (reasons a child is out of
 * scope, note codes: added, renamed, retired; a retired item is no longer offered and stays on the
 * children that have it), a child's status (in scope, or out of scope with a reason: nobody types
 * "achieved", which is found in the returns) and coded notes (a code from the list and a date, so
 * that no name or free text is ever kept). Every change is checked for access and audited (the
 * audit names the project, never the child: no child-level data in the log).
 */
import { isoDateOf, parseDate, type IsoDate } from '../domain/dates.ts';
import {
  isMonthKey,
  isPlannedRoute,
  projectPeriods,
  type ChildProgress,
  type TrackedChild,
} from '../domain/permanence/tracker.ts';
import { DEFAULT_AGE_BANDS } from '../domain/ageBands.ts';
import { monthKey } from '../domain/dates.ts';
import { periodsOfCare } from '../domain/engine/periods.ts';
import { childrenInCareOn, type ChildInCare } from '../domain/permanence/picker.ts';
import { isTargetMeasure } from '../domain/permanence/targets.ts';
import { isPlacementCategory } from '../domain/placementCategories.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import type { Db } from '../store/database.ts';
import type { DbOrTrx } from '../store/caseData.repository.ts';
import {
  addTrackedChildren,
  deleteNote,
  deleteTarget,
  upsertTarget,
  listProjects,
  listTrackedChildren,
  findProject,
  findTrackedChild,
  insertListItems,
  insertNote,
  listItems,
  listNotes,
  renameListItem,
  setListItemRetired,
  updateChildStatus,
  type ListItemRow,
  type ListKind,
  type NoteRow,
} from '../store/permanence.repository.ts';
import { createAuditService } from './audit.ts';
import { ANALYST_ROLES, assertAccess, READ_ROLES, type Actor } from './access.ts';
import { NotFoundError, UserInputError } from './errors.ts';
import { activeLabels, checkProjectName, councilList, DEFAULT_LISTS, trackerView } from './permanence.ts';
import { lastDataDate } from './forecastParameters.ts';

export type { ListItemRow, ListKind, NoteRow };

export const LIST_KINDS: readonly ListKind[] = ['reason', 'note'];
export const LIST_NAMES: Readonly<Record<ListKind, string>> = {
  reason: 'reason a child is out of scope',
  note: 'note code',
};
export const MAX_LIST_LABEL = 60;
/** Most items one list may hold (retired ones included). */
export const MAX_LIST_ITEMS = 100;

export function isListKind(text: string): text is ListKind {
  return (LIST_KINDS as readonly string[]).includes(text);
}

export interface TrackerLists {
  readonly reasons: readonly ListItemRow[];
  readonly noteCodes: readonly ListItemRow[];
}

export async function trackerLists(db: Db, actor: Actor, laCode: string): Promise<TrackerLists> {
  assertAccess(actor, laCode, READ_ROLES);
  const [reasons, noteCodes] = await Promise.all([councilList(db, laCode, 'reason'), councilList(db, laCode, 'note')]);
  return { reasons, noteCodes };
}

function checkLabel(text: string, field: string, kind: ListKind): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t === '') throw new UserInputError(field, `Enter the ${LIST_NAMES[kind]}`);
  if (t.length > MAX_LIST_LABEL)
    throw new UserInputError(field, `A ${LIST_NAMES[kind]} must be ${MAX_LIST_LABEL} characters or fewer`);
  if ([...t].some((ch) => ch < ' ' || ch === '\u007f'))
    throw new UserInputError(field, `A ${LIST_NAMES[kind]} must be plain text`);
  return t;
}

function kindOf(text: string): ListKind {
  if (!isListKind(text)) throw new UserInputError('kind', 'Choose the list to change');
  return text;
}

/** Stores the default list first when the council has none of its own yet. */
async function ownList(db: DbOrTrx, laCode: string, kind: ListKind, now: string): Promise<ListItemRow[]> {
  const rows = await listItems(db, laCode, kind);
  if (rows.length > 0) return rows;
  await insertListItems(db, laCode, kind, DEFAULT_LISTS[kind], now);
  return listItems(db, laCode, kind);
}

const sameLabel = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export async function addListItem(
  db: Db,
  actor: Actor,
  laCode: string,
  input: { readonly kind: string; readonly label: string },
  now: Date,
): Promise<string> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const kind = kindOf(input.kind);
  const label = checkLabel(input.label, `label-${kind}`, kind);
  await db.transaction().execute(async (trx) => {
    const list = await ownList(trx, laCode, kind, now.toISOString());
    const clash = list.find((i) => sameLabel(i.label, label));
    if (clash)
      throw new UserInputError(
        `label-${kind}`,
        `“${clash.label}” is already in the list${clash.retired ? ' (retired: restore it instead)' : ''}`,
      );
    if (list.length >= MAX_LIST_ITEMS)
      throw new UserInputError(`label-${kind}`, `A list holds at most ${MAX_LIST_ITEMS} items, retired ones included`);
    await insertListItems(trx, laCode, kind, [label], now.toISOString());
  });
  await createAuditService(db, () => now).record(actor, 'tracker.list_item_added', { kind, label });
  return label;
}

/** Renames an item; children with it (reason) or notes with it (code) show the new name. */
export async function renameListItemFor(
  db: Db,
  actor: Actor,
  laCode: string,
  input: { readonly kind: string; readonly from: string; readonly to: string },
  now: Date,
): Promise<string> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const kind = kindOf(input.kind);
  const to = checkLabel(input.to, 'to', kind);
  await db.transaction().execute(async (trx) => {
    const list = await ownList(trx, laCode, kind, now.toISOString());
    const item = list.find((i) => i.label === input.from);
    if (!item) throw new UserInputError('to', `There is no ${LIST_NAMES[kind]} “${input.from.slice(0, 60)}” to rename`);
    const clash = list.find((i) => i !== item && sameLabel(i.label, to));
    if (clash) throw new UserInputError('to', `“${clash.label}” is already in the list`);
    if (item.label !== to) await renameListItem(trx, laCode, kind, item.label, to, now.toISOString());
  });
  await createAuditService(db, () => now).record(actor, 'tracker.list_item_renamed', { kind, from: input.from, to });
  return to;
}

/** Retires (no longer offered) or restores an item. */
export async function setListItemRetiredFor(
  db: Db,
  actor: Actor,
  laCode: string,
  input: { readonly kind: string; readonly label: string; readonly retired: boolean },
  now: Date,
): Promise<void> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const kind = kindOf(input.kind);
  await db.transaction().execute(async (trx) => {
    const list = await ownList(trx, laCode, kind, now.toISOString());
    const item = list.find((i) => i.label === input.label);
    if (!item) throw new UserInputError('kind', `There is no ${LIST_NAMES[kind]} “${input.label.slice(0, 60)}”`);
    if (input.retired && list.filter((i) => !i.retired && i !== item).length === 0)
      throw new UserInputError('kind', `Keep at least one ${LIST_NAMES[kind]} in use`);
    await setListItemRetired(trx, laCode, kind, item.label, input.retired, now.toISOString());
  });
  await createAuditService(db, () => now).record(
    actor,
    input.retired ? 'tracker.list_item_retired' : 'tracker.list_item_restored',
    { kind, label: input.label },
  );
}

export interface TrackedChildView {
  readonly project: string;
  readonly trackedFrom: IsoDate;
  readonly asAt: IsoDate;
  readonly child: ChildProgress;
  readonly notes: readonly NoteRow[];
  /** Reasons offered for this child: those in use, and the child's own even when retired. */
  readonly reasons: readonly string[];
  readonly noteCodes: readonly string[];
}

async function projectChild(db: Db, laCode: string, projectName: string, childId: string) {
  const project = await findProject(db, laCode, projectName);
  if (!project)
    throw new NotFoundError(`There is no tracker project called "${projectName.slice(0, 80)}" in ${laCode}`);
  const child = await findTrackedChild(db, laCode, project.name, childId);
  if (!child) throw new NotFoundError(`That child is not in the project ${project.name}`);
  return { project, child };
}

/** One child of a project: where they stand from the returns, their status and notes. */
export async function trackedChildView(
  db: Db,
  actor: Actor,
  laCode: string,
  projectName: string,
  childId: string,
): Promise<TrackedChildView> {
  assertAccess(actor, laCode, READ_ROLES);
  const { project, child } = await projectChild(db, laCode, projectName, childId);
  const [view, notes, reasons, noteCodes] = await Promise.all([
    trackerView(db, actor, laCode, project.name),
    listNotes(db, laCode, project.name, childId),
    activeLabels(db, laCode, 'reason'),
    activeLabels(db, laCode, 'note'),
  ]);
  const progress = view.report.children.find((c) => c.childId === child.childId);
  if (!progress) throw new NotFoundError(`That child is not in the project ${project.name}`);
  return {
    project: project.name,
    trackedFrom: view.report.trackedFrom,
    asAt: view.report.asAt,
    child: progress,
    notes,
    reasons: child.reason !== null && !reasons.includes(child.reason) ? [...reasons, child.reason] : reasons,
    noteCodes,
  };
}

/**
 * Puts a child in or out of scope. Out of scope needs a reason from the council's list (or the
 * child's own, even if retired since); "achieved" is refused: it is found in the returns.
 */
export async function setTrackedChildStatus(
  db: Db,
  actor: Actor,
  laCode: string,
  projectName: string,
  childId: string,
  input: { readonly status: string; readonly reason: string },
  now: Date,
): Promise<void> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const { project, child } = await projectChild(db, laCode, projectName, childId);
  let reason: string | null = null;
  if (input.status === 'achieved')
    throw new UserInputError(
      'status',
      'A child is achieved when the returns show them leaving care by the planned route; it cannot be set here',
    );
  if (input.status !== 'in_scope' && input.status !== 'out_of_scope')
    throw new UserInputError('status', 'Choose in scope or out of scope');
  if (input.status === 'out_of_scope') {
    const offered = await activeLabels(db, laCode, 'reason');
    if (child.reason !== null) offered.push(child.reason);
    const r = offered.find((x) => x === input.reason.trim());
    if (r === undefined) throw new UserInputError('reason', 'Choose why the child is out of scope');
    reason = r;
  }
  await updateChildStatus(db, laCode, project.name, child.childId, input.status, reason, now.toISOString());
  await createAuditService(db, () => now).record(actor, 'tracker.child_status_set', {
    project: project.name,
    status: input.status,
    reason,
  });
}

/** Adds a coded note: a code from the council's list and the date it happened (not in the future). */
export async function addTrackedChildNote(
  db: Db,
  actor: Actor,
  laCode: string,
  projectName: string,
  childId: string,
  input: { readonly code: string; readonly date: string },
  now: Date,
): Promise<void> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const { project, child } = await projectChild(db, laCode, projectName, childId);
  const codes = await activeLabels(db, laCode, 'note');
  const code = codes.find((c) => c === input.code.trim());
  if (code === undefined) throw new UserInputError('code', 'Choose a note code');
  const date = parseDate(input.date.trim());
  if (date === null) throw new UserInputError('date', 'Enter the note’s date as YYYY-MM-DD, for example 2026-04-15');
  if (date > isoDateOf(now)) throw new UserInputError('date', 'A note’s date must be today or earlier');
  if (date < '2000-01-01') throw new UserInputError('date', 'A note’s date must be in 2000 or later');
  const added = await insertNote(
    db,
    laCode,
    project.name,
    { childId: child.childId, code, date, addedBy: actor.name },
    now.toISOString(),
  );
  if (!added) throw new UserInputError('code', `The child already has “${code}” on ${date}`);
  await createAuditService(db, () => now).record(actor, 'tracker.note_added', {
    project: project.name,
    code,
    date,
  });
}

export async function removeTrackedChildNote(
  db: Db,
  actor: Actor,
  laCode: string,
  projectName: string,
  childId: string,
  input: { readonly code: string; readonly date: string },
  now: Date,
): Promise<void> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const { project, child } = await projectChild(db, laCode, projectName, childId);
  const removed = await deleteNote(db, laCode, project.name, { childId: child.childId, ...input }, now.toISOString());
  if (!removed) throw new NotFoundError('That note is not there (removed already?)');
  await createAuditService(db, () => now).record(actor, 'tracker.note_removed', {
    project: project.name,
    code: input.code,
    date: input.date,
  });
}

export interface PickerFilters {
  /** A placement category key, or blank for all. */
  readonly category: string;
  /** An age band key, or blank for all. */
  readonly ageBand: string;
}

export interface PickerView {
  /** The latest date in the returns: children looked after on it are listed. */
  readonly asAt: IsoDate | null;
  /** Every child in care on asAt, before the filters. */
  readonly total: number;
  readonly children: readonly ChildInCare[];
  /** The council's projects, for the form. */
  readonly projects: readonly string[];
}

/** Children looked after on the latest date in the returns, filtered by category and age band. */
export async function pickerView(db: Db, actor: Actor, laCode: string, filters: PickerFilters): Promise<PickerView> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  if (filters.category !== '' && !isPlacementCategory(filters.category))
    throw new UserInputError('category', 'Choose a placement category from the list');
  if (filters.ageBand !== '' && !DEFAULT_AGE_BANDS.some((b) => b.key === filters.ageBand))
    throw new UserInputError('ageBand', 'Choose an age band from the list');
  const [data, projects] = await Promise.all([loadCaseData(db, laCode), listProjects(db, laCode)]);
  const asAt = lastDataDate(data);
  const all = asAt === null ? [] : childrenInCareOn(periodsOfCare(data).periods, asAt);
  return {
    asAt,
    total: all.length,
    children: all.filter(
      (c) =>
        (filters.category === '' || c.category === filters.category) &&
        (filters.ageBand === '' || c.ageBand === filters.ageBand),
    ),
    projects: projects.map((p) => p.name),
  };
}

/** Most children added from the picker at once (a large council has about 2,000 in care). */
export const MAX_PICKED_CHILDREN = 3000;

export interface PickedChildren {
  readonly project: string;
  /** Pseudonyms, as the picker lists them. */
  readonly childIds: readonly string[];
  readonly plannedRoute: string;
  readonly plannedMonth: string;
}

/**
 * Adds the children picked to a project (created, starting on the latest date in the returns, when
 * new), all with one planned route and month, all or none: every child must be looked after on the
 * project's start and not in it already, and the month may not be before the start.
 */
export async function addPickedChildren(
  db: Db,
  actor: Actor,
  laCode: string,
  picked: PickedChildren,
  now: Date,
): Promise<{ project: string; added: number; created: boolean }> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const project = checkProjectName(picked.project);
  const ids = [...new Set(picked.childIds.map((c) => c.trim()).filter((c) => c !== ''))];
  if (ids.length === 0) throw new UserInputError('children', 'Select at least one child');
  if (ids.length > MAX_PICKED_CHILDREN)
    throw new UserInputError(
      'children',
      `Select at most ${MAX_PICKED_CHILDREN.toLocaleString('en-GB')} children at once`,
    );
  if (!isPlannedRoute(picked.plannedRoute)) throw new UserInputError('plannedRoute', 'Choose a planned route');
  const month = picked.plannedMonth.trim();
  if (!isMonthKey(month))
    throw new UserInputError('plannedMonth', 'Enter the planned month as YYYY-MM, for example 2027-03');
  const data = await loadCaseData(db, laCode);
  const asAt = lastDataDate(data);
  if (asAt === null)
    throw new NotFoundError(`No returns have been imported for ${laCode}`, 'Import the 903 returns first.');
  const existing = await findProject(db, laCode, project);
  const trackedFrom = existing?.trackedFrom ?? asAt;
  if (month < monthKey(trackedFrom))
    throw new UserInputError(
      'plannedMonth',
      `The planned month ${month} is before the project’s start (${trackedFrom}), in the past of the data; plan ${monthKey(trackedFrom)} or later`,
    );
  const inCare = projectPeriods(periodsOfCare(data).periods, trackedFrom);
  const notInCare = ids.filter((id) => !inCare.has(id));
  if (notInCare.length > 0)
    throw new UserInputError(
      'children',
      `${notInCare.length === 1 ? '1 child selected was' : `${notInCare.length} children selected were`} not looked after on ${trackedFrom}, the project’s start: ${notInCare.slice(0, 20).join(', ')}${notInCare.length > 20 ? ` and ${notInCare.length - 20} more` : ''}`,
    );
  if (existing) {
    const already = new Set((await listTrackedChildren(db, laCode, project)).map((c) => c.childId));
    const twice = ids.filter((id) => already.has(id));
    if (twice.length > 0)
      throw new UserInputError(
        'children',
        `${twice.length === 1 ? '1 child selected is' : `${twice.length} children selected are`} already in ${project}: ${twice.slice(0, 20).join(', ')}${twice.length > 20 ? ` and ${twice.length - 20} more` : ''}`,
      );
  }
  const children: TrackedChild[] = ids.map((childId) => ({
    childId,
    plannedRoute: picked.plannedRoute as TrackedChild['plannedRoute'],
    plannedMonth: month,
    status: 'in_scope',
    reason: null,
  }));
  await db
    .transaction()
    .execute((trx) => addTrackedChildren(trx, laCode, { name: project, trackedFrom }, children, now.toISOString()));
  await createAuditService(db, () => now).record(actor, 'tracker.children_picked', {
    project,
    trackedFrom,
    children: children.length,
    plannedRoute: picked.plannedRoute,
    plannedMonth: month,
    created: existing === null,
  });
  return { project, added: children.length, created: existing === null };
}

/**
 * States a target for a project (replacing the same measure and month): a whole number of
 * children, for a month from the project's start.
 */
export async function setProjectTarget(
  db: Db,
  actor: Actor,
  laCode: string,
  projectName: string,
  input: { readonly measure: string; readonly month: string; readonly value: string },
  now: Date,
): Promise<{ replaced: boolean }> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const project = await findProject(db, laCode, projectName);
  if (!project)
    throw new NotFoundError(`There is no tracker project called "${projectName.slice(0, 80)}" in ${laCode}`);
  if (!isTargetMeasure(input.measure)) throw new UserInputError('measure', 'Choose what the target counts');
  const month = input.month.trim();
  if (!isMonthKey(month)) throw new UserInputError('month', 'Enter the month as YYYY-MM, for example 2027-03');
  const first = monthKey(project.trackedFrom);
  if (month < first) throw new UserInputError('month', `The month must be the project’s first (${first}) or later`);
  const text = input.value.trim().replace(/,/g, '');
  if (!/^\d{1,6}$/.test(text))
    throw new UserInputError('value', 'Enter the target as a whole number of children, 0 or more');
  const value = Number(text);
  const replaced = await upsertTarget(
    db,
    laCode,
    project.name,
    { measure: input.measure, month, value },
    now.toISOString(),
  );
  await createAuditService(db, () => now).record(actor, 'tracker.target_set', {
    project: project.name,
    measure: input.measure,
    month,
    value,
    replaced,
  });
  return { replaced };
}

export async function removeProjectTarget(
  db: Db,
  actor: Actor,
  laCode: string,
  projectName: string,
  input: { readonly measure: string; readonly month: string },
  now: Date,
): Promise<void> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const project = await findProject(db, laCode, projectName);
  if (!project)
    throw new NotFoundError(`There is no tracker project called "${projectName.slice(0, 80)}" in ${laCode}`);
  if (!(await deleteTarget(db, laCode, project.name, input)))
    throw new NotFoundError('That target is not there (removed already?)');
  await createAuditService(db, () => now).record(actor, 'tracker.target_removed', {
    project: project.name,
    measure: input.measure,
    month: input.month,
  });
}

/** The child-by-child use cases as the web holds them. */
export function createTrackedChildrenService(db: Db, now: () => Date) {
  return {
    lists: (actor: Actor, laCode: string) => trackerLists(db, actor, laCode),
    setTarget: (
      actor: Actor,
      laCode: string,
      project: string,
      input: { measure: string; month: string; value: string },
    ) => setProjectTarget(db, actor, laCode, project, input, now()),
    removeTarget: (actor: Actor, laCode: string, project: string, input: { measure: string; month: string }) =>
      removeProjectTarget(db, actor, laCode, project, input, now()),
    picker: (actor: Actor, laCode: string, filters: PickerFilters) => pickerView(db, actor, laCode, filters),
    addPicked: (actor: Actor, laCode: string, picked: PickedChildren) =>
      addPickedChildren(db, actor, laCode, picked, now()),
    addListItem: (actor: Actor, laCode: string, input: { kind: string; label: string }) =>
      addListItem(db, actor, laCode, input, now()),
    renameListItem: (actor: Actor, laCode: string, input: { kind: string; from: string; to: string }) =>
      renameListItemFor(db, actor, laCode, input, now()),
    setListItemRetired: (actor: Actor, laCode: string, input: { kind: string; label: string; retired: boolean }) =>
      setListItemRetiredFor(db, actor, laCode, input, now()),
    child: (actor: Actor, laCode: string, project: string, childId: string) =>
      trackedChildView(db, actor, laCode, project, childId),
    setStatus: (
      actor: Actor,
      laCode: string,
      project: string,
      childId: string,
      input: { status: string; reason: string },
    ) => setTrackedChildStatus(db, actor, laCode, project, childId, input, now()),
    addNote: (actor: Actor, laCode: string, project: string, childId: string, input: { code: string; date: string }) =>
      addTrackedChildNote(db, actor, laCode, project, childId, input, now()),
    removeNote: (
      actor: Actor,
      laCode: string,
      project: string,
      childId: string,
      input: { code: string; date: string },
    ) => removeTrackedChildNote(db, actor, laCode, project, childId, input, now()),
  };
}

export type TrackedChildrenService = ReturnType<typeof createTrackedChildrenService>;
