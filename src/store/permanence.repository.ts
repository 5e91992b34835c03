/** Permanence trackers: all the SQL. Every query filters on `la_code`. */
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
  for (let i = 0; i < children.length; i += 500) {
    await db
      .insertInto('permanence_children')
      .values(
        children.slice(i, i + 500).map((c) => ({
          la_code: laCode,
          project: project.name,
          child_id: c.childId,
          planned_route: c.plannedRoute,
          planned_month: c.plannedMonth,
          status: c.status,
          reason: c.reason,
        })),
      )
      .execute();
  }
}

/** Removes a project and its cohort; whether there was one. */
export async function deleteProject(db: DbOrTrx, laCode: string, name: string): Promise<boolean> {
  await db.deleteFrom('permanence_children').where('la_code', '=', laCode).where('project', '=', name).execute();
  const r = await db
    .deleteFrom('permanence_projects')
    .where('la_code', '=', laCode)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
