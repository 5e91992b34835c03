/**
 * The test reporter `npm test` uses: node:test's spec reporter, then a summary of what was skipped
 * and why (PostgreSQL not reachable, no Chromium, the shared SSDA903 sample not beside the clone),
 * so a run that passes says plainly what it did not check. Skips are grouped by reason, with the
 * number of tests or suites and their files.
 *
 * It also keeps how long each test file's tests took (DURATIONS: the sum of its top-level tests'
 * and suites' durations, a suite's hooks included), which scripts/test-bundles.ts reads to start
 * the longest files first. A run of some files updates theirs and keeps the others'. A test is
 * reported with the file that called test() or describe(): a test file whose tests come from a
 * helper module declares its top-level suite itself (test/browser/everyPage.*.test.ts).
 *
 *   node --test --test-reporter=./test/support/reporter.ts 'test/**\/*.test.ts'
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spec } from 'node:test/reporters';
import type { TestEvent } from 'node:test/reporters';

interface Skipped {
  count: number;
  readonly files: Set<string>;
}

/** Collects skip reasons from the events (a skipped suite counts once: its tests never ran). */
export class SkipCollector {
  readonly #byReason = new Map<string, Skipped>();

  add(event: TestEvent): void {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') return;
    const skip = event.data.skip;
    if (skip === undefined || skip === false) return;
    const reason = typeof skip === 'string' && skip.trim() !== '' ? skip.trim() : '(no reason given)';
    const entry = this.#byReason.get(reason) ?? { count: 0, files: new Set<string>() };
    entry.count += 1;
    if (event.data.file) entry.files.add(path.relative(process.cwd(), event.data.file));
    this.#byReason.set(reason, entry);
  }

  get total(): number {
    let n = 0;
    for (const s of this.#byReason.values()) n += s.count;
    return n;
  }

  /** The summary: nothing when nothing was skipped. */
  summary(): string {
    if (this.#byReason.size === 0) return '';
    const lines = [
      '',
      `Skipped: ${this.total} test${this.total === 1 ? '' : 's'} or suite${this.total === 1 ? '' : 's'}`,
    ];
    const reasons = [...this.#byReason].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
    for (const [reason, s] of reasons) {
      const files = [...s.files].sort();
      const shown = files.slice(0, 4).join(', ') + (files.length > 4 ? `, and ${files.length - 4} more files` : '');
      lines.push(`  - ${s.count} x ${reason}`, `      in ${shown || 'unknown files'}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

/** Where the last run's durations are kept: test file (relative to the repository) → milliseconds. */
export const DURATIONS = path.resolve(import.meta.dirname, '../../node_modules/.cache/forecare-tests/durations.json');

/** The durations kept by earlier runs (none on a fresh clone, or when the file is unreadable). */
export function readDurations(file = DURATIONS): Record<string, number> {
  try {
    const kept: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof kept !== 'object' || kept === null || Array.isArray(kept)) return {};
    return Object.fromEntries(
      Object.entries(kept).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] >= 0),
    );
  } catch {
    return {};
  }
}

/** Adds up each file's top-level tests and suites (a bundle's tests each give their own file). */
export class DurationCollector {
  readonly #byFile = new Map<string, number>();

  add(event: TestEvent): void {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') return;
    if (event.data.nesting !== 0 || !event.data.file) return;
    const file = path.relative(process.cwd(), event.data.file).split(path.sep).join('/');
    this.#byFile.set(file, (this.#byFile.get(file) ?? 0) + event.data.details.duration_ms);
  }

  /** The kept durations with this run's files replaced (rounded to the millisecond). */
  merged(kept: Record<string, number>): Record<string, number> {
    const out = { ...kept };
    for (const [file, ms] of this.#byFile) out[file] = Math.round(ms);
    return Object.fromEntries(Object.entries(out).sort((a, b) => a[0].localeCompare(b[0])));
  }

  /** Writes the merged durations (whole or not at all: written beside and renamed). */
  save(file = DURATIONS): void {
    if (this.#byFile.size === 0) return;
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, `${JSON.stringify(this.merged(readDurations(file)), null, 1)}\n`);
    renameSync(partial, file);
  }
}

export default async function* reporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const out = new spec();
  const pending: string[] = [];
  out.on('data', (chunk: string | Buffer) => pending.push(chunk.toString()));
  const skips = new SkipCollector();
  const durations = new DurationCollector();
  for await (const event of source) {
    skips.add(event);
    durations.add(event);
    out.write(event);
    while (pending.length > 0) yield pending.shift()!;
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(resolve);
  });
  while (pending.length > 0) yield pending.shift()!;
  yield skips.summary();
  try {
    durations.save();
  } catch (err) {
    // Only the order of the next run depends on it.
    yield `Could not keep the tests' durations in ${DURATIONS}: ${(err as Error).message}\n`;
  }
}
