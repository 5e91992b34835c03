/**
 * The Costs pages' use cases for the web: the council's unit costs and inflation (read by any
 * member, changed by analysts and admins, every change audited) and spend by financial year
 * (actual years, this year's outturn = actuals to date + forecast to year end, and forecast years,
 * each with its 80% and 95% intervals), from src/services/unitCosts.ts and src/services/spend.ts.
 *
 * Spend runs the demand engine and costs every run (./councilSpend.ts, through the engine runner:
 * a worker thread on the server), so it is cached per council, data version and prices (the
 * council's unit costs and inflation rates as stored, and a digest of its child-level costs, read on
 * each request: small queries), so a price changed here or from the command line, or a child cost
 * file imported with `forecare costs`, is used at once.
 */
import { createHash } from 'node:crypto';
import { financialYearLabel, financialYearStart, type IsoDate, isoDateOf } from '../domain/dates.ts';
import {
  calibrateFromChildCosts,
  priceWarnings,
  type Calibration,
  type PriceWarning,
} from '../domain/finance/costBasis.ts';
import { formatPounds } from '../domain/finance/money.ts';
import { RateBook } from '../domain/finance/unitCosts.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import { lastDataDate } from './forecastParameters.ts';
import { DEFAULT_INFLATION } from '../domain/finance/unitCosts.ts';
import {
  PLACEMENT_CATEGORIES,
  PLACEMENT_CATEGORY_LABELS,
  type PlacementCategory,
} from '../domain/placementCategories.ts';
import { type AuditService } from './audit.ts';
import { ANALYST_ROLES, READ_ROLES, assertAccess, type Actor } from './access.ts';
import { inlineEngineRunner, type EngineRunner } from './engineRunner.ts';
import { costingInputs } from './spend.ts';
import type { CouncilSpend } from './councilSpend.ts';

export type { CouncilSpend, SpendYear } from './councilSpend.ts';
import {
  getChildCosts,
  getCostBasis,
  getUnitCostTable,
  removeUnitCost,
  setInflationRate,
  setUnitCost,
  UnitCostInputError,
  PRICE_YEAR,
  type UnitCostTable,
} from './unitCosts.ts';
import { UserInputError } from './errors.ts';
import { RUNS } from './forecastParameters.ts';
import type { Db } from '../store/database.ts';
import type { DataVersions } from './dataVersions.ts';
import { createRunCache } from './runCache.ts';

/** Months of spend forecast (five financial years: the MTFS horizon) and runs behind the page. */
export const SPEND_MONTHS = 60;
/** Runs of the costs page's spend forecast: spend's default (see RUNS in ./forecastParameters.ts). */
export const SPEND_RUNS = RUNS.defaults.spend;
export const SPEND_SEED = 1;

/** Unit costs calibrated from child-level costs, beside the unit costs in force (pence a week). */
export interface CalibrationView {
  readonly calibration: Calibration;
  readonly warnings: readonly PriceWarning[];
  readonly rows: readonly (Calibration['byCategory'][number] & {
    readonly unitWeeklyPence: number;
    readonly warning: PriceWarning | null;
  })[];
}

export interface UnitCostForm {
  readonly category: string;
  readonly placeCode?: string;
  readonly weeklyPounds: string;
  readonly effectiveFrom: string;
  readonly priceYear: string;
  readonly source: string;
}

/** A unit cost error as the form shows it: beside its field (the date's day box for the date). */
function formError(err: UnitCostInputError): UserInputError {
  const field = err.field === 'effectiveFrom' ? 'effectiveFrom-day' : err.field;
  return new UserInputError(field, err.message.charAt(0).toUpperCase() + err.message.slice(1));
}

/** Reads "£1,234.50" or "1234.5" as pounds; NaN for anything else. */
export function parsePounds(text: string): number {
  const t = text.trim().replace(/^£/, '').replace(/,/g, '');
  return /^-?\d+(\.\d{1,2})?$/.test(t) ? Number(t) : NaN;
}

/** `engine` runs the spend forecast's projection (the server's worker pool; this thread by default). */
export function createCostsService(
  db: Db,
  audit: AuditService,
  dataVersions: DataVersions,
  now: () => Date = () => new Date(),
  engine: EngineRunner = inlineEngineRunner(),
) {
  const spendCache = createRunCache<CouncilSpend>({ maxPerCouncil: 4 });
  dataVersions.onInvalidate((la) => spendCache.clear(la));
  // A superseded price list's spend will not be asked for again: drop it.
  const pricesChanged = (la: string) => spendCache.clear(la);
  const today = (): IsoDate => isoDateOf(now());

  /** The council's stored prices (unit costs, inflation, child-level costs) as a cache key for figures costed with them. */
  async function pricesKey(laCode: string): Promise<string> {
    const [basis, childCosts] = await Promise.all([getCostBasis(db, laCode), getChildCosts(db, laCode)]);
    const childCostsDigest =
      childCosts.length === 0 ? '' : createHash('sha256').update(JSON.stringify(childCosts)).digest('base64');
    return JSON.stringify([basis.unitCosts, basis.inflation, childCostsDigest]);
  }

  async function calibrationOf(laCode: string): Promise<CalibrationView | null> {
    const childCosts = await getChildCosts(db, laCode);
    if (childCosts.length === 0) return null;
    const [data, basis] = await Promise.all([loadCaseData(db, laCode), getCostBasis(db, laCode)]);
    const to = lastDataDate(data);
    if (to === null) return null;
    const calibration = calibrateFromChildCosts(data, childCosts, basis.inflation, { to });
    const book = new RateBook(basis);
    const warnings = priceWarnings(calibration, book);
    return {
      calibration,
      warnings,
      rows: calibration.byCategory.map((o) => ({
        ...o,
        unitWeeklyPence: book.weekly(o.category, to).weeklyPence,
        warning: warnings.find((w) => w.category === o.category) ?? null,
      })),
    };
  }

  /** Spend by financial year: the store read here, the rest by the engine runner (a worker thread on the server). */
  async function computeSpend(laCode: string, firstYear: number | undefined): Promise<CouncilSpend> {
    const inputs = await costingInputs(db, laCode, 'cash');
    return engine.councilSpend(inputs, {
      laCode,
      firstYear,
      months: SPEND_MONTHS,
      runs: SPEND_RUNS,
      seed: SPEND_SEED,
    });
  }

  return {
    pricesKey,

    /** The price list in force today, the council's own prices and the inflation rates; any member. */
    async unitCosts(actor: Actor, laCode: string): Promise<UnitCostTable> {
      assertAccess(actor, laCode, READ_ROLES);
      return getUnitCostTable(db, laCode, today());
    },

    /** Inflation for the financial years around today: the council's rate or the default. */
    inflationYears(table: UnitCostTable): Array<{ year: number; label: string; percent: number; isDefault: boolean }> {
      const fy = financialYearStart(today());
      const out = [];
      for (let y = fy - 2; y <= fy + 5; y++) {
        const set = table.inflation.rates[y];
        out.push({
          year: y,
          label: financialYearLabel(y),
          percent: (set ?? DEFAULT_INFLATION.defaultRate) * 100,
          isDefault: set === undefined,
        });
      }
      return out;
    },

    /** Spend by financial year with intervals (cached); any member. */
    async spend(actor: Actor, laCode: string): Promise<CouncilSpend> {
      assertAccess(actor, laCode, READ_ROLES);
      const { version, firstYear } = await dataVersions.get(laCode);
      const prices = await pricesKey(laCode);
      return spendCache.get(laCode, version, prices, () => computeSpend(laCode, firstYear));
    },

    /** Sets (or replaces) a price; analysts and admins. Bad input throws UserInputError naming the field. */
    async setUnitCost(actor: Actor, laCode: string, form: UnitCostForm): Promise<void> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      // The form's own checks turn its text into values (a radio chosen, an amount typed, a date
      // entered); the bounds of each value are setUnitCost's (./unitCosts.ts), whose errors name their field.
      if (!(PLACEMENT_CATEGORIES as readonly string[]).includes(form.category))
        throw new UserInputError('category', 'Select a placement category');
      const weeklyPounds = parsePounds(form.weeklyPounds);
      if (!Number.isFinite(weeklyPounds))
        throw new UserInputError('weeklyPounds', 'Enter the weekly cost in pounds, like 1,250 or 1250.50');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(form.effectiveFrom))
        throw new UserInputError(
          'effectiveFrom-day',
          'Enter the date the cost applies from, including a day, month and year',
        );
      const priceYearText = form.priceYear.trim();
      const priceYear = priceYearText === '' ? financialYearStart(form.effectiveFrom) : Number(priceYearText);
      if (!PRICE_YEAR.schema.safeParse(priceYear).success) {
        throw new UserInputError(
          'priceYear',
          'Enter the start year of the financial year whose prices the cost is in, like 2025 for 2025/26',
        );
      }
      if (form.source.trim().length > 300)
        throw new UserInputError('source', 'The source note must be 300 characters or fewer');
      let saved;
      try {
        saved = await setUnitCost(db, laCode, {
          category: form.category,
          placeCode: form.placeCode?.trim() ? form.placeCode : null,
          weeklyPounds,
          effectiveFrom: form.effectiveFrom,
          priceYear,
          source: form.source,
        });
      } catch (err) {
        if (err instanceof UnitCostInputError) throw formError(err);
        throw err;
      }
      pricesChanged(laCode);
      await audit.record(actor, 'costs.unit_cost_set', {
        category: saved.category,
        placeCode: saved.placeCode,
        weeklyPounds: saved.weeklyPence / 100,
        effectiveFrom: saved.effectiveFrom,
        priceYear: saved.priceYear,
        source: saved.source,
      });
    },

    /**
     * Unit costs calibrated from the council's child-level costs: for each category the weekly prices
     * of placements whose cost started in the 12 months to the last date in the returns, with count
     * and spread, the unit cost in force, and the categories more than 15% away. Null without
     * child-level costs or case data. Any member.
     */
    async calibration(actor: Actor, laCode: string): Promise<CalibrationView | null> {
      assertAccess(actor, laCode, READ_ROLES);
      return calibrationOf(laCode);
    },

    /**
     * Replaces the unit cost of every category with a proposed calibrated price (at least 5
     * placements) by that price, in the window end's prices, applying to all dates; analysts and
     * admins; audited. Returns the categories replaced.
     */
    async applyCalibration(actor: Actor, laCode: string): Promise<PlacementCategory[]> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const view = await calibrationOf(laCode);
      if (!view) throw new UserInputError('calibration', 'There are no child-level costs to calibrate from');
      const cal = view.calibration;
      const done: { category: PlacementCategory; weeklyPounds: number; count: number }[] = [];
      for (const o of cal.byCategory) {
        if (o.proposedWeeklyPence === null) continue;
        await setUnitCost(db, laCode, {
          category: o.category,
          weeklyPounds: o.proposedWeeklyPence / 100,
          priceYear: cal.priceYear,
          source:
            `Calibrated from the council's child-level costs: mean of ${o.count} placements whose cost started ${cal.from} to ${cal.to} ` +
            `(10th-90th percentile ${formatPounds(o.p10WeeklyPence)}-${formatPounds(o.p90WeeklyPence)} a week)`,
        });
        done.push({ category: o.category, weeklyPounds: o.proposedWeeklyPence / 100, count: o.count });
      }
      if (done.length === 0)
        throw new UserInputError('calibration', 'No category has enough placements (at least 5) to calibrate from');
      pricesChanged(laCode);
      await audit.record(actor, 'costs.calibrated', {
        window: { from: cal.from, to: cal.to },
        priceYear: financialYearLabel(cal.priceYear),
        categories: done,
      });
      return done.map((d) => d.category);
    },

    /** Removes one of the council's prices (the default then applies again); analysts and admins. */
    async removeUnitCost(
      actor: Actor,
      laCode: string,
      key: { category: string; placeCode: string | null; effectiveFrom: string },
    ): Promise<boolean> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const removed = await removeUnitCost(db, laCode, key);
      if (removed) {
        pricesChanged(laCode);
        await audit.record(actor, 'costs.unit_cost_removed', { ...key });
      }
      return removed;
    },

    /** Sets the inflation rate of a financial year (percent); analysts and admins. */
    async setInflation(actor: Actor, laCode: string, yearText: string, percentText: string): Promise<void> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      const year = Number(yearText);
      if (!/^\d{4}$/.test(yearText.trim())) throw new UserInputError('year', 'Select a financial year');
      const t = percentText.trim().replace(/%$/, '');
      const percent = /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
      if (!Number.isFinite(percent)) throw new UserInputError('percent', 'Enter inflation as a percentage, like 3.5');
      try {
        await setInflationRate(db, laCode, year, percent);
      } catch (err) {
        if (err instanceof UnitCostInputError) throw formError(err);
        throw err;
      }
      pricesChanged(laCode);
      await audit.record(actor, 'costs.inflation_set', { financialYear: financialYearLabel(year), percent });
    },
  };
}

export type CostsService = ReturnType<typeof createCostsService>;

export function categoryLabel(c: string): string {
  return PLACEMENT_CATEGORY_LABELS[c as PlacementCategory] ?? c;
}
