/**
 * `forecare demo [--port 3000] [--db data/demo.db]`: the web app on a synthetic council. The first
 * run generates the council (DEMO), imports it, creates the demo users and saves the example
 * scenarios and programme (examples/); later runs reuse the demo database, adding only what is missing.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { CliError } from '../cliError.ts';
import { parsePort } from './serve.ts';

export function register(program: Command): void {
  program
    .command('demo')
    .description('Run the web app on a synthetic demo council (created on the first run)')
    .option('--port <port>', 'port to listen on (default: PORT, else 3000)')
    .option('--host <host>', 'address to listen on (default: FORECARE_HOST, else 127.0.0.1)')
    .option('--db <pathOrUrl>', 'the demo database', 'data/demo.db')
    .option('--size <size>', 'small, medium or large (first run only)', 'medium')
    .action(async (opts: { port?: string; host?: string; db: string; size: string }) => {
      // Loaded when the command runs (see program.ts).
      const [
        { databaseConfigFrom, loadConfig },
        { loadPseudonymKey },
        { loadTotpKey },
        { dataAccess, services },
        { DEMO_LA, DEMO_PASSWORD, DEMO_USERS, seedDemo },
        { closeOnSignals, startServer },
      ] = await Promise.all([
        import('../../config.ts'),
        import('../../services/pseudonymise.ts'),
        import('../../services/totpSecrets.ts'),
        import('../../web/composition.ts'),
        import('../../services/demo.ts'),
        import('../../web/server.ts'),
      ]);
      const config = loadConfig();
      const port = parsePort(opts.port, config.port);
      if (opts.size !== 'small' && opts.size !== 'medium' && opts.size !== 'large')
        throw new CliError(`--size must be small, medium or large, not "${opts.size}"`, 2);
      const database = databaseConfigFrom(opts.db);
      const pseudonymKey = loadPseudonymKey({ pseudonymKey: config.pseudonymKey, keyFile: config.keyFile });
      const say = (line: string) => process.stderr.write(`${line}\n`);

      const data = await dataAccess(database);
      try {
        const svc = services(data, {
          pseudonymKey,
          totpKey: loadTotpKey(config),
          uploadDir: config.web.uploadDir,
        });
        const result = await seedDemo(data, svc, { pseudonymKey, size: opts.size, say });
        if (!result.generated) say(`Reusing the demo council in ${opts.db}.`);
      } finally {
        await data.close();
      }

      const hint = `Demo council: sign in as ${DEMO_USERS.map((u) => `${u.email} (${u.role})`).join(', ')} with the password ${DEMO_PASSWORD}.`;
      // The demo signs sessions with a new random secret each start unless SESSION_SECRET is set
      // (sessions end when it stops, which a demo expects): no warning among its friendly lines.
      const demoConfig = config.sessionSecret ? config : { ...config, sessionSecret: randomBytes(32).toString('hex') };
      const running = await startServer(demoConfig, database, port, opts.host ?? config.host, { signInHint: hint });
      closeOnSignals(running);
      say('');
      say(`Forecare demo is running at ${running.url}  (council ${DEMO_LA}; press Ctrl+C to stop)`);
      say('Sign in as one of:');
      for (const u of DEMO_USERS) say(`  ${u.email.padEnd(20)} ${u.role.padEnd(8)} password: ${DEMO_PASSWORD}`);
    });
}
