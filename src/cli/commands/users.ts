/**
 * `forecare users create-admin --la CODE --email E [--password-stdin]`: the first run, creating a
 * council's first admin (who then adds everyone else in the web app). Without --password-stdin
 * the password is read from the FORECARE_ADMIN_PASSWORD variable, so it never appears in the
 * shell history or the process list.
 */
import type { Command } from 'commander';
import { CliError, printJson } from '../cliError.ts';
import { addDbOption, withDatabase } from '../dbOption.ts';
import { laOption } from '../options.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function register(program: Command): void {
  const users = program.command('users').description('Manage the people who can sign in to the web app');
  addDbOption(
    users
      .command('create-admin')
      .description("Create a council's first admin (and the council, when new)")
      .addOption(laOption('council code, e.g. 301 or DEMO'))
      .requiredOption('--email <email>', "the admin's email address")
      .option('--name <name>', "the council's name (for a new council)")
      .option('--password-stdin', 'read the password from standard input (else FORECARE_ADMIN_PASSWORD)')
      .option('--json', 'print the result as JSON'),
  ).action(
    async (opts: {
      la: string;
      email: string;
      name?: string;
      passwordStdin?: boolean;
      json?: boolean;
      db?: string;
    }) => {
      const [{ createAuditService }, { systemActor }, { UserInputError }, { createUsersService, MIN_PASSWORD_LENGTH }] =
        await Promise.all([
          import('../../services/audit.ts'),
          import('../../services/access.ts'),
          import('../../services/errors.ts'),
          import('../../services/users.ts'),
        ]);
      const password = opts.passwordStdin ? await readStdin() : (process.env.FORECARE_ADMIN_PASSWORD ?? '');
      if (!password) {
        throw new CliError(
          `Give a password of at least ${MIN_PASSWORD_LENGTH} characters on standard input with --password-stdin, or in FORECARE_ADMIN_PASSWORD`,
          2,
        );
      }
      await withDatabase(opts, async (db) => {
        const audit = createAuditService(db);
        const service = createUsersService(db, audit);
        const laCode = opts.la;
        try {
          const { created } = await service.createAdmin(
            { laCode, email: opts.email, password, ...(opts.name ? { councilName: opts.name } : {}) },
            systemActor(laCode, 'cli'),
          );
          if (opts.json) printJson({ laCode, email: opts.email.toLowerCase(), created, role: 'admin' });
          else
            process.stderr.write(
              `${created ? 'Created' : 'Made existing user'} ${opts.email.toLowerCase()} an admin of ${laCode}.\n`,
            );
        } catch (err) {
          if (err instanceof UserInputError) throw new CliError(err.message, 2);
          throw err;
        }
      });
    },
  );
}
