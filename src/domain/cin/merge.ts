/**
 * Checking one CIN return as a whole and merging several years, like the 903's
 * (src/domain/ssda903/merge.ts):
 * - Within one return, an exact duplicate record is dropped silently; two different records with
 *   the same key (child; child + referral date; and + start date for the records under an
 *   episode) are an error and the later one is kept. A record under an episode the return does
 *   not have, and an episode whose child the return does not describe, are errors.
 * - Across returns, the same record (same key) is one record and the latest return's version wins;
 *   a child's details come from the latest return. A date of birth that changes is reported.
 * Pure: returns in, merged records (each with the year of its version) and issues out.
 */
import { ukDate } from '../ssda903/rules.ts';
import { type CinEpisodeKey, type CinMerged, type Sourced } from './model.ts';
import { placeOf, type At, type CinReturn } from './records.ts';
import type { CinIssueSink } from './rules.ts';

type Keyed = CinEpisodeKey & { readonly start: string };

/**
 * The keys of records in one merge, as short flat strings: each child id is given a number the
 * first time it is seen, each date is its own number (YYYY-MM-DD's eight digits; any other text a
 * number the first time it is seen, above every such), and a key is those numbers as UTF-16 code
 * units (two each), so two records have the same key exactly when they have the same child and
 * dates. Hashing such a key costs a fraction of hashing the joined text (child NUL referral date
 * NUL start), which the maps of a large census did hundreds of thousands of times; a date's number
 * needs no look-up.
 */
class RecordKeys {
  readonly #ids = new Map<string, number>();
  readonly #dates = new Map<string, number>();

  static #number(map: Map<string, number>, text: string): number {
    let n = map.get(text);
    if (n === undefined) {
      n = map.size;
      map.set(text, n);
    }
    return n;
  }

  /** Above any YYYY-MM-DD's digits as a number (99,999,999). */
  static readonly #OTHER_DATES = 1 << 27;

  #date(text: string): number {
    if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
      let n = 0;
      for (let i = 0; i < 10; i++) {
        if (i === 4 || i === 7) continue;
        const digit = text.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9) return RecordKeys.#OTHER_DATES + RecordKeys.#number(this.#dates, text);
        n = n * 10 + digit;
      }
      return n;
    }
    return RecordKeys.#OTHER_DATES + RecordKeys.#number(this.#dates, text);
  }

  /** The key of a CIN episode: the child and the referral date. */
  episode(r: CinEpisodeKey): string {
    const c = RecordKeys.#number(this.#ids, r.childId);
    const d = this.#date(r.referralDate);
    return String.fromCharCode(c >>> 16, c & 0xffff, d >>> 16, d & 0xffff);
  }

  /** The key of a record under an episode: the episode's and the start date. */
  start(r: Keyed): string {
    const c = RecordKeys.#number(this.#ids, r.childId);
    const d = this.#date(r.referralDate);
    const s = this.#date(r.start);
    return String.fromCharCode(c >>> 16, c & 0xffff, d >>> 16, d & 0xffff, s >>> 16, s & 0xffff);
  }
}

function withoutAt<T extends { at: unknown }>(r: T): Omit<T, 'at'> {
  const { at: _at, ...rest } = r;
  return rest;
}

function same(a: object, b: object): boolean {
  return JSON.stringify(withoutAt(a as { at: unknown })) === JSON.stringify(withoutAt(b as { at: unknown }));
}

/** Records kept with their keys (computed once per record: keys are most of the merge's cost). */
interface KeyedList<T> {
  readonly list: T[];
  readonly keys: string[];
  /** The keys kept (to look one up: the checks for a record's child or episode). */
  readonly kept: ReadonlyMap<string, number>;
}

/** The records of `list` with one per key (the later kept; a different duplicate reported). */
function dedupe<T extends { at: At<object>['at']; childId: string }>(
  list: readonly T[],
  keys: string[],
  what: (r: T) => string,
  year: number,
  sink: CinIssueSink,
): KeyedList<T> {
  const byKey = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    const k = keys[i]!;
    const prev = byKey.get(k);
    if (prev !== undefined && !same(list[prev]!, r))
      sink.add(
        'CIN-DUPLICATE',
        placeOf(r.at, null),
        `Child ${r.childId}: two different records for ${what(r)} in the ${year} return (${list[prev]!.at.file} line ${list[prev]!.at.row} and line ${r.at.row}). Expected one; the later is used.`,
        r.childId,
      );
    byKey.set(k, i);
  }
  if (byKey.size === list.length) return { list: list as T[], keys, kept: byKey };
  // The later of each key, in the order the keys first appeared (as a Map keeps them).
  const kept: T[] = [];
  const keptKeys: string[] = [];
  for (const [k, i] of byKey) {
    kept.push(list[i]!);
    keptKeys.push(k);
  }
  return { list: kept, keys: keptKeys, kept: byKey };
}

/** A return after its checks, each table's records with their keys. */
interface CheckedReturn {
  readonly collectionYear: number;
  readonly children: KeyedList<CinReturn['children'][number]>;
  readonly episodes: KeyedList<CinReturn['episodes'][number]>;
  readonly assessments: KeyedList<CinReturn['assessments'][number]>;
  readonly cinPlans: KeyedList<CinReturn['cinPlans'][number]>;
  readonly section47s: KeyedList<CinReturn['section47s'][number]>;
  readonly protectionPlans: KeyedList<CinReturn['protectionPlans'][number]>;
}

/** Duplicates and records without their episode or child, in one return; the records kept, keyed. */
function checkKeyed(ret: CinReturn, sink: CinIssueSink, keys: RecordKeys): CheckedReturn {
  const y = ret.collectionYear;
  const children = dedupe(
    ret.children,
    ret.children.map((c) => c.childId),
    () => 'the child',
    y,
    sink,
  );
  const episodes = dedupe(
    ret.episodes,
    ret.episodes.map((e) => keys.episode(e)),
    (e) => `the referral of ${ukDate(e.referralDate)}`,
    y,
    sink,
  );
  const under = <T extends At<Keyed>>(list: T[], name: string): KeyedList<T> =>
    dedupe(
      list,
      list.map((r) => keys.start(r)),
      (r) => `the ${name} starting ${ukDate(r.start)}`,
      y,
      sink,
    );
  const assessments = under(ret.assessments, 'assessment');
  const cinPlans = under(ret.cinPlans, 'CIN plan');
  const section47s = under(ret.section47s, 'section 47 enquiry');
  const protectionPlans = under(ret.protectionPlans, 'child protection plan');

  for (const e of episodes.list)
    if (!children.kept.has(e.childId))
      sink.add(
        'CIN-NO-CHILD',
        placeOf(e.at, 'LAchildID'),
        `Child ${e.childId}: the referral of ${ukDate(e.referralDate)} belongs to a child the ${y} return does not describe (no child record with this LAchildID).`,
        e.childId,
      );
  // A record's episode key is the first two numbers (four code units) of its own key.
  const orphans = (records: KeyedList<At<Keyed>>, name: string): void => {
    const list = records.list;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (!episodes.kept.has(records.keys[i]!.slice(0, 4)))
        sink.add(
          'CIN-NO-EPISODE',
          placeOf(r.at, 'CINreferralDate'),
          `Child ${r.childId}: the ${name} starting ${ukDate(r.start)} belongs to a referral of ${ukDate(r.referralDate)} that the ${y} return does not have (no CIN episode with this child and CINreferralDate).`,
          r.childId,
        );
    }
  };
  orphans(assessments, 'assessment');
  orphans(cinPlans, 'CIN plan');
  orphans(section47s, 'section 47 enquiry');
  orphans(protectionPlans, 'child protection plan');
  return { collectionYear: y, children, episodes, assessments, cinPlans, section47s, protectionPlans };
}

/** Duplicates and records without their episode or child, in one return; returns the return kept. */
export function checkReturn(ret: CinReturn, sink: CinIssueSink): CinReturn {
  const c = checkKeyed(ret, sink, new RecordKeys());
  return {
    collectionYear: c.collectionYear,
    children: c.children.list,
    episodes: c.episodes.list,
    assessments: c.assessments.list,
    cinPlans: c.cinPlans.list,
    section47s: c.section47s.list,
    protectionPlans: c.protectionPlans.list,
  };
}

/**
 * Returns of the same collection year (e.g. an XML file and a CSV table) are read as one return:
 * each table's records of the year's returns in the order given, the lists joined once a year (a
 * year's CSV tables are six returns).
 */
export function combineSameYear(returns: readonly CinReturn[]): CinReturn[] {
  const byYear = new Map<number, CinReturn[]>();
  for (const r of returns) {
    const same = byYear.get(r.collectionYear);
    if (same === undefined) byYear.set(r.collectionYear, [r]);
    else same.push(r);
  }
  const combined: CinReturn[] = [];
  for (const [collectionYear, same] of byYear) {
    if (same.length === 1) {
      combined.push(same[0]!);
      continue;
    }
    const join = <K extends Exclude<keyof CinReturn, 'collectionYear'>>(table: K): CinReturn[K] =>
      ([] as unknown[]).concat(...same.map((r) => r[table])) as CinReturn[K];
    combined.push({
      collectionYear,
      children: join('children'),
      episodes: join('episodes'),
      assessments: join('assessments'),
      cinPlans: join('cinPlans'),
      section47s: join('section47s'),
      protectionPlans: join('protectionPlans'),
    });
  }
  return combined.sort((a, b) => a.collectionYear - b.collectionYear);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function byChild(a: { childId: string }, b: { childId: string }): number {
  return cmp(a.childId, b.childId);
}

function byChildThenDates(a: Keyed, b: Keyed): number {
  return cmp(a.childId, b.childId) || cmp(a.referralDate, b.referralDate) || cmp(a.start, b.start);
}

function byEpisode(a: CinEpisodeKey, b: CinEpisodeKey): number {
  return cmp(a.childId, b.childId) || cmp(a.referralDate, b.referralDate);
}

/** Each table's records so far, by key: a later collection year's version replaces an earlier one. */
interface MergedSoFar {
  readonly children: Map<string, Sourced<At<CinMerged['children'][number]>>>;
  readonly episodes: Map<string, Sourced<CinMerged['episodes'][number]>>;
  readonly assessments: Map<string, Sourced<CinMerged['assessments'][number]>>;
  readonly cinPlans: Map<string, Sourced<CinMerged['cinPlans'][number]>>;
  readonly section47s: Map<string, Sourced<CinMerged['section47s'][number]>>;
  readonly protectionPlans: Map<string, Sourced<CinMerged['protectionPlans'][number]>>;
}

/**
 * Checks each return and merges them (any order; the collection year decides which version wins),
 * giving every record the year of the version kept.
 */
export function mergeCinReturns(input: readonly CinReturn[], sink: CinIssueSink): CinMerged {
  const merged: MergedSoFar = {
    children: new Map(),
    episodes: new Map(),
    assessments: new Map(),
    cinPlans: new Map(),
    section47s: new Map(),
    protectionPlans: new Map(),
  };
  const keys = new RecordKeys();
  for (const raw of combineSameYear(input)) {
    const ret = checkKeyed(raw, sink, keys);
    mergeChildren(ret, merged.children, sink);
    // Each record built field by field (no spread), a loop a table: this runs once per record of every year.
    mergeEpisodes(ret, merged.episodes);
    mergeAssessments(ret, merged.assessments);
    mergeCinPlans(ret, merged.cinPlans);
    mergeSection47s(ret, merged.section47s);
    mergeProtectionPlans(ret, merged.protectionPlans);
  }
  return mergedLists(merged);
}

/** A return's children over the earlier years', a changed date of birth reported (the later is used). */
function mergeChildren(ret: CheckedReturn, children: MergedSoFar['children'], sink: CinIssueSink): void {
  const sourceYear = ret.collectionYear;
  for (const c of ret.children.list) {
    const prev = children.get(c.childId);
    if (prev !== undefined && prev.dob !== null && c.dob !== null && prev.dob !== c.dob)
      sink.add(
        'CIN-XYR-DOB-CHANGED',
        placeOf(c.at, 'PersonBirthDate'),
        `Child ${c.childId}: the date of birth is ${ukDate(prev.dob)} in the ${prev.sourceYear} return and ${ukDate(c.dob)} in the ${sourceYear} return; the later is used.`,
        c.childId,
      );
    children.set(c.childId, {
      childId: c.childId,
      sex: c.sex,
      dob: c.dob,
      expectedDob: c.expectedDob,
      ethnicity: c.ethnicity,
      at: c.at,
      sourceYear,
    });
  }
}

function mergeEpisodes(ret: CheckedReturn, episodes: MergedSoFar['episodes']): void {
  const sourceYear = ret.collectionYear;
  const ek = ret.episodes.keys;
  for (let i = 0; i < ek.length; i++) {
    const e = ret.episodes.list[i]!;
    episodes.set(ek[i]!, {
      childId: e.childId,
      referralDate: e.referralDate,
      referralSource: e.referralSource,
      primaryNeed: e.primaryNeed,
      closureDate: e.closureDate,
      closureReason: e.closureReason,
      referralNfa: e.referralNfa,
      initialCpcDate: e.initialCpcDate,
      sourceYear,
    });
  }
}

function mergeAssessments(ret: CheckedReturn, assessments: MergedSoFar['assessments']): void {
  const sourceYear = ret.collectionYear;
  const ak = ret.assessments.keys;
  for (let i = 0; i < ak.length; i++) {
    const a = ret.assessments.list[i]!;
    assessments.set(ak[i]!, {
      childId: a.childId,
      referralDate: a.referralDate,
      start: a.start,
      authorised: a.authorised,
      factors: a.factors,
      sourceYear,
    });
  }
}

function mergeCinPlans(ret: CheckedReturn, cinPlans: MergedSoFar['cinPlans']): void {
  const sourceYear = ret.collectionYear;
  const pk = ret.cinPlans.keys;
  for (let i = 0; i < pk.length; i++) {
    const p = ret.cinPlans.list[i]!;
    cinPlans.set(pk[i]!, {
      childId: p.childId,
      referralDate: p.referralDate,
      start: p.start,
      end: p.end,
      sourceYear,
    });
  }
}

function mergeSection47s(ret: CheckedReturn, section47s: MergedSoFar['section47s']): void {
  const sourceYear = ret.collectionYear;
  const sk = ret.section47s.keys;
  for (let i = 0; i < sk.length; i++) {
    const x = ret.section47s.list[i]!;
    section47s.set(sk[i]!, {
      childId: x.childId,
      referralDate: x.referralDate,
      start: x.start,
      icpcTarget: x.icpcTarget,
      icpcDate: x.icpcDate,
      icpcNotRequired: x.icpcNotRequired,
      sourceYear,
    });
  }
}

function mergeProtectionPlans(ret: CheckedReturn, protectionPlans: MergedSoFar['protectionPlans']): void {
  const sourceYear = ret.collectionYear;
  const ck = ret.protectionPlans.keys;
  for (let i = 0; i < ck.length; i++) {
    const p = ret.protectionPlans.list[i]!;
    protectionPlans.set(ck[i]!, {
      childId: p.childId,
      referralDate: p.referralDate,
      start: p.start,
      end: p.end,
      initialCategory: p.initialCategory,
      latestCategory: p.latestCategory,
      previousPlans: p.previousPlans,
      sourceYear,
    });
  }
}

/** The merged tables as sorted lists (children without where they were read). */
function mergedLists(merged: MergedSoFar): CinMerged {
  return {
    children: [...merged.children.values()]
      .map((c) => ({
        childId: c.childId,
        sex: c.sex,
        dob: c.dob,
        expectedDob: c.expectedDob,
        ethnicity: c.ethnicity,
        sourceYear: c.sourceYear,
      }))
      .sort(byChild),
    episodes: [...merged.episodes.values()].sort(byEpisode),
    assessments: [...merged.assessments.values()].sort(byChildThenDates),
    cinPlans: [...merged.cinPlans.values()].sort(byChildThenDates),
    section47s: [...merged.section47s.values()].sort(byChildThenDates),
    protectionPlans: [...merged.protectionPlans.values()].sort(byChildThenDates),
  };
}
