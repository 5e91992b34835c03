/**
 * The database schema as Kysely sees it: the union of each feature's tables, each declared in
 * ./tables/<feature>.ts as an interface and listed in `extends` below. Every table carries
 * `la_code`, the council it belongs to.
 */

// Add each feature's table interface to the extends list, e.g. `extends CaseTables, WebTables`.
import type { CaseTables } from './tables/case.ts';
import type { WebTables } from './tables/web.ts';
import type { FinanceTables } from './tables/finance.ts';
import type { ProgrammeTables } from './tables/programme.ts';
import type { MoneyTables } from './tables/money.ts';
import type { BrandingTables } from './tables/branding.ts';
import type { PermanenceTables } from './tables/permanence.ts';
import type { ModelCacheTables } from './tables/modelCache.ts';
import type { CinTables } from './tables/cin.ts';
import type { WorkforceTables } from './tables/workforce.ts';
import type { IndicatorTables } from './tables/indicators.ts';
import type { RegionTables } from './tables/regions.ts';

// Composed from the feature table interfaces.
export interface Database
  extends
    CaseTables,
    WebTables,
    FinanceTables,
    ProgrammeTables,
    MoneyTables,
    BrandingTables,
    PermanenceTables,
    ModelCacheTables,
    CinTables,
    WorkforceTables,
    IndicatorTables,
    RegionTables {}
