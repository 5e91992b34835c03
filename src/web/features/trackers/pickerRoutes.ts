/**
 * Picking a project's children in the web (issue 11): the children looked after on the latest
 * date in the returns, by pseudonym, age band, placement category and time in care, filtered by
 * a GET form (no JavaScript needed), ticked and added to a project with one planned route and
 * month. Analysts and admins only. A refused choice is answered on the page itself (200, as the browser shows a form; not a redirect) so that
 * the children ticked stay ticked.
 */
import type { Request, Response, Router } from 'express';
import { paths } from '../../paths.ts';
import { actorOf, requireRole } from '../../middleware/auth.ts';
import { inputErrors, setFlash } from '../../middleware/flash.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import type { DataTable } from '../../components/tables.ts';
import type { FormErrors } from '../../types.ts';
import { DEFAULT_AGE_BANDS } from '../../../domain/ageBands.ts';
import { timeInCareLabel } from '../../../domain/permanence/picker.ts';
import { PLANNED_ROUTE_LABELS, PLANNED_ROUTES } from '../../../domain/permanence/tracker.ts';
import { PLACEMENT_CATEGORIES } from '../../../domain/placementCategories.ts';
import { UserInputError } from '../../../services/errors.ts';
import type { PickerView, TrackedChildrenService } from '../../../services/permanenceChildren.ts';
import { categoryLabel } from './presenter.ts';

const AGE_BAND_LABELS = new Map(DEFAULT_AGE_BANDS.map((b) => [b.key, b.label]));

function field(source: unknown, name: string): string {
  const v = (source as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
}

/** The children listed, as the page and the Excel download show them. */
export function pickerTable(view: PickerView): DataTable {
  return {
    caption: 'Children in care',
    sheetName: 'Children in care',
    columns: [
      { header: 'Child (pseudonym)' },
      { header: 'Age band' },
      { header: 'Placement category' },
      { header: 'In care since', format: 'date' },
      { header: 'Time in care' },
    ],
    rows: view.children.map((c) => [
      c.childId,
      AGE_BAND_LABELS.get(c.ageBand) ?? c.ageBand,
      categoryLabel(c.category),
      c.periodStart,
      timeInCareLabel(c.monthsInCare),
    ]),
  };
}

export function registerPickerRoutes(router: Router, children: TrackedChildrenService): void {
  const change = requireRole('admin', 'analyst');

  const render = async (
    req: Request,
    res: Response,
    filters: { category: string; ageBand: string },
    form: { status: number; errors?: FormErrors; values?: Record<string, string>; ticked?: ReadonlySet<string> },
  ) => {
    const actor = actorOf(req);
    let filterError: FormErrors | undefined;
    let view: PickerView;
    try {
      view = await children.picker(actor, actor.laCode, filters);
    } catch (err) {
      filterError = inputErrors(err);
      filters = { category: '', ageBand: '' };
      view = await children.picker(actor, actor.laCode, filters);
    }
    if (wantsXlsx(req))
      return sendXlsx(res, `forecare-permanence-children-${actor.laCode}`, [pickerTable(view)], {
        title: 'Children in care',
        council: res.locals.council?.name,
      });
    const errors = form.errors ?? filterError;
    if (errors) res.locals.flash = { ...res.locals.flash, errors };
    const ticked = form.ticked ?? new Set<string>();
    const table = pickerTable(view);
    res.status(form.status).render('trackers/views/pick.njk', {
      pageTitle: 'Pick children for a project',
      view,
      filters,
      values: form.values ?? {},
      rows: view.children.map((c, i) => ({
        id: `child-${i + 1}`,
        childId: c.childId,
        ticked: ticked.has(c.childId),
        cells: (table.rows[i] ?? []).slice(1),
      })),
      categoryItems: [
        { value: '', text: 'All categories' },
        ...PLACEMENT_CATEGORIES.map((c) => ({ value: c, text: categoryLabel(c), selected: filters.category === c })),
      ],
      ageBandItems: [
        { value: '', text: 'All ages' },
        ...DEFAULT_AGE_BANDS.map((b) => ({ value: b.key, text: b.label, selected: filters.ageBand === b.key })),
      ],
      routeItems: [
        { value: '', text: 'Choose a route' },
        ...PLANNED_ROUTES.map((r) => ({
          value: r,
          text: PLANNED_ROUTE_LABELS[r],
          selected: form.values?.plannedRoute === r,
        })),
      ],
      backHref: paths.trackers.index.build({ la: actor.laCode }),
      action: paths.trackers.pick.build({ la: actor.laCode }),
      xlsxHref: paths.trackers.pick.build(
        { la: actor.laCode },
        { category: filters.category, ageBand: filters.ageBand, format: 'xlsx' },
      ),
    });
  };

  router.get(paths.trackers.pick.pattern, change, async (req, res) => {
    await render(
      req,
      res,
      { category: field(req.query, 'category'), ageBand: field(req.query, 'ageBand') },
      { status: 200 },
    );
  });

  router.post(paths.trackers.pick.pattern, change, async (req, res) => {
    const actor = actorOf(req);
    const body = req.body as Record<string, unknown> | undefined;
    const raw = body?.child;
    const childIds = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    const values = {
      project: field(body, 'project'),
      plannedRoute: field(body, 'plannedRoute'),
      plannedMonth: field(body, 'plannedMonth'),
    };
    try {
      const r = await children.addPicked(actor, actor.laCode, { ...values, childIds });
      setFlash(req, {
        success: `Added ${r.added.toLocaleString('en-GB')} ${r.added === 1 ? 'child' : 'children'} to ${r.project}${r.created ? ' (a new project)' : ''}.`,
      });
      return res.redirect(paths.trackers.show.build({ la: actor.laCode, project: r.project }));
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
      await render(
        req,
        res,
        { category: field(body, 'category'), ageBand: field(body, 'ageBand') },
        { status: 200, errors: inputErrors(err), values, ticked: new Set(childIds) },
      );
    }
  });
}
