/**
 * Calibrating an interval's width from a council's own history (issue 13, "honest intervals"): at
 * past origins within the data, the engine's forecast is compared with what then happened, each
 * error divided by the spread the forecast claims at that horizon. Were the spread honest, these
 * standardised errors would have a mean square of 1; their root mean square, shrunk towards 1 by a
 * prior worth `priorOrigins` origins and clamped, is the factor by which the runs' deviations from
 * their mean are scaled. One origin's horizons overlap (its errors are one path), so an origin, not
 * a (origin, horizon) pair, is the unit of evidence the prior is weighed against. Pure.
 */

/** One past origin: the forecast's error at each horizon (forecast minus actual) and the spread it claimed there. */
export interface OriginErrors {
  readonly errors: readonly number[];
  /** Standard deviation of the forecast at the same horizons (from the Monte Carlo runs); 0 = skipped. */
  readonly spreads: readonly number[];
}

export interface ScaleOptions {
  /** Weight of the prior "the spread is honest" (scale 1), in origins. */
  readonly priorOrigins: number;
  readonly min: number;
  readonly max: number;
}

export const DEFAULT_SCALE_OPTIONS: ScaleOptions = { priorOrigins: 2, min: 0.75, max: 1.5 };

/** Mean square of an origin's standardised errors (horizons with no spread skipped); null when none count. */
export function meanSquareZ(origin: OriginErrors): number | null {
  let sum = 0;
  let n = 0;
  origin.errors.forEach((e, i) => {
    const sd = origin.spreads[i] ?? 0;
    if (sd > 0) {
      sum += (e / sd) ** 2;
      n++;
    }
  });
  return n === 0 ? null : sum / n;
}

/**
 * The interval's scale: sqrt((Σ origins' mean square z + priorOrigins) / (origins + priorOrigins)),
 * clamped to [min, max]. No origin with a spread: 1.
 */
export function intervalScale(origins: readonly OriginErrors[], options: ScaleOptions = DEFAULT_SCALE_OPTIONS): number {
  let sum = 0;
  let n = 0;
  for (const o of origins) {
    const m = meanSquareZ(o);
    if (m !== null) {
      sum += m;
      n++;
    }
  }
  if (n === 0) return 1;
  const s = Math.sqrt((sum + options.priorOrigins) / (n + options.priorOrigins));
  return Math.min(options.max, Math.max(options.min, s));
}

/** Standard deviation of the runs' values (divisor n: the runs are the distribution, not a sample of it); 0 for fewer than 2. */
export function spreadOf(values: Float64Array): number {
  if (values.length < 2) return 0;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / values.length);
}

/** Runs' values scaled about their mean by `scale` (a new array): mean + scale × (value − mean). */
export function scaleAboutMean(values: Float64Array, scale: number): Float64Array {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= Math.max(1, values.length);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = mean + scale * ((values[i] as number) - mean);
  return out;
}
