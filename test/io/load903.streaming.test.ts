/**
 * load903 merges each year as soon as it is complete and lets go of its rows (ReturnMerger). The
 * result must be exactly what reading every file first gives: the same files, issues (in the same
 * order, the same ones kept past the per-rule limit), cleaning steps, children and episodes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CleaningLog } from '../../src/domain/ssda903/cleaning.ts';
import { ReturnMerger } from '../../src/domain/ssda903/merge.ts';
import type { EpisodeRecord } from '../../src/domain/ssda903/parseRows.ts';
import { IssueSink } from '../../src/domain/ssda903/rules.ts';
import { load903Records } from '../../src/io/load903.ts';
import { projectSample } from '../support/projectSample.ts';
import { SHARED_SAMPLE, sharedSampleSkip } from '../support/sharedSample.ts';
import { aChild, anEpisode, aUasc, parseReturns, writeReturns, type ReturnSpec } from '../support/ssda903Builders.ts';
import { processFolder } from '../support/processFolder.ts';

const dir = processFolder('forecare-903-stream-');

/** Plain data of a load (episodes as their fields and provenance), for deep comparison. */
async function both(paths: string[]) {
  const plain = async (streaming: boolean) => {
    const r = await load903Records(paths, { streaming });
    return {
      ...r,
      episodes: (r.episodes as readonly EpisodeRecord[]).map((e) => ({
        ...e,
        childId: e.childId,
        reasonNew: e.reasonNew,
        legalStatus: e.legalStatus,
        needCode: e.needCode,
        placement: e.placement,
        provider: e.provider,
        reasonEnded: e.reasonEnded,
        reasonPlaceChange: e.reasonPlaceChange,
        file: e.file,
        row: e.row,
        cx: e.cx,
      })),
    };
  };
  return { streamed: await plain(true), whole: await plain(false) };
}

/** Three years with an issue of every step: duplicates, validation, changed headers, a missing open episode, overlaps. */
const years: ReturnSpec[] = [
  {
    year: 2022,
    header: [
      aChild(),
      aChild({ CHILD: '2002', SEX: '2' }),
      aChild({ CHILD: '2002', SEX: '2', ETHNIC: 'WIRI' }),
      aChild({ CHILD: '3003' }),
    ],
    episodes: [
      anEpisode({ DECOM: '01/06/2021' }),
      anEpisode({ CHILD: '2002', DECOM: '01/05/2021' }),
      anEpisode({ CHILD: '2002', DECOM: '01/05/2021', LS: 'V2' }),
      anEpisode({ CHILD: '3003', DECOM: '01/07/2021', DEC: '01/08/2021', REC: 'X1' }),
      anEpisode({ CHILD: '3003', DECOM: '01/09/2021', RNE: 'P', PLACE: 'ZZ' }),
    ],
    uasc: [aUasc({ CHILD: '3003' })],
  },
  {
    year: 2023,
    header: [aChild({ DOB: '02/05/2010' }), aChild({ CHILD: '3003', SEX: '2' }), aChild({ CHILD: '4004' })],
    episodes: [
      anEpisode({ DECOM: '01/06/2021', DEC: '01/06/2022', REC: 'E4A' }),
      anEpisode({ CHILD: '3003', DECOM: '01/09/2021' }),
      anEpisode({ CHILD: '3003', DECOM: '01/10/2022', RNE: 'S' }),
    ],
  },
  {
    year: 2024,
    header: [aChild({ CHILD: '4004' }), aChild({ CHILD: '5005' })],
    episodes: [
      anEpisode({ CHILD: '4004', DECOM: '01/06/2023', PLACE_PROVIDER: '' }),
      anEpisode({ CHILD: '6006', DECOM: '01/06/2023' }),
    ],
  },
];

describe('load903: merging year by year', () => {
  test(
    'the shared sample (files named by the year they start in): the same as reading everything first',
    { skip: sharedSampleSkip },
    async () => {
      const { streamed, whole } = await both([SHARED_SAMPLE]);
      assert.ok(streamed.issues.length > 100, 'the sample has issues of several kinds');
      assert.deepEqual(streamed, whole);
    },
  );

  test("the project's own sample (files named by the year they start in): the same as reading everything first", async () => {
    const sample = await projectSample();
    try {
      const { streamed, whole } = await both([sample.dir]);
      assert.ok(new Set(streamed.issues.map((i) => i.rule)).size >= 7, 'the sample has issues of several kinds');
      assert.deepEqual(streamed, whole);
    } finally {
      await sample.remove();
    }
  });

  for (const layout of ['folder', 'combined'] as const) {
    test(`issues of every step, ${layout} layout: the same as reading everything first`, async () => {
      const d = join(dir, layout);
      await writeReturns(d, years, layout);
      const { streamed, whole } = await both([d]);
      const rules = new Set(streamed.issues.map((i) => i.rule));
      for (const rule of [
        'EPI-DUPLICATE-START',
        'HDR-DUPLICATE-CHILD',
        'CODE-UNKNOWN',
        'XYR-DOB-CHANGED',
        'XYR-SEX-CHANGED',
        'XYR-OPEN-MISSING',
        'EPI-OVERLAP',
        'EPI-PROVIDER',
      ]) {
        assert.ok(rules.has(rule), `expected a ${rule} issue; got ${[...rules].join(', ')}`);
      }
      assert.deepEqual(streamed, whole);
      // Step by step, as if every return were de-duplicated, then every return validated, and so
      // on (issues of 2022 and 2023 in the first steps, so merging year by year must hold them aside).
      const step = (rule: string) =>
        ['EPI-DUPLICATE-START', 'HDR-DUPLICATE-CHILD'].includes(rule)
          ? 0
          : ['XYR-DOB-CHANGED', 'XYR-SEX-CHANGED'].includes(rule)
            ? 2
            : rule === 'XYR-OPEN-MISSING'
              ? 3
              : ['EPI-OVERLAP', 'EPI-X1-GAP', 'EPI-RNE-NOT-S', 'EPI-RNE-S-CONTINUES'].includes(rule)
                ? 4
                : 1;
      const steps = streamed.issues.map((i) => step(i.rule));
      assert.deepEqual(
        steps,
        [...steps].sort((a, b) => a - b),
        streamed.issues.map((i) => `${i.rule} ${i.file}`).join('\n'),
      );
      assert.ok(
        new Set(
          streamed.issues.filter((i) => step(i.rule) === 1).map((i) => /(20\d\d)[/-][a-z]+\.csv$/.exec(i.file)?.[1]),
        ).size >= 2,
        'validation issues from two years',
      );
    });
  }

  test('files given out of year order are all read before merging, with the same result', async () => {
    const d = join(dir, 'shuffled');
    const paths = await writeReturns(d, years, 'combined');
    const inOrder = await load903Records(paths);
    const shuffled = await load903Records([...paths].reverse());
    const key = (f: { path: string }) => f.path;
    assert.deepEqual(
      [...shuffled.files].sort((a, b) => key(a).localeCompare(key(b))),
      [...inOrder.files].sort((a, b) => key(a).localeCompare(key(b))),
    );
    assert.deepEqual(
      shuffled.episodes.map((e) => [e.childId, e.start, e.end]),
      inOrder.episodes.map((e) => [e.childId, e.start, e.end]),
    );
    assert.deepEqual(shuffled.children, inOrder.children);
  });

  test('issues past the per-rule limit: the same ones kept and the same counts', () => {
    // 30 children with unknown codes in each of two years, a limit of 25 issues per rule.
    const specs: ReturnSpec[] = [2023, 2024].map((year) => ({
      year,
      header: Array.from({ length: 30 }, (_, i) => aChild({ CHILD: String(1000 + i) })),
      episodes: Array.from({ length: 30 }, (_, i) =>
        anEpisode({
          CHILD: String(1000 + i),
          DECOM: `01/06/${year - 1}`,
          CIN: 'N9',
          ...(year === 2023 ? {} : { DEC: `01/07/${year - 1}`, REC: 'E4A' }),
        }),
      ),
    }));
    const run = () => {
      const sink = new IssueSink(25);
      const { returns } = parseReturns(specs, sink);
      const log = new CleaningLog();
      const merger = new ReturnMerger(sink, log);
      for (const r of returns) merger.add(r);
      merger.finish();
      return { issues: sink.finish(), counts: [...sink.counts], steps: log.steps() };
    };
    const r = run();
    const unknown = r.issues.filter((i) => i.rule === 'CODE-UNKNOWN');
    assert.equal(unknown.length, 26, '25 kept and one saying how many more');
    assert.match(unknown[25]!.message, /^35 more problems/);
    assert.deepEqual(
      r.counts.find(([rule]) => rule === 'CODE-UNKNOWN'),
      ['CODE-UNKNOWN', 60],
    );
  });

  test('a return out of year order is refused (a loader bug, not bad input)', () => {
    const { returns } = parseReturns([
      { year: 2024, header: [aChild()], episodes: [anEpisode()] },
      { year: 2023, header: [aChild()], episodes: [anEpisode({ DECOM: '01/06/2022' })] },
    ]);
    const merger = new ReturnMerger(new IssueSink(), new CleaningLog());
    merger.add(returns[0]!);
    assert.throws(() => merger.add(returns[1]!), /collection-year order/);
  });
});

describe('IssueSink.absorb and CleaningLog.absorb', () => {
  test('absorbing gives what adding in that order would', () => {
    const direct = new IssueSink(3);
    const a = new IssueSink(3);
    const b = new IssueSink(3);
    const place = { file: 'f', row: 2, column: 'C' };
    for (let i = 0; i < 5; i++) {
      direct.add('CODE-UNKNOWN', place, `a${i}`);
      a.add('CODE-UNKNOWN', place, `a${i}`);
    }
    for (let i = 0; i < 2; i++) {
      direct.add('EPI-OVERLAP', place, `b${i}`);
      direct.add('CODE-UNKNOWN', place, `b${i}`);
      b.add('EPI-OVERLAP', place, `b${i}`);
      b.add('CODE-UNKNOWN', place, `b${i}`);
    }
    const merged = new IssueSink(3);
    merged.absorb(a);
    merged.absorb(b);
    assert.deepEqual(merged.finish(), direct.finish());
    assert.deepEqual([...merged.counts], [...direct.counts]);

    const logDirect = new CleaningLog();
    const l1 = new CleaningLog();
    const l2 = new CleaningLog();
    for (let i = 0; i < 150; i++) {
      logDirect.add('k', 'K', `1-${i}`);
      l1.add('k', 'K', `1-${i}`);
    }
    for (let i = 0; i < 150; i++) {
      logDirect.add('j', 'J', `2-${i}`);
      logDirect.add('k', 'K', `2-${i}`);
      l2.add('j', 'J', `2-${i}`);
      l2.add('k', 'K', `2-${i}`);
    }
    const logMerged = new CleaningLog();
    logMerged.absorb(l1);
    logMerged.absorb(l2);
    assert.deepEqual(logMerged.steps(), logDirect.steps());
  });
});
