/**
 * Streams a DfE children in need census XML file (Message/Header/Children/Child/...) into raw CIN
 * records, without trusting its size or encoding: bytes are hashed and decoded as strict UTF-8 as
 * they pass, the file's size, nesting depth, text length and record count are capped, and a file
 * cut short, not well formed, in an XML namespace or not a CIN census gives one fatal issue with
 * the line and element path, and reading stops.
 *
 * A plain file (elements without attributes, the five predefined entities, comments: what case
 * management systems write) is read by a small scanner here, several times faster; anything else,
 * and any file the scanner stops at, is read from the start by saxes (a streaming, non-validating
 * XML parser with line tracking; no DTD or external entities are ever loaded; already in the tree
 * through ExcelJS), which words the problem. Both feed the same steps (CinDocument), so the records,
 * lines and issues are the same. The structure is checked here against the CIN census schema's
 * elements; field values are checked by src/domain/cin/records.ts.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { collectionYearOf, parseDate } from '../domain/dates.ts';
import { CIN_FIELDS, type CinTable, type RawCinRecord } from '../domain/cin/records.ts';
import { CinIssueSink, type CinRuleId } from '../domain/cin/rules.ts';

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

/** A record the reader builds as its elements close (Child, CINdetails and the records under it). */
interface Episode {
  readonly frame: Frame;
  readonly subs: { table: CinTable; frame: Frame }[];
}

/** The element path of every child, episode and record under an episode (the structure checks fix it). */
const CHILD_PATH = 'Message/Children/Child';
const EPISODE_PATH = `${CHILD_PATH}/CINdetails`;

/**
 * The CIN census read from a document's element events, whichever scanner reports them: checks
 * the structure against the schema, files each field under the record (or header) it belongs to,
 * and emits a child's records when its <Child> closes. `lineNow` is the scanner's current line.
 * A fatal problem throws Stop; unknown elements are reported to `sink` once per file.
 */
class CinDocument {
  readonly stack: Frame[] = [];
  collectionYear: number | null = null;
  records = 0;
  closedRoot = false;
  readonly #name: string;
  readonly #sink: CinIssueSink;
  readonly #options: CinXmlOptions;
  readonly #onStart: CinXmlStart;
  readonly #lineNow: () => number;
  readonly #header: {
    collection: string | null;
    year: string | null;
    referenceDate: string | null;
    lea: string | null;
  } = { collection: null, year: null, referenceDate: null, lea: null };
  #text = '';
  #textTooLong = false;
  #emit: ((r: RawCinRecord) => void) | null = null;
  #sawRoot = false;
  #leaLine: number | null = null;
  readonly #warnedUnknown = new Set<string>();
  // The child being read, and its episodes with their records, emitted when </Child> closes.
  #child: Frame | null = null;
  #episodes: Episode[] = [];

  constructor(name: string, sink: CinIssueSink, options: CinXmlOptions, onStart: CinXmlStart, lineNow: () => number) {
    this.#name = name;
    this.#sink = sink;
    this.#options = options;
    this.#onStart = onStart;
    this.#lineNow = lineNow;
  }

  /** The element path of the open elements (and `extra` below them). */
  pathOf(extra?: string): string {
    const names = this.stack.map((f) => f.name);
    if (extra !== undefined) names.push(extra);
    return names.join('/');
  }

  stop(rule: CinRuleId, message: string, line: number | null = this.#lineNow()): never {
    throw new Stop(rule, message, line, this.pathOf());
  }

  /** An element opens: `uri` is its namespace ('' for none), `qname` its name as written. */
  open(local: string, uri: string, qname: string, line: number): void {
    const name = this.#name;
    const stack = this.stack;
    if (uri !== '')
      this.stop(
        'XML-NAMESPACE',
        `${name}, line ${line}: <${qname}> is in the XML namespace "${uri}". The CIN census schema has no namespace; this is not a CIN census file (or it was exported with the wrong schema).`,
      );
    const parent = stack.length === 0 ? null : stack[stack.length - 1]!.name;
    if (stack.length === 0) this.#checkRoot(local, line);
    if (stack.length >= MAX_DEPTH)
      this.stop(
        'XML-TOO-DEEP',
        `${name}, line ${line}: elements nest deeper than ${MAX_DEPTH} levels at ${this.pathOf(local)}.`,
      );
    if (local in CONTAINER_PARENT && CONTAINER_PARENT[local] !== parent)
      this.stop(
        'XML-STRUCTURE',
        `${name}, line ${line}: <${local}> is inside <${parent ?? '(nothing)'}>; the CIN census schema has it inside <${CONTAINER_PARENT[local] ?? '(nothing)'}>.`,
      );
    const frame: Frame = { name: local, line };
    if (local === 'Children') this.#startChildren(line);
    else if (local === 'Child') {
      frame.values = {};
      frame.lines = {};
      this.#child = frame;
      this.#episodes = [];
    } else if (local === 'CINdetails') {
      frame.values = {};
      frame.lines = {};
      this.#episodes.push({ frame, subs: [] });
    } else if (local in SUB_TABLE) {
      frame.values = {};
      frame.lines = {};
      frame.factors = [];
      this.#episodes[this.#episodes.length - 1]!.subs.push({ table: SUB_TABLE[local]!, frame });
    }
    stack.push(frame);
    this.#text = '';
    this.#textTooLong = false;
  }

  #checkRoot(local: string, line: number): void {
    const name = this.#name;
    if (this.#sawRoot) this.stop('XML-MALFORMED', `${name}, line ${line}: a second root element <${local}>.`);
    this.#sawRoot = true;
    if (local !== 'Message')
      this.stop(
        'XML-NOT-CIN',
        `${name}, line ${line}: the root element is <${local}>; a CIN census file starts with <Message>.`,
      );
  }

  /** <Children>: the header has been read, so the collection year is known. */
  #startChildren(line: number): void {
    const year = headerYear(this.#header) ?? this.#options.namedYear ?? null;
    if (year === null)
      this.stop(
        'FILE-YEAR-UNKNOWN',
        `${this.#name}: the collection year is not in the header (Header/CollectionDetails/ReferenceDate or Year) nor in the file's name (e.g. cin-2024.xml for April 2023 - March 2024).`,
        line,
      );
    this.collectionYear = year;
    this.#emit = this.#onStart(year, this.#sink);
  }

  /** Character data (entities already replaced). */
  addText(t: string): void {
    if (this.stack.length === 0) return;
    if (this.#text.length + t.length > MAX_TEXT_LENGTH) {
      this.#textTooLong = true;
      return;
    }
    this.#text += t;
  }

  /** An element closes. */
  close(local: string): void {
    const stack = this.stack;
    const frame = stack[stack.length - 1]!;
    if (this.#textTooLong)
      this.stop(
        'FILE-FIELD-TOO-LONG',
        `${this.#name}, line ${frame.line}: <${local}> holds more than ${MAX_TEXT_LENGTH} characters; no CIN census field is that long. The file is damaged or not a CIN census.`,
        frame.line,
      );
    stack.pop();
    const value = this.#text.trim();
    this.#text = '';
    if (stack.length === 0) {
      this.closedRoot = true;
      return;
    }
    if (local in CONTAINER_PARENT) this.#closeContainer(local, frame);
    else this.#field(local, value, frame.line, stack[stack.length - 1]!);
  }

  #closeContainer(local: string, frame: Frame): void {
    const header = this.#header;
    if (local === 'Child') this.#emitChild(frame);
    if (local === 'CollectionDetails' && header.collection !== null && header.collection !== 'CIN')
      this.stop(
        'XML-NOT-CIN',
        `${this.#name}, line ${frame.line}: Header/CollectionDetails/Collection is "${header.collection}"; a CIN census says CIN.`,
        frame.line,
      );
    if (local === 'Source' && header.lea !== null) this.#checkLea(header.lea, this.#leaLine ?? frame.line);
  }

  /**
   * A field element whose text has no markup, line break, tab or entity, its tags on `line`
   * (<Name>text</Name>), as the fast scanner finds most of a CIN census: filed as open, addText and
   * close would file it, without the element's frame. False (nothing done) for an element that is
   * not such a field here (a container, or nested too deep), which then goes by open and close.
   */
  leaf(local: string, text: string, line: number): boolean {
    const stack = this.stack;
    if (stack.length === 0 || stack.length >= MAX_DEPTH || local in CONTAINER_PARENT || text.length > MAX_TEXT_LENGTH)
      return false;
    this.#text = '';
    this.#textTooLong = false;
    this.#field(local, text.trim(), line, stack[stack.length - 1]!);
    return true;
  }

  /** A field: filed under the record (or header) it belongs to. */
  #field(local: string, value: string, line: number, p: Frame): void {
    const header = this.#header;
    if (p.name === 'CollectionDetails') {
      if (local === 'Collection') header.collection = value;
      else if (local === 'Year') header.year = value;
      else if (local === 'ReferenceDate') header.referenceDate = value;
      else this.#unknown(local, p.name, line);
      return;
    }
    if (p.name === 'Source') {
      if (local === 'LEA') {
        header.lea = value;
        this.#leaLine = line;
      } else if (!NOT_READ.Source!.has(local)) this.#unknown(local, p.name, line);
      return;
    }
    if (p.name === 'FactorsIdentifiedAtAssessment') {
      if (local === 'AssessmentFactors') {
        const sub = this.stack[this.stack.length - 2]!;
        sub.factors!.push(value);
        sub.lines!.AssessmentFactors ??= line;
      } else this.#unknown(local, p.name, line);
      return;
    }
    const owner = p.name === 'ChildIdentifiers' || p.name === 'ChildCharacteristics' ? this.#child : p;
    const known = FIELDS[p.name];
    if (owner !== null && owner.values !== undefined && known !== undefined && known.has(local)) {
      owner.values[local] = value;
      owner.lines![local] = line;
      return;
    }
    if (NOT_READ[p.name]?.has(local) === true) return;
    this.#unknown(local, p.name, line);
  }

  #unknown(local: string, parent: string, line: number): void {
    const key = `${parent}/${local}`;
    if (this.#warnedUnknown.has(key)) return;
    this.#warnedUnknown.add(key);
    const name = this.#name;
    this.#sink.add(
      'XML-UNKNOWN-ELEMENT',
      { file: name, row: line, column: `${this.pathOf()}/${local}` },
      `${name}, line ${line}: <${local}> inside <${parent}> is not an element of the CIN census schema; it is not read (reported once per file).`,
    );
  }

  #checkLea(lea: string, line: number): void {
    const la = this.#options.laCode;
    if (la !== undefined && /^\d{3}$/.test(la) && lea !== la)
      throw new Stop(
        'XML-LA-MISMATCH',
        `${this.#name}, line ${line}: the file is the return of local authority ${lea} (Header/Source/LEA), not of council ${la} importing it.`,
        line,
        'Message/Header/Source/LEA',
      );
  }

  /** The child, then each episode followed by the records under it, with the child's id and the referral date copied down. */
  #emitChild(frame: Frame): void {
    const emit = this.#emit;
    if (emit === null) return;
    const name = this.#name;
    const episodes = this.#episodes;
    const childValues = frame.values!;
    const id = childValues.LAchildID;
    let n = 1;
    for (const e of episodes) n += 1 + e.subs.length;
    this.records += n;
    if (this.records > MAX_RECORDS)
      this.stop('FILE-TOO-LARGE', `${name}: more than ${MAX_RECORDS} records; no council's CIN census is that large.`);
    emit({ table: 'child', file: name, row: frame.line, values: childValues, lines: frame.lines, path: CHILD_PATH });
    for (const e of episodes) {
      const ev = e.frame.values!;
      if (id !== undefined) ev.LAchildID = id;
      emit({
        table: 'cinDetails',
        file: name,
        row: e.frame.line,
        values: ev,
        lines: e.frame.lines,
        path: EPISODE_PATH,
      });
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
          path: `${EPISODE_PATH}/${s.frame.name}`,
          factors: s.table === 'assessment' ? s.frame.factors : undefined,
        });
      }
    }
    this.#child = null;
    this.#episodes = [];
  }
}

/** The file is within what the fast scanner reads itself; it is read again with saxes. */
class NotSimple extends Error {}

/** Longest markup or trailing text the fast scanner carries from one chunk to the next. */
const MAX_CARRY = 1 << 16;
const XML_DECLARATION =
  /^<\?xml version=(["'])1\.0\1(?: encoding=(["'])(?:UTF|utf)-8\2)?(?: standalone=(["'])(?:yes|no)\3)?\?>/;
const ENTITY: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const NAME_SLOTS = 1024;
const INTERNED = new Map<string, string>();
/** The one copy of a name V8 keeps for property keys (the key of an object literal is internalized). */
function internalized(name: string): string {
  let out = INTERNED.get(name);
  if (out === undefined) {
    if (INTERNED.size > 10_000) INTERNED.clear();
    out = Object.keys({ [name]: 0 })[0]!;
    INTERNED.set(out, out);
  }
  return out;
}

const PREFIX_DECLARATION = /[ \t]+xmlns:([A-Za-z_][\w.-]*)="([^"<&>]+)"/y;
const RESERVED_NAMESPACES = new Set(['http://www.w3.org/XML/1998/namespace', 'http://www.w3.org/2000/xmlns/']);

/**
 * The end of the root element's name in buf[a, end): the whole when it has no attributes, else
 * where its attributes begin, if they are only namespace prefix declarations (as schema-aware
 * exports write xmlns:xsi): they put the root in no namespace, so saxes reads them the same way.
 * Anything else (a default namespace, other attributes, a reserved prefix or namespace, a prefix
 * declared twice, a line break in the tag) is left to saxes.
 */
function rootName(buf: string, a: number, end: number): number {
  let k = a;
  while (k < end && isNameChar(buf.charCodeAt(k))) k++;
  if (k === end) return end;
  const prefixes = new Set<string>();
  let at = k;
  for (;;) {
    PREFIX_DECLARATION.lastIndex = at;
    const m = PREFIX_DECLARATION.exec(buf);
    if (m === null || m.index + m[0].length > end) break;
    const [, prefix, uri] = m as unknown as [string, string, string];
    if (prefix.toLowerCase().startsWith('xml') || prefixes.has(prefix) || RESERVED_NAMESPACES.has(uri))
      throw new NotSimple();
    prefixes.add(prefix);
    at = m.index + m[0].length;
  }
  while (at < end && (buf.charCodeAt(at) === 32 || buf.charCodeAt(at) === 9)) at++;
  if (prefixes.size === 0 || at !== end) throw new NotSimple();
  return k;
}

/** A character that may start an element name the fast scanner reads: ASCII letter or _. */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
/** ... or go on one: also digits, - and . (no colon: a prefixed name is left to saxes). */
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/**
 * A scanner for the plain XML a CIN census is written in, about ten times faster than saxes:
 * elements without attributes or spaces in their tags, text with the five predefined entities,
 * comments, and an XML declaration at the very start. It gives the same element events, text and
 * line numbers as saxes for such a document; at anything else (attributes, a DOCTYPE, CDATA,
 * character references, processing instructions, a lone carriage return, a character XML does not
 * allow, tags that do not match, a document cut short) it throws NotSimple, and the file is read
 * with saxes, which reports what is wrong in its own words.
 */
class FastScanner {
  line = 1;
  readonly #doc: CinDocument;
  readonly #open: string[] = [];
  #rest = '';
  #first = true;
  #sawRoot = false;
  readonly #names: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS);

  constructor(doc: CinDocument) {
    this.#doc = doc;
  }

  write(chunk: string): void {
    const buf = this.#rest === '' ? chunk : this.#rest + chunk;
    this.#rest = '';
    let i = 0;
    if (this.#first && buf.length > 0) {
      this.#first = false;
      if (buf.startsWith('<?xml')) {
        const decl = XML_DECLARATION.exec(buf.slice(0, 200));
        if (decl === null) throw new NotSimple();
        i = decl[0].length;
      }
    }
    const n = buf.length;
    while (i < n) {
      const lt = buf.indexOf('<', i);
      if (lt < 0) {
        this.#carry(buf, i);
        return;
      }
      if (lt > i) this.#text(buf, i, lt);
      const next = this.#markup(buf, lt);
      if (next < 0) {
        this.#carry(buf, lt);
        return;
      }
      i = next;
    }
  }

  /** The end of the file: it must have had a root element, now closed. */
  end(): void {
    if (this.#rest !== '') {
      const rest = this.#rest;
      this.#rest = '';
      if (rest.includes('<')) throw new NotSimple();
      this.#text(rest, 0, rest.length);
    }
    if (this.#open.length > 0 || !this.#sawRoot) throw new NotSimple();
  }

  #carry(buf: string, from: number): void {
    if (buf.length - from > MAX_CARRY) throw new NotSimple();
    this.#rest = buf.slice(from);
  }

  /** Text between markup: checked, lines counted, entities replaced, passed on. */
  #text(buf: string, a: number, b: number): void {
    let words = false;
    let cr = false;
    let amp = false;
    for (let k = a; k < b; k++) {
      const c = buf.charCodeAt(k);
      if (c === 10) this.line++;
      else if (c < 32) {
        if (c === 13 && buf.charCodeAt(k + 1) === 10) cr = true;
        else if (c !== 9) throw new NotSimple();
      } else {
        if (c !== 32) words = true;
        if (c === 38) amp = true;
        else if (c === 93 && buf.charCodeAt(k + 1) === 93 && buf.charCodeAt(k + 2) === 62) throw new NotSimple();
        else if (c >= 0xfffe) throw new NotSimple();
      }
    }
    if (this.#open.length === 0) {
      if (words) throw new NotSimple();
      return;
    }
    let t = buf.slice(a, b);
    if (cr) t = t.replaceAll('\r\n', '\n');
    if (amp)
      t = t.replace(/&([a-z]*);?/g, (all: string, entity: string) => {
        const ch = all.endsWith(';') ? ENTITY[entity] : undefined;
        if (ch === undefined || !Object.hasOwn(ENTITY, entity)) throw new NotSimple();
        return ch;
      });
    this.#doc.addText(t);
  }

  /** The markup starting at `lt`; returns the index after it, or -1 when it runs past the chunk. */
  #markup(buf: string, lt: number): number {
    const c1 = buf.charCodeAt(lt + 1);
    if (c1 === 47) {
      // </Name>: most often the element open at the top, compared in place (no name sliced or hashed).
      const open = this.#open;
      const top = open[open.length - 1];
      if (top !== undefined && buf.startsWith(top, lt + 2) && buf.charCodeAt(lt + 2 + top.length) === 62) {
        open.pop();
        this.#doc.close(top);
        return lt + 3 + top.length;
      }
      const gt = buf.indexOf('>', lt + 2);
      if (gt < 0) return -1;
      const name = this.#name(buf, lt + 2, gt);
      if (this.#open.pop() !== name) throw new NotSimple();
      this.#doc.close(name);
      return gt + 1;
    }
    if (c1 === 33) {
      // <!-- comment -->; anything else after <! (DOCTYPE, CDATA) is left to saxes.
      if (buf.length < lt + 4) return -1;
      if (!buf.startsWith('<!--', lt)) throw new NotSimple();
      const end = buf.indexOf('-->', lt + 4);
      if (end < 0) return -1;
      const body = buf.slice(lt + 4, end);
      if (body.includes('--') || body.endsWith('-')) throw new NotSimple();
      for (let k = 0; k < body.length; k++) {
        const c = body.charCodeAt(k);
        if (c === 10) this.line++;
        else if (c < 32 && c !== 9 && !(c === 13 && body.charCodeAt(k + 1) === 10)) throw new NotSimple();
        else if (c >= 0xfffe) throw new NotSimple();
      }
      return end + 3;
    }
    if (Number.isNaN(c1)) return -1;
    // <Name> or <Name/>; the root may declare namespace prefixes (<Message xmlns:xsi="...">).
    const gt = buf.indexOf('>', lt + 1);
    if (gt < 0) return -1;
    const empty = buf.charCodeAt(gt - 1) === 47;
    let end = empty ? gt - 1 : gt;
    if (this.#open.length === 0 && !this.#sawRoot) end = rootName(buf, lt + 1, end);
    const name = this.#name(buf, lt + 1, end);
    if (this.#open.length === 0) this.#sawRoot = true;
    else if (!empty) {
      const after = this.#leaf(buf, name, gt + 1);
      if (after >= 0) return after;
    }
    this.#doc.open(name, '', name, this.line);
    if (empty) this.#doc.close(name);
    else this.#open.push(name);
    return gt + 1;
  }

  /**
   * A field's text and end tag from `from` (<Name>text</Name> on one line, the text without markup,
   * entity, tab or a character the text check would look at twice): handed to the document as one
   * field (CinDocument.leaf); returns the index after the end tag, or -1 (nothing done) for
   * anything else, read by the general path.
   */
  #leaf(buf: string, name: string, from: number): number {
    const lt = buf.indexOf('<', from);
    if (lt < 0 || lt - from > MAX_TEXT_LENGTH || buf.charCodeAt(lt + 1) !== 47) return -1;
    if (!buf.startsWith(name, lt + 2) || buf.charCodeAt(lt + 2 + name.length) !== 62) return -1;
    for (let k = from; k < lt; k++) {
      const c = buf.charCodeAt(k);
      if (c < 32 || c === 38 || c === 93 || c >= 0xfffe) return -1;
    }
    if (!this.#doc.leaf(name, buf.slice(from, lt), this.line)) return -1;
    return lt + 3 + name.length;
  }

  /**
   * The element name at buf[a, b), checked, as an internalized string: the same few names come
   * again and again, and property lookups (the structure tables) with a sliced string cost several
   * times more. Each name is remembered in a slot by its hash and compared in full before reuse.
   */
  #name(buf: string, a: number, b: number): string {
    const first = buf.charCodeAt(a);
    if (b <= a || !isNameStart(first)) throw new NotSimple();
    let h = first;
    for (let k = a + 1; k < b; k++) {
      const c = buf.charCodeAt(k);
      if (!isNameChar(c)) throw new NotSimple();
      h = (Math.imul(h, 31) + c) | 0;
    }
    const slot = (h ^ (h >>> 10)) & (NAME_SLOTS - 1);
    const known = this.#names[slot];
    if (known !== undefined && known.length === b - a) {
      let k = 0;
      while (k < known.length && known.charCodeAt(k) === buf.charCodeAt(a + k)) k++;
      if (k === known.length) return known;
    }
    const name = internalized(buf.slice(a, b));
    this.#names[slot] = name;
    return name;
  }
}

/** Called once the collection year is known; returns the handler for the records. */
export type CinXmlStart = (collectionYear: number, sink: CinIssueSink) => (record: RawCinRecord) => void;

/** A file too large or empty is not read: one fatal issue. */
async function checkSize(path: string, name: string, sink: CinIssueSink): Promise<boolean> {
  const size = (await stat(path)).size;
  if (size > MAX_XML_BYTES) {
    sink.add(
      'FILE-TOO-LARGE',
      { file: name, row: null, column: null },
      `${name} is ${Math.round(size / 1024 / 1024)} MB; a CIN census file is never larger than ${MAX_XML_BYTES / 1024 / 1024} MB. It is not read.`,
    );
    return false;
  }
  if (size === 0) {
    sink.add(
      'FILE-EMPTY',
      { file: name, row: null, column: null },
      `${name} is empty. Expected a CIN census XML file.`,
    );
    return false;
  }
  return true;
}

/** UTF-16, a zip file or binary data, told from the first bytes. */
function checkFirstBytes(buf: Buffer, name: string): void {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))
    throw new Stop('FILE-ENCODING', `${name} is UTF-16 text; save it as UTF-8.`, null, null);
  if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04)
    throw new Stop('FILE-BINARY', `${name} is a zip file, not an XML text file.`, null, null);
  if (buf.subarray(0, 4096).indexOf(0) >= 0)
    throw new Stop('FILE-BINARY', `${name} holds binary data; it is not an XML text file.`, null, null);
}

/** Streams the file through `hash` and a strict UTF-8 decoder into `write`, chunk by chunk. */
async function streamText(path: string, name: string, hash: Hash, write: (s: string) => void): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    if (first) {
      first = false;
      checkFirstBytes(buf, name);
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
  let last: string;
  try {
    last = decoder.decode();
  } catch {
    throw new Stop(
      'FILE-ENCODING',
      `${name} ends in the middle of a character: it is cut short or not UTF-8.`,
      null,
      null,
    );
  }
  write(last);
}

interface Read {
  readonly sha256: string;
  readonly doc: CinDocument;
}

/** The file read with the fast scanner, or null when it is not plain enough (nothing reported). */
async function readFast(
  path: string,
  name: string,
  sink: CinIssueSink,
  options: CinXmlOptions,
  onStart: CinXmlStart,
): Promise<Read | null> {
  const hash = createHash('sha256');
  let scanner: FastScanner | null = null;
  const doc = new CinDocument(name, sink, options, onStart, () => scanner!.line);
  scanner = new FastScanner(doc);
  const s = scanner;
  try {
    await streamText(path, name, hash, (text) => s.write(text));
    s.end();
  } catch (err) {
    if (err instanceof NotSimple || err instanceof Stop) return null;
    throw err;
  }
  return { sha256: hash.digest('hex'), doc };
}

/** The file read with saxes: any problem is one fatal issue in `sink` (with the line and path) and reading stops. */
async function readWithSaxes(
  path: string,
  name: string,
  sink: CinIssueSink,
  options: CinXmlOptions,
  onStart: CinXmlStart,
): Promise<Read & { readonly ok: boolean }> {
  const hash = createHash('sha256');
  const parser = new SaxesParser({ xmlns: true, position: true });
  const doc = new CinDocument(name, sink, options, onStart, () => parser.line);
  parser.on('doctype', () => {
    doc.stop('XML-MALFORMED', `${name} has a DOCTYPE declaration; a CIN census file has none, and none is read.`);
  });
  parser.on('opentag', (tag: SaxesTagNS) => doc.open(tag.local, tag.uri, tag.name, parser.line));
  parser.on('text', (t: string) => doc.addText(t));
  parser.on('closetag', (tag: SaxesTagNS) => doc.close(tag.local));
  const write = (s: string): void => {
    try {
      parser.write(s);
    } catch (err) {
      if (err instanceof Stop) throw err;
      const msg = err instanceof Error ? err.message.replace(/^[^:]*:\d+:\d+: /, '') : String(err);
      throw new Stop(
        'XML-MALFORMED',
        `${name}, line ${parser.line}: the XML is not well formed (${msg}). The file is damaged or cut short; export it again.`,
        parser.line,
        doc.pathOf(),
      );
    }
  };
  try {
    await streamText(path, name, hash, write);
    checkComplete(doc, name, parser.line);
    try {
      parser.close();
    } catch (err) {
      const msg = err instanceof Error ? err.message.replace(/^[^:]*:\d+:\d+: /, '') : String(err);
      throw new Stop('XML-MALFORMED', `${name}: the XML is not well formed (${msg}).`, parser.line, null);
    }
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    sink.add(err.rule, { file: name, row: err.line, column: err.path === '' ? null : err.path }, err.message);
    return { sha256: hash.digest('hex'), doc, ok: false };
  }
  return { sha256: hash.digest('hex'), doc, ok: true };
}

/** At the end of the file: every element closed, and there was one. */
function checkComplete(doc: CinDocument, name: string, line: number): void {
  if (doc.stack.length > 0) {
    const open = doc.stack[doc.stack.length - 1]!;
    throw new Stop(
      'XML-MALFORMED',
      `${name} ends before the file is complete: <${open.name}> opened at line ${open.line} (${doc.pathOf()}) is never closed. The file looks cut short; export it again.`,
      line,
      doc.pathOf(),
    );
  }
  if (!doc.closedRoot)
    throw new Stop('XML-MALFORMED', `${name} holds no XML elements; expected a CIN census <Message>.`, null, null);
}

/**
 * Reads `path` (named `name` in issues). `onStart(year, sink)` is called once the collection year
 * is known (at <Children>) and returns the handler for the records, each emitted when its <Child>
 * closes (children first, then their episodes, then the records under each episode); the handler
 * reports its problems to the `sink` given to onStart. A plain file is read by the fast scanner,
 * its issues held back until it is read to the end; any other file (or one the fast scanner stops
 * at) is read again from the start with saxes (onStart is then called again: its records replace
 * the first attempt's).
 */
export async function readCinXml(
  path: string,
  name: string,
  sink: CinIssueSink,
  options: CinXmlOptions,
  onStart: CinXmlStart,
): Promise<CinXmlResult> {
  if (!(await checkSize(path, name, sink))) return { sha256: '', records: 0, collectionYear: null, ok: false };
  const held = new CinIssueSink(sink.limitPerRule);
  const fast = await readFast(path, name, held, options, onStart);
  if (fast !== null) sink.absorb(held);
  const { sha256, doc, ok } =
    fast !== null ? { ...fast, ok: true } : await readWithSaxes(path, name, sink, options, onStart);
  const result = { sha256, records: doc.records, collectionYear: doc.collectionYear };
  if (!ok) return { ...result, ok: false };
  if (doc.collectionYear === null) {
    sink.add(
      'XML-NOT-CIN',
      { file: name, row: null, column: 'Message' },
      `${name} has no <Children>; a CIN census file lists its children in Message/Children.`,
    );
    return { ...result, ok: false };
  }
  return { ...result, ok: true };
}
