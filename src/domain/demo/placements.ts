/**
 * Placements in the synthetic council: the kinds a child can be placed in, and how a kind becomes
 * a PLACE / PLACE_PROVIDER / URN / postcode on a given day. Codes are taken only when the code
 * lists (../ssda903/codeLists.ts) allow them in that day's collection year; a code that is retired
 * (H5, P2, Z1 after 2024/25) carries the day it must be replaced by, so no return ever holds a code
 * outside its years.
 */
import { CODE_LISTS } from '../ssda903/codeLists.ts';
import { collectionYearEnd, collectionYearOfDay, collectionYearStart } from './calendar.ts';
import type { Rng } from './random.ts';

export type PlacementKind =
  | 'kinship'
  | 'inhouse'
  | 'ifa'
  | 'res_inhouse'
  | 'res_external'
  | 'supported'
  | 'independent'
  | 'secure'
  | 'parents'
  | 'adoption'
  | 'mbu'
  | 'health'
  | 'custody'
  | 'other';

/** Fostering term: short-term/other (U3/U6), long-term (U1/U4), fostering for adoption (U2/U5). */
export type FosterTerm = 'short' | 'long' | 'ffa';

export interface Placement {
  readonly kind: PlacementKind;
  readonly place: string;
  readonly provider: string;
  readonly urn: string;
  readonly postcode: string;
  /** Identifies the carer: a change of placement with the same carer keeps it (RNE T/U). */
  readonly carer: number;
  /** The day this placement's code must be replaced (its code is retired), or null. */
  readonly retireDay: number | null;
}

export const NO_URN = 'XXXXXXX';

/** Years each current PLACE code is valid in (from the code lists, read once). */
const PLACE_YEARS: ReadonlyMap<string, { readonly from: number; readonly to: number }> = new Map(
  CODE_LISTS.PLACE.filter((c) => c.historic !== true).map((c) => [
    c.code,
    { from: c.from ?? -Infinity, to: c.to ?? Infinity },
  ]),
);

/** Fake, obviously synthetic places the council uses: postcodes in the non-existent ZZ area. */
interface Setting {
  readonly urn: string;
  readonly postcode: string;
}

/** Districts ZZ1-ZZ12 are the council's own area; higher districts are out of area. */
const IN_AREA_DISTRICTS = 12;
const POSTCODE_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export class PlacementWorld {
  readonly #rng: Rng;
  readonly #inhouseHomes: Setting[];
  readonly #externalHomes: Setting[];
  readonly #agencies: Setting[];
  readonly #supportedProviders: Setting[];
  readonly #secureHomes: Setting[];
  readonly #familyCentres: Setting[];
  #nextCarer = 1;
  #nextUrn = 100_001;

  constructor(rng: Rng, childrenInCare: number) {
    this.#rng = rng;
    const n = (per: number, min: number) => Math.max(min, Math.round(childrenInCare / per));
    this.#inhouseHomes = this.#settings(n(400, 2), 0.9);
    this.#externalHomes = this.#settings(n(40, 8), 0.3);
    this.#agencies = this.#settings(n(250, 6), 0.5);
    this.#supportedProviders = this.#settings(n(120, 4), 0.5);
    this.#secureHomes = this.#settings(n(1000, 3), 0.1);
    this.#familyCentres = this.#settings(n(1000, 2), 0.5);
  }

  #settings(count: number, inAreaShare: number): Setting[] {
    const out: Setting[] = [];
    for (let i = 0; i < count; i += 1) {
      out.push({
        urn: `SC${String(this.#nextUrn).padStart(6, '0')}`,
        postcode: this.postcode(this.#rng.chance(inAreaShare)),
      });
      this.#nextUrn += 1;
    }
    return out;
  }

  /** A synthetic postcode, e.g. `ZZ7 3QT`: ZZ is not a UK postcode area. */
  postcode(inArea: boolean): string {
    const r = this.#rng;
    const district = inArea ? r.int(1, IN_AREA_DISTRICTS) : r.int(IN_AREA_DISTRICTS + 1, 99);
    return `ZZ${district} ${r.int(1, 9)}${r.pick(POSTCODE_LETTERS)}${r.pick(POSTCODE_LETTERS)}`;
  }

  newCarer(): number {
    const id = this.#nextCarer;
    this.#nextCarer += 1;
    return id;
  }

  /**
   * A new placement of `kind` starting on `day`, with a new carer, or null when no code for that
   * kind is valid on that day (the caller then chooses another kind). `homePost` is the child's
   * home postcode (a placement with parents is at home).
   */
  place(
    kind: PlacementKind,
    day: number,
    homePost: string,
    term: FosterTerm = 'short',
    adoptionCode = 'A6',
  ): Placement | null {
    const r = this.#rng;
    const carer = this.newCarer();
    const at = (code: string, provider: string, setting: Setting | null, postcode?: string): Placement | null =>
      this.#withCode(
        kind,
        code,
        day,
        provider,
        setting?.urn ?? NO_URN,
        postcode ?? setting?.postcode ?? this.postcode(r.chance(0.7)),
        carer,
      );
    switch (kind) {
      case 'kinship':
        return at(fosterCode('kinship', term), r.chance(0.9) ? 'PR1' : 'PR2', null, this.postcode(r.chance(0.75)));
      case 'inhouse':
        return at(
          fosterCode('inhouse', term),
          r.chance(0.93) ? 'PR1' : r.pick(['PR2', 'PR3']),
          null,
          this.postcode(r.chance(0.8)),
        );
      case 'ifa': {
        const agency = r.pick(this.#agencies);
        return at(fosterCode('ifa', term), r.chance(0.75) ? 'PR4' : 'PR5', {
          urn: agency.urn,
          postcode: this.postcode(r.chance(0.45)),
        });
      }
      case 'res_inhouse':
        return at('K2', 'PR1', r.pick(this.#inhouseHomes));
      case 'res_external': {
        const home = r.pick(this.#externalHomes);
        const u = r.uniform();
        const code = u < 0.84 ? 'K2' : u < 0.94 ? 'S1' : 'R1';
        const v = r.uniform();
        return at(code, v < 0.85 ? 'PR4' : v < 0.95 ? 'PR5' : 'PR2', home);
      }
      case 'supported': {
        const provider = r.pick(this.#supportedProviders);
        const v = r.uniform();
        const prov = v < 0.7 ? 'PR4' : v < 0.9 ? 'PR1' : 'PR5';
        const registered = this.#valid('K3', day);
        if (registered) return at('K3', prov, { urn: provider.urn, postcode: this.postcode(r.chance(0.6)) });
        return at('H5', prov, { urn: NO_URN, postcode: this.postcode(r.chance(0.6)) });
      }
      case 'independent':
        return at('P2', r.chance(0.6) ? 'PR1' : 'PR4', null, this.postcode(r.chance(0.7)));
      case 'secure':
        return at('K1', r.chance(0.8) ? 'PR2' : 'PR1', r.pick(this.#secureHomes));
      case 'parents':
        return at('P1', 'PR0', null, homePost);
      case 'adoption':
        return at(adoptionCode, r.chance(0.7) ? 'PR1' : 'PR5', null, this.postcode(r.chance(0.4)));
      case 'mbu':
        return at('R3', 'PR4', r.pick(this.#familyCentres));
      case 'health':
        return at('R2', 'PR3', null, this.postcode(r.chance(0.8)));
      case 'custody':
        return at('R5', 'PR3', null, this.postcode(false));
      case 'other': {
        const modern = r.pick(['Z11', 'Z12', 'Z13', 'Z14']);
        return this.#valid(modern, day) ? at(modern, '', null) : at('Z1', '', null);
      }
    }
  }

  /**
   * The same carer's placement under a new code from `day` (RNE T: short-term fostering becoming
   * long-term, foster carers adopting, a retired code replaced). Null when the code is not valid.
   */
  recode(from: Placement, kind: PlacementKind, code: string, day: number, provider = from.provider): Placement | null {
    let urn = from.urn;
    if (code === 'K3' && urn === NO_URN) urn = this.#rng.pick(this.#supportedProviders).urn;
    if (kind === 'adoption' || kind === 'kinship' || kind === 'inhouse') urn = NO_URN;
    return this.#withCode(kind, code, day, provider, urn, from.postcode, from.carer);
  }

  /** Whether `code` may start on `day`: valid that collection year, and replaceable in time if retiring. */
  #valid(code: string, day: number): boolean {
    const year = collectionYearOfDay(day);
    const entry = PLACE_YEARS.get(code);
    if (entry === undefined || year < entry.from || year > entry.to) return false;
    return !(entry.to === year && day >= collectionYearEnd(year));
  }

  #withCode(
    kind: PlacementKind,
    code: string,
    day: number,
    provider: string,
    urn: string,
    postcode: string,
    carer: number,
  ): Placement | null {
    if (!this.#valid(code, day)) return null;
    const to = PLACE_YEARS.get(code)?.to ?? Infinity;
    let retireDay: number | null = null;
    if (to !== Infinity) {
      // Replaced on a day within its last valid collection year, never after 31 March of it.
      retireDay = this.#rng.int(Math.max(day + 1, collectionYearStart(to)), collectionYearEnd(to));
    }
    return { kind, place: code, provider, urn, postcode, carer, retireDay };
  }

  /** The code a retiring code is replaced by, with the same carer, or null for none. */
  replacementFor(place: string): { kind: PlacementKind; code: string } | null {
    switch (place) {
      case 'H5':
      case 'P2':
        return { kind: 'supported', code: 'K3' };
      default:
        return null;
    }
  }
}

function fosterCode(kind: 'kinship' | 'inhouse' | 'ifa', term: FosterTerm): string {
  if (kind === 'kinship') return term === 'long' ? 'U1' : term === 'ffa' ? 'U2' : 'U3';
  return term === 'long' ? 'U4' : term === 'ffa' ? 'U5' : 'U6';
}

export function isFostering(kind: PlacementKind): kind is 'kinship' | 'inhouse' | 'ifa' {
  return kind === 'kinship' || kind === 'inhouse' || kind === 'ifa';
}

/** Placed with parents needs an order: not under section 20 (V2), remand or short-term powers. */
export function kindAllowedWithLegalStatus(kind: PlacementKind, ls: string): boolean {
  if (kind === 'parents') return ls === 'C1' || ls === 'C2';
  return true;
}
