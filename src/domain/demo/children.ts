/**
 * One child's life in care, simulated by exact event days (whole days). A child enters on a given
 * day at a realistic age; a care pathway (return home, adoption, special guardianship, child
 * arrangements order, staying to 18, independence, other) is chosen from the age at entry and sets
 * the exit; legal status changes (C1 to C2, to E1 before adoption), planned moves (placed for
 * adoption, a move to kinship carers before an SGO, to parents before returning home, to supported
 * accommodation at 16) and random placement moves (hazard by kind of placement and age) happen on
 * the way. Each change closes the current episode with REC X1 and opens the next with the RNE that
 * says what changed. Some children come back into care after returning home (RNE S, same CHILD).
 *
 * Rates are illustrative, set to look like an English council (DfE children looked after
 * statistics: age at entry, routes out of care, placement mix), not fitted to any one council.
 */
import { ageInYears, birthday, birthdays as birthdaysOf } from './calendar.ts';
import {
  isFostering,
  kindAllowedWithLegalStatus,
  type FosterTerm,
  type Placement,
  type PlacementKind,
  type PlacementWorld,
} from './placements.ts';
import { weights, type Rng, type Weighted } from './random.ts';

export interface SimEpisode {
  readonly start: number;
  /** Day the episode ceased; null when it is still open at the end of the simulation. */
  end: number | null;
  readonly rne: string;
  readonly ls: string;
  readonly cin: string;
  readonly place: string;
  readonly provider: string;
  rec: string | null;
  reasonPlaceChange: string | null;
  readonly homePost: string;
  readonly plPost: string;
  readonly urn: string;
}

export interface SimChild {
  readonly id: string;
  readonly sex: 'M' | 'F';
  readonly dob: number;
  readonly ethnic: string;
  readonly uasc: boolean;
  readonly upn: string;
  /** Date of birth of the child's own first child, for young mothers; null otherwise. */
  readonly motherChildDob: number | null;
  readonly episodes: SimEpisode[];
  /** Day of each birthday from 0 (the date of birth) to 18. */
  readonly birthdays: readonly number[];
}

/** Completed years of age on `day` (at most 18), from the child's birthdays. */
export function ageOf(child: SimChild, day: number): number {
  const b = child.birthdays;
  let a = Math.min(18, Math.max(0, Math.floor((day - child.dob) / 365.2425)));
  while (a < 18 && (b[a + 1] ?? Number.POSITIVE_INFINITY) <= day) a += 1;
  while (a > 0 && (b[a] ?? 0) > day) a -= 1;
  return a;
}

type Route = 'home' | 'adoption' | 'sgo' | 'cao' | 'to18' | 'other' | 'remand' | 'uasc';

type AgeBand = 'under1' | '1to4' | '5to9' | '10to15' | '16to17';

/** Share of entries by age at entry, children other than UASC (DfE starters, rounded). */
const ENTRY_AGE = weights<AgeBand>([
  ['under1', 20],
  ['1to4', 15],
  ['5to9', 16],
  ['10to15', 35],
  ['16to17', 14],
]);
const AGE_RANGE: Record<AgeBand, readonly [number, number]> = {
  under1: [0, 1],
  '1to4': [1, 5],
  '5to9': [5, 10],
  '10to15': [10, 16],
  '16to17': [16, 18],
};

/** Care pathway by age at entry. */
const ROUTES: Record<AgeBand, Weighted<Route>> = {
  under1: weights<Route>([
    ['home', 19],
    ['adoption', 36],
    ['sgo', 20],
    ['cao', 4],
    ['to18', 16],
    ['other', 5],
  ]),
  '1to4': weights<Route>([
    ['home', 28],
    ['adoption', 21],
    ['sgo', 19],
    ['cao', 5],
    ['to18', 20],
    ['other', 7],
  ]),
  '5to9': weights<Route>([
    ['home', 36],
    ['adoption', 1.5],
    ['sgo', 13],
    ['cao', 4],
    ['to18', 36],
    ['other', 9.5],
  ]),
  '10to15': weights<Route>([
    ['home', 44],
    ['sgo', 4],
    ['cao', 2],
    ['to18', 38],
    ['other', 8],
    ['remand', 4],
  ]),
  '16to17': weights<Route>([
    ['home', 28],
    ['to18', 55],
    ['other', 12],
    ['remand', 5],
  ]),
};

/** First placement by age (kinds); also the targets of moves. */
const PLACEMENT_BY_AGE: Record<AgeBand, Weighted<PlacementKind>> = {
  under1: weights<PlacementKind>([
    ['inhouse', 40],
    ['ifa', 20],
    ['kinship', 15],
    ['mbu', 8],
    ['health', 4],
    ['parents', 4],
  ]),
  '1to4': weights<PlacementKind>([
    ['inhouse', 42],
    ['ifa', 28],
    ['kinship', 20],
    ['parents', 5],
    ['res_external', 1],
    ['other', 2],
  ]),
  '5to9': weights<PlacementKind>([
    ['inhouse', 37],
    ['ifa', 31],
    ['kinship', 18],
    ['parents', 4],
    ['res_external', 5],
    ['res_inhouse', 1],
    ['other', 2],
  ]),
  '10to15': weights<PlacementKind>([
    ['inhouse', 25],
    ['ifa', 29],
    ['kinship', 10],
    ['parents', 3],
    ['res_external', 24],
    ['res_inhouse', 5],
    ['secure', 1.5],
    ['other', 3.5],
  ]),
  '16to17': weights<PlacementKind>([
    ['inhouse', 12],
    ['ifa', 16],
    ['kinship', 7],
    ['parents', 2],
    ['res_external', 15],
    ['res_inhouse', 3],
    ['supported', 38],
    ['independent', 7],
    ['other', 3],
  ]),
};
const UASC_PLACEMENT_16 = weights<PlacementKind>([
  ['supported', 62],
  ['ifa', 20],
  ['inhouse', 6],
  ['independent', 7],
  ['res_external', 5],
]);
const UASC_PLACEMENT_YOUNG = weights<PlacementKind>([
  ['ifa', 60],
  ['inhouse', 25],
  ['res_external', 15],
]);
const REMAND_PLACEMENT = weights<PlacementKind>([
  ['res_external', 45],
  ['ifa', 25],
  ['inhouse', 10],
  ['custody', 20],
]);

/** Random placement moves a year, by kind of placement (before the age factor). */
const MOVE_RATE: Record<PlacementKind, number> = {
  kinship: 0.16,
  inhouse: 0.45,
  ifa: 0.5,
  res_inhouse: 0.75,
  res_external: 0.8,
  supported: 0.6,
  independent: 0.5,
  secure: 4,
  parents: 0.15,
  adoption: 0,
  mbu: 3.5,
  health: 10,
  custody: 3,
  other: 1.5,
};

const MOVE_REASON = weights<string>([
  ['CARPL', 35],
  ['CREQB', 12],
  ['CREQO', 12],
  ['CHILD', 8],
  ['LAREQ', 10],
  ['ALLEG', 3],
  ['STAND', 4],
  ['CLOSE', 4],
  ['APPRR', 2],
  ['OTHER', 10],
]);

const CIN = weights<string>([
  ['N1', 64],
  ['N2', 3],
  ['N3', 3],
  ['N4', 8],
  ['N5', 14],
  ['N6', 2],
  ['N7', 0.5],
  ['N8', 5.5],
]);

const ETHNIC = weights<string>([
  ['WBRI', 70],
  ['WIRI', 0.3],
  ['WIRT', 0.3],
  ['WOTH', 4],
  ['WROM', 0.6],
  ['MWBC', 4],
  ['MWBA', 1],
  ['MWAS', 1],
  ['MOTH', 3],
  ['AIND', 0.8],
  ['APKN', 1],
  ['ABAN', 0.5],
  ['AOTH', 1.5],
  ['BCRB', 1.2],
  ['BAFR', 2.5],
  ['BOTH', 1],
  ['CHNE', 0.2],
  ['OOTH', 2],
  ['REFU', 0.3],
  ['NOBT', 0.8],
]);
const UASC_ETHNIC = weights<string>([
  ['AOTH', 35],
  ['BAFR', 30],
  ['OOTH', 20],
  ['BOTH', 5],
  ['WOTH', 5],
  ['NOBT', 5],
]);

/** What kind of child arrives: most come into care; some are UASC; a few have short breaks only. */
export const ARRIVAL_KIND = weights<'care' | 'uasc' | 'short_breaks'>([
  ['care', 88.5],
  ['uasc', 10],
  ['short_breaks', 1.5],
]);

const DAY_PER_YEAR = 365.25;
const NEVER = Number.POSITIVE_INFINITY;

function b18Of(child: SimChild): number {
  return child.birthdays[18] ?? child.dob;
}

function b16Of(child: SimChild): number {
  return child.birthdays[16] ?? child.dob;
}

function bandOfAge(age: number): AgeBand {
  return age < 1 ? 'under1' : age < 5 ? '1to4' : age < 10 ? '5to9' : age < 16 ? '10to15' : '16to17';
}

function days(x: number): number {
  return Math.max(1, Math.round(x));
}

interface LsChange {
  readonly day: number;
  readonly ls: string;
}

interface PlannedMove {
  readonly day: number;
  /** 'recode' keeps the carer (RNE T); 'move' is a new carer (RNE P). */
  readonly type: 'adopt' | 'kinship' | 'parents' | 'long_term' | 'supported';
}

interface Period {
  readonly route: Route;
  readonly exitDay: number;
  /** Fixed REC, or null to choose it from the placement at exit. */
  readonly rec: string | null;
  readonly ls: LsChange[];
  readonly moves: PlannedMove[];
  readonly initialLs: string;
  readonly adoptionCode: string;
  readonly firstKind: PlacementKind | null;
}

/**
 * A period of care as it is planned: its legal statuses (the first, then changes), planned moves,
 * exit day and reason, and any first placement or adoption code its route decides.
 */
class PeriodPlan {
  readonly r: Rng;
  /** The day the period starts, the child's age then, and the days the child turns 16 and 18. */
  readonly t0: number;
  readonly age: number;
  readonly b16: number;
  readonly b18: number;
  readonly ls: LsChange[] = [];
  readonly moves: PlannedMove[] = [];
  exitDay = NEVER;
  rec: string | null = null;
  initialLs = 'V2';
  adoptionCode = 'A6';
  firstKind: PlacementKind | null = null;

  constructor(r: Rng, t0: number, age: number, b16: number, b18: number) {
    this.r = r;
    this.t0 = t0;
    this.age = age;
    this.b16 = b16;
    this.b18 = b18;
  }

  /**
   * Emergency powers first (police protection up to 72 hours, an EPO up to 8 days), then an
   * interim care order (with chance `toCare`) or section 20.
   */
  emergency(toCare: number): void {
    const { r, t0 } = this;
    const u = r.uniform();
    if (u < 0.1) {
      this.initialLs = 'L1';
      this.ls.push({ day: t0 + r.int(1, 3), ls: r.chance(toCare) ? 'C1' : 'V2' });
    } else if (u < 0.16) {
      this.initialLs = 'L2';
      this.ls.push({ day: t0 + r.int(3, 8), ls: r.chance(Math.max(toCare, 0.7)) ? 'C1' : 'V2' });
    } else {
      this.initialLs = r.chance(toCare) ? 'C1' : 'V2';
    }
  }

  lastLs(): LsChange {
    return this.ls[this.ls.length - 1] ?? { day: this.t0, ls: this.initialLs };
  }

  /** Care proceedings: an interim care order becomes a full care order after about 8 months. */
  careOrder(): void {
    const last = this.lastLs();
    if (last.ls === 'C1') this.ls.push({ day: last.day + days(this.r.logNormal(250, 0.35)), ls: 'C2' });
  }

  /** The period planned: no exit after the 18th birthday (the child leaves care then), changes in date order. */
  period(route: Route): Period {
    if (this.exitDay >= this.b18) {
      this.exitDay = this.b18;
      this.rec = null;
    }
    this.moves.sort((a, b) => a.day - b.day);
    this.ls.sort((a, b) => a.day - b.day);
    const { exitDay, rec, ls, moves, initialLs, adoptionCode, firstKind } = this;
    return { route, exitDay, rec, ls, moves, initialLs, adoptionCode, firstKind };
  }
}

/** Adoption: a relinquished baby placed with consent, or care proceedings to a placement order (E1). */
function planAdoption(p: PeriodPlan): void {
  const { r, t0 } = p;
  if (r.chance(0.15)) {
    // Relinquished baby: placed for adoption with consent under section 20.
    p.initialLs = 'V2';
    const placed = t0 + days(r.logNormal(100, 0.5));
    const withCarers = r.chance(0.3);
    p.adoptionCode = withCarers ? 'A3' : 'A4';
    p.firstKind = r.chance(0.5) ? 'inhouse' : 'ifa';
    p.moves.push({ day: placed, type: 'adopt' });
    p.exitDay = placed + Math.max(70, days(r.logNormal(210, 0.35)));
    p.rec = 'E11';
    return;
  }
  p.emergency(1);
  if (p.initialLs === 'V2') p.initialLs = 'C1';
  const c1 = p.lastLs();
  let e1: number;
  if (r.chance(0.55)) {
    e1 = c1.day + days(r.logNormal(300, 0.3));
  } else {
    const c2 = c1.day + days(r.logNormal(250, 0.35));
    p.ls.push({ day: c2, ls: 'C2' });
    e1 = c2 + days(r.logNormal(60, 0.6));
  }
  p.ls.push({ day: e1, ls: 'E1' });
  const placed = e1 + days(r.logNormal(130, 0.5));
  p.moves.push({ day: placed, type: 'adopt' });
  if (p.age < 1 && r.chance(0.25)) p.firstKind = r.chance(0.8) ? 'inhouse' : 'ifa';
  p.exitDay = placed + Math.max(70, days(r.logNormal(230, 0.35)));
  p.rec = r.chance(0.65) ? 'E12' : 'E11';
}

/** A special guardianship or child arrangements order, some after a move to kinship carers. */
function planSgoOrCao(p: PeriodPlan, route: Route): void {
  const { r, t0 } = p;
  p.emergency(0.75);
  if (p.lastLs().ls === 'V2' && r.chance(0.3))
    p.ls.push({ day: p.lastLs().day + days(r.logNormal(120, 0.6)), ls: 'C1' });
  p.exitDay = t0 + days(route === 'sgo' ? r.logNormal(520, 0.45) : r.logNormal(420, 0.5));
  if (r.chance(0.5)) p.careOrder();
  if (route === 'cao') p.rec = 'E41';
  if (route === 'sgo' && r.chance(0.4)) {
    const move = p.exitDay - days(r.logNormal(120, 0.5));
    if (move > t0 + 30) p.moves.push({ day: move, type: 'kinship' });
  }
}

/**
 * Home to parents (E4A as planned, E4B not) or to relatives or others without parental
 * responsibility (E13); a longer stay is often placed with parents first.
 */
function planReturnHome(p: PeriodPlan): void {
  const { r, t0 } = p;
  p.emergency(0.35);
  const duration = days(r.logNormal(110, 1.35));
  p.exitDay = t0 + duration;
  p.careOrder();
  const u = r.uniform();
  p.rec = u < 0.62 ? 'E4A' : u < 0.8 ? 'E4B' : 'E13';
  if (duration > 150 && r.chance(0.6)) {
    p.moves.push({ day: p.exitDay - days(r.logNormal(180, 0.5)), type: 'parents' });
  }
}

/** In care to 18 (some leaving for independent living at 16 or 17), with long-term and supported moves. */
function planToEighteen(p: PeriodPlan): void {
  const { r, t0, age, b16, b18 } = p;
  p.emergency(age < 10 ? 0.8 : 0.55);
  if (p.lastLs().ls === 'V2' && age < 16 && r.chance(0.5))
    p.ls.push({ day: p.lastLs().day + days(r.logNormal(120, 0.6)), ls: 'C1' });
  p.careOrder();
  p.exitDay = b18;
  // Some leave for independent living at 16 or 17.
  const from = Math.max(b16, t0 + 60);
  if (from < b18 - 1 && r.chance(age >= 10 ? 0.14 : 0.1)) {
    p.exitDay = r.int(from, b18 - 1);
    p.rec = r.chance(0.7) ? 'E5' : 'E6';
  }
  if (r.chance(0.75)) p.moves.push({ day: t0 + days(r.logNormal(400, 0.4)), type: 'long_term' });
  if (r.chance(0.08)) p.moves.push({ day: t0 + days(r.logNormal(500, 0.6)), type: 'parents' });
  if (b16 > t0 && r.chance(0.35)) p.moves.push({ day: b16 + days(r.logNormal(120, 0.7)), type: 'supported' });
}

/** Other exits: care taken over by another council (E3), moved abroad (E16), custody (E9), died (E2), any other reason (E8). */
function planOtherExit(p: PeriodPlan): void {
  const { r, t0, age } = p;
  p.emergency(0.3);
  p.exitDay = t0 + days(r.logNormal(200, 1.1));
  const u = r.uniform();
  p.rec = u < 0.35 ? 'E3' : u < 0.72 ? 'E8' : u < 0.8 ? 'E16' : u < 0.97 ? (age >= 12 ? 'E9' : 'E8') : 'E2';
}

/** Remand: a few days under the Police and Criminal Evidence Act (J2), or remanded (J1). */
function planRemand(p: PeriodPlan): void {
  const { r, t0 } = p;
  if (r.chance(0.1)) {
    p.initialLs = 'J2';
    p.exitDay = t0 + r.int(1, 3);
    p.rec = r.chance(0.5) ? 'E8' : 'E13';
  } else {
    p.initialLs = 'J1';
    p.exitDay = t0 + days(r.logNormal(45, 0.8));
    p.rec = r.chance(0.7) ? 'E14' : 'E9';
  }
  p.firstKind = r.weighted(REMAND_PLACEMENT);
}

/** Each route's plan of a period of care (an unaccompanied asylum-seeking child's is planned elsewhere). */
const ROUTE_PLANS: Readonly<Record<Route, (p: PeriodPlan, route: Route) => void>> = {
  adoption: planAdoption,
  sgo: planSgoOrCao,
  cao: planSgoOrCao,
  home: planReturnHome,
  to18: planToEighteen,
  other: planOtherExit,
  remand: planRemand,
  uasc: () => undefined,
};

/** Simulates children one at a time; keeps only the council's settings (placements) between children. */
export class ChildSimulator {
  readonly #rng: Rng;
  readonly #world: PlacementWorld;
  readonly #horizon: number;

  /**
   * @param horizon last simulated day: episodes still open then stay open (end null), and nothing
   *   after it is recorded. Pass Infinity to follow every child to the end of care.
   */
  constructor(rng: Rng, world: PlacementWorld, horizon: number) {
    this.#rng = rng;
    this.#world = world;
    this.#horizon = horizon;
  }

  /** A child arriving on `day`. */
  child(id: string, day: number): SimChild {
    const kind = this.#rng.weighted(ARRIVAL_KIND);
    if (kind === 'uasc') return this.#uascChild(id, day);
    if (kind === 'short_breaks') return this.#shortBreakChild(id, day);
    return this.#careChild(id, day);
  }

  #dobForAge(day: number, lo: number, hi: number): number {
    const r = this.#rng;
    for (;;) {
      const ageDays = Math.floor(r.uniform() * (hi - lo) * DAY_PER_YEAR + lo * DAY_PER_YEAR);
      const dob = day - ageDays;
      // At least two weeks before the 18th birthday: nobody starts care at 18.
      if (birthday(dob, 18) > day + 14 && dob <= day) return dob;
    }
  }

  #newChild(id: string, dob: number, sex: 'M' | 'F', ethnic: string, uasc: boolean, entryDay: number): SimChild {
    const r = this.#rng;
    let motherChildDob: number | null = null;
    const birthdays = birthdaysOf(dob, 18);
    const b15 = birthdays[15] ?? dob;
    const b18 = birthdays[18] ?? dob;
    if (sex === 'F' && entryDay >= b15 - 365 && r.chance(0.05)) {
      const earliest = Math.max(b15, entryDay - 300);
      const latest = Math.min(b18 - 1, entryDay + 400);
      if (latest > earliest) motherChildDob = r.int(earliest, latest);
    }
    const upn = uasc ? 'UN2' : `Z999${String(r.int(0, 999_999_999)).padStart(9, '0')}`;
    return { id, sex, dob, ethnic, uasc, upn, motherChildDob, episodes: [], birthdays };
  }

  #careChild(id: string, day: number): SimChild {
    const r = this.#rng;
    const band = r.weighted(ENTRY_AGE);
    const [lo, hi] = AGE_RANGE[band];
    // Many babies come into care in their first weeks.
    const dob = band === 'under1' && r.chance(0.45) ? day - r.int(0, 27) : this.#dobForAge(day, lo, hi);
    const child = this.#newChild(id, dob, r.chance(0.54) ? 'M' : 'F', r.weighted(ETHNIC), false, day);
    let start = day;
    let reentries = 0;
    for (;;) {
      const plan = this.#planCarePeriod(child, start, reentries);
      // Children remanded or held under PACE come in because of their behaviour (N6), mostly.
      const cin = plan.route === 'remand' && r.chance(0.8) ? 'N6' : r.weighted(CIN);
      const exit = this.#period(child, start, plan, cin);
      if (exit === null) return child;
      // Some children come back into care after going home.
      const p = exit.rec === 'E4B' ? 0.4 : exit.rec === 'E4A' || exit.rec === 'E13' ? 0.22 : 0;
      if (!r.chance(p / (1 + reentries))) return child;
      const next = exit.day + days(r.logNormal(270, 0.8) + 7);
      if (next >= b18Of(child) - 30 || next > this.#horizon) return child;
      start = next;
      reentries += 1;
    }
  }

  #uascChild(id: string, day: number): SimChild {
    const r = this.#rng;
    const older = r.chance(0.85);
    const dob = older ? this.#dobForAge(day, 16, 18) : this.#dobForAge(day, 14, 16);
    const child = this.#newChild(id, dob, r.chance(0.93) ? 'M' : 'F', r.weighted(UASC_ETHNIC), true, day);
    const b18 = birthday(dob, 18);
    const u = r.uniform();
    let exitDay = b18;
    let rec: string | null = null;
    if (u < 0.05) {
      exitDay = day + days(r.logNormal(60, 0.5));
      rec = 'E15';
    } else if (u < 0.13) {
      exitDay = day + days(r.logNormal(40, 0.5));
      rec = 'E3';
    } else if (u < 0.2) {
      exitDay = day + days(r.logNormal(150, 0.8));
      rec = 'E8';
    }
    if (exitDay >= b18) {
      exitDay = b18;
      rec = null;
    }
    const plan: Period = {
      route: 'uasc',
      exitDay,
      rec,
      ls: [],
      moves: [],
      initialLs: 'V2',
      adoptionCode: 'A6',
      firstKind: r.weighted(ageInYears(dob, day) >= 16 ? UASC_PLACEMENT_16 : UASC_PLACEMENT_YOUNG),
    };
    const b16 = birthday(dob, 16);
    if (b16 > day && r.chance(0.5)) plan.moves.push({ day: b16 + days(r.logNormal(60, 0.6)), type: 'supported' });
    this.#period(child, day, plan, 'N8');
    return child;
  }

  /** A disabled child with a series of short breaks (LS V3): one short episode per stay. */
  #shortBreakChild(id: string, day: number): SimChild {
    const r = this.#rng;
    const dob = this.#dobForAge(day, 5, 16);
    const child = this.#newChild(id, dob, r.chance(0.62) ? 'M' : 'F', r.weighted(ETHNIC), false, day);
    const seriesEnd = Math.min(birthday(dob, 18) - 7, day + days(r.logNormal(1100, 0.5)));
    const home = this.#world.postcode(true);
    const setting = this.#world.place(r.chance(0.5) ? 'inhouse' : 'res_inhouse', day, home);
    if (setting === null) return child;
    let start = day;
    while (start < seriesEnd && start <= this.#horizon) {
      const end = start + r.int(2, 4);
      if (end >= seriesEnd) break;
      child.episodes.push({
        start,
        end: end > this.#horizon ? null : end,
        rne: 'S',
        ls: 'V3',
        cin: 'N2',
        place: setting.place,
        provider: setting.provider,
        rec: end > this.#horizon ? null : 'E8',
        reasonPlaceChange: null,
        homePost: home,
        plPost: setting.postcode,
        urn: setting.urn,
      });
      start = end + 7 + days(r.exponential(50));
    }
    return child;
  }

  /** The pathway, legal status changes and planned moves of one period of care. */
  #planCarePeriod(child: SimChild, t0: number, reentries: number): Period {
    const r = this.#rng;
    const age = ageOf(child, t0);
    let route = r.weighted(ROUTES[bandOfAge(age)]);
    if (reentries > 0 && route === 'adoption') route = 'to18';
    const plan = new PeriodPlan(r, t0, age, b16Of(child), b18Of(child));
    ROUTE_PLANS[route](plan, route);
    return plan.period(route);
  }

  #firstPlacement(
    child: SimChild,
    day: number,
    ls: string,
    kind: PlacementKind,
    home: string,
    term: FosterTerm = 'short',
  ): Placement {
    let k = kind;
    if (!kindAllowedWithLegalStatus(k, ls)) k = 'kinship';
    const age = ageOf(child, day);
    if ((k === 'supported' || k === 'independent') && age < 16) k = 'res_external';
    return this.#world.place(k, day, home, term) ?? this.#fallback(child, day, home);
  }

  /** A placement always available: short-term fostering (supported accommodation at 16+). */
  #fallback(child: SimChild, day: number, home: string): Placement {
    const k: PlacementKind = ageOf(child, day) >= 16 ? 'supported' : 'inhouse';
    const p = this.#world.place(k, day, home) ?? this.#world.place('inhouse', day, home);
    if (p === null) throw new Error('short-term fostering has no valid PLACE code');
    return p;
  }

  #moveRate(kind: PlacementKind, age: number): number {
    const factor = age < 5 ? 0.8 : age < 12 ? 1 : age < 16 ? 1.5 : 1.2;
    return (MOVE_RATE[kind] * factor) / DAY_PER_YEAR;
  }

  #nextRandomMove(p: Placement, day: number, child: SimChild): number {
    const rate = this.#moveRate(p.kind, ageOf(child, day));
    return rate > 0 ? day + days(this.#rng.exponential(1 / rate)) : NEVER;
  }

  /** A new placement for a random move on `day`: often the same kind with a new carer. */
  #randomMove(child: SimChild, day: number, from: Placement, ls: string, home: string): Placement {
    const r = this.#rng;
    const age = ageOf(child, day);
    let kind: PlacementKind;
    if ((isFostering(from.kind) || from.kind.startsWith('res_')) && r.chance(0.35)) kind = from.kind;
    else
      kind = r.weighted(
        child.uasc ? (age >= 16 ? UASC_PLACEMENT_16 : UASC_PLACEMENT_YOUNG) : PLACEMENT_BY_AGE[bandOfAge(age)],
      );
    if (kind === 'mbu' || kind === 'health') kind = 'inhouse';
    if (ls === 'E1' && kind === 'parents') kind = 'inhouse';
    // Older children moving between foster homes often move to a long-term (matched) placement.
    const term: FosterTerm = age >= 5 && r.chance(0.3) ? 'long' : 'short';
    return this.#firstPlacement(child, day, ls, kind, home, term);
  }

  /**
   * Runs one period of care from `t0`, appending its episodes to the child. Returns the exit (day
   * and REC), or null when the period is still open at the horizon.
   */
  #period(child: SimChild, t0: number, plan: Period, cin: string): { day: number; rec: string } | null {
    const r = this.#rng;
    const world = this.#world;
    const home = world.postcode(r.chance(0.88));
    let ls = plan.initialLs;
    const firstKind = plan.firstKind ?? r.weighted(PLACEMENT_BY_AGE[bandOfAge(ageOf(child, t0))]);
    let place = this.#firstPlacement(child, t0, ls, firstKind, home);
    let randomMove = this.#nextRandomMove(place, t0, child);
    let lsIndex = 0;
    let moveIndex = 0;
    let current = this.#open(child, t0, 'S', ls, cin, place, home);
    const exitDay = plan.exitDay;

    for (;;) {
      const lsNext = plan.ls[lsIndex]?.day ?? NEVER;
      const moveNext = plan.moves[moveIndex]?.day ?? NEVER;
      const next = Math.max(current.start + 1, Math.min(lsNext, moveNext, randomMove, place.retireDay ?? NEVER));
      if (Math.min(next, exitDay) > this.#horizon) return null;
      if (next >= exitDay) {
        const rec = plan.rec ?? this.#recAtEnd(child, place, exitDay, plan.route);
        current.end = exitDay;
        current.rec = rec;
        return { day: exitDay, rec };
      }
      // Everything due on `next`.
      let newLs = ls;
      while ((plan.ls[lsIndex]?.day ?? NEVER) <= next) {
        newLs = plan.ls[lsIndex]?.ls ?? newLs;
        lsIndex += 1;
      }
      let newPlace: Placement = place;
      let reason: string | null = null;
      if (moveNext <= next) {
        const move = plan.moves[moveIndex];
        moveIndex += 1;
        if (move !== undefined) {
          const planned = this.#plannedMove(child, move.type, next, place, newLs, home, plan.adoptionCode);
          if (planned !== null) {
            newPlace = planned;
            reason = newPlace.carer === place.carer ? 'PLACE' : 'CARPL';
          }
        }
      }
      if (newPlace === place && place.retireDay !== null && place.retireDay <= next) {
        const replacement = world.replacementFor(place.place);
        const recoded = replacement === null ? null : world.recode(place, replacement.kind, replacement.code, next);
        newPlace = recoded ?? this.#fallback(child, next, home);
        reason = recoded === null ? 'CLOSE' : 'PLACE';
      }
      if (newPlace === place && randomMove <= next) {
        newPlace = this.#randomMove(child, next, place, newLs, home);
        reason = r.weighted(MOVE_REASON);
      }
      if (newPlace === place && !kindAllowedWithLegalStatus(place.kind, newLs)) {
        newPlace = this.#firstPlacement(child, next, newLs, 'inhouse', home);
        reason = 'CARPL';
      }
      const placeChanged = newPlace !== place;
      const lsChanged = newLs !== ls;
      if (placeChanged) randomMove = this.#nextRandomMove(newPlace, next, child);
      else if (randomMove <= next) randomMove = this.#nextRandomMove(place, next, child);
      if (!placeChanged && !lsChanged) continue;
      const sameCarer = newPlace.carer === place.carer;
      const rne = placeChanged ? (lsChanged ? (sameCarer ? 'U' : 'B') : sameCarer ? 'T' : 'P') : 'L';
      current.end = next;
      current.rec = 'X1';
      if (placeChanged && !current.place.startsWith('T')) current.reasonPlaceChange = reason ?? 'OTHER';
      ls = newLs;
      place = newPlace;
      current = this.#open(child, next, rne, ls, cin, place, home);
    }
  }

  #plannedMove(
    child: SimChild,
    type: PlannedMove['type'],
    day: number,
    from: Placement,
    ls: string,
    home: string,
    adoptionCode: string,
  ): Placement | null {
    const r = this.#rng;
    const world = this.#world;
    switch (type) {
      case 'adopt': {
        // With a placement order (E1): A5 with the current foster carers, A6 with new adopters.
        // With consent (A3/A4) there is no placement order.
        const withOrder = ls === 'E1' || ls === 'D1';
        let code = adoptionCode;
        if (withOrder)
          code = isFostering(from.kind) && (from.place === 'U5' || from.place === 'U2' || r.chance(0.25)) ? 'A5' : 'A6';
        else if (code === 'A5' || code === 'A6') code = 'A4';
        if (code === 'A3' && !isFostering(from.kind)) code = 'A4';
        const sameCarer = code === 'A5' || code === 'A3';
        return sameCarer
          ? world.recode(from, 'adoption', code, day)
          : world.place('adoption', day, home, 'short', code);
      }
      case 'kinship':
        return from.kind === 'kinship' ? null : world.place('kinship', day, home);
      case 'parents':
        return from.kind === 'parents' || !kindAllowedWithLegalStatus('parents', ls)
          ? null
          : world.place('parents', day, home);
      case 'long_term': {
        if (from.place === 'U6') return world.recode(from, from.kind, 'U4', day);
        if (from.place === 'U3') return world.recode(from, from.kind, 'U1', day);
        return null;
      }
      case 'supported': {
        if (
          from.kind === 'supported' ||
          from.kind === 'independent' ||
          from.kind === 'parents' ||
          from.kind === 'adoption'
        )
          return null;
        if (ageOf(child, day) < 16) return null;
        return world.place('supported', day, home);
      }
    }
  }

  /** REC when a period ends at 18 (or its route leaves REC to the placement). */
  #recAtEnd(child: SimChild, place: Placement, day: number, route: Route): string {
    const r = this.#rng;
    const at18 = day >= b18Of(child);
    if (!at18 && route === 'sgo') {
      if (place.kind === 'kinship') return r.chance(0.85) ? 'E46' : 'E48';
      if (isFostering(place.kind)) {
        const u = r.uniform();
        return u < 0.6 ? 'E45' : u < 0.85 ? 'E48' : 'E47';
      }
      return r.chance(0.6) ? 'E48' : 'E47';
    }
    const u = r.uniform();
    if (isFostering(place.kind)) return u < 0.35 ? 'E17' : u < 0.8 ? 'E8' : u < 0.95 ? 'E5' : 'E6';
    if (place.kind === 'supported') return u < 0.35 ? 'E5' : u < 0.9 ? 'E8' : 'E6';
    if (place.kind === 'independent') return u < 0.4 ? 'E6' : u < 0.9 ? 'E8' : 'E5';
    if (place.kind === 'res_external' || place.kind === 'res_inhouse')
      return u < 0.7 ? 'E8' : u < 0.85 ? 'E5' : u < 0.92 ? 'E7' : 'E6';
    return 'E8';
  }

  #open(
    child: SimChild,
    day: number,
    rne: string,
    ls: string,
    cin: string,
    place: Placement,
    home: string,
  ): SimEpisode {
    const episode: SimEpisode = {
      start: day,
      end: null,
      rne,
      ls,
      cin,
      place: place.place,
      provider: place.provider,
      rec: null,
      reasonPlaceChange: null,
      homePost: home,
      plPost: place.postcode,
      urn: place.urn,
    };
    child.episodes.push(episode);
    return episode;
  }
}
