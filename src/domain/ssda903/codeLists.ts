/**
 * SSDA903 code lists, as data per collection year (the year named by the March it ends in).
 * Code lists change between collections; where a code is only valid for some years, `from` and
 * `to` bound it. Source: ../shared/ssda903.md, summarising the DfE guidance.
 */

export interface Code {
  readonly code: string;
  readonly label: string;
  /** First collection year the code is valid in (inclusive). */
  readonly from?: number;
  /** Last collection year the code is valid in (inclusive). */
  readonly to?: number;
  /** Historic code still accepted in old data and mapped, not rejected. */
  readonly historic?: boolean;
}

export type CodeListName =
  'RNE' | 'LS' | 'CIN' | 'PLACE' | 'PLACE_PROVIDER' | 'REC' | 'REASON_PLACE_CHANGE' | 'ETHNIC' | 'SEX';

const c = (code: string, label: string, extra: Omit<Code, 'code' | 'label'> = {}): Code => ({ code, label, ...extra });

export const CODE_LISTS: Readonly<Record<CodeListName, readonly Code[]>> = {
  RNE: [
    c('S', 'Started to be looked after'),
    c('L', 'Change of legal status only'),
    c('P', 'Change of placement and carer only'),
    c('T', 'Change of placement, same carer'),
    c('B', 'Change of legal status and placement and carer'),
    c('U', 'Change of legal status and placement, same carer'),
  ],
  LS: [
    c('C1', 'Interim care order'),
    c('C2', 'Full care order'),
    c('D1', 'Freeing order'),
    c('E1', 'Placement order'),
    c('J1', 'Remanded to local authority or youth detention accommodation'),
    c('J2', 'Placed under the Police and Criminal Evidence Act'),
    c('J3', 'Sentenced to a youth rehabilitation order with residence requirement'),
    c('L1', 'Police protection'),
    c('L2', 'Emergency protection order'),
    c('L3', 'Child assessment order'),
    c('V2', 'Single period of accommodation under section 20'),
    c('V3', 'Series of short breaks (single placement)'),
    c('V4', 'Series of short breaks (multiple placements)'),
  ],
  CIN: [
    c('N1', 'Abuse or neglect'),
    c('N2', "Child's disability"),
    c('N3', 'Parental illness or disability'),
    c('N4', 'Family in acute stress'),
    c('N5', 'Family dysfunction'),
    c('N6', 'Socially unacceptable behaviour'),
    c('N7', 'Low income'),
    c('N8', 'Absent parenting'),
  ],
  PLACE: [
    c('A3', 'Placed for adoption with consent with current foster carers'),
    c('A4', 'Placed for adoption with consent, not with current foster carers'),
    c('A5', 'Placed for adoption with placement order with current foster carers'),
    c('A6', 'Placed for adoption with placement order, not with current foster carers'),
    c('H5', 'Semi-independent living not subject to children’s homes regulations', { to: 2025 }),
    c('K1', 'Secure children’s home'),
    c('K2', 'Children’s home'),
    c('K3', 'Registered supported accommodation (16-17)', { from: 2025 }),
    c('P1', 'Placed with own parents or others with parental responsibility'),
    c('P2', 'Independent living', { to: 2025 }),
    c('P3', 'Residential employment'),
    c('R1', 'Residential care home'),
    c('R2', 'NHS or health establishment'),
    c('R3', 'Family centre or mother and baby unit'),
    c('R5', 'Young offender institution or prison'),
    c('S1', 'Residential school'),
    c('T0', 'Temporary placement'),
    c('T1', 'Temporary: hospital'),
    c('T2', 'Temporary: holiday'),
    c('T3', 'Temporary: respite of the normal carer'),
    c('T4', 'Temporary: short stay'),
    c('U1', 'Fostered with relatives or friends: long term'),
    c('U2', 'Fostered with relatives or friends: fostering for adoption or concurrent planning'),
    c('U3', 'Fostered with relatives or friends: other'),
    c('U4', 'Fostered with other carers: long term'),
    c('U5', 'Fostered with other carers: fostering for adoption or concurrent planning'),
    c('U6', 'Fostered with other carers: other'),
    c('Z1', 'Other placement', { to: 2025 }),
    c('Z11', 'Other placement (subtype 1)', { from: 2026 }),
    c('Z12', 'Other placement (subtype 2)', { from: 2026 }),
    c('Z13', 'Other placement (subtype 3)', { from: 2026 }),
    c('Z14', 'Other placement (subtype 4)', { from: 2026 }),
    c('Q1', 'Foster placement with relative or friend (historic)', { historic: true }),
    c('Q2', 'Foster placement with other carer (historic)', { historic: true }),
  ],
  PLACE_PROVIDER: [
    c('PR0', 'Parents or others with parental responsibility'),
    c('PR1', 'Own council'),
    c('PR2', 'Another council'),
    c('PR3', 'Other public body'),
    c('PR4', 'Private provider'),
    c('PR5', 'Voluntary or third sector provider'),
  ],
  REC: [
    c('E11', 'Adopted: application unopposed'),
    c('E12', 'Adopted: consent dispensed with'),
    c('E13', 'Left to live with parents, relatives or others without parental responsibility'),
    c('E14', 'Accommodation on remand ended'),
    c('E15', 'Age assessment found the young person to be 18 or over'),
    c('E16', 'Moved abroad'),
    c('E17', 'Aged 18 and stayed with current carers'),
    c('E2', 'Died'),
    c('E3', 'Care taken over by another council'),
    c('E41', 'Child arrangements (residence) order'),
    c('E43', 'Special guardianship order to former foster carers (historic)', { historic: true }),
    c('E44', 'Special guardianship order to other carers (historic)', { historic: true }),
    c('E45', 'Special guardianship order to former foster carers'),
    c('E46', 'Special guardianship order to former foster carers (relatives or friends)'),
    c('E47', 'Special guardianship order to other carers'),
    c('E48', 'Special guardianship order to other carers (relatives or friends)'),
    c('E4A', 'Returned home as part of care planning'),
    c('E4B', 'Returned home not as part of care planning'),
    c('E5', 'Moved to independent living with formal support'),
    c('E6', 'Moved to independent living without formal support'),
    c('E7', 'Transferred to adult social care residential care'),
    c('E8', 'Ceased for any other reason'),
    c('E9', 'Sentenced to custody'),
    c('X1', 'Episode ends and a new one begins the same day'),
  ],
  REASON_PLACE_CHANGE: [
    c('CARPL', 'Change to or implementation of the care plan'),
    c('CLOSE', 'Provider closed or resigned'),
    c('ALLEG', 'Allegation'),
    c('STAND', 'Standards of care concern'),
    c('APPRR', 'Approval removed'),
    c('CREQB', "Carer requested the end because of the child's behaviour"),
    c('CREQO', 'Carer requested the end for another reason'),
    c('CHILD', 'Child requested'),
    c('LAREQ', 'Council requested'),
    c('PLACE', 'Change in the status of the placement only'),
    c('CUSTOD', 'Custody arrangement'),
    c('OTHER', 'Other'),
  ],
  ETHNIC: [
    'WBRI',
    'WIRI',
    'WIRT',
    'WOTH',
    'WROM',
    'MWBC',
    'MWBA',
    'MWAS',
    'MOTH',
    'AIND',
    'APKN',
    'ABAN',
    'AOTH',
    'BCRB',
    'BAFR',
    'BOTH',
    'CHNE',
    'OOTH',
    'REFU',
    'NOBT',
  ].map((code) => c(code, code)),
  SEX: [
    c('1', 'Male', { to: 2024 }),
    c('2', 'Female', { to: 2024 }),
    c('M', 'Male', { from: 2025 }),
    c('F', 'Female', { from: 2025 }),
    c('U', 'Unknown', { from: 2025 }),
  ],
};

/** The code of list `list` named `code` valid in `collectionYear`, or undefined. */
export function findCode(list: CodeListName, code: string, collectionYear: number): Code | undefined {
  return CODE_LISTS[list].find(
    (x) =>
      x.code === code &&
      (x.from === undefined || collectionYear >= x.from) &&
      (x.to === undefined || collectionYear <= x.to),
  );
}

/** Whether `code` exists in `list` in any year (to tell "wrong year" from "unknown code"). */
export function codeExistsInAnyYear(list: CodeListName, code: string): boolean {
  return CODE_LISTS[list].some((x) => x.code === code);
}

/** Ethnicity groups used for cohorts. */
export function ethnicityGroup(code: string): 'white' | 'mixed' | 'asian' | 'black' | 'other' | 'not_known' {
  if (code === 'REFU' || code === 'NOBT') return 'not_known';
  switch (code[0]) {
    case 'W':
      return 'white';
    case 'M':
      return 'mixed';
    case 'A':
      return 'asian';
    case 'B':
      return 'black';
    default:
      return 'other';
  }
}

/**
 * The OC3 table's codes (care leavers aged 17 to 21, on or around their birthday in the year).
 * IN_TOUCH: whether the council is in touch. ACTIV: education, training or employment (F full time,
 * P part time: 1 higher education, 2 other education, 3 training or employment) or not (G4 illness
 * or disability, G5 other reasons, G6 pregnancy or parenting); 0 where not known. ACCOM: a letter
 * for the kind of accommodation and 1 (considered suitable) or 2 (not suitable); 0 where not known.
 */
export const CARE_LEAVER_CODES = {
  IN_TOUCH: new Map([
    ['YES', 'In touch'],
    ['NO', 'Not in touch'],
    ['DIED', 'Died'],
    ['REFU', 'Refuses contact'],
    ['NREQ', 'No longer requires services'],
    ['RHOM', 'Returned home for at least 6 months'],
  ]),
  ACTIV: new Map([
    ['F1', 'Full-time higher education'],
    ['P1', 'Part-time higher education'],
    ['F2', 'Full-time education other than higher education'],
    ['P2', 'Part-time education other than higher education'],
    ['F3', 'Full-time training or employment'],
    ['P3', 'Part-time training or employment'],
    ['G4', 'Not in education, training or employment: illness or disability'],
    ['G5', 'Not in education, training or employment: other reasons'],
    ['G6', 'Not in education, training or employment: pregnancy or parenting'],
    ['0', 'Not known'],
  ]),
  ACCOM: new Map([
    ...(
      [
        ['B', 'With parents or relatives'],
        ['C', 'Community home or other residential care'],
        ['D', 'Semi-independent, transitional accommodation'],
        ['E', 'Supported lodgings'],
        ['G', 'Gone abroad'],
        ['H', 'Deported'],
        ['K', 'Ordinary lodgings'],
        ['R', 'Residence not known'],
        ['S', 'No fixed abode or homeless'],
        ['T', 'Foyers'],
        ['U', 'Independent living'],
        ['V', 'Emergency accommodation'],
        ['W', 'Bed and breakfast'],
        ['X', 'In custody'],
        ['Y', 'Other accommodation'],
        ['Z', 'With former foster carers'],
      ] as const
    ).flatMap(([letter, label]) => [
      [`${letter}1`, `${label}, considered suitable`] as const,
      [`${letter}2`, `${label}, not considered suitable`] as const,
    ]),
    ['0', 'Not known'],
  ]),
} as const satisfies Record<string, ReadonlyMap<string, string>>;

/** Activity codes that count as in education, training or employment. */
export const EET_ACTIVITIES: ReadonlySet<string> = new Set(['F1', 'P1', 'F2', 'P2', 'F3', 'P3']);
/** Activity codes that count as not in education, training or employment. */
export const NEET_ACTIVITIES: ReadonlySet<string> = new Set(['G4', 'G5', 'G6']);
