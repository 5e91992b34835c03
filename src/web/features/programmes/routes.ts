/**
 * Programmes (issue 6): the list and upload, the programme dashboard (initiatives, RAG, variance,
 * cumulative savings), initiative detail and edit, and the checks report.
 */
import { Router, type Request, type RequestHandler } from 'express';
import { field } from '../../components/forms.ts';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf, param, requireRole } from '../../middleware/auth.ts';
import { checkCsrf } from '../../middleware/csrf.ts';
import { receiveOneFile } from '../../middleware/oneFileUpload.ts';
import { HttpError } from '../../middleware/errors.ts';
import { formErrors, inputErrors, setFlash } from '../../middleware/flash.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import { formatPence } from '../../components/format.ts';
import { ANALYST_ROLES } from '../../../services/access.ts';
import { UNIT_LABEL } from '../../../domain/finance/money.ts';
import type { Rag } from '../../../domain/programme/monitoring.ts';
import type { FormErrors } from '../../types.ts';
import { ProgrammeInputError, type ProgrammesService } from '../../../services/programmes.service.ts';
import {
  checksTable,
  cumulativeChart,
  cumulativeTable,
  enteredTable,
  initiativesTable,
  milestonesTable,
  monitoringTable,
  risksTable,
  targetsTable,
  totalsTable,
  yearsPageTables,
  yearsTable,
} from './presenter.ts';
import type { ScenariosService } from '../../../services/scenarios.service.ts';
import { financialYearLabel } from '../../../domain/dates.ts';
import type { Programme } from '../../../domain/programme/model.ts';
import { parseYears, planYearLabels, YEAR_FIELDS, yearsShown } from './editor.ts';
import { registerEditRoutes } from './editRoutes.ts';

const programmeSettings = (p: Programme) => ({ firstYear: financialYearLabel(p.firstYear), planYears: p.planYears });

/** Largest programme file accepted (a programme is a few pages of YAML or one workbook). */
const MAX_PROGRAMME_BYTES = 2 * 1024 * 1024;

/** Every problem of a programme file in the error summary (all linking to `href`). */
function programmeErrors(err: unknown, href: string): FormErrors {
  if (err instanceof ProgrammeInputError) {
    return {
      list: err.problems.map((text) => ({ text, href })),
      fields: {
        [err.field]: {
          text:
            err.problems.length === 1
              ? (err.problems[0] ?? err.message)
              : `${err.problems.length} problems: see the list above`,
        },
      },
    };
  }
  return inputErrors(err);
}

/** GOV.UK tag colours for RAG (the tag's text says the status too). */
const RAG_TAG: Record<Rag, string> = { green: 'govuk-tag--green', amber: 'govuk-tag--yellow', red: 'govuk-tag--red' };

const MONITORING_FIELDS = ['period', 'target', 'forecast', 'actual'] as const;

function programmesController(programmes: ProgrammesService, scenarios: ScenariosService) {
  async function loadDashboard(req: Request) {
    const actor = actorOf(req);
    const id = param(req, 'programmeId');
    const d = await programmes.dashboard(actor, actor.laCode, id);
    if (!d) throw new HttpError(404, 'Programme not found');
    return { actor, id, d };
  }

  return {
    list(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const list = await programmes.list(actor, actor.laCode);
        res.render('programmes/views/index.njk', {
          pageTitle: 'Savings programmes',
          programmes: list,
          canEdit: ANALYST_ROLES.includes(actor.role),
          values: res.locals.flash.values ?? {},
        });
      };
    },
    receiveFile(): RequestHandler {
      return receiveOneFile({
        field: 'file',
        maxBytes: MAX_PROGRAMME_BYTES,
        tooLarge: 'The programme file must be smaller than 2 MB',
        notOneFile: 'Upload one programme file',
        formPath: (req) => paths.programmes.index.build({ la: actorOf(req).laCode }),
      });
    },
    upload(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const file = req.file ? { bytes: new Uint8Array(req.file.buffer), name: req.file.originalname } : null;
        try {
          const r = await programmes.upload(actor, actor.laCode, file, field(req, 'id'));
          setFlash(req, {
            success: `${r.replaced ? 'Replaced' : 'Uploaded'} “${r.programme.name}” with ${r.programme.initiatives.length} initiatives.`,
          });
          res.redirect(paths.programmes.show.build({ la: actor.laCode, programmeId: r.id }));
        } catch (err) {
          setFlash(req, { errors: programmeErrors(err, '#file'), values: { id: field(req, 'id') } });
          res.redirect(paths.programmes.index.build({ la: actor.laCode }));
        }
      };
    },
    dashboard(): RequestHandler {
      return async (req, res) => {
        const { actor, id, d } = await loadDashboard(req);
        const initiatives = initiativesTable(d);
        const totals = totalsTable(d);
        const cumulative = cumulativeTable(d.cumulativeSeries);
        if (wantsXlsx(req)) {
          return sendXlsx(res, `forecare-programme-${actor.laCode}-${id}`, [initiatives, totals, cumulative], {
            title: d.name,
            council: res.locals.council?.name,
          });
        }
        res.render('programmes/views/dashboard.njk', {
          pageTitle: d.name,
          d,
          unitLabel: UNIT_LABEL[d.unit],
          initiatives: d.initiatives.map((i) => ({
            ...i,
            ragClass: RAG_TAG[i.rag],
            href: paths.programmes.initiative.build({ la: actor.laCode, programmeId: id, initiativeId: i.id }),
          })),
          initiativesView: tableView(initiatives),
          totalsView: tableView(totals),
          cumulativeChartView: await cumulativeChart(
            d.cumulativeSeries,
            cumulative,
            `Cumulative savings: ${d.name}`,
            'chart-programme-cumulative',
          ),
          checksHref: paths.programmes.checks.build({ la: actor.laCode, programmeId: id }),
          xlsxHref: paths.programmes.show.build({ la: actor.laCode, programmeId: id }, { format: 'xlsx' }),
          workbookHref: paths.programmes.workbook.build({ la: actor.laCode, programmeId: id }),
          deleteHref: ANALYST_ROLES.includes(actor.role)
            ? paths.programmes.remove.build({ la: actor.laCode, programmeId: id })
            : null,
          editHref: ANALYST_ROLES.includes(actor.role)
            ? paths.programmes.edit.build({ la: actor.laCode, programmeId: id })
            : null,
        });
      };
    },
    initiative(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const initiativeId = param(req, 'initiativeId');
        const detail = await programmes.initiative(actor, actor.laCode, id, initiativeId);
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
            `forecare-initiative-${actor.laCode}-${initiativeId}`,
            [t.years, t.entered, t.monitoring, t.milestones, t.risks, t.targets, t.cumulative],
            {
              title: detail.initiative.name,
              council: res.locals.council?.name,
            },
          );
        }
        const plan = detail.appraisal.totals.plan;
        // A range only where one was entered or the linked scenario gives one (never "£x to £x").
        const rangeText =
          plan.netLow === plan.netHigh
            ? detail.appraisal.forecastSource === 'scenario'
              ? 'None: the scenario’s runs all give the same saving'
              : 'None entered (no low or high figures)'
            : `${formatPence(plan.netLow)} to ${formatPence(plan.netHigh)} ${
                detail.appraisal.forecastSource === 'scenario'
                  ? '(the scenario’s 10th to 90th percentile saving, less ongoing cost)'
                  : '(from the low and high figures entered)'
              }`;
        res.render('programmes/views/initiative.njk', {
          pageTitle: detail.initiative.name,
          detail,
          rangeText,
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
          programmeHref: paths.programmes.show.build({ la: actor.laCode, programmeId: id }),
          editHref: paths.programmes.editInitiative.build({ la: actor.laCode, programmeId: id, initiativeId }),
          xlsxHref: paths.programmes.initiative.build(
            { la: actor.laCode, programmeId: id, initiativeId },
            { format: 'xlsx' },
          ),
        });
      };
    },
    editForm(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const initiativeId = param(req, 'initiativeId');
        const found = await programmes.initiativeDocument(actor, actor.laCode, id, initiativeId);
        if (!found) throw new HttpError(404, 'Initiative not found');
        const doc = found.doc as Record<string, unknown>;
        const entered = (doc.years ?? {}) as Record<string, Record<string, unknown>>;
        // The plan's years and any others entered: a new initiative shows a row for each plan year.
        const labels = yearsShown(planYearLabels(programmeSettings(found.programme)), Object.keys(entered));
        const years = labels.map((label) => [label, entered[label] ?? {}] as const);
        const stored: Record<string, string> = {
          name: String(doc.name ?? ''),
          owner: String(doc.owner ?? ''),
          savingType: String(doc.savingType ?? 'cashable'),
          profile: String(doc.profile ?? 'incremental'),
          scenario: String(doc.scenario ?? ''),
        };
        years.forEach(([, line], i) => {
          for (const f of YEAR_FIELDS) stored[`y${i}-${f}`] = line[f] === undefined ? '' : String(line[f]);
        });
        const monitoring = (doc.monitoring ?? []) as Array<Record<string, unknown>>;
        monitoring.forEach((m, i) => {
          for (const f of MONITORING_FIELDS)
            stored[`m${i}-${f}`] = m[f] === undefined || m[f] === null ? '' : String(m[f]);
        });
        const values = res.locals.flash.values ?? stored;
        const saved = await scenarios.list(actor, actor.laCode);
        res.render('programmes/views/edit.njk', {
          pageTitle: `Change ${found.doc.name}`,
          values,
          years: years.map(([label], i) => ({ label, index: i })),
          // Every period entered, and one blank row to add the next.
          monitoringRows: Array.from({ length: monitoring.length + 1 }, (_, i) => i),
          yearFields: [
            { key: 'investment', label: 'Investment (£)' },
            { key: 'ongoingCost', label: 'Ongoing cost (£)' },
            {
              key: 'grossSaving',
              label: `Gross saving (£, ${values.profile === 'cumulative' ? 'annual against the baseline' : 'new this year'})`,
            },
            { key: 'low', label: 'Low (£, optional)' },
            { key: 'high', label: 'High (£, optional)' },
            { key: 'phasing', label: 'Phasing (0 to 1)' },
          ],
          scenarioItems: [
            { value: '', text: 'None: use the plan figures' },
            ...saved.map((s) => ({ value: s.name, text: s.name })),
          ].map((i) => ({ ...i, selected: i.value === values.scenario })),
          action: paths.programmes.editInitiative.build({ la: actor.laCode, programmeId: id, initiativeId }),
          backHref: paths.programmes.initiative.build({ la: actor.laCode, programmeId: id, initiativeId }),
          changeProgrammeHref: paths.programmes.edit.build({ la: actor.laCode, programmeId: id }),
        });
      };
    },
    edit(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const initiativeId = param(req, 'initiativeId');
        const here = paths.programmes.editInitiative.build({ la: actor.laCode, programmeId: id, initiativeId });
        const found = await programmes.initiativeDocument(actor, actor.laCode, id, initiativeId);
        if (!found) throw new HttpError(404, 'Initiative not found');
        const doc = found.doc as Record<string, unknown>;
        const values: Record<string, string> = {};
        for (const k of ['name', 'owner', 'savingType', 'profile', 'scenario']) values[k] = field(req, k).trim();
        const labels = yearsShown(
          planYearLabels(programmeSettings(found.programme)),
          Object.keys((doc.years ?? {}) as Record<string, unknown>),
        );
        const body: Record<string, string> = {};
        labels.forEach((_, i) => {
          for (const f of YEAR_FIELDS) body[`y${i}-${f}`] = values[`y${i}-${f}`] = field(req, `y${i}-${f}`);
        });
        // Blank amounts hold no figure; TBC and (bracketed) negatives as in a file.
        const parsedYears = parseYears(body, labels);
        const errors: Record<string, string> = { ...parsedYears.errors };
        const years = parsedYears.years;
        const monitoring: Array<Record<string, unknown>> = [];
        const rows = ((doc.monitoring ?? []) as unknown[]).length + 1;
        for (let i = 0; i < rows; i++) {
          for (const f of MONITORING_FIELDS) values[`m${i}-${f}`] = field(req, `m${i}-${f}`);
          const period = field(req, `m${i}-period`).trim();
          const amounts: Record<string, number | null> = {};
          for (const f of ['target', 'forecast', 'actual'] as const) {
            const key = `m${i}-${f}`;
            const raw = field(req, key).trim().replace(/^£/, '').replace(/,/g, '');
            if (raw === '') {
              amounts[f] = f === 'actual' ? null : 0;
              continue;
            }
            if (!/^-?\d+(\.\d+)?$/.test(raw))
              errors[key] = `Monitoring ${period || `row ${i + 1}`} ${f}: enter a number`;
            else amounts[f] = Number(raw);
          }
          // A row with no period is dropped (so the blank row adds nothing, and clearing a period removes it).
          // A paper's own variance column (from a file; not on the form) stays with its period.
          const stated = ((doc.monitoring ?? []) as Array<Record<string, unknown>>).find((m) => m.period === period);
          if (period !== '')
            monitoring.push({
              period,
              ...amounts,
              ...(stated?.variance !== undefined ? { variance: stated.variance } : {}),
            });
        }
        if (values.name === '') errors.name = 'Enter the initiative’s name';
        if (Object.keys(errors).length > 0) {
          setFlash(req, { errors: formErrors(errors), values });
          return res.redirect(here);
        }
        const edited: Record<string, unknown> = {
          ...doc,
          name: values.name,
          savingType: values.savingType,
          profile: values.profile,
          years,
          monitoring,
        };
        if (values.owner) edited.owner = values.owner;
        else delete edited.owner;
        if (values.scenario) edited.scenario = values.scenario;
        else delete edited.scenario;
        try {
          await programmes.updateInitiative(actor, actor.laCode, id, initiativeId, edited);
        } catch (err) {
          setFlash(req, { errors: programmeErrors(err, '#name'), values });
          return res.redirect(here);
        }
        setFlash(req, { success: `${values.name} saved.` });
        res.redirect(paths.programmes.initiative.build({ la: actor.laCode, programmeId: id, initiativeId }));
      };
    },
    removeForm(): RequestHandler {
      return async (req, res) => {
        const { actor, id, d } = await loadDashboard(req);
        res.render('programmes/views/delete.njk', {
          pageTitle: `Delete ${d.name}`,
          name: d.name,
          action: paths.programmes.remove.build({ la: actor.laCode, programmeId: id }),
          backHref: paths.programmes.show.build({ la: actor.laCode, programmeId: id }),
        });
      };
    },
    remove(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const removed = await programmes.remove(actor, actor.laCode, id);
        setFlash(req, { success: removed ? 'Programme deleted.' : 'That programme had already been deleted.' });
        res.redirect(paths.programmes.index.build({ la: actor.laCode }));
      };
    },
    workbook(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const wb = await programmes.workbook(actor, actor.laCode, id);
        if (!wb) throw new HttpError(404, 'Programme not found');
        res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader(
          'Content-Disposition',
          `attachment; filename="forecare-programme-${actor.laCode}-${id}-workbook.xlsx"`,
        );
        res.send(wb.bytes);
      };
    },
    checks(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const report = await programmes.checks(actor, actor.laCode, id);
        if (!report) throw new HttpError(404, 'Programme not found');
        const table = checksTable(report);
        if (wantsXlsx(req))
          return sendXlsx(res, `forecare-programme-checks-${actor.laCode}-${id}`, [table], {
            title: `Checks: ${report.programmeName}`,
            council: res.locals.council?.name,
          });
        res.render('programmes/views/checks.njk', {
          pageTitle: `Checks: ${report.programmeName}`,
          report,
          errors: report.findings.filter((f) => f.severity === 'error').length,
          rounding: report.findings.filter((f) => f.severity === 'rounding').length,
          unitLabel: UNIT_LABEL[report.unit],
          tableView: tableView(table),
          programmeHref: paths.programmes.show.build({ la: actor.laCode, programmeId: id }),
          xlsxHref: paths.programmes.checks.build({ la: actor.laCode, programmeId: id }, { format: 'xlsx' }),
        });
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const c = programmesController(services.programmes, services.scenarios);
  const change = requireRole('admin', 'analyst');
  const p = paths.programmes;
  router.get(p.index.pattern, c.list());
  // Writing a programme in the browser; `new` comes before `/:programmeId`, which would match it.
  registerEditRoutes(router, services.programmes);
  router.post(p.upload.pattern, change, c.receiveFile(), checkCsrf(), c.upload());
  router.get(p.show.pattern, c.dashboard());
  router.get(p.checks.pattern, c.checks());
  router.get(p.workbook.pattern, c.workbook());
  router.get(p.remove.pattern, change, c.removeForm());
  router.post(p.remove.pattern, change, c.remove());
  router.get(p.initiative.pattern, c.initiative());
  router.get(p.editInitiative.pattern, change, c.editForm());
  router.post(p.editInitiative.pattern, change, c.edit());
  return router;
}
