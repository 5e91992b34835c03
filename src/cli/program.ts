import { Command } from 'commander';

/**
 * Each command lives in its own module under ./commands and exports `register(program)`.
 * Add new commands to this list. Every command module is loaded to build the program (for --help
 * too), so at its top it imports only commander, ../options.ts and small domain modules (types with
 * `import type`); services, the store, config, io, the web app, charts and Excel are imported with
 * `await import(...)` inside the action that needs them. test/cli/forecast.test.ts checks what
 * --help and a forecast load.
 */
const COMMAND_MODULES: ReadonlyArray<() => Promise<{ register: (program: Command) => void }>> = [
  () => import('./commands/validate.ts'),
  () => import('./commands/stock.ts'),
  () => import('./commands/costs.ts'),
  () => import('./commands/spend.ts'),
  () => import('./commands/scenario.ts'),
  () => import('./commands/import.ts'),
  () => import('./commands/serve.ts'),
  () => import('./commands/users.ts'),
  () => import('./commands/demo.ts'),
  () => import('./commands/plan.ts'),
  () => import('./commands/demoData.ts'),
  () => import('./commands/forecast.ts'),
  () => import('./commands/backtest.ts'),
  () => import('./commands/rates.ts'),
  () => import('./commands/tracker.ts'),
  () => import('./commands/capacity.ts'),
  () => import('./commands/budget.ts'),
  () => import('./commands/monitor.ts'),
  () => import('./commands/workforce.ts'),
  () => import('./commands/indicators.ts'),
  () => import('./commands/cin.ts'),
  () => import('./commands/region.ts'),
  () => import('./commands/funnel.ts'),
];

/** Builds the commander program with every command registered. */
export async function buildProgram(): Promise<Command> {
  const program = new Command('forecare')
    .description("Plan children's social care: looked after children, placements, costs and savings")
    .showHelpAfterError();
  for (const load of COMMAND_MODULES) (await load()).register(program);
  return program;
}
