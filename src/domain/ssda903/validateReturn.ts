/**
 * Checks on one return (one collection year) that need the collection year or more than one row:
 * codes against that year's code lists, dates against the year and the child's date of birth,
 * and the header, episodes and UASC tables against each other.
 */
import { addYears, isoFromYmd, type IsoDate } from '../dates.ts';
import { CARE_LEAVER_CODES, CODE_LISTS, codeExistsInAnyYear, findCode, type CodeListName } from './codeLists.ts';
import type { CareLeaverRecord, EpisodeRecord, HeaderRecord, UascRecord } from './parseRows.ts';
import { ukDate, type IssueSink, type Place } from './rules.ts';
import type { Table903 } from './types.ts';

/** One collection year's return, parsed. */
export interface Return903 {
  /** Named by the March it ends in: 2024 = 1 April 2023 - 31 March 2024. */
  readonly collectionYear: number;
  readonly header: readonly HeaderRecord[];
  readonly episodes: readonly EpisodeRecord[];
  readonly uasc: readonly UascRecord[];
  /** The OC3 table's rows (care leavers); absent when no OC3 table was read. */
  readonly oc3?: readonly CareLeaverRecord[];
  /** The tables supplied for this year; cross-table checks only run between supplied tables. */
  readonly tables: ReadonlySet<Table903>;
}

export function yearStart(collectionYear: number): IsoDate {
  return isoFromYmd(collectionYear - 1, 4, 1);
}

export function yearEnd(collectionYear: number): IsoDate {
  return isoFromYmd(collectionYear, 3, 31);
}

const FIELD_LABEL: Readonly<Record<string, string>> = {
  RNE: 'reason for new episode (RNE)',
  LS: 'legal status (LS)',
  CIN: 'category of need (CIN)',
  PLACE: 'placement type (PLACE)',
  PLACE_PROVIDER: 'placement provider (PLACE_PROVIDER)',
  REC: 'reason episode ceased (REC)',
  REASON_PLACE_CHANGE: 'reason for placement change (REASON_PLACE_CHANGE)',
  ETHNIC: 'ethnicity (ETHNIC)',
  SEX: 'sex (SEX)',
};

type Verdict = 'ok' | 'historic' | 'wrong-year' | 'unknown';

function yearsLabel(list: CodeListName, code: string): string {
  const spans = CODE_LISTS[list]
    .filter((c) => c.code === code)
    .map((c) =>
      c.from !== undefined && c.to !== undefined
        ? `${c.from} to ${c.to}`
        : c.from !== undefined
          ? `${c.from} onwards`
          : `up to ${c.to}`,
    );
  return spans.join(' and ');
}

/** Checks codes against one collection year's lists, caching verdicts per list and code. */
export class CodeChecker {
  readonly year: number;
  readonly sink: IssueSink;
  #cache = new Map<CodeListName, Map<string, Verdict>>();

  constructor(year: number, sink: IssueSink) {
    this.year = year;
    this.sink = sink;
  }

  verdict(list: CodeListName, code: string): Verdict {
    let m = this.#cache.get(list);
    if (m === undefined) this.#cache.set(list, (m = new Map()));
    let v = m.get(code);
    if (v === undefined) {
      const found = findCode(list, code, this.year);
      v = found ? (found.historic ? 'historic' : 'ok') : codeExistsInAnyYear(list, code) ? 'wrong-year' : 'unknown';
      m.set(code, v);
    }
    return v;
  }

  /**
   * Checks one code. `at` is the record (file and row); the issue's place is built only when
   * there is an issue, so checking millions of valid codes allocates nothing.
   */
  check(
    list: CodeListName,
    column: string,
    code: string | null,
    required: boolean,
    at: { readonly file: string; readonly row: number },
    childId: string,
  ): void {
    if (code === null || code === '') {
      if (!required) return;
    } else if (this.verdict(list, code) === 'ok') return;
    this.#report(list, column, code, { file: at.file, row: at.row, column }, childId);
  }

  #report(list: CodeListName, column: string, code: string | null, place: Place, childId: string): void {
    const field = FIELD_LABEL[column] ?? column;
    if (code === null || code === '') {
      // Only a required code reaches here blank (see check).
      this.sink.add(
        'CODE-MISSING',
        place,
        `Child ${childId}: the ${field} is blank. Expected one of ${this.validCodes(list)}.`,
        childId,
      );
      return;
    }
    const v = this.verdict(list, code);
    if (v === 'ok') return;
    if (v === 'historic') {
      this.sink.add(
        'CODE-HISTORIC',
        place,
        `Child ${childId}: the ${field} is ${code}, a historic code (${CODE_LISTS[list].find((c) => c.code === code)?.label ?? code}). It is accepted and mapped, but current returns use newer codes.`,
        childId,
      );
    } else if (v === 'wrong-year') {
      this.sink.add(
        'CODE-WRONG-YEAR',
        place,
        `Child ${childId}: the ${field} is ${code}, which is only valid in collection years ${yearsLabel(list, code)}, not in ${this.year - 1}/${String(this.year % 100).padStart(2, '0')}. Expected one of ${this.validCodes(list)}.`,
        childId,
      );
    } else {
      this.sink.add(
        'CODE-UNKNOWN',
        place,
        `Child ${childId}: the ${field} is "${code.slice(0, 20)}", which is not a code. Expected one of ${this.validCodes(list)}.`,
        childId,
      );
    }
  }

  validCodes(list: CodeListName): string {
    const valid = CODE_LISTS[list].filter(
      (c) => !c.historic && (c.from === undefined || this.year >= c.from) && (c.to === undefined || this.year <= c.to),
    );
    if (valid.length <= 8)
      return valid.map((c) => (c.label === c.code ? c.code : `${c.code} (${c.label.toLowerCase()})`)).join(', ');
    const codes = valid.map((c) => c.code);
    return codes.length <= 14
      ? codes.join(', ')
      : `${codes.slice(0, 12).join(', ')} ... (${codes.length} codes in the ${this.year} code list)`;
  }
}

/** The place of an issue in a record's row. */
function at(r: { readonly file: string; readonly row: number }, column: string): Place {
  return { file: r.file, row: r.row, column };
}

/** One more than the largest child index (`cx`) in the returns: the size of per-child arrays. */
export function childSpan(returns: readonly Return903[]): number {
  let n = 0;
  for (const r of returns) {
    for (const x of r.header) if (x.cx >= n) n = x.cx + 1;
    for (const x of r.episodes) if (x.cx >= n) n = x.cx + 1;
    for (const x of r.uasc) if (x.cx >= n) n = x.cx + 1;
    for (const x of r.oc3 ?? []) if (x.cx >= n) n = x.cx + 1;
  }
  return n;
}

/** What every check of one return needs. */
interface ReturnContext {
  readonly ret: Return903;
  readonly year: number;
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly codes: CodeChecker;
  /** The return's header row of each child, by child index. */
  readonly header: readonly (HeaderRecord | undefined)[];
  readonly sink: IssueSink;
}

/** Runs the per-return checks, adding issues to `sink`. */
export function validateReturn(ret: Return903, sink: IssueSink): void {
  const year = ret.collectionYear;
  const span = childSpan([ret]);
  const header = new Array<HeaderRecord | undefined>(span).fill(undefined);
  for (const h of ret.header) header[h.cx] = h;
  const ctx: ReturnContext = {
    ret,
    year,
    start: yearStart(year),
    end: yearEnd(year),
    codes: new CodeChecker(year, sink),
    header,
    sink,
  };
  checkHeaderRows(ctx);
  const childrenWithEpisodes = new Uint8Array(span);
  const reportedNoHeader = new Uint8Array(span);
  for (const e of ret.episodes) {
    childrenWithEpisodes[e.cx] = 1;
    checkEpisodeCodes(ctx, e);
    checkProvider(ctx, e);
    checkEpisodeDates(ctx, e);
    checkEpisodeAgainstHeader(ctx, e, reportedNoHeader);
  }
  checkHeadersHaveEpisodes(ctx, childrenWithEpisodes);
  checkUascRows(ctx);
  validateCareLeavers(ret, header, sink);
}

/** The header's codes, and a date of birth no later than the year's end. */
function checkHeaderRows({ ret, year, end, codes, sink }: ReturnContext): void {
  for (const h of ret.header) {
    codes.check('SEX', 'SEX', h.sexCode, true, h, h.childId);
    codes.check('ETHNIC', 'ETHNIC', h.ethnicity, true, h, h.childId);
    if (h.dob > end) {
      sink.add(
        'HDR-DOB-AFTER-YEAR',
        at(h, 'DOB'),
        `Child ${h.childId}: the date of birth ${ukDate(h.dob)} is after the end of the ${year} collection year (${ukDate(end)}). Expected a date of birth on or before ${ukDate(end)}.`,
        h.childId,
      );
    }
  }
}

/** An episode's codes against the year's code lists. */
function checkEpisodeCodes({ codes }: ReturnContext, e: EpisodeRecord): void {
  const id = e.childId;
  codes.check('RNE', 'RNE', e.reasonNew, true, e, id);
  codes.check('LS', 'LS', e.legalStatus, true, e, id);
  codes.check('CIN', 'CIN', e.needCode, true, e, id);
  codes.check('PLACE', 'PLACE', e.placement, true, e, id);
  codes.check('PLACE_PROVIDER', 'PLACE_PROVIDER', e.provider, false, e, id);
  codes.check('REC', 'REC', e.reasonEnded, false, e, id);
  codes.check('REASON_PLACE_CHANGE', 'REASON_PLACE_CHANGE', e.reasonPlaceChange, false, e, id);
}

/** The placement provider against the placement type. */
function checkProvider({ sink }: ReturnContext, e: EpisodeRecord): void {
  const id = e.childId;
  if (e.placement !== '') {
    const noProvider = /^(T[0-4]|Z\d*)$/.test(e.placement);
    if (noProvider && e.provider !== null) {
      sink.add(
        'EPI-PROVIDER',
        at(e, 'PLACE_PROVIDER'),
        `Child ${id}, episode starting ${ukDate(e.start)}: the placement provider is ${e.provider} but the placement type ${e.placement} (temporary or other placement) has no provider. Expected PLACE_PROVIDER blank.`,
        id,
      );
    } else if (!noProvider && e.provider === null) {
      sink.add(
        'EPI-PROVIDER',
        at(e, 'PLACE_PROVIDER'),
        `Child ${id}, episode starting ${ukDate(e.start)}: the placement provider (PLACE_PROVIDER) is blank for placement type ${e.placement}. Expected PR0-PR5; only temporary (T0-T4) and other (Z) placements have none.`,
        id,
      );
    } else if (e.provider === 'PR0' && e.placement !== 'P1') {
      sink.add(
        'EPI-PROVIDER',
        at(e, 'PLACE_PROVIDER'),
        `Child ${id}, episode starting ${ukDate(e.start)}: the provider is PR0 (parents or others with parental responsibility) but the placement type is ${e.placement}. PR0 goes only with P1 (placed with parents).`,
        id,
      );
    }
  }
}

/** An episode's dates: DEC with REC, in order, and within the collection year. */
function checkEpisodeDates({ year, start, end, sink }: ReturnContext, e: EpisodeRecord): void {
  const id = e.childId;
  if ((e.end === null) !== (e.reasonEnded === null)) {
    sink.add(
      'EPI-DEC-REC-PAIR',
      at(e, e.end === null ? 'DEC' : 'REC'),
      e.end === null
        ? `Child ${id}, episode starting ${ukDate(e.start)}: the reason it ceased (REC) is ${e.reasonEnded} but the end date (DEC) is blank. Fill in both when an episode has ended, or neither while it is open.`
        : `Child ${id}, episode starting ${ukDate(e.start)}: the end date (DEC) is ${ukDate(e.end)} but the reason it ceased (REC) is blank. Fill in both when an episode has ended, or neither while it is open.`,
      id,
    );
  }
  if (e.end !== null && e.end < e.start) {
    sink.add(
      'EPI-DEC-BEFORE-DECOM',
      at(e, 'DEC'),
      `Child ${id}: the episode ends (DEC ${ukDate(e.end)}) before it starts (DECOM ${ukDate(e.start)}). Expected DEC on or after DECOM.`,
      id,
    );
  }
  if (e.start > end) {
    sink.add(
      'EPI-DECOM-AFTER-YEAR',
      at(e, 'DECOM'),
      `Child ${id}: the episode starts on ${ukDate(e.start)}, after the end of the ${year} collection year (${ukDate(end)}). It belongs in a later return.`,
      id,
    );
  }
  if (e.end !== null && e.end > end) {
    sink.add(
      'EPI-DEC-AFTER-YEAR',
      at(e, 'DEC'),
      `Child ${id}, episode starting ${ukDate(e.start)}: the end date (DEC) ${ukDate(e.end)} is after the end of the ${year} collection year (${ukDate(end)}). An episode still open on ${ukDate(end)} should have DEC and REC blank.`,
      id,
    );
  }
  if (e.end !== null && e.end < start) {
    sink.add(
      'EPI-DEC-BEFORE-YEAR',
      at(e, 'DEC'),
      `Child ${id}, episode starting ${ukDate(e.start)}: it ended on ${ukDate(e.end)}, before the ${year} collection year began (${ukDate(start)}), so it does not belong in this return.`,
      id,
    );
  }
}

/** An episode against its child's header row: the row exists, and the episode starts between birth and 18. */
function checkEpisodeAgainstHeader(
  { ret, year, header, sink }: ReturnContext,
  e: EpisodeRecord,
  reportedNoHeader: Uint8Array,
): void {
  const id = e.childId;
  const h = header[e.cx];
  if (h === undefined) {
    if (ret.tables.has('header') && reportedNoHeader[e.cx] === 0) {
      reportedNoHeader[e.cx] = 1;
      sink.add(
        'XTB-EPISODE-NO-HEADER',
        at(e, 'CHILD'),
        `Child ${id} has episodes in the ${year} return but no row in its header table. Every child with an episode needs a header row (sex, date of birth, ethnicity).`,
        id,
      );
    }
    return;
  }
  if (e.start < h.dob) {
    sink.add(
      'EPI-DECOM-BEFORE-DOB',
      at(e, 'DECOM'),
      `Child ${id}: the episode starts (DECOM ${ukDate(e.start)}) before the child's date of birth (${ukDate(h.dob)}). Expected DECOM on or after the date of birth.`,
      id,
    );
  } else if (e.start >= addYears(h.dob, 18)) {
    sink.add(
      'EPI-AGE-18',
      at(e, 'DECOM'),
      `Child ${id}: the episode starts on ${ukDate(e.start)}, when the child (born ${ukDate(h.dob)}) was already 18. Episodes must start before the 18th birthday (${ukDate(addYears(h.dob, 18))}).`,
      id,
    );
  }
}

/**
 * Header rows of children with no episode in the return (when its episodes table was given). A
 * care leaver in the year's OC3 table needs a header row and has no episode: not reported.
 */
function checkHeadersHaveEpisodes({ ret, year, sink }: ReturnContext, childrenWithEpisodes: Uint8Array): void {
  if (ret.tables.has('episodes')) {
    const careLeavers = new Set<number>();
    for (const c of ret.oc3 ?? []) careLeavers.add(c.cx);
    for (const h of ret.header) {
      if (childrenWithEpisodes[h.cx] === 0 && !careLeavers.has(h.cx)) {
        sink.add(
          'XTB-HEADER-NO-EPISODE',
          { file: h.file, row: h.row, column: 'CHILD' },
          `Child ${h.childId} has a header row in the ${year} return but no episode in its episodes table. A child is reported only when looked after during the year, or as a care leaver in the year's OC3 table.`,
          h.childId,
        );
      }
    }
  }
}

/** The UASC table against the header: a row for each child, the same date of birth and sex. */
function checkUascRows({ ret, year, codes, header, sink }: ReturnContext): void {
  for (const u of ret.uasc) {
    if (u.sexCode !== '') codes.check('SEX', 'SEX', u.sexCode, false, u, u.childId);
    const h = header[u.cx];
    if (h === undefined) {
      if (ret.tables.has('header')) {
        sink.add(
          'XTB-UASC-NO-HEADER',
          at(u, 'CHILD'),
          `Child ${u.childId} is in the ${year} UASC table but has no row in the header table. Every UASC child needs a header row.`,
          u.childId,
        );
      }
      continue;
    }
    if (u.dob !== null && u.dob !== h.dob) {
      sink.add(
        'XTB-UASC-MISMATCH',
        at(u, 'DOB'),
        `Child ${u.childId}: the UASC table gives the date of birth ${ukDate(u.dob)} but the header gives ${ukDate(h.dob)}. Expected the same date in both; the header's is used.`,
        u.childId,
      );
    }
    if (u.sex !== null && u.sex !== h.sex) {
      sink.add(
        'XTB-UASC-MISMATCH',
        at(u, 'SEX'),
        `Child ${u.childId}: the UASC table gives sex ${u.sexCode} but the header gives ${h.sexCode}. Expected the same in both; the header's is used.`,
        u.childId,
      );
    }
  }
}

/**
 * Age on the birthday that falls in collection year `collectionYear` (1 April to 31 March), the
 * age the OC3 table records a care leaver at.
 */
export function ageOnBirthdayInYear(dob: IsoDate, collectionYear: number): number {
  const dobYear = Number(dob.slice(0, 4));
  const dobMonth = Number(dob.slice(5, 7));
  const birthdayYear = dobMonth >= 4 ? collectionYear - 1 : collectionYear;
  return birthdayYear - dobYear;
}

const CARE_LEAVER_FIELDS = [
  ['IN_TOUCH', 'inTouch', 'whether the council is in touch (IN_TOUCH)'],
  ['ACTIV', 'activity', 'activity (ACTIV)'],
  ['ACCOM', 'accommodation', 'accommodation (ACCOM)'],
] as const;

/**
 * The OC3 table's checks: codes in their lists, a header row for each care leaver with the same
 * date of birth, aged 17 to 21 on their birthday in the year. Warnings only: the OC3 table feeds
 * the care leavers' indicators, never the forecast, so it never holds up an import.
 */
function validateCareLeavers(ret: Return903, header: readonly (HeaderRecord | undefined)[], sink: IssueSink): void {
  const year = ret.collectionYear;
  for (const c of ret.oc3 ?? []) {
    for (const [column, key, label] of CARE_LEAVER_FIELDS) {
      const code = c[key];
      if (CARE_LEAVER_CODES[column].has(code)) continue;
      const valid = [...CARE_LEAVER_CODES[column].keys()];
      sink.add(
        'OC3-CODE',
        at(c, column),
        `Care leaver ${c.childId}: the ${label} is ${code === '' ? 'blank' : `"${code.slice(0, 20)}"`}, which is not a code. Expected one of ${valid.length > 14 ? `${valid.slice(0, 12).join(', ')} ... (${valid.length} codes)` : valid.join(', ')}; it is counted as not known.`,
        c.childId,
      );
    }
    const h = header[c.cx];
    if (h === undefined) {
      if (ret.tables.has('header')) {
        sink.add(
          'OC3-NO-HEADER',
          at(c, 'CHILD'),
          `Care leaver ${c.childId} is in the ${year} OC3 table but has no row in the header table. Every care leaver needs a header row; the OC3 table's date of birth is used.`,
          c.childId,
        );
      }
    } else if (c.dob !== null && c.dob !== h.dob) {
      sink.add(
        'OC3-DOB-MISMATCH',
        at(c, 'DOB'),
        `Care leaver ${c.childId}: the OC3 table gives the date of birth ${ukDate(c.dob)} but the header gives ${ukDate(h.dob)}. Expected the same date in both; the header's is used.`,
        c.childId,
      );
    }
    const dob = h?.dob ?? c.dob;
    if (dob !== null) {
      const age = ageOnBirthdayInYear(dob, year);
      if (age < 17 || age > 21) {
        sink.add(
          'OC3-AGE',
          at(c, 'DOB'),
          `Care leaver ${c.childId} was ${age} on their birthday in the ${year} collection year (born ${ukDate(dob)}). The OC3 table holds care leavers aged 17 to 21; the row is kept but not counted in the care leavers' indicators.`,
          c.childId,
        );
      }
    }
  }
}
