/**
 * A small council worked by hand for the funnel (issue 12): seven children across the CIN census
 * and the 903, linked by the same id, and the council's monthly contacts. The expected figures are
 * worked out in test/funnel/funnel.test.ts.
 *
 * P1 referred 2025-04-03, assessed 04-04 to 05-16, s47 04-10, ICPC and CP plan (neglect) 04-24,
 *    entered care 2025-06-02 (after a plan).
 * P2 referred 2025-04-15, assessed 04-16 to 06-30 (late), closed 07-01, referred again 2025-09-01.
 * P3 referred 2024-03-01 (closed 2024-06-01) and 2025-05-05 (not within 12 months), assessed
 *    05-06 to 05-20, s47 05-07 (no conference needed), entered care 2025-05-28 (after a CIN episode).
 * P4 referred 2025-05-10, s47 05-12, ICPC and plan (physical, her second) 05-26, plan ended 06-20.
 * P5 entered care 2025-06-10 with nothing before in the census.
 * P6 unaccompanied asylum-seeking child, entered care 2025-04-20.
 * P7 referred 2022-12-01, plan (emotional) 2023-01-10 to 2025-04-15 (two years and more), closed 2025-04-15.
 * Contacts: 100 in April 2025, 80 in May, June not entered.
 */
import type {
  CinAssessment,
  CinData,
  CinEpisode,
  CinMonthlyCounts,
  ChildProtectionPlan,
  Section47Enquiry,
} from '../../src/domain/cin/model.ts';
import type { CaseData } from '../../src/domain/model.ts';
import { pseudonymiser } from '../../src/services/pseudonymise.ts';
import { writeLoadResult } from '../../src/services/import.ts';
import type { DbOrTrx } from '../../src/store/caseData.repository.ts';
import { upsertCinMonthlyCounts, upsertCinRecords } from '../../src/store/cin.repository.ts';
import type { Db } from '../../src/store/database.ts';
import { aChild, aLoadResult, anEpisode } from '../store/caseBuilders.ts';

function episode(childId: string, referralDate: string, closureDate: string | null = null): CinEpisode {
  return {
    childId,
    referralDate,
    referralSource: '5A',
    primaryNeed: 'N1',
    closureDate,
    closureReason: closureDate === null ? null : 'RC8',
    referralNfa: false,
    initialCpcDate: null,
  };
}
function assessment(childId: string, referralDate: string, start: string, authorised: string | null): CinAssessment {
  return { childId, referralDate, start, authorised, factors: [] };
}
function s47(childId: string, referralDate: string, start: string, icpcDate: string | null): Section47Enquiry {
  return { childId, referralDate, start, icpcTarget: null, icpcDate, icpcNotRequired: icpcDate === null };
}
function plan(
  childId: string,
  referralDate: string,
  start: string,
  end: string | null,
  category: string,
  previousPlans = 0,
): ChildProtectionPlan {
  return { childId, referralDate, start, end, initialCategory: category, latestCategory: category, previousPlans };
}

export function cinFixture(): CinData {
  return {
    children: ['P1', 'P2', 'P3', 'P4', 'P7'].map((childId) => ({
      childId,
      sex: 'F' as const,
      dob: '2015-01-01',
      expectedDob: null,
      ethnicity: 'WBRI',
    })),
    episodes: [
      episode('P1', '2025-04-03'),
      episode('P2', '2025-04-15', '2025-07-01'),
      episode('P2', '2025-09-01'),
      episode('P3', '2024-03-01', '2024-06-01'),
      episode('P3', '2025-05-05'),
      episode('P4', '2025-05-10'),
      episode('P7', '2022-12-01', '2025-04-15'),
    ],
    assessments: [
      assessment('P1', '2025-04-03', '2025-04-04', '2025-05-16'),
      assessment('P2', '2025-04-15', '2025-04-16', '2025-06-30'),
      assessment('P3', '2025-05-05', '2025-05-06', '2025-05-20'),
    ],
    cinPlans: [],
    section47s: [
      s47('P1', '2025-04-03', '2025-04-10', '2025-04-24'),
      s47('P3', '2025-05-05', '2025-05-07', null),
      s47('P4', '2025-05-10', '2025-05-12', '2025-05-26'),
    ],
    protectionPlans: [
      plan('P1', '2025-04-03', '2025-04-24', null, 'NEG'),
      plan('P4', '2025-05-10', '2025-05-26', '2025-06-20', 'PHY', 1),
      plan('P7', '2022-12-01', '2023-01-10', '2025-04-15', 'EMO'),
    ],
  };
}

export function careFixture(): CaseData {
  return {
    children: [
      aChild({ childId: 'P1', dob: '2015-01-01' }),
      aChild({ childId: 'P3', dob: '2012-01-01' }),
      aChild({ childId: 'P5', dob: '2010-01-01' }),
      aChild({ childId: 'P6', dob: '2009-01-01', uasc: true, uascCeased: '2027-01-01' }),
    ],
    episodes: [
      anEpisode({ childId: 'P1', start: '2025-06-02' }),
      anEpisode({ childId: 'P3', start: '2025-05-28' }),
      anEpisode({ childId: 'P5', start: '2025-06-10' }),
      anEpisode({ childId: 'P6', start: '2025-04-20', legalStatus: 'V2' }),
    ],
  };
}

export function monthlyFixture(): CinMonthlyCounts[] {
  return [
    { month: '2025-04', contacts: 100, earlyHelpAssessments: null, earlyHelpStarts: null },
    { month: '2025-05', contacts: 80, earlyHelpAssessments: null, earlyHelpStarts: null },
    { month: '2025-06', contacts: null, earlyHelpAssessments: 12, earlyHelpStarts: null },
  ];
}

/** England's bank holidays from April to June 2025 (gov.uk): Good Friday, Easter Monday, early May, spring. */
export const BANK_HOLIDAYS_SPRING_2025: ReadonlySet<string> = new Set([
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
]);

/**
 * Stores the fixture for council `laCode`: the 903 through the normal import (ids pseudonymised
 * with `key`) and the CIN census with the same pseudonyms, so the two link as after real imports.
 */
export async function storeFixture(db: DbOrTrx, laCode: string, key: Uint8Array): Promise<void> {
  const { children, episodes } = careFixture();
  await writeLoadResult(db as Db, aLoadResult({ year: 2026, children, episodes }), {
    laCode,
    importedBy: 'test',
    now: new Date('2026-05-01T00:00:00Z'),
    pseudonymKey: key,
  });
  const pseudo = pseudonymiser(key, laCode);
  const cin = cinFixture();
  const tag = <T extends { childId: string }>(rows: readonly T[]) =>
    rows.map((r) => ({ ...r, childId: pseudo(r.childId), sourceYear: 2026 }));
  await upsertCinRecords(db, laCode, {
    children: tag(cin.children),
    episodes: tag(cin.episodes),
    assessments: tag(cin.assessments),
    cinPlans: tag(cin.cinPlans),
    section47s: tag(cin.section47s),
    protectionPlans: tag(cin.protectionPlans),
  });
  await upsertCinMonthlyCounts(db, laCode, monthlyFixture(), { updatedBy: 'test', updatedAt: '2026-05-01T00:00:00Z' });
}
