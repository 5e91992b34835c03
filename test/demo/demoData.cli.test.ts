import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { csvText } from '../../src/io/write903.ts';
import { EPISODE_COLUMNS, HEADER_COLUMNS, UASC_COLUMNS } from '../../src/domain/demo/returns.ts';
import { processFolder } from '../support/processFolder.ts';

const run = promisify(execFile);
const ROOT = path.join(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'src/cli/main.ts');
const tmp = processFolder('forecare-demo-');

async function forecare(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [MAIN, ...args], { cwd: ROOT });
}

async function readAll(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const year of (await fs.readdir(dir)).sort()) {
    for (const file of (await fs.readdir(path.join(dir, year))).sort())
      out.set(`${year}/${file}`, await fs.readFile(path.join(dir, year, file)));
  }
  return out;
}

test('demo-data writes one folder per year with the sample columns, byte for byte the same for a seed', async () => {
  const a = path.join(tmp, 'a');
  const b = path.join(tmp, 'b');
  const c = path.join(tmp, 'c');
  await forecare('demo-data', a, '--seed', '11', '--years', '3', '--size', 'small', '--end-year', '2025');
  await forecare('demo-data', b, '--seed', '11', '--years', '3', '--size', 'small', '--end-year', '2025');
  await forecare('demo-data', c, '--seed', '12', '--years', '3', '--size', 'small', '--end-year', '2025');
  const filesA = await readAll(a);
  const firstLine = (key: string) => filesA.get(key)?.toString('utf8').split('\n')[0];
  assert.deepEqual(
    [...filesA.keys()],
    ['2023', '2024', '2025'].flatMap((y) =>
      [
        'assessments.csv',
        'child_protection_plans.csv',
        'children.csv',
        'cin_details.csv',
        'cin_plans.csv',
        'episodes.csv',
        'header.csv',
        'oc3.csv',
        'section47.csv',
        'uasc.csv',
      ].map((f) => `${y}/${f}`),
    ),
  );
  assert.equal(
    firstLine('2024/cin_details.csv'),
    'LAchildID,CINreferralDate,ReferralSource,PrimaryNeedCode,CINclosureDate,ReasonForClosure,ReferralNFA,DateOfInitialCPC',
  );
  assert.equal(firstLine('2024/header.csv'), 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB');
  assert.equal(
    firstLine('2024/episodes.csv'),
    'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
  );
  assert.equal(firstLine('2024/uasc.csv'), 'CHILD,SEX,DOB,DUC');
  assert.equal(firstLine('2024/oc3.csv'), 'CHILD,DOB,IN_TOUCH,ACTIV,ACCOM');
  assert.match(
    filesA.get('2025/oc3.csv')?.toString('utf8').split('\n')[1] ?? '',
    /^\d+,\d{2}\/\d{2}\/\d{4},(YES|NO|DIED|REFU|NREQ|RHOM),(F[1-3]|P[1-3]|G[4-6]|0),([B-Z][12]|0)$/,
  );
  assert.match(
    filesA.get('2025/episodes.csv')?.toString('utf8').split('\n')[1] ?? '',
    /^\d+,\d{2}\/\d{2}\/\d{4},[SLPTBU],/,
  );
  const filesB = await readAll(b);
  for (const [key, bytes] of filesA)
    assert.ok(bytes.equals(filesB.get(key) ?? Buffer.alloc(0)), `${key} differs for the same seed`);
  const filesC = await readAll(c);
  assert.ok(
    !(filesA.get('2025/episodes.csv') ?? Buffer.alloc(0)).equals(filesC.get('2025/episodes.csv') ?? Buffer.alloc(0)),
  );
});

test('demo-data refuses a folder that already holds years unless --force, and checks its options', async () => {
  const d = path.join(tmp, 'd');
  await forecare('demo-data', d, '--seed', '1', '--years', '1', '--size', 'small', '--end-year', '2024');
  await assert.rejects(
    forecare('demo-data', d, '--seed', '2', '--years', '1', '--size', 'small', '--end-year', '2024'),
    /already holds year folders/,
  );
  await forecare('demo-data', d, '--seed', '2', '--years', '1', '--size', 'small', '--end-year', '2024', '--force');
  await assert.rejects(
    forecare('demo-data', path.join(tmp, 'e'), '--size', 'huge'),
    /--size must be small, medium or large/,
  );
  await assert.rejects(forecare('demo-data', path.join(tmp, 'e'), '--years', 'two'), /--years must be a whole number/);
});

test('demo-data --json summarises the years written; the last year defaults to the latest complete one', async () => {
  const { stdout } = await forecare(
    'demo-data',
    path.join(tmp, 'f'),
    '--seed',
    '5',
    '--years',
    '2',
    '--size',
    'small',
    '--json',
  );
  const out = JSON.parse(stdout) as {
    endYear: number;
    years: { collectionYear: number; children: number; episodes: number }[];
  };
  const today = new Date().toISOString().slice(0, 10);
  const expected = today.slice(5) > '03-31' ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
  assert.equal(out.endYear, expected);
  assert.deepEqual(
    out.years.map((y) => y.collectionYear),
    [expected - 1, expected],
  );
  for (const y of out.years) assert.ok(y.children > 100 && y.episodes >= y.children);
});

test('csvText quotes only fields that need it and ends with a line break', () => {
  const text = csvText(['A', 'B'] as const, [
    { A: 'plain', B: 'has,comma' },
    { A: 'say "hi"', B: '' },
  ]);
  assert.equal(text, 'A,B\nplain,"has,comma"\n"say ""hi""",\n');
  assert.equal(csvText(HEADER_COLUMNS, []), `${HEADER_COLUMNS.join(',')}\n`);
  assert.equal(EPISODE_COLUMNS.length, 13);
  assert.equal(UASC_COLUMNS.length, 4);
});
