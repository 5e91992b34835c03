import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readProgrammeFile, ProgrammeFileError } from '../../src/io/programmeFile.ts';
import ExcelJS from 'exceljs';
import {
  programmeFromWorkbook,
  programmeFromWorkbookBytes,
  programmeWorkbook,
  programmeWorkbookBytes,
} from '../../src/io/programmeWorkbook.ts';
import {
  evaluateProgramme,
  evaluationJson,
  exportProgrammeWorkbook,
  loadProgramme,
  programmeFromUpload,
  saveProgrammeFile,
} from '../../src/services/programmes.ts';

const EXAMPLE = path.join(import.meta.dirname, '../../examples/programme/example.yaml');

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'forecare-programme-'));
}

test('the example evaluates, exports to Excel, re-imports and evaluates to the same figures', async () => {
  const dir = await tempDir();
  try {
    const original = await loadProgramme(EXAMPLE);
    const before = evaluationJson(await evaluateProgramme(original));
    const xlsx = path.join(dir, 'programme.xlsx');
    await exportProgrammeWorkbook(original, xlsx);
    const reimported = await loadProgramme(xlsx);
    assert.deepEqual(evaluationJson(await evaluateProgramme(reimported)), before);
    // And through a YAML file written from the workbook.
    const yaml = path.join(dir, 'programme.yaml');
    await saveProgrammeFile(reimported, yaml);
    assert.deepEqual(evaluationJson(await evaluateProgramme(await loadProgramme(yaml))), before);
    // Monitoring, milestones, risks and targets survive too.
    assert.deepEqual(
      reimported.initiatives.map((i) => i.monitoring),
      original.initiatives.map((i) => i.monitoring),
    );
    assert.deepEqual(
      reimported.initiatives.map((i) => i.milestones),
      original.initiatives.map((i) => i.milestones),
    );
    assert.deepEqual(
      reimported.initiatives.map((i) => i.risks),
      original.initiatives.map((i) => i.risks),
    );
    assert.deepEqual(
      reimported.initiatives.map((i) => i.targets),
      original.initiatives.map((i) => i.targets),
    );
    // The example's checks: one error and one rounding difference (see the comment in the file).
    assert.deepEqual(
      (before.checks as Array<{ severity: string; where: string }>).map((c) => [c.severity, c.where]),
      [
        ['error', 'column 2026/27 / gross saving'],
        ['rounding', 'column 2028/29 / gross saving'],
      ],
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('the workbook has years as columns, numbers as numbers, and a bracketed finance number format', async () => {
  const p = await readProgrammeFile(EXAMPLE);
  const wb = programmeWorkbook(p);
  const ws = wb.getWorksheet('Programme');
  assert.ok(ws);
  const header = ws.getRow(10);
  assert.deepEqual(
    [8, 9, 10, 11].map((c) => header.getCell(c).value),
    ['2025/26', '2026/27', '2027/28', '2028/29'],
  );
  // Row 11 is edge-of-care's Investment line; 2025/26 holds £450,000 as a number shown in £000s.
  assert.equal(ws.getCell('G11').value, 'Investment');
  assert.equal(ws.getCell('H11').value, 450000);
  assert.equal(ws.getCell('H11').numFmt, '#,##0,;(#,##0,)');
  // A stated row total is a typed number; an unstated one is a formula.
  assert.equal(ws.getCell('L11').value, 450000);
  // Row 17 is edge-of-care's calculated ongoing cost: 315k + 3 x 420k = 1,575k over the plan,
  // a formula carrying its result for readers that do not recalculate.
  assert.equal(ws.getCell('G17').value, 'Ongoing cost (calculated)');
  assert.deepEqual(ws.getCell('L17').value, { formula: 'SUM(H17:K17)', result: 1_575_000 });
  // Calculated gross saving (row 18) is the delivered new saving each year (the stated profile):
  // 450k (half of 900k), 1,050k (the other 450k + 600k), 300k, 0.
  assert.deepEqual(
    [8, 9, 10, 11].map((c) => ws.getRow(18).getCell(c).value),
    [450_000, 1_050_000, 300_000, 0],
  );
  // Column totals: stated ones are typed numbers (gross saving 2025/26: 929k); the others are SUMIFs
  // over the calculated lines, e.g. net saving new in 2027/28: 300k + 112.8k + 156k + 40k = 608.8k.
  const totalRow = (line: string): number =>
    ws.getColumn(7).values.findIndex((v, i) => v === line && ws.getCell(i, 1).value === 'Total');
  assert.equal(ws.getCell(totalRow('Gross saving (calculated)'), 8).value, 929_000);
  const net = ws.getCell(totalRow('Net saving (calculated)'), 10).value as { formula: string; result: number };
  assert.match(net.formula, /^SUMIF\(\$G\$11:\$G\$46,"Net saving \(calculated\)",J11:J46\)$/);
  assert.equal(net.result, 608_800);
});

test('a total typed into the workbook is read as a stated total and checked', async () => {
  const p = await readProgrammeFile(EXAMPLE);
  const wb = programmeWorkbook(p);
  const ws = wb.getWorksheet('Programme');
  assert.ok(ws);
  // Type over edge-of-care's ongoing cost total (a formula) with a figure 40k out: 1,575k - 40k.
  ws.getCell('L17').value = 1_535_000;
  const e = await evaluateProgramme(programmeFromWorkbook(wb, 'typed.xlsx'));
  const finding = e.checks.find((c) => c.where === 'row edge-of-care / ongoing cost');
  assert.equal(finding?.severity, 'error');
  assert.equal(finding?.difference, -4_000_000);
});

test('bad cells are reported by sheet and cell; bad values by initiative and field', async () => {
  const p = await readProgrammeFile(EXAMPLE);
  const wb = programmeWorkbook(p);
  const ws = wb.getWorksheet('Programme');
  assert.ok(ws);
  ws.getCell('I13').value = 'six hundred';
  assert.throws(
    () => programmeFromWorkbook(wb, 'bad.xlsx'),
    /Programme!I13: expected a number or TBC, found 'six hundred'/,
  );
  ws.getCell('I13').value = 600000;
  ws.getCell('E11').value = 'sideways';
  assert.throws(
    () => programmeFromWorkbook(wb, 'bad.xlsx'),
    (e: unknown) => e instanceof ProgrammeFileError && /initiative 'edge-of-care', profile/.test(e.message),
  );
});

test('a file that is not a workbook is a clear error', async () => {
  const dir = await tempDir();
  try {
    const f = path.join(dir, 'not.xlsx');
    await fs.writeFile(f, 'hello');
    await assert.rejects(loadProgramme(f), /not a readable Excel workbook/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('bracketed text amounts typed into the workbook are read as negatives', async () => {
  const p = await readProgrammeFile(EXAMPLE);
  const wb = programmeWorkbook(p);
  const ws = wb.getWorksheet('Programme');
  assert.ok(ws);
  // Edge-of-care 2028/29 gross saving (row 13, column K) typed as text "(25,000)": a reversal of 25k.
  ws.getCell('K13').value = '(25,000)';
  const back = programmeFromWorkbook(wb, 'typed.xlsx');
  assert.equal(back.initiatives[0]?.years[3]?.grossSaving, -2_500_000);
});

test('uploads: a workbook or YAML as bytes read to the same programme as the files', async () => {
  const dir = await tempDir();
  try {
    const original = await loadProgramme(EXAMPLE);
    const xlsx = path.join(dir, 'upload.xlsx');
    await exportProgrammeWorkbook(original, xlsx);
    assert.deepEqual(await programmeFromUpload(await fs.readFile(xlsx), 'upload.xlsx'), await loadProgramme(xlsx));
    assert.deepEqual(await programmeFromUpload(await fs.readFile(EXAMPLE), 'example.yaml'), original);
    await assert.rejects(
      programmeFromUpload(new TextEncoder().encode('nonsense'), 'x.xlsx'),
      /x\.xlsx: 1 problem:\n {2}not a readable Excel workbook/,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('an initiative fed by a permanence tracker project keeps it through the workbook (the Scenario column, prefixed)', async () => {
  const original = await loadProgramme(EXAMPLE);
  const { scenario: _unused, ...first } = original.initiatives[0]!;
  const linked = {
    ...original,
    initiatives: [{ ...first, trackerProject: 'Reunification 2026' }, ...original.initiatives.slice(1)],
  };
  const bytes = await programmeWorkbookBytes(linked);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells = wb.getWorksheet('Programme')!.getColumn(6).values.map(String);
  assert.ok(cells.includes('Permanence project: Reunification 2026'));
  const back = await programmeFromWorkbookBytes(bytes, 'programme.xlsx');
  assert.equal(back.initiatives[0]?.trackerProject, 'Reunification 2026');
  assert.equal(back.initiatives[0]?.scenario, undefined);
  assert.equal(back.initiatives[1]?.trackerProject, undefined);
  assert.equal(back.initiatives[1]?.scenario, original.initiatives[1]?.scenario);
});
