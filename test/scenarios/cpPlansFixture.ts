/**
 * A small council for the child protection plans lever (issue 12), worked by hand: a CIN census for
 * collection year 2025 (April 2024 to March 2025) and a 903 whose children entered care as follows.
 *
 * Entries from 1 April 2024 to 31 March 2025 (the 24 months up to a forecast start of 31 March 2025,
 * cut to the census's year): 10.
 *   E1 plan from 2024-03-01 (open)             entered 2024-05-01  after a plan
 *   E2 plan 2024-06-01 to 2024-09-01           entered 2024-10-15  after a plan (ended 6 weeks before)
 *   E3 plan from 2024-07-01 (open)             entered 2024-08-01  after a plan
 *   E4 plan from 2024-04-10 (open)             entered 2024-12-01  after a plan
 *   E5 plan 2024-09-01 to 2024-11-30           entered 2025-01-10  after a plan
 *   E6 plan from 2024-05-01 (open)             entered 2025-03-01  after a plan
 *   E7 CIN episode from 2024-06-01, no plan    entered 2024-09-01  after a CIN episode
 *   E8 CIN episode from 2024-11-01, no plan    entered 2025-02-01  after a CIN episode
 *   E9 nothing in the census                   entered 2024-07-01  neither
 *   E10 unaccompanied, plan from 2024-05-01    entered 2024-06-15  UASC (counted apart)
 * So 6 of the 10 entries came after a plan: plans 10% fewer give entries 10 x 6 / 10 = 6% fewer.
 *
 * E11 (plan from 2023-12-01, entered 2024-03-15) is inside the 24 months but before the census's
 * year: not counted (the census cannot say what came before an entry then).
 */
import type { CinData, ChildProtectionPlan, CinEpisode } from '../../src/domain/cin/model.ts';
import type { CaseData } from '../../src/domain/model.ts';
import { pseudonymiser } from '../../src/services/pseudonymise.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import { upsertCinRecords } from '../../src/store/cin.repository.ts';
import type { Db } from '../../src/store/database.ts';
import { aChild, aLoadResult, anEpisode } from '../store/caseBuilders.ts';

/** Each child's referral, plan (start, end) and entry to care. */
const CHILDREN: readonly {
  id: string;
  referral: string | null;
  plan: readonly [string, string | null] | null;
  entry: string;
  uasc?: boolean;
}[] = [
  { id: 'E1', referral: '2024-02-01', plan: ['2024-03-01', null], entry: '2024-05-01' },
  { id: 'E2', referral: '2024-05-15', plan: ['2024-06-01', '2024-09-01'], entry: '2024-10-15' },
  { id: 'E3', referral: '2024-06-10', plan: ['2024-07-01', null], entry: '2024-08-01' },
  { id: 'E4', referral: '2024-04-01', plan: ['2024-04-10', null], entry: '2024-12-01' },
  { id: 'E5', referral: '2024-08-15', plan: ['2024-09-01', '2024-11-30'], entry: '2025-01-10' },
  { id: 'E6', referral: '2024-04-20', plan: ['2024-05-01', null], entry: '2025-03-01' },
  { id: 'E7', referral: '2024-06-01', plan: null, entry: '2024-09-01' },
  { id: 'E8', referral: '2024-11-01', plan: null, entry: '2025-02-01' },
  { id: 'E9', referral: null, plan: null, entry: '2024-07-01' },
  { id: 'E10', referral: '2024-04-25', plan: ['2024-05-01', null], entry: '2024-06-15', uasc: true },
  { id: 'E11', referral: '2023-11-01', plan: ['2023-12-01', null], entry: '2024-03-15' },
];

export function cpCin(): CinData {
  const inCensus = CHILDREN.filter((c) => c.referral !== null);
  const episodes: CinEpisode[] = inCensus.map((c) => ({
    childId: c.id,
    referralDate: c.referral as string,
    referralSource: '5A',
    primaryNeed: 'N1',
    closureDate: null,
    closureReason: null,
    referralNfa: false,
    initialCpcDate: null,
  }));
  const protectionPlans: ChildProtectionPlan[] = inCensus
    .filter((c) => c.plan !== null)
    .map((c) => ({
      childId: c.id,
      referralDate: c.referral as string,
      start: c.plan![0],
      end: c.plan![1],
      initialCategory: 'NEG',
      latestCategory: 'NEG',
      previousPlans: 0,
    }));
  return {
    children: inCensus.map((c) => ({
      childId: c.id,
      sex: 'F',
      dob: '2014-01-01',
      expectedDob: null,
      ethnicity: 'WBRI',
    })),
    episodes,
    assessments: [],
    cinPlans: [],
    section47s: [],
    protectionPlans,
  };
}

export function cpCare(): CaseData {
  return {
    children: CHILDREN.map((c) =>
      aChild({ childId: c.id, dob: '2014-01-01', ...(c.uasc ? { uasc: true, uascCeased: null } : {}) }),
    ),
    episodes: CHILDREN.map((c) => anEpisode({ childId: c.id, start: c.entry })),
  };
}

/**
 * Stores the council's 903 (collection year 2025, ids pseudonymised with `key`) and, unless
 * `withCin` is false, its CIN census with the same pseudonyms, as after real imports.
 */
export async function storeCpFixture(db: Db, laCode: string, key: Uint8Array, withCin = true): Promise<void> {
  const { children, episodes } = cpCare();
  await writeLoadResult(db, aLoadResult({ year: 2025, children, episodes }), {
    laCode,
    importedBy: 'test',
    now: new Date('2025-05-01T00:00:00Z'),
    pseudonymKey: key,
  });
  if (!withCin) return;
  const pseudo = pseudonymiser(key, laCode);
  const cin = cpCin();
  const tag = <T extends { childId: string }>(rows: readonly T[]) =>
    rows.map((r) => ({ ...r, childId: pseudo(r.childId), sourceYear: 2025 }));
  await upsertCinRecords(db, laCode, {
    children: tag(cin.children),
    episodes: tag(cin.episodes),
    assessments: tag(cin.assessments),
    cinPlans: tag(cin.cinPlans),
    section47s: tag(cin.section47s),
    protectionPlans: tag(cin.protectionPlans),
  });
}
