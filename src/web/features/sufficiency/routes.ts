/**
 * Sufficiency (issue 11): the placement mix month by month, target ratios and what each asks (the
 * children to move and the in-house households they need), and the highest-cost placements.
 */
import { Router, type Request, type RequestHandler } from 'express';
import type { Services } from '../../composition.ts';
import { paths } from '../../paths.ts';
import { actorOf, requireRole } from '../../middleware/auth.ts';
import { formValues, inputErrors, setFlash } from '../../middleware/flash.ts';
import { sendXlsx, wantsXlsx } from '../../components/excel.ts';
import { tableView } from '../../components/tables.ts';
import { ANALYST_ROLES } from '../../../services/access.ts';
import { DEFAULT_CHILDREN_PER_HOUSEHOLD, type SufficiencyService } from '../../../services/sufficiency.ts';
import { childrenPerHouseholdText } from '../../../domain/scenarios/shareMoves.ts';
import type { CapacityService } from '../../../services/capacity.ts';
import {
  capacityGapTable,
  capacityRecordsTable,
  capacityYearsTable,
  highCostTable,
  mixChart,
  mixTable,
  stabilityTable,
  targetsTable,
} from './presenter.ts';

function bodyField(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

/** Children per household from the page's own form: 0.5 to 6, else the default (and say so). */
function perHousehold(req: Request): { value: number | undefined; error?: string } {
  const raw = typeof req.query.perHousehold === 'string' ? req.query.perHousehold.trim() : '';
  // Not typed: the council's own places per household where it records capacity, else the default.
  if (raw === '') return { value: undefined };
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0.5 || n > 6)
    return { value: DEFAULT_CHILDREN_PER_HOUSEHOLD, error: 'Children per household must be a number from 0.5 to 6' };
  return { value: n };
}

function sufficiencyController(sufficiency: SufficiencyService, capacity: CapacityService) {
  return {
    show(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        const household = perHousehold(req);
        const [view, capacityView] = await Promise.all([
          sufficiency.view(
            actor,
            actor.laCode,
            household.value === undefined ? {} : { childrenPerHousehold: household.value },
          ),
          capacity.view(actor, actor.laCode),
        ]);
        if (wantsXlsx(req)) {
          return sendXlsx(
            res,
            `forecare-sufficiency-${actor.laCode}`,
            [
              mixTable(view),
              targetsTable(view, capacityView),
              stabilityTable(view),
              capacityRecordsTable(capacityView),
              capacityGapTable(capacityView),
              capacityYearsTable(capacityView),
              highCostTable(view),
            ],
            { title: 'Sufficiency', council: res.locals.council?.name },
          );
        }
        res.render('sufficiency/views/index.njk', {
          pageTitle: 'Sufficiency',
          view,
          mixChart: view.asAt === null ? undefined : await mixChart(view),
          targets: tableView(targetsTable(view, capacityView)),
          highCost: tableView(highCostTable(view)),
          stability: tableView(stabilityTable(view)),
          capacityView,
          capacityRecords: tableView(capacityRecordsTable(capacityView)),
          capacityGap: tableView(capacityGapTable(capacityView)),
          capacityYears: tableView(capacityYearsTable(capacityView)),
          perHousehold:
            typeof req.query.perHousehold === 'string'
              ? req.query.perHousehold
              : String(Math.round(view.childrenPerHousehold * 100) / 100),
          perHouseholdText:
            view.childrenPerHouseholdFrom.source === 'scenario'
              ? `${view.childrenPerHousehold.toLocaleString('en-GB', { maximumFractionDigits: 2 })} children per in-house fostering household, as typed below`
              : view.childrenPerHouseholdFrom.source === 'default'
                ? `${view.childrenPerHousehold.toLocaleString('en-GB', { maximumFractionDigits: 2 })} children per in-house fostering household, Forecare’s default (an assumption: type your own below, or record the council’s in-house capacity)`
                : childrenPerHouseholdText(view.childrenPerHouseholdFrom),
          perHouseholdError: household.error,
          canChange: ANALYST_ROLES.includes(actor.role),
          values: res.locals.flash.values ?? {},
          xlsxHref: paths.sufficiency.index.build({ la: actor.laCode }, { format: 'xlsx' }),
        });
      };
    },
    setTarget(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        try {
          await sufficiency.setTarget(actor, actor.laCode, {
            kind: bodyField(req, 'kind'),
            inHousePercent: bodyField(req, 'inHousePercent').replace('%', '').trim(),
            by: bodyField(req, 'by').trim(),
          });
          setFlash(req, { success: 'Target saved.' });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err), values: formValues(req) });
        }
        res.redirect(`${paths.sufficiency.index.build({ la: actor.laCode })}#targets`);
      };
    },
    setCapacity(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        try {
          await capacity.set(actor, actor.laCode, {
            month: bodyField(req, 'month'),
            fosteringHouseholds: bodyField(req, 'fosteringHouseholds'),
            fosteringPlaces: bodyField(req, 'fosteringPlaces'),
            homeBeds: bodyField(req, 'homeBeds'),
          });
          setFlash(req, { success: 'In-house capacity saved.' });
        } catch (err) {
          setFlash(req, { errors: inputErrors(err), values: formValues(req) });
        }
        res.redirect(`${paths.sufficiency.index.build({ la: actor.laCode })}#capacity`);
      };
    },
    removeCapacity(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        await capacity.remove(actor, actor.laCode, bodyField(req, 'month'));
        setFlash(req, { success: 'In-house capacity removed.' });
        res.redirect(`${paths.sufficiency.index.build({ la: actor.laCode })}#capacity`);
      };
    },
    removeTarget(): RequestHandler {
      return async (req, res) => {
        const actor = actorOf(req);
        await sufficiency.removeTarget(actor, actor.laCode, bodyField(req, 'kind'), bodyField(req, 'by'));
        setFlash(req, { success: 'Target removed.' });
        res.redirect(`${paths.sufficiency.index.build({ la: actor.laCode })}#targets`);
      };
    },
  };
}

export default function routes(services: Services): Router {
  const router = Router();
  const c = sufficiencyController(services.sufficiency, services.capacity);
  const change = requireRole('admin', 'analyst');
  router.get(paths.sufficiency.index.pattern, c.show());
  router.post(paths.sufficiency.targets.pattern, change, c.setTarget());
  router.post(paths.sufficiency.removeTarget.pattern, change, c.removeTarget());
  router.post(paths.sufficiency.capacity.pattern, change, c.setCapacity());
  router.post(paths.sufficiency.removeCapacity.pattern, change, c.removeCapacity());
  return router;
}
