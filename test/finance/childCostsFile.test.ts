import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parseChildCostRows, readChildCostFile } from '../../src/io/childCosts.ts';
import { processFolder } from '../support/processFolder.ts';

const dir = processFolder('forecare-childcosts-');

test('reads an Excel workbook: date cells, numbers and blank END', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Costs');
  ws.addRow(['Child ID', 'Provider', 'Start date', 'End date', 'Weekly cost']);
  ws.addRow(['A1', 'Acme Homes', new Date(Date.UTC(2025, 3, 1)), new Date(Date.UTC(2025, 8, 30)), 4250.5]);
  ws.addRow(['B2', null, '15/05/2025', null, 812]);
  const file = path.join(dir, 'costs.xlsx');
  await wb.xlsx.writeFile(file);
  const read = await readChildCostFile(file, 'costs.xlsx');
  assert.deepEqual(read.problems, []);
  assert.deepEqual(read.rows, [
    { childId: 'A1', provider: 'Acme Homes', start: '2025-04-01', end: '2025-09-30', weeklyPence: 425050, row: 2 },
    { childId: 'B2', provider: null, start: '2025-05-15', end: null, weeklyPence: 81200, row: 3 },
  ]);
});

test('a file that is not a workbook, or a CSV with no rows, is one clear file error', async () => {
  const fake = path.join(dir, 'fake.xlsx');
  fs.writeFileSync(fake, 'not a zip');
  const r1 = await readChildCostFile(fake, 'fake.xlsx');
  assert.deepEqual(
    r1.problems.map((p) => [p.rule, p.row]),
    [['COST-FILE', null]],
  );
  const empty = path.join(dir, 'empty.csv');
  fs.writeFileSync(empty, '');
  const r2 = await readChildCostFile(empty, 'empty.csv');
  assert.equal(r2.problems.length, 1);
  assert.equal(r2.problems[0]!.rule, 'COST-FILE');
  assert.match(r2.problems[0]!.message, /empty/);
});

test('weekly costs are pounds rounded half away from zero to pence; over £100,000 a week is refused', () => {
  const read = parseChildCostRows('x.csv', [
    { row: 1, fields: ['CHILD', 'START', 'END', 'WEEKLY_COST'] },
    { row: 2, fields: ['A', '2025-04-01', '', '1.005'] }, // 100.5p -> 101p
    { row: 3, fields: ['B', '2025-04-01', '', '100001'] },
  ]);
  assert.equal(read.rows[0]!.weeklyPence, 101);
  assert.deepEqual(
    read.problems.map((p) => [p.row, p.column, p.rule]),
    [[3, 'WEEKLY_COST', 'COST-AMOUNT']],
  );
});
