/** Shared building blocks: paths, Excel, charts, tables, formatting, upload name guards, the session store. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../src/web/paths.ts';
import { GBP_FORMAT, workbookBuffer } from '../../src/web/components/excel.ts';
import { arialWidth, renderChart } from '../../src/web/components/charts.ts';
import { tableView, type DataTable } from '../../src/web/components/tables.ts';
import { formatCount, formatDate, formatDateTime, formatMonth, formatPence } from '../../src/web/components/format.ts';
import { spendChart, spendTable } from '../../src/web/features/costs/presenter.ts';
import type { CouncilSpend } from '../../src/services/costs.service.ts';
import { safeRelativePath } from '../../src/io/upload.ts';
import { DatabaseSessionStore } from '../../src/web/middleware/sessionStore.ts';
import { dataAccess } from '../../src/web/composition.ts';
import type { SessionData } from 'express-session';

test('path builders fill parameters, encode them and add the query', () => {
  assert.equal(paths.overview.build({ la: '301' }), '/c/301/overview');
  assert.equal(
    paths.data.report.build({ la: 'A B', uploadId: 'x/y' }, { severity: 'error', rule: undefined, page: 2 }),
    '/c/A%20B/data/uploads/x%2Fy/report?severity=error&page=2',
  );
  assert.equal(paths.signIn.build(), '/sign-in');
  assert.equal(paths.data.upload.pattern, '/c/:la/data/uploads/:uploadId');
});

const MONEY: DataTable = {
  caption: 'Spend by year',
  columns: [
    { header: 'Year' },
    { header: 'Spend', format: 'pence' },
    { header: 'Children', format: 'integer' },
    { header: 'Share', format: 'percent' },
  ],
  rows: [
    ['2024/25', 123_456_789, 120, 0.25],
    ['2025/26', -46_200_000, 118, null],
  ],
};

test('money shows as finance writes it: pounds, negatives in brackets', () => {
  assert.equal(formatPence(123_456_789), '£1,234,568');
  assert.equal(formatPence(-46_200_000), '(£462,000)');
  // Half a pound rounds away from zero both ways (worked by hand: 150p is £1.50 -> £2; -150p -> (£2)).
  assert.equal(formatPence(150), '£2');
  assert.equal(formatPence(-150), '(£2)');
  assert.equal(formatDate('2023-03-31'), '31 March 2023');
  const view = tableView(MONEY);
  assert.equal(view.rows[1]?.[1]?.text, '(£462,000)');
  assert.equal(view.rows[0]?.[3]?.text, '25.0%');
  assert.equal(view.head[1]?.numeric, true);
});

test('Excel downloads: real numbers, pounds with the GBP format and negatives in brackets', async () => {
  const buffer = await workbookBuffer([MONEY], {
    title: 'Test',
    council: 'Council A',
    generatedAt: new Date('2026-01-02T00:00:00Z'),
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Spend by year');
  assert.ok(ws);
  // Rows: caption, note, blank, header, then data.
  const first = ws.getRow(5);
  assert.equal(first.getCell(1).value, '2024/25');
  assert.equal(first.getCell(2).value, 1_234_567.89, 'pence become pounds, as a number');
  assert.equal(first.getCell(2).numFmt, GBP_FORMAT);
  assert.equal(GBP_FORMAT, '£#,##0;(£#,##0)');
  assert.equal(ws.getRow(6).getCell(2).value, -462_000);
  assert.equal(first.getCell(3).value, 120);
  assert.equal(first.getCell(3).numFmt, '#,##0');
  assert.equal(first.getCell(4).numFmt, '0.0%');
  assert.equal(ws.getRow(6).getCell(4).value, null);
});

test('charts are SVG from vega with role="img", a title and a description, and the data table', async () => {
  const chart = await renderChart(
    {
      width: 200,
      height: 100,
      data: {
        values: [
          { k: 'a', v: 1 },
          { k: 'b', v: 3 },
        ],
      },
      mark: 'bar',
      encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } },
    },
    { title: 'A & B', description: 'b is three times a' },
    {
      caption: 'Data',
      columns: [{ header: 'k' }, { header: 'v', format: 'integer' }],
      rows: [
        ['a', 1],
        ['b', 3],
      ],
    },
    'c1',
  );
  assert.match(chart.svg, /^<svg[^>]* role="img" aria-labelledby="c1-svg-title c1-svg-desc"/);
  assert.match(
    chart.svg,
    /<title id="c1-svg-title">A &amp; B<\/title><desc id="c1-svg-desc">b is three times a<\/desc>/,
  );
  assert.match(chart.svg, /<path|<rect/);
  assert.doesNotMatch(chart.svg, /<script/);
  assert.equal(chart.table?.rows.length, 2);
});

const DATED: DataTable = {
  caption: 'Dated',
  columns: [
    { header: 'Month end', format: 'date' },
    { header: 'Month', format: 'month' },
    { header: 'Imported', format: 'datetime' },
    { header: 'Median', format: 'decimal1' },
    { header: 'Children', format: 'integer' },
    { header: 'Inside', format: 'percent' },
  ],
  rows: [['2024-03-31', '2024-04', '2026-11-23T10:05:09.123Z', 224.10000000000002, 53.5, 0.83333333]],
};

test('dates read one way on a page: "31 March 2024", months "April 2024", times "23 November 2026 at 10:05"', () => {
  assert.equal(formatMonth('2024-04'), 'April 2024');
  assert.equal(formatMonth('2024-04-30'), 'April 2024');
  assert.equal(formatDateTime('2026-11-23T10:05:09Z'), '23 November 2026 at 10:05');
  assert.equal(formatDateTime('2026-11-23'), '23 November 2026');
  const row = tableView(DATED).rows[0];
  assert.deepEqual(
    row?.map((c) => c.text),
    ['31 March 2024', 'April 2024', '23 November 2026 at 10:05', '224.1', '54', '83.3%'],
  );
  assert.equal(row?.[0]?.sort, '2024-03-31', 'sorted by the ISO date');
});

test('Excel: dates are Excel dates with a date format; figures are rounded as the page shows them', async () => {
  const buffer = await workbookBuffer([DATED], { title: 'T', generatedAt: new Date('2026-01-02T00:00:00Z') });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Dated');
  assert.ok(ws);
  assert.equal(ws.getRow(2).getCell(1).value, 'Downloaded from Forecare on 2 January 2026.');
  const r = ws.getRow(5);
  assert.deepEqual(r.getCell(1).value, new Date(Date.UTC(2024, 2, 31)));
  assert.equal(r.getCell(1).numFmt, 'd mmmm yyyy');
  assert.deepEqual(r.getCell(2).value, new Date(Date.UTC(2024, 3, 1)), 'a month is its first day');
  assert.equal(r.getCell(2).numFmt, 'mmmm yyyy');
  assert.deepEqual(r.getCell(3).value, new Date(Date.UTC(2026, 10, 23, 10, 5, 9)));
  assert.equal(r.getCell(3).numFmt, 'd mmmm yyyy hh:mm');
  // Worked by hand: 224.10000000000002 to 1 dp is 224.1; 53.5 to a whole number, half away from zero, 54;
  // 0.83333333 as a percentage to 0.1% is 83.3%, stored as the fraction 0.833.
  assert.equal(r.getCell(4).value, 224.1);
  assert.equal(r.getCell(5).value, 54);
  assert.equal(r.getCell(6).value, 0.833);
});

test('chart text: Arial widths from the Helvetica metrics, labels never cut short, a legend only for bars drawn', async () => {
  // Worked by hand from the Helvetica AFM widths (per 1,000 em): O 778 + t 278 + h 556 + e 556 +
  // r 333 = 2,501, so "Other" at 14 px is 2.501 x 14 = 35.014 px; bold: 778 + 333 + 611 + 556 + 389 = 2,667.
  assert.equal(arialWidth('Other', 14), 35.014);
  assert.equal(arialWidth('Other', 10, true), 26.67);
  const long = 'Fostering with relatives or friends';
  const chart = await renderChart(
    {
      width: 300,
      height: 100,
      data: { values: [{ k: long, v: 1 }] },
      mark: 'bar',
      encoding: { y: { field: 'k', type: 'nominal' }, x: { field: 'v', type: 'quantitative' } },
    },
    { title: 't', description: 'd' },
  );
  assert.match(chart.svg, new RegExp(`>${long}<`), 'the whole label');
  assert.doesNotMatch(chart.svg, /…/);
  assert.match(chart.svg, /font-size="14px"/, 'labels at 14 px');

  // Spend by year with no outturn year (the start is 31 March): no "Outturn" legend entry without bars.
  const q = (v: number) => ({ mean: v, p2_5: v, p10: v, p50: v, p90: v, p97_5: v });
  const year = (y: string, basis: 'actual' | 'forecast') => ({
    year: y,
    basis,
    spend: q(1_000_000_00),
    actualToDate: basis === 'actual' ? 1_000_000_00 : 0,
    children: q(10),
    byCategory: {},
    byLine: {},
    provision: q(0),
    costBasis: null,
  });
  const spend = {
    hasData: true,
    start: '2026-03-31',
    runs: 10,
    years: [year('2025/26', 'actual'), year('2026/27', 'forecast')],
    childLevelCostsUsed: 0,
    warnings: [],
  } as unknown as CouncilSpend;
  const svg = (await spendChart(spend, spendTable(spend))).svg;
  assert.match(svg, />Actual</);
  assert.match(svg, />Forecast</);
  assert.doesNotMatch(svg, /Outturn/);
});

test('upload names are kept inside the upload folder', () => {
  assert.equal(safeRelativePath('returns/2024/header.csv'), 'returns/2024/header.csv');
  assert.equal(safeRelativePath('../../etc/passwd'), null);
  assert.equal(safeRelativePath('C:\\data\\2024\\episodes.csv'), 'C_/data/2024/episodes.csv');
  assert.equal(safeRelativePath('/abs/2024-header.csv'), 'abs/2024-header.csv');
  assert.equal(safeRelativePath('a/b/c/d/e/2024-header.csv'), 'c/d/e/2024-header.csv');
  assert.equal(safeRelativePath('.hidden/x.csv'), 'hidden/x.csv');
});

test('the session store keeps sessions in the database until they expire', async () => {
  const data = await dataAccess({ kind: 'sqlite', file: ':memory:' });
  let now = Date.parse('2026-01-01T00:00:00Z');
  const store = new DatabaseSessionStore(data.db, () => now);
  const call = <T>(fn: (cb: (err: unknown, v?: T) => void) => void) =>
    new Promise<T | undefined>((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v))));
  const sess = {
    cookie: { expires: new Date(now + 60_000), originalMaxAge: 60_000 },
    userId: 7,
  } as unknown as SessionData;
  await call<void>((cb) => store.set('abc', sess, cb));
  const got = await call<SessionData | null>((cb) => store.get('abc', cb));
  assert.equal((got as SessionData & { userId: number }).userId, 7);
  now += 120_000;
  assert.equal(await call<SessionData | null>((cb) => store.get('abc', cb)), null, 'expired');
  await call<void>((cb) => store.destroy('abc', cb));
  await data.close();
});

test('counts with their noun in the right number (issue 15: no "1 warnings")', () => {
  assert.equal(formatCount(1, 'warning', 'warnings'), '1 warning');
  assert.equal(formatCount(2, 'warning', 'warnings'), '2 warnings');
  assert.equal(formatCount(0, 'warning', 'warnings'), '0 warnings');
  assert.equal(formatCount(1234, 'child', 'children'), '1,234 children');
});
