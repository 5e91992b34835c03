/**
 * One year's CIN return (records.ts's CinReturn) as columns, to hand it from one thread to another:
 * a structured clone copies every object with its property names, and a return holds hundreds of
 * thousands of small records (each with its place in the file); as columns it is a few dozen
 * typed arrays and one list of the return's distinct texts (a date, code or child id once, however
 * many records hold it), and each record is built again on arrival with its fields in the same
 * order and the same values (records sharing a text share one string, which the merge's maps hash
 * once). Pure: no I/O.
 */
import type { Sex } from '../model.ts';
import type { At, CinReturn, Located } from './records.ts';

/** Where each record was read: an index into `places` ([file, path or null]) and its row. */
interface PackedPlaces {
  readonly place: Int32Array;
  readonly row: Int32Array;
}

export interface PackedCinReturn {
  readonly collectionYear: number;
  /** Each distinct text of the return once; a text column holds indexes into it (-1 for null). */
  readonly strings: readonly string[];
  /** Each distinct [file, element path] of the return's records (path null for a CSV table). */
  readonly places: readonly (readonly [string, string | null])[];
  readonly children: PackedPlaces & {
    readonly childId: Int32Array;
    readonly sex: Int32Array;
    readonly dob: Int32Array;
    readonly expectedDob: Int32Array;
    readonly ethnicity: Int32Array;
  };
  readonly episodes: PackedPlaces & {
    readonly childId: Int32Array;
    readonly referralDate: Int32Array;
    readonly referralSource: Int32Array;
    readonly primaryNeed: Int32Array;
    readonly closureDate: Int32Array;
    readonly closureReason: Int32Array;
    readonly referralNfa: Uint8Array;
    readonly initialCpcDate: Int32Array;
  };
  readonly assessments: PackedPlaces & {
    readonly childId: Int32Array;
    readonly referralDate: Int32Array;
    readonly start: Int32Array;
    readonly authorised: Int32Array;
    /** Every assessment's factors end to end; assessment i's are factors[factorEnd[i-1] .. factorEnd[i]). */
    readonly factors: Int32Array;
    readonly factorEnd: Int32Array;
  };
  readonly cinPlans: PackedPlaces & {
    readonly childId: Int32Array;
    readonly referralDate: Int32Array;
    readonly start: Int32Array;
    readonly end: Int32Array;
  };
  readonly section47s: PackedPlaces & {
    readonly childId: Int32Array;
    readonly referralDate: Int32Array;
    readonly start: Int32Array;
    readonly icpcTarget: Int32Array;
    readonly icpcDate: Int32Array;
    readonly icpcNotRequired: Uint8Array;
  };
  readonly protectionPlans: PackedPlaces & {
    readonly childId: Int32Array;
    readonly referralDate: Int32Array;
    readonly start: Int32Array;
    readonly end: Int32Array;
    readonly initialCategory: Int32Array;
    readonly latestCategory: Int32Array;
    readonly previousPlans: Float64Array;
  };
}

/** Numbers the distinct places of a return's records. */
class PlaceIndex {
  readonly places: [string, string | null][] = [];
  readonly #byKey = new Map<string, number>();
  #lastAt: Located | null = null;
  #last = -1;

  of(at: Located): number {
    if (this.#lastAt !== null && at.file === this.#lastAt.file && at.path === this.#lastAt.path) return this.#last;
    const path = at.path ?? null;
    const key = `${path === null ? '0' : `1${path}`}\u0000${at.file}`;
    let i = this.#byKey.get(key);
    if (i === undefined) {
      i = this.places.length;
      this.places.push([at.file, path]);
      this.#byKey.set(key, i);
    }
    this.#lastAt = at;
    this.#last = i;
    return i;
  }
}

function placesOf(list: readonly { readonly at: Located }[], index: PlaceIndex): PackedPlaces {
  const place = new Int32Array(list.length);
  const row = new Int32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const at = list[i]!.at;
    place[i] = index.of(at);
    row[i] = at.row;
  }
  return { place, row };
}

/** The return as columns (see PackedCinReturn). */
export function packCinReturn(ret: CinReturn): PackedCinReturn {
  const index = new PlaceIndex();
  const c = ret.children;
  const e = ret.episodes;
  const a = ret.assessments;
  const p = ret.cinPlans;
  const s = ret.section47s;
  const x = ret.protectionPlans;
  const strings: string[] = [];
  const numbers = new Map<string, number>();
  const text = (t: string | null): number => {
    if (t === null) return -1;
    let n = numbers.get(t);
    if (n === undefined) {
      n = strings.length;
      strings.push(t);
      numbers.set(t, n);
    }
    return n;
  };
  const texts = <T>(list: readonly T[], of: (r: T) => string | null): Int32Array => {
    const out = new Int32Array(list.length);
    for (let i = 0; i < list.length; i++) out[i] = text(of(list[i]!));
    return out;
  };
  const factorList: number[] = [];
  const factorEnd = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    for (const f of a[i]!.factors) factorList.push(text(f));
    factorEnd[i] = factorList.length;
  }
  const factors = Int32Array.from(factorList);
  return {
    collectionYear: ret.collectionYear,
    children: {
      ...placesOf(c, index),
      childId: texts(c, (r) => r.childId),
      sex: texts(c, (r) => r.sex),
      dob: texts(c, (r) => r.dob),
      expectedDob: texts(c, (r) => r.expectedDob),
      ethnicity: texts(c, (r) => r.ethnicity),
    },
    episodes: {
      ...placesOf(e, index),
      childId: texts(e, (r) => r.childId),
      referralDate: texts(e, (r) => r.referralDate),
      referralSource: texts(e, (r) => r.referralSource),
      primaryNeed: texts(e, (r) => r.primaryNeed),
      closureDate: texts(e, (r) => r.closureDate),
      closureReason: texts(e, (r) => r.closureReason),
      referralNfa: Uint8Array.from(e, (r) => (r.referralNfa ? 1 : 0)),
      initialCpcDate: texts(e, (r) => r.initialCpcDate),
    },
    assessments: {
      ...placesOf(a, index),
      childId: texts(a, (r) => r.childId),
      referralDate: texts(a, (r) => r.referralDate),
      start: texts(a, (r) => r.start),
      authorised: texts(a, (r) => r.authorised),
      factors,
      factorEnd,
    },
    cinPlans: {
      ...placesOf(p, index),
      childId: texts(p, (r) => r.childId),
      referralDate: texts(p, (r) => r.referralDate),
      start: texts(p, (r) => r.start),
      end: texts(p, (r) => r.end),
    },
    section47s: {
      ...placesOf(s, index),
      childId: texts(s, (r) => r.childId),
      referralDate: texts(s, (r) => r.referralDate),
      start: texts(s, (r) => r.start),
      icpcTarget: texts(s, (r) => r.icpcTarget),
      icpcDate: texts(s, (r) => r.icpcDate),
      icpcNotRequired: Uint8Array.from(s, (r) => (r.icpcNotRequired ? 1 : 0)),
    },
    protectionPlans: {
      ...placesOf(x, index),
      childId: texts(x, (r) => r.childId),
      referralDate: texts(x, (r) => r.referralDate),
      start: texts(x, (r) => r.start),
      end: texts(x, (r) => r.end),
      initialCategory: texts(x, (r) => r.initialCategory),
      latestCategory: texts(x, (r) => r.latestCategory),
      previousPlans: Float64Array.from(x, (r) => r.previousPlans),
    },
    places: index.places, // filled by the placesOf calls above
    strings, // filled by the texts calls above
  };
}

/** The places of the packed return as the reader makes them ({ file, row } or { file, row, path }). */
function locator(places: PackedCinReturn['places']): (place: number, row: number) => Located {
  return (place, row) => {
    const [file, path] = places[place]!;
    return path === null ? { file, row } : { file, row, path };
  };
}

/** The return again from its columns: the same records, fields in the same order, the same places. */
export function unpackCinReturn(p: PackedCinReturn): CinReturn {
  const at = locator(p.places);
  const strings = p.strings;
  const req = (n: number): string => strings[n]!;
  const opt = (n: number): string | null => (n < 0 ? null : strings[n]!);
  const children: At<CinReturn['children'][number]>[] = [];
  const c = p.children;
  for (let i = 0; i < c.row.length; i++)
    children.push({
      childId: req(c.childId[i]!),
      sex: req(c.sex[i]!) as Sex,
      dob: opt(c.dob[i]!),
      expectedDob: opt(c.expectedDob[i]!),
      ethnicity: req(c.ethnicity[i]!),
      at: at(c.place[i]!, c.row[i]!),
    });
  const episodes: CinReturn['episodes'] = [];
  const e = p.episodes;
  for (let i = 0; i < e.row.length; i++)
    episodes.push({
      childId: req(e.childId[i]!),
      referralDate: req(e.referralDate[i]!),
      referralSource: req(e.referralSource[i]!),
      primaryNeed: opt(e.primaryNeed[i]!),
      closureDate: opt(e.closureDate[i]!),
      closureReason: opt(e.closureReason[i]!),
      referralNfa: e.referralNfa[i] === 1,
      initialCpcDate: opt(e.initialCpcDate[i]!),
      at: at(e.place[i]!, e.row[i]!),
    });
  const assessments: CinReturn['assessments'] = [];
  const a = p.assessments;
  for (let i = 0, from = 0; i < a.row.length; i++) {
    const to = a.factorEnd[i]!;
    assessments.push({
      childId: req(a.childId[i]!),
      referralDate: req(a.referralDate[i]!),
      start: req(a.start[i]!),
      authorised: opt(a.authorised[i]!),
      factors: Array.from(a.factors.subarray(from, to), req),
      at: at(a.place[i]!, a.row[i]!),
    });
    from = to;
  }
  const cinPlans: CinReturn['cinPlans'] = [];
  const q = p.cinPlans;
  for (let i = 0; i < q.row.length; i++)
    cinPlans.push({
      childId: req(q.childId[i]!),
      referralDate: req(q.referralDate[i]!),
      start: req(q.start[i]!),
      end: opt(q.end[i]!),
      at: at(q.place[i]!, q.row[i]!),
    });
  const section47s: CinReturn['section47s'] = [];
  const s = p.section47s;
  for (let i = 0; i < s.row.length; i++)
    section47s.push({
      childId: req(s.childId[i]!),
      referralDate: req(s.referralDate[i]!),
      start: req(s.start[i]!),
      icpcTarget: opt(s.icpcTarget[i]!),
      icpcDate: opt(s.icpcDate[i]!),
      icpcNotRequired: s.icpcNotRequired[i] === 1,
      at: at(s.place[i]!, s.row[i]!),
    });
  const protectionPlans: CinReturn['protectionPlans'] = [];
  const x = p.protectionPlans;
  for (let i = 0; i < x.row.length; i++)
    protectionPlans.push({
      childId: req(x.childId[i]!),
      referralDate: req(x.referralDate[i]!),
      start: req(x.start[i]!),
      end: opt(x.end[i]!),
      initialCategory: req(x.initialCategory[i]!),
      latestCategory: req(x.latestCategory[i]!),
      previousPlans: x.previousPlans[i]!,
      at: at(x.place[i]!, x.row[i]!),
    });
  return { collectionYear: p.collectionYear, children, episodes, assessments, cinPlans, section47s, protectionPlans };
}
