/**
 * Workforce (issue 12): the council's social workers by team, the DfE rates, caseloads against
 * target, cost by financial year and the FTE the demand forecast needs; one team's figures for a
 * period entered on a form, or a file of them uploaded (analysts and admins, audited).
 * docs/workforce.md.
 */
import { Router, type Request, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf, requireRole } from '../../middleware/auth.ts';
import { checkCsrf } from '../../middleware/csrf.ts';
import { formErrors, formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import { receiveOneFile } from '../../middleware/oneFileUpload.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import { formatMonth } from '../../components/format.ts';
import { field, queryText } from '../../components/forms.ts';
import { ANALYST_ROLES } from '../../../services/access.ts';
import {
  formField,
  WorkforceFormError,
  WorkforceImportRefused,
  type WorkforceService,
} from '../../../services/workforce.ts';
import { formatWorkforceProblem, WORKFORCE_COLUMNS } from '../../../domain/workforce/rows.ts';
import { CASE_KIND_LABELS, CASE_KINDS, periodLabel, teamKey } from '../../../domain/workforce/model.ts';
import { formatWholePounds } from '../../../domain/finance/money.ts';
import {
  asAtText,
  caseloadsTable,
  costTable,
  figuresTable,
  fteNeededTable,
  seriesTable,
  teamCostTable,
  teamsTable,
} from './presenter.ts';

/** The largest workforce file the page takes. */
const MAX_WORKFORCE_BYTES = 10 * 1024 * 1024;

/** The holds checkboxes as the file writes them: "looked_after;child_protection". */
function holdsField(req: Request): string {
  const v = (req.body as Record<string, unknown> | undefined)?.holds;
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  return list
    .filter((x): x is string => typeof x === 'string' && (CASE_KINDS as readonly string[]).includes(x))
    .join(';');
}

function workforceController(workforce: WorkforceService) {
  const home = (req: Request, anchor = '') => `${paths.workforce.index.build({ la: actorOf(req).laCode })}${anchor}`;
  return {
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const [report, periods] = await Promise.all([
          workforce.report(actor, actor.laCode),
          workforce.list(actor, actor.laCode),
        ]);
        const tables = {
          teams: teamsTable(report),
          caseloads: caseloadsTable(report),
          series: seriesTable(report),
          cost: costTable(report),
          teamCost: teamCostTable(report),
          need: fteNeededTable(report),
          figures: figuresTable(periods),
        };
        if (wantsXlsx(req) && report.hasData)
          return sendXlsx(
            res,
            `forecare-workforce-${actor.laCode}-${report.asAt}`,
            [
              tables.teams,
              tables.caseloads,
              tables.series,
              tables.cost,
              tables.teamCost,
              ...(report.fteNeeded ? [tables.need] : []),
              tables.figures,
            ],
            { title: 'Social work workforce', council: res.locals.council?.name },
          );
        // Every team's latest figures are for the latest period (a council's periods are all months or all quarters).
        const latestTeams = (report.latest?.teams ?? []).map((t) => ({ team: t.team, period: report.asAtLabel ?? '' }));
        const need = report.fteNeeded;
        const last = need?.months[need.months.length - 1];
        const lastNeed = last ? { ...last, monthText: formatMonth(last.month) } : null;
        res.render('workforce/views/index.njk', {
          pageTitle: 'Workforce',
          report,
          latest: report.latest,
          teams: tableView(tables.teams),
          caseloads: tableView(tables.caseloads),
          asAtText: asAtText(report),
          series: tableView(tables.series),
          cost: tableView(tables.cost, { sortable: false }),
          teamCost: tableView(tables.teamCost),
          need: need ? tableView(tables.need, { sortable: false }) : null,
          lastNeed,
          uncounted: (report.latest?.uncounted ?? []).map((k) => CASE_KIND_LABELS[k].toLowerCase()),
          lever: report.lever
            ? {
                permanent: formatWholePounds(report.lever.permanentCostPerFte),
                agency: formatWholePounds(report.lever.agencyCostPerFte),
                premium: formatWholePounds(report.lever.premiumPerFte),
                filledFte: report.lever.filledFte,
              }
            : null,
          latestTeams,
          canChange: ANALYST_ROLES.includes(actor.role),
          xlsxHref: paths.workforce.index.build({ la: actor.laCode }, { format: 'xlsx' }),
          entryHref: paths.workforce.entry.build({ la: actor.laCode }),
        });
      };
    },

    entryForm(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const team = queryText(req, 'team');
        const period = queryText(req, 'period');
        let values: Record<string, string> | undefined = res.locals.flash.values;
        let holds: string[] = values?.holds ? values.holds.split(';') : [];
        if (!values) {
          const periods = await workforce.list(actor, actor.laCode);
          const found =
            team && period
              ? periods.find((p) => teamKey(p.team) === teamKey(team) && periodLabel(p) === period)
              : undefined;
          values = found
            ? {
                team: found.team,
                period: periodLabel(found),
                permanentFte: String(found.permanentFte),
                agencyFte: String(found.agencyFte),
                vacancyFte: String(found.vacancyFte),
                leaversFte: String(found.leaversFte),
                salary: String(found.salaryPence / 100),
                onCostsPercent: String(found.onCostsPercent),
                agencyRate: found.agencyRatePence === null ? '' : String(found.agencyRatePence / 100),
                agencyRatePer: found.agencyRatePer ?? '',
                agencyDaysAYear: found.agencyDaysPerYear === null ? '' : String(found.agencyDaysPerYear),
                agencyHoursADay: found.agencyHoursPerDay === null ? '' : String(found.agencyHoursPerDay),
                targetCaseload: found.targetCaseload === null ? '' : String(found.targetCaseload),
              }
            : { team, period };
          holds = found ? [...found.holds] : [];
        }
        res.render('workforce/views/entry.njk', {
          pageTitle: values.team ? `Workforce figures: ${values.team}` : 'Enter workforce figures',
          values,
          holdsItems: CASE_KINDS.map((k) => ({ value: k, text: CASE_KIND_LABELS[k], checked: holds.includes(k) })),
        });
      };
    },

    saveEntry(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const fields = Object.fromEntries(
          WORKFORCE_COLUMNS.map((c) => [c, c === 'holds' ? holdsField(req) : field(req, formField(c))]),
        );
        try {
          const saved = await workforce.setTeamPeriod(actor, actor.laCode, fields);
          setFlash(req, { success: `Figures for ${saved.team}, ${periodLabel(saved)}, saved.` });
          res.redirect(home(req));
        } catch (err) {
          const values = { ...formValues(req), holds: holdsField(req) };
          if (err instanceof WorkforceFormError)
            setFlash(req, {
              errors: formErrors(Object.fromEntries(err.errors.map((e) => [e.field, e.message]))),
              values,
            });
          else setFlash(req, { errors: inputErrors(err), values });
          res.redirect(paths.workforce.entry.build({ la: actor.laCode }));
        }
      };
    },

    remove(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const team = field(req, 'team');
        const period = field(req, 'period');
        try {
          const removed = await workforce.removeTeamPeriod(actor, actor.laCode, team, period);
          if (removed) setFlash(req, { success: `Figures for ${team}, ${period}, removed.` });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
        }
        res.redirect(home(req, '#figures'));
      };
    },

    receiveFile(): RequestHandler {
      return receiveOneFile({
        field: 'file',
        maxBytes: MAX_WORKFORCE_BYTES,
        tooLarge: 'The workforce file must be smaller than 10 MB',
        notOneFile: 'Upload one workforce file',
        formPath: (req) => home(req, '#upload'),
      });
    },

    upload(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const file = req.file ? { bytes: new Uint8Array(req.file.buffer), name: req.file.originalname } : null;
        try {
          const r = await workforce.importUpload(actor, actor.laCode, file);
          setFlash(req, {
            success: `Imported ${r.rows} rows for ${r.teams} teams from ${r.file}: ${r.periods.length} periods (${r.periods[0]} to ${r.periods[r.periods.length - 1]}) replaced.`,
          });
        } catch (err) {
          if (err instanceof WorkforceImportRefused) {
            const shown = err.problems.slice(0, 5).map(formatWorkforceProblem);
            const more = err.problems.length - shown.length;
            setFlash(req, {
              errors: formErrors({
                file: `Nothing was imported. ${shown.join(' ')}${more > 0 ? ` And ${more} more problems.` : ''}`,
              }),
            });
          } else setFlash(req, { errors: inputErrors(err) });
        }
        res.redirect(home(req, '#upload'));
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const c = workforceController(services.workforce);
  const change = requireRole('admin', 'analyst');
  router.get(paths.workforce.index.pattern, c.show());
  router.get(paths.workforce.entry.pattern, change, c.entryForm());
  router.post(paths.workforce.entry.pattern, change, c.saveEntry());
  router.post(paths.workforce.remove.pattern, change, c.remove());
  router.post(paths.workforce.upload.pattern, change, c.receiveFile(), checkCsrf(), c.upload());
  return router;
}
