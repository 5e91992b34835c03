/**
 * Size and value limits, and errors that never echo raw bytes: the same for files read by the
 * command line and uploads (`PROGRAMME_LIMITS`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  parseProgrammeText,
  printable,
  programmeFromDocument,
  PROGRAMME_LIMITS,
  ProgrammeFileError,
} from '../../src/io/programmeFile.ts';
import { programmeFromUpload } from '../../src/services/programmes.ts';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/cli/main.ts');

const initiative = (id: string, years: Record<string, unknown> = { '2025/26': { grossSaving: 1000 } }) => ({
  id,
  name: id,
  profile: 'incremental',
  years,
});
const doc = (initiatives: unknown[]) => ({ programme: 'Limits', firstYear: '2025/26', planYears: 2, initiatives });

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ProgrammeFileError, String(e));
    return e.problems;
  }
  assert.fail('expected a ProgrammeFileError');
}

test('amounts beyond £1bn are refused with a clear message (1e300 would lose its pence)', () => {
  const problems = problemsOf(() =>
    programmeFromDocument(doc([initiative('a', { '2025/26': { grossSaving: 1e300, investment: -2e9 } })]), 'big.yaml'),
  );
  assert.deepEqual(problems, [
    "initiative 'a', years.2025/26.investment: -2000000000 is beyond £1,000,000,000, the largest amount a programme may hold (amounts are in pounds)",
    "initiative 'a', years.2025/26.grossSaving: 1e+300 is beyond £1,000,000,000, the largest amount a programme may hold (amounts are in pounds)",
  ]);
  // £1bn itself is allowed; a negative investment (income) is allowed.
  assert.doesNotThrow(() =>
    programmeFromDocument(doc([initiative('a', { '2025/26': { grossSaving: 1e9, investment: -5 } })]), 'ok.yaml'),
  );
  // A stated total and a working's result are capped too.
  const worked = problemsOf(() =>
    programmeFromDocument(
      doc([
        {
          ...initiative('a'),
          workings: [
            { line: 'grossSaving', description: 'x', unitCost: 900_000_000, per: 'year', years: { '2025/26': 2 } },
          ],
        },
      ]),
      'w.yaml',
    ),
  );
  assert.match(worked[0] ?? '', /workings\.0\.years\.2025\/26: the working gives 1800000000 is beyond £1,000,000,000/);
});

test('more initiatives than a programme may have are refused before any is validated', () => {
  const many = Array.from({ length: PROGRAMME_LIMITS.maxInitiatives + 1 }, (_, i) => initiative(`i${i}`));
  assert.deepEqual(
    problemsOf(() => programmeFromDocument(doc(many), 'many.yaml')),
    [
      `initiatives: ${PROGRAMME_LIMITS.maxInitiatives + 1} initiatives; a programme may have at most ${PROGRAMME_LIMITS.maxInitiatives} (split it into programmes)`,
    ],
  );
});

test("a bad year label gives the schema's own message, not 'Invalid key in record'", () => {
  assert.deepEqual(
    problemsOf(() => programmeFromDocument(doc([initiative('a', { '2025-26': {} })]), 'y.yaml')),
    ["initiative 'a', years.2025-26: expected a financial year like 2025/26"],
  );
});

test('binary input and broken YAML are reported without echoing what was read', () => {
  // A zip's first bytes, then noise with NULs: the message says what is wrong in one short line.
  const bytes = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(4500, 0x00), Buffer.from('\u00ff\u00fe')]);
  const [binary] = problemsOf(() => parseProgrammeText(bytes.toString('utf8'), 'plan.yaml'));
  assert.equal(binary, 'not a YAML or JSON text file: it holds binary data (an Excel workbook must be named .xlsx)');
  // YAML's own message ends with the offending lines of the file; only its first line is kept.
  const secret = 'a: [1, 2 # ' + 'x'.repeat(5000);
  const [yaml] = problemsOf(() => parseProgrammeText(secret, 'broken.yaml'));
  assert.ok((yaml ?? '').length < 300, yaml);
  assert.doesNotMatch(yaml ?? '', /xxxx/);
  assert.match(yaml ?? '', /^not valid YAML or JSON: .*line 1/);
  // Keys are shown short and printable.
  const [key] = problemsOf(() =>
    programmeFromDocument({ ...doc([initiative('a')]), ['\u0001bad\u0000key' + 'k'.repeat(100)]: 1 }, 'k.yaml'),
  );
  assert.match(key ?? '', /^\(top level\): unknown field '\?bad\?keyk+…' \(a typo\? see docs\/programme-file\.md\)$/);
  assert.equal(printable('a\u0000b\nc', 10), 'a?b?c');
});

test('uploads: over the size limit, or not a workbook, are refused in a sentence', async () => {
  const big = new Uint8Array(PROGRAMME_LIMITS.maxFileBytes + 1).fill(0x20);
  await assert.rejects(programmeFromUpload(big, 'big.yaml'), /big\.yaml: 1 problem:\n {2}larger than 2 MB/);
  await assert.rejects(programmeFromUpload(big, 'big.xlsx'), /big\.xlsx: 1 problem:\n {2}larger than 2 MB/);
  await assert.rejects(
    programmeFromUpload(new TextEncoder().encode('PK\u0003\u0004 this is not a zip at all'), 'x.xlsx'),
    (e: unknown) =>
      e instanceof ProgrammeFileError && e.message === 'x.xlsx: 1 problem:\n  not a readable Excel workbook (.xlsx)',
  );
});

test('the command line refuses a 10 MB file at once, and binary input in one short line', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'forecare-limits-'));
  try {
    // 10 MB of initiatives: refused from its size before it is read (it took 282 s to evaluate).
    const huge = path.join(dir, 'huge.yaml');
    const entry = '  - { id: i, name: I, profile: incremental, years: { 2025/26: { grossSaving: 1 } } }\n';
    await fs.writeFile(huge, `programme: x\nfirstYear: 2025/26\nplanYears: 1\ninitiatives:\n${entry.repeat(130_000)}`);
    await assert.rejects(
      run(process.execPath, [MAIN, 'plan', 'evaluate', huge]),
      (e: { stderr: string; code: number }) => {
        assert.equal(e.code, 1);
        assert.match(
          e.stderr,
          /huge\.yaml: 1 problem:\n {2}larger than 2 MB, the largest programme file Forecare reads/,
        );
        return true;
      },
    );
    const binary = path.join(dir, 'binary.yaml');
    await fs.writeFile(binary, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(4500, 7)]));
    await assert.rejects(run(process.execPath, [MAIN, 'plan', 'evaluate', binary]), (e: { stderr: string }) => {
      assert.ok(e.stderr.length < 300, e.stderr);
      assert.match(e.stderr, /holds binary data/);
      return true;
    });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
