/**
 * The catalogue of SSDA903 checks: one stable id per rule, its severity and whether it is fatal.
 * Severities follow the DfE validator's habit: an error blocks a submission, a warning is a
 * "query" a person should look at. `fatal` marks problems that leave the data unusable (an import
 * never goes ahead past them); other errors block an import unless the user overrides.
 */
import { issueOf, RuleIssueSink } from '../issueSink.ts';
import type { Issue } from './types.ts';

export interface RuleInfo {
  readonly severity: 'error' | 'warning';
  readonly fatal: boolean;
  /** What the rule checks, in plain English (for the human report and the docs). */
  readonly title: string;
}

const fatal = (title: string): RuleInfo => ({ severity: 'error', fatal: true, title });
const error = (title: string): RuleInfo => ({ severity: 'error', fatal: false, title });
const warning = (title: string): RuleInfo => ({ severity: 'warning', fatal: false, title });

export const RULES = {
  // Files (the loader)
  'FILE-NOT-FOUND': fatal('A path given does not exist or cannot be read'),
  'FILE-NO-TABLES': fatal('No header or episodes table was found in the paths given'),
  'FILE-EMPTY': fatal('The file is empty or holds only a header line'),
  'FILE-BINARY': fatal('The file is not a text CSV file'),
  'FILE-ENCODING': fatal('The file is not UTF-8 text'),
  'FILE-DELIMITER': fatal('The file is not comma-separated'),
  'FILE-MALFORMED': fatal('The file is damaged or cut short (a row does not match the header)'),
  'FILE-FIELD-TOO-LONG': fatal('A field is far longer than any 903 field can be'),
  'FILE-TOO-LARGE': fatal('A workbook is too large to read safely (large returns should be CSV)'),
  'FILE-YEAR-UNKNOWN': fatal('The collection year cannot be told from the folder or file name'),
  'FILE-YEAR-NAMING': warning('The file is named by the year its collection starts in, not the March it ends in'),
  'FILE-DUPLICATE': warning('The same file content was given twice; the second copy is not read'),
  'FILE-IGNORED': warning('A file given by name is not a header, episodes, UASC or OC3 table'),
  // Columns
  'COL-MISSING': fatal('A required column is missing'),
  'COL-DUPLICATE': fatal('A column appears twice'),
  // Fields
  'CHILD-MISSING': fatal('The CHILD id is blank'),
  'CHILD-FORMAT': error('The CHILD id is longer than 10 characters'),
  'DECOM-INVALID': fatal('The episode start date (DECOM) is blank or not a date'),
  'DOB-INVALID': fatal('The date of birth (DOB) is blank or not a date'),
  'DATE-FORMAT': error('A date field is not a date'),
  'CODE-MISSING': error('A required code is blank'),
  'CODE-UNKNOWN': error('A code is not in the code list'),
  'CODE-WRONG-YEAR': error('A code is in the code list, but not for this collection year'),
  'CODE-HISTORIC': warning('A historic code, accepted and mapped'),
  'EPI-PL-DISTANCE': error('The placement distance (PL_DISTANCE) is not a number of miles from 0.0 to 999.9'),
  'EPI-PL-LA': error('The placement local authority (PL_LA) is not a local authority code (1-10 letters or digits)'),
  // Dates within a row
  'EPI-PROVIDER': error(
    'The placement provider does not fit the placement type (blank only for T0-T4 and Z placements; PR0 only with P1)',
  ),
  'EPI-DEC-BEFORE-DECOM': error('The episode ends (DEC) before it starts (DECOM)'),
  'EPI-DEC-REC-PAIR': error('DEC and REC must both be blank (episode open) or both be filled in'),
  'EPI-DECOM-BEFORE-DOB': error('The episode starts before the child was born'),
  'EPI-AGE-18': error('The child was 18 or over when the episode started'),
  'EPI-DECOM-AFTER-YEAR': error('The episode starts after the end of the collection year'),
  'EPI-DEC-AFTER-YEAR': error('The episode ends after the end of the collection year'),
  'EPI-DEC-BEFORE-YEAR': error('The episode ended before the collection year began'),
  'HDR-DOB-AFTER-YEAR': error('The date of birth is after the end of the collection year'),
  // One child's episodes
  'EPI-DUPLICATE-START': error('Two different episodes of one child start on the same day in one return'),
  'HDR-DUPLICATE-CHILD': error('A child has two different header rows in one return'),
  'EPI-OVERLAP': error("A child's episodes overlap"),
  'EPI-RNE-NOT-S': error('An episode that starts a new period of care must have RNE S'),
  'EPI-RNE-S-CONTINUES': error('An episode with RNE S starts the day the previous episode ended with X1'),
  'EPI-X1-GAP': error('An episode ending with X1 must be followed by one starting the same day'),
  // Across tables
  'XTB-EPISODE-NO-HEADER': error("An episode's child has no header row"),
  'XTB-UASC-NO-HEADER': error('A UASC child has no header row'),
  'XTB-UASC-MISMATCH': warning('UASC table and header disagree on date of birth or sex'),
  'XTB-HEADER-NO-EPISODE': warning('A child in the header has no episode in that return and is not in its OC3 table'),
  // The care leavers' table (OC3): warnings only, it feeds indicators, not the forecast
  'OC3-CODE': warning('A care leaver code (IN_TOUCH, ACTIV or ACCOM) is not in its code list'),
  'OC3-NO-HEADER': warning('A care leaver in the OC3 table has no header row'),
  'OC3-DOB-MISMATCH': warning('The OC3 table and the header disagree on date of birth'),
  'OC3-AGE': warning('A care leaver was not aged 17 to 21 on their birthday in the year'),
  'OC3-DUPLICATE-CHILD': warning('A care leaver has two rows in one OC3 table'),
  // Across years
  'XYR-DOB-CHANGED': error('The date of birth changes between returns'),
  'XYR-SEX-CHANGED': warning('The sex changes between returns'),
  'XYR-OPEN-MISSING': error('An episode open at 31 March is missing from the next return'),
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

/** Where an issue is: file, 1-based spreadsheet row (header line = 1) and column. */
export interface Place {
  readonly file: string;
  readonly row: number | null;
  readonly column: string | null;
}

export function makeIssue(rule: RuleId, place: Place, message: string, childId?: string): Issue {
  return issueOf(RULES[rule], rule, place, message, childId);
}

/** Collects the 903's issues (src/domain/issueSink.ts: each counted, at most `limitPerRule` of a rule kept). */
export class IssueSink extends RuleIssueSink<RuleId> {
  constructor(limitPerRule = 5000) {
    super(RULES, limitPerRule);
  }
}

/** A date as people in councils write it: 31/03/2024. */
export function ukDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
