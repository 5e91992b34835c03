/**
 * Engine timing: a 5-year forecast of a large council (about 2,500 children looked after),
 * the expected path alone and 1,000 Monte Carlo runs, on one core. Targets: < 50 ms and < 2 s.
 * The council is simulated by the test simulator with rates like a large English council's.
 */
import { fitModel, project, projectExpected } from '../src/domain/engine/index.ts';
import { simulateCaseData, type KnownRates } from '../test/engine/support/simulateCaseData.ts';

export const LARGE_COUNCIL_RATES: KnownRates = {
  entriesPerDay: {
    0: { inhouse_fostering: 0.25, kinship_fostering: 0.1, placed_with_parents: 0.05 },
    1: { inhouse_fostering: 0.2, ifa_fostering: 0.15, kinship_fostering: 0.12 },
    2: { inhouse_fostering: 0.2, ifa_fostering: 0.15, kinship_fostering: 0.08 },
    3: { inhouse_fostering: 0.3, ifa_fostering: 0.3, external_residential: 0.12, other: 0.05 },
    4: { supported_accommodation: 0.25, ifa_fostering: 0.1, external_residential: 0.05 },
  },
  exitsPerDay: { return_home: 0.0005, sgo_cao: 0.0002, independence_or_18: 0.0001, other: 0.00015 },
  exitsByCategory: { placed_for_adoption: { adoption: 0.004 }, placed_with_parents: { return_home: 0.002 } },
  transitionsPerDay: {
    inhouse_fostering: { ifa_fostering: 0.0003, placed_for_adoption: 0.0003, external_residential: 0.0001 },
    ifa_fostering: { external_residential: 0.0002, inhouse_fostering: 0.0001 },
    kinship_fostering: { inhouse_fostering: 0.0002 },
    external_residential: { supported_accommodation: 0.0004, ifa_fostering: 0.0001 },
  },
  sameCategoryMovePerDay: 0.0008,
};

function time<T>(label: string, reps: number, f: () => T): T {
  let result = f(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    result = f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: median ${(times[Math.floor(times.length / 2)] as number).toFixed(1)} ms (min ${(times[0] as number).toFixed(1)}, ${reps} reps)`);
  return result;
}

if (import.meta.main) main();
function main(): void {
const t0 = performance.now();
const data = simulateCaseData(LARGE_COUNCIL_RATES, '2013-04-01', '2025-03-31', 11);
console.log(`simulated council: ${data.children.length} children, ${data.episodes.length} episodes, ${data.inCareAtEnd} in care at the end (${(performance.now() - t0).toFixed(0)} ms)`);
const model = time('fit (24-month window)', 5, () => fitModel(data, { start: '2025-03-31' }));
console.log(`starting population ${model.population.children.length}`);
time('expected path, 60 months', 20, () => projectExpected(model, { months: 60 }));
time('expected path, 120 months', 5, () => projectExpected(model, { months: 120 }));
time('expected path + 1,000 Monte Carlo runs, 60 months', 3, () => project(model, { months: 60, runs: 1000, seed: 1 }));
}
