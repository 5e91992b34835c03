/** Builders for case data and LoadResults, for store, import and stock tests. */
import type { Child, Episode } from '../../src/domain/model.ts';
import type { Issue, LoadResult, SourceFile } from '../../src/domain/ssda903/types.ts';

export function aChild(overrides: Partial<Child> = {}): Child {
  return { childId: 'C001', sex: 'F', dob: '2012-05-10', ethnicity: 'WBRI', uasc: false, uascCeased: null, ...overrides };
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
    ...overrides,
  };
}

export function aSourceFile(overrides: Partial<SourceFile> = {}): SourceFile {
  return { path: '/data/2023/episodes.csv', table: 'episodes', collectionYear: 2023, sha256: 'a'.repeat(64), rows: 1, ...overrides };
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
      aSourceFile({ path: `/data/${year}/header.csv`, table: 'header', collectionYear: year, rows: children.length, sha256: 'b'.repeat(64) }),
      aSourceFile({ path: `/data/${year}/episodes.csv`, table: 'episodes', collectionYear: year, rows: episodes.length }),
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
