/**
 * Regions (issue 11, regional pooling):
 * `forecare region create CODE --name NAME --members A,B,C [--json]`: a regional care co-operative
 *   of two or more councils already in the store (all or nothing); each member's audit log records it.
 * `forecare region add-user CODE --email E`: lets an existing account see the region (its members'
 *   figures and the region's, not their own pages); audited in every member council.
 * `forecare region forecast CODE [--json]`: the region's forecast (members' runs added run by run)
 *   and each member's, as the regional page shows them.
 * `forecare region capacity CODE [--json]`: the region's in-house capacity against demand, capacity
 *   shared, beside the sum of the members' own gaps, by month and financial year (docs/regions.md).
 */
import type { Command } from 'commander';
import type { RegionCapacity, RegionForecast } from '../../services/regions.service.ts';
import type { RegionalKindMonth } from '../../domain/sufficiency/regionalCapacity.ts';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase } from '../dbOption.ts';
import { osUserName } from '../osUser.ts';

// Loaded when a subcommand runs, not when the program is built (see program.ts).
const regions = () => import('../../services/regions.service.ts');

/** Errors for the person at the terminal as one clear message. */
async function asCliError(err: unknown): Promise<never> {
  const [{ UserInputError, NotFoundError, ConflictError }, { AccessDeniedError }] = await Promise.all([
    import('../../services/errors.ts'),
    import('../../services/access.ts'),
  ]);
  if (err instanceof UserInputError) throw new CliError(err.message, 2);
  if (err instanceof NotFoundError || err instanceof ConflictError || err instanceof AccessDeniedError)
    throw new CliError(err.message);
  throw err;
}

const oneDp = (x: number): number => Math.round(x * 10) / 10;

function kindJson(k: RegionalKindMonth) {
  return {
    demand: oneDp(k.demand),
    capacity: k.capacity,
    regionalGap: oneDp(k.regionalGap),
    membersGap: oneDp(k.membersGap),
    sharingSaves: oneDp(k.sharingSaves),
    regionalGapPence: k.regionalGapPence,
    membersGapPence: k.membersGapPence,
    sharingSavesPence: k.sharingSavesPence,
  };
}

/**
 * `{region, members, included, withoutData, withoutCapacity, startsDiffer, months, years}`:
 * children to 1 dp, money in whole pence as `forecare capacity report --json`.
 */
export function regionCapacityJson(rc: RegionCapacity): Record<string, unknown> {
  return {
    region: { code: rc.region.regionCode, name: rc.region.name },
    members: rc.members.map((m) => ({
      laCode: m.laCode,
      councilName: m.councilName,
      forecastStart: m.view.forecastStart,
      capacityRecords: m.view.records.length,
      years: m.view.years,
    })),
    included: rc.included,
    withoutData: rc.withoutData,
    withoutCapacity: rc.withoutCapacity,
    startsDiffer: rc.startsDiffer,
    months: rc.months.map((m) => ({
      month: m.month,
      fostering: kindJson(m.fostering),
      residential: kindJson(m.residential),
    })),
    years: rc.years,
  };
}

/** `{region, members, withoutData, months}`: quantiles rounded to 2 places, as `forecare forecast --json`. */
async function regionJson(rf: RegionForecast): Promise<unknown> {
  const { roundQuantiles } = await import('../../services/forecast.ts');
  const byMonth = (months: RegionForecast['pooled']['months'], month: string) =>
    months.find((m) => m.month === month)?.total;
  return {
    region: { code: rf.region.regionCode, name: rf.region.name },
    start: rf.pooled.start,
    childrenAtStart: rf.pooled.childrenAtStart,
    runs: rf.pooled.params.runs,
    seed: rf.pooled.params.seed,
    members: rf.members.map((m) => ({
      laCode: m.laCode,
      councilName: m.councilName,
      start: m.forecast.start,
      childrenAtStart: m.forecast.childrenAtStart,
    })),
    withoutData: rf.withoutData,
    months: rf.pooled.months.map((m) => ({
      month: m.month,
      total: roundQuantiles(m.total),
      byCategory: Object.fromEntries(Object.entries(m.byCategory).map(([k, q]) => [k, roundQuantiles(q)])),
      members: Object.fromEntries(
        rf.members.map((x) => {
          const q = byMonth(x.forecast.months, m.month);
          return [x.laCode, q ? roundQuantiles(q) : null];
        }),
      ),
    })),
  };
}

export function register(program: Command): void {
  const region = program.command('region').description('Regions: councils planning placements together');
  regionCreate(region);
  regionAddUser(region);
  regionForecast(region);
  regionCapacity(region);
}

/** `forecare region create`. */
function regionCreate(region: Command): void {
  addDbOption(
    region
      .command('create')
      .description('Create a region of two or more councils already in the store')
      .argument('<code>', 'the region code: 1-20 letters, digits or hyphens, e.g. NW-COOP')
      .requiredOption('--name <name>', "the region's name")
      .requiredOption('--members <codes>', 'the member councils, comma-separated, e.g. 301,302,303')
      .option('--json', 'print the result as JSON'),
  ).action(async (code: string, opts: { name: string; members: string; json?: boolean; db?: string }) => {
    const [{ createRegion }, { createAuditService }] = await Promise.all([
      regions(),
      import('../../services/audit.ts'),
    ]);
    await withDatabase(opts, async (db) => {
      try {
        const made = await createRegion(db, createAuditService(db), osUserName(), {
          code,
          name: opts.name,
          members: opts.members.split(','),
        });
        if (opts.json)
          printJson({
            code: made.region.regionCode,
            name: made.region.name,
            members: made.members.map((m) => m.laCode),
          });
        else
          process.stderr.write(
            `Created region ${made.region.regionCode} (${made.region.name}): ${made.members.map((m) => m.laCode).join(', ')}.\n`,
          );
      } catch (err) {
        await asCliError(err);
      }
    });
  });
}

/** `forecare region add-user`. */
function regionAddUser(region: Command): void {
  addDbOption(
    region
      .command('add-user')
      .description('Let an existing account see a region (its members’ figures and the region’s)')
      .argument('<code>', 'the region code')
      .requiredOption('--email <email>', "the person's email address (their account must exist)"),
  ).action(async (code: string, opts: { email: string; db?: string }) => {
    const [{ grantRegionAccess }, { createAuditService }] = await Promise.all([
      regions(),
      import('../../services/audit.ts'),
    ]);
    await withDatabase(opts, async (db) => {
      try {
        await grantRegionAccess(db, createAuditService(db), osUserName(), { region: code, email: opts.email });
        process.stderr.write(`${opts.email.trim().toLowerCase()} now sees region ${code.trim().toUpperCase()}.\n`);
      } catch (err) {
        await asCliError(err);
      }
    });
  });
}

/** `forecare region forecast`. */
function regionForecast(region: Command): void {
  addDbOption(
    region
      .command('forecast')
      .description("The region's forecast (members' runs added run by run) and each member's")
      .argument('<code>', 'the region code')
      .option('--json', 'print {region, start, childrenAtStart, runs, seed, members, withoutData, months} as JSON'),
  ).action(async (code: string, opts: { json?: boolean; db?: string }) => {
    const [{ createRegionsService, parseRegionCode }, { cliRegionActor }, { createDataVersions }] = await Promise.all([
      regions(),
      import('../../services/access.ts'),
      import('../../services/dataVersions.ts'),
    ]);
    await withDatabase(opts, async (db) => {
      try {
        const regionCode = parseRegionCode(code);
        const service = createRegionsService(db, createDataVersions(db));
        const rf = await service.forecast(cliRegionActor(regionCode, osUserName()), regionCode);
        if (opts.json) return printJson(await regionJson(rf));
        const last = rf.pooled.months[rf.pooled.months.length - 1];
        const lines = [
          `${rf.region.name} (${rf.region.regionCode}): ${rf.members.length} members with data, ${rf.pooled.childrenAtStart} children looked after at the start${rf.pooled.start ? ` (${rf.pooled.start})` : ''}`,
        ];
        if (rf.withoutData.length > 0) lines.push(`  no returns, left out: ${rf.withoutData.join(', ')}`);
        if (last) {
          lines.push(`At ${last.monthEnd}: median, 80% interval`);
          for (const m of rf.members) {
            const q = m.forecast.months.find((x) => x.month === last.month)?.total;
            if (q)
              lines.push(
                `  ${m.laCode.padEnd(10)} ${q.p50.toFixed(0).padStart(6)}  ${q.p10.toFixed(0)}-${q.p90.toFixed(0)}`,
              );
          }
          lines.push(
            `  ${'region'.padEnd(10)} ${last.total.p50.toFixed(0).padStart(6)}  ${last.total.p10.toFixed(0)}-${last.total.p90.toFixed(0)} (runs added run by run)`,
          );
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      } catch (err) {
        await asCliError(err);
      }
    });
  });
}

/** `forecare region capacity`. */
function regionCapacity(region: Command): void {
  addDbOption(
    region
      .command('capacity')
      .description(
        "The region's in-house capacity against demand (capacity shared) beside the sum of the members' own gaps, costed by financial year",
      )
      .argument('<code>', 'the region code')
      .option(
        '--json',
        'print {region, members, included, withoutData, withoutCapacity, startsDiffer, months:[{month, fostering, residential}], years} as JSON',
      ),
  ).action(async (code: string, opts: { json?: boolean; db?: string }) => {
    const [{ createRegionsService, parseRegionCode }, { cliRegionActor }, { createDataVersions }, { formatPounds }] =
      await Promise.all([
        regions(),
        import('../../services/access.ts'),
        import('../../services/dataVersions.ts'),
        import('../../domain/finance/money.ts'),
      ]);
    await withDatabase(opts, async (db) => {
      try {
        const regionCode = parseRegionCode(code);
        const service = createRegionsService(db, createDataVersions(db));
        const rc = await service.capacity(cliRegionActor(regionCode, osUserName()), regionCode);
        if (opts.json) return printJson(regionCapacityJson(rc));
        const lines = [
          `${rc.region.name} (${rc.region.regionCode}): in-house capacity against demand, ${rc.included.length} members in the figures`,
        ];
        if (rc.withoutData.length > 0) lines.push(`  no returns, left out: ${rc.withoutData.join(', ')}`);
        if (rc.withoutCapacity.length > 0)
          lines.push(`  no capacity recorded, left out: ${rc.withoutCapacity.join(', ')}`);
        lines.push('Cost of buying the gap externally: region (capacity shared) / sum of members’ own / sharing saves');
        for (const y of rc.years)
          lines.push(
            `  ${y.label} (${y.months} months)  fostering ${formatPounds(y.fostering.regionalGapPence)} / ${formatPounds(y.fostering.membersGapPence)} / ${formatPounds(y.fostering.sharingSavesPence)}; residential ${formatPounds(y.residential.regionalGapPence)} / ${formatPounds(y.residential.membersGapPence)} / ${formatPounds(y.residential.sharingSavesPence)}`,
          );
        process.stdout.write(`${lines.join('\n')}\n`);
      } catch (err) {
        await asCliError(err);
      }
    });
  });
}
