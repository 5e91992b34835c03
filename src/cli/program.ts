import { Command, Help } from 'commander';

/**
 * The commands. Each lives in its own module under ./commands and exports `register(program)`;
 * add a new one to COMMANDS with the line `forecare --help` shows for it (`term` as commander
 * writes it: name, ` [options]` when it has options, its arguments; the description as the module
 * gives it). test/cli/program.test.ts checks that the light help equals the one built from every
 * module, so a command whose name, options, arguments or description change fails there until
 * its line here follows.
 *
 * Start-up (issue 13: `forecare --help` under 0.3 s): `forecare <command> ...` loads only that
 * command's module (`help <command>` too); `forecare --help`, no command or an unknown one load no
 * command module, only the lines below. A command module imports at its top only commander,
 * ../options.ts and small domain modules (types with `import type`); services, the store, config,
 * io, the web app, charts and Excel are imported with `await import(...)` inside the action that
 * needs them. test/cli/forecast.test.ts checks what --help and a forecast load.
 */
interface CommandEntry {
  /** As commander's help lists it: name, ` [options]` when it has options, its arguments. */
  readonly term: string;
  readonly description: string;
  readonly load: () => Promise<{ register: (program: Command) => void }>;
}

const indicators = () => import('./commands/indicators.ts'); // registers indicators and benchmarks

const COMMANDS: readonly CommandEntry[] = [
  {
    term: 'validate [options] <paths...>',
    description: 'Check SSDA903 returns (folders or CSV/Excel files) and explain every problem',
    load: () => import('./commands/validate.ts'),
  },
  {
    term: 'stock [options]',
    description: 'Children looked after on a day, by placement category and age band',
    load: () => import('./commands/stock.ts'),
  },
  {
    term: 'costs',
    description: 'Unit costs, inflation and child-level placement costs',
    load: () => import('./commands/costs.ts'),
  },
  {
    term: 'spend [options]',
    description: 'Placement spend: forecast with intervals (this year as outturn), or actuals from the episodes',
    load: () => import('./commands/spend.ts'),
  },
  {
    term: 'scenario',
    description: 'What-if scenarios: run against the baseline, save, list, show',
    load: () => import('./commands/scenario.ts'),
  },
  {
    term: 'import [options] <paths...>',
    description: 'Load SSDA903 returns (folders per year or files) into the store, all or nothing',
    load: () => import('./commands/import.ts'),
  },
  { term: 'serve [options]', description: 'Run the Forecare web app', load: () => import('./commands/serve.ts') },
  {
    term: 'users',
    description: 'Manage the people who can sign in to the web app',
    load: () => import('./commands/users.ts'),
  },
  {
    term: 'demo [options]',
    description: 'Run the web app on a synthetic demo council (created on the first run)',
    load: () => import('./commands/demo.ts'),
  },
  {
    term: 'plan',
    description: 'Savings programmes: appraisal, checks, Excel export and import',
    load: () => import('./commands/plan.ts'),
  },
  {
    term: 'demo-data [options] <outdir>',
    description:
      "Write a synthetic council's SSDA903 returns and CIN census (one folder per collection year) for demos and tests",
    load: () => import('./commands/demoData.ts'),
  },
  {
    term: 'forecast [options]',
    description: 'Forecast children looked after month by month, with 80% and 95% intervals',
    load: () => import('./commands/forecast.ts'),
  },
  {
    term: 'backtest [options]',
    description: 'Forecast from past cutoffs and compare with what happened (MAPE and interval coverage)',
    load: () => import('./commands/backtest.ts'),
  },
  {
    term: 'rates [options]',
    description: 'The fitted entry, transition and exit rates, with the exposure and events behind each',
    load: () => import('./commands/rates.ts'),
  },
  {
    term: 'tracker',
    description: 'Permanence trackers: planned exits from care, checked against the returns',
    load: () => import('./commands/tracker.ts'),
  },
  {
    term: 'capacity',
    description: "In-house capacity: fostering households, places and the council's home beds, against forecast demand",
    load: () => import('./commands/capacity.ts'),
  },
  {
    term: 'budget',
    description: 'Budgets per financial year and line (for budget monitoring)',
    load: () => import('./commands/budget.ts'),
  },
  {
    term: 'monitor [options]',
    description:
      'Budget monitoring: forecast outturn against budget for the financial year containing a date, per line and in total',
    load: () => import('./commands/monitor.ts'),
  },
  {
    term: 'workforce',
    description: 'The social work workforce: teams, rates, caseloads, cost',
    load: () => import('./commands/workforce.ts'),
  },
  {
    term: 'indicators [options]',
    description: 'Indicators from the returns against England, statistical neighbours and quartile',
    load: indicators,
  },
  {
    term: 'benchmarks',
    description: 'Benchmarks for the indicators: DfE published tables, statistical neighbours, child population',
    load: indicators,
  },
  {
    term: 'cin',
    description: 'The children in need census: validate and import it, and monthly counts',
    load: () => import('./commands/cin.ts'),
  },
  {
    term: 'region',
    description: 'Regions: councils planning placements together',
    load: () => import('./commands/region.ts'),
  },
  {
    term: 'funnel [options]',
    description: 'The front-door funnel: contacts, referrals, assessments, s47, ICPC, CP plans, entries to care',
    load: () => import('./commands/funnel.ts'),
  },
];

const nameOf = (e: CommandEntry): string => e.term.split(' ')[0] as string;

function newProgram(): Command {
  return new Command('forecare')
    .description("Plan children's social care: looked after children, placements, costs and savings")
    .showHelpAfterError();
}

/** Builds the commander program with every command registered (every command module loaded). */
export async function buildProgram(): Promise<Command> {
  const program = newProgram();
  const loaded = new Set<CommandEntry['load']>();
  for (const { load } of COMMANDS) {
    if (loaded.has(load)) continue;
    loaded.add(load);
    (await load()).register(program);
  }
  return program;
}

/**
 * The program for these arguments (process.argv's, after node and the script): with the named
 * command's module alone when the first argument (or the one after `help`) names a command; else
 * (`--help`, nothing, an unknown command) each command as the line `forecare --help` shows, with
 * no module loaded. A command not asked for is in the program by name only, so that commander's
 * "unknown command" and its "Did you mean" still know every command.
 */
export async function buildProgramFor(args: readonly string[]): Promise<Command> {
  const asked = args[0] === 'help' ? args[1] : args[0];
  const entry = COMMANDS.find((e) => nameOf(e) === asked);
  const program = newProgram();
  if (entry) {
    (await entry.load()).register(program);
    return program;
  }
  const terms = new Map<Command, string>();
  for (const e of COMMANDS) terms.set(program.command(nameOf(e)).description(e.description), e.term);
  program.configureHelp({
    subcommandTerm: (cmd) => terms.get(cmd) ?? Help.prototype.subcommandTerm.call(new Help(), cmd),
  });
  return program;
}
