/**
 * An initiative's page (appraisal by year, monitoring, milestones, risks, targets, cumulative
 * savings; Excel too) and its form: details, money by year and monitoring.
 */
import type { RequestHandler } from 'express';
import { field } from '../../../components/forms.ts';
import { paths } from '../../../paths.ts';
import { actorOf, param } from '../../../middleware/auth.ts';
import { HttpError } from '../../../middleware/errors.ts';
import { formErrors, setFlash } from '../../../middleware/flash.ts';
import { sendXlsx, wantsXlsx } from '../../../components/excel.ts';
import type { FiguresGate } from '../../../components/figures.ts';
import { tableView } from '../../../components/tables.ts';
import { ANALYST_ROLES } from '../../../../services/access.ts';
import type { ProgrammesService } from '../../../../services/programmes.service.ts';
import type { ScenariosService } from '../../../../services/scenarios.service.ts';
import {
  cumulativeChart,
  cumulativeTable,
  enteredTable,
  milestonesTable,
  monitoringTable,
  RAG_TAG,
  risksTable,
  savingRangeText,
  targetsTable,
  yearsPageTables,
  yearsTable,
} from '../presenter.ts';
import {
  initiativeFormYears,
  initiativeFromForm,
  initiativeValues,
  monitoringRowCount,
  programmeProblems,
  yearFieldLabels,
} from '../forms.ts';

export function initiativeController(programmes: ProgrammesService, scenarios: ScenariosService, figures: FiguresGate) {
  return {
    page(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const at = {
          la: actor.laCode,
          programmeId: param(req, 'programmeId'),
          initiativeId: param(req, 'initiativeId'),
        };
        const ready = await figures.within(
          req,
          programmes.initiative(actor, actor.laCode, at.programmeId, at.initiativeId),
        );
        if (!ready.ready)
          return figures.progress(req, res, { pageTitle: 'Initiative', figures: 'The savings of its scenario' });
        const detail = ready.value;
        if (!detail) throw new HttpError(404, 'Initiative not found');
        const t = {
          entered: enteredTable(detail),
          years: yearsTable(detail.appraisal.years, 'Appraisal by financial year (after phasing)', 'Appraisal'),
          monitoring: monitoringTable(detail),
          milestones: milestonesTable(detail),
          risks: risksTable(detail),
          targets: targetsTable(detail),
          cumulative: cumulativeTable(detail.cumulativeSeries),
        };
        if (wantsXlsx(req)) {
          return sendXlsx(
            res,
            `forecare-initiative-${actor.laCode}-${at.initiativeId}`,
            [t.years, t.entered, t.monitoring, t.milestones, t.risks, t.targets, t.cumulative],
            { title: detail.initiative.name, council: res.locals.council?.name },
          );
        }
        res.render('programmes/views/initiative.njk', {
          pageTitle: detail.initiative.name,
          detail,
          rangeText: savingRangeText(detail),
          ragClass: RAG_TAG[detail.monitoring.rag],
          views: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, tableView(v)])),
          // The page splits the 13-column appraisal in two so that it fits at 1,280 px; Excel keeps it whole.
          yearsViews: Object.values(yearsPageTables(detail.appraisal.years)).map((v) => tableView(v)),
          cumulativeChartView: await cumulativeChart(
            detail.cumulativeSeries,
            t.cumulative,
            `Cumulative savings: ${detail.initiative.name}`,
            'chart-initiative-cumulative',
          ),
          canEdit: ANALYST_ROLES.includes(actor.role),
          programmeHref: paths.programmes.show.build({ la: at.la, programmeId: at.programmeId }),
          editHref: paths.programmes.editInitiative.build(at),
          xlsxHref: paths.programmes.initiative.build(at, { format: 'xlsx' }),
        });
      };
    },

    editForm(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const at = { la: actor.laCode, programmeId: id, initiativeId: param(req, 'initiativeId') };
        const found = await programmes.initiativeDocument(actor, actor.laCode, id, at.initiativeId);
        if (!found) throw new HttpError(404, 'Initiative not found');
        const doc = found.doc as Record<string, unknown>;
        // The plan's years and any others entered: a new initiative shows a row for each plan year.
        const years = initiativeFormYears(found.programme, doc);
        const values = res.locals.flash.values ?? initiativeValues(doc, years);
        const saved = await scenarios.list(actor, actor.laCode);
        const projects = await programmes.trackerProjects(actor, actor.laCode);
        res.render('programmes/views/edit.njk', {
          pageTitle: `Change ${found.doc.name}`,
          values,
          years: years.map((label, index) => ({ label, index })),
          // Every period entered, and one blank row to add the next.
          monitoringRows: Array.from({ length: monitoringRowCount(doc) }, (_, i) => i),
          yearFields: yearFieldLabels(values.profile),
          scenarioItems: [
            { value: '', text: 'None: use the plan figures' },
            ...saved.map((s) => ({ value: s.name, text: s.name })),
          ].map((i) => ({ ...i, selected: i.value === values.scenario })),
          trackerProjectItems: [
            { value: '', text: 'None' },
            ...projects.map((name) => ({ value: name, text: name })),
          ].map((i) => ({ ...i, selected: i.value === values.trackerProject })),
          action: paths.programmes.editInitiative.build(at),
          backHref: paths.programmes.initiative.build(at),
          changeProgrammeHref: paths.programmes.edit.build({ la: at.la, programmeId: id }),
        });
      };
    },

    edit(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const at = { la: actor.laCode, programmeId: id, initiativeId: param(req, 'initiativeId') };
        const here = paths.programmes.editInitiative.build(at);
        const found = await programmes.initiativeDocument(actor, actor.laCode, id, at.initiativeId);
        if (!found) throw new HttpError(404, 'Initiative not found');
        const doc = found.doc as Record<string, unknown>;
        const form = initiativeFromForm((key) => field(req, key), doc, initiativeFormYears(found.programme, doc));
        if (Object.keys(form.errors).length > 0) {
          setFlash(req, { errors: formErrors(form.errors), values: form.values });
          return res.redirect(here);
        }
        try {
          await programmes.updateInitiative(actor, actor.laCode, id, at.initiativeId, form.edited);
        } catch (err) {
          setFlash(req, { errors: programmeProblems(err, '#name'), values: form.values });
          return res.redirect(here);
        }
        setFlash(req, { success: `${form.values.name} saved.` });
        res.redirect(paths.programmes.initiative.build(at));
      };
    },
  };
}
