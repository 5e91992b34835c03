/**
 * The engine's defaults, in a module of their own with no imports, so that what only needs the
 * defaults (the CLI's option help, src/services/forecastParameters.ts) does not load the engine.
 * Re-exported from rates.ts and project.ts, where they have always been read.
 */

/** Which entry model the projection uses: the window's flat average, or the fitted trend and seasonality. */
export type EntryModelChoice = 'flat' | 'trend';

/**
 * The default entry model, chosen by the rolling-origin accuracy study (docs/accuracy.md,
 * `node scripts/accuracy-study.ts`): over 72 generator councils of 12 kinds and nine cutoffs the trend
 * (with empirical-Bayes shrinkage of the slope, and seasonality only when significant) forecast the
 * total better than the flat window average (MAPE over 1-24 months 2.2% vs 2.7%; at 24 months 3.4%
 * vs 4.5%), and the flat model runs low on growing councils (mean signed error at 12 months −4.9%
 * where entries grow 10% a year). Less shrinkage (weight 0 or 0.5) made no measurable difference.
 */
export const DEFAULT_ENTRY_MODEL: EntryModelChoice = 'trend';

/** Months of history before the start the rates are fitted over. */
export const DEFAULT_REFERENCE_MONTHS = 24;

/**
 * Months before the reference window pooled with it for moves, exits and the time-in-care factors
 * when the council's exits over them are stable (FitOptions.exitPoolMonths; 0: never). Chosen by
 * the accuracy study (12 kinds × 6 councils, 9 cutoffs, 200 runs): the Monte Carlo mean's 12-month
 * MAPE fell on 8 kinds (small +1%/year 2.89% → 2.80%, medium +1% 2.10% → 2.01%, small flat 4.35% →
 * 4.20%), rose by 0.01-0.02 points on 3 (medium flat 1.76% → 1.77%), 0.04 points lower on average;
 * 80% coverage moved by at most 2 points; bias stayed within ±0.2%. Pooling 36 months always
 * (exitReferenceMonths 36) did a little less well (7 kinds' expected paths: 2.27% against 2.25%,
 * medium +1% 2.08% against 1.99%): the test keeps 24 months where exits changed.
 */
export const DEFAULT_EXIT_POOL_MONTHS = 12;

/** Monte Carlo runs when a caller gives none. */
export const DEFAULT_RUNS = 1000;

/** The random seed when a caller gives none. */
export const DEFAULT_SEED = 1;

/** The longest projection, in months (ten years). */
export const MAX_PROJECTION_MONTHS = 120;

/**
 * The most runs × months one projection may hold. A projection keeps, for every run and month,
 * 86 doubles (688 bytes: populations, child-days, entries, exits and transitions by category, age
 * band and route, and its leavers), so 1,200,000 run-months (10,000 runs over 120 months, or
 * 100,000 over 12) is about 0.8 GB of results. The CLI's documented maximum before (100,000 runs ×
 * 120 months) was 8.3 GB of arrays and ran out of memory past 5 GB.
 */
export const MAX_RUN_MONTHS = 1_200_000;
