/**
 * Streams a DfE children in need census XML file (Message/Header/Children/Child/...) into raw CIN
 * records, without trusting its size or encoding: bytes are hashed and decoded as strict UTF-8 as
 * they pass, the file's size, nesting depth, text length and record count are capped, and a file
 * cut short, not well formed, in an XML namespace or not a CIN census gives one fatal issue with
 * the line and element path, and reading stops.
 *
 * The parser is saxes (a streaming, non-validating XML parser with line tracking; no DTD or
 * external entities are ever loaded; already in the tree through ExcelJS). The structure is
 * checked here against the CIN census schema's elements; field values are checked by
 * src/domain/cin/records.ts.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { collectionYearOf, parseDate } from '../domain/dates.ts';
import { CIN_FIELDS, type CinTable, type RawCinRecord } from '../domain/cin/records.ts';
import type { CinIssueSink, CinRuleId } from '../domain/cin/rules.ts';

/** Larger than any council's CIN census for one year (about 100 MB for the largest). */
export const MAX_XML_BYTES = 1024 * 1024 * 1024;
/** No CIN field is longer than a few dozen characters. */
export const MAX_TEXT_LENGTH = 1000;
/** The schema nests seven deep (Message/Children/Child/CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors). */
export const MAX_DEPTH = 10;
/** Records in one file: more than any council returns in a year. */
export const MAX_RECORDS = 5_000_000;

/** Where each container element may appear (its parent), per the CIN census schema. */
const CONTAINER_PARENT: Readonly<Record<string, string | null>> = {
  Message: null,
  Header: 'Message',
  CollectionDetails: 'Header',
  Source: 'Header',
  Children: 'Message',
  Child: 'Children',
  ChildIdentifiers: 'Child',
  ChildCharacteristics: 'Child',
  Disabilities: 'ChildCharacteristics',
  CINdetails: 'Child',
  Assessments: 'CINdetails',
  FactorsIdentifiedAtAssessment: 'Assessments',
  CINPlanDates: 'CINdetails',
  Section47: 'CINdetails',
  ChildProtectionPlans: 'CINdetails',
  Reviews: 'ChildProtectionPlans',
};

/** The sub-records of a CIN episode, by element. */
const SUB_TABLE: Readonly<Record<string, CinTable>> = {
  Assessments: 'assessment',
  CINPlanDates: 'cinPlan',
  Section47: 'section47',
  ChildProtectionPlans: 'protectionPlan',
};

/** Fields the schema has that Forecare does not read (no warning for them). */
const NOT_READ: Readonly<Record<string, ReadonlySet<string>>> = {
  ChildIdentifiers: new Set(['UPN', 'FormerUPN', 'UPNunknown', 'PersonDeathDate']),
  ChildCharacteristics: new Set(),
  Disabilities: new Set(['Disability']),
  Reviews: new Set(['CPPreviewDate']),
  Assessments: new Set(['AssessmentInternalReviewDate']),
  CollectionDetails: new Set(['Collection', 'Year', 'ReferenceDate']),
  Source: new Set(['SourceLevel', 'LEA', 'SoftwareCode', 'Release', 'SerialNo', 'DateTime']),
};

function fieldsOf(table: CinTable): ReadonlySet<string> {
  return new Set([...CIN_FIELDS[table].required, ...CIN_FIELDS[table].optional]);
}
const FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  ChildIdentifiers: fieldsOf('child'),
  ChildCharacteristics: fieldsOf('child'),
  CINdetails: fieldsOf('cinDetails'),
  Assessments: fieldsOf('assessment'),
  CINPlanDates: fieldsOf('cinPlan'),
  Section47: fieldsOf('section47'),
  ChildProtectionPlans: fieldsOf('protectionPlan'),
};

export interface CinXmlHeader {
  readonly collection: string | null;
  readonly year: string | null;
  readonly referenceDate: string | null;
  readonly lea: string | null;
}

export interface CinXmlResult {
  readonly sha256: string;
  /** Records read (children, episodes and the records under them). */
  readonly records: number;
  readonly collectionYear: number | null;
  /** False when a fatal issue was recorded and reading stopped. */
  readonly ok: boolean;
}

export interface CinXmlOptions {
  /** The council importing: a three-digit code is checked against Header/Source/LEA. */
  readonly laCode?: string | undefined;
  /** The collection year the file's name gives, used when the header has none. */
  readonly namedYear?: number | null | undefined;
}

class Stop extends Error {
  readonly rule: CinRuleId;
  readonly line: number | null;
  readonly path: string | null;
  constructor(rule: CinRuleId, message: string, line: number | null, path: string | null) {
    super(message);
    this.rule = rule;
    this.line = line;
    this.path = path;
  }
}

interface Frame {
  readonly name: string;
  readonly line: number;
  /** Values of the record this element is (Child, CINdetails, Assessments, ...). */
  values?: Record<string, string>;
  lines?: Record<string, number>;
  factors?: string[];
}

/** The collection year of a header: from ReferenceDate (31 March Y is year Y), else Year. */
export function headerYear(h: CinXmlHeader): number | null {
  const ref = h.referenceDate === null ? null : parseDate(h.referenceDate);
  if (ref !== null) return collectionYearOf(ref);
  if (h.year !== null && /^\d{4}$/.test(h.year.trim())) return Number(h.year.trim());
  return null;
}

/**
 * Reads `path` (named `name` in issues). `onStart(year)` is called once the collection year is
 * known (at <Children>) and returns the handler for the records, each emitted when its <Child>
 * closes (children first, then their episodes, then the records under each episode).
 */
export async function readCinXml(
  path: string,
  name: string,
  sink: CinIssueSink,
  options: CinXmlOptions,
  onStart: (collectionYear: number) => (record: RawCinRecord) => void,
): Promise<CinXmlResult> {
  const hash = createHash('sha256');
  const size = (await stat(path)).size;
  if (size > MAX_XML_BYTES) {
    sink.add(
      'FILE-TOO-LARGE',
      { file: name, row: null, column: null },
      `${name} is ${Math.round(size / 1024 / 1024)} MB; a CIN census file is never larger than ${MAX_XML_BYTES / 1024 / 1024} MB. It is not read.`,
    );
    return { sha256: '', records: 0, collectionYear: null, ok: false };
  }
  if (size === 0) {
    sink.add(
      'FILE-EMPTY',
      { file: name, row: null, column: null },
      `${name} is empty. Expected a CIN census XML file.`,
    );
    return { sha256: '', records: 0, collectionYear: null, ok: false };
  }

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Frame[] = [];
  const header = { collection: null, year: null, referenceDate: null, lea: null } as {
    collection: string | null;
    year: string | null;
    referenceDate: string | null;
    lea: string | null;
  };
  let text = '';
  let textTooLong = false;
  let emit: ((r: RawCinRecord) => void) | null = null;
  let collectionYear: number | null = null;
  let records = 0;
  let sawRoot = false;
  let leaLine: number | null = null;
  let closedRoot = false;
  const warnedUnknown = new Set<string>();
  // The child being read, and its episodes with their records, emitted when </Child> closes.
  let child: Frame | null = null;
  let episodes: { frame: Frame; subs: { table: CinTable; frame: Frame }[] }[] = [];

  const pathOf = (extra?: string): string => {
    const names = stack.map((f) => f.name);
    if (extra !== undefined) names.push(extra);
    return names.join('/');
  };
  const stop = (rule: CinRuleId, message: string, line: number | null = parser.line): never => {
    throw new Stop(rule, message, line, pathOf());
  };

  parser.on('doctype', () => {
    stop('XML-MALFORMED', `${name} has a DOCTYPE declaration; a CIN census file has none, and none is read.`);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const line = parser.line;
    if (tag.uri !== '')
      stop(
        'XML-NAMESPACE',
        `${name}, line ${line}: <${tag.name}> is in the XML namespace "${tag.uri}". The CIN census schema has no namespace; this is not a CIN census file (or it was exported with the wrong schema).`,
      );
    const local = tag.local;
    const parent = stack.length === 0 ? null : stack[stack.length - 1]!.name;
    if (stack.length === 0) {
      if (sawRoot) stop('XML-MALFORMED', `${name}, line ${line}: a second root element <${local}>.`);
      sawRoot = true;
      if (local !== 'Message')
        stop(
          'XML-NOT-CIN',
          `${name}, line ${line}: the root element is <${local}>; a CIN census file starts with <Message>.`,
        );
    }
    if (stack.length >= MAX_DEPTH)
      stop('XML-TOO-DEEP', `${name}, line ${line}: elements nest deeper than ${MAX_DEPTH} levels at ${pathOf(local)}.`);
    if (local in CONTAINER_PARENT && CONTAINER_PARENT[local] !== parent)
      stop(
        'XML-STRUCTURE',
        `${name}, line ${line}: <${local}> is inside <${parent ?? '(nothing)'}>; the CIN census schema has it inside <${CONTAINER_PARENT[local] ?? '(nothing)'}>.`,
      );
    const frame: Frame = { name: local, line };
    if (local === 'Children') {
      const year = headerYear(header) ?? options.namedYear ?? null;
      if (year === null)
        return stop(
          'FILE-YEAR-UNKNOWN',
          `${name}: the collection year is not in the header (Header/CollectionDetails/ReferenceDate or Year) nor in the file's name (e.g. cin-2024.xml for April 2023 - March 2024).`,
          line,
        );
      collectionYear = year;
      emit = onStart(year);
    } else if (local === 'Child') {
      frame.values = {};
      frame.lines = {};
      child = frame;
      episodes = [];
    } else if (local === 'CINdetails') {
      frame.values = {};
      frame.lines = {};
      episodes.push({ frame, subs: [] });
    } else if (local in SUB_TABLE) {
      frame.values = {};
      frame.lines = {};
      frame.factors = [];
      episodes[episodes.length - 1]!.subs.push({ table: SUB_TABLE[local]!, frame });
    }
    stack.push(frame);
    text = '';
    textTooLong = false;
  });
  parser.on('text', (t: string) => {
    if (stack.length === 0) return;
    if (text.length + t.length > MAX_TEXT_LENGTH) {
      textTooLong = true;
      return;
    }
    text += t;
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    const frame = stack[stack.length - 1]!;
    const local = tag.local;
    if (textTooLong)
      stop(
        'FILE-FIELD-TOO-LONG',
        `${name}, line ${frame.line}: <${local}> holds more than ${MAX_TEXT_LENGTH} characters; no CIN census field is that long. The file is damaged or not a CIN census.`,
        frame.line,
      );
    stack.pop();
    const parent = stack.length === 0 ? null : stack[stack.length - 1]!;
    const value = text.trim();
    text = '';
    if (stack.length === 0) {
      closedRoot = true;
      return;
    }
    if (local in CONTAINER_PARENT) {
      if (local === 'Child') emitChild(frame);
      if (local === 'CollectionDetails' && header.collection !== null && header.collection !== 'CIN')
        stop(
          'XML-NOT-CIN',
          `${name}, line ${frame.line}: Header/CollectionDetails/Collection is "${header.collection}"; a CIN census says CIN.`,
          frame.line,
        );
      if (local === 'Source' && header.lea !== null) checkLea(header.lea, leaLine ?? frame.line);
      return;
    }
    // A field: file it under the record (or header) it belongs to.
    const p = parent!;
    if (p.name === 'CollectionDetails') {
      if (local === 'Collection') header.collection = value;
      else if (local === 'Year') header.year = value;
      else if (local === 'ReferenceDate') header.referenceDate = value;
      else unknown(local, p.name, frame.line);
      return;
    }
    if (p.name === 'Source') {
      if (local === 'LEA') {
        header.lea = value;
        leaLine = frame.line;
      } else if (!NOT_READ.Source!.has(local)) unknown(local, p.name, frame.line);
      return;
    }
    if (p.name === 'FactorsIdentifiedAtAssessment') {
      if (local === 'AssessmentFactors') {
        const sub = stack[stack.length - 2]!;
        sub.factors!.push(value);
        sub.lines!.AssessmentFactors ??= frame.line;
      } else unknown(local, p.name, frame.line);
      return;
    }
    const owner = p.name === 'ChildIdentifiers' || p.name === 'ChildCharacteristics' ? child : p;
    const known = FIELDS[p.name];
    if (owner !== null && owner.values !== undefined && known !== undefined && known.has(local)) {
      owner.values[local] = value;
      owner.lines![local] = frame.line;
      return;
    }
    if (NOT_READ[p.name]?.has(local) === true) return;
    unknown(local, p.name, frame.line);
  });

  function unknown(local: string, parent: string, line: number): void {
    const key = `${parent}/${local}`;
    if (warnedUnknown.has(key)) return;
    warnedUnknown.add(key);
    sink.add(
      'XML-UNKNOWN-ELEMENT',
      { file: name, row: line, column: `${pathOf()}/${local}` },
      `${name}, line ${line}: <${local}> inside <${parent}> is not an element of the CIN census schema; it is not read (reported once per file).`,
    );
  }

  function checkLea(lea: string, line: number): void {
    const la = options.laCode;
    if (la !== undefined && /^\d{3}$/.test(la) && lea !== la)
      throw new Stop(
        'XML-LA-MISMATCH',
        `${name}, line ${line}: the file is the return of local authority ${lea} (Header/Source/LEA), not of council ${la} importing it.`,
        line,
        'Message/Header/Source/LEA',
      );
  }

  function emitChild(frame: Frame): void {
    if (emit === null) return;
    const basePath = pathOf('Child');
    const childValues = frame.values!;
    const id = childValues.LAchildID;
    const n = 1 + episodes.reduce((s, e) => s + 1 + e.subs.length, 0);
    records += n;
    if (records > MAX_RECORDS)
      stop('FILE-TOO-LARGE', `${name}: more than ${MAX_RECORDS} records; no council's CIN census is that large.`);
    emit({ table: 'child', file: name, row: frame.line, values: childValues, lines: frame.lines, path: basePath });
    for (const e of episodes) {
      const ev = e.frame.values!;
      if (id !== undefined) ev.LAchildID = id;
      const epPath = `${basePath}/CINdetails`;
      emit({ table: 'cinDetails', file: name, row: e.frame.line, values: ev, lines: e.frame.lines, path: epPath });
      for (const s of e.subs) {
        const v = s.frame.values!;
        if (id !== undefined) v.LAchildID = id;
        if (ev.CINreferralDate !== undefined) v.CINreferralDate = ev.CINreferralDate;
        const lines = { ...s.frame.lines, CINreferralDate: e.frame.lines!.CINreferralDate ?? e.frame.line };
        emit({
          table: s.table,
          file: name,
          row: s.frame.line,
          values: v,
          lines,
          path: `${epPath}/${s.frame.name}`,
          factors: s.table === 'assessment' ? s.frame.factors : undefined,
        });
      }
    }
    child = null;
    episodes = [];
  }

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let first = true;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const buf = chunk as Buffer;
      hash.update(buf);
      if (first) {
        first = false;
        if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))
          throw new Stop('FILE-ENCODING', `${name} is UTF-16 text; save it as UTF-8.`, null, null);
        if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04)
          throw new Stop('FILE-BINARY', `${name} is a zip file, not an XML text file.`, null, null);
        if (buf.subarray(0, 4096).indexOf(0) >= 0)
          throw new Stop('FILE-BINARY', `${name} holds binary data; it is not an XML text file.`, null, null);
      }
      let s: string;
      try {
        s = decoder.decode(buf, { stream: true });
      } catch {
        throw new Stop(
          'FILE-ENCODING',
          `${name} is not UTF-8 text (an invalid byte near byte ${bytes + 1}). Save it as UTF-8.`,
          null,
          null,
        );
      }
      bytes += buf.length;
      write(s);
    }
    try {
      write(decoder.decode());
    } catch {
      throw new Stop(
        'FILE-ENCODING',
        `${name} ends in the middle of a character: it is cut short or not UTF-8.`,
        null,
        null,
      );
    }
    if (stack.length > 0) {
      const open = stack[stack.length - 1]!;
      throw new Stop(
        'XML-MALFORMED',
        `${name} ends before the file is complete: <${open.name}> opened at line ${open.line} (${pathOf()}) is never closed. The file looks cut short; export it again.`,
        parser.line,
        pathOf(),
      );
    }
    if (!closedRoot)
      throw new Stop('XML-MALFORMED', `${name} holds no XML elements; expected a CIN census <Message>.`, null, null);
    try {
      parser.close();
    } catch (err) {
      const msg = err instanceof Error ? err.message.replace(/^[^:]*:\d+:\d+: /, '') : String(err);
      throw new Stop('XML-MALFORMED', `${name}: the XML is not well formed (${msg}).`, parser.line, null);
    }
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    sink.add(err.rule, { file: name, row: err.line, column: err.path === '' ? null : err.path }, err.message);
    return { sha256: hash.digest('hex'), records, collectionYear, ok: false };
  }
  if (collectionYear === null) {
    sink.add(
      'XML-NOT-CIN',
      { file: name, row: null, column: 'Message' },
      `${name} has no <Children>; a CIN census file lists its children in Message/Children.`,
    );
    return { sha256: hash.digest('hex'), records, collectionYear, ok: false };
  }
  return { sha256: hash.digest('hex'), records, collectionYear, ok: true };

  function write(s: string): void {
    try {
      parser.write(s);
    } catch (err) {
      if (err instanceof Stop) throw err;
      const msg = err instanceof Error ? err.message.replace(/^[^:]*:\d+:\d+: /, '') : String(err);
      throw new Stop(
        'XML-MALFORMED',
        `${name}, line ${parser.line}: the XML is not well formed (${msg}). The file is damaged or cut short; export it again.`,
        parser.line,
        pathOf(),
      );
    }
  }
}
