/** Costs: unit costs (editor for analysts and admins), inflation, and spend by financial year. */
import { Router, type RequestHandler } from 'express';
import { field } from '../../components/forms.ts';
import type { Services } from '../../composition.ts';
import type { PlatformOptions } from '../../types.ts';
import { figuresGate, type FiguresGate } from '../../components/figures.ts';
import { paths } from '../../paths.ts';
import { actorOf, requireRole } from '../../middleware/auth.ts';
import { formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import type { ChartView } from '../../components/charts.ts';
import { ANALYST_ROLES } from '../../../services/access.ts';
import { PLACEMENT_CATEGORIES } from '../../../domain/placementCategories.ts';
import { financialYearStart } from '../../../domain/dates.ts';
import { categoryLabel, type CostsService, type CouncilSpend } from '../../../services/costs.service.ts';
import {
  basisNote,
  calibrationTable,
  childCostsSentence,
  inflationTable,
  lineTable,
  linesChart,
  linesChartTable,
  linesSheet,
  moneyUnit,
  spendChart,
  spendTable,
  unitCostsTable,
} from './presenter.ts';
import { MONEY_UNIT_LABELS } from '../../components/tables.ts';

/** A GOV.UK date input's three fields as YYYY-MM-DD ('' when any is missing or not a number). */
export function dateFromParts(day: string, month: string, year: string): string {
  const d = day.trim();
  const m = month.trim();
  const y = year.trim();
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return '';
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function costsController(costs: CostsService, figures: FiguresGate) {
  const charts = new WeakMap<CouncilSpend, Map<string, Promise<[ChartView, ChartView]>>>();
  return {
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const unit = moneyUnit(req.query.unit);
        const ready = await figures.within(req, costs.spend(actor, actor.laCode));
        if (!ready.ready) return figures.progress(req, res, { pageTitle: 'Costs', figures: 'Spend by financial year' });
        const spend = ready.value;
        const [unitCosts, calibration] = await Promise.all([
          costs.unitCosts(actor, actor.laCode),
          costs.calibration(actor, actor.laCode),
        ]);
        const inflationYears = costs.inflationYears(unitCosts);
        // The year whose lines the page shows: asked for, else the outturn year, else the first.
        const asked = typeof req.query.year === 'string' ? req.query.year : '';
        const shownYear =
          spend.years.find((y) => y.year === asked) ?? spend.years.find((y) => y.basis === 'outturn') ?? spend.years[0];
        const tables = {
          unitCosts: unitCostsTable(unitCosts),
          inflation: inflationTable(inflationYears),
          spend: spendTable(spend, unit),
          lines: linesSheet(spend, unit),
          calibration: calibration ? calibrationTable(calibration) : null,
        };
        if (wantsXlsx(req)) {
          return sendXlsx(
            res,
            `forecare-costs-${actor.laCode}`,
            [
              tables.spend,
              tables.lines,
              tables.unitCosts,
              ...(tables.calibration ? [tables.calibration] : []),
              tables.inflation,
            ],
            { title: 'Costs', council: res.locals.council?.name },
          );
        }
        const key = `${unit}`;
        let perSpend = charts.get(spend);
        if (!perSpend) charts.set(spend, (perSpend = new Map()));
        let chart = perSpend.get(key);
        if (!chart && spend.hasData) {
          const table = spendTable(spend, unit);
          const lineChartTable = linesChartTable(spend, unit);
          chart = Promise.all([spendChart(spend, table, unit), linesChart(spend, lineChartTable, unit)]);
          perSpend.set(key, chart);
          const made = chart;
          made.catch(() => perSpend?.delete(key));
        }
        const [totalChart, lineChart] = chart ? await chart : [null, null];
        const fy = financialYearStart(unitCosts.date);
        const values = res.locals.flash.values ?? { year: String(fy) };
        const la = actor.laCode;
        res.render('costs/views/index.njk', {
          pageTitle: 'Costs',
          canEdit: ANALYST_ROLES.includes(actor.role),
          spend,
          unit,
          unitLabel: MONEY_UNIT_LABELS[unit],
          unitItems: (['thousands', 'millions'] as const).map((u) => ({
            value: u,
            text: MONEY_UNIT_LABELS[u],
            checked: u === unit,
          })),
          spendYearItems: spend.years.map((y) => ({ value: y.year, text: y.year, selected: y === shownYear })),
          spendChart: totalChart,
          linesChart: lineChart,
          linesView: shownYear ? tableView(lineTable(shownYear, unit), { sortable: false }) : null,
          basisNote: basisNote(spend),
          childCostsSentence: childCostsSentence(spend),
          calibration,
          calibrationView: tables.calibration ? tableView(tables.calibration) : null,
          canCalibrate: calibration?.rows.some((r) => r.proposedWeeklyPence !== null) ?? false,
          unitCosts,
          unitCostsView: tableView(tables.unitCosts),
          councilRows: unitCosts.councilRows.map((r) => ({ ...r, label: categoryLabel(r.category) })),
          inflationView: tableView(tables.inflation),
          inflationYears,
          yearItems: inflationYears.map((y) => ({
            value: String(y.year),
            text: y.label,
            selected: String(y.year) === values.year,
          })),
          values,
          xlsxHref: paths.costs.index.build({ la }, { format: 'xlsx', unit: unit === 'thousands' ? undefined : unit }),
        });
      };
    },
    calibrate(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        try {
          const done = await costs.applyCalibration(actor, actor.laCode);
          setFlash(req, {
            success: `Unit costs of ${done.length} ${done.length === 1 ? 'category' : 'categories'} replaced by the prices calibrated from the council’s child-level costs. Spend has been recalculated with them.`,
          });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err) });
        }
        res.redirect(`${paths.costs.index.build({ la: actor.laCode })}#calibration`);
      };
    },
    editForm(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const table = await costs.unitCosts(actor, actor.laCode);
        const q = req.query as Record<string, string | undefined>;
        // "Change" links name the row; its values fill the form.
        const row = table.councilRows.find(
          (r) =>
            r.category === q.category &&
            (r.placeCode ?? '') === (q.placeCode ?? '') &&
            r.effectiveFrom === q.effectiveFrom,
        );
        const [y, m, d] = (row?.effectiveFrom ?? '').split('-');
        const values = res.locals.flash.values ?? {
          category: row?.category ?? q.category ?? '',
          placeCode: row?.placeCode ?? '',
          weeklyPounds: row ? String(row.weeklyPence / 100) : '',
          'effectiveFrom-day': d ?? '',
          'effectiveFrom-month': m ?? '',
          'effectiveFrom-year': y ?? '',
          priceYear: row ? String(row.priceYear) : '',
          source: row?.source ?? '',
        };
        res.render('costs/views/unitCost.njk', {
          pageTitle: row ? 'Change a unit cost' : 'Add a unit cost',
          changing: Boolean(row),
          values,
          categories: PLACEMENT_CATEGORIES.map((c) => ({
            value: c,
            text: categoryLabel(c),
            selected: values.category === c,
          })),
        });
      };
    },
    save(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const effectiveFrom = dateFromParts(
          field(req, 'effectiveFrom-day'),
          field(req, 'effectiveFrom-month'),
          field(req, 'effectiveFrom-year'),
        );
        try {
          await costs.setUnitCost(actor, actor.laCode, {
            category: field(req, 'category'),
            placeCode: field(req, 'placeCode'),
            weeklyPounds: field(req, 'weeklyPounds'),
            effectiveFrom,
            priceYear: field(req, 'priceYear'),
            source: field(req, 'source'),
          });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err), values: formValues(req) });
          return res.redirect(paths.costs.unitCost.build({ la: actor.laCode }));
        }
        setFlash(req, {
          success: `Unit cost for ${categoryLabel(field(req, 'category'))} saved. Spend has been recalculated with it.`,
        });
        res.redirect(paths.costs.index.build({ la: actor.laCode }));
      };
    },
    remove(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const key = {
          category: field(req, 'category'),
          placeCode: field(req, 'placeCode') || null,
          effectiveFrom: field(req, 'effectiveFrom'),
        };
        const removed = await costs.removeUnitCost(actor, actor.laCode, key);
        setFlash(
          req,
          removed
            ? { success: `Unit cost for ${categoryLabel(key.category)} removed.` }
            : { success: 'That unit cost had already been removed.' },
        );
        res.redirect(paths.costs.index.build({ la: actor.laCode }));
      };
    },
    inflation(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        try {
          await costs.setInflation(actor, actor.laCode, field(req, 'year'), field(req, 'percent'));
          setFlash(req, { success: 'Inflation rate saved. Spend has been recalculated with it.' });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err), values: formValues(req) });
        }
        res.redirect(`${paths.costs.index.build({ la: actor.laCode })}#inflation`);
      };
    },
  };
}

export default function routes(services: Services, platform: PlatformOptions): Router {
  const router = Router();
  const c = costsController(services.costs, figuresGate(services.background, platform.figuresWaitMs));
  const change = requireRole('admin', 'analyst');
  router.get(paths.costs.index.pattern, c.show());
  router.get(paths.costs.unitCost.pattern, change, c.editForm());
  router.post(paths.costs.unitCost.pattern, change, c.save());
  router.post(paths.costs.removeUnitCost.pattern, change, c.remove());
  router.post(paths.costs.inflation.pattern, change, c.inflation());
  router.post(paths.costs.calibrate.pattern, change, c.calibrate());
  return router;
}
