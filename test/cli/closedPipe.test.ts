/**
 * Output piped into a reader that stops early (`forecare cin validate ... --json | head`): the
 * command ends quietly once nobody reads, instead of with an EPIPE stack trace, and with the status
 * of a Unix tool stopped by SIGPIPE (141), so a script does not take it for a success.
 * Data: a census written here whose 3,000 referral sources are all out of list, so the report
 * (about 1 MB of JSON) is far larger than a pipe holds.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { processFolder } from '../support/processFolder.ts';
import { REPO_ROOT } from '../support/cli.ts';

const dir = processFolder('forecare-closed-pipe-');

test('a report read only in part ends quietly, with status 141', async () => {
  const year = path.join(dir, '2024');
  mkdirSync(year, { recursive: true });
  const ids = Array.from({ length: 3000 }, (_, i) => `C${i + 1}`);
  writeFileSync(
    path.join(year, 'children.csv'),
    [
      'LAchildID,PersonBirthDate,ExpectedPersonBirthDate,GenderCurrent,Ethnicity',
      ...ids.map((c) => `${c},01/06/2015,,2,WBRI`),
    ].join('\n'),
  );
  writeFileSync(
    path.join(year, 'cin_details.csv'),
    [
      'LAchildID,CINreferralDate,ReferralSource,PrimaryNeedCode,CINclosureDate,ReasonForClosure,DateOfInitialCPC,ReferralNFA',
      ...ids.map((c) => `${c},02/05/2023,ZZ,N1,,,,false`),
    ].join('\n'),
  );
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'src/cli/main.ts'), 'cin', 'validate', dir, '--json'], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  // Read the first piece, then stop reading, as head does.
  const first = await new Promise<string>((resolve) => child.stdout.once('data', (b: Buffer) => resolve(b.toString())));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  assert.match(first, /^\{\n {2}"errors"/);
  assert.equal(stderr, '');
  assert.equal(code, 141);
});
