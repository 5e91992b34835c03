/** load903: layouts, encodings, date styles, Excel workbooks and what a LoadResult records. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { yearFromName } from '../../src/io/discover903.ts';
import { load903 } from '../../src/io/load903.ts';
import {
  aChild,
  anEpisode,
  aReturn,
  aUasc,
  COLUMNS,
  EPISODE_COLUMNS,
  HEADER_COLUMNS,
  toCsv,
  writeReturns,
  type ReturnSpec,
} from '../support/ssda903Builders.ts';
import { processFolder } from '../support/processFolder.ts';

const dir = processFolder('forecare-903-load-');
let n = 0;
async function folder(): Promise<string> {
  n += 1;
  const d = join(dir, `case${n}`);
  await mkdir(d, { recursive: true });
  return d;
}

/** Two years of one child: an episode open at 31 March 2023, closed in the 2024 return, then a new one. */
const twoYears: ReturnSpec[] = [
  { year: 2023, header: [aChild()], episodes: [anEpisode({ DECOM: '01/06/2022' })], uasc: [aUasc()] },
  {
    year: 2024,
    header: [aChild()],
    episodes: [anEpisode({ DECOM: '01/06/2022', DEC: '01/07/2023', REC: 'E4A' }), anEpisode({ DECOM: '01/09/2023' })],
  },
];

describe('load903', () => {
  test('reads PL_DISTANCE (miles) and PL_LA (upper case) when the episodes table has them; blank is not known', async () => {
    const d = await folder();
    await mkdir(join(d, '2024'), { recursive: true });
    await writeFile(join(d, '2024', 'header.csv'), toCsv(HEADER_COLUMNS, [aChild(), aChild({ CHILD: '1002' })]));
    await writeFile(
      join(d, '2024', 'episodes.csv'),
      toCsv(
        [...EPISODE_COLUMNS, 'PL_DISTANCE', 'PL_LA'],
        [
          anEpisode({ PL_DISTANCE: ' 12.5 ', PL_LA: 'e09000002' }),
          anEpisode({ CHILD: '1002', PL_DISTANCE: '', PL_LA: '' }),
        ],
      ),
    );
    const r = await load903([d]);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.episodes.map((e) => [e.childId, e.placementDistance, e.placementLa]),
      [
        ['1001', 12.5, 'E09000002'],
        ['1002', null, null],
      ],
    );
    // A return without the columns: not known.
    const e = await folder();
    await writeReturns(e, [aReturn()]);
    assert.deepEqual(
      (await load903([e])).episodes.map((x) => [x.placementDistance, x.placementLa]),
      [[null, null]],
    );
  });

  test('a folder per year: merged episodes, the latest return wins, file fingerprints recorded', async () => {
    const d = await folder();
    const paths = await writeReturns(d, twoYears, 'folder');
    const r = await load903([d]);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.episodes.map((e) => [e.childId, e.start, e.end, e.reasonEnded]),
      [
        ['1001', '2022-06-01', '2023-07-01', 'E4A'],
        ['1001', '2023-09-01', null, null],
      ],
    );
    assert.deepEqual(r.children, [
      { childId: '1001', sex: 'M', dob: '2010-05-01', ethnicity: 'WBRI', uasc: true, uascCeased: '2028-05-01' },
    ]);
    assert.equal(r.files.length, paths.length);
    for (const f of r.files) {
      const bytes = await readFile(f.path);
      assert.equal(f.sha256, createHash('sha256').update(bytes).digest('hex'));
    }
    assert.deepEqual(r.files.map((f) => [f.table, f.collectionYear, f.rows]).sort(), [
      ['episodes', 2023, 1],
      ['episodes', 2024, 2],
      ['header', 2023, 1],
      ['header', 2024, 1],
      ['uasc', 2023, 1],
    ]);
    const updated = r.cleaning.find((c) => c.kind === 'episode-updated-by-later-return');
    assert.equal(updated?.count, 1);
  });

  test('the combined naming (2024-episodes.csv) and explicit files give the same result as folders', async () => {
    const a = await folder();
    await writeReturns(a, twoYears, 'folder');
    const b = await folder();
    const written = await writeReturns(b, twoYears, 'combined');
    const fromFolders = await load903([a]);
    const fromCombined = await load903([b]);
    const fromFiles = await load903(written);
    assert.deepEqual(fromCombined.episodes, fromFolders.episodes);
    assert.deepEqual(fromCombined.children, fromFolders.children);
    assert.deepEqual(fromFiles.episodes, fromFolders.episodes);
    assert.deepEqual(fromFiles.issues, []);
  });

  test('other tables in the folder (reviews, oc2, missing) are left alone', async () => {
    const d = await folder();
    await writeReturns(d, [aReturn()], 'combined');
    await writeFile(join(d, '2024-reviews.csv'), 'CHILD,DOB,REVIEW\n1001,01/05/2010,01/07/2023\n');
    await writeFile(join(d, '2024-oc2.csv'), 'garbage;that;is;not;read\n');
    const r = await load903([d]);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.files.map((f) => f.table).sort(), ['episodes', 'header']);
  });

  test('UTF-8 with a BOM and CRLF line ends; ISO dates; padded and lower-case values', async () => {
    const d = join(await folder(), '2024');
    await mkdir(d);
    const header = toCsv(HEADER_COLUMNS, [aChild({ DOB: '2010-05-01', ETHNIC: ' wbri ' })], '\r\n');
    await writeFile(join(d, 'header.csv'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(header)]));
    await writeFile(
      join(d, 'episodes.csv'),
      `\ufeff${toCsv(EPISODE_COLUMNS, [anEpisode({ DECOM: '2023-06-01', LS: 'c2 ', PLACE_PROVIDER: '', PLACE: 'T1' })], '\r\n')}`,
    );
    const r = await load903([join(d, '..')]);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.children[0]?.ethnicity, 'WBRI');
    assert.deepEqual(
      r.episodes.map((e) => [e.start, e.legalStatus, e.provider]),
      [['2023-06-01', 'C2', null]],
    );
  });

  test('an Excel workbook with one sheet per table; date cells become ISO dates', async () => {
    const d = await folder();
    const wb = new ExcelJS.Workbook();
    const header = wb.addWorksheet('Header');
    header.addRow([...HEADER_COLUMNS]);
    header.addRow(['1001', 1, new Date(Date.UTC(2010, 4, 1)), 'WBRI']);
    const episodes = wb.addWorksheet('episodes');
    episodes.addRow([...EPISODE_COLUMNS]);
    episodes.addRow([
      '1001',
      new Date(Date.UTC(2023, 5, 1)),
      'S',
      'C2',
      'N1',
      'U4',
      'PR1',
      new Date(Date.UTC(2023, 8, 1)),
      'E4A',
    ]);
    const reviews = wb.addWorksheet('reviews');
    reviews.addRow(['CHILD', 'anything']);
    await wb.xlsx.writeFile(join(d, '2024.xlsx'));
    const r = await load903([d]);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.children.map((c) => [c.childId, c.sex, c.dob]),
      [['1001', 'M', '2010-05-01']],
    );
    assert.deepEqual(
      r.episodes.map((e) => [e.start, e.end, e.reasonEnded]),
      [['2023-06-01', '2023-09-01', 'E4A']],
    );
    assert.deepEqual(
      r.files.map((f) => [f.table, f.collectionYear, f.rows]),
      [
        ['header', 2024, 1],
        ['episodes', 2024, 1],
      ],
    );
  });

  test('one table per workbook, named by the file', async () => {
    const d = join(await folder(), '2024');
    await mkdir(d);
    for (const [table, rows] of [
      ['header', [aChild()]],
      ['episodes', [anEpisode()]],
    ] as const) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow([...COLUMNS[table]]);
      for (const row of rows) ws.addRow(COLUMNS[table].map((c) => row[c] ?? ''));
      await wb.xlsx.writeFile(join(d, `${table}.xlsx`));
    }
    const r = await load903([join(d, '..')]);
    assert.deepEqual(r.issues, []);
    assert.equal(r.episodes.length, 1);
  });

  test('in a year folder, a workbook of any name is read by its sheets; one without 903 sheets is left alone', async () => {
    const d = join(await folder(), '2024');
    await mkdir(d);
    const wb = new ExcelJS.Workbook();
    for (const [table, rows] of [
      ['header', [aChild()]],
      ['episodes', [anEpisode()]],
    ] as const) {
      const ws = wb.addWorksheet(table);
      ws.addRow([...COLUMNS[table]]);
      for (const row of rows) ws.addRow(COLUMNS[table].map((c) => row[c] ?? ''));
    }
    await wb.xlsx.writeFile(join(d, 'ssda903 return.xlsx'));
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Budget').addRow(['line', 'amount']);
    await other.xlsx.writeFile(join(d, 'budget.xlsx'));
    await writeFile(join(d, '~$ssda903 return.xlsx'), 'Excel lock file');
    const r = await load903([join(d, '..')]);
    assert.deepEqual(r.issues, []);
    assert.equal(r.episodes.length, 1);
    assert.deepEqual(
      r.files.map((f) => f.table),
      ['header', 'episodes'],
    );
  });

  test('a damaged workbook is one fatal issue', async () => {
    const d = join(await folder(), '2024');
    await mkdir(d);
    await writeFile(join(d, 'episodes.xlsx'), 'this is not a zip');
    const r = await load903([join(d, '..')]);
    assert.deepEqual(
      r.issues.filter((i) => i.fatal).map((i) => i.rule),
      ['FILE-BINARY'],
    );
  });

  test('exact duplicate rows are removed and counted, never silently', async () => {
    const d = await folder();
    await writeReturns(d, [aReturn({ episodes: [anEpisode(), anEpisode()], header: [aChild(), aChild()] })]);
    const r = await load903([d]);
    assert.deepEqual(r.issues, []);
    assert.equal(r.episodes.length, 1);
    assert.deepEqual(r.cleaning.map((c) => [c.kind, c.count]).sort(), [
      ['duplicate-episode-row', 1],
      ['duplicate-header-row', 1],
    ]);
    assert.match(r.cleaning[0]!.examples[0]!, /Child 1001/);
  });

  test('trailing empty fields on data rows are accepted', async () => {
    const d = join(await folder(), '2024');
    await mkdir(d);
    await writeFile(join(d, 'header.csv'), toCsv(HEADER_COLUMNS, [aChild()]).replace(/\n$/, ',,\n'));
    await writeFile(join(d, 'episodes.csv'), toCsv(EPISODE_COLUMNS, [anEpisode()]));
    const r = await load903([join(d, '..')]);
    assert.deepEqual(r.issues, []);
    assert.equal(r.children.length, 1);
  });

  test('old Mac line ends (CR only), over 64 KB', async () => {
    const d = join(await folder(), '2024');
    await mkdir(d);
    const children = Array.from({ length: 2000 }, (_, i) => aChild({ CHILD: String(10000 + i) }));
    const episodes = children.map((c) => anEpisode({ CHILD: c.CHILD! }));
    await writeFile(join(d, 'header.csv'), toCsv(HEADER_COLUMNS, children, '\r'));
    await writeFile(join(d, 'episodes.csv'), toCsv(EPISODE_COLUMNS, episodes, '\r'));
    const r = await load903([join(d, '..')]);
    assert.deepEqual(r.issues, []);
    assert.equal(r.episodes.length, 2000);
  });

  test('only other tables given by name: they are ignored, and the load is refused', async () => {
    const d = join(await folder(), '2024');
    await mkdir(d);
    await writeFile(join(d, 'reviews.csv'), 'CHILD\n1\n');
    const r = await load903([join(d, 'reviews.csv')]);
    assert.deepEqual(
      r.issues.map((i) => [i.rule, i.fatal]),
      [
        ['FILE-IGNORED', false],
        ['FILE-NO-TABLES', true],
      ],
    );
  });

  test('blank lines are skipped and counted', async () => {
    const d = join(await folder(), '2024');
    await mkdir(d);
    await writeFile(join(d, 'header.csv'), toCsv(HEADER_COLUMNS, [aChild()]));
    await writeFile(join(d, 'episodes.csv'), `${toCsv(EPISODE_COLUMNS, [anEpisode()])},,,,,,,,,,,,\n\n`);
    const r = await load903([join(d, '..')]);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.cleaning.map((c) => [c.kind, c.count]),
      [['blank-row-skipped', 1]],
    );
  });

  test('collection years from names: a bare year is the March it ends in; 2023-24 is collection year 2024', () => {
    assert.deepEqual(yearFromName('2024'), { year: 2024, explicit: false });
    assert.deepEqual(yearFromName('2024-episodes'), { year: 2024, explicit: false });
    assert.deepEqual(yearFromName('episodes_2023-24'), { year: 2024, explicit: true });
    assert.deepEqual(yearFromName('ssda903_202324'), { year: 2024, explicit: true });
    assert.equal(yearFromName('episodes'), null);
  });
});
