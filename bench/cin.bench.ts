/**
 * Importing a children in need census (issue 12): a large council (the demo generator's `large`,
 * seed 1: about 2,500 children looked after) over 5 collection years to 2025, its CIN census made
 * by src/domain/demo/cin.ts (about 21 referrals per entry into care), written once as DfE XML (one
 * file a year) and once as CSV tables, then imported by the service (read, check every rule, merge
 * the years, pseudonymise, store all or nothing) into a fresh SQLite file each time.
 *
 * Target: under 3 s for the 5 years (XML). Reported: median and fastest wall clock of BENCH_REPS
 * runs (default 3), the median process CPU time (every thread) and the importing thread's CPU time
 * (the files are read on several threads; on a quiet machine the import takes about as long as the
 * importing thread works), and the load average (on a busy machine the wall clock waits for a CPU;
 * the CPU time shows the work). Threads: at most what importCin uses (one per CPU), or
 * BENCH_THREADS; loadCin uses one per 8 MB of files (CIN_BYTES_PER_THREAD): two for the XML and for the CSV.
 *
 *   node bench/cin.bench.ts        BENCH_REPS=3
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simulateCouncil } from '../src/domain/demo/simulateCouncil.ts';
import { demoCinCensus, type CinCsvRow, type DemoCinYear } from '../src/domain/demo/cin.ts';
import { writeCinTables } from '../src/io/writeCin.ts';
import { migrateToLatest, openDatabase } from '../src/store/database.ts';
import { defaultCinReadThreads, importCin } from '../src/services/cin.ts';
import { systemActor } from '../src/services/access.ts';

const REPS = Number(process.env.BENCH_REPS ?? 3);
/** Threads to read the files with: BENCH_THREADS, else what the service uses (one per CPU available). */
const THREADS = process.env.BENCH_THREADS === undefined ? defaultCinReadThreads() : Number(process.env.BENCH_THREADS);
const TARGET_S = 3;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forecare-cin-bench-'));

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const el = (name: string, value: string | undefined): string =>
  value === undefined || value === '' ? '' : `<${name}>${esc(value)}</${name}>`;

/** One year's census as DfE XML (Message/Header/Children/Child/...), from the CSV rows. */
function toXml(y: DemoCinYear): string {
  const key = (r: CinCsvRow) => `${r.LAchildID}/${r.CINreferralDate}`;
  const group = (rows: CinCsvRow[], by: (r: CinCsvRow) => string) => {
    const m = new Map<string, CinCsvRow[]>();
    for (const r of rows) m.set(by(r), [...(m.get(by(r)) ?? []), r]);
    return m;
  };
  const episodes = group(y.tables.cinDetails, (r) => r.LAchildID!);
  const assessments = group(y.tables.assessment, key);
  const plans = group(y.tables.cinPlan, key);
  const s47 = group(y.tables.section47, key);
  const cpp = group(y.tables.protectionPlan, key);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection>',
    `<Year>${y.collectionYear}</Year><ReferenceDate>${y.collectionYear}-03-31</ReferenceDate></CollectionDetails>`,
    '<Source><SourceLevel>L</SourceLevel><LEA>999</LEA></Source></Header>\n<Children>\n',
  ];
  for (const c of y.tables.child) {
    out.push(
      `<Child><ChildIdentifiers>${el('LAchildID', c.LAchildID)}${el('PersonBirthDate', c.PersonBirthDate)}`,
      `${el('ExpectedPersonBirthDate', c.ExpectedPersonBirthDate)}${el('GenderCurrent', c.GenderCurrent)}</ChildIdentifiers>`,
      `<ChildCharacteristics>${el('Ethnicity', c.Ethnicity)}</ChildCharacteristics>\n`,
    );
    for (const e of episodes.get(c.LAchildID!) ?? []) {
      const k = key(e);
      out.push(
        `<CINdetails>${el('CINreferralDate', e.CINreferralDate)}${el('ReferralSource', e.ReferralSource)}`,
        `${el('PrimaryNeedCode', e.PrimaryNeedCode)}${el('CINclosureDate', e.CINclosureDate)}${el('ReasonForClosure', e.ReasonForClosure)}`,
      );
      for (const a of assessments.get(k) ?? []) {
        const factors = (a.AssessmentFactors ?? '').split(';').filter((f) => f !== '');
        out.push(
          `<Assessments>${el('AssessmentActualStartDate', a.AssessmentActualStartDate)}${el('AssessmentAuthorisationDate', a.AssessmentAuthorisationDate)}`,
          factors.length > 0
            ? `<FactorsIdentifiedAtAssessment>${factors.map((f) => el('AssessmentFactors', f)).join('')}</FactorsIdentifiedAtAssessment>`
            : '',
          '</Assessments>',
        );
      }
      for (const p of plans.get(k) ?? [])
        out.push(
          `<CINPlanDates>${el('CINPlanStartDate', p.CINPlanStartDate)}${el('CINPlanEndDate', p.CINPlanEndDate)}</CINPlanDates>`,
        );
      for (const s of s47.get(k) ?? [])
        out.push(
          `<Section47>${el('S47ActualStartDate', s.S47ActualStartDate)}${el('InitialCPCtarget', s.InitialCPCtarget)}`,
          `${el('DateOfInitialCPC', s.DateOfInitialCPC)}${el('ICPCnotRequired', s.ICPCnotRequired)}</Section47>`,
        );
      out.push(el('ReferralNFA', e.ReferralNFA));
      for (const p of cpp.get(k) ?? [])
        out.push(
          `<ChildProtectionPlans>${el('CPPstartDate', p.CPPstartDate)}${el('CPPendDate', p.CPPendDate)}`,
          `${el('InitialCategoryOfAbuse', p.InitialCategoryOfAbuse)}${el('LatestCategoryOfAbuse', p.LatestCategoryOfAbuse)}`,
          `${el('NumberOfPreviousCPP', p.NumberOfPreviousCPP)}</ChildProtectionPlans>`,
        );
      out.push('</CINdetails>\n');
    }
    out.push('</Child>\n');
  }
  out.push('</Children></Message>\n');
  return out.join('');
}

const council = simulateCouncil({ seed: 1, years: 5, endYear: 2025, size: 'large' });
const census = demoCinCensus(council.returns, { seed: 1 });
const xmlDir = path.join(dir, 'xml');
fs.mkdirSync(xmlDir);
for (const y of census) fs.writeFileSync(path.join(xmlDir, `cin-${y.collectionYear}.xml`), toXml(y));
const csvDir = path.join(dir, 'csv');
await writeCinTables(csvDir, census);
const rows = census.reduce((n, y) => n + Object.values(y.tables).reduce((m, t) => m + t.length, 0), 0);
const xmlBytes = fs.readdirSync(xmlDir).reduce((n, f) => n + fs.statSync(path.join(xmlDir, f)).size, 0);
console.log(
  `Large council, 5 years (2021-2025): ${rows} records in the returns (${(xmlBytes / 1024 / 1024).toFixed(0)} MB of XML).`,
);

const key = new Uint8Array(32).fill(1);
async function once(paths: string[]): Promise<{ wall: number; cpu: number; mainCpu: number; stored: number }> {
  const file = path.join(dir, `bench-${Math.random().toString(36).slice(2)}.db`);
  const opened = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(opened.db);
  const cpu0 = process.cpuUsage();
  const main0 = process.threadCpuUsage();
  const t0 = performance.now();
  const s = await importCin(opened.db, systemActor('BENCH'), {
    laCode: 'BENCH',
    paths,
    pseudonymKey: key,
    now: new Date(),
    threads: THREADS,
  });
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  const m = process.threadCpuUsage(main0);
  await opened.close();
  fs.rmSync(file, { force: true });
  return { wall, cpu: (c.user + c.system) / 1e6, mainCpu: (m.user + m.system) / 1e6, stored: s.stored.episodes };
}

for (const [label, p] of [
  ['XML', xmlDir],
  ['CSV', csvDir],
] as const) {
  await once([p]); // untimed: modules compiled, caches warm
  const runs = [];
  for (let i = 0; i < REPS; i++) runs.push(await once([p]));
  const walls = runs.map((r) => r.wall).sort((a, b) => a - b);
  const median = walls[Math.floor(walls.length / 2)]!;
  const cpu = runs.map((r) => r.cpu).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  const mainCpu = runs.map((r) => r.mainCpu).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  console.log(
    `  ${label} import (${runs[0]!.stored} CIN episodes stored, up to ${THREADS} reading thread${THREADS === 1 ? '' : 's'}): median ${median.toFixed(2)} s, fastest ${walls[0]!.toFixed(2)} s, CPU ${cpu.toFixed(2)} s (importing thread ${mainCpu.toFixed(2)} s), load ${os
      .loadavg()[0]!
      .toFixed(1)}; target < ${TARGET_S} s: ${median < TARGET_S ? 'met' : 'NOT met'}`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
