/**
 * Regions (issue 11, regional pooling): a regional care co-operative is a named set of councils
 * that plan placements together. A person given a region sees the region as a whole and each
 * member council's figures (its forecast and placement mix: counts, never child-level rows);
 * regional access is not membership of the member councils, so their own pages stay closed, and
 * a council's own people see nothing of the region or its other members.
 *
 * The region's forecast adds the members' Monte Carlo runs run by run (src/domain/engine/pooling.ts)
 * so its intervals are those of the regional total, not sums of intervals. Each member is forecast
 * exactly as its own Forecast page forecasts it (the page's default parameters and seed, the same
 * function), so a member's figures on the regional page equal its own page's. The placement mix of
 * the region adds the members' in-house and external counts (numerators and denominators summed),
 * never averages their ratios.
 *
 * Regions and who sees them are set up from the command line (`forecare region`): joining a region
 * opens a council's figures to people outside it, which no one council's web admin may decide for
 * the others. Each change is audited in every member council's log.
 */
import type { IsoDate } from '../domain/dates.ts';
import { poolRuns, summariseRuns, type PopulationRuns } from '../domain/engine/pooling.ts';
import { mixSeries, MIX_KINDS, type MixKind, type MixPoint } from '../domain/sufficiency/mix.ts';
import type { Stock } from '../domain/stock.ts';
import type { PlacementCategory } from '../domain/placementCategories.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import { findCouncil } from '../store/councils.repository.ts';
import type { Db } from '../store/database.ts';
import {
  findRegion,
  insertRegion,
  insertUserRegion,
  listRegionMembers,
  listUserRegions,
  type RegionMemberRow,
  type RegionRow,
} from '../store/regions.repository.ts';
import { findUserByEmail } from '../store/users.repository.ts';
import { AccessDeniedError, assertRegionAccess, cliActor, type RegionActor } from './access.ts';
import type { AuditService } from './audit.ts';
import type { DataVersions } from './dataVersions.ts';
import { inlineEngineRunner, type EngineRunner } from './engineRunner.ts';
import { ConflictError, NotFoundError, UserInputError } from './errors.ts';
import { councilForecastWithRuns, FORECAST_DEFAULTS, paramsKey, type CouncilForecast } from './forecast.service.ts';
import { createRunCache } from './runCache.ts';
import { capacityDemand, capacityFigures, type CapacityView } from './capacity.ts';
import type { DemandMonth } from '../domain/sufficiency/capacity.ts';
import {
  regionalCapacityMonths,
  regionalCapacityYears,
  type RegionalCapacityMonth,
  type RegionalCapacityYear,
} from '../domain/sufficiency/regionalCapacity.ts';

export type Region = RegionRow;
export type RegionMember = RegionMemberRow;

const REGION_CODE_RE = /^[A-Z0-9][A-Z0-9-]{0,19}$/;

/** A region code as typed: trimmed and upper-cased; 1-20 letters, digits or hyphens. */
export function parseRegionCode(raw: string): string {
  const code = raw.trim().toUpperCase();
  if (!REGION_CODE_RE.test(code))
    throw new UserInputError('region', 'The region code is 1-20 letters, digits or hyphens, e.g. NW-COOP');
  return code;
}

/** One member council on the regional page: its own forecast and its mix on the start date. */
export interface RegionMemberFigures {
  readonly laCode: string;
  readonly councilName: string;
  /** As the council's own Forecast page shows it (same parameters and seed). */
  readonly forecast: CouncilForecast;
  /** Its placement mix on the forecast's start date (the latest return's 31 March); null without data. */
  readonly mix: Readonly<Record<MixKind, MixPoint>> | null;
}

export interface RegionForecast {
  readonly region: Region;
  readonly members: readonly RegionMemberFigures[];
  /** Members with no returns imported: listed, and left out of the region's figures. */
  readonly withoutData: readonly string[];
  /**
   * The region's forecast, shaped as a council's (laCode is the region code; no fitted rates): the
   * members' runs added run by run at each month all of them forecast, and their histories added
   * at each month end all of them have. Its start is null when members' returns end on different
   * dates (then `startsDiffer`).
   */
  readonly pooled: CouncilForecast;
  readonly startsDiffer: boolean;
  /** The region's placement mix month by month: members' in-house and external counts added. */
  readonly mix: Readonly<Record<MixKind, readonly MixPoint[]>>;
}

/** One member's in-house capacity against its demand, as its own Sufficiency page has it. */
export interface RegionMemberCapacity {
  readonly laCode: string;
  readonly councilName: string;
  readonly view: CapacityView;
}

/**
 * The region's in-house capacity against its demand (src/domain/sufficiency/regionalCapacity.ts):
 * the regional gap with capacity shared, beside the sum of the members' own gaps, by month and
 * financial year, costed as the members' pages cost them.
 */
export interface RegionCapacity {
  readonly region: Region;
  /** Every member, with its own figures (empty for one without returns). */
  readonly members: readonly RegionMemberCapacity[];
  /** Members in the region's figures: returns imported and capacity recorded. */
  readonly included: readonly string[];
  readonly withoutData: readonly string[];
  /** Members with returns but no capacity recorded: left out of the region's figures. */
  readonly withoutCapacity: readonly string[];
  /** True when the included members' forecasts start on different dates (the months are those all cover). */
  readonly startsDiffer: boolean;
  readonly months: readonly RegionalCapacityMonth[];
  readonly years: readonly RegionalCapacityYear[];
}

/** The members' month-end stocks added, at the dates every member has. */
export function addStocks(members: readonly (readonly Stock[])[]): Stock[] {
  const first = members[0];
  if (!first) return [];
  const shared = first.filter((s) => members.every((m) => m.some((t) => t.date === s.date))).map((s) => s.date);
  return shared.map((date) => {
    const at = members.map((m) => m.find((s) => s.date === date) as Stock);
    const byCategory: Record<string, number> = {};
    const byAgeBand: Record<string, number> = {};
    for (const s of at) {
      for (const [k, v] of Object.entries(s.byCategory)) byCategory[k] = (byCategory[k] ?? 0) + v;
      for (const [k, v] of Object.entries(s.byAgeBand)) byAgeBand[k] = (byAgeBand[k] ?? 0) + v;
    }
    return {
      date,
      total: at.reduce((n, s) => n + s.total, 0),
      byCategory: byCategory as Record<PlacementCategory, number>,
      byAgeBand,
    };
  });
}

/**
 * The region's figures from its members' forecasts and runs (members without data are left out by
 * the caller). Pure apart from the arithmetic.
 */
export function poolRegion(
  region: Region,
  members: readonly {
    readonly member: RegionMember;
    readonly forecast: CouncilForecast;
    readonly runs: PopulationRuns;
  }[],
  withoutData: readonly string[],
): RegionForecast {
  const pooledRuns = poolRuns(members.map((m) => m.runs));
  const starts = new Set(members.map((m) => m.forecast.start));
  const startsDiffer = starts.size > 1;
  const history = addStocks(members.map((m) => m.forecast.history));
  const model = members.flatMap((m) => m.forecast.model);
  const pooled: CouncilForecast = {
    hasData: members.length > 0,
    laCode: region.regionCode,
    dataVersion: 0,
    params: FORECAST_DEFAULTS,
    start: startsDiffer ? null : ((members[0]?.forecast.start ?? null) as IsoDate | null),
    childrenAtStart: members.reduce((n, m) => n + m.forecast.childrenAtStart, 0),
    months: summariseRuns(pooledRuns),
    history,
    rates: null,
    model,
    // Why the forecast moves is told per council (each member's own page), not for the region.
    movement: null,
    warnings: [...new Set(members.flatMap((m) => m.forecast.warnings.map((w) => `${m.member.laCode}: ${w}`)))],
    computeMs: members.reduce((n, m) => n + m.forecast.computeMs, 0),
  };
  const mix = Object.fromEntries(MIX_KINDS.map((k) => [k, mixSeries(history, k)])) as Record<MixKind, MixPoint[]>;
  return {
    region,
    members: members.map(({ member, forecast }) => ({
      laCode: member.laCode,
      councilName: member.councilName,
      forecast,
      mix: latestMix(forecast.history),
    })),
    withoutData,
    pooled,
    startsDiffer,
    mix,
  };
}

function latestMix(history: readonly Stock[]): Record<MixKind, MixPoint> | null {
  const last = history[history.length - 1];
  if (!last) return null;
  return Object.fromEntries(MIX_KINDS.map((k) => [k, mixSeries([last], k)[0] as MixPoint])) as Record<
    MixKind,
    MixPoint
  >;
}

/**
 * Creates a region with its member councils (the command line; all or nothing). Each member's
 * audit log records that it joined, by whom.
 */
export async function createRegion(
  db: Db,
  audit: AuditService,
  osUser: string,
  input: { readonly code: string; readonly name: string; readonly members: readonly string[] },
  now: () => Date = () => new Date(),
): Promise<{ region: Region; members: RegionMember[] }> {
  const code = parseRegionCode(input.code);
  const name = input.name.trim();
  if (name === '' || name.length > 120) throw new UserInputError('name', 'Enter the region’s name (1-120 characters)');
  const members = input.members.map((m) => m.trim()).filter((m) => m !== '');
  const seen = new Set<string>();
  const repeated = members.filter((m) => (seen.has(m) ? true : (seen.add(m), false)));
  if (repeated.length > 0)
    throw new UserInputError('members', `Each council once: ${[...new Set(repeated)].join(', ')} given twice`);
  if (members.length < 2) throw new UserInputError('members', 'A region has two or more member councils');
  const unknown: string[] = [];
  for (const la of members) if (!(await findCouncil(db, la))) unknown.push(la);
  if (unknown.length > 0)
    throw new UserInputError('members', `No council with code ${unknown.join(', ')}: import its returns first`);
  if (await findRegion(db, code)) throw new ConflictError(`Region ${code} exists already`);
  const createdAt = now().toISOString();
  await insertRegion(db, { regionCode: code, name, createdAt, members });
  for (const la of members)
    await audit.record(cliActor(la, osUser), 'region.joined', { regionCode: code, regionName: name, members });
  return { region: { regionCode: code, name, createdAt }, members: await listRegionMembers(db, code) };
}

/**
 * Lets a person (an existing account) see a region (the command line). Every member council's
 * audit log records who now sees its figures through the region.
 */
export async function grantRegionAccess(
  db: Db,
  audit: AuditService,
  osUser: string,
  input: { readonly region: string; readonly email: string },
): Promise<void> {
  const code = parseRegionCode(input.region);
  if (!(await findRegion(db, code))) throw new NotFoundError(`No region ${code}`);
  const user = await findUserByEmail(db, input.email.trim());
  if (!user)
    throw new UserInputError('email', `No account for ${input.email.trim()}: a council admin adds the person first`);
  await insertUserRegion(db, code, user.id);
  for (const m of await listRegionMembers(db, code))
    await audit.record(cliActor(m.laCode, osUser), 'region.user_added', {
      regionCode: code,
      userId: user.id,
      email: user.email,
    });
}

/** Regional pages' service. `engine` runs the members' forecasts (the server's worker pool; this thread by default). */
export function createRegionsService(db: Db, dataVersions: DataVersions, engine: EngineRunner = inlineEngineRunner()) {
  // Each member's default forecast and its runs, per data version (the runs are what the region adds).
  const memberRuns = createRunCache<Awaited<ReturnType<typeof councilForecastWithRuns>>>({ maxPerCouncil: 1 });
  // The region's figures, per region and its members' data versions.
  const regions = createRunCache<RegionForecast>({ maxPerCouncil: 2 });
  // Each member's expected demand for capacity (its own Sufficiency page's), per data version.
  const memberDemand = createRunCache<{ readonly start: IsoDate; readonly demand: DemandMonth[] } | null>({
    maxPerCouncil: 1,
  });
  dataVersions.onInvalidate((la) => {
    memberRuns.clear(la);
    memberDemand.clear(la);
  });

  async function regionOf(
    actor: RegionActor,
    regionCode: string,
  ): Promise<{ region: Region; members: RegionMember[] }> {
    assertRegionAccess(actor, regionCode);
    const region = await findRegion(db, regionCode);
    if (!region) throw new NotFoundError(`No region ${regionCode}`);
    return { region, members: await listRegionMembers(db, regionCode) };
  }

  async function memberForecast(laCode: string) {
    const { version, firstYear } = await dataVersions.get(laCode);
    return {
      version,
      value: memberRuns.get(laCode, version, paramsKey(FORECAST_DEFAULTS), async () =>
        councilForecastWithRuns(laCode, await loadCaseData(db, laCode), FORECAST_DEFAULTS, version, engine, firstYear),
      ),
    };
  }

  return {
    /** The regions the person sees (for the session and the choose page). */
    regionsOf(userId: number): Promise<Region[]> {
      return listUserRegions(db, userId);
    },

    /** The region and its member councils. */
    async region(actor: RegionActor, regionCode: string): Promise<{ region: Region; members: RegionMember[] }> {
      return regionOf(actor, regionCode);
    },

    /** The region's forecast and mix, and each member's: computed once per members' data versions. */
    async forecast(actor: RegionActor, regionCode: string): Promise<RegionForecast> {
      const { region, members } = await regionOf(actor, regionCode);
      const forecasts = await Promise.all(members.map((m) => memberForecast(m.laCode)));
      const key = members.map((m, i) => `${m.laCode}@${forecasts[i]?.version}`).join(',');
      return regions.get(regionCode, 0, key, async () => {
        const done = await Promise.all(forecasts.map((f) => f.value));
        const withData = members.flatMap((member, i) => {
          const f = done[i];
          return f?.runs ? [{ member, forecast: f.forecast, runs: f.runs }] : [];
        });
        const withoutData = members.filter((_, i) => !done[i]?.runs).map((m) => m.laCode);
        return poolRegion(region, withData, withoutData);
      });
    },

    /**
     * The region's in-house capacity against demand: each member's figures as its own Sufficiency
     * page has them (records, demand and prices read afresh; the forecast's demand cached per data
     * version), and the region's, capacity shared, beside the sum of the members' own gaps.
     */
    async capacity(actor: RegionActor, regionCode: string): Promise<RegionCapacity> {
      const { region, members } = await regionOf(actor, regionCode);
      const views = await Promise.all(
        members.map(async (m) => {
          const { version } = await dataVersions.get(m.laCode);
          const view = await capacityFigures(db, m.laCode, {
            demand: () => memberDemand.get(m.laCode, version, 'capacity', () => capacityDemand(db, m.laCode)),
          });
          return { laCode: m.laCode, councilName: m.councilName, view };
        }),
      );
      const withoutData = views.filter((v) => v.view.forecastStart === null).map((v) => v.laCode);
      const withoutCapacity = views
        .filter((v) => v.view.forecastStart !== null && v.view.records.length === 0)
        .map((v) => v.laCode);
      const included = views.filter((v) => v.view.forecastStart !== null && v.view.records.length > 0);
      const months = regionalCapacityMonths(included.map((v) => ({ laCode: v.laCode, months: v.view.months })));
      return {
        region,
        members: views,
        included: included.map((v) => v.laCode),
        withoutData,
        withoutCapacity,
        startsDiffer: new Set(included.map((v) => v.view.forecastStart)).size > 1,
        months,
        years: regionalCapacityYears(months),
      };
    },

    /**
     * One member council's forecast, as its own Forecast page shows it; refused for a council
     * that is not a member of the region.
     */
    async memberForecast(actor: RegionActor, regionCode: string, laCode: string): Promise<RegionMemberFigures> {
      const { members } = await regionOf(actor, regionCode);
      const member = members.find((m) => m.laCode === laCode);
      if (!member)
        throw new AccessDeniedError(`${actor.name} may not see council ${laCode}: not in region ${regionCode}`);
      const figures = (await this.forecast(actor, regionCode)).members.find((m) => m.laCode === laCode);
      if (figures) return figures;
      const { forecast } = await (await memberForecast(laCode)).value;
      return { laCode, councilName: member.councilName, forecast, mix: null };
    },
  };
}

export type RegionsService = ReturnType<typeof createRegionsService>;
