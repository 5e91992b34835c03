/**
 * The demo council's permanence project: made from the synthetic returns, it shows every outcome a
 * project meets (left as planned, another way, overdue, on plan, out of scope), is stored once and
 * audited.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simulateCouncil } from '../../src/domain/demo/simulateCouncil.ts';
import { DEMO_TRACKER_PROJECT } from '../../src/domain/demo/tracker.ts';
import { writeReturns } from '../../src/io/write903.ts';
import { createAuditService } from '../../src/services/audit.ts';
import { systemActor } from '../../src/services/access.ts';
import { importReturns } from '../../src/services/import.ts';
import { seedDemoTracker, trackerView } from '../../src/services/permanence.ts';
import { openSqliteTestDatabase } from '../support/databases.ts';

test('the demo permanence project shows every outcome, and is stored once', async () => {
  const t = await openSqliteTestDatabase();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-demo-tracker-'));
  try {
    const council = simulateCouncil({ seed: 903, years: 3, endYear: 2026, size: 'small' });
    await writeReturns(dir, council.returns);
    const key = new Uint8Array(32).fill(3);
    await importReturns(t.db, {
      laCode: 'DEMO',
      paths: [dir],
      importedBy: 'test',
      acceptErrors: true,
      now: new Date(),
      pseudonymKey: key,
    });
    const actor = systemActor('DEMO', 'system');
    const now = new Date('2026-06-01T00:00:00Z');
    assert.equal(await seedDemoTracker(t.db, actor, now), true);
    assert.equal(await seedDemoTracker(t.db, actor, now), false, 'stored once');
    const view = await trackerView(t.db, actor, 'DEMO', DEMO_TRACKER_PROJECT);
    const outcomes = new Set(view.report.children.map((c) => c.outcome));
    for (const o of ['achieved', 'other_route', 'overdue', 'in_care', 'out_of_scope'] as const)
      assert.ok(outcomes.has(o), `the demo project has a child ${o} (has ${[...outcomes].join(', ')})`);
    assert.ok(view.saving.soFarPence > 0);
    const log = await createAuditService(t.db).list(actor, 'DEMO', { action: 'tracker.imported' });
    assert.equal(log.total, 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await t.close();
  }
});
