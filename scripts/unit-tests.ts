/**
 * Prints the domain's unit tests, one path a line, for `npm run test:unit`: the test files whose
 * every project import, followed through the test helpers, is in src/domain or test/ (no files,
 * database, web app, CLI or child processes). Chosen from the imports, so a new test is in or out
 * by what it uses, not by a list to keep up to date.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const DOMAIN = path.join(ROOT, 'src', 'domain') + path.sep;
const TESTS = path.join(ROOT, 'test') + path.sep;
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const OUTSIDE_PROCESS = /^node:(child_process|worker_threads|http|https|net)$/;

const verdicts = new Map<string, boolean>();

/** Whether `file` and everything it imports stays inside the domain (and test helpers). */
function pure(file: string): boolean {
  const known = verdicts.get(file);
  if (known !== undefined) return known;
  verdicts.set(file, true); // an import cycle is judged by the rest of its imports
  let ok = file.startsWith(DOMAIN) || file.startsWith(TESTS);
  if (ok) {
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? '';
      if (spec.startsWith('.')) ok = pure(path.resolve(path.dirname(file), spec));
      else ok = !OUTSIDE_PROCESS.test(spec);
      if (!ok) break;
    }
  }
  verdicts.set(file, ok);
  return ok;
}

const files = (readdirSync(path.join(ROOT, 'test'), { recursive: true }) as string[])
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => path.join(ROOT, 'test', f))
  .filter((f) => !f.startsWith(path.join(ROOT, 'test', 'tooling')) && pure(f))
  .map((f) => path.relative(ROOT, f))
  .sort();
process.stdout.write(files.map((f) => `${f}\n`).join(''));
