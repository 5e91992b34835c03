/**
 * The forecare command line: a thin front door onto the services.
 *
 * Start-up is kept short (`forecare --help` well under 0.3 s on an idle machine): Node's compile
 * cache keeps each module's compiled code, and the TypeScript type stripping behind it, between
 * runs (in NODE_COMPILE_CACHE, else the system temp folder; NODE_DISABLE_COMPILE_CACHE=1 turns it
 * off), so it is enabled before anything else is imported; imports within src/ and within Kysely,
 * zod and commander are resolved by a hook that skips Node's checks on disk (./fastResolve.ts);
 * only the module of the command asked
 * for is loaded (--help loads none: src/cli/program.ts), and it imports only commander and small
 * domain modules at the top, loading services, the store, the web app, charts or Excel inside the
 * action that needs them.
 */
import { enableCompileCache } from 'node:module';
import { registerFastResolve } from './fastResolve.ts';

enableCompileCache();
registerFastResolve();
// Output piped into a reader that stops early (`forecare validate ... --json | head`) closes the
// pipe. The command ends there without a stack trace, with the status a Unix tool stopped by SIGPIPE
// has (128 + 13): quiet for the person reading, and not a success to a script (an import stopped
// before its commit stores nothing, as any failed import).
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(141);
});
const { buildProgramFor } = await import('./program.ts');
const { CliError } = await import('./cliError.ts');

try {
  const program = await buildProgramFor(process.argv.slice(2));
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`forecare: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    throw err;
  }
}
