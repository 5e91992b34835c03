/** Shared building blocks: paths, Excel, charts, tables, formatting, upload name guards, the session store. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { paths } from '../../src/web/paths.ts';
import { GBP_FORMAT, workbookBuffer } from '../../src/web/components/excel.ts';
import { renderChart } from '../../src/web/components/charts.ts';
import { tableView, type DataTable } from '../../src/web/components/tables.ts';
import { formatPence, formatDate } from '../../src/web/components/format.ts';
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
