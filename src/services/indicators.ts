/**
 * Indicators and benchmarks (issue 12): the council's indicators for a collection year, computed
 * from its returns, each beside England's published figure, its statistical neighbours' range and
 * its quartile among all councils; the child population each year's rates use; importing the DfE's
 * published local authority tables (all or nothing) and the list of statistical neighbours.
 */
import { collectionYearOf } from '../domain/dates.ts';
import {
  compare,
  INDICATOR_IDS,
  INDICATORS,
  parseBenchmarkRows,
  type BenchmarkFigure,
  type BenchmarkProblem,
  type Comparison,
  type IndicatorId,
  type IndicatorUnit,
} from '../domain/indicators/benchmarks.ts';
import {
  lookedAfterIndicators,
  percentOf,
  ratePer10000,
  type LookedAfterIndicators,
} from '../domain/indicators/lookedAfter.ts';
import type { CinYearIndicators } from '../domain/funnel/funnel.ts';
import {
  careLeaverIndicators,
  type CareLeaverGroup,
  type CareLeaverIndicators,
} from '../domain/indicators/careLeavers.ts';
import { stabilityIndicators } from '../domain/sufficiency/stability.ts';
import { listCareLeaverOutcomes } from '../store/careLeavers.repository.ts';
import { readTableRows } from '../io/tableFile.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import type { Db } from '../store/database.ts';
import {
  deleteChildPopulation,
  listBenchmarkFigures,
  listChildPopulation,
  listNeighbours,
  replaceBenchmarkFigures,
  replaceNeighbours,
  upsertChildPopulation,
  type PopulationRow,
} from '../store/indicators.repository.ts';
import { findCouncilSettings } from '../store/users.repository.ts';
import { createAuditService } from './audit.ts';
import { ANALYST_ROLES, assertAccess, READ_ROLES, type Actor } from './access.ts';
import { UserInputError } from './errors.ts';
import { cinIndicatorsFor } from './funnel.ts';
import { lastDataDate } from './forecastParameters.ts';

/** Rows past which a benchmark file is refused (the DfE's largest LA files have about 20,000). */
export const MAX_BENCHMARK_ROWS = 300_000;
/** The most statistical neighbours a council lists (the DfE's tool gives ten). */
export const MAX_NEIGHBOURS = 20;

/** What the returns cannot give yet, said on the page and in the JSON rather than left out silently. */
export const NOT_AVAILABLE: readonly { readonly indicator: string; readonly why: string }[] = [
  {
    indicator: "England's and neighbours' figures for care leavers",
    why: "Forecare computes the care leavers' indicators from the 903's OC3 tables, but does not yet read the DfE's published care leavers tables, so they are shown without benchmarks.",
  },
];

export interface IndicatorRow {
  readonly id: IndicatorId;
  readonly label: string;
  readonly unit: IndicatorUnit;
  /** The council's figure, unrounded; null when it cannot be computed (no population, nobody measured). */
  readonly value: number | null;
  /** How it was counted, in words ("12 of 60 children"). */
  readonly basis: string;
  readonly comparison: Comparison;
}

export interface Population {
  readonly value: number | null;
  /** 'year' (entered for the year), 'council' (the council's single figure from its settings) or 'none'. */
  readonly source: 'year' | 'council' | 'none';
}

export interface IndicatorsView {
  readonly laCode: string;
  readonly year: number | null;
  /** Collection years the returns cover, latest first. */
  readonly years: readonly number[];
  readonly population: Population;
  readonly populations: readonly PopulationRow[];
  readonly neighbours: readonly string[];
  readonly counts: LookedAfterIndicators | null;
  /** The CIN census's counts for the year; null without a census. */
  readonly cin: CinYearIndicators | null;
  /** Care leavers' counts from the year's OC3 table; null when none was imported for the year. */
  readonly careLeavers: CareLeaverIndicators | null;
  readonly rows: readonly IndicatorRow[];
  /** The files the year's benchmarks came from. */
  readonly benchmarkSources: readonly string[];
  readonly notAvailable: typeof NOT_AVAILABLE;
}

/** A figure as the DfE publishes it: whole numbers for rates, percentages and days (half away from zero). */
export function publishedRounding(value: number | null): number | null {
  return value === null ? null : Math.sign(value) * Math.round(Math.abs(value));
}

function councilRows(
  counts: LookedAfterIndicators,
  far: { readonly count: number; readonly of: number },
  cin: CinYearIndicators | null,
  careLeavers: CareLeaverIndicators | null,
  population: number | null,
  figures: readonly BenchmarkFigure[],
  neighbours: readonly string[],
): IndicatorRow[] {
  const of = (n: number, d: number, what: string) =>
    `${n.toLocaleString('en-GB')} of ${d.toLocaleString('en-GB')} ${what}`;
  const perPop = (n: number, what: string) =>
    population === null
      ? `${n.toLocaleString('en-GB')} ${what}; enter the child population for the rate`
      : `${n.toLocaleString('en-GB')} ${what}, ${population.toLocaleString('en-GB')} children aged 0-17`;
  const started = counts.started;
  const age = (n: number) => ({ value: started === 0 ? null : (n * 100) / started, basis: of(n, started, 'starters') });
  const adoption = counts.adoption;
  const noCin = { value: null, basis: 'no CIN census imported' };
  const leavers = (count: (g: CareLeaverGroup) => number, g: CareLeaverGroup | undefined) =>
    g === undefined ? { value: null, basis: 'no OC3 table for the year' } : share(count(g), g.counted, 'care leavers');
  const share = (n: number, d: number, what: string) => ({
    value: d === 0 ? null : (n * 100) / d,
    basis: of(n, d, what),
  });
  const values: Record<IndicatorId, { value: number | null; basis: string }> = {
    cla_rate: {
      value: ratePer10000(counts.lookedAfterOn31March, population),
      basis: perPop(counts.lookedAfterOn31March, 'looked after on 31 March'),
    },
    started_rate: { value: ratePer10000(started, population), basis: perPop(started, 'started in the year') },
    started_under1_pct: age(counts.startedByAge.under1),
    started_1to4_pct: age(counts.startedByAge.age1to4),
    started_5to9_pct: age(counts.startedByAge.age5to9),
    started_10to15_pct: age(counts.startedByAge.age10to15),
    started_16plus_pct: age(counts.startedByAge.age16plus),
    three_placements_pct: {
      value: percentOf(counts.threeOrMorePlacements),
      basis: of(counts.threeOrMorePlacements.children, counts.threeOrMorePlacements.of, 'looked after on 31 March'),
    },
    long_term_stability_pct: {
      value: percentOf(counts.longTermSameCarer),
      basis: of(counts.longTermSameCarer.children, counts.longTermSameCarer.of, 'under 16s'),
    },
    adoption_days_moving_in: {
      value: adoption.meanDaysToMovingIn,
      basis: `mean of ${adoption.adopted.toLocaleString('en-GB')} adoption${adoption.adopted === 1 ? '' : 's'}`,
    },
    adoption_days_adopted: {
      value: adoption.meanDaysToAdoption,
      basis: `mean of ${adoption.adopted.toLocaleString('en-GB')} adoption${adoption.adopted === 1 ? '' : 's'}`,
    },
    far_from_home_pct: {
      value: far.of === 0 ? null : (far.count * 100) / far.of,
      basis: of(far.count, far.of, 'with a distance recorded'),
    },
    referral_rate: cin
      ? {
          value: ratePer10000(cin.referrals.referrals, population),
          basis: perPop(cin.referrals.referrals, 'referrals'),
        }
      : noCin,
    rereferral_pct: cin ? share(cin.referrals.within12Months, cin.referrals.referrals, 'referrals') : noCin,
    assessment_45_days_pct: cin
      ? share(cin.assessmentsWithin45Days, cin.assessmentsCompleted, 'assessments completed')
      : noCin,
    cp_plan_rate: cin
      ? {
          value: ratePer10000(cin.onPlanAt31March, population),
          basis: perPop(cin.onPlanAt31March, 'on a plan on 31 March'),
        }
      : noCin,
    cp_repeat_pct: cin ? share(cin.plans.startedRepeat, cin.plans.started, 'plans started') : noCin,
    cp_2years_pct: cin ? share(cin.plans.endedByDuration.y2plus, cin.plans.ended, 'plans ended') : noCin,
    care_leavers_eet_19to21_pct: leavers((g) => g.inEducationEmploymentOrTraining, careLeavers?.aged19to21),
    care_leavers_suitable_19to21_pct: leavers((g) => g.suitableAccommodation, careLeavers?.aged19to21),
    care_leavers_eet_17to18_pct: leavers((g) => g.inEducationEmploymentOrTraining, careLeavers?.aged17to18),
    care_leavers_suitable_17to18_pct: leavers((g) => g.suitableAccommodation, careLeavers?.aged17to18),
  };
  return (Object.keys(values) as (keyof typeof values)[]).map((id) => ({
    id,
    label: INDICATORS[id].label,
    unit: INDICATORS[id].unit,
    value: values[id].value,
    basis: values[id].basis,
    comparison: compare(
      values[id].value,
      figures.filter((f) => f.indicator === id),
      neighbours,
    ),
  }));
}

/** The council's indicators for collection year `year` (default: the latest the returns reach). */
export async function indicatorsView(db: Db, actor: Actor, laCode: string, year?: number): Promise<IndicatorsView> {
  assertAccess(actor, laCode, READ_ROLES);
  const [data, populations, neighbours, settings] = await Promise.all([
    loadCaseData(db, laCode),
    listChildPopulation(db, laCode),
    listNeighbours(db, laCode),
    findCouncilSettings(db, laCode),
  ]);
  const last = lastDataDate(data);
  let first: string | null = null;
  for (const e of data.episodes) if (first === null || e.start < first) first = e.start;
  const years: number[] = [];
  if (last !== null && first !== null)
    for (let y = collectionYearOf(last); y >= collectionYearOf(first); y--) years.push(y);
  const chosen = year ?? years[0] ?? null;
  if (year !== undefined && !years.includes(year))
    throw new UserInputError(
      'year',
      years.length === 0
        ? 'No returns have been imported, so there are no years to show'
        : `The returns cover the collection years ${years[years.length - 1]} to ${years[0]}; choose one of those`,
    );
  const entered = populations.find((p) => p.year === chosen);
  const population: Population = entered
    ? { value: entered.population, source: 'year' }
    : settings?.childPopulation
      ? { value: settings.childPopulation, source: 'council' }
      : { value: null, source: 'none' };
  if (chosen === null)
    return {
      laCode,
      year: null,
      years,
      population,
      populations,
      neighbours,
      counts: null,
      cin: null,
      careLeavers: null,
      rows: [],
      benchmarkSources: [],
      notAvailable: NOT_AVAILABLE,
    };
  const figures = await listBenchmarkFigures(db, laCode, [chosen]);
  const counts = lookedAfterIndicators(data, chosen);
  const cin = await cinIndicatorsFor(db, laCode, chosen);
  const outcomes = await listCareLeaverOutcomes(db, laCode, chosen);
  const careLeavers = outcomes.length === 0 ? null : careLeaverIndicators(outcomes, chosen);
  return {
    laCode,
    year: chosen,
    years,
    population,
    populations,
    neighbours,
    counts,
    rows: councilRows(
      counts,
      stabilityIndicators(data, counts.yearEnd, laCode).farFromHome,
      cin.hasCin ? cin.indicators : null,
      careLeavers,
      population.value,
      figures,
      neighbours,
    ),
    cin: cin.hasCin ? cin.indicators : null,
    careLeavers,
    benchmarkSources: [...new Set(figures.map((f) => f.source))].sort(),
    notAvailable: NOT_AVAILABLE,
  };
}

/** `forecare indicators --json`: the view with each figure also rounded as the DfE publishes it. */
export function indicatorsJson(view: IndicatorsView) {
  return {
    laCode: view.laCode,
    year: view.year,
    yearStart: view.counts?.yearStart ?? null,
    yearEnd: view.counts?.yearEnd ?? null,
    childPopulation: view.population,
    neighbours: view.neighbours,
    counts: view.counts,
    cinCounts: view.cin,
    careLeaverCounts: view.careLeavers,
    indicators: view.rows.map((r) => ({
      id: r.id,
      label: r.label,
      unit: r.unit,
      value: r.value,
      published: publishedRounding(r.value),
      basis: r.basis,
      england: r.comparison.england,
      neighbours: {
        count: r.comparison.neighbours,
        min: r.comparison.neighbourMin,
        max: r.comparison.neighbourMax,
        mean: r.comparison.neighbourMean,
      },
      quartile: r.comparison.quartile,
      councilsPublished: r.comparison.councils,
    })),
    benchmarkSources: view.benchmarkSources,
    notAvailable: view.notAvailable,
  };
}

/** Sets (or, with blank text, removes) the child population for a collection year. */
export async function setChildPopulation(
  db: Db,
  actor: Actor,
  laCode: string,
  input: { readonly year: string; readonly population: string },
  now: Date,
): Promise<void> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const yearText = input.year.trim();
  if (!/^\d{4}$/.test(yearText) || Number(yearText) < 2000 || Number(yearText) > 2100)
    throw new UserInputError('year', 'Enter the collection year as the year it ends in March, for example 2025');
  const year = Number(yearText);
  const text = input.population.replace(/[,\s]/g, '');
  const audit = createAuditService(db, () => now);
  if (text === '') {
    if (await deleteChildPopulation(db, laCode, year))
      await audit.record(actor, 'indicators.population_removed', { year });
    return;
  }
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 5_000_000)
    throw new UserInputError(
      'population',
      'Enter the child population as a whole number between 1 and 5,000,000, or leave it blank to remove it',
    );
  await upsertChildPopulation(db, laCode, year, Number(text), now.toISOString(), actor.name);
  await audit.record(actor, 'indicators.population_set', { year, population: Number(text) });
}

/** Replaces the council's statistical neighbours with the codes in `text` (commas or spaces between), closest first. */
export async function setNeighbours(db: Db, actor: Actor, laCode: string, text: string, now: Date): Promise<string[]> {
  assertAccess(actor, laCode, ANALYST_ROLES);
  const codes = text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
  const bad = codes.find((c) => !/^[A-Z0-9]{1,10}$/.test(c));
  if (bad !== undefined)
    throw new UserInputError('neighbours', `'${bad}' is not a council code: use the DfE's three-digit codes, e.g. 841`);
  const seen = new Set<string>();
  for (const c of codes) {
    if (seen.has(c)) throw new UserInputError('neighbours', `${c} is listed twice`);
    if (c === laCode.toUpperCase()) throw new UserInputError('neighbours', 'A council is not its own neighbour');
    seen.add(c);
  }
  if (codes.length > MAX_NEIGHBOURS)
    throw new UserInputError('neighbours', `List at most ${MAX_NEIGHBOURS} neighbours (the DfE's tool gives ten)`);
  await db.transaction().execute((trx) => replaceNeighbours(trx, laCode, codes));
  await createAuditService(db, () => now).record(actor, 'indicators.neighbours_set', { neighbours: codes });
  return codes;
}

/** A benchmark file refused: nothing was stored. */
export class BenchmarkImportRefused extends Error {
  readonly problems: readonly BenchmarkProblem[];
  constructor(problems: readonly BenchmarkProblem[]) {
    super(
      `Nothing was stored: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the benchmark file.\n${problems
        .slice(0, 20)
        .map((p) => `  ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'BenchmarkImportRefused';
    this.problems = problems;
  }
}

export interface BenchmarkImportSummary {
  readonly file: string;
  readonly dataSets: readonly string[];
  readonly figures: number;
  readonly years: readonly number[];
  readonly indicators: readonly IndicatorId[];
  readonly withheld: number;
}

/**
 * Imports one of the DfE's published local authority files (CSV, or the first sheet of a
 * workbook). All or nothing; the figures of each (indicator, year) in the file replace those held.
 */
export async function importBenchmarks(
  db: Db,
  actor: Actor,
  req: { readonly laCode: string; readonly path: string; readonly name: string },
  now: Date,
): Promise<BenchmarkImportSummary> {
  assertAccess(actor, req.laCode, ANALYST_ROLES);
  const table = await readTableRows(req.path, req.name, { maxRows: MAX_BENCHMARK_ROWS });
  if (table.problem !== null) throw new BenchmarkImportRefused([table.problem]);
  const parsed = parseBenchmarkRows(req.name, table.rows);
  if (parsed.problems.length > 0) throw new BenchmarkImportRefused(parsed.problems);
  if (parsed.figures.length === 0)
    throw new BenchmarkImportRefused([
      {
        row: null,
        column: null,
        message: `${req.name}: no row holds a national or local authority figure for the indicators Forecare shows.`,
      },
    ]);
  await db
    .transaction()
    .execute((trx) => replaceBenchmarkFigures(trx, req.laCode, parsed.figures, req.name, now.toISOString()));
  const summary: BenchmarkImportSummary = {
    file: req.name,
    dataSets: parsed.dataSets,
    figures: parsed.figures.length,
    years: [...new Set(parsed.figures.map((f) => f.year))].sort(),
    indicators: INDICATOR_IDS.filter((id) => parsed.figures.some((f) => f.indicator === id)),
    withheld: parsed.withheld,
  };
  await createAuditService(db, () => now).record(actor, 'indicators.benchmarks_imported', { ...summary });
  return summary;
}

export function createIndicatorsService(db: Db, now: () => Date) {
  return {
    view: (actor: Actor, laCode: string, year?: number) => indicatorsView(db, actor, laCode, year),
    setPopulation: (actor: Actor, laCode: string, input: { year: string; population: string }) =>
      setChildPopulation(db, actor, laCode, input, now()),
    setNeighbours: (actor: Actor, laCode: string, text: string) => setNeighbours(db, actor, laCode, text, now()),
    importBenchmarks: (actor: Actor, req: { laCode: string; path: string; name: string }) =>
      importBenchmarks(db, actor, req, now()),
    /** A file sent through the web: checked, written to a private temporary folder, imported, removed. */
    async uploadBenchmarks(
      actor: Actor,
      laCode: string,
      file: { readonly bytes: Uint8Array; readonly name: string } | null,
    ): Promise<BenchmarkImportSummary> {
      assertAccess(actor, laCode, ANALYST_ROLES);
      if (!file || file.bytes.length === 0)
        throw new UserInputError('file', 'Select a DfE table to import (.csv or .xlsx)');
      if (!/\.(csv|xlsx)$/i.test(file.name))
        throw new UserInputError('file', 'The DfE table must be a .csv file (or an .xlsx workbook)');
      const [{ mkdtemp, rm, writeFile }, os, path] = await Promise.all([
        import('node:fs/promises'),
        import('node:os'),
        import('node:path'),
      ]);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-benchmark-upload-'));
      try {
        const name = path.basename(file.name);
        const filePath = path.join(dir, /\.xlsx$/i.test(name) ? 'upload.xlsx' : 'upload.csv');
        await writeFile(filePath, file.bytes, { mode: 0o600 });
        return await importBenchmarks(db, actor, { laCode, path: filePath, name }, now());
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

export type IndicatorsService = ReturnType<typeof createIndicatorsService>;

/**
 * The demo council's benchmarks (SYNTHETIC files in the DfE's layout, imported through the normal
 * import), its neighbours among the synthetic councils and its child population for each year of
 * its returns. Does nothing when the council already has benchmark figures. True when it seeded.
 */
export async function seedDemoIndicators(
  db: Db,
  actor: Actor,
  options: { readonly childPopulation: number; readonly seed: number; readonly now: Date },
): Promise<boolean> {
  const laCode = actor.laCode;
  if ((await listBenchmarkFigures(db, laCode)).length > 0) return false;
  const view = await indicatorsView(db, actor, laCode);
  if (view.years.length === 0) return false;
  const [{ mkdtemp, rm }, os, path, { writeCsv }, { syntheticBenchmarkFiles, SYNTHETIC_NEIGHBOURS }] =
    await Promise.all([
      import('node:fs/promises'),
      import('node:os'),
      import('node:path'),
      import('../io/writeCsv.ts'),
      import('../domain/demo/benchmarks.ts'),
    ]);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'forecare-benchmarks-'));
  try {
    for (const file of syntheticBenchmarkFiles(view.years, options.seed)) {
      const filePath = path.join(dir, file.name);
      await writeCsv(filePath, file.columns, file.rows);
      await importBenchmarks(db, actor, { laCode, path: filePath, name: file.name }, options.now);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await setNeighbours(db, actor, laCode, SYNTHETIC_NEIGHBOURS.join(' '), options.now);
  for (const year of view.years)
    if (!view.populations.some((p) => p.year === year))
      await setChildPopulation(
        db,
        actor,
        laCode,
        { year: String(year), population: String(options.childPopulation) },
        options.now,
      );
  return true;
}
