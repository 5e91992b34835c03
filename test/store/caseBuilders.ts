/** Builders for case data and LoadResults, for store, import and stock tests. */
import { addDays, isoFromYmd } from '../../src/domain/dates.ts';
import type { Child, Episode } from '../../src/domain/model.ts';
import type { Issue, LoadResult, SourceFile } from '../../src/domain/ssda903/types.ts';

export function aChild(overrides: Partial<Child> = {}): Child {
  return {
    childId: 'C001',
    sex: 'F',
    dob: '2012-05-10',
    ethnicity: 'WBRI',
    uasc: false,
    uascCeased: null,
    ...overrides,
  };
}

export function anEpisode(overrides: Partial<Episode> = {}): Episode {
  return {
    childId: 'C001',
    start: '2022-06-01',
    reasonNew: 'S',
    legalStatus: 'C2',
    needCode: 'N1',
    placement: 'U4',
    provider: 'PR1',
    end: null,
    reasonEnded: null,
    reasonPlaceChange: null,
    placementDistance: null,
    placementLa: null,
    ...overrides,
  };
}

export function aSourceFile(overrides: Partial<SourceFile> = {}): SourceFile {
  return {
    path: '/data/2023/episodes.csv',
    table: 'episodes',
    collectionYear: 2023,
    sha256: 'a'.repeat(64),
    rows: 1,
    ...overrides,
  };
}

export function anIssue(overrides: Partial<Issue> = {}): Issue {
  return {
    severity: 'error',
    fatal: false,
    file: '/data/2023/episodes.csv',
    row: 2,
    column: 'DEC',
    rule: 'EPI-DATE-ORDER',
    message: 'The episode ends before it starts.',
    ...overrides,
  };
}

/** A LoadResult for collection year `year` (header + episodes files) holding the given rows. */
export function aLoadResult(
  parts: { children?: readonly Child[]; episodes?: readonly Episode[]; issues?: readonly Issue[]; year?: number } = {},
): LoadResult {
  const year = parts.year ?? 2023;
  const children = parts.children ?? [aChild()];
  const episodes = parts.episodes ?? [anEpisode()];
  return {
    files: [
      aSourceFile({
        path: `/data/${year}/header.csv`,
        table: 'header',
        collectionYear: year,
        rows: children.length,
        sha256: 'b'.repeat(64),
      }),
      aSourceFile({
        path: `/data/${year}/episodes.csv`,
        table: 'episodes',
        collectionYear: year,
        rows: episodes.length,
      }),
    ],
    children,
    episodes,
    issues: parts.issues ?? [],
    cleaning: [],
  };
}

/** `n` children C0001.. each with one open episode, for volume tests. */
export function manyChildren(n: number, prefix = 'C'): { children: Child[]; episodes: Episode[] } {
  const children: Child[] = [];
  const episodes: Episode[] = [];
  for (let i = 1; i <= n; i++) {
    const childId = `${prefix}${String(i).padStart(5, '0')}`;
    children.push(aChild({ childId }));
    episodes.push(anEpisode({ childId }));
  }
  return { children, episodes };
}

const SMALL_COUNCIL_PLACES: readonly (readonly [string, string])[] = [
  ['U4', 'PR1'],
  ['U4', 'PR4'],
  ['K2', 'PR4'],
  ['U1', 'PR1'],
  ['H5', 'PR4'],
];

/**
 * A small council built deterministically: 160 children, one entering every 9 days from 1 April
 * 2021 (ages 1-16), each staying 200-900 days in one of five placements; those whose stay runs past
 * 31 March 2025 are still looked after. Closed periods end with `endings[i % endings.length]`.
 */
export function aSmallCouncil(opts: { idPrefix: string; endings: readonly string[] }): {
  children: Child[];
  episodes: Episode[];
} {
  const children: Child[] = [];
  const episodes: Episode[] = [];
  for (let i = 0; i < 160; i++) {
    const id = `${opts.idPrefix}${i}`;
    const start = addDays('2021-04-01', i * 9);
    const age = 1 + ((i * 7) % 16);
    children.push(
      aChild({ childId: id, dob: isoFromYmd(Number(start.slice(0, 4)) - age, 1 + (i % 12), 1 + (i % 27)) }),
    );
    const end = addDays(start, 200 + ((i * 113) % 700));
    const closed = end < '2025-03-31';
    const [placement, provider] = SMALL_COUNCIL_PLACES[i % SMALL_COUNCIL_PLACES.length] ?? ['U4', 'PR1'];
    const reasonEnded = closed ? (opts.endings[i % opts.endings.length] ?? 'E4A') : null;
    episodes.push(anEpisode({ childId: id, start, placement, provider, end: closed ? end : null, reasonEnded }));
  }
  return { children, episodes };
}
