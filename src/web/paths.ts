/**
 * Every URL of the web app, as typed path builders: routes use `.pattern`, redirects, templates
 * and tests use `.build(...)`. No string URLs anywhere else (templates get `paths` as a global).
 *
 * Council pages live under `/c/:la/...`, so the council a page shows is always explicit in the
 * URL and checked against the signed-in user's memberships before any feature router runs.
 */

/** The `:name` parameters of a pattern, as an object type. */
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type PathParams<P extends string> = { readonly [K in ParamNames<P>]: string | number };

export type Query = Readonly<Record<string, string | number | boolean | undefined | null>>;

export interface Path<P extends string> {
  readonly pattern: P;
  build(
    ...args: ParamNames<P> extends never
      ? [params?: Record<string, never>, query?: Query]
      : [params: PathParams<P>, query?: Query]
  ): string;
  /** Whether a request path (no query string) is one of this pattern's URLs. */
  matches(pathname: string): boolean;
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const usp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') usp.append(k, String(v));
  const s = usp.toString();
  return s ? `?${s}` : '';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function path<P extends string>(pattern: P): Path<P> {
  const regex = new RegExp(
    `^${pattern
      .split(/(:[A-Za-z_][A-Za-z0-9_]*)/)
      .map((part) => (part.startsWith(':') ? '[^/]+' : escapeRegExp(part)))
      .join('')}/?$`,
  );
  return {
    pattern,
    matches: (pathname: string) => regex.test(pathname),
    build(...args: unknown[]) {
      const params = (args[0] ?? {}) as Record<string, string | number>;
      const query = args[1] as Query | undefined;
      const url = pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
        const value = params[name];
        if (value === undefined) throw new Error(`path ${pattern}: missing parameter ${name}`);
        return encodeURIComponent(String(value));
      });
      return url + queryString(query);
    },
  } as Path<P>;
}

export const paths = {
  root: path('/'),
  health: path('/health'),
  assets: path('/assets'),

  signIn: path('/sign-in'),
  signInCode: path('/sign-in/code'),
  signOut: path('/sign-out'),

  /** Choose (or switch) council. */
  councils: path('/councils'),

  account: {
    twoFactor: path('/account/two-factor'),
    twoFactorRemove: path('/account/two-factor/remove'),
  },

  /** A region's pages (issue 11): behind the region access check, never a council's. */
  region: path('/r/:region'),
  regions: {
    index: path('/r/:region'),
    capacity: path('/r/:region/capacity'),
    member: path('/r/:region/councils/:la'),
  },

  /** Everything under here is one council's; mounted behind the council access check. */
  council: path('/c/:la'),

  overview: path('/c/:la/overview'),

  data: {
    index: path('/c/:la/data'),
    uploads: path('/c/:la/data/uploads'),
    upload: path('/c/:la/data/uploads/:uploadId'),
    report: path('/c/:la/data/uploads/:uploadId/report'),
    importUpload: path('/c/:la/data/uploads/:uploadId/import'),
    discardUpload: path('/c/:la/data/uploads/:uploadId/discard'),
    history: path('/c/:la/data/imports'),
  },
  /** The children in need census and the council's monthly counts (issue 12), under Data. */
  cin: {
    index: path('/c/:la/data/cin'),
    uploads: path('/c/:la/data/cin/uploads'),
    upload: path('/c/:la/data/cin/uploads/:uploadId'),
    importUpload: path('/c/:la/data/cin/uploads/:uploadId/import'),
    discardUpload: path('/c/:la/data/cin/uploads/:uploadId/discard'),
    counts: path('/c/:la/data/monthly-counts'),
    removeMonth: path('/c/:la/data/monthly-counts/remove'),
    countsUpload: path('/c/:la/data/monthly-counts/upload'),
  },

  users: {
    index: path('/c/:la/users'),
    add: path('/c/:la/users/add'),
    role: path('/c/:la/users/:userId/role'),
    remove: path('/c/:la/users/:userId/remove'),
  },

  audit: path('/c/:la/audit'),
  settings: path('/c/:la/settings'),
  /** The council's name and logo (a multipart form on the settings page), and removing the logo. */
  settingsBranding: path('/c/:la/settings/branding'),
  settingsLogoRemove: path('/c/:la/settings/logo/remove'),
  /** The council's logo image; `version` is its SHA-256, so the URL changes with the image. */
  councilLogo: path('/c/:la/logo/:version'),

  // The second web engineer's features: extend each group with its sub-pages.
  forecast: {
    index: path('/c/:la/forecast'),
    rates: path('/c/:la/forecast/rates'),
    backtest: path('/c/:la/forecast/backtest'),
  },
  monitoring: {
    index: path('/c/:la/monitoring'),
    budget: path('/c/:la/monitoring/budget'),
    save: path('/c/:la/monitoring/save'),
  },
  costs: {
    index: path('/c/:la/costs'),
    unitCost: path('/c/:la/costs/unit-costs'),
    removeUnitCost: path('/c/:la/costs/unit-costs/remove'),
    inflation: path('/c/:la/costs/inflation'),
    calibrate: path('/c/:la/costs/calibrate'),
  },
  scenarios: {
    index: path('/c/:la/scenarios'),
    create: path('/c/:la/scenarios/new'),
    show: path('/c/:la/scenarios/:name'),
    edit: path('/c/:la/scenarios/:name/edit'),
    copy: path('/c/:la/scenarios/:name/copy'),
    remove: path('/c/:la/scenarios/:name/delete'),
    compare: path('/c/:la/scenarios/:name/compare'),
    addAdjustment: path('/c/:la/scenarios/:name/adjustments/new'),
    adjustment: path('/c/:la/scenarios/:name/adjustments/:number'),
    removeAdjustment: path('/c/:la/scenarios/:name/adjustments/:number/remove'),
  },
  workforce: {
    index: path('/c/:la/workforce'),
    entry: path('/c/:la/workforce/figures'),
    remove: path('/c/:la/workforce/figures/remove'),
    upload: path('/c/:la/workforce/upload'),
  },
  funnel: {
    index: path('/c/:la/front-door'),
  },
  indicators: {
    index: path('/c/:la/indicators'),
    population: path('/c/:la/indicators/population'),
    neighbours: path('/c/:la/indicators/neighbours'),
    benchmarks: path('/c/:la/indicators/benchmarks'),
  },
  sufficiency: {
    index: path('/c/:la/sufficiency'),
    targets: path('/c/:la/sufficiency/targets'),
    removeTarget: path('/c/:la/sufficiency/targets/remove'),
    capacity: path('/c/:la/sufficiency/capacity'),
    removeCapacity: path('/c/:la/sufficiency/capacity/remove'),
  },
  trackers: {
    index: path('/c/:la/permanence'),
    /** Beside the projects, not under them: any name may be a project's. */
    upload: path('/c/:la/permanence-upload'),
    show: path('/c/:la/permanence/:project'),
    targets: path('/c/:la/permanence/:project/targets'),
    removeTarget: path('/c/:la/permanence/:project/targets/remove'),
    child: path('/c/:la/permanence/:project/children/:child'),
    childStatus: path('/c/:la/permanence/:project/children/:child/status'),
    childNotes: path('/c/:la/permanence/:project/children/:child/notes'),
    removeNote: path('/c/:la/permanence/:project/children/:child/notes/remove'),
    /** Children in care to pick for a project (GET lists, POST adds). */
    pick: path('/c/:la/permanence-children'),
    /** The council's reasons and note codes. */
    lists: path('/c/:la/permanence-lists'),
    addListItem: path('/c/:la/permanence-lists/add'),
    renameListItem: path('/c/:la/permanence-lists/rename'),
    retireListItem: path('/c/:la/permanence-lists/retire'),
  },
  programmes: {
    index: path('/c/:la/programmes'),
    upload: path('/c/:la/programmes/upload'),
    show: path('/c/:la/programmes/:programmeId'),
    checks: path('/c/:la/programmes/:programmeId/checks'),
    workbook: path('/c/:la/programmes/:programmeId/workbook'),
    remove: path('/c/:la/programmes/:programmeId/delete'),
    initiative: path('/c/:la/programmes/:programmeId/initiatives/:initiativeId'),
    editInitiative: path('/c/:la/programmes/:programmeId/initiatives/:initiativeId/edit'),
    create: path('/c/:la/programmes/new'),
    createCheck: path('/c/:la/programmes/new/check'),
    edit: path('/c/:la/programmes/:programmeId/edit'),
    settings: path('/c/:la/programmes/:programmeId/edit/settings'),
    addInitiative: path('/c/:la/programmes/:programmeId/edit/add-initiative'),
    removeInitiative: path('/c/:la/programmes/:programmeId/initiatives/:initiativeId/remove'),
    editSection: path('/c/:la/programmes/:programmeId/initiatives/:initiativeId/edit/:section'),
  },
} as const;

export type Paths = typeof paths;

/**
 * The only routes that take `multipart/form-data` (files). Each parses the body itself with
 * `tokenBeforeFiles` and checks the CSRF token before its handler (middleware/csrf.ts); a
 * multipart body sent anywhere else is refused.
 */
export const fileRoutes = [
  paths.data.uploads,
  paths.programmes.upload,
  paths.settingsBranding,
  paths.indicators.benchmarks,
  paths.workforce.upload,
  paths.trackers.upload,
  paths.cin.uploads,
  paths.cin.countsUpload,
] as const;
