/**
 * Reading the CIN census from DfE's XML and from a CSV per table, merging years, and every kind of
 * bad input (truncated XML, wrong namespace, codes out of list, dates out of order, bad encoding):
 * a clear issue naming file, row (XML: line) and column (XML: element path), and a rule.
 * Fixtures: test/cin/fixtures (hand-made; what each holds is in the file's comment).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCin } from '../../src/io/loadCin.ts';
import { readCinCounts } from '../../src/io/cinCounts.ts';
import { processFolder } from '../support/processFolder.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const XML_2024 = path.join(FIXTURES, 'xml', 'cin-2024.xml');
const rules = (issues: readonly { rule: string }[]): string[] => issues.map((i) => i.rule);

const dir = processFolder('forecare-cin-');

/** Writes `text` as `name` under a fresh folder and returns its path. */
async function file(name: string, text: string | Buffer): Promise<string> {
  const p = path.join(dir, `${Math.random().toString(36).slice(2)}`, name);
  await mkdir(path.dirname(p), { recursive: true });
  await writeFile(p, text);
  return p;
}

/** The 2024 fixture with `from` replaced by `to` (once). */
async function xmlWith(from: string, to: string): Promise<string> {
  const text = await readFile(XML_2024, 'utf8');
  assert.ok(text.includes(from), `fixture holds ${from}`);
  return file('cin-2024.xml', text.replace(from, to));
}

describe('CIN census: the hand-made fixture', () => {
  it('reads two XML years and merges them: the later return wins, records from earlier years stay', async () => {
    const r = await loadCin([path.join(FIXTURES, 'xml')], { laCode: '301' });
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.years, [2024, 2025]);
    // Worked by hand from the two files: C1-C4 in 2024, C1 again and C5 in 2025.
    assert.deepEqual(
      r.merged.children.map((c) => [c.childId, c.sex, c.dob, c.expectedDob, c.sourceYear]),
      [
        ['C1', 'F', '2015-06-01', null, 2025],
        ['C2', 'M', '2019-01-15', null, 2024],
        ['C3', 'U', null, '2024-05-01', 2024],
        ['C4', 'U', '2010-11-30', null, 2024],
        ['C5', 'M', '2012-02-29', null, 2025],
      ],
    );
    const c1 = r.merged.episodes.find((e) => e.childId === 'C1')!;
    assert.deepEqual([c1.closureDate, c1.closureReason, c1.sourceYear], ['2024-09-01', 'RC7', 2025]);
    const c4 = r.merged.episodes.find((e) => e.childId === 'C4')!;
    assert.deepEqual([c4.primaryNeed, c4.referralNfa], [null, true]);
    // C1's assessment and s47 are only in 2024 (the 2025 return has the episode and the plan): kept.
    assert.deepEqual(
      r.merged.assessments.map((a) => [a.childId, a.start, a.authorised, a.factors.join(' ')]),
      [
        ['C1', '2023-05-03', '2023-06-10', '3A 4B'],
        ['C2', '2023-09-02', '2023-10-01', '21'],
        ['C3', '2024-02-03', null, ''],
        ['C5', '2024-06-03', '2024-06-28', '24A'],
      ],
    );
    assert.deepEqual(
      r.merged.section47s.map((s) => [s.childId, s.start, s.icpcDate, s.icpcNotRequired]),
      [
        ['C1', '2023-05-04', '2023-05-20', false],
        ['C3', '2024-02-10', null, true],
      ],
    );
    assert.deepEqual(
      r.merged.protectionPlans.map((p) => [
        p.childId,
        p.start,
        p.end,
        p.initialCategory,
        p.latestCategory,
        p.sourceYear,
      ]),
      [['C1', '2023-05-20', '2024-08-01', 'NEG', 'EMO', 2025]],
    );
    assert.deepEqual(
      r.merged.cinPlans.map((p) => [p.childId, p.start, p.end]),
      [['C5', '2024-07-01', null]],
    );
  });

  it('the CSV tables of 2024 give exactly what the 2024 XML gives', async () => {
    const xml = await loadCin([XML_2024]);
    const csv = await loadCin([path.join(FIXTURES, 'csv')]);
    assert.deepEqual(csv.issues, []);
    assert.deepEqual(csv.years, [2024]);
    assert.equal(csv.files.length, 5);
    assert.deepEqual(csv.merged, xml.merged);
  });
});

describe('CIN census XML: the fast scanner and saxes read the same', () => {
  // A plain file is read by the fast scanner; one with an attribute (or anything else it does not
  // read itself) by saxes. Both must give the same records and issues, line for line.
  const plainAndSaxes = async (from: string, to: string) => {
    const text = (await readFile(XML_2024, 'utf8')).replace(from, to);
    const at = await file('cin-2024.xml', text);
    const plain = await loadCin([at], { laCode: '301' });
    // An attribute on the root (no namespace): saxes reads it. Same file name, so same messages.
    const withAttribute = text.replace(/<Message(?=[ >])/, '<Message version="1"');
    assert.notEqual(withAttribute, text);
    await writeFile(at, withAttribute);
    const viaSaxes = await loadCin([at], { laCode: '301' });
    assert.deepEqual(plain.issues, viaSaxes.issues);
    assert.deepEqual(plain.merged, viaSaxes.merged);
    return plain;
  };

  it('CRLF line ends, entities, comments inside a field, an empty element, unknown elements: same records, lines and issues', async () => {
    const r = await plainAndSaxes(
      '<LAchildID>C1</LAchildID>',
      '<LAchildID>C&amp;1</LAchildID><!-- a\r\ncomment --><Unknown/>\r\n<Other>x</Other>',
    );
    assert.ok(r.merged.children.some((c) => c.childId === 'C&1'));
    assert.deepEqual(rules(r.issues), ['XML-UNKNOWN-ELEMENT', 'XML-UNKNOWN-ELEMENT']);
  });

  it('a root declaring namespace prefixes (xmlns:xsi, as schema-aware exports write): same records and issues', async () => {
    const r = await plainAndSaxes(
      '<Message>',
      '<Message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\txmlns:xsd="http://www.w3.org/2001/XMLSchema" >',
    );
    assert.deepEqual(r.issues, []);
    assert.equal(r.merged.children.length, 4);
  });

  it('field problems found before the scanner gives way to saxes are reported once', async () => {
    // A bad code early in the file (reported by the record reader), then a processing
    // instruction further on, which the fast scanner leaves to saxes: the file is read again.
    const text = (await readFile(XML_2024, 'utf8'))
      .replace('<ReferralSource>6</ReferralSource>', '<ReferralSource>ZZ</ReferralSource>')
      .replace('</Children>', '<?pi here?></Children>');
    const r = await loadCin([await file('cin-2024.xml', text)], { laCode: '301' });
    assert.deepEqual(rules(r.issues), ['CIN-CODE-UNKNOWN']);
  });
});

describe('CIN census: bad input gives one clear issue and nothing usable', () => {
  it('a truncated XML file: fatal, naming the element left open and its line', async () => {
    const text = await readFile(XML_2024, 'utf8');
    const p = await file('cin-2024.xml', text.slice(0, text.indexOf('<LAchildID>C3')));
    const r = await loadCin([p]);
    assert.deepEqual(rules(r.issues), ['XML-MALFORMED']);
    const i = r.issues[0]!;
    assert.equal(i.fatal, true);
    assert.equal(i.file, p);
    assert.match(i.message, /cut short/);
    assert.match(i.column!, /^Message\/Children\/Child\/ChildIdentifiers$/);
    assert.equal(r.merged.children.length, 0, 'nothing merged');
  });

  it('XML that is not well formed: fatal with its line', async () => {
    const p = await xmlWith('<GenderCurrent>1</GenderCurrent>', '<GenderCurrent>1</Gender>');
    const r = await loadCin([p]);
    assert.deepEqual(rules(r.issues), ['XML-MALFORMED']);
    assert.equal(r.issues[0]!.row, 63, 'the fixture has <GenderCurrent>1</GenderCurrent> of C2 on line 63');
  });

  it('elements in a namespace: fatal XML-NAMESPACE', async () => {
    const p = await xmlWith('<Message>', '<Message xmlns="http://example.org/cin">');
    const r = await loadCin([p]);
    assert.deepEqual(rules(r.issues), ['XML-NAMESPACE']);
    assert.match(r.issues[0]!.message, /http:\/\/example\.org\/cin/);
    assert.equal(r.issues[0]!.row, 3);
  });

  it('another collection, another root, a DOCTYPE, UTF-16, bad UTF-8, an element in the wrong place', async () => {
    const cases: [string, string, string][] = [
      ['<Collection>CIN</Collection>', '<Collection>SCHOOL</Collection>', 'XML-NOT-CIN'],
      ['<Children>', '<Children><Assessments></Assessments>', 'XML-STRUCTURE'],
    ];
    for (const [from, to, rule] of cases)
      assert.deepEqual(rules((await loadCin([await xmlWith(from, to)])).issues), [rule]);
    const other = await file('cin-2024.xml', '<?xml version="1.0"?><Report><Children/></Report>');
    assert.deepEqual(rules((await loadCin([other])).issues), ['XML-NOT-CIN']);
    const doctype = await file('cin-2024.xml', '<?xml version="1.0"?><!DOCTYPE Message [<!ENTITY a "b">]><Message/>');
    assert.deepEqual(rules((await loadCin([doctype])).issues), ['XML-MALFORMED']);
    const utf16 = await file('cin-2024.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<M>', 'utf16le')]));
    assert.deepEqual(rules((await loadCin([utf16])).issues), ['FILE-ENCODING']);
    const text = await readFile(XML_2024);
    const latin1 = await file(
      'cin-2024.xml',
      Buffer.concat([text.subarray(0, 200), Buffer.from([0xe9]), text.subarray(200)]),
    );
    assert.deepEqual(rules((await loadCin([latin1])).issues), ['FILE-ENCODING']);
  });

  it('an XML file of another council is refused when the council is a 903 code', async () => {
    const r = await loadCin([XML_2024], { laCode: '302' });
    assert.deepEqual(rules(r.issues), ['XML-LA-MISMATCH']);
    assert.deepEqual(
      [r.issues[0]!.row, r.issues[0]!.column],
      [12, 'Message/Header/Source/LEA'],
      'the fixture has <LEA> on line 12',
    );
    assert.deepEqual(rules((await loadCin([XML_2024], { laCode: 'DEMO' })).issues), []);
  });

  it('codes out of list: the element path and line of the field', async () => {
    const p = await xmlWith('<ReferralSource>2A</ReferralSource>', '<ReferralSource>2Z</ReferralSource>');
    const r = await loadCin([p]);
    assert.deepEqual(rules(r.issues), ['CIN-CODE-UNKNOWN']);
    const i = r.issues[0]!;
    assert.equal(i.row, 70, "C2's ReferralSource is on line 70 of the fixture");
    assert.equal(i.column, 'Message/Children/Child/CINdetails/ReferralSource');
    assert.equal(i.childId, 'C2');
    assert.match(i.message, /"2Z" is not in the CIN census code list/);
    const factor = await xmlWith(
      '<AssessmentFactors>21</AssessmentFactors>',
      '<AssessmentFactors>99Z</AssessmentFactors>',
    );
    const f = (await loadCin([factor])).issues;
    assert.deepEqual(rules(f), ['CIN-CODE-UNKNOWN']);
    assert.equal(f[0]!.column, 'Message/Children/Child/CINdetails/Assessments/AssessmentFactors');
  });

  it('dates out of order, closure without a reason, a date after the year, a key date missing', async () => {
    const order = await xmlWith(
      '<AssessmentAuthorisationDate>2023-10-01</AssessmentAuthorisationDate>',
      '<AssessmentAuthorisationDate>2023-08-01</AssessmentAuthorisationDate>',
    );
    const o = (await loadCin([order])).issues;
    assert.deepEqual(rules(o), ['CIN-DATE-ORDER']);
    assert.equal(o[0]!.column, 'Message/Children/Child/CINdetails/Assessments/AssessmentAuthorisationDate');
    assert.match(o[0]!.message, /01\/08\/2023 is before AssessmentActualStartDate 02\/09\/2023/);
    const pair = await xmlWith('<ReasonForClosure>RC8</ReasonForClosure>', '');
    assert.deepEqual(rules((await loadCin([pair])).issues), ['CIN-CLOSURE-PAIR']);
    const late = await xmlWith(
      '<CINclosureDate>2023-11-30</CINclosureDate>',
      '<CINclosureDate>2024-04-01</CINclosureDate>',
    );
    assert.deepEqual(rules((await loadCin([late])).issues), ['CIN-DATE-AFTER-YEAR']);
    const key = await xmlWith(
      '<CINreferralDate>2023-09-01</CINreferralDate>',
      '<CINreferralDate>1/13/2023</CINreferralDate>',
    );
    const k = (await loadCin([key])).issues;
    assert.equal(k[0]!.rule, 'CIN-KEY-DATE');
    assert.equal(k[0]!.fatal, true);
  });

  it('CSV: a missing column, a record with no episode, a duplicate, a date out of order: row and column named', async () => {
    const head = 'LAchildID,CINreferralDate,ReferralSource,PrimaryNeedCode,CINclosureDate,ReasonForClosure\n';
    const missing = await file('2024-cin_details.csv', 'LAchildID,CINreferralDate,ReferralSource\nC1,02/05/2023,6\n');
    const m = (await loadCin([missing])).issues;
    assert.deepEqual(rules(m), ['COL-MISSING']);
    assert.match(m[0]!.message, /PrimaryNeedCode, CINclosureDate, ReasonForClosure are missing/);

    const folder = path.join(dir, 'csvbad', '2024');
    await mkdir(folder, { recursive: true });
    await writeFile(
      path.join(folder, 'children.csv'),
      'LAchildID,PersonBirthDate,GenderCurrent,Ethnicity\nC1,01/06/2015,2,WBRI\n',
    );
    await writeFile(
      path.join(folder, 'cin_details.csv'),
      `${head}C1,02/05/2023,6,N1,01/05/2023,RC7\nC1,02/05/2023,6,N1,,\n`,
    );
    await writeFile(
      path.join(folder, 'section47.csv'),
      'LAchildID,CINreferralDate,S47ActualStartDate,DateOfInitialCPC\nC1,03/05/2023,04/05/2023,\n',
    );
    const r = await loadCin([path.dirname(folder)]);
    const byRule = new Map(r.issues.map((i) => [i.rule, i]));
    assert.deepEqual([...byRule.keys()].sort(), ['CIN-DATE-ORDER', 'CIN-DUPLICATE', 'CIN-NO-EPISODE']);
    assert.deepEqual([byRule.get('CIN-DATE-ORDER')!.row, byRule.get('CIN-DATE-ORDER')!.column], [2, 'CINclosureDate']);
    assert.equal(byRule.get('CIN-DUPLICATE')!.row, 3);
    assert.deepEqual(
      [byRule.get('CIN-NO-EPISODE')!.file.endsWith('section47.csv'), byRule.get('CIN-NO-EPISODE')!.row],
      [true, 2],
    );
  });

  it('no year in the name of a CSV table, no CIN file at all, a path that does not exist', async () => {
    const noYear = await file('cin_details.csv', 'LAchildID\n');
    assert.deepEqual(rules((await loadCin([noYear])).issues), ['FILE-YEAR-UNKNOWN']);
    const other = await file('notes.txt', 'hello');
    assert.deepEqual(rules((await loadCin([path.dirname(other)])).issues), ['FILE-NO-TABLES']);
    assert.deepEqual(rules((await loadCin([path.join(dir, 'nope')])).issues), ['FILE-NOT-FOUND']);
  });
});

describe('monthly counts file', () => {
  it('reads months and counts, blank as unknown; a bad month or count names its row and column', async () => {
    const ok = await file(
      'counts.csv',
      'month,contacts,early_help_assessments,early_help_starts\n2024-05,310,,20\n04/2024,"1,280",40,35\n',
    );
    const r = await readCinCounts(ok);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.counts, [
      { month: '2024-04', contacts: 1280, earlyHelpAssessments: 40, earlyHelpStarts: 35 },
      { month: '2024-05', contacts: 310, earlyHelpAssessments: null, earlyHelpStarts: 20 },
    ]);
    const bad = await file('counts.csv', 'month,contacts\n2024-13,3\n2024-04,-1\n2024-04,2\n');
    const b = await readCinCounts(bad);
    assert.deepEqual(
      b.issues.map((i) => [i.rule, i.row, i.column]),
      [
        ['COUNT-MONTH', 2, 'month'],
        ['COUNT-NUMBER', 3, 'contacts'],
        ['COUNT-DUPLICATE', 4, 'month'],
      ],
    );
  });
});
