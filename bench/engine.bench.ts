/**
 * Engine timing: a 5-year forecast of a large council (the demo generator's `large`, about 2,500
 * children looked after), the expected path alone and 1,000 Monte Carlo runs. Targets: < 50 ms and
 * < 2 s on one core. Reports wall-clock and process CPU time (the machine may be shared: the fastest
 * repetition is the best estimate of the uncontended time); medians of a few repetitions after a warm-up.
 */
import { fitModel, project, projectExpected } from '../src/domain/engine/index.ts';
import { demoCaseData } from '../test/engine/support/demoCaseData.ts';

function time<T>(label: string, reps: number, f: () => T): T {
  let result = f(); // warm-up (JIT)
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const min = Math.min(...wall);
  console.log(`${label}: median ${med(wall).toFixed(1)} ms wall (fastest ${min.toFixed(1)} ms), ${med(cpu).toFixed(1)} ms CPU (${reps} reps)`);
  return result;
}

const t0 = performance.now();
const data = demoCaseData({ seed: 1, years: 10, endYear: 2025, size: 'large' });
console.log(`demo council (large): ${data.children.length} children, ${data.episodes.length} episodes (${(performance.now() - t0).toFixed(0)} ms to generate)`);
const model = time('fit (24-month window, 60-month trend)', 3, () => fitModel(data, { start: '2025-03-31' }));
console.log(`children looked after on 2025-03-31: ${model.population.children.length}`);
time('expected path, 60 months', 15, () => projectExpected(model, { months: 60 }));
time('expected path, 120 months', 5, () => projectExpected(model, { months: 120 }));
time('expected path + 1,000 Monte Carlo runs, 60 months', 3, () => project(model, { months: 60, runs: 1000, seed: 1 }));
