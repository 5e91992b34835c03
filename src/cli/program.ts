import { Command } from 'commander';

/**
 * Each command lives in its own module under ./commands and exports `register(program)`.
 * Add new commands to this list.
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
  () => import('./commands/budget.ts'),
  () => import('./commands/monitor.ts'),
];

/** Builds the commander program with every command registered. */
export async function buildProgram(): Promise<Command> {
  const program = new Command('forecare')
    .description("Plan children's social care: looked after children, placements, costs and savings")
    .showHelpAfterError();
  for (const load of COMMAND_MODULES) (await load()).register(program);
  return program;
}
