/**
 * The test reporter `npm test` uses: node:test's spec reporter, then a summary of what was skipped
 * and why (PostgreSQL not reachable, no Chromium, the shared SSDA903 sample not beside the clone),
 * so a run that passes says plainly what it did not check. Skips are grouped by reason, with the
 * number of tests or suites and their files.
 *
 *   node --test --test-reporter=./test/support/reporter.ts 'test/**\/*.test.ts'
 */
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

export default async function* reporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const out = new spec();
  const pending: string[] = [];
  out.on('data', (chunk: string | Buffer) => pending.push(chunk.toString()));
  const skips = new SkipCollector();
  for await (const event of source) {
    skips.add(event);
    out.write(event);
    while (pending.length > 0) yield pending.shift()!;
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(resolve);
  });
  while (pending.length > 0) yield pending.shift()!;
  yield skips.summary();
}
