/**
 * A programme's pages: its dashboard (initiatives, RAG, totals, cumulative savings; Excel too),
 * the checks report, the workbook download, and deleting it.
 */
import type { Request, RequestHandler } from 'express';
import { paths } from '../../../paths.ts';
import { actorOf, param } from '../../../middleware/auth.ts';
import { HttpError } from '../../../middleware/errors.ts';
import { setFlash } from '../../../middleware/flash.ts';
import { sendXlsx, wantsXlsx } from '../../../components/excel.ts';
import type { FiguresGate } from '../../../components/figures.ts';
import { tableView } from '../../../components/tables.ts';
import { ANALYST_ROLES } from '../../../../services/access.ts';
import { UNIT_LABEL } from '../../../../domain/finance/money.ts';
import type { ProgrammesService } from '../../../../services/programmes.service.ts';
import { checksTable, cumulativeChart, cumulativeTable, initiativesTable, RAG_TAG, totalsTable } from '../presenter.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function programmeController(programmes: ProgrammesService, figures: FiguresGate) {
  async function loadDashboard(req: Request) {
    const actor = actorOf(req);
    const id = param(req, 'programmeId');
    const d = await programmes.dashboard(actor, actor.laCode, id);
    if (!d) throw new HttpError(404, 'Programme not found');
    return { actor, id, d };
  }

  return {
    dashboard(): RequestHandler {
      return async (req, res) => {
        // Scenario-backed savings wait for their comparisons: the progress state meanwhile.
        const ready = await figures.within(req, loadDashboard(req));
        if (!ready.ready)
          return figures.progress(req, res, {
            pageTitle: 'Savings programme',
            figures: 'The savings of its scenario-backed initiatives',
          });
        const { actor, id, d } = ready.value;
        const at = { la: actor.laCode, programmeId: id };
        const initiatives = initiativesTable(d);
        const totals = totalsTable(d);
        const cumulative = cumulativeTable(d.cumulativeSeries);
        if (wantsXlsx(req)) {
          return sendXlsx(res, `forecare-programme-${actor.laCode}-${id}`, [initiatives, totals, cumulative], {
            title: d.name,
            council: res.locals.council?.name,
          });
        }
        const canEdit = ANALYST_ROLES.includes(actor.role);
        res.render('programmes/views/dashboard.njk', {
          pageTitle: d.name,
          d,
          unitLabel: UNIT_LABEL[d.unit],
          initiatives: d.initiatives.map((i) => ({
            ...i,
            ragClass: RAG_TAG[i.rag],
            href: paths.programmes.initiative.build({ ...at, initiativeId: i.id }),
          })),
          initiativesView: tableView(initiatives),
          totalsView: tableView(totals),
          cumulativeChartView: await cumulativeChart(
            d.cumulativeSeries,
            cumulative,
            `Cumulative savings: ${d.name}`,
            'chart-programme-cumulative',
          ),
          checksHref: paths.programmes.checks.build(at),
          xlsxHref: paths.programmes.show.build(at, { format: 'xlsx' }),
          workbookHref: paths.programmes.workbook.build(at),
          deleteHref: canEdit ? paths.programmes.remove.build(at) : null,
          editHref: canEdit ? paths.programmes.edit.build(at) : null,
        });
      };
    },

    checks(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const at = { la: actor.laCode, programmeId: id };
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
          programmeHref: paths.programmes.show.build(at),
          xlsxHref: paths.programmes.checks.build(at, { format: 'xlsx' }),
        });
      };
    },

    /** The programme as a council's workbook (it uploads back unchanged). */
    workbook(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const id = param(req, 'programmeId');
        const wb = await programmes.workbook(actor, actor.laCode, id);
        if (!wb) throw new HttpError(404, 'Programme not found');
        res.setHeader('Content-Type', XLSX_TYPE);
        res.setHeader(
          'Content-Disposition',
          `attachment; filename="forecare-programme-${actor.laCode}-${id}-workbook.xlsx"`,
        );
        res.send(wb.bytes);
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
        const removed = await programmes.remove(actor, actor.laCode, param(req, 'programmeId'));
        setFlash(req, { success: removed ? 'Programme deleted.' : 'That programme had already been deleted.' });
        res.redirect(paths.programmes.index.build({ la: actor.laCode }));
      };
    },
  };
}
