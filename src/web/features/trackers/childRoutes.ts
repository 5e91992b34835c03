/**
 * Permanence, child by child (issue 11): a tracked child's page (where the returns show them, their
 * status and coded notes) and the council's lists of reasons and note codes. Changes are for
 * analysts and admins; every form carries the CSRF token (the app's csrfProtection checks it).
 */
import type { Request, RequestHandler, Router } from 'express';
import { paths } from '../../paths.ts';
import { actorOf, requireRole } from '../../middleware/auth.ts';
import { formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import { ANALYST_ROLES } from '../../../services/access.ts';
import { LIST_KINDS, type TrackedChildrenService } from '../../../services/permanenceChildren.ts';
import { PLANNED_ROUTE_LABELS } from '../../../domain/permanence/tracker.ts';
import { formatMonth } from '../../components/format.ts';
import { OUTCOME_LABELS } from './presenter.ts';

function bodyField(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

const param = (req: Request, name: string): string => String(req.params[name] ?? '');

const LIST_HEADINGS = {
  reason: { title: 'Reasons a child is out of scope', singular: 'reason' },
  note: { title: 'Note codes', singular: 'note code' },
} as const;

export function registerChildRoutes(router: Router, children: TrackedChildrenService): void {
  const change = requireRole('admin', 'analyst');
  const childPath = (req: Request) =>
    paths.trackers.child.build({ la: actorOf(req).laCode, project: param(req, 'project'), child: param(req, 'child') });
  const listsPath = (req: Request, anchor = '') =>
    `${paths.trackers.lists.build({ la: actorOf(req).laCode })}${anchor}`;

  const show: RequestHandler = async (req, res) => {
    const actor = actorOf(req);
    const view = await children.child(actor, actor.laCode, param(req, 'project'), param(req, 'child'));
    const c = view.child;
    const outcome =
      c.outcome === 'other_route' && c.exitRoute !== null
        ? `${OUTCOME_LABELS.other_route}: ${PLANNED_ROUTE_LABELS[c.exitRoute]}`
        : OUTCOME_LABELS[c.outcome];
    const la = actor.laCode;
    const ids = { la, project: view.project, child: c.childId };
    res.render('trackers/views/child.njk', {
      pageTitle: `Child ${c.childId}`,
      view,
      outcome,
      routeLabel: PLANNED_ROUTE_LABELS[c.plannedRoute],
      plannedMonthLabel: formatMonth(c.plannedMonth),
      canChange: ANALYST_ROLES.includes(actor.role),
      values: res.locals.flash.values ?? {},
      backHref: paths.trackers.show.build({ la, project: view.project }),
      statusAction: paths.trackers.childStatus.build(ids),
      notesAction: paths.trackers.childNotes.build(ids),
      removeAction: paths.trackers.removeNote.build(ids),
      listsHref: paths.trackers.lists.build({ la }),
    });
  };

  const postThenBack =
    (action: (req: Request) => Promise<string>, back: (req: Request) => string): RequestHandler =>
    async (req, res) => {
      try {
        setFlash(req, { success: await action(req) });
      } catch (err) {
        setFlash(req, { errors: inputErrors(err), values: formValues(req) });
      }
      res.redirect(back(req));
    };

  const setStatus = postThenBack(async (req) => {
    const actor = actorOf(req);
    const status = bodyField(req, 'status');
    await children.setStatus(actor, actor.laCode, param(req, 'project'), param(req, 'child'), {
      status,
      reason: bodyField(req, 'reason'),
    });
    return status === 'in_scope' ? 'The child is in scope.' : 'The child is out of scope.';
  }, childPath);

  const addNote = postThenBack(
    async (req) => {
      const actor = actorOf(req);
      await children.addNote(actor, actor.laCode, param(req, 'project'), param(req, 'child'), {
        code: bodyField(req, 'code'),
        date: bodyField(req, 'date'),
      });
      return 'Note added.';
    },
    (req) => `${childPath(req)}#notes`,
  );

  const removeNote = postThenBack(
    async (req) => {
      const actor = actorOf(req);
      await children.removeNote(actor, actor.laCode, param(req, 'project'), param(req, 'child'), {
        code: bodyField(req, 'code'),
        date: bodyField(req, 'date'),
      });
      return 'Note removed.';
    },
    (req) => `${childPath(req)}#notes`,
  );

  const lists: RequestHandler = async (req, res) => {
    const actor = actorOf(req);
    const l = await children.lists(actor, actor.laCode);
    res.render('trackers/views/lists.njk', {
      pageTitle: 'Permanence lists',
      canChange: ANALYST_ROLES.includes(actor.role),
      values: res.locals.flash.values ?? {},
      backHref: paths.trackers.index.build({ la: actor.laCode }),
      lists: LIST_KINDS.map((kind) => ({
        kind,
        ...LIST_HEADINGS[kind],
        items: kind === 'reason' ? l.reasons : l.noteCodes,
      })),
      addAction: paths.trackers.addListItem.build({ la: actor.laCode }),
      renameAction: paths.trackers.renameListItem.build({ la: actor.laCode }),
      retireAction: paths.trackers.retireListItem.build({ la: actor.laCode }),
    });
  };

  const kindAnchor = (req: Request) => listsPath(req, `#list-${bodyField(req, 'kind') === 'note' ? 'note' : 'reason'}`);

  const addItem = postThenBack(async (req) => {
    const actor = actorOf(req);
    const label = await children.addListItem(actor, actor.laCode, {
      kind: bodyField(req, 'kind'),
      label: bodyField(req, `label-${bodyField(req, 'kind')}`),
    });
    return `Added “${label}”.`;
  }, kindAnchor);

  const renameItem = postThenBack(async (req) => {
    const actor = actorOf(req);
    const to = await children.renameListItem(actor, actor.laCode, {
      kind: bodyField(req, 'kind'),
      from: bodyField(req, 'from'),
      to: bodyField(req, 'to'),
    });
    return `Renamed “${bodyField(req, 'from')}” to “${to}”.`;
  }, kindAnchor);

  const retireItem = postThenBack(async (req) => {
    const actor = actorOf(req);
    const retired = bodyField(req, 'retired') === 'true';
    await children.setListItemRetired(actor, actor.laCode, {
      kind: bodyField(req, 'kind'),
      label: bodyField(req, 'label'),
      retired,
    });
    return `${retired ? 'Retired' : 'Restored'} “${bodyField(req, 'label')}”.`;
  }, kindAnchor);

  router.get(paths.trackers.lists.pattern, lists);
  router.post(paths.trackers.addListItem.pattern, change, addItem);
  router.post(paths.trackers.renameListItem.pattern, change, renameItem);
  router.post(paths.trackers.retireListItem.pattern, change, retireItem);
  router.get(paths.trackers.child.pattern, show);
  router.post(paths.trackers.childStatus.pattern, change, setStatus);
  router.post(paths.trackers.childNotes.pattern, change, addNote);
  router.post(paths.trackers.removeNote.pattern, change, removeNote);
}
