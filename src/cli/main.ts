/** The forecare command line: a thin front door onto the services. */
import { buildProgram } from './program.ts';
import { CliError } from './cliError.ts';

try {
  const program = await buildProgram();
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`forecare: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    throw err;
  }
}
