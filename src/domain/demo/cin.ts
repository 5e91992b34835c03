/**
 * A synthetic children in need census for the demo council, consistent with its SSDA903 returns:
 * most children who start a period of care came through a CIN episode first, usually with a
 * section 47 enquiry and a child protection plan that ends the day they come into care; the rest
 * of the census is children referred who never come into care, at rates set against the council's
 * entries into care (roughly England's: about 21 referrals, 8 section 47 enquiries and 2.5 child
 * protection plans for each child entering care; about 1 referral in 5 a re-referral within a year).
 *
 * Pure and seeded: the draws come from their own stream (seed mixed with a constant), so adding the
 * CIN census changes nothing in the 903 returns (they are only read here). The result is cut into
 * annual returns as a case management system would extract them: each year holds every episode
 * open at any time in the year, with dates after 31 March blank (they appear in the next year's
 * return), as CSV rows in the layout of docs/cin-census.md.
 */
import { addDays, fromDayNumber, isoFromYmd, toDayNumber, type IsoDate } from '../dates.ts';
import { CIN_FIELDS, type CinTable } from '../cin/records.ts';
import { Rng, weights } from './random.ts';
import type { CollectionYearReturn } from './returns.ts';

/** Mixed into the council's seed so the CIN census has its own stream of draws. */
const CIN_STREAM = 0x0c1a5e;

export type CinCsvRow = Record<string, string>;
export interface DemoCinYear {
  readonly collectionYear: number;
  readonly tables: Readonly<Record<CinTable, CinCsvRow[]>>;
}

/** The CSV columns of each table, in the documented order. */
export function cinCsvColumns(table: CinTable): readonly string[] {
  return [...CIN_FIELDS[table].required, ...CIN_FIELDS[table].optional];
}

interface Sub {
  readonly start: IsoDate;
  readonly end: IsoDate | null;
}
interface SimEpisode {
  readonly childId: string;
  readonly referral: IsoDate;
  readonly source: string;
  readonly need: string | null;
  readonly closure: IsoDate | null;
  readonly reason: string | null;
  readonly nfa: boolean;
  readonly assessments: (Sub & { readonly factors: readonly string[] })[];
  readonly plans: Sub[];
  readonly s47: (Sub & { readonly icpc: IsoDate | null; readonly target: IsoDate; readonly notRequired: boolean })[];
  readonly cpps: (Sub & { readonly initial: string; readonly latest: string; readonly previous: number })[];
}
interface SimChild {
  readonly childId: string;
  readonly dob: IsoDate | null;
  readonly expectedDob: IsoDate | null;
  readonly gender: string;
  readonly ethnicity: string;
}

const SOURCES = weights<string>([
  ['6', 29],
  ['2A', 18],
  ['3A', 4],
  ['3B', 3],
  ['3D', 3],
  ['3E', 3],
  ['3F', 2],
  ['1A', 6],
  ['1C', 1],
  ['1D', 1],
  ['5A', 3],
  ['5B', 3],
  ['5C', 3],
  ['5D', 6],
  ['4', 2],
  ['7', 2],
  ['8', 6],
  ['9', 1],
  ['10', 4],
]);
const NEEDS = weights<string>([
  ['N1', 57],
  ['N2', 4],
  ['N3', 4],
  ['N4', 8],
  ['N5', 15],
  ['N6', 2],
  ['N7', 1],
  ['N8', 3],
  ['N0', 6],
]);
const FACTORS = weights<string>([
  ['3A', 14],
  ['3B', 16],
  ['4B', 17],
  ['4A', 11],
  ['2B', 8],
  ['1B', 7],
  ['16A', 9],
  ['17A', 9],
  ['18C', 4],
  ['19C', 2],
  ['11A', 2],
  ['24A', 2],
  ['10A', 3],
  ['15A', 3],
  ['5B', 2],
  ['20', 6],
]);
const CATEGORIES = weights<string>([
  ['NEG', 50],
  ['EMO', 38],
  ['PHY', 6],
  ['SAB', 4],
  ['MUL', 2],
]);
const ETHNICITIES = weights<string>([
  ['WBRI', 70],
  ['WOTH', 6],
  ['MWBC', 4],
  ['MOTH', 3],
  ['AIND', 3],
  ['APKN', 3],
  ['BAFR', 4],
  ['BCRB', 2],
  ['OOTH', 2],
  ['NOBT', 3],
]);

const day = (d: IsoDate, n: number): IsoDate => addDays(d, Math.round(n));

/** Builds the CIN census for the 903 returns given. See the module comment. */
export function demoCinCensus(
  returns: readonly CollectionYearReturn[],
  options: { readonly seed: number },
): DemoCinYear[] {
  if (returns.length === 0) return [];
  const rng = Rng.seeded((options.seed ^ CIN_STREAM) | 0);
  const years = returns.map((r) => r.collectionYear).sort((a, b) => a - b);
  const first = years[0]!;
  const last = years[years.length - 1]!;
  const children = new Map<string, SimChild>();
  const entries = entriesIntoCare(returns);
  const entriesPerYear = new Map<number, number>();
  for (const e of entries) {
    const y = collectionYear(e.start);
    entriesPerYear.set(y, (entriesPerYear.get(y) ?? 0) + 1);
  }
  const episodes = oneAtATime([
    ...episodesBeforeCare(rng, returns, entries, first, children),
    ...otherReferrals(rng, entriesPerYear, first, last, children),
  ]);
  return years.map((y) => cutYear(y, episodes, children));
}

/** Children entering care: the day each period of care starts (each child and day once, oldest return first). */
function entriesIntoCare(returns: readonly CollectionYearReturn[]): { childId: string; start: IsoDate }[] {
  const entries: { childId: string; start: IsoDate }[] = [];
  const seen = new Set<string>();
  for (const r of [...returns].sort((a, b) => a.collectionYear - b.collectionYear))
    for (const e of r.episodes) {
      if (e.RNE !== 'S') continue;
      const start = ukToIso(e.DECOM);
      const key = `${e.CHILD}/${start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push({ childId: e.CHILD, start });
    }
  return entries;
}

/**
 * 1. The CIN episode before each entry into care in the census window, for a child with a 903 header
 * (its latest): UASC come into care on arrival; others mostly through a plan (65%) or a CIN episode
 * (20%). Adds the children to `children`.
 */
function episodesBeforeCare(
  rng: Rng,
  returns: readonly CollectionYearReturn[],
  entries: readonly { childId: string; start: IsoDate }[],
  first: number,
  children: Map<string, SimChild>,
): SimEpisode[] {
  const header = new Map<string, CollectionYearReturn['header'][number]>();
  for (const r of returns) for (const h of r.header) header.set(h.CHILD, h);
  const uasc = new Set(returns.flatMap((r) => r.uasc.map((u) => u.CHILD)));
  const episodes: SimEpisode[] = [];
  for (const e of entries) {
    if (collectionYear(e.start) < first - 1) continue; // before the census window: not in any return
    const h = header.get(e.childId);
    if (h === undefined) continue;
    if (!children.has(e.childId))
      children.set(e.childId, {
        childId: e.childId,
        dob: ukToIso(h.DOB),
        expectedDob: null,
        gender: h.SEX === 'M' || h.SEX === '1' ? '1' : '2',
        ethnicity: h.ETHNIC,
      });
    const route = uasc.has(e.childId)
      ? 'none'
      : rng.weighted(
          weights([
            ['cp', 65],
            ['cin', 20],
            ['none', 15],
          ] as const),
        );
    if (route === 'none') continue;
    const referral = day(e.start, -(route === 'cp' ? 90 + rng.exponential(180) : 30 + rng.exponential(150)));
    if (referral < (children.get(e.childId)!.dob ?? referral)) continue;
    episodes.push(simulateEpisode(rng, e.childId, referral, route === 'cp' ? 'cp' : 'cin', e.start));
  }
  return episodes;
}

/**
 * 2. Everyone else referred, year by year: about 21 referrals for each child entering care that year
 * (the first year's rate for the year before it), a fifth of them re-referrals of a child whose
 * episode closed in the past year. Adds the new children to `children`.
 */
function otherReferrals(
  rng: Rng,
  entriesPerYear: ReadonlyMap<number, number>,
  first: number,
  last: number,
  children: Map<string, SimChild>,
): SimEpisode[] {
  const episodes: SimEpisode[] = [];
  let next = 0;
  const recent: { childId: string; closed: IsoDate }[] = [];
  for (let y = first - 1; y <= last; y += 1) {
    const entriesThisYear = entriesPerYear.get(y) ?? entriesPerYear.get(first) ?? 0;
    const referrals = rng.poisson(20 * entriesThisYear);
    const start = toDayNumber(isoFromYmd(y - 1, 4, 1));
    const dates = Array.from({ length: referrals }, () => fromDayNumber(start + rng.int(0, 364))).sort();
    for (const referral of dates) {
      let childId = rng.chance(0.2) ? reReferred(rng, recent, referral) : null;
      if (childId === null) {
        childId = String(900_000 + next++);
        children.set(childId, newChild(rng, childId, referral));
      }
      const kind = rng.chance(0.06) ? 'cp' : 'referral';
      const ep = simulateEpisode(rng, childId, referral, kind, null);
      episodes.push(ep);
      if (ep.closure !== null) recent.push({ childId, closed: ep.closure });
      if (recent.length > 4000) recent.splice(0, 2000);
    }
  }
  return episodes;
}

/** A child whose episode closed in the year before `referral`, among the most recent few thousand: a few tries, else null. */
function reReferred(
  rng: Rng,
  recent: readonly { childId: string; closed: IsoDate }[],
  referral: IsoDate,
): string | null {
  const yearBefore = day(referral, -365);
  for (let tries = 0; tries < 5 && recent.length > 0; tries += 1) {
    const r = rng.pick(recent);
    if (r.closed < referral && r.closed >= yearBefore) return r.childId;
  }
  return null;
}

/** A child referred for the first time: 3% unborn (an expected date of birth), else aged 0-17. */
function newChild(rng: Rng, childId: string, referral: IsoDate): SimChild {
  const unborn = rng.chance(0.03);
  const age = rng.int(0, 17) * 365 + rng.int(0, 364);
  return {
    childId,
    dob: unborn ? null : day(referral, -age),
    expectedDob: unborn ? day(referral, rng.int(30, 150)) : null,
    gender: unborn ? '0' : rng.chance(0.5) ? '1' : '2',
    ethnicity: unborn ? 'NOBT' : rng.weighted(ETHNICITIES),
  };
}

/** A re-referral must start after the child's previous episode closed: drops any that do not. */
function oneAtATime(episodes: readonly SimEpisode[]): SimEpisode[] {
  const byChild = new Map<string, SimEpisode[]>();
  for (const e of episodes) byChild.set(e.childId, [...(byChild.get(e.childId) ?? []), e]);
  const kept: SimEpisode[] = [];
  for (const list of byChild.values()) {
    list.sort((a, b) => a.referral.localeCompare(b.referral));
    let openUntil: IsoDate | null = '0000-00-00';
    for (const e of list) {
      if (openUntil === null || e.referral <= openUntil) continue;
      kept.push(e);
      openUntil = e.closure;
    }
  }
  return kept;
}

function collectionYear(d: IsoDate): number {
  const y = Number(d.slice(0, 4));
  return d.slice(5) > '03-31' ? y + 1 : y;
}

function ukToIso(text: string): IsoDate {
  return `${text.slice(6, 10)}-${text.slice(3, 5)}-${text.slice(0, 2)}`;
}

/**
 * One CIN episode from `referral`. `kind` cp: a section 47 enquiry, an initial conference and a
 * plan; cin: an assessment and a CIN plan; referral: what usually happens to a referral. `care`:
 * the day the child comes into care (the plans end that day; the episode stays open), else null.
 */
function simulateEpisode(
  rng: Rng,
  childId: string,
  referral: IsoDate,
  kind: 'cp' | 'cin' | 'referral',
  care: IsoDate | null,
): SimEpisode {
  const source = rng.weighted(SOURCES);
  if (kind === 'referral' && rng.chance(0.08))
    return {
      childId,
      referral,
      source,
      need: null,
      closure: referral,
      reason: 'RC8',
      nfa: true,
      assessments: [],
      plans: [],
      s47: [],
      cpps: [],
    };
  const need = rng.weighted(NEEDS);
  const aStart = day(referral, rng.int(0, 5));
  const aEnd = day(aStart, 10 + rng.int(0, 40));
  const factors = [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.weighted(FACTORS)))];
  const ep = {
    childId,
    referral,
    source,
    need,
    nfa: false,
    assessments: [{ start: aStart, end: aEnd, factors }],
    plans: [] as Sub[],
    s47: [] as SimEpisode['s47'],
    cpps: [] as SimEpisode['cpps'],
  };
  const withS47 = kind === 'cp' || (kind === 'referral' && rng.chance(0.14));
  let closure: IsoDate | null;
  let reason: string | null;
  if (withS47) {
    const s = day(referral, rng.int(0, 7));
    const target = day(s, 15);
    const conference = kind === 'cp' || rng.chance(0.3);
    const icpc = conference ? day(s, 8 + rng.int(0, 10)) : null;
    ep.s47.push({ start: s, end: null, icpc, target, notRequired: !conference });
    if (icpc !== null && (kind === 'cp' || rng.chance(0.85))) {
      const initial = rng.weighted(CATEGORIES);
      const length = care !== null ? null : 60 + rng.exponential(220);
      const end = care !== null ? (care > icpc ? care : day(icpc, 1)) : day(icpc, length!);
      ep.cpps.push({
        start: icpc,
        end,
        initial,
        latest: rng.chance(0.85) ? initial : rng.weighted(CATEGORIES),
        previous: rng.chance(0.2) ? 1 : 0,
      });
    }
  }
  const lastPlanEnd = ep.cpps[0]?.end ?? null;
  if (care !== null) {
    if (ep.cpps.length === 0) ep.plans.push({ start: aEnd < care ? aEnd : referral, end: care });
    closure = null;
    reason = null;
  } else if (lastPlanEnd !== null) {
    closure = day(lastPlanEnd, 30 + rng.int(0, 150));
    reason = 'RC7';
    ep.plans.push({ start: lastPlanEnd, end: closure });
  } else {
    const u = rng.uniform();
    if (u < 0.4) {
      closure = aEnd;
      reason = 'RC8';
    } else if (u < 0.55) {
      closure = aEnd;
      reason = 'RC9';
    } else {
      closure = day(aEnd, 60 + rng.exponential(200));
      reason = 'RC7';
      if (rng.chance(0.5)) ep.plans.push({ start: aEnd, end: closure });
    }
  }
  return { ...ep, closure, reason };
}

/** The return for collection year `y`: what was open at any time in it, later dates blank. */
function cutYear(y: number, episodes: readonly SimEpisode[], children: ReadonlyMap<string, SimChild>): DemoCinYear {
  const from = isoFromYmd(y - 1, 4, 1);
  const to = isoFromYmd(y, 3, 31);
  const open = (start: IsoDate, end: IsoDate | null): boolean => start <= to && (end === null || end >= from);
  const upTo = (d: IsoDate | null): string => (d === null || d > to ? '' : d);
  const tables: Record<CinTable, CinCsvRow[]> = {
    child: [],
    cinDetails: [],
    assessment: [],
    cinPlan: [],
    section47: [],
    protectionPlan: [],
  };
  const inReturn = new Set<string>();
  for (const e of episodes) {
    if (!open(e.referral, e.closure)) continue;
    inReturn.add(e.childId);
    const key = { LAchildID: e.childId, CINreferralDate: e.referral };
    const closed = e.closure !== null && e.closure <= to;
    tables.cinDetails.push({
      ...key,
      ReferralSource: e.source,
      PrimaryNeedCode: e.need ?? '',
      CINclosureDate: closed ? e.closure! : '',
      ReasonForClosure: closed ? (e.reason ?? '') : '',
      DateOfInitialCPC: '',
      ReferralNFA: e.nfa ? 'true' : 'false',
    });
    for (const a of e.assessments)
      if (open(a.start, a.end))
        tables.assessment.push({
          ...key,
          AssessmentActualStartDate: a.start,
          AssessmentAuthorisationDate: upTo(a.end),
          AssessmentFactors: upTo(a.end) === '' ? '' : a.factors.join(';'),
        });
    for (const p of e.plans)
      if (open(p.start, p.end)) tables.cinPlan.push({ ...key, CINPlanStartDate: p.start, CINPlanEndDate: upTo(p.end) });
    for (const s of e.s47)
      if (open(s.start, s.icpc ?? s.target))
        tables.section47.push({
          ...key,
          S47ActualStartDate: s.start,
          InitialCPCtarget: s.target,
          DateOfInitialCPC: upTo(s.icpc),
          ICPCnotRequired: s.notRequired ? 'true' : 'false',
        });
    for (const p of e.cpps)
      if (open(p.start, p.end))
        tables.protectionPlan.push({
          ...key,
          CPPstartDate: p.start,
          CPPendDate: upTo(p.end),
          InitialCategoryOfAbuse: p.initial,
          LatestCategoryOfAbuse: p.latest,
          NumberOfPreviousCPP: String(p.previous),
        });
  }
  for (const id of [...inReturn].sort()) {
    const c = children.get(id)!;
    // An unborn child is born by the year's end when the expected date has passed.
    const born = c.expectedDob !== null && c.expectedDob <= to;
    tables.child.push({
      LAchildID: c.childId,
      PersonBirthDate: c.dob ?? (born ? c.expectedDob! : ''),
      ExpectedPersonBirthDate: c.dob === null && !born ? (c.expectedDob ?? '') : '',
      GenderCurrent: c.gender === '0' && born ? '9' : c.gender,
      Ethnicity: c.ethnicity,
    });
  }
  return { collectionYear: y, tables };
}
