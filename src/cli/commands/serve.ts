/** `forecare serve`: the web app on the configured (or named) database. */
import type { Command } from 'commander';
import { CliError } from '../cliError.ts';
import { addDbOption, databaseConfigFor } from '../dbOption.ts';

export function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new CliError(`--port must be a number from 0 to 65535, not "${value}"`, 2);
  return Number(value);
}

export function register(program: Command): void {
  addDbOption(
    program
      .command('serve')
      .description('Run the Forecare web app')
      .option('--port <port>', 'port to listen on (default: PORT, else 3000)')
      .option('--host <host>', 'address to listen on (default: FORECARE_HOST, else 127.0.0.1)'),
  ).action(async (opts: { port?: string; host?: string; db?: string }) => {
    // Loaded when the command runs: the web app is not part of any other command (nor of --help).
    const [{ loadConfig }, { closeOnSignals, startServer }] = await Promise.all([
      import('../../config.ts'),
      import('../../web/server.ts'),
    ]);
    const config = loadConfig();
    const port = parsePort(opts.port, config.port);
    let running;
    try {
      running = await startServer(config, await databaseConfigFor(opts), port, opts.host ?? config.host);
    } catch (err) {
      throw new CliError(`Cannot start the web app: ${err instanceof Error ? err.message : String(err)}`);
    }
    process.stderr.write(`Forecare is running at ${running.url} (press Ctrl+C to stop)\n`);
    closeOnSignals(running);
  });
}
