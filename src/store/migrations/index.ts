/**
 * Migrations in code, frozen in time and named by ISO timestamp. Add each new migration module
 * here; Kysely applies them in name order.
 */
import type { Migration, MigrationProvider } from 'kysely/migration';

const MIGRATIONS: Record<string, () => Promise<Migration>> = {
  '20261123T093000_case_data': () => import('./20261123T093000_case_data.ts'),
  '20261123T100000_finance': () => import('./20261123T100000_finance.ts'),
  '20261123T110000_web': () => import('./20261123T110000_web.ts'),
  '20261123T113000_programmes': () => import('./20261123T113000_programmes.ts'),
  '20261207T051325_budgets_monitoring_post_care': () => import('./20261207T051325_budgets_monitoring_post_care.ts'),
  '20261207T071030_council_logos': () => import('./20261207T071030_council_logos.ts'),
  '20261207T080500_totp_last_step': () => import('./20261207T080500_totp_last_step.ts'),
  '20261207T081500_permanence': () => import('./20261207T081500_permanence.ts'),
  '20261207T083000_model_cache': () => import('./20261207T083000_model_cache.ts'),
  '20261207T090000_placement_mix_targets': () => import('./20261207T090000_placement_mix_targets.ts'),
  '20261207T111000_cin_census': () => import('./20261207T111000_cin_census.ts'),
  '20261207T111230_workforce': () => import('./20261207T111230_workforce.ts'),
  '20261207T112500_indicators': () => import('./20261207T112500_indicators.ts'),
  '20261207T113100_episode_placement_area': () => import('./20261207T113100_episode_placement_area.ts'),
  '20261207T113400_regions': () => import('./20261207T113400_regions.ts'),
  '20261207T115000_inhouse_capacity': () => import('./20261207T115000_inhouse_capacity.ts'),
  '20261207T140000_permanence_lists': () => import('./20261207T140000_permanence_lists.ts'),
  '20261207T143000_care_leaver_outcomes': () => import('./20261207T143000_care_leaver_outcomes.ts'),
  '20261207T143500_permanence_targets': () => import('./20261207T143500_permanence_targets.ts'),
  '20261207T171000_cin_without_rowid': () => import('./20261207T171000_cin_without_rowid.ts'),
};

/** Every migration's name, in the order Kysely applies them (no module loaded). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    const entries = await Promise.all(
      Object.entries(MIGRATIONS).map(async ([name, load]) => [name, await load()] as const),
    );
    return Object.fromEntries(entries);
  },
};
