/**
 * Monitoring (issue 10): forecast outturn against budget for the financial year containing an
 * as-at date, per line and in total, with the 80% interval, variance, drivers and movement since
 * the last saved period; the year's budget entered here (analysts and admins, audited); "Save as
 * period"; Excel download. docs/budget-monitoring.md.
 */
import { Router, type Request, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf, requireRole } from '../../middleware/auth.ts';
import { formErrors, formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import { formatDate } from '../../components/format.ts';
import { field, queryText } from '../../components/forms.ts';
import { ANALYST_ROLES } from '../../../services/access.ts';
import { BudgetFormError, type BudgetsService } from '../../../services/budgets.service.ts';
import type { MonitoringService } from '../../../services/monitoring.service.ts';
import { budgetLineLabel, parseFinancialYear } from '../../../domain/finance/budgets.ts';
import { financialYearLabel, financialYearStart, isoDateOf } from '../../../domain/dates.ts';
import { UserInputError } from '../../../services/errors.ts';
import { dateFromParts } from '../costs/routes.ts';
import {
  budgetTable,
  driversTable,
  FORM_LINES,
  monitoringSheet,
  OTHER_LINES,
  otherBudgetsTable,
  outturnTable,
  periodName,
  varianceWord,
} from './presenter.ts';

/** The as-at date of a request: `at` (YYYY-MM-DD) or the date input's three parts; '' for the default. */
function atOf(req: Request): { at: string; parts: { day: string; month: string; year: string } } {
  const day = queryText(req, 'at-day');
  const month = queryText(req, 'at-month');
  const year = queryText(req, 'at-year');
  if (day || month || year) return { at: dateFromParts(day, month, year) || 'invalid', parts: { day, month, year } };
  const at = queryText(req, 'at');
  const [y = '', m = '', d = ''] = at.split('-');
  return { at, parts: { day: d, month: m, year: y } };
}

function monitoringController(monitoring: MonitoringService, budgets: BudgetsService) {
  return {
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const { at, parts } = atOf(req);
        let page;
        let errors = res.locals.flash.errors;
        try {
          page = await monitoring.page(actor, actor.laCode, at);
        } catch (err) {
          if (!(err instanceof UserInputError)) throw err;
          errors = inputErrors(err);
          page = await monitoring.page(actor, actor.laCode, '');
        }
        const report = page.report;
        const yearBudgets = report ? await budgets.list(actor, actor.laCode, report.year) : [];
        const tables = report
          ? {
              outturn: outturnTable(report),
              drivers: driversTable(report),
              sheet: monitoringSheet(report),
              other: otherBudgetsTable(report),
              budget: budgetTable(report.year, yearBudgets),
            }
          : null;
        if (wantsXlsx(req) && report && tables) {
          return sendXlsx(
            res,
            `forecare-monitoring-${actor.laCode}-${report.asAt}`,
            [tables.sheet, tables.budget, ...(report.otherBudgets.length ? [tables.other] : [])],
            { title: `Budget monitoring ${periodName(report)}`, council: res.locals.council?.name },
          );
        }
        const [y, m, d] = (report?.asAt ?? '').split('-');
        const dateParts = errors ? parts : { day: d ?? '', month: m ?? '', year: y ?? '' };
        res.locals.flash = { ...res.locals.flash, ...(errors ? { errors } : {}) };
        res.render('monitoring/views/index.njk', {
          pageTitle: 'Monitoring',
          canEdit: ANALYST_ROLES.includes(actor.role),
          page,
          report,
          periodName: report ? periodName(report) : '',
          yearLabel: report ? financialYearLabel(report.year) : '',
          totalWord: report ? varianceWord(report.total.variance).toLowerCase() : '',
          dateParts,
          outturnView: tables ? tableView(tables.outturn, { sortable: false }) : null,
          driversView: tables ? tableView(tables.drivers, { sortable: false }) : null,
          otherView: tables && report?.otherBudgets.length ? tableView(tables.other, { sortable: false }) : null,
          savedPeriods: page.savedPeriods.map((p) => ({ ...p, asAtText: formatDate(p.asAt) })),
          xlsxHref: report
            ? paths.monitoring.index.build({ la: actor.laCode }, { at: report.asAt, format: 'xlsx' })
            : null,
          budgetHref: report
            ? paths.monitoring.budget.build(
                { la: actor.laCode },
                { year: financialYearLabel(report.year), at: report.asAt },
              )
            : null,
        });
      };
    },

    budgetForm(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const yearText = queryText(req, 'year');
        const at = queryText(req, 'at');
        const year =
          parseFinancialYear(yearText) ??
          financialYearStart(at && /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : isoDateOf(new Date()));
        const stored = await budgets.list(actor, actor.laCode, year);
        const byLine = new Map(stored.map((b) => [b.line, b]));
        const others = stored.filter((b) => b.kind === 'other');
        const values: Record<string, string> = res.locals.flash.values ?? {
          ...Object.fromEntries(
            FORM_LINES.flatMap((l) => {
              const b = byLine.get(l);
              return [
                [`${l}-amount`, b ? String(b.amountPence / 100) : ''],
                [`${l}-weeks`, b?.childWeeks === null || b === undefined ? '' : String(b.childWeeks)],
              ];
            }),
          ),
          ...Object.fromEntries(
            others.flatMap((b, i) => [
              [`other-${i + 1}-line`, b.line],
              [`other-${i + 1}-amount`, String(b.amountPence / 100)],
            ]),
          ),
        };
        res.render('monitoring/views/budget.njk', {
          pageTitle: `Budget ${financialYearLabel(year)}`,
          yearLabel: financialYearLabel(year),
          at,
          values,
          lines: FORM_LINES.map((l) => ({ key: l, label: budgetLineLabel(l) })),
          others: Array.from({ length: Math.max(OTHER_LINES, others.length + 1) }, (_, i) => `other-${i + 1}`),
        });
      };
    },

    saveBudget(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const yearText = field(req, 'year');
        const at = field(req, 'at');
        const others = Object.keys((req.body ?? {}) as Record<string, unknown>)
          .map((k) => /^(other-\d+)-line$/.exec(k)?.[1])
          .filter((k): k is string => k !== undefined);
        const entries = [
          ...FORM_LINES.map((l) => ({
            field: l,
            line: l,
            amount: field(req, `${l}-amount`),
            childWeeks: field(req, `${l}-weeks`),
          })),
          ...others.flatMap((o) => {
            const line = field(req, `${o}-line`);
            const amount = field(req, `${o}-amount`);
            if (line.trim() === '' && amount.trim() === '') return [];
            return [{ field: o, line: line.trim() === '' ? ' ' : line, amount }];
          }),
        ];
        const back = paths.monitoring.budget.build({ la: actor.laCode }, { year: yearText, at });
        try {
          await budgets.setYear(actor, actor.laCode, yearText, entries);
        } catch (err) {
          if (err instanceof BudgetFormError) {
            setFlash(req, {
              errors: formErrors(Object.fromEntries(err.errors.map((e) => [e.field, labelled(e.field, e.message)]))),
              values: formValues(req),
            });
            return res.redirect(back);
          }
          setFlash(req, { errors: inputErrors(err), values: formValues(req) });
          return res.redirect(back);
        }
        setFlash(req, { success: `Budget for ${yearText} saved.` });
        res.redirect(paths.monitoring.index.build({ la: actor.laCode }, { at }));
      };
    },

    savePeriod(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const at = field(req, 'at');
        const saved = await monitoring.save(actor, actor.laCode, at);
        setFlash(req, {
          success: `${saved.replaced ? 'Replaced' : 'Saved'} period P${saved.period} of ${financialYearLabel(saved.year)}. The next period’s report shows the movement since it.`,
        });
        res.redirect(paths.monitoring.index.build({ la: actor.laCode }, { at }));
      };
    },
  };
}

/** A form error names its line ("Secure: ..."): the form has one amount box per line. */
function labelled(fieldId: string, message: string): string {
  const key = fieldId.replace(/-(amount|weeks|line)$/, '');
  if (key.startsWith('other-')) return `Other line ${key.slice(6)}: ${message}`;
  return `${budgetLineLabel(key)}: ${message}`;
}

export default function routes(services: Services): Router {
  const router = Router();
  const c = monitoringController(services.monitoring, services.budgets);
  const change = requireRole('admin', 'analyst');
  router.get(paths.monitoring.index.pattern, c.show());
  router.get(paths.monitoring.budget.pattern, change, c.budgetForm());
  router.post(paths.monitoring.budget.pattern, change, c.saveBudget());
  router.post(paths.monitoring.save.pattern, change, c.savePeriod());
  return router;
}
