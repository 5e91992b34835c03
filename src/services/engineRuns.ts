/**
 * A forecast's Monte Carlo runs shared out among worker threads (issue 13): the expected path is
 * one task, the runs go in chunks of consecutive runs. Each run draws from streams keyed by the
 * seed and its own number (src/domain/engine/simulate.ts), so the runs joined back in order
 * (concatRuns) are exactly `project`'s on one thread, whatever the chunks and the threads.
 *
 * The tasks are plain data, run by `runRunsTask` in ./runsWorker.ts (which loads the engine's
 * domain modules only, so a worker starts in milliseconds) or in ./engineWorker.ts.
 */
import {
  DEFAULT_RUNS,
  projectExpectedForRuns,
  projectRuns,
  runsNeedShiftHazard,
  type ForecastModel,
  type ProjectOptions,
  type ProjectionResult,
  type RunsOptions,
} from '../domain/engine/project.ts';
import { concatRuns, type Projection } from '../domain/engine/projection.ts';
import { addBuffer, addProjectionBuffers } from './engineReplies.ts';

/** The expected path (with the shift hazards the runs need), or a chunk of runs. */
export type RunsTask =
  | { readonly kind: 'expectedForRuns'; readonly model: ForecastModel; readonly options: ProjectOptions }
  | { readonly kind: 'runs'; readonly model: ForecastModel; readonly options: RunsOptions };

export interface RunsResults {
  readonly expectedForRuns: { readonly expected: Projection; readonly shiftHazard: Float64Array };
  readonly runs: Projection;
}

export function runRunsTask(task: RunsTask): RunsResults[RunsTask['kind']] {
  return task.kind === 'runs'
    ? projectRuns(task.model, task.options)
    : projectExpectedForRuns(task.model, task.options);
}

/** The buffers of a runs task's result, to move to the calling thread (made afresh for it). */
export function runsTaskBuffers(kind: RunsTask['kind'], result: RunsResults[RunsTask['kind']]): Set<ArrayBuffer> {
  const buffers = new Set<ArrayBuffer>();
  if (kind === 'runs') addProjectionBuffers(buffers, result as Projection);
  else {
    const out = result as RunsResults['expectedForRuns'];
    addProjectionBuffers(buffers, out.expected);
    addBuffer(buffers, out.shiftHazard);
  }
  return buffers;
}

/** Runs a chunk at least holds (below it, a chunk's set-up is a noticeable share of its time). */
const MIN_CHUNK_RUNS = 50;

/**
 * `runs` Monte Carlo runs in chunks of consecutive runs, [first run, count] each: two chunks a
 * thread (so that a thread that finishes early takes another's second), none under MIN_CHUNK_RUNS
 * runs (one chunk when there are fewer; 0 runs make one empty chunk, so the projection keeps its
 * shape).
 */
export function runChunks(runs: number, threads: number): [number, number][] {
  const n = Math.max(1, Math.min(2 * threads, Math.floor(runs / MIN_CHUNK_RUNS)));
  const chunks: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const first = Math.floor((i * runs) / n);
    chunks.push([first, Math.floor(((i + 1) * runs) / n) - first]);
  }
  return chunks;
}

/** Runs a task on some worker thread. */
export type RunOnThread = <K extends RunsTask['kind']>(task: Extract<RunsTask, { kind: K }>) => Promise<RunsResults[K]>;

/**
 * `project(model, options)` with the expected path and the chunks of runs as tasks for `threads`
 * threads. A scenario moving children between categories needs the expected path's shift hazards
 * before its runs; otherwise the runs start beside the expected path.
 */
export async function projectOnThreads(
  run: RunOnThread,
  threads: number,
  model: ForecastModel,
  options: ProjectOptions,
): Promise<ProjectionResult> {
  const needHazard = runsNeedShiftHazard(model, options);
  const expectedTask = run<'expectedForRuns'>({ kind: 'expectedForRuns', model, options });
  const shiftHazard = needHazard ? (await expectedTask).shiftHazard : new Float64Array(0);
  const runs = Math.max(0, Math.floor(options.runs ?? DEFAULT_RUNS));
  const [exp, parts] = await Promise.all([
    expectedTask,
    Promise.all(
      runChunks(runs, threads).map(([firstRun, count]) =>
        run<'runs'>({ kind: 'runs', model, options: { ...options, firstRun, runs: count, shiftHazard } }),
      ),
    ),
  ]);
  return { expected: exp.expected, simulated: concatRuns(parts) };
}
