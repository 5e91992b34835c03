/**
 * The CLI's module resolution hook (src/cli/fastResolve.ts, issue 13): for every import it
 * answers, the same URL and format as Node's own resolution; its packages are ES modules
 * throughout; and no file it resolves lies behind a symbolic link.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESM_PACKAGES } from '../../src/cli/fastResolve.ts';
import { REPO_ROOT } from '../support/cli.ts';

test("each of the hook's packages is an ES module package throughout (every package.json in it says so)", () => {
  for (const name of ESM_PACKAGES) {
    const root = path.join(REPO_ROOT, 'node_modules', name);
    const manifests = (fs.readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => path.basename(f) === 'package.json' && !f.split(path.sep).includes('node_modules'),
    );
    assert.ok(manifests.includes('package.json'), name);
    for (const f of manifests) {
      const type = (JSON.parse(fs.readFileSync(path.join(root, f), 'utf8')) as { type?: string }).type;
      assert.equal(type, 'module', `${name}/${f}`);
    }
  }
});

test('the same URL and format as Node for every import it answers, loading the CLI, the forecast, the store and the web app', () => {
  const hookUrl = new URL('../../src/cli/fastResolve.ts', import.meta.url).href;
  // A hook registered first is called by Node's chain last: it sees each request the fast hook
  // passes on, and, by itself, each one: it compares the fast answer with Node's.
  const script = `
    import { registerHooks } from 'node:module';
    const { fastResolution, packageRoots } = await import(${JSON.stringify(hookUrl)});
    packageRoots(); // found before the hook is in place (finding them resolves)
    const seen = [];
    registerHooks({
      resolve(specifier, context, nextResolve) {
        const fast = fastResolution(specifier, context.parentURL);
        const node = nextResolve(specifier, context);
        if (fast) seen.push({ specifier, parent: context.parentURL, fast, node: { url: node.url, format: node.format } });
        return node;
      },
    });
    for (const m of ${JSON.stringify([
      'src/cli/program.ts',
      'src/cli/commands/forecast.ts',
      'src/services/forecast.ts',
      'src/store/database.ts',
      'src/web/app.ts',
    ])}) await import(${JSON.stringify(pathToFileURLString(REPO_ROOT))} + m);
    await import('zod');
    await import('kysely');
    process.stdout.write(JSON.stringify(seen));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  const seen = JSON.parse(r.stdout) as {
    specifier: string;
    parent: string;
    fast: { url: string; format: string };
    node: { url: string; format: string };
  }[];
  const packagesSeen = new Set(seen.map((s) => /node_modules\/([^/]+)\//.exec(s.parent)?.[1] ?? 'src'));
  for (const p of ['src', ...ESM_PACKAGES]) assert.ok(packagesSeen.has(p), `imports from ${p} were answered`);
  assert.ok(seen.length > 400, `${seen.length} imports answered`);
  for (const s of seen) {
    assert.deepEqual(s.fast, s.node, `${s.specifier} from ${s.parent}`);
    const file = fileURLToPath(s.fast.url);
    assert.equal(fs.realpathSync(file), file, `${file} is not behind a symbolic link`);
  }
});

function pathToFileURLString(dir: string): string {
  return new URL(`file://${dir.endsWith('/') ? dir : `${dir}/`}`).href;
}
