/** Permanence trackers: all the SQL. Every query filters on `la_code`. */
import type { ProjectTarget, TargetMeasure } from '../domain/permanence/targets.ts';
import type { PlannedRoute, TrackedChild, TrackerStatus } from '../domain/permanence/tracker.ts';
import type { DbOrTrx } from './caseData.repository.ts';

export interface ProjectRow {
  readonly name: string;
  readonly trackedFrom: string;
  readonly updatedAt: string;
  readonly children: number;
}

/** The council's projects, by name, with the size of each cohort. */
export async function listProjects(db: DbOrTrx, laCode: string): Promise<ProjectRow[]> {
  const rows = await db
    .selectFrom('permanence_projects as p')
    .leftJoin('permanence_children as c', (j) =>
      j.onRef('c.la_code', '=', 'p.la_code').onRef('c.project', '=', 'p.name'),
    )
    .select(['p.name', 'p.tracked_from', 'p.updated_at'])
    .select((eb) => eb.fn.count<number | string>('c.child_id').as('children'))
    .where('p.la_code', '=', laCode)
    .groupBy(['p.name', 'p.tracked_from', 'p.updated_at'])
    .orderBy('p.name')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    trackedFrom: r.tracked_from,
    updatedAt: r.updated_at,
    children: Number(r.children),
  }));
}

export async function findProject(
  db: DbOrTrx,
  laCode: string,
  name: string,
): Promise<{ name: string; trackedFrom: string; updatedAt: string } | null> {
  const r = await db
    .selectFrom('permanence_projects')
    .select(['name', 'tracked_from', 'updated_at'])
    .where('la_code', '=', laCode)
    .where('name', '=', name)
    .executeTakeFirst();
  return r ? { name: r.name, trackedFrom: r.tracked_from, updatedAt: r.updated_at } : null;
}

/** The project's cohort, by planned month then pseudonym. */
export async function listTrackedChildren(db: DbOrTrx, laCode: string, project: string): Promise<TrackedChild[]> {
  const rows = await db
    .selectFrom('permanence_children')
    .select(['child_id', 'planned_route', 'planned_month', 'status', 'reason'])
    .where('la_code', '=', laCode)
    .where('project', '=', project)
    .orderBy('planned_month')
    .orderBy('child_id')
    .execute();
  return rows.map((r) => ({
    childId: r.child_id,
    plannedRoute: r.planned_route as PlannedRoute,
    plannedMonth: r.planned_month,
    status: r.status as TrackerStatus,
    reason: r.reason,
  }));
}

/**
 * Creates the project or replaces its start and whole cohort (call inside a transaction: one
 * change).
 */
export async function replaceProject(
  db: DbOrTrx,
  laCode: string,
  project: { readonly name: string; readonly trackedFrom: string },
  children: readonly TrackedChild[],
  now: string,
): Promise<void> {
  await db
    .insertInto('permanence_projects')
    .values({ la_code: laCode, name: project.name, tracked_from: project.trackedFrom, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['la_code', 'name']).doUpdateSet({ tracked_from: project.trackedFrom, updated_at: now }),
    )
    .execute();
  await db
    .deleteFrom('permanence_children')
    .where('la_code', '=', laCode)
    .where('project', '=', project.name)
    .execute();
  // Notes stay with the children still in the cohort; those of children taken off it go.
  const kept = new Set(children.map((c) => c.childId));
  const noted = await db
    .selectFrom('permanence_notes')
    .select('child_id')
    .distinct()
    .where('la_code', '=', laCode)
    .where('project', '=', project.name)
    .execute();
  const gone = noted.map((n) => n.child_id).filter((id) => !kept.has(id));
  for (let i = 0; i < gone.length; i += 500)
    await db
      .deleteFrom('permanence_notes')
      .where('la_code', '=', laCode)
      .where('project', '=', project.name)
      .where('child_id', 'in', gone.slice(i, i + 500))
      .execute();
  await insertCohort(db, laCode, project.name, children);
}

/** Removes a project and its cohort; whether there was one. */
export async function deleteProject(db: DbOrTrx, laCode: string, name: string): Promise<boolean> {
  await db.deleteFrom('permanence_notes').where('la_code', '=', laCode).where('project', '=', name).execute();
  await db.deleteFrom('permanence_targets').where('la_code', '=', laCode).where('project', '=', name).execute();
  await db.deleteFrom('permanence_children').where('la_code', '=', laCode).where('project', '=', name).execute();
  const r = await db
    .deleteFrom('permanence_projects')
    .where('la_code', '=', laCode)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export type ListKind = 'reason' | 'note';

export interface ListItemRow {
  readonly label: string;
  readonly retired: boolean;
}

/** The council's list of `kind`, in the order added (empty when it never kept one). */
export async function listItems(db: DbOrTrx, laCode: string, kind: ListKind): Promise<ListItemRow[]> {
  const rows = await db
    .selectFrom('permanence_lists')
    .select(['label', 'retired'])
    .where('la_code', '=', laCode)
    .where('kind', '=', kind)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ label: r.label, retired: Number(r.retired) === 1 }));
}

/** Adds items at the end of the list, in the order given. */
export async function insertListItems(
  db: DbOrTrx,
  laCode: string,
  kind: ListKind,
  labels: readonly string[],
  now: string,
): Promise<void> {
  if (labels.length === 0) return;
  const last = await db
    .selectFrom('permanence_lists')
    .select((eb) => eb.fn.max<number | string | null>('position').as('max'))
    .where('la_code', '=', laCode)
    .where('kind', '=', kind)
    .executeTakeFirst();
  const start = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;
  await db
    .insertInto('permanence_lists')
    .values(
      labels.map((label, i) => ({ la_code: laCode, kind, label, position: start + i, retired: 0, updated_at: now })),
    )
    .execute();
}

/**
 * Renames an item and every use of it (children's reasons or notes' codes), as one change when
 * called in a transaction.
 */
export async function renameListItem(
  db: DbOrTrx,
  laCode: string,
  kind: ListKind,
  from: string,
  to: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('permanence_lists')
    .set({ label: to, updated_at: now })
    .where('la_code', '=', laCode)
    .where('kind', '=', kind)
    .where('label', '=', from)
    .execute();
  if (kind === 'reason')
    await db
      .updateTable('permanence_children')
      .set({ reason: to })
      .where('la_code', '=', laCode)
      .where('reason', '=', from)
      .execute();
  else
    await db
      .updateTable('permanence_notes')
      .set({ code: to })
      .where('la_code', '=', laCode)
      .where('code', '=', from)
      .execute();
}

export async function setListItemRetired(
  db: DbOrTrx,
  laCode: string,
  kind: ListKind,
  label: string,
  retired: boolean,
  now: string,
): Promise<void> {
  await db
    .updateTable('permanence_lists')
    .set({ retired: retired ? 1 : 0, updated_at: now })
    .where('la_code', '=', laCode)
    .where('kind', '=', kind)
    .where('label', '=', label)
    .execute();
}

/** One child of a project, or null. */
export async function findTrackedChild(
  db: DbOrTrx,
  laCode: string,
  project: string,
  childId: string,
): Promise<TrackedChild | null> {
  const r = await db
    .selectFrom('permanence_children')
    .select(['child_id', 'planned_route', 'planned_month', 'status', 'reason'])
    .where('la_code', '=', laCode)
    .where('project', '=', project)
    .where('child_id', '=', childId)
    .executeTakeFirst();
  return r
    ? {
        childId: r.child_id,
        plannedRoute: r.planned_route as PlannedRoute,
        plannedMonth: r.planned_month,
        status: r.status as TrackerStatus,
        reason: r.reason,
      }
    : null;
}

export async function updateChildStatus(
  db: DbOrTrx,
  laCode: string,
  project: string,
  childId: string,
  status: TrackerStatus,
  reason: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('permanence_children')
    .set({ status, reason })
    .where('la_code', '=', laCode)
    .where('project', '=', project)
    .where('child_id', '=', childId)
    .execute();
  await touchProject(db, laCode, project, now);
}

async function touchProject(db: DbOrTrx, laCode: string, project: string, now: string): Promise<void> {
  await db
    .updateTable('permanence_projects')
    .set({ updated_at: now })
    .where('la_code', '=', laCode)
    .where('name', '=', project)
    .execute();
}

export interface NoteRow {
  readonly childId: string;
  readonly code: string;
  readonly date: string;
  readonly addedAt: string;
  readonly addedBy: string;
}

/** A project's notes (one child's when `childId` is given), newest date first. */
export async function listNotes(db: DbOrTrx, laCode: string, project: string, childId?: string): Promise<NoteRow[]> {
  let q = db
    .selectFrom('permanence_notes')
    .select(['child_id', 'code', 'note_date', 'added_at', 'added_by'])
    .where('la_code', '=', laCode)
    .where('project', '=', project);
  if (childId !== undefined) q = q.where('child_id', '=', childId);
  const rows = await q.orderBy('note_date', 'desc').orderBy('code').execute();
  return rows.map((r) => ({
    childId: r.child_id,
    code: r.code,
    date: r.note_date,
    addedAt: r.added_at,
    addedBy: r.added_by,
  }));
}

/** Adds a note; false when the child already has this code on this date. */
export async function insertNote(
  db: DbOrTrx,
  laCode: string,
  project: string,
  note: { readonly childId: string; readonly code: string; readonly date: string; readonly addedBy: string },
  now: string,
): Promise<boolean> {
  const r = await db
    .insertInto('permanence_notes')
    .values({
      la_code: laCode,
      project,
      child_id: note.childId,
      code: note.code,
      note_date: note.date,
      added_at: now,
      added_by: note.addedBy,
    })
    .onConflict((oc) => oc.columns(['la_code', 'project', 'child_id', 'code', 'note_date']).doNothing())
    .executeTakeFirst();
  const added = Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  if (added) await touchProject(db, laCode, project, now);
  return added;
}

export async function deleteNote(
  db: DbOrTrx,
  laCode: string,
  project: string,
  note: { readonly childId: string; readonly code: string; readonly date: string },
  now: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('permanence_notes')
    .where('la_code', '=', laCode)
    .where('project', '=', project)
    .where('child_id', '=', note.childId)
    .where('code', '=', note.code)
    .where('note_date', '=', note.date)
    .executeTakeFirst();
  const removed = Number(r.numDeletedRows) > 0;
  if (removed) await touchProject(db, laCode, project, now);
  return removed;
}

/** Adds children to a project, creating it with `trackedFrom` when new (call inside a transaction). */
export async function addTrackedChildren(
  db: DbOrTrx,
  laCode: string,
  project: { readonly name: string; readonly trackedFrom: string },
  children: readonly TrackedChild[],
  now: string,
): Promise<void> {
  await db
    .insertInto('permanence_projects')
    .values({ la_code: laCode, name: project.name, tracked_from: project.trackedFrom, updated_at: now })
    .onConflict((oc) => oc.columns(['la_code', 'name']).doUpdateSet({ updated_at: now }))
    .execute();
  await insertCohort(db, laCode, project.name, children);
}

/** Stores a project's children (500 rows a statement). */
async function insertCohort(
  db: DbOrTrx,
  laCode: string,
  project: string,
  children: readonly TrackedChild[],
): Promise<void> {
  for (let i = 0; i < children.length; i += 500)
    await db
      .insertInto('permanence_children')
      .values(
        children.slice(i, i + 500).map((c) => ({
          la_code: laCode,
          project,
          child_id: c.childId,
          planned_route: c.plannedRoute,
          planned_month: c.plannedMonth,
          status: c.status,
          reason: c.reason,
        })),
      )
      .execute();
}

/** A project's stated targets, by month then measure. */
export async function listTargets(db: DbOrTrx, laCode: string, project: string): Promise<ProjectTarget[]> {
  const rows = await db
    .selectFrom('permanence_targets')
    .select(['measure', 'month', 'value'])
    .where('la_code', '=', laCode)
    .where('project', '=', project)
    .orderBy('month')
    .orderBy('measure')
    .execute();
  return rows.map((r) => ({ measure: r.measure as TargetMeasure, month: r.month, value: Number(r.value) }));
}

/** Sets a target (replacing the same measure and month); whether one was replaced. */
export async function upsertTarget(
  db: DbOrTrx,
  laCode: string,
  project: string,
  target: ProjectTarget,
  now: string,
): Promise<boolean> {
  const existing = await db
    .selectFrom('permanence_targets')
    .select('value')
    .where('la_code', '=', laCode)
    .where('project', '=', project)
    .where('measure', '=', target.measure)
    .where('month', '=', target.month)
    .executeTakeFirst();
  await db
    .insertInto('permanence_targets')
    .values({
      la_code: laCode,
      project,
      measure: target.measure,
      month: target.month,
      value: target.value,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['la_code', 'project', 'measure', 'month']).doUpdateSet({ value: target.value, updated_at: now }),
    )
    .execute();
  return existing !== undefined;
}

export async function deleteTarget(
  db: DbOrTrx,
  laCode: string,
  project: string,
  target: { readonly measure: string; readonly month: string },
): Promise<boolean> {
  const r = await db
    .deleteFrom('permanence_targets')
    .where('la_code', '=', laCode)
    .where('project', '=', project)
    .where('measure', '=', target.measure)
    .where('month', '=', target.month)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
