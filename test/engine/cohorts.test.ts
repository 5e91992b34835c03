import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitModel, project, projectCohorts } from '../../src/domain/engine/project.ts';
import { populationTotal } from '../../src/domain/engine/projection.ts';
import { simulateCaseData } from './support/simulateCaseData.ts';

// Two groups with different drivers: UASC arrive at 16+ only and leave mostly at 18; the others
// arrive younger and return home.
const uasc = simulateCaseData(
  { entriesPerDay: { 4: { supported_accommodation: 0.08 } }, exitsPerDay: { other: 0.0002 }, transitionsPerDay: {} },
  '2018-04-01',
  '2024-03-31',
  1,
  { uasc: true, idPrefix: 'U' },
);
const others = simulateCaseData(
  {
    entriesPerDay: { 1: { inhouse_fostering: 0.1 }, 3: { ifa_fostering: 0.1 } },
    exitsPerDay: { return_home: 0.001 },
    transitionsPerDay: {},
  },
  '2018-04-01',
  '2024-03-31',
  2,
  { idPrefix: 'N' },
);
const data = { children: [...uasc.children, ...others.children], episodes: [...uasc.episodes, ...others.episodes] };

test('a cohort fit sees only its own children', () => {
  const u = fitModel(data, { start: '2024-03-31', cohort: { uasc: true } });
  const n = fitModel(data, { start: '2024-03-31', cohort: { uasc: false } });
  const all = fitModel(data, { start: '2024-03-31' });
  assert.equal(u.population.children.length, uasc.inCareAtEnd);
  assert.equal(n.population.children.length, others.inCareAtEnd);
  assert.equal(all.population.children.length, uasc.inCareAtEnd + others.inCareAtEnd);
  const entries = (m: typeof u): number => m.rates.entries.reduce((s, c) => s + c.events, 0);
  assert.equal(entries(u) + entries(n), entries(all));
  assert.equal(u.rates.cohort, 'uasc');
  const young = fitModel(data, { start: '2024-03-31', cohort: { entryAgeBand: '1_to_4' } });
  assert.ok(
    young.rates.entries.every((c, i) => c.events === 0 || Math.floor(i / 10) === 1),
    'only 1-4 entries',
  );
});

test('the whole-council forecast as a sum of separately fitted cohorts, run by run', () => {
  const opts = { months: 24, runs: 50, seed: 4 };
  const r = projectCohorts(data, [{ uasc: true }, { uasc: false }], { start: '2024-03-31' }, opts);
  assert.equal(r.parts.length, 2);
  for (let run = 0; run < 50; run++) {
    for (const m of [0, 11, 23]) {
      const sum = populationTotal(r.parts[0]!.simulated, run, m) + populationTotal(r.parts[1]!.simulated, run, m);
      assert.equal(populationTotal(r.simulated, run, m), sum);
    }
  }
  // Each part is exactly what projecting that cohort alone gives with its seed.
  const alone = project(r.models[1]!, { ...opts, seed: (4 + 0x9e3779b1) >>> 0 });
  assert.deepEqual(alone.simulated.populationByCategory, r.parts[1]!.simulated.populationByCategory);
  assert.equal(
    populationTotal(r.expected, 0, 0),
    populationTotal(r.parts[0]!.expected, 0, 0) + populationTotal(r.parts[1]!.expected, 0, 0),
  );
});
