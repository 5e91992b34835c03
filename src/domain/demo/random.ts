/**
 * Seeded random draws for the synthetic council. The generator (pure-rand's xoroshiro128+) is
 * created by the caller from a seed and passed in; nothing here touches global randomness, so the
 * same seed gives the same council byte for byte.
 */
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

const TWO_POW_32 = 4_294_967_296;

/** A seeded source of draws. Wraps a pure-rand generator, which it advances in place. */
export class Rng {
  readonly #gen: RandomGenerator;

  constructor(gen: RandomGenerator) {
    this.#gen = gen;
  }

  /** A generator seeded with `seed` (any integer; only its low 32 bits matter). */
  static seeded(seed: number): Rng {
    return new Rng(xoroshiro128plus(seed | 0));
  }

  /** Uniform on the open interval (0, 1): never exactly 0, so logarithms are safe. */
  uniform(): number {
    return ((this.#gen.next() >>> 0) + 0.5) / TWO_POW_32;
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /** Exponential with the given mean (inverse transform). */
  exponential(mean: number): number {
    return -Math.log(this.uniform()) * mean;
  }

  /** Standard normal (Box-Muller; one of the pair is used). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
  }

  /** Log-normal with the given median and log-scale spread `sigma`. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /**
   * Poisson count with mean `lambda`: Knuth's product method for small means, a rounded normal
   * approximation (never negative) above 50, where the two differ negligibly for our purposes.
   */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k += 1;
      p *= this.uniform();
    }
    return k;
  }

  /** One item of `items`, uniformly. */
  pick<T>(items: ArrayLike<T>): T {
    const item = items[Math.floor(this.uniform() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** One value from a weighted table (weights need not sum to 1). */
  weighted<T>(table: Weighted<T>): T {
    let u = this.uniform() * table.total;
    for (const [value, weight] of table.entries) {
      u -= weight;
      if (u < 0) return value;
    }
    const last = table.entries[table.entries.length - 1];
    if (last === undefined) throw new Error('weighted draw from an empty table');
    return last[0];
  }
}

/** A weighted table prepared once (the total is summed up front). */
export interface Weighted<T> {
  readonly entries: readonly (readonly [T, number])[];
  readonly total: number;
}

export function weights<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  return { entries, total: entries.reduce((s, [, w]) => s + w, 0) };
}
