/**
 * What the CLI refuses (issue 17, should fix): a council code that is not one (`--la ../../x`) on
 * every command that takes --la, before anything is opened or written; dates outside the
 * council's data for `forecast --start`, `stock --at`, `rates --start` and `backtest --cutoffs`;
 * a YAML alias bomb in a scenario file; `plan export --xlsx` into a missing folder; more runs ×
 * months than a forecast may hold in memory. Each is one line on stderr and a non-zero exit.
 * Data: the project's own sample (test/support/projectSample.ts), in every clone.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../../src/cli/cliError.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { importReturns } from '../../src/services/import.ts';
import { migrateToLatest, openDatabase } from '../../src/store/database.ts';
import { projectSample, type ProjectSample } from '../support/projectSample.ts';
import { REPO_ROOT as ROOT, runForecare } from '../support/cli.ts';

function forecare(args: string[], env: Record<string, string> = {}) {
  return runForecare(args, { env });
}

/** Every command path (e.g. ['scenario', 'save']) whose command takes --la. */
function commandsTakingLa(command: Command, prefix: string[] = []): string[][] {
  const found: string[][] = [];
  for (const c of command.commands) {
    const p = [...prefix, c.name()];
    if (c.options.some((o) => o.long === '--la')) found.push(p);
    found.push(...commandsTakingLa(c, p));
  }
  return found;
}

describe('the CLI refuses a council code that is not one', () => {
  test('every command taking --la refuses ../../x before doing anything', async () => {
    const program = await buildProgram();
    const commands = commandsTakingLa(program);
    // The commands the issue named, and the others that take --la.
    for (const named of [
      ['scenario', 'save'],
      ['scenario', 'delete'],
      ['plan', 'save'],
      ['costs', 'set'],
      ['costs', 'inflation'],
      ['forecast'],
      ['stock'],
      ['import'],
      ['users', 'create-admin'],
    ])
      assert.ok(
        commands.some((c) => c.join(' ') === named.join(' ')),
        `${named.join(' ')} takes --la`,
      );
    assert.ok(commands.length >= 15, `${commands.length} commands take --la`);
    for (const c of commands) {
      const fresh = await buildProgram();
      fresh.exitOverride();
      for (const sub of fresh.commands) sub.exitOverride();
      await assert.rejects(
        fresh.parseAsync(['node', 'forecare', ...c, '--la', '../../x']),
        (err: unknown) =>
          err instanceof CliError &&
          err.message ===
            '--la must be a council code, not "../../x": a council code is 1-10 letters or digits: the 903 code (e.g. 301) or a configured code such as DEMO',
        c.join(' '),
      );
    }
  });

  test('scenario save --la ../../x exits 1 with one line, and writes no database', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-la-'));
    try {
      const db = path.join(dir, 'forecare.db');
      const r = forecare([
        'scenario',
        'save',
        path.join(ROOT, 'examples/scenarios/edge-of-care.yaml'),
        '--la',
        '../../x',
        '--db',
        db,
      ]);
      assert.equal(r.status, 1);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^forecare: --la must be a council code, not "\.\.\/\.\.\/x"/);
      assert.equal(existsSync(db), false);
      // A configured code and a 903 code are taken (in any case: read in capitals).
      const ok = forecare(['scenario', 'list', '--la', 'demo', '--db', db]);
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /No saved scenarios for DEMO/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the CLI refuses dates outside the data, and other input it cannot use', () => {
  let dir: string;
  let db: string;
  let env: Record<string, string>;
  let sample: ProjectSample;
  before(async () => {
    // The project's own sample (test/support/projectSample.ts), so a clone with nothing beside it runs this too.
    sample = await projectSample();
    dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-dates-'));
    db = path.join(dir, 'forecare.db');
    env = { FORECARE_KEY_FILE: path.join(dir, 'key') };
    const opened = openDatabase({ kind: 'sqlite', file: db });
    try {
      await migrateToLatest(opened.db);
      await importReturns(opened.db, {
        laCode: '301',
        paths: [sample.dir],
        importedBy: 'test',
        acceptErrors: true,
        now: new Date('2026-01-01T00:00:00Z'),
        pseudonymKey: new Uint8Array(32).fill(1),
      });
    } finally {
      await opened.close();
    }
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await sample.remove();
  });

  // The sample's files are named 2017 to 2021 and hold the years starting 1 April 2017 to 1 April
  // 2021 (the loader reads them as collection years 2018 to 2022, FILE-YEAR-NAMING): the data cover
  // 1 April 2017 to 31 March 2022.
  const RANGE = "council 301's returns cover 2017-04-01 to 2022-03-31";

  for (const [what, date, args] of [
    ['forecast --start', '1900-01-01', ['forecast', '--la', '301', '--start', '1900-01-01', '--months', '12']],
    ['stock --at', '1900-01-01', ['stock', '--la', '301', '--at', '1900-01-01']],
    ['rates --start', '2099-03-31', ['rates', '--la', '301', '--start', '2099-03-31']],
    [
      'backtest --cutoffs',
      '1900-03-31',
      ['backtest', '--la', '301', '--cutoffs', '2019-03-31,1900-03-31', '--months', '12'],
    ],
  ] as const) {
    test(`${what} outside the data exits 1 and says the data's range`, () => {
      const r = forecare([...args, '--db', db], env);
      assert.equal(r.status, 1, r.stdout);
      assert.equal(r.stdout, '');
      assert.equal(
        r.stderr.trim(),
        `forecare: ${what.split(' ')[1]} ${date} is outside the data: ${RANGE}. Choose a date in that range.`,
      );
    });
  }

  test('a date inside the data is still taken', () => {
    const r = forecare(['stock', '--la', '301', '--at', '2020-03-31', '--json', '--db', db], env);
    assert.equal(r.status, 0, r.stderr);
    assert.ok((JSON.parse(r.stdout) as { total: number }).total > 0);
  });

  test('a YAML alias bomb in a scenario file is one line, not a stack trace', () => {
    const bomb = path.join(dir, 'bomb.yaml');
    const levels = 'abcdefghi'.split('');
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < levels.length; i++) {
      const prev = levels[i - 1]!;
      lines.push(`${levels[i]}: &${levels[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    writeFileSync(bomb, `${lines.join('\n')}\nname: bomb\nadjustments: []\n`);
    const r = forecare(['scenario', 'save', bomb, '--la', '301', '--db', db], env);
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.match(r.stderr, /bomb\.yaml.*\n.*is not valid YAML: Excessive alias count/);
  });

  test('plan export --xlsx into a missing folder is one line naming the folder', () => {
    const out = path.join(dir, 'no-such-folder', 'plan.xlsx');
    const r = forecare(['plan', 'export', path.join(ROOT, 'examples/programme/council-paper.yaml'), '--xlsx', out]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim(), `forecare: Cannot write ${out}: the folder ${path.dirname(out)} does not exist`);
  });

  test('forecast --runs 100000 --months 120 is refused before it runs: runs × months is capped by memory', () => {
    const r = forecare(
      ['forecast', '--la', '301', '--start', '2020-03-31', '--months', '120', '--runs', '100000', '--db', db],
      env,
    );
    assert.equal(r.status, 1);
    assert.equal(
      r.stderr.trim(),
      'forecare: --runs 100000 over 120 months needs more memory than a forecast may use: runs × months is at most 1,200,000 (about 0.8 GB), so at most 10,000 runs for 120 months',
    );
    const help = forecare(['forecast', '--help']);
    assert.match(help.stdout, /runs × months at\s+most\s+1,200,000/);
  });
});
