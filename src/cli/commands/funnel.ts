/**
 * `forecare funnel --la CODE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--by month|year] [--json]`
 * (issue 12): the front-door funnel from contacts to entries to care, per month or collection year,
 * with conversion rates, re-referrals, child protection plans by category and duration, entries to
 * care by what came before them and (by year) rates per 10,000 children.
 */
import type { Command } from 'commander';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase, type DbOptions } from '../dbOption.ts';
import { laOption } from '../options.ts';
import { osUserName } from '../osUser.ts';

interface FunnelOptions extends DbOptions {
  readonly la: string;
  readonly from?: string;
  readonly to?: string;
  readonly by?: string;
  readonly json?: boolean;
}

const pct = (v: number | null) => (v === null ? '-' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '-' : v.toLocaleString('en-GB'));

export function register(program: Command): void {
  addDbOption(
    program
      .command('funnel')
      .description('The front-door funnel: contacts, referrals, assessments, s47, ICPC, CP plans, entries to care')
      .addOption(laOption('council (local authority) code'))
      .option(
        '--from <date>',
        'first day, YYYY-MM-DD (whole months, or years, covering it; default: 12 months before --to)',
      )
      .option('--to <date>', 'last day, YYYY-MM-DD (default: the latest date in the CIN census)')
      .option('--by <grain>', 'month or year (collection years, April to March)', 'month')
      .option('--json', 'print the periods, conversions, re-referrals, plans and entries by route as JSON'),
  ).action(async (opts: FunnelOptions) => {
    const [{ funnelView }, { cliActor }, { UserInputError }] = await Promise.all([
      import('../../services/funnel.ts'),
      import('../../services/access.ts'),
      import('../../services/errors.ts'),
    ]);
    const view = await withDatabase(opts, (db) =>
      funnelView(db, cliActor(opts.la, osUserName()), opts.la, {
        ...(opts.from !== undefined ? { from: opts.from } : {}),
        ...(opts.to !== undefined ? { to: opts.to } : {}),
        ...(opts.by !== undefined ? { grain: opts.by } : {}),
      }).catch((err: unknown) => {
        if (err instanceof UserInputError) throw new CliError(`--${err.field}: ${err.message}`);
        throw err;
      }),
    );
    if (opts.json) {
      printJson(view);
      return;
    }
    const lines = [
      `Front-door funnel for ${opts.la}, ${view.from} to ${view.to}, by ${view.grain}${view.hasCin ? '' : ' (no CIN census imported: referrals to plans are 0)'}`,
      '',
      `${'Period'.padEnd(8)}${['Contacts', 'Referrals', 'Assessed', 'S47', 'ICPC', 'CP plans', 'Entries'].map((h) => h.padStart(10)).join('')}`,
    ];
    for (const p of view.periods) {
      const c = p.counts;
      lines.push(
        `${p.period.padEnd(8)}${[c.contacts, c.referrals, c.assessments, c.section47s, c.icpcs, c.cpPlans, c.entries].map((v) => num(v).padStart(10)).join('')}`,
      );
      const v = p.conversions;
      lines.push(
        `${'  conv.'.padEnd(18)}${[v.referrals, v.assessments, v.section47s, v.icpcs, v.cpPlans, v.entries].map((x) => pct(x).padStart(10)).join('')}`,
      );
    }
    const r = view.reReferrals;
    lines.push(
      '',
      `Re-referrals within 12 months: ${num(r.within12Months)} of ${num(r.referrals)} referrals (${pct(r.referrals === 0 ? null : r.within12Months / r.referrals)})`,
      `Child protection plans started: ${num(view.plans.started)} (${
        Object.entries(view.plans.startedByCategory)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ') || 'none'
      }); second or later: ${num(view.plans.startedRepeat)}; ended: ${num(view.plans.ended)}, of which 2 years or more: ${num(view.plans.endedByDuration.y2plus)}`,
      `Entries to care: after a CP plan ${view.entriesByRoute.cpPlan}, after a CIN episode without a plan ${view.entriesByRoute.cinEpisode}, neither ${view.entriesByRoute.neither}, UASC ${view.entriesByRoute.uasc}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
