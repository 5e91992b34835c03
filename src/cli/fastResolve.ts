/**
 * Faster module resolution for the command line (issue 13): Node resolves each `import './x.js'`
 * by checking the file on disk, following symbolic links path component by path component and
 * looking for the package.json that says the file's format, again for every module. A forecast
 * loads about 440 modules (Kysely alone 257), and this took a third of its start-up. This hook
 * resolves a relative import whose parent and target lie
 * - in this project's src/ and end in .ts: a TypeScript ES module (package.json "type": "module");
 * - in Kysely, zod or commander and end in .js: an ES module (each is "type": "module" throughout,
 *   nested package.json files included, and imports its own files by full name)
 * to the URL of the file named, with its format; anything else (bare names, node: modules,
 * CommonJS packages, other files) is resolved by Node as before. No file in these places is a
 * symbolic link, so the URLs are the ones Node would give; a missing file still fails, when it is
 * loaded.
 */
import { registerHooks } from 'node:module';

/** "type": "module" packages whose every file is an ES module; checked by test/cli/fastResolve.test.ts. */
export const ESM_PACKAGES = ['kysely', 'zod', 'commander'] as const;

/** The folder URL (ending in /) of an installed package, from where Node resolves its entry. */
function packageRoot(name: string): string {
  const entry = import.meta.resolve(name);
  const marker = `/node_modules/${name}/`;
  const at = entry.lastIndexOf(marker);
  if (at < 0) throw new Error(`${name} resolved outside node_modules: ${entry}`);
  return entry.slice(0, at + marker.length);
}

const relative = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../');

/**
 * How the hook resolves `specifier` imported from `parentURL`: its URL and format, or undefined
 * when Node resolves it. `roots`: the packages' folder URLs (default: where they are installed).
 */
export function fastResolution(
  specifier: string,
  parentURL: string | undefined,
  src: string = SRC,
  roots: readonly string[] = packageRoots(),
): { url: string; format: 'module' | 'module-typescript' } | undefined {
  if (parentURL === undefined || !relative(specifier)) return undefined;
  if (specifier.endsWith('.ts')) {
    if (!parentURL.startsWith(src)) return undefined;
    const url = new URL(specifier, parentURL).href;
    return url.startsWith(src) ? { url, format: 'module-typescript' } : undefined;
  }
  if (!specifier.endsWith('.js')) return undefined;
  for (const root of roots) {
    if (!parentURL.startsWith(root)) continue;
    const url = new URL(specifier, parentURL).href;
    return url.startsWith(root) ? { url, format: 'module' } : undefined;
  }
  return undefined;
}

const SRC = new URL('../', import.meta.url).href; // this project's src/
let roots: readonly string[] | undefined;
export function packageRoots(): readonly string[] {
  return (roots ??= ESM_PACKAGES.map(packageRoot));
}

/** Registers the hook (once, before the modules it speeds up are imported). */
export function registerFastResolve(): void {
  const packages = packageRoots();
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const fast = fastResolution(specifier, context.parentURL, SRC, packages);
      return fast ? { ...fast, shortCircuit: true } : nextResolve(specifier, context);
    },
  });
}
