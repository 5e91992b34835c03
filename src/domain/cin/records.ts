/**
 * From the fields of a CIN census record (as the XML reader or a CSV table gives them, by the DfE
 * element names) to the domain's records, checking each field: codes against the lists, dates,
 * dates in order, the collection year. Pure: raw records in, records and issues out.
 */
import { isoFromYmd, parseDate, type IsoDate } from '../dates.ts';
import { findCode } from '../ssda903/codeLists.ts';
import type { Place } from '../ssda903/rules.ts';
import { ukDate } from '../ssda903/rules.ts';
import { CIN_CODE_LISTS, isCinCode, sexFromGenderCurrent, type CinCodeListName } from './codeLists.ts';
import type { ChildProtectionPlan, CinAssessment, CinChild, CinEpisode, CinPlan, Section47Enquiry } from './model.ts';
import type { CinIssueSink } from './rules.ts';

/** The CIN census's record kinds: a CSV table each, an element each in the XML. */
export type CinTable = 'child' | 'cinDetails' | 'assessment' | 'cinPlan' | 'section47' | 'protectionPlan';

/** The fields of each table, by DfE element name (also the CSV columns); the first ones are required columns. */
export const CIN_FIELDS: Readonly<
  Record<CinTable, { readonly required: readonly string[]; readonly optional: readonly string[] }>
> = {
  child: {
    required: ['LAchildID', 'PersonBirthDate', 'GenderCurrent', 'Ethnicity'],
    optional: ['ExpectedPersonBirthDate'],
  },
  cinDetails: {
    required: [
      'LAchildID',
      'CINreferralDate',
      'ReferralSource',
      'PrimaryNeedCode',
      'CINclosureDate',
      'ReasonForClosure',
    ],
    optional: ['ReferralNFA', 'DateOfInitialCPC'],
  },
  assessment: {
    required: ['LAchildID', 'CINreferralDate', 'AssessmentActualStartDate', 'AssessmentAuthorisationDate'],
    optional: ['AssessmentFactors'],
  },
  cinPlan: { required: ['LAchildID', 'CINreferralDate', 'CINPlanStartDate', 'CINPlanEndDate'], optional: [] },
  section47: {
    required: ['LAchildID', 'CINreferralDate', 'S47ActualStartDate', 'DateOfInitialCPC'],
    optional: ['InitialCPCtarget', 'ICPCnotRequired'],
  },
  protectionPlan: {
    required: [
      'LAchildID',
      'CINreferralDate',
      'CPPstartDate',
      'CPPendDate',
      'InitialCategoryOfAbuse',
      'LatestCategoryOfAbuse',
    ],
    optional: ['NumberOfPreviousCPP'],
  },
};

/** A record as read: field values by element name and where each field is. */
export interface RawCinRecord {
  readonly table: CinTable;
  readonly file: string;
  /** CSV: the spreadsheet row; XML: the line of the record's opening element. */
  readonly row: number;
  readonly values: Readonly<Record<string, string | undefined>>;
  /** XML: the line of each field's element (else `row`). */
  readonly lines?: Readonly<Record<string, number>> | undefined;
  /** XML: the element path of the record (a field's column is path/field); CSV: absent (column = field). */
  readonly path?: string | undefined;
  /** AssessmentFactors as separate values (XML: one element each; CSV: split on ; , or spaces). */
  readonly factors?: readonly string[] | undefined;
}

/** Where a record was read from (for messages in later checks). */
export interface Located {
  readonly file: string;
  readonly row: number;
  readonly path?: string | undefined;
}

export type At<T> = T & { readonly at: Located };

/** One year's return, read and checked field by field. */
export interface CinReturn {
  readonly collectionYear: number;
  readonly children: At<CinChild>[];
  readonly episodes: At<CinEpisode>[];
  readonly assessments: At<CinAssessment>[];
  readonly cinPlans: At<CinPlan>[];
  readonly section47s: At<Section47Enquiry>[];
  readonly protectionPlans: At<ChildProtectionPlan>[];
}

export function emptyReturn(collectionYear: number): CinReturn {
  return {
    collectionYear,
    children: [],
    episodes: [],
    assessments: [],
    cinPlans: [],
    section47s: [],
    protectionPlans: [],
  };
}

export function placeOf(
  r: RawCinRecord | Located,
  field: string | null,
  lines?: Readonly<Record<string, number>>,
): Place {
  const line = field !== null ? (lines ?? ('lines' in r ? r.lines : undefined))?.[field] : undefined;
  const path = r.path;
  return {
    file: r.file,
    row: line ?? r.row,
    column: field === null ? (path ?? null) : path !== undefined ? `${path}/${field}` : field,
  };
}

const FLAG_TRUE = new Set(['true', 'TRUE', 'True', '1', 'Y', 'y', 'Yes', 'yes']);
const FLAG_FALSE = new Set(['false', 'FALSE', 'False', '0', 'N', 'n', 'No', 'no']);

/** Reads one raw record's fields and reports every problem; `add` is called with the record unless it cannot be keyed. */
export class CinRecordReader {
  readonly #sink: CinIssueSink;
  readonly #year: number;
  readonly #yearEnd: IsoDate;

  constructor(sink: CinIssueSink, collectionYear: number) {
    this.#sink = sink;
    this.#year = collectionYear;
    this.#yearEnd = isoFromYmd(collectionYear, 3, 31);
  }

  #text(r: RawCinRecord, field: string): string {
    return (r.values[field] ?? '').trim();
  }

  #childId(r: RawCinRecord): string | null {
    const id = this.#text(r, 'LAchildID');
    if (id === '') {
      this.#sink.add(
        'CIN-ID-MISSING',
        placeOf(r, 'LAchildID'),
        'The child id (LAchildID) is blank. Every record must name its child; nothing can be linked without it.',
      );
      return null;
    }
    return id;
  }

  /** A date that keys the record: blank or unreadable is fatal. */
  #keyDate(r: RawCinRecord, field: string, childId: string): IsoDate | null {
    const text = this.#text(r, field);
    const d = text === '' ? null : parseDate(text);
    if (d === null) {
      this.#sink.add(
        'CIN-KEY-DATE',
        placeOf(r, field),
        text === ''
          ? `Child ${childId}: ${field} is blank. It identifies the record, so it must be a date (YYYY-MM-DD or DD/MM/YYYY).`
          : `Child ${childId}: ${field} "${text}" is not a date. It identifies the record, so it must be a date (YYYY-MM-DD or DD/MM/YYYY).`,
        childId,
      );
      return null;
    }
    this.#afterYear(r, field, d, childId);
    return d;
  }

  #date(r: RawCinRecord, field: string, childId: string, checkYear = true): IsoDate | null {
    const text = this.#text(r, field);
    if (text === '') return null;
    const d = parseDate(text);
    if (d === null) {
      this.#sink.add(
        'CIN-DATE-FORMAT',
        placeOf(r, field),
        `Child ${childId}: ${field} "${text}" is not a date (expected YYYY-MM-DD or DD/MM/YYYY); it is read as blank.`,
        childId,
      );
      return null;
    }
    if (checkYear) this.#afterYear(r, field, d, childId);
    return d;
  }

  #afterYear(r: RawCinRecord, field: string, d: IsoDate, childId: string): void {
    if (d > this.#yearEnd)
      this.#sink.add(
        'CIN-DATE-AFTER-YEAR',
        placeOf(r, field),
        `Child ${childId}: ${field} ${ukDate(d)} is after the end of the ${this.#year} collection year (${ukDate(this.#yearEnd)}).`,
        childId,
      );
  }

  #order(
    r: RawCinRecord,
    later: string,
    laterDate: IsoDate | null,
    earlier: string,
    earlierDate: IsoDate | null,
    childId: string,
  ): void {
    if (laterDate !== null && earlierDate !== null && laterDate < earlierDate)
      this.#sink.add(
        'CIN-DATE-ORDER',
        placeOf(r, later),
        `Child ${childId}: ${later} ${ukDate(laterDate)} is before ${earlier} ${ukDate(earlierDate)}; it cannot be.`,
        childId,
      );
  }

  #code(r: RawCinRecord, field: string, list: CinCodeListName, childId: string, required: boolean): string | null {
    const code = this.#text(r, field);
    if (code === '') {
      if (required)
        this.#sink.add(
          'CIN-CODE-MISSING',
          placeOf(r, field),
          `Child ${childId}: ${field} is blank; it is required.`,
          childId,
        );
      return null;
    }
    if (!isCinCode(list, code)) {
      this.#sink.add(
        'CIN-CODE-UNKNOWN',
        placeOf(r, field),
        `Child ${childId}: ${field} "${code}" is not in the CIN census code list (${codesOf(list)}).`,
        childId,
      );
    }
    return code;
  }

  #flag(r: RawCinRecord, field: string, childId: string): boolean {
    const text = this.#text(r, field);
    if (text === '' || FLAG_FALSE.has(text)) return false;
    if (FLAG_TRUE.has(text)) return true;
    this.#sink.add(
      'CIN-FLAG',
      placeOf(r, field),
      `Child ${childId}: ${field} "${text}" is not true, false, 1 or 0; it is read as false.`,
      childId,
    );
    return false;
  }

  child(r: RawCinRecord, out: CinReturn): void {
    const childId = this.#childId(r);
    if (childId === null) return;
    const dob = this.#date(r, 'PersonBirthDate', childId);
    const expectedDob = this.#date(r, 'ExpectedPersonBirthDate', childId, false);
    if (dob === null && expectedDob === null)
      this.#sink.add(
        'CIN-DOB-MISSING',
        placeOf(r, 'PersonBirthDate'),
        `Child ${childId} has neither a date of birth (PersonBirthDate) nor, for an unborn child, an expected date of birth (ExpectedPersonBirthDate).`,
        childId,
      );
    const gender = this.#text(r, 'GenderCurrent');
    let sex = sexFromGenderCurrent(gender);
    if (sex === null) {
      this.#sink.add(
        gender === '' ? 'CIN-CODE-MISSING' : 'CIN-CODE-UNKNOWN',
        placeOf(r, 'GenderCurrent'),
        gender === ''
          ? `Child ${childId}: GenderCurrent is blank; it is required (1 male, 2 female, 0 not recorded or unborn, 9 indeterminate). Read as unknown.`
          : `Child ${childId}: GenderCurrent "${gender}" is not in the code list (1 male, 2 female, 0 not recorded or unborn, 9 indeterminate). Read as unknown.`,
        childId,
      );
      sex = 'U';
    }
    const ethnicity = this.#text(r, 'Ethnicity');
    if (ethnicity === '')
      this.#sink.add(
        'CIN-CODE-MISSING',
        placeOf(r, 'Ethnicity'),
        `Child ${childId}: Ethnicity is blank; it is required.`,
        childId,
      );
    else if (findCode('ETHNIC', ethnicity, this.#year) === undefined)
      this.#sink.add(
        'CIN-CODE-UNKNOWN',
        placeOf(r, 'Ethnicity'),
        `Child ${childId}: Ethnicity "${ethnicity}" is not in the code list (WBRI, WIRI, ... NOBT).`,
        childId,
      );
    out.children.push({ childId, sex, dob: dob ?? null, expectedDob, ethnicity, at: located(r) });
  }

  cinDetails(r: RawCinRecord, out: CinReturn): void {
    const childId = this.#childId(r);
    if (childId === null) return;
    const referralDate = this.#keyDate(r, 'CINreferralDate', childId);
    if (referralDate === null) return;
    const referralSource = this.#code(r, 'ReferralSource', 'referralSource', childId, true) ?? '';
    const primaryNeed = this.#code(r, 'PrimaryNeedCode', 'primaryNeed', childId, false);
    const closureDate = this.#date(r, 'CINclosureDate', childId);
    const closureReason = this.#code(r, 'ReasonForClosure', 'closureReason', childId, false);
    if ((closureDate === null) !== (closureReason === null))
      this.#sink.add(
        'CIN-CLOSURE-PAIR',
        placeOf(r, closureDate === null ? 'CINclosureDate' : 'ReasonForClosure'),
        closureDate === null
          ? `Child ${childId}, referral ${ukDate(referralDate)}: a reason for closure (${closureReason}) is given without a closure date (CINclosureDate).`
          : `Child ${childId}, referral ${ukDate(referralDate)}: the episode closed on ${ukDate(closureDate)} with no reason for closure (ReasonForClosure).`,
        childId,
      );
    this.#order(r, 'CINclosureDate', closureDate, 'CINreferralDate', referralDate, childId);
    const initialCpcDate = this.#date(r, 'DateOfInitialCPC', childId);
    this.#order(r, 'DateOfInitialCPC', initialCpcDate, 'CINreferralDate', referralDate, childId);
    out.episodes.push({
      childId,
      referralDate,
      referralSource,
      primaryNeed,
      closureDate,
      closureReason,
      referralNfa: this.#flag(r, 'ReferralNFA', childId),
      initialCpcDate,
      at: located(r),
    });
  }

  assessment(r: RawCinRecord, out: CinReturn): void {
    const childId = this.#childId(r);
    if (childId === null) return;
    const referralDate = this.#keyDate(r, 'CINreferralDate', childId);
    const start = this.#keyDate(r, 'AssessmentActualStartDate', childId);
    if (referralDate === null || start === null) return;
    this.#order(r, 'AssessmentActualStartDate', start, 'CINreferralDate', referralDate, childId);
    const authorised = this.#date(r, 'AssessmentAuthorisationDate', childId);
    this.#order(r, 'AssessmentAuthorisationDate', authorised, 'AssessmentActualStartDate', start, childId);
    const factors: string[] = [];
    const given = r.factors ?? splitFactors(this.#text(r, 'AssessmentFactors'));
    for (const f of given) {
      const code = f.trim();
      if (code === '') continue;
      if (!isCinCode('assessmentFactor', code))
        this.#sink.add(
          'CIN-CODE-UNKNOWN',
          placeOf(r, 'AssessmentFactors'),
          `Child ${childId}: assessment factor "${code}" is not in the CIN census code list (${codesOf('assessmentFactor')}).`,
          childId,
        );
      factors.push(code);
    }
    out.assessments.push({ childId, referralDate, start, authorised, factors, at: located(r) });
  }

  cinPlan(r: RawCinRecord, out: CinReturn): void {
    const childId = this.#childId(r);
    if (childId === null) return;
    const referralDate = this.#keyDate(r, 'CINreferralDate', childId);
    const start = this.#keyDate(r, 'CINPlanStartDate', childId);
    if (referralDate === null || start === null) return;
    this.#order(r, 'CINPlanStartDate', start, 'CINreferralDate', referralDate, childId);
    const end = this.#date(r, 'CINPlanEndDate', childId);
    this.#order(r, 'CINPlanEndDate', end, 'CINPlanStartDate', start, childId);
    out.cinPlans.push({ childId, referralDate, start, end, at: located(r) });
  }

  section47(r: RawCinRecord, out: CinReturn): void {
    const childId = this.#childId(r);
    if (childId === null) return;
    const referralDate = this.#keyDate(r, 'CINreferralDate', childId);
    const start = this.#keyDate(r, 'S47ActualStartDate', childId);
    if (referralDate === null || start === null) return;
    this.#order(r, 'S47ActualStartDate', start, 'CINreferralDate', referralDate, childId);
    const icpcTarget = this.#date(r, 'InitialCPCtarget', childId, false);
    const icpcDate = this.#date(r, 'DateOfInitialCPC', childId);
    this.#order(r, 'DateOfInitialCPC', icpcDate, 'S47ActualStartDate', start, childId);
    out.section47s.push({
      childId,
      referralDate,
      start,
      icpcTarget,
      icpcDate,
      icpcNotRequired: this.#flag(r, 'ICPCnotRequired', childId),
      at: located(r),
    });
  }

  protectionPlan(r: RawCinRecord, out: CinReturn): void {
    const childId = this.#childId(r);
    if (childId === null) return;
    const referralDate = this.#keyDate(r, 'CINreferralDate', childId);
    const start = this.#keyDate(r, 'CPPstartDate', childId);
    if (referralDate === null || start === null) return;
    this.#order(r, 'CPPstartDate', start, 'CINreferralDate', referralDate, childId);
    const end = this.#date(r, 'CPPendDate', childId);
    this.#order(r, 'CPPendDate', end, 'CPPstartDate', start, childId);
    const initialCategory = this.#code(r, 'InitialCategoryOfAbuse', 'categoryOfAbuse', childId, true) ?? '';
    const latestCategory = this.#code(r, 'LatestCategoryOfAbuse', 'categoryOfAbuse', childId, false) ?? initialCategory;
    const countText = this.#text(r, 'NumberOfPreviousCPP');
    let previousPlans = 0;
    if (countText !== '') {
      if (/^\d{1,4}$/.test(countText)) previousPlans = Number(countText);
      else
        this.#sink.add(
          'CIN-NUMBER',
          placeOf(r, 'NumberOfPreviousCPP'),
          `Child ${childId}: NumberOfPreviousCPP "${countText}" is not a whole number of 0 or more; it is read as 0.`,
          childId,
        );
    }
    out.protectionPlans.push({
      childId,
      referralDate,
      start,
      end,
      initialCategory,
      latestCategory,
      previousPlans,
      at: located(r),
    });
  }

  /** Reads `r` into `out` by its table. */
  read(r: RawCinRecord, out: CinReturn): void {
    switch (r.table) {
      case 'child':
        return this.child(r, out);
      case 'cinDetails':
        return this.cinDetails(r, out);
      case 'assessment':
        return this.assessment(r, out);
      case 'cinPlan':
        return this.cinPlan(r, out);
      case 'section47':
        return this.section47(r, out);
      case 'protectionPlan':
        return this.protectionPlan(r, out);
    }
  }
}

function located(r: RawCinRecord): Located {
  return r.path === undefined ? { file: r.file, row: r.row } : { file: r.file, row: r.row, path: r.path };
}

/** Assessment factors as a CSV cell holds them: separated by semicolons, commas or spaces. */
export function splitFactors(text: string): string[] {
  return text === '' ? [] : text.split(/[;,\s]+/).filter((x) => x !== '');
}

function codesOf(list: CinCodeListName): string {
  const codes = CIN_CODE_LISTS[list].map((x) => x.code);
  return codes.length > 12 ? `${codes.slice(0, 10).join(', ')}, ... ${codes[codes.length - 1]}` : codes.join(', ');
}
