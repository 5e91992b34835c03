/**
 * Savings programme timing at the limits (issue 16): the largest programme Forecare accepts
 * (300 initiatives, 10 years each with ranges and phasing, a working, 12 monitoring periods, a
 * target trajectory, row totals and column totals), read from YAML text, evaluated (appraisal,
 * checks, monitoring), written to a workbook and read back; and the refusal of a 10 MB file of
 * 83,000 initiatives (which took 282 s to evaluate before the limits existed).
 *
 * Each figure is the median of a few repetitions after one warm-up, with the load average before
 * and after (the machine may be shared).
 *
 *   node --expose-gc bench/programme.bench.ts
 */
import os from 'node:os';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { financialYearLabel } from '../src/domain/dates.ts';
import { parseProgrammeText, PROGRAMME_LIMITS, ProgrammeFileError } from '../src/io/programmeFile.ts';
import { programmeFromWorkbookBytes, programmeWorkbookBytes } from '../src/io/programmeWorkbook.ts';
import { evaluateProgramme, loadProgramme } from '../src/services/programmes.ts';

const gc = (globalThis as { gc?: () => void }).gc;

function largestDocument(): unknown {
  const years = Array.from({ length: 10 }, (_, i) => financialYearLabel(2025 + i));
  const initiatives = Array.from({ length: PROGRAMME_LIMITS.maxInitiatives }, (_, n) => ({
    id: `initiative-${n + 1}`,
    name: `Initiative ${n + 1}`,
    owner: 'Head of Service',
    profile: n % 2 === 0 ? 'incremental' : 'cumulative',
    years: Object.fromEntries(
      years.map((y, i) => [
        y,
        {
          investment: i === 0 ? 100_000 + n : 0,
          ongoingCost: 20_000,
          grossSaving: 50_000 + 1_000 * i,
          low: 40_000,
          high: 70_000 + 1_000 * i,
          phasing: i === 0 ? 0.5 : 1,
        },
      ]),
    ),
    workings: [
      {
        line: 'ongoingCost',
        description: 'social workers',
        unitCost: 1_000,
        per: 'week',
        duration: 52,
        years: { '2025/26': 1 },
      },
    ],
    monitoring: Array.from({ length: 12 }, (_, m) => ({
      period: `2025-${String(((m + 3) % 12) + 1).padStart(2, '0')}`,
      target: 4_000,
      forecast: 3_900,
      actual: m < 6 ? 3_800 : null,
    })),
    targets: [
      {
        measure: 'Children looked after',
        better: 'lower',
        trajectory: { from: { month: '2025-04', value: 616 }, to: { month: '2027-03', value: 465 } },
      },
    ],
    statedTotals: { investment: 100_000 + n },
  }));
  return {
    programme: 'Largest programme',
    firstYear: '2025/26',
    planYears: 5,
    initiatives,
    statedTotals: { years: { '2025/26': { investment: 30_000_000 } }, total: { ongoingCost: 29_000_000 } },
  };
}

async function time<T>(label: string, fn: () => Promise<T> | T, reps = 5): Promise<T> {
  let result = await fn();
  const wall: number[] = [];
  for (let i = 0; i < reps; i++) {
    gc?.();
    const t0 = performance.now();
    result = await fn();
    wall.push(performance.now() - t0);
  }
  wall.sort((a, b) => a - b);
  const median = wall[Math.floor(wall.length / 2)] ?? 0;
  console.log(
    `${label.padEnd(58)} median ${median.toFixed(0).padStart(6)} ms   fastest ${(wall[0] ?? 0).toFixed(0).padStart(6)} ms`,
  );
  return result;
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`load average before: ${load()} (${os.cpus().length} CPUs)`);
const text = YAML.stringify(largestDocument(), { lineWidth: 0 });
console.log(
  `largest programme: ${PROGRAMME_LIMITS.maxInitiatives} initiatives, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KB of YAML`,
);
const programme = await time('read and validate the YAML', () => parseProgrammeText(text, 'largest.yaml'));
const e = await time('evaluate (appraisal, checks, monitoring, targets)', () =>
  evaluateProgramme(programme, { asOf: '2025-11-01' }),
);
console.log(`  ${e.checks.length} check findings, ${e.monitoring.length} monitoring rows`);
const bytes = await time('write the workbook', () => programmeWorkbookBytes(programme), 3);
console.log(`  workbook ${(bytes.length / 1024).toFixed(0)} KB`);
await time('read the workbook back', () => programmeFromWorkbookBytes(bytes, 'largest.xlsx'), 3);

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'forecare-programme-bench-'));
try {
  const huge = path.join(dir, 'huge.yaml');
  const entry = '  - { id: i, name: I, profile: incremental, years: { 2025/26: { grossSaving: 1 } } }\n';
  await fs.writeFile(huge, `programme: x\nfirstYear: 2025/26\nplanYears: 1\ninitiatives:\n${entry.repeat(83_000)}`);
  const size = (await fs.stat(huge)).size;
  await time(`refuse a ${(size / 1024 / 1024).toFixed(1)} MB file of 83,000 initiatives`, async () => {
    try {
      await loadProgramme(huge);
    } catch (err) {
      if (!(err instanceof ProgrammeFileError)) throw err;
    }
  });
  // Under the byte limit but over the initiative limit: refused before validation.
  const many = `programme: x\nfirstYear: 2025/26\nplanYears: 1\ninitiatives:\n${entry.repeat(20_000)}`;
  await time(
    `refuse ${(Buffer.byteLength(many) / 1024 / 1024).toFixed(1)} MB of 20,000 initiatives (count limit)`,
    () => {
      try {
        parseProgrammeText(many, 'many.yaml');
      } catch (err) {
        if (!(err instanceof ProgrammeFileError)) throw err;
      }
    },
  );
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
console.log(`load average after: ${load()}`);
