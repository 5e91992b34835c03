/**
 * Property-based tests (fast-check) of merging several years' returns. Returns are generated from
 * a pool of episodes (child + start date); each year reports some of them, in its own version
 * (legal status, placement, end date), sometimes twice, so the same episode crosses returns and
 * duplicates occur within one.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays, isoFromYmd } from '../../src/domain/dates.ts';
import type { Episode } from '../../src/domain/model.ts';
import type { Analysed903 } from '../../src/domain/ssda903/merge.ts';
import { aChild, analyse, anEpisode, type ReturnSpec, type Row } from '../support/ssda903Builders.ts';

const CHILDREN = ['11', '22', '33', '44'];
const uk = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

interface PoolEpisode {
  readonly child: string;
  readonly startOffset: number;
}
interface Version {
  readonly i: number;
  readonly ls: string;
  readonly place: string;
  readonly len: number | null;
  readonly rec: string;
}

const arbPool = fc.array(
  fc.record({ child: fc.constantFrom(...CHILDREN), startOffset: fc.integer({ min: 0, max: 6 * 365 }) }),
  { minLength: 1, maxLength: 8 },
);
const arbVersion = (poolSize: number) =>
  fc.record({
    i: fc.nat(poolSize - 1),
    ls: fc.constantFrom('C2', 'V2', 'V3'),
    place: fc.constantFrom('U4', 'K2', 'Q1'),
    len: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
    rec: fc.constantFrom('X1', 'E8', 'E4A'),
  });

/** Returns for distinct collection years (2019-2024), each reporting some pool episodes. */
const arbReturns = arbPool.chain((pool) =>
  fc.uniqueArray(fc.integer({ min: 2019, max: 2024 }), { minLength: 1, maxLength: 4 }).chain((years) =>
    fc
      .tuple(
        ...years.map(() =>
          fc.record({
            versions: fc.array(arbVersion(pool.length), { maxLength: 8 }),
            sexes: fc.array(fc.constantFrom('1', '2'), { minLength: CHILDREN.length, maxLength: CHILDREN.length }),
          }),
        ),
      )
      .map((perYear) => ({ pool, specs: perYear.map((y, k) => toSpec(years[k]!, pool, y.versions, y.sexes)) })),
  ),
);

function toSpec(
  year: number,
  pool: readonly PoolEpisode[],
  versions: readonly Version[],
  sexes: readonly string[],
): ReturnSpec {
  const episodes: Row[] = versions.map((v) => {
    const p = pool[v.i]!;
    const start = addDays(isoFromYmd(2017, 4, 1), p.startOffset);
    return anEpisode({
      CHILD: p.child,
      DECOM: uk(start),
      LS: v.ls,
      PLACE: v.place,
      DEC: v.len === null ? '' : uk(addDays(start, v.len)),
      REC: v.len === null ? '' : v.rec,
    });
  });
  return { year, header: CHILDREN.map((c, k) => aChild({ CHILD: c, SEX: sexes[k]!, DOB: '01/01/2008' })), episodes };
}

const key = (e: Pick<Episode, 'childId' | 'start'>) => `${e.childId}|${e.start}`;
const issueKeys = (r: Analysed903) => r.issues.map((i) => JSON.stringify(i)).sort();
const cleaningCounts = (r: Analysed903) => Object.fromEntries(r.cleaning.map((c) => [c.kind, c.count]));

function shuffle<T>(xs: readonly T[], keys: readonly number[]): T[] {
  return xs
    .map((x, i) => ({ x, k: keys[i % keys.length]! * 1000 + i }))
    .sort((a, b) => a.k - b.k)
    .map((p) => p.x);
}

/** What merging should give for each key: the last row of that key in the latest year. */
function expectedLatest(specs: readonly ReturnSpec[]): Map<string, { row: Row; year: number }> {
  const out = new Map<string, { row: Row; year: number }>();
  for (const spec of [...specs].sort((a, b) => a.year - b.year)) {
    for (const row of spec.episodes ?? []) {
      const [d, m, y] = row.DECOM!.split('/');
      out.set(`${row.CHILD}|${y}-${m}-${d}`, { row, year: spec.year });
    }
  }
  return out;
}

describe('merging years (property-based)', () => {
  test('the result does not depend on the order returns are given in', () => {
    fc.assert(
      fc.property(arbReturns, fc.array(fc.nat(100), { minLength: 1, maxLength: 4 }), ({ specs }, order) => {
        const a = analyse(specs);
        const b = analyse(shuffle(specs, order));
        assert.deepEqual(b.children, a.children);
        assert.deepEqual(b.episodes, a.episodes);
        assert.deepEqual(issueKeys(b), issueKeys(a));
        assert.deepEqual(cleaningCounts(b), cleaningCounts(a));
      }),
      { numRuns: 150 },
    );
  });

  test('the latest return wins, and no episode is lost', () => {
    fc.assert(
      fc.property(arbReturns, ({ specs }) => {
        const r = analyse(specs);
        const expected = expectedLatest(specs);
        assert.deepEqual(r.episodes.map(key).sort(), [...expected.keys()].sort());
        r.episodes.forEach((e, i) => {
          const want = expected.get(key(e))!.row;
          assert.equal(e.legalStatus, want.LS);
          assert.equal(e.placement, want.PLACE);
          assert.equal(e.reasonEnded, want.REC === '' ? null : want.REC);
          const next = r.episodes[i + 1];
          const wantEnd = want.DEC === '' ? null : want.DEC!.split('/').reverse().join('-');
          // Either the latest version's end, or clipped to the start of the child's next episode.
          if (e.end !== wantEnd) {
            assert.ok(
              next !== undefined && next.childId === e.childId && e.end === next.start,
              `${key(e)} end ${e.end} vs ${wantEnd}`,
            );
            assert.ok(wantEnd === null || wantEnd > next.start);
          }
        });
        // The children's sex is the latest return's.
        const latest = [...specs].sort((a, b) => b.year - a.year)[0]!;
        for (const c of r.children) {
          const row = latest.header!.find((h) => h.CHILD === c.childId)!;
          assert.equal(c.sex, row.SEX === '1' ? 'M' : 'F');
        }
      }),
      { numRuns: 200 },
    );
  });

  test('every input row is accounted for: kept, or counted in a cleaning step', () => {
    fc.assert(
      fc.property(arbReturns, ({ specs }) => {
        const r = analyse(specs);
        const rowsIn = specs.reduce((n, s) => n + (s.episodes?.length ?? 0), 0);
        const c = cleaningCounts(r);
        const removed =
          (c['duplicate-episode-row'] ?? 0) +
          (c['duplicate-episode-start'] ?? 0) +
          (c['episode-repeated-in-later-return'] ?? 0) +
          (c['episode-updated-by-later-return'] ?? 0) +
          (c['episode-without-child-removed'] ?? 0);
        assert.equal(r.episodes.length + removed, rowsIn);
        // Every clip is an overlap reported as an error.
        assert.equal(c['overlap-clipped'] ?? 0, r.issues.filter((i) => i.rule === 'EPI-OVERLAP').length);
      }),
      { numRuns: 200 },
    );
  });

  test("merged episodes are sorted and a child's episodes never overlap", () => {
    fc.assert(
      fc.property(arbReturns, ({ specs }) => {
        const r = analyse(specs);
        for (let i = 0; i + 1 < r.episodes.length; i++) {
          const a = r.episodes[i]!;
          const b = r.episodes[i + 1]!;
          assert.ok(a.childId < b.childId || (a.childId === b.childId && a.start < b.start));
          if (a.childId === b.childId) assert.ok(a.end !== null && a.end <= b.start, `${key(a)} overlaps ${key(b)}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('idempotent: merging the returns together with themselves changes nothing', () => {
    fc.assert(
      fc.property(arbReturns, ({ specs }) => {
        const once = analyse(specs);
        const twice = analyse([...specs, ...specs]);
        assert.deepEqual(twice.children, once.children);
        assert.deepEqual(twice.episodes, once.episodes);
        const duplicateRules = new Set(['EPI-DUPLICATE-START', 'HDR-DUPLICATE-CHILD']);
        const onceKeys = new Set(issueKeys(once));
        for (const k of issueKeys(twice)) {
          const issue = JSON.parse(k) as { rule: string };
          assert.ok(onceKeys.has(k) || duplicateRules.has(issue.rule), k);
        }
      }),
      { numRuns: 150 },
    );
  });
});
