import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import { ensureCouncil } from '../../src/store/councils.repository.ts';
import { writeLoadResult, importReturns, ImportRefusedError, type WriteOptions } from '../../src/services/import.ts';
import { load903 } from '../../src/io/load903.ts';
import { stockOn } from '../../src/domain/stock.ts';
import { stockAt } from '../../src/services/stock.ts';
import { pseudonymiser, base32, loadPseudonymKey } from '../../src/services/pseudonymise.ts';
import { countCaseData, loadCaseData } from '../../src/store/caseData.repository.ts';
import { listImports } from '../../src/store/imports.repository.ts';
import { openDatabase, migrateToLatest } from '../../src/store/database.ts';
import type { Episode } from '../../src/domain/model.ts';
import { aChild, anEpisode, anIssue, aLoadResult, manyChildren } from '../store/caseBuilders.ts';
import { projectSample } from '../support/projectSample.ts';
import { SHARED_SAMPLE, sharedSampleSkip } from '../support/sharedSample.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const opts = (over: Partial<WriteOptions> = {}): WriteOptions => ({
  laCode: 'E09000001',
  importedBy: 'analyst@example',
  now: new Date('2026-01-02T03:04:05Z'),
  pseudonymKey: KEY,
  ...over,
});

for (const dialect of await testDialects()) {
  describe(`import: writing a LoadResult (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
    });
    afterEach(() => t.close());

    it('stores children and episodes under pseudonyms and records the import', async () => {
      const load = aLoadResult({
        children: [aChild({ childId: 'A1' }), aChild({ childId: 'B2', sex: 'M', dob: '2015-01-31' })],
        episodes: [
          anEpisode({ childId: 'A1' }),
          anEpisode({ childId: 'B2', start: '2022-09-01', placement: 'K2', provider: 'PR4' }),
        ],
      });
      const s = await writeLoadResult(t.db, load, opts());
      assert.deepEqual(s.inserted, { children: 2, episodes: 2 });
      assert.deepEqual(s.updated, { children: 0, episodes: 0 });
      const data = await loadCaseData(t.db, 'E09000001');
      const p = pseudonymiser(KEY, 'E09000001');
      assert.deepEqual(data.children.map((c) => c.childId).sort(), [p('A1'), p('B2')].sort());
      const b2 = data.episodes.find((e) => e.childId === p('B2'));
      assert.deepEqual(b2, {
        ...anEpisode({ childId: p('B2'), start: '2022-09-01', placement: 'K2', provider: 'PR4' }),
      });
      const imports = await listImports(t.db, 'E09000001');
      assert.equal(imports.length, 1);
      assert.equal(imports[0]?.id, s.importId);
      assert.equal(imports[0]?.importedBy, 'analyst@example');
      assert.equal(imports[0]?.importedAt, '2026-01-02T03:04:05.000Z');
      assert.deepEqual(
        imports[0]?.files.map((f) => [f.table, f.collectionYear, f.sha256]),
        [
          ['episodes', 2023, 'a'.repeat(64)],
          ['header', 2023, 'b'.repeat(64)],
        ],
      );
    });

    it('refuses a fatal issue and writes nothing, not even the import record', async () => {
      const load = aLoadResult({
        issues: [anIssue({ fatal: true, rule: 'FILE-COLUMNS', message: 'Column DECOM is missing.' })],
      });
      await assert.rejects(writeLoadResult(t.db, load, opts({ acceptErrors: true })), (e: unknown) => {
        assert.ok(e instanceof ImportRefusedError);
        assert.match(e.message, /Nothing imported: .*episodes\.csv.*Column DECOM is missing\. \[FILE-COLUMNS\]/);
        return true;
      });
      assert.deepEqual(await countCaseData(t.db, 'E09000001'), { children: 0, episodes: 0 });
      assert.equal((await listImports(t.db, 'E09000001')).length, 0);
    });

    it('refuses validation errors unless accepted, and records that they were accepted', async () => {
      const load = aLoadResult({ issues: [anIssue(), anIssue({ severity: 'warning', rule: 'W1' })] });
      await assert.rejects(writeLoadResult(t.db, load, opts()), /1 validation error.*--accept-errors/);
      assert.deepEqual(await countCaseData(t.db, 'E09000001'), { children: 0, episodes: 0 });
      const s = await writeLoadResult(t.db, load, opts({ acceptErrors: true }));
      assert.equal(s.errors, 1);
      assert.equal(s.warnings, 1);
      assert.equal(s.acceptedErrors, true);
      const [rec] = await listImports(t.db, 'E09000001');
      assert.equal(rec?.acceptedErrors, true);
      assert.deepEqual(rec?.issuesSummary, {
        errors: 1,
        warnings: 1,
        byRule: { 'EPI-DATE-ORDER': { severity: 'error', count: 1 }, W1: { severity: 'warning', count: 1 } },
      });
    });

    it('a first import (values straight into statements) stores what the comparing path stores, over several statements', async () => {
      // 2,600 children with 2 episodes each: full 1,000-row statements and a last partial one.
      const { children, episodes } = manyChildren(2600);
      const more = children.map((c) =>
        anEpisode({
          childId: c.childId,
          start: '2021-01-01',
          end: '2021-03-01',
          reasonEnded: 'E4A',
          provider: null,
          placement: 'T1',
        }),
      );
      const load = aLoadResult({ children, episodes: [...more, ...episodes] });
      const first = await writeLoadResult(t.db, load, opts({ laCode: 'FIRST' }));
      // The same rows reach council CMP through the comparing path (one child stored beforehand).
      await writeLoadResult(
        t.db,
        aLoadResult({ children: children.slice(0, 1), episodes: episodes.slice(0, 1) }),
        opts({ laCode: 'CMP' }),
      );
      const compared = await writeLoadResult(t.db, load, opts({ laCode: 'CMP' }));
      assert.deepEqual(first.inserted, { children: 2600, episodes: 5200 });
      assert.deepEqual(compared.inserted, { children: 2599, episodes: 5199 });
      const rows = async (la: string) => {
        const p = pseudonymiser(KEY, la);
        const back = new Map(children.map((c) => [p(c.childId), c.childId]));
        const data = await loadCaseData(t.db, la);
        return {
          children: data.children
            .map((c) => ({ ...c, childId: back.get(c.childId) }))
            .sort((a, b) => String(a.childId).localeCompare(String(b.childId))),
          episodes: data.episodes
            .map((e) => ({ ...e, childId: back.get(e.childId) }))
            .sort((a, b) => String(a.childId).localeCompare(String(b.childId)) || a.start.localeCompare(b.start)),
        };
      };
      const a = await rows('FIRST');
      assert.equal(a.episodes.length, 5200);
      assert.deepEqual(a, await rows('CMP'));
      const years = async (la: string) =>
        (await t.db.selectFrom('episodes').select(['start', 'source_year']).where('la_code', '=', la).execute())
          .map((r) => `${r.start}/${r.source_year}`)
          .sort();
      assert.deepEqual(await years('FIRST'), await years('CMP'));
    });

    it('writes nothing when the database fails part-way through (one transaction)', async () => {
      // 2,500 children: earlier statements (1,000 rows each) are written before the bad row is reached.
      const { children, episodes } = manyChildren(2500);
      const broken = episodes.map((e, i) =>
        // A NOT NULL placement violated by the 2,400th episode; the cast makes the bad row on purpose.
        i === 2399 ? ({ ...e, placement: null } as unknown as Episode) : e,
      );
      await assert.rejects(writeLoadResult(t.db, aLoadResult({ children, episodes: broken }), opts()));
      assert.deepEqual(await countCaseData(t.db, 'E09000001'), { children: 0, episodes: 0 });
      assert.equal((await listImports(t.db, 'E09000001')).length, 0);
    });

    it('is idempotent: the same data twice changes nothing, but both imports are recorded', async () => {
      const { children, episodes } = manyChildren(30);
      const load = aLoadResult({
        children,
        episodes: [
          ...episodes,
          anEpisode({ childId: 'C00001', start: '2021-01-01', end: '2021-03-01', reasonEnded: 'E4A' }),
        ],
      });
      const first = await writeLoadResult(t.db, load, opts());
      const before = await loadCaseData(t.db, 'E09000001');
      const second = await writeLoadResult(t.db, load, opts({ now: new Date('2026-01-03T00:00:00Z') }));
      assert.deepEqual(first.inserted, { children: 30, episodes: 31 });
      assert.deepEqual(second.inserted, { children: 0, episodes: 0 });
      assert.deepEqual(second.updated, { children: 0, episodes: 0 });
      assert.deepEqual(second.unchanged, { children: 30, episodes: 31 });
      assert.deepEqual(await loadCaseData(t.db, 'E09000001'), before);
      assert.deepEqual(
        (await listImports(t.db, 'E09000001')).map((i) => i.id),
        [second.importId, first.importId],
      );
    });

    it('an episode from an equal or later collection year replaces the stored one; an older one does not', async () => {
      const open2023 = aLoadResult({ year: 2023, episodes: [anEpisode({ start: '2022-06-01' })] });
      const closed2024 = aLoadResult({
        year: 2024,
        episodes: [anEpisode({ start: '2022-06-01', end: '2023-07-15', reasonEnded: 'E4A' })],
      });
      await writeLoadResult(t.db, open2023, opts());
      const s = await writeLoadResult(t.db, closed2024, opts());
      assert.deepEqual(s.updated, { children: 0, episodes: 1 });
      let [ep] = (await loadCaseData(t.db, 'E09000001')).episodes;
      assert.equal(ep?.end, '2023-07-15');
      assert.equal(ep?.reasonEnded, 'E4A');
      // Re-importing the older return keeps the later version.
      const old = await writeLoadResult(t.db, open2023, opts());
      assert.deepEqual(old.olderThanStored, { children: 1, episodes: 1 });
      assert.deepEqual(old.updated, { children: 0, episodes: 0 });
      [ep] = (await loadCaseData(t.db, 'E09000001')).episodes;
      assert.equal(ep?.end, '2023-07-15');
      // A corrected 2024 return (same year) replaces it again.
      const corrected = aLoadResult({
        year: 2024,
        episodes: [anEpisode({ start: '2022-06-01', end: '2023-07-15', reasonEnded: 'E11' })],
      });
      assert.deepEqual((await writeLoadResult(t.db, corrected, opts())).updated, { children: 0, episodes: 1 });
      [ep] = (await loadCaseData(t.db, 'E09000001')).episodes;
      assert.equal(ep?.reasonEnded, 'E11');
    });

    it('keeps PL_DISTANCE and PL_LA; a return that changes only them updates the episode', async () => {
      const first = aLoadResult({ year: 2024, episodes: [anEpisode({ placementDistance: 10, placementLa: '301' })] });
      await writeLoadResult(t.db, first, opts());
      let [ep] = (await loadCaseData(t.db, 'E09000001')).episodes;
      assert.deepEqual([ep?.placementDistance, ep?.placementLa], [10, '301']);
      assert.deepEqual((await writeLoadResult(t.db, first, opts())).updated, { children: 0, episodes: 0 });
      const moved = aLoadResult({ year: 2024, episodes: [anEpisode({ placementDistance: 12.5, placementLa: '301' })] });
      assert.deepEqual((await writeLoadResult(t.db, moved, opts())).updated, { children: 0, episodes: 1 });
      [ep] = (await loadCaseData(t.db, 'E09000001')).episodes;
      assert.equal(ep?.placementDistance, 12.5);
    });

    it('keeps councils apart: another la_code never sees the data, and the same CHILD id gets another pseudonym', async () => {
      await writeLoadResult(t.db, aLoadResult(), opts({ laCode: 'AAA' }));
      assert.deepEqual(await loadCaseData(t.db, 'BBB'), { children: [], episodes: [] });
      assert.deepEqual(await listImports(t.db, 'BBB'), []);
      const s = await writeLoadResult(
        t.db,
        aLoadResult({ episodes: [anEpisode({ placement: 'K2' })] }),
        opts({ laCode: 'BBB' }),
      );
      assert.deepEqual(s.inserted, { children: 1, episodes: 1 }, 'BBB does not see AAA’s rows as its own');
      const a = await loadCaseData(t.db, 'AAA');
      const b = await loadCaseData(t.db, 'BBB');
      assert.equal(a.episodes[0]?.placement, 'U4');
      assert.equal(b.episodes[0]?.placement, 'K2');
      assert.notEqual(a.children[0]?.childId, b.children[0]?.childId);
    });

    it('stores no raw CHILD id and no key anywhere', async () => {
      const load = aLoadResult({
        children: [aChild({ childId: 'RAWCHILD4411' })],
        episodes: [anEpisode({ childId: 'RAWCHILD4411' })],
        issues: [
          anIssue({ childId: 'RAWCHILD4411', message: 'Child RAWCHILD4411: the episode ends before it starts.' }),
        ],
      });
      await writeLoadResult(
        t.db,
        {
          ...load,
          cleaning: [
            {
              kind: 'duplicate',
              description: 'Duplicate row for RAWCHILD4411 removed',
              count: 1,
              examples: ['RAWCHILD4411'],
            },
          ],
        },
        opts({ acceptErrors: true }),
      );
      const dump = JSON.stringify([
        await t.db.selectFrom('children').selectAll().execute(),
        await t.db.selectFrom('episodes').selectAll().execute(),
        await t.db.selectFrom('imports').selectAll().execute(),
        await t.db.selectFrom('import_files').selectAll().execute(),
      ]);
      assert.ok(!dump.includes('RAWCHILD4411'), dump);
      assert.ok(!dump.includes(KEY.toString('base64')) && !dump.includes(KEY.toString('hex')));
      assert.ok(dump.includes(pseudonymiser(KEY, 'E09000001')('RAWCHILD4411')));
    });

    it('refuses an invalid council code', async () => {
      await assert.rejects(writeLoadResult(t.db, aLoadResult(), opts({ laCode: "x'; drop" })), /Invalid council code/);
    });
  });
}

/** The shared sample where it is beside the clone, and always the project's own (same cases). */
const SAMPLES = [
  {
    name: 'the shared sample',
    skip: sharedSampleSkip,
    open: async () => ({ dir: SHARED_SAMPLE, remove: async () => undefined }),
    minEpisodes: 2000,
  },
  { name: "the project's own sample", skip: false as const, open: projectSample, minEpisodes: 1000 },
];

for (const dialect of await testDialects()) {
  describe(`import: files (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
    });
    afterEach(() => t.close());

    for (const sample of SAMPLES)
      it(
        `imports ${sample.name} (which has validation errors) only with acceptErrors, then idempotently`,
        { skip: sample.skip },
        async () => {
          const opened = await sample.open();
          try {
            const paths = [opened.dir];
            const loaded = await load903(paths);
            assert.ok(
              loaded.issues.some((i) => i.severity === 'error') && !loaded.issues.some((i) => i.fatal),
              'the fixture has non-fatal errors',
            );
            await assert.rejects(importReturns(t.db, { ...opts({ laCode: 'FIX' }), paths }), ImportRefusedError);
            assert.deepEqual(await countCaseData(t.db, 'FIX'), { children: 0, episodes: 0 });

            const first = await importReturns(t.db, { ...opts({ laCode: 'FIX', acceptErrors: true }), paths });
            assert.deepEqual(first.inserted, { children: loaded.children.length, episodes: loaded.episodes.length });
            assert.ok(
              first.episodes > sample.minEpisodes,
              `the fixture has over ${sample.minEpisodes} episodes (${first.episodes})`,
            );
            assert.equal(first.files.length, loaded.files.length);
            const second = await importReturns(t.db, { ...opts({ laCode: 'FIX', acceptErrors: true }), paths });
            assert.deepEqual(second.unchanged, first.inserted);
            assert.deepEqual(second.inserted, { children: 0, episodes: 0 });
            assert.deepEqual(second.updated, { children: 0, episodes: 0 });

            // The store gives back what was read: stock from the database equals stock from the files.
            for (const day of ['2018-03-31', '2019-09-30', '2021-03-31']) {
              assert.deepEqual(await stockAt(t.db, 'FIX', day), stockOn(loaded, day), day);
            }
            const [rec] = await listImports(t.db, 'FIX');
            assert.equal(rec?.files.length, loaded.files.length);
            assert.ok(rec?.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256)));
          } finally {
            await opened.remove();
          }
        },
      );

    const HEADER = 'CHILD,SEX,DOB,ETHNIC\n1,2,01/01/2010,WBRI\n';
    const EPISODE_COLUMNS =
      'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN';
    const malformed: ReadonlyArray<readonly [string, string | Buffer, RegExp]> = [
      ['binary', Buffer.from([0, 159, 146, 150, 0, 1, 2, 255, 254, 0]), /episodes\.csv/],
      ['empty', '', /is empty/],
      [
        'delimited with semicolons',
        `${EPISODE_COLUMNS.replaceAll(',', ';')}\n1;01/05/2023;S;C2;N1;U4;PR1;;;;;;\n`,
        /semicolons/,
      ],
      ['truncated', `${EPISODE_COLUMNS}\n1,01/05/2023,S,C2,N1,U4,PR1,,,,,,\n2,01/0`, /cut short/],
    ];
    for (const [name, episodes, message] of malformed) {
      it(`refuses an episodes file that is ${name}, with one clear error, even with acceptErrors, and writes nothing`, async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forecare-bad-'));
        try {
          fs.mkdirSync(path.join(dir, '2024'));
          fs.writeFileSync(path.join(dir, '2024', 'episodes.csv'), episodes);
          fs.writeFileSync(path.join(dir, '2024', 'header.csv'), HEADER);
          await assert.rejects(
            importReturns(t.db, { ...opts({ laCode: 'BAD', acceptErrors: true }), paths: [dir] }),
            (e: unknown) => {
              assert.ok(e instanceof ImportRefusedError);
              assert.match(e.message, /^Nothing imported: /);
              assert.match(e.message, message);
              assert.ok(!e.message.includes('\n'), 'one line');
              return true;
            },
          );
          assert.deepEqual(await countCaseData(t.db, 'BAD'), { children: 0, episodes: 0 });
          assert.deepEqual(await listImports(t.db, 'BAD'), []);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
}

describe('import: the SQLite file', () => {
  it('holds no raw CHILD id and no key, in the database or its journal', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forecare-import-'));
    try {
      const file = path.join(dir, 'f.db');
      const opened = openDatabase({ kind: 'sqlite', file });
      await migrateToLatest(opened.db);
      const { children, episodes } = manyChildren(200, 'ZQX');
      await writeLoadResult(opened.db, aLoadResult({ children, episodes }), opts());
      await opened.close();
      const bytes = Buffer.concat(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f))));
      assert.ok(bytes.includes(Buffer.from(pseudonymiser(KEY, 'E09000001')('ZQX00001'))), 'the pseudonyms are there');
      assert.equal(bytes.indexOf('ZQX0'), -1, 'no raw CHILD id');
      assert.equal(bytes.indexOf(KEY), -1, 'no key');
      assert.equal(bytes.indexOf(KEY.toString('base64')), -1, 'no key (base64)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pseudonymisation', () => {
  it('encodes base32 as RFC 4648 does (test vectors, lower case, no padding)', () => {
    assert.equal(base32(Buffer.from('')), '');
    assert.equal(base32(Buffer.from('f')), 'my');
    assert.equal(base32(Buffer.from('fo')), 'mzxq');
    assert.equal(base32(Buffer.from('foobar')), 'mzxw6ytboi');
  });

  it('maps the same child in the same council to the same 16-character pseudonym, and differs by council and key', () => {
    const p = pseudonymiser(KEY, 'LA1');
    assert.match(p('123456'), /^[a-z2-7]{16}$/);
    assert.equal(p('123456'), pseudonymiser(KEY, 'LA1')('123456'));
    assert.notEqual(p('123456'), p('123457'));
    assert.notEqual(p('123456'), pseudonymiser(KEY, 'LA2')('123456'));
    assert.notEqual(p('123456'), pseudonymiser(Buffer.alloc(32, 9), 'LA1')('123456'));
  });

  it('creates the key file with mode 0600 on first use and reads it back after; the environment key wins', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forecare-key-'));
    try {
      const keyFile = path.join(dir, 'sub', 'pseudonym.key');
      const k1 = loadPseudonymKey({ keyFile });
      assert.equal(k1.length, 32);
      assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600);
      assert.deepEqual(loadPseudonymKey({ keyFile }), k1);
      assert.deepEqual(loadPseudonymKey({ keyFile, pseudonymKey: KEY.toString('base64') }), KEY);
      assert.throws(() => loadPseudonymKey({ keyFile, pseudonymKey: 'c2hvcnQ=' }), /too short/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const dialect of await testDialects()) {
  describe(`import: two imports of one council at once (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
    });
    afterEach(() => t.close());

    it('the second counts what the first stored: the history says each row was inserted once (issue 17)', async () => {
      // 3,000 children with an episode each (manyChildren), imported twice at the same moment into a
      // council with nothing stored: one import inserts 3,000 + 3,000 rows, the other finds them all
      // unchanged. Before the fix, PostgreSQL's second import also found nothing stored and
      // claimed every row as inserted.
      const { children, episodes } = manyChildren(3000, 'P');
      const load = aLoadResult({ children, episodes });
      // The council is known already (as after its admin was created), with no data stored.
      await ensureCouncil(t.db, 'CONC');
      const [a, b] = await Promise.all([
        writeLoadResult(t.db, load, opts({ laCode: 'CONC' })),
        writeLoadResult(t.db, load, opts({ laCode: 'CONC' })),
      ]);
      assert.deepEqual(
        [a.inserted.children + b.inserted.children, a.inserted.episodes + b.inserted.episodes],
        [3000, 3000],
      );
      assert.deepEqual(
        [a.unchanged.children + b.unchanged.children, a.unchanged.episodes + b.unchanged.episodes],
        [3000, 3000],
      );
    });
  });
}
