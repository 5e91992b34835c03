/**
 * Scenarios: list, create, edit, copy, delete, adjustments of each kind (POST-redirect-GET with an
 * error summary), and the comparison with the baseline in a chart and a table.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { field } from '../../components/forms.ts';
import type { Services } from '../../composition.ts';
import type { PlatformOptions } from '../../types.ts';
import { figuresGate, type FiguresGate } from '../../components/figures.ts';
import { paths } from '../../paths.ts';
import { actorOf, intParam, param, requireRole } from '../../middleware/auth.ts';
import { HttpError } from '../../middleware/errors.ts';
import { formErrors, formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import type { ChartView } from '../../components/charts.ts';
import { ANALYST_ROLES } from '../../../services/access.ts';
import type { ScenarioComparison } from '../../../services/scenarios.ts';
import { describeAdjustment } from '../../../domain/scenarios/scenario.ts';
import { formatProblem, ScenarioValidationError } from '../../../domain/scenarios/validate.ts';
import { ScenarioFormError, type ScenariosService } from '../../../services/scenarios.service.ts';
import {
  FORM_KINDS,
  KIND_LABELS,
  adjustmentFromForm,
  formFromAdjustment,
  formItems,
  isKind,
} from './adjustmentForm.ts';
import {
  adjustmentsTable,
  comparisonCharts,
  comparisonTable,
  shareMoveSummary,
  shareMovesMonthTable,
  shareMovesYearTable,
} from './presenter.ts';

/** Form errors from a service error (a scenario form error carries every field). */
function errorsOf(err: unknown) {
  if (err instanceof ScenarioFormError) return formErrors(err.all);
  return inputErrors(err);
}

function scenariosController(scenarios: ScenariosService, figures: FiguresGate) {
  const charts = new WeakMap<ScenarioComparison, Promise<ChartView[]>>();

  async function load(req: Request) {
    const actor = actorOf(req);
    const name = param(req, 'name');
    const detail = await scenarios.get(actor, actor.laCode, name);
    if (!detail)
      throw new HttpError(404, 'Scenario not found', `${actorOf(req).laCode} has no scenario called “${name}”.`);
    return { actor, name, detail };
  }

  function back(res: Response, to: string) {
    res.redirect(to);
  }

  /**
   * Create, change or copy a scenario (POST-redirect-GET): when `save` succeeds, on to the saved
   * scenario's page with the message `success(its name)`; when it fails, back to `form` with the
   * errors and what was typed.
   */
  async function saveDetails(
    req: Request,
    res: Response,
    save: () => Promise<{ readonly name: string }>,
    success: (saved: string) => string,
    form: string,
  ): Promise<void> {
    const actor = actorOf(req);
    try {
      const s = await save();
      setFlash(req, { success: success(s.name) });
      back(res, paths.scenarios.show.build({ la: actor.laCode, name: s.name }));
    } catch (err) {
      setFlash(req, { errors: errorsOf(err), values: formValues(req) });
      back(res, form);
    }
  }

  return {
    list(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const list = await scenarios.list(actor, actor.laCode);
        res.render('scenarios/views/index.njk', {
          pageTitle: 'Scenarios',
          scenarios: list,
          canEdit: ANALYST_ROLES.includes(actor.role),
        });
      };
    },
    createForm(): RequestHandler {
      return (req, res) => {
        res.render('scenarios/views/details.njk', {
          pageTitle: 'Create a scenario',
          action: paths.scenarios.create.build({ la: actorOf(req).laCode }),
          values: res.locals.flash.values ?? {},
          button: 'Create scenario',
        });
      };
    },
    create(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        await saveDetails(
          req,
          res,
          () =>
            scenarios.create(actor, actor.laCode, { name: field(req, 'name'), description: field(req, 'description') }),
          (saved) => `Scenario “${saved}” created. Add its adjustments below.`,
          paths.scenarios.create.build({ la: actor.laCode }),
        );
      };
    },
    show(): RequestHandler {
      return async (req, res) => {
        const { actor, name, detail } = await load(req);
        res.render('scenarios/views/show.njk', {
          pageTitle: name,
          scenario: detail.scenario,
          updatedAt: detail.updatedAt,
          adjustments: detail.scenario.adjustments.map((a, i) => ({
            number: i + 1,
            kind: KIND_LABELS[a.kind].title,
            text: describeAdjustment(a, undefined, detail.cpPlanShare),
          })),
          warnings: detail.cpPlanProblem === undefined ? detail.warnings : [detail.cpPlanProblem, ...detail.warnings],
          kinds: FORM_KINDS.map((k) => ({
            value: k,
            text: KIND_LABELS[k].title,
            hint: { text: KIND_LABELS[k].hint },
          })),
          canEdit: ANALYST_ROLES.includes(actor.role),
        });
      };
    },
    editForm(): RequestHandler {
      return async (req, res) => {
        const { actor, name, detail } = await load(req);
        res.render('scenarios/views/details.njk', {
          pageTitle: `Change ${name}`,
          action: paths.scenarios.edit.build({ la: actor.laCode, name }),
          backHref: paths.scenarios.show.build({ la: actor.laCode, name }),
          values: res.locals.flash.values ?? { name, description: detail.scenario.description },
          button: 'Save changes',
        });
      };
    },
    edit(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const name = param(req, 'name');
        await saveDetails(
          req,
          res,
          () =>
            scenarios.update(actor, actor.laCode, name, {
              name: field(req, 'name'),
              description: field(req, 'description'),
            }),
          () => 'Scenario saved.',
          paths.scenarios.edit.build({ la: actor.laCode, name }),
        );
      };
    },
    copyForm(): RequestHandler {
      return async (req, res) => {
        const { actor, name } = await load(req);
        res.render('scenarios/views/copy.njk', {
          pageTitle: `Copy ${name}`,
          name,
          values: res.locals.flash.values ?? { name: `Copy of ${name}`.slice(0, 100) },
          action: paths.scenarios.copy.build({ la: actor.laCode, name }),
        });
      };
    },
    copy(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const name = param(req, 'name');
        await saveDetails(
          req,
          res,
          () => scenarios.copy(actor, actor.laCode, name, field(req, 'name')),
          (saved) => `Copied “${name}” to “${saved}”.`,
          paths.scenarios.copy.build({ la: actor.laCode, name }),
        );
      };
    },
    removeForm(): RequestHandler {
      return async (req, res) => {
        const { actor, name } = await load(req);
        res.render('scenarios/views/delete.njk', {
          pageTitle: `Delete ${name}`,
          name,
          action: paths.scenarios.remove.build({ la: actor.laCode, name }),
        });
      };
    },
    remove(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const name = param(req, 'name');
        const removed = await scenarios.remove(actor, actor.laCode, name);
        setFlash(req, {
          success: removed ? `Scenario “${name}” deleted.` : `Scenario “${name}” had already been deleted.`,
        });
        back(res, paths.scenarios.index.build({ la: actor.laCode }));
      };
    },
    adjustmentForm(): RequestHandler {
      return async (req, res) => {
        const { actor, name, detail } = await load(req);
        const numberText = (req.params as Record<string, string | undefined>).number;
        const index = numberText === undefined ? null : intParam(req, 'number') - 1;
        let kind: unknown = (req.query as Record<string, unknown>).kind;
        let stored: Record<string, string> | undefined;
        if (index !== null) {
          const a = (detail.plain.adjustments as Array<Record<string, unknown>>)[index];
          if (!a) throw new HttpError(404, 'Adjustment not found');
          kind = a.kind;
          stored = formFromAdjustment(a);
        }
        if (!isKind(kind)) {
          setFlash(req, { errors: formErrors({ kind: 'Select the kind of adjustment to add' }) });
          return back(res, `${paths.scenarios.show.build({ la: actor.laCode, name })}#add-adjustment`);
        }
        const values = res.locals.flash.values ?? stored ?? { rampMonths: '0' };
        res.render('scenarios/views/adjustment.njk', {
          pageTitle: `${index === null ? 'Add' : 'Change'} an adjustment: ${KIND_LABELS[kind].title.toLowerCase()}`,
          heading: KIND_LABELS[kind].title,
          hint: KIND_LABELS[kind].hint,
          kind,
          name,
          values,
          items: formItems(values),
          forecastStart: detail.forecastStart,
          action:
            index === null
              ? paths.scenarios.addAdjustment.build({ la: actor.laCode, name }, { kind })
              : paths.scenarios.adjustment.build({ la: actor.laCode, name, number: index + 1 }),
          backHref: paths.scenarios.show.build({ la: actor.laCode, name }),
        });
      };
    },
    saveAdjustment(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const name = param(req, 'name');
        const numberText = (req.params as Record<string, string | undefined>).number;
        const index = numberText === undefined ? null : intParam(req, 'number') - 1;
        const kind = index === null ? (req.query as Record<string, unknown>).kind : field(req, 'kind');
        if (!isKind(kind)) throw new HttpError(400, 'Unknown kind of adjustment');
        const here =
          index === null
            ? paths.scenarios.addAdjustment.build({ la: actor.laCode, name }, { kind })
            : paths.scenarios.adjustment.build({ la: actor.laCode, name, number: index + 1 });
        const parsed = adjustmentFromForm(kind, (req.body ?? {}) as Record<string, unknown>);
        if (Object.keys(parsed.errors).length > 0) {
          setFlash(req, { errors: formErrors(parsed.errors), values: parsed.values });
          return back(res, here);
        }
        try {
          await scenarios.setAdjustment(actor, actor.laCode, name, index, parsed.adjustment);
        } catch (err) {
          setFlash(req, { errors: errorsOf(err), values: parsed.values });
          return back(res, here);
        }
        setFlash(req, { success: index === null ? 'Adjustment added.' : `Adjustment ${index + 1} saved.` });
        back(res, paths.scenarios.show.build({ la: actor.laCode, name }));
      };
    },
    removeAdjustment(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const name = param(req, 'name');
        const n = intParam(req, 'number');
        try {
          await scenarios.removeAdjustment(actor, actor.laCode, name, n - 1);
          setFlash(req, { success: `Adjustment ${n} removed.` });
        } catch (err) {
          setFlash(req, { errors: errorsOf(err) });
        }
        back(res, paths.scenarios.show.build({ la: actor.laCode, name }));
      };
    },
    compare(): RequestHandler {
      return async (req, res) => {
        const { actor, name, detail } = await load(req);
        // A scenario the council's data cannot run (a child protection plans lever without the CIN
        // census's share) is said on the page, not failed.
        const work = scenarios
          .compare(actor, actor.laCode, detail.scenario)
          .catch((err: unknown) => (err instanceof ScenarioValidationError ? err : Promise.reject(err)));
        const ready = await figures.within(req, work);
        if (!ready.ready)
          return figures.progress(req, res, {
            pageTitle: `Compare ${name} with the baseline`,
            figures: 'The comparison with the baseline',
          });
        if (ready.value instanceof ScenarioValidationError) {
          if (wantsXlsx(req))
            throw new HttpError(409, 'There is no comparison to download', ready.value.problems[0]?.message ?? '');
          return res.render('scenarios/views/compare.njk', {
            pageTitle: `Compare ${name} with the baseline`,
            name,
            comparison: null,
            refused: ready.value.problems.map((p) =>
              p.kind === 'cpPlans'
                ? `Adjustment ${p.adjustment} (child protection plans) ${p.message}`
                : formatProblem(p),
            ),
            adjustments: detail.scenario.adjustments.map((a) => describeAdjustment(a)),
          });
        }
        const comparison = ready.value;
        const table = comparison ? comparisonTable(comparison) : null;
        if (wantsXlsx(req)) {
          if (!comparison || !table)
            throw new HttpError(404, 'There is no comparison to download', 'Upload SSDA903 returns first.');
          const moves = comparison.shareMoves.flatMap((p) => [shareMovesYearTable(p), shareMovesMonthTable(p)]);
          return sendXlsx(
            res,
            `forecare-scenario-${actor.laCode}-${name}`,
            [table, adjustmentsTable(comparison), ...moves],
            {
              title: `Scenario: ${name}`,
              council: res.locals.council?.name,
            },
          );
        }
        let chartList: Promise<ChartView[]> | undefined;
        if (comparison && table) {
          chartList = charts.get(comparison);
          if (!chartList) {
            chartList = comparisonCharts(comparison);
            charts.set(comparison, chartList);
            const c = comparison;
            chartList.catch(() => charts.delete(c));
          }
        }
        res.render('scenarios/views/compare.njk', {
          pageTitle: `Compare ${name} with the baseline`,
          name,
          comparison,
          // The comparison's own descriptions: a child protection plans lever with the share it ran with.
          adjustments: comparison
            ? comparison.adjustments
            : detail.scenario.adjustments.map((a) => describeAdjustment(a)),
          // Adjustments starting before the forecast are said plainly; the model's own warnings sit behind a details toggle.
          startWarnings: comparison ? comparison.warnings.filter((w) => detail.warnings.includes(w)) : [],
          modelWarnings: comparison ? comparison.warnings.filter((w) => !detail.warnings.includes(w)) : [],
          charts: chartList ? await chartList : [],
          tableView: table ? tableView(table) : null,
          shareMoves: (comparison?.shareMoves ?? []).map((p) => ({
            ...shareMoveSummary(p),
            totalMoves: p.totalMoves,
            householdsNeeded: p.householdsNeeded,
            years: tableView(shareMovesYearTable(p)),
            months: tableView(shareMovesMonthTable(p)),
          })),
          xlsxHref: paths.scenarios.compare.build({ la: actor.laCode, name }, { format: 'xlsx' }),
        });
      };
    },
  };
}

export default function routes(services: Services, platform: PlatformOptions): Router {
  const router = Router();
  const c = scenariosController(services.scenarios, figuresGate(services.background, platform.figuresWaitMs));
  const change = requireRole('admin', 'analyst');
  const s = paths.scenarios;
  router.get(s.index.pattern, c.list());
  router.get(s.create.pattern, change, c.createForm());
  router.post(s.create.pattern, change, c.create());
  router.get(s.show.pattern, c.show());
  router.get(s.edit.pattern, change, c.editForm());
  router.post(s.edit.pattern, change, c.edit());
  router.get(s.copy.pattern, change, c.copyForm());
  router.post(s.copy.pattern, change, c.copy());
  router.get(s.remove.pattern, change, c.removeForm());
  router.post(s.remove.pattern, change, c.remove());
  router.get(s.compare.pattern, c.compare());
  router.get(s.addAdjustment.pattern, change, c.adjustmentForm());
  router.post(s.addAdjustment.pattern, change, c.saveAdjustment());
  router.get(s.adjustment.pattern, change, c.adjustmentForm());
  router.post(s.adjustment.pattern, change, c.saveAdjustment());
  router.post(s.removeAdjustment.pattern, change, c.removeAdjustment());
  return router;
}
