/**
 * Running the forecare command line in a test, as a user would: a child process of this Node on
 * src/cli/main.ts, from the repository root, with logs silenced. One definition for the CLI tests
 * (each file used to write its own copy).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const CLI_MAIN = path.join(REPO_ROOT, 'src/cli/main.ts');

export interface CliRunOptions {
  /** Added to (and overriding) this process's environment. */
  env?: Record<string, string>;
  /** Node options placed before the script, e.g. ['--cpu-prof']. */
  nodeArgs?: string[];
}

export function runForecare(args: string[], options: CliRunOptions = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...(options.nodeArgs ?? []), CLI_MAIN, ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...options.env },
  });
}
