import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects, type TestDatabase } from '../support/databases.ts';
import {
  loadCaseData,
  iterateEpisodes,
  countCaseData,
  upsertEpisodes,
  upsertChildren,
  childToRow,
  episodeToRow,
} from '../../src/store/caseData.repository.ts';
import { insertImport, listImports } from '../../src/store/imports.repository.ts';
import { ensureCouncil, findCouncil } from '../../src/store/councils.repository.ts';
import type { Episode } from '../../src/domain/model.ts';
import { aChild, anEpisode } from './caseBuilders.ts';

for (const dialect of await testDialects()) {
  describe(`case data repository (${dialect.name})`, { skip: dialect.skip }, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.open();
    });
    afterEach(() => t.close());

    it('migrating again is a no-op', async () => {
      await t.migrate();
      assert.deepEqual(await countCaseData(t.db, 'X'), { children: 0, episodes: 0 });
    });

    it('round-trips children and episodes, ordered by child then start, nulls kept', async () => {
      const children = [
        aChild({ childId: 'b', uasc: true, uascCeased: '2030-01-01' }),
        aChild({ childId: 'a', sex: 'M' }),
      ];
      const episodes: Episode[] = [
        anEpisode({
          childId: 'b',
          start: '2021-01-01',
          end: '2021-02-01',
          reasonEnded: 'X1',
          reasonPlaceChange: 'CARPL',
          placementDistance: 12.3,
          placementLa: 'E09000002',
        }),
        anEpisode({ childId: 'a', start: '2022-01-01', provider: null }),
        anEpisode({ childId: 'b', start: '2020-01-01', end: '2021-01-01', reasonEnded: 'X1' }),
      ];
      await upsertChildren(
        t.db,
        children.map((c) => childToRow('LA', c, 2024)),
      );
      await upsertEpisodes(
        t.db,
        episodes.map((e) => episodeToRow('LA', e, 2024)),
      );
      const data = await loadCaseData(t.db, 'LA');
      assert.deepEqual(data.children, [children[1], children[0]]);
      assert.deepEqual(data.episodes, [episodes[1], episodes[2], episodes[0]]);
    });

    it('upserts in chunks beyond one statement, replacing rows with the same key', async () => {
      // 2,345 episodes: two full 1,000-row statements and a remainder.
      const episodes = Array.from({ length: 2345 }, (_, i) =>
        anEpisode({ childId: `c${String(i % 700).padStart(4, '0')}`, start: `20${10 + Math.floor(i / 700)}-01-01` }),
      );
      await upsertEpisodes(
        t.db,
        episodes.map((e) => episodeToRow('LA', e, 2023)),
      );
      await upsertEpisodes(
        t.db,
        episodes.slice(0, 1500).map((e) => episodeToRow('LA', { ...e, placement: 'K2' }, 2024)),
      );
      const data = await loadCaseData(t.db, 'LA');
      assert.equal(data.episodes.length, 2345);
      assert.equal(data.episodes.filter((e) => e.placement === 'K2').length, 1500);
    });

    it('pages through episodes in the same order as loadCaseData', async () => {
      const episodes = Array.from({ length: 23 }, (_, i) =>
        anEpisode({ childId: `c${i % 4}`, start: `2020-01-${String(i + 1).padStart(2, '0')}` }),
      );
      await upsertEpisodes(
        t.db,
        episodes.map((e) => episodeToRow('LA', e, 2024)),
      );
      await upsertEpisodes(t.db, [episodeToRow('OTHER', anEpisode({ childId: 'c1' }), 2024)]);
      const pages: Episode[][] = [];
      for await (const page of iterateEpisodes(t.db, 'LA', 5)) pages.push(page);
      assert.deepEqual(
        pages.map((p) => p.length),
        [5, 5, 5, 5, 3],
      );
      assert.deepEqual(pages.flat(), (await loadCaseData(t.db, 'LA')).episodes);
    });

    it('keeps imports and councils per la_code', async () => {
      await ensureCouncil(t.db, 'LA', 'Somewhere');
      await ensureCouncil(t.db, 'LA');
      assert.deepEqual(await findCouncil(t.db, 'LA'), { laCode: 'LA', name: 'Somewhere' });
      const base = {
        importedBy: 'me',
        importedAt: '2026-01-01T00:00:00.000Z',
        counts: { n: 1 },
        issuesSummary: {},
        cleaningSummary: [],
        acceptedErrors: false,
      };
      const a = await insertImport(t.db, {
        ...base,
        laCode: 'LA',
        files: [{ path: 'p', table: 'episodes', collectionYear: 2024, sha256: 'f'.repeat(64), rows: 3 }],
      });
      await insertImport(t.db, { ...base, laCode: 'OTHER', files: [] });
      const b = await insertImport(t.db, { ...base, laCode: 'LA', files: [] });
      const mine = await listImports(t.db, 'LA');
      assert.deepEqual(
        mine.map((i) => i.id),
        [b, a],
      );
      assert.deepEqual(mine[1]?.files, [
        { path: 'p', table: 'episodes', collectionYear: 2024, sha256: 'f'.repeat(64), rows: 3 },
      ]);
      assert.deepEqual(mine[1]?.counts, { n: 1 });
      assert.equal((await listImports(t.db, 'OTHER')).length, 1);
    });
  });
}
