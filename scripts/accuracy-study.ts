/**
 * Accuracy study of the demand engine on synthetic councils (src/domain/demo): rolling-origin
 * backtests at several cutoffs, by kind of council (small, flat, steady growth and decline, a step
 * change in entries). Per kind: MAPE of the total at 6, 12 and 24 months for the engine, a naive
 * "stays the same" forecast and a straight-line trend; bias (mean signed percentage error) at 6 and
 * 12 months; 80% and 95% interval coverage; and a verdict against issue 13's targets. The paired
 * comparison's uncertainty comes from a bootstrap over councils. Writes docs/accuracy.md.
 *
 *     source scripts/env.sh && nice node scripts/accuracy-study.ts [--quick]
 *
 * Councils run in worker threads (piscina; one council a task, scripts/accuracy-study-council.ts).
 * The full study (288 councils: 24 of each of 12 kinds) took 9 minutes on 2 threads on a quiet machine.
 * Smaller configurations while iterating (docs/accuracy.md is then not written):
 *     ACCURACY_COUNCILS=1   councils per kind (default 24; 1 with --quick)
 *     ACCURACY_RUNS=200     Monte Carlo runs per cutoff (default 500; 200 with --quick)
 *     ACCURACY_KINDS=small-flat,medium-growth-5   only these kinds (keys in KINDS)
 *     ACCURACY_THREADS=2    worker threads (default: the machine's parallelism)
 *     ACCURACY_ROWS=file.json  also write every (council, cutoff, horizon) row there
 *     ACCURACY_VARIANTS='{"ref36": {"referenceMonths": 36}}'  engine variants (fit options) whose
 *                           expected paths go into those rows beside the default's
 *     ACCURACY_INTERVAL_VARIANTS='{"boot": {"fit": {}, "parameterUncertainty": false, "bootstrapReplicates": 20}}'
 *                           Monte Carlo variants whose coverage is reported beside the default's;
 *                           "adjust" takes the interval's ingredients apart, e.g. {"fit": {},
 *                           "parameterUncertainty": true, "adjust": {"slope": "sampling"}} (the slope
 *                           drawn with its unshrunk standard error), "slope": "none", "fixExits": true,
 *                           "fixEntries", "fixTransitions", "entryDispersion": 1, "hindsight" or
 *                           "allYears" (rates of the months forecast, or of all ten years, entries flat;
 *                           IntervalAdjust in scripts/accuracy-study-council.ts)
 *
 * Deterministic: the councils, cutoffs and seeds are fixed, so the report regenerates identically.
 */
import os from 'node:os';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { IsoDate } from '../src/domain/dates.ts';
import { absPctError } from '../src/domain/engine/backtest.ts';
import {
  DEFAULT_DURATION_BOUNDS_DAYS,
  DEFAULT_ENTRY_MODEL,
  DEFAULT_EXIT_POOL_MONTHS,
  DEFAULT_REFERENCE_MONTHS,
} from '../src/domain/engine/rates.ts';
import { COUNCIL_SIZES, type SimulateCouncilOptions } from '../src/domain/demo/simulateCouncil.ts';
import { RunStream } from '../src/domain/stats/random.ts';
import { progressBar, showsProgress } from '../src/cli/progress.ts';
import type { CouncilResult, CouncilTask, IntervalVariant, Row, VariantOptions } from './accuracy-study-council.ts';

const quick = process.argv.includes('--quick');

function envInt(name: string, fallback: number, min: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number of at least ${min}, not "${text}"`);
  return n;
}

const HORIZONS = [6, 12, 24] as const;
const BIAS_HORIZONS = [6, 12] as const;
/**
 * The configuration docs/accuracy.md is written with (at least). Six councils a kind: with three, a
 * kind's 80% coverage moved by ten points and more from one set of councils to the next (its
 * councils alone ranged from 55% to 91%), too noisy to judge a 75-85% target by.
 */
/**
 * The full configuration. 24 councils a kind (6 until the study of 8 December 2026): with 6, one
 * kind's 80% coverage had a standard error of 4-5 points (councils of a kind held 51-99%), so an
 * engine whose intervals were right would still have landed outside 75-85% on one of 12 kinds or
 * more nearly every time; with 24 it is about 2 points.
 */
const FULL = { runs: 500, councils: 24 };
const RUNS = envInt('ACCURACY_RUNS', quick ? 200 : FULL.runs, 50);
const COUNCILS_PER_KIND = envInt('ACCURACY_COUNCILS', quick ? 1 : FULL.councils, 1);
const THREADS = envInt('ACCURACY_THREADS', os.availableParallelism(), 1);
const BOOTSTRAP = 2000;

/** Issue 13's targets. */
const TARGET = { bias: 0.5, coverage80: [75, 85] as const };

interface Kind {
  readonly key: string;
  readonly label: string;
  readonly childrenInCare: number;
  readonly annualGrowth: number;
  readonly entryStep?: SimulateCouncilOptions['entryStep'];
}

/**
 * Kinds of council. Sizes: children looked after on 31 March 2020 (the middle returned year).
 * The first five are the study's earlier kinds; the others the cases issue 13 asks about: a small
 * council of about 200 children, flat councils, steady growth and decline of 5% and 10% a year, and
 * a step change (entries 30% up from April 2020, so the first two cutoffs forecast across it and
 * the later ones have it in their windows).
 */
const KINDS: readonly Kind[] = [
  { key: 'large-growth-1', label: 'large, entries +1%/year', childrenInCare: COUNCIL_SIZES.large, annualGrowth: 0.01 },
  {
    key: 'medium-growth-1',
    label: 'medium, entries +1%/year',
    childrenInCare: COUNCIL_SIZES.medium,
    annualGrowth: 0.01,
  },
  { key: 'large-growth-5', label: 'large, entries +5%/year', childrenInCare: COUNCIL_SIZES.large, annualGrowth: 0.05 },
  {
    key: 'medium-decline-3',
    label: 'medium, entries −3%/year',
    childrenInCare: COUNCIL_SIZES.medium,
    annualGrowth: -0.03,
  },
  { key: 'small-growth-1', label: 'small, entries +1%/year', childrenInCare: COUNCIL_SIZES.small, annualGrowth: 0.01 },
  { key: 'small-flat', label: 'small (about 200), flat', childrenInCare: 200, annualGrowth: 0 },
  { key: 'medium-flat', label: 'medium, flat', childrenInCare: COUNCIL_SIZES.medium, annualGrowth: 0 },
  {
    key: 'medium-growth-5',
    label: 'medium, entries +5%/year',
    childrenInCare: COUNCIL_SIZES.medium,
    annualGrowth: 0.05,
  },
  {
    key: 'medium-growth-10',
    label: 'medium, entries +10%/year',
    childrenInCare: COUNCIL_SIZES.medium,
    annualGrowth: 0.1,
  },
  {
    key: 'medium-decline-5',
    label: 'medium, entries −5%/year',
    childrenInCare: COUNCIL_SIZES.medium,
    annualGrowth: -0.05,
  },
  {
    key: 'medium-decline-10',
    label: 'medium, entries −10%/year',
    childrenInCare: COUNCIL_SIZES.medium,
    annualGrowth: -0.1,
  },
  {
    key: 'medium-step',
    label: 'medium, entries step up 30% in April 2020',
    childrenInCare: COUNCIL_SIZES.medium,
    annualGrowth: 0,
    entryStep: { collectionYear: 2021, factor: 1.3 },
  },
];

const onlyKinds = (process.env.ACCURACY_KINDS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter((s) => s !== '');
for (const k of onlyKinds)
  if (!KINDS.some((kind) => kind.key === k))
    throw new Error(`ACCURACY_KINDS: no kind "${k}" (kinds: ${KINDS.map((kind) => kind.key).join(', ')})`);
const STUDIED = onlyKinds.length === 0 ? KINDS : KINDS.filter((k) => onlyKinds.includes(k.key));

// Ten collection years 2016-2025; cutoffs every six months leave 24 months of actuals after each.
const CUTOFFS: readonly IsoDate[] = quick
  ? ['2019-09-30', '2020-09-30', '2021-09-30', '2022-09-30', '2023-03-31']
  : [
      '2019-03-31',
      '2019-09-30',
      '2020-03-31',
      '2020-09-30',
      '2021-03-31',
      '2021-09-30',
      '2022-03-31',
      '2022-09-30',
      '2023-03-31',
    ];

/**
 * Engine variants compared through their expected paths (the default is the engine as it ships);
 * ACCURACY_VARIANTS='{"name": {fit options}}' adds some while iterating (their rows go to ACCURACY_ROWS).
 */
const VARIANTS: Readonly<Record<string, VariantOptions>> = {
  flat: { entryModel: 'flat' },
  shrink0: { trendShrinkage: 0 },
  shrink05: { trendShrinkage: 0.5 },
  ...(JSON.parse(process.env.ACCURACY_VARIANTS ?? '{}') as Record<string, VariantOptions>),
};

/**
 * The interval's ingredients: the engine with process noise only (rates fixed at their estimates),
 * run beside the default (rates drawn from their posteriors in each run), so the report shows what
 * parameter uncertainty adds. ACCURACY_INTERVAL_VARIANTS='{"name": {"fit": {...}, "parameterUncertainty": true}}' adds some.
 */
const INTERVAL_VARIANTS: Readonly<Record<string, IntervalVariant>> = {
  process: { fit: {}, parameterUncertainty: false },
  ...(JSON.parse(process.env.ACCURACY_INTERVAL_VARIANTS ?? '{}') as Record<string, IntervalVariant>),
};

/** Generator seed of council `j` of kind `i`: independent histories, fixed so the report regenerates. */
function seedOf(i: number, j: number): number {
  return (i + 1) * 101 + j * 1000;
}

type Method = 'engine' | 'naive' | 'linear' | 'hindsight' | 'flat';
const LABEL: Record<Method, string> = {
  engine: `Engine (default: entry ${DEFAULT_ENTRY_MODEL === 'trend' ? 'trend + seasonality' : 'flat'})`,
  flat: 'Engine, flat entries (expected path)',
  naive: 'Naive (stays the same)',
  linear: 'Straight-line trend (24 months)',
  hindsight: 'Reference: engine given the rates that held',
};

/** The method's point forecast in a row: the engine's is its Monte Carlo mean, as `forecare backtest` reports it. */
function pointOf(r: Row, m: Method): number {
  switch (m) {
    case 'engine':
      return r.mean;
    case 'flat':
      return r.variants.flat as number;
    default:
      return r[m];
  }
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const pct = (x: number): string => `${x.toFixed(1)}%`;
/** Two decimals where close figures are compared (the 12-month target). */
const pct2 = (x: number): string => `${x.toFixed(2)}%`;
const signed = (x: number, digits = 2): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;
const signedPct = (x: number): string => `${signed(x)}%`;
const at = (rows: readonly Row[], h?: number): Row[] => rows.filter((r) => h === undefined || r.h === h);
const ape = (r: Row, m: Method): number => absPctError(pointOf(r, m), r.actual);
/** Signed percentage error: positive when the forecast is too high. */
const spe = (r: Row, m: Method): number => (r.actual === 0 ? 0 : (100 * (pointOf(r, m) - r.actual)) / r.actual);
const mapeOf = (rows: readonly Row[], m: Method, h?: number): number => mean(at(rows, h).map((r) => ape(r, m)));
const biasOf = (rows: readonly Row[], m: Method, h?: number): number => mean(at(rows, h).map((r) => spe(r, m)));
const inside80 = (r: Row): boolean => r.actual >= r.p10 && r.actual <= r.p90;
const inside95 = (r: Row): boolean => r.actual >= r.p2_5 && r.actual <= r.p97_5;
const coverageOf = (rows: readonly Row[], inside: (r: Row) => boolean, h?: number): number => {
  const rs = at(rows, h);
  return (100 * rs.filter(inside).length) / Math.max(1, rs.length);
};

function mapeTable(rows: readonly Row[], methods: readonly Method[]): string[] {
  const out = ['| Method | 6 months | 12 months | 24 months | all 1-24 |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const m of methods) {
    const cells = HORIZONS.map((h) => pct(mapeOf(rows, m, h)));
    cells.push(pct(mapeOf(rows, m)));
    out.push(`| ${LABEL[m]} | ${cells.join(' | ')} |`);
  }
  return out;
}

function biasTable(rows: readonly Row[], methods: readonly Method[]): string[] {
  const out = ['| Method | 6 months | 12 months | 24 months |', '| --- | ---: | ---: | ---: |'];
  for (const m of methods)
    out.push(`| ${LABEL[m]} | ${HORIZONS.map((h) => signedPct(biasOf(rows, m, h))).join(' | ')} |`);
  return out;
}

function coverageTable(rows: readonly Row[]): string[] {
  const share = (inside: (r: Row) => boolean, h?: number): string => `${coverageOf(rows, inside, h).toFixed(0)}%`;
  return [
    '| Interval | at 6 months | at 12 months | at 24 months | all 1-24 |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| 80% | ${HORIZONS.map((h) => share(inside80, h)).join(' | ')} | ${share(inside80)} |`,
    `| 95% | ${HORIZONS.map((h) => share(inside95, h)).join(' | ')} | ${share(inside95)} |`,
  ];
}

/**
 * Paired difference of MAPE (a minus b, percentage points) with a 90% interval from a bootstrap
 * over councils: each council's cutoffs and horizons overlap and are correlated, so the council
 * (not the single backtest) is the unit resampled.
 */
function pairedDifference(
  rows: readonly Row[],
  a: Method,
  b: Method,
  h?: number,
): { diff: number; lo: number; hi: number } {
  const councils = [...new Set(rows.map((r) => `${r.kind}|${r.seed}`))];
  const byCouncil = councils.map((c) => {
    const rs = at(rows, h).filter((r) => `${r.kind}|${r.seed}` === c);
    return { sum: rs.reduce((t, r) => t + ape(r, a) - ape(r, b), 0), n: rs.length };
  });
  const diffOf = (sample: readonly { sum: number; n: number }[]): number =>
    sample.reduce((t, c) => t + c.sum, 0) /
    Math.max(
      1,
      sample.reduce((t, c) => t + c.n, 0),
    );
  const rng = new RunStream(20261123, 0);
  const draws: number[] = [];
  for (let i = 0; i < BOOTSTRAP; i++) {
    draws.push(
      diffOf(
        byCouncil.map(() => byCouncil[Math.floor(rng.uniform() * byCouncil.length)] as { sum: number; n: number }),
      ),
    );
  }
  draws.sort((x, y) => x - y);
  return {
    diff: diffOf(byCouncil),
    lo: draws[Math.floor(0.05 * BOOTSTRAP)] as number,
    hi: draws[Math.floor(0.95 * BOOTSTRAP)] as number,
  };
}

function comparisonTable(rows: readonly Row[]): string[] {
  const out = ['| Engine minus | 6 months | 12 months | 24 months | all 1-24 |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const b of ['naive', 'linear'] as const) {
    const cell = (h?: number): string => {
      const d = pairedDifference(rows, 'engine', b, h);
      return `${signed(d.diff)} (${signed(d.lo)} to ${signed(d.hi)})`;
    };
    out.push(`| ${LABEL[b]} | ${HORIZONS.map((h) => cell(h)).join(' | ')} | ${cell()} |`);
  }
  return out;
}

function pointTable(rows: readonly Row[]): string[] {
  const variants: readonly [string, (r: Row) => number][] = [
    ['Monte Carlo mean: used', (r) => r.mean],
    ['Monte Carlo median (p50)', (r) => r.p50],
    ['Expected path', (r) => r.expected],
  ];
  const out = [
    '| Point forecast of the engine | MAPE 6 / 12 / 24 months | bias 6 / 12 / 24 months |',
    '| --- | ---: | ---: |',
  ];
  for (const [label, f] of variants) {
    const m = (h: number): string => pct(mean(at(rows, h).map((r) => absPctError(f(r), r.actual))));
    const b = (h: number): string => signedPct(mean(at(rows, h).map((r) => (100 * (f(r) - r.actual)) / r.actual)));
    out.push(`| ${label} | ${HORIZONS.map(m).join(' / ')} | ${HORIZONS.map(b).join(' / ')} |`);
  }
  return out;
}

/** The entry model and the trend's shrinkage: expected paths of the candidates, judged as the targets judge. */
function entryModelTable(kinds: readonly KindResult[]): string[] {
  const candidates: readonly [string, (r: Row) => number][] = [
    ['Flat entries (24-month window average)', (r) => r.variants.flat as number],
    ['Trend, slope not shrunk (weight 0)', (r) => r.variants.shrink0 as number],
    ['Trend, half the shrinkage (weight 0.5)', (r) => r.variants.shrink05 as number],
    ['Trend, empirical-Bayes shrinkage (weight 1): the default', (r) => r.expected],
  ];
  const out = [
    '| Entry model (expected path) | MAPE 6 / 12 / 24 months | bias 6 / 12 months, mean of kinds | largest bias of a kind at 12 months | kinds below naive and line at 12 months |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  const all = kinds.flatMap((k) => k.rows);
  const mapeF = (rows: readonly Row[], f: (r: Row) => number, h: number): number =>
    mean(at(rows, h).map((r) => absPctError(f(r), r.actual)));
  const biasF = (rows: readonly Row[], f: (r: Row) => number, h: number): number =>
    mean(at(rows, h).map((r) => (100 * (f(r) - r.actual)) / r.actual));
  for (const [label, f] of candidates) {
    const bias = BIAS_HORIZONS.map((h) => signedPct(mean(kinds.map((k) => biasF(k.rows, f, h)))));
    const worst = kinds.map((k) => biasF(k.rows, f, 12)).sort((a, b) => Math.abs(b) - Math.abs(a))[0] ?? 0;
    const winning = kinds.filter((k) => {
      const e = mapeF(k.rows, f, 12);
      return e < mapeOf(k.rows, 'naive', 12) && e < mapeOf(k.rows, 'linear', 12);
    }).length;
    out.push(
      `| ${label} | ${HORIZONS.map((h) => pct(mapeF(all, f, h))).join(' / ')} | ${bias.join(' / ')} | ${signedPct(worst)} | ${winning} of ${kinds.length} |`,
    );
  }
  return out;
}

/** Coverage by kind with and without parameter uncertainty: what each ingredient of the interval gives. */
function ingredientsTable(kinds: readonly KindResult[]): string[] {
  const names = Object.keys(INTERVAL_VARIANTS);
  const label: Record<string, string> = { process: 'process noise only' };
  const inside = (name: string, lo: 0 | 2) => (r: Row) => {
    const b = r.intervals[name];
    return b !== undefined && r.actual >= b[lo] && r.actual <= (b[lo + 1] as number);
  };
  const out = [
    `| Kind of council | 80% held: ${[...names.map((n) => label[n] ?? n), 'default'].join(' / ')} | 95% held: ${[...names.map((n) => label[n] ?? n), 'default'].join(' / ')} |`,
    '| --- | ---: | ---: |',
  ];
  const row = (name: string, rows: readonly Row[]): string[] => {
    const c80 = [...names.map((n) => coverageOf(rows, inside(n, 0))), coverageOf(rows, inside80)];
    const c95 = [...names.map((n) => coverageOf(rows, inside(n, 2))), coverageOf(rows, inside95)];
    return [
      `| ${name} | ${c80.map((c) => `${c.toFixed(0)}%`).join(' / ')} | ${c95.map((c) => `${c.toFixed(0)}%`).join(' / ')} |`,
    ];
  };
  for (const k of kinds) out.push(...row(k.kind.label, k.rows));
  out.push(
    ...row(
      '**all kinds**',
      kinds.flatMap((k) => k.rows),
    ),
  );
  return out;
}

interface KindResult {
  readonly kind: Kind;
  readonly seeds: readonly number[];
  readonly rows: readonly Row[];
  readonly stock: string;
}

/** One line per kind: the figures the targets are judged on. */
function summaryTable(kinds: readonly KindResult[]): string[] {
  const out = [
    '| Kind of council | children looked after | MAPE 12 months: engine / naive / line | bias 6 months | bias 12 months | 80% held | 80% held: standard error over councils | 80% held, councils lowest-highest | 95% held |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const k of kinds) {
    const e = mapeOf(k.rows, 'engine', 12);
    const n = mapeOf(k.rows, 'naive', 12);
    const l = mapeOf(k.rows, 'linear', 12);
    const mark = e < n && e < l ? '' : ' ✗';
    out.push(
      `| ${k.kind.label} | ${k.stock} | ${pct2(e)} / ${pct2(n)} / ${pct2(l)}${mark} | ${signedPct(biasOf(k.rows, 'engine', 6))} | ${signedPct(biasOf(k.rows, 'engine', 12))} | ${coverageOf(k.rows, inside80).toFixed(0)}% | ${councilStandardError(k).toFixed(1)} points | ${councilRange(k)} | ${coverageOf(k.rows, inside95).toFixed(0)}% |`,
    );
  }
  return out;
}

/** 80% coverage of each council of a kind on its own (horizons 1-24 pooled). */
function councilCoverages(k: KindResult): number[] {
  return k.seeds.map((seed) =>
    coverageOf(
      k.rows.filter((r) => r.seed === seed),
      inside80,
    ),
  );
}

/** Standard error of a kind's 80% coverage from its councils' own (their standard deviation over √councils). */
function councilStandardError(k: KindResult): number {
  const c = councilCoverages(k);
  if (c.length < 2) return Number.NaN;
  const mean = c.reduce((a, b) => a + b, 0) / c.length;
  const variance = c.reduce((a, b) => a + (b - mean) ** 2, 0) / (c.length - 1);
  return Math.sqrt(variance / c.length);
}

/** The kinds' coverage standard errors, lowest to highest, as text. */
function seRange(kinds: readonly KindResult[]): string {
  const se = kinds.map(councilStandardError).filter((x) => Number.isFinite(x));
  return se.length === 0 ? 'unknown' : `${Math.min(...se).toFixed(1)}-${Math.max(...se).toFixed(1)}`;
}

function councilRange(k: KindResult): string {
  const c = councilCoverages(k);
  return `${Math.min(...c).toFixed(0)}-${Math.max(...c).toFixed(0)}%`;
}

/**
 * The factor by which the 80% intervals of these rows, scaled about their median (each side by
 * its own distance), would hold the actual exactly 80% of the time: below 1 they are too wide.
 */
function scaleFor80(rows: readonly Row[]): number {
  const held = (s: number): number =>
    rows.filter((r) => r.actual >= r.p50 - s * (r.p50 - r.p10) && r.actual <= r.p50 + s * (r.p90 - r.p50)).length /
    Math.max(1, rows.length);
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (held(mid) < 0.8) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The step kinds' 80% coverage at the cutoffs before the step (which cannot see it) and after. */
function stepLines(kinds: readonly KindResult[]): string[] {
  return kinds.flatMap((k) => {
    const step = k.kind.entryStep;
    if (!step) return [];
    const stepDay = `${step.collectionYear - 1}-04-01`;
    const before = k.rows.filter((r) => r.cutoff < stepDay);
    const after = k.rows.filter((r) => r.cutoff >= stepDay);
    const n = (rows: readonly Row[]): number => new Set(rows.map((r) => r.cutoff)).size;
    return [
      `  On the kind "${k.kind.label}" the 80% interval held the actual ${coverageOf(before, inside80).toFixed(0)}% of the time at`,
      `  the ${n(before)} cutoffs before the step and ${coverageOf(after, inside80).toFixed(0)}% at the ${n(after)} after it (95%: ${coverageOf(before, inside95).toFixed(0)}% and ${coverageOf(after, inside95).toFixed(0)}%).`,
    ];
  });
}

/**
 * The step kinds at the cutoffs after the step (which have it in their windows) beside all cutoffs:
 * what an entry model that adapts to a step can reach (the verdict stays on all cutoffs).
 */
function afterStepLines(kinds: readonly KindResult[]): string[] {
  return kinds.flatMap((k) => {
    const step = k.kind.entryStep;
    if (!step) return [];
    const after = k.rows.filter((r) => r.cutoff >= `${step.collectionYear - 1}-04-01`);
    const figures = (rows: readonly Row[]): string =>
      `80% held ${coverageOf(rows, inside80).toFixed(0)}%, 95% held ${coverageOf(rows, inside95).toFixed(0)}%, MAPE 12 months engine / naive / line ${(['engine', 'naive', 'linear'] as const).map((m) => pct2(mapeOf(rows, m, 12))).join(' / ')}, bias 12 months ${signedPct(biasOf(rows, 'engine', 12))}`;
    return [
      `${k.kind.label}: at the ${new Set(after.map((r) => r.cutoff)).size} cutoffs after the step ${figures(after)}; at all cutoffs ${figures(k.rows)}.`,
      '',
    ];
  });
}

/** The verdict against issue 13's targets: one line per target, met or NOT met, with its figures. */
function verdictLines(kinds: readonly KindResult[]): { lines: string[]; met: boolean[] } {
  const lines: string[] = [];
  const met: boolean[] = [];
  for (const h of BIAS_HORIZONS) {
    const b = mean(kinds.map((k) => biasOf(k.rows, 'engine', h)));
    const ok = Math.abs(b) <= TARGET.bias;
    met.push(ok);
    const worst = [...kinds].sort(
      (x, y) => Math.abs(biasOf(y.rows, 'engine', h)) - Math.abs(biasOf(x.rows, 'engine', h)),
    )[0];
    lines.push(
      `- Bias at ${h} months, averaged over every kind, within ±${TARGET.bias}%: **${ok ? 'met' : 'NOT met'}** (${signedPct(b)}; kinds range ${signedPct(Math.min(...kinds.map((k) => biasOf(k.rows, 'engine', h))))} to ${signedPct(Math.max(...kinds.map((k) => biasOf(k.rows, 'engine', h))))}${worst ? `, furthest from 0: ${worst.kind.label}` : ''}).`,
    );
  }
  const outside = kinds.filter((k) => {
    const c = coverageOf(k.rows, inside80);
    return c < TARGET.coverage80[0] || c > TARGET.coverage80[1];
  });
  met.push(outside.length === 0);
  lines.push(
    `- 80% intervals held the actual ${TARGET.coverage80[0]}-${TARGET.coverage80[1]}% of the time for every kind (horizons 1-24 pooled): **${outside.length === 0 ? 'met' : 'NOT met'}**` +
      (outside.length === 0
        ? ` (${Math.min(...kinds.map((k) => coverageOf(k.rows, inside80))).toFixed(0)}% to ${Math.max(...kinds.map((k) => coverageOf(k.rows, inside80))).toFixed(0)}%).`
        : ` (outside: ${outside.map((k) => `${k.kind.label} ${coverageOf(k.rows, inside80).toFixed(0)}%`).join('; ')}).`),
  );
  const losing = kinds.filter((k) => {
    const e = mapeOf(k.rows, 'engine', 12);
    return !(e < mapeOf(k.rows, 'naive', 12) && e < mapeOf(k.rows, 'linear', 12));
  });
  met.push(losing.length === 0);
  lines.push(
    `- The engine's 12-month MAPE below naive and straight line for every kind: **${losing.length === 0 ? 'met' : 'NOT met'}**` +
      (losing.length === 0
        ? '.'
        : ` (not below both: ${losing.map((k) => `${k.kind.label} ${pct2(mapeOf(k.rows, 'engine', 12))} against ${pct2(mapeOf(k.rows, 'naive', 12))} and ${pct2(mapeOf(k.rows, 'linear', 12))}`).join('; ')}).`),
  );
  return { lines, met };
}

async function runCouncils(): Promise<KindResult[]> {
  const tasks: { kindIndex: number; task: CouncilTask }[] = [];
  STUDIED.forEach((kind) => {
    const i = KINDS.indexOf(kind);
    for (let j = 0; j < COUNCILS_PER_KIND; j++) {
      tasks.push({
        kindIndex: i,
        task: {
          kind: kind.key,
          generator: {
            seed: seedOf(i, j),
            years: 10,
            endYear: 2025,
            childrenInCare: kind.childrenInCare,
            annualGrowth: kind.annualGrowth,
            ...(kind.entryStep ? { entryStep: kind.entryStep } : {}),
          },
          cutoffs: CUTOFFS,
          runs: RUNS,
          variants: VARIANTS,
          intervalVariants: INTERVAL_VARIANTS,
        },
      });
    }
  });
  const pool = new Piscina({
    filename: new URL('./accuracy-study-council.ts', import.meta.url).href,
    minThreads: THREADS,
    maxThreads: THREADS,
  });
  // On a terminal a progress bar; elsewhere (a log) one line per council.
  const progress = progressBar('Accuracy study');
  const perCouncilLines = !showsProgress();
  let done = 0;
  progress.update(0, tasks.length, `${THREADS} thread(s)`);
  // Large councils first, so that the last tasks are short and both threads finish together.
  const order = [...tasks].sort((a, b) => b.task.generator.childrenInCare! - a.task.generator.childrenInCare!);
  const results = new Map<CouncilTask, CouncilResult>();
  await Promise.all(
    order.map(async ({ task }) => {
      const result = (await pool.run(task)) as CouncilResult;
      results.set(task, result);
      done += 1;
      progress.update(done, tasks.length, `${task.kind} (seed ${task.generator.seed})`);
      if (perCouncilLines)
        process.stderr.write(`${task.kind} (seed ${task.generator.seed}): ${result.seconds.toFixed(1)} s\n`);
    }),
  );
  progress.stop();
  await pool.destroy();
  return STUDIED.map((kind) => {
    const own = tasks.filter((t) => t.task.kind === kind.key);
    const res = own.map((t) => results.get(t.task) as CouncilResult);
    const lo = Math.min(...res.flatMap((r) => [r.firstStock, r.lastStock]));
    const hi = Math.max(...res.flatMap((r) => [r.firstStock, r.lastStock]));
    return {
      kind,
      seeds: own.map((t) => t.task.generator.seed),
      rows: res.flatMap((r) => r.rows),
      stock: `${lo}-${hi}`,
    };
  });
}

async function main(): Promise<void> {
  const t00 = performance.now();
  const kinds = await runCouncils();
  const all = kinds.flatMap((k) => k.rows);
  const councils = kinds.reduce((n, k) => n + k.seeds.length, 0);
  if (process.env.ACCURACY_ROWS) writeFileSync(process.env.ACCURACY_ROWS, JSON.stringify(all));

  const { lines: verdict, met } = verdictLines(kinds);
  const flat = mapeOf(all, 'flat');
  const trend = mapeOf(all, 'engine');
  const vsNaive = pairedDifference(all, 'engine', 'naive');
  const vsLinear = pairedDifference(all, 'engine', 'linear');
  const clearly = (d: { hi: number }): boolean => d.hi < 0;
  const widest = kinds
    .map((k) => ({ kind: k.kind.label, c: councilCoverages(k) }))
    .reduce((a, b) => (Math.max(...b.c) - Math.min(...b.c) > Math.max(...a.c) - Math.min(...a.c) ? b : a));
  const allCouncils = kinds.flatMap(councilCoverages);
  const spread = { lo: Math.min(...allCouncils), hi: Math.max(...allCouncils), kind: widest.kind };
  const councilScales = kinds.flatMap((k) => k.seeds.map((seed) => scaleFor80(k.rows.filter((r) => r.seed === seed))));
  const scales = {
    kinds: kinds.map((k) => ({ f: scaleFor80(k.rows) })),
    lo: Math.min(...councilScales),
    hi: Math.max(...councilScales),
  };
  const perKind = kinds.flatMap((k) => [
    `### ${k.kind.label} (generator seeds ${k.seeds.join(', ')}; ${k.stock} children looked after at the cutoffs)`,
    '',
    ...mapeTable(k.rows, ['engine', 'naive', 'linear', 'flat', 'hindsight']),
    '',
    'Bias (mean signed error; + = forecast too high):',
    '',
    ...biasTable(k.rows, ['engine', 'naive', 'linear']),
    '',
    'Coverage of the engine’s intervals:',
    '',
    ...coverageTable(k.rows),
    '',
  ]);
  const lines = [
    '# Accuracy of the demand forecast',
    '',
    'Generated by `node scripts/accuracy-study.ts` (do not edit by hand). Synthetic councils from the',
    `\`forecare demo-data\` generator (\`src/domain/demo\`): ${kinds.length} kinds of council, each simulated ${COUNCILS_PER_KIND} time(s)`,
    `with different generator seeds (${councils} councils), ten collection years 2016-2025 each. At every`,
    `cutoff (${CUTOFFS.join(', ')}) the engine is fitted on the data as an extract taken that day would`,
    `show it (${DEFAULT_REFERENCE_MONTHS}-month reference window, moves and exits over ${DEFAULT_EXIT_POOL_MONTHS} months more when the exits were stable,`,
    `60-month entry-trend window, exits by ${DEFAULT_DURATION_BOUNDS_DAYS.length + 1} time-in-care bands), projects`,
    `24 months with ${RUNS} Monte Carlo runs (seed 1), and the month-end totals are compared with what the`,
    'full data say happened. Point forecast of the engine = the Monte Carlo mean, as `forecare backtest`',
    'reports it. MAPE = mean absolute percentage error of the total; bias = mean signed percentage',
    'error (forecast minus actual, over actual; + = too high). Coverage = share of (cutoff, horizon)',
    'pairs whose actual total lies inside the interval.',
    '',
    '## Verdict against the targets (issue 13)',
    '',
    `${met.filter((m) => m).length} of ${met.length} targets met.`,
    '',
    ...verdict,
    '',
    ...summaryTable(kinds),
    '',
    '✗: the engine is not below both benchmarks at 12 months. Bias and coverage are the engine’s.',
    '',
    ...afterStepLines(kinds),
    `## All councils together (${councils} councils × ${CUTOFFS.length} cutoffs)`,
    '',
    ...mapeTable(all, ['engine', 'naive', 'linear', 'flat', 'hindsight']),
    '',
    ...coverageTable(all),
    '',
    `Over all horizons the engine is ${clearly(vsNaive) ? 'clearly better than' : 'not clearly better than'} the naive forecast`,
    `(difference ${signed(vsNaive.diff)} points, 90% interval ${signed(vsNaive.lo)} to ${signed(vsNaive.hi)}) and`,
    `${clearly(vsLinear) ? 'clearly better than' : 'not clearly better than'} the straight line (${signed(vsLinear.diff)} points, ${signed(vsLinear.lo)} to ${signed(vsLinear.hi)});`,
    '"clearly" means the whole 90% interval of the difference, bootstrapped over councils, is below zero.',
    `The reference forecast given the rates that actually held has MAPE ${HORIZONS.map((h) => pct(mapeOf(all, 'hindsight', h))).join(' / ')} at`,
    "6 / 12 / 24 months: most of the engine's short-horizon error is process noise no forecast can remove.",
    '',
    '### Entry model and the trend’s shrinkage',
    '',
    'The same backtests with other entry models, by their expected paths (the Monte Carlo mean is within',
    'a few tenths of a per cent of it; see below). The trend’s slope is shrunk towards 0 by a factor',
    '1 − c·se²/b² (src/domain/engine/trend.ts); c = 1 is the empirical-Bayes factor the engine uses.',
    '',
    ...entryModelTable(kinds),
    '',
    `Over all horizons: flat MAPE ${pct(flat)}, trend + seasonality ${pct(trend)} (Monte Carlo mean), so the better one is`,
    `**${trend < flat ? 'trend' : 'flat'}**; the engine's default (\`DEFAULT_ENTRY_MODEL\` in src/domain/engine/defaults.ts) is **${DEFAULT_ENTRY_MODEL}**.`,
    '',
    '### The interval’s ingredients',
    '',
    'Each Monte Carlo run of the engine draws its rates from their posteriors (parameter uncertainty)',
    'and then follows every child (process noise). Coverage (horizons 1-24 pooled) with process noise',
    'alone, beside the default:',
    '',
    ...ingredientsTable(kinds),
    '',
    '### Paired comparison',
    '',
    'MAPE of the engine minus MAPE of each benchmark, in percentage points, over the same backtests',
    '(negative = the engine is better), with a 90% interval from a bootstrap over councils.',
    '',
    ...comparisonTable(all),
    '',
    '### Which point forecast',
    '',
    ...pointTable(all),
    '',
    '## By kind of council',
    '',
    ...perKind,
    '## Reading the numbers',
    '',
    '- Short horizons are dominated by process noise: which children happen to come into care in the',
    '  next six months cannot be forecast by anyone. The reference row (the engine given the rates that',
    '  actually held over the next 24 months, entries flat) shows that floor.',
    '- Coverage is over overlapping horizons and cutoffs of the same councils, so it is noisy: cutoffs of',
    "  one council are not independent, and one council's good or bad run of years moves its coverage a",
    `  lot. With ${COUNCILS_PER_KIND} councils a kind, a kind’s coverage has a standard error of ${seRange(kinds)} points: one council`,
    `  on its own held the actual inside its 80% intervals from ${spread.lo.toFixed(0)}% to ${spread.hi.toFixed(0)}% of the time (widest`,
    `  spread: ${spread.kind}), so the 75-85% target per kind is judged on a noisy figure. Scaled about`,
    `  its median by one factor, each kind's 80% interval would hold the actual 80% of the time with a`,
    `  factor of ${scales.kinds.map((x) => x.f.toFixed(2)).join(', ')} (kinds in the order above; below 1: too wide);`,
    `  one council's own factor ranges from ${scales.lo.toFixed(2)} to ${scales.hi.toFixed(2)}.`,
    '- The generator draws arrivals from a smooth Poisson process growing (or shrinking) at a fixed rate,',
    '  so its total is close to a straight line: the best case for the line, which extrapolates the',
    '  stock directly. Real councils have turning points, policy changes and UASC surges, where the',
    "  line is worse and the engine's mechanism (and its scenarios) matters more. The step-change kind",
    '  is one such turning point: cutoffs before April 2020 cannot see it coming.',
    ...stepLines(kinds),
    '- Bias averaged over every kind lets growth and decline cancel; the per-kind figures show what a',
    '  council of each kind would see.',
    '- The study uses the generator, not real returns: it shows the engine recovers a known mechanism',
    "  and how its errors behave, not how well any one council's future can be forecast.",
    '- On a flat council "stays the same" is the right shape of forecast, and its only error is process',
    "  noise; the engine's is that plus the noise of rates estimated from a 24-month window, so on flat",
    '  and nearly flat kinds the two are close at 12 months and either can come out ahead.',
    '',
    '## Known limitations and next steps',
    '',
    'Figures quoted in this section were measured with 6 councils a kind (the study’s size until',
    '8 December 2026) unless they say otherwise.',
    '',
    '- With 6 councils a kind, a kind’s 80% coverage had a standard error of 4-5 points, so the',
    '  per-kind verdicts were noise: the three kinds outside or at the edge of 75-85% (small +1% 90%,',
    '  medium flat 85%, medium +1% 81%) hold 83%, 81% and 79% with 24 councils a kind (the table above),',
    '  and the 12-month MAPE verdicts moved as much (engine / naive with 6 councils, then 24: medium flat',
    '  1.78% / 1.68%, 1.91% / 1.97%; medium +1% 2.01% / 1.95%, 2.18% / 1.97%; small +1% 2.79% / 2.79%,',
    '  3.51% / 3.42%). The study now simulates 24 councils a kind.',
    '- Exits by legal status were measured before building them (scripts/exits-by-legal-status.ts: six',
    '  medium flat councils, April 2018 to March 2023, cells of age band × placement category × time-in-care',
    '  band). Within cells, children on full care orders (C2) left at 0.62 times their cell’s rate, under',
    '  section 20 (V2) 1.43 times, on interim orders (C1) 0.85, on placement orders (E1/D1) 0.84. Hazards',
    '  that far apart narrow the spread of the number of children in care on 31 March 2021 leaving in',
    '  the next 6 months by only 3.1-3.5% (its standard deviation 18.3 by cell, 17.7 with legal status;',
    '  small +1% councils 3.2%), far too little to be why the intervals are too wide at 1-6 months, so',
    '  the change is not made. The generator’s monthly entries and exits are Poisson-like (variance over',
    '  mean 0.72-1.41 on the six medium flat councils, seasonality removed), as the engine draws them.',
    '- The entry level taken from the 60-month trend window (the intercept refitted with the shrunk slope',
    '  and season held, its line’s average over the reference window as the level) instead of the',
    '  24-month reference window’s average was measured on a branch (expected paths, 6 councils a kind,',
    '  50 runs): used always, the mean of kinds’ 12-month MAPE went from 2.27% to 2.25% (small flat 4.29%',
    '  to 3.94%, small +1% 2.73% to 2.70%) but medium −3% from 1.91% to 2.08% and the trending kinds’ bias',
    '  grew by 0.1-0.4 points (the line pivots about the middle of 60 months); used only where the slope',
    '  is shrunk to 0, the mean went to 2.28% and medium flat from 1.79% to 1.86% (the last 24 months say',
    '  more about next year’s entries than 60). Not used.',
    '- Exit rates depend on time in care through one factor per route and time-in-care band applied to',
    '  every age band and category; move rates do not depend on it. Only entries carry a trend.',
    '- The entry trend is a log-linear slope over 60 months: a step change in entries reads as a slope,',
    '  which the forecast carries on (damped) after the step, so after a step the engine runs high and',
    '  its intervals are too narrow. A level-shift (change-point) term was tried (Poisson regression of',
    '  monthly entries with the slope replaced by a step at the best month, 6 months or more from either',
    '  end, used when it beat the trend by a deviance margin of 12 dispersions). On the step kind’s first',
    '  three councils (about 25 entries a month, a 30% step) the best step, found in March-May 2020, beat',
    '  the trend by 0.2-8.5 dispersions at the cutoffs after the step; on the first three councils of the',
    '  medium flat, medium and large +5% and medium +10% kinds by up to 5.6. A step this size cannot be told',
    '  from a trend in 60 months of entries, so no margin separates them and the term is not used.',
    '  A level-shift search was measured as a fit option (`entryStepPenalty`, off by default; removed',
    '  in 9379e97): a level and a slope on each side of the change month, used when the',
    '  fall in scaled deviance beats 3·log(months) (BIC). Measured on 6 councils a kind (200 runs): it',
    '  fired at 4 of 54 councils × cutoffs of the step kind and raised its 12-month MAPE from 3.60% to',
    '  3.93%; it fired at 1 of 54 on medium −10% (MAPE 1.83% to 2.09%) and at none on medium and small',
    '  flat, medium +5% and +10%, large +5%. Forecasting flat after a step found at half that penalty',
    '  cut the step kind’s MAPE to 3.47% but fired at 1-7 of 54 on every other kind and raised their',
    '  MAPE by up to 0.12 points. The step kind’s three cutoffs before the step (80% coverage about 40%)',
    '  keep its coverage over all nine cutoffs below 75% whatever the entry model does after the step.',
    '- The entry model chosen by the council’s own rolling-origin backtest was measured as a fit option',
    '  (`entrySelect`, off by default; removed in b678c07): at up to four past origins',
    '  (every 6 months back from 12 months before the cutoff, each with 36 months of data before it) the',
    '  flat and the trend expected paths are compared with what happened at 6-12 months. On 6 councils a',
    '  kind (expected paths, 12-month MAPE), choosing the model with the lower error picked flat at 6-10',
    '  of 54 councils × cutoffs of the steep kinds and raised large +5% from 1.38% to 1.68% and +10% from',
    '  2.28% to 2.61% for gains of 0.02-0.07 points on the flat kinds (mean of kinds 2.31% to 2.38%;',
    '  measured before moves and exits were pooled by default; the figures below are after).',
    '  Weighting the trend’s slope and season by the flat model’s share of the errors (inverse errors,',
    '  or their squares) cut medium flat from 1.79% to 1.73% and medium +1% from 1.99% to 1.93%, but',
    '  raised large +5% from 1.37% to 1.61% and −10% from 1.79% to 1.97% (mean 2.27% to 2.28%). A few',
    '  overlapping 12-month windows of one council cannot tell a 1% a year trend’s noise from a real one.',
    '  Stronger shrinkage of the slope (weight 2 instead of 1) brought medium +1% to 1.93% and small +1%',
    '  to 2.66% (below naive), medium flat to 1.72% (naive 1.68%), mean 2.27% to 2.26%, bias at 6 and 12',
    '  months +0.01% and +0.00%, but made large +5%, +10% and −10% worse by 0.04-0.08 points, beyond the',
    '  councils’ noise (bootstrap), so it is not the default either. A pretest (`trendPretestZ`, removed',
    '  in b678c07: the slope set to 0 within 2 standard errors of 0) did as well on average (2.26%) and',
    '  failed the same way: medium flat 1.72%, and +10%, −5% and the step kind 0.06-0.09 points worse',
    '  beyond noise.',
    '- Parameter uncertainty is drawn from independent posteriors of each rate. A bootstrap over children',
    '  (refitting every rate and the trend on children drawn with replacement) was measured as the',
    '  alternative (ACCURACY_INTERVAL_VARIANTS with bootstrapReplicates, scripts/accuracy-study-council.ts):',
    '  its intervals were wider still, so it is not used.',
    '- Each Monte Carlo run adds the same share of spread for rates drawn from their posteriors, small',
    '  councils or large: the 80% interval is 1.19-1.26 times as wide as with process noise alone at 12',
    '  months for every kind (6 councils a kind, 200 runs), as it should be (both variances shrink with',
    '  the council’s size), so the wide intervals of one small kind are its councils’ luck rather than',
    '  over-dispersed exit draws. With an integer actual and interpolated bounds counted inclusively,',
    '  short horizons of small councils are counted inside a little more often.',
    '- An interval scaled by the council’s own past errors (the expected path’s errors at up to four',
    '  past origins 12 months ahead over the runs’ spread, shrunk towards 1 and clamped to 0.75-1.5;',
    '  the calibrate interval variant, removed in 091d7d2) was measured on 7 kinds: it',
    '  brought small +1% from 90% to 83% and medium flat from 85% to 82%, but large +5% from 77% to',
    '  72%. The default is too wide at 1-6 months on every kind and too narrow at 13-24 months on the',
    '  trending ones, so a scale learnt on 12-month errors narrows the long horizons further; one',
    '  cutoff’s scale and its own later errors correlate at 0.12. It is not used.',
    '- The interval’s shape over horizons was taken apart (6 councils a kind, 200 runs; the adjust',
    '  interval variants of scripts/accuracy-study-council.ts fix one ingredient at a time; a share is',
    '  the variance of the 80% interval lost when that one is fixed). At 1-6 months process noise is 88%',
    '  of it, the entries’ level 8%, exit rates 3%, the slope 1%: the early width is process noise, and',
    '  without any parameter drawn the interval still held 81% at 1-6 months (all kinds pooled; small +1%',
    '  88%). Of the 84% the default holds at 1-6 months (the step kind left out) 1-3 points are actuals',
    '  on an interpolated bound, counted inside. At 13-24 months process noise is 57%, the entries’ level',
    '  29%, exits 10%, the slope 6%, moves 1%, the entries’ over-dispersion 3%.',
    '  With rates fitted on all ten years of a flat council’s data (near the generator’s own; the adjust',
    '  allYears variant, process noise only) the 80% interval still held 89% at 1-6 months on medium and',
    '  small flat (81% at 13-24): the process noise itself is too wide early, likely because the generator',
    '  sets each child’s way out of care at entry, which hazards by age band, category and time in care',
    '  cannot see. Eleven time-in-care bands instead of six did not narrow it (83% at 1-6 months, pooled).',
    '- The entry slope is drawn from its shrunk posterior (variance (1 − se²/b²)·se²), so where |b| <= se',
    '  it is fixed at 0 without spread: at 32-44 of 54 councils × cutoffs of the flat and +1% kinds,',
    '  17 of medium −3%, 0-4 of the ±5%, ±10% and large +5% kinds. Drawn with its standard error before',
    '  the shrinkage about the shrunk slope (the expected path unchanged), the 80% interval at 13-24 months',
    '  widened from 8.8% to 9.1% of the mean and its coverage rose by 0.1-1.9 points on every kind (large',
    '  +1% 77% to 79%, medium −5% 76.5% to 77.5%; 1-24 months) but small +1% from 90% to 91% and medium',
    '  flat from 84.6% to 85.6%, out of 75-85%; with the entries’ over-dispersion set to 1 too, 85.8%. Not',
    '  used. The kinds too wide are so with process noise alone (small +1% 88%, 85% and 80% at 1-6, 7-12',
    '  and 13-24 months), single councils’ coverage spans 20-39 points within a kind (51% to 99% in all),',
    '  and the kinds too narrow at 13-24 months (large +1% 75%, large +5% 74%, medium −5% 72%) are',
    '  off-centre there (mean error +0.4%, +0.8% and −0.8% of the mean), their forecasts behind the trend',
    '  (the slope shrunk or damped).',
    '- Moves and exits pooled over 24 months more when stable (exitPoolMonths 24) were measured against',
    '  12: small +1% worse (2.99% against 2.73% at 12 months, expected paths), small flat better',
    '  (4.10% against 4.29%); 12 is the default.',
    '',
  ];
  const file = fileURLToPath(new URL('../docs/accuracy.md', import.meta.url));
  const partial =
    quick ||
    onlyKinds.length > 0 ||
    process.env.ACCURACY_VARIANTS !== undefined ||
    process.env.ACCURACY_INTERVAL_VARIANTS !== undefined ||
    COUNCILS_PER_KIND < FULL.councils ||
    RUNS < FULL.runs;
  if (!partial) writeFileSync(file, lines.join('\n'));
  const verdictEnd = lines.indexOf('## By kind of council');
  process.stdout.write(
    `${lines.slice(lines.indexOf('## Verdict against the targets (issue 13)'), verdictEnd).join('\n')}\n${partial ? '(partial configuration: docs/accuracy.md not written)' : `wrote ${file}`} in ${((performance.now() - t00) / 1000).toFixed(0)} s\n`,
  );
}

await main();
