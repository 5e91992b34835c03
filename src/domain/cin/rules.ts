/**
 * The catalogue of checks on a children in need census: one stable id per rule, its severity and
 * whether it is fatal, as for the 903 (src/domain/ssda903/rules.ts, whose file rules a CSV table
 * shares). Issues have the 903's shape (file, row, column, rule, message); in an XML file the row
 * is the line number and the column the element's path (Message/Children/Child/CINdetails/...).
 */
import { RuleIssueSink, type IssueSinkState } from '../issueSink.ts';
import { RULES as RULES_903, type RuleInfo } from '../ssda903/rules.ts';

const fatal = (title: string): RuleInfo => ({ severity: 'error', fatal: true, title });
const error = (title: string): RuleInfo => ({ severity: 'error', fatal: false, title });
const warning = (title: string): RuleInfo => ({ severity: 'warning', fatal: false, title });

export const CIN_RULES = {
  // Files: the CSV reader's rules are the 903's, word for word.
  'FILE-NOT-FOUND': RULES_903['FILE-NOT-FOUND'],
  'FILE-EMPTY': RULES_903['FILE-EMPTY'],
  'FILE-BINARY': RULES_903['FILE-BINARY'],
  'FILE-ENCODING': RULES_903['FILE-ENCODING'],
  'FILE-DELIMITER': RULES_903['FILE-DELIMITER'],
  'FILE-MALFORMED': RULES_903['FILE-MALFORMED'],
  'FILE-FIELD-TOO-LONG': RULES_903['FILE-FIELD-TOO-LONG'],
  'FILE-TOO-LARGE': fatal('The file is larger than a CIN census can be'),
  'FILE-NO-TABLES': fatal('No CIN census XML file or CSV table was found in the paths given'),
  'FILE-YEAR-UNKNOWN': fatal('The collection year cannot be told from the file (header or name)'),
  'FILE-DUPLICATE': warning('The same file content was given twice; the second copy is not read'),
  'FILE-IGNORED': warning('A file given is not a CIN census XML file or one of the CIN CSV tables'),
  'COL-MISSING': RULES_903['COL-MISSING'],
  'COL-DUPLICATE': RULES_903['COL-DUPLICATE'],
  // XML structure
  'XML-MALFORMED': fatal('The XML is not well formed, or is cut short before </Message>'),
  'XML-NAMESPACE': fatal('The elements are in an XML namespace; the CIN census schema has none'),
  'XML-NOT-CIN': fatal('The XML is not a CIN census (root element or collection name)'),
  'XML-TOO-DEEP': fatal('Elements are nested deeper than the CIN census schema allows'),
  'XML-STRUCTURE': fatal('An element is in the wrong place for the CIN census schema'),
  'XML-UNKNOWN-ELEMENT': warning('An element the CIN census schema does not have; it was not read'),
  'XML-LA-MISMATCH': fatal("The file's local authority (Header/Source/LEA) is not the council importing it"),
  // Fields
  'CIN-ID-MISSING': fatal('The child id (LAchildID) is blank'),
  'CIN-KEY-DATE': fatal('A date that identifies a record (referral or start date) is blank or not a date'),
  'CIN-DATE-FORMAT': error('A date field is not a date'),
  'CIN-CODE-MISSING': error('A required code is blank'),
  'CIN-CODE-UNKNOWN': error('A code is not in the CIN census code list'),
  'CIN-FLAG': error('A yes/no field is not true, false, 1 or 0'),
  'CIN-NUMBER': error('A count is not a whole number of 0 or more'),
  'CIN-DOB-MISSING': error('A child has neither a date of birth nor an expected date of birth'),
  // Dates in order
  'CIN-DATE-ORDER': error('Dates are out of order (for example a closure before its referral)'),
  'CIN-CLOSURE-PAIR': error('A closure date and a reason for closure must both be given or both be blank'),
  'CIN-DATE-AFTER-YEAR': error('A date is after the end of the collection year'),
  // Records
  'CIN-DUPLICATE': error('Two different records with the same key in one return; the later one is used'),
  'CIN-NO-EPISODE': error('A record belongs to a CIN episode (child and referral date) the return does not have'),
  'CIN-NO-CHILD': error('A CIN episode belongs to a child the return does not describe'),
  // Monthly counts a council enters
  'COUNT-MONTH': fatal('The month is blank or not a month (YYYY-MM)'),
  'COUNT-NUMBER': error('A count is not a whole number of 0 or more (blank when not known)'),
  'COUNT-DUPLICATE': error('A month appears twice'),
  'COUNT-TOO-MANY': fatal('More rows than a counts file can have'),
  // Across years
  'CIN-XYR-DOB-CHANGED': warning('The date of birth changes between returns'),
} as const satisfies Record<string, RuleInfo>;

export type CinRuleId = keyof typeof CIN_RULES;

/** A CinIssueSink's contents as plain data. */
export type CinIssueSinkState = IssueSinkState;

/** Collects CIN issues (src/domain/issueSink.ts: each counted, at most `limitPerRule` of a rule kept), like the 903's IssueSink. */
export class CinIssueSink extends RuleIssueSink<CinRuleId> {
  constructor(limitPerRule = 5000) {
    super(CIN_RULES, limitPerRule);
  }

  /** A sink holding what `state` (a snapshot) held. */
  static restore(state: CinIssueSinkState): CinIssueSink {
    const sink = new CinIssueSink(state.limitPerRule);
    sink.restoreState(state);
    return sink;
  }
}
