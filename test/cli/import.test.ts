/**
 * `forecare import` is in the council's audit log like an import through the web: done by
 * `cli:<OS user>`, with files and counts and no child-level data. Data: ../shared/fixtures/ssda903-sample
 * (synthetic returns, read in place) where it is beside the clone, and the project's own sample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAuditService } from '../../src/services/audit.ts';
import { systemActor } from '../../src/services/access.ts';
import { openDatabase } from '../../src/store/database.ts';
import { projectSample } from '../support/projectSample.ts';
import { SHARED_SAMPLE, sharedSampleSkip } from '../support/sharedSample.ts';
import { runForecare } from '../support/cli.ts';

/** CHILD ids of the shared sample's last header file. */
function sharedIds(): string[] {
  return readFileSync(path.join(SHARED_SAMPLE, '2021-header.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0])
    .filter((id): id is string => !!id);
}

const SAMPLES = [
  {
    name: 'the shared sample',
    skip: sharedSampleSkip,
    open: async () => ({ dir: SHARED_SAMPLE, childIds: sharedIds(), remove: async () => undefined }),
  },
  { name: "the project's own sample", skip: false as const, open: projectSample },
];

function forecare(args: string[], env: Record<string, string>) {
  return runForecare(args, { env });
}

for (const sample of SAMPLES)
  test(
    `forecare import of ${sample.name} records refused and completed imports in the audit log as cli:<OS user>, without child ids`,
    { skip: sample.skip },
    async () => {
      const given = await sample.open();
      const FIXTURE = given.dir;
      const dir = mkdtempSync(path.join(os.tmpdir(), 'forecare-cli-import-'));
      const db = path.join(dir, 'forecare.db');
      const env = { FORECARE_KEY_FILE: path.join(dir, 'key') };
      try {
        // The sample has validation errors: refused without --accept-errors, imported with it.
        const refused = forecare(['import', FIXTURE, '--la', '301', '--db', db], env);
        assert.equal(refused.status, 1, refused.stderr);
        assert.match(refused.stderr, /Nothing imported/);
        const ok = forecare(['import', FIXTURE, '--la', '301', '--db', db, '--accept-errors', '--json'], env);
        assert.equal(ok.status, 0, ok.stderr);
        const summary = JSON.parse(ok.stdout) as {
          importId: number;
          children: number;
          episodes: number;
          errors: number;
        };

        const opened = openDatabase({ kind: 'sqlite', file: db });
        try {
          const log = await createAuditService(opened.db).list(systemActor('301'), '301');
          const user = os.userInfo().username;
          assert.deepEqual(
            log.entries.map((e) => [e.actor, e.action]),
            [
              [`cli:${user}`, 'import.completed'],
              [`cli:${user}`, 'import.failed'],
            ],
          );
          const [completed, failed] = log.entries;
          assert.deepEqual(failed?.detail, { source: 'cli', reason: 'refused' });
          const detail = completed?.detail as Record<string, unknown>;
          assert.equal(detail.importId, summary.importId);
          assert.equal(detail.source, 'cli');
          assert.equal(detail.children, summary.children);
          assert.equal(detail.episodes, summary.episodes);
          assert.equal(detail.errors, summary.errors);
          assert.equal(detail.acceptedErrors, true);
          assert.equal((detail.files as unknown[]).length, 20); // header, episodes, uasc and oc3 for five years

          // No child-level data: none of the sample's CHILD ids appears in the log.
          const ids = given.childIds;
          assert.ok(ids.length > 100);
          const text = JSON.stringify(log.entries.map((e) => e.detail));
          for (const id of ids) assert.ok(!new RegExp(`\\b${id}\\b`).test(text), `child ${id} is not in the audit log`);
        } finally {
          await opened.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await given.remove();
      }
    },
  );
