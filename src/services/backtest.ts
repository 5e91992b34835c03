/**
 * Backtest use case: a council's case data, fitted as of each cutoff and compared with what
 * happened. Output shaped as `forecare backtest --json` prints it.
 */
import type { IsoDate } from '../domain/dates.ts';
import type { CaseData } from '../domain/model.ts';
import { rollingBacktest, type HorizonResult, type RollingBacktestResult } from '../domain/engine/backtest.ts';
import type { EntryModelChoice } from '../domain/engine/rates.ts';
import type { Db } from '../store/database.ts';
import { loadCaseData } from '../store/caseData.repository.ts';
import type { EngineRunner } from './engineRunner.ts';
import { roundQuantiles } from './forecast.ts';
import { RUNS, SEED } from './forecastParameters.ts';

export interface BacktestRequest {
  readonly la: string;
  readonly cutoffs: readonly IsoDate[];
  readonly months: number;
  readonly referenceMonths?: number;
  readonly runs?: number;
  readonly seed?: number;
  readonly entryModel?: EntryModelChoice;
  /** Also compare each placement category (the web's backtest chart). */
  readonly byCategory?: boolean;
}

/** `onCutoff` hears after each cutoff is done (progress; this thread only). */
export function backtestFromData(
  data: CaseData,
  req: Omit<BacktestRequest, 'la'>,
  onCutoff?: (done: number, total: number, cutoff: IsoDate) => void,
): RollingBacktestResult {
  return rollingBacktest(
    data,
    req.cutoffs,
    {
      months: req.months,
      referenceMonths: req.referenceMonths,
      runs: req.runs ?? RUNS.defaults.backtest,
      seed: req.seed ?? SEED.defaults.all,
      entryModel: req.entryModel,
      byCategory: req.byCategory,
    },
    onCutoff,
  );
}

/**
 * The council's rolling backtest; `engine` runs it (default: this thread, as the CLI does, which
 * can follow it cutoff by cutoff with `onCutoff`).
 */
export async function backtestCouncil(
  db: Db,
  req: BacktestRequest,
  engine?: Pick<EngineRunner, 'backtest'>,
  onCutoff?: (done: number, total: number, cutoff: IsoDate) => void,
): Promise<RollingBacktestResult> {
  const data = await loadCaseData(db, req.la);
  const { la: _la, ...request } = req;
  return engine ? engine.backtest(data, request) : backtestFromData(data, request, onCutoff);
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A horizon as the JSON shows it: the engine's fields, the figures rounded. */
function horizonJson(h: HorizonResult): HorizonResult {
  return {
    cutoff: h.cutoff,
    months: h.months,
    month: h.month,
    actual: h.actual,
    forecast: roundQuantiles(h.forecast),
    absPctError: r3(h.absPctError),
    inside80: h.inside80,
    inside95: h.inside95,
  };
}

/**
 * `{"horizons":[...],"mape","coverage80","coverage95","cutoffs":[{"cutoff","entryModel","horizons","mape",...}]}`:
 * the top level pools every cutoff (means over cutoffs and horizons); `cutoffs` has each on its own.
 */
export function backtestJson(r: RollingBacktestResult): unknown {
  return {
    horizons: r.horizons.map(horizonJson),
    mape: r3(r.mape),
    coverage80: r3(r.coverage80),
    coverage95: r3(r.coverage95),
    cutoffs: r.cutoffs.map((c) => ({
      cutoff: c.cutoff,
      entryModel: c.entryModel,
      mape: r3(c.mape),
      coverage80: r3(c.coverage80),
      coverage95: r3(c.coverage95),
      horizons: c.horizons.map(horizonJson),
    })),
  };
}
