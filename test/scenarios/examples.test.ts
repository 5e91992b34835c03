import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readScenarioFile } from '../../src/io/scenarioFile.ts';
import { describeAdjustment } from '../../src/domain/scenarios/scenario.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLES = path.join(ROOT, 'examples/scenarios');
const run = promisify(execFile);

test('every example scenario file is valid', async () => {
  const files = fs.readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f));
  assert.ok(files.includes('edge-of-care.yaml'));
  for (const f of files) {
    const s = await readScenarioFile(path.join(EXAMPLES, f));
    assert.ok(s.name.length > 0, f);
    for (const a of s.adjustments) assert.ok(describeAdjustment(a).length > 0);
  }
});

test('forecare scenario run refuses a bad file with the adjustment and field named, exit status 1', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forecare-scen-'));
  try {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(
      bad,
      'name: Bad\nadjustments:\n  - kind: exitRate\n    start: 2026-04-01\n    route: sgo\n    percent: 25\n',
    );
    const err = await run(process.execPath, [
      path.join(ROOT, 'src/cli/main.ts'),
      'scenario',
      'run',
      bad,
      '--la',
      '999',
      '--db',
      path.join(dir, 'db.sqlite'),
    ]).catch((e: unknown) => e as { code: number; stderr: string });
    assert.ok(typeof err === 'object' && err !== null && 'code' in err, 'the command should fail');
    assert.equal(err.code, 1);
    assert.match(err.stderr, /bad\.yaml: a problem in the scenario/);
    assert.match(err.stderr, /adjustment 1 \(exitRate\), field "route"/);
    assert.doesNotMatch(err.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
