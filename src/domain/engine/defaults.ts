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
 * (its slope shrunk, and seasonality only when significant) forecast the total better than the flat
 * window average (with 36-month rates and weight-4 shrinkage, December 2026: MAPE over 1-24 months
 * 2.3% vs 3.0%; at 24 months 3.5% vs 5.0%), and the flat model runs low on growing councils (mean
 * signed error at 12 months −6.1% where entries grow 10% a year). Less shrinkage (weight 0 or 1)
 * made no difference to the overall MAPE, but kept slopes that are noise on flat councils.
 */
export const DEFAULT_ENTRY_MODEL: EntryModelChoice = 'trend';

/**
 * Months of history before the start the rates are fitted over. 36 rather than 24 (issue 13,
 * docs/accuracy.md): rates estimated over three years carry less estimation noise, which on flat
 * and nearly flat councils is most of what separates the engine from "stays the same"; together
 * with DEFAULT_TREND_SHRINKAGE it brought the engine's 12-month error below both naive and the
 * straight line for every kind of council in the study.
 */
export const DEFAULT_REFERENCE_MONTHS = 36;

/**
 * Weight c of the entry trend's slope shrinkage, factor 1 − c·se²/b² (src/domain/engine/trend.ts).
 * 1 would be the empirical-Bayes factor under a normal prior for slopes; most councils' entries are
 * nearly flat (a prior with most of its mass at no trend), and with c = 1 a slope of one or two
 * standard errors, noise on a flat council, was carried into the forecast. c = 4 keeps no slope
 * within two standard errors of 0 and shrinks the rest less the clearer they are (issue 13,
 * docs/accuracy.md: the entry model table).
 */
export const DEFAULT_TREND_SHRINKAGE = 4;

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
