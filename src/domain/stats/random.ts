/**
 * Seeded random numbers for the Monte Carlo engine. Nothing here touches global randomness.
 *
 * Two layers:
 * - a run stream: `pure-rand`'s xoroshiro128+ seeded from (seed, run), used for the draws that are the
 *   same whatever the scenario (the rates of that run);
 * - entity streams: a small sfc32 generator re-seeded by hashing (run key, entity id), so that each
 *   child or each month's entries has its own stream. A scenario that removes one child's exit
 *   cannot shift the random numbers another child sees: baseline and scenario runs share common
 *   random numbers and differ only through the scenario.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Anything that yields uniform doubles in (0, 1). */
export interface UniformSource {
  /** Uniform in the open interval (0, 1): never exactly 0, so `-log(u)` is finite. */
  uniform(): number;
}

const TWO_POW_32 = 4_294_967_296;

/** murmur3's 32-bit finaliser: a cheap, well-mixing integer hash. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of two 32-bit words (order matters). */
export function hash2(a: number, b: number): number {
  return mix32(Math.imul(mix32(a) ^ 0x9e3779b9, 0x01000193) ^ (b | 0));
}

/** The xoroshiro128+ (pure-rand) stream of run `run` under `seed`, as a uniform source. */
export class RunStream implements UniformSource {
  private readonly gen: ReturnType<typeof xoroshiro128plus>;
  /** Two words that key this run's entity streams. */
  readonly key0: number;
  readonly key1: number;
  constructor(seed: number, run: number) {
    this.gen = xoroshiro128plus(hash2(seed >>> 0, run >>> 0) | 0);
    // Warm up: the first outputs of a freshly seeded xoroshiro are weakly mixed.
    for (let i = 0; i < 8; i++) this.gen.next();
    this.key0 = this.gen.next() >>> 0;
    this.key1 = this.gen.next() >>> 0;
  }
  uniform(): number {
    // 32 random bits are plenty for simulation; +0.5 keeps the value strictly inside (0, 1).
    return ((this.gen.next() >>> 0) + 0.5) / TWO_POW_32;
  }
}

/**
 * Ziggurat tables for the unit exponential (Marsaglia and Tsang 2000, "The ziggurat method for
 * generating random variables", J. Stat. Softw. 5(8), REXP with 256 layers of equal area V):
 * for a 32-bit j with layer i = j & 255, x = j·W[i]; j < K[i] means x lies inside the layer's
 * rectangle under the density; F[i] = e^-x at the layer's edge; R the right edge of the base layer.
 */
const ZIG_R = 7.69711747013105; // 7.69711747013104972 in the paper, the same double
const ZIG_K = new Float64Array(256);
const ZIG_W = new Float64Array(256);
const ZIG_F = new Float64Array(256);
{
  const m = TWO_POW_32;
  const v = 3.949659822581572e-3;
  let de = ZIG_R;
  let te = de;
  const q = v / Math.exp(-de);
  ZIG_K[0] = Math.floor((de / q) * m);
  ZIG_K[1] = 0;
  ZIG_W[0] = q / m;
  ZIG_W[255] = de / m;
  ZIG_F[0] = 1;
  ZIG_F[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(v / de + Math.exp(-de));
    ZIG_K[i + 1] = Math.floor((de / te) * m);
    te = de;
    ZIG_F[i] = Math.exp(-de);
    ZIG_W[i] = de / m;
  }
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counting generator), re-seedable without allocation.
 * `reseed(k0, k1, a, b)` starts an independent stream for entity (a, b) of the run keyed (k0, k1).
 */
export class EntityStream implements UniformSource {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  reseed(k0: number, k1: number, a: number, b: number): void {
    // Three independent 32-bit hashes of (run key, entity): the first output is already well mixed.
    const h = hash2(k0 ^ a, k1 + Math.imul(b, 0x27d4eb2d));
    // Kept as int32 words (the outputs depend only on the words mod 2^32).
    this.s0 = h | 0;
    this.s1 = mix32(h ^ 0x9e3779b9) | 0;
    this.s2 = mix32(h + 0x632be5ab) | 0;
    this.s3 = 1;
  }
  nextUint32(): number {
    const t = (((this.s0 + this.s1) | 0) + this.s3) | 0;
    this.s3 = (this.s3 + 1) | 0;
    this.s0 = this.s1 ^ (this.s1 >>> 9);
    this.s1 = (this.s2 + (this.s2 << 3)) | 0;
    this.s2 = (this.s2 << 21) | (this.s2 >>> 11);
    this.s2 = (this.s2 + t) | 0;
    return t >>> 0;
  }
  uniform(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }
  /**
   * Unit exponential by the ziggurat method (Marsaglia and Tsang 2000, 256 layers): one 32-bit
   * output, a table look-up and a multiplication 98.9% of the time; otherwise the exact wedge or
   * tail test. Same distribution as -log(uniform), about four times cheaper.
   */
  exponential(): number {
    for (;;) {
      const j = this.nextUint32();
      const i = j & 255;
      if (j < (ZIG_K[i] as number)) return j * (ZIG_W[i] as number);
      if (i === 0) return ZIG_R - Math.log(this.uniform()); // the tail beyond R: R + Exp(1)
      const x = j * (ZIG_W[i] as number);
      // the wedge of layer i: accept x with probability (e^-x - f[i]) / (f[i-1] - f[i])
      if ((ZIG_F[i] as number) + this.uniform() * ((ZIG_F[i - 1] as number) - (ZIG_F[i] as number)) < Math.exp(-x))
        return x;
    }
  }
  /** Writes the stream's state (4 words) at `into[off]`, to be resumed later by `restore`. */
  save(into: Int32Array, off: number): void {
    into[off] = this.s0;
    into[off + 1] = this.s1;
    into[off + 2] = this.s2;
    into[off + 3] = this.s3;
  }
  /** Resumes a stream saved by `save`: it goes on exactly where it was. */
  restore(from: Int32Array, off: number): void {
    this.s0 = from[off] as number;
    this.s1 = from[off + 1] as number;
    this.s2 = from[off + 2] as number;
    this.s3 = from[off + 3] as number;
  }
}

/** A uniform in (0, 1) that is a pure function of (k0, k1, a, b): for one-off draws keyed by an id. */
export function keyedUniform(k0: number, k1: number, a: number, b: number): number {
  return (hash2(hash2(k0 ^ a, k1), b ^ 0x5bd1e995) + 0.5) / TWO_POW_32;
}

/** Exponential with rate 1 (inverse transform). */
export function exponential1(rng: UniformSource): number {
  return -Math.log(rng.uniform());
}

/** Standard normal by the Box-Muller transform (one of the pair is used; cost: 2 uniforms). */
export function normal(rng: UniformSource): number {
  const u = rng.uniform();
  const v = rng.uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Gamma(shape, 1) by Marsaglia and Tsang (2000); shapes below 1 use the boost
 * Gamma(a) = Gamma(a + 1) · U^(1/a). Shape 0 (or less) gives 0: a rate with no events stays 0.
 */
export function gamma(rng: UniformSource, shape: number): number {
  if (!(shape > 0)) return 0;
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Poisson(mean) by inversion of one uniform `u`: the smallest k with P(X <= k) >= u. Monotone in
 * both `u` and `mean`, which is what common random numbers need (fewer expected entries with the
 * same `u` never gives more entries). Cost O(mean); for means above 500 a normal approximation
 * with continuity correction is used (still monotone).
 */
export function poissonInverse(u: number, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean > 500) {
    const z = normalQuantile(u);
    return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
  }
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (cdf < u && k < 100_000) {
    k += 1;
    p *= mean / k;
    cdf += p;
    if (p === 0 && k > mean) break;
  }
  return k;
}

/** Poisson(mean) draw from a uniform source. */
export function poisson(rng: UniformSource, mean: number): number {
  return poissonInverse(rng.uniform(), mean);
}

/**
 * Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const plow = 0.02425;
  if (p < plow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - plow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}
