/**
 * examples/programme/council-paper.yaml: a programme as a council's paper writes it, worked by hand.
 *
 * Lines (pounds), plan years 2025/26 to 2027/28:
 * - residential-step-down, incremental, amounts from its working: 4 children in 2026/27 and 2 more in
 *   2027/28 x (3,830 - 820) a week x 52 weeks = 156,520 each: full-year effect 0, 626,080, 939,120;
 *   half-year in 2026/27, so delivered 0, 313,040, 939,120 (new: 0, 313,040, 626,080). Ongoing 30k,
 *   60k, 60k; investment 250k in 2025/26.
 * - agency-social-workers, incremental: 253,000 typed in 2025/26 (its working: 10 x 25,267 =
 *   252,670, shown 253: agrees); 2027/28 TBC (nil); investment 40k, then -15k (a grant).
 * - edge-of-care, cumulative: 100k, 520k, 640k (new 100k, 420k, 120k); ongoing 180k, 240k, 240k;
 *   investment 120k.
 * New gross savings by year: 353,000; 733,040; 746,080 = 1,832,120. Ongoing: 210k, 300k, 300k = 810k.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseProgrammeText, programmeToText } from '../../src/io/programmeFile.ts';
import { programmeFromWorkbook, programmeWorkbook } from '../../src/io/programmeWorkbook.ts';
import {
  evaluateProgramme,
  evaluationJson,
  exportProgrammeWorkbook,
  loadProgramme,
} from '../../src/services/programmes.ts';

const PAPER = path.join(import.meta.dirname, '../../examples/programme/council-paper.yaml');
const EXAMPLE = path.join(import.meta.dirname, '../../examples/programme/example.yaml');

test('the council paper: every stated total, payback and variance checked', async () => {
  const e = await evaluateProgramme(await loadProgramme(PAPER), { asOf: '2025-11-01' });
  assert.deepEqual(
    e.checks.map((c) => [c.where, c.severity, c.kind === 'payback' ? c.stated : c.difference / 100]),
    [
      // 801 typed for 810 (a transposition). The six ongoing-cost figures, whole £000s, allow £3,000.
      ['MTFS table: grand total / ongoing cost', 'error', -9_000],
      // 1,831 typed where the lines add to 1,832.12: out by £1,120. The figures added: step-down
      // 313,040 and 626,080 (typed in pounds by the working: out by £40 and £80 when shown), the
      // agency's 253,000 and edge of care's 100k, 420k and 120k (whole £000s: £500 each): £2,120.
      ['MTFS table: grand total / gross saving', 'rounding', -1_120],
      // Against its own column totals, 353 + 733 + 746 = 1,832: out by 1 with £1,500 allowed.
      ['MTFS table: grand total / gross saving against the column totals', 'rounding', -1_000],
      // Cash flow: -410k at the start of 2025/26; net saving 353k - 210k = 143k in it: -267k. The
      // grant brings it to -252k at the start of 2026/27, whose net saving is 1,086,040 - 300,000 =
      // 786,040: paid back at 1 + 252,000 / 786,040 = 1.32 years. The paper says 1.5. Its simple
      // payback, 1.3, agrees (savings start in 2025/26, so both count from the same start).
      ['MTFS table: payback (cash-flow)', 'error', 1.5],
      // The paper's variance column is target minus forecast: 3 where Forecare's is (3).
      ['monitoring agency-social-workers 2025/26 Q1 / variance', 'error', 6_000],
    ],
  );
  assert.ok(Math.abs((e.appraisal.paybackCashflowYears ?? 0) - (1 + 252_000 / 786_040)) < 1e-12);
  // Edge of care's row payback, 0.7 years, agrees: -120k, then its first-year net cost of 80k:
  // -200k, repaid by 2026/27's net 280k at 200/280 = 0.71 of a year after savings start.
  const edge = e.appraisal.initiatives.find((i) => i.id === 'edge-of-care');
  assert.ok(Math.abs((edge?.paybackSimpleYears ?? 0) - 200 / 280) < 1e-12);
  // The span from the first savings year takes 2025/26 as year 0: step-down gross over 2026/27 to
  // 2030/31 is 313,040 + 4 x 939,120 = 4,069,520 (typed 4,070); less ongoing cost 30k + 5 x 60k and
  // investment 250k: 3,489,520 (typed 3,490). Both agree, so neither is listed above.
  assert.deepEqual(e.warnings, [
    "initiative 'agency-social-workers', 2027/28 gross saving is TBC: counted as nil in every total until it is known",
  ]);
  assert.equal(e.appraisal.totals.plan.investment, 39_500_000);
});

test('YAML and the workbook carry every field: both examples read back to the same programme', async () => {
  for (const file of [PAPER, EXAMPLE]) {
    const p = await loadProgramme(file);
    assert.deepEqual(parseProgrammeText(programmeToText(p, 'yaml'), 'again.yaml'), p, file);
    assert.deepEqual(parseProgrammeText(programmeToText(p, 'json'), 'again.json'), p, file);
    const wb = programmeWorkbook(p);
    assert.deepEqual(programmeFromWorkbook(wb, 'again.xlsx'), p, file);
  }
  // And through bytes on disc, as the command line reads them.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'forecare-paper-'));
  try {
    const original = await loadProgramme(PAPER);
    const xlsx = path.join(dir, 'paper.xlsx');
    await exportProgrammeWorkbook(original, xlsx);
    const again = await loadProgramme(xlsx);
    assert.deepEqual(again, original);
    assert.deepEqual(
      evaluationJson(await evaluateProgramme(again, { asOf: '2025-11-01' })),
      evaluationJson(await evaluateProgramme(original, { asOf: '2025-11-01' })),
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('the workbook shows TBC as TBC and a stated range as text', async () => {
  const wb = programmeWorkbook(await loadProgramme(PAPER));
  const ws = wb.getWorksheet('Programme');
  let tbc = 0;
  ws?.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.value === 'TBC') tbc++;
    }),
  );
  assert.equal(tbc, 1);
  const stated = wb.getWorksheet('Stated totals');
  const texts: unknown[] = [];
  stated?.eachRow((row) => texts.push(row.getCell(11).value));
  assert.ok(texts.includes('750,000 - 1,600,000'));
  const workings = wb.getWorksheet('Workings');
  assert.equal(workings?.getRow(2).getCell(4).value, 'children moved from external residential to agency fostering');
});
