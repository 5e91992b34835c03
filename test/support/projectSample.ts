/**
 * The project's own SSDA903 sample: what the tests read where a clone has no
 * `../shared/fixtures/ssda903-sample` beside it, and what the web and browser tests upload.
 *
 * Written by the demo generator (seed 903, about 150 children looked after, collection years
 * 2017/18 to 2021/22), laid out as the shared sample is: one file per table per year, named by the
 * year the collection STARTS in (`2017-episodes.csv` holds 2017/18), with a README and a reviews
 * table the loader must ignore. The generator writes clean returns (test/demo checks it); the
 * problems below are put in by hand, one kind for each rule the shared sample breaks, so every
 * expected count is known by construction:
 *
 * - FILE-YEAR-NAMING (warning): 5, one per year, from the naming.
 * - EPI-DEC-REC-PAIR: every episode still open on 31 March carries the REC it will end with
 *   (E8), as in the shared sample: one per open episode row, counted from the rows.
 * - XTB-HEADER-NO-EPISODE (warning): 3 children who left care keep a header row in the next return.
 *   (The generator's care leavers have header rows without episodes too; they are in the year's OC3
 *   table, so they are not reported.)
 * - EPI-OVERLAP: 2 episodes ending (X1) 10 days after the child's next episode starts, in the same
 *   collection year; each is clipped (cleaning step overlap-clipped: 2).
 * - EPI-RNE-NOT-S: 2 first episodes of a period of care with RNE P instead of S.
 * - XYR-OPEN-MISSING: 1 child whose episode is open on 31 March 2019 is missing from the later returns.
 * - EPI-DEC-AFTER-YEAR: 1 episode of the last return ends on 1 April 2022, the day after its year.
 * - The care leavers' tables (OC3): each year lists the header's children aged 17 or over on their
 *   birthday in the year, with codes taken in turn from short lists; as in the shared sample, two
 *   rows have the accommodation code 02 (OC3-CODE, warning: 2) and one lists a child of 16
 *   (OC3-AGE, warning: 1).
 *
 * None is fatal, so the sample imports only with errors accepted, like the shared one.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulateCouncil } from '../../src/domain/demo/simulateCouncil.ts';
import {
  EPISODE_COLUMNS,
  HEADER_COLUMNS,
  UASC_COLUMNS,
  type CollectionYearReturn,
  type EpisodeRow,
  type HeaderRow,
} from '../../src/domain/demo/returns.ts';
import { csvText } from '../../src/io/write903.ts';
import type { IsoDate } from '../../src/domain/dates.ts';
import { ageOnBirthdayInYear } from '../../src/domain/ssda903/validateReturn.ts';

/** Collection years, named by the March they end in; files are named by the year before. */
export const PROJECT_SAMPLE_YEARS = [2018, 2019, 2020, 2021, 2022] as const;
const SEED = 903;
const CHILDREN_IN_CARE = 150;
const OPEN_REC = 'E8';

export interface ProjectSample {
  readonly dir: string;
  /** Every file in `dir`, sorted (903 tables, the README and the reviews table). */
  readonly files: readonly string[];
  /** The 20 SSDA903 tables (header, episodes, uasc, oc3 for each year), sorted. */
  readonly tables: readonly string[];
  /** Distinct CHILD ids over the header files. */
  readonly children: number;
  /** Episode rows over all returns, and distinct episodes (CHILD + DECOM) after merging. */
  readonly episodeRows: number;
  readonly episodes: number;
  /** Issues by rule, known by construction (see the module comment). */
  readonly issuesByRule: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly warnings: number;
  /** Every CHILD id in the returns (to check none leaks where it must not). */
  readonly childIds: readonly string[];
  remove(): Promise<void>;
}

function day(uk: string): number {
  const [d, m, y] = uk.split('/').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

function ukDate(dayNumber: number): string {
  const iso = new Date(dayNumber * 86_400_000).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** 1 April .. 31 March of a collection year, as day numbers. */
function yearSpan(collectionYear: number): [number, number] {
  return [Date.UTC(collectionYear - 1, 3, 1) / 86_400_000, Date.UTC(collectionYear, 2, 31) / 86_400_000];
}

function mutableReturns(returns: readonly CollectionYearReturn[]) {
  return returns.map((r) => ({
    collectionYear: r.collectionYear,
    header: r.header.map((h) => ({ ...h })),
    episodes: r.episodes.map((e) => ({ ...e })),
    uasc: r.uasc.map((u) => ({ ...u })),
  }));
}

type Returns = ReturnType<typeof mutableReturns>;

/** Children whose episodes in `returns` (every year) satisfy `ok`, in id order. */
function episodesByChild(returns: Returns): Map<string, { year: number; row: EpisodeRow }[]> {
  const by = new Map<string, { year: number; row: EpisodeRow }[]>();
  for (const r of returns)
    for (const row of r.episodes) {
      const list = by.get(row.CHILD) ?? [];
      list.push({ year: r.collectionYear, row });
      by.set(row.CHILD, list);
    }
  return by;
}

function injectProblems(returns: Returns): void {
  const first = PROJECT_SAMPLE_YEARS[0];
  const last = PROJECT_SAMPLE_YEARS[PROJECT_SAMPLE_YEARS.length - 1]!;
  const byYear = (y: number) => returns.find((r) => r.collectionYear === y)!;
  const taken = new Set<string>();
  const pick = (ok: (child: string, eps: { year: number; row: EpisodeRow }[]) => boolean, n: number) => {
    const chosen: string[] = [];
    for (const [child, eps] of [...episodesByChild(returns)].sort(([a], [b]) => a.localeCompare(b))) {
      if (chosen.length === n) break;
      if (!taken.has(child) && ok(child, eps)) chosen.push(child);
    }
    if (chosen.length < n) throw new Error(`project sample: only ${chosen.length} of ${n} children fit`);
    for (const c of chosen) taken.add(c);
    return chosen;
  };
  const distinct = (eps: { row: EpisodeRow }[]) => new Set(eps.map((e) => e.row.DECOM)).size;

  // XYR-OPEN-MISSING: open on 31 March 2019 (in the 2019 return), absent from every later return.
  const [missing] = pick(
    (_, eps) =>
      distinct(eps) === 1 && eps.some((e) => e.year === 2019 && e.row.DEC === '') && eps.some((e) => e.year === 2020),
    1,
  );
  for (const r of returns)
    if (r.collectionYear > 2019) {
      r.episodes = r.episodes.filter((e) => e.CHILD !== missing);
      r.header = r.header.filter((h) => h.CHILD !== missing);
      r.uasc = r.uasc.filter((u) => u.CHILD !== missing);
    }

  // EPI-OVERLAP: a closed X1 episode made to end 10 days after the next one starts, same year.
  for (const child of pick(
    (_, eps) =>
      eps.some((e, i) => {
        const next = eps[i + 1];
        if (e.row.REC !== 'X1' || next === undefined || next.year !== e.year || distinct(eps) !== eps.length)
          return false;
        const [, end] = yearSpan(e.year);
        return day(e.row.DEC) + 10 < end && day(next.row.DEC || ukDate(end)) > day(e.row.DEC) + 10;
      }),
    2,
  )) {
    const eps = episodesByChild(returns).get(child)!;
    const at = eps.findIndex((e, i) => e.row.REC === 'X1' && eps[i + 1]?.year === e.year);
    eps[at]!.row.DEC = ukDate(day(eps[at]!.row.DEC) + 10);
  }

  // EPI-RNE-NOT-S: a child's only period of care, starting within the returned years, given RNE P.
  for (const child of pick((_, eps) => {
    const start = eps[0]!;
    return start.row.RNE === 'S' && day(start.row.DECOM) >= yearSpan(first)[0] && distinct(eps) <= 3;
  }, 2)) {
    for (const e of episodesByChild(returns).get(child)!)
      if (e.row.DECOM === episodesByChild(returns).get(child)![0]!.row.DECOM) e.row.RNE = 'P';
  }

  // EPI-DEC-AFTER-YEAR: an episode of the last return that ends in its last month ends a day late.
  const [late] = pick((_, eps) => {
    const lastEp = eps[eps.length - 1]!;
    return (
      lastEp.year === last &&
      lastEp.row.DEC !== '' &&
      lastEp.row.REC !== 'X1' &&
      day(lastEp.row.DEC) > yearSpan(last)[1] - 90
    );
  }, 1);
  const lateEp = episodesByChild(returns).get(late!)!;
  lateEp[lateEp.length - 1]!.row.DEC = ukDate(yearSpan(last)[1] + 1);

  // XTB-HEADER-NO-EPISODE: three children who left care before 2021's return keep a header row there
  // (children under 17 on their birthday in 2020/21, so neither care leavers with a header row of
  // their own in 2021 nor in its OC3 table, which lists the header's children of 17 and over).
  const leavers = pick((child, eps) => {
    const lastEp = eps[eps.length - 1]!;
    const h = byYear(2020).header.find((row) => row.CHILD === child);
    return (
      lastEp.year === 2020 &&
      lastEp.row.DEC !== '' &&
      lastEp.row.REC !== 'X1' &&
      h !== undefined &&
      ageOnBirthday(h.DOB, 2021) < 17 &&
      !byYear(2021).header.some((row) => row.CHILD === child)
    );
  }, 3);
  for (const child of leavers) {
    const h = byYear(2020).header.find((row) => row.CHILD === child)!;
    byYear(2021).header.push({ ...h });
  }

  // EPI-DEC-REC-PAIR: open episodes carry a REC (last, so every one counts).
  for (const r of returns) for (const e of r.episodes) if (e.DEC === '') e.REC = OPEN_REC;
}

const OC3_COLUMNS = ['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'] as const;
type Oc3Row = Record<(typeof OC3_COLUMNS)[number], string>;

/** Age on the birthday in the collection year (the OC3 table's rule) of a DD/MM/YYYY date of birth. */
function ageOnBirthday(dob: string, collectionYear: number): number {
  const [d, m, y] = dob.split('/') as [string, string, string];
  return ageOnBirthdayInYear(`${y}-${m}-${d}` as IsoDate, collectionYear);
}

/** The OC3 tables (see the module comment): rows by collection year, and the issues put in. */
function careLeaverTables(returns: Returns): { byYear: Map<number, Oc3Row[]>; badCodes: number; tooYoung: number } {
  const inTouch = ['YES', 'YES', 'YES', 'NO', 'REFU', 'NREQ'];
  const activity = ['F2', 'F3', 'G5', 'P3', 'F1', 'G4'];
  const accommodation = ['U1', 'D1', 'Z1', 'E1', 'B1', 'S2'];
  const byYear = new Map<number, Oc3Row[]>();
  let i = 0;
  let badCodes = 0;
  let tooYoung = 0;
  for (const r of returns) {
    const rows: Oc3Row[] = [];
    for (const h of [...r.header].sort((a, b) => a.CHILD.localeCompare(b.CHILD))) {
      const age = ageOnBirthday(h.DOB, r.collectionYear);
      const young = age === 16 && tooYoung === 0 && r.collectionYear === PROJECT_SAMPLE_YEARS[1];
      if (age < 17 && !young) continue;
      if (young) tooYoung += 1;
      const bad = badCodes < 2 && r.collectionYear === PROJECT_SAMPLE_YEARS[2] && !young;
      if (bad) badCodes += 1;
      rows.push({
        CHILD: h.CHILD,
        DOB: h.DOB,
        IN_TOUCH: inTouch[i % inTouch.length]!,
        ACTIV: activity[i % activity.length]!,
        ACCOM: bad ? '02' : accommodation[i % accommodation.length]!,
      });
      i += 1;
    }
    byYear.set(r.collectionYear, rows);
  }
  if (badCodes !== 2 || tooYoung !== 1) throw new Error('project sample: the OC3 problems could not be put in');
  return { byYear, badCodes, tooYoung };
}

/** Writes the project's sample into `dir` (created when missing). */
export async function writeProjectSample(dir: string): Promise<Omit<ProjectSample, 'remove'>> {
  const council = simulateCouncil({
    seed: SEED,
    years: PROJECT_SAMPLE_YEARS.length,
    endYear: PROJECT_SAMPLE_YEARS[PROJECT_SAMPLE_YEARS.length - 1]!,
    childrenInCare: CHILDREN_IN_CARE,
  });
  const returns = mutableReturns(council.returns);
  injectProblems(returns);
  const careLeavers = careLeaverTables(returns);
  await mkdir(dir, { recursive: true });
  const tables: string[] = [];
  for (const r of returns) {
    const named = r.collectionYear - 1;
    const write = async (table: string, text: string) => {
      tables.push(`${named}-${table}.csv`);
      await writeFile(join(dir, `${named}-${table}.csv`), text);
    };
    await write('header', csvText(HEADER_COLUMNS, r.header as HeaderRow[]));
    await write('episodes', csvText(EPISODE_COLUMNS, r.episodes));
    await write('uasc', csvText(UASC_COLUMNS, r.uasc));
    await write('oc3', csvText(OC3_COLUMNS, careLeavers.byYear.get(r.collectionYear) ?? []));
  }
  const reviews = returns[0]!.episodes.slice(0, 3).map((e) => `${e.CHILD},01/01/2010,${e.DECOM},PN1`);
  await writeFile(join(dir, '2017-reviews.csv'), ['CHILD,DOB,REVIEW,REVIEW_CODE', ...reviews, ''].join('\n'));
  await writeFile(
    join(dir, 'README.md'),
    '# Synthetic SSDA903 returns written by the Forecare tests (test/support/projectSample.ts)\n',
  );

  const openRows = returns.reduce((n, r) => n + r.episodes.filter((e) => e.DEC === '').length, 0);
  const issuesByRule: Record<string, number> = {
    'FILE-YEAR-NAMING': PROJECT_SAMPLE_YEARS.length,
    'EPI-DEC-REC-PAIR': openRows,
    'XYR-OPEN-MISSING': 1,
    'XTB-HEADER-NO-EPISODE': 3,
    'EPI-OVERLAP': 2,
    'EPI-RNE-NOT-S': 2,
    'EPI-DEC-AFTER-YEAR': 1,
    'OC3-CODE': careLeavers.badCodes,
    'OC3-AGE': careLeavers.tooYoung,
  };
  const warnings =
    issuesByRule['FILE-YEAR-NAMING']! +
    issuesByRule['XTB-HEADER-NO-EPISODE']! +
    issuesByRule['OC3-CODE']! +
    issuesByRule['OC3-AGE']!;
  const all = Object.values(issuesByRule).reduce((a, b) => a + b, 0);
  const childIds = [...new Set(returns.flatMap((r) => r.header.map((h) => h.CHILD)))].sort();
  const episodeRows = returns.reduce((n, r) => n + r.episodes.length, 0);
  const episodes = new Set(returns.flatMap((r) => r.episodes.map((e) => `${e.CHILD} ${e.DECOM}`))).size;
  return {
    dir,
    files: [...tables, '2017-reviews.csv', 'README.md'].sort(),
    tables: tables.sort(),
    children: childIds.length,
    episodeRows,
    episodes,
    issuesByRule,
    errors: all - warnings,
    warnings,
    childIds,
  };
}

/** The project's sample in a new temporary folder; `remove()` deletes it. */
export async function projectSample(): Promise<ProjectSample> {
  const dir = await mkdtemp(join(tmpdir(), 'forecare-sample-'));
  const written = await writeProjectSample(dir);
  return { ...written, remove: () => rm(dir, { recursive: true, force: true }) };
}
