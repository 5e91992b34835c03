/**
 * Children in need census code lists, from DfE's CIN census specification (the XML schema's
 * enumerations, unchanged from 2017/18 to 2024/25 for the lists here). Ethnicity uses the same
 * list as the SSDA903 (CODE_LISTS.ETHNIC).
 */
import type { Code } from '../ssda903/codeLists.ts';
import type { Sex } from '../model.ts';

export type CinCodeListName =
  'referralSource' | 'primaryNeed' | 'closureReason' | 'categoryOfAbuse' | 'assessmentFactor' | 'genderCurrent';

const c = (code: string, label: string): Code => ({ code, label });

export const CIN_CODE_LISTS: Readonly<Record<CinCodeListName, readonly Code[]>> = {
  referralSource: [
    c('1A', 'Individual: family member, relative or carer'),
    c('1B', 'Individual: acquaintance (including neighbours and child minders)'),
    c('1C', 'Individual: self'),
    c('1D', 'Individual: other (including strangers)'),
    c('2A', 'Schools'),
    c('2B', 'Education services'),
    c('3A', 'Health services: general practitioner (GP)'),
    c('3B', 'Health services: health visitor'),
    c('3C', 'Health services: school nurse'),
    c('3D', 'Health services: other primary health services'),
    c('3E', 'Health services: A&E (accident and emergency department)'),
    c('3F', 'Health services: other (for example hospice)'),
    c('4', 'Housing: local authority housing or housing association'),
    c('5A', 'LA services: social care, for example adult social care'),
    c('5B', 'LA services: other internal (for example youth offending, excluding housing)'),
    c('5C', "LA services: external, for example another local authority's adult social care"),
    c('5D', 'LA services: early help'),
    c('6', 'Police'),
    c('7', 'Other legal agency (courts, probation, immigration, Cafcass, prison)'),
    c('8', "Other (children's centres, independent agency providers, voluntary organisations)"),
    c('9', 'Anonymous'),
    c('10', 'Unknown'),
  ],
  primaryNeed: [
    c('N1', 'Abuse or neglect'),
    c('N2', "Child's disability"),
    c('N3', 'Parental disability or illness'),
    c('N4', 'Family in acute stress'),
    c('N5', 'Family dysfunction'),
    c('N6', 'Socially unacceptable behaviour'),
    c('N7', 'Low income'),
    c('N8', 'Absent parenting'),
    c('N9', 'Cases other than children in need'),
    c('N0', 'Not stated'),
  ],
  closureReason: [
    c('RC1', 'Adopted'),
    c('RC2', 'Died'),
    c('RC3', 'Child arrangements order'),
    c('RC4', 'Special guardianship order'),
    c('RC5', 'Transferred to services of another local authority'),
    c('RC6', 'Transferred to adult social care services'),
    c('RC7', 'Services ceased for any other reason, including child no longer in need'),
    c('RC8', 'Case closed after assessment, no further action'),
    c('RC9', 'Case closed after assessment, referred to early help'),
  ],
  categoryOfAbuse: [
    c('NEG', 'Neglect'),
    c('PHY', 'Physical abuse'),
    c('SAB', 'Sexual abuse'),
    c('EMO', 'Emotional abuse'),
    c('MUL', 'Multiple'),
  ],
  assessmentFactor: [
    c('1A', 'Alcohol misuse: the child'),
    c('1B', 'Alcohol misuse: parent(s) or carer(s)'),
    c('1C', 'Alcohol misuse: another person in the household'),
    c('2A', 'Drug misuse: the child'),
    c('2B', 'Drug misuse: parent(s) or carer(s)'),
    c('2C', 'Drug misuse: another person in the household'),
    c('3A', 'Domestic violence: the child the subject'),
    c('3B', 'Domestic violence: parent(s) or carer(s) the subject'),
    c('3C', 'Domestic violence: another person in the household the subject'),
    c('4A', 'Mental health: the child'),
    c('4B', 'Mental health: parent(s) or carer(s)'),
    c('4C', 'Mental health: another person in the family or household'),
    c('5A', 'Learning disability: the child'),
    c('5B', 'Learning disability: parent(s) or carer(s)'),
    c('5C', 'Learning disability: another person in the family or household'),
    c('6A', 'Physical disability or illness: the child'),
    c('6B', 'Physical disability or illness: parent(s) or carer(s)'),
    c('6C', 'Physical disability or illness: another person in the family or household'),
    c('7A', 'Young carer'),
    c('8B', 'Privately fostered: overseas children who intend to return'),
    c('8C', 'Privately fostered: overseas children who intend to stay'),
    c('8D', 'Privately fostered: UK children in educational placements'),
    c('8E', 'Privately fostered: UK children making alternative family arrangements'),
    c('8F', 'Privately fostered: other'),
    c('9A', 'Unaccompanied asylum-seeking child'),
    c('10A', 'Going or being missing'),
    c('11A', 'Child sexual exploitation'),
    c('12A', 'Trafficking'),
    c('13A', 'Gangs'),
    c('14A', 'Socially unacceptable behaviour'),
    c('15A', 'Self-harm'),
    c('16A', 'Abuse or neglect: neglect'),
    c('17A', 'Abuse or neglect: emotional abuse'),
    c('18B', 'Abuse or neglect: physical abuse (child on child)'),
    c('18C', 'Abuse or neglect: physical abuse (adult on child)'),
    c('19B', 'Abuse or neglect: sexual abuse (child on child)'),
    c('19C', 'Abuse or neglect: sexual abuse (adult on child)'),
    c('20', 'Other'),
    c('21', 'No factors identified'),
    c('22A', 'Female genital mutilation'),
    c('23A', 'Abuse linked to faith or belief'),
    c('24A', 'Child criminal exploitation'),
  ],
  genderCurrent: [c('1', 'Male'), c('2', 'Female'), c('0', 'Not recorded or unborn'), c('9', 'Indeterminate')],
};

const SETS = new Map<CinCodeListName, ReadonlySet<string>>(
  (Object.keys(CIN_CODE_LISTS) as CinCodeListName[]).map((name) => [
    name,
    new Set(CIN_CODE_LISTS[name].map((x) => x.code)),
  ]),
);

/** Whether `code` is in the CIN code list `list`. */
export function isCinCode(list: CinCodeListName, code: string): boolean {
  return SETS.get(list)?.has(code) === true;
}

/** The label of `code` in `list`, or the code itself when unknown. */
export function cinCodeLabel(list: CinCodeListName, code: string): string {
  return CIN_CODE_LISTS[list].find((x) => x.code === code)?.label ?? code;
}

/** GenderCurrent as Forecare's Sex: 1 male, 2 female, 0 and 9 unknown. Also takes M/F/U as written. */
export function sexFromGenderCurrent(code: string): Sex | null {
  switch (code) {
    case '1':
    case 'M':
      return 'M';
    case '2':
    case 'F':
      return 'F';
    case '0':
    case '9':
    case 'U':
      return 'U';
    default:
      return null;
  }
}

/** The CIN categories of abuse (initial and latest category on a child protection plan). */
export const CATEGORIES_OF_ABUSE: readonly string[] = CIN_CODE_LISTS.categoryOfAbuse.map((x) => x.code);
