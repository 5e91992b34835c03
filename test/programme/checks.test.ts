import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appraiseProgramme } from '../../src/domain/programme/appraisal.ts';
import { checkStatedTotals, classifyTotal, roundingAllowance, tbcWarnings } from '../../src/domain/programme/checks.ts';
import type { Initiative, Programme } from '../../src/domain/programme/model.ts';
import { poundsToPence } from '../../src/domain/finance/money.ts';
import { aProgramme, anInitiative } from './builders.ts';

/** £000s to pence. */
const k = (thousands: number): number => thousands * 100_000;
const check = (p: Programme) => checkStatedTotals(p, appraiseProgramme(p));
const summary = (p: Programme) => check(p).map((f) => [f.where, f.severity, f.difference / 100]);

// Three initiatives, one plan year, shown in £000s. Gross savings £10,400, £20,400 and £30,400 are
// typed in pounds and shown as 10, 20 and 30; they add to £61,200, which rounds to 61.
const programmeWith = (statedGross: number) =>
  aProgramme({
    unit: 'thousands',
    planYears: 1,
    initiatives: [10_400, 20_400, 30_400].map((g, i) =>
      anInitiative({ id: `i${i + 1}`, lines: [{ year: 2025, grossSaving: g }] }),
    ),
    statedTotals: { byYear: [{ year: 2025, totals: { grossSaving: poundsToPence(statedGross) } }], total: {} },
  });

test('a stated total equal to the rounded computed total is not reported', () => {
  assert.deepEqual(check(programmeWith(61_000)), []);
});

test('a total typed as the sum of the rounded lines is rounding; one 40 out is an error', () => {
  // Stated 60 (10 + 20 + 30) against computed 61.2: off by £1,200. Each line is typed in pounds
  // (not whole £000s), so it is exact but shown rounded: out by £400 each, £1,200 in all: rounding.
  const [f, ...rest] = check(programmeWith(60_000));
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'rounding');
  assert.equal(f?.where, 'column 2025/26 / gross saving');
  assert.equal(f?.stated, 6_000_000);
  assert.equal(f?.computed, 6_120_000);
  assert.equal(f?.difference, -120_000);
  assert.equal(f?.allowance, 120_000);
  assert.equal(f?.figures, 3);
  assert.match(f?.message ?? '', /stated 60 but the lines add to 61/);
  // Stated 101 against 61.2: off by £39,800, far beyond £1,200.
  const [g] = check(programmeWith(101_000));
  assert.equal(g?.severity, 'error');
  assert.equal(g?.difference, 3_980_000);
});

test('rounding allowance: half the unit a whole figure was typed in; the display error of a precise one', () => {
  // A whole £000 typed in £000s may itself be rounded: half a unit, £500.
  assert.equal(roundingAllowance(k(450), true, 'thousands', 'thousands'), 50_000);
  // £10,400 typed in pounds is exact, but shown in £000s as 10: out by £400.
  assert.equal(roundingAllowance(1_040_000, true, 'thousands', 'thousands'), 40_000);
  // A cell holding no figure adds nothing.
  assert.equal(roundingAllowance(0, false, 'thousands', 'thousands'), 0);
  // In pounds, a whole pound may be out by 50p.
  assert.equal(roundingAllowance(1_040_000, true, 'GBP', 'GBP'), 50);
  // classifyTotal takes the allowance: £m shows to the £000.
  assert.equal(classifyTotal(100_000_000, 100_180_000, 200_000, 'millions'), 'rounding');
  assert.equal(classifyTotal(100_000_000, 100_250_000, 200_000, 'millions'), 'error');
  assert.equal(classifyTotal(100_000_000, 100_040_000, 0, 'millions'), null);
});

/** Nine initiatives over four years, every figure a whole £000, plus `empty` initiatives with no saving typed. */
function wholeThousands(empty: number, statedOff: number): Programme {
  const full = Array.from({ length: 9 }, (_, i) =>
    anInitiative({
      id: `full-${i + 1}`,
      lines: [2025, 2026, 2027, 2028].map((year, y) => ({ year, grossSaving: (100 + 10 * i + y) * 1000 })),
    }),
  );
  const blank = Array.from({ length: empty }, (_, i) =>
    anInitiative({ id: `blank-${i + 1}`, lines: [{ year: 2025, ongoingCost: 5_000 }] }),
  );
  // Worked by hand: incremental gross typed as (100 + 10i + y) £000 for i = 0..8, y = 0..3. Each
  // initiative's delivered new saving is its typed figure, so the grand total over the plan years is
  // sum_i sum_y (100 + 10i + y) = 36 x 100 + 4 x 10 x 36 + 9 x 6 = 3,600 + 1,440 + 54 = 5,094 (£000s).
  return aProgramme({
    planYears: 4,
    initiatives: [...full, ...blank],
    statedTotals: { byYear: [], total: { grossSaving: k(5_094 + statedOff) } },
  });
}

test('a grand total 52 (£000s) away over 36 whole-£000 figures is an error, not rounding', () => {
  // 36 figures, each a whole £000 typed in £000s, can be out by £500 each: £18,000 in all. 52 is
  // far beyond it. (Counting every initiative x year cell would have allowed far more.)
  assert.deepEqual(check(wholeThousands(0, 0)), []);
  const [f, ...rest] = check(wholeThousands(0, 52));
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'error');
  assert.equal(f?.where, 'grand total / gross saving');
  assert.equal(f?.difference, k(52));
  assert.equal(f?.figures, 36);
  assert.equal(f?.allowance, 36 * 50_000);
  assert.match(
    f?.message ?? '',
    /more than rounding can explain \(the 36 figures added up can be out by up to £18,000/,
  );
  // 16 initiatives x 4 years = 64 cells of which only the same 36 hold figures: a total 32 away was
  // "within rounding (half a display unit on each of 64 lines)" = £32,000; now the allowance is still
  // £18,000 and 32 is an error.
  const [g] = check(wholeThousands(7, 32));
  assert.equal(g?.severity, 'error');
  assert.equal(g?.figures, 36);
  assert.equal(g?.allowance, 1_800_000);
  // 18 away is the most rounding can explain.
  assert.equal(check(wholeThousands(7, 18))[0]?.severity, 'rounding');
  assert.equal(check(wholeThousands(7, 19))[0]?.severity, 'error');
});

test('a grand total 1 (£000s) away from its own row totals is rounding (6,930 against 1,996 + 3,997 + 936)', () => {
  // Worked by hand: rows typed 499 x 4 = 1,996; 999 x 3 + 1,000 = 3,997; 234 x 4 = 936, each row
  // total stated and agreeing with its lines. The paper's grand total is 6,930 but the rows add to
  // 6,929: three stated figures, each a whole £000 that may be rounded by £500, allow £1,500.
  const rows = [
    { id: 'a', lines: [499, 499, 499, 499], row: 1_996 },
    { id: 'b', lines: [999, 999, 999, 1_000], row: 3_997 },
    { id: 'c', lines: [234, 234, 234, 234], row: 936 },
  ];
  const p = aProgramme({
    planYears: 4,
    initiatives: rows.map((r) =>
      anInitiative({
        id: r.id,
        lines: r.lines.map((g, y) => ({ year: 2025 + y, grossSaving: g * 1000 })),
        statedTotals: { grossSaving: k(r.row) },
      }),
    ),
    statedTotals: { byYear: [], total: { grossSaving: k(6_930) } },
  });
  const findings = check(p);
  const cross = findings.find((f) => f.kind === 'cross');
  assert.equal(cross?.where, 'grand total / gross saving against the row totals');
  assert.equal(cross?.severity, 'rounding');
  assert.equal(cross?.stated, k(6_930));
  assert.equal(cross?.computed, k(6_929));
  assert.equal(cross?.difference, k(1));
  assert.equal(cross?.allowance, 150_000);
  assert.match(
    cross?.message ?? '',
    /stated 6,930 but the stated row totals add to 6,929 \(£000s\); difference 1, within rounding/,
  );
  // Against its 12 lines (all whole £000s: £6,000 allowed) the grand total is rounding too.
  assert.deepEqual(
    findings.map((f) => [f.kind, f.severity]),
    [
      ['grand', 'rounding'],
      ['cross', 'rounding'],
    ],
  );
});

test('stated totals checked against each other: grand against columns, rows against columns', () => {
  // One initiative, three plan years, new savings 100k, 200k, 300k. Columns stated 100, 200, 300
  // (they agree with the lines); the grand total is typed 650 where the columns add to 600.
  const ini = anInitiative({
    lines: [
      { year: 2025, grossSaving: 100_000 },
      { year: 2026, grossSaving: 200_000 },
      { year: 2027, grossSaving: 300_000 },
    ],
  });
  const byYear = [100, 200, 300].map((g, i) => ({ year: 2025 + i, totals: { grossSaving: k(g) } }));
  const p = aProgramme({ planYears: 3, initiatives: [ini], statedTotals: { byYear, total: { grossSaving: k(650) } } });
  assert.deepEqual(summary(p), [
    ['grand total / gross saving', 'error', 50_000],
    ['grand total / gross saving against the column totals', 'error', 50_000],
  ]);
  // No grand total: the row total (610) against the column totals (600).
  const rowsOnly = aProgramme({
    planYears: 3,
    initiatives: [{ ...ini, statedTotals: { grossSaving: k(610) } }],
    statedTotals: { byYear, total: {} },
  });
  assert.deepEqual(summary(rowsOnly), [
    ['row edge-of-care / gross saving', 'error', 10_000],
    ['row totals / gross saving against the column totals', 'error', 10_000],
  ]);
});

test('row and grand totals are checked, savings in the stated profile', () => {
  // One initiative entered cumulative 100k, 250k, 300k over three years; stated rows are incremental
  // (100k + 150k + 50k = 300k). Investment 200k in year one.
  const ini = anInitiative({
    id: 'step-down',
    profile: 'cumulative',
    lines: [
      { year: 2025, grossSaving: 100_000, investment: 200_000 },
      { year: 2026, grossSaving: 250_000 },
      { year: 2027, grossSaving: 300_000 },
    ],
    statedTotals: { grossSaving: poundsToPence(300_000), investment: poundsToPence(240_000) },
  });
  const p = aProgramme({
    planYears: 3,
    initiatives: [ini],
    statedTotals: { byYear: [], total: { grossSaving: poundsToPence(650_000), netSaving: poundsToPence(300_000) } },
  });
  assert.deepEqual(summary(p), [
    ['row step-down / investment', 'error', 40_000],
    // 650k is the cumulative sum (100 + 250 + 300), but totals are stated incremental: 300k.
    ['grand total / gross saving', 'error', 350_000],
    // The stated grand total also disagrees with the stated row total (300k).
    ['grand total / gross saving against the row totals', 'error', 350_000],
  ]);
  // The same stated grand total agrees when the programme says its totals are cumulative.
  const cumulative = {
    ...p,
    initiatives: [{ ...ini, statedTotals: {} }],
    statedProfile: 'cumulative' as const,
    statedTotals: { byYear: [], total: { grossSaving: poundsToPence(650_000) } },
  };
  assert.deepEqual(check(cumulative), []);
});

/** Investment 300k in 2025/26 (year 0); savings against the baseline 100k in 2026/27, then 200k a year. */
const investThenSave = (): Initiative =>
  anInitiative({
    id: 'step-down',
    profile: 'cumulative',
    lines: [
      { year: 2025, investment: 300_000 },
      { year: 2026, grossSaving: 100_000 },
      { year: 2027, grossSaving: 200_000 },
    ],
  });

test('spans: from the first savings year with investment in a year 0, from the first plan year, and a named span', () => {
  // Worked by hand, a cumulative table (annual savings against the baseline):
  //  "Savings years 1 to 5" = 2026/27 to 2030/31, with 2025/26 as year 0: gross 100 + 4 x 200 = 900k;
  //   investment 300k (year 0); net cash flow 900 - 300 = 600k.
  //  "Savings years 1 to 10" = 2026/27 to 2035/36: gross 100 + 9 x 200 = 1,900k. This reaches 11
  //   years from the first plan year, so the appraisal runs 11 years.
  //  "First three plan years" = 2025/26 to 2027/28: gross 0 + 100 + 200 = 300k.
  //  "2027/28 to 2029/30" (named): 3 x 200 = 600k, stated 650k: an error of 50k; its three figures
  //   (one typed, two carried at run rate) are whole £000s: £1,500 allowed.
  const p = aProgramme({
    planYears: 3,
    statedProfile: 'cumulative',
    initiatives: [investThenSave()],
    statedTotals: {
      byYear: [],
      total: {},
      spans: [
        {
          name: 'Savings years 1 to 5',
          from: 'firstSavingsYear',
          years: 5,
          totals: { grossSaving: k(900), investment: k(300), netCashFlow: k(600) },
        },
        { name: 'Savings years 1 to 10', from: 'firstSavingsYear', years: 10, totals: { grossSaving: k(1_900) } },
        { name: 'First three plan years', from: 'firstPlanYear', years: 3, totals: { grossSaving: k(300) } },
        { name: '2027/28 to 2029/30', from: 2027, years: 3, totals: { grossSaving: k(650) } },
      ],
    },
  });
  const a = appraiseProgramme(p);
  assert.equal(a.years.length, 11);
  const findings = checkStatedTotals(p, a);
  assert.deepEqual(
    findings.map((f) => [f.where, f.severity, f.difference / 100, f.allowance / 100]),
    [["span '2027/28 to 2029/30' / gross saving", 'error', 50_000, 1_500]],
  );
  assert.match(findings[0]?.message ?? '', /over 2027\/28 to 2029\/30/);
  // The same first-savings-year span stated wrongly names its period, year 0 included.
  const wrong = {
    ...p,
    statedTotals: {
      byYear: [],
      total: {},
      spans: [
        { name: 'Savings years 1 to 5', from: 'firstSavingsYear' as const, years: 5, totals: { netCashFlow: k(900) } },
      ],
    },
  };
  assert.match(check(wrong)[0]?.message ?? '', /over 2026\/27 to 2030\/31, with 2025\/26 as year 0/);
});

test('ranges stated as "low - high" are checked end by end', () => {
  // Two initiatives, one plan year, incremental: A gross 100k (low 80k, high 130k); B 50k, no range.
  // Low 130k, high 180k. The paper states 130 - 185: the high end is 5 out.
  const p = aProgramme({
    planYears: 1,
    initiatives: [
      anInitiative({ id: 'a', lines: [{ year: 2025, grossSaving: 100_000, grossLow: 80_000, grossHigh: 130_000 }] }),
      anInitiative({ id: 'b', lines: [{ year: 2025, grossSaving: 50_000 }] }),
    ],
    statedTotals: { byYear: [], total: { grossSaving: { low: k(130), high: k(185) } } },
  });
  assert.deepEqual(summary(p), [['grand total / gross saving (high)', 'error', 5_000]]);
  assert.match(check(p)[0]?.message ?? '', /but the lines add to high 180/);
});

test('full-year and phased figures, cumulative and incremental tables in one paper', () => {
  // A 900k saving from July 2025 at half-year effect: 450k delivered in 2025/26, 900k from 2026/27.
  // The paper's MTFS table is phased and incremental: 450, 450. Its business case table beside it
  // shows the full-year effect, cumulative: 900, 900. A "full-year effect" span of one year in the
  // phased table says 900.
  const ini = anInitiative({ lines: [{ year: 2025, grossSaving: 900_000, phasing: 0.5 }] });
  const p = aProgramme({
    planYears: 2,
    initiatives: [ini],
    statedTotals: {
      byYear: [
        { year: 2025, totals: { grossSaving: k(450) } },
        { year: 2026, totals: { grossSaving: k(450) } },
      ],
      total: {},
      spans: [
        { name: 'Full-year effect 2025/26', from: 2025, years: 1, basis: 'fullYear', totals: { grossSaving: k(900) } },
      ],
    },
    statedTables: [
      {
        name: 'Business case',
        profile: 'cumulative',
        basis: 'fullYear',
        byYear: [
          { year: 2025, totals: { grossSaving: k(900) } },
          { year: 2026, totals: { grossSaving: k(900) } },
        ],
        rows: [],
        total: { grossSaving: k(1_800) },
      },
    ],
  });
  assert.deepEqual(check(p), []);
  // Typing the phased figure into the full-year table is an error the checks name by table.
  const mixed = {
    ...p,
    statedTables: [{ ...p.statedTables![0]!, byYear: [{ year: 2025, totals: { grossSaving: k(450) } }], total: {} }],
  };
  assert.deepEqual(summary(mixed), [['Business case: column 2025/26 / gross saving', 'error', -450_000]]);
});

test('stated paybacks are checked to the decimals typed, and a different definition is named', () => {
  // The net cost example (appraisal tests): simple 2.8 years, cash-flow 3.8 years.
  const ini = anInitiative({
    profile: 'cumulative',
    lines: [
      { year: 2025, investment: 200_000, ongoingCost: 100_000, grossSaving: 20_000 },
      { year: 2026, ongoingCost: 100_000, grossSaving: 200_000 },
    ],
    statedPayback: { simple: 2.8 },
  });
  // Programme: simple stated 3 (whole years: 2.8 rounds to 3, agrees); cash flow stated 2.8 (it is 3.8,
  // but 2.8 is the simple payback: the paper counts from the first savings year).
  const p = aProgramme({
    planYears: 4,
    initiatives: [ini],
    statedTotals: { byYear: [], total: {}, payback: { simple: 3, cashflow: 2.8 } },
  });
  const findings = check(p);
  assert.deepEqual(
    findings.map((f) => [f.where, f.kind, f.stated, Number(f.computed.toFixed(4))]),
    [['payback (cash-flow)', 'payback', 2.8, 3.8]],
  );
  assert.match(findings[0]?.message ?? '', /matches Forecare's simple payback \(2\.80 years\)/);
  // A row payback of 2.0 is wrong by 0.8 years.
  const row = {
    ...p,
    initiatives: [{ ...ini, statedPayback: { simple: 2.0 } }],
    statedTotals: { byYear: [], total: {} },
  };
  assert.deepEqual(
    check(row).map((f) => f.where),
    ['row edge-of-care / payback (simple)'],
  );
});

test('a stated variance is checked against forecast (or actual) minus target', () => {
  // Target 150k, forecast 120k, actual 110k: variance (30k) on the forecast, (40k) on the actual.
  const entry = { period: '2025/26 Q2', target: k(150), forecast: k(120), actual: k(110) };
  const withVariance = (statedVariance: number) =>
    aProgramme({
      initiatives: [anInitiative({ lines: [{ year: 2025 }], monitoring: [{ ...entry, statedVariance }] })],
    });
  assert.deepEqual(check(withVariance(k(-30))), []);
  assert.deepEqual(check(withVariance(k(-40))), []);
  const reversed = check(withVariance(k(30)));
  assert.deepEqual(
    reversed.map((f) => [f.where, f.kind, f.severity, f.difference / 100]),
    [['monitoring edge-of-care 2025/26 Q2 / variance', 'variance', 'error', 60_000]],
  );
  assert.match(reversed[0]?.message ?? '', /sign is reversed/);
  assert.equal(check(withVariance(k(-35)))[0]?.severity, 'error');
});

test('stated totals typed as TBC are not checked and are warned about', () => {
  const p = aProgramme({
    planYears: 1,
    initiatives: [anInitiative({ lines: [{ year: 2025, grossSaving: 10_000 }] })],
    statedTotals: { byYear: [{ year: 2025, totals: { grossSaving: 'TBC' } }], total: { investment: 'TBC' } },
  });
  assert.deepEqual(check(p), []);
  assert.deepEqual(
    tbcWarnings(p).map((w) => w.message),
    [
      'column 2025/26 / gross saving is stated as TBC: not checked',
      'grand total / investment is stated as TBC: not checked',
    ],
  );
});
