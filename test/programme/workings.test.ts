import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appraiseProgramme } from '../../src/domain/programme/appraisal.ts';
import { checkStatedTotals, tbcWarnings } from '../../src/domain/programme/checks.ts';
import type { Working } from '../../src/domain/programme/model.ts';
import { poundsToPence } from '../../src/domain/finance/money.ts';
import { resolveInitiative, workingPart } from '../../src/domain/programme/workings.ts';
import { aProgramme, anInitiative } from './builders.ts';

const P = 100;

const residentialToFostering: Working = {
  line: 'grossSaving',
  description: 'children moved from external residential to agency fostering',
  volumeUnit: 'children',
  unitCostFrom: poundsToPence(3_830),
  unitCostTo: poundsToPence(820),
  per: 'week',
  duration: 52,
  years: [{ year: 2025, volume: 12 }],
};

test('a working: volume x difference of two unit costs x duration, written out', () => {
  // Worked by hand: 12 x (3,830 - 820) x 52 = 12 x 3,010 x 52 = 12 x 156,520 = £1,878,240.
  const part = workingPart(residentialToFostering, 2025);
  assert.equal(part?.amount, 187_824_000);
  assert.equal(part?.unitCost, 301_000);
  assert.equal(part?.text, '12 children x (£3,830 - £820) a week x 52 weeks = £1,878,240');
  assert.equal(workingPart(residentialToFostering, 2026), null);
  // "Replace 10 agency social workers at £25,267 each": 10 x £25,267 x 1 year = £252,670.
  const agency: Working = {
    line: 'grossSaving',
    description: 'agency social workers replaced by permanent staff',
    volumeUnit: 'FTE',
    unitCost: poundsToPence(25_267),
    per: 'year',
    duration: 1,
    years: [{ year: 2025, volume: 10 }],
  };
  assert.equal(workingPart(agency, 2025)?.text, '10 FTE x £25,267 a year x 1 year = £252,670');
});

test('amounts come from workings where none is typed, with phasing; ongoing cost for part of a year', () => {
  // Saving: "12 children at £126,705 each" in 2025/26, 6 more in 2026/27 (incremental volumes):
  // full-year effect 12 x 126,705 = 1,520,460, then + 6 x 126,705 = 760,230, so 2,280,690.
  // Starting mid-year (phasing 0.5): delivered 760,230 in 2025/26 and 2,280,690 in 2026/27.
  // Team cost: 8 social workers at £1,010 a week, 39 weeks in 2025/26 (from July) = £315,120, then
  // 52 weeks = £420,160.
  const ini = anInitiative({
    lines: [{ year: 2025, phasing: 0.5 }],
    workings: [
      {
        line: 'grossSaving',
        description: 'children stepped down from residential',
        volumeUnit: 'children',
        unitCost: poundsToPence(126_705),
        per: 'year',
        duration: 1,
        years: [
          { year: 2025, volume: 12 },
          { year: 2026, volume: 6 },
        ],
      },
      {
        line: 'ongoingCost',
        description: 'social workers in the team',
        volumeUnit: 'FTE',
        unitCost: poundsToPence(1_010),
        per: 'week',
        duration: 52,
        years: [
          { year: 2025, volume: 8, duration: 39 },
          { year: 2026, volume: 8 },
        ],
      },
    ],
  });
  const resolved = resolveInitiative(ini).initiative;
  assert.deepEqual(
    resolved.years.map((l) => [l.year, (l.grossSaving ?? 0) / P, (l.ongoingCost ?? 0) / P, l.phasing]),
    [
      [2025, 1_520_460, 315_120, 0.5],
      [2026, 760_230, 420_160, 1],
    ],
  );
  const a = appraiseProgramme(aProgramme({ planYears: 2, initiatives: [ini] }));
  assert.deepEqual(
    a.years.slice(0, 2).map((y) => [y.grossSaving / P, y.ongoingCost / P, y.netSaving / P]),
    [
      [760_230, 315_120, 445_110],
      [2_280_690, 420_160, 1_860_530],
    ],
  );
});

test('a typed amount and its working are checked against each other', () => {
  const withTyped = (typed: number) =>
    aProgramme({
      planYears: 1,
      initiatives: [anInitiative({ lines: [{ year: 2025, grossSaving: typed }], workings: [residentialToFostering] })],
    });
  // Typed 1,878 (£000s) for a working of £1,878,240: it shows as 1,878, so it agrees.
  assert.deepEqual(checkStatedTotals(withTyped(1_878_000), appraiseProgramme(withTyped(1_878_000))), []);
  // Typed 1,900 is £21,760 off; a whole £000 typed in £000s may be out by £500: an error. The typed
  // figure is what the appraisal uses (the paper's), the working is reported beside it.
  const p = withTyped(1_900_000);
  const a = appraiseProgramme(p);
  assert.equal(a.years[0]?.grossSaving, 190_000_000);
  const [f, ...rest] = checkStatedTotals(p, a);
  assert.equal(rest.length, 0);
  assert.equal(f?.kind, 'working');
  assert.equal(f?.where, 'working edge-of-care 2025/26 / gross saving');
  assert.equal(f?.severity, 'error');
  assert.equal(f?.difference, 2_176_000);
  assert.match(
    f?.message ?? '',
    /stated 1,900 but the working \(12 children x \(£3,830 - £820\) a week x 52 weeks = £1,878,240\) gives 1,878/,
  );
});

test('TBC: shown as such, nil in every total, with a warning; a cumulative TBC keeps the level', () => {
  // Incremental 100k, TBC, 50k: new savings 100k, 0, 50k, so 100k, 100k, 150k against the baseline.
  // Cumulative 100k, TBC, 300k: the TBC year stays at 100k (not 0), then 300k.
  const inc = anInitiative({
    id: 'inc',
    lines: [
      { year: 2025, grossSaving: 100_000 },
      { year: 2026, tbc: ['grossSaving'], ongoingCost: 10_000 },
      { year: 2027, grossSaving: 50_000 },
    ],
  });
  const cum = anInitiative({
    id: 'cum',
    profile: 'cumulative',
    lines: [
      { year: 2025, grossSaving: 100_000 },
      { year: 2026, tbc: ['grossSaving', 'investment'] },
      { year: 2027, grossSaving: 300_000 },
    ],
  });
  const a = appraiseProgramme(aProgramme({ planYears: 3, initiatives: [inc, cum] }));
  assert.deepEqual(
    a.initiatives.map((i) => i.years.slice(0, 3).map((y) => y.grossSaving / P)),
    [
      [100_000, 100_000, 150_000],
      [100_000, 100_000, 300_000],
    ],
  );
  assert.equal(a.totals.plan.investment, 0);
  assert.deepEqual(
    tbcWarnings(aProgramme({ initiatives: [inc, cum] })).map((w) => w.message),
    [
      "initiative 'inc', 2026/27 gross saving is TBC: counted as nil in every total until it is known",
      "initiative 'cum', 2026/27 investment is TBC: counted as nil in every total until it is known",
      "initiative 'cum', 2026/27 gross saving is TBC: counted as nil in every total until it is known",
    ],
  );
});

test('a negative investment is income: it offsets investment in totals and payback', () => {
  // Investment 100k in 2025/26 and a partner's contribution of 40k in 2026/27 (typed -40,000);
  // net saving 30k a year. Plan investment 100 - 40 = 60k. Cash flow: -100k at the start of
  // 2025/26, -70k at its end; +40k at the start of 2026/27 gives -30k, repaid by its end: 2.0 years.
  const ini = anInitiative({
    profile: 'cumulative',
    lines: [
      { year: 2025, investment: 100_000, grossSaving: 30_000 },
      { year: 2026, investment: -40_000, grossSaving: 30_000 },
    ],
  });
  const a = appraiseProgramme(aProgramme({ planYears: 2, initiatives: [ini] }));
  assert.equal(a.totals.plan.investment / P, 60_000);
  assert.equal(a.totals.plan.netCashFlow / P, 0);
  assert.equal(a.paybackCashflowYears, 2);
});
