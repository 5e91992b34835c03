/**
 * `forecare forecast` end to end (issue 13): the expected path alone (--method expected), the
 * fitted-model cache (a second forecast reads the model fitted by the first: same figures, no fit),
 * and what the CLI loads: --help only commander and the list of commands (no command module), a
 * command its own module, a forecast neither the web app, charts nor Excel. Data: a small synthetic council from `forecare demo-data` (seed 3).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/store/database.ts';
import { loadCaseData } from '../../src/store/caseData.repository.ts';
import { forecastFromData, forecastMonthsJson } from '../../src/services/forecast.ts';
import { engineFingerprint, modelCacheKey } from '../../src/services/modelCache.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/cli/main.ts');
let dir = '';
let db = '';
let env: Record<string, string> = {};

function forecare(args: string[], nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, MAIN, ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

type Q = Record<'mean' | 'p2_5' | 'p10' | 'p50' | 'p90' | 'p97_5', number>;
interface ForecastJson {
  months: { month: string; total: Q; byCategory: Record<string, Q> }[];
  method?: string;
}

async function cacheRows(): Promise<{ data_version: number }[]> {
  const opened = openDatabase({ kind: 'sqlite', file: db });
  try {
    return await opened.db.selectFrom('model_cache').select('data_version').where('la_code', '=', 'DEMO').execute();
  } finally {
    await opened.close();
  }
}

async function latestImport(): Promise<number> {
  const opened = openDatabase({ kind: 'sqlite', file: db });
  try {
    const rows = await opened.db.selectFrom('imports').select('id').where('la_code', '=', 'DEMO').execute();
    return Math.max(...rows.map((r) => Number(r.id)));
  } finally {
    await opened.close();
  }
}

// In a describe, so that the file can share a process with others (scripts/test-bundles.ts).
describe('forecare forecast', () => {
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-forecast-'));
    db = path.join(dir, 'forecare.db');
    // npm test's compile cache when there is one (a cold cache cost the first few commands about
    // half a second of CPU each), else one of this test's own.
    env = {
      FORECARE_KEY_FILE: path.join(dir, 'key'),
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? path.join(dir, 'compile-cache'),
    };
    forecare([
      'demo-data',
      path.join(dir, 'returns'),
      '--seed',
      '3',
      '--years',
      '6',
      '--size',
      'small',
      '--end-year',
      '2025',
    ]);
    forecare(['import', path.join(dir, 'returns'), '--la', 'DEMO', '--db', db]);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('forecast --method expected: the expected path alone, the same figures as the in-process forecast, then from the model cache', async () => {
    const args = ['forecast', '--la', 'DEMO', '--db', db, '--start', '2025-03-31', '--months', '24', '--json'];
    assert.deepEqual(await cacheRows(), []);
    const first = forecare([...args, '--method', 'expected']).stdout;
    assert.deepEqual(await cacheRows(), [{ data_version: await latestImport() }]);
    const second = forecare([...args, '--method', 'expected']).stdout;
    assert.equal(second, first, 'the cached model gives byte-identical output');

    const j = JSON.parse(first) as ForecastJson;
    assert.equal(j.method, 'expected');
    assert.equal(j.months.length, 24);
    for (const m of j.months) {
      // One path: every quantile is the expected value.
      assert.equal(m.total.p2_5, m.total.mean);
      assert.equal(m.total.p97_5, m.total.mean);
    }
    // The same numbers as fitting and projecting the stored case data here.
    const opened = openDatabase({ kind: 'sqlite', file: db });
    try {
      const data = await loadCaseData(opened.db, 'DEMO');
      const here = forecastFromData(data, { start: '2025-03-31', months: 24, method: 'expected' });
      assert.deepEqual(j.months, forecastMonthsJson(here.result.simulated).months);
      // Monte Carlo through the cache (same model) = in-process Monte Carlo, run for run.
      const mc = JSON.parse(forecare([...args, '--runs', '50', '--seed', '7']).stdout) as ForecastJson;
      const mcHere = forecastFromData(data, { start: '2025-03-31', months: 24, runs: 50, seed: 7 });
      assert.deepEqual(mc.months, forecastMonthsJson(mcHere.result.simulated).months);
    } finally {
      await opened.close();
    }
  });

  test('forecast: the Monte Carlo runs shared out among worker threads give the figures of one thread, run for run', async () => {
    const args = ['forecast', '--la', 'DEMO', '--db', db, '--start', '2025-03-31', '--months', '12', '--json'];
    const mcArgs = [...args, '--runs', '120', '--seed', '4'];
    const saved = env;
    let threaded: string;
    let oneThread: string;
    try {
      env = { ...saved, FORECARE_ENGINE_THREADS: '3' };
      threaded = forecare(mcArgs).stdout;
      env = { ...saved, FORECARE_ENGINE_THREADS: '0' };
      oneThread = forecare(mcArgs).stdout;
    } finally {
      env = saved;
    }
    assert.equal(threaded, oneThread);
    const opened = openDatabase({ kind: 'sqlite', file: db });
    try {
      const data = await loadCaseData(opened.db, 'DEMO');
      const here = forecastFromData(data, { start: '2025-03-31', months: 12, runs: 120, seed: 4 });
      assert.deepEqual((JSON.parse(threaded) as ForecastJson).months, forecastMonthsJson(here.result.simulated).months);
    } finally {
      await opened.close();
    }
  });

  test('a new import makes a new data version: the older cached models are dropped when the next is written', async () => {
    const args = ['forecast', '--la', 'DEMO', '--db', db, '--start', '2025-03-31', '--months', '12', '--json'];
    const before = forecare([...args, '--method', 'expected']).stdout;
    const versionBefore = await latestImport();
    forecare(['import', path.join(dir, 'returns'), '--la', 'DEMO', '--db', db]);
    const versionAfter = await latestImport();
    assert.ok(versionAfter > versionBefore);
    const afterImport = forecare([...args, '--method', 'expected']).stdout;
    assert.equal(afterImport, before, 'the same returns again: the same forecast');
    assert.deepEqual(await cacheRows(), [{ data_version: versionAfter }]);
  });

  test('the cache key carries the engine code fingerprint and the fit options, cohort fields in a fixed order', () => {
    assert.match(engineFingerprint(), /^[0-9a-f]{16}$/);
    const a = modelCacheKey({ start: '2025-03-31', cohort: { uasc: true, sex: 'F' } });
    const b = modelCacheKey({ start: '2025-03-31', cohort: { sex: 'F', uasc: true } });
    assert.equal(a, b);
    assert.ok(a.includes(engineFingerprint()));
    assert.notEqual(a, modelCacheKey({ start: '2025-03-31', cohort: { sex: 'F' } }));
    assert.notEqual(a, modelCacheKey({ start: '2025-03-31', referenceMonths: 12, cohort: { sex: 'F', uasc: true } }));
  });

  test('what the CLI loads: --help only commander and the list of commands; a command its own module; a forecast not the web app, charts or Excel', () => {
    const hook = path.join(dir, 'trace.mjs');
    writeFileSync(
      hook,
      "import { registerHooks } from 'node:module';\n" +
        'const seen = [];\n' +
        'registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });\n' +
        "process.on('exit', () => process.stderr.write(`LOADED ${JSON.stringify(seen)}\\n`));\n",
    );
    const loaded = (args: string[]): string[] => {
      const r = forecare(args, ['--import', hook]);
      const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
      assert.ok(line, r.stderr);
      return JSON.parse(line.slice('LOADED '.length)) as string[];
    };
    const packages = (urls: string[]): string[] =>
      [
        ...new Set(urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1]).filter((p) => p !== undefined)),
      ].sort();

    const help = loaded(['--help']);
    // No command module: src/cli/program.ts holds each command's line of the help.
    assert.deepEqual(packages(help), ['commander']);
    const src = help.filter((u) => u.includes('/src/')).map((u) => u.slice(u.indexOf('/src/') + 1));
    assert.deepEqual(src.sort(), [
      'src/cli/cliError.ts',
      'src/cli/fastResolve.ts',
      'src/cli/main.ts',
      'src/cli/program.ts',
    ]);

    // A command loads its own module, not the others', and for its help no more than its options
    // need (zod: the forecast parameters' definitions carry their schemas).
    const forecastHelp = loaded(['forecast', '--help']);
    assert.deepEqual(packages(forecastHelp), ['commander', 'zod']);
    const forecastSrc = forecastHelp.filter((u) => u.includes('/src/')).map((u) => u.slice(u.indexOf('/src/') + 1));
    assert.deepEqual(
      forecastSrc.filter((u) => u.startsWith('src/cli/commands/')),
      ['src/cli/commands/forecast.ts'],
    );
    assert.deepEqual(
      forecastSrc.filter((u) => /^src\/(services|store|web|io)\//.test(u)),
      ['src/services/forecastParameters.ts'],
      'no service but the parameters, no store, web or io module',
    );
    assert.deepEqual(
      forecastSrc.filter((u) => u.startsWith('src/domain/engine/')),
      ['src/domain/engine/defaults.ts'],
      'the engine is not loaded for help',
    );

    const forecast = packages(
      loaded([
        'forecast',
        '--la',
        'DEMO',
        '--db',
        db,
        '--start',
        '2025-03-31',
        '--months',
        '6',
        '--method',
        'expected',
      ]),
    );
    for (const p of ['express', 'nunjucks', 'govuk-frontend', 'vega', 'vega-lite', 'exceljs', 'pg', 'pino', 'piscina'])
      assert.ok(!forecast.includes(p), `a forecast loaded ${p}`);
  });
});
