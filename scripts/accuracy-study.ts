/**
 * Accuracy study of the demand engine on synthetic councils (src/domain/demo): rolling-origin
 * backtests at several cutoffs, MAPE of the total at 6, 12 and 24 months, and 80% / 95% interval
 * coverage, against a naive "stays the same" forecast and a straight-line trend. Writes
 * docs/accuracy.md.
 *
 *     source scripts/env.sh && node scripts/accuracy-study.ts [--quick]
 *
 * Deterministic: the councils, cutoffs and seeds are fixed, so the report regenerates identically.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addMonths, endOfMonth, type IsoDate } from '../src/domain/dates.ts';
import type { CaseData } from '../src/domain/model.ts';
import { lookedAfterOn, absPctError, linearTrendForecast } from '../src/domain/engine/backtest.ts';
import { periodsOfCare, truncateAt } from '../src/domain/engine/periods.ts';
import { fitModelFromPeriods, project } from '../src/domain/engine/project.ts';
import { runValues, populationTotal } from '../src/domain/engine/projection.ts';
import { DEFAULT_ENTRY_MODEL, type EntryModelChoice } from '../src/domain/engine/rates.ts';
import { summarise } from '../src/domain/stats/quantiles.ts';
import { demoCaseData } from '../test/engine/support/demoCaseData.ts';

const quick = process.argv.includes('--quick');
const HORIZONS = [6, 12, 24] as const;
const RUNS = quick ? 200 : 500;

interface Council {
  readonly name: string;
  readonly seed: number;
  readonly size: 'small' | 'medium' | 'large';
  readonly annualGrowth: number;
}

const COUNCILS: readonly Council[] = [
  { name: 'large, entries +1%/year', seed: 101, size: 'large', annualGrowth: 0.01 },
  { name: 'medium, entries +1%/year', seed: 202, size: 'medium', annualGrowth: 0.01 },
  { name: 'large, entries +5%/year', seed: 303, size: 'large', annualGrowth: 0.05 },
  { name: 'medium, entries -3%/year', seed: 404, size: 'medium', annualGrowth: -0.03 },
  { name: 'small, entries +1%/year', seed: 505, size: 'small', annualGrowth: 0.01 },
];

// Ten collection years 2016-2025; cutoffs every six months leave 24 months of actuals after each.
const CUTOFFS: readonly IsoDate[] = quick
  ? ['2020-03-31', '2021-03-31', '2022-03-31', '2023-03-31', '2023-03-31'].slice(0, 4).concat(['2020-09-30'])
  : ['2019-03-31', '2019-09-30', '2020-03-31', '2020-09-30', '2021-03-31', '2021-09-30', '2022-03-31', '2022-09-30', '2023-03-31'];

type Method = 'engine_flat' | 'engine_trend' | 'naive' | 'linear';
const METHODS: readonly Method[] = ['engine_flat', 'engine_trend', 'naive', 'linear'];

interface Row {
  readonly council: string;
  readonly cutoff: IsoDate;
  readonly h: number;
  readonly actual: number;
  readonly point: Record<Method, number>;
  /** Interval coverage of the two engine variants. */
  readonly inside80: Record<'engine_flat' | 'engine_trend', boolean>;
  readonly inside95: Record<'engine_flat' | 'engine_trend', boolean>;
}

function monthEnd(cutoff: IsoDate, h: number): IsoDate {
  return endOfMonth(addMonths(`${cutoff.slice(0, 7)}-01`, h));
}

function study(council: Council, data: CaseData): Row[] {
  const full = periodsOfCare(data).periods;
  const rows: Row[] = [];
  for (const cutoff of CUTOFFS) {
    const truncated = periodsOfCare(truncateAt(data, cutoff));
    const naive = lookedAfterOn(truncated.periods, cutoff);
    const linear = linearTrendForecast(truncated.periods, cutoff);
    const sims: Partial<Record<EntryModelChoice, ReturnType<typeof project>>> = {};
    for (const entryModel of ['flat', 'trend'] as const) {
      const model = fitModelFromPeriods(truncated.periods, { start: cutoff, entryModel }, truncated.warnings);
      sims[entryModel] = project(model, { months: 24, runs: RUNS, seed: 1 });
    }
    for (let h = 1; h <= 24; h++) {
      const actual = lookedAfterOn(full, monthEnd(cutoff, h));
      const q = (m: 'flat' | 'trend') => summarise(runValues((sims[m] as ReturnType<typeof project>).simulated, 'populationByCategory', h - 1));
      const qf = q('flat');
      const qt = q('trend');
      rows.push({
        council: council.name,
        cutoff,
        h,
        actual,
        point: {
          engine_flat: qf.mean,
          engine_trend: qt.mean,
          naive,
          linear: linear(h),
        },
        inside80: { engine_flat: actual >= qf.p10 && actual <= qf.p90, engine_trend: actual >= qt.p10 && actual <= qt.p90 },
        inside95: { engine_flat: actual >= qf.p2_5 && actual <= qf.p97_5, engine_trend: actual >= qt.p2_5 && actual <= qt.p97_5 },
      });
      // the expected path agrees with the Monte Carlo mean (a cheap consistency check)
      const e = populationTotal((sims.flat as ReturnType<typeof project>).expected, 0, h - 1);
      if (Math.abs(e - qf.mean) > 0.03 * qf.mean + 5) process.stderr.write(`note: expected path ${e.toFixed(1)} vs MC mean ${qf.mean.toFixed(1)} at ${cutoff} +${h}\n`);
    }
  }
  return rows;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const pct = (x: number): string => `${x.toFixed(1)}%`;

function mapeTable(rows: readonly Row[]): string[] {
  const out = ['| Method | 6 months | 12 months | 24 months | all 1-24 |', '| --- | ---: | ---: | ---: | ---: |'];
  const label: Record<Method, string> = {
    engine_flat: 'Engine, flat entries',
    engine_trend: 'Engine, entry trend + seasonality',
    naive: 'Naive (stays the same)',
    linear: 'Straight-line trend (24 months)',
  };
  for (const m of METHODS) {
    const cells = HORIZONS.map((h) => pct(mean(rows.filter((r) => r.h === h).map((r) => absPctError(r.point[m], r.actual)))));
    cells.push(pct(mean(rows.map((r) => absPctError(r.point[m], r.actual)))));
    out.push(`| ${label[m]} | ${cells.join(' | ')} |`);
  }
  return out;
}

function coverageTable(rows: readonly Row[]): string[] {
  const out = ['| Engine | 80% at 6 / 12 / 24 months | 80% all 1-24 | 95% at 6 / 12 / 24 months | 95% all 1-24 |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const m of ['engine_flat', 'engine_trend'] as const) {
    const share = (rs: readonly Row[], key: 'inside80' | 'inside95'): string => `${((100 * rs.filter((r) => r[key][m]).length) / Math.max(1, rs.length)).toFixed(0)}%`;
    const at = (key: 'inside80' | 'inside95'): string => HORIZONS.map((h) => share(rows.filter((r) => r.h === h), key)).join(' / ');
    out.push(`| ${m === 'engine_flat' ? 'flat entries' : 'trend + seasonality'} | ${at('inside80')} | ${share(rows, 'inside80')} | ${at('inside95')} | ${share(rows, 'inside95')} |`);
  }
  return out;
}

function main(): void {
  const all: Row[] = [];
  const perCouncil: string[] = [];
  for (const c of COUNCILS) {
    const t0 = performance.now();
    const data = demoCaseData({ seed: c.seed, years: 10, endYear: 2025, size: c.size, annualGrowth: c.annualGrowth });
    const rows = study(c, data);
    all.push(...rows);
    process.stderr.write(`${c.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    perCouncil.push(`### ${c.name} (generator seed ${c.seed})`, '', ...mapeTable(rows), '', ...coverageTable(rows), '');
  }
  const flat = mean(all.map((r) => absPctError(r.point.engine_flat, r.actual)));
  const trend = mean(all.map((r) => absPctError(r.point.engine_trend, r.actual)));
  const better: EntryModelChoice = trend < flat ? 'trend' : 'flat';
  const chosen: Method = DEFAULT_ENTRY_MODEL === 'trend' ? 'engine_trend' : 'engine_flat';
  const mapeOf = (m: Method, h?: number): number =>
    mean(all.filter((r) => h === undefined || r.h === h).map((r) => absPctError(r.point[m], r.actual)));
  const cov80 = all.filter((r) => r.inside80[chosen]).length / all.length;
  const cov95 = all.filter((r) => r.inside95[chosen]).length / all.length;
  const verdict = [
    `With the default entry model (${DEFAULT_ENTRY_MODEL}) the engine's MAPE over horizons 1-24 is ${pct(mapeOf(chosen))},`,
    `against ${pct(mapeOf('naive'))} for "stays the same" and ${pct(mapeOf('linear'))} for the straight line`,
    `(at 24 months: ${pct(mapeOf(chosen, 24))}, ${pct(mapeOf('naive', 24))} and ${pct(mapeOf('linear', 24))}).`,
    `It is clearly better than the naive forecast${mapeOf(chosen) < 0.9 * mapeOf('linear') ? ' and than the straight line' : mapeOf(chosen) <= mapeOf('linear') ? ', and level with or slightly better than the straight line, not clearly better' : ', but not better than the straight line'}.`,
    `Its 80% intervals held the actual total ${(100 * cov80).toFixed(0)}% of the time and its 95% intervals ${(100 * cov95).toFixed(0)}%.`,
  ];
  const lines = [
    '# Accuracy of the demand forecast',
    '',
    'Generated by `node scripts/accuracy-study.ts` (do not edit by hand). Synthetic councils from the',
    '`forecare demo-data` generator (`src/domain/demo`), ten collection years 2016-2025 each. At every',
    `cutoff (${CUTOFFS.join(', ')}) the engine is fitted on the data as an extract taken that day would`,
    'show it (24-month reference window, 60-month entry-trend window), projects 24 months with',
    `${RUNS} Monte Carlo runs (seed 1), and the month-end totals are compared with what the full data`,
    'say happened. Point forecast = the Monte Carlo mean. MAPE = mean absolute percentage error of the',
    'total. Coverage = share of (cutoff, horizon) pairs whose actual total lies inside the interval.',
    '',
    `## All councils together (${COUNCILS.length} councils × ${CUTOFFS.length} cutoffs)`,
    '',
    ...mapeTable(all),
    '',
    ...coverageTable(all),
    '',
    '## Verdict',
    '',
    ...verdict,
    '',
    `Entry model: flat MAPE ${pct(flat)}, trend + seasonality ${pct(trend)} over all horizons, so the`,
    `better one is **${better}**; the engine's default (\`DEFAULT_ENTRY_MODEL\` in`,
    `src/domain/engine/rates.ts) is **${DEFAULT_ENTRY_MODEL}**${better === DEFAULT_ENTRY_MODEL ? ', which agrees' : ' — it should be changed to match'}.`,
    '',
    '## By council',
    '',
    ...perCouncil,
    '## Reading the numbers',
    '',
    '- Coverage is over overlapping horizons and cutoffs of the same few councils, so it is noisy: with',
    `  ${CUTOFFS.length} cutoffs per council the cutoffs are not independent, and one council's good or bad`,
    '  run of years moves its coverage a lot. Pooled coverage is the figure to judge.',
    '- The generator draws arrivals from a smooth Poisson process growing (or shrinking) at a fixed rate,',
    '  so its total is close to a straight line: the best case for the line, which extrapolates the',
    '  stock directly. The engine has to rebuild the stock from estimated entry, exit and transition',
    '  rates, and the 24-month window makes those noisy for small councils (where the naive forecast is',
    '  best). Its value is in what the benchmarks cannot give: categories, ages, flows, child-days for',
    '  costs, intervals, and scenarios acting on the mechanism.',
    '- The flat entry model lags a growing council by about a year of growth and its intervals then miss',
    '  (coverage far below 80% on the +5% council); the trend model fixes that, which is why it is the',
    '  default.',
    '',
    '## Known limitations and next steps',
    '',
    '- Exit rates depend on time in care only through one factor per route and duration band (under 6',
    '  months, 6-24, 24 and over) applied to every age band and category (a multiplicative model);',
    '  move rates do not depend on it. The expected path takes each month\'s duration mix from a side',
    '  model of entry cohorts (the Monte Carlo follows each child\'s own clock). Finer bands, or factors',
    '  by category, are the next step; they need more events than a small council has in 24 months.',
    '- Only entries carry a trend; exit and transition rates are the reference-window averages.',
    '- Intervals are a little wide at short horizons for the trend model (parameter uncertainty of the',
    '  slope); they are not narrowed artificially.',
    '',
  ];
  const file = fileURLToPath(new URL('../docs/accuracy.md', import.meta.url));
  writeFileSync(file, lines.join('\n'));
  process.stdout.write(`${lines.slice(10, 24).join('\n')}\nwrote ${file}\n`);
}

main();
