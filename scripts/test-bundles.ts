/**
 * The files `npm test` hands to node --test: most test files are run several to a process.
 *
 * Each test file used to be its own process, and each process paid again to start Node, import the
 * code under test (the web app alone is about a second of CPU) and warm V8 up on it: about 1.75 s of
 * CPU a web test file, more than many files' tests take. So this script writes bundles into
 * test-artifacts/bundles/, each a module that imports some test files one after the other (each
 * evaluated, top-level await included, before the next is imported), and prints the paths to run,
 * one a line. node --test runs each bundle as one process; the tests, their names, order and
 * assertions are those of the files it imports (the reporter gives each test's own file). A file's
 * tests may start while the next file is being imported; a file's top-level code must therefore
 * not depend on the event loop being free (PostgreSQL is probed before the first file: see PROBE).
 *
 * A file keeps a process of its own when sharing one could change what it tests:
 *   - a hook at the top of the file (before, after, beforeEach, afterEach) is a hook of the whole
 *     process: a beforeEach would run around every file's tests, and an after runs as soon as the
 *     tests registered so far are done, which in a bundle can be before the next file's tests (a
 *     file's temporary folder was gone before its tests ran);
 *   - the browser tests (test/browser/) are long by themselves and start first;
 *   - a file whose text contains the line `// test-bundles: own process` (for a test that needs a
 *     fresh process: what a process has loaded, process-wide settings).
 * Everything else is cut in path order (neighbours share most of their imports) into even bundles
 * of at most BUNDLE_SIZE files. The browser tests start first, then the bundles and the other lone
 * files, the longest first, so the longest work is not left for the end of a run (node --test
 * starts files in the order of their paths, so each unit is written as a module named by its place). How long each file took is kept by the test reporter
 * (test/support/reporter.ts, DURATIONS). A fresh clone has kept none, so test/durations.json
 * (COMMITTED: the durations of a whole run, copied in by `--commit-durations`) stands in for the
 * files this clone has not timed yet: without it a fresh clone started the short files first and
 * left the long lone files (the web engine test, the flat councils) for the end of the run. A file
 * timed by neither (a new file) counts as long as its test code is, at the rate of the timed files.
 *
 *   node scripts/test-bundles.ts                      # prints the paths, writes the bundles
 *   node scripts/test-bundles.ts --commit-durations   # this clone's kept durations into test/durations.json
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readDurations } from '../test/support/reporter.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
// Not under node_modules: node --test runs no file there, even one named on its command line.
const OUT = path.join(ROOT, 'test-artifacts', 'bundles');
const BUNDLE_SIZE = 8;
/** The durations committed with the repository (file → ms), for the files this clone has not timed. */
export const COMMITTED_DURATIONS = path.join(ROOT, 'test', 'durations.json');
/**
 * Imported before the files of a bundle that loops over the dialects: the PostgreSQL probe is
 * answered before any of the bundle's tests keep the event loop busy (see the file).
 */
const PROBE = 'test/support/postgresProbe.ts';

const TOP_LEVEL_HOOK = /^(?:before|after|beforeEach|afterEach)\s*\(/m;
const OWN_PROCESS = /^\/\/ test-bundles: own process$/m;

/** Why `file` keeps a process of its own, or undefined when it can share one. */
export function ownProcessReason(file: string, text: string): string | undefined {
  if (file.startsWith('test/browser/')) return 'browser test';
  if (TOP_LEVEL_HOOK.test(text)) return 'top-level hook';
  if (OWN_PROCESS.test(text)) return 'marked';
  return undefined;
}

export type Unit = { readonly file: string } | { readonly name: string; readonly files: readonly string[] };

export interface Plan {
  /** The browser tests, each alone, started first (the longest single files). */
  readonly first: readonly string[];
  /** Then bundles (several files in one process) and the other files kept alone, in the order to start them. */
  readonly units: readonly Unit[];
}

/**
 * Splits the test files (paths relative to the repository, with their text) into processes;
 * `durations` (file → ms, from the last runs) orders them.
 */
export function plan(
  files: ReadonlyArray<{ readonly file: string; readonly text: string }>,
  durations: Readonly<Record<string, number>> = {},
): Plan {
  const sorted = [...files].sort((a, b) => a.file.localeCompare(b.file));
  const alone = sorted.filter((f) => ownProcessReason(f.file, f.text) !== undefined);
  const shared = sorted.filter((f) => ownProcessReason(f.file, f.text) === undefined);
  // Even chunks in path order: 17 files make bundles of 6, 5 and 6, not 8, 8 and 1.
  const count = Math.ceil(shared.length / BUNDLE_SIZE);
  const units: Array<{ name?: string; files: string[]; size: number; ms: number }> = [];
  const known = (f: string): boolean => durations[f] !== undefined;
  // A file with no duration: its test code at the median rate (ms per character) of the timed
  // files of the same kind (browser, other lone, bundled), so a new long file is not left for the end.
  const rate = (kind: ReadonlyArray<{ readonly file: string; readonly text: string }>): number => {
    const rates = kind
      .filter((f) => known(f.file) && f.text.length > 0)
      .map((f) => (durations[f.file] ?? 0) / f.text.length)
      .sort((a, b) => a - b);
    return rates[Math.floor(rates.length / 2)] ?? 0;
  };
  const rates = new Map<string, number>();
  const browser = alone.filter((f) => f.file.startsWith('test/browser/'));
  for (const kind of [browser, alone.filter((f) => !browser.includes(f)), shared]) {
    const r = rate(kind.some((f) => known(f.file)) ? kind : sorted);
    for (const f of kind) rates.set(f.file, r * f.text.length);
  }
  const ms = (fs: readonly string[]): number => fs.reduce((n, f) => n + (durations[f] ?? rates.get(f) ?? 0), 0);
  for (let i = 0; i < count; i++) {
    const part = shared.slice(Math.round((i * shared.length) / count), Math.round(((i + 1) * shared.length) / count));
    const folders = [...new Set(part.map((f) => path.dirname(f.file).split('/')[1] ?? 'test'))];
    units.push({
      name: `${String(i + 1).padStart(2, '0')}-${folders.slice(0, 3).join('-')}`,
      files: part.map((f) => f.file),
      size: part.reduce((n, f) => n + f.text.length, 0),
      ms: ms(part.map((f) => f.file)),
    });
  }
  for (const f of alone)
    if (!browser.includes(f)) units.push({ files: [f.file], size: f.text.length, ms: ms([f.file]) });
  // The longest first (timed or estimated; with no durations at all, the most test code first), so
  // the longest work is not left for the end of the run.
  const timed = sorted.some((f) => known(f.file));
  units.sort((a, b) => (timed ? b.ms - a.ms : b.size - a.size) || (a.files[0] ?? '').localeCompare(b.files[0] ?? ''));
  // The browser tests whose duration is known, longest first; then the others in path order.
  const first = browser.map((f) => f.file);
  first.sort((a, b) => Number(known(b)) - Number(known(a)) || ms([b]) - ms([a]) || a.localeCompare(b));
  return {
    first,
    units: units.map((u) => (u.name ? { name: u.name, files: u.files } : { file: u.files[0] ?? '' })),
  };
}

function testFiles(): Array<{ file: string; text: string }> {
  return (readdirSync(path.join(ROOT, 'test'), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join('test', f).split(path.sep).join('/'))
    .map((file) => ({ file, text: readFileSync(path.join(ROOT, file), 'utf8') }));
}

/**
 * The durations to plan with: this clone's kept ones (test/support/reporter.ts), and for the files
 * it has not timed, the committed ones.
 */
export function durationsToPlan(
  kept = readDurations(),
  committed = readDurations(COMMITTED_DURATIONS),
): Record<string, number> {
  return { ...committed, ...kept };
}

/** Writes this clone's kept durations, for the test files there are now, to test/durations.json (to 0.1 s). */
function commitDurations(files: ReadonlyArray<{ readonly file: string }>): void {
  const kept = durationsToPlan();
  const out: Record<string, number> = {};
  for (const { file } of [...files].sort((a, b) => a.file.localeCompare(b.file)))
    if (kept[file] !== undefined) out[file] = Math.round(kept[file] / 100) * 100;
  writeFileSync(COMMITTED_DURATIONS, `${JSON.stringify(out, null, 2)}\n`);
  process.stderr.write(`${Object.keys(out).length} durations written to ${path.relative(ROOT, COMMITTED_DURATIONS)}\n`);
}

/**
 * Writes each unit of `order` as a module in `out` and returns their paths (relative to the
 * repository), in that order. node --test sorts the files it is given by path before it starts
 * them (Node 24), whatever their order on its command line: so every unit, a lone file too, is a
 * module whose name begins with its place in the plan (a lone file's module imports that file
 * alone, in a process of its own as before). Before, the browser tests (test/browser/, after
 * test-artifacts/) started last, and the longest work was left for the end of the run.
 */
export function writeUnits(order: readonly Unit[], texts: ReadonlyMap<string, string>, out = OUT): string[] {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const width = String(order.length).length;
  return order.map((u, i) => {
    const files = 'file' in u ? [u.file] : u.files;
    const name = 'file' in u ? path.basename(u.file, '.test.ts') : u.name;
    const file = path.join(out, `${String(i + 1).padStart(width, '0')}-${name}.test.mjs`);
    // Plain JavaScript. Each file is imported once the one before it has been evaluated, top-level
    // await included (static imports would evaluate a file's siblings while it awaits).
    const imports =
      'files' in u && files.some((f) => texts.get(f)?.includes('testDialects(')) ? [PROBE, ...files] : files;
    const lines = imports.map((f) => `await import(${JSON.stringify(pathToFileURL(path.join(ROOT, f)).href)});`);
    const what = files.length === 1 ? '1 test file' : `${files.length} test files`;
    writeFileSync(file, `// Written by scripts/test-bundles.ts: ${what} in one process.\n${lines.join('\n')}\n`);
    return path.relative(ROOT, file);
  });
}

if (import.meta.main && process.argv.includes('--commit-durations')) {
  commitDurations(testFiles());
} else if (import.meta.main) {
  const files = testFiles();
  const texts = new Map(files.map((f) => [f.file, f.text]));
  const { first, units } = plan(files, durationsToPlan());
  const paths = writeUnits([...first.map((file) => ({ file })), ...units], texts);
  process.stdout.write(paths.map((p) => `${p}\n`).join(''));
}
