/**
 * Merging several years' returns into one picture of each child's care, and the checks that
 * need the merged picture. Pure: returns in, children, episodes, issues and cleaning steps out.
 *
 * - Within one return, an exact duplicate row is removed; two different rows with the same key
 *   (CHILD for the header, CHILD + DECOM for episodes) are an error and the later row is kept.
 * - Across returns, the same episode (CHILD + DECOM) is one episode and the latest return's
 *   version wins; a child's header comes from the latest return that has one. A date of birth or
 *   sex that changes, and an episode open at 31 March missing from the next return, are reported.
 * - Overlapping episodes of a child are reported and the earlier one is clipped to end when the
 *   next starts. Every such step is counted in the cleaning log.
 */
import { collectionYearOf } from '../dates.ts';
import type { Child, Episode } from '../model.ts';
import { CleaningLog } from './cleaning.ts';
import { CARE_LEAVER_CODES } from './codeLists.ts';
import {
  toEpisode,
  withEnd,
  type CareLeaverRecord,
  type EpisodeRecord,
  type HeaderRecord,
  type UascRecord,
} from './parseRows.ts';
import { IssueSink, ukDate } from './rules.ts';
import type { CareLeaverOutcome, CleaningStep, Issue, Table903 } from './types.ts';
import { ageOnBirthdayInYear, childSpan, validateReturn, type Return903 } from './validateReturn.ts';

export interface Merged903 {
  readonly children: readonly Child[];
  /** The merged episodes: records as read (with their file and row), as plain Episode fields. */
  readonly episodes: readonly EpisodeRecord[];
  /** Care leavers' outcomes from the OC3 tables, by collection year then CHILD id. */
  readonly careLeavers: readonly CareLeaverOutcome[];
  /** The collection years whose OC3 table was read. */
  readonly careLeaverYears: readonly number[];
}

/** Plain Episode copies of records (without where they came from). */
export function plainEpisodes(records: readonly Episode[]): Episode[] {
  return records.map(toEpisode);
}

export interface Analysed903 {
  readonly children: readonly Child[];
  readonly episodes: readonly Episode[];
  readonly careLeavers: readonly CareLeaverOutcome[];
  readonly careLeaverYears: readonly number[];
  readonly issues: readonly Issue[];
  readonly cleaning: readonly CleaningStep[];
}

function sameEpisode(a: Episode, b: Episode): boolean {
  return (
    a.childId === b.childId &&
    a.start === b.start &&
    a.reasonNew === b.reasonNew &&
    a.legalStatus === b.legalStatus &&
    a.needCode === b.needCode &&
    a.placement === b.placement &&
    a.provider === b.provider &&
    a.end === b.end &&
    a.reasonEnded === b.reasonEnded &&
    a.reasonPlaceChange === b.reasonPlaceChange &&
    (a.placementDistance ?? null) === (b.placementDistance ?? null) &&
    (a.placementLa ?? null) === (b.placementLa ?? null)
  );
}

function sameHeader(a: HeaderRecord, b: HeaderRecord): boolean {
  return a.childId === b.childId && a.sexCode === b.sexCode && a.dob === b.dob && a.ethnicity === b.ethnicity;
}

function sameUasc(a: UascRecord, b: UascRecord): boolean {
  return a.childId === b.childId && a.sexCode === b.sexCode && a.dob === b.dob && a.duc === b.duc;
}

function sameCareLeaver(a: CareLeaverRecord, b: CareLeaverRecord): boolean {
  return (
    a.childId === b.childId &&
    a.dob === b.dob &&
    a.inTouch === b.inTouch &&
    a.activity === b.activity &&
    a.accommodation === b.accommodation
  );
}

/** Returns of the same collection year (e.g. two episodes files) are read as one return. */
export function combineSameYear(returns: readonly Return903[]): Return903[] {
  const byYear = new Map<number, Return903>();
  for (const r of returns) {
    const prev = byYear.get(r.collectionYear);
    byYear.set(
      r.collectionYear,
      prev === undefined
        ? r
        : {
            collectionYear: r.collectionYear,
            header: [...prev.header, ...r.header],
            episodes: [...prev.episodes, ...r.episodes],
            uasc: [...prev.uasc, ...r.uasc],
            oc3: [...(prev.oc3 ?? []), ...(r.oc3 ?? [])],
            tables: new Set<Table903>([...prev.tables, ...r.tables]),
          },
    );
  }
  return [...byYear.values()].sort((a, b) => a.collectionYear - b.collectionYear);
}

/**
 * Files episode `e` under its child in `byChild` (episodes grouped by child index) unless the child
 * already has an episode with the same start date: returns that episode's position in the child's
 * list (the caller decides which to keep), or -1 when `e` was filed.
 */
function fileUnlessSameStart(byChild: (EpisodeRecord[] | undefined)[], e: EpisodeRecord): number {
  const list = byChild[e.cx];
  if (list === undefined) {
    byChild[e.cx] = [e];
    return -1;
  }
  for (let i = 0; i < list.length; i++) if (list[i]!.start === e.start) return i;
  list.push(e);
  return -1;
}

/** Removes duplicate rows within one return (see the module comment). */
export function dedupeReturn(ret: Return903, sink: IssueSink, log: CleaningLog): Return903 {
  // In this order: the issues and cleaning steps come out episodes first, then header, UASC, OC3.
  const children = childSpan([ret]);
  const episodes = dedupeEpisodes(ret, children, sink, log);
  const header = dedupeHeader(ret, children, sink, log);
  const uasc = dedupeUasc(ret, log);
  const oc3 = dedupeCareLeavers(ret, sink, log);
  return {
    collectionYear: ret.collectionYear,
    header,
    episodes,
    uasc,
    ...(ret.oc3 === undefined ? {} : { oc3 }),
    tables: ret.tables,
  };
}

/**
 * One episode per child and start date: an exact repeat is dropped (cleaning), a different episode
 * with the same start is EPI-DUPLICATE-START and the later row kept. `children` is the span of child
 * indexes. Grouped by child (a child has few episodes a year), which is much cheaper than a map
 * keyed by child and date on a million rows.
 */
function dedupeEpisodes(ret: Return903, children: number, sink: IssueSink, log: CleaningLog): readonly EpisodeRecord[] {
  const byChild = new Array<EpisodeRecord[] | undefined>(children).fill(undefined);
  let dropped = 0;
  for (const e of ret.episodes) {
    const i = fileUnlessSameStart(byChild, e);
    if (i < 0) continue;
    const list = byChild[e.cx]!;
    const prev = list[i]!;
    dropped += 1;
    if (sameEpisode(prev, e)) {
      log.add(
        'duplicate-episode-row',
        'Exact duplicate episode row removed (same return, every field the same)',
        () =>
          `Child ${e.childId}, episode starting ${ukDate(e.start)}: ${e.file} row ${e.row} repeats row ${prev.row}; one copy kept.`,
      );
      continue;
    }
    sink.add(
      'EPI-DUPLICATE-START',
      { file: e.file, row: e.row, column: 'DECOM' },
      `Child ${e.childId} has two different episodes starting on ${ukDate(e.start)} in the ${ret.collectionYear} return (rows ${prev.row} and ${e.row}). Expected one episode per start date; the later row is used.`,
      e.childId,
    );
    log.add(
      'duplicate-episode-start',
      'Two different episodes with the same child and start date in one return: the later row kept',
      () =>
        `Child ${e.childId}, episode starting ${ukDate(e.start)}: row ${e.row} kept, row ${prev.row} of ${prev.file} set aside.`,
    );
    list[i] = e;
  }
  if (dropped === 0) return ret.episodes;
  const kept = new Set<EpisodeRecord>();
  for (const list of byChild) if (list !== undefined) for (const e of list) kept.add(e);
  return ret.episodes.filter((e) => kept.has(e));
}

/** One header row per child: an exact repeat is dropped (cleaning), a different row is HDR-DUPLICATE-CHILD and the later row kept. */
function dedupeHeader(ret: Return903, children: number, sink: IssueSink, log: CleaningLog): readonly HeaderRecord[] {
  const headerAt = new Array<HeaderRecord | undefined>(children).fill(undefined);
  let headerDropped = 0;
  for (const h of ret.header) {
    const prev = headerAt[h.cx];
    if (prev !== undefined) {
      headerDropped += 1;
      if (sameHeader(prev, h)) {
        log.add(
          'duplicate-header-row',
          'Exact duplicate header row removed (same return)',
          () => `Child ${h.childId}: ${h.file} row ${h.row} repeats row ${prev.row}; one copy kept.`,
        );
        continue;
      }
      sink.add(
        'HDR-DUPLICATE-CHILD',
        { file: h.file, row: h.row, column: 'CHILD' },
        `Child ${h.childId} has two different header rows in the ${ret.collectionYear} return (rows ${prev.row} and ${h.row}). Expected one row per child; the later row is used.`,
        h.childId,
      );
      log.add(
        'duplicate-header-child',
        'Two different header rows for one child in one return: the later row kept',
        () => `Child ${h.childId}: row ${h.row} kept, row ${prev.row} of ${prev.file} set aside.`,
      );
    }
    headerAt[h.cx] = h;
  }
  return headerDropped === 0 ? ret.header : ret.header.filter((h) => headerAt[h.cx] === h);
}

/** One UASC row per child, the later kept (a cleaning step either way). */
function dedupeUasc(ret: Return903, log: CleaningLog): UascRecord[] {
  const uasc = new Map<string, UascRecord>();
  for (const u of ret.uasc) {
    const prev = uasc.get(u.childId);
    if (prev !== undefined) {
      log.add(
        sameUasc(prev, u) ? 'duplicate-uasc-row' : 'duplicate-uasc-child',
        sameUasc(prev, u)
          ? 'Exact duplicate UASC row removed (same return)'
          : 'Two different UASC rows for one child in one return: the later row kept',
        `Child ${u.childId}: ${u.file} row ${u.row} kept, row ${prev.row} set aside.`,
      );
      uasc.delete(u.childId);
    }
    uasc.set(u.childId, u);
  }
  return [...uasc.values()];
}

/** One OC3 row per care leaver: an exact repeat is dropped (cleaning), a different row is OC3-DUPLICATE-CHILD and the later row kept. */
function dedupeCareLeavers(ret: Return903, sink: IssueSink, log: CleaningLog): CareLeaverRecord[] {
  const oc3 = new Map<string, CareLeaverRecord>();
  for (const c of ret.oc3 ?? []) {
    const prev = oc3.get(c.childId);
    if (prev !== undefined) {
      if (sameCareLeaver(prev, c)) {
        log.add(
          'duplicate-oc3-row',
          'Exact duplicate OC3 (care leaver) row removed (same return)',
          `Care leaver ${c.childId}: ${c.file} row ${c.row} repeats row ${prev.row}; one copy kept.`,
        );
      } else {
        sink.add(
          'OC3-DUPLICATE-CHILD',
          { file: c.file, row: c.row, column: 'CHILD' },
          `Care leaver ${c.childId} has two different rows in the ${ret.collectionYear} OC3 table (rows ${prev.row} and ${c.row}). Expected one row per care leaver; the later row is used.`,
          c.childId,
        );
      }
      oc3.delete(c.childId);
    }
    oc3.set(c.childId, c);
  }
  return [...oc3.values()];
}

/**
 * Merges returns (any order; each return's collection year decides which wins), validating each
 * return and the merged episodes. Issues go to `sink`, cleaning steps to `log`.
 */
export function mergeReturns(input: readonly Return903[], sink: IssueSink, log: CleaningLog): Merged903 {
  const merger = new ReturnMerger(sink, log);
  for (const r of combineSameYear(input)) merger.add(r);
  return merger.finish();
}

/** Pads `list` with `empty` up to length `n` (per-child arrays grow as returns arrive). */
function grow<T>(list: T[], n: number, empty: T): void {
  while (list.length < n) list.push(empty);
}

/**
 * Merges returns handed over one at a time, in collection-year order, one return per year: what
 * mergeReturns does, for a loader that reads a year, adds it and lets go of it, so that only the
 * latest version of each episode and header is held, not every row of every year.
 *
 * The steps run per return as it arrives (remove duplicates, validate, take its headers, take its
 * episodes); each step's issues and cleaning steps are held aside and given to `sink` and `log` by
 * `finish`, step by step, so they come out in the same order as if every return were de-duplicated
 * first, then every return validated, and so on.
 */
export class ReturnMerger {
  readonly #sink: IssueSink;
  readonly #log: CleaningLog;
  readonly #steps: readonly { readonly sink: IssueSink; readonly log: CleaningLog }[];
  #lastYear = Number.NEGATIVE_INFINITY;
  readonly #header: (HeaderRecord | undefined)[] = [];
  readonly #headerYear: number[] = [];
  readonly #uasc: (UascRecord | undefined)[] = [];
  readonly #byChild: (EpisodeRecord[] | undefined)[] = [];
  /** The previous return's open episodes not yet seen again. */
  #openBefore = new Set<EpisodeRecord>();
  #openYear = 0;
  /** The collection years whose episodes were read. */
  readonly #loaded = new Set<number>();
  readonly #careLeavers: CareLeaverOutcome[] = [];
  readonly #careLeaverYears: number[] = [];
  #finished = false;

  constructor(sink: IssueSink, log: CleaningLog) {
    this.#sink = sink;
    this.#log = log;
    this.#steps = [0, 1, 2, 3].map(() => ({ sink: new IssueSink(sink.limitPerRule), log: new CleaningLog() }));
  }

  /** Adds the next return: a later collection year than any added before. */
  add(input: Return903): void {
    if (this.#finished) throw new Error('ReturnMerger: add after finish');
    if (input.collectionYear <= this.#lastYear)
      throw new Error(
        `ReturnMerger: returns must come in collection-year order, one per year (${input.collectionYear} after ${this.#lastYear})`,
      );
    this.#lastYear = input.collectionYear;
    const [dedupe, validate, headers, episodes] = this.#steps as [Step, Step, Step, Step];
    const r = dedupeReturn(input, dedupe.sink, dedupe.log);
    validateReturn(r, validate.sink);
    const span = childSpan([r]);
    grow(this.#header, span, undefined);
    grow(this.#headerYear, span, 0);
    grow(this.#uasc, span, undefined);
    grow(this.#byChild, span, undefined);
    this.#takeHeaders(r, headers.sink, headers.log);
    this.#takeEpisodes(r, episodes.sink, episodes.log);
    this.#takeCareLeavers(r);
    if (r.tables.has('episodes')) this.#loaded.add(r.collectionYear);
  }

  /**
   * Care leavers: each year's OC3 table stands on its own (it records that year's birthdays). The
   * age comes from the header's date of birth (the latest return's), else the OC3 table's; a code
   * not in its list is kept as '' (not known), as its OC3-CODE warning says.
   */
  #takeCareLeavers(r: Return903): void {
    if (!r.tables.has('oc3')) return;
    this.#careLeaverYears.push(r.collectionYear);
    const known = (list: ReadonlyMap<string, string>, code: string) => (list.has(code) ? code : '');
    const rows = [...(r.oc3 ?? [])].sort((a, b) => (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0));
    for (const c of rows) {
      const dob = this.#header[c.cx]?.dob ?? c.dob;
      if (dob === null) continue;
      this.#careLeavers.push({
        childId: c.childId,
        collectionYear: r.collectionYear,
        age: ageOnBirthdayInYear(dob, r.collectionYear),
        inTouch: known(CARE_LEAVER_CODES.IN_TOUCH, c.inTouch),
        activity: known(CARE_LEAVER_CODES.ACTIV, c.activity),
        accommodation: known(CARE_LEAVER_CODES.ACCOM, c.accommodation),
      });
    }
  }

  /** Children: the latest return's header wins; DOB and sex are compared across returns. */
  #takeHeaders(r: Return903, sink: IssueSink, log: CleaningLog): void {
    const header = this.#header;
    const headerYear = this.#headerYear;
    for (const h of r.header) {
      const prev = header[h.cx];
      if (prev !== undefined) {
        const prevYear = headerYear[h.cx]!;
        if (prev.dob !== h.dob) {
          sink.add(
            'XYR-DOB-CHANGED',
            { file: h.file, row: h.row, column: 'DOB' },
            `Child ${h.childId}: the date of birth is ${ukDate(prev.dob)} in the ${prevYear} return but ${ukDate(h.dob)} in the ${r.collectionYear} return. Expected the same date of birth in every return; the ${r.collectionYear} one is used.`,
            h.childId,
          );
        }
        if (prev.sex !== h.sex) {
          sink.add(
            'XYR-SEX-CHANGED',
            { file: h.file, row: h.row, column: 'SEX' },
            `Child ${h.childId}: the sex is ${prev.sexCode} in the ${prevYear} return but ${h.sexCode} in the ${r.collectionYear} return. Please check; the ${r.collectionYear} value is used.`,
            h.childId,
          );
        }
        if (prev.dob !== h.dob || prev.sex !== h.sex || prev.ethnicity !== h.ethnicity) {
          log.add(
            'header-from-latest-return',
            "Child's details differ between returns: the latest return's header used",
            () => `Child ${h.childId}: details from the ${r.collectionYear} return replace those from ${prevYear}.`,
          );
        }
      }
      header[h.cx] = h;
      headerYear[h.cx] = r.collectionYear;
    }
    for (const u of r.uasc) this.#uasc[u.cx] = u;
  }

  /** Episodes: the same CHILD + DECOM is one episode; the latest return's version wins. Grouped by child. */
  #takeEpisodes(r: Return903, sink: IssueSink, log: CleaningLog): void {
    const byChild = this.#byChild;
    const openBefore = this.#openBefore;
    const checkOpen = r.collectionYear === this.#openYear + 1 && r.tables.has('episodes');
    const openNow = new Set<EpisodeRecord>();
    for (const e of r.episodes) {
      if (e.end === null) openNow.add(e);
      const i = fileUnlessSameStart(byChild, e);
      if (i < 0) continue;
      const list = byChild[e.cx]!;
      const prev = list[i]!;
      openBefore.delete(prev);
      if (sameEpisode(prev, e)) {
        log.add(
          'episode-repeated-in-later-return',
          'Episode repeated unchanged in a later return: one copy kept',
          () =>
            `Child ${e.childId}, episode starting ${ukDate(e.start)}: ${e.file} row ${e.row} used instead of ${prev.file} row ${prev.row}.`,
        );
      } else {
        log.add(
          'episode-updated-by-later-return',
          'Episode updated in a later return (usually closed): the later version kept',
          () =>
            `Child ${e.childId}, episode starting ${ukDate(e.start)}: ${e.file} row ${e.row} used instead of ${prev.file} row ${prev.row}.`,
        );
      }
      list[i] = e;
    }
    if (checkOpen) {
      const openYear = this.#openYear;
      for (const e of openBefore) {
        sink.add(
          'XYR-OPEN-MISSING',
          { file: e.file, row: e.row, column: 'DEC' },
          `Child ${e.childId}: the episode starting ${ukDate(e.start)} was open at the end of the ${openYear} return but is missing from the ${r.collectionYear} return. Expected it in the ${r.collectionYear} return, closed or still open; it is kept as last reported (open, unless the child's next episode shows when it ended).`,
          e.childId,
        );
      }
    }
    if (r.tables.has('episodes')) {
      this.#openBefore = openNow;
      this.#openYear = r.collectionYear;
    }
  }

  /** The merged children and episodes, after the checks that need them all. */
  finish(): Merged903 {
    if (this.#finished) throw new Error('ReturnMerger: finish twice');
    this.#finished = true;
    const sink = this.#sink;
    const log = this.#log;
    for (const step of this.#steps) {
      sink.absorb(step.sink);
      log.absorb(step.log);
    }
    this.#openBefore = new Set();
    const header = this.#header;
    const byChild = this.#byChild;
    const uasc = this.#uasc;
    const span = Math.max(header.length, byChild.length);

    // Episodes of children with no header in any return cannot be used (no date of birth).
    // Children in CHILD id order; their episodes in start order.
    const order: number[] = [];
    for (let cx = 0; cx < span; cx++) if (header[cx] !== undefined || byChild[cx] !== undefined) order.push(cx);
    const idOf = (cx: number): string => header[cx]?.childId ?? byChild[cx]![0]!.childId;
    order.sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
    const episodes: EpisodeRecord[] = [];
    for (const cx of order) {
      const list = byChild[cx];
      if (list === undefined) continue;
      byChild[cx] = undefined;
      if (header[cx] === undefined) {
        for (const e of list) {
          log.add(
            'episode-without-child-removed',
            'Episode set aside: its child has no header row in any return (no date of birth or sex)',
            () => `Child ${e.childId}, episode starting ${ukDate(e.start)} (${e.file} row ${e.row}).`,
          );
        }
        continue;
      }
      list.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
      for (const e of list) episodes.push(e);
    }

    const clippedSet = new Set<EpisodeRecord>();
    const clipped = clipOverlaps(episodes, sink, log, clippedSet);
    checkSequences(clipped, this.#loaded, clippedSet, sink);

    const children: Child[] = order
      .filter((cx) => header[cx] !== undefined)
      .map((cx) => header[cx]!)
      .map((h) => {
        const u = uasc[h.cx];
        return {
          childId: h.childId,
          sex: h.sex,
          dob: h.dob,
          ethnicity: h.ethnicity,
          uasc: u !== undefined,
          uascCeased: u?.duc ?? null,
        };
      });
    // The records themselves are the merged episodes (no copy: at national scale a copy is 1.7
    // million objects). They still say where they came from; plainEpisodes copies them when needed.
    return { children, episodes: clipped, careLeavers: this.#careLeavers, careLeaverYears: this.#careLeaverYears };
  }
}

interface Step {
  readonly sink: IssueSink;
  readonly log: CleaningLog;
}

/** Clips each episode that runs past the start of the child's next episode (sorted input). */
function clipOverlaps(
  episodes: EpisodeRecord[],
  sink: IssueSink,
  log: CleaningLog,
  clipped: Set<EpisodeRecord>,
): EpisodeRecord[] {
  for (let i = 0; i + 1 < episodes.length; i++) {
    const a = episodes[i]!;
    const b = episodes[i + 1]!;
    if (a.childId !== b.childId) continue;
    if (a.end === null || a.end > b.start) {
      sink.add(
        'EPI-OVERLAP',
        { file: b.file, row: b.row, column: 'DECOM' },
        `Child ${a.childId}: the episode starting ${ukDate(b.start)} begins while the episode starting ${ukDate(a.start)} (${a.file} row ${a.row}) is ${a.end === null ? 'still open' : `running until ${ukDate(a.end)}`}. Episodes of one child must not overlap: an episode should end (DEC) on or before the day the next starts.`,
        a.childId,
      );
      log.add(
        'overlap-clipped',
        'Overlapping episode clipped: the earlier episode now ends when the next one starts',
        () =>
          `Child ${a.childId}: episode starting ${ukDate(a.start)} now ends ${ukDate(b.start)} instead of ${a.end === null ? 'being open' : ukDate(a.end)}.`,
      );
      episodes[i] = withEnd(a, b.start);
      clipped.add(episodes[i]!);
    }
  }
  return episodes;
}

/**
 * RNE and X1 consistency over a child's sorted, non-overlapping episodes. `loaded` holds the
 * collection years whose episodes were read: a missing episode is only reported when the return
 * it belongs in was loaded (an episode may continue one from a year before the data begins).
 * An end made by clipping an overlap is not the council's: no sequence issue is drawn from it
 * (the overlap itself is reported).
 */
function checkSequences(
  episodes: readonly EpisodeRecord[],
  loaded: ReadonlySet<number>,
  clipped: ReadonlySet<EpisodeRecord>,
  sink: IssueSink,
): void {
  for (let i = 0; i < episodes.length; i++) {
    const e = episodes[i]!;
    const prev = i > 0 && episodes[i - 1]!.childId === e.childId ? episodes[i - 1]! : null;
    const next = i + 1 < episodes.length && episodes[i + 1]!.childId === e.childId ? episodes[i + 1]! : null;
    const place = (column: string) => ({ file: e.file, row: e.row, column });

    if (
      e.reasonEnded === 'X1' &&
      e.end !== null &&
      !clipped.has(e) &&
      (next === null || next.start !== e.end) &&
      loaded.has(collectionYearOf(e.end))
    ) {
      sink.add(
        'EPI-X1-GAP',
        place('REC'),
        next === null
          ? `Child ${e.childId}: the episode starting ${ukDate(e.start)} ended on ${ukDate(e.end)} with REC X1 (a new episode begins the same day), but the child has no later episode. Expected an episode starting ${ukDate(e.end)}, or a REC that says why care ended.`
          : `Child ${e.childId}: the episode starting ${ukDate(e.start)} ended on ${ukDate(e.end)} with REC X1 (a new episode begins the same day), but the next episode starts on ${ukDate(next.start)}. Expected it to start on ${ukDate(e.end)}.`,
        e.childId,
      );
    }

    if (e.reasonNew === '') continue;
    if (prev === null) {
      if (e.reasonNew !== 'S' && loaded.has(collectionYearOf(e.start))) {
        sink.add(
          'EPI-RNE-NOT-S',
          place('RNE'),
          `Child ${e.childId}: the episode starting ${ukDate(e.start)} has RNE ${e.reasonNew} (a change during care), but no earlier episode ends that day. The first episode of a period of care must have RNE S.`,
          e.childId,
        );
      }
      continue;
    }
    if (prev.end === null || clipped.has(prev)) continue;
    const continues = prev.end === e.start && prev.reasonEnded === 'X1';
    if (continues && e.reasonNew === 'S') {
      sink.add(
        'EPI-RNE-S-CONTINUES',
        place('RNE'),
        `Child ${e.childId}: the episode starting ${ukDate(e.start)} has RNE S (started to be looked after), but the previous episode ended that day with X1, so care continued. Expected RNE L, P, T, B or U.`,
        e.childId,
      );
    } else if (
      !continues &&
      e.reasonNew !== 'S' &&
      prev.reasonEnded !== null &&
      (prev.end === e.start || loaded.has(collectionYearOf(e.start)))
    ) {
      sink.add(
        'EPI-RNE-NOT-S',
        place('RNE'),
        `Child ${e.childId}: the episode starting ${ukDate(e.start)} has RNE ${e.reasonNew} (a change during care), but the previous episode ${prev.end === e.start ? `ended that day with REC ${prev.reasonEnded}, which ends care` : `ended on ${ukDate(prev.end)}, leaving a gap`}. An episode starting a new period of care must have RNE S.`,
        e.childId,
      );
    }
  }
}

/** Merges and validates returns, collecting issues and cleaning steps: the pure core of load903. */
export function analyse903(returns: readonly Return903[], sink = new IssueSink()): Analysed903 {
  const log = new CleaningLog();
  const merged = mergeReturns(returns, sink, log);
  return {
    children: merged.children,
    episodes: plainEpisodes(merged.episodes),
    careLeavers: merged.careLeavers,
    careLeaverYears: merged.careLeaverYears,
    issues: sink.finish(),
    cleaning: log.steps(),
  };
}
