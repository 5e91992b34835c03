/**
 * Progress of long CLI work (import, backtest, the accuracy study) as a cli-progress bar on
 * stderr, only for a person: when stderr is a terminal and --json was not asked for. Otherwise
 * (a pipe, a log file, CI, --json) nothing is printed and the work is not slowed.
 */
import { createRequire } from 'node:module';
import type cliProgressModule from 'cli-progress';

// Loaded when a bar is shown (a person at a terminal): not when the program is built (--help), nor
// for a pipe or --json.
const require = createRequire(import.meta.url);
const loadCliProgress = (): typeof cliProgressModule => require('cli-progress') as typeof cliProgressModule;

export interface Progress {
  /** `done` of `total` steps, and what is being done now. */
  update(done: number, total: number, stage?: string): void;
  /** Removes the bar (also after an error). */
  stop(): void;
}

export interface ProgressOptions {
  readonly json?: boolean | undefined;
  /** Where the bar goes (default stderr; stdout stays for results). */
  readonly stream?: NodeJS.WriteStream;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

export function showsProgress(options: ProgressOptions = {}): boolean {
  return options.json !== true && (options.stream ?? process.stderr).isTTY === true;
}

export function progressBar(title: string, options: ProgressOptions = {}): Progress {
  if (!showsProgress(options)) return SILENT;
  const cliProgress = loadCliProgress();
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {percentage}% | {stage}`,
      stream: options.stream ?? process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, stage = '') {
      if (!started) {
        bar.start(total, done, { stage });
        started = true;
        return;
      }
      bar.setTotal(total);
      bar.update(done, { stage });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
