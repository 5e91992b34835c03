/**
 * The children in need census (CIN census) as Forecare keeps it: a child's CIN episodes (one per
 * referral), and within each episode its assessments, CIN plans, section 47 enquiries and child
 * protection plans. Only what the model needs: no names, UPNs, disabilities or review dates. The
 * child identifier is the council's LAchildID on input and its pseudonym once stored; the pseudonym
 * is made with the same key as the SSDA903's, so the same child has the same id in both returns.
 *
 * Every record under an episode carries the episode's key (child + referral date), so each table
 * can be read on its own or joined back. Dates are ISO (`YYYY-MM-DD`).
 */
import type { IsoDate } from '../dates.ts';
import type { Sex } from '../model.ts';

/** A child as the CIN census describes them (ChildIdentifiers and ChildCharacteristics). */
export interface CinChild {
  readonly childId: string;
  /** GenderCurrent 1/2 as M/F; 0 (not recorded or unborn) and 9 (indeterminate) as U. */
  readonly sex: Sex;
  /** PersonBirthDate; null for an unborn child (then `expectedDob` is set). */
  readonly dob: IsoDate | null;
  /** ExpectedPersonBirthDate, for an unborn child; else null. */
  readonly expectedDob: IsoDate | null;
  /** Ethnicity code, e.g. WBRI (the same list as the 903's ETHNIC). */
  readonly ethnicity: string;
}

/** The key of a CIN episode: the child and the referral date (CINreferralDate). */
export interface CinEpisodeKey {
  readonly childId: string;
  readonly referralDate: IsoDate;
}

/** One CIN episode (a CINdetails block): from referral to closure. */
export interface CinEpisode extends CinEpisodeKey {
  /** ReferralSource, e.g. 6 (police), 2A (schools): CIN_CODE_LISTS.referralSource. */
  readonly referralSource: string;
  /** PrimaryNeedCode N0-N9; null when not given (a referral with no further action). */
  readonly primaryNeed: string | null;
  /** CINclosureDate; null while the episode is open. */
  readonly closureDate: IsoDate | null;
  /** ReasonForClosure RC1-RC9; null while open. */
  readonly closureReason: string | null;
  /** ReferralNFA: the referral led to no further action. */
  readonly referralNfa: boolean;
  /**
   * DateOfInitialCPC recorded on the episode itself: an initial child protection conference with
   * no section 47 enquiry in this return (the enquiry was in an earlier year). Null when none.
   */
  readonly initialCpcDate: IsoDate | null;
}

/** A child and family (social work) assessment under an episode. */
export interface CinAssessment extends CinEpisodeKey {
  /** AssessmentActualStartDate. */
  readonly start: IsoDate;
  /** AssessmentAuthorisationDate: the assessment's completion; null while open. */
  readonly authorised: IsoDate | null;
  /** AssessmentFactors identified (CIN_CODE_LISTS.assessmentFactor), in the order given. */
  readonly factors: readonly string[];
}

/** A CIN plan (CINPlanDates) under an episode. */
export interface CinPlan extends CinEpisodeKey {
  readonly start: IsoDate;
  readonly end: IsoDate | null;
}

/** A section 47 enquiry under an episode, and the initial child protection conference it led to. */
export interface Section47Enquiry extends CinEpisodeKey {
  /** S47ActualStartDate. */
  readonly start: IsoDate;
  /** InitialCPCtarget: 15 working days after the strategy discussion; null when not given. */
  readonly icpcTarget: IsoDate | null;
  /** DateOfInitialCPC: the initial child protection conference; null when none (yet). */
  readonly icpcDate: IsoDate | null;
  /** ICPCnotRequired: the enquiry ended with no conference needed. */
  readonly icpcNotRequired: boolean;
}

/** A child protection plan under an episode. */
export interface ChildProtectionPlan extends CinEpisodeKey {
  /** CPPstartDate. */
  readonly start: IsoDate;
  /** CPPendDate; null while the plan is open. */
  readonly end: IsoDate | null;
  /** InitialCategoryOfAbuse: NEG, PHY, SAB, EMO or MUL. */
  readonly initialCategory: string;
  /** LatestCategoryOfAbuse. */
  readonly latestCategory: string;
  /** NumberOfPreviousCPP: plans the child had before this one (any council). */
  readonly previousPlans: number;
}

/**
 * A council's CIN census data, merged over the years imported, as the funnel, indicators and
 * caseloads read it. Each list is ordered by child, then referral date, then start.
 */
export interface CinData {
  readonly children: readonly CinChild[];
  readonly episodes: readonly CinEpisode[];
  readonly assessments: readonly CinAssessment[];
  readonly cinPlans: readonly CinPlan[];
  readonly section47s: readonly Section47Enquiry[];
  readonly protectionPlans: readonly ChildProtectionPlan[];
}

/**
 * Counts a council enters by month for what no return holds (the front door before a referral).
 * A null count was not entered (unknown), which is not the same as 0.
 */
export interface CinMonthlyCounts {
  /** The month, `YYYY-MM`. */
  readonly month: string;
  /** Contacts received by children's social care (before any referral decision). */
  readonly contacts: number | null;
  /** Early help assessments started in the month. */
  readonly earlyHelpAssessments: number | null;
  /** Early help episodes (support, team around the family) started in the month. */
  readonly earlyHelpStarts: number | null;
}

/** Open on `date`: began on or before it and not closed by it (the same rule as the 903's episodes). */
export function isOpenOn(record: { readonly start: IsoDate; readonly end: IsoDate | null }, date: IsoDate): boolean {
  return record.start <= date && (record.end === null || date < record.end);
}

/** The same as isOpenOn, for an episode (referral date to closure date). */
export function isEpisodeOpenOn(episode: CinEpisode, date: IsoDate): boolean {
  return isOpenOn({ start: episode.referralDate, end: episode.closureDate }, date);
}

/** The key of an episode as one string (child NUL referral date), for maps. */
export function episodeKey(record: CinEpisodeKey): string {
  return `${record.childId}\u0000${record.referralDate}`;
}

/** A record with the collection year of the return it came from (named by the March it ends in). */
export type Sourced<T> = T & { readonly sourceYear: number };

/** CIN records merged over several returns, each with the year of the version kept. */
export interface CinMerged {
  readonly children: readonly Sourced<CinChild>[];
  readonly episodes: readonly Sourced<CinEpisode>[];
  readonly assessments: readonly Sourced<CinAssessment>[];
  readonly cinPlans: readonly Sourced<CinPlan>[];
  readonly section47s: readonly Sourced<Section47Enquiry>[];
  readonly protectionPlans: readonly Sourced<ChildProtectionPlan>[];
}
