import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appraiseProgramme,
  cashflowPayback,
  netPresentValue,
  simplePayback,
} from '../../src/domain/programme/appraisal.ts';
import { deliveredSeries, convertProfile } from '../../src/domain/programme/profile.ts';
import { aProgramme, anInitiative } from './builders.ts';

const P = 100; // pence per pound

test('incremental and cumulative entry of the same plan give identical results', () => {
  // Worked by hand: new saving each year 100k, 150k, 50k (incremental) is 100k, 250k, 300k against
  // the baseline (cumulative). Year 1 saving starts mid-year (phasing 0.5).
  const common = [
    { year: 2025, investment: 200_000, ongoingCost: 40_000, phasing: 0.5 },
    { year: 2026, ongoingCost: 80_000 },
    { year: 2027, ongoingCost: 80_000 },
  ];
  const inc = anInitiative({
    profile: 'incremental',
    lines: common.map((c, i) => ({
      ...c,
      grossSaving: [100_000, 150_000, 50_000][i] ?? 0,
      grossLow: [60_000, 100_000, 40_000][i] ?? 0,
      grossHigh: [120_000, 180_000, 60_000][i] ?? 0,
    })),
  });
  const cum = anInitiative({
    profile: 'cumulative',
    lines: common.map((c, i) => ({
      ...c,
      grossSaving: [100_000, 250_000, 300_000][i] ?? 0,
      grossLow: [60_000, 160_000, 200_000][i] ?? 0,
      grossHigh: [120_000, 300_000, 360_000][i] ?? 0,
    })),
  });
  const a = appraiseProgramme(aProgramme({ planYears: 3, initiatives: [inc] }));
  const b = appraiseProgramme(aProgramme({ planYears: 3, initiatives: [cum] }));
  assert.deepEqual(a.years, b.years);
  assert.deepEqual(a.totals, b.totals);
  assert.equal(a.paybackSimpleYears, b.paybackSimpleYears);
  assert.equal(a.paybackCashflowYears, b.paybackCashflowYears);
  assert.equal(a.npv, b.npv);
  // Delivered against the baseline, by hand: 2025/26 half of 100k = 50k; 2026/27 100k + 150k = 250k;
  // 2027/28 300k. Incremental view: 50k, 200k, 50k.
  assert.deepEqual(
    a.years.slice(0, 3).map((y) => y.grossSaving / P),
    [50_000, 250_000, 300_000],
  );
  assert.deepEqual(
    a.years.slice(0, 3).map((y) => y.grossSavingIncremental / P),
    [50_000, 200_000, 50_000],
  );
  // Both profiles are shown: converting the entered figures one way and back.
  assert.deepEqual(convertProfile([100, 150, 50], 'incremental'), [100, 250, 300]);
  assert.deepEqual(convertProfile([100, 250, 300], 'cumulative'), [100, 150, 50]);
});

test('later years continue the last entered year at full-year effect; 5- and 10-year totals', () => {
  // Entered 2025/26 only: saving 100k at half-year effect, ongoing 30k, investment 50k.
  // Delivered: 50k in 2025/26, then 100k a year (run rate) with 30k ongoing each year.
  const s = deliveredSeries(
    anInitiative({
      lines: [{ year: 2025, investment: 50_000, ongoingCost: 30_000, grossSaving: 100_000, phasing: 0.5 }],
    }),
    2025,
    10,
  );
  assert.deepEqual(
    s.grossAnnual.slice(0, 3).map((v) => v / P),
    [50_000, 100_000, 100_000],
  );
  assert.deepEqual(
    s.ongoingCost.slice(0, 3).map((v) => v / P),
    [30_000, 30_000, 30_000],
  );
  assert.deepEqual(
    s.investment.slice(0, 3).map((v) => v / P),
    [50_000, 0, 0],
  );
  const a = appraiseProgramme(
    aProgramme({
      planYears: 2,
      initiatives: [
        anInitiative({
          lines: [{ year: 2025, investment: 50_000, ongoingCost: 30_000, grossSaving: 100_000, phasing: 0.5 }],
        }),
      ],
    }),
  );
  // Net: 20k, then 70k a year. Plan (2 years) 90k; 5 years 20 + 4x70 = 300k; 10 years 20 + 9x70 = 650k.
  assert.equal(a.totals.plan.netSaving / P, 90_000);
  assert.equal(a.totals.fiveYear.netSaving / P, 300_000);
  assert.equal(a.totals.tenYear.netSaving / P, 650_000);
  assert.equal(a.totals.tenYear.investment / P, 50_000);
});

test('simple and cash-flow payback fall mid-year, interpolated', () => {
  // Investment 100k in 2025/26 with no saving that year; net savings 40k in 2026/27 and 80k from 2027/28.
  // Simple payback, from the start of the first savings year (2026/27): 40k after one year, 60k of
  // the next 80k needed: 1 + 60/80 = 1.75 years.
  // Cash-flow payback, from the start of 2025/26: cumulative -100k, -60k, +20k: 2 + 60/80 = 2.75 years.
  const ini = anInitiative({
    profile: 'cumulative',
    lines: [
      { year: 2025, investment: 100_000 },
      { year: 2026, grossSaving: 40_000 },
      { year: 2027, grossSaving: 80_000 },
    ],
  });
  const a = appraiseProgramme(aProgramme({ planYears: 3, initiatives: [ini] }));
  assert.equal(a.paybackSimpleYears, 1.75);
  assert.equal(a.paybackCashflowYears, 2.75);
  assert.equal(a.initiatives[0]?.paybackSimpleYears, 1.75);
  assert.match(a.paybackDefinitions.simple, /first savings year/);
  assert.match(a.paybackDefinitions.cashflow, /cumulative net cash flow/);
});

test('payback edge cases: no investment, never paid back, investment and savings in the same year', () => {
  assert.equal(simplePayback([10, 10], [0, 0]), 0);
  assert.equal(cashflowPayback([10, 10], [0, 0]), 0);
  assert.equal(simplePayback([0, 0, 10], [100, 0, 0]), null);
  assert.equal(cashflowPayback([0, 10, 10], [100, 0, 0]), null);
  // Investment 120 and net saving 80 in year 0, 80 in year 1. Simple: 80 in year 0, 40 of 80 in year 1: 1.5.
  // Cash flow: -120 at the start of year 0, -40 at its end, then 40 of year 1's 80 needed: 1 + 40/80 = 1.5.
  assert.equal(simplePayback([80, 80], [120, 0]), 1.5);
  assert.equal(cashflowPayback([80, 80], [120, 0]), 1.5);
  // Investment 60 and net saving 120 in the same year: -60 at its start, repaid half way through: 0.5
  // years both ways (not 0, as if the investment were made at the year end).
  assert.equal(cashflowPayback([120], [60]), 0.5);
  assert.equal(simplePayback([120], [60]), 0.5);
  // Income (a negative investment) counts against costs: a grant of 50 at the start of year 0 and a
  // net cost of 30 in it never leaves the position negative.
  assert.equal(cashflowPayback([-30, 10], [-50, 0]), 0);
  // A second investment after payback takes the position negative again: payback is the last
  // crossing. Net 100 a year; 100 invested in year 0 and 150 in year 2: -100, 0 at the end of year 0
  // (paid back at 1.0), then -150 at the start of year 2, -50 at its end, 0 half way through year 3:
  // 3.5 years.
  assert.equal(cashflowPayback([100, 100, 100, 100], [100, 0, 250, 0]), 3.5);
});

test('both paybacks include a net cost in the first year (it is not free)', () => {
  // Worked by hand, in pounds: investment 200k and a net cost of 80k in 2025/26 (ongoing cost 100k
  // against a gross saving of 20k), then net savings of 100k a year (gross 200k, ongoing 100k).
  // Cash flow: -200k at the start of 2025/26, -280k at its end, -180k, -80k, then 80k of 2028/29's
  // 100k: 3 + 0.8 = 3.8 years. Simple, from the first savings year 2026/27: 3.8 - 1 = 2.8 years.
  // Before this rule the simple payback counted only the 200k investment from 2026/27: 2.0 years,
  // as if the 80k net cost of 2025/26 were free.
  const ini = anInitiative({
    profile: 'cumulative',
    lines: [
      { year: 2025, investment: 200_000, ongoingCost: 100_000, grossSaving: 20_000 },
      { year: 2026, ongoingCost: 100_000, grossSaving: 200_000 },
    ],
  });
  const a = appraiseProgramme(aProgramme({ planYears: 4, initiatives: [ini] }));
  assert.deepEqual(
    a.years.slice(0, 4).map((y) => y.netSaving / P),
    [-80_000, 100_000, 100_000, 100_000],
  );
  assert.ok(Math.abs((a.paybackCashflowYears ?? 0) - 3.8) < 1e-12);
  assert.ok(Math.abs((a.paybackSimpleYears ?? 0) - 2.8) < 1e-12);
  // With no investment at all the first year's net cost still has to be repaid: -80k, then 80k of
  // 2026/27's 100k: cash flow 1.8 years, simple 0.8 years (it was 0: "no investment").
  const noInvestment = anInitiative({
    profile: 'cumulative',
    lines: [
      { year: 2025, ongoingCost: 100_000, grossSaving: 20_000 },
      { year: 2026, ongoingCost: 100_000, grossSaving: 200_000 },
    ],
  });
  const b = appraiseProgramme(aProgramme({ planYears: 4, initiatives: [noInvestment] }));
  assert.ok(Math.abs((b.paybackCashflowYears ?? 0) - 1.8) < 1e-12);
  assert.ok(Math.abs((b.paybackSimpleYears ?? 0) - 0.8) < 1e-12);
  assert.match(a.paybackDefinitions.simple, /every net cost before payback/);
});

test('NPV at 3.5%, first plan year undiscounted (worked by hand)', () => {
  // Flows -100,000, +40,000, +80,000 (pounds):
  // -100,000 + 40,000/1.035 + 80,000/1.035^2 = -100,000 + 38,647.343 + 74,680.861 = 13,328.20 (to the penny).
  assert.equal(netPresentValue([-10_000_000, 4_000_000, 8_000_000], 0.035), 1_332_820);
  const ini = anInitiative({
    profile: 'cumulative',
    lines: [
      { year: 2025, investment: 100_000 },
      { year: 2026, grossSaving: 40_000 },
      { year: 2027, grossSaving: 80_000 },
    ],
  });
  const a = appraiseProgramme(aProgramme({ planYears: 3, initiatives: [ini] }));
  assert.equal(a.npv, 1_332_820);
  // At 0% the NPV is the plain sum, 20,000.
  assert.equal(appraiseProgramme(aProgramme({ planYears: 3, initiatives: [ini] }), { discountRate: 0 }).npv, 2_000_000);
  assert.equal(a.years[1]?.discountFactor, 1 / 1.035);
});

test('a range is carried through to net and total ranges', () => {
  // Two initiatives over two years, incremental, in pounds:
  //  A: gross 100k (low 80k, high 130k) in 2025/26, nothing new in 2026/27; ongoing 10k each year.
  //  B: gross 50k with no range in 2025/26 and 50k (low 20k, high 60k) more in 2026/27.
  // Against the baseline: 2025/26 gross 150k (low 130k, high 180k);
  //                       2026/27 A 100k (80k-130k) + B 100k (70k-110k) = 200k (150k-240k).
  // Plan totals: gross 350k (low 280k, high 420k); ongoing 20k; net 330k (low 260k, high 400k).
  const a = appraiseProgramme(
    aProgramme({
      planYears: 2,
      initiatives: [
        anInitiative({
          id: 'a',
          lines: [
            { year: 2025, grossSaving: 100_000, grossLow: 80_000, grossHigh: 130_000, ongoingCost: 10_000 },
            { year: 2026, ongoingCost: 10_000 },
          ],
        }),
        anInitiative({
          id: 'b',
          lines: [
            { year: 2025, grossSaving: 50_000 },
            { year: 2026, grossSaving: 50_000, grossLow: 20_000, grossHigh: 60_000 },
          ],
        }),
      ],
    }),
  );
  const y = a.years.slice(0, 2).map((v) => [v.grossLow / P, v.grossSaving / P, v.grossHigh / P]);
  assert.deepEqual(y, [
    [130_000, 150_000, 180_000],
    [150_000, 200_000, 240_000],
  ]);
  const t = a.totals.plan;
  assert.deepEqual([t.grossLow / P, t.grossSaving / P, t.grossHigh / P], [280_000, 350_000, 420_000]);
  assert.deepEqual([t.netLow / P, t.netSaving / P, t.netHigh / P], [260_000, 330_000, 400_000]);
});

test('cashable and cost avoidance are split in the totals', () => {
  const a = appraiseProgramme(
    aProgramme({
      planYears: 1,
      initiatives: [
        anInitiative({ id: 'c', savingType: 'cashable', lines: [{ year: 2025, grossSaving: 70_000 }] }),
        anInitiative({ id: 'd', savingType: 'costAvoidance', lines: [{ year: 2025, grossSaving: 30_000 }] }),
      ],
    }),
  );
  assert.equal(a.totals.plan.cashable / P, 70_000);
  assert.equal(a.totals.plan.costAvoidance / P, 30_000);
  assert.equal(a.totals.plan.grossSaving / P, 100_000);
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

test('the inputs are not mutated (a deeply frozen programme appraises the same)', () => {
  const build = () =>
    aProgramme({
      initiatives: [
        anInitiative({
          lines: [
            { year: 2025, grossSaving: 10_000, investment: 5_000, phasing: 0.5 },
            { year: 2026, grossSaving: 5_000 },
          ],
        }),
      ],
    });
  assert.deepEqual(appraiseProgramme(deepFreeze(build())), appraiseProgramme(build()));
});
