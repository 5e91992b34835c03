import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PLACEMENT_CATEGORIES } from '../../src/domain/placementCategories.ts';
import { EXIT_ROUTES } from '../../src/domain/exitRoutes.ts';
import { fitModel, project, projectExpected } from '../../src/domain/engine/project.ts';
import { populationTotal, runValues, summariseProjection, buildTimeline } from '../../src/domain/engine/projection.ts';
import type { RateAdjustment } from '../../src/domain/engine/adjustments.ts';
import { summarise } from '../../src/domain/stats/quantiles.ts';
import { sameDateYearsLater } from '../../src/domain/engine/expected.ts';
import { EntityStream } from '../../src/domain/stats/random.ts';
import { populationOf, ratesFrom } from './support/builders.ts';

const START = '2024-03-31';
const cat = (c: (typeof PLACEMENT_CATEGORIES)[number]): number => PLACEMENT_CATEGORIES.indexOf(c);

test('timeline: a month-end start makes the next month the first; day offsets are exact', () => {
  const t = buildTimeline(START, 3);
  assert.deepEqual(t.months, ['2024-04', '2024-05', '2024-06']);
  assert.deepEqual(Array.from(t.monthEndDay), [30, 61, 91]);
  assert.deepEqual(Array.from(t.monthFirstDay), [1, 31, 62]);
  const mid = buildTimeline('2024-04-15', 2);
  assert.deepEqual(mid.months, ['2024-04', '2024-05']);
  assert.deepEqual(Array.from(mid.monthFirstDay), [1, 16]);
});

// Hand-worked: 100 children aged 6 (no band change within 2 years), one category, one exit route
// at λ = 0.001 a day, no entries. Expected children after d days: 100·(1 − λ)^d in the daily
// model, within d·λ²/2 (relative) of the continuous 100·e^(−λd): after 365 days 100·e^(−0.365) = 69.42.
const lambda = 0.001;
const hundred = populationOf(
  START,
  Array.from({ length: 100 }, () => ({ dob: '2018-01-10', category: 'inhouse_fostering' as const })),
);
const decayRates = ratesFrom({
  start: START,
  exits: [{ category: 'inhouse_fostering', route: 'return_home', perDay: lambda }],
});

test('expected path: 100 children, exit rate λ, no entries -> 100·e^(−λt) (worked by hand)', () => {
  const p = projectExpected({ rates: decayRates, population: hundred }, { months: 24 });
  for (let m = 0; m < 24; m++) {
    const d = p.timeline.monthEndDay[m]!;
    const got = populationTotal(p, 0, m);
    assert.ok(Math.abs(got - 100 * Math.pow(1 - lambda, d)) < 1e-9, `month ${m}: ${got}`);
    // (1 − λ)^d = e^(−λd − dλ²/2 − ...): relative gap d·λ²/2 = 3.7e-4 at d = 730
    assert.ok(Math.abs(got - 100 * Math.exp(-lambda * d)) / got < (d * lambda * lambda) / 2 + 1e-6);
  }
  // 2025-03-31 is day 365: 100·e^(−0.365) = 69.42 (by hand)
  assert.equal(p.timeline.monthEndDay[11], 365);
  assert.equal(populationTotal(p, 0, 11).toFixed(1), '69.4');
  // Exits add up: 100 − stock at the end = exits in the period.
  const exits = p.exitsByRoute.reduce((s, x) => s + x, 0);
  assert.ok(Math.abs(100 - populationTotal(p, 0, 23) - exits) < 1e-9);
});

test('Monte Carlo mean agrees with the expected path (process noise only: binomial spread)', () => {
  const r = project(
    { rates: decayRates, population: hundred },
    { months: 12, runs: 4000, seed: 9, parameterUncertainty: false },
  );
  const q = summarise(runValues(r.simulated, 'populationByCategory', 11));
  const expected = 100 * Math.exp(-lambda * 365);
  // Binomial(100, p = e^(−0.365)): sd = sqrt(100·p·(1−p)) = 4.61; the mean of 4000 runs has se 0.073.
  assert.ok(Math.abs(q.mean - expected) < 4 * 0.073, `mean ${q.mean} vs ${expected}`);
  assert.ok(q.p10 <= q.p50 && q.p50 <= q.p90);
  assert.ok(
    q.p90 - q.p10 > 2 * 1.28 * 4.61 * 0.85 && q.p90 - q.p10 < 2 * 1.28 * 4.61 * 1.15,
    `80% width ${q.p90 - q.p10}`,
  );
});

test('ageing: a child moves band on the birthday and leaves care on the 18th birthday exactly', () => {
  // A turns 10 on 2024-05-20 (5_to_9 -> 10_to_15); B turns 18 on 2024-04-10 and leaves that day.
  const pop = populationOf(START, [
    { dob: '2014-05-20', category: 'inhouse_fostering' },
    { dob: '2006-04-10', category: 'supported_accommodation' },
  ]);
  const rates = ratesFrom({ start: START });
  for (const p of [
    projectExpected({ rates, population: pop }, { months: 3 }),
    project({ rates, population: pop }, { months: 3, runs: 3, seed: 1 }).simulated,
  ]) {
    const bands = p.ageBands;
    const band = (run: number, m: number, key: string): number =>
      p.populationByAgeBand[(run * 3 + m) * bands.length + bands.indexOf(key)]!;
    for (let run = 0; run < p.runs; run++) {
      assert.equal(band(run, 0, '5_to_9'), 1, 'April: still 9');
      assert.equal(band(run, 1, '10_to_15'), 1, 'May: 10 from the 20th');
      assert.equal(band(run, 0, '16_plus'), 0, 'left on the 18th birthday in April');
      // B was looked after 1-9 April: 9 child-days in supported accommodation.
      assert.equal(
        p.childDaysByCategory[(run * 3 + 0) * PLACEMENT_CATEGORIES.length + cat('supported_accommodation')],
        9,
      );
      assert.equal(p.agedOut[run * 3 + 0], 1);
      assert.equal(p.exitsByRoute[(run * 3 + 0) * EXIT_ROUTES.length + EXIT_ROUTES.indexOf('independence_or_18')], 1);
      // A: 30 child-days in April, 31 in May.
      assert.equal(p.childDaysByCategory[(run * 3 + 1) * PLACEMENT_CATEGORIES.length + cat('inhouse_fostering')], 31);
    }
  }
});

const withEntries = ratesFrom({
  start: START,
  entries: [
    { band: '10_to_15', category: 'inhouse_fostering', perDay: 0.3 },
    { band: '1_to_4', category: 'kinship_fostering', perDay: 0.1 },
  ],
  exits: [
    { category: 'inhouse_fostering', route: 'return_home', perDay: 0.001 },
    { category: 'ifa_fostering', route: 'sgo_cao', perDay: 0.0005 },
    { category: 'kinship_fostering', route: 'sgo_cao', perDay: 0.001 },
  ],
  transitions: [{ from: 'inhouse_fostering', to: 'ifa_fostering', perDay: 0.0008 }],
  entryAges: { '10_to_15': [3700, 4000, 4500, 5000, 5500], '1_to_4': [400, 800, 1200] },
});
const model = {
  rates: withEntries,
  population: populationOf(START, [
    ...Array.from({ length: 150 }, (_, i) => ({
      dob: `20${String(10 + (i % 5)).padStart(2, '0')}-0${1 + (i % 9)}-15`,
      category: 'inhouse_fostering' as const,
    })),
    ...Array.from({ length: 50 }, (_, i) => ({
      dob: `20${String(20 + (i % 3)).padStart(2, '0')}-0${1 + (i % 9)}-02`,
      category: 'kinship_fostering' as const,
    })),
  ]),
};

test('the same seed gives identical numbers; another seed different ones', () => {
  const a = project(model, { months: 24, runs: 50, seed: 7 }).simulated;
  const b = project(model, { months: 24, runs: 50, seed: 7 }).simulated;
  const c = project(model, { months: 24, runs: 50, seed: 8 }).simulated;
  assert.deepEqual(a.populationByCategory, b.populationByCategory);
  assert.deepEqual(a.exitsByRoute, b.exitsByRoute);
  assert.deepEqual(JSON.stringify(summariseProjection(a)), JSON.stringify(summariseProjection(b)));
  assert.notDeepEqual(a.populationByCategory, c.populationByCategory);
});

test('quantiles are ordered and never negative; stocks and flows add up in every run', () => {
  const r = project(model, { months: 36, runs: 200, seed: 3 });
  for (const m of summariseProjection(r.simulated)) {
    for (const q of [m.total, ...Object.values(m.byCategory), ...Object.values(m.byAgeBand), m.entries]) {
      assert.ok(q.p2_5 >= 0);
      assert.ok(q.p2_5 <= q.p10 && q.p10 <= q.p50 && q.p50 <= q.p90 && q.p90 <= q.p97_5);
    }
  }
  const p = r.simulated;
  const nM = 36;
  for (let run = 0; run < p.runs; run += 17) {
    let prev = model.population.children.length;
    for (let m = 0; m < nM; m++) {
      const entries = runValues(p, 'entriesByAgeBand', m)[run]!;
      const exits = runValues(p, 'exitsByRoute', m)[run]!;
      const now = populationTotal(p, run, m);
      assert.equal(now, prev + entries - exits, `run ${run} month ${m}`);
      assert.equal(runValues(p, 'populationByAgeBand', m)[run], now);
      assert.equal(runValues(p, 'transitionsOut', m)[run], runValues(p, 'transitionsIn', m)[run]);
      prev = now;
    }
  }
});

test('expected path is the Monte Carlo mean (within Monte Carlo error)', () => {
  const r = project(model, { months: 36, runs: 1000, seed: 11 });
  for (const m of [5, 17, 35]) {
    const sims = runValues(r.simulated, 'populationByCategory', m);
    const q = summarise(sims);
    let v = 0;
    for (const x of sims) v += (x - q.mean) ** 2;
    const se = Math.sqrt(v / (sims.length - 1) / sims.length);
    const e = populationTotal(r.expected, 0, m);
    assert.ok(Math.abs(q.mean - e) < 4 * se + 0.005 * e, `month ${m}: MC ${q.mean} ± ${se}, expected ${e}`);
  }
});

test('adjustments: an empty list gives identical numbers; -100% entries gives no entries after the start', () => {
  const base = project(model, { months: 24, runs: 40, seed: 5 });
  const empty = project(model, { months: 24, runs: 40, seed: 5, adjustments: [] });
  assert.deepEqual(empty.simulated.populationByCategory, base.simulated.populationByCategory);
  assert.deepEqual(empty.expected.populationByCategory, base.expected.populationByCategory);
  const none: RateAdjustment[] = [
    { kind: 'entryRate', start: '2024-04-01', rampMonths: 0, ageBands: [], percent: -100 },
  ];
  const r = project(model, { months: 24, runs: 40, seed: 5, adjustments: none });
  assert.equal(
    r.simulated.entriesByAgeBand.reduce((s, x) => s + x, 0),
    0,
  );
  assert.equal(
    r.expected.entriesByAgeBand.reduce((s, x) => s + x, 0),
    0,
  );
});

test('common random numbers: a scenario starting in month 13 leaves months 1-12 identical, run by run', () => {
  const base = project(model, { months: 24, runs: 60, seed: 21 }).simulated;
  const adj: RateAdjustment[] = [
    { kind: 'exitRate', start: '2025-04-01', rampMonths: 6, route: 'return_home', percent: 50 },
    { kind: 'entryRate', start: '2025-04-01', rampMonths: 0, ageBands: ['10_to_15'], percent: -20 },
  ];
  const scen = project(model, { months: 24, runs: 60, seed: 21, adjustments: adj }).simulated;
  const w = PLACEMENT_CATEGORIES.length;
  for (let run = 0; run < 60; run++) {
    for (let m = 0; m < 12; m++) {
      const i = (run * 24 + m) * w;
      assert.deepEqual(scen.populationByCategory.subarray(i, i + w), base.populationByCategory.subarray(i, i + w));
    }
  }
  // ... and afterwards fewer children on average (more exits, fewer entries)
  const meanAt = (p: typeof base, m: number): number => summarise(runValues(p, 'populationByCategory', m)).mean;
  assert.ok(meanAt(scen, 23) < meanAt(base, 23));
  // Fewer entries with the same uniforms never gives more entrants in a month-cell.
  for (let i = 0; i < base.entriesByAgeBand.length; i++)
    assert.ok(scen.entriesByAgeBand[i]! <= base.entriesByAgeBand[i]!);
});

test('category shift moves children up to capacity', () => {
  const adj: RateAdjustment[] = [
    {
      kind: 'categoryShift',
      start: '2024-04-01',
      rampMonths: 0,
      from: 'inhouse_fostering',
      to: 'placed_with_parents',
      childrenPerYear: 120,
      capacity: 15,
    },
  ];
  const r = project(model, { months: 24, runs: 200, seed: 2, adjustments: adj });
  const c = cat('placed_with_parents');
  const e = r.expected;
  // Nobody is placed with parents in the baseline and nobody leaves that category here, so its
  // stock is the shifted children: held at the capacity (the monthly hazard is set from the
  // start-of-month state, so within 0.1%).
  for (let m = 0; m < 24; m++) assert.ok(e.populationByCategory[m * PLACEMENT_CATEGORIES.length + c]! <= 15 * 1.001);
  assert.ok(e.populationByCategory[23 * PLACEMENT_CATEGORIES.length + c]! > 14);
  const q = summarise(runValues(r.simulated, 'populationByCategory', 23, c));
  assert.ok(q.mean > 10 && q.mean < 20, `MC mean ${q.mean}`);
});

test('empty data: a forecast of zeros with warnings, never NaN; no runs summarises to zeros', () => {
  const model = fitModel({ children: [], episodes: [] }, { start: START });
  const r = project(model, { months: 6, runs: 20, seed: 1 });
  for (const m of summariseProjection(r.simulated))
    assert.deepEqual(m.total, { mean: 0, p2_5: 0, p10: 0, p50: 0, p90: 0, p97_5: 0 });
  assert.ok(r.simulated.warnings.length > 0);
  assert.ok(r.expected.populationByCategory.every((x) => x === 0));
  const none = project(model, { months: 3, runs: 0 });
  assert.equal(none.simulated.runs, 0);
  assert.deepEqual(summariseProjection(none.simulated)[0]!.total, {
    mean: 0,
    p2_5: 0,
    p10: 0,
    p50: 0,
    p90: 0,
    p97_5: 0,
  });
});

test('an adjustment that touches no fitted rate gives identical runs (no drift from splitting clocks)', () => {
  // The model has no adoption exits, so +50% adoption from month 4 changes nothing.
  const adj: RateAdjustment[] = [
    { kind: 'exitRate', start: '2024-07-01', rampMonths: 3, route: 'adoption', percent: 50 },
  ];
  const base = project(model, { months: 24, runs: 40, seed: 13 }).simulated;
  const scen = project(model, { months: 24, runs: 40, seed: 13, adjustments: adj }).simulated;
  assert.deepEqual(scen.populationByCategory, base.populationByCategory);
  assert.deepEqual(scen.childDaysByCategory, base.childDaysByCategory);
  assert.deepEqual(scen.exitsByRoute, base.exitsByRoute);
});

test('calendar arithmetic of the expected path: the same date n years later, as Date.UTC gives it (29 February -> 1 March)', () => {
  const MS = 86_400_000;
  for (let day = -800; day < 60_000; day += 1) {
    for (const years of [1, 4, 5, 6, 18]) {
      const dt = new Date(day * MS);
      const want = Math.round(Date.UTC(dt.getUTCFullYear() + years, dt.getUTCMonth(), dt.getUTCDate()) / MS);
      if (sameDateYearsLater(day, years) !== want)
        assert.fail(`day ${day} + ${years} years: ${sameDateYearsLater(day, years)}, Date.UTC ${want}`);
    }
  }
  // worked by hand: 2008-02-29 (day 13938) + 1 year is 2009-03-01 (day 14304); + 4 years 2012-02-29 (day 15399)
  assert.equal(sameDateYearsLater(13938, 1), 14304);
  assert.equal(sameDateYearsLater(13938, 4), 15399);
});

test('the Monte Carlo clocks: ziggurat unit exponentials have the exponential distribution (layers, wedges and tail)', () => {
  const rng = new EntityStream();
  rng.reseed(11, 22, 33, 44);
  const n = 400_000;
  // survival P(E > x) = e^-x at points inside the layers, around the base layer's edge R = 7.697 and in the tail
  const xs = [0.01, 0.1, 0.5, 1, 2, 3, 5, 7.5, 7.697, 8, 10];
  const above = new Float64Array(xs.length);
  const bins = new Float64Array(100); // P(1 - e^-E in bin) = 1/100 each
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = rng.exponential();
    assert.ok(e >= 0 && Number.isFinite(e));
    sum += e;
    xs.forEach((x, k) => {
      if (e > x) above[k]! += 1;
    });
    bins[Math.min(99, Math.floor((1 - Math.exp(-e)) * 100))]! += 1;
  }
  assert.ok(Math.abs(sum / n - 1) < 4 / Math.sqrt(n), `mean ${sum / n}`);
  xs.forEach((x, k) => {
    const p = Math.exp(-x);
    const se = Math.sqrt((p * (1 - p)) / n);
    assert.ok(
      Math.abs((above[k] as number) / n - p) < 4.5 * se + 1e-6,
      `P(E > ${x}) = ${(above[k] as number) / n}, e^-x = ${p}`,
    );
  });
  // chi-square with 99 degrees of freedom: 99.9% point 148
  let chi2 = 0;
  for (const o of bins) chi2 += (o - n / 100) ** 2 / (n / 100);
  assert.ok(chi2 < 148, `chi-square ${chi2}`);
});
