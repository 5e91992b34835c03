/**
 * The CIN census service: imports are all or nothing and checked for access; child ids are
 * pseudonymised with the 903's key, so the same council child id gives the same stored id in the
 * CIN census and the 903 (the linkage the funnel needs).
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openSqliteTestDatabase, type TestDatabase } from '../support/databases.ts';
import { aChild, anEpisode, writeReturns } from '../support/ssda903Builders.ts';
import { systemActor, AccessDeniedError, type Actor } from '../../src/services/access.ts';
import {
  CinImportRefusedError,
  importCin,
  importCinCounts,
  readCin,
  readCinMonthlyCounts,
} from '../../src/services/cin.ts';
import { importReturns } from '../../src/services/import.ts';
import { pseudonymiser } from '../../src/services/pseudonymise.ts';
import { loadCaseData } from '../../src/store/caseData.repository.ts';
import { countCinData } from '../../src/store/cin.repository.ts';
import { createAuditService } from '../../src/services/audit.ts';

const XML = path.join(import.meta.dirname, '..', 'cin', 'fixtures', 'xml');
const KEY = new Uint8Array(32).fill(7);
const NOW = new Date('2026-12-07T11:00:00Z');
const admin = systemActor('301');

describe('CIN census service', () => {
  let t: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    t = await openSqliteTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-cin-service-'));
  });
  afterEach(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('read on one thread or three (ids pseudonymised on a thread of their own): the same records stored', async () => {
    const stored: unknown[] = [];
    for (const threads of [1, 3]) {
      const db = await openSqliteTestDatabase();
      try {
        await importCin(db.db, admin, {
          laCode: '301',
          paths: [XML],
          pseudonymKey: KEY,
          now: NOW,
          threads,
          bytesPerThread: 1,
        });
        stored.push(await readCin(db.db, admin, '301'));
      } finally {
        await db.close();
      }
    }
    assert.deepEqual(stored[1], stored[0]);
    const hash = pseudonymiser(KEY, '301', { remember: false });
    assert.deepEqual(
      (stored[0] as Awaited<ReturnType<typeof readCin>>).children.map((c) => c.childId).sort(),
      ['C1', 'C2', 'C3', 'C4', 'C5'].map(hash).sort(),
    );
  });

  it('a pseudonymiser given pseudonyms already made uses them, and makes the others', () => {
    const hash = pseudonymiser(KEY, '301', { remember: false });
    const known = new Map([['C1', hash('C1')]]);
    const p = pseudonymiser(KEY, '301', { known });
    assert.deepEqual([p('C1'), p('C2')], [hash('C1'), hash('C2')]);
    // What it is given is what it answers (worked out elsewhere with the same key, so the same).
    assert.equal(pseudonymiser(KEY, '301', { known: new Map([['C9', 'given']]) })('C9'), 'given');
  });

  it('imports the fixture; the same child links to the 903 through the shared key', async () => {
    // A 903 return with council child id C1 (also C1 in the CIN census) and 9999 (not in the CIN census).
    await writeReturns(dir, [
      {
        year: 2025,
        header: [aChild({ CHILD: 'C1', SEX: '2', DOB: '01/06/2015' }), aChild({ CHILD: '9999' })],
        episodes: [anEpisode({ CHILD: 'C1', DECOM: '01/08/2024' }), anEpisode({ CHILD: '9999' })],
      },
    ]);
    await importReturns(t.db, {
      laCode: '301',
      paths: [dir],
      importedBy: 'test',
      acceptErrors: true,
      now: NOW,
      pseudonymKey: KEY,
    });
    const summary = await importCin(t.db, admin, { laCode: '301', paths: [XML], pseudonymKey: KEY, now: NOW });
    assert.deepEqual(summary.read, {
      children: 5,
      episodes: 5,
      assessments: 4,
      cinPlans: 1,
      section47s: 2,
      protectionPlans: 1,
    });
    assert.deepEqual(summary.stored, summary.read);

    const cin = await readCin(t.db, admin, '301');
    const care = await loadCaseData(t.db, '301');
    const cinIds = new Set(cin.children.map((c) => c.childId));
    const linked = care.children.filter((c) => cinIds.has(c.childId)).map((c) => c.childId);
    const pseudo = pseudonymiser(KEY, '301');
    assert.deepEqual(linked, [pseudo('C1')], 'exactly C1 is in both returns, under one pseudonym');
    assert.ok(!cinIds.has('C1'), 'no council id is stored');
    const c1 = cin.protectionPlans.find((p) => p.childId === pseudo('C1'))!;
    assert.equal(c1.end, '2024-08-01', 'C1 came into care after her child protection plan ended');

    const log = await createAuditService(t.db).list(admin, '301', { action: 'cin.import.completed' });
    assert.equal(log.total, 1);
    assert.ok(!JSON.stringify(log.entries).includes('C1'), 'no child id in the audit log');
  });

  it('all or nothing: one bad file among good ones stores nothing; --accept-errors is refused for a fatal problem', async () => {
    const bad = path.join(dir, 'bad');
    await mkdir(bad);
    await copyFile(path.join(XML, 'cin-2025.xml'), path.join(bad, 'cin-2025.xml'));
    const text = await readFile(path.join(XML, 'cin-2024.xml'), 'utf8');
    await writeFile(path.join(bad, 'cin-2024.xml'), text.replace('<ReferralSource>2A<', '<ReferralSource>2Z<'));
    await assert.rejects(
      importCin(t.db, admin, { laCode: '301', paths: [bad], pseudonymKey: KEY, now: NOW }),
      (err: unknown) =>
        err instanceof CinImportRefusedError &&
        /Nothing imported: 1 validation error, first .*cin-2024\.xml, row 70, Message\/Children\/Child\/CINdetails\/ReferralSource/.test(
          err.message,
        ),
    );
    assert.equal((await countCinData(t.db, '301')).episodes, 0);

    await writeFile(path.join(bad, 'cin-2024.xml'), text.slice(0, 2000));
    await assert.rejects(
      importCin(t.db, admin, { laCode: '301', paths: [bad], pseudonymKey: KEY, now: NOW, acceptErrors: true }),
      (err: unknown) => err instanceof CinImportRefusedError && /XML-MALFORMED/.test(err.message),
    );
    assert.equal((await countCinData(t.db, '301')).children, 0);

    await writeFile(path.join(bad, 'cin-2024.xml'), text.replace('<ReferralSource>2A<', '<ReferralSource>2Z<'));
    const accepted = await importCin(t.db, admin, {
      laCode: '301',
      paths: [bad],
      pseudonymKey: KEY,
      now: NOW,
      acceptErrors: true,
    });
    assert.equal(accepted.acceptedErrors, true);
    assert.equal(accepted.stored.episodes, 5);
  });

  it('access: another council, or a viewer importing, is refused', async () => {
    const viewer: Actor = { ...admin, role: 'viewer' };
    await assert.rejects(
      importCin(t.db, viewer, { laCode: '301', paths: [XML], pseudonymKey: KEY, now: NOW }),
      AccessDeniedError,
    );
    await assert.rejects(readCin(t.db, systemActor('302'), '301'), AccessDeniedError);
    assert.deepEqual((await readCin(t.db, viewer, '301')).episodes, []);
  });

  it('monthly counts: stored and read back; a file with a problem stores nothing', async () => {
    const good = path.join(dir, 'counts.csv');
    await writeFile(
      good,
      'month,contacts,early_help_assessments,early_help_starts\n2024-04,280,40,35\n2024-05,310,,20\n',
    );
    const s = await importCinCounts(t.db, admin, { laCode: '301', path: good, now: NOW });
    assert.deepEqual([s.months, s.first, s.last], [2, '2024-04', '2024-05']);
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, 'month,contacts\n2024-06,12\n2024-07,many\n');
    await assert.rejects(importCinCounts(t.db, admin, { laCode: '301', path: bad, now: NOW }), CinImportRefusedError);
    assert.deepEqual(
      (await readCinMonthlyCounts(t.db, admin, '301')).map((c) => c.month),
      ['2024-04', '2024-05'],
    );
  });
});
