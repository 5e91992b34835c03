/**
 * One year's CIN return (records.ts's CinReturn) as columns, to hand it from one thread to another:
 * a structured clone copies every object with its property names, and a return holds hundreds of
 * thousands of small records (each with its place in the file); as columns it is a few dozen
 * arrays of strings and numbers, and each record is built again on arrival with its fields in the
 * same order and the same values. Pure: no I/O.
 */
import type { IsoDate } from '../dates.ts';
import type { Sex } from '../model.ts';
import type { At, CinReturn, Located } from './records.ts';

type Text = string | null;

/** Where each record was read: an index into `places` ([file, path or null]) and its row. */
interface PackedPlaces {
  readonly place: Int32Array;
  readonly row: Int32Array;
}

export interface PackedCinReturn {
  readonly collectionYear: number;
  /** Each distinct [file, element path] of the return's records (path null for a CSV table). */
  readonly places: readonly (readonly [string, string | null])[];
  readonly children: PackedPlaces & {
    readonly childId: string[];
    readonly sex: string[];
    readonly dob: Text[];
    readonly expectedDob: Text[];
    readonly ethnicity: string[];
  };
  readonly episodes: PackedPlaces & {
    readonly childId: string[];
    readonly referralDate: string[];
    readonly referralSource: string[];
    readonly primaryNeed: Text[];
    readonly closureDate: Text[];
    readonly closureReason: Text[];
    readonly referralNfa: Uint8Array;
    readonly initialCpcDate: Text[];
  };
  readonly assessments: PackedPlaces & {
    readonly childId: string[];
    readonly referralDate: string[];
    readonly start: string[];
    readonly authorised: Text[];
    /** Every assessment's factors end to end; assessment i's are factors[factorEnd[i-1] .. factorEnd[i]). */
    readonly factors: string[];
    readonly factorEnd: Int32Array;
  };
  readonly cinPlans: PackedPlaces & {
    readonly childId: string[];
    readonly referralDate: string[];
    readonly start: string[];
    readonly end: Text[];
  };
  readonly section47s: PackedPlaces & {
    readonly childId: string[];
    readonly referralDate: string[];
    readonly start: string[];
    readonly icpcTarget: Text[];
    readonly icpcDate: Text[];
    readonly icpcNotRequired: Uint8Array;
  };
  readonly protectionPlans: PackedPlaces & {
    readonly childId: string[];
    readonly referralDate: string[];
    readonly start: string[];
    readonly end: Text[];
    readonly initialCategory: string[];
    readonly latestCategory: string[];
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
  const factors: string[] = [];
  const factorEnd = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    for (const f of a[i]!.factors) factors.push(f);
    factorEnd[i] = factors.length;
  }
  return {
    collectionYear: ret.collectionYear,
    children: {
      ...placesOf(c, index),
      childId: c.map((r) => r.childId),
      sex: c.map((r) => r.sex),
      dob: c.map((r) => r.dob),
      expectedDob: c.map((r) => r.expectedDob),
      ethnicity: c.map((r) => r.ethnicity),
    },
    episodes: {
      ...placesOf(e, index),
      childId: e.map((r) => r.childId),
      referralDate: e.map((r) => r.referralDate),
      referralSource: e.map((r) => r.referralSource),
      primaryNeed: e.map((r) => r.primaryNeed),
      closureDate: e.map((r) => r.closureDate),
      closureReason: e.map((r) => r.closureReason),
      referralNfa: Uint8Array.from(e, (r) => (r.referralNfa ? 1 : 0)),
      initialCpcDate: e.map((r) => r.initialCpcDate),
    },
    assessments: {
      ...placesOf(a, index),
      childId: a.map((r) => r.childId),
      referralDate: a.map((r) => r.referralDate),
      start: a.map((r) => r.start),
      authorised: a.map((r) => r.authorised),
      factors,
      factorEnd,
    },
    cinPlans: {
      ...placesOf(p, index),
      childId: p.map((r) => r.childId),
      referralDate: p.map((r) => r.referralDate),
      start: p.map((r) => r.start),
      end: p.map((r) => r.end),
    },
    section47s: {
      ...placesOf(s, index),
      childId: s.map((r) => r.childId),
      referralDate: s.map((r) => r.referralDate),
      start: s.map((r) => r.start),
      icpcTarget: s.map((r) => r.icpcTarget),
      icpcDate: s.map((r) => r.icpcDate),
      icpcNotRequired: Uint8Array.from(s, (r) => (r.icpcNotRequired ? 1 : 0)),
    },
    protectionPlans: {
      ...placesOf(x, index),
      childId: x.map((r) => r.childId),
      referralDate: x.map((r) => r.referralDate),
      start: x.map((r) => r.start),
      end: x.map((r) => r.end),
      initialCategory: x.map((r) => r.initialCategory),
      latestCategory: x.map((r) => r.latestCategory),
      previousPlans: Float64Array.from(x, (r) => r.previousPlans),
    },
    places: index.places, // filled by the placesOf calls above
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
  const children: At<CinReturn['children'][number]>[] = [];
  const c = p.children;
  for (let i = 0; i < c.childId.length; i++)
    children.push({
      childId: c.childId[i]!,
      sex: c.sex[i] as Sex,
      dob: c.dob[i] as IsoDate | null,
      expectedDob: c.expectedDob[i] as IsoDate | null,
      ethnicity: c.ethnicity[i]!,
      at: at(c.place[i]!, c.row[i]!),
    });
  const episodes: CinReturn['episodes'] = [];
  const e = p.episodes;
  for (let i = 0; i < e.childId.length; i++)
    episodes.push({
      childId: e.childId[i]!,
      referralDate: e.referralDate[i]!,
      referralSource: e.referralSource[i]!,
      primaryNeed: e.primaryNeed[i]!,
      closureDate: e.closureDate[i]!,
      closureReason: e.closureReason[i]!,
      referralNfa: e.referralNfa[i] === 1,
      initialCpcDate: e.initialCpcDate[i]!,
      at: at(e.place[i]!, e.row[i]!),
    });
  const assessments: CinReturn['assessments'] = [];
  const a = p.assessments;
  for (let i = 0, from = 0; i < a.childId.length; i++) {
    const to = a.factorEnd[i]!;
    assessments.push({
      childId: a.childId[i]!,
      referralDate: a.referralDate[i]!,
      start: a.start[i]!,
      authorised: a.authorised[i]!,
      factors: a.factors.slice(from, to),
      at: at(a.place[i]!, a.row[i]!),
    });
    from = to;
  }
  const cinPlans: CinReturn['cinPlans'] = [];
  const q = p.cinPlans;
  for (let i = 0; i < q.childId.length; i++)
    cinPlans.push({
      childId: q.childId[i]!,
      referralDate: q.referralDate[i]!,
      start: q.start[i]!,
      end: q.end[i]!,
      at: at(q.place[i]!, q.row[i]!),
    });
  const section47s: CinReturn['section47s'] = [];
  const s = p.section47s;
  for (let i = 0; i < s.childId.length; i++)
    section47s.push({
      childId: s.childId[i]!,
      referralDate: s.referralDate[i]!,
      start: s.start[i]!,
      icpcTarget: s.icpcTarget[i]!,
      icpcDate: s.icpcDate[i]!,
      icpcNotRequired: s.icpcNotRequired[i] === 1,
      at: at(s.place[i]!, s.row[i]!),
    });
  const protectionPlans: CinReturn['protectionPlans'] = [];
  const x = p.protectionPlans;
  for (let i = 0; i < x.childId.length; i++)
    protectionPlans.push({
      childId: x.childId[i]!,
      referralDate: x.referralDate[i]!,
      start: x.start[i]!,
      end: x.end[i]!,
      initialCategory: x.initialCategory[i]!,
      latestCategory: x.latestCategory[i]!,
      previousPlans: x.previousPlans[i]!,
      at: at(x.place[i]!, x.row[i]!),
    });
  return { collectionYear: p.collectionYear, children, episodes, assessments, cinPlans, section47s, protectionPlans };
}
